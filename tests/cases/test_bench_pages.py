"""manage.py bench_pages runs with MFA on (verified sessions), prints each page's time, ratio and query count, skips
what is not there with a note, and leaves no TOTP device behind."""

import io

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.django_db, pytest.mark.mfa]


def test_bench_pages_with_mfa_on(settings, b1_dossier, consultant, teamleider):
    assert settings.MFA_VERPLICHT
    b1_dossier()
    uit = io.StringIO()
    call_command("bench_pages", n=1, stdout=uit)
    tekst = uit.getvalue()
    assert f"consultant {consultant.username}, teamleider {teamleider.username}" in tekst
    for pagina in (
        "trivial (toegankelijkheid)",
        "Vandaag (consultant)",
        "Vandaag (teamleider)",
        "caseload",
        "case page",
    ):
        regel = next(r for r in tekst.splitlines() if r.strip().startswith(pagina))
        assert "ms" in regel and "×" in regel and "+" in regel  # time, ratio, queries (default + audit)
    assert "HTTP 302" not in tekst  # not sent to the MFA page
    assert not TOTPDevice.objects.filter(name="bench_pages").exists()
