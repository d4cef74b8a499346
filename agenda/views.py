"""The agenda pages, and the parts of the case page and Vandaag that agenda contributes."""


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    return {}


def vandaag_sectie(request, dag, teamleider: bool) -> dict:
    return {}
