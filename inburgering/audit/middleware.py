import re
import uuid

from .context import client_request_id, request_id

_SAFE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Gives every request its own id (a UUID, `X-Request-ID` on the response) and keeps the client's or proxy's
    `X-Request-ID`, when it looks sane, apart from it (echoed as `X-Client-Request-ID`). The client's value is
    not trusted as an id: two clients may send the same one, so it never stands in for the server's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        client = incoming if _SAFE.match(incoming) else ""
        rid = str(uuid.uuid4())
        tokens = request_id.set(rid), client_request_id.set(client)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(tokens[0])
            client_request_id.reset(tokens[1])
        response["X-Request-ID"] = rid
        if client:
            response["X-Client-Request-ID"] = client
        return response
