"""iCalendar files: one all-day event per service at its current promised date.

Deterministic by construction: the UID is the service's slug at the site's host, SEQUENCE counts
how many times the promised window moved before the current one (the number
of entries of the "promesses" feed for that service, minus one), and DTSTAMP
is the day the current date was first stated, never the clock. A launched service's
event sits on its launch day (one more move).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from icalendar import Calendar, Event

from . import frdates, tracking

UID_DOMAIN = "megawatch.github.io"  # when no site URL is configured


def uid_domain(site_url: str) -> str:
    """The host of the configured site URL ("megawatch.example.org"), so that two
    copies of the site published under different names never share event UIDs."""
    from urllib.parse import urlsplit

    host = urlsplit(site_url).hostname if "//" in site_url else ""
    return host or UID_DOMAIN


def event_for(view: tracking.ServiceView, site_url: str) -> Event | None:
    """The service's event, or None when nothing dated was promised nor launched."""
    moves = view.moves
    promise = view.promise
    if view.launch:
        start = end = view.launch
        stamp_day = view.launch
        sequence = len(moves)
        summary = f"{view.service.name} : lancé"
        text = view.countdown.text
    elif promise and promise.claim.latest:
        # Only a promise with a deadline is an event: "pas avant 2018" has none.
        # A window ("octobre ou novembre 2012") is one all-day event on its last
        # day, the deadline, not a months-long event filling the calendar.
        c = promise.claim
        start = end = c.latest
        current = tracking.window_key(c)
        # moves are oldest first; the current window is the last move with this key.
        # A later claim repeating the same date changes nothing in the file.
        index = max(i for i, (e, _) in enumerate(moves)
                    if tracking.window_key(e.claim) == current)
        sequence = index
        stamp_day = moves[index][0].claim.stated_on
        window = frdates.window(c.earliest, c.latest)
        summary = (f"{view.service.name} : lancement promis ({window})"
                   if c.earliest == c.latest else
                   f"{view.service.name} : fin du délai promis ({window})")
        text = f"Annoncé le {frdates.day(c.stated_on)}"
        text += f" ({promise.source}) : « {c.quote} »" if promise.source else f" : « {c.quote} »"
    else:
        return None
    url = f"{site_url.rstrip('/')}/services/{view.service.slug}/"
    event = Event()
    event.add("uid", f"{view.service.slug}@{uid_domain(site_url)}")
    event.add("dtstamp", datetime.combine(stamp_day, time(0), timezone.utc))
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("description", f"{text}\n{url}")
    event.add("url", url)
    return event


def calendar(views: list[tracking.ServiceView], site_url: str, name: str) -> Calendar | None:
    events = [e for e in (event_for(v, site_url) for v in views) if e is not None]
    if not events:
        return None  # RFC 5545 wants at least one component
    cal = Calendar()
    cal.add("prodid", "-//Megawatch//Promesses de lancement//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(event)
    return cal

