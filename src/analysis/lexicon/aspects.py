#!/usr/bin/env python3
"""Generate en_aspects.tsv: English evaluative adjectives and adverbs, each with the aspect it judges.

"slow", "fast" and "laggy" judge speed; "cheap", "expensive" and "overpriced" price; "rude",
"kind" and "caring" the staff's manner. Themes use the table to find what people judge with an
adjective when no noun names it ("it is so slow" is about speed). General evaluatives ("good",
"great", "terrible", "amazing") judge nothing in particular and are not in the table.

How the rows are drawn from WordNet 3.0
---------------------------------------
Each aspect names a few WordNet attribute nouns (ASPECTS below: "speed", "swiftness" for speed;
"expensiveness" for price). From every noun sense of those lemmas the script follows:
- the attribute pointer (`=`) to the adjectives that take a value of it (speed = fast, slow),
- the derivation pointer (`+`) to adjectives derived from the noun (expensiveness + expensive),
then, from each adjective reached, its similar-to satellites (`&`: fast & speedy, rapid) and its
antonyms (`!`: expensive ! inexpensive), and adverbs whose pertainym pointer (`\\`) leads to one of
them (quickly \\ quick). Only lemmas of one word (no "_"), all letters, with a Zipf frequency of
at least MIN_ZIPF in ../frequency/en.tsv (wordfreq) are kept: rarer words are too few to matter.
A word reached from two aspects keeps the first in ASPECTS order (unless ADDED says otherwise).

Checked by reading
------------------
Every candidate was read; DROPPED lists those left out with the reason (a general evaluative,
another sense dominates in reviews, it judges another aspect), ADDED the words WordNet does not
link to the aspect's attributes (or does not know: "laggy", "overpriced" is only reached from
"expensive" as a satellite at low frequency), each with its reason. NAMES lists the nouns that
name each aspect ("price", "cost"): a discovered theme that one of them labels takes the aspect's
words instead of a theme of its own. The table holds at most MAX_ROWS evaluative words.

Rows: `word<TAB>aspect<TAB>pos<TAB>source`, evaluative words sorted by aspect then word, then the
names by aspect in order of preference; pos is a (adjective),
r (adverb) or n (a noun naming the aspect); source is wordnet (reached as above), added (ADDED)
ambiguous (AMBIGUOUS: the stem's main use in comments is another, so themes do not count it) or
name (NAMES). Lines starting with `#` are comments.

Usage
-----
    apt-get install -y wordnet-base        # WordNet 3.0 dict files in /usr/share/wordnet
    python3 src/analysis/lexicon/aspects.py [--wordnet DIR] [--candidates]

`--candidates` prints every WordNet candidate with its aspect and whether it was dropped (for
reading), and writes nothing. WordNet licence: LICENSE-wordnet.txt. Nothing is fetched from the
network; output is deterministic.
"""
import argparse
import os
import re
import sys
from collections import defaultdict

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
FREQ = os.path.join(OUT_DIR, "..", "frequency", "en.tsv")
OUT = os.path.join(OUT_DIR, "en_aspects.tsv")
MIN_ZIPF = 3.0
MAX_ROWS = 300
POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}

