"""`make bench`: build the dataset, serve the portal under gunicorn, load it from another
process, and print each figure next to its reference measured in the same run.

Settings come from the environment (bench/README.md lists them): BENCH_SIZE case studies
(10,000) over BENCH_CITIES cities (300) from BENCH_SEED; PostgreSQL and Redis when
DATABASE_URL and REDIS_URL are set, the embedded defaults under VAR_DIR (var/bench)
otherwise. The database is the benchmark's own: the dataset is written into it.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench import report

ROOT = Path(__file__).resolve().parent.parent


def env_number(name, default, kind=int):
    raw = os.environ.get(name, "")
    try:
        return kind(raw) if raw else default
    except ValueError:
        sys.exit(f"{name}={raw!r}: give a number (default {default}).")


class Config:
    def __init__(self):
        self.size = env_number("BENCH_SIZE", 10_000)
        self.cities = env_number("BENCH_CITIES", 300)
        self.seed = env_number("BENCH_SEED", 1)
        self.seconds = env_number("BENCH_SECONDS", 10.0, float)
        self.warmup = env_number("BENCH_WARMUP", 2.0, float)
        self.concurrency = env_number("BENCH_CONCURRENCY", 8)
        self.workers = env_number("BENCH_WEB_WORKERS", os.cpu_count() or 2)
        self.threads = env_number("BENCH_WEB_THREADS", 4)
        # Search's p95 is a latency target: measured with one search per web process at a
        # time, not at saturation, where any latency is the queue's length.
        self.search_concurrency = env_number("BENCH_SEARCH_CONCURRENCY", self.workers)
        self.emails = env_number("BENCH_EMAILS", 10_000)
        self.translation_pages = env_number("BENCH_TRANSLATION_PAGES", 40)
        self.engine_latency = env_number("BENCH_ENGINE_LATENCY", 0.05, float)
        if self.size < 1 or self.cities < 1 or self.seconds <= 0 or self.concurrency < 1:
            sys.exit("BENCH_SIZE, BENCH_CITIES, BENCH_SECONDS and BENCH_CONCURRENCY must be positive.")
        self.var_dir = Path(os.environ.get("VAR_DIR") or ROOT / "var" / "bench").resolve()
        self.bench_dir = self.var_dir / "bench"

    def env(self, **extra):
        """The environment of every process the benchmark starts."""
        return {
            **os.environ,
            "VAR_DIR": str(self.var_dir),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "PRODUCTION": "0",
            "TRANSLATE_ON_PUBLISH": "0",  # the dataset is written directly; jobs are their own scenario
            # The rate limit still runs (its cost is measured) but never refuses the load generator.
            "API_ANON_RATE": "100000000/minute",
            "PYTHONPATH": str(ROOT),
            **{name: str(value) for name, value in extra.items()},
        }


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(config, *command, **env):
    subprocess.run([sys.executable, *command], cwd=ROOT, env=config.env(**env), check=True)


def prepare(config):
    config.bench_dir.mkdir(parents=True, exist_ok=True)
    store = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    cache = "Redis" if os.environ.get("REDIS_URL") else "embedded broker, local-memory cache"
    log(f"Stores: {store}; {cache}. VAR_DIR={config.var_dir}")
    log("migrate, collectstatic, load_demo_content")
    run(config, "manage.py", "migrate", "--noinput", "--verbosity", "0")
    run(config, "manage.py", "collectstatic", "--noinput", "--verbosity", "0")
    run(config, "manage.py", "load_demo_content", "--verbosity", "0")
    log("dataset")
    run(
        config,
        "-m",
        "bench.dataset",
        "--size",
        str(config.size),
        "--cities",
        str(config.cities),
        "--seed",
        str(config.seed),
    )
    dataset = json.loads((config.bench_dir / "dataset.json").read_text())
    samples = subprocess.run(
        [sys.executable, "-m", "bench.samples"], cwd=ROOT, env=config.env(), capture_output=True, text=True, check=True
    )
    return dataset | json.loads(samples.stdout)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn as in production (docs/deployment.md): gthread workers, one per core by default."""

    def __init__(self, config, name, **env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(config.workers), "--worker-class", "gthread", "--threads", str(config.threads)]
        command += ["--keep-alive", "30", "--log-level", "warning"]
        self.log_path = config.bench_dir / f"gunicorn-{name}.log"
        self.log_file = open(self.log_path, "w")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=config.env(**env), stdout=self.log_file, stderr=subprocess.STDOUT
        )
        self.wait_until_up()

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped at start-up; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=10):  # noqa: S310 (our own server)
                    return
            except OSError:  # refused, reset or timed out (URLError is an OSError) while it starts
                time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def get(self, path, headers=None):
        """(status, headers, body) of one request, errors included."""
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (our own server)
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log_file.close()


def load(config, server, scenarios):
    """Run the scenarios in the load generator (its own process); {name: result}."""
    command = [sys.executable, "-m", "bench.loadgen", "--base", server.base, "--seconds", str(config.seconds)]
    command += ["--concurrency", str(config.concurrency), "--warmup", str(config.warmup)]
    done = subprocess.run(
        command, cwd=ROOT, env=config.env(), input=json.dumps(scenarios), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"The load generator failed:\n{done.stderr}")
    results = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {result["name"]: result for result in results}


