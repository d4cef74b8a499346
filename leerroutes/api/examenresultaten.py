"""Provider API: /api/v1/examenresultaten (DESIGN.md §5)."""

urlpatterns: list = []
