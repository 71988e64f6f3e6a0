#!/usr/bin/env python3
"""pip-audit on the pinned requirements and on the installed environment, never passing silently.

pip-audit reports a package it could not look up as "skipped" and still exits 0, so a run with
no reachable vulnerability database looks like a clean one. This wrapper counts those packages
and says so: every package is either AUDITED or NOT AUDITED, with the reason.

Where pip-audit's per-release lookup fails, the package's project record on PyPI
(/pypi/<name>/json) is used instead, but only when that record describes our very version:
its `vulnerabilities` list belongs to the release in its `info.version` (the latest), so it
says nothing about an older pin, and an older pin stays NOT AUDITED.

Exit status: 1 when a known vulnerability is found (outside tools/audit-ignore.txt); 2 when a
package could not be audited and AUDIT_REQUIRE_VULN_DB=1; 0 otherwise, with a loud
"NOT AUDITED" line for each package it could not check.

Environment: AUDIT_VULN_SERVICE=pypi|osv (pip-audit's service, default pypi),
AUDIT_REQUIRE_VULN_DB=1 (unaudited packages are fatal: for a CI with internet access).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT_FILES = [ROOT / "requirements.txt", ROOT / "requirements-dev.txt"]
IGNORE_FILE = ROOT / "tools" / "audit-ignore.txt"
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"
PROJECT_JSON = "https://pypi.org/pypi/{name}/json"
TIMEOUT = 30


def read_ignores(path=IGNORE_FILE):
    """Advisory ids we accept, each with the reason it is accepted (a line without one is an error)."""
    ignores = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        advisory, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{path.name}:{number}: {advisory} needs a reason after the id.")
        ignores[advisory] = reason.strip()
    return ignores


def read_pins(path, seen=None):
    """{canonical name: version} of the `name==version` lines, following `-r other.txt`."""
    seen = seen if seen is not None else set()
    pins = {}
    if path in seen:
        return pins
    seen.add(path)
    for line in path.read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            pins.update(read_pins(path.parent / line.split(None, 1)[1], seen))
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        if len(specifiers) != 1 or specifiers[0].operator != "==":
            sys.exit(f"{path.name}: {line!r} is not pinned with ==; pip-audit audits exact pins.")
        pins[canonicalize_name(requirement.name)] = specifiers[0].version
    return pins


def installed_versions():
    from importlib.metadata import distributions

    return {canonicalize_name(d.metadata["Name"]): d.version for d in distributions() if d.metadata["Name"]}


def run_pip_audit(args, service, ignores):
    """pip-audit's JSON report, or (None, reason) when it could not run its audit at all."""
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "report.json"
        command = [str(PIP_AUDIT), *args, "--vulnerability-service", service, "--progress-spinner", "off"]
        command += ["--format", "json", "--output", str(report), "--desc", "off", "--aliases", "on"]
        for advisory in ignores:
            command += ["--ignore-vuln", advisory]
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        if report.exists():
            return json.loads(report.read_text()), None
        lines = [line for line in result.stderr.splitlines() if line.strip() and "WARNING" not in line]
        errors = [line for line in lines if "Error" in line or "error" in line]
        return None, (errors or lines or [f"pip-audit exited {result.returncode}"])[-1].strip()


def project_record_vulnerabilities(name, version, ignores):
    """The advisories PyPI's project record lists for `version`, or (None, reason) if it cannot tell."""
    try:
        response = requests.get(PROJECT_JSON.format(name=name), timeout=TIMEOUT)
        response.raise_for_status()
        record = response.json()
    except (requests.RequestException, ValueError) as error:
        return None, f"PyPI's project record could not be read ({error.__class__.__name__})"
    latest = record.get("info", {}).get("version", "")
    try:
        same_release = Version(latest) == Version(version)
    except InvalidVersion:
        same_release = latest == version
    if not same_release:
        return None, f"PyPI describes only its latest release ({latest}) without the per-release lookup"
    found = []
    for vulnerability in record.get("vulnerabilities") or []:
        ids = {vulnerability.get("id"), *(vulnerability.get("aliases") or [])}
        if vulnerability.get("withdrawn") or ids & ignores.keys():
            continue
        found.append({"id": vulnerability.get("id"), "fix_versions": vulnerability.get("fixed_in") or []})
    return found, None


