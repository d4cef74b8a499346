#!/usr/bin/env bash
# The demo command of the README: `bash scripts/demo.sh [--port 8000]`.
#
# Creates/updates .venv exactly as scripts/test.sh does, then hands over to scripts/demo.py, which
# migrates, loads the Achterhoek demo data, and runs the web server with a real Celery worker on the
# embedded PostgreSQL and Redis (or on DATABASE_URL / CELERY_BROKER_URL when they are set).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/test.sh
source "$ROOT/scripts/test.sh"   # ensure_venv and friends; sourcing does not run the tests

# The demo renders PIP beschikkingen: WeasyPrint's Pango and the Noto fonts for Arabic and Tigrinya.
SYSTEM_PACKAGES=(fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0)
install_system_packages
ensure_venv "dev,embedded"
cd "$ROOT"
exec "$VENV/bin/python" scripts/demo.py "$@"