# Aspect -> WordNet attribute nouns whose adjectives judge it. Order matters: a word reached from
# two aspects keeps the first.
ASPECTS = [
    ("speed", ["speed", "swiftness", "fastness", "slowness", "quickness", "rapidity"]),
    ("price", ["expensiveness", "cheapness", "costliness", "affordability"]),
    ("cleanliness", ["cleanness", "cleanliness", "dirtiness", "tidiness"]),
    ("staff manner", ["kindness", "friendliness", "politeness", "courtesy", "helpfulness",
                      "rudeness", "attentiveness", "unfriendliness", "discourtesy", "patience"]),
    ("ease of use", ["ease", "easiness", "difficulty", "convenience", "complexity"]),
    ("build quality", ["durability", "sturdiness", "fragility", "flimsiness"]),
    ("comfort", ["comfort", "comfortableness", "discomfort", "spaciousness", "coziness"]),
    ("noise", ["loudness", "noisiness", "quietness"]),
    ("taste", ["tastiness", "palatability", "deliciousness", "blandness"]),
    ("fit", ["tightness", "looseness", "snugness", "bagginess"]),
    ("reliability", ["reliability", "dependability", "unreliability"]),
    # How a product looks and how heavy it is to carry: what laptop, phone and device reviews
    # judge beside speed and build ("sleek", "stylish", "heavy", "portable").
    ("design", ["stylishness", "sleekness", "elegance", "inelegance"]),
    ("weight", ["heaviness", "portability", "bulkiness", "weightlessness"]),
]

# Nouns that name each aspect: a theme labelled by one of them carries the aspect.
NAMES = {
    "speed": ["speed", "pace", "performance"],
    "price": ["price", "pricing", "cost", "value"],
    "cleanliness": ["cleanliness", "hygiene"],
    "staff manner": ["staff", "service", "attitude", "manner", "courtesy"],
    "ease of use": ["usability", "interface"],
    "build quality": ["build", "quality", "durability", "construction"],
    "comfort": ["comfort"],
    "noise": ["noise", "volume"],
    "taste": ["taste", "flavor", "flavour", "food"],
    "fit": ["fit", "sizing", "size"],
    "reliability": ["reliability"],
    "atmosphere": ["atmosphere", "ambience", "ambiance", "decor", "vibe"],
    "design": ["design", "appearance", "styling"],
    "weight": ["portability"],
}

