#!/usr/bin/env bash
# Same outputs before and after a change: runs a fixed list of commands (ingest, info, stats,
# search, themes, tag, report in its three formats, agents, churn and quadrants, serve's pages) with
# an old and a new binary on the bundled sample, the BA reviews and the airline tweets (and the
# context fixtures), normalises the paths, and compares stdout, stderr and the exit code of each.
# Prints one line per difference and exits 1 when any; both runs stay in OUT for a closer look.
#
#   bash bench/compare_outputs.sh OLD_BIN NEW_BIN [OUT]
#   OLD_BIN: e.g. a release binary built from the commit before the change (git worktree + cargo
#   build --release); NEW_BIN: target/release/verbatim. OUT defaults to /tmp/verbatim-compare.
# Env: DATA (default ../shared/data), THREADS (default 2).
set -euo pipefail
# Paths given are read from where the script is started, before it moves to the project root.
OLD=$(realpath "${1:?usage: compare_outputs.sh OLD_BIN NEW_BIN [OUT]}")
NEW=$(realpath "${2:?usage: compare_outputs.sh OLD_BIN NEW_BIN [OUT]}")
OUT=$(realpath -m "${3:-/tmp/verbatim-compare}")
cd "$(dirname "$0")/.."
DATA=$(realpath "${DATA:-../shared/data}")
export VERBATIM_THREADS=${THREADS:-2}
ROOT=$(pwd)

# One command's stdout, stderr and exit code under $dir/$name, paths written as placeholders.
record() {
    local dir=$1 name=$2
    shift 2
    local rc=0
    "$@" >"$dir/$name.out" 2>"$dir/$name.err" || rc=$?
    echo "$rc" >"$dir/$name.rc"
    sed -i -e "s#$WORK#WORK#g" -e "s#$DATA#DATA#g" -e "s#$ROOT#ROOT#g" -e "s#$BINS/[a-z]*/#BIN/#g" \
        "$dir/$name.out" "$dir/$name.err"
}

# A file a command wrote, kept beside its outputs with the paths normalised.
keep_file() {
    local dir=$1 name=$2 file=$3
    if [ -e "$file" ]; then
        sed -e "s#$WORK#WORK#g" -e "s#$DATA#DATA#g" -e "s#$ROOT#ROOT#g" "$file" >"$dir/$name"
        rm -f "$file"
    else
        echo "(not written)" >"$dir/$name"
    fi
}

# serve's pages: start the server, fetch each page, stop it.
serve_pages() {
    local dir=$1 bin=$2 index=$3
    local log=$dir/serve.url
    "$bin" serve --index "$index" --quiet >"$log" 2>"$dir/serve.err" &
    local pid=$!
    local url=""
    for _ in $(seq 1 600); do
        url=$(head -1 "$log" 2>/dev/null || true)
        [ -n "$url" ] && break
        sleep 0.1
    done
    local n=0
    for page in "/" "/?band=detractor" "/?q=staff" "/?theme=1" "/?page=2" "/status" \
        "/export.csv" "/export.csv?band=promoter" "/report.md" "/report.html" "/app.js" "/style.css"; do
        n=$((n + 1))
        curl -s -o "$dir/serve-page-$n.body" -w '%{http_code} %{content_type}\n' \
            "${url%/}$page" >"$dir/serve-page-$n.status" || echo "curl failed" >"$dir/serve-page-$n.status"
        sed -i -e "s#${url%/}#URL#g" -e "s#$WORK#WORK#g" "$dir/serve-page-$n.body"
        # The CSV export lists responses in index address order, which depends on how the
        # indexing threads cut segments: compared as a set of lines.
        case $page in /export.csv*) LC_ALL=C sort -o "$dir/serve-page-$n.body" "$dir/serve-page-$n.body" ;; esac
    done
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$log"
}

