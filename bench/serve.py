#!/usr/bin/env python3
"""Times `verbatim serve` on an index: start-up (until the address is printed, themes ready),
then a fixed script of views (scopes, open themes and facets, searches, pages, heat maps) run
twice, the second round timed; prints each kind's median and the 95th percentile over all, with
the server's peak memory (RssAnon and RSS, from /proc).

    python3 bench/serve.py --index /tmp/idx1m [--bin target/release/verbatim] [--threads N]

The script of views is derived from the index itself (its quarters, bands, segment values and
the themes on the first page), so it runs on any index, and on the same index it is the same.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request


def rss(pid):
    """(RssAnon, VmRSS) in MB."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    mb = lambda k: int(fields.get(k, "0 kB").split()[0]) / 1024
    return mb("RssAnon"), mb("VmRSS")


def get(base, path):
    start = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=120) as response:
        body = response.read().decode("utf-8")
        status = response.status
    return time.perf_counter() - start, status, body


def script(base, page):
    """The views: (kind, path)."""
    quarters = re.findall(r'<option value="(\d{4}Q\d|FY\d{4}Q\d)"', page)
    quarters = list(dict.fromkeys(quarters))
    bands = list(dict.fromkeys(re.findall(r'name="band" value="([^"]+)"', page)))
    wheres = list(dict.fromkeys(re.findall(r'<option value="([^"]+=[^"]+)"', page)))
    themes = re.findall(r'class="theme-row[^"]*" data-key="([^"]+)"', page)
    facets = re.findall(r'class="facet-row" data-theme="([^"]+)" data-key="([^"]+)"', page)
    heats = list(dict.fromkeys(re.findall(r'href="/\?heat=([^"&]+)"', page)))
    q = lambda **kv: "/?" + urllib.parse.urlencode(kv)
    views = [("home", "/")]
    for quarter in quarters[:4]:
        views.append(("quarter", q(quarter=quarter)))
    for band in bands:
        views.append(("band", q(band=band)))
        if quarters:
            views.append(("band+quarter", q(band=band, quarter=quarters[0])))
    for where in wheres[:6]:
        views.append(("segment", q(where=where)))
    for key in themes[:8]:
        views.append(("theme", q(theme=key)))
        if quarters:
            views.append(("theme+quarter", q(theme=key, quarter=quarters[0])))
    for theme, facet in facets[:6]:
        views.append(("facet", q(theme=theme, facet=facet)))
    if themes:
        views.append(("theme page 5", q(theme=themes[0], page=5)))
        views.append(("theme kind", q(theme=themes[0], kind="complaint")))
    for word in ["support", "price", "slow", '"customer service"', "refund OR billing"]:
        views.append(("search", q(q=word)))
    views.append(("search page 3", q(q="support", page=3)))
    for heat in heats[:3]:
        views.append(("heat map", q(heat=urllib.parse.unquote_plus(heat))))
    if len(quarters) > 1:
        views.append(("compare", q(quarter=quarters[0], compare=quarters[-1])))
    return views


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--bin", default="target/release/verbatim")
    parser.add_argument("--threads", type=int)
    args = parser.parse_args()
    env = dict(os.environ)
    if args.threads:
        env["VERBATIM_THREADS"] = str(args.threads)
    started = time.perf_counter()
    server = subprocess.Popen(
        [args.bin, "--index", args.index, "serve", "-q"],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        base = server.stdout.readline().strip().rstrip("/")
        if not base.startswith("http://"):
            sys.exit(f"serve did not start: {base!r}")
        startup = time.perf_counter() - started
        anon, resident = rss(server.pid)
        _, _, page = get(base, "/")
        views = script(base, page)
        for _, path in views:  # a first round: caches warm, as an analyst clicking around
            get(base, path)
        timings = []
        for kind, path in views:
            seconds, status, _ = get(base, path)
            if status != 200:
                sys.exit(f"{path}: status {status}")
            timings.append((kind, seconds))
            a, r = rss(server.pid)
            anon, resident = max(anon, a), max(resident, r)
        # The CSV export of a theme (may take as long as the matching CLI command).
        export_s, _, _ = get(base, "/export.csv?" + urllib.parse.urlencode({"theme": re.findall(r'data-key="([^"]+)"', page)[0]}))
    finally:
        server.terminate()
        server.wait()
    all_ms = sorted(s * 1000 for _, s in timings)
    p95 = all_ms[max(0, int(round(0.95 * len(all_ms))) - 1)]
    print(f"index: {args.index}  threads: {args.threads or os.cpu_count()}  views: {len(timings)}")
    print(f"start-up (themes ready): {startup:.1f} s")
    by_kind = {}
    for kind, s in timings:
        by_kind.setdefault(kind, []).append(s * 1000)
    for kind, values in by_kind.items():
        print(f"  {kind:<14} n={len(values):<3} median {statistics.median(values):7.1f} ms  max {max(values):7.1f} ms")
    print(f"views: median {statistics.median(all_ms):.1f} ms, p95 {p95:.1f} ms, max {all_ms[-1]:.1f} ms")
    print(f"export of one theme's responses (CSV): {export_s:.2f} s")
    print(f"peak RssAnon {anon:.0f} MB, peak RSS {resident:.0f} MB")
    print(json.dumps({"startup_s": round(startup, 2), "p95_ms": round(p95, 1), "rss_anon_mb": round(anon), "rss_mb": round(resident)}))


if __name__ == "__main__":
    main()
