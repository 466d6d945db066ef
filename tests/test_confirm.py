"""Claim statuses: the sanity rules and corroboration, as tables of whole outcomes."""

from __future__ import annotations

import pytest

from scrapers import confirm
from scrapers.confirm import Said
from scrapers.posts import parse_claim


def said(line: str, post: str, publisher: str) -> Said:
    return Said(parse_claim(line), post=post, publisher=publisher)


MEGA_DAY = "Mega | planned | 2013-01-19 | 2013-01-19 | day | {said} | {status} | {quote}"


def mega(said_on: str, status: str = "auto 0.90", quote: str = "Mega ouvrira le 19 janvier.",
         **fields) -> str:
    line = MEGA_DAY.format(said=said_on, status=status, quote=quote)
    for key, value in fields.items():
        parts = line.split(" | ")
        index = {"service": 0, "kind": 1, "earliest": 2, "latest": 3, "precision": 4}[key]
        parts[index] = value
        line = " | ".join(parts)
    return line


# Another publisher's own words for the same promise: quotes in the same words
# are one reading (confirm.same_words), so agreeing publishers below say it
# differently.
OTHER = "Le lancement de Mega est fixé au 19 janvier, selon son fondateur."
WIRE = "Kim Dotcom on Thursday revealed plans to open Mega on January 19, his lawyer said."
THIRD = "Kim Dotcom promises that Mega goes live on January 19."

