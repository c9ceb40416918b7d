#!/usr/bin/env bash
# Whole-process benchmark (issue 5, DESIGN.md principle 4): `preflight check` against `cat` of the
# same tree's Python files, both measured in this run on a warm cache, best of N:
#   - Django's own source (python3-django), and
#   - generated projects (bench/gen_project.py): small, medium, and a large monorepo of 300 apps,
#     3,000 models and 10,000 migrations.
# The baseline is one `find -print0 | xargs -0 cat > /dev/null` over the `.py` files. Every run of
# preflight must print the same report, so a run that skipped work cannot look fast.
#
#   bench/check_project.sh [RUNS]      default 5
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
binary=${PREFLIGHT:-build/release/preflight}
[[ -x $binary ]] || { echo "build first: scripts/build" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s%N; }

best_of() {  # best wall time in ns of "$@" over $runs runs
  local best=0 start elapsed
  for ((i = 0; i < runs; i++)); do
    start=$(now); "$@" >/dev/null; elapsed=$(( $(now) - start ))
    (( best == 0 || elapsed < best )) && best=$elapsed
  done
  echo "$best"
}

cat_tree() { find "$1" -name '*.py' -type f -print0 | xargs -0 cat >/dev/null; }

measure() {  # label tree
  local label=$1 tree=$2
  local files bytes reference output
  files=$(find "$tree" -name '*.py' -type f | wc -l)
  bytes=$(find "$tree" -name '*.py' -type f -print0 | xargs -0 cat | wc -c)
  reference=$("$binary" check --exit-zero --format json "$tree")
  for ((i = 0; i < 2; i++)); do
    output=$("$binary" check --exit-zero --format json "$tree")
    [[ $output == "$reference" ]] || { echo "$label: reports differ between runs" >&2; exit 1; }
  done
  cat_tree "$tree"  # warm the cache
  local cat_ns check_ns
  cat_ns=$(best_of cat_tree "$tree")
  check_ns=$(best_of "$binary" check --exit-zero --format json "$tree")
  local parsed
  parsed=$("$binary" check --show-files "$tree" | grep -c '\.py$' || true)
  awk -v l="$label" -v f="$files" -v p="$parsed" -v b="$bytes" -v c="$cat_ns" -v k="$check_ns" 'BEGIN {
    printf "%-34s %6d .py (%5.1f MB), %6d parsed   cat %8.1f ms   check %8.1f ms   check/cat %5.2fx\n",
      l, f, b / 1e6, p, c / 1e6, k / 1e6, k / c }'
}

if [[ -d /usr/lib/python3/dist-packages/django ]]; then
  measure "django source (python3-django)" /usr/lib/python3/dist-packages/django
fi
for shape in "10 10 10" "50 10 20" "300 10 33"; do
  read -r apps models migrations <<<"$shape"
  tree="$work/p_${apps}_${models}_${migrations}"
  /usr/bin/python3 bench/gen_project.py "$tree" --apps "$apps" --models "$models" \
    --migrations "$migrations"
  measure "generated ${apps}x${models}x${migrations} (apps x models x mig.)" "$tree"
done
