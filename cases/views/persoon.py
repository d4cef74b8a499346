"""The personal data of a case: contact data, nationality and languages, AZC and overdracht notes."""


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    return {}


urlpatterns = []
