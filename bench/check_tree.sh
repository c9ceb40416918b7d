#!/usr/bin/env bash
# Whole-process benchmark: `preflight check` over a large tree against `cat` of the same files,
# measured in the same run (DESIGN.md principle 4: a whole-repository check costs less than
# reading the repository's files once, with some margin while no parser exists yet).
#
#   bench/check_tree.sh [TREE] [RUNS]     default: Django's own source from python3-django, 5 runs
#
# Prints the median wall time of each and their ratio. It also checks that every run printed the
# same report, so that a run that skipped work cannot look fast.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:-/usr/lib/python3/dist-packages/django}
runs=${2:-5}
binary=build/release/preflight
[[ -x $binary ]] || { echo "build first: scripts/build" >&2; exit 2; }
[[ -d $tree ]] || { echo "no tree at $tree" >&2; exit 2; }

mapfile -t files < <(find "$tree" -type f \( -name '*.py' -o -name '*.yml' -o -name '*.yaml' \
  -o -name '*.toml' -o -name '*.sql' -o -name 'Dockerfile*' \) | sort)
bytes=$(cat "${files[@]}" | wc -c)

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cat_times=() check_times=() reference=""
for ((i = 0; i < runs; i++)); do
  start=$(now); cat "${files[@]}" >/dev/null; cat_times+=($(( $(now) - start )))
  start=$(now); output=$("$binary" check --exit-zero --format json "$tree"); check_times+=($(( $(now) - start )))
  if [[ -z $reference ]]; then reference=$output
  elif [[ $output != "$reference" ]]; then echo "run $i printed a different report" >&2; exit 1; fi
done
cat_ms=$(printf '%s\n' "${cat_times[@]}" | median)
check_ms=$(printf '%s\n' "${check_times[@]}" | median)
awk -v f=${#files[@]} -v b="$bytes" -v c="$cat_ms" -v p="$check_ms" 'BEGIN {
  printf "tree: %d files, %.1f MB\n", f, b / 1e6
  printf "cat (baseline):   %8.1f ms\n", c / 1e6
  printf "preflight check:  %8.1f ms  (%.2fx cat)\n", p / 1e6, p / c
}'
