#!/usr/bin/env python3
"""A loopback stand-in for a Nexthink Portal's classic Audit Trail API, over HTTPS.

Serves log files at the documented calls, with Basic authentication:

    GET /audit-trail/api/v1/portal/type/auditlog         --portal FILE
    GET /audit-trail/api/v1/engine/NAME/type/auditlog    --engine NAME=FILE (repeatable)
    GET /audit-trail/api/v1/engines/type/auditlog        every --engine file, concatenated in the order given

Like an older appliance, it ignores elapsed_hours and before_date and sends whole files.
An unknown Engine, or one named by --engine-error, answers HTTP 500 with a JSON array, as the
API does. Faults for tests: --stall SOURCE (headers, then silence), --cut SOURCE (the body
stops halfway, the connection closes), --flaky SOURCE=N (HTTP 503 for the first N calls),
--login-page (every call answers 200 with an HTML login page). SOURCE is portal, engines or
an Engine's name.

Prints "listening on PORT" once it accepts connections (--port 0 picks a free one), and
appends one JSON line per request to --request-log (path, query, account, status). It stops on
SIGTERM or SIGINT, when the process that started it ends, or after --lifetime seconds.
"""
import argparse
import base64
import json
import os
import signal
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/audit-trail/api/v1/"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cert", required=True, help="server certificate, PEM")
    parser.add_argument("--key", required=True, help="server key, PEM")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password-file", required=True, help="file holding the password")
    parser.add_argument("--portal", help="the Portal's audit.log")
    parser.add_argument("--engine", action="append", default=[], metavar="NAME=FILE")
    parser.add_argument("--engine-error", action="append", default=[], metavar="NAME")
    parser.add_argument("--stall", action="append", default=[], metavar="SOURCE")
    parser.add_argument("--cut", action="append", default=[], metavar="SOURCE")
    parser.add_argument("--flaky", action="append", default=[], metavar="SOURCE=N")
    parser.add_argument("--login-page", action="store_true")
    parser.add_argument("--request-log")
    parser.add_argument("--lifetime", type=int, default=900, help="seconds before it stops by itself")
    args = parser.parse_args()

    # A parent may start it with signals blocked or ignored: stop on SIGTERM and SIGINT all the same.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    parent = os.getppid()

    def watchdog():
        deadline = time.monotonic() + args.lifetime
        while time.monotonic() < deadline and os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watchdog, daemon=True).start()

    with open(args.password_file, encoding="utf-8") as f:
        password = f.read().rstrip("\n")
    expected = "Basic " + base64.b64encode(f"{args.user}:{password}".encode()).decode()
    engines = {}
    for item in args.engine:
        name, _, path = item.partition("=")
        engines[name] = path
    flaky = {}
    for item in args.flaky:
        name, _, count = item.partition("=")
        flaky[name] = int(count)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *values):
            pass

        def record(self, status, account):
            if not args.request_log:
                return
            url = urllib.parse.urlsplit(self.path)
            with lock, open(args.request_log, "a", encoding="utf-8") as log:
                log.write(json.dumps({"path": url.path, "query": url.query, "account": account,
                                      "status": status}) + "\n")

        def answer(self, status, body, content_type="text/plain; charset=utf-8", account=None, headers=()):
            self.record(status, account)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            given = self.headers.get("Authorization", "")
            account = None
            if given.startswith("Basic "):
                try:
                    account = base64.b64decode(given[6:]).decode().partition(":")[0]
                except ValueError:
                    account = "?"
            if given != expected:
                return self.answer(401, b'[{"code":401,"message":"Authentication failed"}]', "application/json",
                                   account, [("WWW-Authenticate", 'Basic realm="Nexthink"')])
            path = urllib.parse.urlsplit(self.path).path
            if not path.startswith(PREFIX) or not path.endswith("/type/auditlog"):
                return self.answer(404, b"<html><head><title>404 Not Found</title></head></html>", "text/html",
                                   account)
            middle = path[len(PREFIX):-len("/type/auditlog")]
            if middle == "portal":
                source, files = "portal", [args.portal] if args.portal else []
            elif middle == "engines":
                source, files = "engines", list(engines.values())
            elif middle.startswith("engine/"):
                source = urllib.parse.unquote(middle[len("engine/"):])
                if source not in engines or source in args.engine_error:
                    message = {"code": 500, "message": f"Engine '{source}' is not reachable",
                               "detail": "Connection refused"}
                    return self.answer(500, json.dumps([message]).encode(), "application/json", account)
                files = [engines[source]]
            else:
                return self.answer(404, b"not found", account=account)
            if args.login_page:
                page = b"<!DOCTYPE html><html><head><title>Nexthink - Sign in</title></head><body></body></html>"
                return self.answer(200, page, "text/html", account)
            with lock:
                remaining = flaky.get(source, 0)
                if remaining > 0:
                    flaky[source] = remaining - 1
            if remaining > 0:
                return self.answer(503, b"Service temporarily unavailable\n", account=account,
                                   headers=[("Retry-After", "1")])
            body = b"".join(open(f, "rb").read() for f in files)
            if source in args.stall:
                self.record(200, account)
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.flush()
                time.sleep(3600)
                return
            if source in args.cut:
                self.record(200, account)
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.answer(200, body, account=account)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
