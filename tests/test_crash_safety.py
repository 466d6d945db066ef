"""Crash safety of the real scrape under SIGKILL, and the politeness delay it relies on."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile.harness import LocalServer, write_tracker


def test_source_delay_reaches_the_fetcher(tmp_path):
    """`delay = 0` in tracker.toml must reach the Fetcher (it used to get the 1 s default)."""
    from scrapers import config
    from scrapers.sources import make_fetcher
    from scrapers.state import Status

    path = write_tracker(tmp_path / "tracker.toml", [
        {"name": "Fast", "kind": "feed", "url": "http://127.0.0.1:9/f.xml", "delay": 0},
        {"name": "Slow", "kind": "feed", "url": "http://127.0.0.1:9/g.xml", "delay": 2.5}])
    tracker = config.load(path)
    status = Status(tmp_path / "status.json")
    fetcher = make_fetcher(tracker, status)
    for source in tracker.sources:
        assert fetcher.delays.get(source.name, fetcher.default_delay) == source.delay


@pytest.mark.timeout(60)
def test_delay_zero_scrape_of_summary_only_feed_does_not_wait(tmp_path):
    """Six summary-only entries: six article pages fetched from one host without 1 s waits."""
    from hostile.harness import RELEVANT, cli

    with LocalServer() as server:
        items = "".join(
            f"<item><title>{RELEVANT} ({i})</title><link>{server.base}/a/{i}</link>"
            f"<guid>g{i}</guid><pubDate>Wed, 28 Nov 2012 10:0{i}:00 +0000</pubDate>"
            f"<description>{RELEVANT}, dit-il.</description></item>" for i in range(6))
        server.routes["/f.xml"] = (200, "application/rss+xml", (
            f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}"
            "</channel></rss>").encode())
        server.fallback = lambda p: (200, "text/html", (
            f"<html lang=fr><body><article><p>{RELEVANT}. " + "Du texte. " * 40 +
            "</p></article></body></html>").encode())
        tracker = write_tracker(tmp_path / "tracker.toml", [
            {"name": "Local", "kind": "feed", "url": f"{server.base}/f.xml", "delay": 0}])
        proc = cli("scrape", "--config", tracker, "--content", tmp_path / "content", cwd=tmp_path)
        pages = [t for p, t in zip(server.requests, server.times) if p.startswith("/a/")]
    assert proc.returncode == 0, proc.stderr
    assert len(pages) == 6
    # The time from the first page request to the last, not the command's (its
    # interpreter start alone took 8 s on a loaded machine): five 1 s waits
    # between the six pages would make it 5 s at least.
    spent = pages[-1] - pages[0]
    assert spent < 5.0, f"{spent:.1f} s between 6 local pages with delay = 0"


# --- kill -9 at each step of one post's write --------------------------------------

# A child writes one post through the real PostStore and SIGKILLs itself just before
# or just after the rename of the post ("post") or of the state file ("state").
_CHILD = """
import os, signal, sys
from datetime import datetime, timezone
from pathlib import Path
from scrapers.models import Item
from scrapers.state import State
from scrapers.store import PostStore

target, when = sys.argv[2], sys.argv[3]
real = os.replace
def replace(src, dst):
    hit = str(dst).endswith(".md" if target == "post" else "state.json")
    if hit and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)
    if hit and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
root = Path(sys.argv[1])
store = PostStore(root / "content", State.load(root / "state.json"))
store.write(Item(id="feed:https://example.org/k", source="Local", category="articles",
                 title="Mega arrive", summary="Kim Dotcom lance Mega.",
                 url="https://example.org/k", services=["Mega"],
                 published=datetime(2012, 11, 28, 10, tzinfo=timezone.utc)))
