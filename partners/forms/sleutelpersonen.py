"""Forms of the sleutelpersonen pool: the filter and a sleutelpersoon (rules in services.sleutelpersonen)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Gemeente, Sleutelpersoon
from ..selectors.sleutelpersonen import ACTIEF, ALLE, INACTIEF, taalkeuzes


class PoolFilterForm(forms.Form):
    taal = forms.ChoiceField(label=_("Spreekt taal"), required=False)
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        required=False,
        queryset=Gemeente.objects.none(),
        to_field_name="uuid",
        empty_label=_("Alle gemeenten"),
    )
    actief = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ACTIEF, _("Actief")), (INACTIEF, _("Niet actief")), (ALLE, _("Alle"))],
    )

    def __init__(self, *args, regios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taal"].choices = [("", _("Alle talen")), *taalkeuzes()]
        self.fields["gemeente"].queryset = Gemeente.objects.filter(arbeidsmarktregio__in=regios).order_by("naam")


class NationaliteitenField(forms.CharField):
    """ISO 3166 alpha-3 codes separated by commas or spaces, as a list (checked by the service)."""

    def to_python(self, value):
        return [deel for deel in (super().to_python(value) or "").replace(",", " ").split() if deel]

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value


class SleutelpersoonForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=Sleutelpersoon._meta.get_field("naam").max_length)
    arbeidsmarktregio = forms.ModelChoiceField(label=_("Arbeidsmarktregio"), queryset=None)
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=None, required=False, empty_label=_("Geen vaste gemeente")
    )
    talen = forms.MultipleChoiceField(
        label=_("Talen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,  # the service asks for at least one
    )
    nationaliteiten = NationaliteitenField(
        label=_("Nationaliteiten"), required=False, help_text=_("Landcodes van drie letters, bijvoorbeeld SYR, ERI")
    )
    telefoon = forms.CharField(
        label=_("Telefoonnummer"), required=False, max_length=Sleutelpersoon._meta.get_field("telefoon").max_length
    )
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    beschikbaarheid = forms.CharField(
        label=_("Beschikbaarheid"),
        required=False,
        max_length=Sleutelpersoon._meta.get_field("beschikbaarheid").max_length,
        help_text=_("Bijvoorbeeld ‘di en do overdag’"),
    )
    actief = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    def __init__(self, *args, regios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arbeidsmarktregio"].queryset = regios
        self.fields["gemeente"].queryset = Gemeente.objects.filter(arbeidsmarktregio__in=regios).order_by("naam")
        self.fields["talen"].choices = taalkeuzes()
