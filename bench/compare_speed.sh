#!/usr/bin/env bash
# Speed and memory of two binaries on the same generated survey, run in turns (old, new, old,
# new) so that a noisy machine weighs on both: ingest into a fresh index, themes discovered (set
# not cached) and themes counted against the cached set. Each line is bench/peak.sh's (wall, CPU,
# cores busy, peak RssAnon and RssFile).
#
#   bash bench/compare_speed.sh OLD_BIN NEW_BIN        # 1,000,000 rows
#   ROWS=100000 bash bench/compare_speed.sh OLD_BIN NEW_BIN
# Env: ROWS, FILE (default /tmp/verbatim-bench-$ROWS.csv), DATA, SEED, ROUNDS (default 2).
set -euo pipefail
OLD=$(realpath "${1:?usage: compare_speed.sh OLD_BIN NEW_BIN}")
NEW=$(realpath "${2:?usage: compare_speed.sh OLD_BIN NEW_BIN}")
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
FILE=${FILE:-/tmp/verbatim-bench-$ROWS.csv}
DATA=${DATA:-../shared/data}
SEED=${SEED:-1}
ROUNDS=${ROUNDS:-2}

[ -s "$FILE" ] || { cargo build --release --example gen_survey &&
    target/release/examples/gen_survey --rows "$ROWS" --out "$FILE" --seed "$SEED" --data "$DATA"; }
cat "$FILE" >/dev/null # every run starts with the file in the page cache
work=$(mktemp -d /tmp/verbatim-speed.XXXXXX)
trap 'rm -rf "$work"' EXIT

for round in $(seq 1 "$ROUNDS"); do
    for which in old new; do
        bin=$OLD
        [ "$which" = new ] && bin=$NEW
        index=$work/$which
        rm -rf "$index"
        echo "round $round, $which:"
        bash bench/peak.sh "$bin" ingest "$FILE" --index "$index" --quiet
        bash bench/peak.sh "$bin" themes --index "$index" --by none --format json
        bash bench/peak.sh "$bin" themes --index "$index" --by band --format json
    done
done
