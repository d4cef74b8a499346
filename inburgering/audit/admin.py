"""The processing log, read-only and for superusers only.

Nobody may add, change or delete a row here (the database refuses UPDATE and DELETE anyway); the
beheerder does not see the log at all. Rows hold identifiers and field names, never a BSN or values.
The queryset goes over the "audit" connection (see `inburgering.audit.routers`).
"""

import uuid

from django.contrib import admin
from django.db.models import Q

from inburgering.accounts.admin import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("tijdstip", "actor_label", "rol", "handeling", "object_type", "gemeente_code")
    # Filters that need no query of their own: the log is large (no date_hierarchy, no DISTINCT lists).
    list_filter = ("tijdstip", "handeling", "actor_type")
    search_fields = ("actor_label",)
    search_help_text = "Een gebruikersnaam, of een UUID: van de betrokkene, het object, de actor of het verzoek."
    show_full_result_count = False
    actions = None
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def get_search_results(self, request, queryset, search_term):
        """Exact matches only, so a search uses the indexes instead of scanning the whole log."""
        term = search_term.strip()
        if not term:
            return queryset, False
        try:
            value = uuid.UUID(term)
        except ValueError:
            return queryset.filter(Q(actor_label=term) | Q(request_id=term) | Q(client_request_id=term)), False
        return (
            queryset.filter(
                Q(statushouder_id=value)
                | Q(statushouder_ids__contains=[value])
                | Q(object_id=str(value))
                | Q(actor_id=str(value))
                | Q(request_id=str(value))
                | Q(client_request_id=str(value))
            ),
            False,
        )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
