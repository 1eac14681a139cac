#!/usr/bin/env bash
# Memory of `verbatim ingest` over a large file, sampled from /proc every second.
#
# Peak RSS from /usr/bin/time mixes the heap with memory-mapped index pages that the kernel can
# drop at any time (tantivy reads segments through mmap while merging). RssAnon is the part the
# process owns: heap and stacks. This script prints both, so "bounded memory" is read off RssAnon.
#
#   ROWS=1000000 bash bench/memory.sh          # first ROWS rows of the 10M file
#   ROWS=10000000 bash bench/memory.sh
# Env: ROWS (default 1,000,000), BIG (the generated file to cut from, default
#      /tmp/verbatim-bench-10000000.csv, made by examples/gen_survey when missing), SEED, DATA,
#      SAMPLES (where the per-second samples go, default /tmp/verbatim-memory-$ROWS.tsv),
#      KEEP (a folder to build the index in and keep, for measuring themes or tag on it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
BIG=${BIG:-/tmp/verbatim-bench-10000000.csv}
DATA=${DATA:-../shared/data}
SEED=${SEED:-1}
SAMPLES=${SAMPLES:-/tmp/verbatim-memory-$ROWS.tsv}

cargo build --release --example gen_survey --bin verbatim
[ -s "$BIG" ] || target/release/examples/gen_survey --rows 10000000 --out "$BIG" --seed "$SEED" --data "$DATA"
FILE=/tmp/verbatim-memory-input-$ROWS.csv
if [ "$ROWS" -ge 10000000 ]; then FILE=$BIG; else [ -s "$FILE" ] || head -n $((ROWS + 1)) "$BIG" >"$FILE"; fi

WORK=$(mktemp -d /tmp/verbatim-memory.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
INDEX=${KEEP:-$WORK/index}

kb() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$2/status" 2>/dev/null || true; }

start=$(date +%s)
target/release/verbatim ingest "$FILE" --index "$INDEX" >"$WORK/log" 2>&1 &
pid=$!
echo -e "seconds\tvm_rss_mb\trss_anon_mb\trss_file_mb\tindex_mb" >"$SAMPLES"
while kill -0 "$pid" 2>/dev/null; do
    rss=$(kb VmRSS "$pid"); anon=$(kb RssAnon "$pid"); file=$(kb RssFile "$pid")
    [ -n "$anon" ] && printf '%d\t%d\t%d\t%d\t%d\n' $(($(date +%s) - start)) $((rss / 1024)) \
        $((anon / 1024)) $((file / 1024)) "$(du -sm "$INDEX" 2>/dev/null | cut -f1)" >>"$SAMPLES"
    sleep 1
done
wait "$pid" || { echo "ingest failed:" >&2; tail -n 20 "$WORK/log" >&2; exit 1; }
grep -v '^ *$' "$WORK/log" | tail -n 2
# Rows, not lines: quoted comments span lines.
ROWS=$(grep -o 'now holds [0-9,]* responses' "$WORK/log" | tr -dc '0-9')
secs=$(($(date +%s) - start))

awk -F'\t' -v rows="$ROWS" -v secs="$secs" 'NR > 1 {
        if ($2 > rss) rss = $2; if ($3 > anon) { anon = $3; at = $1 } if ($4 > file) file = $4
        idx = $5 }
    END {
        # The seen-id set: one u64 and a control byte per bucket, buckets a power of two with
        # room for every row at 7/8 load (hashbrown, reserved once from the scan).
        buckets = 1; while (buckets * 7 / 8 < rows) buckets *= 2
        ids = buckets * 9 / 1048576
        printf "rows %d in %d s; index %d MB\n", rows, secs, idx
        printf "peak RssAnon %d MB (at %d s), of which the seen-id set %.0f MB; peak RssFile %d MB; peak VmRSS %d MB\n", anon, at, ids, file, rss
    }' "$SAMPLES"
echo "samples: $SAMPLES"
