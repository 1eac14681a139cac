#!/usr/bin/env python3
"""Draw quotes to judge by reading (issue 23, point 4: at least 90% about their theme).

Usage:
    python3 bench/quote_sample.py [--bin PATH] [--data DIR] [--keep DIR] [--n 50] [--seed 23]
                                  > bench/quote_judgments.tsv

Ingests BA reviews, women's clothing reviews and the airline tweets (../shared/data, each as
is, into DIR/<set>-index, kept when there), runs
    BIN --index IDX themes --by band --top 20 --quotes 3 --format json
on each, pools every theme quote (set, band, theme, its facets' labels, quote) and draws --n at
random (Python's random with --seed), as near equally over the three sets as --n allows. Prints
them as TSV with an empty `about theme` column and `why` column, for a reader to fill in: yes
when the quote says something about the theme's subject (its label, or its facets' subjects),
no when it only mentions a word of it in passing or is about something else.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SETS = {
    "ba": "ba-skytrax-reviews/reviews.csv",
    "clothing": "womens-clothing-reviews/reviews.csv",
    "airline": "airline-tweets/tweets.csv",
}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=os.path.join(ROOT, "target/release/verbatim"))
    p.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    p.add_argument("--keep")
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--seed", type=int, default=23)
    a = p.parse_args()
    keep = a.keep or tempfile.mkdtemp(prefix="quote-sample-")
    rng = random.Random(a.seed)
    drawn = []
    for k, (name, rel) in enumerate(SETS.items()):
        index = os.path.join(keep, f"{name}-index")
        if not os.path.exists(os.path.join(index, "verbatim.json")):
            subprocess.run([a.bin, "--index", index, "ingest", os.path.join(a.data, rel),
                            "--quiet"], check=True, capture_output=True)
        out = subprocess.run([a.bin, "--index", index, "themes", "--by", "band", "--top", "20",
                              "--quotes", "3", "--format", "json"],
                             check=True, capture_output=True, text=True).stdout
        pool = []
        for g in json.loads(out)["groups"]:
            for t in g["themes"]:
                facets = "; ".join(f["label"] for f in t.get("facets", []))
                for q in t.get("quotes", []):
                    pool.append((name, g["group"], t["label"], facets, q["text"]))
        share = a.n // len(SETS) + (1 if k < a.n % len(SETS) else 0)
        drawn.extend(rng.sample(pool, min(share, len(pool))))
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(["set", "group", "theme", "facets", "quote", "about theme", "why"])
    for row in drawn:
        w.writerow([*row, "", ""])
    return 0


if __name__ == "__main__":
    sys.exit(main())
