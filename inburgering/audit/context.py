"""The request id of the work in progress, for correlating audit events of one request or task."""

import contextvars

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
