"""The ``megawatch`` command (also ``python -m scrapers``): the only module that prints.

Commands follow the pipeline: scrape (fetch, parse, relevance, claims, posts),
import-archive, claims, reextract, review, build (Pelican), serve. Libraries log
through ``logging`` and report progress through callbacks; this module turns
them into lines, progress bars and JSON documents.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date, datetime, timezone
from importlib import metadata as importlib_metadata
from pathlib import Path

from scrapers import config as config_mod
from scrapers.errors import ConfigError, MegawatchError

log = logging.getLogger("scrapers")
ROOT = Path(__file__).resolve().parent.parent
PROG = "megawatch"

EXIT_CODES = """\
exit status:
  0    done, nothing failed
  1    the run went on but something failed: a source (scrape), a tweet
       (import-archive), a post (reextract), a malformed Claim line (review),
       the build itself (build)
  2    usage or configuration error: a bad option, an invalid tracker.toml,
       a missing --content folder, a busy port, publishing without an address
  130  interrupted (Ctrl-C)"""

DESCRIPTION = """\
Megawatch follows the launch promises of Kim Dotcom's services: it scrapes news
feeds, article pages and tweets into Markdown posts under content/, reads each
text for launch claims, and builds the French site (countdowns, promises,
feeds, calendar, JSON) with Pelican into output/."""

EXAMPLES = """\
examples:
  megawatch scrape                      fetch every source, write new posts
  megawatch review                      accept or reject the claims awaiting review
  megawatch build && megawatch serve    build output/, preview it on 127.0.0.1:8000
  megawatch build --publish --siteurl https://example.org/megawatch

