#!/usr/bin/env bash
# NLGov API Design Rules linter on the provider API: `bash scripts/lint_api.sh`.
#
# Generates the OpenAPI document with drf-spectacular (validated against the OpenAPI 3 schema) and lints it
# with Spectral and the ruleset in docs/standards/. Prints errors and warnings; exits non-zero on any error.
# Spectral comes from npm through npx, pinned, and stays in npx's cache (~/.npm/_npx) after the first run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SPECTRAL="@stoplight/spectral-cli@6.16.3"
RULESET="docs/standards/nlgov-api-design-rules.spectral.yaml"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

.venv/bin/python manage.py spectacular --file "$WORK/openapi.yaml" --validate
npx --yes "$SPECTRAL" lint -r "$RULESET" "$WORK/openapi.yaml" --fail-severity error
