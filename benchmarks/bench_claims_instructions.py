"""The claims extractor beside dateparser.search_dates, in instructions, not seconds.

Run: python benchmarks/bench_claims_instructions.py [--sentences N]

bench_claims.py times both sides in interleaved rounds, and still its ratio moved
from 7.9x to 10.1x between runs on one machine within the hour: the two sides do
not slow down alike when the machine is busy or changes its clock. This counts
the instructions each side executes under valgrind's callgrind, which do not
depend on the machine's load (the same total for the same program and input).

Each side runs in its own process on the same N sentences (default 100: the
first N of bench_claims.py's dateparser sample, every 20th of its 10,000), once
and then twice over; the difference is the warm cost of N sentences, without
the imports, the first call's compiling and dateparser's lazy loading. Needs
valgrind (Debian's package); takes about three minutes.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "claims_cases.jsonl"


def sample(n: int) -> list[tuple[str, date]]:
    with CASES.open(encoding="utf-8") as fh:
        cases = [json.loads(line) for line in fh if line.strip()]
    picked = [cases[i % len(cases)] for i in range(0, 10_000, 20)][:n]
    return [(c["text"], date.fromisoformat(c["published"])) for c in picked]


def run_side(side: str, n: int, rounds: int) -> None:
    """The measured program: one side over the sample, ``rounds`` times."""
    sys.path.insert(0, str(ROOT))
    items = sample(n) * rounds
    if side == "ours":
        from scrapers.claims import default_tracker, extract

        tracker = default_tracker()
        extract("Mega sera lancé demain.", date(2013, 1, 19), None, tracker)
        for text, pub in items:
            extract(text, pub, None, tracker)
    else:
        from dateparser.search import search_dates

        search_dates("Mega sera lancé demain.", languages=["fr", "en"])
        for text, _ in items:
            search_dates(text, languages=["fr", "en"])


def instructions(side: str, n: int, rounds: int) -> int:
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, __file__, "--side", side, "--sentences", str(n), "--rounds", str(rounds)],
        capture_output=True, text=True, check=True)
    found = re.search(r"Collected\s*:\s*(\d+)", proc.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no total for {side}:\n{proc.stderr[-500:]}")
    return int(found.group(1))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=100)
    ap.add_argument("--side", choices=("ours", "dateparser"), help=argparse.SUPPRESS)
    ap.add_argument("--rounds", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.side:
        run_side(args.side, args.sentences, args.rounds)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt install valgrind); nothing measured")
        return 0
    per = {}
    for side in ("ours", "dateparser"):
        once, twice = instructions(side, args.sentences, 1), instructions(side, args.sentences, 2)
        per[side] = (twice - once) / args.sentences
        print(f"{side:10s}  {per[side] / 1e6:6.2f} M instructions per sentence "
              f"(warm; {args.sentences} sentences)")
    print(f"speed-up:   {per['dateparser'] / per['ours']:.1f}x in instructions (target >= 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
