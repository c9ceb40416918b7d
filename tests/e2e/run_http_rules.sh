#!/usr/bin/env bash
# The HTTP oracle of the settings rules (http_rules_oracle.py): real Django 3.2 under gunicorn on
# 127.0.0.1, one fixture project at a time; every server is stopped when it ends.
#
#   bash tests/e2e/run_http_rules.sh PREFLIGHT_BINARY
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

. "$here/require_packages.sh"
require_packages run_http_rules.sh django:python3-django gunicorn:gunicorn

workdir=$(mktemp -d /tmp/preflight-http-rules.XXXXXX)
cleanup() {
    local status=$? d
    for d in "$workdir"/gunicorn-*; do
        [ -d "$d" ] && bash "$root/scripts/gunicorn" stop "$d" >/dev/null 2>&1
    done
    rm -rf "$workdir"
    exit "$status"
}
trap cleanup EXIT INT TERM HUP
/usr/bin/python3 "$here/http_rules_oracle.py" "$1" "$workdir"
