from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms.pip import DatumInput

from .brieven import MET_AFSPRAAK, MET_UITERLIJK, datum_voluit
from .models import BriefSjabloon, Document
from .validatie import max_bytes

UPLOAD_TYPES = [
    c for c in Document.Documenttype.choices if c[0] not in (Document.Documenttype.BRIEF_VERZONDEN, "beschikking")
]
ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.heif,.docx,.xlsx,.odt,.doc,.xls"
REACTIE_DAGEN = 14


class UploadForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, foto (JPG, PNG, HEIC) of Office-bestand (Word, Excel, OpenDocument); hoogstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": _("Het bestand is leeg."), "required": _("Kies een bestand.")},
    )
    documenttype = forms.ChoiceField(label=_("Soort document"), choices=[("", "—")] + UPLOAD_TYPES)
    titel = forms.CharField(label=_("Titel"), max_length=200)
    datum = forms.DateField(label=_("Datum van het document"), widget=DatumInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "document")
        super().__init__(*args, **kwargs)
        mb = max_bytes() // 2**20
        if mb != 10:
            self.fields["bestand"].help_text = _(
                "PDF, foto (JPG, PNG, HEIC) of Office-bestand (Word, Excel, OpenDocument); hoogstens %(mb)s MB."
            ) % {"mb": mb}


def afspraak_label(afspraak) -> str:
    return f"{afspraak.get_soort_display()}: {datum_voluit(afspraak.datum)}, {afspraak.begintijd:%H:%M}"


class BriefForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort brief"), choices=BriefSjabloon.Soort.choices, widget=forms.RadioSelect)
    afspraak = forms.ChoiceField(
        label=_("Afspraak"),
        required=False,
        help_text=_("Alleen bij een uitnodiging: de datum, tijd, plaats en tolk komen uit deze afspraak."),
    )
    uiterlijk = forms.DateField(
        label=_("Reageren vóór"),
        required=False,
        widget=DatumInput(),
        help_text=_("Alleen bij een herinnering of waarschuwing."),
    )

    def __init__(self, *args, afspraken=(), **kwargs):
        kwargs["initial"] = {
            "uiterlijk": timezone.localdate() + timedelta(days=REACTIE_DAGEN),
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        self._afspraken = {str(a.uuid): a for a in afspraken}
        self.fields["afspraak"].choices = [("", _("— kies een afspraak —"))] + [
            (str(a.uuid), afspraak_label(a)) for a in afspraken
        ]

    def clean_afspraak(self):
        waarde = self.cleaned_data.get("afspraak")
        return self._afspraken.get(waarde) if waarde else None

    def clean(self):
        data = super().clean()
        soort = data.get("soort")
        if soort in MET_AFSPRAAK and not data.get("afspraak"):
            self.add_error("afspraak", _("Kies de afspraak waarvoor u uitnodigt."))
        if soort in MET_UITERLIJK and not data.get("uiterlijk"):
            self.add_error("uiterlijk", _("Vul de datum in waarvóór de statushouder moet reageren."))
        if soort not in MET_AFSPRAAK:
            data["afspraak"] = None
        if soort not in MET_UITERLIJK:
            data["uiterlijk"] = None
        return data
