"""/api/v1: the provider API (DESIGN.md §5), its OpenAPI document and its interactive docs.

No trailing slashes (NLGov rule): paths are written without one and the views are exempt from APPEND_SLASH.
Anything else under /api/ answers 404 as problem+json (leerroutes.api.middleware)."""

from django.urls import path
from django.views.decorators.common import no_append_slash
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView, SpectacularYAMLAPIView

from . import (
    aanwezigheid,
    examenresultaten,
    inschrijvingen,
    schema,  # noqa: F401 (registers the Api-Key security scheme with drf-spectacular)
    voortgangsrapportages,
)

OPENBAAR = {"authentication_classes": [], "permission_classes": [], "throttle_classes": []}

urlpatterns = [
    path("openapi.yaml", no_append_slash(SpectacularYAMLAPIView.as_view(**OPENBAAR)), name="openapi-yaml"),
    path("openapi.json", no_append_slash(SpectacularJSONAPIView.as_view(**OPENBAAR)), name="openapi-json"),
    # The split view serves its init script as a file (docs?script=): the Content-Security-Policy allows no inline
    # script; the template drops drf-spectacular's inline <style> for a stylesheet.
    path(
        "docs",
        no_append_slash(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:openapi-yaml", template_name="api/swagger_ui.html", **OPENBAAR
            )
        ),
        name="docs",
    ),
    *inschrijvingen.urlpatterns,
    *aanwezigheid.urlpatterns,
    *examenresultaten.urlpatterns,
    *voortgangsrapportages.urlpatterns,
]