# Read and left out, with the reason.
DROPPED = {
    "stupid": "another sense (mind, not speed)",
    "smart": "another sense (mind, not speed)",
    "dumb": "another sense (mind, not speed)",
    "intelligent": "another sense (mind, not speed)",
    "dull": "another sense (mind, not speed)",
    "dim": "another sense (mind, not speed)",
    "dense": "another sense (mind, not speed)",
    "densely": "another sense (mind, not speed)",
    "obtuse": "another sense (mind, not speed)",
    "intelligently": "another sense (mind, not speed)",
    "active": "another sense (a body's movement, not a thing's speed)",
    "flying": "another sense (a body's movement, not a thing's speed)",
    "fleet": "another sense (a body's movement, not a thing's speed)",
    "winged": "another sense (a body's movement, not a thing's speed)",
    "agile": "another sense (a body's movement, not a thing's speed)",
    "nimble": "another sense (a body's movement, not a thing's speed)",
    "ready": "another sense (readiness, position, weather, temperature, character)",
    "hot": "another sense (readiness, position, weather, temperature, character)",
    "firm": "another sense (readiness, position, weather, temperature, character)",
    "fixed": "another sense (readiness, position, weather, temperature, character)",
    "warm": "another sense (readiness, position, weather, temperature, character)",
    "lazy": "another sense (readiness, position, weather, temperature, character)",
    "windy": "another sense (readiness, position, weather, temperature, character)",
    "express": "a name more than a judgement (express train, accelerated programme)",
    "accelerated": "a name more than a judgement (express train, accelerated programme)",
    "hurried": "says haste, not speed",
    "dear": "another sense (endearment, letters)",
    "dearly": "another sense (endearment, letters)",
    "loud": "judges taste or style, not price (WordNet's 'cheap' as tawdry)",
    "flash": "judges taste or style, not price (WordNet's 'cheap' as tawdry)",
    "flashy": "judges taste or style, not price (WordNet's 'cheap' as tawdry)",
    "tacky": "judges taste or style, not price (WordNet's 'cheap' as tawdry)",
    "trashy": "judges taste or style, not price (WordNet's 'cheap' as tawdry)",
    "cheesy": "judges taste or style, not price (WordNet's 'cheap' as tawdry)",
    "punk": "judges taste or style, not price (WordNet's 'cheap' as tawdry)",
    "bum": "judges taste or style, not price (WordNet's 'cheap' as tawdry)",
    "sleazy": "judges taste or style, not price (WordNet's 'cheap' as tawdry)",
    "tasteless": "judges taste or style, not price (WordNet's 'cheap' as tawdry)",
    "inferior": "general evaluative",
    "nasty": "general evaluative",
    "lousy": "general evaluative",
    "foul": "general evaluative",
    "bad": "general evaluative",
    "miserable": "general evaluative",
    "wretched": "general evaluative",
    "miserably": "general evaluative",
    "painful": "general evaluative",
    "fair": "general evaluative",
    "fairly": "general evaluative",
    "stingy": "judges a person's generosity, not a price",
    "just": "another sense (colour, morality, honesty, sport)",
    "black": "another sense (colour, morality, honesty, sport)",
    "blue": "another sense (colour, morality, honesty, sport)",
    "straight": "another sense (colour, morality, honesty, sport)",
    "moral": "another sense (colour, morality, honesty, sport)",
    "sporting": "another sense (colour, morality, honesty, sport)",
    "sporty": "another sense (colour, morality, honesty, sport)",
    "lewd": "another sense (colour, morality, honesty, sport)",
    "obscene": "another sense (colour, morality, honesty, sport)",
    "fouled": "another sense (colour, morality, honesty, sport)",
    "pure": "another sense (colour, morality, honesty, sport)",
    "fresh": "judges freshness or newness, not cleanliness",
    "unused": "judges freshness or newness, not cleanliness",
    "infected": "medical",
    "septic": "medical",
    "washed": "an action said, not a judgement",
    "scrubbed": "an action said, not a judgement",
    "groomed": "an action said, not a judgement",
    "comforted": "an action said, not a judgement",
    "shouted": "an action said, not a judgement",
    "yelled": "an action said, not a judgement",
    "tried": "an action said, not a judgement",
    "tested": "an action said, not a judgement",
    "neat": "order or shape more than cleanliness ('neat' is also 'cool')",
    "neatly": "order or shape more than cleanliness ('neat' is also 'cool')",
    "trim": "order or shape more than cleanliness ('neat' is also 'cool')",
    "orderly": "order or shape more than cleanliness ('neat' is also 'cool')",
    "muddy": "a substance, mostly of food or ground",
    "oily": "a substance, mostly of food or ground",
    "greasy": "a substance, mostly of food or ground",
    "buggy": "software bugs, not dirt: judges reliability (ADDED)",
    "cleanly": "rare adverb of manner",
    "early": "judges time or size, not manner",
    "short": "judges time or size, not manner",
    "shortly": "judges time or size, not manner",
    "social": "another sense",
    "civil": "another sense",
    "cutting": "another sense",
    "rough": "another sense",
    "regardless": "another sense",
    "intent": "another sense",
    "wrapped": "another sense",
    "intimate": "another sense",
    "crude": "another sense",
    "deaf": "another sense",
    "instrumental": "another sense",
    "absorbed": "another sense",
    "charitable": "another sense",
    "informal": "another sense",
    "favorable": "another sense",
    "primitive": "another sense",
    "captive": "another sense",
    "enduring": "another sense",
    "careless": "another sense",
    "tolerant": "another sense",
    "edged": "another sense",
    "benign": "another sense",
    "chilly": "another sense",
    "forgiving": "another sense",
    "benevolent": "another sense",
    "hurtful": "another sense",
    "harshly": "another sense",
    "diligent": "another sense",
    "gallant": "another sense",
    "stabilizing": "another sense",
    "stinging": "another sense",
    "observant": "another sense",
    "harsh": "another sense",
    "nice": "a general evaluative ('nice' judges anything)",
    "cozy": "judges comfort, not manner (ADDED)",
    "hard": "another sense (hardness, effort, seriousness, height, shape)",
    "trying": "another sense (hardness, effort, seriousness, height, shape)",
    "involved": "another sense (hardness, effort, seriousness, height, shape)",
    "serious": "another sense (hardness, effort, seriousness, height, shape)",
    "tough": "another sense (hardness, effort, seriousness, height, shape)",
    "tall": "another sense (hardness, effort, seriousness, height, shape)",
    "compound": "another sense (hardness, effort, seriousness, height, shape)",
    "colonial": "another sense (hardness, effort, seriousness, height, shape)",
    "rocky": "another sense (hardness, effort, seriousness, height, shape)",
    "composite": "another sense (hardness, effort, seriousness, height, shape)",
    "rugged": "another sense (hardness, effort, seriousness, height, shape)",
    "tangled": "another sense (hardness, effort, seriousness, height, shape)",
    "byzantine": "another sense (hardness, effort, seriousness, height, shape)",
    "awkward": "general evaluative or feeling",
    "challenging": "general evaluative or feeling",
    "embarrassing": "general evaluative or feeling",
    "delicate": "general evaluative or feeling",
    "ambitious": "general evaluative or feeling",
    "problematic": "general evaluative or feeling",
    "troublesome": "general evaluative or feeling",
    "uneasy": "general evaluative or feeling",
    "touchy": "general evaluative or feeling",
    "baffling": "general evaluative or feeling",
    "elusive": "general evaluative or feeling",
    "catchy": "general evaluative or feeling",
    "arduous": "general evaluative or feeling",
    "simplistic": "general evaluative or feeling",
    "favourable": "general evaluative or feeling",
    "irritating": "general evaluative or feeling",
    "soothing": "general evaluative or feeling",
    "soft": "judges comfort (soft) or fit (tight) in reviews (ADDED)",
    "tight": "judges comfort (soft) or fit (tight) in reviews (ADDED)",
    "elementary": "describes, does not judge ease of use",
    "casual": "describes, does not judge ease of use",
    "gently": "describes, does not judge ease of use",
    "gradual": "describes, does not judge ease of use",
    "leisurely": "describes, does not judge ease of use",
    "simplified": "describes, does not judge ease of use",
    "sticky": "describes, does not judge ease of use",
    "intricate": "describes, does not judge ease of use",
    "convoluted": "describes, does not judge ease of use",
    "complex": "describes, does not judge ease of use",
    "smooth": "describes, does not judge ease of use",
    "smoothly": "describes, does not judge ease of use",
    "long": "judges duration or length, not build",
    "longer": "judges duration or length, not build",
    "longest": "judges duration or length, not build",
    "lasting": "judges duration or length, not build",
    "weak": "judges a person or plant, not a build",
    "weakly": "judges a person or plant, not a build",
    "frail": "judges a person or plant, not a build",
    "hardy": "judges a person or plant, not a build",
    "stout": "judges a person or plant, not a build",
    "flexible": "judges a person or plant, not a build",
    "convincing": "another sense (convincing an argument)",
    "convincingly": "another sense (convincing an argument)",
    "compromising": "another sense (convincing an argument)",
    "uncompromising": "another sense (convincing an argument)",
    "big": "judges size, not comfort",
    "large": "judges size, not comfort",
    "wide": "judges size, not comfort",
    "broad": "judges size, not comfort",
    "snug": "judges snugness of fit (ADDED)",
    "still": "another sense (stillness, size, music, speech, calm)",
    "little": "another sense (stillness, size, music, speech, calm)",
    "small": "another sense (stillness, size, music, speech, calm)",
    "low": "another sense (stillness, size, music, speech, calm)",
    "calm": "another sense (stillness, size, music, speech, calm)",
    "piano": "another sense (stillness, size, music, speech, calm)",
    "vocal": "another sense (stillness, size, music, speech, calm)",
    "softly": "another sense (stillness, size, music, speech, calm)",
    "buzzing": "another sense (stillness, size, music, speech, calm)",
    "blasting": "another sense (stillness, size, music, speech, calm)",
    "blatant": "another sense (stillness, size, music, speech, calm)",
    "muted": "another sense (stillness, size, music, speech, calm)",
    "whispering": "another sense (stillness, size, music, speech, calm)",
    "subdued": "another sense (stillness, size, music, speech, calm)",
    "shattering": "another sense (stillness, size, music, speech, calm)",
    "forte": "another sense (stillness, size, music, speech, calm)",
    "softened": "another sense (stillness, size, music, speech, calm)",
    "tranquil": "another sense (stillness, size, music, speech, calm)",
    "placid": "another sense (stillness, size, music, speech, calm)",
    "muffled": "another sense (stillness, size, music, speech, calm)",
    "choice": "another sense (selection, wealth, shape, diplomacy)",
    "rich": "another sense (selection, wealth, shape, diplomacy)",
    "flat": "another sense (selection, wealth, shape, diplomacy)",
    "diplomatic": "another sense (selection, wealth, shape, diplomacy)",
    "bitter": "describes a flavour more than it judges it, or is a feeling",
    "fruity": "describes a flavour more than it judges it, or is a feeling",
    "nutty": "describes a flavour more than it judges it, or is a feeling",
    "smoky": "describes a flavour more than it judges it, or is a feeling",
    "bittersweet": "describes a flavour more than it judges it, or is a feeling",
    "dainty": "describes a flavour more than it judges it, or is a feeling",
    "free": "another sense (freedom, meanness, closeness, weight, policy)",
    "mean": "another sense (freedom, meanness, closeness, weight, policy)",
    "close": "another sense (freedom, meanness, closeness, weight, policy)",
    "light": "another sense (freedom, meanness, closeness, weight, policy)",
    "regular": "another sense (freedom, meanness, closeness, weight, policy)",
    "liberal": "another sense (freedom, meanness, closeness, weight, policy)",
    "protected": "another sense (freedom, meanness, closeness, weight, policy)",
    "shifting": "another sense (freedom, meanness, closeness, weight, policy)",
    "tense": "another sense (freedom, meanness, closeness, weight, policy)",
    "slack": "another sense (freedom, meanness, closeness, weight, policy)",
    "idle": "another sense (freedom, meanness, closeness, weight, policy)",
    "irresponsible": "another sense (freedom, meanness, closeness, weight, policy)",
    "scarce": "another sense (freedom, meanness, closeness, weight, policy)",
    "sloppy": "another sense (freedom, meanness, closeness, weight, policy)",
    "lax": "another sense (freedom, meanness, closeness, weight, policy)",
    "scarcely": "another sense (freedom, meanness, closeness, weight, policy)",
    "clinched": "another sense (freedom, meanness, closeness, weight, policy)",
    "skinny": "a style's name ('skinny jeans'), or size",
    "compact": "a style's name ('skinny jeans'), or size",
    "sure": "another sense (certainty, truth, honesty)",
    "true": "another sense (certainty, truth, honesty)",
    "certain": "another sense (certainty, truth, honesty)",
    "honest": "another sense (certainty, truth, honesty)",
    "authentic": "another sense (certainty, truth, honesty)",
    "uncertain": "another sense (certainty, truth, honesty)",
    "trusty": "another sense (certainty, truth, honesty)",
    "trustworthy": "another sense (certainty, truth, honesty)",
    "steady": "judges steadiness of movement or behaviour",
    "steadily": "judges steadiness of movement or behaviour",
    "erratic": "judges steadiness of movement or behaviour",
    "in": "general evaluative, or judges something other than looks",
    "fine": "general evaluative, or judges something other than looks",
    "cool": "general evaluative, or judges something other than looks",
    "latest": "general evaluative, or judges something other than looks",
    "bright": "general evaluative, or judges something other than looks",
    "mod": "general evaluative, or judges something other than looks",
    "deluxe": "general evaluative, or judges something other than looks",
    "exquisite": "general evaluative, or judges something other than looks",
    "finely": "general evaluative, or judges something other than looks",
    "brightly": "general evaluative, or judges something other than looks",
    "posh": "general evaluative, or judges something other than looks",
    "spruce": "general evaluative, or judges something other than looks",
    "dashing": "general evaluative, or judges something other than looks",
    "quaint": "general evaluative, or judges something other than looks",
    "silky": "general evaluative, or judges something other than looks",
    "gracefully": "general evaluative, or judges something other than looks",
    "swagger": "general evaluative, or judges something other than looks",
    "groovy": "general evaluative, or judges something other than looks",
    "graciously": "general evaluative, or judges something other than looks",
    "refined": "general evaluative, or judges something other than looks",
    "graceful": "general evaluative, or judges something other than looks",
    "slick": "general evaluative, or judges something other than looks",
    "full": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "fat": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "massive": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "thick": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "worrying": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "disturbing": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "lightly": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "overweight": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "weighted": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "punishing": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "troubling": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "oppressive": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "taxing": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "distressing": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "movable": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "soggy": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
    "heavily": "another sense (fullness, body weight, worry, strain) or judges material, not weight",
}

