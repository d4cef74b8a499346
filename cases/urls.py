from .views import (
    caseload,
    dossier,
    gesprekken,
    inschrijvingen,
    intake,
    inzage,
    participatie,
    pip,
    routeafronding,
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
    *inschrijvingen.urlpatterns,
    *intake.urlpatterns,
    *pip.urlpatterns,
    *gesprekken.urlpatterns,
    *participatie.urlpatterns,
    *verwijzingen.urlpatterns,
    *routekaart.urlpatterns,
    *routeafronding.urlpatterns,
    *inzage.urlpatterns,
]