# (claims as (line, post, publisher), expected (status, flags) for each)
CASES = {
    "one automatic claim stays pending": (
        [(mega("2012-11-28"), "a.md", "site:01net.com")],
        [("pending", ())]),
    "two publishers agree: both corroborated": (
        [(mega("2012-11-28"), "a.md", "site:01net.com"),
         (mega("2012-12-02", quote=OTHER), "b.md", "site:numerama.com")],
        [("corroborated", ()), ("corroborated", ())]),
    "the subject's own account plus one publisher": (
        [(mega("2012-11-28"), "t.md", "x:kimdotcom"),
         (mega("2012-11-29", quote=OTHER), "b.md", "site:numerama.com")],
        [("corroborated", ()), ("corroborated", ())]),
    "same publisher twice is one source": (
        [(mega("2012-11-28"), "a.md", "site:01net.com"),
         (mega("2012-11-30", quote=OTHER), "b.md", "site:01net.com")],
        [("pending", ()), ("pending", ())]),
    "two tweets of the subject are one source": (
        [(mega("2012-11-28"), "t1.md", "x:kimdotcom"),
         (mega("2012-11-30"), "t2.md", "x:kimdotcom")],
        [("pending", ()), ("pending", ())]),
    "stated more than 30 days apart": (
        [(mega("2012-11-01"), "a.md", "site:01net.com"),
         (mega("2012-12-02", quote=OTHER), "b.md", "site:numerama.com")],
        [("pending", ()), ("pending", ())]),
    "exactly 30 days apart still agree": (
        [(mega("2012-11-01"), "a.md", "site:01net.com"),
         (mega("2012-12-01", quote=OTHER), "b.md", "site:numerama.com")],
        [("corroborated", ()), ("corroborated", ())]),
    "windows that do not overlap": (
        [(mega("2012-11-28"), "a.md", "site:01net.com"),
         (mega("2012-11-28", earliest="2013-03-19", latest="2013-03-19", quote=OTHER), "b.md",
          "site:numerama.com")],
        [("pending", ()), ("pending", ())]),
    # Agreement is at the backed claim's precision or finer: the day backs the quarter,
    # the quarter does not make the day (one source alone says that day) confirmed.
    "a day inside another's quarter backs the quarter only": (
        [(mega("2012-11-28"), "a.md", "site:01net.com"),
         (mega("2012-11-28", earliest="2013-01-01", latest="2013-03-31", precision="quarter",
               quote=OTHER),
          "b.md", "site:numerama.com")],
        [("pending", ()), ("corroborated", ())]),
    "windows that only overlap back neither": (
        [(mega("2012-11-28", earliest="2013-01-01", latest="2013-01-31", precision="month"),
          "a.md", "site:01net.com"),
         (mega("2012-11-28", earliest="2013-01-15", latest="2013-02-15", precision="vague",
               quote=OTHER),
          "b.md", "site:numerama.com")],
        [("pending", ()), ("pending", ())]),
    "the same day from two publishers, either order": (
        [(mega("2012-11-29", quote=OTHER), "b.md", "site:numerama.com"),
         (mega("2012-11-28"), "a.md", "site:01net.com")],
        [("corroborated", ()), ("corroborated", ())]),
    "another service never corroborates": (
        [(mega("2012-11-28"), "a.md", "site:01net.com"),
         (mega("2012-11-28", service="Megabox", quote="Megabox ouvrira le 19 janvier."), "b.md",
          "site:numerama.com")],
        [("pending", ()), ("pending", ())]),
    "a launch does not corroborate a plan": (
        [(mega("2012-11-28"), "a.md", "site:01net.com"),
         (mega("2012-11-28", kind="launched", quote=OTHER), "b.md", "site:numerama.com")],
        [("pending", ()), ("pending", ("launch_known",))]),
    "undated claims never corroborate": (
        [(mega("2012-11-28", earliest="-", latest="-", precision="vague"), "a.md",
          "site:01net.com"),
         (mega("2012-11-28", earliest="-", latest="-", precision="vague", quote=OTHER), "b.md",
          "site:numerama.com")],
        [("pending", ()), ("pending", ())]),
    "a reviewed claim backs an automatic one": (
        [(mega("2012-11-28", status="reviewed"), "n.md", "site:megawatch"),
         (mega("2012-11-29", quote=OTHER), "b.md", "site:numerama.com")],
        [("reviewed", ()), ("corroborated", ())]),
    "a rejected claim backs nothing": (
        [(mega("2012-11-28", status="rejected"), "a.md", "site:01net.com"),
         (mega("2012-11-29", quote=OTHER), "b.md", "site:numerama.com")],
        [("rejected", ()), ("pending", ())]),
    # Mega launched on 2013-01-20 (tracker.toml): a 2015 "promise" is a report of it.
    "after_launch: a plan stated after the launch is held back": (
        [(mega("2015-01-20", earliest="2016-01-20", latest="2016-01-20",
               quote="Mega a ouvert le 20 janvier."), "a.md", "site:01net.com"),
         (mega("2015-01-21", earliest="2016-01-20", latest="2016-01-20",
               quote="Mega opened its doors on January 20."), "b.md", "site:numerama.com")],
        [("pending", ("after_launch",)), ("pending", ("after_launch",))]),
    "after_launch: a reviewed claim is the editor's call": (
        [(mega("2015-01-20", status="reviewed", earliest="2016-01-20", latest="2016-01-20"),
          "a.md", "site:01net.com")],
        [("reviewed", ())]),
    "after_launch: on the launch day itself a plan is a report": (
        [(mega("2013-01-20", earliest="2013-01-20", latest="2013-01-20"), "a.md",
          "site:01net.com"),
         (mega("2013-01-20", earliest="2013-01-20", latest="2013-01-20", quote=OTHER), "b.md",
          "site:numerama.com")],
        [("pending", ("after_launch", "said_that_day")),
         ("pending", ("after_launch", "said_that_day"))]),
    "said_that_day: a plan for the day it is said is that day's news": (
        [("Megaupload 2.0 | planned | 2017-02-20 | 2017-02-20 | day | 2017-02-20 | auto 0.65 | "
          "A decision released today, February 20.", "a.md", "site:a.com"),
         ("Megaupload 2.0 | planned | 2017-02-20 | 2017-02-20 | day | 2017-02-20 | auto 0.65 | "
          "The ruling came on February 20.", "b.md", "site:b.com")],
        [("pending", ("said_that_day", "unnamed")), ("pending", ("said_that_day", "unnamed"))]),
    "unnamed: a quote that does not name its service is held back": (
        [("Bitcache | planned | 2017-04-05 | 2017-11-30 | month | 2017-04-05 | auto 0.7 | "
          "La nouvelle plateforme de Kim Dotcom sera prête d’ici novembre.", "a.md", "site:a.fr"),
         ("Bitcache | planned | 2017-04-05 | 2017-11-30 | month | 2017-04-06 | auto 0.7 | "
          "His new platform should be out by November.", "b.md", "site:b.com")],
        [("pending", ("unnamed",)), ("pending", ("unnamed",))]),
    "unnamed: a revived name counts ('Megaupload' in 2016 is Megaupload 2.0)": (
        [("Megaupload 2.0 | planned | 2017-01-20 | 2017-01-20 | day | 2016-07-10 | auto 0.9 | "
          "Megaupload reviendra le 20 janvier 2017.", "a.md", "site:a.fr"),
         ("Megaupload 2.0 | planned | 2017-01-20 | 2017-01-20 | day | 2016-07-11 | auto 0.9 | "
          "Megaupload will be back on January 20, 2017.", "b.md", "site:b.com")],
        [("corroborated", ()), ("corroborated", ())]),
    "said_that_day: the day before is a promise": (
        [("Megaupload 2.0 | planned | 2017-01-20 | 2017-01-20 | day | 2017-01-19 | auto 0.9 | "
          "MU2 ouvre demain.", "a.md", "site:a.com"),
         ("Megaupload 2.0 | planned | 2017-01-20 | 2017-01-20 | day | 2017-01-19 | auto 0.9 | "
          "MU2 opens tomorrow.", "b.md", "site:b.com")],
        [("corroborated", ()), ("corroborated", ())]),
    "launch_known: the known launch day stands": (
        [(mega("2013-01-21", kind="launched", earliest="2013-01-20", latest="2013-01-20"),
          "a.md", "site:a.com"),
         (mega("2013-01-21", kind="launched", earliest="2013-01-20", latest="2013-01-20",
               quote=OTHER),
          "b.md", "site:b.com")],
        [("corroborated", ()), ("corroborated", ())]),
    "launch_known: another day, or a vaguer window, is held back": (
        [(mega("2015-01-02", kind="launched", earliest="2013-01-01", latest="2013-03-31",
               precision="quarter"), "a.md", "site:a.com"),
         (mega("2015-01-08", kind="launched", earliest="2013-01-01", latest="2013-03-31",
               precision="quarter", quote=OTHER), "b.md", "site:b.com")],
        [("pending", ("launch_known",)), ("pending", ("launch_known",))]),
    "past_window: a window over before it was said, with no word for it": (
        [("MegaNet | planned | 2015-01-01 | 2015-03-31 | quarter | 2019-05-01 | auto 0.80 | "
          "MegaNet au premier trimestre 2015.", "a.md", "site:01net.com"),
         ("MegaNet | planned | 2015-01-01 | 2015-03-31 | quarter | 2019-05-02 | auto 0.80 | "
          "MegaNet au premier trimestre 2015.", "b.md", "site:numerama.com")],
        [("pending", ("past_window",)), ("pending", ("past_window",))]),
    "past_window: 'devait' tells a past promise, which may be corroborated": (
        [("MegaNet | planned | 2015-01-01 | 2015-03-31 | quarter | 2015-05-01 | auto 0.80 | "
          "MegaNet devait sortir au premier trimestre 2015.", "a.md", "site:01net.com"),
         ("MegaNet | planned | 2015-01-01 | 2015-03-31 | quarter | 2015-05-02 | auto 0.80 | "
          "MegaNet was supposed to launch in Q1 2015.", "b.md", "site:numerama.com")],
        [("corroborated", ()), ("corroborated", ())]),
    # Same words are one reading: the extractor reads a copy exactly as it read the original.
    "same_words: a wire story run by two sites is one source": (
        [(mega("2012-11-28"), "a.md", "site:01net.com"),
         (mega("2012-11-28"), "b.md", "site:numerama.com")],
        [("pending", ()), ("pending", ())]),
    "same_words: a lightly edited copy is still one source": (
        [(mega("2012-11-01", quote=WIRE), "a.md", "site:a.com"),
         (mega("2012-11-01", quote=WIRE.replace("on Thursday", "Thursday")), "b.md",
          "site:b.com")],
        [("pending", ()), ("pending", ())]),
    "same_words: an article quoting the tweet word for word": (
        [(mega("2012-11-28", quote="Mega opens on January 19."), "t.md", "x:kimdotcom"),
         (mega("2012-11-28", quote="Dotcom tweeted: 'Mega opens on January 19.' No more."),
          "b.md", "site:b.com")],
        [("pending", ()), ("pending", ())]),
    "same_words: a third site in its own words backs both copies": (
        [(mega("2012-11-28"), "a.md", "site:01net.com"),
         (mega("2012-11-28"), "b.md", "site:numerama.com"),
         (mega("2012-11-29", quote=OTHER), "c.md", "site:lemonde.fr")],
        [("corroborated", ()), ("corroborated", ()), ("corroborated", ())]),
    "same_words: a reviewed claim backs a copy of its words": (
        [(mega("2012-11-28", status="reviewed"), "a.md", "site:01net.com"),
         (mega("2012-11-28"), "b.md", "site:numerama.com")],
        [("reviewed", ()), ("corroborated", ())]),
    "superseded: a promise told in the past while its window is still open": (
        [(mega("2012-12-01", earliest="2013-03-01", latest="2013-03-31", precision="month",
               quote="Mega était initialement prévu pour mars, la date a changé."),
          "a.md", "site:01net.com"),
         (mega("2012-12-02", earliest="2013-03-01", latest="2013-03-31", precision="month",
               quote="Mega was supposed to open in March 2013, his lawyer said."),
          "b.md", "site:numerama.com")],
        [("pending", ("superseded",)), ("pending", ("superseded",))]),
    "superseded: 'promised for this month ... derailed', the month read from the report": (
        [(mega("2012-11-24", earliest="2012-11-24", latest="2012-11-30", precision="month",
               quote="The plans Dotcom promised for this month for Mega have been derailed."),
          "a.md", "site:a.com"),
         (mega("2012-11-24", earliest="2012-11-24", latest="2012-11-30", precision="month",
               quote="Mega: what was promised for November has been delayed again."),
          "b.md", "site:b.com")],
        [("pending", ("superseded",)), ("pending", ("superseded",))]),
    "superseded: a reviewed claim is the editor's call": (
        [(mega("2012-12-01", status="reviewed", earliest="2013-03-01", latest="2013-03-31",
               precision="month", quote="Mega était initialement prévu pour mars."),
          "a.md", "site:01net.com")],
        [("reviewed", ())]),
    "two_readings: one quote, two windows for one service": (
        [(mega("2012-11-28", quote="Mega le 19 ou en mars."), "a.md", "site:01net.com"),
         (mega("2012-11-28", earliest="2013-03-01", latest="2013-03-31", precision="month",
               quote="Mega le 19 ou en mars."), "a.md", "site:01net.com"),
         (mega("2012-11-29", quote=OTHER), "b.md", "site:numerama.com")],
        [("pending", ("two_readings",)), ("pending", ("two_readings",)), ("pending", ())]),
    "two_readings: the same window twice is one reading": (
        [(mega("2012-11-28", quote="Mega le 19 janvier, oui le 19."), "a.md", "site:01net.com"),
         (mega("2012-11-28", quote="Mega le 19 janvier, oui le 19."), "a.md", "site:01net.com"),
         (mega("2012-11-29", quote=OTHER), "b.md", "site:numerama.com")],
        [("corroborated", ()), ("corroborated", ()), ("corroborated", ())]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_statuses(name, tracker):
    rows, expected = CASES[name]
    verdicts = confirm.decide([said(*row) for row in rows], tracker)
    assert [(v.status, v.flags) for v in verdicts] == expected


def test_relaunch_in_config_lifts_after_launch(tracker):
    from dataclasses import replace

    services = tuple(replace(s, relaunch=True) if s.name == "Mega" else s
                     for s in tracker.services)
    relaunching = replace(tracker, services=services)
    rows = CASES["after_launch: a plan stated after the launch is held back"][0]
    verdicts = confirm.decide([said(*row) for row in rows], relaunching)
    assert [v.status for v in verdicts] == ["corroborated", "corroborated"]


def test_corroboration_names_its_backers(tracker):
    rows = [(mega("2012-11-28"), "a.md", "site:a.fr"),
            (mega("2012-11-29", quote=OTHER), "b.md", "site:b.fr"),
            (mega("2012-11-30", quote=THIRD), "c.md", "site:c.fr")]
    verdicts = confirm.decide([said(*row) for row in rows], tracker)
    assert [v.by for v in verdicts] == [(1, 2), (0, 2), (0, 1)]


@pytest.mark.parametrize("rows,by,copies", [
    # two copies: neither backs the other, and each names the other as its copy
    ([(mega("2012-11-28"), "a.md", "site:a.fr"), (mega("2012-11-28"), "b.md", "site:b.fr")],
     [(), ()], [(1,), (0,)]),
    # a third site in its own words: corroborated, so no copy is reported
    ([(mega("2012-11-28"), "a.md", "site:a.fr"), (mega("2012-11-28"), "b.md", "site:b.fr"),
      (mega("2012-11-29", quote=OTHER), "c.md", "site:c.fr")],
     [(2,), (2,), (0, 1)], [(), (), ()]),
    # the same words from the same publisher are no copy of note: it could never back it
    ([(mega("2012-11-28"), "a.md", "site:a.fr"), (mega("2012-11-28"), "b.md", "site:a.fr")],
     [(), ()], [(), ()]),
])
def test_pending_claims_name_the_copies_set_aside(tracker, rows, by, copies):
    verdicts = confirm.decide([said(*row) for row in rows], tracker)
    assert [(v.by, v.copies) for v in verdicts] == list(zip(by, copies))


@pytest.mark.parametrize("source,link,category,expected", [
    ("01net", "https://www.01net.com/actualites/a.html", "articles", "site:01net.com"),
    ("01net (mobile)", "https://m.01net.com/b.html", "articles", "site:01net.com"),
    ("@KimDotcom", "https://x.com/KimDotcom/status/1", "tweets", "x:kimdotcom"),
    ("Rédaction Megawatch", "", "notes", "source:redaction megawatch"),
    ("Miroir 3", "http://127.0.0.1:8080/articles/3.html", "articles", "source:miroir 3"),
    ("Miroir 4", "http://localhost/articles/4.html", "articles", "source:miroir 4"),
])
def test_publisher_key(source, link, category, expected):
    assert confirm.publisher_key(source, link, category) == expected


@pytest.mark.parametrize("a,b,expected", [
    ("Mega ouvrira le 19 janvier.", "Mega ouvrira le 19 janvier.", True),
    ("Mega ouvrira le 19 janvier.", "MEGA ouvrira le 19 janvier !", True),    # case, punctuation
    ("Méga ouvrira le 19 janvier", "Mega ouvrira le 19 janvier", True),       # accents
    ("Mega opens on January 19.", "He tweeted: Mega opens on January 19. That is all.", True),
    ("Mega ouvrira le 19 janvier.", "Le lancement de Mega est fixé au 19 janvier.", False),
    ("Mega opens January 19.", "Mega ouvrira le 19 janvier.", False),
    ("Mega", "Mega", True),                                                   # under four words
    ("Mega", "Megabox", False),
    ("", "Mega ouvrira le 19 janvier.", False),
])
def test_same_words(a, b, expected):
    assert confirm.same_words(a, b) is expected
    assert confirm.same_words(b, a) is expected


def test_every_sanity_rule_is_explained_in_french():
    from pelican.plugins.megawatch import frdates

    names = {rule.__name__ for rule in confirm.RULES} | {"two_readings"}
    assert names <= set(frdates.FLAG_WORDS), names - set(frdates.FLAG_WORDS)
