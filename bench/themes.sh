#!/usr/bin/env bash
# Theme speed and memory: discovery over a whole generated survey (theme set not cached yet),
# the same command with the set cached, and a slice of about ROWS/100 responses (one region in
# one quarter) counted against the cached set. Prints wall time, peak RssAnon and RssFile of each
# (bench/peak.sh). Targets (issue 10): discovery over 1,000,000 responses within 5 s, a
# 10,000-response slice within 300 ms with the set cached, peak RssAnon under 1 GiB.
#
#   bash bench/themes.sh                       # 1,000,000 rows (ingests first if needed)
#   ROWS=100000 bash bench/themes.sh
# Env: ROWS, FILE (default /tmp/verbatim-bench-$ROWS.csv), INDEX (default
#      /tmp/verbatim-themes-$ROWS), BIN (default target/release/verbatim), DATA, SEED.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
FILE=${FILE:-/tmp/verbatim-bench-$ROWS.csv}
INDEX=${INDEX:-/tmp/verbatim-themes-$ROWS}
BIN=${BIN:-target/release/verbatim}
DATA=${DATA:-../shared/data}
SEED=${SEED:-1}

[ -x "$BIN" ] || cargo build --release --bin verbatim
[ -s "$FILE" ] || { cargo build --release --example gen_survey &&
    target/release/examples/gen_survey --rows "$ROWS" --out "$FILE" --seed "$SEED" --data "$DATA"; }
if [ ! -d "$INDEX" ]; then
    bash bench/peak.sh "$BIN" ingest "$FILE" --index "$INDEX" --quiet
fi

# The slice: the quarter and region with the most responses, about 1% of the survey.
quarter=$("$BIN" stats --index "$INDEX" --by quarter --format csv | awk -F, 'NR > 1 && $1 != "all" { print $2, $1 }' | sort -n | tail -1 | cut -d' ' -f2)
region=Europe
slice=$("$BIN" stats --index "$INDEX" --quarter "$quarter" --where "region=$region" --format csv | awk -F, '$1 == "all" { print $2 }')
echo "index: $INDEX ($ROWS rows); slice: $quarter, region=$region ($slice responses)"

rm -rf "$INDEX/themes-cache"
bash bench/peak.sh "$BIN" themes --index "$INDEX" --by none --format json
bash bench/peak.sh "$BIN" themes --index "$INDEX" --by none --format json
bash bench/peak.sh "$BIN" themes --index "$INDEX" --by band --format json
bash bench/peak.sh "$BIN" themes --index "$INDEX" --quarter "$quarter" --where "region=$region" --format json
bash bench/peak.sh "$BIN" themes --index "$INDEX" --quarter "$quarter" --where "region=$region" --format json --quotes 0