# Evaluative words whose stem is mostly said in another use in comments, which the index cannot
# tell apart by position: in the table (source "ambiguous"), never counted as an aspect's mention.
AMBIGUOUS = {
    "kind": "'kind of' (a hedge: 'kind of small') and 'this kind' are the stem's main uses",
    "patient": "the noun (a hospital's patients) shares the stem",
}

# Words WordNet does not link to the aspect (or does not know), with the reason.
ADDED = {
    "laggy": ("speed", "a", "not in WordNet; said of software and devices"),
    "snappy": ("speed", "a", "WordNet links it to the staff's manner (curt); said of devices it judges speed"),
    "responsive": ("speed", "a", "WordNet links it to responsiveness, not speed; said of devices and support it judges speed of response"),
    "overpriced": ("price", "a", "linked to expensive only as a rare satellite form; kept by reading"),
    "pricy": ("price", "a", "spelling of pricey"),
    "messy": ("cleanliness", "a", "WordNet links it to disorder; said of places it judges cleanliness"),
    "dusty": ("cleanliness", "a", "WordNet links it to dust (a substance)"),
    "smelly": ("cleanliness", "a", "not linked to cleanness in WordNet"),
    "grubby": ("cleanliness", "a", "not linked to cleanness in WordNet"),
    "grimy": ("cleanliness", "a", "not linked to cleanness in WordNet"),
    "hygienic": ("cleanliness", "a", "linked to hygiene, not cleanness"),
    "unhygienic": ("cleanliness", "a", "linked to hygiene, not cleanness"),
    "caring": ("staff manner", "a", "WordNet has it only as a noun and verb form"),
    "considerate": ("staff manner", "a", "linked to consideration, not kindness"),
    "welcoming": ("staff manner", "a", "linked to welcome"),
    "professional": ("staff manner", "a", "linked to profession; said of staff it judges manner"),
    "unprofessional": ("staff manner", "a", "linked to profession"),
    "unhelpful": ("staff manner", "a", "antonym of helpful, not reached at this frequency"),
    "respectful": ("staff manner", "a", "linked to respect"),
    "disrespectful": ("staff manner", "a", "linked to respect"),
    "arrogant": ("staff manner", "a", "linked to arrogance"),
    "condescending": ("staff manner", "a", "linked to condescension"),
    "dismissive": ("staff manner", "a", "linked to dismissal"),
    "hospitable": ("staff manner", "a", "linked to hospitality"),
    "compassionate": ("staff manner", "a", "linked to compassion"),
    "cheerful": ("staff manner", "a", "linked to cheerfulness (a mood); said of staff it judges manner"),
    "intuitive": ("ease of use", "a", "linked to intuition; said of software it judges ease of use"),
    "confusing": ("ease of use", "a", "linked to confusion"),
    "straightforward": ("ease of use", "a", "linked to directness"),
    "cumbersome": ("ease of use", "a", "linked to unwieldiness"),
    "clunky": ("ease of use", "a", "not in WordNet"),
    "seamless": ("ease of use", "a", "linked to seams"),
    "solid": ("build quality", "a", "WordNet links it to solidity (a state of matter); said of things it judges build"),
    "shoddy": ("build quality", "a", "linked to shoddiness"),
    "cozy": ("comfort", "a", "reached from kindness (a cozy relationship); said of seats and clothes it judges comfort"),
    "cosy": ("comfort", "a", "spelling of cozy"),
    "cramped": ("comfort", "a", "linked to confinement"),
    "soft": ("comfort", "a", "reached from ease (a soft job); said of fabric and seats it judges comfort"),
    "itchy": ("comfort", "a", "linked to itch"),
    "scratchy": ("comfort", "a", "linked to scratch"),
    "loud": ("noise", "a", "reached from cheapness (loud colours) before loudness"),
    "tasteless": ("taste", "a", "reached from cheapness (tawdry) before taste"),
    "flavorful": ("taste", "a", "linked to flavor"),
    "stale": ("taste", "a", "linked to staleness"),
    "tight": ("fit", "a", "reached from difficulty (a tight spot); said of clothes and seats it judges fit"),
    "snug": ("fit", "a", "reached from comfort; said of clothes it judges fit"),
    "roomy": ("fit", "a", "linked to roominess"),
    "boxy": ("fit", "a", "linked to box"),
    "oversized": ("fit", "a", "linked to size"),
    "buggy": ("reliability", "a", "reached from cleanness (bug-infested); said of software it judges reliability"),
    "glitchy": ("reliability", "a", "not in WordNet"),
    "romantic": ("atmosphere", "a", "linked to romance; said of places it judges atmosphere"),
    "trendy": ("atmosphere", "a", "linked to trend"),
    "lively": ("atmosphere", "a", "linked to liveliness (spirit)"),
    "relaxing": ("atmosphere", "a", "linked to relaxation"),
    "chic": ("atmosphere", "a", "linked to chic (elegance)"),
    "lightweight": ("weight", "a", "linked to lightness only through 'light', whose other senses dominate"),
}


