"""The CLI offline: one clear line per unreachable source, the run goes on."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args, cwd: Path, env_extra: dict | None = None, stdin: str | None = None):
    import os

    env = {k: v for k, v in os.environ.items() if k != "X_BEARER_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "scrapers", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, input=stdin)


@pytest.fixture
def offline_tracker(tmp_path, tracker_path):
    port = closed_port()
    text = tracker_path.read_text(encoding="utf-8").split("[[sources]]")[0]
    text += (f'[[sources]]\nname = "Local A"\nkind = "feed"\nurl = "http://127.0.0.1:{port}/a.xml"\n'
             f'delay = 0\nallow_private = true\n\n[[sources]]\nname = "Local B"\nkind = "feed"\n'
             f'url = "http://127.0.0.1:{port}/b.xml"\ndelay = 0\nallow_private = true\n\n'
             '[[sources]]\nname = "@KimDotcom"\nkind = "x"\naccount = "KimDotcom"\n')
    tracker_path.write_text(text, encoding="utf-8")
    return tracker_path


def test_scrape_offline_one_line_per_source(tmp_path, offline_tracker):
    proc = run_cli("scrape", "--config", str(offline_tracker), "--content",
                   str(tmp_path / "content"), cwd=tmp_path)
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 1, proc.stderr  # every source that was tried failed
    assert lines[0].startswith("Local A: ERROR: GET http://127.0.0.1:")
    assert lines[1].startswith("Local B: ERROR: GET http://127.0.0.1:")
    assert lines[0].endswith("after 3 attempts")
    assert lines[2].startswith("@KimDotcom: skipped: no X_BEARER_TOKEN in the environment")
    assert "import-archive" in lines[2]
    assert lines[3] == "3 sources: 0 new posts, 2 failed, 1 skipped"
    assert len(lines) == 4
    assert "Traceback" not in proc.stderr


def test_unknown_source_and_bad_config(tmp_path, offline_tracker):
    proc = run_cli("scrape", "--config", str(offline_tracker), "--source", "Locl A",
                   cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"megawatch: configuration error: {offline_tracker}: "
                                   "--source: no source named 'Locl A', did you mean 'Local A'?")
    proc = run_cli("scrape", "--config", str(offline_tracker), "--source", "Nope",
                   cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"megawatch: configuration error: {offline_tracker}: "
                                   "--source: no source named 'Nope' (sources: 'Local A', "
                                   "'Local B', '@KimDotcom')")
    bad = tmp_path / "bad.toml"
    bad.write_text("[subject]\nname = 'K'\ntimezone = 'Nowhere/Else'\n", encoding="utf-8")
    proc = run_cli("scrape", "--config", str(bad), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"megawatch: configuration error: {bad}:3: subject: "
                                   "timezone = 'Nowhere/Else': unknown time zone")


def test_claims_jsonl_from_stdin(tmp_path, tracker_path):
    lines = [json.dumps({"id": "a", "text": "Mega ouvrira le 19 janvier 2013.",
                         "published": "2012-11-28"}),
             json.dumps({"id": "b", "text": "Rien à signaler.", "published": "2012-11-28",
                         "lang": "fr"})]
    proc = run_cli("claims", "--config", str(tracker_path), "--jsonl", "-", cwd=tmp_path,
                   stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    (claim,) = out[0]["claims"]
    assert {k: claim[k] for k in ("service", "kind", "earliest", "latest", "precision",
                                  "stated_on")} == {
        "service": "Mega", "kind": "planned", "earliest": "2013-01-19",
        "latest": "2013-01-19", "precision": "day", "stated_on": "2012-11-28"}
    assert out[1]["claims"] == []


def test_build_prints_what_the_site_holds(tmp_path, tracker_path):
    from conftest import write_post

    content = tmp_path / "content"
    write_post(content, "notes/2012/a.md", title="Mega le 19 janvier", date="2012-11-28 10:00:00+01:00",
               tags="Mega", claims=["Mega | planned | 2013-01-19 | 2013-01-19 | day | 2012-11-28 | "
                                    "reviewed | Mega ouvrira le 19 janvier 2013."])
    proc = run_cli("build", "--config", str(tracker_path), "--content", str(content),
                   "--output", str(tmp_path / "out"), "--now", "2013-01-01T00:00:00+00:00",
                   "--no-search", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "1 posts, 8 services, 1 claims" in proc.stdout
    assert (tmp_path / "out" / "services" / "mega" / "index.html").exists()
