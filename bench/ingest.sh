#!/usr/bin/env bash
# Ingest speed benchmark: times `verbatim ingest` against a minimal tantivy loop
# (examples/baseline_ingest.rs) on the same generated survey (examples/gen_survey.rs), in the
# same run, and prints the ratio. Targets: ratio <= 1.5, verbatim peak memory < 1 GiB.
#
#   bash bench/ingest.sh                        # 1,000,000 rows
#   ROWS=100000 bash bench/ingest.sh            # quicker
# Env: ROWS, FILE (default /tmp/verbatim-bench-$ROWS.csv), DATA (default ../shared/data),
#      SEED (default 1), JOBS (cargo -j).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
FILE=${FILE:-/tmp/verbatim-bench-$ROWS.csv}
DATA=${DATA:-../shared/data}
SEED=${SEED:-1}

[ -x /usr/bin/time ] || apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
cargo build --release --example gen_survey --example baseline_ingest --bin verbatim ${JOBS:+-j "$JOBS"}
[ -s "$FILE" ] || target/release/examples/gen_survey --rows "$ROWS" --out "$FILE" --seed "$SEED" --data "$DATA"
cat "$FILE" >/dev/null # both runs start with the file in the page cache

WORK=$(mktemp -d /tmp/verbatim-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# run NAME CMD...: runs under /usr/bin/time -v; sets SECS, RSS_MB, INDEX_MB, OK.
run() {
    local name=$1; shift
    OK=1
    /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.log" 2>&1 || OK=0
    SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$WORK/$name.time")
    RSS_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/$name.time")
    INDEX_MB=$(du -sm "$WORK/$name-index" 2>/dev/null | cut -f1 || echo -)
    if [ "$OK" = 0 ]; then echo "$name failed:" >&2; tail -n 20 "$WORK/$name.log" >&2; fi
}

run baseline target/release/examples/baseline_ingest "$FILE" "$WORK/baseline-index"
B=("$SECS" "$RSS_MB" "$INDEX_MB") B_OK=$OK
run verbatim target/release/verbatim ingest "$FILE" --index "$WORK/verbatim-index" --quiet
V=("$SECS" "$RSS_MB" "$INDEX_MB") V_OK=$OK

[ "$B_OK" = 1 ] || B[0]=failed
[ "$V_OK" = 1 ] || V[0]=failed
echo
printf '%-18s %s\n' rows "$ROWS" "file MB" "$(awk -v b="$(stat -c %s "$FILE")" 'BEGIN { printf "%.1f", b / 1e6 }')"
printf '%-18s %9s %12s %9s\n' "" seconds "peak RSS MB" "index MB" baseline "${B[@]}" verbatim "${V[@]}"
if [ "$B_OK$V_OK" = 11 ]; then
    awk -v v="${V[0]}" -v b="${B[0]}" -v m="${V[1]}" 'BEGIN {
        printf "%-18s %.2fx (target <= 1.5x; verbatim peak %s MB, target < 1024)\n", "verbatim/baseline", v / b, m }'
else
    exit 1
fi
