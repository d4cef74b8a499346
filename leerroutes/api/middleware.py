"""For every request under /api/: Dutch as the language (DRF's own validation messages included, whatever
the client's Accept-Language), the `API-Version` header (full semver, NLGov rule) on the response, and
problem+json for errors that happen outside a DRF view (unknown path, body over the size limit, an unexpected
error)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils import translation

from .problems import PROBLEM_JSON, problem_response

API_PREFIX = "/api/"
logger = logging.getLogger("inburgering.api")


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        translation.activate("nl")
        response = self.get_response(request)
        is_document = request.path.endswith((".yaml", ".json")) or request.path.rstrip("/").endswith("/docs")
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(PROBLEM_JSON):
            if not is_document or response.status_code >= 500:
                response = problem_response(response.status_code, instance=request.path)
        response["API-Version"] = settings.API_VERSION
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return problem_response(413, "De body is groter dan de limiet van deze API.", instance=request.path)
        logger.exception("Onverwachte fout in de API op %s", request.path)
        return problem_response(500, instance=request.path)
