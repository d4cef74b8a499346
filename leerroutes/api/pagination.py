"""Page-number pagination with lowerCamelCase parameters (`page`, `pageSize`), as the NLGov rules ask.

Both must be whole numbers from 1 (leerroutes.api.strikt refuses anything else with 400); a `pageSize` above
max_page_size gives max_page_size rows, as docs/provider-api.md says."""

from rest_framework.pagination import PageNumberPagination


class Paginering(PageNumberPagination):
    page_size = 100
    page_size_query_param = "pageSize"
    max_page_size = 1000

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
