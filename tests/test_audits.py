"""`make audit` (tools/audit.sh): bandit's configuration fails on what it should, and
pip-audit can read every requirement as an exact pin."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BANDIT = Path(sys.executable).parent / "bandit"


def load_audit_requirements():
    spec = importlib.util.spec_from_file_location("audit_requirements", ROOT / "tools" / "audit_requirements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fatal_bandit(tmp_path, files):
    """Run bandit as tools/audit.sh does for its verdict; return (exit status, report)."""
    for name, source in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    command = [str(BANDIT), "-c", str(ROOT / "pyproject.toml"), "-r", ".", "--quiet"]
    command += ["--severity-level", "high", "--confidence-level", "medium", "--format", "custom"]
    command += ["--msg-template", "{test_id} {relpath}"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    return result.returncode, result.stdout


def test_bandit_fails_on_high_severity(tmp_path):
    source = "import subprocess\n\nsubprocess.call(input(), shell=True)\n"
    status, report = fatal_bandit(tmp_path, {"app/views.py": source})
    assert status == 1
    assert "B602 app/views.py" in report


def test_bandit_passes_medium_severity_and_test_asserts(tmp_path):
    files = {
        # Medium severity (B108, a fixed temporary path): listed by tools/audit.sh, not fatal.
        "app/paths.py": 'SCRATCH = "/tmp/scratch"\n',
        "app/tests/test_paths.py": "from app.paths import SCRATCH\n\n\ndef test_it():\n    assert SCRATCH\n",
    }
    status, report = fatal_bandit(tmp_path, files)
    assert (status, report.strip()) == (0, "")


def test_every_requirement_is_an_exact_pin():
    # pip-audit --no-deps audits exactly these versions; read_pins stops the audit on a loose one.
    audit = load_audit_requirements()
    pins = audit.read_pins(ROOT / "requirements-dev.txt")
    assert {"django", "wagtail", "celery", "pytest", "bandit", "pip-audit", "schemathesis"} <= pins.keys()
    assert all(version[0].isdigit() for version in pins.values())


def test_an_accepted_advisory_needs_a_reason(tmp_path):
    audit = load_audit_requirements()
    ignore_file = tmp_path / "audit-ignore.txt"
    ignore_file.write_text("# accepted\nGHSA-aaaa-bbbb-cccc unused XML import; until 2027-01\n")
    assert audit.read_ignores(ignore_file) == {"GHSA-aaaa-bbbb-cccc": "unused XML import; until 2027-01"}
    ignore_file.write_text("PYSEC-2026-1\n")
    with pytest.raises(SystemExit, match="audit-ignore.txt:1: PYSEC-2026-1 needs a reason"):
        audit.read_ignores(ignore_file)
    audit.read_ignores()  # the project's own list is well formed
