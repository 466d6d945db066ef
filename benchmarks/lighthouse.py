"""Lighthouse scores of the built site, in Debian's Chromium, over 127.0.0.1.

    npm ci                                   # once: installs the pinned Lighthouse
    .venv/bin/python benchmarks/lighthouse.py [--now ISO] [--min 95]

Builds the default site (with the search index) for a pinned 'now', serves it
on 127.0.0.1 and runs Lighthouse (package.json's exact version, desktop and
mobile presets) on the home page, a service page, /promesses/ and the search
page. Prints the four category scores per page; exit status 1 when one is
under --min (95 by default). Nothing here runs in `make test`.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["", "services/megaupload-2/", "promesses/", "recherche/?q=Megabox"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROMIUM = os.environ.get("MEGAWATCH_CHROMIUM", "/usr/bin/chromium")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # one line per page in the report, not per request
        pass


def serve(directory: Path) -> str:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def run(url: str, preset: str, out: Path) -> dict:
    cli = ROOT / "node_modules" / ".bin" / "lighthouse"
    cmd = [str(cli), url, f"--chrome-path={CHROMIUM}", "--quiet", "--output=json",
           f"--output-path={out}", f"--only-categories={','.join(CATEGORIES)}",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    subprocess.run(cmd, check=True, cwd=ROOT, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    return {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--now", default="2026-11-22T00:00:00+00:00")
    parser.add_argument("--min", type=int, default=95)
    parser.add_argument("--preset", choices=["mobile", "desktop", "both"], default="both")
    args = parser.parse_args(argv)
    if not (ROOT / "node_modules" / ".bin" / "lighthouse").exists():
        print("lighthouse: run 'npm ci' first (package.json pins it)")
        return 2
    if not Path(CHROMIUM).exists():
        print(f"lighthouse: no Chromium at {CHROMIUM} (apt-get install chromium)")
        return 2
    from scrapers.site import build

    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        build(config_path=ROOT / "tracker.toml", content=ROOT / "content", output=out,
              now=datetime.fromisoformat(args.now), search=True)
        base = serve(out)
        presets = ["mobile", "desktop"] if args.preset == "both" else [args.preset]
        for page in PAGES:
            for preset in presets:
                scores = run(f"{base}/{page}", preset, Path(tmp) / "report.json")
                low = [c for c, v in scores.items() if v < args.min]
                ok = ok and not low
                line = "  ".join(f"{c} {v}" for c, v in scores.items())
                print(f"/{page:<24} {preset:<8} {line}{'  <-- under ' + str(args.min) if low else ''}")
    print("lighthouse: OK" if ok else "lighthouse: UNDER THE MINIMUM")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
