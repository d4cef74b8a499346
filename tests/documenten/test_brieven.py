"""Letters from templates: preview, send (a vastgelegd PDF with a kenmerk), A2 texts, the summary in the
statushouder's language, the beheerder's admin."""

import datetime as dt
import hashlib
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from agenda.models import Afspraak
from documenten import brieven
from documenten.models import BriefSjabloon, Document, documenten_root
from documenten.services import volgend_kenmerk
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from tests.factories import StatushouderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]
poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def pdf_tekst(pad) -> str:
    uit = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pad), "-"], capture_output=True, text=True, check=True)
    return " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", uit.stdout).split())


def brief_url(sh):
    return reverse("documenten:brief", args=[sh.uuid])


@poppler
def test_invitation_preview_then_send_keeps_the_pdf_with_kenmerk_and_timeline(client, consultant, zaak, afspraak):
    consultant.first_name, consultant.last_name = "Sanne", "de Vries"
    consultant.save()
    client.force_login(consultant)
    pagina = client.get(brief_url(zaak)).content.decode()
    assert "voortgangsgesprek: dinsdag 1 december 2026, 10:00" in pagina

    data = {"soort": "uitnodiging_voortgangsgesprek", "afspraak": str(afspraak.uuid), "uiterlijk": ""}
    r = client.post(brief_url(zaak), {**data, "stap": "voorbeeld"})
    html = r.content.decode()
    assert r.status_code == 200 and 'id="brief-voorbeeld"' in html
    assert "Datum: dinsdag 1 december 2026<br>Tijd: 10:00 tot 11:00 uur" in html
    assert "Plaats: Stadhuis, Stadskantoor 1 (op kantoor)" in html and "Tolk: ja, Arabisch, telefonisch" in html
    assert "Misterweg 12-A" in html and "7101 AB  Winterswijk" in html
    assert brieven.SAMENVATTINGEN["ar"]["kop"] in html  # the summary in her language
    assert not Document.objects.exists()

    r = client.post(brief_url(zaak), {**data, "stap": "versturen"})
    assert r.status_code == 302 and r["Location"].endswith("#documenten")
    document = Document.objects.get()
    assert document.vastgelegd and document.kenmerk == "GM0294-2026-00001"
    assert document.documenttype == "brief_verzonden" and document.titel == "Uitnodiging voortgangsgesprek"
    assert zaak.tijdlijn.filter(
        omschrijving="Brief verstuurd: uitnodiging voortgangsgesprek (GM0294-2026-00001)"
    ).exists()
    assert AuditEvent.objects.filter(handeling=Handeling.CREATE, object_id=str(document.uuid)).exists()

    tekst = pdf_tekst(documenten_root() / document.bestand.name)
    for stuk in (
        "Gemeente Winterswijk",
        "Yonas Tesfamariam Misterweg 12-A 7101 AB Winterswijk",
        "Ons kenmerk GM0294-2026-00001",
        "24 november 2026",
        "Uitnodiging voor een gesprek over uw plan",
        "Tijd: 10:00 tot 11:00 uur",
        "Sanne de Vries",
        "14 0543",
        "الرسالة الهولندية هي النص الرسمي",
    ):
        assert stuk in tekst, stuk

    dossier = client.get(reverse("cases:dossier", args=[zaak.uuid])).content.decode()
    assert "GM0294-2026-00001" in dossier and "vastgelegd" in dossier


def test_a_kept_letter_is_never_rerendered(client, consultant, zaak, afspraak):
    client.force_login(consultant)
    data = {"soort": "uitnodiging_voortgangsgesprek", "afspraak": str(afspraak.uuid), "stap": "versturen"}
    client.post(brief_url(zaak), data)
    document = Document.objects.get()
    BriefSjabloon.objects.filter(soort="uitnodiging_voortgangsgesprek").update(onderwerp="Iets heel anders")
    Afspraak.objects.filter(pk=afspraak.pk).update(plaats="Ergens anders")
    r = client.get(reverse("documenten:downloaden", args=[document.uuid]))
    inhoud = b"".join(r.streaming_content)
    assert hashlib.sha256(inhoud).hexdigest() == document.sha256
    assert r["Content-Disposition"] == 'attachment; filename="GM0294-2026-00001.pdf"'


