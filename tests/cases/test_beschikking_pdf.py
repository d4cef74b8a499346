"""The PIP beschikking as PDF: read back with poppler's pdftotext and pdffonts."""

import datetime as dt
import re
import shutil
import statistics
import subprocess
import time

import pytest
from django.urls import reverse

from cases import beschikking, services
from cases.beschikking_teksten import AR, TI, kies_taal
from cases.models import PipVersie, Statushouder
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling

D = dt.date
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed"),
]


def pdf_tekst(pdf: bytes, tmp_path) -> str:
    pad = tmp_path / "b.pdf"
    pad.write_bytes(pdf)
    uit = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pad), "-"], capture_output=True, text=True, check=True
    ).stdout
    # drop the bidi embedding marks pdftotext puts around right-to-left runs, and join wrapped lines
    return " ".join(re.sub("[\u202a-\u202e]", "", uit).split())


def pdf_fonts(pdf: bytes, tmp_path) -> str:
    pad = tmp_path / "f.pdf"
    pad.write_bytes(pdf)
    uit = subprocess.run(["pdffonts", str(pad)], capture_output=True, text=True, check=True).stdout
    return uit.replace("-", "").replace(" ", "")


@pytest.fixture
def zaak(registreer, naar_uitvoering, consultant, achterhoek):
    def maak(talen, bsn="999990019", voornamen="Yonas"):
        sh = registreer(bsn=bsn, talen=talen, voornamen=voornamen)
        naar_uitvoering(sh)
        return Statushouder.objects.get(pk=sh.pk)

    return maak


def test_arabic_speaker(client, consultant, zaak, tmp_path):
    sh = zaak(["ar"], voornamen="Rania")
    client.force_login(consultant)
    r = client.get(reverse("cases:pip_pdf", args=[sh.uuid]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    tekst = pdf_tekst(r.content, tmp_path)
    assert "Rania Tesfamariam" in tekst
    assert "B1-route" in tekst
    assert "Besluit: vaststelling Plan Inburgering en Participatie" in tekst
    assert "binnen zes weken na de dagtekening van deze brief" in tekst
    assert "bezwaarschrift aan het college van burgemeester en wethouders" in tekst
    assert AR["titel"] in tekst
    assert "NotoNaskhArabic" in pdf_fonts(r.content, tmp_path)
    versie = PipVersie.objects.get()
    assert (
        AuditEvent.objects.filter(
            handeling=Handeling.EXPORT, object_id=str(versie.uuid), statushouder_id=sh.uuid
        ).count()
        == 1
    )


def test_tigrinya_speaker_by_version_url(client, consultant, zaak, tmp_path):
    sh = zaak(["ti", "ar"])
    versie = PipVersie.objects.get()
    client.force_login(consultant)
    r = client.get(reverse("cases:pip_pdf", args=[sh.uuid, versie.uuid]))
    assert r.status_code == 200
    tekst = pdf_tekst(r.content, tmp_path)
    assert TI["titel"] in tekst and "Yonas Tesfamariam" in tekst
    assert "NotoSansEthiopic" in pdf_fonts(r.content, tmp_path)


def test_language_choice_falls_back_to_english():
    assert kies_taal(["ara"]).code == "ar"
    assert kies_taal(["fr"]).code == "en"
    assert kies_taal([]).code == "en"


def test_other_gemeente_and_regiocoordinator_get_404(client, make_user, aalten, achterhoek, zaak):
    sh = zaak(["ar"])
    client.force_login(make_user(roles.CONSULTANT, gemeente=aalten))
    assert client.get(reverse("cases:pip_pdf", args=[sh.uuid])).status_code == 404
    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    assert client.get(reverse("cases:pip_pdf", args=[sh.uuid])).status_code == 404
    assert not AuditEvent.objects.filter(handeling=Handeling.EXPORT).exists()


def test_no_pdf_for_a_concept(client, consultant, registreer):
    sh = registreer()
    client.force_login(consultant)
    assert client.get(reverse("cases:pip_pdf", args=[sh.uuid])).status_code == 404


def test_render_time(zaak, capsys):
    sh = zaak(["ar"])
    versie = services.vastgestelde_versie(sh)
    tijden = []
    for _ in range(10):
        start = time.perf_counter()
        beschikking.render_beschikking(versie, sh)
        tijden.append((time.perf_counter() - start) * 1000)
    with capsys.disabled():
        print(f"\nPIP beschikking render: median {statistics.median(tijden):.0f} ms over 10 renders")
    assert statistics.median(tijden) < 5000


def pagina_teksten(pdf: bytes, tmp_path) -> list[str]:
    pad = tmp_path / "p.pdf"
    pad.write_bytes(pdf)
    uit = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pad), "-"], capture_output=True, text=True, check=True)
    return [" ".join(p.split()) for p in uit.stdout.split("\f")]


