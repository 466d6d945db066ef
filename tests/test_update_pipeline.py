"""The scheduled update, end to end, against a French feed served on 127.0.0.1.

A temporary git repository holds what the job touches (tracker.toml pointing at
the fixture server, content/ with two posts, .gitignore). The real commands run
as subprocesses, like the workflow runs them: ``python -m scrapers scrape``,
``python -m scrapers build --publish``, then the workflow's own commit step
(read from .github/workflows/update.yml). A second run with nothing new must
leave ``git status --porcelain`` empty and make no commit: the property the
schedule relies on. Also: one dead source does not fail the run, every source
dead does (after building), and ``invoke publish --target`` swaps a folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from werkzeug import Response

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "update"
SITEURL = "https://megawatch.example.org/watch"
NOW = "2012-11-15T12:00:00+13:00"
POSTS = ["content/notes/2012/mega-promis-19-janvier-2013.md",
         "content/notes/2012/me-ga-nom-de-domaine-devoile.md"]
ETAG = '"feed-v1"'
ARTICLE = "/2012/11/02/kim-dotcom-lancement-mega.html"


def sh(args, cwd: Path, env=None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, args))} exited {proc.returncode}\n"
                    f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}")
    return proc


def git(repo: Path, *args) -> str:
    return sh(["git", *args], repo).stdout


# The scraper's run lock (scrapers.store.run_lock) is left beside the state file and
# is not in .gitignore yet; see test_the_run_lock_is_ignored_by_git.
RUN_LOCK = "tracker.state.json.lock"


def dirty(repo: Path) -> list[str]:
    """``git status --porcelain``, less the run lock."""
    return [line for line in git(repo, "status", "--porcelain").splitlines()
            if line != f"?? {RUN_LOCK}"]


def commit_script() -> str:
    """The update job's commit step, exactly as the workflow runs it."""
    wf = yaml.safe_load((ROOT / ".github/workflows/update.yml").read_text(encoding="utf-8"))
    [step] = [s for s in wf["jobs"]["update"]["steps"] if s.get("id") == "commit"]
    return step["run"]


def tracker_toml(sources: str) -> str:
    """The repo's tracker.toml (services, aliases, excludes) with other sources."""
    text = (ROOT / "tracker.toml").read_text(encoding="utf-8")
    head = text[:text.index("[[sources]]")]
    return head + sources


def feed_source(name: str, url: str) -> str:
    return (f'[[sources]]\nname = "{name}"\nkind = "feed"\nurl = "{url}"\nlang = "fr"\n'
            "delay = 0\nallow_private = true\n\n")  # the test server is on 127.0.0.1


@pytest.fixture
def server(httpserver):
    base = httpserver.url_for("").rstrip("/")
    assert base.startswith("http://127.0.0.1:") or base.startswith("http://localhost:")
    feed = (FIXTURES / "feed.xml").read_text(encoding="utf-8").replace("{base}", base)

    def serve_feed(request):
        if request.headers.get("If-None-Match") == ETAG:
            return Response(status=304, headers={"ETag": ETAG})
        return Response(feed.encode(), content_type="application/rss+xml; charset=utf-8",
                        headers={"ETag": ETAG})

    httpserver.expect_request("/feed.xml").respond_with_handler(serve_feed)
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nAllow: /\n", content_type="text/plain")
    httpserver.expect_request(ARTICLE).respond_with_data(
        (FIXTURES / "article.html").read_bytes(), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=404)
    return httpserver


def make_repo(path: Path, sources: str) -> Path:
    path.mkdir()
    (path / "tracker.toml").write_text(tracker_toml(sources), encoding="utf-8")
    shutil.copy(ROOT / ".gitignore", path / ".gitignore")
    for rel in POSTS:
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, path / rel)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Test")
    git(path, "config", "user.email", "test@example.org")
    git(path, "config", "commit.gpgsign", "false")
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", "initial")
    return path


