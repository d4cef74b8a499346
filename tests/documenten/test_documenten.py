"""Uploading, downloading and deleting documents on a case: type by content, private storage, audit, permissions."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Statushouder
from documenten.models import Document, documenten_root
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from tests.factories import StatushouderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64


def upload(client, sh, naam, inhoud, **velden):
    data = {
        "document-bestand": SimpleUploadedFile(naam, inhoud, content_type="application/octet-stream"),
        "document-documenttype": "diploma",
        "document-titel": "Diploma Syrië",
        "document-datum": "2026-11-01",
        **velden,
    }
    return client.post(reverse("documenten:uploaden", args=[sh.uuid]), data)


def test_upload_keeps_file_privately_under_a_random_name_and_download_is_audited(client, consultant, zaak):
    client.force_login(consultant)
    r = upload(client, zaak, "diploma van Ahmad.pdf", PDF)
    assert r.status_code == 302 and r["Location"].endswith("#documenten")
    document = Document.objects.get()
    assert (document.content_type, document.grootte, document.origineel_naam) == (
        "application/pdf",
        len(PDF),
        "diploma van Ahmad.pdf",
    )
    assert "Ahmad" not in document.bestand.name and document.bestand.name.endswith(".pdf")
    pad = documenten_root() / document.bestand.name
    assert pad.read_bytes() == PDF
    with pytest.raises(ValueError):
        document.bestand.url  # noqa: B018 - no public address
    assert AuditEvent.objects.filter(handeling=Handeling.CREATE, object_id=str(document.uuid)).exists()

    r = client.get(reverse("documenten:downloaden", args=[document.uuid]))
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff" and "no-store" in r["Cache-Control"]
    assert AuditEvent.objects.filter(
        handeling=Handeling.EXPORT, object_id=str(document.uuid), statushouder_id=zaak.uuid
    ).exists()


@pytest.mark.parametrize(
    ("naam", "inhoud", "fout"),
    [
        ("bestand.pdf", PNG, "De naam van het bestand past niet bij de inhoud"),
        ("programma.pdf", EXE, "Dit soort bestand kan niet worden opgeslagen"),
        ("leeg.pdf", b"", "Het bestand is leeg"),
        ("tekst.pdf", b"gewoon wat tekst, geen PDF", "Dit soort bestand kan niet worden opgeslagen"),
    ],
)
def test_lying_empty_or_unknown_files_are_refused_in_dutch(client, consultant, zaak, naam, inhoud, fout):
    client.force_login(consultant)
    r = upload(client, zaak, naam, inhoud)
    assert r.status_code == 200
    assert fout in r.content.decode()
    assert not Document.objects.exists()
    assert not any(documenten_root().rglob("*.*")) if documenten_root().exists() else True


def test_default_root_is_outside_media_and_static(settings, monkeypatch):
    import importlib

    from inburgering import settings as instellingen

    monkeypatch.delenv("DOCUMENTEN_ROOT", raising=False)
    root = importlib.reload(instellingen).DOCUMENTEN_ROOT
    assert root == settings.BASE_DIR / "private" / "documenten"
    assert settings.MEDIA_ROOT not in root.parents and settings.STATIC_ROOT not in root.parents


def test_png_with_its_own_name_is_accepted(client, consultant, zaak):
    client.force_login(consultant)
    assert upload(client, zaak, "foto.PNG", PNG).status_code == 302
    assert Document.objects.get().content_type == "image/png"


def test_too_large_file_is_refused(client, consultant, zaak, settings):
    settings.DOCUMENT_MAX_MB = 1
    client.force_login(consultant)
    r = upload(client, zaak, "groot.pdf", PDF + b"0" * (1024 * 1024))
    assert "te groot" in r.content.decode()
    assert not Document.objects.exists()


def test_date_in_future_and_sent_letter_type_refused(client, consultant, zaak, vandaag):
    client.force_login(consultant)
    r = upload(client, zaak, "a.pdf", PDF, **{"document-datum": str(vandaag + dt.timedelta(days=1))})
    assert "Deze datum ligt in de toekomst." in r.content.decode()
    r = upload(client, zaak, "a.pdf", PDF, **{"document-documenttype": "brief_verzonden"})
    assert r.status_code == 200 and not Document.objects.exists()


def test_case_page_lists_documents_newest_first_in_one_query_and_logs_list(
    client, consultant, zaak, django_assert_max_num_queries
):
    from documenten.views import dossier_sectie

    client.force_login(consultant)
    for i, datum in enumerate(["2026-01-05", "2026-06-01", "2025-03-01"]):
        upload(client, zaak, f"d{i}.pdf", PDF, **{"document-datum": datum, "document-titel": f"Doc {datum}"})
    html = client.get(reverse("cases:dossier", args=[zaak.uuid])).content.decode()
    assert html.index("Doc 2026-06-01") < html.index("Doc 2026-01-05") < html.index("Doc 2025-03-01")
    assert 'id="kop-documenten"' in html and "Brief maken" in html

    class Request:
        user = consultant

    consultant._role_names = {roles.CONSULTANT}
    for _ in range(2):  # two data sizes: the list, and the actor's roles for the audit log
        with django_assert_max_num_queries(2):
            sectie = dossier_sectie(Request, zaak, None, True)
        assert all(d.verwijderbaar for d in sectie["documenten"])
        upload(client, zaak, "x.pdf", PDF)
        eerste = Document.objects.first()
        Document.objects.bulk_create([Document(**_velden(eerste)) for _ in range(5)])
    assert AuditEvent.objects.filter(handeling=Handeling.LIST, object_type="documenten.document").count() >= 3


def _velden(document):
    velden = {f.attname: getattr(document, f.attname) for f in Document._meta.concrete_fields if f.name != "id"}
    velden["uuid"] = uuid.uuid4()
    return velden


def test_permissions(client, make_user, consultant, teamleider, winterswijk, aalten, achterhoek, zaak):
    client.force_login(consultant)
    upload(client, zaak, "a.pdf", PDF)
    document = Document.objects.get()
    download = reverse("documenten:downloaden", args=[document.uuid])
    verwijder = reverse("documenten:verwijderen", args=[document.uuid])

    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    client.force_login(collega)
    assert client.get(download).status_code == 200  # a colleague of the gemeente may read the case
    assert upload(client, zaak, "b.pdf", PDF).status_code == 403  # but not write to a case not theirs
    assert client.post(verwijder).status_code == 403

    for gebruiker in (
        make_user(roles.CONSULTANT, gemeente=aalten),
        make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio),
        make_user(roles.BEHEERDER),
    ):
        client.force_login(gebruiker)
        assert client.get(download).status_code == 404
        assert upload(client, zaak, "c.pdf", PDF).status_code == 404
        assert client.post(verwijder).status_code == 404
        assert client.get(reverse("documenten:brief", args=[zaak.uuid])).status_code == 404
    assert Document.objects.count() == 1
    assert AuditEvent.objects.filter(handeling=Handeling.EXPORT).count() == 1  # only the colleague's

    client.logout()
    assert client.get(download).status_code == 302  # to the login page


def test_delete_by_uploader_or_teamleider_only_and_file_removed_on_commit(
    client, consultant, teamleider, zaak, django_capture_on_commit_callbacks
):
    client.force_login(consultant)
    upload(client, zaak, "a.pdf", PDF)
    document = Document.objects.get()
    pad = documenten_root() / document.bestand.name
    # a teamleider may delete what the consultant uploaded
    client.force_login(teamleider)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("documenten:verwijderen", args=[document.uuid]))
    assert r.status_code == 302
    assert not Document.objects.exists() and not pad.exists()
    assert AuditEvent.objects.filter(handeling=Handeling.DELETE, object_id=str(document.uuid)).exists()


def test_vastgelegd_document_cannot_be_deleted(client, consultant, zaak):
    client.force_login(consultant)
    upload(client, zaak, "a.pdf", PDF)
    Document.objects.update(vastgelegd=True)
    document = Document.objects.get()
    assert client.post(reverse("documenten:verwijderen", args=[document.uuid])).status_code == 403
    assert Document.objects.exists()


def test_anonymisation_deletes_documents_and_files(client, consultant, zaak, django_capture_on_commit_callbacks):
    from cases.services import bewaartermijn

    andere = StatushouderFactory(gemeente=zaak.gemeente)
    client.force_login(consultant)
    upload(client, zaak, "a.pdf", PDF)
    pad = documenten_root() / Document.objects.get().bestand.name
    with django_capture_on_commit_callbacks(execute=True):
        telling = bewaartermijn.anonimiseer([zaak])
    assert telling["documenten.Document"] == 1
    assert not Document.objects.exists() and not pad.exists()
    assert Statushouder.objects.filter(pk=andere.pk).exists()


def test_a_download_whose_file_is_gone_says_so_instead_of_a_server_error(client, consultant, zaak, caplog):
    client.force_login(consultant)
    upload(client, zaak, "a.pdf", PDF)
    document = Document.objects.get()
    (documenten_root() / document.bestand.name).unlink()
    r = client.get(reverse("documenten:downloaden", args=[document.uuid]))
    assert r.status_code == 404
    assert "Meld dit bij de beheerder" in r.content.decode()
    assert f"document {document.uuid} ontbreekt" in caplog.text
