#!/usr/bin/env python3
"""Generate en_stem_splits.tsv: English words that Snowball joins to a stem of unrelated words.

The Snowball English stemmer gives "customer" and "custom" one stem ("custom"), and so
"experience"/"experiment", "author"/"authority", "iron"/"ironic", "business"/"busy". Search and
themes then treat them as one word. This table keeps them apart: within one Snowball stem class,
two surface words stay together only when WordNet 3.0 relates them (one is an inflection of the
other as WordNet's morphy finds it, they share a synset, or a derivation, pertainym or attribute
pointer links their lemmas, or one is the other with a transparent suffix: -ly, -ful, -less,
-ness, -ment, -able, -ed, -ion, -ive, -al, and is at most 0.5 Zipf more frequent); words WordNet does not know are not moved. When a stem class falls
into several such groups, the group holding the word spelled as the stem (else the most frequent
group) keeps the stem, and each other group gets its most frequent WordNet lemma as its own term.

Evaluative words of the aspect table
------------------------------------
Themes count an evaluative word of `en_aspects.tsv` ("friendly", "helpful", "caring",
"attentive" judge the staff's manner) through its term, so the word needs a term that commoner
words of another use do not share: Snowball gives "friendly" the stem of "friend", "helpful" that
of "help", "caring" that of "care", "attentive" that of "attention". For each evaluative row (not
an ambiguous one: "kind", "patient") whose term class, after the WordNet splits above, is used in
general English (wordfreq, every word of the list) less than OWN_STEM by the table's words, the
word gets its own term (the table word), with the words of its class that are it with -ly or
-ness ("helpfully", "helpfulness"). The same share decides in `themes::aspects` whether a term
counts for its aspect, so after this table every such word counts. "help" and "helpful" are
related in WordNet but say different things in a comment: an act, and a judgment of manner.

Usage
-----
    apt-get install -y wordnet-base        # WordNet 3.0 dict files in /usr/share/wordnet
    python3 src/analysis/lexicon/stem_splits.py [--wordnet DIR]

Stems come from `cargo run --release --example stems` (rust-stemmers, the stemmer the analysis
pipeline uses). Words: the 30,000 words of src/analysis/frequency/en.tsv (wordfreq, CC BY-SA 4.0), lower-case
letters only, Zipf >= 2.5 (rarer words are too few to matter and too noisy to judge). Rows are
`word<TAB>stem<TAB>term`, sorted by word; a test in src/analysis checks that the stem column is
what the Rust stemmer gives, and lists the pairs an analyst checked by reading. WordNet licence:
LICENSE-wordnet.txt. Nothing is fetched from the network; output is deterministic.
"""
import argparse
import os
import re
from collections import defaultdict

import subprocess

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
FREQ = os.path.join(OUT_DIR, "..", "frequency", "en.tsv")
MIN_ZIPF = 2.5
POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
# Pointers that relate two lemmas' meanings: derivation, pertainym / derived-from-adjective,
# attribute, participle of a verb.
LINKS = {"+", "\\", "=", "<"}
# WordNet's morphy suffix rules per part of speech.
RULES = {
    "noun": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
             ("men", "man"), ("ies", "y")],
    "verb": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
             ("ing", "e"), ("ing", "")],
    "adj": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "adv": [],
}


