"""The request id of the work in progress, for correlating audit events of one request or task: the server's own
(`request_id`) and, apart from it, the X-Request-ID the client sent (`client_request_id`)."""

import contextvars

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
client_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("client_request_id", default="")
