"""Speed of the claims extractor beside dateparser.search_dates.

Run: python benchmarks/bench_claims.py [--sentences N] [--posts N] [--dateparser-sample N]

1. N sentences (default 10,000) built by cycling the texts of
   tests/data/claims_cases.jsonl: sentences/second of scrapers.claims.extract
   and of dateparser.search_dates(languages=['fr', 'en']) on the same
   sentences in the same run. dateparser is slow, so it runs on a sample and
   its figure is extrapolated (printed as such). The two sides take turns for
   --repeat rounds (default 5) and each reports its best, since the machine
   may be shared.
2. Re-extraction of N post-sized texts (default 10,000; ~12 sentences each,
   like a short article): total wall time (target < 60 s).
3. Linear time (--long, default on): one sentence of dates and cues with no
   full stop, at 250 KB and 500 KB (CPU time, best of 3, and their ratio:
   about 2 when linear), and a 1 MB text of that kind (target: a few seconds).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.claims import default_tracker, extract  # noqa: E402

CASES = ROOT / "tests" / "data" / "claims_cases.jsonl"


def load_cases() -> list[dict]:
    with CASES.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=10_000)
    ap.add_argument("--posts", type=int, default=10_000)
    ap.add_argument("--dateparser-sample", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=5, help="rounds; each side keeps its best")
    ap.add_argument("--no-long", dest="long", action="store_false", help="skip the linear-time part")
    args = ap.parse_args(argv)

    tracker = default_tracker()
    cases = load_cases()
    items = [(cases[i % len(cases)]["text"], date.fromisoformat(cases[i % len(cases)]["published"]))
             for i in range(args.sentences)]

    extract("Mega sera lancé demain.", date(2013, 1, 19), None, tracker)  # warm caches

    def run_ours() -> tuple[float, int]:
        t0 = time.perf_counter()
        n = sum(len(extract(text, pub, None, tracker)) for text, pub in items)
        return time.perf_counter() - t0, n

    try:
        from dateparser.search import search_dates
    except ImportError:
        search_dates = None
    step = max(1, len(items) // max(1, args.dateparser_sample))
    sample = items[::step][:args.dateparser_sample]  # spread over the whole table
    settings = {"RELATIVE_BASE": None}
    if search_dates is not None:
        search_dates("Mega sera lancé demain.", languages=["fr", "en"])  # warm its caches too

    def run_theirs() -> float:
        t0 = time.perf_counter()
        for text, pub in sample:
            settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
            search_dates(text, languages=["fr", "en"], settings=settings)
        return time.perf_counter() - t0

    # The two sides take turns, --repeat times, and each keeps its best time: on a shared
    # machine a slow spell then hits both sides alike instead of one of them.
    ours_times, theirs_times, found = [], [], 0
    for _ in range(args.repeat):
        took, found = run_ours()
        ours_times.append(took)
        if search_dates is not None:
            theirs_times.append(run_theirs())
    ours = min(ours_times)
    ours_rate = len(items) / ours
    print(f"ours:       {len(items):>6} sentences in {ours:6.2f} s -> {ours_rate:10.0f} sentences/s "
          f"({found} claims)")
    if search_dates is None:
        print("dateparser: not installed (pip install -e '.[test]'); no comparison")
        return 0
    theirs = min(theirs_times)
    theirs_rate = len(sample) / theirs
    note = "" if len(sample) == len(items) else \
        f" (run on every {step}th, {len(sample)} in all; extrapolated: {len(items) / theirs_rate:.0f} s for all)"
    print(f"dateparser: {len(sample):>6} sentences in {theirs:6.2f} s -> {theirs_rate:10.0f} sentences/s{note}")
    print(f"speed-up:   {ours_rate / theirs_rate:.1f}x (target >= 10x)")

    if args.long:
        long_inputs(tracker)
    if args.posts <= 0:
        return 0
    # Post-sized texts: 12 consecutive table texts joined, as one article.
    posts = []
    for i in range(args.posts):
        parts = [cases[(i * 7 + k) % len(cases)]["text"] for k in range(12)]
        posts.append((" ".join(parts), date.fromisoformat(cases[i % len(cases)]["published"])))
    chars = sum(len(p) for p, _ in posts)
    t0 = time.perf_counter()
    n = sum(len(extract(text, pub, None, tracker)) for text, pub in posts)
    took = time.perf_counter() - t0
    print(f"re-extract: {len(posts)} posts ({chars / len(posts):.0f} chars each) in {took:.1f} s "
          f"({n} claims; target < 60 s)")
    return 0


def long_inputs(tracker) -> None:
    """CPU time on one long sentence of dates, doubled, and on 1 MB."""
    unit = "Mega sera lancé le 19 janvier 2013 ou le 20 janvier 2014, Megabox en mars 2015, puis fin 2016, "
    pub = date(2012, 11, 1)

    def cpu(text: str, rounds: int = 3) -> float:
        best = float("inf")
        for _ in range(rounds):
            t0 = time.process_time()
            extract(text, pub, "fr", tracker)
            best = min(best, time.process_time() - t0)
        return best
    small, large = cpu((unit * 5000)[:250_000]), cpu((unit * 10000)[:500_000])
    print(f"long:       one 250 KB sentence {small:.2f} s, 500 KB {large:.2f} s "
          f"(ratio {large / small:.2f}; linear ~2)")
    print(f"1 MB:       {cpu((unit * 20000)[:1_000_000], 1):.2f} s CPU (target: a few seconds)")


if __name__ == "__main__":
    sys.exit(main())
