"""The editor's review queue through the real CLI: scripted, interactive on a
pseudo-terminal, killed mid-write, and re-extraction after a rejection."""

from __future__ import annotations

import json
import os
import pty
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from scrapers.posts import read_claims

# Two publishers disagree (pending each); a third post is one source only.
A = ("Mega | planned | 2013-01-19 | 2013-01-19 | day | 2012-11-28 | auto 0.90 | "
     "Mega ouvrira le 19 janvier 2013.")
B = ("Mega | planned | 2013-03-19 | 2013-03-19 | day | 2012-11-30 | auto 0.70 | "
     "Le lancement est prévu le 19 mars prochain.")
C = ("Megabox | planned | 2012-10-01 | 2012-11-30 | month | 2012-07-10 | auto 0.80 | "
     "Megabox en octobre ou novembre.")


def post(content: Path, rel: str, source: str, link: str, claims: list[str],
         date: str = "2012-11-28 10:00:00+01:00", body: str = "Texte.") -> Path:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["Title: Un titre", f"Date: {date}", "Category: articles", "Lang: fr",
             f"Source: {source}", f"Link: {link}", f"Slug: {path.stem}"]
    lines += [f"Claim: {c}" for c in claims]
    path.write_text("\n".join(lines) + "\n\n" + body + "\n", encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path, tracker_path):
    content = tmp_path / "content"
    a = post(content, "articles/2012/a.md", "Journal A", "https://a.fr/1", [A],
             body="Texte.\n\nUne ligne ajoutée à la main.")
    b = post(content, "articles/2012/b.md", "Journal B", "https://b.fr/1", [B],
             date="2012-11-30 10:00:00+01:00")
    c = post(content, "articles/2012/c.md", "Journal C", "https://c.fr/1", [C],
             date="2012-07-10 10:00:00+01:00")
    return tmp_path, content, {"a": a, "b": b, "c": c}


def cli(tmp_path, *args, **kw):
    env = {k: v for k, v in os.environ.items() if k != "X_BEARER_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "scrapers", *args, "--config",
                           str(tmp_path / "tracker.toml"), "--content", str(tmp_path / "content")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          **kw)