Every command takes --config (default tracker.toml) and --content (default content/).
'python -m scrapers' is the same program."""


def version() -> str:
    try:
        return importlib_metadata.version("megawatch")
    except importlib_metadata.PackageNotFoundError:  # a checkout that was never installed
        return "0+unknown"


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2013-01-20") from None


def _now(value: str) -> datetime:
    try:
        now = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO date or datetime like 2013-01-20T12:00:00+13:00") from None
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (0-65535)")
    return port


def _siteurl(value: str) -> str:
    url = value.strip().rstrip("/")
    if not url.startswith(("https://", "http://")) or len(url.split("/")) < 3 \
            or not url.split("/")[2]:
        raise argparse.ArgumentTypeError(f"{value!r} is not a site address like "
                                         "https://example.org/megawatch")
    return url


def _sub(sub, name: str, parents, summary: str, description: str, examples: str):
    return sub.add_parser(name, parents=parents, help=summary,
                          description=f"{summary[0].upper()}{summary[1:]}.\n\n{description}",
                          epilog=f"examples:\n{examples}\n\n{EXIT_CODES}",
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=Path("tracker.toml"),
                        help="tracker file: subject, services, sources (default: tracker.toml)")
    common.add_argument("--content", type=Path, default=Path("content"),
                        help="folder of posts; it must exist (default: content/)")
    common.add_argument("--state", type=Path,
                        help="state file: every item already posted "
                        "(default: <config>.state.json beside the config)")
    common.add_argument("-v", "--verbose", action="count", default=0,
                        help="more log lines on stderr (-vv: debug)")
    common.add_argument("-q", "--quiet", action="store_true",
                        help="only warnings and errors on stderr; no progress bar")

    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION,
                                     epilog=f"{EXAMPLES}\n\n{EXIT_CODES}",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"{PROG} {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _sub(sub, "scrape", [common], "fetch every source and write new posts",
             "Each source of tracker.toml is fetched (HTTP validators make an unchanged feed "
             "cost one 304), its items are parsed, kept when they concern a tracked service, "
             "read for launch claims and written as posts. One line per source; a source "
             "that fails is a line, not the end of the run. New automatic claims are "
             "pending until an editor reviews them or another publisher agrees.",
             "  megawatch scrape\n"
             "  megawatch scrape --source Numerama --dry-run\n"
             "  megawatch scrape --json > scrape.json")
    p.add_argument("--source", action="append", default=[], metavar="NAME",
                   help="only this source (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="fetch and read, write nothing")
    p.add_argument("--since", type=_date, metavar="DATE",
                   help="ignore items published before this day (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON document (sources, new posts, pending claims) "
                   "instead of lines")

    p = _sub(sub, "import-archive", [common],
             "import an X archive (zip or folder) or a JSON Lines file of tweets",
             "Tweets from an archive export (data/tweets.js) or from JSON Lines in the X API "
             "v2 shape go through the same relevance, claims and posts as a scrape. A tweet "
             "that cannot be read is a 'skipped:' line; the others are imported.",
             "  megawatch import-archive ~/twitter-2024.zip\n"
             "  megawatch import-archive tweets.jsonl --account KimDotcom")
    p.add_argument("path", type=Path, help="archive (.zip or folder) or .jsonl file")
    p.add_argument("--account", help="the account whose tweets are kept "
                   "(default: the x source's account in tracker.toml)")
    p.add_argument("--dry-run", action="store_true", help="read, write nothing")

    p = _sub(sub, "claims", [common], "extract launch claims from JSON Lines",
             "Reads one JSON object a line: \"text\", \"published\" (YYYY-MM-DD or an "
             "ISO datetime: relative dates resolve against it), and optionally \"id\" and "
             "\"lang\" (fr or en, else detected). Prints one JSON line for each: "
             "{\"id\", \"claims\": [...]}, with \"error\" instead of failing on a bad "
             "line. Fields and an example: docs/cli.md.",
             "  echo '{\"id\": 1, \"text\": \"Mega ouvrira le 19 janvier.\", "
             "\"published\": \"2012-12-20\"}' | megawatch claims --jsonl -")
    p.add_argument("--jsonl", required=True, metavar="FILE",
                   help="input file, or - for standard input")

    p = _sub(sub, "reextract", [common], "recompute the claims of existing posts",
             "Reads every post again with the current extractor and rewrites its automatic "
             "Claim lines. Claims an editor reviewed or rejected are always kept; posts "
             "edited by hand are left alone unless --all.",
             "  megawatch reextract\n"
             "  megawatch reextract --all")
    p.add_argument("--all", action="store_true",
                   help="also posts edited by hand (reviewed claims are always kept)")

    p = _sub(sub, "review", [common], "review the claims awaiting an editor",
             "Lists the automatic claims that are neither reviewed nor corroborated, oldest "
             "first, grouped by service, and records decisions in the posts' Claim lines. "
             "On a terminal, with no option, it asks for each claim: a = accept, "
             "r = reject, e = edit dates, s = skip, q = quit.",
             "  megawatch review\n"
             "  megawatch review --list --json\n"
             "  megawatch review --accept 1a2b3c4d5e --reject 6f7a8b9c0d\n"
             "  megawatch review --set 1a2b3c4d5e 2013-01-19 2013-01-19")
    p.add_argument("--list", action="store_true", help="list pending claims and exit")
    p.add_argument("--json", action="store_true",
                   help="print JSON: the pending claims, or the decisions taken")
    p.add_argument("--accept", action="append", default=[], metavar="ID",
                   help="mark a claim reviewed (repeatable)")
    p.add_argument("--reject", action="append", default=[], metavar="ID",
                   help="mark a claim rejected (repeatable)")
    p.add_argument("--set", nargs=3, action="append", default=[],
                   metavar=("ID", "EARLIEST", "LATEST"),
                   help="correct a claim's window (ISO dates, - for none) and mark it reviewed")

    p = _sub(sub, "build", [common], "build the site into output/ with Pelican",
             "Offline and deterministic for a given --now: the same posts, settings and day "
             "give the same bytes. A rebuild reuses what did not change (.megawatch/"
             "build-cache). --publish builds for the public address, which must be given "
             "(--siteurl, or MEGAWATCH_SITEURL).",
             "  megawatch build\n"
             "  megawatch build --now 2013-01-01T00:00:00+13:00 --output /tmp/site\n"
             "  megawatch build --publish --siteurl https://example.org/megawatch")
    p.add_argument("--output", type=Path, default=Path("output"),
                   help="where the site is written (default: output/)")
    p.add_argument("--now", type=_now, help="pin 'now' for countdowns (default: "
                   "SOURCE_DATE_EPOCH, else the clock)")
    p.add_argument("--publish", action="store_true",
                   help="build for publishing (publishconf.py: absolute URLs)")
    p.add_argument("--siteurl", type=_siteurl, metavar="URL",
                   help="with --publish: the site's public address "
                   "(default: $MEGAWATCH_SITEURL)")
    p.add_argument("--settings", type=Path, help="another Pelican settings file")
    p.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    p.add_argument("--cache", type=Path, help="build cache folder (default: .megawatch/"
                   "build-cache beside the config)")
    p.add_argument("--cold", action="store_true",
                   help="ignore the build cache and the previous output: build everything")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = _sub(sub, "serve", [], "preview the built site on http://127.0.0.1:8000/",
             "Serves output/ over HTTP on the loopback address until Ctrl-C or SIGTERM. "
             "Open the site through this server, not as files: links and search need it.",
             "  megawatch serve\n"
             "  megawatch serve --port 8001\n"
             "  make serve PORT=8001")
    p.add_argument("--output", type=Path, default=Path("output"),
                   help="the built site (default: output/)")
    p.add_argument("--port", type=_port, default=8000,
                   help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help="log every request")
    p.add_argument("-q", "--quiet", action="store_true", help="say nothing but errors")
    return parser


# What each stage of scrapers.site.build is called on the progress line.
STAGE_WORDS = {"fingerprint": "checking what changed", "pelican": "rendering pages (Pelican)",
               "search": "finishing the search index", "swap": "putting the new site in place"}


class Progress:
    """A progress bar on a terminal (rich), plain lines elsewhere (CI logs).

    ``update(done, total, label)`` takes the callbacks of scrape and reextract;
    ``stage(name)`` those of build. Plain mode prints a line at each stage, each
    source, and every tenth of a long run, on stderr; quiet and JSON runs show
    nothing.
    """

    def __init__(self, what: str, *, enabled: bool = True, stream=None):
        self.what, self.stream = what, stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and self.stream.isatty()
        self._bar = self._task = None
        self._last_tenth = -1

    def _start(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar,
                                   SpinnerColumn, TextColumn, TimeElapsedColumn)

        self._bar = Bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(),
                        console=Console(file=self.stream), transient=True)
        self._bar.start()
        self._task = self._bar.add_task(self.what, total=total)

    def _draw(self, completed: int, total: int, description: str) -> None:
        if self._bar is None:
            self._start(total)
        self._bar.update(self._task, completed=completed, total=total, description=description)

    def update(self, done: int, total: int, label: str = "") -> None:
        if not self.enabled:
            return
        if self.tty:
            self._draw(done, total, f"{self.what} {label}".strip())
            if done >= total:
                self.close()
            return
        if total <= 20:  # a few sources: a line each
            if label:
                print(f"{self.what}: [{done + 1}/{total}] {label}", file=self.stream,
                      flush=True)
            return
        tenth = done * 10 // total if total else 10
        if tenth != self._last_tenth:
            self._last_tenth = tenth
            print(f"{self.what}: {done}/{total}", file=self.stream, flush=True)

    def stage(self, name: str) -> None:
        from scrapers.site import BUILD_STAGES

        if not self.enabled:
            return
        words = f"{self.what}: {STAGE_WORDS.get(name, name)}"
        if self.tty:
            self._draw(BUILD_STAGES.index(name) if name in BUILD_STAGES else 0,
                       len(BUILD_STAGES), words)
            return
        print(words, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _setup_logging(args) -> None:
    level = logging.WARNING if args.quiet else logging.INFO if args.verbose == 0 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    if args.verbose == 0:
        for noisy in ("urllib3", "requests", "tweepy", "scrapers", "pelican", "trafilatura",
                      "htmldate", "courlan"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


def _paths(args):
    from scrapers.state import default_state_path, default_status_path

    return (args.state or default_state_path(args.config), default_status_path(args.config))


def _show_progress(args) -> bool:
    return not (args.quiet or getattr(args, "json", False))


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))


def scrape_report(summary, pending, content: Path, dry_run: bool) -> dict:
    """The machine-readable account of a scrape (``scrape --json``; the job summary)."""
    def rel(path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(content.resolve()).as_posix()
        except ValueError:
            return str(path)

    sources = [{
        "name": r.name, "kind": r.kind,
        "outcome": "skipped" if r.skipped else "failed" if r.error else "ok",
        "error": r.error or None, "skipped": r.skipped or None,
        "new_posts": r.new_posts, "items": r.items, "irrelevant": r.irrelevant,
        "known": r.duplicates, "not_modified": r.not_modified, "too_old": r.too_old,
        "claims": r.claims, "item_errors": list(r.item_errors),
        "posts": [rel(p) for p in r.paths], "line": r.line(),
    } for r in summary.results]
    return {
        "sources": sources,
        "new_posts": summary.new_posts,
        "failed": sum(1 for r in summary.results if r.error),
        "skipped": sum(1 for r in summary.results if r.skipped),
        "all_failed": summary.all_failed,
        "dry_run": dry_run,
        "line": summary.line(),
        "pending": [{"id": p.id, "service": p.claim.service, "kind": p.claim.kind,
                     "window": _window_words(p.claim), "post": p.rel} for p in pending],
    }


def cmd_scrape(args, tracker) -> int:
    from scrapers import scrape

    state_path, status_path = _paths(args)
    bar = Progress("scrape", enabled=_show_progress(args))
    try:
        summary = scrape.run(tracker, args.content, state_path=state_path,
                             status_path=status_path, only=args.source, dry_run=args.dry_run,
                             since=args.since, progress=bar.update)
    finally:
        bar.close()
    new = {p.resolve() for r in summary.results for p in r.paths}
    fresh = []
    if new:
        from scrapers.review import queue

        pending, _ = queue(tracker, args.content)
        fresh = [p for p in pending if p.path.resolve() in new]
    code = 1 if any(r.error for r in summary.results) else 0
    report = scrape_report(summary, fresh, args.content, args.dry_run)
    if not args.dry_run:  # the last run's report, for the job summary and `invoke update`
        from scrapers.posts import atomic_write
        from scrapers.state import default_report_path

        path = default_report_path(args.config)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    if args.json:
        _print_json(report)
        return code
    for result in summary.results:
        print(result.line())
        for path in result.paths:
            print(f"  + {path}")
    print(summary.line() + (" (dry run)" if args.dry_run else ""))
    if new:
        for p in fresh:
            c = p.claim
            print(f"pending: {p.id} {c.service} | {c.kind} {_window_words(c)} | {p.rel}")
        print(f"{len(fresh)} new claims await review (megawatch review)")
    return code


def cmd_import_archive(args, tracker) -> int:
    from scrapers.parse.tweets import parse_archive, parse_jsonl_file, tweets_to_items
    from scrapers.scrape import Pipeline, SourceResult
    from scrapers.state import State
    from scrapers.store import PostStore, run_lock

    x_sources = [s for s in tracker.sources if s.kind == "x"]
    account = args.account or (x_sources[0].account if x_sources else tracker.subject.handle)
    if not account:
        raise ConfigError(str(args.config), "no x source and no --account to import")
    source_name = next((s.name for s in x_sources if s.account == account), f"@{account}")
    lang = next((s.lang for s in x_sources if s.account == account), "")
    if args.path.suffix.lower() in (".jsonl", ".ndjson"):
        batch = parse_jsonl_file(args.path)
    else:
        batch = parse_archive(args.path, account=account)
    for err in batch.errors:
        print(f"skipped: {err}")
    items = tweets_to_items(batch, batch.includes, account=account, source_name=source_name,
                            tz=tracker.subject.timezone)
    state_path, _ = _paths(args)
    result = SourceResult(str(args.path), "x")
    bar = Progress("import", enabled=_show_progress(args))
    with run_lock(state_path):
        state = State.load(state_path)
        pipeline = Pipeline(tracker, PostStore(args.content, state), dry_run=args.dry_run)
        for i, item in enumerate(items):
            bar.update(i, len(items), "")
            item.lang = item.lang or lang
            pipeline.accept(item, result)
        bar.update(len(items), len(items), "")
        bar.close()
        if not args.dry_run:
            state.save()
    print(result.line())
    for path in result.paths:
        print(f"  + {path}")
    return 1 if batch.errors or result.item_errors else 0


def cmd_claims(args, tracker) -> int:
    from scrapers.claims import run_jsonl
    from scrapers.parse.text import repair

    if args.jsonl == "-":
        lines = sys.stdin
        for out in run_jsonl(lines, tracker):
            print(repair(out)[0], flush=False)  # a lone surrogate is printed as U+FFFD
        return 0
    try:
        # A byte that is not UTF-8 costs its character, not the run (U+FFFD).
        with open(args.jsonl, encoding="utf-8", errors="replace") as f:
            for out in run_jsonl(f, tracker):
                print(repair(out)[0])
    except OSError as exc:
        raise MegawatchError(args.jsonl, f"cannot read: {exc}") from None
    return 0


def cmd_reextract(args, tracker) -> int:
    from scrapers.reextract import reextract

    state_path, status_path = _paths(args)
    bar = Progress("reextract", enabled=_show_progress(args))
    try:
        report = reextract(tracker, args.content, state_path=state_path,
                           texts_dir=status_path.parent / "texts", include_edited=args.all,
                           progress=bar.update)
    finally:
        bar.close()
    print(f"{report.posts} posts read, {report.changed} rewritten, "
          f"{report.edited_skipped} edited by hand left alone, "
          f"{report.reviewed_kept} reviewed claims kept")
    for err in report.errors:
        print(f"error: {err}")
    return 1 if report.errors else 0


PUBLISH_HELP = ("build --publish needs the site's public address: pass --siteurl "
                "https://example.org/megawatch or set MEGAWATCH_SITEURL")


def publish_url(args) -> str | None:
    """The address a --publish build is for (--siteurl, else $MEGAWATCH_SITEURL); None
    when not publishing. Raises ConfigError when publishing has no valid address."""
    import os

    if not args.publish:
        if args.siteurl:
            raise ConfigError("--siteurl", f"{args.siteurl!r} only applies with --publish")
        return None
    url = args.siteurl
    if not url:
        raw = os.environ.get("MEGAWATCH_SITEURL", "")
        if not raw.strip():
            raise ConfigError("MEGAWATCH_SITEURL", PUBLISH_HELP)
        try:
            url = _siteurl(raw)
        except argparse.ArgumentTypeError as exc:
            raise ConfigError("MEGAWATCH_SITEURL", str(exc)) from None
    os.environ["MEGAWATCH_SITEURL"] = url  # publishconf.py reads it
    return url


def cmd_build(args, tracker) -> int:
    from scrapers.site import build

    url = publish_url(args)
    if url:
        print(f"Building for {url}/", file=sys.stderr if args.json else sys.stdout)
    bar = Progress("build", enabled=_show_progress(args))
    try:
        report = build(config_path=args.config, content=args.content, output=args.output,
                       now=args.now, publish=args.publish, settings_file=args.settings,
                       search=not args.no_search, cache=args.cache, cold=args.cold,
                       progress=bar.stage)
    finally:
        bar.close()
    if args.json:
        _print_json({"output": str(report.output), "siteurl": url, "mode": report.mode,
                     "seconds": round(report.seconds, 3), "posts": report.posts,
                     "services": report.services, "claims": report.claims,
                     "files": report.files, "rendered": report.rendered,
                     "reused": report.reused})
        return 0
    how = {"unchanged": "nothing changed since the last build, output/ kept",
           "incremental": f"{report.rendered} post pages rendered, {report.reused} reused",
           "cold": "full build"}[report.mode]
    print(f"Site built in {report.output}/ ({report.seconds:.1f} s; {how}): {report.posts} "
          f"posts, {report.services} services, {report.claims} claims, {report.files} files.")
    if not url:
        print("Preview it with 'make serve' (megawatch serve): http://127.0.0.1:8000/")
    return 0


def _window_words(c) -> str:
    lo = c.earliest.isoformat() if c.earliest else "…"
    hi = c.latest.isoformat() if c.latest else "…"
    return lo if lo == hi else f"{lo} .. {hi}"


def _show_pending(p, out=None) -> None:
    out = out or sys.stdout
    c = p.claim
    flags = f" [{', '.join(p.flags)}]" if p.flags else ""
    print(f"  {p.id}  {c.kind} {_window_words(c)} ({c.precision})  said {c.stated_on}"
          f"  confidence {c.confidence:.2f}{flags}", file=out)
    print(f"      {p.source or '?'}: {p.title}", file=out)
    if p.link:
        print(f"      {p.link}", file=out)
    print(f"      « {c.quote} »", file=out)
    if p.same_words_as:
        print(f"      same words as {', '.join(p.same_words_as)}: a reprint is no second source",
              file=out)
    print(f"      {p.rel}:{p.line}", file=out)


def _read_key(prompt: str) -> str:
    """One key from the terminal (in cbreak mode: see _interactive), without Enter."""
    print(prompt, end="", flush=True)
    key = sys.stdin.read(1)
    print(key if key.isprintable() else "")
    return key.lower()


def _interactive(args, tracker, pending) -> int:
    """One key per claim. The terminal stays in cbreak mode for the whole session,
    so a key typed at once is never held for Enter; only the date prompts read a
    line, in the terminal's own mode."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    tty.setcbreak(fd)
    try:
        return _review_keys(pending, lambda: termios.tcsetattr(fd, termios.TCSADRAIN, old),
                            lambda: tty.setcbreak(fd))
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


