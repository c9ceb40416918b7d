#!/usr/bin/env bash
# Tests of scripts/pg and scripts/gunicorn, the service helpers the end-to-end tests use:
# several servers at once on free loopback ports, environment passed through, clean stop.
#
#   bash tests/e2e/service_scripts.sh
#
# Exit 77 (skipped) when the Debian packages are missing and CI is not set; with CI=true a missing
# package is a failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
PG="$root/scripts/pg"
GU="$root/scripts/gunicorn"

missing=
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] || missing+=" postgresql-15"
/usr/bin/python3 -c 'import gunicorn' 2>/dev/null || missing+=" gunicorn"
command -v curl >/dev/null 2>&1 || missing+=" curl"
if [ -n "$missing" ]; then
    echo "service_scripts.sh: missing packages:$missing (scripts/setup installs them)" >&2
    [ -n "${CI:-}" ] && exit 1
    exit 77
fi

work=$(mktemp -d /tmp/preflight-services.XXXXXX)
chmod 755 "$work"
failures=0

cleanup() {
    local status=$?
    local d
    for d in "$work"/web*; do [ -d "$d" ] && bash "$GU" stop "$d" >/dev/null 2>&1; done
    for d in "$work"/pg*; do [ -d "$d" ] && bash "$PG" stop "$d" >/dev/null 2>&1; done
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

check() {
    local what=$1
    shift
    if "$@"; then
        echo "ok   $what"
    else
        echo "FAIL $what"
        failures=$((failures + 1))
    fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- PostgreSQL: two servers started at the same time, one on a given port ----------------------
given_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bash "$PG" start "$work/pg1" >"$work/pg1.out" 2>&1 &
p1=$!
bash "$PG" start "$work/pg2" "$given_port" >"$work/pg2.out" 2>&1 &
p2=$!
wait "$p1"; s1=$?
wait "$p2"; s2=$?
check "two PostgreSQL servers start concurrently" test "$s1" -eq 0 -a "$s2" -eq 0
[ "$s1" -eq 0 ] || cat "$work/pg1.out"
[ "$s2" -eq 0 ] || cat "$work/pg2.out"
port1=$(tail -n 1 "$work/pg1.out")
port2=$(tail -n 1 "$work/pg2.out")
check "start prints the port" test "$port1" = "$(bash "$PG" port "$work/pg1")"
check "the given port is used" test "$port2" = "$given_port"
check "the servers have different ports" test "$port1" != "$port2"
check "pg env names the server" grep -q "PGPORT=$port1" <(bash "$PG" env "$work/pg1")
check "server 1 answers" test "$(bash "$PG" psql "$work/pg1" -Atc 'SELECT 1')" = 1
check "server 2 answers" test "$(bash "$PG" psql "$work/pg2" -Atc 'SELECT 1')" = 1
check "listens on 127.0.0.1 only" test "$(bash "$PG" psql "$work/pg1" -Atc 'SHOW listen_addresses')" = 127.0.0.1
check "PostgreSQL 15" test "$(bash "$PG" psql "$work/pg1" -Atc 'SHOW server_version_num' | cut -c1-2)" = 15
bash "$PG" psql "$work/pg1" -qc 'SELECT 1/0' >/dev/null 2>&1
check "the server log carries SQLSTATEs" grep -q ' 22012 postgres@postgres ERROR:  division by zero' "$work/pg1/log"
check "a second start of a running server is refused" bash -c "! bash '$PG' start '$work/pg1' 2>/dev/null"
check "status: running" bash "$PG" status "$work/pg1"
bash "$PG" stop "$work/pg1"
check "stop stops it" bash -c "! bash '$PG' status '$work/pg1'"
check "its port is closed" bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$port1) 2>/dev/null"
check "server 2 still answers" test "$(bash "$PG" psql "$work/pg2" -Atc 'SELECT 1')" = 1
check "stop twice is fine" bash "$PG" stop "$work/pg1"
check "restart keeps the data directory" bash -c "bash '$PG' start '$work/pg1' >/dev/null && bash '$PG' stop '$work/pg1'"
bash "$PG" clean "$work/pg2"
check "clean stops and removes" bash -c "[ ! -e '$work/pg2' ] && ! (exec 3<>/dev/tcp/127.0.0.1/$port2) 2>/dev/null"
check "no postgres of ours is left" bash -c "! pgrep -f -- '-D $work/p[g]' >/dev/null"

# --- gunicorn: two servers at once, environment passed through, process group stopped -----------
mkdir -p "$work/site/hello"
cat >"$work/site/hello/wsgi.py" <<'PY'
import os


def application(environ, start_response):
    body = os.environ.get("E2E_GREETING", "unset").encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
PY
E2E_GREETING=hello GUNICORN_WORKERS=2 bash "$GU" start "$work/web1" "$work/site" >"$work/web1.out" 2>&1 &
g1=$!
E2E_GREETING=bonjour bash "$GU" start "$work/web2" "$work/site" hello.wsgi:application >"$work/web2.out" 2>&1 &
g2=$!
wait "$g1"; s1=$?
wait "$g2"; s2=$?
check "two gunicorns start concurrently" test "$s1" -eq 0 -a "$s2" -eq 0
[ "$s1" -eq 0 ] || cat "$work/web1.out" "$work/web1/log"
[ "$s2" -eq 0 ] || cat "$work/web2.out" "$work/web2/log"
w1=$(bash "$GU" port "$work/web1")
w2=$(bash "$GU" port "$work/web2")
check "the gunicorns have different ports" test "$w1" != "$w2"
check "gunicorn 1 sees its environment" test "$(curl -s "http://127.0.0.1:$w1/")" = hello
check "gunicorn 2 sees its environment" test "$(curl -s "$(bash "$GU" url "$work/web2")/")" = bonjour
pgid=$(cat "$work/web1/pgid")
check "gunicorn 1 has its workers in its process group" test "$(pgrep -g "$pgid" | wc -l)" -ge 3
bash "$GU" stop "$work/web1"
check "stop ends the whole process group" bash -c "! bash '$GU' status '$work/web1'"
check "its port is closed" bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$w1) 2>/dev/null"
check "gunicorn 2 still answers" test "$(curl -s "http://127.0.0.1:$w2/")" = bonjour
bash "$GU" stop "$work/web2"
check "stop twice is fine" bash "$GU" stop "$work/web2"
mkdir -p "$work/broken/hello"
echo 'raise RuntimeError("broken on purpose")' >"$work/broken/hello/wsgi.py"
check "an application that cannot be imported fails start" bash -c "! bash '$GU' start '$work/web3' '$work/broken' >/dev/null 2>&1"
check "no gunicorn of ours is left" bash -c "! pgrep -f -- '--chdi[r] $work/' >/dev/null"

if [ "$failures" -ne 0 ]; then
    echo "service_scripts.sh: $failures check(s) failed"
    exit 1
fi
echo "service_scripts.sh: all checks passed"
