#!/usr/bin/env python3
"""Generate verbatim's background word-frequency lists from wordfreq.

Usage: pip install wordfreq==3.1.1 && python3 generate.py
Writes <lang>.tsv next to this script for each language verbatim analyses.
"""
import os
import re

import wordfreq

LANGS = ["en", "de", "fr", "es", "nl", "pt", "it", "sv"]
WORDLIST = "best"
TARGET_N = 30000
MAX_BYTES = 450 * 1024
OUT_DIR = os.path.dirname(os.path.abspath(__file__))


def keep(word):
    if re.search(r"\s", word):  # whitespace / tabs would break the TSV
        return False
    if word.isdigit():  # digits-only tokens are not words
        return False
    if not any(ch.isalpha() for ch in word):  # pure punctuation/symbols
        return False
    return True


def rows_for(lang):
    candidates = wordfreq.top_n_list(lang, TARGET_N + 5000, wordlist=WORDLIST)
    rows = []
    for word in candidates:
        if not keep(word):
            continue
        zipf = wordfreq.zipf_frequency(word, lang, wordlist=WORDLIST)
        if zipf <= 0:
            continue
        rows.append((word, zipf))
        if len(rows) == TARGET_N:
            break
    # top_n_list is already in descending frequency; the stable sort keeps
    # that order and just guards against rounding ties.
    rows.sort(key=lambda r: -r[1])
    return rows


def render(lang, rows):
    header = [
        f"# verbatim background word frequencies, language: {lang}",
        f"# Source: wordfreq {wordfreq_version()} (wordlist='best'), top {len(rows)} words "
        "(digits-only, symbol-only and whitespace-containing entries dropped).",
        "# Word frequencies from wordfreq (https://github.com/rspeer/wordfreq), CC BY-SA 4.0; derived list.",
        "# Format: word<TAB>zipf, one per line, sorted by descending frequency; "
        "zipf = log10(frequency per billion words), 2 decimals. Lines starting with # are comments.",
    ]
    body = [f"{w}\t{z:.2f}" for w, z in rows]
    return "\n".join(header + body) + "\n"


def wordfreq_version():
    try:
        from importlib.metadata import version

        return version("wordfreq")
    except Exception:
        return getattr(wordfreq, "__version__", "unknown")


def main():
    for lang in LANGS:
        rows = rows_for(lang)
        text = render(lang, rows)
        # Shrink to the largest N that fits the size budget, if needed.
        while len(text.encode("utf-8")) > MAX_BYTES:
            rows = rows[: len(rows) - 500]
            text = render(lang, rows)
        path = os.path.join(OUT_DIR, f"{lang}.tsv")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print(f"{lang}: {len(rows)} words, {len(text.encode('utf-8'))} bytes")


if __name__ == "__main__":
    main()