# Every command of the list on one data set, with one binary.
run_set() {
    local dir=$1 bin=$2 name=$3 file=$4
    shift 4
    local index=$WORK/$name
    local v=("$bin" --index "$index")
    record "$dir" "$name-01-ingest" "${v[@]}" ingest "$file" "$@"
    record "$dir" "$name-02-ingest-again" "${v[@]}" ingest "$file" "$@"
    record "$dir" "$name-03-info" "${v[@]}" info
    record "$dir" "$name-04-info-json" "${v[@]}" info --json
    record "$dir" "$name-05-stats" "${v[@]}" stats
    record "$dir" "$name-06-stats-quarter" "${v[@]}" stats --by quarter
    record "$dir" "$name-07-stats-json" "${v[@]}" stats --by quarter --format json
    record "$dir" "$name-08-search" "${v[@]}" search "staff"
    record "$dir" "$name-09-search-phrase" "${v[@]}" search '"customer service" OR delay' --limit 5
    record "$dir" "$name-10-search-json" "${v[@]}" search "slow" --format json --limit 5
    record "$dir" "$name-11-search-none" "${v[@]}" search "zzqqxx"
    record "$dir" "$name-12-themes" "${v[@]}" themes --top 5
    record "$dir" "$name-13-themes-json" "${v[@]}" themes --top 5 --format json
    record "$dir" "$name-14-themes-csv" "${v[@]}" themes --format csv
    record "$dir" "$name-15-themes-md" "${v[@]}" themes --format md --top 3
    record "$dir" "$name-16-themes-quarter" "${v[@]}" themes --by quarter --top 3
    record "$dir" "$name-17-tag" "${v[@]}" tag
    record "$dir" "$name-18-tag-jsonl" "${v[@]}" tag --format jsonl
    record "$dir" "$name-19-report-md" "${v[@]}" report
    record "$dir" "$name-20-report-html" "${v[@]}" report --format html --out "$WORK/report.html"
    keep_file "$dir" "$name-20-report-html.file" "$WORK/report.html"
    record "$dir" "$name-21-report-json" "${v[@]}" report --format json
    record "$dir" "$name-22-themes-bad-band" "${v[@]}" themes --band nobody
    record "$dir" "$name-23-stats-bad-where" "${v[@]}" stats --where nocolumn=1
    # Refusals, each in the CLI's words.
    record "$dir" "$name-25-where-no-value" "${v[@]}" stats --where plan
    record "$dir" "$name-26-dates-reversed" "${v[@]}" search staff --from 2026-01-01 --to 2025-01-01
    record "$dir" "$name-27-bad-quarter" "${v[@]}" stats --quarter 2026Q9
    record "$dir" "$name-28-open-quote" "${v[@]}" search '"lost bags'
    record "$dir" "$name-29-stopwords" "${v[@]}" search 'the and'
    record "$dir" "$name-30-only-excluded" "${v[@]}" search -- '-delay'
    record "$dir" "$name-31-theme-segments" "${v[@]}" themes --segments nocolumn
    record "$dir" "$name-32-agents" "${v[@]}" agents
    record "$dir" "$name-33-question" "${v[@]}" themes --question 9
    record "$dir" "$name-34-report-quarter" "${v[@]}" report --quarter 2019Q1
    record "$dir" "$name-35-stats-by" "${v[@]}" stats --by nocolumn
    record "$dir" "$name-36-themes-by" "${v[@]}" themes --by nocolumn
    record "$dir" "$name-37-value" "${v[@]}" search staff --where "$(head -1 /dev/null)x=y"
    record "$dir" "$name-38-quadrant" "${v[@]}" themes --by quadrant
    serve_pages "$dir" "$bin" "$index"
    for f in "$dir"/serve-*; do mv "$f" "$dir/$name-24-$(basename "$f")"; done
}

run_all() {
    local dir=$1 bin=$2
    rm -rf "$dir" "$WORK"
    mkdir -p "$dir" "$WORK"
    run_set "$dir" "$bin" sample "$ROOT/fixtures/saas_nps.csv"
    run_set "$dir" "$bin" ba "$DATA/ba-skytrax-reviews/reviews.csv" --score-col OverallRating --scale rating:1-10
    run_set "$dir" "$bin" tweets "$DATA/airline-tweets/tweets.csv"
    # The context commands: agents on support tickets, churn and usage quadrants on an NPS file.
    local tickets=("$bin" --index "$WORK/tickets")
    record "$dir" "context-01-ingest" "${tickets[@]}" ingest "$ROOT/fixtures/context/tickets_small.csv"
    record "$dir" "context-02-agents" "${tickets[@]}" agents
    record "$dir" "context-03-agents-json" "${tickets[@]}" agents --format json
    local customers=("$bin" --index "$WORK/customers")
    record "$dir" "context-04-ingest" "${customers[@]}" ingest "$ROOT/fixtures/context/customers_nps.csv"
    record "$dir" "context-05-churn" "${customers[@]}" stats --accounts "$ROOT/fixtures/context/accounts.csv"
    record "$dir" "context-06-quadrants" "${customers[@]}" stats --by quadrant --usage-col weekly_logins
    record "$dir" "context-07-report" "${customers[@]}" report --accounts "$ROOT/fixtures/context/accounts.csv" --usage-col weekly_logins
    record "$dir" "context-08-themes-quadrant" "${customers[@]}" themes --by quadrant --usage-col weekly_logins
    record "$dir" "context-09-no-usage" "${customers[@]}" stats --by quadrant
    record "$dir" "context-10-help" "$bin" --help
    for cmd in ingest stats search themes tag report agents info serve delete; do
        record "$dir" "help-$cmd" "$bin" "$cmd" --help
    done
}

WORK=$(mktemp -d /tmp/verbatim-compare-work.XXXXXX)
# Both binaries run under the name verbatim: clap prints the name it was started as in --help.
BINS=$(mktemp -d /tmp/verbatim-compare-bins.XXXXXX)
trap 'rm -rf "$WORK" "$BINS"' EXIT
mkdir "$BINS/old" "$BINS/new"
cp "$OLD" "$BINS/old/verbatim"
cp "$NEW" "$BINS/new/verbatim"
run_all "$OUT/old" "$BINS/old/verbatim"
run_all "$OUT/new" "$BINS/new/verbatim"

differences=0
for f in "$OUT"/old/*; do
    name=$(basename "$f")
    if ! cmp -s "$f" "$OUT/new/$name"; then
        echo "differs: $name"
        differences=$((differences + 1))
    fi
done
for f in "$OUT"/new/*; do
    [ -e "$OUT/old/$(basename "$f")" ] || { echo "only new: $(basename "$f")"; differences=$((differences + 1)); }
done
total=$(ls "$OUT/old" | wc -l)
if [ "$differences" -eq 0 ]; then
    echo "identical: $total outputs (stdout, stderr, exit code and serve pages) in $OUT"
else
    echo "$differences of $total outputs differ (diff -r $OUT/old $OUT/new)"
    exit 1
fi
