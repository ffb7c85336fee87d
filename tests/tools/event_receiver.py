#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Receivers for the sink integration tests.

  event_receiver.py http --port P --out FILE (--falco | --ndjson)
                    [--cert C --key K [--client-ca CA]] [--fail-first N]
  event_receiver.py tls --port P --out FILE --cert C --key K [--client-ca CA]

http: a POST endpoint. With --falco it accepts what Falcosidekick's "/" accepts:
one JSON object per request with a known priority, a rule, a non-zero RFC 3339
time and non-empty output_fields (and, like its handler, a non-empty output);
anything else is answered 400. With --ndjson every line of the body must be a
JSON object. Accepted events are appended to FILE one per line, the number of
events of each accepted request to FILE.requests, rejections to FILE.rejected.
--fail-first N answers 503 to the first N requests (retries).
tls: accepts TLS connections and appends what they send to FILE.
With --client-ca a client certificate signed by that CA is required.
"""
import argparse
import datetime
import json
import re
import socket
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Falcosidekick's priorities, matched without regard to case.
PRIORITIES = {"emergency", "alert", "critical", "error", "warning", "notice",
              "informational", "info", "debug"}
RFC3339 = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")

lock = threading.Lock()


def falco_problem(body):
    """Why Falcosidekick's input would refuse body, or None."""
    try:
        ev = json.loads(body)
    except ValueError as e:
        return "not one JSON document: %s" % e
    if not isinstance(ev, dict):
        return "not a JSON object"
    if str(ev.get("priority", "")).lower() not in PRIORITIES:
        return "priority %r unknown" % ev.get("priority")
    if not isinstance(ev.get("rule"), str) or not ev["rule"]:
        return "no rule"
    m = RFC3339.match(str(ev.get("time", "")))
    if not m:
        return "time %r is not RFC 3339" % ev.get("time")
    try:
        when = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return "time %r out of range" % ev.get("time")
    if when.year <= 1:
        return "zero time"
    if not isinstance(ev.get("output_fields"), dict) or not ev["output_fields"]:
        return "no output_fields"
    if not isinstance(ev.get("output"), str) or not ev["output"]:
        return "no output"
    return None


def ndjson_problem(body):
    if not body.endswith(b"\n"):
        return "body does not end in a newline"
    for line in body.splitlines():
        try:
            if not isinstance(json.loads(line), dict):
                return "a line is not an object"
        except ValueError as e:
            return "a line is not JSON: %s" % e
    return None


def append(path, data):
    with lock, open(path, "ab") as f:
        f.write(data)


def serve_http(args):
    state = {"fail_left": args.fail_first, "requests": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the sink reuses its connection

        def answer(self, code, text):
            data = text.encode() + b"\n"
            self.send_response(code)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self.answer(400, "Please send with post http method")

        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n)
            with lock:
                state["requests"] += 1
                failing = state["fail_left"] > 0
                if failing:
                    state["fail_left"] -= 1
            if failing:
                self.answer(503, "try again")
                return
            why = falco_problem(body) if args.falco else ndjson_problem(body)
            if why:
                append(args.out + ".rejected", why.encode() + b"\n")
                self.answer(400, "Please send a valid request body")
                return
            append(args.out, body if body.endswith(b"\n") else body + b"\n")
            append(args.out + ".requests", b"%d\n" % len(body.splitlines()))
            self.answer(200, "ok")

        def log_message(self, fmt, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    if args.cert:
        srv.socket = server_context(args).wrap_socket(srv.socket, server_side=True)
    srv.serve_forever()


def server_context(args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    if args.client_ca:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(args.client_ca)
    return ctx


def serve_tls(args):
    ctx = server_context(args)
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", args.port))
    s.listen(8)
    while True:
        c, _ = s.accept()
        try:
            conn = ctx.wrap_socket(c, server_side=True)
        except (ssl.SSLError, OSError) as e:
            append(args.out + ".refused", (str(e) + "\n").encode())
            c.close()
            continue
        threading.Thread(target=read_lines, args=(conn, args.out), daemon=True).start()


def read_lines(conn, path):
    try:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            append(path, data)
    except (ssl.SSLError, OSError):
        pass
    conn.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["http", "tls"])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--falco", action="store_true")
    p.add_argument("--ndjson", action="store_true")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--client-ca")
    p.add_argument("--fail-first", type=int, default=0)
    args = p.parse_args()
    if args.mode == "http" and args.falco == args.ndjson:
        p.error("http needs --falco or --ndjson")
    if args.mode == "tls" and not (args.cert and args.key):
        p.error("tls needs --cert and --key")
    serve_http(args) if args.mode == "http" else serve_tls(args)


if __name__ == "__main__":
    sys.exit(main())
