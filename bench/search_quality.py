#!/usr/bin/env python3
"""Search quality on verbatim's own judged set (bench/search_judgments/).

Two slices of ../shared/data are indexed: every 20th airline tweet (732) and every 50th clothing
review (470). Each query of queries.tsv was judged by reading every response that an any-word
search for the query's words and its pool words (synonyms and related words) finds: that pool
holds every hit of --all-words, --any-word and the default, so each mode's precision and recall
are measured against the same judgments (a response outside the pool counts as not relevant).

    python3 bench/search_quality.py [--bin target/release/verbatim]   # P, R, F1 per mode
    python3 bench/search_quality.py --pool                            # unjudged pooled responses
    python3 bench/search_quality.py --old --bin OLD_BINARY            # a binary without the modes:
        all-words is the query as typed, any-word its words joined by OR, no default

Judgments: judgments.tsv, `query<TAB>response id<TAB>1|0` (1 = the response is about what the
query asks for, as an analyst would count it).
"""
import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "..", "shared", "data")
JUDGED = os.path.join(HERE, "search_judgments")
SLICES = {
    # name: (file, keep every n-th row, columns kept)
    "airline": ("airline-tweets/tweets.csv", 20,
                ["tweet_id", "airline_sentiment", "airline", "text", "tweet_created"]),
    "clothing": ("womens-clothing-reviews/reviews.csv", 50,
                 ["", "Title", "Review Text", "Rating", "Department Name"]),
}
SAMPLE = 25
MODES = ["all-words", "any-word", "default"]


def write_slice(name, folder):
    path, every, columns = SLICES[name]
    with open(os.path.join(DATA, path), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = os.path.join(folder, f"{name}.csv")
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id" if c == "" else c for c in columns])
        for row in rows[::every]:
            w.writerow([row[c] for c in columns])
    return out


def ingest(binary, folder):
    indexes = {}
    for name in SLICES:
        csv_path = write_slice(name, folder)
        index = os.path.join(folder, name + ".idx")
        args = [binary, "ingest", "--quiet", "--index", index, csv_path, "--id-col",
                "tweet_id" if name == "airline" else "id"]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        indexes[name] = index
    return indexes


def search(binary, index, query, flags=()):
    args = [binary, "search", "--index", index, "--format", "json", "--limit", "100000",
            *flags, "--", query]
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"search failed: {' '.join(args)}\n{run.stderr}")
    return json.loads(run.stdout)


def ids(results):
    return {h["id"] for h in results["hits"]}


def queries():
    with open(os.path.join(JUDGED, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            qid, data, query, pool = line.rstrip("\n").split("\t")
            yield qid, data, query, pool.split()


def judgments():
    path = os.path.join(JUDGED, "judgments.tsv")
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                qid, rid, rel = line.rstrip("\n").split("\t")[:3]
                out[(qid, rid)] = rel == "1"
    return out


def make_pool(binary, indexes):
    """Writes pool.tsv and prints the responses to judge: every hit of the query as typed
    (all words, stratum 1) and a sample of SAMPLE of the rest of the pool (stratum 2), each
    standing for (rest / SAMPLE) responses."""
    out = []
    for qid, data, query, pool in queries():
        index = indexes[data]
        strict = ids(search(binary, index, query))
        found = search(binary, index, " OR ".join(words(query) + pool))
        texts = {h["id"]: " ".join(h["text"].split()) for h in found["hits"]}
        rest = sorted(set(texts) - strict,
                      key=lambda r: hashlib.sha1(f"{qid} {r}".encode()).hexdigest())
        sample = set(rest[:SAMPLE])
        weight = len(rest) / len(sample) if sample else 1.0
        for rid in sorted(texts):
            stratum = 1 if rid in strict else 2
            judged = stratum == 1 or rid in sample
            out.append(f"{qid}\t{rid}\t{stratum}\t{weight if stratum == 2 else 1.0:.3f}"
                       f"\t{int(judged)}")
            if judged:
                print(f"{qid}\t{rid}\t{query}\t{texts[rid]}")
    with open(os.path.join(JUDGED, "pool.tsv"), "w", encoding="utf-8") as f:
        f.write("# query\tresponse id\tstratum (1: all words typed, 2: the rest)\tweight\tjudged\n")
        f.write("\n".join(out) + "\n")


def read_pool():
    """{query: {response id: (weight, judged)}} from pool.tsv."""
    out = {}
    with open(os.path.join(JUDGED, "pool.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            qid, rid, _, weight, judged = line.rstrip("\n").split("\t")
            out.setdefault(qid, {})[rid] = (float(weight), judged == "1")
    return out


def words(query):
    return [w.strip('"+') for w in query.split() if not w.startswith("-")]


def mode_hits(binary, index, query, mode, old):
    if old:
        if mode == "all-words":
            return ids(search(binary, index, query))
        if mode == "any-word":
            return ids(search(binary, index, " OR ".join(words(query))))
        return None
    return ids(search(binary, index, query, [] if mode == "default" else [f"--{mode}"]))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "verbatim"))
    p.add_argument("--pool", action="store_true", help="print pooled responses not judged yet")
    p.add_argument("--old", action="store_true", help="a binary without --all-words/--any-word")
    p.add_argument("--per-query", action="store_true", help="print each query's figures")
    a = p.parse_args()
    judged = judgments()
    with tempfile.TemporaryDirectory() as tmp:
        indexes = ingest(a.bin, tmp)
        if a.pool:
            make_pool(a.bin, indexes)
            return
        totals = {m: [] for m in MODES}
        pool = read_pool()
        for qid, data, query, _ in queries():
            # (weight, relevant) of each judged response of the pool
            known = {rid: (w, judged[(qid, rid)]) for rid, (w, j) in pool[qid].items() if j}
            relevant = sum(w for w, rel in known.values() if rel)
            line = [f"{qid} {query:<30} relevant {relevant:>5.1f}"]
            for mode in MODES:
                found = mode_hits(a.bin, indexes[data], query, mode, a.old)
                if found is None:
                    continue
                outside = [r for r in found if r not in pool[qid]]
                if outside:
                    print(f"warning: {qid} {mode}: {len(outside)} hits outside the judged pool, "
                          f"counted as not relevant", file=sys.stderr)
                weight = sum(known[r][0] for r in found if r in known) + len(outside)
                tp = sum(known[r][0] for r in found if r in known and known[r][1])
                prec = tp / weight if weight else (1.0 if not relevant else 0.0)
                rec = tp / relevant if relevant else 1.0
                f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
                totals[mode].append((prec, rec, f1))
                line.append(f"{mode} {len(found):>3} P{prec:.2f} R{rec:.2f} F{f1:.2f}")
            if a.per_query:
                print(" | ".join(line))
        print(f"{'mode':<10} {'queries':>7} {'precision':>9} {'recall':>7} {'macro F1':>8}")
        for mode, rows in totals.items():
            if not rows:
                continue
            n = len(rows)
            mean = [sum(r[i] for r in rows) / n for i in range(3)]
            print(f"{mode:<10} {n:>7} {mean[0]:>9.3f} {mean[1]:>7.3f} {mean[2]:>8.3f}")


if __name__ == "__main__":
    main()
