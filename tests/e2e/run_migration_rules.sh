#!/usr/bin/env bash
# The migration rules' oracle (migration_rules_oracle.py): real PostgreSQL 15 and Django 3.2, a
# role that owns nothing running `migrate`; the server is stopped when it ends.
#
#   bash tests/e2e/run_migration_rules.sh PREFLIGHT_BINARY
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

. "$here/require_packages.sh"
require_packages run_migration_rules.sh pg django:python3-django psycopg2:python3-psycopg2

workdir=$(mktemp -d /tmp/preflight-migration-rules.XXXXXX)
chmod 755 "$workdir"
cleanup() {
    local status=$?
    bash "$root/scripts/pg" stop "$workdir/pg" >/dev/null 2>&1
    if [ "$status" -eq 0 ]; then rm -rf "$workdir"; else echo "kept: $workdir" >&2; fi
    exit "$status"
}
trap cleanup EXIT INT TERM HUP
bash "$root/scripts/pg" start "$workdir/pg" >/dev/null || exit 1
/usr/bin/python3 "$here/migration_rules_oracle.py" "$1" "$workdir/pg"
