"""A Redis server of the test's own, to stop and start again, and this process's Celery app
pointed at it: the fault tests never touch the Redis other tests (or other runs) use."""

import contextlib
import socket
import subprocess
import tempfile
import time

from portal.celery import app as celery_app


def free_port():
    """A port nothing listens on, chosen by the system: two test runs side by side (CI runs
    both configurations at once) never pick the same one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="portal-test-redis-")

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def cli(self, *args):
        return subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *args], capture_output=True)

    def is_up(self):
        return self.cli("ping").stdout.strip() == b"PONG"

    def start(self):
        subprocess.run(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
            + ["--dir", self.dir, "--logfile", f"{self.dir}/redis.log", "--daemonize", "yes"],
            check=True,
        )
        self._wait(self.is_up, "start")

    def stop(self):
        self.cli("shutdown", "nosave")
        self._wait(lambda: not self.is_up(), "stop")

    def _wait(self, condition, what, seconds=20):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        raise RuntimeError(f"The test Redis on port {self.port} did not {what}")


@contextlib.contextmanager
def running_redis():
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        if server.is_up():
            server.stop()


@contextlib.contextmanager
def celery_broker(url):
    """This process's Celery app on `url` (broker and result backend), as a web process
    started with REDIS_URL=url would be; restored afterwards."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.result_backend

    def reset_connections():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        celery_app._backend_cache = None
        celery_app._local.__dict__.pop("backend", None)

    conf.broker_url = conf.result_backend = url
    reset_connections()
    try:
        yield
    finally:
        conf.broker_url, conf.result_backend = saved
        reset_connections()
