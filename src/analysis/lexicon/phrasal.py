#!/usr/bin/env python3
"""Generate en_phrasal.tsv: phrasal verbs that people also write as one word.

"set up" and "setup", "log in" and "login", "check-in" and "checkin", "take off" and "takeoff"
name one thing. The English analysis gives such a verb and particle, written apart or with a
hyphen, the term of the joined word, so a search for "setup" finds "easy to set up" and a theme
counts "check-in", "checked in" and "checkin" as one word. Only the verb's own forms join: the
analysis stems the word before the particle and looks the stem up here.

A row comes from WordNet 3.0: a verb lemma VERB_PARTICLE (particle one of PARTICLES) whose joined
spelling VERBPARTICLE is a word of the bundled general-language list (src/analysis/frequency/
en.tsv, wordfreq: people write it as one word), or, for WordNet nouns written joined or with a
hyphen that the list does not hold ("check-in", "drop-off", "follow-up"), one of KEPT. Irregular
past forms of the verb (WordNet's verb.exc: "took" -> "take") get rows of their own, since the
stemmer does not reach the lemma from them. Every joined word was read by hand, thinking of how
comments use the pair: REFUSED lists those whose common meaning is not the phrasal verb's act or
its result ("go on" is not a "goon", "work out" rarely a "workout", "pull over" is no
"pullover", "fall out" in a review is hair or buttons), and names or slang of another word
("putin", "goin"). Particles that are also prepositions ("sit in row 5", "stand in line") are why
KEPT is a short list rather than every WordNet noun.

Usage
-----
    apt-get install -y wordnet-base        # WordNet 3.0 dict files in /usr/share/wordnet
    python3 src/analysis/lexicon/phrasal.py [--wordnet DIR]

Rows are `form<TAB>particle<TAB>joined`, sorted. WordNet licence: LICENSE-wordnet.txt; wordfreq:
CC BY-SA 4.0 (src/analysis/frequency/README.md). Nothing is fetched; output is deterministic.
"""
import argparse
import os

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(OUT_DIR, "en_phrasal.tsv")
FREQ = os.path.join(OUT_DIR, "..", "frequency", "en.tsv")
PARTICLES = ["up", "in", "out", "off", "on", "down", "back", "over", "away"]

# joined word: why it does not say what its phrasal verb says (read by hand).
REFUSED = {
    "acton": "a place name",
    "button": "a button, not 'butt on'",
    "chinup": "an exercise",
    "comeon": "an enticement, not 'come on'",
    "doin": "slang for 'doing'",
    "dragon": "a dragon, not 'drag on'",
    "eaton": "a name",
    "getup": "an outfit, not 'get up'",
    "godown": "a warehouse, not 'go down'",
    "goin": "slang for 'going'",
    "goon": "a thug, not 'go on'",
    "hemin": "a chemical",
    "holdup": "a robbery or delay; 'holds up' in a review is durability",
    "hookup": "a sexual encounter more often than 'hook up' a device",
    "kickback": "a bribe, not 'kick back'",
    "layup": "a basketball shot",
    "liein": "not a word",
    "lineup": "a range of products; 'line up' is queueing",
    "lookout": "a watchman, not 'look out'",
    "makeup": "cosmetics, not 'make up for'",
    "breakin": "a burglary; 'break in' shoes is wearing them in",
    "passover": "a feast",
    "pinup": "a poster",
    "playoff": "a sports round",
    "pullover": "a sweater, not 'pull over'",
    "pullup": "an exercise",
    "pushup": "an exercise",
    "putdown": "an insult, not 'put down'",
    "putin": "a name",
    "putoff": "not a word in use",
    "puton": "a hoax, not 'put on'",
    "putout": "a baseball term",
    "putup": "not a word in use",
    "rollin": "slang for 'rolling'",
    "runaway": "a fugitive; 'run away' in a comment is leaving",
    "rundown": "a summary; 'run down' is shabby or tired",
    "runon": "a grammar term",
    "seton": "a surgical thread",
    "situp": "an exercise",
    "standup": "comedy, not 'stand up'",
    "stickup": "a robbery; 'sticks up' is a collar or seam",
    "takein": "not a word in use",
    "tryon": "not a word in use; 'tried on' is narration",
    "turnout": "attendance, not 'turn out to be'",
    "workin": "slang for 'working'",
    "workout": "exercise, not 'work out' (succeed, solve)",
    "walkin": "'walk in the park': a preposition more often than a walk-in",
    "takeaway": "food or a lesson; 'took away' in a comment is removing",
    "takeout": "food; 'take out' in a comment is removing",
    "fallout": "consequences; 'falls out' in a review is hair, a filling, a button",
}

# WordNet nouns the general-language list does not hold, kept after reading: the pair written
# apart means the noun's act or result in comments ("checked in", "dropped off", "hung up on me").
KEPT = {
    "addon", "beatup", "brushoff", "callback", "carryover", "checkin", "coverup", "dropoff",
    "flareup", "followup", "foulup", "hangup", "letdown", "messup", "mixup", "popup", "ripoff",
    "sendoff", "shakeup", "showoff", "slipon", "slipup", "stepup", "sumup", "takeup", "tipoff",
    "tradein", "tuneup", "turnoff", "turnon", "warmup", "writeoff",
}


def lemmas(wordnet, pos):
    with open(os.path.join(wordnet, f"index.{pos}"), encoding="utf-8") as f:
        return {line.split()[0] for line in f if not line.startswith(" ")}


def irregular_forms(wordnet):
    forms = {}
    with open(os.path.join(wordnet, "verb.exc"), encoding="utf-8") as f:
        for line in f:
            form, *bases = line.split()
            for base in bases:
                forms.setdefault(base, set()).add(form)
    return forms


def general_words():
    with open(FREQ, encoding="utf-8") as f:
        return {line.split("\t")[0] for line in f if not line.startswith("#")}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--wordnet", default="/usr/share/wordnet")
    args = p.parse_args()
    verbs = lemmas(args.wordnet, "verb")
    nominal = lemmas(args.wordnet, "noun") | lemmas(args.wordnet, "adj")
    listed = general_words()
    irregular = irregular_forms(args.wordnet)
    rows = set()
    for lemma in verbs:
        parts = lemma.split("_")
        if len(parts) != 2 or parts[1] not in PARTICLES:
            continue
        verb, particle = parts
        joined = verb + particle
        in_wordnet = joined in nominal or f"{verb}-{particle}" in nominal
        if joined in REFUSED or not (joined in listed or (in_wordnet and joined in KEPT)):
            continue
        for form in {verb} | irregular.get(verb, set()):
            rows.add((form, particle, joined))
    pairs = {v + p for v, p in (l.split("_") for l in verbs if l.count("_") == 1)}
    unknown = sorted((set(REFUSED) | KEPT) - pairs)
    if unknown:
        raise SystemExit(f"REFUSED or KEPT hold words WordNet gives no phrasal verb for: {unknown}")
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# form\tparticle\tjoined: generated by phrasal.py from WordNet 3.0; do not edit\n")
        for row in sorted(rows):
            out.write("\t".join(row) + "\n")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
