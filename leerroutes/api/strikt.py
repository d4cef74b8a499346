"""Strict input for the provider API, as the OpenAPI document promises (issue 17, item 8): what the document
does not describe is refused with 400 and the field named, instead of being guessed at or ignored.

- `Datum`: only `JJJJ-MM-DD` (Python's `date.fromisoformat` also takes `2026-W48-1` and `20261123`);
- `JaNee`: only the JSON booleans `true` and `false` (DRF also takes `"true"`, `1`, `"yes"`);
- `StriktSerializer`: a body with a field the operation does not know (`bsn`, a typo) names that field;
- `StrikteQuery`: a query parameter the operation does not document, one given twice or given empty
  (`vanaf=`), and a `page` or `pageSize` that is not a whole number from 1 (`pageSize=null`) are refused."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rest_framework import serializers

from leerroutes.services import DATUM_PATROON

DATUM_ONGELDIG = "Geen geldige datum; schrijf JJJJ-MM-DD."
ONBEKEND_VELD = "Onbekend veld; dit verzoek kent het niet."
PAGINERING = ("page", "pageSize")
GEHEEL_GETAL = re.compile(r"[1-9][0-9]{0,8}")


class Datum(serializers.DateField):
    """A date written exactly as JJJJ-MM-DD."""

    default_error_messages = {"invalid": DATUM_ONGELDIG, "datetime": DATUM_ONGELDIG}

    def to_internal_value(self, value):
        if not (isinstance(value, str) and DATUM_PATROON.fullmatch(value)):
            self.fail("invalid")
        return super().to_internal_value(value)


class JaNee(serializers.BooleanField):
    """A JSON boolean, nothing else."""

    default_error_messages = {"invalid": "Gebruik true of false."}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid")


class StriktSerializer(serializers.Serializer):
    """A request body that names every field it does not know, beside the other errors."""

    def to_internal_value(self, data):
        onbekend = {}
        if isinstance(data, Mapping):
            bekend = {naam for naam, veld in self.fields.items() if not veld.read_only}
            onbekend = {str(sleutel): [ONBEKEND_VELD] for sleutel in data if sleutel not in bekend}
        try:
            waarden = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if onbekend and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **onbekend}) from None
            raise
        if onbekend:
            raise serializers.ValidationError(onbekend)
        return waarden


def query_fouten(query_params, toegestaan) -> dict[str, str]:
    """{parameter: reason} for every query parameter the operation does not take as given."""
    fouten = {}
    for naam in query_params:
        waarden = query_params.getlist(naam)
        if naam not in toegestaan:
            fouten[naam] = "Onbekende parameter; deze operatie kent hem niet."
        elif len(waarden) > 1:
            fouten[naam] = "Geef deze parameter hoogstens één keer."
        elif not waarden[0].strip():
            fouten[naam] = "Leeg; geef een waarde of laat de parameter weg."
        elif naam in PAGINERING and not GEHEEL_GETAL.fullmatch(waarden[0]):
            fouten[naam] = "Geef een geheel getal vanaf 1."
    return fouten


class StrikteQuery:
    """A DRF view mixin: the query parameters the operation takes (`query_parameters`; none by default). Checked
    after authentication, so a request without a valid key still gets 401 first."""

    query_parameters: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        toegestaan = self.query_parameters if request.method in ("GET", "HEAD") else ()
        if fouten := query_fouten(request.query_params, toegestaan):
            raise serializers.ValidationError(fouten)
