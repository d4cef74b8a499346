"""reports.engine.bereken_rapport: the trend is the region total of the trend measure, month by month."""

from reports import engine
from reports.indicators.base import Indicator, Maat, Meting, Periode


def test_the_trend_keeps_only_the_total_of_the_trend_measure(achterhoek, monkeypatch):
    """An indicator with a breakdown reports per month the total, one route, and a second measure; only the total of
    the trend measure makes the trend (before, the route's figure joined the trend line of every month)."""
    aangeroepen = []

    def bereken(periode, gemeenten, *, niveaus, db):
        aangeroepen.append((periode, tuple(niveaus)))
        maand = periode.start.month
        return [
            Meting("regio", "AM03", "percentage", float(maand), 10),
            Meting("regio", "AM03", "percentage", 99.0, 3, "b1"),
            Meting("regio", "AM03", "aantal", 7, 7),
        ]

    maten = (Maat("percentage", "Aandeel", "percentage", "%"), Maat("aantal", "Aantal", "aantal"))
    ind = Indicator("IX", "Proef", "uitvoering", maten, bereken, uitsplitsingen=(("b1", "B1-route"),),
                    trend_maat="percentage")  # fmt: skip
    monkeypatch.setattr(engine.indicators, "alle", lambda: [ind])

    gemeenten = [g.pk for g in achterhoek.gemeenten.values()]
    resultaat = engine.bereken_rapport(gemeenten, Periode.kwartaal(2026, 3))

    (uit,) = resultaat["indicatoren"]
    assert [(t["maand"], t["uitsplitsing"], t["maat"], t["waarde"], t["basis"]) for t in uit["trend"]] == [
        (f"{jaar}-{maand:02d}", "", "percentage", float(maand), 10)
        for jaar, maand in [(2025, m) for m in range(10, 13)] + [(2026, m) for m in range(1, 10)]
    ]
    assert [niveaus for _, niveaus in aangeroepen] == [("gemeente", "regio")] + [("regio",)] * 12
    assert len(uit["metingen"]) == 3  # the period's own figures keep every breakdown


def test_one_computation_reads_its_gemeenten_codes_once(achterhoek, monkeypatch, django_assert_num_queries):
    """Every indicator (and every month of its trend) asks for the codes of the same gemeenten: one query for the
    whole computation, and a new one for the next computation (a gemeente may have moved to another region)."""
    from reports.indicators.base import eenheden

    def bereken(periode, gemeenten, *, niveaus, db):
        return [Meting(niveau, code, "aantal", 7, 7) for niveau, code in _per_eenheid(gemeenten, niveaus, db)]

    def _per_eenheid(gemeenten, niveaus, db):
        return [(n, c) for n, codes in eenheden(gemeenten, db).items() if n in niveaus for c in codes]

    maten = (Maat("aantal", "Aantal", "aantal"),)
    indicatoren = [Indicator(f"I{n}", "Proef", "instroom", maten, bereken, trend_maat="aantal") for n in range(3)]
    monkeypatch.setattr(engine.indicators, "alle", lambda: indicatoren)
    gemeenten = [g.pk for g in achterhoek.gemeenten.values()]

    with django_assert_num_queries(2):  # the codes (39 calls), and the names of the result's units
        resultaat = engine.bereken_rapport(gemeenten, Periode.kwartaal(2026, 3))
    assert len(resultaat["indicatoren"][0]["metingen"]) == 9 and len(resultaat["indicatoren"][2]["trend"]) == 12
    with django_assert_num_queries(2):
        engine.bereken_rapport(gemeenten, Periode.kwartaal(2026, 3))


def test_an_indicator_with_its_own_trend_computes_the_twelve_months_in_one_call(achterhoek, monkeypatch):
    aangeroepen = []

    def bereken(periode, gemeenten, *, niveaus, db):
        aangeroepen.append(("periode", periode))
        return [Meting("regio", "AM03", "aantal", 1, 1)]

    def trend(maanden, gemeenten, *, niveaus, db):
        aangeroepen.append(("trend", tuple(maanden), tuple(niveaus)))
        return [[Meting("regio", "AM03", "aantal", m.start.month, 5)] for m in maanden]

    ind = Indicator("IX", "Proef", "instroom", (Maat("aantal", "Aantal", "aantal"),), bereken, trend_maat="aantal",
                    trend=trend)  # fmt: skip
    monkeypatch.setattr(engine.indicators, "alle", lambda: [ind])
    resultaat = engine.bereken_rapport([g.pk for g in achterhoek.gemeenten.values()], Periode.kwartaal(2026, 3))

    kwartaal = Periode.kwartaal(2026, 3)
    # the trend first: the longest task
    assert aangeroepen == [("trend", tuple(kwartaal.maanden(12)), ("regio",)), ("periode", kwartaal)]
    (uit,) = resultaat["indicatoren"]
    assert [(t["maand"], t["waarde"]) for t in uit["trend"]][-3:] == [("2026-07", 7), ("2026-08", 8), ("2026-09", 9)]
    assert len(uit["trend"]) == 12 and uit["metingen"][0]["waarde"] == 1
