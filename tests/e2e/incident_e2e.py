#!/usr/bin/python3
"""
End-to-end reproduction of the incident (issue 3, seed 000): every failure of
examples/incident happens for real, and examples/incident-fixed passes the
same steps. What is observed is compared with the ground-truth table in each
example's README.md; any difference fails the test.

Run with /usr/bin/python3 (Debian's python3-django 3.2, python3-psycopg2,
python3-yaml, gunicorn). Usually started by run_incident.sh, which also
cleans up if this process dies.

What runs, for each example (a copy of it, in a temporary directory):
  1. PostgreSQL 15 (scripts/pg) with two roles: harbor_owner, which applied
     the migrations that already ran in production and so owns the tables and
     indexes, and harbor_app, the deploy role, with DML privileges only (a
     shared database).
  2. The deploy job's own manage.py commands (from the ssh script in the
     workflow), in the container's environment (Dockerfile ENV and
     docker-compose.yml), as harbor_app; SQLSTATEs come from the server log.
  3. manage.py makemigrations --check --dry-run.
  4. gunicorn (scripts/gunicorn) with the production settings and the
     container's environment; every curl of the workflow and the Dockerfile
     HEALTHCHECK, run as written except that the URL points at it.
  5. The run: steps of the workflow that call manage.py (the validation job),
     in the environment that job gets from the workflow and nothing else.
"""

import argparse
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import psycopg2
    import yaml
except ImportError as exc:  # pragma: no cover - environment problem
    sys.exit(
        f"incident_e2e: {exc}. Run with /usr/bin/python3 and install python3-psycopg2 python3-yaml."
    )

ROOT = Path(__file__).resolve().parents[2]
PY = "/usr/bin/python3"
PG_SCRIPT = ROOT / "scripts" / "pg"
GUNICORN_SCRIPT = ROOT / "scripts" / "gunicorn"

OWNER = "harbor_owner"
APP = "harbor_app"
SECRET_KEY = "e2e-only-4b1f0c9a7d2e8f3a6c5b0d9e1f2a3b4c5d6e7f8091a2b3c4d5e6"
NONE = "(none)"

# Migrations that production had already applied before this deploy (applied by
# the owner role); everything else is new in the deploy.
PRODUCTION_HISTORY = {"tenants": "0002_rename_domain_tenantdomain"}

BASE_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
}


class Abort(BaseException):
    """Raised by signal handlers so that cleanup runs."""


def log(msg=""):
    print(msg, flush=True)


class phase:
    """Logs how long a part of the run took."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.t0 = time.monotonic()

    def __exit__(self, *exc):
        log(f"  {self.name}: {time.monotonic() - self.t0:.1f}s{' (failed)' if exc[0] else ''}")


def norm_space(text):
    return re.sub(r"\s+", " ", text).strip()


def run(cmd, *, env, cwd=None, timeout=120, input_text=None):
    """Run cmd (a list); return (exit status, stdout, stderr)."""
    try:
        proc = subprocess.run(
            cmd,
            env=env,
            cwd=cwd,
            input=input_text,
            stdin=None if input_text is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else exc.stderr or ""
        return 124, out, err + f"\n(timed out after {timeout}s)"
    return proc.returncode, proc.stdout, proc.stderr


# --------------------------------------------------------------------------- services


class Services:
    """Everything started here, stopped in reverse order by stop_all()."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.started = []  # (kind, dir)

    def start_pg(self, name):
        d = self.workdir / name
        self.started.append(("pg", d))
        rc, out, err = run(["bash", str(PG_SCRIPT), "start", str(d)], env=dict(os.environ), timeout=90)
        if rc != 0:
            raise RuntimeError(f"scripts/pg start failed:\n{out}{err}")
        return int(out.strip().splitlines()[-1]), d

    def start_gunicorn(self, name, project, env):
        d = self.workdir / name
        self.started.append(("gunicorn", d))
        # A request that never completes (TLS sent to this plain-HTTP port after a redirect to
        # https://) holds a sync worker until gunicorn's worker timeout, as in production (30 s
        # there). Short timeout, several workers, and --preload so a killed worker is replaced
        # at once.
        env = dict(env, GUNICORN_TIMEOUT="5", GUNICORN_WORKERS="4", GUNICORN_PRELOAD="1")
        rc, out, err = run(["bash", str(GUNICORN_SCRIPT), "start", str(d), str(project)], env=env, timeout=90)
        if rc != 0:
            raise RuntimeError(f"scripts/gunicorn start failed:\n{out}{err}")
        return int(out.strip().splitlines()[-1]), d

    def stop(self, kind, d):
        script = PG_SCRIPT if kind == "pg" else GUNICORN_SCRIPT
        rc, out, err = run(["bash", str(script), "stop", str(d)], env=dict(os.environ), timeout=60)
        if rc != 0:
            log(f"warning: scripts/{kind} stop {d} failed: {out}{err}")
        self.started = [s for s in self.started if s != (kind, d)]

    def stop_all(self):
        for kind, d in reversed(list(self.started)):
            self.stop(kind, d)


