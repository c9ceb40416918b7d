# Sourced by the e2e drivers: `require_packages NAME [python_module:debian_package ...]` exits when
# a package is missing — a failure under CI, a skip (exit 77, CTest's SKIP_RETURN_CODE) elsewhere.
# `pg` and `curl` stand for postgresql-15 and curl.
require_packages() {
    local name=$1 missing= item
    shift
    for item in "$@"; do
        case $item in
            pg) [ -x /usr/lib/postgresql/15/bin/pg_ctl ] || missing+=" postgresql-15" ;;
            curl) command -v curl >/dev/null 2>&1 || missing+=" curl" ;;
            *)
                if [ ! -x /usr/bin/python3 ]; then
                    missing+=" python3"
                elif ! /usr/bin/python3 -c "import ${item%%:*}" 2>/dev/null; then
                    missing+=" ${item#*:}"
                fi
                ;;
        esac
    done
    if [ -n "$missing" ]; then
        echo "$name: missing packages:$missing (scripts/setup installs them)" >&2
        [ -n "${CI:-}" ] && exit 1
        exit 77
    fi
}
