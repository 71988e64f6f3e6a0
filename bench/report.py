"""The table `make bench` prints: each figure, its reference's, and the ratio, then the targets."""

TARGETS = """Targets (issue 9): API list and detail ≥ 2× Wagtail API v2's req/s at equal or better p95
(as served: the cached pass); cached page views within 1.5× of the static file; uncached
case-study page ≤ 12 queries and library ≤ 10; search p95 ≤ 150 ms; 10,000 notification
e-mails in ≤ 2 minutes."""


def _number(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def _ratio(value, reference):
    if value is None or not reference:
        return "–"
    return f"×{value / reference:.2f}"


def _statuses(result):
    text = " ".join(f"{code}:{n}" for code, n in result["statuses"].items())
    text += f" errors:{result['error_count']}" if result["error_count"] else ""
    return text + (f" ({result['concurrency']} conn.)" if result["concurrency"] else "")


def table(rows):
    header = (
        f"{'scenario / reference':58} {'req/s':>8} {'×ref':>6} {'p50 ms':>7} {'×ref':>6} {'p95 ms':>7} {'×ref':>6} "
        f"{'p99 ms':>7} {'×ref':>6} {'queries':>7}  statuses"
    )
    lines = [header, "-" * len(header)]
    for result, reference in rows:
        lines.append(
            f"{result['name']:58} {_number(result['rps']):>8} {_ratio(result['rps'], reference['rps']):>6} "
            f"{_number(result['p50_ms'], 1):>7} {_ratio(result['p50_ms'], reference['p50_ms']):>6} "
            f"{_number(result['p95_ms'], 1):>7} {_ratio(result['p95_ms'], reference['p95_ms']):>6} "
            f"{_number(result['p99_ms'], 1):>7} {_ratio(result['p99_ms'], reference['p99_ms']):>6} "
            f"{_number(result['queries'], 1):>7}  {_statuses(result)}"
        )
        lines.append(
            f"  {reference['name']:56} {_number(reference['rps']):>8} {'':>6} {_number(reference['p50_ms'], 1):>7} "
            f"{'':>6} {_number(reference['p95_ms'], 1):>7} {'':>6} {_number(reference['p99_ms'], 1):>7} {'':>6} "
            f"{_number(reference['queries'], 1):>7}  {_statuses(reference)}"
        )
    return "\n".join(lines)


def _mark(met):
    return "met   " if met else "MISSED"


def verdicts(rows, fanout):
    """One line per target: met or missed, and by how much."""
    lines = []
    by_name = {result["name"]: (result, reference) for result, reference in rows}
    for name, (result, reference) in by_name.items():
        if name.startswith("API case-study") and name.endswith("(cached)"):
            speed = result["rps"] / reference["rps"] if reference["rps"] else 0
            p95 = result["p95_ms"] / reference["p95_ms"] if reference["p95_ms"] else 0
            met = speed >= 2 and p95 <= 1
            lines.append(f"{_mark(met)} {name}: ×{speed:.2f} req/s (≥ 2), ×{p95:.2f} p95 (≤ 1)")
        elif name.endswith("(cached)") and not name.startswith(("API", "Wagtail")):
            slower = reference["rps"] / result["rps"] if result["rps"] else float("inf")
            met = slower <= 1.5
            lines.append(f"{_mark(met)} {name}: static file serves ×{slower:.2f} as many (≤ 1.5)")
        elif name.startswith(("case-study page (uncached)", "library, two facets (uncached)")):
            limit = 12 if name.startswith("case-study") else 10
            met = result["queries"] is not None and result["queries"] <= limit
            lines.append(f"{_mark(met)} {name}: {_number(result['queries'], 1)} queries (≤ {limit})")
        elif name.startswith("search"):
            met = result["p95_ms"] is not None and result["p95_ms"] <= 150
            lines.append(f"{_mark(met)} {name}: p95 {_number(result['p95_ms'], 1)} ms (≤ 150)")
    if "seconds" in fanout:
        per_10k = fanout["seconds"] * 10_000 / max(fanout["received"], 1)
        met = per_10k <= 120
        scaled = "" if fanout["received"] == 10_000 else f" (scaled from {fanout['received']:,} e-mails)"
        lines.append(f"{_mark(met)} notification fan-out: {per_10k:.0f} s per 10,000{scaled} (≤ 120)")
    return "\n".join(lines)


def render(config, rows, translation, fanout):
    parts = [
        "",
        f"Benchmark: {config.size:,} case studies over {config.cities} cities (seed {config.seed}); "
        f"{config.seconds:g} s per scenario, {config.concurrency} connections, "
        f"gunicorn {config.workers}×{config.threads}. '×ref' = figure ÷ its reference's, same run.",
        "",
        table(rows),
        "",
        "Translation jobs (LibreTranslate double, fixed latency; reference: the engine's own limit):",
        "  " + ", ".join(f"{key} {value}" for key, value in translation.items()),
        "Notification fan-out (publish → last e-mail accepted by a local SMTP sink; reference: "
        "the same e-mails sent straight to the sink over one connection):",
        "  " + ", ".join(f"{key} {value}" for key, value in fanout.items()),
        "",
        TARGETS,
        verdicts(rows, fanout),
    ]
    return "\n".join(parts)
