#!/usr/bin/env bash
# Fuzz the public API from its own OpenAPI schema with schemathesis, against a real server
# (gunicorn) on a throwaway database with the demo content. Usage: make fuzz [EXAMPLES=150]
# SQLite by default; FUZZ_DATABASE_URL=postgres://… (an empty database) fuzzes on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

examples="${EXAMPLES:-100}"
port="${FUZZ_PORT:-8130}"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

python3 -m venv "$work/st"
"$work/st/bin/pip" install --quiet schemathesis==4.32.5

export VAR_DIR="$work/var" API_ANON_RATE=100000/minute \
    STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
unset DATABASE_URL REDIS_URL
if [ -n "${FUZZ_DATABASE_URL:-}" ]; then export DATABASE_URL="$FUZZ_DATABASE_URL"; fi
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_demo_content --verbosity 0
# No request-line limit here: the portal itself must answer overlong queries (with a 400).
.venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$port" --workers 2 --log-level warning --limit-request-line 0 &
server=$!
for _ in $(seq 30); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done

"$work/st/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/schema/" --checks all --max-examples "$examples"
