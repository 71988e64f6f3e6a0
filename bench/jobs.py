"""The background-job scenarios of `make bench`: translation jobs and notification fan-out.

Each runs in its own process (`python -m bench.jobs translation`) with a real Celery
worker started as production starts it, and prints one JSON object; bench/run.py reads it.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_LANGUAGE = "id"  # not one of the dataset's languages: every job translates from nothing


def _run_json(config, *args):
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=config.env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:] or ["failed"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def translation_throughput(config):
    return _run_json(
        config,
        "-m",
        "bench.jobs",
        "translation",
        "--pages",
        str(config.translation_pages),
        "--latency",
        str(config.engine_latency),
        "--concurrency",
        str(config.workers),
    )


def notification_fanout(config):
    return _run_json(
        config,
        "tools/fanout_check.py",
        "--subscribers",
        str(config.emails),
        "--concurrency",
        str(config.workers),
        "--all-match",
        "--reference",
        "--json",
    )


def start_worker(concurrency, env, log_path):
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", f"--concurrency={concurrency}"]
    command += ["--loglevel=WARNING", "--without-gossip", "--without-mingle"]
    log = open(log_path, "w")  # noqa: SIM115  (closed with the process)
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_worker(worker):
    try:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:  # it must not outlive the scenario, taking the next one's tasks
        os.killpg(worker.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def wait_for_jobs(job_ids, timeout):
    from translation.jobs import UNFINISHED
    from translation.models import TranslationJob

    deadline = time.monotonic() + timeout
    while TranslationJob.objects.filter(pk__in=job_ids, state__in=UNFINISHED).exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"Translation jobs unfinished after {timeout} s")
        time.sleep(0.1)
    return time.monotonic()


def translation(pages, latency, concurrency, timeout=900):
    """Translate `pages` English case studies into Indonesian through a LibreTranslate double
    that takes `latency` seconds per request. Their cities are translated first, untimed, so
    the timed jobs are the case studies alone."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction
    from wagtail.models import Locale, Page
    from wagtail_localize.models import StringTranslation

    from casestudies.models import CaseStudyPage
    from translation.jobs import queue_translations
    from translation.models import TranslationJob
    from translation.tests.engine_doubles import LibreTranslateDouble

    dataset = json.loads((Path(settings.VAR_DIR) / "bench" / "dataset.json").read_text())
    locale = Locale.objects.get(language_code=TARGET_LANGUAGE)
    sources = list(CaseStudyPage.objects.filter(pk__in=dataset["case_study_ids"]).order_by("pk")[:pages])
    cities = list({page.get_parent().pk: page.get_parent() for page in sources}.values())

    def remove_translations():
        """No Indonesian page, job or machine translation of these pages: a run starts from
        nothing, and leaves the dataset as it found it (bench/dataset.py counts its pages)."""
        keys = [page.translation_key for page in sources + cities]
        for page in Page.objects.filter(translation_key__in=keys, locale=locale).order_by("-depth"):
            page.delete()
        TranslationJob.objects.filter(source_page__in=sources + cities).delete()
        machine = StringTranslation.TRANSLATION_TYPE_MACHINE
        StringTranslation.objects.filter(locale=locale, translation_type=machine).delete()

    remove_translations()

    double = LibreTranslateDouble(api_key="bench").start()
    double.set_latency(latency)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "TRANSLATION_ENGINE": "libretranslate",
        "TRANSLATION_ENGINE_URL": double.url,
        "TRANSLATION_ENGINE_KEY": "bench",
    }
    worker = start_worker(concurrency, env, Path(settings.VAR_DIR) / "bench" / "worker-translation.log")
    try:
        with transaction.atomic():
            warmup = [job.pk for city in cities for job in queue_translations(city, [locale])]
        wait_for_jobs(warmup, timeout)
        requests_before = double.request_count
        started = time.monotonic()
        with transaction.atomic():
            job_ids = [job.pk for page in sources for job in queue_translations(page, [locale])]
        finished = wait_for_jobs(job_ids, timeout)
    finally:
        stop_worker(worker)
        double.stop()
    jobs = TranslationJob.objects.filter(pk__in=job_ids)
    done = jobs.filter(state=TranslationJob.State.DONE).count()
    failed = jobs.exclude(state=TranslationJob.State.DONE).count()
    segments = sum(job.segments_machine for job in jobs)
    remove_translations()
    seconds = finished - started
    requests = double.request_count - requests_before
    per_page = requests / max(len(sources), 1)
    # The reference: the engine's own limit, each worker process waiting `latency` per request.
    limit = concurrency * 60 / (per_page * latency) if per_page and latency else None
    measured = done * 60 / seconds if seconds else 0
    return {
        "pages": len(sources),
        "done": done,
        "failed": failed,
        "seconds": round(seconds, 2),
        "pages_per_minute": round(measured, 1),
        "engine_requests_per_page": round(per_page, 2),
        "segments_per_page": round(segments / max(len(sources), 1), 1),
        "engine_latency_s": latency,
        "worker_processes": concurrency,
        "engine_bound_pages_per_minute": round(limit, 1) if limit else None,
        "ratio_to_engine_bound": round(measured / limit, 3) if limit else None,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=["translation"])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args(argv)
    print(json.dumps(translation(args.pages, args.latency, args.concurrency)))


if __name__ == "__main__":
    main()
