"""Assigning cases to consultants: the teamleider's job, one case at a time or many at once.

`wijs_toe` is `wijs_meerdere_toe` for one case, so both follow the same rules: only a teamleider, only
active cases of the teamleider's own gemeente, only to an active consultant of the case's gemeente, and a
case that already has that consultant is left alone. A bulk assignment is all or nothing and costs the same
number of queries for 3 or 300 cases. The new consultant becomes the cases' contactpersoon at DUO (duo.meldingen)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duo import meldingen
from inburgering.accounts import roles
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_events
from partners.models import Gemeente

from ..models import Statushouder, TijdlijnGebeurtenis
from ..query import gemeente_ids_for
from ..workflow import Status
from .common import today


def wijs_toe(*, actor, statushouder, consultant) -> Statushouder:
    """(Re)assign one case (the case page's form)."""
    wijs_meerdere_toe(actor=actor, uuids=[statushouder.uuid], consultant=consultant)
    statushouder.consultant = consultant
    return statushouder


@transaction.atomic
def wijs_meerdere_toe(*, actor, uuids: Iterable[UUID | str], consultant) -> list[Statushouder]:
    """(Re)assign the cases with these public ids to `consultant`; returns those whose consultant changed.
    Raises PermissionDenied or a Dutch ValidationError, and then writes nothing."""
    if not roles.has_role(actor, roles.TEAMLEIDER):
        raise PermissionDenied(_("Alleen een teamleider kan dossiers toewijzen."))
    gevraagd = {UUID(str(u)) for u in uuids}
    if not gevraagd:
        raise ValidationError(_("Kies ten minste één dossier."))
    dossiers = _vergrendel(actor, gevraagd)
    _controleer(dossiers, consultant)

    gewijzigd = [sh for sh in dossiers if sh.consultant_id != consultant.pk]
    if gewijzigd:
        Statushouder.objects.filter(pk__in=[sh.pk for sh in gewijzigd]).update(
            consultant=consultant, gewijzigd_op=timezone.now()
        )
        datum = today()
        TijdlijnGebeurtenis.objects.bulk_create(
            TijdlijnGebeurtenis(
                statushouder=sh,
                soort="toegewezen",
                omschrijving=f"Toegewezen aan {consultant} (was {sh.consultant or 'niet toegewezen'})",
                datum=datum,
                actor=actor,
            )
            for sh in gewijzigd
        )
        for sh in gewijzigd:
            sh.consultant = consultant
        log_events(
            actor,
            Handeling.UPDATE,
            gewijzigd,
            velden=["consultant"],
            toelichting=f"toegewezen aan {consultant.get_username()}",
        )
        meldingen.meld_contactpersonen(gewijzigd, consultant)
    return gewijzigd


def _vergrendel(actor, gevraagd: set[UUID]) -> list[Statushouder]:
    """Lock the requested cases in one query, and refuse when any of them is not the teamleider's to change
    (another gemeente, or no such case): the same rule as `require_change`, for a set."""
    eigen = Statushouder.objects.for_user(actor, "change").filter(gemeente_id__in=gemeente_ids_for(actor))
    dossiers = list(
        eigen.filter(uuid__in=gevraagd)
        .select_related("gemeente", "consultant")
        .select_for_update(of=("self",))
        .order_by("pk")  # a fixed lock order: two bulk assignments cannot deadlock
    )
    ontbrekend = len(gevraagd) - len(dossiers)
    if ontbrekend:
        raise PermissionDenied(
            ngettext(
                "%(aantal)d gekozen dossier hoort niet bij uw gemeente of bestaat niet; er is niets toegewezen.",
                "%(aantal)d gekozen dossiers horen niet bij uw gemeente of bestaan niet; er is niets toegewezen.",
                ontbrekend,
            )
            % {"aantal": ontbrekend}
        )
    return dossiers


def _controleer(dossiers: list[Statushouder], consultant) -> None:
    """Closed cases keep their last consultant; the new one must be an active consultant of each case's gemeente."""
    fouten = [
        _("Het dossier van %(naam)s is afgerond en kan niet meer worden toegewezen.") % {"naam": sh}
        for sh in dossiers
        if sh.status == Status.AFGEROND
    ]
    if fouten:
        raise ValidationError(fouten)
    if consultant.is_active and roles.has_role(consultant, roles.CONSULTANT):
        zijn_gemeenten = set(Gemeente.objects.filter(group__user=consultant).values_list("pk", flat=True))
    else:
        zijn_gemeenten = set()
    andere = sorted({sh.gemeente.naam for sh in dossiers if sh.gemeente_id not in zijn_gemeenten})
    if andere:
        raise ValidationError(
            {
                "consultant": _("%(consulent)s is geen actieve consulent van %(gemeente)s.")
                % {"consulent": consultant, "gemeente": ", ".join(andere)}
            }
        )
