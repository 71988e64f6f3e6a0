#!/usr/bin/env bash
# The security audits of CI (`make audit`; docs/security.md, "Audits"):
#   1. bandit on our code: medium and high severity listed; a high-severity finding with at
#      least medium confidence fails the build (configuration: [tool.bandit] in pyproject.toml).
#   2. pip-audit on the pinned requirements and the installed virtualenv, through
#      tools/audit_requirements.py: any known vulnerability fails the build (accepted ones, each
#      with its reason, in tools/audit-ignore.txt); a package it could not check is printed as
#      NOT AUDITED, and fails the build too when AUDIT_REQUIRE_VULN_DB=1.
# Both run to the end, so one report shows everything; the exit status is non-zero if either failed.
# The API fuzz run is the other audit: `make fuzz` (tools/fuzz_api.sh).
set -uo pipefail
cd "$(dirname "$0")/.."

code=(portal cities casestudies events translation notifications tools tests conftest.py manage.py)
failed=()

printf '\n=== bandit: medium and high severity findings (listed, not fatal) ===\n'
.venv/bin/bandit -c pyproject.toml -r "${code[@]}" --quiet --severity-level medium --confidence-level low \
    --format custom --msg-template '{severity}/{confidence} {test_id} {relpath}:{line} {msg}' || true

printf '\n=== bandit: high severity, medium or high confidence (fatal) ===\n'
if .venv/bin/bandit -c pyproject.toml -r "${code[@]}" --quiet --severity-level high --confidence-level medium; then
    echo "bandit: no high-severity findings."
else
    failed+=(bandit)
fi

printf '\n=== pip-audit: known vulnerabilities in the pinned requirements and the virtualenv ===\n'
.venv/bin/python tools/audit_requirements.py || failed+=(pip-audit)

if ((${#failed[@]})); then
    printf '\nAUDIT FAILED: %s\n' "${failed[*]}"
    exit 1
fi
printf '\nAudit passed (read any NOT AUDITED lines above).\n'
