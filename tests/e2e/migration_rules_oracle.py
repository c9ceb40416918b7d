"""The migration rules' runtime predictions against a real PostgreSQL 15 and Debian's Django 3.2.

migration_rules_cases.json names fixture projects of tests/fixtures/rules. For each case the
oracle creates a database, applies the migrations up to `setup` as the role that owns everything
(`owner`), grants the deploy role (`deployer`) every privilege on the schema, tables and sequences
but no ownership, then runs `manage.py migrate` to `target` as `deployer` and reads the SQLSTATEs
of the errors PostgreSQL logged for that database.

A case passes when
- preflight reports exactly the case's `codes` (of the migration family) on the fixture;
- PostgreSQL logged exactly the case's `sqlstates`, in order, and `migrate` failed or not as the
  case says;
- and, the link between the two, every prediction of a finding in the migrations the step applies
  came true: PF211 (needs ownership) means a 42501, PF210 (an error swallowed inside the
  transaction) means a 25P02, PF213 (a syntax error) a 42601, PF212 (DDL that cannot run twice)
  the SQLSTATE one of its messages names as the first one logged, and any finding's predicted
  failure is checked by its text
  (PREDICTED_BY_TEXT: an SQLSTATE in the log, an exception in migrate's output, a lock or a
  rewrite the probes below observed); with no prediction the migration applied (errors it handled
  itself, such as a 23505 behind a savepoint, are fine).

Optional case fields (for the lock and rewrite claims of PF214/PF215):
- `role`: who runs the target migrate, `deployer` (the default) or `owner` (who owns the tables:
  index and ALTER TABLE statements need that, and PF211 is then ignored by the fixture's config);
- `locks`: {table: {"reads": bool, "writes": bool}}: before the real migrate, the target
  migration's SQL (`sqlmigrate`) runs as `owner` in a transaction left open, and another session
  tries `LOCK TABLE t IN ACCESS SHARE MODE NOWAIT` (what a SELECT takes) and `… ROW EXCLUSIVE MODE
  NOWAIT` (what INSERT/UPDATE/DELETE take): blocked means 55P03. The observed values must equal
  the case's; a prediction "writes to T wait" needs T's writes blocked, "reads and writes of T
  wait" both;
- `rewrites`: the tables whose pg_relation_filenode the target migrate changed (a table rewrite),
  exactly; a prediction "the table is rewritten" needs its table among them.

Optional keys of a case: `pre_sql`, statements run as `deployer` (each on its own, committed)
after the setup and before `migrate` — the state an earlier, partial run left behind;
`failed_run_before`, true when `migrate` first runs once as `deployer` and must fail (its errors
are not the case's: the partial run a non-atomic migration leaves behind); and `exception`, the
name of an exception that must appear in `migrate`'s output (PF216 predicts Django's
IrreversibleError, not a SQLSTATE).

    migration_rules_oracle.py PREFLIGHT WORKDIR PG_DIR
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG = ROOT / "scripts" / "pg"
# What each code predicts PostgreSQL will answer.
PREDICTED_SQLSTATE = {"PF210": "25P02", "PF211": "42501", "PF213": "42601"}
# Codes whose messages name the SQLSTATE they predict, "… (42P07) …".
SQLSTATE_IN_MESSAGE = {"PF205", "PF212"}
MESSAGE_SQLSTATE = re.compile(r"\(([0-9A-Z]{5})\)")
# What a finding's predicted failure text means, for any code: ("sqlstate", S) must be logged,
# ("output", E) must be in migrate's output.
PREDICTED_BY_TEXT = [
    ("cannot run inside a transaction block", ("sqlstate", "25001")),
    ("contains null values", ("sqlstate", "23502")),
    ("NotSupportedError", ("output", "NotSupportedError")),
]
LOCK_PREDICTION = re.compile(r"^(?P<who>writes to|reads and writes of) (?P<table>\S+) wait")
LOG_LINE = re.compile(r"^\S+ \S+ \S+ \[\d+\] (?P<state>[0-9A-Z]{5}) (?P<user>[^@]*)@(?P<db>\S*) ERROR:")


def psql(pg_dir, sql, db="postgres", role="postgres"):
    result = subprocess.run(["bash", str(PG), "psql", str(pg_dir), "-v", "ON_ERROR_STOP=1",
                             "-qAt", "-U", role, "-d", db, "-c", sql],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"psql failed: {sql}: {result.stderr.strip()}")
    return result.stdout


def pg_env(pg_dir):
    out = subprocess.run(["bash", str(PG), "env", str(pg_dir)], capture_output=True, text=True,
                         check=True).stdout
    env = {}
    for name, value in re.findall(r"(\w+)=(\S+)", out):
        env[name] = value.strip("'\"")
    return env


def preflight_findings(preflight, fixture):
    result = subprocess.run(
        [preflight, "check", str(ROOT / fixture), "--format", "json",
         "--django-version", "3.2"],
        capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"preflight failed on {fixture}: {result.stderr}")
    findings = json.loads(result.stdout)["findings"]
    return [f for f in findings if f["code"].startswith("PF2")]


def manage(fixture, env, role, db, *args):
    run_env = {"PATH": "/usr/bin:/bin", "PGHOST": env["PGHOST"], "PGPORT": env["PGPORT"],
               "PGUSER": role, "PGDATABASE": db, "DJANGO_SETTINGS_MODULE": "mysite.settings",
               "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(["/usr/bin/python3", "manage.py", *args],
                          cwd=ROOT / fixture, env=run_env, capture_output=True, text=True,
                          check=False, timeout=120)


def migrate(fixture, env, role, db, app, target):
    return manage(fixture, env, role, db, "migrate", app, target, "--noinput")


def lock_probe(fixture, env, db, app, target, tables):
    """Runs the target migration's SQL as `owner` in a transaction left open, and asks from
    another session whether reads and writes of each table would wait: {table: {reads, writes}}."""
    import psycopg2
    import psycopg2.errors
    shown = manage(fixture, env, "owner", db, "sqlmigrate", app, target)
    if shown.returncode != 0:
        raise RuntimeError(f"sqlmigrate failed: {shown.stderr.strip()[-300:]}")
    body = "\n".join(line for line in shown.stdout.splitlines()
                     if line.strip() not in ("BEGIN;", "COMMIT;"))
    connect = {"host": env["PGHOST"], "port": env["PGPORT"], "user": "owner", "dbname": db}
    holder = psycopg2.connect(**connect)
    prober = psycopg2.connect(**connect)
    observed = {}
    try:
        holder.cursor().execute(body)
        cursor = prober.cursor()
        for table in tables:
            observed[table] = {}
            for what, mode in (("reads", "ACCESS SHARE"), ("writes", "ROW EXCLUSIVE")):
                try:
                    cursor.execute(f"LOCK TABLE {table} IN {mode} MODE NOWAIT")
                    observed[table][what] = False
                except psycopg2.errors.LockNotAvailable:
                    observed[table][what] = True
                prober.rollback()
    finally:
        holder.rollback()
        holder.close()
        prober.close()
    return observed


def filenodes(pg_dir, db):
    rows = psql(pg_dir, "SELECT relname, pg_relation_filenode(oid) FROM pg_class "
                        "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace", db)
    return dict(line.split("|") for line in rows.splitlines() if line)


def prediction_problems(finding, states, output, observed_locks, rewritten):
    """What is not true of a finding's predicted failure."""
    predicted = finding.get("predicted_failure") or ""
    problems = []
    for text, (kind, value) in PREDICTED_BY_TEXT:
        if text not in predicted:
            continue
        if kind == "sqlstate" and value not in states:
            problems.append(f"{finding['code']} predicts {value}, PostgreSQL logged {states}")
        if kind == "output" and value not in output:
            problems.append(f"{finding['code']} predicts {value}, migrate did not raise it")
    lock = LOCK_PREDICTION.match(predicted)
    if lock:
        table = lock["table"]
        seen = (observed_locks or {}).get(table)
        wanted = ["writes"] + (["reads"] if lock["who"].startswith("reads") else [])
        if seen is None:
            problems.append(f"{finding['code']} predicts a lock on {table}: the case has no "
                            f"`locks` probe of it")
        elif not all(seen[what] for what in wanted):
            problems.append(f"{finding['code']} predicts {lock['who']} {table} wait; the probe "
                            f"saw {seen}")
        if "the table is rewritten" in predicted and (rewritten is None or table not in rewritten):
            problems.append(f"{finding['code']} predicts a rewrite of {table}; rewritten: "
                            f"{rewritten}")
    return problems


