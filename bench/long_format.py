#!/usr/bin/env python3
"""A generated long-format export for the pivot's memory check: one row per answer (an answer
id, a respondent id, a ward, the score repeated on each of the respondent's rows, the question,
the answer), three questions per respondent, the rows shuffled.

    python3 bench/long_format.py ROWS OUT.csv
    bash bench/peak.sh target/release/verbatim --index /tmp/long-ix ingest OUT.csv

Measured (2-core sandbox shared with other builds, release build): 999,999 rows -> 333,333
responses in 19.0 s wall, cpu 16.2 s, peak RssAnon 376 MB; the same file again (333,333
unchanged) 23.1 s, peak RssAnon 243 MB.
"""
import random
import sys

QUESTIONS = ["What was good?", "What could we do better?", "Why did you give this score?"]
WORDS = ("nurse doctor ward waiting time parking food clean kind staff discharge pain "
         "appointment letter phone reception friendly slow cold noisy helpful rude late").split()


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(22)
    respondents = rows // len(QUESTIONS)
    order = [(r, q) for r in range(respondents) for q in range(len(QUESTIONS))]
    rng.shuffle(order)
    scores = [rng.randrange(11) for _ in range(respondents)]
    with open(out, "w") as f:
        f.write("Answer ID,Respondent ID,Ward,Likelihood to recommend (0-10),Question,Comment\n")
        for n, (r, q) in enumerate(order):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(6, 25)))
            f.write(f"{n},R{r:07},Ward {r % 7},{scores[r]},{QUESTIONS[q]},The {text}\n")


if __name__ == "__main__":
    main()
