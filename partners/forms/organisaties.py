"""Forms of the partner directory: the search/filter form, an organisation, a contact and the CSV import. The
rules live in partners.services.organisaties; these forms only parse input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Arbeidsmarktregio, Contactpersoon, Gemeente, Organisatie
from ..selectors.organisaties import KEURMERK_GEEN, KEURMERK_GELDIG, KEURMERK_VERLOPEN


class ZoekForm(forms.Form):
    zoek = forms.CharField(
        label=_("Zoeken"), required=False, help_text=_("Naam, plaats, aanbod of naam van een contactpersoon")
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle typen")), *Organisatie.Type.choices]
    )
    soort = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *Organisatie.Soort.choices]
    )
    gemeente = forms.ModelChoiceField(
        label=_("Werkt voor gemeente"),
        required=False,
        queryset=Gemeente.objects.order_by("naam"),
        to_field_name="uuid",
        empty_label=_("Alle gemeenten"),
    )
    keurmerk = forms.ChoiceField(
        label=_("Keurmerk Blik op Werk"),
        required=False,
        choices=[
            ("", _("Alle")),
            (KEURMERK_GELDIG, _("geldig")),
            (KEURMERK_VERLOPEN, _("verlopen")),
            (KEURMERK_GEEN, _("geen keurmerk")),
        ],
    )


class OrganisatieForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=Organisatie._meta.get_field("naam").max_length)
    type = forms.ChoiceField(label=_("Type"), choices=Organisatie.Type.choices)
    soort = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Geen (geen ketenpartner)")), *Organisatie.Soort.choices],
        help_text=_("Alleen voor ketenpartners"),
    )
    kvk_nummer = forms.CharField(label=_("KvK-nummer"), required=False, help_text=_("8 cijfers"))
    plaats = forms.CharField(label=_("Plaats"), required=False)
    aanbod = forms.CharField(
        label=_("Aanbod"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat de organisatie biedt, bijvoorbeeld ‘B1-route, Z-route, duaal’"),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    telefoon = forms.CharField(label=_("Telefoonnummer"), required=False)
    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Werkt voor de gemeenten"),
        required=False,
        queryset=Gemeente.objects.order_by("naam"),
        widget=forms.CheckboxSelectMultiple,
    )
    arbeidsmarktregios = forms.ModelMultipleChoiceField(
        label=_("Actief in de arbeidsmarktregio's"),
        required=False,
        queryset=Arbeidsmarktregio.objects.order_by("naam"),
        widget=forms.CheckboxSelectMultiple,
    )
    actief = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    @staticmethod
    def initial_van(organisatie: Organisatie) -> dict:
        return {
            **{
                veld: getattr(organisatie, veld)
                for veld in OrganisatieForm.base_fields
                if veld not in ("gemeenten", "arbeidsmarktregios")
            },
            "gemeenten": list(organisatie.gemeenten.all()),
            "arbeidsmarktregios": list(organisatie.arbeidsmarktregios.all()),
        }


class ContactpersoonForm(forms.ModelForm):
    """Parses a contact; uniqueness and the rest are the service's (validate_unique off)."""

    class Meta:
        model = Contactpersoon
        fields = ["naam", "functie", "email", "telefoon"]
        labels = {
            "naam": _("Naam"),
            "functie": _("Functie"),
            "email": _("E-mailadres"),
            "telefoon": _("Telefoonnummer"),
        }

    def validate_unique(self):
        """The service checks uniqueness, with its own Dutch message."""


class ImportForm(forms.Form):
    organisaties = forms.FileField(
        label=_("Bestand met organisaties (CSV)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    contactpersonen = forms.FileField(
        label=_("Bestand met contactpersonen (CSV)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    echt = forms.BooleanField(
        label=_("Echt importeren"),
        required=False,
        help_text=_("Zonder dit vinkje wordt alleen gecontroleerd (proefimport) en niets opgeslagen."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("organisaties") and not data.get("contactpersonen"):
            raise forms.ValidationError(_("Kies ten minste één bestand."))
        return data