def pending_json(tmp_path) -> list[dict]:
    proc = cli(tmp_path, "review", "--list", "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["pending"]


def test_list_is_grouped_by_service_oldest_first(site):
    tmp_path, _, _ = site
    rows = pending_json(tmp_path)
    assert [(r["service"], r["stated_on"], r["post"]) for r in rows] == [
        ("Mega", "2012-11-28", "articles/2012/a.md"),
        ("Mega", "2012-11-30", "articles/2012/b.md"),
        ("Megabox", "2012-07-10", "articles/2012/c.md")]
    assert rows[0]["quote"] == "Mega ouvrira le 19 janvier 2013." and rows[0]["line"] == 8
    assert rows[0]["source"] == "Journal A" and rows[0]["link"] == "https://a.fr/1"
    text = cli(tmp_path, "review", "--list").stdout
    assert text.index("== Mega\n") < text.index("== Megabox\n")
    assert text.rstrip().endswith("3 pending claims")


def test_a_reprint_is_named_beside_the_claim_it_copies(site):
    """Journal D prints Journal A's sentence word for word: both stay pending, each names the other."""
    tmp_path, content, _ = site
    post(content, "articles/2012/d.md", "Journal D", "https://d.fr/1",
         [A.replace("2012-11-28", "2012-11-29")], date="2012-11-29 10:00:00+01:00")
    rows = pending_json(tmp_path)
    assert [(r["post"], r["same_words_as"]) for r in rows] == [
        ("articles/2012/a.md", ["Journal D"]), ("articles/2012/d.md", ["Journal A"]),
        ("articles/2012/b.md", []), ("articles/2012/c.md", [])]
    text = cli(tmp_path, "review", "--list").stdout
    assert "same words as Journal D: a reprint is no second source" in text
    assert text.count("a reprint is no second source") == 2


def test_scripted_decisions_touch_one_line_each(site):
    tmp_path, content, paths = site
    ids = {r["post"]: r["id"] for r in pending_json(tmp_path)}
    before = {k: p.read_text(encoding="utf-8") for k, p in paths.items()}
    proc = cli(tmp_path, "review", "--accept", ids["articles/2012/a.md"],
               "--reject", ids["articles/2012/b.md"],
               "--set", ids["articles/2012/c.md"], "2012-12-01", "2012-12-31")
    assert proc.returncode == 0, proc.stderr
    after = {k: p.read_text(encoding="utf-8") for k, p in paths.items()}
    for key, old_claim, new_claim in (
            ("a", A, A.replace("auto 0.90", "reviewed")),
            ("b", B, B.replace("auto 0.70", "rejected")),
            ("c", C, "Megabox | planned | 2012-12-01 | 2012-12-31 | month | 2012-07-10 | "
                     "reviewed | Megabox en octobre ou novembre.")):
        assert after[key] == before[key].replace(old_claim, new_claim)
    assert after["a"].endswith("Une ligne ajoutée à la main.\n")
    assert pending_json(tmp_path) == []
    assert [c.rejected for c in read_claims(paths["b"])] == [True]


def test_unknown_id_and_bad_dates_are_errors_that_change_nothing(site):
    tmp_path, content, paths = site
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    proc = cli(tmp_path, "review", "--accept", "0123456789")
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"megawatch: error: {tmp_path / 'content'}: no claim with ID '0123456789'"
    ident = pending_json(tmp_path)[0]["id"]
    proc = cli(tmp_path, "review", "--set", ident, "2013-02-30", "2013-03-01")
    assert proc.returncode == 1
    assert f"a.md:8: earliest '2013-02-30' is not a date like 2013-01-19 (or -)" in proc.stderr
    proc = cli(tmp_path, "review", "--set", ident, "2013-03-01", "2013-02-01")
    assert "window 2013-03-01..2013-02-01 ends before it starts" in proc.stderr
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before


def test_a_malformed_line_is_named_and_the_rest_listed(site):
    tmp_path, content, paths = site
    bad = paths["c"].read_text(encoding="utf-8").replace("auto 0.80", "peut-être")
    paths["c"].write_text(bad, encoding="utf-8")
    proc = cli(tmp_path, "review", "--list")
    assert proc.returncode == 1
    assert proc.stderr.strip() == (f"error: {paths['c']}:8: claim status 'peut-être' is not "
                                   "'auto 0.90', 'reviewed' or 'rejected'")
    assert "2 pending claims, 1 malformed lines" in proc.stdout
    assert paths["c"].read_text(encoding="utf-8") == bad


# --- interactive, through a pseudo-terminal --------------------------------------

class Terminal:
    """A child process on a real pseudo-terminal: read its screen, type keys."""

    def __init__(self, args: list[str], cwd: Path):
        env = {k: v for k, v in os.environ.items() if k != "X_BEARER_TOKEN"}
        env.update(PYTHONPATH=str(ROOT), TERM="dumb")
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=slave, stdout=slave,
                                     stderr=slave, close_fds=True, start_new_session=True)
        os.close(slave)
        self.screen = ""
        self.seen = 0  # where the last expected text ended: each expect looks further

    def expect(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.screen[self.seen:]:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} not shown; screen:\n{self.screen}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{text!r} not shown before exit; screen:\n{self.screen}")
                self.screen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        self.seen = self.screen.index(text, self.seen) + len(text)
        return self.screen

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=30)
        finally:
            os.close(self.master)


