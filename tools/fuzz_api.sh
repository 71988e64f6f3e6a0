#!/usr/bin/env bash
# Fuzz the public API from its own OpenAPI schema with schemathesis (pinned in
# requirements-dev.txt), against a real server (gunicorn) on a throwaway database with the
# demo content. Exits non-zero on any failed check. Usage: make fuzz [EXAMPLES=25]
# SQLite by default; FUZZ_DATABASE_URL=postgres://… (an empty database) fuzzes on PostgreSQL.
# SEED=n replays a run; FUZZ_REPORT_DIR=dir keeps a JUnit report and a pytest file that
# reproduces each failure.
set -euo pipefail
cd "$(dirname "$0")/.."

examples="${EXAMPLES:-25}"
port="${FUZZ_PORT:-8130}"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

export VAR_DIR="$work/var" API_ANON_RATE=100000/minute \
    STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
unset DATABASE_URL REDIS_URL
if [ -n "${FUZZ_DATABASE_URL:-}" ]; then export DATABASE_URL="$FUZZ_DATABASE_URL"; fi
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_demo_content --verbosity 0
# No request-line limit here: the portal itself must answer overlong queries (with a 400).
# Its log (one "Bad Request" line per refused request) goes to a file, shown when a check fails.
.venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$port" --workers 2 --log-level warning --limit-request-line 0 \
    >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 30); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done

args=(--checks all --max-examples "$examples" --generation-database none --no-color)
if [ -n "${SEED:-}" ]; then args+=(--seed "$SEED"); fi
if [ -n "${FUZZ_REPORT_DIR:-}" ]; then args+=(--report junit,pytest --report-dir "$FUZZ_REPORT_DIR"); fi
status=0
.venv/bin/schemathesis run "http://127.0.0.1:$port/api/v1/schema/" "${args[@]}" || status=$?
if ((status)); then
    printf '\n=== server log, without the requests it refused (4xx) ===\n'
    grep -vE '^(Bad Request|Not Found|Method Not Allowed|Unauthorized|Forbidden|Not Acceptable|Unsupported Media Type|Too Many Requests): ' \
        "$work/server.log" | tail -n 200 || true
fi
exit "$status"