# --------------------------------------------------------------------------- parsing the project


def logical_dockerfile_lines(text):
    lines, cur = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not cur and (not stripped or stripped.startswith("#")):
            continue
        if cur and stripped.startswith("#"):
            continue  # comment lines inside a continuation are dropped by Docker
        if stripped.endswith("\\"):
            cur += stripped[:-1] + " "
            continue
        cur += stripped
        lines.append(cur)
        cur = ""
    if cur:
        lines.append(cur)
    return lines


def dockerfile_facts(project):
    env, healthcheck = {}, None
    for line in logical_dockerfile_lines((project / "Dockerfile").read_text()):
        instr, _, rest = line.partition(" ")
        instr = instr.upper()
        if instr == "ENV":
            for token in shlex.split(rest):
                if "=" in token:
                    k, v = token.split("=", 1)
                    env[k] = v
        elif instr == "HEALTHCHECK":
            m = re.search(r"\bCMD\s+(.*)$", rest)
            if m:
                healthcheck = m.group(1).strip()
    return env, healthcheck


def interpolate_compose(value, dotenv):
    def repl(m):
        if m.group(0) == "$$":
            return "$"
        name = m.group(1) or m.group(4)
        op, default = m.group(2), m.group(3)
        val = dotenv.get(name)
        if op == ":-" and not val:
            return default
        if op == "-" and val is None:
            return default
        return val or ""

    return re.sub(r"\$\$|\$\{(\w+)(?:(:?-)([^}]*))?\}|\$(\w+)", repl, str(value))


def container_env(project, dotenv):
    """The environment of the web container: Dockerfile ENV, then compose environment."""
    env, _ = dockerfile_facts(project)
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    cenv = web.get("environment") or {}
    if isinstance(cenv, list):
        cenv = dict(item.split("=", 1) if "=" in item else (item, "") for item in cenv)
    for k, v in cenv.items():
        env[k] = interpolate_compose("" if v is None else v, dotenv)
    return env


def load_workflow(project):
    path = project / ".github" / "workflows" / "deploy.yml"
    return yaml.safe_load(path.read_text())


def step_label(job_id, step, index):
    return f"{job_id}/{step.get('name') or step.get('uses') or f'step {index + 1}'}"


def step_script(step):
    """(script text, is it run remotely over ssh) of a step, or (None, False)."""
    if "run" in step:
        return str(step["run"]), False
    uses = str(step.get("uses", ""))
    if "ssh-action" in uses and "script" in (step.get("with") or {}):
        return str(step["with"]["script"]), True
    return None, False


def strip_shell_comment(line):
    out, quote = [], None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            break
        out.append(ch)
    return "".join(out).rstrip()


def command_substitution(line, start):
    """The text inside the $( ... ) that starts at line[start] == '$'."""
    depth, quote, i = 0, None, start + 1
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return line[start + 2 : i]
        i += 1
    raise ValueError(f"unbalanced $( in: {line}")


def top_level_or_split(cmd):
    """cmd before the first top-level '||' (outside quotes)."""
    quote = None
    for i, ch in enumerate(cmd):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif cmd.startswith("||", i):
            return cmd[:i].rstrip()
    return cmd


CURL_AT = re.compile(r"curl(?=\s)")
COMMAND_START = re.compile(r"(^|\$\(|[|;&(!]|\b(?:then|do|else|if|while|until|time|exec))\s*$")


def curl_commands(line):
    """Start offsets of the curl commands in a shell line (curl in command position,
    outside quotes; `echo "curl exit"` is not one)."""
    starts, quote = [], None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif CURL_AT.match(line, i) and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] in "_-./")):
            if COMMAND_START.search(line[:i]):
                starts.append(i)
    return starts


def curl_checks(workflow):
    """Every curl of the workflow: (label, expression the step evaluates)."""
    checks = []
    for job_id, job in (workflow.get("jobs") or {}).items():
        for index, step in enumerate(job.get("steps") or []):
            script, _ = step_script(step)
            if not script:
                continue
            found = []
            for raw in script.splitlines():
                line = strip_shell_comment(raw.strip())
                for start in curl_commands(line):
                    # The command substitution the curl is the first command of, if any: its
                    # output is what the step sees.
                    before = line[:start].rstrip()
                    if before.endswith("$("):
                        expr = command_substitution(line, len(before) - 2)
                    else:
                        expr = line[start:]
                    found.append(expr.strip())
            for n, expr in enumerate(found):
                label = step_label(job_id, step, index)
                if len(found) > 1:
                    label += f" #{n + 1}"
                checks.append((label, expr))
    return checks


