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

    p = sub.add_parser("review", parents=[common],
                       help="review pending claims (interactive on a terminal)",
                       description="List the automatic claims that await an editor, oldest "
                       "first, grouped by service, and record decisions in the posts' Claim "
                       "lines. On a terminal, with no option, it asks for each claim: "
                       "a = accept, r = reject, e = edit dates, s = skip, q = quit. "
                       "Example: python -m scrapers review --set 1a2b3c4d5e 2013-01-19 2013-01-19")
    p.add_argument("--list", action="store_true", help="list pending claims and exit")
    p.add_argument("--json", action="store_true", help="with --list: one JSON document")
    p.add_argument("--accept", action="append", default=[], metavar="ID",
                   help="mark a claim reviewed (repeatable)")
    p.add_argument("--reject", action="append", default=[], metavar="ID",
                   help="mark a claim rejected (repeatable)")
    p.add_argument("--set", nargs=3, action="append", default=[],
                   metavar=("ID", "EARLIEST", "LATEST"),
                   help="correct a claim's window (ISO dates, - for none) and mark it reviewed")

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
    new = {p.resolve() for r in summary.results for p in r.paths}
    if new:
        from scrapers.review import queue

        pending, _ = queue(tracker, args.content)
        fresh = [p for p in pending if p.path.resolve() in new]
        for p in fresh:  # read by scripts/job_summary.py
            c = p.claim
            print(f"pending: {p.id} {c.service} | {c.kind} {_window_words(c)} | {p.rel}")
        print(f"{len(fresh)} new claims await review (python -m scrapers review)")
    return 1 if summary.all_failed else 0


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
    import json

    from scrapers import review
    from scrapers.store import remove_stale_temp_files, run_lock

    state_path, _ = _paths(args)
    if not args.content.is_dir():
        raise ConfigError(str(args.content), "no such content folder")
    with run_lock(state_path):  # what a killed review left: ours to remove under the lock
        remove_stale_temp_files(args.content)
    decisions = ([(i, "accept", None, None) for i in args.accept]
                 + [(i, "reject", None, None) for i in args.reject]
                 + [(i, "set", lo, hi) for i, lo, hi in args.set])
    if decisions:
        with run_lock(state_path):
            for (_, action, _, _), (target, new) in zip(
                    decisions, review.decide_all(tracker, args.content, decisions)):
                word = {"accept": "accepted", "reject": "rejected",
                        "set": f"set to {_window_words(new)}, reviewed"}[action]
                print(f"{target.id} {word}: {target.claim.service} {target.rel}:{target.line}")
        return 0
    pending, errors = review.queue(tracker, args.content)
    for err in errors:
        print(f"error: {err}", file=sys.stderr)
    if args.json:
        print(json.dumps({"pending": [p.to_json() for p in pending], "errors": errors},
                         ensure_ascii=False, indent=2))
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


COMMANDS = {"review": cmd_review, "scrape": cmd_scrape, "import-archive": cmd_import_archive,
            "claims": cmd_claims, "reextract": cmd_reextract, "build": cmd_build}


def main(argv: list[str] | None = None) -> int:
    # Text from sources may hold lone surrogates: printed as U+FFFD, never a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace" if stream is sys.stdout else "backslashreplace")
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
