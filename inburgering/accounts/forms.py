"""Admin forms for users: a new user is created in a role, with the gemeente or arbeidsmarktregio that
role needs (see `inburgering.accounts.services.create_user`). And the MFA code forms (`inburgering.accounts.mfa`)."""

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from partners.models import Arbeidsmarktregio, Gemeente

from . import roles
from .models import Roltoekenning, User

ROL_KEUZES = [
    (roles.CONSULTANT, "consulent"),
    (roles.TEAMLEIDER, "teamleider"),
    (roles.REGIOCOORDINATOR, "regiocoördinator"),
    (roles.BEHEERDER, "beheerder"),
]


def controleer_rol_en_plaats(form, cleaned) -> None:
    """The role with the place it needs, as errors on the fields."""
    rol = cleaned.get("rol")
    gemeente = cleaned.get("gemeente")
    regio = cleaned.get("arbeidsmarktregio")
    if rol in roles.CASEWORK_ROLES:
        if gemeente is None:
            form.add_error("gemeente", "Een consulent of teamleider hoort bij een gemeente.")
        if regio is not None:
            form.add_error("arbeidsmarktregio", "Alleen een regiocoördinator hoort bij een arbeidsmarktregio.")
    elif rol == roles.REGIOCOORDINATOR:
        if regio is None:
            form.add_error("arbeidsmarktregio", "Een regiocoördinator hoort bij een arbeidsmarktregio.")
        if gemeente is not None:
            form.add_error("gemeente", "Een regiocoördinator hoort niet bij één gemeente.")
    elif rol == roles.BEHEERDER:
        if gemeente is not None:
            form.add_error("gemeente", "Een beheerder hoort niet bij een gemeente.")
        if regio is not None:
            form.add_error("arbeidsmarktregio", "Een beheerder hoort niet bij een arbeidsmarktregio.")


class GebruikerAanmaakForm(AdminUserCreationForm):
    """The admin's add form, with the role and where it applies. Saving goes through `maak_gebruiker` (the admin
    calls it from `UserAdmin.save_model`): the account at once, the role as a Roltoekenning that for a consultant,
    teamleider or beheerder waits for a second beheerder's confirmation."""

    rol = forms.ChoiceField(choices=ROL_KEUZES)
    gemeente = forms.ModelChoiceField(
        Gemeente.objects.all(), required=False, help_text="Verplicht voor een consulent of teamleider."
    )
    arbeidsmarktregio = forms.ModelChoiceField(
        Arbeidsmarktregio.objects.all(), required=False, help_text="Verplicht voor een regiocoördinator."
    )

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email", "fte")

    def clean(self):
        cleaned = super().clean()
        controleer_rol_en_plaats(self, cleaned)
        return cleaned

    def create_fields(self) -> dict:
        """The keyword arguments for `maak_gebruiker`."""
        data = self.cleaned_data
        return {
            "username": data["username"],
            "role": data["rol"],
            "password": data.get("password1") if data.get("set_usable_password") else None,
            "gemeente": data.get("gemeente"),
            "arbeidsmarktregio": data.get("arbeidsmarktregio"),
            "first_name": data.get("first_name", ""),
            "last_name": data.get("last_name", ""),
            "email": data.get("email", ""),
            "fte": data.get("fte"),
        }


class RoltoekenningForm(forms.ModelForm):
    """A beheerder grants a role (with its gemeente or region) to someone else; `door` is set by the admin."""

    door = None
    rol = forms.ChoiceField(choices=ROL_KEUZES)

    class Meta:
        model = Roltoekenning
        fields = ("gebruiker", "rol", "gemeente", "arbeidsmarktregio")

    def clean(self):
        from .services import controleer_aanvraag

        cleaned = super().clean()
        controleer_rol_en_plaats(self, cleaned)
        if not self.errors and cleaned.get("gebruiker") is not None:
            try:
                controleer_aanvraag(
                    self.door,
                    cleaned["gebruiker"],
                    cleaned["rol"],
                    gemeente=cleaned.get("gemeente"),
                    arbeidsmarktregio=cleaned.get("arbeidsmarktregio"),
                )
            except forms.ValidationError as exc:
                self.add_error("gebruiker" if exc.code == "zelf" else None, exc)
        return cleaned


class MfaCodeForm(forms.Form):
    """After the password: a code from the authenticator app or a recovery code. Spaces and dashes are dropped
    and letters lowered, as people copy codes in groups and with capitals."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("De zescijferige code uit uw authenticator-app, of een van uw herstelcodes."),
        error_messages={"required": _("Vul de code in.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


class TotpInstelForm(MfaCodeForm):
    """The first code from the app, which confirms that it holds the key."""

    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=20,
        help_text=_("De zes cijfers die de app nu toont."),
        error_messages={"required": _("Vul de code uit de app in.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        code = super().clean_code()
        RegexValidator(r"^\d{6}$", _("Een code uit de app bestaat uit zes cijfers."))(code)
        return code


class MfaActivatieForm(forms.Form):
    """The one-time activation code from the beheerder, before the first enrolment of an authenticator app."""

    activatiecode = forms.CharField(
        label=_("Activatiecode"),
        max_length=40,
        help_text=_("De code van twaalf tekens die u van de beheerder heeft gekregen, bijvoorbeeld ABCD-EFGH-JKLM."),
        error_messages={"required": _("Vul de activatiecode in.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
