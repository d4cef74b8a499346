"""Partners: contractdashboard pages (issue 7)."""

urlpatterns: list = []
