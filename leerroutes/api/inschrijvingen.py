"""Provider API: /api/v1/inschrijvingen (DESIGN.md §5)."""

urlpatterns: list = []