def test_reminder_and_warning_need_a_later_date_and_invitation_an_appointment(client, consultant, zaak, vandaag):
    client.force_login(consultant)
    r = client.post(brief_url(zaak), {"soort": "uitnodiging_intake", "stap": "voorbeeld"})
    assert "Kies de afspraak waarvoor u uitnodigt." in r.content.decode()
    r = client.post(brief_url(zaak), {"soort": "herinnering", "uiterlijk": str(vandaag), "stap": "versturen"})
    assert "Kies een datum na de datum van de brief." in r.content.decode()
    assert not Document.objects.exists()

    uiterlijk = vandaag + dt.timedelta(days=14)
    r = client.post(brief_url(zaak), {"soort": "waarschuwing", "uiterlijk": str(uiterlijk), "stap": "voorbeeld"})
    html = r.content.decode()
    assert "Dit is een officiële waarschuwing." in html
    assert "Bel ons vóór dinsdag 8 december 2026. Ons telefoonnummer is 14 0543." in html
    client.post(brief_url(zaak), {"soort": "herinnering", "uiterlijk": str(uiterlijk), "stap": "versturen"})
    client.post(brief_url(zaak), {"soort": "waarschuwing", "uiterlijk": str(uiterlijk), "stap": "versturen"})
    assert list(Document.objects.order_by("kenmerk").values_list("kenmerk", "brief_soort")) == [
        ("GM0294-2026-00001", "herinnering"),
        ("GM0294-2026-00002", "waarschuwing"),
    ]


def test_appointment_of_another_case_cannot_be_chosen(client, consultant, zaak, afspraak, winterswijk):
    ander = StatushouderFactory(gemeente=winterswijk, consultant=consultant)
    Afspraak.objects.filter(pk=afspraak.pk).update(statushouder=ander)
    client.force_login(consultant)
    data = {"soort": "uitnodiging_voortgangsgesprek", "afspraak": str(afspraak.uuid), "stap": "versturen"}
    r = client.post(brief_url(zaak), data)
    assert r.status_code == 200 and not Document.objects.exists()


def test_colleague_may_not_send_a_letter_on_a_case_not_theirs(client, make_user, winterswijk, zaak):
    client.force_login(make_user(roles.CONSULTANT, gemeente=winterswijk))
    assert client.get(brief_url(zaak)).status_code == 403


def test_kenmerk_counts_per_gemeente_and_year(achterhoek, winterswijk, aalten):
    assert volgend_kenmerk(winterswijk, 2026) == "GM0294-2026-00001"
    assert volgend_kenmerk(winterswijk, 2026) == "GM0294-2026-00002"
    assert volgend_kenmerk(winterswijk, 2027) == "GM0294-2027-00001"
    assert volgend_kenmerk(aalten, 2026).endswith("-2026-00001")


def test_templates_are_seeded_and_missing_ones_fall_back_to_the_defaults():
    assert set(BriefSjabloon.objects.values_list("soort", flat=True)) == set(BriefSjabloon.Soort.values)
    BriefSjabloon.objects.all().delete()
    assert brieven.sjabloon("herinnering").onderwerp == brieven.STANDAARD["herinnering"]["onderwerp"]


def test_a2_texts_use_short_sentences_and_only_known_placeholders():
    for soort, teksten in brieven.STANDAARD.items():
        for tekst in teksten.values():
            assert brieven.onbekende_plaatshouders(tekst) == [], soort
            zinnen = [z for z in re.split(r"[.?!]\s|\n", tekst) if z.strip()]
            assert max(len(z.split()) for z in zinnen) <= 15, (soort, max(zinnen, key=lambda z: len(z.split())))
    for taal, samenvattingen in brieven.SAMENVATTINGEN.items():
        assert set(BriefSjabloon.Soort.values) <= set(samenvattingen), taal


def test_english_speaker_gets_english_summary_and_unknown_language_falls_back(registreer, consultant):
    sh = registreer(talen=["fr"])
    context = brieven.inhoud(
        "herinnering", sh, consultant, uiterlijk=dt.date(2026, 12, 8), dagtekening=dt.date(2026, 11, 24)
    )
    assert context["samenvatting"]["kop"] == "Summary in English"
    assert "before 08-12-2026" in context["samenvatting"]["tekst"]


def test_beheerder_edits_texts_in_the_admin_but_cannot_add_delete_or_use_unknown_placeholders(client, make_user):
    beheerder = make_user(roles.BEHEERDER)
    client.force_login(beheerder)
    sjabloon = BriefSjabloon.objects.get(soort="herinnering")
    url = reverse("admin:documenten_briefsjabloon_change", args=[sjabloon.pk])
    assert client.get(url).status_code == 200
    data = {"onderwerp": "Herinnering", "aanhef": "Beste {naam},", "kern": "Bel vóór {uiterlijk}.", "slot": "Groet,"}
    r = client.post(url, {**data, "kern": "Bel {telefoonnummer}."})
    assert r.status_code == 200 and "Onbekende plaatshouder: {telefoonnummer}" in r.content.decode()
    assert client.post(url, data).status_code == 302
    assert BriefSjabloon.objects.get(pk=sjabloon.pk).kern == "Bel vóór {uiterlijk}."
    assert client.get(reverse("admin:documenten_briefsjabloon_add")).status_code == 403
    assert client.get(reverse("admin:documenten_briefsjabloon_delete", args=[sjabloon.pk])).status_code == 403


def test_vul_demo_sends_a_few_reminders(registreer, vandaag):
    import random

    from documenten.demo import vul_demo

    sh = registreer()
    assert vul_demo([sh], vandaag, random.Random(1)) == 1
    assert Document.objects.get(statushouder=sh).brief_soort == "herinnering"
