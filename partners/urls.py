from . import views

app_name = "partners"

urlpatterns = [*views.urlpatterns]
