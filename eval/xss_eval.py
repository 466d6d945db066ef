"""Every XSS payload of the shared corpus through the whole pipeline, end to end.

Usage: python eval/xss_eval.py [SHARED_DIR]   (default: $MEGAWATCH_SHARED, else ../shared)

Each payload of corpora/xss-payloads/*.txt goes into every field of a hostile
feed (title, author, category, summary, content:encoded, link, enclosure, guid,
fetched page body), of hostile article pages (title, og meta, JSON-LD) when the
page source reader exists, and of hostile tweets (text, expanded URL, display
name, username), 50 payloads per field per entry. The feed and pages are served
on 127.0.0.1 and scraped by the real CLI, the tweets imported with
import-archive, the site built by Pelican (with Pagefind), then checked with
lxml (HTML, feeds, JSON, ics) and in Chromium (see tests/hostile/harness.py).
The payload files are read in place, never copied. Exit 1 on any finding.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from _shared import shared_dir  # noqa: E402  (eval/ is on sys.path as the script folder)

from hostile import harness  # noqa: E402



def main(argv: list[str]) -> int:
    corpus = shared_dir(argv) / "corpora" / "xss-payloads"
    if not corpus.is_dir():
        print(f"xss_eval: corpus not found at {corpus}; nothing to evaluate (skipped).")
        return 0
    files = sorted(p for p in corpus.glob("*.txt") if p.name != "SOURCE.txt")
    payloads = harness.load_payloads(files)
    print(f"xss_eval: {len(payloads)} payloads from {len(files)} files in {corpus}")
    browser = harness.browser_available()
    if not browser:
        print("  Chromium absent (/usr/bin/chromium): static checks only")
    work = Path(tempfile.mkdtemp(prefix="megawatch-xss-"))
    started = time.perf_counter()
    try:
        report = harness.run_hostile(payloads, work, batch=50, browser=browser,
                                     log=lambda m: print(m, flush=True))
    finally:
        keep = os.environ.get("MEGAWATCH_KEEP")
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report.summary())
    print(f"  total {time.perf_counter() - started:.1f} s")
    findings = report.static + (report.browser or [])
    for f in findings[:100]:
        print(f"  FINDING {f}")
    print(f"xss_eval: {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
