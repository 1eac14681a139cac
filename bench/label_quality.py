#!/usr/bin/env python3
"""Share of `verbatim themes` labels that are moods or filler, on four real data sets.

Usage:
    python3 bench/label_quality.py [--bin PATH] [--data DIR] [--sets airline,semeval14,ba,clothing]
                                   [--keep DIR] [--top 20]

Sets (from /work/shared/data, or --data DIR):
    airline    the 9,178 negative tweets, written as examples/eval_themes.rs does
               (tweet_id,airline,tweet_created,text; a repeated tweet_id gets a -2 suffix)
    semeval14  the 2,049 sentences with exactly one aspect category besides
               anecdotes/miscellaneous, as eval_themes.rs does (id,text; id = source-sentence_id)
    ba         ba-skytrax-reviews/reviews.csv, ingested as is
    clothing   womens-clothing-reviews/reviews.csv, ingested as is
Each set is ingested with defaults into its own index (a temp dir, or --keep DIR/<set>-index),
    BIN --index IDX ingest FILE --quiet
    BIN --index IDX themes --by none --top 20 --format json
and the top-level theme labels are read from groups[].themes[].label (up to --top), with their
facets (groups[].themes[].facets[].label). Labels and facets are judged alike and counted apart:
the share of labels, and the share of labels and facets together, that are moods or filler.

A label is a MOOD when its head word (the last word, lowercased) is in the VADER lexicon with
|valence| >= 1 and its most frequent WordNet 3.0 part of speech is not a noun. The POS is found
as NLTK's morphy does (exception lists, then suffix rules, kept when the lemma is in that POS's
index) for each of noun, verb, adjective (satellites included) and adverb; the POS whose lemma
has the highest summed sense count (cntlist.rev tag counts over its senses) wins, ties broken by
the number of senses, then noun first; a word WordNet lacks has no POS and so is not a noun.
A label is FILLER when every word of it is among wordfreq's top_n_list('en', 300).
Printed per set: the labels in order, `*` on each mood/filler one with the reason, the share of
such labels, seconds; then the overall share (labels pooled over sets), and for ba and clothing
the top-10 labels with mentions and facets as a Markdown table.

WordNet files come from Debian's wordnet-base (`apt-get install -y wordnet-base`, read from
/usr/share/wordnet or --wordnet DIR; they are parsed here, since that package lacks the lexnames
file NLTK's reader needs). Needs: pip install vadersentiment wordfreq. Exit 2 on error.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import verbatim_cli  # noqa: E402  (bench/ is on the path when run as a script)
from verbatim_cli import fail  # noqa: E402

DEFAULT_DATA = Path("/work/shared/data")
DEFAULT_BIN = Path(__file__).resolve().parent.parent / "target/release/verbatim"
ALL_SETS = ("airline", "semeval14", "ba", "clothing")
MARKDOWN_SETS = ("ba", "clothing")




# ---------------------------------------------------------------- WordNet (parsed files)

class WordNet:
    """The parts of WordNet 3.0 that morphy and lemma sense counts need."""

    POS = ("n", "v", "a", "r")
    FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
    SS_TYPE = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
    # NLTK's WordNetCorpusReader.MORPHOLOGICAL_SUBSTITUTIONS
    SUBST = {
        "n": [("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"),
              ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")],
        "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
              ("ing", "e"), ("ing", "")],
        "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        "r": [],
    }

    def __init__(self, root: Path):
        self.senses: dict[str, dict[str, int]] = {p: {} for p in self.POS}  # lemma -> synset count
        self.exc: dict[str, dict[str, list[str]]] = {p: {} for p in self.POS}
        self.counts: dict[tuple[str, str], int] = defaultdict(int)  # (lemma, pos) -> tag count
        for p, name in self.FILES.items():
            idx, exc = root / f"index.{name}", root / f"{name}.exc"
            if not idx.is_file():
                fail(f"{idx}: missing (apt-get install -y wordnet-base, or --wordnet DIR)")
            with open(idx, encoding="utf-8", errors="replace") as f:
                for ln in f:
                    if ln.startswith(" "):
                        continue  # licence header
                    parts = ln.split()
                    self.senses[p][parts[0]] = int(parts[2])
            if exc.is_file():
                with open(exc, encoding="utf-8", errors="replace") as f:
                    for ln in f:
                        parts = ln.split()
                        if len(parts) >= 2:
                            self.exc[p].setdefault(parts[0], []).extend(parts[1:])
        with open(root / "cntlist.rev", encoding="utf-8", errors="replace") as f:
            for ln in f:
                key, _sense_number, tag_cnt = ln.split()
                lemma, _, rest = key.partition("%")
                self.counts[(lemma, self.SS_TYPE[rest.split(":", 1)[0]])] += int(tag_cnt)

    def morphy(self, form: str, pos: str) -> str | None:
        """NLTK's morphy: the first base form of `form` found in the POS's index."""
        form = form.lower().replace(" ", "_")
        index = self.senses[pos]

        def keep(forms):
            out = []
            for f in forms:
                if f in index and f not in out:
                    out.append(f)
            return out

        if form in self.exc[pos]:
            found = keep([form] + self.exc[pos][form])
        else:
            found = keep([form] + [form[: -len(old)] + new for old, new in self.SUBST[pos]
                                   if form.endswith(old)])
        return found[0] if found else None

    def main_pos(self, word: str) -> tuple[str | None, dict]:
        """The word's most frequent POS (None when WordNet lacks it) and the evidence."""
        ev = {}
        for p in self.POS:
            lemma = self.morphy(word, p)
            if lemma is not None:
                ev[p] = (lemma, self.counts.get((lemma, p), 0), self.senses[p][lemma])
        if not ev:
            return None, ev
        order = {p: i for i, p in enumerate(self.POS)}
        best = max(ev, key=lambda p: (ev[p][1], ev[p][2], -order[p]))
        return best, ev


