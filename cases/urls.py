from .views import (
    caseload,
    dossier,
    gesprekken,
    inschrijvingen,
    intake,
    inzage,
    participatie,
    persoon,
    pip,
    routeafronding,
    routekaart,
    team,
    verwijzingen,
    werklijst,
    zoeken,
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
    *persoon.urlpatterns,
    *zoeken.urlpatterns,
]
