"""Gunicorn settings for the production image (docker-compose.yml). Override with GUNICORN_* variables."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
errorlog = "-"
# Both logs mask every BSN (a 9-digit number passing the elfproef): an old ?q= link or a referer must not put one in
# the access log (inburgering/logfilters.py).
logger_class = "inburgering.logfilters.GunicornLogger"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's maximum request line (its default of 4094 answered a long URL with its own HTML 400). Django refuses a
# URL over 4,096 characters itself (inburgering.invoer: 414, problem+json under /api/), so it must see such URLs.
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", "8190"))
