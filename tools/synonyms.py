#!/usr/bin/env python3
"""Rebuild src/search/synonyms/en.tsv: the words a search also matches for a typed word.

    apt-get install -y wordnet-base      # WordNet 3.0 dict files in /usr/share/wordnet
    python3 tools/synonyms.py [--wordnet DIR] [--candidates]

Every synonym comes from WordNet 3.0: a lemma of a synset of the headword (same part of speech),
or of a synset one hypernym or hyponym link away. Which of those candidates a search adds was
checked by hand, for survey, product and service vocabulary, in CHECKED below: a word is kept
only where it means the headword in customer comments (bag -> luggage, not bag -> purse).
`--candidates` prints WordNet's candidates for each headword, for checking a new entry.
The generator refuses a checked word that WordNet does not list for its headword.

The table also holds derived forms, which a search treats as synonyms: a noun and the verb whose
act it names where the index does not already join them (notification/notify, payment/pay),
from WordNet's derivation links, each pair read and kept or refused with a reason in
tools/derivations.py. `--derivations` prints those candidates with their decision.
Output is sorted, one headword a line: word<TAB>synonym,synonym.
"""
import argparse
import os
import sys

import derivations
import irregular

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "search", "synonyms", "en.tsv")
POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

# headword/part of speech: the WordNet candidates kept, checked by hand.
CHECKED = {
    "bag/n": ["luggage", "baggage", "suitcase"],
    "luggage/n": ["baggage", "bag", "suitcase"],
    "baggage/n": ["luggage", "bag", "suitcase"],
    "suitcase/n": ["luggage", "bag", "baggage"],
    "refund/n": ["repayment", "rebate"],
    "repayment/n": ["refund"],
    "delay/n": ["holdup", "postponement"],
    "rude/a": ["impolite", "uncivil", "ill-mannered", "bad-mannered"],
    "impolite/a": ["rude", "discourteous"],
    "staff/n": ["personnel"],
    "cancel/v": ["call off"],
    "website/n": ["web site"],
    "wifi/n": ["wlan", "wireless fidelity"],
    "comfortable/a": ["comfy"],
    "comfy/a": ["comfortable"],
    # not "jumper": in US English a pinafore dress (judged on the clothing reviews)
    "sweater/n": ["pullover", "cardigan"],
    "pullover/n": ["sweater"],
    # not "cloth": it shares its stem with "clothes", so it would match every "clothes"
    "fabric/n": ["material", "textile"],
    "material/n": ["fabric"],
    "cloth/n": ["fabric", "material"],
    "flimsy/a": ["fragile", "thin"],
    "color/n": ["colour"],
    "colour/n": ["color"],
    "picture/n": ["photo", "photograph", "image"],
    "photo/n": ["picture", "photograph", "pic"],
    "image/n": ["picture"],
    "sheer/a": ["see-through", "transparent", "gauzy", "diaphanous"],
    "transparent/a": ["see-through", "sheer"],
    "helpful/a": ["accommodating"],
    "late/a": ["belated", "tardy"],
    "price/n": ["cost"],
    "cost/n": ["price"],
    "expensive/a": ["pricey", "costly"],
    "pricey/a": ["expensive", "costly"],
    "phone/n": ["telephone"],
    "telephone/n": ["phone"],
    "email/n": ["e-mail"],
    "flight attendant/n": ["steward", "stewardess", "air hostess"],
    "salesperson/n": ["salesclerk", "shop assistant", "clerk"],
    "faulty/a": ["defective"],
    "dirty/a": ["filthy", "soiled", "unclean"],
    "filthy/a": ["dirty"],
    "noisy/a": ["clamorous", "strident"],
    "huge/a": ["immense", "vast"],
    "scratchy/a": ["abrasive", "rough"],
    # app and device vocabulary (checked for app and product reviews)
    "kid/n": ["child"],
    "child/n": ["kid"],
    "movie/n": ["film"],
    "film/n": ["movie"],
    "buy/v": ["purchase"],
    "purchase/v": ["buy"],
    "ad/n": ["advertisement", "advert", "commercial"],
    "advertisement/n": ["ad", "advert", "commercial"],
    "error/n": ["mistake"],
    "mistake/n": ["error"],
    "photograph/n": ["photo", "picture"],
    "screen/n": ["display"],
    "display/n": ["screen"],
    "easy/a": ["simple", "effortless"],
    "simple/a": ["easy"],
    "slow/a": ["sluggish"],
    "fast/a": ["quick", "speedy", "rapid"],
    "delete/v": ["erase"],
    "audio/n": ["sound"],
    # the loudness of a speaker or a phone (not an amount, not a book)
    "volume/n": ["loudness"],
    "loudness/n": ["volume"],
    "problem/n": ["trouble"],
    "trouble/n": ["problem"],
    # a fault in software (not an insect: in product and app reviews it is the fault)
    "bug/n": ["glitch"],
    "glitch/n": ["bug"],
}