def logged_sqlstates(pg_dir, offset, db):
    log = (Path(pg_dir) / "log").read_text(errors="replace")[offset:]
    states = []
    for line in log.splitlines():
        match = LOG_LINE.match(line)
        if match and match["db"] == db:
            states.append(match["state"])
    return states


def in_step(finding, case):
    """Whether a finding is in a migration that the step from `setup` to `target` applies (or
    unapplies, going backwards): fixtures with one hazard per migration confirm each on its own."""
    number = re.match(r"(\d{4})_", Path(finding["path"]).name)
    if not number:
        return True
    low, high = sorted((case["setup"], case["target"]))
    return low < number[1] <= high


def run_case(preflight, pg_dir, env, index, case):
    problems = []
    fixture = case["fixture"]
    findings = preflight_findings(preflight, fixture)
    codes = sorted({f["code"] for f in findings})
    if codes != sorted(case["codes"]):
        problems.append(f"preflight reports {codes}, the case expects {sorted(case['codes'])}")
    db = f"case{index}"
    psql(pg_dir, f"DROP DATABASE IF EXISTS {db}")
    psql(pg_dir, f"CREATE DATABASE {db} OWNER owner")
    psql(pg_dir, "REVOKE CREATE ON SCHEMA public FROM PUBLIC", db)
    psql(pg_dir, "ALTER SCHEMA public OWNER TO owner", db)
    setup = migrate(fixture, env, "owner", db, case["app"], case["setup"])
    if setup.returncode != 0:
        return problems + [f"setup migrate as owner failed: {setup.stderr.strip()[-400:]}"]
    psql(pg_dir, "GRANT USAGE, CREATE ON SCHEMA public TO deployer; "
                 "GRANT ALL ON ALL TABLES IN SCHEMA public TO deployer; "
                 "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO deployer", db)
    for statement in case.get("pre_sql", []):
        psql(pg_dir, statement, db, role="deployer")
    if case.get("failed_run_before"):
        before = migrate(fixture, env, "deployer", db, case["app"], case["target"])
        if before.returncode == 0:
            problems.append("the run before was to fail, but migrate succeeded")
    observed_locks = None
    if "locks" in case:
        observed_locks = lock_probe(fixture, env, db, case["app"], case["target"],
                                    sorted(case["locks"]))
        if observed_locks != case["locks"]:
            problems.append(f"the lock probe saw {observed_locks}, the case expects "
                            f"{case['locks']}")
    before = filenodes(pg_dir, db)
    offset = len((Path(pg_dir) / "log").read_text(errors="replace"))
    role = case.get("role", "deployer")
    result = migrate(fixture, env, role, db, case["app"], case["target"])
    states = logged_sqlstates(pg_dir, offset, db)
    failed = result.returncode != 0
    after = filenodes(pg_dir, db)
    rewritten = sorted(t for t in before if t in after and before[t] != after[t])
    if "rewrites" in case and rewritten != sorted(case["rewrites"]):
        problems.append(f"rewritten tables {rewritten}, the case expects {case['rewrites']}")
    applied = [f for f in findings if in_step(f, case)]
    for finding in applied:
        problems += prediction_problems(finding, states, result.stdout + result.stderr,
                                        observed_locks, rewritten)
    if states != case["sqlstates"]:
        problems.append(f"PostgreSQL logged {states}, the case expects {case['sqlstates']}")
    if failed != case["fails"]:
        problems.append(f"migrate {'failed' if failed else 'succeeded'}: "
                        f"{(result.stderr or result.stdout).strip()[-300:]}")
    for code in sorted({f["code"] for f in applied}):
        if PREDICTED_SQLSTATE.get(code) and PREDICTED_SQLSTATE[code] not in states:
            problems.append(f"{code} predicts {PREDICTED_SQLSTATE[code]}, PostgreSQL logged "
                            f"{states}")
    for code in sorted(SQLSTATE_IN_MESSAGE & set(codes)):
        named = {state for f in findings if f["code"] == code
                 for state in MESSAGE_SQLSTATE.findall(f["message"])}
        if not states or states[0] not in named:
            problems.append(f"{code} names {sorted(named)}, PostgreSQL logged {states}")
    output = result.stdout + result.stderr
    if case.get("exception") and case["exception"] not in output:
        problems.append(f"migrate's output does not name {case['exception']}: "
                        f"{output.strip()[-300:]}")
    if not applied and not codes and failed:
        problems.append(f"no prediction, but the migration failed: {states}")
    last = [line for line in result.stderr.strip().splitlines() if line][-1:] or [""]
    extra = f", {len(case['pre_sql'])} statements before" if case.get("pre_sql") else ""
    extra += ", after a failed run" if case.get("failed_run_before") else ""
    if observed_locks is not None:
        extra += f"; waits {observed_locks}"
    if "rewrites" in case:
        extra += f"; rewritten {rewritten}"
    print(f"  {fixture} ({case['setup']} -> {case['target']} as {role}): preflight {codes}; "
          f"PostgreSQL {states}; migrate {'fails: ' + last[0][:100] if failed else 'ok'}{extra}")
    return problems


def main():
    preflight, pg_dir = sys.argv[1], sys.argv[2]
    cases = json.loads((Path(__file__).parent / "migration_rules_cases.json").read_text())
    env = pg_env(pg_dir)
    psql(pg_dir, "CREATE ROLE owner LOGIN; CREATE ROLE deployer LOGIN")
    failures = 0
    for index, case in enumerate(cases):
        problems = run_case(preflight, pg_dir, env, index, case)
        for problem in problems:
            print(f"FAIL {case['fixture']}: {problem}")
        failures += bool(problems)
    print(f"migration rules oracle: {len(cases)} cases, {failures} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
