#!/usr/bin/env bash
# Site build timings (issue 6), as the "## Site build" section of BENCHMARKS.md (replaced if present,
# else appended; bench.sh runs this last). Wall time of the whole `smscode site build` command (start-up,
# reading the catalog, rendering, link check, publish), medians of RUNS runs, for:
#   default    Content/catalog (40 countries × 54 services)          budget: first build < 1 s
#   synthetic  scripts/bench/synthetic_catalog.py, 250 × 500 prices   budget: first build < 10 s
# each as a first build into an empty folder, a rebuild with nothing changed, and a rebuild after one
# price changed (re-imported before the timed build).
#
# Environment: SMSCODE_BIN (required, a release build), REPO (default: this script's ../..), RUNS (3).
set -euo pipefail

: "${SMSCODE_BIN:?SMSCODE_BIN must name a release smscode binary}"
REPO=$(cd "${REPO:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
RUNS=${RUNS:-3}
tmp=$(mktemp -d /tmp/smscode-site-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export SMSCODE_CONTENT_DIR=$REPO/Content

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print ((NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)) }'; }

# Runs `smscode site build` for the catalog in $1 (data dir) into $2 (output); prints "ms pages".
timed_build() {
    local start end out
    start=$(date +%s%N)
    out=$(SMSCODE_DATA_DIR=$1 "$SMSCODE_BIN" site build --source "$REPO" --output "$2")
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 )) $(awk '{ print $1; exit }' <<<"$out")"
}

declare -A first unchanged changed pages prices
measure() {
    local name=$1 catalog=$2 data=$tmp/$1/var out=$tmp/$1/public run result cost
    mkdir -p "$data"
    cp -r "$catalog" "$tmp/$name/catalog"
    SMSCODE_DATA_DIR=$data "$SMSCODE_BIN" migrate >/dev/null
    SMSCODE_DATA_DIR=$data "$SMSCODE_BIN" catalog import "$tmp/$name/catalog" >/dev/null
    prices[$name]=$(($(wc -l <"$tmp/$name/catalog/prices.csv") - 1))
    for run in $(seq "$RUNS"); do
        rm -rf "$out" "$out-builds"
        result=$(timed_build "$data" "$out")
        first[$name]+="${result%% *} " pages[$name]=${result##* }
        result=$(timed_build "$data" "$out")
        unchanged[$name]+="${result%% *} "
        # One price changes: the first row's cost alternates between two values.
        cost=$((1000 + run * 100))
        awk -F, -v OFS=, -v cost="$cost" 'NR == 2 { $4 = cost } { print }' "$catalog/prices.csv" >"$tmp/$name/catalog/prices.csv"
        SMSCODE_DATA_DIR=$data "$SMSCODE_BIN" catalog import "$tmp/$name/catalog" >/dev/null
        result=$(timed_build "$data" "$out")
        changed[$name]+="${result%% *} "
        printf '%-9s run %d: first %s ms, unchanged %s ms, one price changed %s ms (%s pages)\n' "$name" "$run" \
            "$(awk '{ print $NF }' <<<"${first[$name]}")" "$(awk '{ print $NF }' <<<"${unchanged[$name]}")" \
            "$(awk '{ print $NF }' <<<"${changed[$name]}")" "${pages[$name]}"
    done
}

python3 "$REPO/scripts/bench/synthetic_catalog.py" "$tmp/synthetic-source" 250 500
measure default "$REPO/Content/catalog"
measure synthetic "$tmp/synthetic-source"

verdict() { awk -v ms="$1" -v budget="$2" 'BEGIN { print (ms < budget ? "met" : "MISSED") }'; }
row() {
    printf '| %s | %s | %s | %s ms | %s ms | %s ms |\n' "$1" "${prices[$2]}" "${pages[$2]}" \
        "$(median "${first[$2]}")" "$(median "${unchanged[$2]}")" "$(median "${changed[$2]}")"
}
default_first=$(median "${first[default]}") synthetic_first=$(median "${first[synthetic]}")
section=$(cat <<EOF
## Site build

Written by scripts/bench/site-bench.sh (\`make bench\` runs it last). **Budgets:** the default catalog
builds in **< 1 s**, a 250 countries × 500 services catalog in **< 10 s**.

Latest run: $(date -u '+%Y-%m-%d %H:%M UTC') — default catalog **$default_first ms** ($(verdict "$default_first" 1000)),
250 × 500 catalog **$synthetic_first ms** ($(verdict "$synthetic_first" 10000)).

| catalog | prices | pages | first build | rebuild, nothing changed | rebuild, one price changed |
|---|---:|---:|---:|---:|---:|
$(row 'default (Content/catalog, 40 × 54)' default)
$(row 'synthetic (250 × 500)' synthetic)

- Wall time of \`smscode site build\` (release build) including start-up, reading the catalog from
  SQLite, rendering both languages, the internal link check and the symlink swap; medians of $RUNS runs.
  Per-run ms: default ${first[default]}/ ${unchanged[default]}/ ${changed[default]}· synthetic ${first[synthetic]}/ ${unchanged[synthetic]}/ ${changed[synthetic]}
- "Nothing changed" renders no page (every fingerprint matches) and publishes nothing. "One price
  changed" moves the prices' update time, which every pricing page shows, so all pricing pages and
  the home page are rendered again; files whose bytes did not change (policies, docs, dashboard,
  assets) are hard-linked from the previous build, not written.
- The machine is shared (2 CPUs, other builds running): single runs vary by up to ±40 %.
EOF
)

file=$REPO/BENCHMARKS.md
[ -f "$file" ] || printf '# Benchmarks\n' >"$file"
# Drop an older "## Site build" section (it runs to the next "## " heading or the end), then append.
awk '/^## Site build$/ { skip = 1; next } skip && /^## / { skip = 0 } !skip' "$file" >"$tmp/benchmarks.md"
sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$tmp/benchmarks.md" >"$file"
printf '\n%s\n' "$section" >>"$file"
echo
echo "$section" | sed -n '/^Latest run/,/^| synthetic/p'
