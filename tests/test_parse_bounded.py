"""The parse worker's bounds, and the defusing of feed bytes before any parser.

The worker is real (os.fork, RLIMIT_AS, a wall-clock deadline): these tests make
it exceed each bound for real. The CLI-level rows are in test_hostile_round2.py.
"""

from __future__ import annotations

import logging
import time

import pytest

from scrapers.config import Source
from scrapers.errors import ParseError
from scrapers.parse import bounded
from scrapers.parse.feeds import defuse, parse_feed

SOURCE = Source(name="Flux", kind="feed", url="https://a.example/feed")


def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def _hog(mib: int) -> int:
    blocks = [bytearray(1024 * 1024) for _ in range(mib)]
    return len(blocks)


def _logs_and_fails() -> None:
    logging.getLogger("scrapers.parse.feeds").warning("entry #2 skipped: %s", "no link")
    raise ParseError("Flux", "https://a.example/feed: not a feed")


def _crashes() -> None:
    raise KeyError("boom")


@pytest.mark.timeout(30)
def test_time_budget_kills_the_worker():
    started = time.monotonic()
    with pytest.raises(ParseError) as err:
        bounded.run(_spin, 30, who="Flux", what="u", seconds=1.0, memory=64 * bounded.MiB)
    assert time.monotonic() - started < 5
    assert str(err.value) == "Flux: u: parsing took longer than the 1 s time budget; refused"
    assert bounded.run(_spin, 0.01, who="Flux", what="u", seconds=5, memory=64 * bounded.MiB) \
        == "done"


@pytest.mark.timeout(30)
def test_memory_bound_stops_the_worker_not_the_process():
    with pytest.raises(ParseError) as err:
        bounded.run(_hog, 400, who="Flux", what="u", seconds=20, memory=64 * bounded.MiB)
    assert "more than the 64 MiB memory bound; refused" in str(err.value)
    assert bounded.run(_hog, 8, who="Flux", what="u", seconds=20, memory=64 * bounded.MiB) == 8


@pytest.mark.timeout(30)
def test_errors_and_log_records_come_back_from_the_worker(caplog):
    caplog.set_level(logging.INFO)
    with pytest.raises(ParseError) as err:
        bounded.run(_logs_and_fails, who="Flux", what="u", seconds=10, memory=64 * bounded.MiB)
    assert err.value.source == "Flux" and err.value.message == "https://a.example/feed: not a feed"
    assert "entry #2 skipped: no link" in caplog.text
    with pytest.raises(ParseError, match=r"^Flux: u: parser failed with KeyError: 'boom'$"):
        bounded.run(_crashes, who="Flux", what="u", seconds=10, memory=64 * bounded.MiB)


def test_a_few_plain_entities_are_fine():
    data = (b"<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY nbsp \"&#160;\"> "
            b"<!ENTITY co \"Kim Dotcom\">]><rss version='2.0'><channel><title>&co;</title>"
            b"</channel></rss>")
    assert defuse(data, "Flux", "u") == data


@pytest.mark.parametrize("decl,why", [
    ('<!ENTITY a "x"><!ENTITY b "&a;&a;">', "expands into other entities"),
    ('<!ENTITY x SYSTEM "file:///etc/passwd">', "external entity"),
    ('<!ENTITY % p "x">', "parameter or external"),
    ('<!ENTITY big "' + "x" * 300 + '">', "too long"),
    ("".join(f'<!ENTITY e{i} "x">' for i in range(70)), "70 entity declarations"),
])
def test_entity_bombs_and_external_entities_are_refused(decl, why):
    data = f"<?xml version='1.0'?><!DOCTYPE rss [{decl}]><rss version='2.0'/>".encode()
    with pytest.raises(ParseError) as err:
        defuse(data, "Flux", "u")
    assert why in err.value.message and err.value.message.endswith("refused")


def test_references_to_no_xml_character_become_a_replacement_character():
    data = b"<t>a&#xD800;b&#55296;c&#0;d&#x1F600;e&#233;</t>"
    assert defuse(data, "Flux", "u") == b"<t>a&#xFFFD;b&#xFFFD;c&#xFFFD;d&#x1F600;e&#233;</t>"


@pytest.mark.timeout(30)
def test_one_entry_with_a_surrogate_reference_keeps_the_others():
    data = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
            + b"".join(b"<item><title>T%d &#xDC00;</title><link>https://a.example/%d</link>"
                       b"<pubDate>Wed, 28 Nov 2012 10:00:00 +0000</pubDate></item>" % (i, i)
                       for i in range(3)) + b"</channel></rss>")
    result = parse_feed(data, SOURCE, url="https://a.example/feed")
    assert [i.title for i in result.items] == ["T0 \ufffd", "T1 \ufffd", "T2 \ufffd"]


KILL_PARENT = r"""
import os, sys, time
sys.path.insert(0, sys.argv[1])
from scrapers.parse import bounded
import test_parse_bounded as t
print(os.getpid(), flush=True)
bounded.run(t._spin, 60, who="F", what="u", seconds=60, memory=64 * bounded.MiB)
"""


@pytest.mark.timeout(30)
def test_a_killed_scraper_leaves_no_parse_worker(tmp_path):
    """kill -9 of the process that waits for a worker: the worker dies with it."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    env = dict(os.environ, PYTHONPATH=f"{here.parent}{os.pathsep}{here}")
    proc = subprocess.Popen([sys.executable, "-c", KILL_PARENT, str(here.parent)],
                            stdout=subprocess.PIPE, text=True, env=env)
    proc.stdout.readline()
    deadline = time.monotonic() + 10
    children: list[int] = []
    while not children and time.monotonic() < deadline:
        try:
            children = [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
                        .read_text().split()]
        except OSError:
            pytest.skip("no /proc children list on this system")
        time.sleep(0.05)
    assert children, "the worker did not start"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and Path(f"/proc/{children[0]}").exists():
        state = Path(f"/proc/{children[0]}/stat").read_text().split(")")[-1].split()[0] \
            if Path(f"/proc/{children[0]}/stat").exists() else "X"
        if state in ("Z", "X"):
            break
        time.sleep(0.05)
    alive = Path(f"/proc/{children[0]}/stat").exists() and \
        Path(f"/proc/{children[0]}/stat").read_text().split(")")[-1].split()[0] not in ("Z", "X")
    if alive:  # leave nothing behind, even when failing
        os.kill(children[0], signal.SIGKILL)
    assert not alive
