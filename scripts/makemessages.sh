#!/usr/bin/env bash
# Translations: `bash scripts/makemessages.sh` extracts every translatable string into locale/en/LC_MESSAGES/django.po
# (Dutch is the source language; English is the translation) and compiles django.mo. Translate the new, empty
# msgstr entries in django.po, then run it again (it merges and recompiles) and commit both files.
#
# `bash scripts/makemessages.sh --check` (CI) changes nothing and fails when a string in the code or templates is not
# in the committed django.po, when an entry is untranslated or fuzzy, or when django.mo is not compiled from it.
# The options below are those of the check: no line numbers (--no-location) and no wrapping, so that only a change
# of the strings themselves changes django.po. Needs GNU gettext (Debian: gettext; scripts/test.sh installs it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
PO=locale/en/LC_MESSAGES/django.po
MO=locale/en/LC_MESSAGES/django.mo

makemessages() {
    "$PYTHON" manage.py makemessages -l en --no-location --no-wrap \
        --ignore=.venv --ignore=.data --ignore=node_modules --ignore=staticfiles --ignore=static "$@"
}

if [[ "${1:-}" != "--check" ]]; then
    makemessages
    "$PYTHON" manage.py compilemessages -l en --ignore=.venv --ignore=.data
    msgfmt --statistics -o /dev/null "$PO"
    exit 0
fi

status=0
tmp="$(mktemp -d)"
trap 'cp "$tmp/django.po.committed" "$PO" 2>/dev/null || true; rm -rf "$tmp"' EXIT
cp "$PO" "$tmp/django.po.committed"

# 1. django.mo is django.po compiled.
msgfmt --check-format -o "$tmp/django.mo" "$PO"
if ! cmp -s "$tmp/django.mo" "$MO"; then
    echo "error: $MO is not compiled from $PO: run bash scripts/makemessages.sh and commit $MO" >&2
    status=1
fi

# 2. No untranslated or fuzzy entries.
untranslated="$(msgattrib --untranslated --no-obsolete --no-wrap "$PO" | grep '^msgid ' | grep -v '^msgid ""$' || true)"
fuzzy="$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$PO" | grep '^msgid ' | grep -v '^msgid ""$' || true)"
if [[ -n "$untranslated$fuzzy" ]]; then
    echo "error: $PO has untranslated or fuzzy entries: translate them, then run bash scripts/makemessages.sh" >&2
    printf '%s\n' "$untranslated" "$fuzzy" | sed '/^$/d; s/^/  /' >&2
    status=1
fi

# 3. Every string in the code and templates is in the committed django.po (only the creation date may differ).
makemessages >/dev/null
if ! diff -u -I '^"POT-Creation-Date' "$tmp/django.po.committed" "$PO" >"$tmp/diff"; then
    echo "error: $PO is not up to date with the strings in the code and templates (new strings below with +):" >&2
    grep -E '^[-+]msgid ' "$tmp/diff" | sed 's/^/  /' >&2 || true
    echo "run bash scripts/makemessages.sh, translate the new entries, run it again and commit locale/" >&2
    status=1
fi
exit "$status"
