"""Publish one case study to N generated subscribers and count what an SMTP sink receives.

    .venv/bin/python tools/fanout_check.py --subscribers 10000 [--kill-at 0.5] [--var-dir /tmp/fanout]
        [--concurrency 2] [--all-match] [--reference] [--json]

Runs on the configured stores (DATABASE_URL / REDIS_URL, or the embedded defaults under
--var-dir): migrates, loads the demo, generates the subscribers (seeded), starts a loopback
SMTP sink and a Celery worker with beat, publishes, and waits. With --kill-at, the worker is
killed (SIGKILL) once that share has arrived and another one is started. Prints the
matching subscribers, e-mails received, duplicates and the time from publish to the last
e-mail accepted. `make bench` runs it with --all-match (every subscriber wants the case study at
once, so N subscribers are N e-mails), --reference (the same number of messages of the same size
sent straight to the sink over one SMTP connection: the sink's own limit) and --json."""

import argparse
import collections
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the portal's packages, when run as tools/fanout_check.py


class Sink:
    def __init__(self):
        self.lock = threading.Lock()
        self.recipients = collections.Counter()
        self.last_at = None
        self.sizes = []

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.recipients.update(envelope.rcpt_tos)
            self.last_at = time.monotonic()
            self.sizes.append(len(envelope.content))
        return "250 Message accepted for delivery"

    def received(self):
        with self.lock:
            return sum(self.recipients.values())


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def start_worker(log_path, env, concurrency=0):
    pool = [f"--concurrency={concurrency}"] if concurrency else ["--pool=solo"]
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", *pool, "--loglevel=WARNING", "--beat"]
    command += [f"--schedule={Path(os.environ['VAR_DIR']) / 'fanout-beat-schedule'}", "--without-gossip"]
    command += ["--without-mingle", "--without-heartbeat"]
    log = open(log_path, "a")  # noqa: SIM115  (closed with the process)
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--kill-at", type=float, default=None, help="Kill the worker once this share has arrived")
    parser.add_argument("--var-dir", default="/tmp/portal-fanout", help="VAR_DIR for the embedded defaults")
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--concurrency", type=int, default=0, help="Worker processes (prefork); 0: one, solo pool")
    parser.add_argument("--all-match", action="store_true", help="Every subscriber gets the e-mail at once")
    parser.add_argument("--reference", action="store_true", help="Also time direct SMTP sending of as many e-mails")
    parser.add_argument("--json", action="store_true", help="End with the figures as one line of JSON")
    args = parser.parse_args()

    os.environ.setdefault("VAR_DIR", args.var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ["TRANSLATE_ON_PUBLISH"] = "0"
    Path(os.environ["VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("load_demo_content", "--verbosity", "0")
    manage("generate_subscribers", "--delete", "--domain", "fanout.invalid")
    everyone = ["--weekly", "0", "--everything", "1"] if args.all_match else []
    manage("generate_subscribers", str(args.subscribers), "--domain", "fanout.invalid", "--seed", "7", *everyone)

    from aiosmtpd.controller import Controller

    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "NOTIFICATIONS_SWEEP_EVERY_SECONDS": "2",
        "NOTIFICATIONS_CLAIM_SECONDS": "15",
    }
    log_path = Path(os.environ["VAR_DIR"]) / "fanout-worker.log"

    import django

    django.setup()
    from django.db import transaction

    from casestudies.factories import CaseStudyPageFactory
    from casestudies.models import FocusArea
    from cities.models import CityPage
    from notifications.models import OutboxEmail

    workers = [start_worker(log_path, env, args.concurrency)]
    time.sleep(8)  # the worker starts
    with transaction.atomic():
        page = CaseStudyPageFactory(
            parent=CityPage.objects.get(slug="bangkok", locale__language_code="en"),
            title=f"Fan-out check {int(time.time())}",
            live=False,
            focus_areas=list(FocusArea.objects.in_default_language()[:1]),
        )
        page.save_revision().publish()
    published_at = time.monotonic()
    expected = OutboxEmail.objects.filter(
        announcement__translation_key=page.translation_key, kind=OutboxEmail.Kind.ANNOUNCEMENT
    ).count()
    print(f"{args.subscribers} subscribers; {expected} match the case study and want it at once.")

    killed = False
    deadline = published_at + args.timeout
    try:
        while sink.received() < expected and time.monotonic() < deadline:
            if args.kill_at is not None and not killed and sink.received() >= args.kill_at * expected:
                os.killpg(workers[0].pid, signal.SIGKILL)
                workers[0].wait()
                print(f"Worker killed after {sink.received()} e-mails; starting another.")
                workers.append(start_worker(log_path, env, args.concurrency))
                killed = True
            time.sleep(0.1)
        time.sleep(5)  # anything arriving late would be a duplicate
    finally:
        for worker in workers:
            try:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:  # a worker that does not stop must not outlive the check
                os.killpg(worker.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        last_at = sink.last_at  # before the reference's e-mails arrive
        reference = direct_sending(port, expected, sink) if args.reference else None
        controller.stop()

    ours = {address: n for address, n in sink.recipients.items() if address.endswith("@fanout.invalid")}
    duplicates = sum(n - 1 for n in ours.values() if n > 1)
    elapsed = (last_at or published_at) - published_at
    print(f"Received {sum(ours.values())} e-mails for {len(ours)} of {expected} subscribers; duplicates: {duplicates}.")
    print(f"Publish to last e-mail accepted: {elapsed:.1f} s ({len(ours) / max(elapsed, 0.001):.0f} e-mails/s).")
    if reference is not None:
        print(f"Reference, {expected} e-mails sent straight to the sink over one connection: {reference:.1f} s.")
    if args.json:
        figures = {"subscribers": args.subscribers, "expected": expected, "received": len(ours)}
        figures |= {"duplicates": duplicates, "seconds": round(elapsed, 2), "worker_processes": args.concurrency or 1}
        figures |= {"emails_per_second": round(len(ours) / max(elapsed, 0.001), 1)}
        if reference is not None:
            figures |= {"reference_seconds": round(reference, 2), "ratio_to_reference": round(elapsed / reference, 2)}
        print(json.dumps(figures))
    return 0 if len(ours) == expected and not duplicates else 1


def direct_sending(port, count, sink):
    """Seconds to send `count` messages of the portal's average size to the sink, one connection."""
    import smtplib

    size = sum(sink.sizes) // max(len(sink.sizes), 1) or 4000
    line = b"x" * 76 + b"\r\n"  # what quoted-printable and base64 bodies look like
    message = b"Subject: reference\r\n\r\n" + line * (size // len(line) + 1)
    started = time.monotonic()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for n in range(count):
            smtp.sendmail("bench@fanout.invalid", [f"reference{n:05d}@reference.invalid"], message)
    return time.monotonic() - started


if __name__ == "__main__":
    sys.exit(main())