def read_wordnet(wn):
    """lemmas per POS, synsets of each (pos, lemma), and the lemma links."""
    index = {p: set() for p in RULES}
    synsets = defaultdict(set)  # lemma -> {(pos, offset)}
    members = {}  # (pos, offset) -> [lemma]
    links = defaultdict(set)  # lemma -> {lemma}
    pending = []
    for pos in RULES:
        with open(os.path.join(wn, "data." + pos), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                parts = line.split(" | ")[0].split()
                offset, ss_type, w_cnt = parts[0], parts[2], int(parts[3], 16)
                words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).lower() for i in range(w_cnt)]
                key = (pos, offset)
                members[key] = words
                for w in words:
                    index[pos].add(w)
                    synsets[w].add(key)
                at = 4 + 2 * w_cnt
                p_cnt = int(parts[at])
                for i in range(p_cnt):
                    sym, toff, tpos, st = parts[at + 1 + 4 * i: at + 5 + 4 * i]
                    if sym in LINKS:
                        pending.append((key, int(st[:2], 16), (POS[tpos], toff), int(st[2:], 16)))
    for (src, si, dst, ti) in pending:
        sw = members[src] if si == 0 else [members[src][si - 1]]
        dw = members.get(dst, [])
        dw = dw if ti == 0 else dw[ti - 1: ti]
        for a in sw:
            for b in dw:
                links[a].add(b)
                links[b].add(a)
    exceptions = defaultdict(set)
    for pos in RULES:
        with open(os.path.join(wn, pos + ".exc"), encoding="latin-1") as f:
            for line in f:
                w, *bases = line.split()
                exceptions[w].update(bases)
    return index, synsets, links, exceptions


def lemmas(word, index, exceptions):
    """WordNet base forms of a surface word in any part of speech (morphy)."""
    out = set(exceptions.get(word, ()))
    is_noun = word in index["noun"]
    for pos, rules in RULES.items():
        if word in index[pos]:
            out.add(word)
        if pos == "adj" and is_noun:
            continue  # "customer" is a noun, not a comparative of "custom"
        for suffix, ending in rules:
            if word.endswith(suffix) and len(word) > len(suffix):
                base = word[: len(word) - len(suffix)] + ending
                if base in index[pos]:
                    out.add(base)
    return {b for b in out if any(b in index[p] for p in index)}


# Suffixes that add no new meaning to the word they end: "helpful" is about help, "ironically"
# about irony. (Not -er, -ic, -ity, -ence: "customer", "ironic", "authority" say other things.)
TRANSPARENT = ("ly", "ally", "ful", "fully", "less", "ness", "ment", "able", "ably", "ed", "ion", "ions",
               "ation", "ations", "ive", "al")


# A derived word much more frequent than its base has a life of its own ("business" is not about
# being busy: Zipf 5.56 against 4.75); "helpful" (4.43 against 5.75) is about help.
LEXICALISED = 0.5


def derived(a, b, zipf):
    """Whether word a is word b with a transparent suffix (y -> i and a dropped e allowed) and
    is not much more frequent than b."""
    if zipf[a] > zipf[b] + LEXICALISED:
        return False
    for suf in TRANSPARENT:
        if not a.endswith(suf):
            continue
        base = a[: -len(suf)]
        if base == b or (b.endswith("y") and base == b[:-1] + "i") or (b.endswith("e") and base == b[:-1]):
            return True
    return False


ASPECTS = os.path.join(OUT_DIR, "en_aspects.tsv")
# Share of a term class's general use that the table's evaluative words must make for the class
# to count for the aspect (the same constant as OWN_STEM in src/themes/aspects.rs).
OWN_STEM = 0.5
# Suffixes that make another form of an evaluative word ("helpfully", "helpfulness").
EVALUATIVE_FORMS = ("ly", "ness")


def forms(word):
    """The word with -ly and -ness ("helpfully", "helpfulness"; "friendliness"): candidates,
    kept where WordNet or the frequency list knows them."""
    bases = [word] + ([word[:-1] + "i"] if word.endswith("y") else [])
    return [b + suf for b in bases for suf in EVALUATIVE_FORMS]