URL_RE = re.compile(r"(https?)://([A-Za-z0-9.\-]+|\[[0-9a-fA-F:.]+\])(:\d+)?(/[^\s'\"()]*)?")


def loopback_url(expr):
    m = URL_RE.search(expr)
    if not m:
        return None, None
    return m, m.group(2) in ("localhost", "127.0.0.1")


def rewrite_url(expr, port):
    m, is_loopback = loopback_url(expr)
    if not m or not is_loopback:
        return expr, None
    original_netloc = m.group(2) + (m.group(3) or "")
    new = f"{m.group(1)}://{m.group(2)}:{port}{m.group(4) or ''}"
    return expr[: m.start()] + new + expr[m.end() :], original_netloc


def curl_headers_and_url(curl_cmd):
    tokens = shlex.split(curl_cmd)
    headers, url = [], None
    i = 1
    while i < len(tokens):
        t = tokens[i]
        if t in ("-H", "--header") and i + 1 < len(tokens):
            headers.append(tokens[i + 1])
            i += 2
            continue
        if t.startswith("http://") or t.startswith("https://"):
            url = t
        i += 1
    return headers, url


def manage_py_commands(script):
    """The manage.py invocations of a (remote) script, as 'manage.py SUB ARGS'."""
    cmds = []
    for raw in script.splitlines():
        line = strip_shell_comment(raw.strip())
        m = re.search(r"\bpython3?\s+(manage\.py\s+[^;&|]*)", line)
        if m:
            cmds.append(m.group(1).strip())
    return cmds


# --------------------------------------------------------------------------- observations


class Observations:
    def __init__(self):
        self.rows = {}

    def add(self, key, value):
        value = NONE if value is None or str(value).strip() == "" else norm_space(str(value))
        if key in self.rows:
            raise RuntimeError(f"observation recorded twice: {key}")
        self.rows[key] = value


def exception_lines(text):
    """The 'module.Exception: message' lines of the tracebacks in text, in order."""
    return [
        line.strip()
        for line in text.splitlines()
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Warning|ImproperlyConfigured|DisallowedHost)\b[^:\s]*: ", line)
        or re.match(r"^[a-z_]\w*(\.\w+)*\.[A-Z]\w*: ", line)
    ]


def last_exception_line(text):
    """The final 'module.Exception: message' line of the last traceback in text."""
    found = None
    for line in text.splitlines():
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Warning|ImproperlyConfigured|DisallowedHost|Interrupt)\b.*?:", line) or re.match(
            r"^[a-z_][\w]*(\.[\w]+)*\.[A-Z]\w*: ", line
        ):
            found = line.strip()
    return found


