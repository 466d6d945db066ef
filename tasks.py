"""Project tasks (invoke). `make` only bootstraps the virtualenv, then calls these.

    invoke scrape   # fetch every source, write new posts
    invoke build    # build output/ with Pelican (+ Pagefind search)
    invoke site     # scrape (best effort) then build: what `make site` runs
    invoke serve    # preview on http://localhost:8000/
    invoke test     # the test suite: what `make test` and CI run
    invoke eval     # checks over ../shared/corpora (not part of the tests)
    invoke update   # scrape then build with publishconf.py (the scheduled job)
    invoke publish  # build for publishing, then copy to a folder or push gh-pages
    invoke clean
"""

import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PY = shlex.quote(sys.executable)


def _common(config, content):
    return f"--config {shlex.quote(config)} --content {shlex.quote(content)}"


@task(help={"source": "only this source (repeatable)", "dry_run": "write nothing"},
      iterable=["source"])
def scrape(c, config="tracker.toml", content="content", source=None, dry_run=False,
           since=None):
    """Fetch every source and write new posts (one line per source)."""
    args = _common(config, content)
    args += "".join(f" --source {shlex.quote(s)}" for s in source or [])
    args += " --dry-run" if dry_run else ""
    args += f" --since {shlex.quote(since)}" if since else ""
    return c.run(f"{PY} -m scrapers scrape {args}", warn=True, pty=False)


@task
def build(c, config="tracker.toml", content="content", output="output", now=None,
          publish=False, search=True):
    """Build the site into output/ (offline, deterministic for a given --now)."""
    args = _common(config, content) + f" --output {shlex.quote(output)}"
    args += f" --now {shlex.quote(now)}" if now else ""
    args += " --publish" if publish else ""
    args += "" if search else " --no-search"
    c.run(f"{PY} -m scrapers build {args}")


@task
def site(c, config="tracker.toml", content="content", output="output"):
    """Scrape what is reachable, then build. Unreachable sources are one line each."""
    result = scrape(c, config=config, content=content)
    if result is not None and result.failed:
        print("Scraping gave no new post (offline or sources down); building from content/.")
    build(c, config=config, content=content, output=output)


@task
def serve(c, output="output", port=8000):
    """Preview the built site on http://localhost:PORT/."""
    if not Path(output, "index.html").exists():
        build(c, output=output)
    print(f"Megawatch: http://localhost:{port}/ (Ctrl-C to stop)")
    c.run(f"{PY} -m http.server {int(port)} --bind 127.0.0.1 --directory {shlex.quote(output)}")


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


@task
def update(c, config="tracker.toml", content="content", output="output"):
    """The scheduled job: scrape, then build for publishing.

    One failed source is only a line in the summary. The build runs even when the
    scrape failed (countdowns still move), then the task fails if the scrape did:
    every source failed (exit 1), or a configuration error or crash (any other code).
    """
    result = scrape(c, config=config, content=content)
    build(c, config=config, content=content, output=output, publish=True)
    if result is not None and result.failed:
        sys.exit(f"update: the scrape failed (exit {result.exited}): every source failed, "
                 "or see the error above; the site was built but this run fails")


@task(help={"target": "a folder to copy the site to; without it, commit to gh-pages",
            "push": "with gh-pages: also push the branch to origin"})
def publish(c, target=None, output="output", config="tracker.toml", content="content",
            push=False):
    """Build with publishconf.py, then copy to a folder or commit to gh-pages (ghp-import)."""
    build(c, config=config, content=content, output=output, publish=True)
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
        print(f"Published to {dest}/")
    else:
        flags = "-n -p" if push else "-n"
        c.run(f"{PY} -m ghp_import {flags} -m 'Publish Megawatch' {shlex.quote(output)}")
        print("Published to the gh-pages branch" + (" and pushed it." if push else
              " (push it with git push origin gh-pages, or use --push)."))


@task
def clean(c):
    """Remove output/."""
    shutil.rmtree(ROOT / "output", ignore_errors=True)