@pytest.fixture
def env(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "GIT_", "MEGAWATCH_")) and k != "X_BEARER_TOKEN"}
    env.update(MEGAWATCH_SITEURL=SITEURL, GITHUB_OUTPUT=str(tmp_path / "github_output"),
               GITHUB_STEP_SUMMARY=str(tmp_path / "step_summary"),
               NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    return env


def scrape(repo: Path, env) -> subprocess.CompletedProcess:
    return sh([sys.executable, "-m", "scrapers", "scrape"], repo, env, check=False)


def build(repo: Path, env) -> subprocess.CompletedProcess:
    return sh([sys.executable, "-m", "scrapers", "build", "--publish", "--now", NOW,
               "--output", "output", "--no-search"], repo, env)


def commit_step(repo: Path, env) -> str:
    out = Path(env["GITHUB_OUTPUT"])
    out.write_text("", encoding="utf-8")
    sh(["bash", "-eo", "pipefail", "-c", commit_script()], repo, env)
    return out.read_text(encoding="utf-8")


def test_update_twice_commits_once_and_leaves_the_repository_clean(tmp_path, server, env):
    repo = make_repo(tmp_path / "repo", feed_source("Le Journal du Test", server.url_for("/feed.xml"))
                     + feed_source("Source en panne", server.url_for("/gone.xml")))
    start = git(repo, "rev-parse", "HEAD").strip()

    # Run 1: one new post; the dead source is a line, and exit 1 says one source failed.
    first = scrape(repo, env)
    assert first.returncode == 1, first.stdout + first.stderr
    assert re.search(r"^Le Journal du Test: 1 new, 2 items, 1 irrelevant", first.stdout, re.M), \
        first.stdout
    assert re.search(r"^Source en panne: ERROR: .*404", first.stdout, re.M), first.stdout
    new = [line.split("+ ", 1)[1] for line in first.stdout.splitlines()
           if line.startswith("  + ")]
    assert len(new) == 1
    post = Path(new[0]) if Path(new[0]).is_absolute() else repo / new[0]
    text = post.read_text(encoding="utf-8")
    assert "Kim Dotcom fixe au 20 janvier 2013 le lancement de Mega" in text
    assert re.search(r"^Tags:.*\bMega\b", text, re.M), text
    assert re.search(r"^Claim: Mega \|.*2013-01-20", text, re.M), text
    assert "Mega Man" not in text  # the irrelevant item made no post
    # The article page was fetched for the full text (kept in .megawatch/texts/, not posted).
    assert ARTICLE in [r.path for r, _ in server.log]
    assert any("Coatesville" in p.read_text(encoding="utf-8", errors="replace")
               for p in (repo / ".megawatch").rglob("*") if p.is_file())

    build(repo, env)
    check_published_urls(repo / "output", post)

    assert commit_step(repo, env).strip() == "changed=true"
    assert dirty(repo) == []
    committed = git(repo, "show", "--name-only", "--format=%an <%ae>%n%s", "HEAD").splitlines()
    assert committed[0] == "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"
    assert committed[1] == "content: 1 new, 0 updated post(s) (scheduled update)"
    assert set(committed[2:]) - {""} == {post.relative_to(repo).as_posix(), "tracker.state.json"}
    assert "Committed 1 new" in Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    after_first = git(repo, "rev-parse", "HEAD").strip()
    assert after_first != start

    # The job summary reads the status file the scrape left in .megawatch/.
    summary = sh([sys.executable, str(ROOT / "scripts/job_summary.py"), "--config",
                  "tracker.toml"], repo, env).stdout
    assert re.search(r"^\| Le Journal du Test \| ✅ ok \| 1 \|", summary, re.M), summary
    assert re.search(r"^\| Source en panne \| ❌ failed \|.*404", summary, re.M), summary
    # The scrape's JSON report (kept in .megawatch/) lists the claims that became pending
    # in that run: exactly the new post's claims that `review` lists (here the new Mega
    # date is backed by a reviewed note of another publisher, so it is corroborated).
    queue = json.loads(sh([sys.executable, "-m", "scrapers", "review", "--list", "--json"],
                          repo, env).stdout)["pending"]
    rel = post.relative_to(repo / "content").as_posix()
    expected = sorted(r["id"] for r in queue if r["post"] == rel)
    lines = [line for line in first.stdout.splitlines() if line.startswith("pending: ")]
    assert sorted(line.split()[1] for line in lines) == expected
    assert f"\n{len(expected)} new claims await review" in first.stdout
    report = json.loads((repo / ".megawatch" / "tracker.scrape.json").read_text("utf-8"))
    assert sorted(p["id"] for p in report["pending"]) == expected
    assert [(s["name"], s["outcome"], s["new_posts"]) for s in report["sources"]] == [
        ("Le Journal du Test", "ok", 1), ("Source en panne", "failed", 0)]
    assert report["sources"][0]["posts"] == [rel]
    assert "## Claims awaiting review" in summary
    if expected:
        assert all(f"| `{i}` |" in summary for i in expected), summary
    else:
        assert "No new claim became pending in this run." in summary

    # Run 2, nothing new: the feed answers 304 to the ETag kept in .megawatch/.
    feed_hits = len([r for r, _ in server.log if r.path == "/feed.xml"])
    second = scrape(repo, env)
    assert second.returncode == 1, second.stdout + second.stderr  # the dead source still is
    assert "Le Journal du Test: 0 new" in second.stdout and "1 not modified" in second.stdout
    feed_requests = [r for r, _ in server.log if r.path == "/feed.xml"][feed_hits:]
    assert [r.headers.get("If-None-Match") for r in feed_requests] == [ETAG]
    build(repo, env)
    assert dirty(repo) == []
    assert commit_step(repo, env).strip() == "changed=false"
    assert git(repo, "rev-parse", "HEAD").strip() == after_first

    # Run 3, the Actions cache was evicted: a full download, still no duplicate.
    shutil.rmtree(repo / ".megawatch")
    third = scrape(repo, env)
    assert "Le Journal du Test: 0 new, 2 items, 1 irrelevant, 1 known" in third.stdout, third.stdout
    assert dirty(repo) == []
    assert commit_step(repo, env).strip() == "changed=false"
    assert git(repo, "rev-parse", "HEAD").strip() == after_first


def check_published_urls(output: Path, post: Path) -> None:
    """publishconf.py: SITEURL from the environment, absolute URLs in feeds and pages."""
    slug = re.search(r"^Slug: (.+)$", post.read_text(encoding="utf-8"), re.M).group(1).strip()
    feeds = sorted((output / "feeds").rglob("*.xml"))
    assert {"all.atom.xml", "all.rss.xml"} <= {p.name for p in feeds}
    for path in feeds:  # every feed: site-wide, per service, promises
        feed = path.read_text(encoding="utf-8")
        links = re.findall(r'<link[^>]*href="([^"]+)"', feed) + re.findall(
            r"<link>([^<]+)</link>", feed)
        assert links and all(u.startswith(SITEURL + "/") or u == SITEURL for u in links), \
            (path.name, links)
    for name in ("all.atom.xml", "all.rss.xml"):
        assert f"{SITEURL}/posts/2012/{slug}/" in (output / "feeds" / name).read_text("utf-8")
    index = (output / "index.html").read_text(encoding="utf-8")
    assert f'href="{SITEURL}/posts/2012/{slug}/"' in index
    assert not re.search(r'href="\.\.?/', index), "relative link in a published page"


def test_every_source_failing_fails_the_update_after_building(tmp_path, server, env):
    repo = make_repo(tmp_path / "repo", feed_source("Source en panne", server.url_for("/gone.xml")))
    proc = sh([sys.executable, "-m", "invoke", "--search-root", str(ROOT), "update"], repo, env,
              check=False)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "Source en panne: ERROR" in proc.stdout
    assert "0 new posts, 1 failed" in proc.stdout
    assert "update: the scrape failed (every source failed); the site was built but this " \
        "run fails" in proc.stderr
    assert (repo / "output" / "index.html").is_file()  # built anyway, so the failure is the scrape's
    assert SITEURL in (repo / "output" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    # No post written; the state file appears (it adopts the posts on disk) and would be
    # committed once, but the workflow commits nothing from a failed run.
    assert git(repo, "status", "--porcelain", "--", "content") == ""


def test_publish_to_a_folder_replaces_the_previous_site(tmp_path, server, env):
    repo = make_repo(tmp_path / "repo", feed_source("Le Journal du Test",
                                                    server.url_for("/feed.xml")))
    target = tmp_path / "www" / "megawatch"
    target.mkdir(parents=True)
    (target / "index.html").write_text("old site", encoding="utf-8")
    (target / "stale.html").write_text("gone after publishing", encoding="utf-8")
    invoke = [sys.executable, "-m", "invoke", "--search-root", str(ROOT)]
    proc = sh([*invoke, "publish", "--target", str(target)], repo, env)
    assert f"Published {SITEURL}/ to {target}/" in proc.stdout
    assert "old site" not in (target / "index.html").read_text(encoding="utf-8")
    assert not (target / "stale.html").exists()
    assert (target / "feeds" / "all.atom.xml").is_file()
    assert sorted(p.name for p in target.parent.iterdir()) == ["megawatch"]  # no leftovers

    # A folder that holds something else than a site is never wiped.
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    proc = sh([*invoke, "publish", "--target", str(precious)], repo, env, check=False)
    assert proc.returncode != 0 and "refusing" in proc.stderr
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_the_run_lock_is_ignored_by_git(tmp_path):
    repo = make_repo(tmp_path / "repo", "")
    (repo / RUN_LOCK).touch()
    assert git(repo, "status", "--porcelain") == ""