def read_wordnet(wn):
    members, ptrs = {}, {}
    lemma_synsets = defaultdict(list)
    for pos in ("noun", "adj", "adv"):
        with open(os.path.join(wn, "data." + pos), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                parts = line.split(" | ")[0].split()
                offset, w_cnt = parts[0], int(parts[3], 16)
                words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).lower() for i in range(w_cnt)]
                key = (pos, offset)
                members[key] = words
                for w in words:
                    lemma_synsets[(pos, w)].append(key)
                at = 4 + 2 * w_cnt
                p_cnt = int(parts[at])
                ps = []
                for i in range(p_cnt):
                    sym, toff, tpos, st = parts[at + 1 + 4 * i: at + 5 + 4 * i]
                    ps.append((sym, (POS[tpos], toff), int(st[:2], 16), int(st[2:], 16)))
                ptrs[key] = ps
    return members, ptrs, lemma_synsets


def targets(members, ptrs, key, symbols, source_word=None):
    """Lemmas (pos, word) reached from synset `key` by pointers in `symbols`; a lexical pointer
    (source/target numbers) counts only from `source_word` when given."""
    out = []
    for sym, dst, s, t in ptrs[key]:
        if sym not in symbols or dst not in members:
            continue
        if s and source_word is not None and members[key][s - 1] != source_word:
            continue
        words = members[dst] if t == 0 else [members[dst][t - 1]]
        out.extend((dst, w) for w in words)
    return out