def test_interactive_review_one_key_each(site):
    tmp_path, content, paths = site
    term = Terminal([sys.executable, "-m", "scrapers", "review", "--config",
                     str(tmp_path / "tracker.toml"), "--content", str(content)], tmp_path)
    prompt = "(a)ccept (r)eject (e)dit dates (s)kip (q)uit? "
    term.expect("[1/3]")
    term.expect(prompt)
    assert "« Mega ouvrira le 19 janvier 2013. »" in term.screen
    term.send("x")   # not a key of the prompt: asked again
    term.send("a")
    term.expect("[2/3]")
    term.expect(prompt)
    term.send("s")
    term.expect("== Megabox")
    term.expect(prompt)
    term.send("e")
    term.expect("earliest (YYYY-MM-DD or -): ")
    term.send("2012-12-01\n")
    term.expect("latest (YYYY-MM-DD or -): ")
    term.send("-\n")
    term.expect("set to 2012-12-01 .. … (open), reviewed")
    term.expect("1 accepted, 0 rejected, 1 dates set, 1 skipped")
    assert term.close() == 0
    assert [c.reviewed for c in read_claims(paths["a"])] == [True]
    assert [(c.reviewed, c.confidence) for c in read_claims(paths["b"])] == [(False, 0.70)]
    [megabox] = read_claims(paths["c"])
    assert (megabox.earliest.isoformat(), megabox.latest, megabox.precision,
            megabox.reviewed) == ("2012-12-01", None, "open", True)


def test_interactive_quit_leaves_the_rest(site):
    tmp_path, content, paths = site
    before = {p: p.read_bytes() for p in content.rglob("*.md")}
    term = Terminal([sys.executable, "-m", "scrapers", "review", "--config",
                     str(tmp_path / "tracker.toml"), "--content", str(content)], tmp_path)
    term.expect("(q)uit? ")
    term.send("q")
    term.expect("0 accepted, 0 rejected, 0 dates set, 0 skipped")
    assert term.close() == 0
    assert {p: p.read_bytes() for p in content.rglob("*.md")} == before


# --- kill -9 while decisions are written -------------------------------------------

def test_kill_9_during_review_leaves_whole_posts(tmp_path, tracker_path):
    """Many decisions in one process, killed at random moments: every post stays
    either as it was or as decided, never partial, and the next run cleans up."""
    content = tmp_path / "content"
    big = "Texte. " * 20_000  # a large file makes each atomic write take a while
    paths = [post(content, f"articles/2012/p{i}.md", f"Journal {i}", f"https://j{i}.fr/1",
                  [A.replace("Mega ouvrira", f"Mega ({i}) ouvrira")], body=big)
             for i in range(40)]
    originals = {p: p.read_text(encoding="utf-8") for p in paths}
    ids = [r["id"] for r in pending_json(tmp_path)]
    rng = random.Random(20261203)
    env = {k: v for k, v in os.environ.items() if k != "X_BEARER_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    for _ in range(4):
        args = [sys.executable, "-m", "scrapers", "review", "--config",
                str(tmp_path / "tracker.toml"), "--content", str(content)]
        for ident in ids:
            args += ["--accept", ident]
        proc = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.6, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        for p in paths:
            text = p.read_text(encoding="utf-8")
            assert text in (originals[p], originals[p].replace("auto 0.90", "reviewed")), p
        # Pending IDs that remain are still decidable: the IDs do not change.
        ids = [r["id"] for r in pending_json(tmp_path)]
    assert not [p for p in content.rglob(".*.tmp")], "stale temp files after the last run"


# --- re-extraction never brings a rejected claim back ------------------------------

def test_reextract_keeps_a_rejection(tmp_path, tracker_path):
    content = tmp_path / "content"
    path = post(content, "articles/2012/m.md", "Journal A", "https://a.fr/2", [],
                body="Kim Dotcom l’assure : Mega ouvrira le 19 janvier 2013.")
    proc = cli(tmp_path, "reextract", "--all")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [claim] = read_claims(path)
    assert (claim.service, claim.earliest.isoformat(), claim.rejected) == ("Mega", "2013-01-19",
                                                                          False)
    [row] = pending_json(tmp_path)
    assert cli(tmp_path, "review", "--reject", row["id"]).returncode == 0
    for _ in range(2):
        proc = cli(tmp_path, "reextract", "--all")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert [(c.service, c.rejected) for c in read_claims(path)] == [("Mega", True)]
    assert pending_json(tmp_path) == []