def django_log_lines(text):
    """'logger: message' for the WARNING/ERROR records Django's LOGGING printed."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (WARNING|ERROR|CRITICAL) (\S+): (.*)$", line)
        if m:
            out.append(f"{m.group(2)}: {m.group(3)}")
    return out


class PgLog:
    LINE = re.compile(r"^\S+ \S+ \S+ \[\d+\] (\w{5}) (?:(\S*)@(\S*) )?(ERROR|FATAL|PANIC|STATEMENT|LOG|WARNING|NOTICE|DETAIL|HINT|CONTEXT):  ?(.*)$")

    def __init__(self, path):
        self.path = path

    def offset(self):
        return self.path.stat().st_size

    def entries_since(self, offset):
        with open(self.path, "r", errors="replace") as f:
            f.seek(offset)
            text = f.read()
        entries = []
        for line in text.splitlines():
            m = self.LINE.match(line)
            if m:
                entries.append(
                    {"sqlstate": m.group(1), "user": m.group(2), "db": m.group(3), "level": m.group(4), "text": m.group(5)}
                )
            elif entries and line.startswith(("\t", " ")):
                entries[-1]["text"] += " " + line.strip()
        return entries

    def errors_since(self, offset, db):
        """[(sqlstate, message, statement)] of ERRORs in database db."""
        errors = []
        for e in self.entries_since(offset):
            if e["db"] != db:
                continue
            if e["level"] == "ERROR":
                errors.append([e["sqlstate"], e["text"], None])
            elif e["level"] == "STATEMENT" and errors and errors[-1][2] is None:
                errors[-1][2] = e["text"]
        return errors


def short_statement(sql):
    sql = norm_space(sql or "")
    m = re.match(r"^(INSERT INTO \S+|UPDATE \S+|DELETE FROM \S+)", sql)
    if m:
        return m.group(1) + " ..."
    m = re.match(r"^SELECT\b.*?\bFROM\s+(\S+)", sql)
    if m and len(sql) > 90:
        return f"SELECT ... FROM {m.group(1)} ..."
    return sql if len(sql) <= 90 else sql[:90].rstrip() + " ..."


class Scenario:
    """One example project against its own database on the shared test server."""

    def __init__(self, ctx, name, project):
        self.ctx = ctx
        self.name = name
        self.project = project
        self.obs = Observations()

    # ----- environment
    def dotenv(self, db, user):
        """What /opt/harbor/.env on the server would hold, pointed at the test database."""
        return {
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": str(self.ctx.pg_port),
            "POSTGRES_DB": db,
            "POSTGRES_USER": user,
            "POSTGRES_PASSWORD": "",
            "IMAGE_TAG": "e2e",
        }

    def container_env(self, db, user):
        env = dict(BASE_ENV, HOME=str(self.ctx.home))
        env.update(container_env(self.project, self.dotenv(db, user)))
        return env

    # ----- database
    def create_db(self, db):
        conn = psycopg2.connect(host="127.0.0.1", port=self.ctx.pg_port, user="postgres", dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{db}" OWNER {OWNER}')
            cur.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{db}" TO {APP}')
        conn.close()

    def grant_app(self, db):
        conn = psycopg2.connect(host="127.0.0.1", port=self.ctx.pg_port, user=OWNER, dbname=db)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"GRANT USAGE ON SCHEMA public TO {APP}")
            cur.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP}")
            cur.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP}")
        conn.close()

    def query(self, db, sql, params=None):
        conn = psycopg2.connect(host="127.0.0.1", port=self.ctx.pg_port, user="postgres", dbname=db)
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall()
        finally:
            conn.close()

    def applied(self, db):
        return {f"{a}.{n}" for a, n in self.query(db, "SELECT app, name FROM django_migrations")}

    def index_names(self, db):
        rows = self.query(
            db,
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'tenants_tenantdomain' ORDER BY indexname",
        )
        return ", ".join(r[0] for r in rows)

    def apply_as_owner(self, project, db, history):
        """Apply migrations as the owner role (what production had before this deploy)."""
        env = Scenario(self.ctx, self.name, project).container_env(db, OWNER)
        code = (
            "import django\n"
            "django.setup()\n"
            "from django.core.management import call_command\n"
            "from django.db.migrations.loader import MigrationLoader\n"
            f"history = {history!r}\n"
            "for app in sorted(MigrationLoader(None, ignore_no_migrations=True).migrated_apps):\n"
            "    if history is None or app not in history:\n"
            "        call_command('migrate', app, interactive=False, verbosity=0)\n"
            "    else:\n"
            "        call_command('migrate', app, history[app], interactive=False, verbosity=0)\n"
        )
        rc, out, err = run([PY, "-c", code], env=env, cwd=project)
        if rc != 0:
            raise RuntimeError(f"applying the history as {OWNER} failed in {project}:\n{out}{err}")
        return out

    def run_manage(self, args, env, db=None, user=None):
        """Run /usr/bin/python3 manage.py ARGS; returns a dict of what happened."""
        pglog = self.ctx.pglog
        offset = pglog.offset()
        before = self.applied(db) if db else set()
        rc, out, err = run([PY] + shlex.split(args), env=env, cwd=self.project, timeout=120)
        time.sleep(0.1)  # let the server log catch up
        result = {"exit": rc, "stdout": out, "stderr": err}
        if db:
            result["errors"] = pglog.errors_since(offset, db)
            result["recorded"] = sorted(self.applied(db) - before)
            result["indexes"] = self.index_names(db)
        return result

    def record_manage(self, prefix, r, with_db=True):
        o = self.obs
        o.add(f"{prefix}: exit", r["exit"])
        if with_db:
            errors = r["errors"]
            o.add(f"{prefix}: SQLSTATEs", ", ".join(e[0] for e in errors) or NONE)
            o.add(f"{prefix}: first server error", errors[0][1] if errors else NONE)
            o.add(f"{prefix}: failed statements", " / ".join(short_statement(e[2]) for e in errors) or NONE)
        o.add(f"{prefix}: stdout", " / ".join(l.strip() for l in r["stdout"].splitlines() if l.strip()) or NONE)
        chain = []
        for line in exception_lines(r["stderr"]) if r["exit"] != 0 else []:
            if line not in chain:
                chain.append(line)
        o.add(f"{prefix}: exceptions", " -> ".join(chain) or NONE)
        if with_db:
            o.add(f"{prefix}: migrations recorded", ", ".join(r["recorded"]) or NONE)
            o.add(f"{prefix}: indexes of tenants_tenantdomain after", r["indexes"])

    # ----- the steps
    def deploy_commands(self, db):
        """The deploy job's manage.py commands, on the server, as the deploy role."""
        workflow = load_workflow(self.project)
        env = self.container_env(db, APP)
        for job_id, job in workflow["jobs"].items():
            for index, step in enumerate(job.get("steps") or []):
                script, remote = step_script(step)
                if not script or not remote:
                    continue
                commands = manage_py_commands(script)
                if not commands:
                    continue
                stop_on_error = bool(re.search(r"^\s*set -[a-z]*e", script, re.M))
                failed = False
                for cmd in commands:
                    prefix = f"deploy: {step_label(job_id, step, index)}: {cmd} (as {APP})"
                    if failed:
                        self.obs.add(f"{prefix}: exit", "not run (set -e, an earlier command failed)")
                        continue
                    r = self.run_manage(cmd, env, db=db)
                    is_migrate = cmd.split()[1] == "migrate"
                    if is_migrate:
                        self.record_manage(prefix, r)
                    else:
                        self.record_manage(prefix, r, with_db=False)
                    if r["exit"] != 0 and stop_on_error:
                        failed = True

    def makemigrations(self, db):
        env = self.container_env(db, OWNER)
        env.pop("DJANGO_SETTINGS_MODULE", None)  # a developer's shell: manage.py's default settings
        r = self.run_manage("manage.py makemigrations --check --dry-run", env)
        self.obs.add("makemigrations --check --dry-run: exit", r["exit"])
        lines = [l.strip() for l in (r["stdout"] + r["stderr"]).splitlines() if l.strip()]
        lines = [re.sub(r"\d{8}_\d{4}", "<timestamp>", l) for l in lines]
        self.obs.add("makemigrations --check --dry-run: output", " / ".join(lines))

    def http_checks(self, db, settings_module=None, variants=(("http", None, False),)):
        """Serve the project under gunicorn and run the workflow's curls against it.

        variants: (label prefix, only these checks or None for all, drop the Host header)."""
        env = self.container_env(db, APP)
        if settings_module:
            env["DJANGO_SETTINGS_MODULE"] = settings_module
        self.ctx.gunicorns += 1
        gname = f"gunicorn-{self.ctx.gunicorns}-{self.name}"
        port, gdir = self.ctx.services.start_gunicorn(gname, self.project, env)
        glog = gdir / "log"
        curl_env = dict(BASE_ENV, HOME=str(self.ctx.home))
        try:
            for label_prefix, only, drop_host_header in variants:
                checks = curl_checks(load_workflow(self.project))
                if only:
                    checks = [c for c in checks if c[0] in only]
                for label, expr in checks:
                    key = f"{label_prefix}: {label}"
                    if drop_host_header:
                        expr = re.sub(r"""\s-H\s+("Host:[^"]*"|'Host:[^']*')""", "", expr)
                    run_expr, netloc = rewrite_url(expr, port)
                    if netloc is None:
                        m, _ = loopback_url(expr)
                        self.obs.add(f"{key}: stdout", f"not run: {m.group(0) if m else 'no URL'} is not a loopback URL")
                        continue
                    self.one_check(key, run_expr, port, netloc, glog, curl_env)
                if only is None and not drop_host_header:
                    self.dockerfile_healthcheck(port, glog, curl_env, label_prefix)
                    self.probe(port, glog, curl_env, label_prefix)
        finally:
            self.ctx.services.stop("gunicorn", gdir)

    def denormalize(self, text, port, netloc):
        return (text or "").replace(f"localhost:{port}", netloc).replace(f"127.0.0.1:{port}", netloc)

    def server_log_since(self, glog, offset):
        time.sleep(0.1)
        with open(glog, "r", errors="replace") as f:
            f.seek(offset)
            return f.read()

    def one_check(self, key, expr, port, netloc, glog, curl_env):
        """Run the step's expression as the step does (its output is what the step sees), and
        at the same time the curl alone (without what follows a top-level ||) for its exit
        status."""
        offset = glog.stat().st_size
        script = f'STATUS=$({expr})\nprintf "%s" "$STATUS"\n'
        curl_alone = top_level_or_split(expr)
        procs = [
            subprocess.Popen(["bash", "--noprofile", "--norc", "-c", cmd], env=curl_env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            for cmd in (script, curl_alone + " >/dev/null")
        ]
        try:
            out = procs[0].communicate(timeout=60)[0]
            procs[1].communicate(timeout=60)
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        self.obs.add(f"{key}: stdout", out)
        text = self.server_log_since(glog, offset)
        self.obs.add(f"{key}: curl exit status", procs[1].returncode)
        headers, url = curl_headers_and_url(curl_alone)
        self.obs.add(f"{key}: first response", self.first_response(url, headers, port, netloc, curl_env))
        self.obs.add(f"{key}: server log", " / ".join(dict.fromkeys(django_log_lines(text))) or NONE)
        self.obs.add(f"{key}: server exception", last_exception_line(text) or NONE)

    def first_response(self, url, headers, port, netloc, curl_env):
        cmd = ["curl", "-s", "-o", "/dev/null", "--max-time", "10", "-w", "%{http_code} %{redirect_url}"]
        for h in headers:
            cmd += ["-H", h]
        rc, out, _ = run(cmd + [url], env=curl_env, timeout=30)
        return self.denormalize(out.strip(), port, netloc)

    def dockerfile_healthcheck(self, port, glog, curl_env, label_prefix):
        _, healthcheck = dockerfile_facts(self.project)
        key = f"{label_prefix}: Dockerfile HEALTHCHECK"
        if not healthcheck:
            self.obs.add(f"{key}: exit", NONE)
            return
        cmd, netloc = rewrite_url(healthcheck, port)
        if healthcheck.startswith("["):
            raise RuntimeError("exec-form HEALTHCHECK is not supported by this test")
        rc, _, _ = run(["/bin/sh", "-c", cmd], env=curl_env, timeout=60)
        self.obs.add(f"{key}: exit", rc)
        m, _ = loopback_url(cmd)
        self.obs.add(f"{key}: first response", self.first_response(m.group(0), [], port, netloc, curl_env))

    def probe(self, port, glog, curl_env, label_prefix):
        """A request the workflow does not make: a Host that ALLOWED_HOSTS rejects, on a
        path that is redirected to HTTPS. It shows whether the error views work."""
        key = f"{label_prefix}: probe GET /api/v1/tenants/current/ with Host: evil.example"
        offset = glog.stat().st_size
        rc, out, _ = run(
            ["curl", "-s", "-o", "/dev/null", "--max-time", "10", "-w", "%{http_code}", "-H", "Host: evil.example",
             f"http://localhost:{port}/api/v1/tenants/current/"],
            env=curl_env,
            timeout=30,
        )
        self.obs.add(f"{key}: status", out.strip())
        text = self.server_log_since(glog, offset)
        self.obs.add(f"{key}: server exception", last_exception_line(text) or NONE)

    def ci_jobs(self):
        """The run: steps that call manage.py, in the env the workflow gives their job."""
        workflow = load_workflow(self.project)
        wf_env = {k: str(v) for k, v in (workflow.get("env") or {}).items()}
        ran = False
        for job_id, job in workflow["jobs"].items():
            job_env = {k: str(v) for k, v in (job.get("env") or {}).items()}
            for index, step in enumerate(job.get("steps") or []):
                if "run" not in step or "manage.py" not in str(step["run"]):
                    continue
                ran = True
                env = dict(BASE_ENV, HOME=str(self.ctx.home), CI="true", GITHUB_ACTIONS="true", RUNNER_OS="Linux")
                ctx_env = {}
                for layer in (wf_env, job_env, {k: str(v) for k, v in (step.get("env") or {}).items()}):
                    for k, v in layer.items():
                        ctx_env[k] = gha_expr(v, ctx_env)
                env.update(ctx_env)
                script = gha_expr(str(step["run"]), ctx_env)
                script = re.sub(r"(?<![\w./-])python3?(?=\s)", PY, script)
                rc, out, err = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], env=env,
                                   cwd=self.project, timeout=120)
                prefix = f"job: {step_label(job_id, step, index)}"
                self.obs.add(f"{prefix}: exit", rc)
                lines = [l.strip() for l in (err if rc else out + err).splitlines() if l.strip()]
                self.obs.add(f"{prefix}: last line", lines[-1] if lines else NONE)
        if not ran:
            self.obs.add("job: run: steps calling manage.py", NONE)