def candidates(wn):
    members, ptrs, lemma_synsets = read_wordnet(wn)
    found = {}  # word -> (aspect, pos)
    for aspect, nouns in ASPECTS:
        adj_synsets = []
        for noun in nouns:
            for key in lemma_synsets.get(("noun", noun), []):
                for dst, _ in targets(members, ptrs, key, {"="}):
                    if dst[0] == "adj":
                        adj_synsets.append(dst)
                for dst, w in targets(members, ptrs, key, {"+"}, noun):
                    if dst[0] == "adj":
                        adj_synsets.append(dst)
        reached = set()
        for key in adj_synsets:
            reached.add(key)
            for dst, _ in targets(members, ptrs, key, {"&", "!"}):
                reached.add(dst)
        words = set()
        for key in reached:
            words.update(members[key])
        for w in sorted(words):
            if w not in found:
                found[w] = (aspect, "a")
        # Adverbs whose pertainym is one of these adjectives.
        for key, ps in ptrs.items():
            if key[0] != "adv":
                continue
            for sym, dst, s, t in ps:
                if sym == "\\" and dst in reached:
                    for w in (members[key] if s == 0 else [members[key][s - 1]]):
                        found.setdefault(w, (aspect, "r"))
    return found


def zipf_of():
    z = {}
    with open(FREQ, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            w, v = line.rstrip("\n").split("\t")[:2]
            z[w] = float(v)
    return z


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--candidates", action="store_true")
    args = ap.parse_args()
    zipf = zipf_of()
    found = {w: v for w, v in candidates(args.wordnet).items()
             if re.fullmatch(r"[a-z]+", w) and zipf.get(w, 0.0) >= MIN_ZIPF}
    if args.candidates:
        by_aspect = defaultdict(list)
        for w, (aspect, pos) in found.items():
            by_aspect[aspect].append((w, pos))
        for aspect, _ in ASPECTS:
            words = sorted(by_aspect[aspect], key=lambda x: -zipf[x[0]])
            kept = [f"{w}/{p}" for w, p in words if w not in DROPPED]
            print(f"{aspect} ({len(kept)} kept): {' '.join(kept)}")
            dropped = [w for w, _ in words if w in DROPPED]
            print(f"   dropped: {' '.join(dropped)}")
        return
    unknown = set(DROPPED) - set(found)
    if unknown:
        sys.exit(f"DROPPED words that are no candidate: {sorted(unknown)}")
    rows = []
    for w, (aspect, pos) in found.items():
        if w not in DROPPED and w not in ADDED:
            rows.append((aspect, w, pos, "ambiguous" if w in AMBIGUOUS else "wordnet"))
    for w, (aspect, pos, _why) in ADDED.items():
        rows.append((aspect, w, pos, "added"))
    if len(rows) > MAX_ROWS:
        sys.exit(f"{len(rows)} evaluative words, more than {MAX_ROWS}")
    names = [(aspect, n, "n", "name") for aspect, ns in NAMES.items() for n in ns]
    rows.sort()
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# verbatim aspects of English evaluative words: word<TAB>aspect<TAB>pos<TAB>source\n")
        f.write("# Generated by aspects.py from WordNet 3.0 attribute, derivation, similar-to, antonym and\n")
        f.write("# pertainym links, then checked by reading (aspects.py: DROPPED, ADDED); pos a adjective,\n")
        f.write("# r adverb, n a noun naming the aspect. Frequencies: ../frequency/en.tsv (wordfreq, CC BY-SA 4.0).\n")
        f.write("# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Licence and disclaimer: LICENSE-wordnet.txt.\n")
        # Names keep NAMES' order within their aspect: the first is preferred.
        for aspect, w, pos, source in rows + sorted(names, key=lambda r: r[0]):
            f.write(f"{w}\t{aspect}\t{pos}\t{source}\n")
    print(f"{len(rows)} evaluative words, {len(names)} names -> {OUT}")


if __name__ == "__main__":
    main()
