#!/usr/bin/python3
"""PF503's predictions against real curl and bash.

For every PF503 finding on the rule's fixtures, the message names the values the captured status
becomes (`000000` when the connection fails, `301000` when -L follows a redirect that cannot be
reached, `503000` when --fail meets an HTTP error). Each claimed case is made to happen: the
finding's curl command, as written in the fixture, runs inside `$( … || fallback)` under bash
with only its URL pointed at a local server (or a closed port), and what the variable receives
must equal the claim.

Usage: status_fallback_oracle.py PREFLIGHT FIXTURE_DIR...
"""
import http.server
import json
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is


CLOSED = closed_port()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/redirect"):
            self.send_response(301)
            # The HTTPS redirect of a plain-HTTP container: nothing answers there.
            self.send_header("Location", f"https://127.0.0.1:{CLOSED}/")
        else:
            self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


CASES = {
    "when the connection fails": lambda port: f"http://127.0.0.1:{CLOSED}/",
    "when -L follows a redirect that cannot be reached": lambda port: f"http://127.0.0.1:{port}/redirect",
    "when --fail meets an HTTP error": lambda port: f"http://127.0.0.1:{port}/error",
}


def main():
    preflight, fixtures = sys.argv[1], sys.argv[2:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    checked = failed = 0
    for fixture in fixtures:
        out = subprocess.run([preflight, "check", fixture, "--format", "json"],
                             capture_output=True, text=True)
        for finding in json.loads(out.stdout)["findings"]:
            if finding["code"] != "PF503":
                continue
            line = Path(finding["path"]).read_text().splitlines()[finding["line"] - 1]
            curl = line[finding["column"] - 1:finding["end_column"] - 1]
            fallback_at = finding["related"][0]
            fallback_line = Path(fallback_at["path"]).read_text().splitlines()[fallback_at["line"] - 1]
            fallback = re.match(r"(echo|printf)\s+(\"[^\"]*\"|'[^']*'|[^\s)]+)",
                                fallback_line[fallback_at["column"] - 1:]).group(0)
            claims = re.findall(r"`(\d+)` (when [^,;]+)", finding["message"])
            if not claims:
                print(f"FAIL {finding['path']}:{finding['line']}: no claimed value in the message")
                failed += 1
            for value, case in claims:
                url = CASES[case](port)
                command = re.sub(r"https?://[^\s'\"]+", url, curl, count=1)
                script = f'X=$({command} || {fallback}); printf %s "$X"'
                got = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                                     timeout=30).stdout
                checked += 1
                verdict = "ok  " if got == value else "FAIL"
                failed += got != value
                print(f"{verdict} {finding['path']}:{finding['line']} {case}: "
                      f"predicted {value}, bash got {got!r}")
    server.shutdown()
    print(f"status fallback oracle: {checked} predictions, {checked - failed} as predicted")
    if checked == 0 or failed:
        sys.exit(1)


main()
