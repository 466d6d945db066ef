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

# (what is appended to MINIMAL, the exact message after the folder). MINIMAL ends on
# line 9; an appended table's header is on line 11.
BAD = [
    ("\n[[services]]\nname='X'\nslug='x'\nstauts='announced'\n",
     "bad.toml:14: services \"X\": stauts: unknown key, did you mean status?"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='annonced'\n",
     "bad.toml:14: services \"X\": status = 'annonced': expected one of teased, announced, "
     "launched, abandoned, did you mean 'announced'?"),
    ("\n[[sources]]\nname='A'\nkind='fed'\nurl='https://a.example/feed'\n",
     "bad.toml:13: sources \"A\": kind = 'fed': expected one of feed, page, x, "
     "did you mean 'feed'?"),
    ("\n[[sources]]\nname='A'\nkind='feed'\nurl='https://a.example/feed'\ncolour='red'\n",
     "bad.toml:15: sources \"A\": colour: unknown key (expected one of: name, kind, url, "
     "account, lang, enabled, fetch_pages, content_selector, include_retweets, queries, "
     "delay, allow_private)"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nclosed_on=2012-01-19\n",
     "bad.toml:15: services \"X\": closed_on = 2012-01-19: needs an end_state"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nend_state='closed'\n",
     "bad.toml:11: services \"X\": closed_on: required when end_state is closed"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nend_state='gone'\n",
     "bad.toml:15: services \"X\": end_state = 'gone': expected one of closed, abandoned, sold"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='launched'\nlaunched_on=2013-01-01\n"
     "end_state='closed'\nclosed_on=2012-01-01\n",
     "bad.toml:17: services \"X\": closed_on = 2012-01-01: is before launched_on"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\nend_reason='par le FBI'\n",
     "bad.toml:15: services \"X\": end_reason = 'par le FBI': needs an end_state"),
    ("\n[[services]]\nname='Mega 2'\nslug='mega'\nstatus='announced'\n",
     "bad.toml:13: services \"Mega 2\": slug = 'mega': duplicate slug "
     "(already used by services \"Mega\")"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='launched'\nlaunched_on='2013-13-01'\n",
     "bad.toml:15: services \"X\": launched_on = '2013-13-01': expected a date like 2013-01-20"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='launched'\n",
     "bad.toml:11: services \"X\": launched_on: required when status is launched"),
    ("\n[[services]]\nname='X'\nslug='Bad Slug'\nstatus='announced'\n",
     "bad.toml:13: services \"X\": slug = 'Bad Slug': expected lowercase letters, digits and "
     "dashes"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\n"
     "aliases=[{text='y', since=2016-01-01, until=2015-01-01}]\n",
     "bad.toml:15: services \"X\".aliases[0]: since 2016-01-01 is after until 2015-01-01"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\naliases=['y', ' ']\n",
     "bad.toml:15: services \"X\".aliases[1]: must not be empty"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\n"
     "revives={service='Megaupload', since=2016-01-01}\n",
     "bad.toml:15: services \"X\".revives: service = 'Megaupload': expected the name of "
     "another service"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\n"
     "revives={service='Mgea', since=2016-01-01}\n",
     "bad.toml:15: services \"X\".revives: service = 'Mgea': expected the name of another "
     "service, did you mean 'Mega'?"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\n"
     "revives={service='Mega', since=2016-01-01, until=2015-01-01}\n",
     "bad.toml:15: services \"X\".revives: since 2016-01-01 is after until 2015-01-01"),
    ("\n[[services]]\nname='X'\nslug='x'\nstatus='announced'\n"
     "revives={service='Mega', since='2016'}\n",
     "bad.toml:15: services \"X\".revives: since = '2016': expected a date like 2013-01-20"),
    ("\n[[sources]]\nname='A'\nkind='rss'\nurl='https://a.example/'\n",
     "bad.toml:13: sources \"A\": kind = 'rss': expected one of feed, page, x"),
    ("\n[[sources]]\nname='A'\nkind='feed'\nurl='ftp://a.example/'\n",
     "bad.toml:14: sources \"A\": url = 'ftp://a.example/': expected an http(s) URL"),
    ("\n[[sources]]\nname='A'\nkind='x'\n",
     "bad.toml:11: sources \"A\": account: an x source needs an account"),
    ("\n[[sources]]\nname='A'\nkind='feed'\nurl='https://a/'\n"
     "[[sources]]\nname='a'\nkind='feed'\nurl='https://b/'\n",
     "bad.toml:16: sources \"a\": name = 'a': duplicate name (already used by sources \"A\")"),
    # TOML puts a key written after [[services]] into that service.
    ("\nsurprise = 1\n",
     "bad.toml:11: services \"Mega\": surprise: unknown key (expected one of: name, slug, "
     "aliases, exclude, status, description, url, launched_on, revives, exclude_near, "
     "descriptors, relaunch, end_state, closed_on, end_reason, last_heard)"),
    ("\n[[services]]\nslug='x'\nstatus='announced'\n",
     "bad.toml:11: services[1]: name: missing required key"),
]


@pytest.mark.parametrize("extra,expected", BAD, ids=[m.split(": ", 1)[1][:60] for _, m in BAD])
def test_bad_config_names_file_line_key_value(tmp_path, extra, expected):
    path = tmp_path / "bad.toml"
    path.write_text(MINIMAL + extra, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert str(err.value) == f"{tmp_path}/{expected}"


@pytest.mark.parametrize("text,expected", [
    ("[subject]\nname='K'\ntimezone='Mars/Olympus'\n",
     "t.toml:3: subject: timezone = 'Mars/Olympus': unknown time zone"),
    ("[subject]\nname='K'\ntz='UTC'\n",
     "t.toml:3: subject: tz: unknown key (expected one of: name, timezone, handle)"),
    ("service=[]\n[subject]\nname='K'\ntimezone='UTC'\n",
     "t.toml:1: service: unknown key, did you mean services?"),
    ("[subject\n", "t.toml: invalid TOML: Expected ']' at the end of a table declaration "
     "(at line 1, column 9)"),
    ("[subject]\nname='K'\ntimezone='UTC'\n", "t.toml: services: missing required key"),
])
def test_bad_files(tmp_path, text, expected):
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert str(err.value) == f"{tmp_path}/{expected}"


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        config.load(tmp_path / "nope.toml")
