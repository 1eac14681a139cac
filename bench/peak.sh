#!/usr/bin/env bash
# Runs a command and prints its wall time, CPU time (user + system, all threads) and CPU time
# over wall time (cores kept busy), and peak memory split as /proc reports it: RssAnon (heap and
# stacks: what the process holds) and RssFile (index files mapped into memory, which the kernel
# can drop and read again).
#
#   bash bench/peak.sh target/release/verbatim themes --index /tmp/idx10m --format json
set -euo pipefail
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
times=$(mktemp)
trap 'rm -f "$times"' EXIT
/usr/bin/time -f '%e %U %S' -o "$times" "$@" >/dev/null &
timer=$!
pid= anon=0 file=0
while kill -0 "$timer" 2>/dev/null; do
    # The command is the child of /usr/bin/time.
    [ -n "$pid" ] || pid=$(pgrep -P "$timer" | head -n 1 || true)
    if [ -n "$pid" ]; then
        read -r a f < <(awk '$1 == "RssAnon:" { a = $2 } $1 == "RssFile:" { f = $2 } END { print a + 0, f + 0 }' \
            "/proc/$pid/status" 2>/dev/null || echo "0 0")
        ((a > anon)) && anon=$a
        ((f > file)) && file=$f
    fi
    sleep 0.1
done
wait "$timer" && code=0 || code=$?
# /usr/bin/time writes "Command exited with non-zero status N" first when the command fails.
read -r wall user sys < <(tail -n 1 "$times")
awk -v cmd="$*" -v code="$code" -v w="$wall" -v u="$user" -v s="$sys" -v a=$((anon / 1024)) -v f=$((file / 1024)) 'BEGIN {
    printf "%s: exit %d, %.1f s, cpu %.1f s, cpu/wall %.2f, peak RssAnon %d MB, peak RssFile %d MB\n",
        cmd, code, w, u + s, (w > 0 ? (u + s) / w : 0), a, f }'
