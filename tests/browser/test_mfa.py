"""MFA in a real browser: a consultant logs in with the password, lands on the enrolment page, gives the activation
code a beheerder issued, types the key shown there into "the app" (computed here), sees the recovery codes once and
reaches Vandaag; in a new session the verification page takes a recovery code. axe-core finds no WCAG 2.1 A/AA
violations on the MFA pages."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from inburgering.accounts import mfa, roles
from tests.browser.helpers import PASSWORD, assert_no_axe_violations

pytestmark = pytest.mark.mfa


@pytest.fixture
def klantregisseur(make_user, winterswijk):
    user = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Kees", last_name="Klant")
    user.set_password(PASSWORD)
    user.save()
    return user


def inloggen_met_wachtwoord(page, user) -> None:
    """The login form, as helpers.login fills it; helpers.login itself refuses to end on a /inloggen/ page, and the
    MFA pages are /inloggen/mfa/..."""
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_enrol_see_the_recovery_codes_once_reach_vandaag_and_verify_with_a_recovery_code(
    page, klantregisseur, make_user
):
    activatiecode, _ = mfa.geef_activatiecode(make_user(roles.BEHEERDER), klantregisseur)
    inloggen_met_wachtwoord(page, klantregisseur)
    expect(page).to_have_url(re.compile(r"/inloggen/mfa/instellen/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.locator(".app-qr svg")).to_have_count(0)  # first the beheerder's activation code (issue 17)
    assert_no_axe_violations(page)
    page.get_by_label("Activatiecode").fill(activatiecode)
    page.get_by_role("button", name="Verder").click()
    expect(page.locator(".app-qr svg")).to_be_visible()
    assert_no_axe_violations(page)

    sleutel = page.locator("#mfa-sleutel").inner_text()
    code = TOTP(b32decode(sleutel.replace(" ", ""))).token()
    page.get_by_label("Code uit de app").fill(f"{code:06d}")
    page.get_by_role("button", name="App instellen").click()

    expect(page).to_have_url(re.compile(r"/inloggen/mfa/herstelcodes/"))
    expect(page.get_by_text("Bewaar deze codes nu. Ze worden maar één keer getoond.")).to_be_visible()
    codes = page.locator(".app-herstelcodes code").all_inner_texts()
    assert len(codes) == 10
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    expect(page).to_have_url(re.compile(r"/dossiers/vandaag/$"))
    expect(page.get_by_role("heading", level=1, name="Vandaag")).to_be_visible()

    page.context.clear_cookies()  # a new session: the password, then a code
    inloggen_met_wachtwoord(page, klantregisseur)
    expect(page).to_have_url(re.compile(r"/inloggen/mfa/\?next=/$"))
    page.get_by_label("Code").fill(f"{(code + 500_000) % 1_000_000:06d}")  # a wrong app code
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("Deze code klopt niet.")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1, name="Vandaag")).to_be_visible()
