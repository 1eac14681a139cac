"""Derived forms for the search table (src/search/synonyms/en.tsv), read by tools/synonyms.py.

A customer writes "I never got a notification" or "it didn't notify me"; an analyst types one of
them. Snowball joins many such nouns to their verbs (connection/connect, cancellation/cancel,
installation/install) but not all (notification/notify, payment/pay, failure/fail,
recognition/recognize, subscription/subscribe). This module lists those pairs from WordNet 3.0:

* a derivation pointer ("+") links a noun sense and a verb sense, lemma to lemma, or the two
  synsets through other lemmas when the noun and the verb share their first 4 letters
  (response/respond: WordNet links "reply" to "respond", and "response" shares their synsets);
* the noun's linked sense names an act, event, process or communication (its lexicographer file
  is noun.act, noun.event, noun.process or noun.communication, or its gloss starts "the act of",
  "the process of" ...), not an agent or instrument: a noun that is the verb with -er, -or, -ist
  or -ee (player, setter, caller, controller, reader) is no candidate whatever its senses;
* both words are in general use: in the bundled wordfreq list (src/analysis/frequency/en.tsv,
  the 30,000 commonest words, Zipf about 3 and up);
* the index does not already join them: their index terms differ (the Rust stemmer, through
  `cargo run --release --example stems`, and the split stems of
  src/analysis/lexicon/en_stem_splits.tsv, as the analyzer reads them).

Every candidate was read, and each pair is kept (DERIVED) or refused with its reason (REFUSED):
a pair is kept only where a comment using either word is about the same thing in customer
comments (survey, product, app and service reviews), so that a search for one counts the other.
The table holds both directions. `python3 tools/synonyms.py --derivations` prints the candidates
with their decision; the table is not written while a candidate is undecided.
"""
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
FREQ = os.path.join(ROOT, "src", "analysis", "frequency", "en.tsv")
SPLITS = os.path.join(ROOT, "src", "analysis", "lexicon", "en_stem_splits.tsv")
# WordNet lexicographer files of noun senses that name an act or what happens.
ACT_FILES = {4: "act", 11: "event", 22: "process", 10: "communication"}
ACT_GLOSS = re.compile(r"^(the |an |a )?(act|action|process|activity|operation|event) of ")
SHARED_PREFIX = 4

# (noun, verb): kept, both directions, checked by reading.
DERIVED = [
    ("analysis", "analyse"),
    ("analysis", "analyze"),
    ("apology", "apologise"),
    ("argument", "argue"),
    ("assembly", "assemble"),  # "easy assembly" / "easy to assemble"
    ("behavior", "behave"),
    ("behaviour", "behave"),
    ("clarification", "clarify"),
    ("comparison", "compare"),  # "compared to the old one" is a comparison
    ("complaint", "complain"),
    ("conversion", "convert"),
    ("criticism", "criticise"),
    ("deceit", "deceive"),
    ("deception", "deceive"),
    # "delivers great sound" is another use of "deliver", rarer in reviews than a delivery
    ("delivery", "deliver"),
    ("denial", "deny"),
    ("departure", "depart"),
    ("destruction", "destroy"),
    ("diagnosis", "diagnose"),
    ("disclosure", "disclose"),
    ("exclusion", "exclude"),
    ("expansion", "expand"),
    ("expiry", "expire"),
    ("explosion", "explode"),
    ("failure", "fail"),
    ("identification", "identify"),
    ("injury", "injure"),
    ("inquiry", "inquire"),
    ("leakage", "leak"),
    ("modification", "modify"),
    ("negligence", "neglect"),
    ("notification", "notify"),
    ("prescription", "prescribe"),
    ("reaction", "react"),
    ("recognition", "recognise"),
    ("recognition", "recognize"),
    ("recovery", "recover"),
    ("redemption", "redeem"),
    ("reduction", "reduce"),  # "noise reduction" / "reduces noise"
    ("rental", "rent"),
    ("response", "respond"),  # "no response from support" / "support never responded"
    ("satisfaction", "satisfy"),
    ("shipment", "ship"),  # "shipped late" / "the shipment"; a cruise ship is the exception
    ("simplification", "simplify"),
    ("solution", "solve"),
    ("submission", "submit"),
    ("subscription", "subscribe"),
    ("summary", "summarize"),
    ("synchronization", "sync"),
    ("verification", "verify"),
]

