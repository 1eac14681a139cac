#!/usr/bin/env python3
"""Search quality on verbatim's two judged sets.

Set "own" (bench/search_judgments/): every 20th airline tweet (732) and every 50th clothing
review (470); 21 queries of one to four words. Each query was judged by reading every response
that an any-word search for the query's words and its pool words (synonyms and related words)
finds, all-words hits in full and a sample of the rest (pool.tsv weights); hits of the default's
synonyms that fell outside that pool were judged later (stratum 3).

Set "alexa" (bench/search_judgments_alexa/), built to mimic short feature queries over app
reviews: the Alexa reviews of ../shared/data with a text of 20 characters or more, duplicates
(same text, any case) dropped, every 3rd (676 reviews, id "L" + the review's line in the file);
14 feature queries of two or three words. Every response found by --all-words, --any-word, the
default or an any-word search for the pool words was judged by reading (862 judgments, the
criterion of each query in queries.tsv); nothing is sampled.

A response outside the judged pool counts as not relevant (a warning says how many).

    python3 bench/search_quality.py [--bin target/release/verbatim]   # P, R, F1 per mode and set
    python3 bench/search_quality.py --pool                            # own set: write pool.tsv
    python3 bench/search_quality.py --old --bin OLD_BINARY            # a binary without the modes:
        all-words is the query as typed, any-word its words joined by OR, no default
    python3 bench/search_quality.py --sweep                           # the default's cut replayed
        for other constants (GENERIC_ZIPF x SHARE): each word's and synonym's hits come from the
        binary (--exact --any-word), weights from the bundled frequency list, as weighted.rs
        computes them; the row of the built constants must equal the default's figures

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
SETS = {"own": JUDGED, "alexa": os.path.join(HERE, "search_judgments_alexa")}
SLICES = {
    # name: (file, keep every n-th row, columns kept)
    "airline": ("airline-tweets/tweets.csv", 20,
                ["tweet_id", "airline_sentiment", "airline", "text", "tweet_created"]),
    "clothing": ("womens-clothing-reviews/reviews.csv", 50,
                 ["", "Title", "Review Text", "Rating", "Department Name"]),
}
SAMPLE = 25
MODES = ["all-words", "any-word", "default", "exact"]


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


def write_alexa(folder):
    """The Alexa slice: reviews of 20 characters or more, repeated texts dropped, every 3rd."""
    path = os.path.join(DATA, "amazon-alexa-reviews", "reviews.csv")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    seen, kept = set(), []
    for i, row in enumerate(rows):
        text = " ".join(row["verified_reviews"].split())
        if len(text) < 20 or text.lower() in seen:
            continue
        seen.add(text.lower())
        kept.append((i + 2, row))  # the review's line: one line a row, the header is line 1
    out = os.path.join(folder, "alexa.csv")
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "rating", "date", "variation", "review"])
        for line, row in kept[::3]:
            w.writerow([f"L{line}", row["rating"], row["date"], row["variation"].strip(),
                        row["verified_reviews"]])
    return out


def ingest(binary, folder):
    indexes = {}
    for name in [*SLICES, "alexa"]:
        csv_path = write_alexa(folder) if name == "alexa" else write_slice(name, folder)
        index = os.path.join(folder, name + ".idx")
        id_col = {"airline": "tweet_id"}.get(name, "id")
        args = [binary, "ingest", "--quiet", "--index", index, csv_path, "--id-col", id_col]
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


def queries(folder=JUDGED):
    with open(os.path.join(folder, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            qid, data, query, pool = line.rstrip("\n").split("\t")[:4]
            yield qid, data, query, pool.split()


def judgments(folder=JUDGED):
    path = os.path.join(folder, "judgments.tsv")
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
        f.write("# query\tresponse id\tstratum (1: all words typed, 2: the rest, 3: hits outside"
                " the pool, judged later; rewriting drops them)\tweight\tjudged\n")
        f.write("\n".join(out) + "\n")


def read_pool(folder=JUDGED):
    """{query: {response id: (weight, judged)}} from pool.tsv; without one, every judged
    response is the pool, each weighing 1."""
    out = {}
    if not os.path.exists(os.path.join(folder, "pool.tsv")):
        for (qid, rid) in judgments(folder):
            out.setdefault(qid, {})[rid] = (1.0, True)
        return out
    with open(os.path.join(folder, "pool.tsv"), encoding="utf-8") as f:
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


def evaluate(binary, indexes, folder, old, per_query):
    """Macro precision, recall and F1 of each mode over the queries of one judged set."""
    judged = judgments(folder)
    totals = {m: [] for m in MODES}
    pool = read_pool(folder)
    for qid, data, query, _ in queries(folder):
        # (weight, relevant) of each judged response of the pool
        known = {rid: (w, judged[(qid, rid)]) for rid, (w, j) in pool[qid].items() if j}
        relevant = sum(w for w, rel in known.values() if rel)
        line = [f"{qid} {query:<30} relevant {relevant:>5.1f}"]
        for mode in MODES:
            found = mode_hits(binary, indexes[data], query, mode, old)
            if found is None:
                continue
            outside = [r for r in found if r not in pool[qid]]
            if outside:
                print(f"warning: {qid} {mode}: {len(outside)} hits outside the judged pool, "
                      f"counted as not relevant", file=sys.stderr)
            prec, rec, f1 = score(judged, pool, qid, found)
            totals[mode].append((prec, rec, f1))
            line.append(f"{mode} {len(found):>3} P{prec:.2f} R{rec:.2f} F{f1:.2f}")
        if per_query:
            print(" | ".join(line))
    return totals


FREQUENCIES = os.path.join(ROOT, "src", "analysis", "frequency", "en.tsv")
UNLISTED_ZIPF = 1.5
MIN_WEIGHT = 0.1
SWEEP_GENERIC = [5.5, 5.75, 6.0, 6.25, 6.5, 7.0, 9.0]
SWEEP_SHARE = [0.2, 0.25, 0.3, 1 / 3, 0.35, 0.4, 0.45, 0.5]


def zipf_table():
    table = {}
    with open(FREQUENCIES, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            word, zipf = line.rstrip("\n").split("\t")
            table.setdefault(word.lower(), float(zipf))
    return table


def unit_matches(binary, index, query):
    """[(word, [ids of the word or its inflections], [ids of each synonym])] of a weighted
    query, from --explain (its units) and one --exact --any-word search per form."""
    probe = search(binary, index, query, ["--any-word"])["hits"]
    if not probe:
        return []
    found = search(binary, index, query, ["--explain", probe[0]["id"]])
    units = []
    for unit in found.get("explanation", {}).get("units", []):
        word = unit["word"]
        quoted = f'"{word}"' if " " in word else word
        typed = ids(search(binary, index, quoted, ["--exact", "--any-word"]))
        plain = " " in word or unit["excluded"]
        added = [] if plain else search(binary, index, word).get("added", [])
        synonyms = [ids(search(binary, index, f'"{a}"' if " " in a else a,
                               ["--exact", "--any-word"])) for a in added]
        units.append((word, typed, synonyms, unit["required"], unit["excluded"]))
    return units


def replay(units, zipf, generic, share):
    """The hits of the weighted cut with these constants (weighted.rs, in Python)."""
    def weight(word):
        return sum(max(MIN_WEIGHT, generic - zipf.get(w.lower(), UNLISTED_ZIPF))
                   for w in word.split())
    weights = [weight(u[0]) for u in units]
    total = sum(w for w, u in zip(weights, units) if not u[4])
    sets = [u[1].union(*u[2]) for u in units]
    hits = set()
    for rid in set().union(*sets) if sets else set():
        held, ok = 0.0, True
        for w, u, found in zip(weights, units, sets):
            if rid in found and u[4] or u[3] and rid not in found:
                ok = False
            elif rid in found and not u[4]:
                held += w
        if ok and held >= share * total - 1e-4:
            hits.add(rid)
    return hits


def sweep(binary, indexes):
    zipf = zipf_table()
    for name, folder in SETS.items():
        judged, pool = judgments(folder), read_pool(folder)
        cases = []
        for qid, data, query, _ in queries(folder):
            units = unit_matches(binary, indexes[data], query)
            cases.append((qid, [(w, set(t), [set(x) for x in s], r, e) for w, t, s, r, e in units]))
        print(f"set {name}: macro F1 (P/R) of the default's cut, GENERIC_ZIPF down, SHARE across")
        print("       " + " ".join(f"{s:>16.3f}" for s in SWEEP_SHARE))
        for generic in SWEEP_GENERIC:
            row = []
            for share in SWEEP_SHARE:
                scores = [score(judged, pool, qid, replay(units, zipf, generic, share))
                          for qid, units in cases]
                p, r, f = (sum(x[i] for x in scores) / len(scores) for i in range(3))
                row.append(f"{f:.3f} ({p:.2f}/{r:.2f})")
            print(f"{generic:>6} " + " ".join(f"{c:>16}" for c in row))


def score(judged, pool, qid, found):
    """(precision, recall, F1) of one query's hits against the judged pool."""
    known = {rid: (w, judged[(qid, rid)]) for rid, (w, j) in pool[qid].items() if j}
    relevant = sum(w for w, rel in known.values() if rel)
    outside = [r for r in found if r not in pool[qid]]
    weight = sum(known[r][0] for r in found if r in known) + len(outside)
    tp = sum(known[r][0] for r in found if r in known and known[r][1])
    prec = tp / weight if weight else (1.0 if not relevant else 0.0)
    rec = tp / relevant if relevant else 1.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "verbatim"))
    p.add_argument("--pool", action="store_true", help="print pooled responses not judged yet")
    p.add_argument("--old", action="store_true", help="a binary without --all-words/--any-word")
    p.add_argument("--per-query", action="store_true", help="print each query's figures")
    p.add_argument("--sweep", action="store_true", help="replay the cut for other constants")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        indexes = ingest(a.bin, tmp)
        if a.pool:
            make_pool(a.bin, indexes)
            return
        if a.sweep:
            sweep(a.bin, indexes)
            return
        print(f"{'set':<6} {'mode':<10} {'queries':>7} {'precision':>9} {'recall':>7} "
              f"{'macro F1':>8}")
        for name, folder in SETS.items():
            totals = evaluate(a.bin, indexes, folder, a.old, a.per_query)
            for mode, rows in totals.items():
                if not rows:
                    continue
                n = len(rows)
                mean = [sum(r[i] for r in rows) / n for i in range(3)]
                print(f"{name:<6} {mode:<10} {n:>7} {mean[0]:>9.3f} {mean[1]:>7.3f} "
                      f"{mean[2]:>8.3f}")

if __name__ == "__main__":
    main()
