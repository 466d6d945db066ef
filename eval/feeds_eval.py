"""Run every file of the feedparser test corpus through parse_feed.

Usage: python eval/feeds_eval.py [SHARED_DIR]
SHARED_DIR defaults to $MEGAWATCH_SHARED, else ../shared beside the repo.
Counts crashes (any exception but ParseError), files slower than 1 s and the
total time. Exits 0 with a message when the corpus is absent, 1 on a crash.
"""

from __future__ import annotations

import logging
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from _shared import shared_dir  # noqa: E402  (eval/ is on sys.path as the script folder)

from scrapers.config import Source  # noqa: E402
from scrapers.errors import ParseError  # noqa: E402
from scrapers.parse.feeds import parse_feed  # noqa: E402

SLOW = 1.0



def main(argv: list[str]) -> int:
    corpus = shared_dir(argv) / "corpora" / "feedparser-tests"
    if not corpus.is_dir():
        print(f"feeds_eval: corpus not found at {corpus}; nothing to evaluate (skipped).")
        return 0
    logging.disable(logging.CRITICAL)
    source = Source(name="feedparser-tests", kind="feed", url="https://example.org/feed")
    files = sorted(p for p in corpus.rglob("*") if p.is_file()
                   and p.name not in ("LICENSE", "SOURCE.txt"))
    outcomes: Counter[str] = Counter()
    crashes: list[tuple[Path, str]] = []
    slow: list[tuple[Path, float]] = []
    items = 0
    worst = (0.0, None)
    started = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        t0 = time.perf_counter()
        try:
            result = parse_feed(data, source, url=f"https://example.org/{path.relative_to(corpus)}")
        except ParseError:
            outcomes["ParseError"] += 1
        except Exception as exc:  # counted, not hidden: this is what we measure
            outcomes["crash"] += 1
            crashes.append((path, "".join(traceback.format_exception_only(exc)).strip()))
        else:
            outcomes["bozo" if result.bozo else "ok"] += 1
            items += len(result.items)
        spent = time.perf_counter() - t0
        if spent > worst[0]:
            worst = (spent, path)
        if spent > SLOW:
            slow.append((path, spent))
    total = time.perf_counter() - started

    print(f"feeds_eval: {len(files)} files from {corpus}")
    print(f"  parsed ok: {outcomes['ok']}, parsed with bozo: {outcomes['bozo']}, "
          f"ParseError: {outcomes['ParseError']}, crashes: {outcomes['crash']}")
    print(f"  items produced: {items}")
    print(f"  total time: {total:.2f} s, mean {1000 * total / max(1, len(files)):.2f} ms/file, "
          f"max {worst[0] * 1000:.1f} ms ({worst[1].relative_to(corpus) if worst[1] else '-'})")
    print(f"  files slower than {SLOW:g} s: {len(slow)}")
    for path, spent in slow:
        print(f"    {spent:.2f} s  {path.relative_to(corpus)}")
    for path, what in crashes[:50]:
        print(f"  CRASH {path.relative_to(corpus)}: {what}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