def static_copies(config, server, name, paths):
    """Save each page's body as a static file; return the paths that serve those files."""
    static_dir = config.bench_dir / "static"
    static_dir.mkdir(parents=True, exist_ok=True)
    copies = []
    for number, path in enumerate(paths):
        status, _headers, body = server.get(path)
        if status != 200:
            sys.exit(f"{path} answered {status}; the benchmark needs it to answer 200.")
        file_name = f"{name}-{number}.html"
        (static_dir / file_name).write_bytes(body)
        copies.append(f"/bench/static/{file_name}")
    return copies


def conditional(server, paths):
    """Each path with the validator its last answer gave, as a returning browser sends it."""
    requests = []
    for path in paths:
        _status, headers, _body = server.get(path)
        if headers.get("ETag"):
            requests.append([path, {"If-None-Match": headers["ETag"]}])
        elif headers.get("Last-Modified"):
            requests.append([path, {"If-Modified-Since": headers["Last-Modified"]}])
        else:
            requests.append([path, {}])
    return requests


def page_scenarios(config, server, dataset, phase):
    """(scenario, reference) pairs of the public pages, the API and, uncached, the search."""
    case_studies = dataset["case_study_paths"]
    ids = dataset["case_study_ids"]
    api_fields = "slug,summary,city,focus_areas,sdgs,tags,stage,start_year,end_year,first_published_at"
    city, stage = dataset["api_list_city"], dataset["api_list_stage"]
    pairs = [
        (
            {
                "name": f"API case-study list ({phase})",
                "paths": [f"/api/v1/case-studies/?city={city['slug']}&stage={stage}"],
            },
            {
                "name": f"Wagtail API v2 list ({phase})",
                "paths": [
                    f"/bench/wagtail-api/v2/pages/?type=casestudies.CaseStudyPage&child_of={city['id']}"
                    f"&stage={stage}&fields={api_fields}&limit=20"
                ],
            },
        ),
        (
            {"name": f"API case-study detail ({phase})", "paths": [f"/api/v1/case-studies/{pk}/" for pk in ids]},
            {"name": f"Wagtail API v2 detail ({phase})", "paths": [f"/bench/wagtail-api/v2/pages/{pk}/" for pk in ids]},
        ),
    ]
    pages = {
        "case-study page": case_studies,
        "library, two facets": [f"/case-studies/?{dataset['library_query']}"],
        "home page": ["/"],
    }
    if phase == "uncached":
        pages["search, English"] = [f"/search/?q={term}" for term in dataset["search_terms"]["en"]]
        pages["search, Thai"] = [f"/th/search/?q={urllib.parse.quote(t)}" for t in dataset["search_terms"]["th"]]
    for label, paths in pages.items():
        slug = label.replace(",", "").replace(" ", "-")
        concurrency = config.search_concurrency if label.startswith("search") else None
        pairs.append(
            (
                {"name": f"{label} ({phase})", "paths": paths, "concurrency": concurrency},
                {
                    "name": f"static file, size of {label} ({phase})",
                    "paths": static_copies(config, server, f"{phase}-{slug}", paths),
                    "concurrency": concurrency,
                },
            )
        )
    if phase == "cached":
        static = static_copies(config, server, "conditional", case_studies)
        pairs.append(
            (
                {"name": "conditional GET of case-study pages", "paths": conditional(server, case_studies)},
                {"name": "conditional GET of static files", "paths": conditional(server, static)},
            )
        )
    return pairs


def main():
    config = Config()
    started = time.monotonic()
    log(
        f"{config.size} case studies over {config.cities} cities, seed {config.seed}; "
        f"{config.seconds:g} s per scenario, {config.concurrency} connections; "
        f"gunicorn {config.workers} workers × {config.threads} threads."
    )
    dataset = prepare(config)
    rows = []
    for phase, env in (("cached", {}), ("uncached", {"PAGE_CACHE_SECONDS": 0, "API_CACHE_SECONDS": 0})):
        log(f"{phase}: starting gunicorn")
        server = Server(config, phase, **env)
        try:
            pairs = page_scenarios(config, server, dataset, phase)
            log(f"{phase}: {len(pairs)} scenarios and their references on {server.base}")
            results = load(config, server, [scenario for pair in pairs for scenario in pair])
        finally:
            server.stop()
        rows += [(results[scenario["name"]], results[reference["name"]]) for scenario, reference in pairs]

    from bench import jobs

    log("Translation jobs against a local engine with a fixed latency")
    translation = jobs.translation_throughput(config)
    log("Notification fan-out to a local SMTP sink")
    fanout = jobs.notification_fanout(config)

    results = {
        "config": {k: str(v) for k, v in vars(config).items()},
        "pages": rows,
        "translation": translation,
        "fanout": fanout,
    }
    out = config.bench_dir / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2))
    print(report.render(config, rows, translation, fanout))
    log(f"Done in {time.monotonic() - started:.0f} s; results in {out}")


if __name__ == "__main__":
    main()
