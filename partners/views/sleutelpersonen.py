"""Partners: sleutelpersonen pages (issue 7)."""

urlpatterns: list = []
