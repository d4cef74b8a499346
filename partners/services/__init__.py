"""Writes on regions, gemeenten and organisations, and the API keys of providers."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import ApiSleutel, Arbeidsmarktregio, Gemeente, Organisatie
from ..selectors import beheerbare_aanbieders


@transaction.atomic
def create_gemeente(*, naam: str, cbs_code: str, inwoners: int, arbeidsmarktregio: Arbeidsmarktregio, **extra):
    """A gemeente comes with its staff group, which holds the guardian grant on the gemeente's dossiers."""
    group = Group.objects.create(name=f"gemeente {cbs_code} {naam}")
    gemeente = Gemeente.objects.create(
        naam=naam, cbs_code=cbs_code, inwoners=inwoners, arbeidsmarktregio=arbeidsmarktregio, group=group, **extra
    )
    assign_perm("partners.dossiers_inzien", group, gemeente)
    return gemeente


# --- API keys of providers (issue 5) ----------------------------------------------------------------------------


def _mag_sleutels_beheren(actor, organisatie) -> None:
    if not beheerbare_aanbieders(actor).filter(pk=organisatie.pk).exists():
        raise PermissionDenied(_("U mag de API-sleutels van deze organisatie niet beheren."))


@transaction.atomic
def geef_api_sleutel_uit(actor, organisatie: Organisatie, naam: str) -> tuple[ApiSleutel, str]:
    """Issue a key for a taalaanbieder. Returns (sleutel, key): the key itself is shown once to the issuer and
    stored only as a hash; the audit event names the key by its prefix."""
    if organisatie.type not in Organisatie.AANBIEDERS:
        raise ValidationError({"organisatie": _("Alleen een taal- of onderwijsaanbieder kan een API-sleutel krijgen.")})
    _mag_sleutels_beheren(actor, organisatie)
    if not organisatie.actief:
        raise ValidationError({"organisatie": _("Deze taalaanbieder is niet actief.")})
    naam = (naam or "").strip()
    if not naam:
        raise ValidationError({"naam": _("Geef de sleutel een naam, bijvoorbeeld het systeem dat hem gebruikt.")})
    max_lengte = ApiSleutel._meta.get_field("name").max_length
    if len(naam) > max_lengte:
        raise ValidationError({"naam": _("De naam is te lang (hoogstens %(max)d tekens).") % {"max": max_lengte}})
    sleutel, key = ApiSleutel.objects.create_key(organisatie=organisatie, name=naam, aangemaakt_door=actor)
    log_event(
        actor,
        Handeling.CREATE,
        sleutel,
        velden=["organisatie", "name"],
        toelichting=f"API-sleutel {sleutel.prefix} uitgegeven aan {organisatie}",
    )
    return sleutel, key


@transaction.atomic
def trek_api_sleutel_in(actor, sleutel: ApiSleutel) -> ApiSleutel:
    """Revoke a key: from now on every request with it answers 401. A revoked key stays (for the record)."""
    _mag_sleutels_beheren(actor, sleutel.organisatie)
    sleutel = ApiSleutel.objects.select_for_update().select_related("organisatie").get(pk=sleutel.pk)
    if sleutel.revoked:
        raise ValidationError(_("Deze API-sleutel is al ingetrokken."))
    sleutel.revoked = True
    sleutel.ingetrokken_op = timezone.now()
    sleutel.ingetrokken_door = actor
    sleutel.save(update_fields=["revoked", "ingetrokken_op", "ingetrokken_door"])
    log_event(
        actor,
        Handeling.UPDATE,
        sleutel,
        velden=["revoked", "ingetrokken_op", "ingetrokken_door"],
        toelichting=f"API-sleutel {sleutel.prefix} van {sleutel.organisatie} ingetrokken",
    )
    return sleutel