def _review_keys(pending, line_mode, key_mode) -> int:
    from scrapers.review import ReviewError, decided, write_decision

    done = {"accept": 0, "reject": 0, "set": 0, "skip": 0}
    service = None
    for i, p in enumerate(pending, 1):
        if p.claim.service != service:
            service = p.claim.service
            print(f"\n== {service}")
        print(f"\n[{i}/{len(pending)}]")
        _show_pending(p)
        while True:
            key = _read_key("(a)ccept (r)eject (e)dit dates (s)kip (q)uit? ")
            try:
                if key == "a":
                    write_decision(p, decided(p.claim, "accept"))
                    done["accept"] += 1
                elif key == "r":
                    write_decision(p, decided(p.claim, "reject"))
                    done["reject"] += 1
                elif key == "e":
                    line_mode()
                    try:
                        lo = input("  earliest (YYYY-MM-DD or -): ")
                        hi = input("  latest (YYYY-MM-DD or -): ")
                    finally:
                        key_mode()
                    new = decided(p.claim, "set", lo, hi, p.id)
                    write_decision(p, new)
                    print(f"  set to {_window_words(new)} ({new.precision}), reviewed")
                    done["set"] += 1
                elif key == "s":
                    done["skip"] += 1
                elif key in ("q", "\x04", ""):
                    print(_review_total(done))
                    return 0
                else:
                    continue
            except ReviewError as exc:
                print(f"  error: {exc}")
                continue
            break
    print(_review_total(done))
    return 0


