"""Which cases have passed the retention period (AVG: no longer kept than needed) and are due for anonymisation
(cases.services.bewaartermijn). No audit event: the system reads dates and ids, no one is shown personal data."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings

from ..models import Statushouder


def bewaargrens(peildatum: date) -> date:
    """A traject that ended before this date ended more than BEWAARTERMIJN_JAREN years before `peildatum`."""
    return peildatum - relativedelta(years=settings.BEWAARTERMIJN_JAREN)


def verlopen_dossiers(peildatum: date):
    """The cases not yet anonymised whose traject ended (einddatum) more than the retention period before
    `peildatum`, as a queryset with the gemeente, ordered by gemeente and einddatum.

    Chain rule: a case that a later case continues after a move (the later one has it as vorig_dossier) is due
    only once that later case — and any case continuing that one — has passed the period too. The new gemeente
    still works with the history (routekaart, I13's hours over the chain), so a chain is anonymised as a whole or
    from its end backwards, never from its start while its end is still open or recent."""
    # One read of the ended-long-ago cases with their continuation (NULL when none): the chains are walked in
    # memory, and only the few cases whose chain is not yet through are excluded (no IN list of every due case).
    verlopen = dict(
        Statushouder.objects.filter(einddatum__lt=bewaargrens(peildatum)).values_list("pk", "vervolgdossier")
    )

    def keten_verlopen(pk: int) -> bool:
        while pk is not None:
            if pk not in verlopen:
                return False
            pk = verlopen[pk]
        return True

    return (
        Statushouder.objects.filter(einddatum__lt=bewaargrens(peildatum), geanonimiseerd_op=None)
        .exclude(pk__in=[pk for pk in verlopen if not keten_verlopen(pk)])
        .select_related("gemeente")
        .order_by("gemeente__naam", "einddatum", "pk")
    )
