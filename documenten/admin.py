"""A beheerder edits the fixed texts of the letters here (no adding or deleting: there is one per kind)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from inburgering.accounts import roles

from .brieven import PLAATSHOUDERS, onbekende_plaatshouders
from .models import BriefSjabloon


class BriefSjabloonForm(forms.ModelForm):
    class Meta:
        model = BriefSjabloon
        fields = ["onderwerp", "aanhef", "kern", "slot"]

    def clean(self):
        data = super().clean()
        for veld in ("onderwerp", "aanhef", "kern", "slot"):
            try:
                onbekend = onbekende_plaatshouders(data.get(veld) or "")
            except ValueError:
                self.add_error(veld, _("Een accolade { of } staat los. Gebruik ze alleen rond een plaatshouder."))
                continue
            if onbekend:
                self.add_error(
                    veld,
                    _("Onbekende plaatshouder: %(namen)s. Gebruik alleen: %(toegestaan)s.")
                    % {
                        "namen": ", ".join(f"{{{n}}}" for n in onbekend),
                        "toegestaan": ", ".join(f"{{{n}}}" for n in PLAATSHOUDERS),
                    },
                )
        return data


@admin.register(BriefSjabloon)
class BriefSjabloonAdmin(admin.ModelAdmin):
    form = BriefSjabloonForm
    list_display = ["soort", "onderwerp", "gewijzigd_op"]
    readonly_fields = ["soort", "gewijzigd_op"]
    fields = ["soort", "onderwerp", "aanhef", "kern", "slot", "gewijzigd_op"]

    # A beheerder edits the texts without a group permission (roles.ROLE_PERMISSIONS does not list this model).
    def _beheerder(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and roles.has_role(request.user, roles.BEHEERDER)

    def has_module_permission(self, request):
        return self._beheerder(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._beheerder(request) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._beheerder(request) or super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
