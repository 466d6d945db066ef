"""tracker.toml validation: the shipped file loads; bad files name file, key and value."""

from __future__ import annotations

from datetime import date

import pytest

from scrapers import config
from scrapers.errors import ConfigError


def test_shipped_tracker_loads(tracker):
    assert [s.name for s in tracker.services] == [
        "Megaupload", "Mega", "Megabox", "Megachat", "MegaNet", "Megaupload 2.0", "Bitcache",
        "K.im"]
    assert tracker.subject.timezone == "Pacific/Auckland"
    feeds = [s.name for s in tracker.sources if s.kind == "feed"]
    assert {"01net", "Numerama", "Clubic", "Next", "Frandroid", "Korben", "Le Monde Pixels",
            "Journal du Geek", "ZDNet.fr"} <= set(feeds)
    assert [s.account for s in tracker.sources if s.kind == "x"] == ["KimDotcom"]
    assert tracker.service("megabox").names_on(date(2014, 1, 1))[:2] == ["Megabox", "Baboom"]


def test_end_state(tracker):
    mu = tracker.service("Megaupload")
    assert (mu.end_state, mu.closed_on, mu.end_reason) == ("closed", date(2012, 1, 19),
                                                          "par le FBI")
    assert tracker.service("Mega").end_state == ""


def test_descriptors_and_context_words(tracker):
    assert "music service" in tracker.service("Megabox").descriptors
    assert "IMAX" in tracker.service("Megabox").exclude_near
    assert tracker.service("Mega").descriptors == ()


def test_revival(tracker):
    revival = tracker.service("Megaupload 2.0").revives
    assert (revival.service, revival.since) == ("Megaupload", date(2016, 1, 1))
    # 2012-2013: "Megaupload is coming back" announced Mega (annotator conventions, issue 14).
    mega = tracker.service("Mega").revives
    assert (mega.service, mega.since, mega.until) == ("Megaupload", date(2012, 1, 19), date(2013, 12, 31))


def test_time_bounded_alias(tracker):
    alias = "le nouveau Megaupload"
    assert alias in tracker.service("Mega").names_on(date(2012, 9, 1))
    assert alias not in tracker.service("Mega").names_on(date(2016, 7, 1))
    assert alias in tracker.service("Megaupload 2.0").names_on(date(2016, 7, 1))
    assert alias not in tracker.service("Megaupload 2.0").names_on(date(2012, 9, 1))


MINIMAL = """
[subject]
name = "Kim Dotcom"
timezone = "Pacific/Auckland"

[[services]]
name = "Mega"
slug = "mega"
status = "announced"
"""

BAD = [
    # (what is appended or replaced, words the error must contain)
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nclosed_on=2012-01-19\n",
     ["services[1].closed_on", "needs an end_state"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nend_state='closed'\n",
     ["services[1].closed_on", "required when end_state is closed"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nend_state='gone'\n",
     ["services[1].end_state", "'gone'", "expected one of"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='launched'\nlaunched_on=2013-01-01\n"
     "end_state='closed'\nclosed_on=2012-01-01\n",
     ["services[1].closed_on", "before launched_on"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nend_reason='par le FBI'\n",
     ["services[1].end_reason", "needs an end_state"]),
    ("\n[[sources]]\nname='A'\nkind='feed'\nurl='https://a.example/feed'\ncolour='red'\n",
     ["sources[0].colour", "'red'", "unknown key"]),
    ("\n[[services]]\nname='Mega 2'\nslug='mega'\nstatus='announced'\n",
     ["services[1].slug", "'mega'", "duplicate slug"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='launched'\nlaunched_on='2013-13-01'\n",
     ["services[1].launched_on", "2013-13-01", "expected a date"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='launched'\n",
     ["services[1].launched_on", "required when status is launched"]),
    ("\n[[services]]\nname='X'\nslug='Bad Slug'\nstatus='announced'\n",
     ["services[1].slug", "'Bad Slug'"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='rumoured'\n",
     ["services[1].status", "'rumoured'", "expected one of"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\n"
     "aliases=[{text='y', since=2016-01-01, until=2015-01-01}]\n",
     ["services[1].aliases[0]", "since is after until"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nrevives={service='Megaupload', since=2016-01-01}\n",
     ["services[1].revives.service", "'Megaupload'", "another service"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nrevives={service='Mega', since=2016-01-01, until=2015-01-01}\n",
     ["services[1].revives", "since is after until"]),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nrevives={service='Mega', since='2016'}\n",
     ["services[1].revives.since", "'2016'", "expected a date"]),
    ("\n[[sources]]\nname='A'\nkind='rss'\nurl='https://a.example/'\n",
     ["sources[0].kind", "'rss'"]),
    ("\n[[sources]]\nname='A'\nkind='feed'\nurl='ftp://a.example/'\n",
     ["sources[0].url", "ftp://a.example/", "http(s)"]),
    ("\n[[sources]]\nname='A'\nkind='x'\n", ["sources[0].account", "needs an account"]),
    ("\n[[sources]]\nname='A'\nkind='feed'\nurl='https://a/'\n"
     "[[sources]]\nname='a'\nkind='feed'\nurl='https://b/'\n",
     ["sources[1].name", "'a'", "duplicate name"]),
    ("\nsurprise = 1\n", ["surprise", "unknown key"]),
]


@pytest.mark.parametrize("extra,words", BAD, ids=[w[0] for _, w in BAD])
def test_bad_config_names_file_key_value(tmp_path, extra, words):
    path = tmp_path / "bad.toml"
    path.write_text(MINIMAL + extra, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(path)
    message = str(err.value)
    assert str(path) in message
    for word in words:
        assert word in message


@pytest.mark.parametrize("text,words", [
    ("[subject]\nname='K'\ntimezone='Mars/Olympus'\n", ["subject.timezone", "Mars/Olympus"]),
    ("[subject\n", ["invalid TOML"]),
    ("[subject]\nname='K'\ntimezone='UTC'\n", ["services", "missing required key"]),
])
def test_bad_files(tmp_path, text, words):
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(path)
    for word in words:
        assert word in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        config.load(tmp_path / "nope.toml")
