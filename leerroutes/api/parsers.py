"""JSON bodies of the provider API with a bounded nesting depth.

Python's JSON decoder recurses per level: a body nested ~1,000 levels deep raised RecursionError (a 500), and a
little less deep would reach the serializers and the error formatting, which recurse too. No body of this API
nests more than three levels (a batch: array → row → field; a report: object → niveaus → value), so anything
deeper than MAX_DIEPTE is refused as 400 before a serializer sees it."""

from __future__ import annotations

from rest_framework import exceptions, parsers

MAX_DIEPTE = 16


class TeDiepGenest(exceptions.ParseError):
    default_detail = f"De JSON is te diep genest: hoogstens {MAX_DIEPTE} niveaus."
    default_code = "te_diep"


def diepte(waarde) -> int:
    """The nesting depth of a parsed JSON value (a scalar is 0), without recursion."""
    diepst, stapel = 0, [(waarde, 0)]
    while stapel:
        waarde, niveau = stapel.pop()
        if isinstance(waarde, dict):
            waarde = list(waarde.values())
        if isinstance(waarde, list):
            niveau += 1
            diepst = max(diepst, niveau)
            if niveau > MAX_DIEPTE:
                break
            stapel.extend((kind, niveau) for kind in waarde)
    return diepst


class JSONParser(parsers.JSONParser):
    """DRF's strict JSON parser (no NaN or Infinity) that refuses deep nesting with 400 instead of crashing."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise TeDiepGenest from None
        if diepte(data) > MAX_DIEPTE:
            raise TeDiepGenest
        return data


class MergePatchParser(JSONParser):
    """JSON Merge Patch (RFC 7396): a JSON object with the fields to change."""

    media_type = "application/merge-patch+json"
