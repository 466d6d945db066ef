"""Score the main-text extractor on trafilatura's evaluation corpus.

Usage: python eval/articles_eval.py [SHARED_DIR] [--compare] [--show N]
SHARED_DIR defaults to $MEGAWATCH_SHARED, else ../shared beside the repo.

For each page of corpora/articles-trafilatura-eval/evaldata.json, every
'with' snippet found in the extracted text is a true positive (else a false
negative), every 'without' snippet found is a false positive (else a true
negative); precision, recall and F1 are computed over all pages, as in
trafilatura's own evaluation. Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scrapers.errors import ParseError  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from scrapers.parse.pages import bs4_main_text, decode_html, parse_page  # noqa: E402


def ours(data: bytes, url: str) -> str:
    """What parse_page returns (trafilatura when installed, else bs4)."""
    try:
        return parse_page(data, url=url).text
    except ParseError:
        return ""


def ours_bs4(data: bytes, url: str) -> str:
    """Our own bs4 extractor alone (parse_page's fallback)."""
    return bs4_main_text(BeautifulSoup(decode_html(data)[0], "lxml"))


def with_trafilatura(data: bytes, url: str) -> str:
    import trafilatura
    return trafilatura.extract(data, url=url) or ""


def score(extract, corpus: Path, data: dict, show: int = 0) -> dict:
    tp = fn = fp = tn = 0
    worst = []
    started = time.perf_counter()
    slowest = (0.0, "")
    for url, case in data.items():
        path = None
        for folder in ("eval", "cache"):
            candidate = corpus / folder / (case["file"] + ".gz")
            if candidate.exists():
                path = candidate
                break
        if path is None:
            continue
        raw = gzip.decompress(path.read_bytes())
        t0 = time.perf_counter()
        text = extract(raw, url)
        spent = time.perf_counter() - t0
        slowest = max(slowest, (spent, case["file"]))
        page_fn = page_fp = 0
        for snippet in case.get("with", []):
            if snippet in text:
                tp += 1
            else:
                fn += 1
                page_fn += 1
        for snippet in case.get("without", []):
            if snippet in text:
                fp += 1
                page_fp += 1
            else:
                tn += 1
        worst.append((page_fn + page_fp, case["file"], page_fn, page_fp))
    total = time.perf_counter() - started
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if show:
        for _, name, page_fn, page_fp in sorted(worst, reverse=True)[:show]:
            print(f"    {name}: {page_fn} missed, {page_fp} boilerplate")
    return {"pages": len(worst), "tp": tp, "fn": fn, "fp": fp, "tn": tn, "precision": precision,
            "recall": recall, "f1": f1, "accuracy": (tp + tn) / max(1, tp + tn + fp + fn),
            "time": total, "slowest": slowest}


def report(name: str, r: dict) -> None:
    print(f"{name}: {r['pages']} pages, precision {r['precision']:.3f}, recall {r['recall']:.3f}, "
          f"F1 {r['f1']:.3f}, accuracy {r['accuracy']:.3f} "
          f"(TP {r['tp']} FN {r['fn']} FP {r['fp']} TN {r['tn']}); "
          f"{r['time']:.1f} s, slowest {r['slowest'][0]:.2f} s ({r['slowest'][1]})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", nargs="?", default=os.environ.get("MEGAWATCH_SHARED")
                        or str(REPO.parent / "shared"))
    parser.add_argument("--compare", action="store_true",
                        help="also score the bs4 fallback alone and raw trafilatura.extract")
    parser.add_argument("--show", type=int, default=0, help="list the N worst pages")
    args = parser.parse_args(argv[1:])
    corpus = Path(args.shared) / "corpora" / "articles-trafilatura-eval"
    if not (corpus / "evaldata.json").is_file():
        print(f"articles_eval: corpus not found at {corpus}; nothing to evaluate (skipped).")
        return 0
    logging.disable(logging.CRITICAL)
    data = json.loads((corpus / "evaldata.json").read_text(encoding="utf-8"))
    report("parse_page (what the scrapers use)", score(ours, corpus, data, args.show))
    if args.compare:
        report("bs4 fallback extractor alone", score(ours_bs4, corpus, data, args.show))
        try:
            import trafilatura
        except ImportError:
            print("trafilatura: not installed, skipped")
        else:
            report(f"raw trafilatura {trafilatura.__version__} defaults",
                   score(with_trafilatura, corpus, data, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
