"""Page-number pagination with lowerCamelCase parameters (`page`, `pageSize`), as the NLGov rules ask."""

from rest_framework.pagination import PageNumberPagination


class Paginering(PageNumberPagination):
    page_size = 100
    page_size_query_param = "pageSize"
    max_page_size = 1000
