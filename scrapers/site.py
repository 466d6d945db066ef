"""Build the site: Pelican with our settings, then the Pagefind search index.

The build reads only the clone (content, tracker.toml, theme); it never
touches the network. Same content and same 'now' give the same output/.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scrapers import config as config_mod
from scrapers.errors import MegawatchError, PostError
from scrapers.posts import parse_claim, split_post

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuildReport:
    output: Path
    seconds: float
    posts: int
    services: int
    claims: int
    files: int


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def content_stats(content: Path) -> tuple[int, int]:
    posts = claims = 0
    for path in content.rglob("*.md"):
        if path.name.startswith("."):
            continue
        posts += 1
        meta, _ = split_post(path.read_text(encoding="utf-8", errors="replace"))
        for key, value in meta:
            if key.lower() == "claim":
                try:
                    parse_claim(value, str(path))
                    claims += 1
                except PostError:
                    pass
    return posts, claims


def pagefind(output: Path) -> None:
    """Index output/ for offline full-text search (French)."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(output), "--force-language", "fr",
           "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise MegawatchError(str(output), f"pagefind failed: {proc.stderr.strip()[-500:]}")


def build(*, config_path: Path, content: Path, output: Path, now: datetime | None = None,
          publish: bool = False, settings_file: Path | None = None,
          search: bool = True) -> BuildReport:
    from pelican import Pelican
    from pelican.settings import read_settings

    started = time.perf_counter()
    tracker = config_mod.load(config_path)
    settings_file = settings_file or ROOT / ("publishconf.py" if publish else "pelicanconf.py")
    override = {
        "PATH": str(content.resolve()),
        "OUTPUT_PATH": str(output.resolve()),
        "MEGAWATCH_CONFIG": str(config_path.resolve()),
        "TIMEZONE": tracker.subject.timezone,
        "SITESUBTITLE": f"Les promesses de lancement de {tracker.subject.name}, datées et suivies",
    }
    if now is not None:
        override["MEGAWATCH_NOW"] = now.isoformat()
    settings = read_settings(str(settings_file), override=override)
    counter = _ErrorCounter()
    watched = [logging.getLogger(n) for n in ("pelican", "megawatch")]
    for lg in watched:
        lg.addHandler(counter)
    try:
        Pelican(settings).run()
    finally:
        for lg in watched:
            lg.removeHandler(counter)
    if counter.messages:
        raise MegawatchError(str(content), f"the build logged {len(counter.messages)} error(s); "
                             f"first: {counter.messages[0]}")
    if search:
        pagefind(output)
    posts, claims = content_stats(content)
    files = sum(1 for p in output.rglob("*") if p.is_file())
    return BuildReport(output, time.perf_counter() - started, posts, len(tracker.services),
                       claims, files)
