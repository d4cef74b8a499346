"""Provider API: /api/v1/aanwezigheid (DESIGN.md §5)."""

urlpatterns: list = []