# ---------------------------------------------------------------- judging labels

class Judge:
    def __init__(self, wordnet_dir: Path):
        try:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
            from wordfreq import top_n_list
        except ImportError as e:
            fail(f"{e}; pip install vadersentiment wordfreq")
        self.vader = SentimentIntensityAnalyzer().lexicon
        self.top300 = set(top_n_list("en", 300))
        self.wn = WordNet(wordnet_dir)

    @staticmethod
    def words(label: str) -> list[str]:
        return [w for w in (t.strip(".,;:!?()[]\"'").lower() for t in label.split()) if w]

    def judge(self, label: str) -> str | None:
        """Why the label is a mood or filler, or None."""
        words = self.words(label)
        if not words:
            return "filler: empty label"
        reasons = []
        head = words[-1]
        valence = self.vader.get(head)
        if valence is not None and abs(valence) >= 1:
            pos, ev = self.wn.main_pos(head)
            if pos != "n":
                name = {"n": "noun", "v": "verb", "a": "adj", "r": "adv", None: "not in WordNet"}[pos]
                counts = " ".join(f"{p}={c}" for p, (_, c, _) in ev.items())
                reasons.append(f"mood: '{head}' VADER {valence:+.1f}, {name}"
                               + (f" (sense counts {counts})" if counts else ""))
        if all(w in self.top300 for w in words):
            reasons.append("filler: all words in top-300 English")
        return "; ".join(reasons) or None


# ---------------------------------------------------------------- data sets

