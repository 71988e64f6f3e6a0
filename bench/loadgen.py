"""The load generator: a process of its own that keeps N HTTP/1.1 keep-alive connections busy.

    python -m bench.loadgen --base http://127.0.0.1:8123 --seconds 10 --concurrency 8 < scenarios.json

Reads a JSON list of scenarios from stdin — {"name", "paths": [...], "headers": {...},
"concurrency": n (optional)}, a path being a string or [path, {its own headers}] —
runs them one after another (each warmed up first, then measured for --seconds), and
prints one JSON object per scenario: requests, req/s, latency percentiles, status counts,
and the mean of the server's `X-Bench-Queries` header. A bare asyncio client on raw
sockets, so the generator costs the server's two cores as little as it can.
"""

import argparse
import asyncio
import itertools
import json
import statistics
import sys
import time
from urllib.parse import urlsplit


class Stats:
    def __init__(self):
        self.latencies = []
        self.statuses = {}
        self.queries = []
        self.bytes = 0
        self.errors = []

    def add(self, latency, status, headers, size):
        self.latencies.append(latency)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if "x-bench-queries" in headers:
            self.queries.append(int(headers["x-bench-queries"]))
        self.bytes += size


async def read_response(reader):
    """(status, headers, body size) of one response; reads exactly the body."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if status in (204, 304) or 100 <= status < 200:
        return status, headers, 0
    if "content-length" in headers:
        size = int(headers["content-length"])
        await reader.readexactly(size)
        return status, headers, size
    if headers.get("transfer-encoding", "").lower() == "chunked":
        size = 0
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(chunk + 2)
            size += chunk
            if chunk == 0:
                return status, headers, size
    body = await reader.read()  # no length: the body ends with the connection
    headers["connection"] = "close"
    return status, headers, len(body)


async def client(host, port, host_header, requests, until, stats):
    reader = writer = None
    try:
        while time.perf_counter() < until:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            path, extra = next(requests)
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\n{extra}\r\n".encode())
            try:
                status, headers, size = await read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                stats.errors.append(f"{path}: {type(exc).__name__}")
                writer.close()
                writer = None
                continue
            stats.add(time.perf_counter() - started, status, headers, size)
            if headers.get("connection", "").lower() == "close":
                writer.close()
                writer = None
    finally:
        if writer is not None:
            writer.close()


def request_line_parts(path, headers):
    """A path is a string, or [path, {header: value}] for headers of its own (If-None-Match …)."""
    if isinstance(path, list):
        path, own = path
        headers = {**headers, **own}
    return path, "".join(f"{name}: {value}\r\n" for name, value in headers.items())


async def run_scenario(base, scenario, seconds, concurrency, warmup):
    parts = urlsplit(base)
    host, port = parts.hostname, parts.port or 80
    host_header = scenario.get("host") or parts.netloc
    requests = itertools.cycle([request_line_parts(path, scenario.get("headers", {})) for path in scenario["paths"]])
    concurrency = scenario.get("concurrency") or concurrency
    # Warm up for `warmup` seconds and at least one request per path, as a site in use is warm.
    warmed = Stats()
    until = time.perf_counter() + warmup
    while len(warmed.latencies) + len(warmed.errors) < len(scenario["paths"]) or time.perf_counter() < until:
        until = max(until, time.perf_counter() + 0.1)
        await asyncio.gather(*(client(host, port, host_header, requests, until, warmed) for _ in range(concurrency)))
    stats = Stats()
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(client(host, port, host_header, requests, until, stats) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return summary(scenario["name"], stats, elapsed, concurrency)


def percentile(sorted_values, share):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


def summary(name, stats, elapsed, concurrency):
    latencies = sorted(stats.latencies)
    ms = [value * 1000 for value in latencies]
    return {
        "name": name,
        "concurrency": concurrency,
        "requests": len(latencies),
        "seconds": round(elapsed, 3),
        "rps": len(latencies) / elapsed if elapsed else 0,
        "p50_ms": percentile(ms, 0.50),
        "p95_ms": percentile(ms, 0.95),
        "p99_ms": percentile(ms, 0.99),
        "statuses": {str(code): n for code, n in sorted(stats.statuses.items())},
        "queries": statistics.fmean(stats.queries) if stats.queries else None,
        "bytes_per_response": stats.bytes / len(latencies) if latencies else 0,
        "errors": stats.errors[:5],
        "error_count": len(stats.errors),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="The server, e.g. http://127.0.0.1:8123")
    parser.add_argument("--seconds", type=float, default=10.0, help="Measured time per scenario")
    parser.add_argument("--concurrency", type=int, default=8, help="Connections kept busy at once")
    parser.add_argument("--warmup", type=float, default=1.0, help="Unmeasured seconds before each scenario")
    args = parser.parse_args(argv)
    scenarios = json.load(sys.stdin)
    for scenario in scenarios:
        result = asyncio.run(run_scenario(args.base, scenario, args.seconds, args.concurrency, args.warmup))
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
