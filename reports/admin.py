"""Report runs, read-only: a look at the queue (status, progress, attempts, timings, errors) for the beheerder or
a superuser. Runs hold aggregates only; they are started (and retried) from the application, never edited here."""

from django.contrib import admin

from inburgering.accounts.admin import ReadOnlyAdminMixin

from .models import ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "soort",
        "periode",
        "periode_start",
        "periode_eind",
        "arbeidsmarktregio",
        "gemeente",
        "status",
        "voortgang",
        "pogingen",
        "aangemaakt_op",
        "klaar_op",
        "rekentijd",
        "rendertijd",
    )
    list_filter = ("status", "periode", "soort", ("bovenliggend", admin.EmptyFieldListFilter), "arbeidsmarktregio")
    search_fields = ("foutmelding",)
    list_select_related = ("arbeidsmarktregio", "gemeente")
    date_hierarchy = "aangemaakt_op"
    exclude = ("aangevraagd_door",)
