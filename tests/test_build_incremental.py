"""Incremental builds (scrapers/site.py): the fingerprint, byte-identical
rebuilds, and a build that can be killed at any time."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from conftest import ROOT, write_post

NOW = datetime.fromisoformat("2026-11-22T09:00:00+00:00")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    ta, tb = tree(a), tree(b)
    assert sorted(ta) == sorted(tb), (set(ta) ^ set(tb))
    differ = [rel for rel in ta if ta[rel] != tb[rel]]
    assert not differ, differ[:10]


def small_content(root: Path, n: int = 12) -> Path:
    content = root / "content"
    for i in range(n):
        service = ("Mega", "Megabox", "Megaupload 2.0")[i % 3]
        write_post(content, f"notes/2016/billet-{i:02d}.md", title=f"{service}, billet {i}",
                   date=f"2016-{1 + i % 12:02d}-{1 + i:02d} 12:00:00+00:00", tags=service,
                   claims=[f"{service} | planned | 2017-0{1 + i % 9}-01 | 2017-0{1 + i % 9}-28 | "
                           f"month | 2016-{1 + i % 12:02d}-{1 + i:02d} | reviewed | "
                           f"{service} ouvrira en 2017."],
                   body=f"Texte du billet {i}, avec un [lien](https://example.org/{i}).")
    return content


@pytest.fixture
def build_at(tmp_path, tracker_path):
    from scrapers.site import build

    def _build(content: Path, output: Path, now: datetime = NOW, cache: Path | None = None,
               search: bool = False, **kw):
        return build(config_path=tracker_path, content=content, output=output, now=now,
                     search=search, cache=cache or tmp_path / "cache", **kw)

    return _build


# -- the fingerprint -----------------------------------------------------------------------

@pytest.fixture
def fake_root(tmp_path):
    """A copy of what the global key reads: settings files, theme, plugin and package."""
    root = tmp_path / "root"
    root.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("theme", "plugins", "scrapers"):
        shutil.copytree(ROOT / name, root / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_fingerprint_changes_with_each_kind_of_input(tmp_path, tracker_path, fake_root,
                                                     monkeypatch):
    from scrapers import site
    from scrapers.config import load

    content = small_content(tmp_path, 3)
    status = tmp_path / "status.json"
    tz = load(tracker_path).subject.tz

    def key(now=NOW, search=True):
        g = site.global_key(config_path=tracker_path, settings_file=fake_root / "pelicanconf.py",
                            override={"PATH": str(content)}, root=fake_root)
        return site.fingerprint(global_=g, content_hashes=site.content_hashes(content),
                                status_path=status, now=now, tz=tz, search=search)

    seen = {key()}

    def changed(what):
        k = key()
        assert k not in seen, f"{what} did not change the fingerprint"
        seen.add(k)

    (content / "notes/2016/billet-00.md").write_text("Title: autre\n\nTexte.\n", encoding="utf-8")
    changed("a post's bytes")
    write_post(content, "notes/2016/nouveau.md", title="Nouveau", date="2016-05-05 12:00:00+00:00")
    changed("a new post")
    (content / "notes/2016/nouveau.md").unlink()
    seen.discard(key())  # back to an earlier state: that key may repeat
    with tracker_path.open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    changed("tracker.toml")
    status.write_text("{}", encoding="utf-8")
    changed("the status file (Sources page)")
    (fake_root / "theme/templates/base.html").write_text("x", encoding="utf-8")
    changed("a template")
    (fake_root / "theme/static/css/site.css").write_text("x", encoding="utf-8")
    changed("a static file of the theme")
    with (fake_root / "plugins/pelican/plugins/megawatch/feeds.py").open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    changed("the plugin's code")
    with (fake_root / "scrapers/posts.py").open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    changed("the package's code (post and claim parsing)")
    with (fake_root / "pelicanconf.py").open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    changed("the settings file")
    with (fake_root / "publishconf.py").open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    changed("another settings file")
    monkeypatch.setenv("MEGAWATCH_SITEURL", "https://example.org/site")
    changed("an environment variable the settings read")
    monkeypatch.setattr(site, "_versions", lambda: "pelican 0.0")
    changed("a library version")
    k = key()
    assert key(now=NOW + timedelta(hours=1)) == k, "the same day must give the same key"
    assert key(now=NOW + timedelta(days=1)) != k, "the next day changes countdowns"
    # 09:00 UTC is 22:00 in Auckland: three hours later it is the next day there.
    assert key(now=NOW + timedelta(hours=3)) != k
    assert key(search=False) != k


# -- incremental = cold ----------------------------------------------------------------------

def test_rebuilds_are_byte_identical_to_cold_builds(tmp_path, build_at):
    content = small_content(tmp_path)
    out = tmp_path / "out"
    first = build_at(content, out)
    assert first.mode == "cold"

    again = build_at(content, out)
    assert again.mode == "unchanged"

    steps = []
    later = NOW + timedelta(days=1)
    steps.append(("next day", later, lambda: None))
    steps.append(("one post added", later, lambda: write_post(
        content, "notes/2016/ajout.md", title="Megabox, nouveau billet",
        date="2016-12-30 12:00:00+00:00", tags="Megabox",
        claims=["Megabox | planned | 2017-03-01 | 2017-03-31 | month | 2016-12-30 | reviewed | "
                "Megabox en mars 2017."])))
    steps.append(("one post edited", later, lambda: write_post(
        content, "notes/2016/billet-03.md", title="Mega, billet 3 corrigé",
        date="2016-04-04 12:00:00+00:00", tags="Mega", body="Texte corrigé.")))
    steps.append(("one post deleted", later,
                  lambda: (content / "notes/2016/billet-05.md").unlink()))
    for i, (what, now, change) in enumerate(steps):
        change()
        report = build_at(content, out, now=now)
        assert report.mode == "incremental", what
        assert report.reused > 0, what
        cold = tmp_path / f"cold-{i}"
        build_at(content, cold, now=now, cache=tmp_path / f"cold-cache-{i}")
        assert_same_tree(out, cold)
    # The edited post was rendered again, the others were not.
    assert report.rendered == 0  # deletion: nothing new to render


def _small_pages(tmp_path: Path, size: int = 4) -> Path:
    conf = tmp_path / "smallpages.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                    "from pelicanconf import *  # noqa\n"
                    f"MEGAWATCH_HOME_PAGE_SIZE = {size}\n"
                    f"MEGAWATCH_SERVICE_PAGE_SIZE = {size}\n"
                    f"PAGINATED_TEMPLATES = {{'category': {size}}}\n"
                    # Category pages are off by default (nothing links to them); on here, so
                    # that their reuse stays tested for a site that writes them.
                    "CATEGORY_SAVE_AS = 'categories/{slug}/index.html'\n", encoding="utf-8")
    return conf


def test_listing_pages_are_reused_or_rendered_like_a_cold_build(tmp_path, build_at):
    """The pages that only list posts (home pages after the first, category pages,
    a service's pages after the first) are linked from the previous output when
    their posts did not change, whatever the day; the rest is rendered."""
    content = tmp_path / "content"
    for i in range(24):
        service = ("Mega", "Megabox", "Megachat")[i % 3]
        category = ("notes", "articles")[i % 2]
        write_post(content, f"{category}/2016/billet-{i:02d}.md", title=f"{service}, billet {i}",
                   date=f"2016-{1 + i % 12:02d}-{1 + i:02d} 12:00:00+00:00", tags=service,
                   category=category,
                   claims=[f"{service} | planned | 2017-0{1 + i % 9}-01 | 2017-0{1 + i % 9}-28 | "
                           f"month | 2016-{1 + i % 12:02d}-{1 + i:02d} | reviewed | "
                           f"{service} ouvrira en 2017."])
    conf = _small_pages(tmp_path)
    out = tmp_path / "out"
    build_at(content, out, settings_file=conf)

    def inodes():
        return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("index.html")}

    def kept(before, after):
        return {rel for rel in after if before.get(rel) == after[rel]}

    def check_cold(now, i):
        cold = tmp_path / f"cold-{i}"
        build_at(content, cold, now=now, settings_file=conf, cache=tmp_path / f"cold-cache-{i}")
        assert_same_tree(out, cold)

    # A service's posts are paginated: status, countdown and ledger on page 1 only.
    first = (out / "services/mega/index.html").read_text(encoding="utf-8")
    second = (out / "services/mega/page/2/index.html").read_text(encoding="utf-8")
    assert first.count('<article class="entry">') == 4 and "Page 1 sur 2" in first
    assert 'href="../../services/mega/page/2/"' in first and "data-pagefind-body" in first
    assert second.count('<article class="entry">') == 4 and "Page 2 sur 2" in second
    assert 'class="card cd"' not in second and "data-pagefind-body" not in second
    assert "countdown.js" not in second and 'href="../../../../services/mega/"' in second

    def rebuild(now, path=None, **post):
        """Write ``post`` at ``path`` (if given), build again, and return the pages reused."""
        before = inodes()
        if path:
            write_post(content, path, **post)
        build_at(content, out, now=now, settings_file=conf)
        return kept(before, inodes())

    listings = {rel for rel in inodes() if rel.startswith(("page/", "categories/"))
                or (rel.startswith("services/") and "/page/" in rel)}
    assert len(listings) == 5 + 3 + 3 + 3, sorted(listings)  # home, notes, articles, services
    later = NOW + timedelta(days=1)
    reused = rebuild(later)
    assert reused >= listings  # the next day: every listing page reused
    assert "index.html" not in reused  # the countdowns moved
    assert "services/mega/index.html" not in reused
    check_cold(later, 0)

    # A new article about Megabox, the newest post: every home page shifts, the
    # articles' pages and Megabox's too; the notes and the other services stay.
    reused = rebuild(later, "articles/2016/ajout.md", title="Megabox, nouveau billet",
                     date="2016-12-30 12:00:00+00:00", tags="Megabox", category="articles")
    assert {"categories/notes/index.html", "categories/notes/page/2/index.html",
            "categories/notes/page/3/index.html", "services/mega/page/2/index.html",
            "services/megachat/page/2/index.html"} <= reused
    assert not reused & {"page/2/index.html", "categories/articles/index.html",
                         "services/megabox/page/2/index.html"}
    check_cold(later, 1)

    # An old note edited: its category's pages are rendered again, not the articles'.
    reused = rebuild(later, "notes/2016/billet-00.md", title="Mega, billet 0 corrigé",
                     date="2016-01-01 12:00:00+00:00", tags="Mega", category="notes")
    assert "categories/articles/page/2/index.html" in reused
    assert "categories/notes/page/3/index.html" not in reused
    assert "page/2/index.html" in reused and "page/7/index.html" not in reused
    check_cold(later, 2)


def test_unchanged_posts_come_from_the_stored_model(tmp_path, build_at, monkeypatch):
    content = small_content(tmp_path, 6)
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert build_at(content, out).read == 6
    later = NOW + timedelta(days=1)
    assert build_at(content, out, now=later).read == 0  # the next day: no post read
    # Same size, same mtime, other bytes: still seen (the file's hash is reused
    # only while its inode, size, mtime and ctime are all the same).
    post = content / "notes/2016/billet-00.md"
    st = post.stat()
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("Texte du billet 0", "Texte du billet O"), encoding="utf-8")
    os.utime(post, ns=(st.st_atime_ns, st.st_mtime_ns))
    report = build_at(content, out, now=later)
    assert report.read == 1 and report.rendered == 1
    write_post(content, "notes/2016/billet-02.md", title="Megaupload 2.0, billet 2 corrigé",
               date="2016-03-03 12:00:00+00:00", tags="Megaupload 2.0", body="Corrigé.")
    write_post(content, "notes/2017/ajout.md", title="Megabox, nouveau billet",
               date="2017-01-05 12:00:00+00:00", tags="Megabox")
    report = build_at(content, out, now=later)
    assert report.read == 2  # the edited post and the new one
    # A damaged store only costs reading the posts again.
    shards = sorted((cache / "model").glob("*.pickle"))
    assert len(shards) == 2  # one per content folder: notes/2016, notes/2017
    shards[0].write_bytes(b"damaged")
    (content / "notes/2016/billet-04.md").unlink()
    report = build_at(content, out, now=later)
    assert report.read == 5 or report.read == 1  # the damaged folder's posts, or the other's
    cold = tmp_path / "cold"
    build_at(content, cold, now=later, cache=tmp_path / "cold-cache")
    assert_same_tree(out, cold)
    # Another global key (here: the settings of a published site): nothing reused.
    monkeypatch.setenv("MEGAWATCH_SITEURL", "https://example.org/site")
    report = build_at(content, out, now=later, publish=True)
    assert report.read == 6


def test_posts_read_by_a_second_process_give_the_same_site(tmp_path, build_at, monkeypatch):
    """Many posts to read: a forked child reads half of them (plugins/pelican/plugins/megawatch/
    model.py); a post whose reading logs something is read again by the build."""
    from pelican.plugins.megawatch import model

    content = small_content(tmp_path, 8)
    write_post(content, "notes/2016/mauvaise-date.md", title="Date illisible",
               date="pas une date", tags="Mega")  # Pelican logs an error for it
    serial = tmp_path / "serial"
    with pytest.raises(Exception, match="error"):
        build_at(content, serial, cache=tmp_path / "serial-cache")
    (content / "notes/2016/mauvaise-date.md").unlink()
    build_at(content, serial, cache=tmp_path / "serial-cache2")
    monkeypatch.setattr(model, "PARALLEL_MIN", 2)
    from_child = []
    original = model.Store._from_child

    def spy(self):
        found = original(self)
        from_child.append(len(found))
        return found

    monkeypatch.setattr(model.Store, "_from_child", spy)
    forked = tmp_path / "forked"
    # The post Pelican cannot read fails the build here too.
    bad = write_post(content, "notes/2016/mauvaise-date.md", title="Date illisible",
                     date="pas une date", tags="Mega")
    with pytest.raises(Exception, match="error"):
        build_at(content, forked, cache=tmp_path / "forked-cache")
    bad.unlink()
    from_child.clear()
    report = build_at(content, forked, cache=tmp_path / "forked-cache2")
    assert report.read == 8 and from_child and from_child[0] == 4  # half read beside
    assert_same_tree(serial, forked)
    later = NOW + timedelta(days=1)
    build_at(content, forked, now=later, cache=tmp_path / "forked-cache2")
    build_at(content, serial, now=later, cache=tmp_path / "serial-cache2")
    assert_same_tree(serial, forked)


def test_the_spare_output_is_reused_without_touching_the_live_one(tmp_path, build_at):
    """A rebuild starts from the output before the last one (kept as a spare):
    its post pages that are still the live output's files are kept in place,
    the others are removed or written anew, never written into."""
    from scrapers.site import spare_path

    content = small_content(tmp_path, 6)
    out = tmp_path / "out"
    build_at(content, out)
    later = NOW + timedelta(days=1)
    build_at(content, out, now=later)  # the first output becomes the spare
    assert spare_path(out).is_dir()
    page = out / "posts/2016/billet-01/index.html"
    assert page.is_file()
    witness = tmp_path / "witness.html"
    os.link(page, witness)  # the live page's inode, whatever becomes of out/
    original = witness.read_bytes()
    write_post(content, "notes/2016/billet-01.md", title="Megabox, billet 1 corrigé",
               date="2016-02-02 12:00:00+00:00", tags="Megabox", body="Corrigé.")
    (content / "notes/2016/billet-02.md").unlink()
    report = build_at(content, out, now=later)
    assert report.mode == "incremental" and report.reused == 4 and report.rendered == 1
    assert witness.read_bytes() == original  # the edited page was not written in place
    assert b"billet 1 corrig" in page.read_bytes()
    assert not (out / "posts/2016/billet-02").exists()  # no empty folder left
    cold = tmp_path / "cold"
    build_at(content, cold, now=later, cache=tmp_path / "cold-cache")
    assert_same_tree(out, cold)
    # A cold build does not start from the spare.
    build_at(content, out, now=later, cold=True)
    assert_same_tree(out, cold)


def test_edited_output_or_changed_settings_are_not_trusted(tmp_path, build_at, monkeypatch):
    content = small_content(tmp_path, 4)
    out = tmp_path / "out"
    build_at(content, out)
    page = next((out / "posts").rglob("index.html"))
    original = page.read_bytes()
    page.write_bytes(b"vandalised")
    report = build_at(content, out)
    assert report.mode == "incremental"
    assert page.read_bytes() == original
    # Publishing settings change every page: nothing is reused.
    monkeypatch.setenv("MEGAWATCH_SITEURL", "https://example.org/site")
    report = build_at(content, out, publish=True)
    assert report.reused == 0
    cold = tmp_path / "cold"
    build_at(content, cold, publish=True, cache=tmp_path / "cache2")
    assert_same_tree(out, cold)


def test_search_index_is_reused_or_rebuilt_like_a_cold_build(tmp_path, build_at,
                                                             tracker_path):
    content = small_content(tmp_path, 6)
    out = tmp_path / "out"
    build_at(content, out, search=True)
    index = out / "pagefind-2016" / "pagefind-entry.json"  # the posts of 2016
    inode = index.stat().st_ino
    # A merged bundle is an index only: the search runs in /pagefind/'s script,
    # worker and wasm (the browser test searches across the bundles).
    kept = {p.name for p in index.parent.iterdir()}
    assert not kept & {"pagefind.js", "pagefind-worker.js", "wasm.fr.pagefind"}, kept
    assert {"pagefind.js", "pagefind-worker.js", "wasm.fr.pagefind"} <= {
        p.name for p in (out / "pagefind").iterdir()}
    # Only the Sources page changes (a scrape wrote the status file): index reused.
    status = tracker_path.parent / ".megawatch" / f"{tracker_path.stem}.status.json"
    status.parent.mkdir(exist_ok=True)
    status.write_text('{"version": 1, "http": {}, "sources": {}}', encoding="utf-8")
    report = build_at(content, out, search=True)
    assert report.mode == "incremental"
    assert index.stat().st_ino == inode
    # The next day, only the service pages' bundle is indexed again.
    services = out / "pagefind" / "pagefind-entry.json"
    services_inode = services.stat().st_ino
    later = NOW + timedelta(days=1)
    build_at(content, out, now=later, search=True)
    assert index.stat().st_ino == inode
    assert services.stat().st_ino != services_inode
    cold = tmp_path / "cold-next-day"
    build_at(content, cold, now=later, search=True, cache=tmp_path / "cache-next-day")
    assert_same_tree(out, cold)
    write_post(content, "notes/2016/ajout.md", title="Megachat, un billet de plus",
               date="2016-11-30 12:00:00+00:00", tags="Megachat")
    build_at(content, out, now=later, search=True)
    assert index.stat().st_ino != inode  # a new page: indexed again
    cold = tmp_path / "cold"
    build_at(content, cold, now=later, search=True, cache=tmp_path / "cache2")
    assert_same_tree(out, cold)


def test_posts_are_indexed_in_bundles_of_consecutive_years():
    from scrapers.site import bundles_for, post_bundles

    assert post_bundles({2011: 300, 2012: 500, 2013: 400, 2014: 2500, 2015: 10}, limit=1000) == [
        ("pagefind-2011-2012", [2011, 2012]), ("pagefind-2013", [2013]),
        ("pagefind-2014", [2014]), ("pagefind-2015", [2015])]
    # Adding posts to the newest year never regroups the older ones.
    assert post_bundles({2011: 300, 2012: 500, 2013: 400, 2014: 2500, 2015: 900},
                        limit=1000)[:3] == post_bundles({2011: 300, 2012: 500, 2013: 400,
                                                         2014: 2500, 2015: 10}, limit=1000)[:3]
    pages = ["posts/2016/a/index.html", "posts/2017/b/index.html", "services/mega/index.html",
             "services/index.html", "index.html"]
    assert bundles_for(pages) == {"pagefind": "services/*/index.html",
                                  "pagefind-2016": "posts/2016/**/index.html",
                                  "pagefind-2017": "posts/2017/**/index.html"}
    assert post_bundles({2011: 20, 2012: 30, 2013: 5}) == [("pagefind-2011-2012", [2011, 2012]),
                                                           ("pagefind-2013", [2013])]


# -- a build that owns its children ---------------------------------------------------------

def _children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            found.append((int(entry), cmd))
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_during_indexing_leaves_no_process_and_no_trace(tmp_path, tracker_path, sig):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_build

    content = tmp_path / "content"
    bench_build.generate(content, 250)
    out, cache = tmp_path / "out", tmp_path / "cache"
    cmd = [sys.executable, "-m", "scrapers", "build", "--config", str(tracker_path),
           "--content", str(content), "--output", str(out), "--cache", str(cache),
           "--now", NOW.isoformat()]
    indexer = None
    for attempt in range(3):  # the indexer runs for a fraction of a second: catch it
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            hits = [pid for pid, c in _children(proc.pid) if "pagefind" in c]
            if hits:
                indexer = hits[0]
                proc.send_signal(sig)
                break
            time.sleep(0.002)
        proc.wait(timeout=60)
        if indexer:
            break
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    assert indexer, "never saw the indexer running"
    deadline = time.monotonic() + 10
    while not _gone(indexer) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(indexer), "the indexer outlived the build"
    assert not out.exists(), "a killed first build must leave no output/"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    if sig == signal.SIGTERM:
        assert leftovers == [], leftovers  # SIGTERM cleans up at once
    # The next build starts clean and equals a cold build.
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []
    cold = tmp_path / "cold"
    subprocess.run([*cmd[:-6], "--output", str(cold), "--cache", str(tmp_path / "cache2"),
                    "--now", NOW.isoformat()], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    assert_same_tree(out, cold)


# -- bounded pages ----------------------------------------------------------------------------

def test_home_and_categories_are_paginated_and_feeds_capped(tmp_path, build_at):
    import feedparser

    content = tmp_path / "content"
    for i in range(55):
        write_post(content, f"notes/{2015 + i % 3}/billet-{i:02d}.md", title=f"Billet {i}",
                   date=f"{2015 + i % 3}-03-{1 + i % 28:02d} 12:{i:02d}:00+00:00", tags="Mega")
    conf = tmp_path / "smallpages.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                    "from pelicanconf import *  # noqa\n"
                    "MEGAWATCH_HOME_PAGE_SIZE = 20\nPAGINATED_TEMPLATES = {'category': 20}\n"
                    "CATEGORY_SAVE_AS = 'categories/{slug}/index.html'\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    build_at(content, out, settings_file=conf)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count('<article class="entry">') == 20
    assert "Page 1 sur 3" in home and 'href="./page/2/"' in home
    assert 'class="cards"' in home  # the countdowns stay on the first page
    last = (out / "page/3/index.html").read_text(encoding="utf-8")
    assert last.count('<article class="entry">') == 15
    assert 'class="cards"' not in last and 'href="../../page/2/"' in last
    # Each year of the navigation leads to the page of its newest post.
    assert re.search(r'href="(\.\./\.\./)?#y2017"', home)
    # 2017 (18 posts) and the newest 2 of 2016 are on page 1; 2015 starts on page 2.
    assert 'href="../../#y2016"' in last and 'href="../../page/2/#y2015"' in last
    category = out / "categories/notes"
    assert (category / "page/3/index.html").is_file()
    assert (category / "index.html").read_text(encoding="utf-8").count(
        '<article class="entry">') == 20
    for rel in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/notes.atom.xml"):
        entries = feedparser.parse((out / rel).read_bytes()).entries
        assert len(entries) == 50, rel
        assert entries[0].title == "Billet 26"  # newest first: 2017-03-27 12:26
