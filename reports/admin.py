"""Report runs, read-only: a look at the queue (status, progress, period, region) for the beheerder or
a superuser. Runs hold aggregates only; they are started from the application, never edited here."""

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
        "aangemaakt_op",
        "klaar_op",
    )
    list_filter = ("status", "periode", "soort", "arbeidsmarktregio")
    list_select_related = ("arbeidsmarktregio", "gemeente")
    date_hierarchy = "aangemaakt_op"
    exclude = ("aangevraagd_door",)
