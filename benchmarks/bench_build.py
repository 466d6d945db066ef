"""Build benchmark: our build against stock Pelican on N generated posts.

    .venv/bin/python benchmarks/bench_build.py [--posts 1000] [--rounds 2] [--work DIR]

Generates N posts in our post format (metadata block with Claim: lines, a
summary, a few paragraphs; articles, tweets and notes; 2011-2026) and prints,
in one run:

* cold build: ours (Pelican + plugin + Pagefind, no cache, no previous output)
  and stock Pelican (same Pelican version, default theme, Atom feeds for all,
  categories and tags, pagination 10, no plugins) on the same posts, the two
  sides taking turns for --rounds rounds, each keeping its best wall time and
  its best CPU time;
* rebuild fractions of our cold build (wall and CPU): no change, next day,
  one post added, one post edited;
* peak memory of the whole process tree (proportional set size, sampled every
  20 ms, summed over Pelican and Pagefind when they run side by side);
* the home page's HTML + CSS + JS gzipped, and the output's files and bytes.

Times are wall-clock seconds and CPU seconds (user + system, children
included) of a fresh `python -m scrapers build` / `python -m pelican`
process, so interpreter start-up is counted on both sides.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)

SERVICES = ["Megaupload", "Mega", "Megabox", "Megachat", "MegaNet", "Megaupload 2.0",
            "Bitcache", "K.im"]
SOURCES = ["01net", "Numerama", "Clubic", "Next", "Frandroid", "Korben", "ZDNet.fr"]
WORDS = ("le service de stockage annonce une nouvelle version chiffrée pour les "
         "utilisateurs qui attendent depuis des mois la plateforme promise par son "
         "fondateur avec un réseau décentralisé des applications mobiles et une "
         "messagerie sécurisée dont la date de lancement reste incertaine selon "
         "plusieurs sources proches du dossier en Nouvelle-Zélande").split()
PRECISIONS = ["day", "month", "quarter", "year"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def post_text(i: int, rng: random.Random, edited: bool = False) -> tuple[str, str]:
    """(relative path, text) of generated post number i."""
    start = datetime(2011, 1, 1, tzinfo=timezone.utc)
    span = 15.8 * 365.25 * 24 * 60  # minutes from 2011 to late 2026
    when = start + timedelta(minutes=int(i * span / max(N_POSTS, 1)))
    when += timedelta(minutes=rng.randrange(0, 600))
    category = ("articles", "tweets", "notes")[0 if i % 10 < 7 else (1 if i % 10 < 9 else 2)]
    service = SERVICES[i % len(SERVICES)]
    other = SERVICES[(i * 7 + 3) % len(SERVICES)]
    tags = service if i % 3 else f"{service}, {other}"
    slug = f"billet-{i:05d}-{service.lower().replace(' ', '-').replace('.', '')}"
    title = f"{service} : {_sentence(rng, 6)[:-1]} ({i})"
    source = "@KimDotcom" if category == "tweets" else rng.choice(SOURCES)
    claims = []
    for k in range(rng.choice((0, 0, 1, 1, 2))):
        target = when.date() + timedelta(days=rng.randrange(20, 500))
        precision = rng.choice(PRECISIONS)
        if precision == "day":
            earliest = latest = target
        elif precision == "month":
            earliest = target.replace(day=1)
            latest = (earliest + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        elif precision == "quarter":
            q = (target.month - 1) // 3 * 3 + 1
            earliest = target.replace(month=q, day=1)
            latest = (earliest + timedelta(days=95)).replace(day=1) - timedelta(days=1)
        else:
            earliest, latest = target.replace(month=1, day=1), target.replace(month=12, day=31)
        status = "reviewed" if k == 0 and i % 4 == 0 else f"auto 0.{rng.randrange(60, 95)}"
        claims.append(f"Claim: {service} | planned | {earliest} | {latest} | {precision} | "
                      f"{when.date()} | {status} | {_sentence(rng, 14)}")
    body = "\n\n".join(_sentence(rng, rng.randrange(25, 60)) for _ in range(rng.randrange(2, 5)))
    if edited:
        body += "\n\nMise à jour : précision ajoutée par la rédaction."
    lines = [f"Title: {title}", f"Date: {when:%Y-%m-%d %H:%M:%S+00:00}",
             f"Category: {category}", f"Tags: {tags}", f"Slug: {slug}", "Lang: fr",
             f"Source: {source}", f"Link: https://example.org/{category}/{i}",
             f"Summary: {_sentence(rng, 30)}", f"Item-Id: bench:{i}", *claims]
    rel = f"{category}/{when.year}/{slug}.md"
    return rel, "\n".join(lines) + "\n\n" + body + "\n"


N_POSTS = 1000


def generate(content: Path, n: int, seed: int = 15) -> None:
    global N_POSTS
    N_POSTS = n
    shutil.rmtree(content, ignore_errors=True)
    for i in range(n):
        rel, text = post_text(i, random.Random(seed * 1_000_003 + i))
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


STOCK_CONF = '''\
PATH = {content!r}
SITENAME = "Stock"
SITEURL = ""
TIMEZONE = "Pacific/Auckland"
DEFAULT_LANG = "fr"
DEFAULT_PAGINATION = 10
FEED_DOMAIN = "http://localhost:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
TAG_FEED_ATOM = "feeds/tag_{{slug}}.atom.xml"
FEED_ALL_RSS = CATEGORY_FEED_RSS = TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = None
PLUGINS = []
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
DELETE_OUTPUT_DIRECTORY = True
'''


class TreeRSS:
    """Peak memory of a process and all its descendants (summed PSS)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    @staticmethod
    def _pss(pid: int) -> int:
        """Proportional set size: pages shared between processes (a child between
        fork and exec shares all of its parent's) are split, not counted twice."""
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        return 0

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._pss(pid) for pid in self._tree()))
            self._stop.wait(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(cmd: list[str], env=None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process tree, peak tree PSS in bytes)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    sampler = TreeRSS(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    peak = sampler.stop()
    out = proc.stdout.read().decode("utf-8", "replace")
    proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, peak


def tree_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def home_gzip(out: Path) -> int:
    page = out / "index.html"
    html = page.read_text(encoding="utf-8")
    refs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    refs += re.findall(r'<script src="([^"]+)"', html)
    total = len(gzip.compress(page.read_bytes(), 9, mtime=0))
    for ref in refs:
        asset = (page.parent / ref).resolve()
        if asset.is_file():
            total += len(gzip.compress(asset.read_bytes(), 9, mtime=0))
    return total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2,
                        help="cold builds per side, alternating (best kept)")
    parser.add_argument("--work", type=Path, help="keep the corpus and outputs here")
    parser.add_argument("--no-stock", action="store_true", help="skip stock Pelican")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="megawatch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    content, ours, stock = work / "content", work / "ours", work / "stock"
    cache = work / "cache"
    generate(content, args.posts)
    tracker = work / "tracker.toml"
    shutil.copy(ROOT / "tracker.toml", tracker)
    conf = work / "stockconf.py"
    conf.write_text(STOCK_CONF.format(content=str(content)), encoding="utf-8")
    py = sys.executable
    env = {**os.environ, "PYTHONHASHSEED": "0"}

    def ours_cmd(now: datetime) -> list[str]:
        return [py, "-m", "scrapers", "build", "--config", str(tracker), "--content",
                str(content), "--output", str(ours), "--cache", str(cache),
                "--now", now.isoformat()]

    def cold_ours():
        shutil.rmtree(ours, ignore_errors=True)
        shutil.rmtree(ours.with_name(f".{ours.name}.spare"), ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        return run(ours_cmd(NOW), env)

    def cold_stock():
        shutil.rmtree(stock, ignore_errors=True)
        return run([py, "-m", "pelican", str(content), "-s", str(conf), "-o", str(stock),
                    "-q"], env)

    print(f"{args.posts} posts in {content}")
    best_ours = best_stock = None
    for r in range(args.rounds):
        for side in (("ours", "stock") if r % 2 == 0 else ("stock", "ours")):
            if side == "stock" and args.no_stock:
                continue
            result = cold_ours() if side == "ours" else cold_stock()
            print(f"  round {r + 1} {side:5}: {result[0]:6.2f} s wall, {result[1]:6.2f} s CPU, "
                  f"peak {result[2] / 2**20:5.0f} MB", flush=True)
            # Best wall and best CPU of the rounds (each its own minimum), and the
            # highest peak (memory is not a race).
            best = best_ours if side == "ours" else best_stock
            best = result if best is None else (min(best[0], result[0]),
                                                min(best[1], result[1]),
                                                max(best[2], result[2]))
            if side == "ours":
                best_ours = best
            else:
                best_stock = best

    # Rebuilds start from the last cold build of ours (output and cache in place).
    if args.rounds % 2 == 0 or args.no_stock:
        cold_ours()
    rows = []
    rows.append(("no change", run(ours_cmd(NOW), env)))
    tomorrow = NOW + timedelta(days=1)
    rows.append(("next day", run(ours_cmd(tomorrow), env)))
    extra = content / "articles" / "2026" / "billet-nouveau.md"
    extra.parent.mkdir(parents=True, exist_ok=True)
    extra.write_text(post_text(args.posts + 1, random.Random(7))[1].replace(
        "Slug: billet-", "Slug: nouveau-billet-"), encoding="utf-8")
    rows.append(("+1 post", run(ours_cmd(tomorrow), env)))
    rel, _ = post_text(args.posts // 2, random.Random(15 * 1_000_003 + args.posts // 2))
    _, edited_text = post_text(args.posts // 2, random.Random(15 * 1_000_003 + args.posts // 2),
                               edited=True)
    (content / rel).write_text(edited_text, encoding="utf-8")
    rows.append(("1 edited", run(ours_cmd(tomorrow), env)))
    # The same inputs from scratch, for the peak RSS and sizes of a cold build.
    extra.unlink()
    generate(content, args.posts)

    files, size = tree_size(ours)
    print()
    print(f"| {args.posts} posts | wall | CPU |")
    print("|---|---|---|")
    print(f"| cold, ours | {best_ours[0]:.2f} s | {best_ours[1]:.2f} s |")
    if best_stock:
        print(f"| cold, stock Pelican | {best_stock[0]:.2f} s | {best_stock[1]:.2f} s |")
        print(f"| ours / stock | {best_ours[0] / best_stock[0]:.2f} | "
              f"{best_ours[1] / best_stock[1]:.2f} |")
    for name, (wall, cpu, _) in rows:
        print(f"| rebuild, {name} (fraction of cold) | {wall / best_ours[0]:.3f} "
              f"({wall:.2f} s) | {cpu / best_ours[1]:.3f} ({cpu:.2f} s) |")
    print()
    print(f"peak memory (process tree, PSS), ours cold: {best_ours[2] / 2**20:.0f} MB"
          + (f"; stock: {best_stock[2] / 2**20:.0f} MB" if best_stock else ""))
    print(f"home page (HTML + CSS + JS, gzip -9): {home_gzip(ours) / 1024:.1f} KB")
    print(f"output, ours: {files} files, {size / 2**20:.1f} MB", end="")
    if best_stock:
        sfiles, ssize = tree_size(stock)
        print(f"; stock: {sfiles} files, {ssize / 2**20:.1f} MB")
    else:
        print()
    print(f"work folder: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
