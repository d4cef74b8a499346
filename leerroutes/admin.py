"""Admin for the routes and their components (reference data, loaded by a data migration).

Inschrijving, Aanwezigheid, Examenresultaat and Voortgangsrapportage are deliberately not registered:
they hang off a statushouder, and the beheerder holds no personal data (DESIGN.md §2). The codes are
fixed once created, because the application refers to them.
"""

from django.contrib import admin

from inburgering.accounts.admin import PersonalDataSafeDeleteMixin

from .models import Leerroute, Onderdeel


@admin.register(Leerroute)
class LeerrouteAdmin(PersonalDataSafeDeleteMixin, admin.ModelAdmin):
    list_display = ("naam", "code", "taalniveau_doel", "keurmerk_vereist", "map_verplicht")
    search_fields = ("naam", "code")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()


@admin.register(Onderdeel)
class OnderdeelAdmin(PersonalDataSafeDeleteMixin, admin.ModelAdmin):
    list_display = ("naam", "code", "soort", "examen", "norm_uren", "routes")
    list_filter = ("soort", "examen", "leerroutes")
    search_fields = ("naam", "code")
    filter_horizontal = ("leerroutes",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("leerroutes")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    @admin.display(description="leerroutes")
    def routes(self, onderdeel):
        return ", ".join(route.naam for route in onderdeel.leerroutes.all())
