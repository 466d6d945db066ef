"""The built site in Chromium: live countdown, no-JS render, chart, search,
privacy (no request leaves 127.0.0.1), 360 px layout and axe-core."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _post(content: Path, rel: str, meta: list[str], body: str = "Texte.") -> None:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(meta + [f"Slug: {path.stem}", "Lang: fr", "Source: Test"])
                    + "\n\n" + body + "\n", encoding="utf-8")


@pytest.fixture
def tiny(tmp_path):
    c = tmp_path / "content"
    _post(c, "notes/2016/mu2.md", [
        "Title: Megaupload 2.0 le 20 janvier 2017", "Date: 2016-07-10 12:00:00+12:00",
        "Category: notes", "Tags: Megaupload 2.0",
        "Claim: Megaupload 2.0 | planned | 2017-01-20 | 2017-01-20 | day | 2016-07-10 | "
        "reviewed | Megaupload 2.0 ouvrira le 20 janvier 2017."])
    _post(c, "notes/2016/k-im.md", [
        "Title: K.im en 2017", "Date: 2016-09-01 12:00:00+12:00", "Category: notes",
        "Tags: K.im",
        "Claim: K.im | planned | 2016-12-01 | 2017-03-31 | month | 2016-09-01 | reviewed | "
        "K.im arrivera entre décembre et mars."])
    _post(c, "notes/2015/meganet.md", [
        "Title: MegaNet pas avant 2016", "Date: 2015-06-01 12:00:00+12:00",
        "Category: notes", "Tags: MegaNet",
        "Claim: MegaNet | planned | 2016-01-01 | - | open | 2015-06-01 | reviewed | "
        "Pas avant 2016."])
    return c


def _cards(page) -> list[tuple]:
    return page.eval_on_selector_all(".cd", """els => els.map(e => [
        e.getAttribute('data-state'),
        e.querySelector('.headline').textContent,
        (e.querySelector('.detail') || {textContent: ''}).textContent,
        (e.querySelector('.tick') || {textContent: ''}).textContent])""")


def _live(page_factory, url: str, now: str):
    """The page once the live script has run, the clock pinned at ``now``."""
    live = page_factory()
    live.clock.set_fixed_time(datetime.fromisoformat(now))
    live.goto(url)
    live.wait_for_function("document.querySelector('.cd .tick') !== null")
    live.evaluate("new Promise(r => setTimeout(r, 50))")
    return live


# Before the day, inside the K.im window, after everything (3 612 days late and more).
@pytest.mark.parametrize("now,expected", [
    ("2017-01-09T12:00:00+00:00", ("upcoming", "J-10")),
    ("2017-01-19T21:00:00+00:00", ("open", "Encore un jour")),
    ("2026-11-22T00:00:00+00:00", ("late", "En retard de 9 ans et 10 mois")),
    ("2018-02-21T00:00:00+00:00", ("late", "En retard d’un an et un mois")),
])
def test_js_countdown_matches_the_build(build_site, tiny, tmp_path, serve, page_factory,
                                        now, expected):
    build_site(tiny, now)
    base = serve(tmp_path / "output")
    static = page_factory(javascript=False)
    static.goto(base + "/")
    built = _cards(static)
    live = _live(page_factory, base + "/", now)
    assert _cards(live) == built
    mu2 = [c for c in built if c[1].startswith(expected[1])]
    assert mu2 and mu2[0][0] == expected[0], built
    assert {c[0] for c in built} >= {expected[0]}
    # Without JavaScript the seconds counter would be frozen: it is hidden and the
    # card says days only; the live script shows it.
    assert static.locator(".cd .tick").first.is_hidden()
    assert live.locator(".cd .tick").first.is_visible()


def test_countdown_ticks_and_changes_state(build_site, tiny, tmp_path, serve, page_factory):
    now = datetime.fromisoformat("2017-01-09T12:00:00+00:00")
    build_site(tiny, now.isoformat())
    page = page_factory()
    # Installed a minute early: time flows until pause_at, which only goes forward.
    page.clock.install(time=now - timedelta(minutes=1))
    page.clock.pause_at(now)
    page.goto(serve(tmp_path / "output") + "/services/megaupload-2/")
    tick = page.locator(".cd .tick")
    # 20 January 2017 00:00 in Auckland is 19 January 11:00 UTC.
    assert tick.text_content() == "Ouverture dans 9 j 23 h 00 min 00 s"
    page.clock.run_for(3000)
    assert tick.text_content() == "Ouverture dans 9 j 22 h 59 min 57 s"
    # Jump to the promised day: the card switches to the open window, then late.
    page.clock.pause_at(datetime.fromisoformat("2017-01-19T12:00:00+00:00"))
    page.clock.run_for(1000)
    assert page.locator(".cd").get_attribute("data-state") == "open"
    assert page.locator(".cd .headline").text_content() == "Encore un jour"
    page.clock.pause_at(datetime.fromisoformat("2017-01-20T11:00:01+00:00"))
    page.clock.run_for(1000)
    assert page.locator(".cd .headline").text_content() == "En retard d’un jour"
    assert page.locator(".cd").get_attribute("data-state") == "late"


@pytest.mark.parametrize("path", ["", "services/mega/", "posts/2012/mega-promis-19-janvier-2013/"])
def test_pages_are_private_accessible_and_fit_360px(default_site, page_factory, path):
    from axe_playwright_python.sync_playwright import Axe

    page = page_factory()
    page.goto(f"{default_site}/{path}")
    page.wait_for_load_state("load")
    bad = [v for v in Axe().run(page).response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert page.requested and all(u.startswith("http://127.0.0.1:") for u in page.requested), \
        page.requested
    narrow = page_factory(width=360)
    narrow.goto(f"{default_site}/{path}")
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 360


def test_slip_chart_renders_without_js(default_site, page_factory):
    page = page_factory(javascript=False)
    page.goto(f"{default_site}/services/megabox/")
    chart = page.locator("svg.slip-wide")
    assert chart.is_visible() and page.locator("svg.slip-compact").is_hidden()
    assert chart.locator("title").first.text_content().startswith("Glissement des dates")
    assert chart.bounding_box()["height"] > 200
    assert page.locator("table.ledger tbody tr").count() >= 5


def _search_shift(page) -> float:
    return page.evaluate("""() => new Promise(done => {
        let total = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries())
            if (!e.hadRecentInput) total += e.value; })
          .observe({type: 'layout-shift', buffered: true});
        setTimeout(() => done(total), 300); })""")


def test_search_finds_megabox(default_site, page_factory):
    page = page_factory()
    page.goto(f"{default_site}/recherche/?q=Megabox")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.href)")
    assert any("/posts/" in h for h in hrefs), hrefs
    assert hrefs[0].endswith("/services/megabox/"), hrefs[:3]  # the service page first
    # Results arriving do not move what is on screen (layout shift of the search page).
    # Pagefind answers from several merged bundles, and a slow one can land late on a
    # loaded machine: the best of three loads is measured (a real shift shows in all).
    shifts = [_search_shift(page)]
    while shifts[-1] >= 0.1 and len(shifts) < 3:
        again = page_factory()
        again.goto(f"{default_site}/recherche/?q=Megabox")
        again.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
        shifts.append(_search_shift(again))
    assert min(shifts) < 0.1, shifts
    assert all(u.startswith("http://127.0.0.1:") for u in page.requested), page.requested
    from axe_playwright_python.sync_playwright import Axe

    bad = [v["id"] for v in Axe().run(page).response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []


# Each side of the Megaupload 2.0 deadline (20 January 2017 ends at 11:00 UTC) and a
# day later: the live script and the build agree, and the late counter starts at
# zero at the deadline itself (it used to run a day ahead).
@pytest.mark.parametrize("now,state,headline,tick", [
    ("2017-01-20T10:59:59.500000+00:00", "open", "Encore un jour",
     "Fin de la fenêtre dans 0 j 00 h 00 min 00 s"),
    ("2017-01-20T11:00:00.500000+00:00", "late", "En retard d’un jour",
     "Depuis l’échéance : 0 j 00 h 00 min 00 s"),
    ("2017-01-21T10:59:59+00:00", "late", "En retard d’un jour",
     "Depuis l’échéance : 0 j 23 h 59 min 59 s"),
    ("2017-01-21T11:00:00.500000+00:00", "late", "En retard de 2 jours",
     "Depuis l’échéance : 1 j 00 h 00 min 00 s"),
])
def test_deadline_boundaries_in_js_and_build(build_site, tiny, tmp_path, serve, page_factory,
                                             now, state, headline, tick):
    build_site(tiny, now)
    base = serve(tmp_path / "output")
    static = page_factory(javascript=False)
    static.goto(base + "/services/megaupload-2/")
    built = _cards(static)
    assert built == [[state, headline, built[0][2], tick]]
    assert _cards(_live(page_factory, base + "/services/megaupload-2/", now)) == built


def test_open_promise_has_no_countdown_in_js_or_build(build_site, tiny, tmp_path, serve,
                                                      page_factory):
    now = "2015-07-01T00:00:00+00:00"  # before "pas avant 2016" starts
    build_site(tiny, now)
    base = serve(tmp_path / "output")
    static = page_factory(javascript=False)
    static.goto(base + "/services/meganet/")
    built = _cards(static)
    assert built[0][:2] == ["unbounded", "Sans échéance"] and built[0][3] == ""
    assert "J-" not in static.content()
    live = page_factory()
    live.clock.set_fixed_time(datetime.fromisoformat(now))
    live.goto(base + "/services/meganet/")
    live.evaluate("new Promise(r => setTimeout(r, 50))")
    assert _cards(live) == built
    assert not (tmp_path / "output/services/meganet/calendar.ics").exists()


SERVICES_WITH_CHARTS = ["mega", "megabox", "megachat", "meganet", "megaupload-2", "bitcache",
                        "k-im"]

# Every text box of the visible slip chart, in page pixels, with its font size on screen.
_TEXT_BOXES = """() => {
  const svg = [...document.querySelectorAll('svg.slip')].find(s => s.getBoundingClientRect().width > 0);
  if (!svg) return null;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return [t.textContent, r.left, r.top, r.right, r.bottom,
            parseFloat(getComputedStyle(t).fontSize) * scale];
  });
}"""


@pytest.mark.parametrize("width", [1366, 390, 360])
def test_slip_chart_labels_never_overlap(default_site, page_factory, width):
    page = page_factory(width=width, javascript=False)
    for slug in SERVICES_WITH_CHARTS:
        page.goto(f"{default_site}/services/{slug}/")
        boxes = page.evaluate(_TEXT_BOXES)
        assert boxes, slug
        for i, a in enumerate(boxes):
            assert a[5] >= 11, (slug, a)  # readable: never under 11 px on screen
            for b in boxes[i + 1:]:
                overlap = a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
                assert not overlap, (slug, width, a, b)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, slug
        # The whole chart is on screen: nothing scrolls sideways inside it either.
        assert page.evaluate("""() => [...document.querySelectorAll('svg.slip')]
            .filter(s => s.getBoundingClientRect().width > 0)
            .every(s => s.getBoundingClientRect().right <= innerWidth)""")


def test_unlaunched_chart_runs_to_today(default_site, page_factory):
    page = page_factory()
    page.goto(f"{default_site}/services/megaupload-2/")
    assert page.locator("svg.slip-wide .sc-today-t").text_content() == "aujourd’hui"
    assert page.locator(".legend li").count() == 4
    page.goto(f"{default_site}/services/mega/")
    assert page.locator("svg.slip-wide .sc-today").count() == 0  # launched: ends at the launch


@pytest.mark.parametrize("path", ["", "services/megaupload-2/", "promesses/", "sources/",
                                  "recherche/?q=Megabox", "404.html"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_in_both_schemes_at_390px(default_site, page_factory, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = page_factory(width=390, scheme=scheme)
    page.goto(f"{default_site}/{path}")
    page.wait_for_load_state("load")
    if path.startswith("recherche"):
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    bad = [v for v in Axe().run(page).response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    dark = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert (dark == "rgb(22, 22, 26)") == (scheme == "dark"), dark


def test_promise_table_sorts_and_filters(default_site, page_factory):
    static = page_factory(javascript=False)
    static.goto(f"{default_site}/promesses/")
    rows = static.locator("#promesses tbody tr").count()
    assert rows >= 20 and static.locator("#outils").is_hidden()
    page = page_factory()
    page.goto(f"{default_site}/promesses/")
    page.select_option("#f-svc", "Megabox")
    shown = page.eval_on_selector_all("#promesses tbody tr:not([hidden]) td:first-child",
                                      "els => els.map(e => e.textContent.trim())")
    assert shown and set(shown) == {"Megabox"}
    page.select_option("#f-svc", "")
    page.click("#promesses thead th:nth-child(6) button")  # delay, ascending then descending
    page.click("#promesses thead th:nth-child(6) button")
    delays = page.eval_on_selector_all("#promesses tbody tr td:nth-child(6)",
                                       "els => els.map(e => +e.dataset.v)")
    assert delays == sorted(delays, reverse=True) and len(delays) == rows
