"""Suppression of a report result (reports.engine.onderdruk, reports.privacy.te_onderdrukken): small counts, figures
on a small base, and the secondary suppression of gemeente counts that the region total would give back."""

import copy

import pytest

from reports.engine import onderdruk
from reports.privacy import meting_onderdrukt, te_onderdrukken
from reports.tabellen import tabel

MATEN = [
    {"code": "n", "label": "Aantal", "soort": "aantal", "eenheid": "", "decimalen": 0},
    {"code": "pct", "label": "Aandeel", "soort": "percentage", "eenheid": "%", "decimalen": 0},
    {"code": "med", "label": "Mediaan", "soort": "mediaan", "eenheid": "dagen", "decimalen": 0},
    {"code": "per1000", "label": "Per 1.000 inwoners", "soort": "verhouding", "eenheid": "", "decimalen": 2},
]


def m(niveau, eenheid, maat, waarde, basis, uitsplitsing=""):
    return {"niveau": niveau, "eenheid": eenheid, "uitsplitsing": uitsplitsing, "maat": maat, "waarde": waarde,
            "basis": basis}  # fmt: skip


def resultaat(metingen, trend=(), uitsplitsingen=()):
    return {
        "versie": 1,
        "periode": {"soort": "kwartaal", "start": "2026-07-01", "eind": "2026-09-30", "label": "3e kwartaal 2026"},
        "eenheden": {
            "regio": {"AM13": "Achterhoek"},
            "gemeente": {"GM0001": "Aa", "GM0002": "Bb", "GM0003": "Cc"},
            "aanbieder": {"u-1": "TopTaal"},
        },
        "gemeenten_per_regio": {"AM13": ["GM0001", "GM0002", "GM0003"]},
        "indicatoren": [
            {
                "code": "IX",
                "naam": "Test",
                "groep": "instroom",
                "definitie": "",
                "niveaus": ["gemeente", "regio", "aanbieder"],
                "uitsplitsingen": [list(u) for u in uitsplitsingen],
                "maten": MATEN,
                "trend_maat": "n",
                "metingen": list(metingen),
                "trend": list(trend),
            }
        ],
    }


def getoond(uit) -> dict:
    """(niveau, eenheid, uitsplitsing, maat) → waarde, or "<5" when suppressed."""
    return {
        (x["niveau"], x["eenheid"], x["uitsplitsing"], x["maat"]): "<5" if x["onderdrukt"] else x["waarde"]
        for x in uit["indicatoren"][0]["metingen"]
    }


@pytest.mark.parametrize(
    ("cellen", "totaal", "verwacht"),
    [
        ([("a", 3), ("b", 7), ("c", 12)], 22, {"a", "b"}),  # one hidden: the smallest shown one goes too
        ([("a", 3), ("b", 2), ("c", 12)], 17, {"a", "b"}),  # two hidden already: they only reveal their sum
        ([("a", 3), ("b", 7), ("c", 12)], None, {"a"}),  # no total shown: nothing to subtract from
        ([("a", 3), ("b", 7)], 4, {"a"}),  # a hidden total (<5) reveals nothing either
        ([("a", 0), ("b", 9), ("c", 6)], 15, {"a", "c"}),  # 0 counts as small; c (6) is smaller than b (9)
        ([("a", 5), ("b", 9)], 14, set()),
        ([("a", 2)], 2, {"a"}),  # nothing else to hide
    ],
)
def test_te_onderdrukken(cellen, totaal, verwacht):
    assert te_onderdrukken(cellen, totaal) == verwacht


def test_een_verborgen_totaal_is_niet_de_som_van_getoonde_cellen():
    """The funnel rule may hide a region's count of 12 (issue 16): its gemeenten 5 and 7 would add up to it."""
    assert te_onderdrukken([("a", 5), ("b", 7)], None, totaal_verborgen=True) == {"a"}
    assert te_onderdrukken([("a", 3), ("b", 9)], None, totaal_verborgen=True) == {"a"}  # one hidden already


