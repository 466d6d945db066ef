"""Command line: ``python -m scrapers COMMAND``. The only module that prints.

Commands: scrape, import-archive, claims, reextract, build. Every command
takes ``--config PATH`` (default tracker.toml) and ``--content DIR`` (default
content/), so a second tracker can live beside the first.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from scrapers import config as config_mod
from scrapers.errors import ConfigError, MegawatchError

log = logging.getLogger("scrapers")
ROOT = Path(__file__).resolve().parent.parent


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


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=Path("tracker.toml"),
                        help="tracker file (default: tracker.toml)")
    common.add_argument("--content", type=Path, default=Path("content"),
                        help="folder of posts (default: content/)")
    common.add_argument("--state", type=Path, help="state file (default: <config>.state.json)")
    common.add_argument("-v", "--verbose", action="count", default=0)
    common.add_argument("-q", "--quiet", action="store_true")

    parser = argparse.ArgumentParser(prog="python -m scrapers", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("scrape", parents=[common], help="fetch every source and write new posts")
    p.add_argument("--source", action="append", default=[], metavar="NAME",
                   help="only this source (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="write nothing")
    p.add_argument("--since", type=_date, help="ignore items published before this date")

    p = sub.add_parser("import-archive", parents=[common],
                       help="import an X archive (zip or folder) or a JSON Lines file of tweets")
    p.add_argument("path", type=Path)
    p.add_argument("--account", help="the account whose tweets are kept (default: the x source's)")
    p.add_argument("--dry-run", action="store_true")

    p = sub.add_parser("claims", parents=[common], help="extract launch claims from JSON Lines")
    p.add_argument("--jsonl", required=True, help="input file, or - for stdin")

    p = sub.add_parser("reextract", parents=[common], help="recompute claims in existing posts")
    p.add_argument("--all", action="store_true",
                   help="also posts edited by hand (reviewed claims are always kept)")

    p = sub.add_parser("build", parents=[common], help="build the site with Pelican")
    p.add_argument("--output", type=Path, default=Path("output"))
    p.add_argument("--now", type=_now, help="pin 'now' for countdowns (default: "
                   "SOURCE_DATE_EPOCH, else the clock)")
    p.add_argument("--publish", action="store_true", help="use publishconf.py (absolute URLs)")
    p.add_argument("--settings", type=Path, help="Pelican settings file")
    p.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    p.add_argument("--cache", type=Path, help="build cache folder (default: .megawatch/"
                   "build-cache beside the config)")
    p.add_argument("--cold", action="store_true",
                   help="ignore the build cache and the previous output: build everything")
    return parser


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


def cmd_scrape(args, tracker) -> int:
    from scrapers import scrape

    state_path, status_path = _paths(args)
    tty = sys.stdout.isatty()

    def progress(i, n, name):
        if tty and name:
            print(f"\r[{i + 1}/{n}] {name:<40}", end="", flush=True)
        elif tty:
            print("\r" + " " * 50 + "\r", end="", flush=True)

    summary = scrape.run(tracker, args.content, state_path=state_path, status_path=status_path,
                         only=args.source, dry_run=args.dry_run, since=args.since,
                         progress=progress)
    for result in summary.results:
        print(result.line())
        for path in result.paths:
            print(f"  + {path}")
    print(summary.line() + (" (dry run)" if args.dry_run else ""))
    return 1 if summary.all_failed else 0


def cmd_import_archive(args, tracker) -> int:
    from scrapers.parse.tweets import parse_archive, parse_jsonl, tweets_to_items
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
        try:
            data = args.path.read_bytes()
        except OSError as exc:
            raise MegawatchError(str(args.path), f"cannot read: {exc}") from None
        batch = parse_jsonl(data, str(args.path))
    else:
        batch = parse_archive(args.path, account=account)
    for err in batch.errors:
        print(f"skipped: {err}")
    items = tweets_to_items(batch, batch.includes, account=account, source_name=source_name,
                            tz=tracker.subject.timezone)
    state_path, _ = _paths(args)
    result = SourceResult(str(args.path), "x")
    with run_lock(state_path):
        state = State.load(state_path)
        pipeline = Pipeline(tracker, PostStore(args.content, state), dry_run=args.dry_run)
        for item in items:
            item.lang = item.lang or lang
            pipeline.accept(item, result)
        if not args.dry_run:
            state.save()
    print(result.line())
    for path in result.paths:
        print(f"  + {path}")
    return 0


def cmd_claims(args, tracker) -> int:
    from scrapers.claims import run_jsonl

    if args.jsonl == "-":
        lines = sys.stdin
        for out in run_jsonl(lines, tracker):
            print(out, flush=False)
        return 0
    try:
        with open(args.jsonl, encoding="utf-8") as f:
            for out in run_jsonl(f, tracker):
                print(out)
    except OSError as exc:
        raise MegawatchError(args.jsonl, f"cannot read: {exc}") from None
    return 0


def cmd_reextract(args, tracker) -> int:
    from scrapers.reextract import reextract

    state_path, status_path = _paths(args)
    report = reextract(tracker, args.content, state_path=state_path,
                       texts_dir=status_path.parent / "texts", include_edited=args.all)
    print(f"{report.posts} posts read, {report.changed} rewritten, "
          f"{report.edited_skipped} edited by hand left alone, "
          f"{report.reviewed_kept} reviewed claims kept")
    for err in report.errors:
        print(f"error: {err}")
    return 1 if report.errors else 0


def cmd_build(args, tracker) -> int:
    from scrapers.site import build

    report = build(config_path=args.config, content=args.content, output=args.output,
                   now=args.now, publish=args.publish, settings_file=args.settings,
                   search=not args.no_search, cache=args.cache, cold=args.cold)
    how = {"unchanged": "nothing changed since the last build, output/ kept",
           "incremental": f"{report.rendered} post pages rendered, {report.reused} reused",
           "cold": "full build"}[report.mode]
    print(f"Site built in {report.output}/ ({report.seconds:.1f} s; {how}): {report.posts} "
          f"posts, {report.services} services, {report.claims} claims, {report.files} files.")
    print(f"Open {report.output / 'index.html'} or run 'make serve' "
          f"(http://localhost:8000/).")
    return 0


COMMANDS = {"scrape": cmd_scrape, "import-archive": cmd_import_archive, "claims": cmd_claims,
            "reextract": cmd_reextract, "build": cmd_build}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args)
    try:
        tracker = config_mod.load(args.config)
        return COMMANDS[args.command](args, tracker)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except MegawatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
