"""Production settings: the base settings plus what the BIO asks of a deployment behind a TLS proxy (HSTS, secure
cookies and redirects, MFA that cannot be switched off). docker-compose.yml runs web, worker and beat with these;
`manage.py check --deploy --settings=inburgering.settings_production` is part of CI (.ci/run)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment, at least 50 characters "
        '(e.g. python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment (comma-separated host names).")

if not env_bool("MFA_VERPLICHT", True):
    raise ImproperlyConfigured("MFA_VERPLICHT cannot be turned off in production (BIO: MFA for personal data).")
MFA_VERPLICHT = True

# TLS ends at the reverse proxy, which sets X-Forwarded-Proto; every plain-http request is redirected to https.
# The container's health check (docker-compose.yml) calls gunicorn directly and says https itself.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Behind the proxy every request comes from the proxy's address: django-axes (through django-ipware) takes the
# client's address from the X-Forwarded-For the proxy appends, or one client's failures would lock out everyone.
# AXES_PROXY_COUNT is the number of reverse proxies in front of gunicorn; each appends the address it received the
# request from, so the client is that many entries from the right. Whatever a client puts in front of those entries
# itself is ignored (IPWARE_STRICT off: a longer chain is not refused in favour of the proxy's own address).
# django-ipware counts only the proxies named inside the header, one fewer than those in front of gunicorn.
_proxies = int(os.environ.get("AXES_PROXY_COUNT", 1))  # not AXES_PROXY_COUNT as a setting: axes's deprecated name
if _proxies < 1:
    raise ImproperlyConfigured("AXES_PROXY_COUNT must be at least 1: production runs behind a reverse proxy.")
AXES_IPWARE_PROXY_COUNT = _proxies - 1
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
IPWARE_STRICT = False
