from .views import (
    caseload,
    dossier,
    gesprekken,
    intake,
    inzage,
    participatie,
    pip,
    routekaart,
    team,
    verwijzingen,
    werklijst,
)

app_name = "cases"

urlpatterns = [
    *werklijst.urlpatterns,
    *team.urlpatterns,
    *caseload.urlpatterns,
    *dossier.urlpatterns,
    *intake.urlpatterns,
    *pip.urlpatterns,
    *gesprekken.urlpatterns,
    *participatie.urlpatterns,
    *verwijzingen.urlpatterns,
    *routekaart.urlpatterns,
    *inzage.urlpatterns,
]
