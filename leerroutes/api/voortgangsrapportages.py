"""Provider API: /api/v1/voortgangsrapportages (DESIGN.md §5)."""

urlpatterns: list = []
