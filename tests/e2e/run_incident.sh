#!/usr/bin/env bash
# End-to-end reproduction of the incident: see incident_e2e.py.
#
#   bash tests/e2e/run_incident.sh [--keep] [--print-tables]
#
# Runs as root (CI) or as any user; needs postgresql-15, python3-django, python3-psycopg2,
# python3-yaml, gunicorn and curl (scripts/setup installs them). Every server it starts listens on
# 127.0.0.1 only and is stopped when it ends, also when it fails or is interrupted.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

. "$here/require_packages.sh"
require_packages run_incident.sh pg curl django:python3-django psycopg2:python3-psycopg2 \
    yaml:python3-yaml gunicorn:gunicorn

workdir=$(mktemp -d /tmp/preflight-e2e.XXXXXX)
chmod 755 "$workdir"
keep=0
for a in "$@"; do [ "$a" = --keep ] && keep=1; done

cleanup() {
    local status=$?
    # Second line of defence: whatever the Python driver left running (it stops its own
    # services; this covers a driver that was killed).
    local d
    for d in "$workdir"/gunicorn-*; do
        [ -d "$d" ] && bash "$root/scripts/gunicorn" stop "$d" >/dev/null 2>&1
    done
    for d in "$workdir"/pg*; do
        [ -d "$d/data" ] && bash "$root/scripts/pg" stop "$d" >/dev/null 2>&1
    done
    if [ "$keep" -eq 0 ] && [ "$status" -eq 0 ]; then
        rm -rf "$workdir"
    else
        echo "run_incident.sh: work directory kept: $workdir" >&2
    fi
    exit "$status"
}
trap cleanup EXIT

# The driver runs in the background so that a signal to this script reaches it at once: it stops
# its services itself, then `cleanup` checks.
/usr/bin/python3 "$here/incident_e2e.py" --workdir "$workdir" "$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' INT TERM HUP
status=0
wait "$child" || status=$?
while kill -0 "$child" 2>/dev/null; do
    # wait returned early because a trapped signal arrived: wait for the driver to finish
    status=0
    wait "$child" || status=$?
done
exit "$status"
