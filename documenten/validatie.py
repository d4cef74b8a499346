"""Which files may be uploaded: the type is read from the bytes (filetype), and the name's extension must agree
with it. A PDF renamed .png, a PNG renamed .pdf or a program renamed .pdf is refused."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# content type (as filetype reports it) -> the extensions a file of that type may have
TOEGESTAAN = {
    "application/pdf": {"pdf"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "image/heic": {"heic", "heif"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    # Word 97-2003 and Excel 97-2003 share the OLE container: filetype cannot always tell them apart
    "application/msword": {"doc", "xls"},
    "application/vnd.ms-excel": {"doc", "xls"},
}
OLE_TYPE = {"doc": "application/msword", "xls": "application/vnd.ms-excel"}
KOP_BYTES = 8192


def max_bytes() -> int:
    return settings.DOCUMENT_MAX_MB * 1024 * 1024


@dataclass(frozen=True)
class Gecontroleerd:
    content_type: str
    extensie: str
    grootte: int
    sha256: str


def controleer(bestand) -> Gecontroleerd:
    """Check an UploadedFile; raise ValidationError({"bestand": [...]}) with a Dutch message when refused."""
    grootte = bestand.size or 0
    if grootte == 0:
        raise ValidationError({"bestand": [_("Het bestand is leeg.")]})
    if grootte > max_bytes():
        raise ValidationError(
            {
                "bestand": [
                    _("Het bestand is te groot: het mag hoogstens %(mb)s MB zijn.") % {"mb": max_bytes() // 2**20}
                ]
            }
        )
    bestand.seek(0)
    kop = bestand.read(KOP_BYTES)
    bestand.seek(0)
    soort = filetype.guess(kop)
    extensie = Path(bestand.name or "").suffix.lower().lstrip(".")
    if soort is None or soort.mime not in TOEGESTAAN:
        raise ValidationError(
            {
                "bestand": [
                    _(
                        "Dit soort bestand kan niet worden opgeslagen. Kies een PDF, een foto (JPG, PNG of HEIC) "
                        "of een Office-bestand (Word, Excel of OpenDocument)."
                    )
                ]
            }
        )
    if extensie not in TOEGESTAAN[soort.mime]:
        raise ValidationError(
            {
                "bestand": [
                    _(
                        "De naam van het bestand past niet bij de inhoud: het bestand heet .%(naam)s, maar is een "
                        "%(echt)s-bestand."
                    )
                    % {"naam": extensie or "?", "echt": soort.extension.upper()}
                ]
            }
        )
    content_type = OLE_TYPE.get(extensie, soort.mime) if soort.mime in OLE_TYPE.values() else soort.mime
    digest = hashlib.sha256()
    for stuk in bestand.chunks():
        digest.update(stuk)
    bestand.seek(0)
    return Gecontroleerd(content_type=content_type, extensie=extensie, grootte=grootte, sha256=digest.hexdigest())