def test_meting_onderdrukt_per_soort():
    assert [meting_onderdrukt("aantal", n, n) for n in (None, 0, 4, 5)] == [True, True, True, False]
    assert meting_onderdrukt("percentage", 80, 4) is True
    # a share of people is hidden when the people it counts, or those it does not, are fewer than 5 — as far as the
    # printed percentage and its base give them back (issue 16: "6,7%" of 15 is 1 person; 100% of 12 all of them)
    assert meting_onderdrukt("percentage", 20, 5) is True
    assert meting_onderdrukt("percentage", 6.7, 15, 1) is True
    assert meting_onderdrukt("percentage", 100, 12) is True
    assert meting_onderdrukt("percentage", 50, 10) is False  # 5 of 10
    assert meting_onderdrukt("percentage", 33.3, 15, 1) is False  # 5 of 15
    assert meting_onderdrukt("percentage", 3, 150) is True  # 3% of 150: 4 (2.25–5.25 rounded) may be the count
    assert meting_onderdrukt("percentage", 4, 150) is False  # 5.25–6.75: 6 people
    assert meting_onderdrukt("verhouding", 100, 12) is False  # a ratio (I8's minutes) only by its base
    assert meting_onderdrukt("mediaan", 31.5, None) is True
    assert meting_onderdrukt("verhouding", 2.5, 12) is False


def test_primaire_onderdrukking_van_metingen_en_trend():
    waar = resultaat(
        [
            m("regio", "AM13", "n", 26, 26),
            m("gemeente", "GM0001", "n", 0, 0),
            m("gemeente", "GM0002", "n", 12, 12),
            m("gemeente", "GM0003", "n", 14, 14),
            m("regio", "AM13", "pct", 50, 26),
            m("gemeente", "GM0001", "pct", None, 0),
            m("gemeente", "GM0002", "pct", 25, 4),
            m("gemeente", "GM0003", "pct", 64, 14),
            m("regio", "AM13", "med", 40.5, 26),
            m("gemeente", "GM0001", "med", None, None),
            m("gemeente", "GM0002", "med", 12.0, 4),
            m("gemeente", "GM0003", "med", 44.0, 14),
            m("aanbieder", "u-1", "n", 3, 3),
        ],
        trend=[
            {"maand": "2026-08", **m("regio", "AM13", "n", 4, 4)},
            {"maand": "2026-09", **m("regio", "AM13", "n", 9, 9)},
        ],
    )
    voor = copy.deepcopy(waar)
    uit = onderdruk(waar)

    assert waar == voor  # the true result is left as it was
    assert getoond(uit) == {
        ("regio", "AM13", "", "n"): 26,
        ("gemeente", "GM0001", "", "n"): "<5",
        # GM0001's 0 is hidden and the region total shown: 26 − 14 would give 12 back, so GM0002 goes as well
        ("gemeente", "GM0002", "", "n"): "<5",
        ("gemeente", "GM0003", "", "n"): 14,
        ("regio", "AM13", "", "pct"): 50,
        ("gemeente", "GM0001", "", "pct"): "<5",
        ("gemeente", "GM0002", "", "pct"): "<5",  # base 4
        ("gemeente", "GM0003", "", "pct"): 64,
        ("regio", "AM13", "", "med"): 40.5,
        ("gemeente", "GM0001", "", "med"): "<5",
        ("gemeente", "GM0002", "", "med"): "<5",
        ("gemeente", "GM0003", "", "med"): 44.0,
        ("aanbieder", "u-1", "", "n"): "<5",
    }
    verborgen = [x for x in uit["indicatoren"][0]["metingen"] if x["onderdrukt"]]
    assert {(x["waarde"], x["basis"]) for x in verborgen} == {(None, None)}
    assert [(t["maand"], t["onderdrukt"], t["waarde"], t["basis"]) for t in uit["indicatoren"][0]["trend"]] == [
        ("2026-08", True, None, None),
        ("2026-09", False, 9, 9),
    ]