# reason: the pairs refused for it.
REFUSED = {
    "read in comments (the hits that only the verb brings, a sample read in each of the five data "
    "sets of ../shared/data): the verb mostly says something else (\"pay extra\", \"worth paying "
    "for\" are the price, not a payment; \"creates a flattering shape\"; \"I explained\", \"that "
    "explains it\"; \"I can't describe how\"; \"it didn't register\" and a shop's till; \"for "
    "reference\" shares the term of \"refer\"; \"more pronounced\"; \"I vary between a 10 and a "
    "12\"; \"and I quote\"; \"laughed at us\")": [
        "payment/pay", "creation/create", "explanation/explain", "description/describe",
        "registration/register", "referral/refer", "pronunciation/pronounce", "variation/vary",
        "quotation/quote", "laughter/laugh",
    ],
    "spelling variants or another form of one word, not a derivation (a synonym row's job)": [
        "catalog/catalogue", "catalogue/catalog", "endeavor/endeavour", "endeavour/endeavor",
        "favor/favour", "favour/favor", "honor/honour", "honour/honor", "labor/labour",
        "labour/labor", "licence/license", "license/licence", "program/programme",
        "programme/program", "rumor/rumour", "rumour/rumor", "practice/practise",
        "organisation/organize", "organization/organise", "coloration/colour",
        "coloring/colour", "colouring/color", "emphasizing/emphasise", "realisation/realize",
        "realization/realise", "programming/programme", "honoring/honour",
    ],
    "unrelated in meaning: WordNet's synsets join them through a third word": [
        "appraisal/approximate", "backfire/backlash", "backlash/backfire",
        "blackmail/blackjack", "block/blockade", "blockage/blockade", "blocking/blockade",
        "bounce/bound", "bouncing/bound", "bound/bounce", "bull/bullshit", "bullshit/bull",
        "circuit/circle", "circuit/circulate", "circle/circulate", "circular/circulate",
        "classification/class", "cleaning/cleanse", "cleanup/cleanse", "compilation/compose",
        "compiling/compose", "compression/compact", "contention/contest", "contest/contend",
        "controversy/contend", "controversy/contest", "determination/detect",
        "disclosure/discover", "discovery/disclose", "discussion/discourse",
        "discourse/discuss", "dispersal/dispel", "dispersion/dispel", "footer/footnote",
        "frightening/fright", "genesis/generate", "glossary/gloss", "graduation/grade",
        "headway/head", "imprint/impress", "impression/imprint", "intensive/intensify",
        "interference/intervene", "interrogation/interview", "intervention/interfere",
        "intervention/intermediate", "localization/locate", "marketplace/market",
        "medication/medicine", "nestle/nest", "overflow/overrun", "overrun/overflow",
        "overtaking/overhaul", "overthrow/overturn", "overuse/overdrive", "passport/pass",
        "preliminary/prelude", "procedure/process", "process/proceed", "reception/receipt",
        "replacement/replenish", "restitution/restore", "restriction/restrain",
        "resurgence/resurrect", "salvation/salvage", "screeching/scream", "sign/signal",
        "signal/sign", "sign/signify", "signal/signify", "signaling/sign", "signaling/signify",
        "signing/signal", "spark/sparkle", "sparkle/spark", "stealth/steal",
        "telegram/telegraph", "television/telecast", "tournament/tourney",
        "transfer/transmit", "transfer/transport", "transformation/translate",
        "translation/transform", "transmission/transfer", "transmission/transport",
        "transmitting/transfer", "transmitting/transport", "transplant/transfer",
        "transplantation/transfer", "transport/transfer", "transport/transmit",
        "transportation/transfer", "transportation/transmit", "doomsday/doom",
        "solvent/solve", "portage/port", "putting/putt", "vapor/evaporate", "tale/tell",
        "whiplash/whip", "perseverance/persist", "concord/concur", "character/characterize",
        "picture/depict", "communion/communicate", "notation/note", "sustenance/sustain",
        "standstill/stand", "breakers/break", "rampage/ramp",
    ],
    "the verb is generic or mostly says something else in comments, so its hits would not be "
    "about the noun (\"it died\" is a product that stopped; \"it sucks\"; \"time-consuming\"; \"I "
    "noticed\"; \"please\"; \"speak to an agent\"; \"repeat customer\"; \"prompt service\")": [
        "action/act", "addition/add", "attention/attend", "backup/back", "breach/break",
        "breakdown/break", "breakout/break", "breakup/break", "blowout/blow",
        "checkout/check", "cleanup/clean", "cleansing/clean", "closure/close",
        "consideration/consider", "consumption/consume", "coverage/cover", "decision/decide",
        "death/die", "discovery/discover", "entrance/enter", "entry/enter", "exercise/exert",
        "formation/form", "growth/grow", "inclusion/include", "movement/move", "motion/move",
        "notice/notify", "option/opt", "passage/pass", "placement/place", "pleasure/please",
        "pressure/press", "provision/provide", "slowdown/slow", "startup/start",
        "statement/state", "stoppage/stop", "succession/succeed", "suction/suck",
        "thought/think", "trial/try", "turnaround/turn", "usage/use", "workout/work",
        "speech/speak", "repetition/repeat", "maintenance/maintain", "relief/relieve",
        "remembrance/remember", "mixture/mix", "junction/join", "union/unite", "linkage/link",
        "fixture/fix", "prep/prepare", "evolution/evolve", "variance/vary", "variant/vary",
        "conclusion/conclude", "prompting/prompt", "offence/offend", "offense/offend",
        "intention/intend", "intent/intend", "agreement/agree", "disagreement/disagree",
        "admission/admit", "judgement/judge", "judgment/judge", "absence/absent",
        "difference/differentiate", "occurrence/occur",
    ],
    "the noun names a thing, not the act, in customer comments (the app, a booking, a slip, "
    "the screen's resolution, a phone extension, the customer service, a car's suspension or "
    "gearbox, a dog's treat, a permit, produce, songs)": [
        "application/apply", "appointment/appoint", "certificate/certify", "receipt/receive",
        "reception/receive", "resolution/resolve", "extension/extend", "storage/store",
        "competition/compete", "definition/define", "demo/demonstrate", "demonstration/demo",
        "documentary/document", "exam/examine", "info/inform", "intro/introduce",
        "permission/permit", "production/produce", "service/serve", "servicing/serve",
        "suspension/suspend", "treatment/treat", "transmission/transmit",
        "warranty/warrant", "spec/specify", "specification/specify", "formula/formulate",
        "citation/cite", "settlement/settle", "signature/sign", "significance/signify",
        "advisory/advise", "commentary/comment", "postage/post", "registry/register",
        "packing/package", "drainage/drain", "exposure/expose", "fusion/fuse",
        "advert/advertise", "testimonial/testify", "portrait/portray", "song/sing",
        "specialty/specialize", "tension/tense", "occupation/occupy", "occupancy/occupy",
        "filtration/filter", "blockage/block", "anchorage/anchor", "armament/arm",
        "carpentry/carpenter", "cookery/cook", "chat/chatter", "clearance/clear",
        "mastery/master", "disposition/dispose", "absorption/absorb", "adhesion/adhere",
        "introduction/introduce", "guidance/guide",
    ],
    "the verb's term is also another word's (authorize, authority)": ["authorisation/authorize"],
    "law, politics, war, religion, science or history: not what customers write about": [
        "abolition/abolish", "acquisition/acquire", "administration/administer",
        "advocacy/advocate", "alliance/ally", "allotment/allocate", "apprehension/apprehend",
        "ascension/ascend", "ascent/ascend", "assumption/assume", "aversion/avert",
        "awakening/awake", "bombardment/bomb", "bribery/bribe", "burial/bury",
        "causation/cause", "certification/certify", "cessation/cease", "coinage/coin",
        "collision/collide", "commission/commit", "communion/commune", "compliance/comply",
        "composition/compose", "compulsion/compel", "conception/conceive",
        "concession/concede", "conformity/conform", "conquest/conquer",
        "contention/contend", "convention/convene", "courtship/court", "defence/defend",
        "defense/defend", "defiance/defy", "deliverance/deliver", "demolition/demolish",
        "descent/descend", "detention/detain", "deterrence/deter", "disarmament/disarm",
        "dissolution/dissolve", "diversification/diversify", "diversion/divert",
        "division/divide", "emission/emit", "empowerment/empower", "erosion/erode",
        "evasion/evade", "experimentation/experiment", "expulsion/expel",
        "extinction/extinguish", "flight/flee", "forfeiture/forfeit", "forgery/forge",
        "foundation/found", "implication/imply", "induction/induce", "invasion/invade",
        "issuance/issue", "justification/justify", "mockery/mock",
        "multiplication/multiply", "obedience/obey", "omission/omit", "opposition/oppose",
        "oversight/oversee", "perception/perceive", "persuasion/persuade", "piracy/pirate",
        "proclamation/proclaim", "procession/proceed", "procedure/proceed",
        "proposition/propose", "propulsion/propel", "provocation/provoke",
        "publication/publish", "purification/purify", "pursuit/pursue",
        "qualification/qualify", "reclamation/reclaim", "reconciliation/reconcile",
        "rebellion/rebel", "remission/remit", "rendition/render",
        "representation/represent", "reproduction/reproduce", "resumption/resume",
        "retention/retain", "reunification/reunite", "reunion/reunite",
        "revelation/reveal", "revolution/revolt", "revolution/revolve", "rivalry/rival",
        "robbery/rob", "seduction/seduce", "seizure/seize", "slavery/slave",
        "starvation/starve", "suit/sue", "taxation/tax", "temptation/tempt",
        "testimony/testify", "unification/unify", "urgency/urge", "ventilation/vent",
        "imposition/impose", "presumption/presume", "pretense/pretend", "marriage/marry",
        "classification/classify", "applause/applaud", "intervention/intervene",
        "restraint/restrain",
    ],
}


