"""Project tasks (invoke). `make` only bootstraps the virtualenv, then calls these.

The tasks chain steps; every option of a step belongs to the `megawatch`
command (`megawatch COMMAND --help`), reached through `--args`:

    invoke site                      # scrape (best effort) then build: `make site`
    invoke build --args "--now 2013-01-01T00:00:00+13:00"
    invoke serve --port 8001         # `make serve PORT=8001`
    invoke test                      # `make test`, what CI runs
    invoke eval                      # checks over ../shared/corpora (not in the tests)
    invoke update                    # the scheduled job: scrape, then build for publishing
    invoke publish --target DIR      # build for publishing, then copy (or gh-pages)
    invoke clean

Publishing needs the site's address: MEGAWATCH_SITEURL or `--siteurl`.
"""

import json
import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PY = shlex.quote(sys.executable)
MEGAWATCH = f"{PY} -m scrapers"
# The last scrape's JSON report for tracker.toml (scrapers.state.default_report_path),
# read by `invoke update` and scripts/job_summary.py.
REPORT = Path(".megawatch") / "tracker.scrape.json"


def _megawatch(c, command: str, args: str = "", **kw):
    return c.run(f"{MEGAWATCH} {command} {args}".rstrip(), **kw)


@task(help={"args": "options for 'megawatch scrape' (see megawatch scrape --help)"})
def scrape(c, args=""):
    """Fetch every source and write new posts (one line per source)."""
    return _megawatch(c, "scrape", args, warn=True, pty=False)


@task(help={"args": "options for 'megawatch build' (see megawatch build --help)"})
def build(c, args=""):
    """Build the site into output/ (offline, deterministic for a given --now)."""
    _megawatch(c, "build", args)


@task
def site(c):
    """Scrape what is reachable, then build. Unreachable sources are one line each."""
    result = scrape(c)
    if result is not None and result.exited == 1:
        print("Some sources failed (offline or down): building from what content/ holds.")
    elif result is not None and result.failed:
        sys.exit(f"site: the scrape stopped (exit {result.exited}): see the error above")
    build(c)


@task(help={"port": "port on 127.0.0.1 (default 8000)"})
def serve(c, port=8000):
    """Preview the built site on http://127.0.0.1:PORT/ (builds it first if needed).

    The server runs in this process, so Ctrl-C or SIGTERM to invoke (or make)
    stops it: no server is left behind."""
    from scrapers.cli import main

    if not Path("output", "index.html").exists():
        build(c)
    sys.exit(main(["serve", "--port", str(port)]))


@task
def test(c, k=None):
    """Run the test suite (browser tests skip with a hint when Chromium is absent)."""
    extra = f" -k {shlex.quote(k)}" if k else ""
    c.run(f"{PY} -m pytest -q{extra}", pty=False)


@task
def eval(c, shared="../shared"):
    """Checks over the third-party corpora in ../shared/corpora (not in make test)."""
    shared_dir = Path(shared).resolve()
    if not shared_dir.is_dir():
        print(f"make eval: {shared_dir} is absent; the corpus checks need ../shared "
              "(feedparser tests, XSS payloads, article pages). Nothing to do.")
        return
    env = {"MEGAWATCH_SHARED": str(shared_dir)}
    for script in sorted(Path(ROOT, "eval").glob("*_eval.py")):
        print(f"== {script.name}")
        c.run(f"{PY} {shlex.quote(str(script))} {shlex.quote(str(shared_dir))}", env=env,
              warn=True)


def _siteurl(siteurl):
    """The publishing address, from --siteurl or MEGAWATCH_SITEURL; exits 2 without one."""
    url = (siteurl or os.environ.get("MEGAWATCH_SITEURL", "")).strip().rstrip("/")
    if not url:
        print("publish: no site address: set MEGAWATCH_SITEURL=https://example.org/megawatch "
              "(or pass --siteurl); refusing to build a site that links to the wrong place",
              file=sys.stderr)
        sys.exit(2)
    return url


@task(help={"siteurl": "the site's public address (default: $MEGAWATCH_SITEURL)"})
def update(c, siteurl=None):
    """The scheduled job: scrape, then build for publishing.

    One failed source is only a line in the summary. The build runs even when the
    scrape failed (countdowns still move), then the task fails if the scrape did:
    every source failed, or a configuration error or crash.
    """
    url = _siteurl(siteurl)
    REPORT.unlink(missing_ok=True)
    result = scrape(c)
    try:  # the report the scrape keeps (what `megawatch scrape --json` prints)
        report = json.loads(REPORT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report = None
    build(c, f"--publish --siteurl {shlex.quote(url)}")
    if result.exited >= 2 or report is None or report["all_failed"]:
        why = "every source failed" if report and report["all_failed"] else \
            f"exit {result.exited}, see the error above"
        sys.exit(f"update: the scrape failed ({why}); the site was built but this run fails")


@task(help={"target": "a folder to copy the site to; without it, commit to gh-pages",
            "siteurl": "the site's public address (default: $MEGAWATCH_SITEURL)",
            "push": "with gh-pages: also push the branch to origin"})
def publish(c, target=None, siteurl=None, push=False):
    """Build for publishing at MEGAWATCH_SITEURL, then copy to a folder or commit to gh-pages."""
    url = _siteurl(siteurl)
    output = "output"
    build(c, f"--publish --siteurl {shlex.quote(url)}")
    if target:
        src, dest = Path(output).resolve(), Path(target).resolve()
        if dest in (ROOT, Path.home(), Path(dest.anchor)) or src == dest \
                or dest in src.parents or src in dest.parents:
            sys.exit(f"publish: refusing to replace {dest}")
        if dest.is_dir() and any(dest.iterdir()) and not (dest / "index.html").exists():
            sys.exit(f"publish: {dest} is not empty and holds no site (no index.html); "
                     "refusing to replace it")
        # Copy beside the target, then swap: the old site is served until the rename.
        staged, old = dest.with_name(f".{dest.name}.new"), dest.with_name(f".{dest.name}.old")
        for leftover in (staged, old):
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.copytree(src, staged)
        if dest.exists():
            dest.rename(old)
        staged.rename(dest)
        shutil.rmtree(old, ignore_errors=True)
        print(f"Published {url}/ to {dest}/")
    else:
        flags = "-n -p" if push else "-n"
        c.run(f"{PY} -m ghp_import {flags} -m 'Publish Megawatch' {shlex.quote(output)}")
        print(f"Published {url}/ to the gh-pages branch" + (" and pushed it." if push else
              " (push it with git push origin gh-pages, or use --push)."))


@task
def clean(c):
    """Remove output/."""
    shutil.rmtree(ROOT / "output", ignore_errors=True)
