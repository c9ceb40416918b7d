#!/usr/bin/env bash
# The sql layer's oracle (sql_oracle.py): every statement of tests/sql/oracle_corpus.json run by a
# role that owns nothing on a throwaway PostgreSQL 15, compared with sql_classify's predictions.
# The server is stopped and removed when the script ends.
#
#   bash tests/e2e/run_sql_oracle.sh SQL_CLASSIFY_BINARY
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

. "$here/require_packages.sh"
require_packages run_sql_oracle.sh pg psycopg2:python3-psycopg2

workdir=$(mktemp -d /tmp/preflight-sql-oracle.XXXXXX)
chmod 755 "$workdir"  # the server runs as postgres when this runs as root
cleanup() {
    local status=$?
    bash "$root/scripts/pg" clean "$workdir/pg" >/dev/null 2>&1
    rm -rf "$workdir"
    exit "$status"
}
trap cleanup EXIT INT TERM HUP

port=$(bash "$root/scripts/pg" start "$workdir/pg") || exit 1
/usr/bin/python3 "$here/sql_oracle.py" "$1" "$root/tests/sql/oracle_corpus.json" "$port"
