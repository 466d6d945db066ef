"""Page-weight budget: build the default site and print what the home page costs.

    .venv/bin/python scripts/budget.py [--now ISO] [--keep DIR]

Reports the home page's HTML + CSS + JS, raw and gzipped (level 9), and the
countdown script's size. Exit status 1 when a budget is exceeded: home page
<= 60 KB gzipped, countdown.js <= 2 KB (it is hand-minified; no build tool).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOME_BUDGET = 60 * 1024
JS_BUDGET = 2 * 1024


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def assets(html: str, page: Path, out: Path) -> list[Path]:
    """Local stylesheets and scripts the page loads."""
    refs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    refs += re.findall(r'<script src="([^"]+)"', html)
    found = []
    for ref in refs:
        path = (page.parent / ref).resolve() if not ref.startswith("/") else out / ref.lstrip("/")
        if not path.is_file():
            raise SystemExit(f"{page}: {ref} is not in the build")
        found.append(path)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--now", default="2026-11-22T00:00:00+00:00")
    parser.add_argument("--keep", type=Path, help="build here instead of a temp folder")
    args = parser.parse_args(argv)

    from scrapers.site import build

    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "output"
        build(config_path=ROOT / "tracker.toml", content=ROOT / "content", output=out,
              now=datetime.fromisoformat(args.now), search=False, cache=Path(tmp) / "cache")
        page = out / "index.html"
        html = page.read_text(encoding="utf-8")
        rows = [("index.html", page.read_bytes())]
        rows += [(str(p.relative_to(out)), p.read_bytes()) for p in assets(html, page, out)]
        print(f"{'file':36} {'bytes':>9} {'gzip':>9}")
        for name, data in rows:
            print(f"{name:36} {len(data):9d} {gz(data):9d}")
        total_raw = sum(len(d) for _, d in rows)
        total_gz = sum(gz(d) for _, d in rows)
        print(f"{'home page total':36} {total_raw:9d} {total_gz:9d}"
              f"  ({total_gz / 1024:.1f} KB gzipped, budget {HOME_BUDGET // 1024} KB)")
        js = out / "theme/js/countdown.js"
        js_size = js.stat().st_size
        print(f"countdown.js: {js_size} bytes minified, {gz(js.read_bytes())} gzipped "
              f"(budget {JS_BUDGET} bytes)")
    ok = total_gz <= HOME_BUDGET and js_size <= JS_BUDGET
    print("budget: OK" if ok else "budget: EXCEEDED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
