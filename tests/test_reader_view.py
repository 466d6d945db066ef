"""What a reader sees of each service: lateness in years and months, launch
against the first and the last promise, missed versus replaced promises, one
ledger row per promise, who said it (pelican.plugins.megawatch.tracking, frdates, origin)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from scrapers.config import Service
from scrapers.models import Claim

TZ = ZoneInfo("Pacific/Auckland")


class _Lazy:
    """The plugin's modules, imported on first use: importing the plugin imports
    Pelican, whose logger class (it drops repeated messages) would otherwise be
    installed at collection time, before other libraries create their loggers."""

    def __init__(self, name):
        self.name = name

    def __getattr__(self, attr):
        import importlib

        return getattr(importlib.import_module(f"pelican.plugins.megawatch.{self.name}"), attr)


frdates, origin, tracking = _Lazy("frdates"), _Lazy("origin"), _Lazy("tracking")


def entry(earliest, latest, stated, kind="planned", source="S", url=None):
    c = Claim("Mu", kind, earliest, latest, "day", "q", stated, reviewed=True)
    return tracking.Entry(c, url=url or f"p/{stated}/{earliest}/{source}", source=source)


def service(**extra):
    return Service(name="Mu", slug="mu", aliases=(), exclude=(), status="announced",
                   description="", **extra)


@pytest.mark.parametrize("a,b,expected", [
    (date(2017, 1, 20), date(2026, 11, 22), "9 ans et 10 mois"),
    (date(2017, 1, 20), date(2018, 1, 20), "un an"),
    (date(2017, 1, 20), date(2018, 2, 19), "un an"),
    (date(2017, 1, 20), date(2018, 2, 20), "un an et un mois"),
    (date(2017, 1, 31), date(2017, 3, 30), "un mois"),
    (date(2017, 1, 20), date(2017, 2, 12), "23 jours"),
    (date(2017, 1, 20), date(2017, 1, 21), "un jour"),
    (date(2012, 12, 31), date(2015, 8, 19), "2 ans et 7 mois"),
])
def test_span_in_years_and_months(a, b, expected):
    assert frdates.span(a, b) == expected


def test_late_by_elides_before_un():
    assert frdates.late_by(date(2017, 1, 20), date(2018, 1, 25)) == "En retard d’un an"
    assert frdates.late_by(date(2017, 1, 20), date(2020, 1, 25)) == "En retard de 3 ans"


def test_missed_versus_replaced_before_the_deadline():
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    rows = tracking.ledger([
        entry(date(2012, 12, 31), date(2012, 12, 31), date(2012, 8, 1)),   # replaced in time
        entry(date(2013, 1, 19), date(2013, 1, 19), date(2012, 10, 1)),    # passes, then moved
        entry(date(2013, 6, 1), date(2013, 6, 30), date(2013, 2, 1)),      # the current one
    ], None, now.date())
    assert [r.outcome for r in rows] == ["remplacée avant l’échéance", "manquée", "manquée"]
    assert [r.delay for r in rows] == [None, (now.date() - date(2013, 1, 19)).days,
                                      (now.date() - date(2013, 6, 30)).days]


def test_same_promise_from_several_sources_is_one_row():
    rows = tracking.ledger([
        entry(date(2017, 1, 20), date(2017, 1, 20), date(2016, 7, 10), source="BBC"),
        entry(date(2017, 1, 20), date(2017, 1, 20), date(2016, 7, 10), source="NBR"),
        entry(date(2017, 1, 20), date(2017, 1, 20), date(2016, 8, 5), source="FM"),
        entry(date(2017, 1, 25), date(2017, 12, 31), date(2017, 1, 25), source="ETH"),
    ], None, date(2026, 12, 1))
    assert len(rows) == 2
    assert [e.source for e in rows[0].entries] == ["BBC", "NBR", "FM"]
    assert rows[0].outcome == "manquée"  # 20 January 2017 passed before the next word


def test_a_back_and_forth_keeps_its_rows():
    rows = tracking.ledger([
        entry(date(2013, 1, 19), date(2013, 1, 19), date(2012, 10, 1)),
        entry(date(2013, 3, 19), date(2013, 3, 19), date(2012, 11, 1)),
        entry(date(2013, 1, 19), date(2013, 1, 19), date(2012, 12, 1)),
    ], date(2013, 1, 20), date(2014, 1, 1))
    assert len(rows) == 3


def test_launch_against_first_and_last_promise():
    first = entry(date(2012, 8, 13), date(2012, 12, 31), date(2012, 8, 13))
    last = entry(date(2015, 1, 1), date(2015, 3, 31), date(2014, 10, 3))
    text = tracking.launch_text(date(2015, 8, 19), first, last)
    assert text == ("961 jours après la première date promise (avant la fin de 2012), "
                    "141 jours après la dernière (1er trimestre 2015).")
    same = entry(date(2013, 1, 19), date(2013, 1, 19), date(2012, 10, 1))
    assert tracking.launch_text(date(2013, 1, 20), same, same) == \
        "Un jour après la date promise (19 janvier 2013)."


def test_closed_service_card_tells_its_whole_life():
    svc = service(launched_on=date(2005, 3, 21), end_state="closed",
                  closed_on=date(2012, 1, 19), end_reason="par le FBI")
    view = tracking.service_view(svc, [], datetime(2026, 12, 1, tzinfo=timezone.utc), TZ)
    assert view.countdown.state == "ended"
    assert view.countdown.headline == "Lancé le 21 mars 2005 · fermé par le FBI le 19 janvier 2012"
    assert view.status_word == "Fermé"
    # Before the closing day, the same service is simply launched.
    early = tracking.service_view(svc, [], datetime(2010, 1, 1, tzinfo=timezone.utc), TZ)
    assert (early.countdown.state, early.status_word) == ("launched", "Lancé")


def test_open_promise_long_past_its_start_says_so():
    e = entry(date(2018, 1, 1), None, date(2016, 7, 8))
    view = tracking.service_view(service(), [e], datetime(2026, 12, 1, tzinfo=timezone.utc), TZ)
    assert view.countdown.headline == "Sans échéance"
    assert "ouverte depuis 8 ans et 11 mois" in view.countdown.text
    assert view.status_word == "Non lancé"


def test_origin_names_the_maker_and_the_publisher():
    body = '<p>Sources : <a href="https://www.bbc.com/news/x" rel="nofollow">BBC News</a></p>'
    said = origin.origin({"source": "Rédaction Megawatch", "link": "https://www.bbc.com/news/x"},
                         "notes", body, "Kim Dotcom")
    assert said == {"said_by": "Kim Dotcom", "medium": "article", "publisher": "BBC News",
                    "words": ""}
    tweet = origin.origin({"source": "@KimDotcom", "link": "https://x.com/KimDotcom/status/1"},
                          "tweets", "", "Kim Dotcom")
    assert (tweet["medium"], tweet["publisher"]) == ("tweet", "@KimDotcom")
    other = origin.origin({"link": "https://example.org/a", "said-in": "interview",
                           "said-by": "Bram van der Kolk"}, "articles", "", "Kim Dotcom")
    assert (other["said_by"], other["medium"], other["publisher"]) == \
        ("Bram van der Kolk", "interview", "example.org")
