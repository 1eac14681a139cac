#!/usr/bin/env python3
"""Rewrite the outputs of the README's `$ verbatim ...` examples from the current build.

    cargo build --release && python3 tools/readme_sync.py [--bin-dir target/release] [--check]

Runs each example as tests/cli/readme.rs does (README order, `sh -c`, standard error joined,
COLUMNS=100, a fresh folder holding a link to fixtures/, the build's folder first on the PATH)
and puts what it prints under the command. A `...` line of the README stays, standing for the
lines the command prints there: the lines before it and after it are rewritten, each run of
elided lines kept elided. Read the diff before committing: an output that changed is a behaviour
that changed. --check prints the examples that differ and writes nothing (exit 1 if any).
"""
import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(command, work, bin_dir):
    env = dict(os.environ, COLUMNS="100", PATH=f"{bin_dir}:{os.environ.get('PATH', '')}")
    env.pop("VERBATIM_INDEX", None)
    out = subprocess.run(["sh", "-c", f"{command} 2>&1"], cwd=work, env=env,
                         capture_output=True, text=True)
    return [line.rstrip() for line in out.stdout.splitlines()]


def fill(expected, actual):
    """The README's lines for `actual`, keeping each `...` of `expected` where it stood: the
    lines before the first `...` come from the head of `actual`, those after the last from its
    tail, and an elision in the middle keeps its anchors (the README's lines around it)."""
    if "..." not in expected:
        return actual
    first = expected.index("...")
    last = len(expected) - 1 - expected[::-1].index("...")
    tail = len(expected) - 1 - last
    head = actual[:first]
    end = actual[len(actual) - tail:] if tail else []
    middle = expected[first:last + 1]
    return head + middle + end


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin-dir", default=os.path.join(ROOT, "target", "release"))
    p.add_argument("--check", action="store_true")
    a = p.parse_args()
    path = os.path.join(ROOT, "README.md")
    lines = open(path, encoding="utf-8").read().split("\n")
    out, differ = [], []
    with tempfile.TemporaryDirectory() as work:
        os.symlink(os.path.join(ROOT, "fixtures"), os.path.join(work, "fixtures"))
        i, in_block = 0, False
        while i < len(lines):
            line = lines[i]
            out.append(line)
            i += 1
            if line.startswith("```"):
                in_block = not in_block
                continue
            if not (in_block and line.startswith("$ verbatim ")):
                continue
            expected = []
            while i < len(lines) and not lines[i].startswith("$ ") \
                    and not lines[i].startswith("```"):
                expected.append(lines[i].rstrip())
                i += 1
            got = fill(expected, run(line[2:], work, os.path.abspath(a.bin_dir)))
            if got != expected:
                differ.append(line)
            out.extend(got)
    for line in differ:
        print(f"changed: {line}")
    if a.check:
        sys.exit(1 if differ else 0)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
