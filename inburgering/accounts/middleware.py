"""MFA required for the roles that see personal data (being written)."""


class MfaVereistMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