def test_secundaire_onderdrukking_per_uitsplitsing_alleen_waar_nodig():
    """Breakdown b1: one small gemeente → the smallest other one goes too. Breakdown z: two small ones already →
    nothing more. Breakdown onderwijs: the region total is itself small → nothing to subtract from."""
    uit = onderdruk(
        resultaat(
            [
                m("regio", "AM13", "n", 30, 30, "b1"),
                m("gemeente", "GM0001", "n", 3, 3, "b1"),
                m("gemeente", "GM0002", "n", 17, 17, "b1"),
                m("gemeente", "GM0003", "n", 10, 10, "b1"),
                m("regio", "AM13", "n", 16, 16, "z"),
                m("gemeente", "GM0001", "n", 2, 2, "z"),
                m("gemeente", "GM0002", "n", 4, 4, "z"),
                m("gemeente", "GM0003", "n", 10, 10, "z"),
                m("regio", "AM13", "n", 4, 4, "onderwijs"),
                m("gemeente", "GM0001", "n", 4, 4, "onderwijs"),
            ],
            uitsplitsingen=[("b1", "B1-route"), ("z", "Z-route"), ("onderwijs", "Onderwijsroute")],
        )
    )
    assert getoond(uit) == {
        ("regio", "AM13", "b1", "n"): 30,
        ("gemeente", "GM0001", "b1", "n"): "<5",
        ("gemeente", "GM0002", "b1", "n"): 17,
        ("gemeente", "GM0003", "b1", "n"): "<5",  # secondary: 10 < 17
        ("regio", "AM13", "z", "n"): 16,
        ("gemeente", "GM0001", "z", "n"): "<5",
        ("gemeente", "GM0002", "z", "n"): "<5",
        ("gemeente", "GM0003", "z", "n"): 10,
        ("regio", "AM13", "onderwijs", "n"): "<5",
        ("gemeente", "GM0001", "onderwijs", "n"): "<5",
        # No onderwijs rows for GM0002 and GM0003 (nobody): added as suppressed, a "–" would show the 0.
        ("gemeente", "GM0002", "onderwijs", "n"): "<5",
        ("gemeente", "GM0003", "onderwijs", "n"): "<5",
    }


def test_een_cijfer_berekend_uit_een_secundair_verborgen_aantal_verdwijnt_mee():
    """GM0003's count (10) is hidden by the secondary rule; its "per 1.000 inwoners" (basis: that count) would give
    it back with the number of inwoners, and its percentage's base is that count: both go. GM0002's stay."""
    uit = onderdruk(
        resultaat(
            [
                m("regio", "AM13", "n", 30, 30),
                m("gemeente", "GM0001", "n", 3, 3),
                m("gemeente", "GM0002", "n", 17, 17),
                m("gemeente", "GM0003", "n", 10, 10),
                m("gemeente", "GM0002", "per1000", 0.85, 17),
                m("gemeente", "GM0003", "per1000", 0.4, 10),
                m("gemeente", "GM0003", "pct", 50, 10),
                m("gemeente", "GM0003", "med", 30, 8),  # another base: not derived from the count
            ],
            trend=[
                {**m("regio", "AM13", "n", 12, 12), "maand": "2026-09"},
                {**m("regio", "AM13", "per1000", 0.1, 12), "maand": "2026-09"},
            ],
        )
    )
    zichtbaar = getoond(uit)
    assert zichtbaar[("gemeente", "GM0003", "", "n")] == "<5"
    assert zichtbaar[("gemeente", "GM0003", "", "per1000")] == "<5"
    assert zichtbaar[("gemeente", "GM0003", "", "pct")] == "<5"
    assert zichtbaar[("gemeente", "GM0003", "", "med")] == 30
    assert zichtbaar[("gemeente", "GM0002", "", "per1000")] == 0.85
    assert [t["onderdrukt"] for t in uit["indicatoren"][0]["trend"]] == [False, False]


def test_tabel_van_het_onderdrukte_resultaat_drukt_kleiner_dan_5_af():
    uit = onderdruk(
        resultaat(
            [
                m("regio", "AM13", "n", 27, 27),
                m("gemeente", "GM0001", "n", 1, 1),
                m("gemeente", "GM0002", "n", 8, 8),
                m("gemeente", "GM0003", "n", 18, 18),
            ]
        )
    )
    t = tabel(uit, "IX")
    assert [(r.naam, [str(c) for c in r.cellen]) for r in t.rijen] == [
        ("Achterhoek", ["27"]),
        ("Aa", ["<5"]),
        ("Bb", ["<5"]),
        ("Cc", ["18"]),
    ]
