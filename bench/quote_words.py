#!/usr/bin/env python3
"""Do the quotes of a report show their theme? (issue 23, point 4)

Usage:
    python3 bench/quote_words.py [--bin PATH] [--data FILE] [--index DIR] [--quarters 4]
                                 [--list FILE.tsv]

Ingests FILE (default: ../shared/data/ba-skytrax-reviews/reviews.csv) with defaults into DIR (a
temp dir unless given; an existing index there is used as is), then for each of the last N
quarters of the index runs
    BIN --index DIR report --quarter Q --format json
and checks every quote of its complaints, asks and praise: the quote holds a word of its
theme's label or of one of the theme's facets, or an evaluative word mapped to its aspect
("friendly" of staff: the theme's `evaluative` stems in the JSON) (function words of a key, "was" of "flight was
delayed", left out). With --bands, the quotes of each quarter's themes per band are checked too
(small scopes: `themes --quarter Q --by band --quotes 3`). The label and facet keys (stems) come from
    BIN --index DIR themes --by none --top 64 --quotes 0 --format json
(the whole index, so every facet is listed), matched to the report's themes by key. A quote word
holds a key word when its Snowball English stem, or the word itself lower-cased, is that key word
(verbatim keeps some words apart that the stemmer would join: "customer" is not "custom").

Prints each quote that holds none, then "quotes holding a theme word: K of N (P%)" per quarter
and overall. --list writes every quote with its quarter, list, theme and result as TSV. Needs:
pip install snowballstemmer. Exit 1 when a quote holds none, 2 on error.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

import snowballstemmer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
STEM = snowballstemmer.stemmer("english")
WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def run(bin_path: str, index: str, *args: str) -> str:
    out = subprocess.run(
        [bin_path, "--index", index, *args], capture_output=True, text=True, check=False
    )
    if out.returncode not in (0, 1):
        sys.exit(f"error: {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


def words_of(text: str) -> set[str]:
    """Each word of a quote, lower-cased, and its stem (hyphenated words also in parts)."""
    out: set[str] = set()
    for w in WORD.findall(text.lower().replace("’", "'")):
        for part in [w, *re.split(r"[-']", w)]:
            if part:
                out.add(part)
                out.add(STEM.stemWord(part))
    return out


def stopwords() -> set[str]:
    with open(os.path.join(ROOT, "stopwords", "en.txt"), encoding="utf-8") as f:
        return {w.strip() for w in f if w.strip() and not w.startswith("#")}


STOP = stopwords()


def key_words(keys: list[str]) -> set[str]:
    """The words of some keys, function words ("was" of "flight was delayed") left out."""
    return {w for k in keys for w in k.split(" ") if w and w not in STOP}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=os.path.join(ROOT, "target/release/verbatim"))
    p.add_argument(
        "--data",
        default=os.path.join(ROOT, "..", "shared", "data", "ba-skytrax-reviews", "reviews.csv"),
    )
    p.add_argument("--index")
    p.add_argument("--quarters", type=int, default=4)
    p.add_argument("--list")
    p.add_argument("--bands", action="store_true",
                   help="also every quote of `themes --quarter Q --by band --quotes 3`")
    a = p.parse_args()
    index = a.index or tempfile.mkdtemp(prefix="quote-words-")
    if not os.path.exists(os.path.join(index, "verbatim.json")):
        run(a.bin, index, "ingest", a.data, "--quiet")
    themes = json.loads(run(a.bin, index, "themes", "--by", "none", "--top", "64",
                            "--quotes", "0", "--format", "json"))
    keys: dict[str, set[str]] = {}
    for t in themes["groups"][0]["themes"]:
        keys[t["key"]] = key_words([t["key"], *(f["key"] for f in t.get("facets", []))]) | set(
            t.get("evaluative", []))
    stats = json.loads(run(a.bin, index, "stats", "--by", "quarter", "--format", "json"))
    quarters = [q for q in (r.get("group") or r.get("quarter") for r in stats_rows(stats)) if q]
    quarters = quarters[-a.quarters:]
    rows = []
    for q in quarters:
        report = json.loads(run(a.bin, index, "report", "--quarter", q, "--format", "json"))
        for kind in ("complaints", "asks", "praise"):
            for theme in report.get(kind) or []:
                words = keys.get(theme["key"], key_words([theme["key"]]))
                for quote in theme.get("quotes", []):
                    held = sorted(words & words_of(quote["text"]))
                    rows.append((q, kind, theme["label"], quote["text"], " ".join(held)))
    if a.bands:
        for q in quarters:
            scoped = json.loads(run(a.bin, index, "themes", "--quarter", q, "--by", "band",
                                    "--quotes", "3", "--format", "json"))
            for g in scoped["groups"]:
                for theme in g["themes"]:
                    words = keys.get(theme["key"], key_words([theme["key"]]))
                    for quote in theme.get("quotes", []):
                        held = sorted(words & words_of(quote["text"]))
                        rows.append((q, "themes " + g["group"], theme["label"], quote["text"],
                                     " ".join(held)))
    bad = [r for r in rows if not r[4]]
    for r in bad:
        print(f"{r[0]} {r[1]} [{r[2]}]: {r[3]}")
    for q in quarters:
        n = sum(1 for r in rows if r[0] == q)
        k = sum(1 for r in rows if r[0] == q and r[4])
        print(f"{q}: quotes holding a theme word: {k} of {n} ({100 * k / max(n, 1):.1f}%)")
    for source in ("report", "themes by band"):
        part = [r for r in rows if r[1].startswith("themes") == (source != "report")]
        if part:
            n, k = len(part), sum(1 for r in part if r[4])
            print(f"{source}, all quarters: quotes holding a theme word: {k} of {n} "
                  f"({100 * k / max(n, 1):.1f}%)")
    if a.list:
        with open(a.list, "w", newline="") as f:
            w = csv.writer(f, delimiter="\t")
            w.writerow(["quarter", "list", "theme", "quote", "theme words held"])
            w.writerows(rows)
    return 1 if bad else 0


def stats_rows(stats: dict) -> list[dict]:
    """The per-quarter rows of `stats --by quarter --format json`, oldest first."""
    for key in ("groups", "rows", "quarters"):
        if isinstance(stats.get(key), list):
            return stats[key]
    sys.exit("error: stats JSON has no per-quarter rows")


if __name__ == "__main__":
    sys.exit(main())
