"""Small-cell suppression (DESIGN.md §2): the regiocoördinator and the regional reports see aggregates only, and a
figure that rests on fewer than settings.SUPPRESSIE_DREMPEL (5) people is not shown, so that nobody can be picked
out of a table. The rule, used by the contract dashboard (issue 7) and the benchmark reports (issue 6):

- a count below the threshold is shown as "<5" — 0 included: a "0" beside a "<5" would narrow the other down;
- a percentage, average or median is shown only when its base (the number of people it is computed over) reaches
  the threshold; otherwise it is suppressed the same way;
- a share of people ("4 of 6 passed") is also hidden when the people it counts are fewer than the threshold,
  since the percentage and the base would give the suppressed count back (secondary suppression);
- in a table of counts with their total (gemeenten and their region), a single hidden cell is not enough: the total
  minus the others would give it back, so the smallest shown cell is hidden as well (`te_onderdrukken`);
- the same holds for two counts shown side by side where one counts a part of the other ("6 passed" beside "8 with
  a result"): their difference is a count of people too (2 failed), so the part is hidden when that difference is
  below the threshold, 0 included ("8 of 8 passed" tells of each that he passed), and so is its percentage
  (`geneste_aantallen`, `deel_van`; the contract dashboard);
- in a cohort funnel (reports/indicators/trechter.py, a cohort at one horizon) every step counts a part of the
  cohort, and intake ⊇ PIP ⊇ inschrijving ⊇ examens ⊇ voldaan where the data make it so: of two such counts the
  part is hidden when their difference is below the threshold, as above, for every pair (`trechter_onderdrukken`).

A funnel step hidden only because fewer than the threshold of its (shown) cohort did not reach it prints as "at
least" the share of the cohort minus 4 ("≥ 80,0%" of 20): that says no more than a "<5" on those who did not, and a
"<5" there would read as "hardly anybody" where nearly everybody did (`Cel.ondergrens`, engine `_bijna_allen`).

Suppress when the figure is shown, not when it is computed: the selectors return the true numbers with their
bases, the views wrap them in a `Cel`, and a template prints the cell (its `str`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.utils.formats import number_format


def drempel() -> int:
    return settings.SUPPRESSIE_DREMPEL


def onderdrukt(basis: int | None) -> bool:
    """Whether a figure resting on `basis` people must be hidden (None = no base: nothing to show either)."""
    return basis is None or basis < drempel()


def meting_onderdrukt(soort: str, waarde: float | int | None, basis: int | None, decimalen: int = 0) -> bool:
    """Whether one figure of a report is hidden: an "aantal" (a count of people) by its own value, a "mediaan" or
    "verhouding" by its base, and a "percentage" (a share of people) by its base and by the people it counts and
    those it does not, as far as the printed percentage and the base give them back ("6,7%" of 15 is 1 person;
    "100%" of 12 says of each that he did; `deel_van`)."""
    if soort == "aantal":
        return onderdrukt(waarde)
    if onderdrukt(basis) or soort != "percentage" or waarde is None:
        return onderdrukt(basis)
    laagste, hoogste = _personen_in(waarde, basis, decimalen)
    return onderdrukt(laagste) or onderdrukt(basis - hoogste)


def _personen_in(percentage: float | int, basis: int, decimalen: int) -> tuple[int, int]:
    """The fewest and the most people of `basis` that a percentage printed with `decimalen` decimals can stand for."""
    half = Fraction(1, 2 * 10**decimalen)
    waarde = Fraction(str(percentage))
    return math.ceil((waarde - half) * basis / 100), math.floor((waarde + half) * basis / 100)


def te_onderdrukken(
    cellen: Iterable[tuple[Hashable, int | None]], totaal: int | None, *, totaal_verborgen: bool = False
) -> set[Hashable]:
    """The keys of the count cells (key, count) that add up to `totaal` and must be hidden: those below the
    threshold, and — when the total is shown and exactly one cell is hidden — also the smallest shown one, since
    the total minus the shown cells would give the hidden cell back; two hidden cells only reveal their sum. A total
    hidden although it reaches the threshold (`totaal_verborgen`: another rule hid it, the funnel's or the one of
    the regions against the land) would be the sum of its cells if they were all shown: then the smallest goes too."""
    cellen = list(cellen)
    verborgen = {sleutel for sleutel, n in cellen if onderdrukt(n)}
    getoond = [(sleutel, n) for sleutel, n in cellen if sleutel not in verborgen]
    if getoond and ((len(verborgen) == 1 and not onderdrukt(totaal)) or (totaal_verborgen and not verborgen)):
        verborgen.add(min(getoond, key=lambda cel: cel[1])[0])
    return verborgen


def trechter_onderdrukken(
    cellen: Sequence[tuple[Hashable, int | None]], deel_van: Callable[[Hashable, Hashable], bool]
) -> set[Hashable]:
    """The keys of the count cells (key, count; None: already hidden) to hide where some counts are parts of others
    (`deel_van(a, b)`: the people of cell a are among those of cell b, or may be). A cell is hidden below the
    threshold, and when its difference with a shown cell it is a part of, or that is a part of it, is below the
    threshold (0 included; the difference is a count of people). The cells are taken in the given order, so the
    first ones are kept: put the whole before its parts. A partial order the data do not strictly follow (a PIP
    without a recorded intake) only hides more: a negative difference is below the threshold too."""
    verborgen: set[Hashable] = set()
    getoond: list[tuple[Hashable, int]] = []
    for sleutel, n in cellen:
        if onderdrukt(n) or any(
            (deel_van(sleutel, ander) and onderdrukt(m - n)) or (deel_van(ander, sleutel) and onderdrukt(n - m))
            for ander, m in getoond
        ):
            verborgen.add(sleutel)
        else:
            getoond.append((sleutel, n))
    return verborgen


@dataclass(frozen=True)
class Cel:
    """One figure of a table: its value (None when suppressed or not computable) and how it prints."""

    waarde: float | int | None
    onderdrukt: bool = False
    decimalen: int = 0
    eenheid: str = ""
    ondergrens: float | None = None  # a hidden share known to be at least this: a funnel step nearly all reached

    def __str__(self) -> str:
        if self.onderdrukt and self.ondergrens is not None:
            return f"≥ {number_format(self.ondergrens, self.decimalen)}{self.eenheid}"
        if self.onderdrukt:
            return f"<{drempel()}"
        if self.waarde is None:
            return "–"
        return f"{number_format(self.waarde, self.decimalen)}{self.eenheid}"


def aantal(n: int | None) -> Cel:
    """A count of people (or of their enrolments, results...): "<5" below the threshold."""
    return Cel(None, onderdrukt=True) if onderdrukt(n) else Cel(n)


def verhouding(waarde: float | None, basis: int | None, *, decimalen: int = 0, eenheid: str = "") -> Cel:
    """A percentage, sum, average or median over `basis` people: suppressed when the base is below the threshold."""
    if onderdrukt(basis):
        return Cel(None, onderdrukt=True)
    return Cel(waarde, decimalen=decimalen, eenheid=eenheid)


def percentage(
    teller: int | float | None, noemer: int | float | None, basis: int | None, *, teller_is_aantal: bool = False
) -> Cel:
    """teller/noemer as a whole percentage, suppressed when `basis` (people) is below the threshold, and, when the
    numerator counts people itself (`teller_is_aantal`), also when that count is."""
    if teller_is_aantal and onderdrukt(teller):
        return Cel(None, onderdrukt=True)
    waarde = round(100 * teller / noemer) if teller is not None and noemer else None
    return verhouding(waarde, basis, eenheid="%")


def geneste_aantallen(aantallen: Sequence[int | None]) -> list[Cel]:
    """Counts of people shown side by side, each counting a part of the one before it (enrolments ⊇ those with
    lessons ⊇ those with a first lesson after a PIP; with a result ⊇ passed), as cells. A count is hidden below the
    threshold, and also when it lies fewer than the threshold below a shown count before it: the difference is a
    count of people as well (those without lessons, those who failed). This is `te_onderdrukken` for a count and
    its remainder — one of the two hidden takes the other along; the first (largest) count hides only by itself."""
    cellen: list[Cel] = []
    getoond: list[int] = []
    for n in aantallen:
        if onderdrukt(n) or any(onderdrukt(m - n) for m in getoond):
            cellen.append(Cel(None, onderdrukt=True))
        else:
            cellen.append(Cel(n))
            getoond.append(n)
    return cellen


def deel_van(deel: int | None, geheel: int | None) -> tuple[Cel, Cel, Cel]:
    """A count of people beside the count it is part of, with its percentage ("6 of 8 passed, 75%"): the whole, the
    part and the percentage as cells. The part is hidden when it or the remainder (geheel − deel) is below the
    threshold; the percentage with it, since the percentage and the whole would give both back."""
    geheel_cel, deel_cel = geneste_aantallen([geheel, deel])
    if deel_cel.onderdrukt:
        return geheel_cel, deel_cel, Cel(None, onderdrukt=True)
    return geheel_cel, deel_cel, percentage(deel, geheel, geheel)
