"""Who may see and start which report runs, as one queryset filter (like `Statushouder.objects.for_user`):

- a regiocoördinator: the runs of the regions he holds the `rapportages_inzien` grant on, and every national run —
  the benchmark between the regions: suppressed figures per region and gemeente, no provider rows (README);
- a teamleider: the gemeente runs of his own gemeente(n), and the region runs of their regions (aggregates only,
  suppressed like every run: his gemeente beside the others of the region);
- a beheerder (or superuser): everything.

Runs hold aggregates only, so reading them writes no audit event here; the views log report views and exports."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from inburgering.accounts import roles
from partners.models import Arbeidsmarktregio, Gemeente
from partners.selectors import beheerde_regios, is_beheerder

from .models import ReportRun


def regios_voor(user) -> QuerySet[Arbeidsmarktregio]:
    """The regions whose reports `user` may see and start."""
    return beheerde_regios(user)


def gemeenten_voor(user) -> QuerySet[Gemeente]:
    """The gemeenten whose gemeente report `user` may see and start: a teamleider's own."""
    if is_beheerder(user):
        return Gemeente.objects.all()
    if roles.has_role(user, roles.TEAMLEIDER):
        return Gemeente.objects.filter(group__user=user)
    return Gemeente.objects.none()


def mag_rapportages(user) -> bool:
    return is_beheerder(user) or roles.has_role(user, roles.REGIOCOORDINATOR) or roles.has_role(user, roles.TEAMLEIDER)


def runs_voor(user) -> QuerySet[ReportRun]:
    """The top-level runs `user` may see (a national run's per-region parts are reached through it)."""
    qs = ReportRun.objects.filter(bovenliggend__isnull=True)
    if is_beheerder(user):
        return qs
    filter_ = Q(pk__in=[])
    if roles.has_role(user, roles.REGIOCOORDINATOR):
        filter_ |= Q(soort=ReportRun.Soort.REGIO, arbeidsmarktregio__in=regios_voor(user))
        filter_ |= Q(soort=ReportRun.Soort.LANDELIJK)
    if roles.has_role(user, roles.TEAMLEIDER):
        eigen = gemeenten_voor(user)
        filter_ |= Q(soort=ReportRun.Soort.GEMEENTE, gemeente__in=eigen)
        filter_ |= Q(soort=ReportRun.Soort.REGIO, arbeidsmarktregio__in=eigen.values("arbeidsmarktregio"))
    return qs.filter(filter_)


def get_run(user, uuid) -> ReportRun:
    """One run `user` may see, or 404."""
    return get_object_or_404(runs_voor(user).select_related("arbeidsmarktregio", "gemeente"), uuid=uuid)