def _review_total(done: dict) -> str:
    return (f"{done['accept']} accepted, {done['reject']} rejected, {done['set']} dates set, "
            f"{done['skip']} skipped")


def cmd_review(args, tracker) -> int:
    from scrapers import review
    from scrapers.store import remove_stale_temp_files, run_lock

    state_path, _ = _paths(args)
    with run_lock(state_path):  # what a killed review left: ours to remove under the lock
        remove_stale_temp_files(args.content)
    decisions = ([(i, "accept", None, None) for i in args.accept]
                 + [(i, "reject", None, None) for i in args.reject]
                 + [(i, "set", lo, hi) for i, lo, hi in args.set])
    if decisions:
        done = []
        with run_lock(state_path):
            for (_, action, _, _), (target, new) in zip(
                    decisions, review.decide_all(tracker, args.content, decisions)):
                done.append((action, target, new))
        if args.json:
            _print_json({"decisions": [{
                "id": t.id, "decision": {"accept": "accepted", "reject": "rejected",
                                         "set": "set"}[a],
                "status": "rejected" if a == "reject" else "reviewed",
                "service": t.claim.service, "post": t.rel, "line": t.line,
                "earliest": n.earliest.isoformat() if n.earliest else None,
                "latest": n.latest.isoformat() if n.latest else None,
            } for a, t, n in done]})
            return 0
        for action, target, new in done:
            word = {"accept": "accepted", "reject": "rejected",
                    "set": f"set to {_window_words(new)}, reviewed"}[action]
            print(f"{target.id} {word}: {target.claim.service} {target.rel}:{target.line}")
        return 0
    pending, errors = review.queue(tracker, args.content)
    for err in errors:
        print(f"error: {err}", file=sys.stderr)
    if args.json:
        _print_json({"pending": [p.to_json() for p in pending], "errors": errors})
        return 1 if errors else 0
    if not args.list and sys.stdin.isatty() and sys.stdout.isatty() and pending:
        with run_lock(state_path):
            return _interactive(args, tracker, pending)
    service = None
    for p in pending:
        if p.claim.service != service:
            service = p.claim.service
            print(f"== {service}")
        _show_pending(p)
    print(f"{len(pending)} pending claims" + (f", {len(errors)} malformed lines" if errors else ""))
    return 1 if errors else 0


