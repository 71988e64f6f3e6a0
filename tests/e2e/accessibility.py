"""axe-core in the browser tests (docs/accessibility.md).

axe-core comes inside the axe-playwright-python wheel (pinned in requirements-dev.txt), so
nothing is downloaded at test time. It is injected with page.evaluate, which goes through
the DevTools protocol: a page's Content-Security-Policy does not apply to it, where it
would block a <script> element added by page.add_script_tag."""

from dataclasses import dataclass, field

from axe_playwright_python.base import AXE_SCRIPT

# Impacts that fail the check; "moderate" and "minor" are reported, not failed.
BLOCKING_IMPACTS = ("critical", "serious")
IMPACTS = (*BLOCKING_IMPACTS, "moderate", "minor")

RUN_AXE = "options => axe.run(document, options)"


@dataclass
class Audit:
    """The violations axe found on one page."""

    url: str
    violations: list = field(default_factory=list)

    @property
    def blocking(self):
        return [v for v in self.violations if v["impact"] in BLOCKING_IMPACTS]

    @property
    def notices(self):
        return [v for v in self.violations if v["impact"] not in BLOCKING_IMPACTS]

    def report(self, violations=None):
        lines = [f"{self.url}:"]
        chosen = self.violations if violations is None else violations
        for violation in sorted(chosen, key=lambda v: IMPACTS.index(v["impact"]) if v["impact"] in IMPACTS else 9):
            lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"][:5]:
                lines.append(f"    - {' '.join(map(str, node['target']))}: {node['html'][:200]}")
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
            if len(violation["nodes"]) > 5:
                lines.append(f"    … and {len(violation['nodes']) - 5} more elements")
        return "\n".join(lines)


def audit(page, *, disable_rules=()):
    """Run axe-core's default rules (WCAG 2.x A and AA, and best practices) on the page as it is now.

    disable_rules: rule ids to skip on this page, each for a reason given where it is passed."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in disable_rules}}
    return Audit(page.url, page.evaluate(RUN_AXE, options)["violations"])