def read_synsets(folder, name):
    """offset -> (lexicographer file, lemmas, [(pointer, offset, pos, source, target)], gloss)."""
    out = {}
    with open(os.path.join(folder, f"data.{name}"), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            head, _, gloss = line.partition("|")
            fields = head.split()
            offset, lexfile, k = int(fields[0]), int(fields[1]), int(fields[3], 16)
            lemmas = [fields[4 + 2 * i].lower().split("(")[0] for i in range(k)]
            at = 4 + 2 * k
            pointers = []
            for j in range(int(fields[at])):
                sym, off, pos, st = fields[at + 1 + 4 * j:at + 5 + 4 * j]
                pointers.append((sym, int(off), pos, int(st[:2], 16), int(st[2:], 16)))
            out[offset] = (lexfile, lemmas, pointers, gloss.strip())
    return out


def zipf_list():
    out = {}
    with open(FREQ, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                word, z = line.rstrip("\n").split("\t")
                out[word] = float(z)
    return out


def index_terms(words):
    """word -> the term the index holds for it (the Rust stemmer, then the split stems)."""
    stems = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "--example", "stems"],
        input="\n".join(words) + "\n", capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    term = dict(line.split("\t", 1) for line in stems.splitlines())
    with open(SPLITS, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and line.strip():
                word, _, own = line.rstrip("\n").split("\t")
                term[word] = own
    return term


def is_agent(noun, verb):
    """The verb with an agent or patient ending: player, setter, creator, employee, cyclist."""
    bases = {verb, verb[:-1] if verb.endswith("e") else verb, verb + verb[-1]}
    return any(noun == b + end for b in bases for end in ("er", "r", "or", "ist", "ee"))


def shared(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def candidates(folder):
    """[(noun, verb, senses)] where senses are (lexicographer file, gloss) of the linked noun
    senses that name an act; sorted."""
    nouns, verbs = read_synsets(folder, "noun"), read_synsets(folder, "verb")
    pairs = {}
    for lexfile, lemmas, pointers, gloss in nouns.values():
        act = lexfile in ACT_FILES or ACT_GLOSS.match(gloss)
        for sym, off, pos, source, target in pointers:
            if sym != "+" or pos != "v" or not act:
                continue
            verb_lemmas = verbs[off][1]
            linked = [(lemmas[source - 1], verb_lemmas[target - 1])]
            linked += [(n, v) for n in lemmas for v in verb_lemmas
                       if shared(n, v) >= SHARED_PREFIX]
            for n, v in linked:
                pairs.setdefault((n, v), set()).add((ACT_FILES.get(lexfile, "gloss"), gloss))
    zipf = zipf_list()
    pairs = {p: s for p, s in pairs.items()
             if p[0] in zipf and p[1] in zipf and not is_agent(*p)}
    term = index_terms(sorted({w for p in pairs for w in p}))
    return [(n, v, sorted(s)) for (n, v), s in sorted(pairs.items()) if term[n] != term[v]]


def decisions():
    """(noun, verb) -> None when kept, else the reason it was refused."""
    out = {pair: None for pair in DERIVED}
    for reason, pairs in REFUSED.items():
        for pair in pairs:
            noun, verb = pair.split("/")
            if (noun, verb) in out:
                raise SystemExit(f"{pair} is both kept and refused")
            out[(noun, verb)] = reason
    return out


def print_candidates(folder):
    decided = decisions()
    for noun, verb, senses in candidates(folder):
        state = decided.get((noun, verb), "UNDECIDED")
        state = "kept" if state is None else ("refused: " + state if state != "UNDECIDED" else state)
        files = ",".join(sorted({f for f, _ in senses}))
        print(f"{noun}/{verb}\t{files}\t{senses[0][1][:60]}\t{state}")


def check_read(found, decided):
    """Stops unless every WordNet candidate pair was read and every decided pair is one."""
    undecided = sorted(f"{a}/{b}" for a, b in found if (a, b) not in decided)
    if undecided:
        raise SystemExit(f"candidates not read yet (keep or refuse them): {undecided}")
    gone = sorted(f"{a}/{b}" for a, b in decided if (a, b) not in found)
    if gone:
        raise SystemExit(f"decided pairs that are no WordNet candidate: {gone}")


def rows(folder):
    """word -> derived words, both directions; refuses an undecided candidate or a kept pair
    that is no candidate."""
    check_read({(n, v) for n, v, _ in candidates(folder)}, decisions())
    out = {}
    for noun, verb in DERIVED:
        out.setdefault(noun, []).append(verb)
        out.setdefault(verb, []).append(noun)
    return out