def cmd_serve(args) -> int:
    """Serve the built site on 127.0.0.1 until Ctrl-C or SIGTERM, then exit 0."""
    import errno
    import functools
    import http.server
    import signal

    output = args.output
    if not (output / "index.html").is_file():
        raise ConfigError(str(output), "no built site here (no index.html): run 'megawatch "
                          "build' or 'make site' first")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, fmt, *values):  # one line a request with -v, else nothing
            if args.verbose:
                print(f"{self.address_string()} {fmt % values}", file=sys.stderr)

    handler = functools.partial(Handler, directory=str(output.resolve()))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            nxt = args.port + 1
            raise ConfigError(f"127.0.0.1:{args.port}",
                              f"port {args.port} is busy (another server is running?): "
                              f"use another one, megawatch serve --port {nxt} "
                              f"(make serve PORT={nxt})") from None
        raise ConfigError(f"127.0.0.1:{args.port}", f"cannot listen: {exc}") from None
    server.daemon_threads = True

    class _Stop(Exception):
        pass

    def _stop(signum, frame):
        raise _Stop()

    previous = signal.signal(signal.SIGTERM, _stop)
    port = server.server_address[1]
    if not args.quiet:
        print(f"Serving {output}/ on http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        server.server_close()
        signal.signal(signal.SIGTERM, previous)
    if not args.quiet:
        print("Server stopped.", flush=True)
    return 0


COMMANDS = {"review": cmd_review, "scrape": cmd_scrape, "import-archive": cmd_import_archive,
            "claims": cmd_claims, "reextract": cmd_reextract, "build": cmd_build}
# Commands that read the posts: their --content folder must exist (a typo must not
# build an empty site or report "0 posts read"). scrape and import-archive write
# posts: the store creates the folders it writes into.
NEEDS_CONTENT = {"reextract", "review", "build"}


def main(argv: list[str] | None = None) -> int:
    # Text from sources may hold lone surrogates: printed as U+FFFD, never a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace" if stream is sys.stdout else "backslashreplace")
    args = build_parser().parse_args(argv)
    _setup_logging(args)
    try:
        if args.command == "serve":
            return cmd_serve(args)
        tracker = config_mod.load(args.config)
        if args.command in NEEDS_CONTENT and not args.content.is_dir():
            raise ConfigError(str(args.content), "no such folder: --content must be the "
                              "folder of posts (default: content/)")
        return COMMANDS[args.command](args, tracker)
    except ConfigError as exc:
        print(f"{PROG}: configuration error: {exc}", file=sys.stderr)
        return 2
    except MegawatchError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
