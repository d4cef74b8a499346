"""The teamleider's forms: the filters of the reassignment list and the (bulk) assignment itself. The
rules of an assignment are the service's (cases/services/toewijzing.py); these only parse the input."""

from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _

from .caseload import CaseloadFilterForm
from .snel import Keuzelijst


class ToewijzenFilterForm(CaseloadFilterForm):
    """The caseload's filters a teamleider picks cases by: name, status and current consultant."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, teamleider=True, **kwargs)
        for naam in ("route", "signaal", "sort"):
            del self.fields[naam]
        self.fields["consultant"].label = _("Huidige consulent")


class ConsulentForm(forms.Form):
    """Assign one case (on the case page) to a consultant of its gemeente."""

    consultant = forms.ModelChoiceField(
        label=_("Consulent"),
        queryset=None,
        to_field_name="uuid",
        empty_label=_("kies een consulent"),
        widget=Keuzelijst,
        error_messages={"required": _("Kies een consulent."), "invalid_choice": _("Kies een consulent uit de lijst.")},
    )

    def __init__(self, *args, consulenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consulenten


class UuidLijstField(forms.Field):
    """The checked rows of a table: a list of public ids (the checkboxes are drawn by the table itself)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Kies ten minste één dossier."),
        "invalid": _("De keuze van dossiers is ongeldig; laad de pagina opnieuw."),
    }

    def to_python(self, value) -> list[UUID]:
        try:
            return [UUID(str(v)) for v in value or []]
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class BulkToewijzenForm(ConsulentForm):
    """Assign the checked cases of the list to one consultant."""

    dossiers = UuidLijstField(label=_("Dossiers"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].label = _("Toewijzen aan")

    def gekozen(self) -> set[str]:
        """The ids checked in the submitted form (also when it is invalid), to check them again on re-render."""
        return set(self.data.getlist(self.add_prefix("dossiers"))) if self.is_bound else set()
