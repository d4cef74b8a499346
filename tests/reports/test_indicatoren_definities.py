"""Every indicator's docstring is its definition printed in the Dutch report and dashboards (Indicator.definitie)."""

import pytest

from reports.indicators import REGISTER, alle

ENGELS = (" the ", " and ", " with ", " when ", " that ", " which ")


@pytest.mark.parametrize("code", sorted(REGISTER))
def test_every_definition_is_written_in_dutch(code):
    definitie = " ".join(REGISTER[code].definitie.split())
    assert len(definitie) > 100, code
    assert [w for w in ENGELS if w in f" {definitie.lower()} "] == [], code
    assert " de " in definitie or " het " in definitie, code


def test_every_indicator_of_the_report_is_registered():
    """The test above covers what the report prints: every indicator of the report's order, no other."""
    assert sorted(i.code for i in alle()) == sorted(REGISTER) and len(REGISTER) == 17
