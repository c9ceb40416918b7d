#!/usr/bin/env bash
# Parser speed against CPython, same files, same run: preflight's parser (build/release/bench/
# parse_bench) and CPython 3.11's ast.parse (/usr/bin/python3) each parse the files the structure
# oracle compares (the standard library and Django's source), best of N rounds, on one core. Prints MB/s for both and the
# ratio, and fails if the two did not parse the same files without error (so skipped work can
# never look fast). Goal (issue 4): >= 10x CPython per core.
#
#   bench/parse_speed.sh [ROUNDS]
#   PARSE_BENCH=build/other/bench/parse_bench bench/parse_speed.sh   (another build of the bench)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
bench=${PARSE_BENCH:-build/release/bench/parse_bench}
[[ -x $bench ]] || { echo "build first: cmake --build --preset release --target parse_bench" >&2; exit 2; }
list=$(mktemp)
trap 'rm -f "$list"' EXIT
# Exactly the files the structure oracle compares (tests/python/oracle/ast_oracle.py).
/usr/bin/python3 -c 'import sys; sys.path.insert(0, "tests/python/oracle"); import ast_oracle
print("\n".join(ast_oracle.collect(ast_oracle.ROOTS)))' >"$list"

ours=$("$bench" --rounds "$rounds" <"$list")
theirs=$(/usr/bin/python3 - "$rounds" "$list" <<'PY'
import ast, sys, time, warnings
warnings.simplefilter("ignore")
rounds, paths = int(sys.argv[1]), open(sys.argv[2]).read().split("\n")[:-1]
sources = [open(p, "rb").read() for p in paths]
best = float("inf")
for _ in range(rounds):
    failed = 0
    start = time.perf_counter()
    for source in sources:
        try:
            ast.parse(source)
        except (SyntaxError, ValueError):
            failed += 1
    best = min(best, time.perf_counter() - start)
print("cpython files=%d failed=%d bytes=%d seconds=%.6f" % (len(sources), failed, sum(map(len, sources)), best))
PY
)
echo "$ours"
echo "$theirs"
field() { sed -E "s/.*$1=([0-9.]+).*/\1/" <<<"$2"; }
for f in files failed bytes; do
  if [[ $(field $f "$ours") != $(field $f "$theirs") ]]; then
    echo "parse_speed: the two parsers did not parse the same files ($f differs)" >&2
    exit 1
  fi
done
awk -v b="$(field bytes "$ours")" -v p="$(field seconds "$ours")" -v c="$(field seconds "$theirs")" \
  -v n="$(field files "$ours")" 'BEGIN {
  printf "%d files, %.1f MB\n", n, b / 1e6
  printf "CPython ast.parse: %7.1f MB/s\n", b / c / 1e6
  printf "preflight parser:  %7.1f MB/s  (%.1fx CPython, one core each)\n", b / p / 1e6, c / p
}'