def gha_expr(value, ctx_env):
    """Evaluate ${{ }} as GitHub would for a job without access to secrets or variables."""

    def repl(m):
        expr = m.group(1).strip()
        if expr.startswith(("secrets.", "vars.")):
            return ""  # not available to a job outside the environment that defines them
        if expr.startswith("env."):
            return ctx_env.get(expr[4:], "")
        return {"github.sha": "0" * 40, "github.repository": "acme/harbor", "github.actor": "github-actions"}.get(expr, "")

    return re.sub(r"\$\{\{(.*?)\}\}", repl, value)


# --------------------------------------------------------------------------- ground truth


def read_ground_truth(readme):
    text = readme.read_text()
    m = re.search(r"<!-- ground-truth:begin -->(.*?)<!-- ground-truth:end -->", text, re.S)
    if not m:
        raise RuntimeError(f"{readme}: no <!-- ground-truth:begin --> ... <!-- ground-truth:end --> table")
    rows = {}
    for line in m.group(1).splitlines():
        line = line.strip()
        if not line.startswith("|") or re.fullmatch(r"[|\-: ]+", line):
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip("|"))]
        if len(cells) < 2 or cells[0].lower() == "key":
            continue
        key, value = (c[1:-1] if len(c) >= 2 and c[0] == c[-1] == "`" else c for c in cells[:2])
        if key in rows:
            raise RuntimeError(f"{readme}: key listed twice: {key}")
        rows[key] = value
    return rows


