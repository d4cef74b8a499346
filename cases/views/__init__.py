"""Thin views of the consultant workspace, one module per area; each module holds its own urlpatterns."""