def audit(targets, service, ignores):
    """{(name, version): (state, detail, source)}: state "ok" or "vulnerable" (detail: the advisories)
    or "not audited" (detail: why); source: which lookup answered."""
    results = {}
    for label, args, versions in targets:
        report, failure = run_pip_audit(args, service, ignores)
        if report is None:
            print(f"pip-audit ({service}) on {label} could not run: {failure}", flush=True)
            for name, version in versions.items():
                results.setdefault((name, version), ("not audited", f"pip-audit ({service}) could not run", None))
            continue
        for dependency in report["dependencies"]:
            name = canonicalize_name(dependency["name"])
            version = dependency.get("version") or versions.get(name)
            if version is None:
                match = re.search(r"\(([^()]+)\)\s*$", dependency.get("skip_reason", ""))
                version = match.group(1) if match else "?"
            if "skip_reason" in dependency:
                reason = dependency["skip_reason"]
                if reason.startswith("Dependency not found on PyPI"):
                    reason = "PyPI has no per-release record for it (HTTP 404)"
                results.setdefault((name, version), ("not audited", f"pip-audit ({service}): {reason}", None))
            elif dependency["vulns"]:
                results[(name, version)] = ("vulnerable", dependency["vulns"], "pip-audit")
            else:
                results[(name, version)] = ("ok", [], "pip-audit")
        print(f"pip-audit ({service}) on {label}: {len(report['dependencies'])} packages", flush=True)

    # The fallback, for what pip-audit could not look up.
    unaudited = [key for key, (state, *_) in results.items() if state == "not audited"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = pool.map(lambda key: project_record_vulnerabilities(*key, ignores), unaudited)
        for key, (found, reason) in zip(unaudited, answers, strict=True):
            if found is None:
                results[key] = ("not audited", f"{results[key][1]}; {reason}", None)
            else:
                results[key] = ("vulnerable" if found else "ok", found, "PyPI's project record")
    return results


def main():
    service = os.environ.get("AUDIT_VULN_SERVICE", "pypi")
    require_db = os.environ.get("AUDIT_REQUIRE_VULN_DB", "") not in ("", "0")
    ignores = read_ignores()
    pins = {}
    for path in REQUIREMENT_FILES:
        pins.update(read_pins(path))
    requirement_args = ["--no-deps", "--disable-pip"]
    for path in REQUIREMENT_FILES:
        requirement_args += ["--requirement", str(path)]
    targets = [
        ("the pinned requirements", requirement_args, pins),
        # What the pins pull in (urllib3, sqlparse, …), as installed in this virtualenv.
        ("the installed environment", [], installed_versions()),
    ]
    results = audit(targets, service, ignores)

    vulnerable = {key: found for key, (state, found, _) in results.items() if state == "vulnerable"}
    unaudited = {key: reason for key, (state, reason, _) in results.items() if state == "not audited"}
    sources = Counter(source for _, _, source in results.values() if source)
    for (name, version), found in sorted(vulnerable.items()):
        for vulnerability in found:
            fixes = ", ".join(vulnerability.get("fix_versions") or []) or "no fixed release yet"
            print(f"VULNERABLE {name}=={version}: {vulnerability['id']} (fixed in: {fixes})")
    for (name, version), reason in sorted(unaudited.items()):
        print(f"NOT AUDITED {name}=={version}: {reason}")
    for advisory, reason in sorted(ignores.items()):
        print(f"accepted advisory {advisory}: {reason}")
    by_source = ", ".join(f"{count} by {source}" for source, count in sorted(sources.items()))
    print(
        f"pip-audit: {sum(sources.values())} of {len(results)} packages audited ({by_source or 'none'}), "
        f"{sum(len(found) for found in vulnerable.values())} known vulnerabilities, {len(unaudited)} NOT AUDITED."
    )
    if vulnerable:
        return 1
    if unaudited:
        print(
            f"NOT AUDITED: {len(unaudited)} packages could not be checked against a vulnerability database "
            f"(service {service!r}); this is not a pass for them."
            + ("" if require_db else " Set AUDIT_REQUIRE_VULN_DB=1 to make this fatal.")
        )
        return 2 if require_db else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