def compare(readme, observed):
    expected = read_ground_truth(readme)
    problems = []
    for key in sorted(set(expected) | set(observed), key=lambda k: (k not in observed, k)):
        if key not in observed:
            problems.append(f"  listed in the README but not observed: {key}\n      README:   {expected[key]}")
        elif key not in expected:
            problems.append(f"  observed but missing from the README:  {key}\n      observed: {observed[key]}")
        elif expected[key] != observed[key]:
            problems.append(f"  MISMATCH {key}\n      README:   {expected[key]}\n      observed: {observed[key]}")
    return expected, problems


def md_cell(text):
    return "`" + text.replace("|", "\\|") + "`"


# --------------------------------------------------------------------------- main


class Context:
    pass


def run_incident(ctx):
    s = Scenario(ctx, "incident", ctx.copies["incident"])
    db = "harbor_incident"
    with phase("incident: database with the production history, applied as " + OWNER):
        s.create_db(db)
        s.apply_as_owner(s.project, db, PRODUCTION_HISTORY)
        s.grant_app(db)
    s.obs.add("setup: indexes of tenants_tenantdomain before the deploy", s.index_names(db))
    owners = s.query(db, "SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname LIKE 'tenants\\_%'")
    s.obs.add("setup: owner of the tenants tables and indexes", ", ".join(sorted(r[0] for r in owners)))
    with phase("incident: deploy job's manage.py commands as " + APP):
        s.deploy_commands(db)
    with phase("incident: makemigrations --check"):
        s.makemigrations(db)
    with phase("incident: health checks against gunicorn"):
        s.http_checks(db)
    # The seed's later states, replayed: PR #818 turned CSRF_USE_SESSIONS off, PR #819 removed the
    # Host header, PR #820 exempted the health endpoints from the HTTPS redirect.
    settings_dir = s.project / "harbor" / "settings"
    (settings_dir / "e2e_seed_pr818.py").write_text("from .production import *  # noqa\nCSRF_USE_SESSIONS = False\n")
    (settings_dir / "e2e_seed_pr820.py").write_text(
        "from .e2e_seed_pr818 import *  # noqa\nSECURE_REDIRECT_EXEMPT = [r'^api/v1/health/$', r'^api/v1/ready/$']\n"
    )
    health = "deploy-backend/Post-deploy health check"
    with phase("incident: the seed's PRs #818-#820 replayed"):
        s.http_checks(db, "harbor.settings.e2e_seed_pr818", [
            ("seed PR #818 (CSRF_USE_SESSIONS = False)", [health], False),
            ("seed PR #818 + #819 (no Host header)", [health], True),
        ])
        s.http_checks(db, "harbor.settings.e2e_seed_pr820", [
            ("seed PR #818 + #819 + #820 (SECURE_REDIRECT_EXEMPT)", [health], True),
        ])
    with phase("incident: CI jobs' manage.py steps"):
        s.ci_jobs()
    return s


