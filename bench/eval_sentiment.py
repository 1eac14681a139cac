#!/usr/bin/env python3
"""Response sentiment of `verbatim tag` against human polarity labels, beside Python baselines.

Usage:
    python3 bench/eval_sentiment.py [--bin PATH] [--data DIR] [--keep DIR]
    python3 bench/eval_sentiment.py --set FILE.csv --text-col text --label-col label [--id-col id]

Default set: /work/shared/data/semeval2014-restaurants/sentences.csv, the sentences whose
aspects (`category_polarities`, e.g. `food=positive|service=positive`, anecdotes/miscellaneous
included) all share one polarity, positive or negative; sentences with a neutral or conflict
aspect, or with mixed polarities, are dropped. Ids are `source-sentence_id`, as in
examples/eval_themes.rs. `--set` scores another CSV the same way: rows whose --label-col is
positive or negative (case-insensitive) are kept, the rest dropped and counted; ids come from
--id-col (default `id` when the file has it, else the row number).

The kept rows are written as CSV `id,text` (no labels) to a temp dir (or --keep DIR), then
    BIN --index DIR/idx ingest FILE --quiet
    BIN --index DIR/idx tag --format jsonl
run, timed together. Each jsonl line's `id` must be one of the written ids (checked), and its
`sentiment` (positive, negative, neutral or mixed) is the prediction. A line without
`sentiment` means the binary is too old: the script says so and exits 2, after printing the
baselines (which are always computed first).

Scores, per system: n per class; F1 of positive and of negative, each computed with the
predictions of that class as positives (a neutral, mixed or missing prediction is a miss for
its class); macro F1 = mean of those two; accuracy; the share of predictions that are neutral
or mixed; seconds.

Baselines (Python, same rows): always positive; VADER compound (>= 0.05 positive, <= -0.05
negative, else neutral); TextBlob polarity (> 0 positive, < 0 negative, else neutral); VADER
compound + TextBlob polarity summed (sign; 0 is neutral).

Needs: pip install vadersentiment textblob. Exit codes: 0 done, 2 error or binary too old.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import verbatim_cli  # noqa: E402  (bench/ is on the path when run as a script)
from verbatim_cli import fail  # noqa: E402

CLASSES = ("positive", "negative")
DEFAULT_DATA = Path("/work/shared/data")
DEFAULT_BIN = Path(__file__).resolve().parent.parent / "target/release/verbatim"




def load_semeval(data: Path) -> tuple[list[tuple[str, str, str]], Counter]:
    """Rows (id, text, label) of single-polarity positive/negative sentences; drop reasons."""
    path = data / "semeval2014-restaurants/sentences.csv"
    rows, dropped, seen = [], Counter(), set()
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            pols = {p.rsplit("=", 1)[-1].strip() for p in r["category_polarities"].split("|") if p.strip()}
            if not pols:
                dropped["no polarity"] += 1
            elif len(pols) > 1:
                dropped["mixed polarities"] += 1
            elif pols <= {"positive"} or pols <= {"negative"}:
                rid = f"{r['source'].strip()}-{r['sentence_id'].strip()}"
                if rid in seen:
                    fail(f"{path}: duplicate id {rid}")
                seen.add(rid)
                rows.append((rid, r["text"], next(iter(pols))))
            else:
                dropped[f"{next(iter(pols))} only"] += 1
    return rows, dropped


def load_set(path: Path, text_col: str, label_col: str, id_col: str | None):
    rows, dropped, seen = [], Counter(), set()
    with open(path, newline="", encoding="utf-8-sig") as f:
        rd = csv.DictReader(f)
        cols = rd.fieldnames or []
        for c in (text_col, label_col):
            if c not in cols:
                fail(f"{path}: no column {c!r} (columns: {cols})")
        if id_col is None and "id" in cols and "id" not in (text_col, label_col):
            id_col = "id"
        if id_col is not None and id_col not in cols:
            fail(f"{path}: no column {id_col!r} (columns: {cols})")
        for n, r in enumerate(rd, 1):
            label = (r[label_col] or "").strip().lower()
            if label not in CLASSES:
                dropped[f"label {label!r}"] += 1
                continue
            text = r[text_col] or ""
            if not text.strip():
                dropped["empty text"] += 1
                continue
            rid = r[id_col].strip() if id_col else f"r{n}"
            if not rid or rid in seen:
                fail(f"{path}: row {n}: empty or duplicate id {rid!r}")
            seen.add(rid)
            rows.append((rid, text, label))
    return rows, dropped


def score(gold: list[str], pred: list[str | None]) -> dict:
    out = {"f1": {}}
    for c in CLASSES:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        out["f1"][c] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    out["macro"] = sum(out["f1"].values()) / len(CLASSES)
    out["acc"] = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    out["undecided"] = sum(p not in CLASSES for p in pred) / len(pred)
    out["pred"] = Counter(p if p is not None else "(none)" for p in pred)
    return out


HEADER = f"{'system':<24} {'macro F1':>8} {'F1 pos':>7} {'F1 neg':>7} {'acc':>6} {'neutral/mixed':>13} {'seconds':>8}  predictions"


def line(name: str, s: dict, seconds: float | None) -> str:
    secs = f"{seconds:8.2f}" if seconds is not None else f"{'-':>8}"
    preds = ", ".join(f"{k} {v}" for k, v in sorted(s["pred"].items(), key=lambda kv: -kv[1]))
    return (f"{name:<24} {s['macro']:8.3f} {s['f1']['positive']:7.3f} {s['f1']['negative']:7.3f} "
            f"{s['acc']:6.3f} {100 * s['undecided']:12.1f}% {secs}  {preds}")


def sign(x: float, eps: float = 0.0) -> str:
    return "positive" if x > eps else "negative" if x < -eps else "neutral"


def baselines(texts: list[str]) -> list[tuple[str, list[str], float]]:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
        from textblob import TextBlob
    except ImportError as e:
        fail(f"{e}; pip install vadersentiment textblob")
    t0 = time.perf_counter()
    vader = SentimentIntensityAnalyzer()
    compound = [vader.polarity_scores(t)["compound"] for t in texts]
    t_vader = time.perf_counter() - t0
    t0 = time.perf_counter()
    blob = [TextBlob(t).sentiment.polarity for t in texts]
    t_blob = time.perf_counter() - t0
    # VADER's own threshold is inclusive: compound >= 0.05 positive, <= -0.05 negative.
    vader_pred = ["positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral" for c in compound]
    return [
        ("always positive", ["positive"] * len(texts), 0.0),
        ("VADER (+-0.05)", vader_pred, t_vader),
        ("TextBlob (sign)", [sign(b) for b in blob], t_blob),
        ("VADER + TextBlob (sign)", [sign(c + b) for c, b in zip(compound, blob)], t_vader + t_blob),
    ]


def run_verbatim(bin_path: Path, rows, workdir: Path) -> tuple[list[str | None], float]:
    csv_path = workdir / "sentiment.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        w.writerows((rid, text) for rid, text, _ in rows)
    index = workdir / "idx"
    shutil.rmtree(index, ignore_errors=True)

    def run(*args: str) -> str:
        return verbatim_cli.run(bin_path, index, *args)

    t0 = time.perf_counter()
    run("ingest", str(csv_path), "--quiet")
    out = run("tag", "--format", "jsonl")
    seconds = time.perf_counter() - t0

    pos = {rid: i for i, (rid, _, _) in enumerate(rows)}
    pred: list[str | None] = [None] * len(rows)
    seen, no_field, bad = set(), 0, Counter()
    for n, ln in enumerate(out.splitlines(), 1):
        if not ln.strip():
            continue
        try:
            v = json.loads(ln)
        except json.JSONDecodeError as e:
            fail(f"tag output line {n}: bad JSON ({e})")
        rid = v.get("id")
        rid = rid if isinstance(rid, str) else json.dumps(rid)
        if rid not in pos:
            fail(f"tag output line {n}: id {rid!r} is not an id of the input (ids do not line up)")
        if rid in seen:
            fail(f"tag output line {n}: id {rid!r} printed twice")
        seen.add(rid)
        if "sentiment" not in v:
            no_field += 1
            continue
        s = v["sentiment"]
        if s not in ("positive", "negative", "neutral", "mixed"):
            bad[repr(s)] += 1
        pred[pos[rid]] = s
    if no_field:
        if no_field == len(seen):
            fail(f"{bin_path}: `tag --format jsonl` prints no `sentiment` field: the binary is too old "
                 "(rebuild it with response sentiment)")
        fail(f"{bin_path}: {no_field} of {len(seen)} tag lines lack `sentiment`")
    if bad:
        print(f"warning: unexpected sentiment values (scored as misses): {dict(bad)}")
    if len(seen) != len(rows):
        print(f"note: tag printed {len(seen)} of {len(rows)} responses; the rest count as misses")
    return pred, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", type=Path, default=DEFAULT_BIN, help=f"verbatim binary [{DEFAULT_BIN}]")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data folder [{DEFAULT_DATA}]")
    ap.add_argument("--set", type=Path, help="score this CSV instead of SemEval-2014")
    ap.add_argument("--text-col", default="text", help="with --set: text column [text]")
    ap.add_argument("--label-col", default="label", help="with --set: label column, positive/negative [label]")
    ap.add_argument("--id-col", help="with --set: id column [id if present, else the row number]")
    ap.add_argument("--keep", type=Path, help="write the CSV and index here instead of a temp dir")
    ap.add_argument("--no-bin", action="store_true", help="baselines only")
    a = ap.parse_args()

    if a.set:
        rows, dropped = load_set(a.set, a.text_col, a.label_col, a.id_col)
        name = str(a.set)
    else:
        rows, dropped = load_semeval(a.data)
        name = "semeval2014-restaurants, single-polarity sentences"
    if not rows:
        fail("no positive or negative rows to score")
    gold = [g for _, _, g in rows]
    n = Counter(gold)
    print(f"set: {name}")
    print(f"n = {len(rows)}: positive {n['positive']}, negative {n['negative']}"
          f" (positive share {n['positive'] / len(rows):.3f})")
    if dropped:
        print("dropped: " + ", ".join(f"{k} {v}" for k, v in sorted(dropped.items())))
    print()
    print(HEADER)
    for bname, pred, secs in baselines([t for _, t, _ in rows]):
        print(line(bname, score(gold, pred), secs))
    sys.stdout.flush()
    if a.no_bin:
        return

    if not a.bin.is_file() or not os.access(a.bin, os.X_OK):
        fail(f"{a.bin}: no executable binary (pass --bin PATH)")
    if a.keep:
        a.keep.mkdir(parents=True, exist_ok=True)
        pred, secs = run_verbatim(a.bin, rows, a.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="verbatim-sentiment-") as d:
            pred, secs = run_verbatim(a.bin, rows, Path(d))
    s = score(gold, pred)
    print(line("verbatim", s, secs))
    print()
    print("verbatim confusion (gold -> predicted):")
    for c in CLASSES:
        got = Counter(p if p is not None else "(none)" for g, p in zip(gold, pred) if g == c)
        print(f"  {c:<9} " + ", ".join(f"{k} {v}" for k, v in sorted(got.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
