from .views import caseload, dossier, intake, pip

app_name = "cases"

urlpatterns = [*caseload.urlpatterns, *dossier.urlpatterns, *intake.urlpatterns, *pip.urlpatterns]
