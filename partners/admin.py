"""Admin for the partner directory and the regions: reference data the beheerder maintains; and the API keys
of the providers."""

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.html import format_html
from rest_framework_api_key.models import APIKey

from inburgering.accounts.admin import PersonalDataSafeDeleteMixin, adopt

from .models import (
    ApiSleutel,
    Arbeidsmarktregio,
    Contactpersoon,
    Contract,
    Gemeente,
    Keurmerk,
    Organisatie,
    Sleutelpersoon,
    keurmerk_geldig,
)
from .services import create_gemeente, geef_api_sleutel_uit, trek_api_sleutel_in
from .services.keurmerken import overlap_fout


@admin.register(Arbeidsmarktregio)
class ArbeidsmarktregioAdmin(PersonalDataSafeDeleteMixin, admin.ModelAdmin):
    list_display = ("naam", "code", "aantal_gemeenten")
    search_fields = ("naam", "code")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_aantal_gemeenten=Count("gemeenten"))

    @admin.display(description="gemeenten", ordering="_aantal_gemeenten")
    def aantal_gemeenten(self, regio):
        return regio._aantal_gemeenten


@admin.register(Gemeente)
class GemeenteAdmin(PersonalDataSafeDeleteMixin, admin.ModelAdmin):
    """A new gemeente is made by `create_gemeente`, which also makes its staff group and the guardian
    grant of that group on the gemeente's dossiers. The group is never chosen in the form; the CBS code
    is fixed once created (the group's name and the audit log refer to it)."""

    list_display = ("naam", "cbs_code", "inwoners", "arbeidsmarktregio")
    list_filter = ("arbeidsmarktregio",)
    list_select_related = ("arbeidsmarktregio",)
    search_fields = ("naam", "cbs_code")
    fields = (
        "naam",
        "cbs_code",
        "inwoners",
        "arbeidsmarktregio",
        "group",
        "pip_termijn_weken",
        "voortgangsgesprek_weken",
        "briefhoofd",
    )

    def get_fields(self, request, obj=None):
        return self.fields if obj is not None else tuple(f for f in self.fields if f != "group")

    def get_readonly_fields(self, request, obj=None):
        return ("cbs_code", "group") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        extra = {k: data[k] for k in ("pip_termijn_weken", "voortgangsgesprek_weken", "briefhoofd") if k in data}
        adopt(
            obj,
            create_gemeente(
                naam=data["naam"],
                cbs_code=data["cbs_code"],
                inwoners=data["inwoners"],
                arbeidsmarktregio=data["arbeidsmarktregio"],
                **extra,
            ),
        )

    def delete_model(self, request, obj):
        """The staff group goes with its gemeente (its members lose nothing else)."""
        group = obj.group
        super().delete_model(request, obj)
        group.delete()

    def delete_queryset(self, request, queryset):
        for gemeente in queryset.select_related("group"):
            self.delete_model(request, gemeente)


class ContactpersoonInline(admin.TabularInline):
    model = Contactpersoon
    extra = 0
    fields = ("naam", "functie", "email", "telefoon")


