#!/usr/bin/python3
"""
Oracle for the HTTP predictions of the settings and URL rules (PF3xx, PF4xx): each case in
http_rules_cases.json names a fixture project and a rule. preflight must report the rule on
the fixture exactly when the case expects a failure (a request whose expected status is 500,
or a 301 the rule predicts), and the real Django 3.2 under gunicorn, started on 127.0.0.1 with
the fixture's settings, must answer each request with the status the case records (`fails`
marks a non-5xx answer that is the predicted failure, such as a health check's 301; `may` marks
a case the rule cannot decide, which it must report as a warning) (and, for
`server_page`, with gunicorn's own error page rather than Django's; for `log`, with that text
in the server's log; for `location`, with that Location header; for `body`, with that text in
the body). `save_cookies` keeps the cookies a response sets and `send_cookies` sends them back
(one visitor's session). A case's `env` is added to the server's environment and its `unset` names are
removed from it (DJANGO_SECRET_KEY is set by default); FORWARDED_ALLOW_IPS set to another
address than 127.0.0.1 stands for a proxy in another container, whose X-Forwarded-Proto
gunicorn does not trust. `start_fails` is text the failed start must show (the application
refuses to load): then there are no requests, and the rule must not be reported.

Usage: http_rules_oracle.py PREFLIGHT WORKDIR. Exit 0 when every case holds.
"""

import http.client
import http.cookies
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / "scripts" / "gunicorn"
SECRET_KEY = "oracle-only-5d2c8e1f0a9b7c6d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6"


def request(port, case, jar):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": case["host"], "User-Agent": "preflight-oracle"}
    if case.get("proto"):
        headers["X-Forwarded-Proto"] = case["proto"]
    if case.get("send_cookies") and jar:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
    connection.request("GET", case["path"], headers=headers)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    location = response.getheader("Location")
    if case.get("save_cookies"):
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            jar.update({name: morsel.value for name, morsel in cookie.items()})
    connection.close()
    return response.status, body, location


def preflight_findings(preflight, fixture, code):
    result = subprocess.run(
        [preflight, "check", str(ROOT / fixture), "--select", code, "--format", "json",
         "--django-version", "3.2"],
        capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"preflight failed on {fixture}: {result.stderr}")
    return [f for f in json.loads(result.stdout)["findings"] if f["code"] == code]


def run_case(preflight, workdir, index, case):
    problems = []
    fixture = case["fixture"]
    findings = preflight_findings(preflight, fixture, case["code"])
    predicted = bool(findings)
    # A request fails when the server answers 5xx, or with what the rule predicts (`fails`).
    fails = any(r["status"] >= 500 or r.get("fails") for r in case["requests"])
    if case.get("may"):
        # The rule cannot decide statically (an untranslatable pattern): it must say "may"
        # (a warning), whatever the server then does.
        if not findings or any(f["severity"] != "warning" for f in findings):
            problems.append(f"expected a 'may' ({case['code']} as a warning), got {findings}")
    elif predicted != fails:
        problems.append(f"preflight {'reports' if predicted else 'does not report'} "
                        f"{case['code']}, but the server {'fails' if fails else 'does not fail'}")
    state = Path(workdir) / f"gunicorn-{index}"
    state.mkdir(parents=True, exist_ok=True)
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "mysite.settings",
           "DJANGO_SECRET_KEY": SECRET_KEY, **case.get("env", {})}
    for name in case.get("unset", []):
        env.pop(name, None)
    started = subprocess.run(["bash", str(GUNICORN), "start", str(state), str(ROOT / fixture)],
                             capture_output=True, text=True, env=env, check=False)
    if case.get("start_fails"):
        if started.returncode == 0:
            subprocess.run(["bash", str(GUNICORN), "stop", str(state)], capture_output=True,
                           check=False)
            return problems + ["gunicorn started, but the application should refuse to load"]
        if case["start_fails"] not in started.stderr + started.stdout:
            problems.append(f"the start failed without {case['start_fails']!r}: "
                            f"{started.stderr.strip()[-300:]}")
        print(f"  {fixture}: the application does not load ({case['start_fails']})")
        return problems
    if started.returncode != 0:
        return [f"gunicorn did not start: {started.stderr.strip()}"]
    try:
        port = int(started.stdout.strip().splitlines()[-1])
        jar = {}
        for r in case["requests"]:
            status, body, location = request(port, r, jar)
            where = f"GET {r['path']} Host: {r['host']}" + (
                f" X-Forwarded-Proto: {r['proto']}" if r.get("proto") else "")
            if status != r["status"]:
                problems.append(f"{where}: status {status}, expected {r['status']}")
            if "location" in r and location != r["location"]:
                problems.append(f"{where}: Location {location!r}, expected {r['location']!r}")
            if r.get("body") and r["body"] not in body:
                problems.append(f"{where}: {r['body']!r} not in the body: {body[:120]!r}")
            if r.get("server_page") and "Internal Server Error" not in body:
                problems.append(f"{where}: not gunicorn's own error page: {body[:120]!r}")
            if r.get("log"):
                time.sleep(0.2)  # the log line is written after the response
                log = (state / "log").read_text(errors="replace")
                if r["log"] not in log and r["log"] not in body:
                    problems.append(f"{where}: {r['log']!r} neither in the response nor the log")
            print(f"  {fixture}: {where} -> {status}" + (f" {location}" if location else ""))
    finally:
        subprocess.run(["bash", str(GUNICORN), "stop", str(state)], capture_output=True,
                       check=False)
    return problems


def main():
    preflight, workdir = sys.argv[1], sys.argv[2]
    cases = json.loads((Path(__file__).parent / "http_rules_cases.json").read_text())
    failures = 0
    requests = 0
    for index, case in enumerate(cases):
        problems = run_case(preflight, workdir, index, case)
        requests += len(case["requests"])
        for problem in problems:
            print(f"FAIL {case['fixture']}: {problem}")
        failures += bool(problems)
    print(f"http rules oracle: {len(cases)} cases, {requests} requests, {failures} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