def aspect_rows():
    """(word, source) of the evaluative rows of en_aspects.tsv (names left out)."""
    with open(ASPECTS, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            word, _aspect, _pos, source = line.rstrip("\n").split("\t")
            if source != "name":
                yield word, source


def evaluative_splits(stem, split_term, all_freq, known):
    """Rows (word, stem, term) giving each evaluative table word whose term class is mostly
    other words its own term, with its -ly and -ness forms that share its term."""
    rows = aspect_rows()
    counted = {w for w, source in rows if source != "ambiguous"}
    term = lambda w: split_term.get(w, stem[w])
    classes = defaultdict(list)
    for w in all_freq:
        classes[term(w)].append(w)
    out = []
    for w in sorted(counted):
        t = term(w)
        total = sum(10 ** all_freq[x] for x in classes[t])
        own = sum(10 ** all_freq[x] for x in classes[t] if x in counted)
        if total == 0 or own / total >= OWN_STEM:
            continue
        group = [w] + [x for x in forms(w) if x in known and term(x) == t and x not in counted]
        if all(x in group for x in classes[t]):
            continue  # the class is the word's own forms ("abrupt", "abruptly"): nothing to split
        own_term = w
        if any(stem[x] == own_term and x not in group for x in stem if x in known):
            own_term += "_"
        out.extend((x, stem[x], own_term) for x in group)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    args = ap.parse_args()
    index, synsets, links, exceptions = read_wordnet(args.wordnet)
    zipf = {}
    with open(FREQ, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            w, z = line.rstrip("\n").split("\t")
            if re.fullmatch(r"[a-z]+", w) and float(z) >= MIN_ZIPF:
                zipf[w] = float(z)
    repo = os.path.abspath(os.path.join(OUT_DIR, "..", "..", ".."))
    all_freq = {}
    with open(FREQ, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                w, z = line.rstrip("\n").split("\t")
                all_freq[w] = float(z)
    wanted = sorted(set(all_freq) | {x for w, _ in aspect_rows() for x in [w, *forms(w)]})
    stems = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "--example", "stems"],
        input="\n".join(wanted) + "\n", capture_output=True, text=True, check=True, cwd=repo,
    ).stdout
    stem = dict(line.split("\t", 1) for line in stems.splitlines())
    classes = defaultdict(list)
    for w in zipf:
        classes[stem[w]].append(w)
    all_stems = set(classes)
    rows = []
    for s, words in sorted(classes.items()):
        known = {w: lemmas(w, index, exceptions) for w in words}
        known = {w: l for w, l in known.items() if l}
        if len(known) < 2:
            continue
        parent = {w: w for w in known}

        def find(w):
            while parent[w] != w:
                parent[w] = parent[parent[w]]
                w = parent[w]
            return w

        ws = sorted(known)
        for i, a in enumerate(ws):
            for b in ws[i + 1:]:
                la, lb = known[a], known[b]
                related = (
                    la & lb
                    or any(synsets[x] & synsets[y] for x in la for y in lb)
                    or any(links[x] & lb for x in la)
                    or derived(a, b, zipf)
                    or derived(b, a, zipf)
                )
                if related:
                    parent[find(a)] = find(b)
        groups = defaultdict(list)
        for w in ws:
            groups[find(w)].append(w)
        if len(groups) < 2:
            continue
        groups = sorted(groups.values(), key=lambda g: -sum(10 ** zipf[w] for w in g))
        keeper = next((g for g in groups if s in g), groups[0])
        for g in groups:
            if g is keeper:
                continue
            term = max(g, key=lambda w: (w in synsets, zipf[w], w))
            if term in all_stems and term not in g:
                term += "_"
            rows.extend((w, s, term) for w in g)
    wordnet_rows = len(rows)
    split_term = {w: t for w, _, t in rows}
    known = set(all_freq) | {w for lemmas_of_pos in index.values() for w in lemmas_of_pos}
    known |= {w for w, _ in aspect_rows()}
    evaluative = evaluative_splits(stem, split_term, all_freq, known)
    moved = {w for w, _, _ in evaluative}
    rows = [r for r in rows if r[0] not in moved] + evaluative
    rows.sort()
    out = os.path.join(OUT_DIR, "en_stem_splits.tsv")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# English words whose Snowball stem joins unrelated words, with their own term.\n")
        f.write("# Generated by stem_splits.py from WordNet 3.0 (LICENSE-wordnet.txt) and the\n")
        f.write("# wordfreq list of ../frequency/en.tsv (CC BY-SA 4.0). word<TAB>stem<TAB>term\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{len(rows)} words in {len({r[2] for r in rows})} split groups -> {out} "
          f"({wordnet_rows} by WordNet; {len(evaluative)} evaluative words of the aspect table "
          f"and their forms: {', '.join(sorted({t for _, _, t in evaluative}))})")


if __name__ == "__main__":
    main()
