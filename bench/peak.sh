#!/usr/bin/env bash
# Runs a command and prints its wall time and peak memory, split as /proc reports it: RssAnon
# (heap and stacks: what the process holds) and RssFile (index files mapped into memory, which
# the kernel can drop and read again).
#
#   bash bench/peak.sh target/release/verbatim themes --index /tmp/idx10m --format json
set -euo pipefail
start=$(date +%s.%N)
"$@" >/dev/null &
pid=$!
anon=0 file=0
while kill -0 "$pid" 2>/dev/null; do
    read -r a f < <(awk '$1 == "RssAnon:" { a = $2 } $1 == "RssFile:" { f = $2 } END { print a + 0, f + 0 }' \
        "/proc/$pid/status" 2>/dev/null || echo "0 0")
    ((a > anon)) && anon=$a
    ((f > file)) && file=$f
    sleep 0.2
done
wait "$pid" && code=0 || code=$?
printf '%s: exit %d, %.1f s, peak RssAnon %d MB, peak RssFile %d MB\n' "$*" "$code" \
    "$(echo "$(date +%s.%N) - $start" | bc)" $((anon / 1024)) $((file / 1024))
