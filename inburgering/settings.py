"""Settings from the environment (12-factor). Without DATABASE_URL the embedded PostgreSQL is used."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("DJANGO_REQUIRE_SECRET_KEY") == "1":
        raise RuntimeError("SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-demo"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",  # Django's own form templates, for FORM_RENDERER = TemplatesSetting
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "rest_framework_api_key",
    "drf_spectacular_sidecar",
    "guardian",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "inburgering.accounts",
    "inburgering.audit",
    "partners",
    "leerroutes",
    "cases",
    "reports",
    "duo",
    "agenda",
    "journaal",
    "documenten",
    "taken",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "inburgering.accounts.middleware.GeenOpslagMiddleware",  # Cache-Control: no-store on every non-static response
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "leerroutes.api.middleware.ApiMiddleware",  # after LocaleMiddleware: the API speaks Dutch whatever the client asks
    "inburgering.invoer.InvoerMiddleware",  # NUL characters and over-long URLs: 400/414, not a 500 (issue 17)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "inburgering.accounts.middleware.SessieVerloopMiddleware",  # idle and absolute session time-outs (BIO)
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): a second factor was given this session
    "inburgering.accounts.middleware.MfaVereistMiddleware",  # no personal data without a verified second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "inburgering.audit.middleware.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "inburgering.urls"
# Form fields render through templates/django/forms/ (NL Design System markup, errors beside the field).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "inburgering.wsgi.application"
ASGI_APPLICATION = "inburgering.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "inburgering.context_processors.layout",
            ],
            # NL Design System form rendering (templates/django/forms/): {% load nlds %}
            "libraries": {"nlds": "inburgering.templatetags.nlds"},
        },
    },
]

# --- Databases -------------------------------------------------------------------------------
# PostgreSQL is the only store. The "audit" alias is a second connection to the same database:
# audit events are written there in autocommit, so they survive a rolled-back request transaction.
if os.environ.get("DATABASE_URL"):
    _default_db = dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
else:
    from inburgering import embedded

    _default_db = embedded.postgres_settings()
_default_db.setdefault("ENGINE", "django.db.backends.postgresql")
# The "rapportage" alias is the connection the report tasks read through, in one repeatable-read snapshot, while
# they write their progress through "default"; REPORTS_DATABASE_URL points it at a read replica in production.
_rapportage_db = (
    dj_database_url.parse(os.environ["REPORTS_DATABASE_URL"], conn_max_age=60)
    if os.environ.get("REPORTS_DATABASE_URL")
    else {**_default_db, "TEST": {"MIRROR": "default"}}
)
_rapportage_db.setdefault("ENGINE", "django.db.backends.postgresql")
# No JIT compilation: the signal queries of Vandaag have large estimated costs but touch few rows, and compiling
# them took longer than running them (a teamleider's Vandaag on the national seed: 2.2 s with JIT, 0.16 s without);
# the national report computes faster without it too (9.6 s against 11.5 s, `manage.py bench_reports`).
for _db in (_default_db, _rapportage_db):
    _db.setdefault("OPTIONS", {})
    _db["OPTIONS"]["options"] = " ".join(filter(None, (_db["OPTIONS"].get("options"), "-c jit=off")))
# Prepared statements for the compiled queries (inburgering/compiled.py), the only ones that bind on the server:
# Django's cursors bind on the client and never prepare. Set it to None behind a transaction-mode PgBouncer.
_default_db["OPTIONS"].setdefault("prepare_threshold", 5)
# Persistent connections (CONN_MAX_AGE from DATABASE_URL), checked before reuse. The audit alias keeps its
# connection like "default" does: with CONN_MAX_AGE 0 it opened a new PostgreSQL connection on every request.
for _db in (_default_db, _rapportage_db):
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _default_db, "audit": {**_default_db}, "rapportage": _rapportage_db}
DATABASE_ROUTERS = ["inburgering.audit.routers.AuditRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username before the password is checked
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Messages live in the session, not a cookie: the page that issues an API key shows the key once through one.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
GUARDIAN_RAISE_403 = True

# --- I18n --------------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Vendored NL Design System CSS and htmx (static/vendor/VERSIONS.md); no Node.js at run time.
STATICFILES_DIRS = [BASE_DIR / "static"]
# gunicorn serves the collected static files itself (whitenoise), compressed and with long cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Documents and kept letters of a case: a private, persistent volume outside the web root and outside MEDIA, served
# only by the download view (permission check and audit).
DOCUMENTEN_ROOT = Path(os.environ.get("DOCUMENTEN_ROOT", BASE_DIR / "private" / "documenten"))
DOCUMENT_MAX_MB = int(os.environ.get("DOCUMENT_MAX_MB", "10"))
# A journaal note can be corrected by its author for this long; after that it is fixed (a correction is a new note).
JOURNAAL_BEWERKTIJD_MINUTEN = int(os.environ.get("JOURNAAL_BEWERKTIJD_MINUTEN", "15"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# --- Celery ------------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or ""
if not CELERY_BROKER_URL:
    from inburgering import embedded

    CELERY_BROKER_URL = embedded.broker_url()
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Redis redelivers an unacknowledged task (a worker that died) after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
# Queuing from a web request must not hang on a broker that is down: a short connect timeout and a few quick
# publish retries, then the error, which reports/services.py turns into "queued, starts when the queue is back".
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BEAT_SCHEDULE = {
    # The regional report of the previous month for every region, on the 2nd at 06:00 (reports/tasks.py).
    "maandrapportage-alle-regios": {
        "task": "reports.tasks.maandrapportage_alle_regios",
        "schedule": crontab(minute=0, hour=6, day_of_month=2),
    },
    # Runs whose worker stopped beating (it died) are started again, once; a second time they are marked failed.
    "vastgelopen-rapportages": {"task": "reports.tasks.markeer_vastgelopen_runs", "schedule": 30.0},
    # Runs still waiting after a minute (queued while the broker was down) are queued again.
    "wachtende-rapportages": {"task": "reports.tasks.verstuur_wachtende_runs", "schedule": 60.0},
    # Retention: anonymise cases past the retention period, nightly at 02:30.
    # DUO: meldingen and notifications whose (next) attempt is due, every 30 seconds (duo/tasks.py).
    "duo-verstuur-meldingen": {"task": "duo.tasks.verstuur_wachtende_meldingen", "schedule": 30.0},
    "duo-verwerk-notificaties": {"task": "duo.tasks.verwerk_wachtende_notificaties", "schedule": 30.0},
    # DUO: the Gevolgde uren of the previous month, on the 1st at 03:00; DUO's list of instellingen nightly.
    "duo-gevolgde-uren": {
        "task": "duo.tasks.meld_gevolgde_uren",
        "schedule": crontab(minute=0, hour=3, day_of_month=1),
    },
    "duo-instellingen": {"task": "duo.tasks.haal_instellingen_op", "schedule": crontab(minute=15, hour=3)},
    # The day's stored signals of every active case, at 00:05 (cases/signaalstand.py).
    "signaalstanden-bijwerken": {"task": "cases.tasks.signaalstanden_bijwerken", "schedule": crontab(minute=5, hour=0)},
    "anonimiseer-verlopen-dossiers": {
        "task": "cases.tasks.anonimiseer_verlopen_dossiers",
        "schedule": crontab(minute=30, hour=2),
    },
}
# A report task is stopped after this many seconds (soft: it records the time-out as its error first). While it
# runs it writes a heartbeat every RAPPORTAGE_HARTSLAG_INTERVAL seconds; a run without one for
# RAPPORTAGE_HARTSLAG_SECONDEN lost its worker and is started again, once (reports/services.py: controleer_hartslag).
RAPPORTAGE_SOFT_TIME_LIMIT = int(os.environ.get("RAPPORTAGE_SOFT_TIME_LIMIT", 20 * 60))
RAPPORTAGE_HARTSLAG_INTERVAL = float(os.environ.get("RAPPORTAGE_HARTSLAG_INTERVAL", 10))
RAPPORTAGE_HARTSLAG_SECONDEN = int(os.environ.get("RAPPORTAGE_HARTSLAG_SECONDEN", 60))
# Connections a report run computes on side by side, in the run's one snapshot (reports/gelijktijdig.py): about
# the number of cores the (replica) database can give one run; 1 computes one query after the other.
RAPPORTAGE_WERKERS = max(1, int(os.environ.get("RAPPORTAGE_WERKERS", 3)))

# --- Cache: the API's throttle counters and the report charts. Shared between processes through Redis when
# REDIS_URL is set — a backend that treats an unreachable Redis as a miss (inburgering/cache.py), so pages keep
# serving; one process's memory otherwise (the embedded demo, tests).
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "inburgering.cache.FouttolerantRedisCache", "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Provider REST API (DESIGN.md §5, leerroutes/api) ------------------------------------------
API_VERSION = "1.0.0"  # the full version, in the API-Version header of every /api/v1 response
API_BATCH_MAX_RIJEN = 5000  # rows per attendance batch; more is 413
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/min")  # requests per API key
API_MISLUKT_PER_MINUUT = int(os.environ.get("API_MISLUKT_PER_MINUUT", "20"))  # failed API keys per address a minute
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # a batch of 5,000 rows is ~1.5 MB of JSON
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["leerroutes.api.authentication.ApiSleutelAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["leerroutes.api.authentication.IsTaalaanbieder"],
    "DEFAULT_THROTTLE_CLASSES": ["leerroutes.api.throttling.ApiSleutelThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["leerroutes.api.parsers.JSONParser"],  # bounded nesting depth (issue 17)
    "DEFAULT_PAGINATION_CLASS": "leerroutes.api.pagination.Paginering",
    "EXCEPTION_HANDLER": "leerroutes.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inburgering — API voor taalaanbieders",
    "DESCRIPTION": (
        "Inschrijvingen lezen, aanmeldingen beantwoorden en inschrijvingen beëindigen; aanwezigheid, "
        "examenresultaten, voortgangsrapportages en het taalschakeltraject melden. "
        "Zie docs/provider-api.md voor sleutels, voorbeelden, foutmeldingen en limieten."
    ),
    "VERSION": API_VERSION,
    "CONTACT": {
        "name": "Functioneel beheer Inburgering",
        "email": "inburgering@example.org",
        "url": "https://example.org/inburgering",
    },
    "SERVERS": [{"url": "/api/v1", "description": "deze omgeving"}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,  # paths relative to the server URL, which carries the major version
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "leerroutes.api.schema.nlgov_postprocessing",  # API-Version header, Problem, 401/403/429
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# --- Domain norms (DESIGN.md §4, DOMAIN.md). Per-gemeente overrides live on Gemeente. ---------
INBURGERING_NORMEN = {
    "PIP_TERMIJN_WEKEN": 10,  # PIP vastgesteld within 10 weeks of max(kennisgeving, BRP)
    "PIP_SIGNAAL_WEKEN": 2,  # signal 2 weeks before the PIP deadline
    "INBURGERINGSTERMIJN_JAREN": 3,  # from the day after the PIP dagtekening
    "VOORTGANGSGESPREK_WEKEN": 13,  # at least every 13 weeks
    "FOLLOW_UP_MAANDEN": (6, 12, 24),  # after vaststelling
    "VERZUIM_PERCENTAGE": 80,  # attendance below 80% over the last 4 weeks
    "VERZUIM_WEKEN": 4,
    "VERZUIM_ONGEOORLOOFD_OP_RIJ": 3,
    "TERMIJN_SIGNAAL_MAANDEN": 6,
    "SCHAKELEN_MAX_MAANDEN": 18,  # schakelen only within 1.5 years of the termijn
    "AFSCHALEN_MIN_UREN": 600,
    "ZROUTE_LES_UREN": 800,
    "ZROUTE_PARTICIPATIE_UREN": 800,
    "ZROUTE_UREN_GEZINSMIGRANT": 800,  # gezinsmigrant and overig: lessons and participation together
    "MAP_PRAKTIJKUREN": 40,
    "PVT_UREN": 12,
    "ONTZORGEN_MIN_MAANDEN": 6,
    "GEEN_INSCHRIJVING_WEKEN": 4,
    "ONTZORGEN_SIGNAAL_WEKEN": 4,  # signal when ontzorgen ends within 4 weeks
    "AANMELDING_ANTWOORD_WERKDAGEN": 5,  # the provider answers an aanmelding within 5 werkdagen (Mon–Fri)
    "HANDHAVING_STAP_WEKEN": 2,  # intake handhaving ladder: the next step is due 2 weeks after the last one
    "VERZUIM_GEOORLOOFD_LANG_WEKEN": 3,  # excused absence this long (uninterrupted) gets its own signal
}
SUPPRESSIE_DREMPEL = 5  # counts below this are shown as "<5" to a regiocoördinator

# --- Security (BIO) ----------------------------------------------------------------------------
# MFA (TOTP, django-otp) for every role that sees personal data; off only where the environment says so (the
# embedded demo: scripts/demo.py); settings_production refuses to start with it off.
MFA_VERPLICHT = env_bool("MFA_VERPLICHT", True)
OTP_TOTP_ISSUER = "Inburgering"
# Nobody reads another user's TOTP secret or QR code in the admin (django-otp's config and qrcode views answer 403,
# also for an unknown device, which gave a 500).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The first enrolment of an authenticator app needs a one-time activation code a beheerder issues (admin, or
# `manage.py mfa_activatiecode`); it is valid this many hours.
MFA_ACTIVATIECODE_UREN = float(os.environ.get("MFA_ACTIVATIECODE_UREN", 72))
# Lockout after repeated failed logins (django-axes), for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_UREN", 0.25))
# Locked per (username, client address) pair: five wrong passwords from one workstation block that name there only,
# not the same user elsewhere nor anyone else behind the same proxy. The client address comes from django-ipware,
# by default REMOTE_ADDR; behind the reverse proxy settings_production reads the proxy's X-Forwarded-For instead.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"  # status 429 (AXES_HTTP_RESPONSE_CODE), with the cool-off
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True  # Django's defaults, stated: the BIO asks for these headers on every page
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends after this many minutes without a request, and this many hours after the login in any case (BIO);
# the cookie lives no longer than the maximum (inburgering.accounts.middleware.SessieVerloopMiddleware).
SESSION_IDLE_MINUTES = float(os.environ.get("SESSIE_INACTIEF_MINUTEN", 30))
SESSION_MAX_HOURS = float(os.environ.get("SESSIE_MAX_UREN", 12))
SESSION_COOKIE_AGE = int(SESSION_MAX_HOURS * 3600)
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers), not from the cookie
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere: scripts and styles are files under static/ (htmx is told not to inject its
# indicator <style>, base.html), the SVG charts use presentation attributes, Swagger UI loads its init script as a
# file (SpectacularSwaggerSplitView). tests/browser/test_csp.py loads the pages with this policy enforced.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Retention (AVG) ---------------------------------------------------------------------------
# A statushouder whose traject ended more than this many years ago is anonymised by a beat job (cases/tasks.py).
BEWAARTERMIJN_JAREN = int(os.environ.get("BEWAARTERMIJN_JAREN", 5))

# --- DUO-koppeling (duo/, docs/standards/duo-m2m) -----------------------------------------------------------
# DUO's OIN: the `doel` of our meldingen, and the OIN a notification's client certificate must carry.
DUO_OIN = os.environ.get("DUO_OIN", "00000001800866472000")
# DUO's base URL (the APIs live under /v{major}); empty = no meldingen are sent, they wait in the outbox.
DUO_API_URL = os.environ.get("DUO_API_URL", "")
# Our PKIoverheid (private root) client certificate and key, and the CA that signed DUO's server certificate.
DUO_CLIENT_CERT = os.environ.get("DUO_CLIENT_CERT", "")
DUO_CLIENT_KEY = os.environ.get("DUO_CLIENT_KEY", "")
DUO_CA_BUNDLE = os.environ.get("DUO_CA_BUNDLE", "")
# Seconds to connect and to wait for an answer.
DUO_TIMEOUT = (float(os.environ.get("DUO_CONNECT_TIMEOUT", 5)), float(os.environ.get("DUO_READ_TIMEOUT", 30)))
# Inbound mutual TLS: the reverse proxy verifies DUO's certificate and passes it on in these headers (README,
# "DUO-koppeling"); only trusted when set, and the proxy must overwrite any header of that name a client sends.
DUO_PROXY_CERT_HEADER = os.environ.get("DUO_PROXY_CERT_HEADER", "")  # e.g. HTTP_X_SSL_CLIENT_CERT
DUO_PROXY_VERIFY_HEADER = os.environ.get("DUO_PROXY_VERIFY_HEADER", "")  # e.g. HTTP_X_SSL_CLIENT_VERIFY
# A melding or notification that failed (connection error, 5xx) is tried again after 30 s, 1 min, 2 min, ... up to
# this many hours apart; it is never given up: DUO being away for a day delays, it does not lose.
DUO_MAX_WACHTTIJD_UREN = float(os.environ.get("DUO_MAX_WACHTTIJD_UREN", 6))

# Every handler masks BSNs (a 9-digit number passing the elfproef), and so does the error report mailed to the
# admins: a safety net behind "never log a BSN" (inburgering/logfilters.py; gunicorn's logs: gunicorn.conf.py).
# Django's own handlers (mail_admins, runserver's request log) are redefined here to carry the filter too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "bsn": {"()": "inburgering.logfilters.BsnMasker"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["bsn"]},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "filters": ["require_debug_false", "bsn"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["bsn"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        **{name: {"level": "WARNING"} for name in ("pgserver", "weasyprint", "fontTools")},
        "django": {"handlers": ["mail_admins"], "level": "INFO"},  # and on to the root's console
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
DEFAULT_EXCEPTION_REPORTER = "inburgering.logfilters.BsnVrijeExceptionReporter"
