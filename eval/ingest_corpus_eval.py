"""The feedparser test corpus through our ingestion: no crash, no hang, bozo logged.

Usage: python eval/ingest_corpus_eval.py [SHARED_DIR]  (default: $MEGAWATCH_SHARED, else ../shared)

eval/feeds_eval.py counts parse_feed outcomes; this one adds what it does not:

1. parse_feed on every file under a per-file alarm (a hang is reported as such,
   not waited for), the maximum time per file, and for every malformed (bozo)
   feed, that a log record carries its reason;
2. the whole scrape: every file served on 127.0.0.1 and read by the real CLI
   (``python -m scrapers scrape -v``), many sources per run: no Traceback, no
   'unexpected' error, one line per source, and a bozo feed's reason logged.
Exit 1 on any crash, hang or file over 1 s.
"""

from __future__ import annotations

import logging
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from _shared import shared_dir  # noqa: E402  (eval/ is on sys.path as the script folder)

from scrapers.config import Source  # noqa: E402
from scrapers.errors import ParseError  # noqa: E402
from scrapers.parse.feeds import parse_feed  # noqa: E402

SLOW, HANG = 1.0, 10
BATCH = 400  # sources per CLI run


class Hang(Exception):
    pass


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())



def in_process(files: list[Path], corpus: Path) -> tuple[int, dict]:
    source = Source(name="corpus", kind="feed", url="https://example.org/feed")
    records = Records()
    log = logging.getLogger("scrapers")
    log.addHandler(records)
    log.setLevel(logging.INFO)
    log.propagate = False

    def alarm(*_):
        raise Hang()

    signal.signal(signal.SIGALRM, alarm)
    out = Counter()
    worst, crashes, hangs, unlogged = (0.0, None), [], [], []
    for path in files:
        data = path.read_bytes()
        records.messages.clear()
        signal.alarm(HANG)
        t0 = time.perf_counter()
        try:
            result = parse_feed(data, source, url=f"https://example.org/{path.name}")
        except ParseError:
            out["ParseError"] += 1
        except Hang:
            out["hang"] += 1
            hangs.append(path)
        except Exception as exc:  # noqa: BLE001 - what we count
            out["crash"] += 1
            crashes.append((path, "".join(traceback.format_exception_only(exc)).strip()))
        else:
            if result.bozo:
                out["bozo"] += 1
                if not any(result.bozo_reason and result.bozo_reason in m
                           for m in records.messages):
                    unlogged.append(path)
            else:
                out["ok"] += 1
        finally:
            signal.alarm(0)
        spent = time.perf_counter() - t0
        if spent > worst[0]:
            worst = (spent, path)
        if spent > SLOW:
            out["slow"] += 1
    log.removeHandler(records)
    log.propagate = True
    print(f"1. parse_feed: {len(files)} files: ok {out['ok']}, bozo {out['bozo']}, "
          f"ParseError {out['ParseError']}, crashes {out['crash']}, hangs (>{HANG} s) "
          f"{out['hang']}, over {SLOW:g} s {out['slow']}")
    print(f"   max time per file {worst[0] * 1000:.0f} ms "
          f"({worst[1].relative_to(corpus) if worst[1] else '-'}); bozo feeds with items "
          f"whose reason was not logged: {len(unlogged)}")
    for path, what in crashes[:30]:
        print(f"   CRASH {path.relative_to(corpus)}: {what}")
    for path in hangs[:30]:
        print(f"   HANG {path.relative_to(corpus)}")
    for path in unlogged[:10]:
        print(f"   UNLOGGED BOZO {path.relative_to(corpus)}")
    bad = out["crash"] + out["hang"] + out["slow"] + len(unlogged)
    return bad, out


def whole_scrape(files: list[Path], corpus: Path) -> int:
    from hostile.harness import LocalServer, cli, write_tracker

    bad = 0
    lines = Counter()
    bozo_logged = 0
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="megawatch-ingest-") as tmp, LocalServer() as server:
        work = Path(tmp)
        for n, path in enumerate(files):
            server.routes[f"/c/{n}"] = (200, "application/xml", path.read_bytes())
        for start in range(0, len(files), BATCH):
            chunk = list(range(start, min(start + BATCH, len(files))))
            sources = [{"name": f"c{n}", "kind": "feed", "url": f"{server.base}/c/{n}",
                        "delay": 0, "fetch_pages": False} for n in chunk]
            tracker = write_tracker(work / f"t{start}.toml", sources)
            t0 = time.perf_counter()
            proc = cli("scrape", "--config", tracker, "--content", work / f"content{start}", "-v",
                       cwd=work, timeout=HANG * len(chunk))
            spent = time.perf_counter() - t0
            worst = max(worst, spent / len(chunk))
            out = proc.stdout.splitlines()
            per_source = [l for l in out if re.match(r"c\d+: ", l)]
            if len(per_source) != len(chunk):
                bad += 1
                print(f"   run {start}: {len(per_source)} source lines for {len(chunk)} sources")
            for l in per_source:
                lines["error" if ": ERROR:" in l else "ok"] += 1
                if "unexpected" in l:
                    bad += 1
                    print(f"   UNEXPECTED {l[:300]}")
            if "Traceback" in proc.stderr:
                bad += 1
                print(f"   TRACEBACK in run {start}:\n{proc.stderr[-2000:]}")
            bozo_logged += len(re.findall(r"feed is not well-formed \(|malformed feed",
                                          proc.stderr))
            if proc.returncode not in (0, 1):
                bad += 1
                print(f"   run {start} exited {proc.returncode}: {proc.stderr[-500:]}")
    print(f"2. whole scrape over 127.0.0.1: {len(files)} sources in {-(-len(files) // BATCH)} CLI "
          f"runs: {lines['ok']} read, {lines['error']} reported as errors (one line each), "
          f"{bad} problems; bozo reasons logged: {bozo_logged}; mean time per source in the "
          f"slowest run {worst * 1000:.0f} ms")
    return bad


def main(argv: list[str]) -> int:
    corpus = shared_dir(argv) / "corpora" / "feedparser-tests"
    if not corpus.is_dir():
        print(f"ingest_corpus_eval: corpus not found at {corpus}; nothing to evaluate (skipped).")
        return 0
    files = sorted(p for p in corpus.rglob("*") if p.is_file()
                   and p.name not in ("LICENSE", "SOURCE.txt"))
    print(f"ingest_corpus_eval: {len(files)} files from {corpus}")
    bad, _ = in_process(files, corpus)
    bad += whole_scrape(files, corpus)
    print(f"ingest_corpus_eval: {'OK' if not bad else f'{bad} problems'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
