# Production image: the Django application, run as web (gunicorn), worker (celery) or beat.
# See docker-compose.yml. Configuration comes from the environment (README, "Configuration").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=inburgering.settings_production \
    MEDIA_ROOT=/data/media

# WeasyPrint needs Pango (and HarfBuzz' subsetter for small PDFs); fonts-noto-core gives it
# Arabic (Noto Naskh Arabic) and Tigrinya (Noto Sans Ethiopic) glyphs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, in their own layer: it is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The application. Installed in place (-e) so that BASE_DIR is /app, where templates/ and
# staticfiles/ are; the embedded PostgreSQL/Redis extras are not installed in production.
COPY . .
RUN pip install --no-deps -e . \
    && DATABASE_URL=postgres://build@localhost/build CELERY_BROKER_URL=redis://localhost:6379/0 \
       DJANGO_SETTINGS_MODULE=inburgering.settings python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --user-group --home-dir /app --no-create-home app \
    && mkdir -p /data/media \
    && chown -R app:app /data

USER app
EXPOSE 8000

CMD ["gunicorn", "inburgering.wsgi:application", "--config", "gunicorn.conf.py"]