def read_rows(path: Path):
    with open(path, newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def write_csv(path: Path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def build_airline(data: Path, out: Path) -> Path:
    rows, seen = [], Counter()
    for r in read_rows(data / "airline-tweets/tweets.csv"):
        if r["airline_sentiment"] != "negative":
            continue
        seen[r["tweet_id"]] += 1
        n = seen[r["tweet_id"]]
        rid = r["tweet_id"] if n == 1 else f"{r['tweet_id']}-{n}"
        rows.append([rid, r["airline"], r["tweet_created"], r["text"]])
    if len(rows) != 9178:
        fail(f"airline: {len(rows)} negative tweets, expected 9,178")
    path = out / "airline.csv"
    write_csv(path, ["tweet_id", "airline", "tweet_created", "text"], rows)
    return path


def build_semeval(data: Path, out: Path) -> Path:
    rows = []
    for r in read_rows(data / "semeval2014-restaurants/sentences.csv"):
        cats = [c for c in r["aspect_categories"].split("|") if c and c != "anecdotes/miscellaneous"]
        if len(cats) == 1:
            rows.append([f"{r['source'].strip()}-{r['sentence_id'].strip()}", r["text"]])
    if len(rows) != 2049:
        fail(f"semeval14: {len(rows)} single-category sentences, expected 2,049")
    path = out / "semeval14.csv"
    write_csv(path, ["id", "text"], rows)
    return path


def input_file(name: str, data: Path, out: Path) -> Path:
    if name == "airline":
        return build_airline(data, out)
    if name == "semeval14":
        return build_semeval(data, out)
    path = data / {"ba": "ba-skytrax-reviews/reviews.csv",
                   "clothing": "womens-clothing-reviews/reviews.csv"}[name]
    if not path.is_file():
        fail(f"{path}: missing")
    return path


# ---------------------------------------------------------------- verbatim

def run_themes(bin_path: Path, name: str, file: Path, workdir: Path, top: int):
    index = workdir / f"{name}-index"
    shutil.rmtree(index, ignore_errors=True)

    def run(*args: str) -> str:
        return verbatim_cli.run(bin_path, index, *args)

    t0 = time.perf_counter()
    run("ingest", str(file), "--quiet")
    out = run("themes", "--by", "none", "--top", str(top), "--format", "json")
    seconds = time.perf_counter() - t0
    try:
        report = json.loads(out)
    except json.JSONDecodeError as e:
        fail(f"{name}: themes --format json: bad JSON ({e})")
    groups = report.get("groups") if isinstance(report, dict) else None
    if not isinstance(groups, list):
        fail(f"{name}: themes JSON has no groups[] (keys: {list(report)[:10]})")
    themes = [t for g in groups for t in (g.get("themes") or [])][:top]
    return themes, report, seconds


def facets_of(theme: dict) -> list[tuple[str, object]]:
    """(label, mentions or None) of each facet."""
    out = []
    for f in theme.get("facets") or []:
        if isinstance(f, str):
            out.append((f, None))
        elif isinstance(f, dict) and isinstance(f.get("label"), str):
            out.append((f["label"], f.get("mentions")))
    return out


def facet_names(theme: dict) -> list[str]:
    """The facets' labels as shown, without counts."""
    return [label for label, _ in facets_of(theme)]


def facet_labels(theme: dict) -> list[str]:
    return [label + (f" ({m})" if m is not None else "") for label, m in facets_of(theme)]


def md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", type=Path, default=DEFAULT_BIN, help=f"verbatim binary [{DEFAULT_BIN}]")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data folder [{DEFAULT_DATA}]")
    ap.add_argument("--sets", default=",".join(ALL_SETS), help=f"comma-separated, of {','.join(ALL_SETS)}")
    ap.add_argument("--keep", type=Path, help="keep the CSVs and indexes in this folder")
    ap.add_argument("--top", type=int, default=20, help="theme labels per set [20]")
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"),
                    help="WordNet 3.0 dict folder [/usr/share/wordnet]")
    a = ap.parse_args()

    sets = [s.strip() for s in a.sets.split(",") if s.strip()]
    unknown = [s for s in sets if s not in ALL_SETS]
    if unknown or not sets:
        fail(f"--sets: unknown {unknown}; choose from {','.join(ALL_SETS)}")
    if not a.bin.is_file() or not os.access(a.bin, os.X_OK):
        fail(f"{a.bin}: no executable binary (pass --bin PATH)")
    judge = Judge(a.wordnet)

    if a.keep:
        a.keep.mkdir(parents=True, exist_ok=True)
        workdir, tmp = a.keep, None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="verbatim-labels-")
        workdir = Path(tmp.name)

    pooled = flagged_total = facets_total = facets_flagged = 0
    summary, markdown = [], []
    try:
        for name in sets:
            file = input_file(name, a.data, workdir)
            themes, report, seconds = run_themes(a.bin, name, file, workdir, a.top)
            flagged = facets_bad = facets_seen = 0
            print(f"== {name}: {len(themes)} themes ({report.get('mined', '?')} responses mined, "
                  f"min mentions {report.get('min_mentions', '?')}), {seconds:.1f} s")
            for i, t in enumerate(themes, 1):
                label = t.get("label", "")
                why = judge.judge(label)
                flagged += why is not None
                mark = "*" if why else " "
                print(f"{mark} {i:2}. {label:<32} {t.get('mentions', ''):>6}" + (f"   <- {why}" if why else ""))
                for f, shown in zip(facet_names(t), facet_labels(t)):
                    fwhy = judge.judge(f)
                    facets_seen += 1
                    facets_bad += fwhy is not None
                    print(f"      {'*' if fwhy else ' '} facet: {shown}" + (f"   <- {fwhy}" if fwhy else ""))
            share = flagged / len(themes) if themes else 0.0
            both = (flagged + facets_bad) / max(1, len(themes) + facets_seen)
            print(f"mood/filler labels: {flagged} of {len(themes)} = {share:.3f}; with facets: "
                  f"{flagged + facets_bad} of {len(themes) + facets_seen} = {both:.3f}\n")
            summary.append((name, flagged, len(themes), share, facets_bad, facets_seen))
            pooled += len(themes)
            flagged_total += flagged
            facets_total += facets_seen
            facets_flagged += facets_bad
            if name in MARKDOWN_SETS:
                md = [f"**{name}** ({report.get('mined', '?')} responses mined): top 10 themes", "",
                      "| # | theme | mentions | share % | facets |", "|---|---|---|---|---|"]
                for i, t in enumerate(themes[:10], 1):
                    share_pct = t.get("share")
                    share_s = f"{share_pct:.1f}" if isinstance(share_pct, (int, float)) else ""
                    facets = "; ".join(facet_labels(t)) or "-"
                    md.append(f"| {i} | {md_cell(t.get('label', ''))} | {t.get('mentions', '')} | "
                              f"{share_s} | {md_cell(facets)} |")
                markdown.append("\n".join(md))
    finally:
        if tmp is not None:
            tmp.cleanup()

    print("== summary: share of labels (and of labels with facets) that are moods or filler")
    for name, f, n, s, fb, fs in summary:
        print(f"{name:<10} {f:3} of {n:3}  {s:.3f}    with facets {f + fb:3} of {n + fs:3}  "
              f"{(f + fb) / max(1, n + fs):.3f}")
    overall = flagged_total / pooled if pooled else 0.0
    both = (flagged_total + facets_flagged) / max(1, pooled + facets_total)
    print(f"{'overall':<10} {flagged_total:3} of {pooled:3}  {overall:.3f}    with facets "
          f"{flagged_total + facets_flagged:3} of {pooled + facets_total:3}  {both:.3f}  (pooled)")
    if markdown:
        print("\n== Markdown\n")
        print("\n\n".join(markdown))


if __name__ == "__main__":
    main()
