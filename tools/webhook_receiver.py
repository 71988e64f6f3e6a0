#!/usr/bin/env python3
"""A partner's webhook receiver, for trying the portal's webhooks out (standard library only).

    python tools/webhook_receiver.py --port 8765 --secret <the endpoint's secret>

It checks every POST as docs/webhooks.md tells partners to: the HMAC-SHA256 signature of
"<X-Portal-Timestamp>.<raw body>" with the shared secret, compared in constant time, and a
timestamp no older (or newer) than five minutes. A verified event is printed as one JSON
line and answered 200; a bad signature gets 401, anything else malformed 400."""

import argparse
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 300


def verify(secret, timestamp, signature, body, *, now=None, tolerance=TOLERANCE_SECONDS):
    """True when `signature` (the X-Portal-Signature header, "sha256=<hex>") signs
    "<timestamp>.<body>" with `secret` and `timestamp` (X-Portal-Timestamp, unix seconds) is
    within `tolerance` seconds of now. `body` is the raw request body, as bytes."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - sent_at) > tolerance:
        return False
    if not signature or not signature.startswith("sha256="):
        return False
    message = str(sent_at).encode("ascii") + b"." + body
    expected = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature.removeprefix("sha256="))


class Handler(BaseHTTPRequestHandler):
    server_version = "PortalWebhookReceiver/1.0"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        timestamp = self.headers.get("X-Portal-Timestamp")
        if not verify(self.server.secret, timestamp, self.headers.get("X-Portal-Signature"), body):
            self.answer(401, "bad or stale signature")
            print(f"REFUSED {self.headers.get('X-Portal-Delivery')}: bad or stale signature", flush=True)
            return
        try:
            event = json.loads(body)
        except ValueError:
            self.answer(400, "body is not JSON")
            return
        delivery = self.headers.get("X-Portal-Delivery")
        if delivery in self.server.seen:
            print(f"DUPLICATE {delivery} (already processed)", flush=True)
        self.server.seen.add(delivery)
        print(json.dumps({"delivery": delivery, "event": self.headers.get("X-Portal-Event"), "payload": event}))
        sys.stdout.flush()
        self.answer(200, "ok")

    def answer(self, status, text):
        data = (text + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        sys.stderr.write(f"{self.address_string()} - {format % args}\n")


def make_server(host, port, secret):
    server = ThreadingHTTPServer((host, port), Handler)
    server.secret = secret
    server.seen = set()
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--secret", required=True, help="the endpoint's secret, as shown in the portal's admin")
    args = parser.parse_args(argv)
    server = make_server(args.host, args.port, args.secret)
    print(f"Listening on http://{args.host}:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