def run_fixed(ctx):
    s = Scenario(ctx, "incident-fixed", ctx.copies["incident-fixed"])
    db = "harbor_fixed"
    with phase("incident-fixed: database with the production history, applied as " + OWNER):
        s.create_db(db)
        s.apply_as_owner(s.project, db, PRODUCTION_HISTORY)
        s.grant_app(db)
    s.obs.add("setup: indexes of tenants_tenantdomain before the deploy", s.index_names(db))
    with phase("incident-fixed: deploy job's manage.py commands as " + APP):
        s.deploy_commands(db)
    with phase("incident-fixed: makemigrations --check"):
        s.makemigrations(db)
    with phase("incident-fixed: health checks against gunicorn"):
        s.http_checks(db)
    with phase("incident-fixed: CI jobs' manage.py steps"):
        s.ci_jobs()

    # A database where the incident's 0003 did run, as the owner of the indexes (a developer's
    # database): the fixed 0003 must put the names back, and refuse clearly without ownership.
    db2 = "harbor_fixed_renamed"
    with phase("incident-fixed: a database where the incident's 0003 ran as owner"):
        s.create_db(db2)
        s.apply_as_owner(ctx.copies["incident"], db2, None)
        s.grant_app(db2)
        s.obs.add("renamed db: indexes after the incident's migrations ran as owner", s.index_names(db2))
        for user in (APP, OWNER):
            r = s.run_manage("manage.py migrate --noinput", s.container_env(db2, user), db=db2)
            s.record_manage(f"renamed db: manage.py migrate --noinput (as {user})", r)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workdir", help="directory for copies, logs and servers (default: a new one under /tmp)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--print-tables", action="store_true", help="print the observed tables in README form")
    ap.add_argument("--deadline", type=int, default=int(os.environ.get("E2E_DEADLINE", "240")),
                    help="give up (and clean up) after this many seconds")
    args = ap.parse_args()

    aborted = []

    def on_signal(signum, frame):
        if aborted:
            return  # already on the way out
        aborted.append(signum)
        raise Abort(f"signal {signum}")

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
        signal.signal(sig, on_signal)
    signal.alarm(args.deadline)

    started = time.monotonic()
    own_workdir = not args.workdir
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="preflight-e2e.", dir="/tmp")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    os.chmod(workdir, 0o755)  # the postgres user must reach its data directory

    ctx = Context()
    ctx.services = Services(workdir)
    ctx.home = workdir / "home"
    ctx.home.mkdir(exist_ok=True)
    ctx.copies = {}
    ctx.gunicorns = 0
    scenarios = []
    failed = False
    try:
        for name in ("incident", "incident-fixed"):
            dest = workdir / name
            shutil.copytree(ROOT / "examples" / name, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            ctx.copies[name] = dest
        ctx.pg_port, pgdir = ctx.services.start_pg("pg")
        ctx.pglog = PgLog(pgdir / "log")
        conn = psycopg2.connect(host="127.0.0.1", port=ctx.pg_port, user="postgres", dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"CREATE ROLE {OWNER} LOGIN")
            cur.execute(f"CREATE ROLE {APP} LOGIN")
        conn.close()
        log(f"PostgreSQL 15 on 127.0.0.1:{ctx.pg_port}; work directory {workdir}")

        for name, fn in (("incident", run_incident), ("incident-fixed", run_fixed)):
            t0 = time.monotonic()
            scenarios.append((name, fn(ctx)))
            log(f"{name}: observed in {time.monotonic() - t0:.1f}s")
    except Abort as exc:
        log(f"ABORTED ({exc}); cleaning up")
        failed = True
    except Exception:
        import traceback

        traceback.print_exc()
        failed = True
    finally:
        signal.alarm(0)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        ctx.services.stop_all()
        if own_workdir and not args.keep and not failed:
            shutil.rmtree(workdir, ignore_errors=True)
        elif failed or args.keep:
            log(f"work directory kept: {workdir}")

    if failed:
        log("FAIL: the end-to-end run did not complete")
        return 1

    all_problems = 0
    for name, s in scenarios:
        readme = ROOT / "examples" / name / "README.md"
        log("")
        log(f"=== examples/{name}: {len(s.obs.rows)} observations, compared with {readme.relative_to(ROOT)}")
        if args.print_tables:
            log("| key | observed |")
            log("|---|---|")
            for key, value in s.obs.rows.items():
                log(f"| {md_cell(key)} | {md_cell(value)} |")
        try:
            expected, problems = compare(readme, s.obs.rows)
        except (OSError, RuntimeError) as exc:
            problems = [f"  {exc}"]
            expected = {}
        for key, value in s.obs.rows.items():
            mark = "ok  " if expected.get(key) == value else "FAIL"
            log(f"  {mark} {key}: {value}")
        if problems:
            log(f"--- {len(problems)} difference(s) between examples/{name}/README.md and what happened:")
            for p in problems:
                log(p)
        all_problems += len(problems)

    log("")
    log(f"e2e incident: {'PASS' if not all_problems else 'FAIL'} in {time.monotonic() - started:.1f}s")
    return 0 if not all_problems else 1


if __name__ == "__main__":
    sys.exit(main())
