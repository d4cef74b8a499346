from .views import api_sleutels, contractdashboard, contracten, keurmerken, organisaties, sleutelpersonen

app_name = "partners"

urlpatterns = [
    *api_sleutels.urlpatterns,
    *organisaties.urlpatterns,
    *sleutelpersonen.urlpatterns,
    *contracten.urlpatterns,
    *contractdashboard.urlpatterns,
    *keurmerken.urlpatterns,
]
