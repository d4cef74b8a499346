import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from reports.models import ReportRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {"voortgang": 101},
        {"periode_eind": dt.date(2025, 12, 31)},
        {"status": "klaar", "voortgang": 100},  # ready without a result
        {"status": "klaar", "voortgang": 50, "resultaat": {}},
    ],
)
def test_reportrun_constraints(achterhoek, fields):
    base = {"arbeidsmarktregio": achterhoek.regio, "periode": "kwartaal", "periode_start": dt.date(2026, 1, 1),
            "periode_eind": dt.date(2026, 3, 31)}  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportRun.objects.create(**{**base, **fields})
