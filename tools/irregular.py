"""Irregular inflections for the search table (src/search/synonyms/en.tsv), read by tools/synonyms.py.

A customer writes "I paid twice", "they sent the wrong size", "my kids' games"; an analyst types
"pay", "send", "children". Snowball stems regular inflections alike (pays, paying, payed) but
leaves the irregular ones apart (paid, sent, bought, children, feet). WordNet 3.0 lists them in
its exception files (verb.exc: "paid pay"; noun.exc: "children child"). A candidate is a pair
of those files where
* both words are in general use: in the bundled wordfreq list (src/analysis/frequency/en.tsv);
* neither is an English stopword (stopwords/en.txt: "was", "had" and "got" are never indexed);
* the index does not already join them (their index terms differ, as in tools/derivations.py).

Every candidate was read, and each is kept (KEPT) or refused with its reason (REFUSED): a pair is
kept only where the form, in customer comments, is nearly always the inflection of the base, so
that a search for one counts the other ("sent" is the past of "send"; "left" is mostly a side,
"ground" the ground staff, "led" an LED). The table holds both directions. A search treats the
added forms as it treats synonyms: they satisfy the typed word's weight in the cut, rank at 0.8
of it, are listed ("also matched: paid") and go with --exact.
`python3 tools/synonyms.py --irregular` prints the candidates with their decision; the table is
not written while a candidate is undecided.
"""
import os

import derivations

STOPWORDS = os.path.join(derivations.ROOT, "stopwords", "en.txt")
FILES = ["verb.exc", "noun.exc"]

KEPT = """
analyses/analysis arisen/arise arose/arise ate/eat awoke/awake beaten/beat became/become
began/begin begun/begin bent/bend bitten/bite bled/bleed blew/blow blown/blow bought/buy
bred/breed broke/break broken/break brought/bring built/build burnt/burn calves/calf came/come
caught/catch children/child chose/choose chosen/choose clung/cling crept/creep crises/crisis
criteria/criterion curricula/curriculum dealt/deal diagnoses/diagnosis dreamt/dream
drank/drink drawn/draw drew/draw driven/drive drove/drive drunk/drink dug/dig dwarves/dwarf
eaten/eat elves/elf fallen/fall fed/feed feet/foot fell/fall felt/feel fled/flee flew/fly
flown/fly flung/fling forbade/forbid forbidden/forbid forgave/forgive forgiven/forgive
forgot/forget forgotten/forget fought/fight found/find froze/freeze frozen/freeze fuelled/fuel
fungi/fungus gave/give geese/goose given/give gone/go grandchildren/grandchild
grew/grow grown/grow halves/half heard/hear held/hold hid/hide hidden/hide housewives/housewife
hung/hang hypotheses/hypothesis indices/index kept/keep knew/know knives/knife known/know
laid/lay leapt/leap learnt/learn lent/lend lit/light lost/lose made/make matrices/matrix
meant/mean men/man met/meet mice/mouse midwives/midwife millennia/millennium mimicking/mimic
misled/mislead mistaken/mistake mistook/mistake misunderstood/misunderstand nuclei/nucleus
overcame/overcome oversaw/oversee overseen/oversee overtaken/overtake overthrown/overthrow
overtook/overtake paid/pay panicked/panic panicking/panic pence/penny phenomena/phenomenon
programmes/program proven/prove quizzes/quiz ran/run rang/ring rebuilt/rebuild remade/remake
repaid/repay rewritten/rewrite ridden/ride risen/rise rode/ride rung/ring said/say sang/sing
sank/sink sat/sit saw/see scarves/scarf seen/see selves/self sent/send sewn/sew shaken/shake
shelves/shelf shone/shine shook/shake shown/show shrunk/shrink slain/slay slept/sleep slid/slide
snuck/sneak sold/sell sought/seek spectra/spectrum sped/speed spent/spend spoilt/spoil
spoke/speak spoken/speak sprang/spring sprung/spring spun/spin stimuli/stimulus stole/steal
stolen/steal stood/stand struck/strike strung/string stung/sting sung/sing sunk/sink
sunken/sink swam/swim swept/sweep swollen/swell swore/swear sworn/swear swung/swing taken/take
taught/teach teeth/tooth theses/thesis thieves/thief thought/think threw/throw thrown/throw
told/tell took/take tore/tear torn/tear trekking/trek undergone/undergo understood/understand
undertaken/undertake undertook/undertake underwent/undergo undone/undo upheld/uphold
went/go wept/weep werewolves/werewolf withdrawn/withdraw withdrew/withdraw withheld/withhold
wives/wife woke/wake woken/wake wolves/wolf won/win wore/wear worn/wear woven/weave
written/write wrote/write
""".split()

REFUSED = {
    "the form is mostly another word in comments": """
        abode/abide bit/bite bore/bear bound/bind dove/dive ground/grind kent/ken lay/lie
        led/lead left/leave rose/rise shot/shoot spat/spit spelt/spell stove/stave
        stuck/stick wound/wind smelt/smell slew/slay gan/gin wrought/work
        """.split(),
    "the two words mean different things in comments": """
        born/bear borne/bear feed/fee gassed/gas molten/melt trafficked/traffic trafficking/traffic
        """.split(),
    "the plural is mostly another word or a verb in comments": """
        axes/ax axes/axis bases/basis brethren/brother cola/colon dive/diva dui/duo
        genera/genus goes/go leaves/leaf lives/life media/medium ora/os roma/rom sera/serum
        soles/sol taxes/taxis
        """.split(),
}


def stopwords():
    with open(STOPWORDS, encoding="utf-8") as f:
        return {w.strip() for w in f if w.strip() and not w.startswith("#")}


def candidates(folder):
    """[(form, base)] from WordNet's exception files, sorted."""
    zipf, stop = derivations.zipf_list(), stopwords()
    pairs = set()
    for name in FILES:
        with open(os.path.join(folder, name), encoding="latin-1") as f:
            for line in f:
                form, *bases = line.split()
                pairs |= {(form, b) for b in bases
                          if form in zipf and b in zipf and "_" not in form + b
                          and form not in stop and b not in stop}
    term = derivations.index_terms(sorted({w for p in pairs for w in p}))
    return sorted(p for p in pairs if term[p[0]] != term[p[1]])


def decisions():
    """(form, base) -> None when kept, else the reason it was refused."""
    out = {tuple(p.split("/")): None for p in KEPT}
    for reason, pairs in REFUSED.items():
        for p in pairs:
            pair = tuple(p.split("/"))
            if pair in out:
                raise SystemExit(f"{p} is both kept and refused")
            out[pair] = reason
    return out


def print_candidates(folder):
    decided = decisions()
    for form, base in candidates(folder):
        state = decided.get((form, base), "UNDECIDED")
        print(f"{form}/{base}\t" + ("kept" if state is None else state))


def rows(folder):
    """word -> its base and irregular forms, both directions; refuses an undecided candidate or
    a decided pair that is no candidate."""
    decided = decisions()
    derivations.check_read(set(candidates(folder)), decided)
    # a form also matches the base's other forms ("broke": break, broken)
    forms = {}
    for (form, base), reason in sorted(decided.items()):
        if reason is None:
            forms.setdefault(base, []).append(form)
    out = {}
    for base, kept in forms.items():
        out.setdefault(base, []).extend(kept)
        for form in kept:
            out.setdefault(form, []).extend([base] + [f for f in kept if f != form])
    return out