class KeurmerkFilter(admin.SimpleListFilter):
    title = "keurmerk Blik op Werk"
    parameter_name = "keurmerk"

    def lookups(self, request, model_admin):
        return [
            ("geldig", "geldig"),
            ("verloopt", "verloopt binnen 90 dagen"),
            ("verlopen", "verlopen"),
            ("geen", "geen"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soort = Keurmerk.Soort.BLIK_OP_WERK
        if self.value() == "geldig":
            return queryset.filter(keurmerk_geldig(soort, today))
        if self.value() == "verloopt":
            over_90_dagen = today + dt.timedelta(days=91)
            return queryset.filter(keurmerk_geldig(soort, today), ~keurmerk_geldig(soort, over_90_dagen))
        if self.value() == "verlopen":
            return queryset.filter(~keurmerk_geldig(soort, today), keurmerken__soort=soort).distinct()
        if self.value() == "geen":
            return queryset.exclude(keurmerken__soort=soort)
        return queryset


class KeurmerkFormSet(BaseInlineFormSet):
    """Periods of the same soort do not overlap (the rule of services.keurmerken, here for the admin's inline)."""

    def clean(self):
        super().clean()
        perioden = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("geldig_van")
        ]
        if fout := overlap_fout(perioden):
            raise ValidationError(fout)


class KeurmerkInline(admin.TabularInline):
    model = Keurmerk
    formset = KeurmerkFormSet
    extra = 0
    fields = ("soort", "geldig_van", "geldig_tot", "registratienummer")


@admin.register(Organisatie)
class OrganisatieAdmin(PersonalDataSafeDeleteMixin, admin.ModelAdmin):
    list_display = (
        "naam",
        "type",
        "soort",
        "keurmerk_geldig",
        "actief",
    )
    list_filter = ("type", "soort", KeurmerkFilter, "actief", "arbeidsmarktregios")
    search_fields = ("naam", "kvk_nummer")
    filter_horizontal = ("arbeidsmarktregios",)
    inlines = [KeurmerkInline, ContactpersoonInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("naam", "type", "soort", "kvk_nummer", "actief", "arbeidsmarktregios")}),
        ("Contact", {"fields": ("website", "email", "telefoon")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("keurmerken")  # the column below, without a query a row

    @admin.display(description="keurmerk geldig", boolean=True)
    def keurmerk_geldig(self, organisatie):
        if not any(k.soort == Keurmerk.Soort.BLIK_OP_WERK for k in organisatie.keurmerken.all()):
            return None
        return organisatie.keurmerk_geldig_op(timezone.localdate())


class LooptijdFilter(admin.SimpleListFilter):
    title = "looptijd"
    parameter_name = "looptijd"

    def lookups(self, request, model_admin):
        return [("lopend", "lopend"), ("toekomstig", "nog niet begonnen"), ("afgelopen", "afgelopen")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "lopend":
            return queryset.filter(startdatum__lte=today, einddatum__gte=today)
        if self.value() == "toekomstig":
            return queryset.filter(startdatum__gt=today)
        if self.value() == "afgelopen":
            return queryset.filter(einddatum__lt=today)
        return queryset


@admin.register(Contract)
class ContractAdmin(PersonalDataSafeDeleteMixin, admin.ModelAdmin):
    list_display = (
        "organisatie",
        "leerroute",
        "arbeidsmarktregio",
        "startdatum",
        "einddatum",
        "capaciteit",
        "tarief",
        "kenmerk",
    )
    list_filter = (LooptijdFilter, "arbeidsmarktregio", "leerroute", ("organisatie", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("organisatie", "leerroute", "arbeidsmarktregio")
    search_fields = ("kenmerk", "organisatie__naam")
    autocomplete_fields = ("organisatie",)
    date_hierarchy = "startdatum"


@admin.register(Sleutelpersoon)
class SleutelpersoonAdmin(PersonalDataSafeDeleteMixin, admin.ModelAdmin):
    """Telephone and e-mail of a sleutelpersoon are on the form, not in the list."""

    list_display = ("naam", "arbeidsmarktregio", "gemeente", "talen_weergave", "actief")
    list_filter = ("actief", "arbeidsmarktregio", "gemeente")
    list_select_related = ("arbeidsmarktregio", "gemeente")
    search_fields = ("naam",)

    @admin.display(description="talen")
    def talen_weergave(self, sleutelpersoon):
        return ", ".join(sleutelpersoon.talen)


admin.site.unregister(APIKey)  # the library's own model is unused: a key belongs to an organisation (ApiSleutel)


@admin.register(ApiSleutel)
class ApiSleutelAdmin(admin.ModelAdmin):
    """Keys are issued through `geef_api_sleutel_uit` (the key is shown once, in a message) and revoked through
    `trek_api_sleutel_in` (the action); nothing of a key is edited by hand and keys are never deleted."""

    list_display = ("organisatie", "name", "prefix", "created", "laatst_gebruikt_op", "revoked", "ingetrokken_op")
    list_filter = ("revoked", "organisatie")
    list_select_related = ("organisatie",)
    search_fields = ("name", "prefix", "organisatie__naam")
    actions = ["intrekken"]
    uitgifte = ("organisatie", "name")
    details = (
        "organisatie",
        "name",
        "prefix",
        "created",
        "aangemaakt_door",
        "laatst_gebruikt_op",
        "revoked",
        "ingetrokken_op",
        "ingetrokken_door",
    )

    def get_fields(self, request, obj=None):
        return self.details if obj is not None else self.uitgifte

    def get_readonly_fields(self, request, obj=None):
        return self.details if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisatie":
            kwargs["queryset"] = Organisatie.objects.filter(type__in=Organisatie.AANBIEDERS, actief=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return  # every field is read-only
        sleutel, key = geef_api_sleutel_uit(request.user, form.cleaned_data["organisatie"], form.cleaned_data["name"])
        adopt(obj, sleutel)
        self.message_user(
            request,
            format_html(
                "De API-sleutel voor {} is: <code>{}</code> — kopieer hem nu en geef hem veilig door: "
                "hij wordt niet meer getoond.",
                sleutel.organisatie,
                key,
            ),
            messages.WARNING,
        )

    @admin.action(description="Geselecteerde API-sleutels intrekken", permissions=["change"])
    def intrekken(self, request, queryset):
        sleutels = list(queryset.filter(revoked=False).select_related("organisatie"))
        for sleutel in sleutels:
            trek_api_sleutel_in(request.user, sleutel)
        self.message_user(request, f"{len(sleutels)} API-sleutel(s) ingetrokken.", messages.SUCCESS)