def read_wordnet(folder):
    """(lemma -> [(pos, offset)], (pos, offset) -> (lemmas, related offsets))."""
    index, data = {}, {}
    for p, name in POS.items():
        with open(os.path.join(folder, f"index.{name}"), encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                fields = line.split()
                n, np = int(fields[2]), int(fields[3])
                index.setdefault((fields[0], p), [])
                index[(fields[0], p)] += [(p, int(o)) for o in fields[4 + np + 2:4 + np + 2 + n]]
        with open(os.path.join(folder, f"data.{name}"), encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                fields = line.split()
                offset, k = int(fields[0]), int(fields[3], 16)
                lemmas = [fields[4 + 2 * i].lower().split("(")[0] for i in range(k)]
                at = 4 + 2 * k
                pointers = int(fields[at])
                related = []
                for j in range(pointers):
                    sym, off, pos = fields[at + 1 + 4 * j:at + 4 + 4 * j]
                    if sym in ("@", "~", "@i", "~i", "&"):
                        related.append(("a" if pos in ("s", "a") else pos, int(off)))
                data[(p, offset)] = (lemmas, related)
    return index, data


def candidates(index, data, word, pos):
    out = []
    for key in index.get((word.replace(" ", "_"), pos), []):
        lemmas, related = data[key]
        out += lemmas
        for rel in related:
            if rel in data:
                out += data[rel][0]
    seen = []
    for lemma in out:
        lemma = lemma.replace("_", " ")
        if lemma != word and lemma not in seen:
            seen.append(lemma)
    return seen


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--wordnet", default="/usr/share/wordnet")
    p.add_argument("--candidates", action="store_true")
    p.add_argument("--derivations", action="store_true", help="print the derivation candidates")
    p.add_argument("--irregular", action="store_true", help="print the irregular-form candidates")
    a = p.parse_args()
    if a.derivations:
        derivations.print_candidates(a.wordnet)
        return
    if a.irregular:
        irregular.print_candidates(a.wordnet)
        return
    index, data = read_wordnet(a.wordnet)
    rows = {}
    for head, kept in CHECKED.items():
        word, pos = head.split("/")
        found = candidates(index, data, word, pos)
        if a.candidates:
            print(f"{head}\t{', '.join(found)}")
            continue
        missing = [k for k in kept if k not in found]
        if missing:
            sys.exit(f"{head}: WordNet does not list {missing}; its candidates: {found}")
        rows.setdefault(word, [])
        rows[word] += [k for k in kept if k not in rows[word]]
    if a.candidates:
        return
    for found in (derivations.rows(a.wordnet), irregular.rows(a.wordnet)):
        for word, derived in found.items():
            rows.setdefault(word, [])
            rows[word] += [d for d in derived if d not in rows[word]]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# verbatim search synonyms, language: en. Rebuilt by tools/synonyms.py from WordNet 3.0;\n")
        f.write("# each entry checked by hand (see CHECKED there); derived forms (a noun and the verb\n")
        f.write("# whose act it names: notification, notify) checked as DERIVED in tools/derivations.py;\n")
        f.write("# irregular inflections (paid, pay; children, child) checked as KEPT in tools/irregular.py.\n")
        f.write("# WordNet 3.0 Copyright 2006 by Princeton University, used under the WordNet licence\n")
        f.write("# (src/analysis/lexicon/LICENSE-wordnet.txt).\n")
        f.write("# Format: word<TAB>synonym,synonym (a synonym may be several words: a phrase).\n")
        for word in sorted(rows):
            f.write(f"{word}\t{','.join(rows[word])}\n")


if __name__ == "__main__":
    main()
