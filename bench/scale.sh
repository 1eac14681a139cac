#!/usr/bin/env bash
# Scaling with cores: for a generated survey of ROWS rows, the ingest against the floor (the
# minimal tantivy loop of examples/baseline_ingest.rs, on the same file in the same run), then
# ingest, themes (discovery, not cached), tag and report, each at --threads 1 and at every core,
# with wall time, CPU time over wall time (the cores kept busy) and peak RssAnon (bench/peak.sh).
#
#   bash bench/scale.sh 200000
#   bash bench/scale.sh 1000000
# Env: FILE (default /tmp/verbatim-bench-ROWS.csv, made by examples/gen_survey when missing),
#      DATA (default ../shared/data), SEED (default 1), THREADS (the many-thread run, default
#      every core), KEEP (a folder to keep the indexes in).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-${ROWS:-200000}}
FILE=${FILE:-/tmp/verbatim-bench-$ROWS.csv}
DATA=${DATA:-../shared/data}
SEED=${SEED:-1}
CORES=$(nproc)
THREADS=${THREADS:-$CORES}

cargo build --release --example gen_survey --example baseline_ingest --bin verbatim
BIN=target/release/verbatim
[ -s "$FILE" ] || target/release/examples/gen_survey --rows "$ROWS" --out "$FILE" --seed "$SEED" --data "$DATA"
cat "$FILE" >/dev/null # every run starts with the file in the page cache

WORK=${KEEP:-$(mktemp -d /tmp/verbatim-scale.XXXXXX)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK"

# measure LABEL CMD...: one line of peak.sh, kept in $WORK/LABEL.
measure() {
    local label=$1; shift
    bash bench/peak.sh "$@" | tee "$WORK/$label"
}
field() { # FIELD LABEL: seconds | cpu | ratio | anon
    awk -v f="$1" '{
        for (i = 1; i <= NF; i++) {
            if (f == "seconds" && $(i + 1) == "s," && $(i - 1) != "cpu") { print $i; exit }
            if (f == "cpu" && $(i - 1) == "cpu" && $(i + 1) == "s,") { print $i; exit }
            if (f == "ratio" && $(i - 1) == "cpu/wall") { sub(",", "", $i); print $i; exit }
            if (f == "anon" && $(i - 1) == "RssAnon") { print $i; exit }
        } }' "$WORK/$2"
}

echo "machine: $(lscpu | awk -F': +' '/^Model name/ { print $2; exit }'), $CORES cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rows: $ROWS ($FILE)"
rm -rf "$WORK/baseline-index"
measure baseline target/release/examples/baseline_ingest "$FILE" "$WORK/baseline-index"
for n in 1 "$THREADS"; do
    index=$WORK/index-$n
    rm -rf "$index"
    measure "ingest-$n" "$BIN" ingest "$FILE" --index "$index" --quiet --threads "$n"
    rm -rf "$index/themes-cache"
    measure "themes-$n" "$BIN" themes --index "$index" --format json --threads "$n"
    measure "tag-$n" "$BIN" tag --index "$index" --threads "$n"
    measure "report-$n" "$BIN" report --index "$index" --format json --threads "$n"
done

echo
printf '%-8s %8s %10s %9s %9s %12s\n' command threads seconds "cpu s" cpu/wall "RssAnon MB"
for n in 1 "$THREADS"; do
    for c in ingest themes tag report; do
        printf '%-8s %8s %10s %9s %9s %12s\n' "$c" "$n" "$(field seconds "$c-$n")" \
            "$(field cpu "$c-$n")" "$(field ratio "$c-$n")" "$(field anon "$c-$n")"
    done
done
printf '%-8s %8s %10s %9s %9s %12s\n' floor default "$(field seconds baseline)" \
    "$(field cpu baseline)" "$(field ratio baseline)" "$(field anon baseline)"
for n in 1 "$THREADS"; do
    awk -v v="$(field seconds "ingest-$n")" -v b="$(field seconds baseline)" -v n="$n" \
        'BEGIN { printf "ingest at %s thread(s) / floor: %.2fx\n", n, v / b }'
done
