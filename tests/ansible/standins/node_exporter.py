#!/usr/bin/env python3
"""STAND-IN for the node_exporter binary (tests only): serves a one-line /metrics on --web.listen-address."""

import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Metrics(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'node_exporter_build_info{version="standin"} 1\n'
        self.send_response(200 if self.path == "/metrics" else 404)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.end_headers()
        self.wfile.write(body)


address = next(arg.split("=", 1)[1] for arg in sys.argv[1:] if arg.startswith("--web.listen-address="))
host, port = address.rsplit(":", 1)
HTTPServer((host, int(port)), Metrics).serve_forever()
