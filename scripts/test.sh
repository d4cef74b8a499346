#!/usr/bin/env bash
# The test command of the README: `bash scripts/test.sh [pytest arguments]`.
#
# Works on a fresh clone with no virtualenv active: creates .venv with Python 3.11 if it is missing,
# installs the project with its `dev` and `embedded` extras (again only when pyproject.toml changed),
# then runs pytest from the repository root and exits with pytest's exit code.
#
# Without DATABASE_URL the settings start the embedded PostgreSQL (pgserver, in .data/pg); this script
# stops it again afterwards, unless it was already running before the script started.
#
# Other scripts (scripts/demo.sh, .ci/run) `source` this file for its functions; `main` only runs
# when the file is executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
DATA_DIR="${INBURGERING_DATA_DIR:-$ROOT/.data}"

if [[ -t 2 ]]; then log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }; else log() { printf '==> %s\n' "$*" >&2; }; fi

# Python 3.11: the project's requires-python is ">=3.11,<3.12".
find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [[ -n "$candidate" ]] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "error: Python 3.11 is needed (tried \$PYTHON, python3.11, python3)" >&2
    return 1
}

# Create .venv if needed and install the project with the given extras. A stamp file in .venv holds
# the checksum of pyproject.toml and the extras, so an unchanged project is not installed twice.
ensure_venv() {
    local extras="${1:-dev,embedded}"
    local python stamp want
    if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
        python="$(find_python)"
        log "Creating virtualenv .venv with $python"
        rm -rf "$VENV"
        "$python" -m venv "$VENV"
    fi
    stamp="$VENV/.inburgering-installed"
    want="$(cd "$ROOT" && sha256sum pyproject.toml | cut -d' ' -f1) [$extras]"
    if [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
        return 0
    fi
    log "Installing the project into .venv (pip install -e '.[$extras]')"
    local out
    if ! out="$(cd "$ROOT" && "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -e ".[$extras]" 2>&1)"; then
        printf '%s\n' "$out" >&2
        return 1
    fi
    # pip's remaining chatter, less the notes about this machine's absent local package folders.
    printf '%s\n' "$out" | grep -v -e "is ignored: it is neither a file nor a directory" -e '^$' >&2 || true
    printf '%s\n' "$want" >"$stamp"
}

# ---------------------------------------------------------------------------------------------
# install_system_packages: Debian packages the test suite needs beside the Python packages.
# poppler-utils (pdftotext, pdffonts) lets tests read generated PDFs back; fonts-noto-core gives
# WeasyPrint Arabic and Ethiopic glyphs; the pango libraries are WeasyPrint's own requirement; chromium runs the
# browser tests (tests/browser, Playwright with Debian's chromium); gettext compiles and checks the translations.
# Installed only when missing, and only as root with apt-get available; otherwise it just warns.
# Later issues add their packages (e.g. chromium for browser tests) to SYSTEM_PACKAGES.
# ---------------------------------------------------------------------------------------------
SYSTEM_PACKAGES=(poppler-utils fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 chromium gettext)

install_system_packages() {
    local missing=() pkg
    for pkg in "${SYSTEM_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]})) || return 0
    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        log "Warning: missing system packages (${missing[*]}); install them with apt-get as root"
        return 0
    fi
    log "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Is the embedded PostgreSQL (pgserver, in $DATA_DIR/pg) running right now?
embedded_postgres_running() {
    local pidfile="$DATA_DIR/pg/postmaster.pid" pid
    [[ -f "$pidfile" ]] || return 1
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

stop_embedded_postgres() {
    (cd "$ROOT" && "$VENV/bin/python" -c 'from inburgering import embedded; embedded.stop_postgres()') || true
}

main() {
    install_system_packages
    ensure_venv "dev,embedded"
    cd "$ROOT"

    local was_running=1
    if [[ -z "${DATABASE_URL:-}" ]]; then
        embedded_postgres_running || was_running=0
        log "DATABASE_URL is not set: using the embedded PostgreSQL in ${DATA_DIR#"$ROOT"/}/pg"
    fi

    local status=0
    "$VENV/bin/pytest" "$@" || status=$?

    if [[ -z "${DATABASE_URL:-}" && "$was_running" == 0 ]]; then
        stop_embedded_postgres
    fi
    return "$status"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