"""


@pytest.mark.parametrize("target,when", [("state", "before"), ("state", "after"),
                                         ("post", "before"), ("post", "after")])
def test_kill_at_each_step_of_a_post_write(tmp_path, target, when):
    """Whatever the kill point, the next run finds the post and knows it, or finds
    neither (it writes it again); and when a post is there, an editor who deletes it
    before the next run never sees it come back (this failed when the state was saved
    after the post)."""
    import shutil

    from hostile.harness import ROOT
    from scrapers.state import State
    from scrapers.store import PostStore

    killed = tmp_path / "killed"
    killed.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(killed), target, when],
                          env=env, capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode(errors="replace")
    existed = [p.relative_to(killed) for p in killed.rglob("*.md")]
    # The same killed run twice: left alone, and with the editor deleting its post.
    runs = {"kept": killed}
    if existed:
        runs["deleted"] = tmp_path / "deleted"
        shutil.copytree(killed, runs["deleted"])
        (runs["deleted"] / existed[0]).unlink()
    item_id = "feed:https://example.org/k"
    for name, root in runs.items():
        content = root / "content"
        store = PostStore(content, State.load(root / "state.json"))
        posts = [p.relative_to(root) for p in content.rglob("*.md")]
        assert not list(content.rglob("*.tmp")), name  # the state's own: run_lock's job
        assert all("pending" not in e for e in store.state.items.values()), name
        if name == "deleted":
            assert store.known(item_id) and posts == [], name
        elif existed:
            assert store.known(item_id) and posts == existed, name
        else:
            assert store.known(item_id) == bool(posts), name
        for post in posts:
            text = (root / post).read_text(encoding="utf-8")
            assert text.startswith("Title: Mega arrive\n") and "Kim Dotcom lance Mega." in text
            assert not store.edited_by_hand(item_id)


# --- kill -9 under load ------------------------------------------------------------------

FEEDS, PER_FEED = 10, 50
SEED = int(os.environ.get("MEGAWATCH_CRASH_SEED", "20130119"))


def _feeds(server) -> tuple[list[dict], set[str], set[str]]:
    """10 feeds x 50 items; every 10th item is irrelevant (a look-alike, excluded)."""
    from hostile.harness import RELEVANT

    sources, relevant, irrelevant = [], set(), set()
    for f in range(FEEDS):
        items = []
        for i in range(PER_FEED):
            guid = f"crash-{f}-{i}"
            if i % 10 == 9:
                title, desc = f"Mega Man revient sur Mega Drive ({f}-{i})", "Rien sur Kim Dotcom."
                irrelevant.add("feed:" + guid)
            else:
                title, desc = f"{RELEVANT} ({f}-{i})", f"{RELEVANT}, dit-il ({f}-{i})."
                relevant.add("feed:" + guid)
            items.append(f"<item><title>{title}</title><link>{server.base}/a/{f}/{i}</link>"
                         f"<guid isPermaLink='false'>{guid}</guid>"
                         f"<pubDate>Wed, 28 Nov 2012 {10 + f}:{i:02d}:00 +0000</pubDate>"
                         f"<description>{desc}</description></item>")
        server.routes[f"/f{f}.xml"] = (200, "application/rss+xml", (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
            + "".join(items) + "</channel></rss>").encode())
        sources.append({"name": f"Flux {f}", "kind": "feed", "url": f"{server.base}/f{f}.xml",
                        "delay": 0, "fetch_pages": False})
    return sources, relevant, irrelevant


def _popen_scrape(tracker: Path, content: Path, cwd: Path) -> subprocess.Popen:
    from hostile.harness import ROOT

    env = {k: v for k, v in os.environ.items() if k != "X_BEARER_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen([sys.executable, "-m", "scrapers", "scrape", "--config", str(tracker),
                             "--content", str(content), "-q"], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_rounds(work: Path, *, rounds: int, kills_per_round: int, seed: int = SEED,
                log=print) -> dict:
    """Rounds of: SIGKILL the real scrape at random points, edit/delete posts between
    kills, then one clean run; returns the figures (and asserts nothing)."""
    from scrapers.posts import read_claims, split_post

    rng = random.Random(seed)
    log(f"kill -9 test: seed {seed}, {rounds} rounds x {kills_per_round} kills, "
        f"{FEEDS * PER_FEED} items in {FEEDS} feeds")
    totals = {"runs_killed": 0, "killed_while_running": 0, "partial": 0, "tmp_files": 0,
              "duplicates": 0, "lost": 0, "irrelevant_posted": 0, "edited_changed": 0,
              "deleted_back": 0, "unparsable": 0, "posts": 0, "stderr_tracebacks": 0,
              "rounds": rounds}
    with LocalServer() as server:
        sources, relevant, irrelevant = _feeds(server)
        for r in range(rounds):
            base = work / f"round{r}"
            content = base / "content"
            base.mkdir(parents=True)
            tracker = write_tracker(base / "tracker.toml", sources)
            edited: dict[Path, bytes] = {}
            deleted: set[str] = set()
            full = 3.0  # a full run takes ~2.5 s here; kills are spread over it
            for k in range(kills_per_round):
                done = len(list(content.rglob("*.md"))) if content.exists() else 0
                left = max(0.0, 1 - done / len(relevant))
                delay = rng.uniform(0.05, 0.6 + full * left)
                proc = _popen_scrape(tracker, content, base)
                time.sleep(delay)
                if proc.poll() is None:
                    totals["killed_while_running"] += 1
                proc.send_signal(signal.SIGKILL)
                _, err = proc.communicate(timeout=60)
                totals["runs_killed"] += 1
                if b"Traceback" in err:
                    totals["stderr_tracebacks"] += 1
                    log(err.decode(errors="replace")[-1500:])
                posts = sorted(p for p in content.rglob("*.md")) if content.exists() else []
                # Between kills, an editor touches a post or deletes one.
                if posts and k % 3 == 1:
                    p = rng.choice(posts)
                    if p not in edited:
                        data = p.read_bytes() + f"\nNote de la rédaction ({r}-{k}).\n".encode()
                        p.write_bytes(data)
                        edited[p] = data
                if posts and k % 5 == 3:
                    p = rng.choice([x for x in posts if x not in edited])
                    meta, _ = split_post(p.read_text(encoding="utf-8"))
                    deleted.add(dict(meta)["Item-Id"])
                    p.unlink()
            proc = _popen_scrape(tracker, content, base)
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode(errors="replace")
            # The figures.
            totals["tmp_files"] += sum(1 for p in base.rglob("*") if p.name.endswith(".tmp"))
            ids: dict[str, list[Path]] = {}
            for p in content.rglob("*.md"):
                try:
                    meta, body = split_post(p.read_text(encoding="utf-8"))
                    meta = dict(meta)
                    read_claims(p)
                    if not (meta.get("Item-Id") and meta.get("Title") and meta.get("Date")
                            and body.strip()):
                        raise ValueError("incomplete")
                except Exception as exc:  # noqa: BLE001 - counted
                    totals["partial"] += 1
                    log(f"partial post {p}: {exc}")
                    continue
                ids.setdefault(meta["Item-Id"], []).append(p)
            totals["posts"] += sum(len(v) for v in ids.values())
            totals["duplicates"] += sum(len(v) - 1 for v in ids.values())
            totals["lost"] += len(relevant - deleted - set(ids))
            totals["deleted_back"] += len(deleted & set(ids))
            totals["irrelevant_posted"] += len(irrelevant & set(ids))
            totals["edited_changed"] += sum(1 for p, data in edited.items()
                                            if not p.exists() or p.read_bytes() != data)
            state = json.loads((base / "tracker.state.json").read_text(encoding="utf-8"))
            totals["lost"] += len((relevant | deleted) - set(state["items"]))
            log(f"  round {r}: {len(ids)} posts, {len(edited)} edited, {len(deleted)} deleted")
    log("kill -9 figures: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    return totals


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_kill_dash_nine_loses_nothing_and_duplicates_nothing(tmp_path):
    """30 SIGKILLs of the real CLI (3 rounds of 10 on 500 items), then clean runs."""
    kills = int(os.environ.get("MEGAWATCH_CRASH_KILLS", "30"))
    rounds = max(2, kills // 10)
    t = kill_rounds(tmp_path, rounds=rounds, kills_per_round=max(10, kills // rounds))
    assert t["runs_killed"] >= 20 and t["killed_while_running"] >= 20
    for key in ("partial", "tmp_files", "duplicates", "lost", "irrelevant_posted",
                "edited_changed", "deleted_back", "unparsable", "stderr_tracebacks"):
        assert t[key] == 0, (key, t)
    assert t["posts"] > 0


def test_stale_state_and_status_temp_files_are_removed(tmp_path):
    """A run killed while saving the state or the status left '.<name>.XXXX.tmp' beside them
    for ever (only content/ was cleaned): the next run removes them, under the lock."""
    from scrapers import config, scrape
    from scrapers.state import default_state_path, default_status_path

    tracker_path = write_tracker(tmp_path / "tracker.toml", [
        {"name": "Fermé", "kind": "feed", "url": "http://127.0.0.1:9/f.xml", "delay": 0}])
    state, status = default_state_path(tracker_path), default_status_path(tracker_path)
    status.parent.mkdir(parents=True)
    stale = [state.with_name(f".{state.name}.k1ll3d.tmp"),
             status.with_name(f".{status.name}.k1ll3d.tmp")]
    for p in stale:
        p.write_text("{half a jso", encoding="utf-8")
    keep = tmp_path / ".other.json.abc.tmp"
    keep.write_text("not ours", encoding="utf-8")
    scrape.run(config.load(tracker_path), tmp_path / "content", state_path=state,
               status_path=status)
    assert [p for p in stale if p.exists()] == []
    assert keep.exists()
