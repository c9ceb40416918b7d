#!/usr/bin/python3
"""PF504's predicted driver errors against real psycopg2 and libpq.

For every PF504 finding on the rule's fixtures that predicts an OperationalError, the host (or
socket) of the prediction is connected to for real, on a port where nothing listens (the
prediction's own port may be in use on this machine), and the driver's first line must equal the
prediction with that port.

Usage: database_errors_oracle.py PREFLIGHT FIXTURE_DIR...
"""
import json
import re
import socket
import subprocess
import sys

import psycopg2

PREFIX = "django.db.utils.OperationalError: "


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    preflight, fixtures = sys.argv[1], sys.argv[2:]
    port = closed_port()
    checked = failed = 0
    for fixture in fixtures:
        out = subprocess.run([preflight, "check", fixture, "--format", "json"],
                             capture_output=True, text=True)
        for finding in json.loads(out.stdout)["findings"]:
            predicted = finding.get("predicted_failure") or ""
            if finding["code"] != "PF504" or not predicted.startswith(PREFIX):
                continue
            text = predicted[len(PREFIX):]
            socket_match = re.match(r'connection to server on socket "(.*)/\.s\.PGSQL\.(\d+)"', text)
            tcp_match = re.match(r'connection to server at "([^"]+)".*, port (\d+) failed', text)
            name_match = re.match(r'could not translate host name "([^"]+)"', text)
            if socket_match:
                host, written_port = socket_match.group(1), socket_match.group(2)
            elif tcp_match:
                host, written_port = tcp_match.group(1), tcp_match.group(2)
            elif name_match:
                host, written_port = name_match.group(1), None
            else:
                print(f"FAIL {finding['path']}:{finding['line']}: no host in {predicted!r}")
                failed += 1
                continue
            expected = text.split(" (a name of")[0]
            if written_port:
                expected = expected.replace(f".{written_port}\"", f".{port}\"").replace(
                    f"port {written_port} ", f"port {port} ")
            try:
                psycopg2.connect(host=host, port=port, dbname="x", user="x", connect_timeout=5)
                got = "(connected)"
            except psycopg2.OperationalError as error:
                got = str(error).strip().splitlines()[0]
            checked += 1
            ok = got == expected
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {finding['path']}:{finding['line']}: "
                  f"predicted {expected!r}, libpq said {got!r}")
    print(f"database errors oracle: {checked} predictions, {checked - failed} as predicted")
    if checked == 0 or failed:
        sys.exit(1)


main()