def test_address_and_kenmerk_and_the_kept_beschikking(client, consultant, zaak, tmp_path):
    sh = zaak(["ar"], voornamen="Rania")
    Statushouder.objects.filter(pk=sh.pk).update(
        straat="Misterweg", huisnummer="12-A", postcode="7101 AB", woonplaats="Winterswijk"
    )
    client.force_login(consultant)
    r = client.get(reverse("cases:pip_pdf", args=[sh.uuid]))
    assert r["X-Content-Type-Options"] == "nosniff" and "no-store" in r["Cache-Control"]
    tekst = pdf_tekst(r.content, tmp_path)
    assert "Rania Tesfamariam Misterweg 12-A 7101 AB Winterswijk" in tekst
    assert re.search(r"Ons kenmerk GM0294-\d{4}-00001", tekst)
    # kept: the second download is the same file, not a new render with a new kenmerk
    assert client.get(reverse("cases:pip_pdf", args=[sh.uuid])).content == r.content
    from documenten.models import Document

    assert Document.objects.filter(documenttype="beschikking", vastgelegd=True).count() == 1


@pytest.mark.parametrize("doelen", [1, 2, 6, 11, 12, 13])
def test_signature_never_stands_alone_on_a_page(registreer, consultant, achterhoek, tmp_path, doelen):
    """Goals of different lengths move the end of the letter over the page: the signature keeps its text."""
    from cases.models import BredeIntake
    from leerroutes.models import Leerroute

    sh = registreer(talen=["en"])
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    b1 = Leerroute.objects.get(code="b1")
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="hoog", route_advies=b1, gekozen_route=b1
    )
    services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 20))
    services.werk_pip_concept_bij(actor=consultant, statushouder=sh, taalaanbieder=achterhoek.aanbieders["TopTaal"])
    for i in range(doelen):
        doel = services.voeg_doel_toe(
            actor=consultant, statushouder=sh, leefgebied="werk_participatie", omschrijving=f"Een doel met tekst {i}"
        )
        services.voeg_actie_toe(
            actor=consultant, statushouder=sh, doel=doel.uuid, omschrijving="Een actie", eigenaar="statushouder"
        )
    versie = services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
    sh = Statushouder.objects.get(pk=sh.pk)
    paginas = pagina_teksten(beschikking.render_beschikking(versie, sh, kenmerk="GM0294-2023-00001"), tmp_path)
    pagina = next(p for p in paginas if "Met vriendelijke groet" in p)
    assert "griffierecht betalen" in pagina  # the paragraph before the signature is on its page


def test_a_kept_beschikking_whose_file_is_gone_says_so_and_is_logged(client, consultant, zaak, caplog):
    from documenten.models import Document, documenten_root

    sh = zaak(["ar"])
    client.force_login(consultant)
    assert client.get(reverse("cases:pip_pdf", args=[sh.uuid])).status_code == 200
    document = Document.objects.get(documenttype="beschikking")
    (documenten_root() / document.bestand.name).unlink()  # a lost volume
    r = client.get(reverse("cases:pip_pdf", args=[sh.uuid]))
    assert r.status_code == 404
    assert "het bestand zelf is niet gevonden" in r.content.decode()
    assert str(document.uuid) in caplog.text and sh.bsn not in caplog.text
    assert Document.objects.filter(pk=document.pk).exists()  # nothing changed, and no new kenmerk either
