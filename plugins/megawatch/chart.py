"""The slip chart: inline SVG drawn at build time, readable without JavaScript.

x is the day a date was stated, y the date promised (a window is a vertical
bar from its earliest to its latest day; an open end runs to the edge with an
arrow). The dashed diagonal y = x is "promised for the day it was said": the
further a mark sits above it, the further away the promise; marks that keep
climbing are a date that keeps slipping. The launch is a horizontal line.
Both axes share one scale so the diagonal means what it says.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from babel.dates import format_date

from . import frdates, tracking

W, H = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 70, 14, 24, 34


def _attr(value: str) -> str:
    return escape(value, quote=True)


def ticks(lo: date, hi: date) -> list[tuple[date, str]]:
    """Gridline days and their labels: years over long spans, else months."""
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    if months > 48:
        years = [y for y in range(lo.year, hi.year + 1) if lo <= date(y, 1, 1) <= hi]
        step = 1 if len(years) <= 8 else 2 if len(years) <= 16 else 5
        return [(date(y, 1, 1), str(y)) for y in years[::step]]
    step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 8)
    result = []
    y, m = lo.year, lo.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, 1
        d = date(y, m, 1)
        if d > hi:
            return result
        if (m - 1) % step == 0:
            label = str(y) if m == 1 else format_date(d, "MMM y", locale=frdates.LOCALE)
            result.append((d, label))


def svg(view: tracking.ServiceView) -> str:
    """The chart for one service, or "" when no promise has a date."""
    rows = tracking.planned(view.entries)
    if not rows:
        return ""
    current = view.promise
    days = [e.claim.stated_on for e in rows]
    days += [d for e in rows for d in (e.claim.earliest, e.claim.latest) if d]
    if view.launch:
        days.append(view.launch)
    pad = timedelta(days=max(20, (max(days) - min(days)).days // 16))
    lo, hi = min(days) - pad, max(days) + pad
    span = (hi - lo).days
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(d: date) -> float:
        return LEFT + pw * (d - lo).days / span

    def y(d: date) -> float:
        return TOP + ph * (1 - (d - lo).days / span)

    slug = view.service.slug
    name = view.service.name
    out: list[str] = []
    add = out.append
    first, last = rows[0].claim, rows[-1].claim
    desc = (f"{len(rows)} annonce(s) datée(s) entre le {frdates.day(first.stated_on)} et le "
            f"{frdates.day(last.stated_on)}. Première date promise : "
            f"{frdates.window(first.earliest, first.latest)} ; dernière : "
            f"{frdates.window(last.earliest, last.latest)}.")
    if view.launch:
        desc += f" Lancement le {frdates.day(view.launch)}."
    else:
        desc += " Pas encore lancé."
    desc += " Le registre des promesses ci-dessous donne chaque point en détail."
    add(f'<svg class="slip" viewBox="0 0 {W} {H}" role="img" '
        f'aria-labelledby="sc-{slug}-t sc-{slug}-d" xmlns="http://www.w3.org/2000/svg">')
    add(f'<title id="sc-{slug}-t">Glissement des dates promises pour {escape(name)}</title>')
    add(f'<desc id="sc-{slug}-d">{escape(desc)}</desc>')
    # Grid and axes: one line per year on both axes.
    for d, label in ticks(lo, hi):
        gx, gy = x(d), y(d)
        add(f'<line class="sc-grid" x1="{gx:.1f}" y1="{TOP}" x2="{gx:.1f}" y2="{TOP + ph}"/>')
        add(f'<line class="sc-grid" x1="{LEFT}" y1="{gy:.1f}" x2="{LEFT + pw}" y2="{gy:.1f}"/>')
        add(f'<text class="sc-lab" x="{gx + 2:.1f}" y="{H - BOTTOM + 14}">{escape(label)}</text>')
        add(f'<text class="sc-lab" x="{LEFT - 6}" y="{gy - 3:.1f}" text-anchor="end">{escape(label)}</text>')
    add(f'<line class="sc-axis" x1="{LEFT}" y1="{TOP + ph}" x2="{LEFT + pw}" y2="{TOP + ph}"/>')
    add(f'<line class="sc-axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + ph}"/>')
    add(f'<text class="sc-lab sc-ax" x="{LEFT + pw}" y="{H - 4}" text-anchor="end">'
        f'date de l’annonce →</text>')
    add('<text class="sc-lab sc-ax" x="4" y="14">↑ date promise</text>')
    add(f'<line class="sc-diag" x1="{x(lo):.1f}" y1="{y(lo):.1f}" x2="{x(hi):.1f}" '
        f'y2="{y(hi):.1f}"><title>Promis pour le jour même de l’annonce</title></line>')
    if view.launch:
        ly = y(view.launch)
        add(f'<line class="sc-launch" x1="{LEFT}" y1="{ly:.1f}" x2="{LEFT + pw}" y2="{ly:.1f}"/>')
        add(f'<text class="sc-lab sc-launch-t" x="{LEFT + 4}" y="{ly - 4:.1f}">'
            f'lancé le {escape(frdates.day(view.launch))}</text>')
        add(f'<circle class="sc-launch-m" cx="{x(view.launch):.1f}" cy="{ly:.1f}" r="5"/>')
    for entry in rows:
        c = entry.claim
        cx = x(c.stated_on)
        label = (f"Annoncé le {frdates.day(c.stated_on)} : "
                 f"{frdates.window(c.earliest, c.latest)}")
        cls = "sc-mark sc-current" if entry is current else "sc-mark"
        if c.earliest and c.latest and c.earliest == c.latest:
            add(f'<circle class="{cls}" cx="{cx:.1f}" cy="{y(c.earliest):.1f}" r="4">'
                f'<title>{escape(label)}</title></circle>')
            continue
        top = y(c.latest) if c.latest else TOP
        bottom = y(c.earliest) if c.earliest else TOP + ph
        add(f'<rect class="{cls}" x="{cx - 3:.1f}" y="{top:.1f}" width="6" '
            f'height="{max(bottom - top, 2):.1f}" rx="2"><title>{escape(label)}</title></rect>')
        if c.latest is None:
            add(f'<path class="sc-arrow" d="M{cx - 6:.1f} {TOP + 8} L{cx:.1f} {TOP} '
                f'L{cx + 6:.1f} {TOP + 8}"/>')
    add("</svg>")
    return "".join(out)
