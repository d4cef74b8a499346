from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ApiSleutel


class ApiSleutelForm(forms.Form):
    """Issue a key: for one of the active providers the user may manage (`aanbieders`)."""

    organisatie = forms.ModelChoiceField(
        label=_("Taalaanbieder"), queryset=None, empty_label=_("Kies een taalaanbieder")
    )
    naam = forms.CharField(
        label=_("Naam van de sleutel"),
        max_length=ApiSleutel._meta.get_field("name").max_length,
        help_text=_("Waarvoor de sleutel is, bijvoorbeeld het systeem dat hem gebruikt: ‘nachtelijke export’."),
    )

    def __init__(self, *args, aanbieders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = aanbieders
