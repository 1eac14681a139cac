"""Running the verbatim binary from the benchmark scripts."""

import subprocess
import sys
from pathlib import Path


def fail(msg: str):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(2)


def run(bin_path: Path, index: Path, *args: str) -> str:
    """Runs `verbatim --index INDEX ARGS...` and returns its standard output; exits on failure."""
    cmd = [str(bin_path), "--index", str(index), *args]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stderr.strip()}")
    return p.stdout
