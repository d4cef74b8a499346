"""Reads on organisations that other apps need: which providers a PIP may name, which ketenpartners an
action may be given to, which sleutelpersonen to suggest, whose API keys a user may manage. Organisations and
keys are not personal data, so no audit events here."""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.db.models import BooleanField, Case, CharField, Exists, ExpressionWrapper, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from inburgering.accounts import roles

from ..models import (
    ApiSleutel,
    Arbeidsmarktregio,
    ArbeidsmarktregioUserObjectPermission,
    Contract,
    Keurmerk,
    Organisatie,
    Sleutelpersoon,
    keurmerk_geldig,
)


def aanbieders_voor(leerroute, arbeidsmarktregio, peildatum: date):
    """The providers a PIP with `leerroute` may name in `arbeidsmarktregio` on `peildatum`: an active
    organisation with a Contract for that route in that region covering the peildatum and, when the
    route requires it (B1 and Z), a Blik op Werk keurmerk valid on the peildatum. The onderwijsroute
    needs the contract only (its quality is the education inspectorate's)."""
    if leerroute is None or arbeidsmarktregio is None:
        return Organisatie.objects.none()
    contract = Contract.objects.filter(
        organisatie=OuterRef("pk"),
        leerroute=leerroute,
        arbeidsmarktregio=arbeidsmarktregio,
        startdatum__lte=peildatum,
        einddatum__gte=peildatum,
    )
    qs = Organisatie.objects.filter(Exists(contract), actief=True)
    if leerroute.keurmerk_vereist:
        qs = qs.filter(keurmerk_geldig(Keurmerk.Soort.BLIK_OP_WERK, peildatum))
    return qs.order_by("naam")


def ketenpartners_voor(arbeidsmarktregio):
    """The active ketenpartners of a region: the owners an action of a PIP may be given to."""
    return Organisatie.objects.filter(
        Q(type=Organisatie.Type.KETENPARTNER), actief=True, arbeidsmarktregios=arbeidsmarktregio
    ).order_by("naam")


# The languages newcomers and sleutelpersonen speak (ISO 639-1, or 639-3 where there is no 639-1 code), for
# labels; an unknown code is shown as itself.
TAALNAMEN = {
    "am": _("Amhaars"),
    "ar": _("Arabisch"),
    "ckb": _("Koerdisch (Sorani)"),
    "en": _("Engels"),
    "fa": _("Perzisch (Farsi)"),
    "fr": _("Frans"),
    "kmr": _("Koerdisch (Kurmanji)"),
    "nl": _("Nederlands"),
    "prs": _("Dari"),
    "ps": _("Pasjtoe"),
    "ru": _("Russisch"),
    "so": _("Somalisch"),
    "ti": _("Tigrinya"),
    "tr": _("Turks"),
    "uk": _("Oekraïens"),
}


def taalnaam(code: str) -> str:
    return str(TAALNAMEN.get(code, code))


def sleutelpersonen_voor(statushouder):
    """The sleutelpersonen to suggest for a statushouder: active, of the arbeidsmarktregio of the case's gemeente,
    speaking at least one of the statushouder's languages (array overlap, one query). Ordered by same gemeente
    first, then a shared nationality, then name. Each row has `gedeelde_talen`: the shared language codes in the
    sleutelpersoon's order. Not personal data of the statushouder, so no audit event."""
    talen = list(statushouder.talen or [])
    if not talen:
        return Sleutelpersoon.objects.none()
    regio_id = statushouder.gemeente.arbeidsmarktregio_id
    gedeeld = RawSQL(
        f"ARRAY(SELECT t FROM unnest({Sleutelpersoon._meta.db_table}.talen) WITH ORDINALITY AS x(t, i) "
        "WHERE t = ANY(%s::varchar[]) ORDER BY i)",
        (talen,),
        output_field=ArrayField(CharField(max_length=3)),
    )
    return (
        Sleutelpersoon.objects.filter(arbeidsmarktregio_id=regio_id, actief=True, talen__overlap=talen)
        .select_related("gemeente")
        .annotate(
            gedeelde_talen=gedeeld,
            zelfde_gemeente=Case(  # not NULL for a sleutelpersoon without gemeente, which DESC would put first
                When(gemeente_id=statushouder.gemeente_id, then=Value(True)), default=Value(False)
            ),
            zelfde_nationaliteit=ExpressionWrapper(
                Q(nationaliteiten__contains=[statushouder.nationaliteit]), output_field=BooleanField()
            ),
        )
        .order_by("-zelfde_gemeente", "-zelfde_nationaliteit", "naam", "pk")
    )


def beheert_partners(user) -> bool:
    """Whether `user` manages partner data (organisations, sleutelpersonen, contracts, providers' API keys): a
    beheerder or a regiocoördinator. Everyone else with a role may read the partner directory."""
    return user.is_superuser or roles.has_role(user, roles.BEHEERDER) or roles.has_role(user, roles.REGIOCOORDINATOR)


def is_beheerder(user) -> bool:
    return user.is_superuser or roles.has_role(user, roles.BEHEERDER)


def beheerde_regios(user):
    """The arbeidsmarktregio's whose partner data and contracts `user` manages: all for a beheerder, those the
    regiocoördinator holds the regional grant on (`rapportages_inzien`), none for anyone else."""
    if is_beheerder(user):
        return Arbeidsmarktregio.objects.all()
    if roles.has_role(user, roles.REGIOCOORDINATOR):
        return Arbeidsmarktregio.objects.filter(
            pk__in=ArbeidsmarktregioUserObjectPermission.objects.filter(
                user=user, permission__codename="rapportages_inzien"
            ).values("content_object_id")
        )
    return Arbeidsmarktregio.objects.none()


def beheerbare_organisaties(user):
    """The organisations `user` may edit: all for a beheerder, those active in one of their regions for a
    regiocoördinator, none for anyone else."""
    qs = Organisatie.objects.all()
    if is_beheerder(user):
        return qs
    return qs.filter(
        Exists(
            Organisatie.arbeidsmarktregios.through.objects.filter(
                organisatie_id=OuterRef("pk"), arbeidsmarktregio__in=beheerde_regios(user)
            )
        )
    )


def beheerbare_aanbieders(user):
    """The providers whose API keys (and keurmerk) `user` may manage. Inactive providers stay in, so their keys
    can still be revoked."""
    return beheerbare_organisaties(user).filter(type__in=Organisatie.AANBIEDERS)


def api_sleutels_voor(user):
    """The API keys `user` may manage: usable ones first, then by provider, newest first."""
    return (
        ApiSleutel.objects.filter(organisatie__in=beheerbare_aanbieders(user))
        .select_related("organisatie", "aangemaakt_door", "ingetrokken_door")
        .order_by("revoked", "organisatie__naam", "-created")
    )
