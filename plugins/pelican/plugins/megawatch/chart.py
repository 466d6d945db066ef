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

# Two sizes of the same chart: the wide one, and a compact one for phones
# (shown under 34 rem by the stylesheet), with fewer and larger labels, so that
# neither scrolls sideways nor shrinks its text below 11 px.
SIZES = {"wide": (640, 400, 12, 8), "compact": (340, 360, 12, 4)}
LEFT, RIGHT, TOP, BOTTOM = 64, 14, 30, 36

def _attr(value: str) -> str:
    return escape(value, quote=True)


def ticks(lo: date, hi: date, most: int = 8) -> list[tuple[date, str]]:
    """Gridline days and their labels (at most ``most``): years over long spans, else months."""
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    if months > 48 or months / 12 > most:
        years = [y for y in range(lo.year, hi.year + 1) if lo <= date(y, 1, 1) <= hi]
        step = next(s for s in (1, 2, 3, 4, 5, 10, 20, 50) if len(years) / s <= most)
        return [(date(y, 1, 1), str(y)) for y in years if (y - years[0]) % step == 0]
    step = next(s for s in (1, 2, 3, 6, 12) if months / s <= most)
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


def _width(text: str, size: float) -> float:
    """A generous estimate of a label's width (no font metrics at build time)."""
    return 0.62 * size * len(text)


def svg(view: tracking.ServiceView, today: date | None = None) -> str:
    """Both charts for one service (wide and compact), or "" when no promise has a date."""
    wide = draw(view, today, "wide")
    return wide and wide + draw(view, today, "compact")


def draw(view: tracking.ServiceView, today: date | None, size: str) -> str:
    """One chart. A service not launched runs to ``today`` with an "aujourd’hui" line:
    the years without a launch are part of its story."""
    W, H, FONT, MOST = SIZES[size]
    rows = tracking.planned(view.entries)
    if not rows:
        return ""
    current = view.promise
    days = [e.claim.stated_on for e in rows]
    days += [d for e in rows for d in (e.claim.earliest, e.claim.latest) if d]
    if view.launch:
        days.append(view.launch)
    elif today:
        days.append(today)
    pad = timedelta(days=max(20, (max(days) - min(days)).days // 16))
    lo, hi = min(days) - pad, max(days) + pad
    span = (hi - lo).days
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(d: date) -> float:
        return LEFT + pw * (d - lo).days / span

    def y(d: date) -> float:
        return TOP + ph * (1 - (d - lo).days / span)

    slug = f"{view.service.slug}-{size}"
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
    elif today:
        desc += f" Toujours pas lancé le {frdates.day(today)}."
    else:
        desc += " Pas encore lancé."
    desc += " Le registre des promesses ci-dessous donne chaque point en détail."
    add(f'<svg class="slip slip-{size}" viewBox="0 0 {W} {H}" role="img" '
        f'style="--fs:{FONT}px" aria-labelledby="sc-{slug}-t sc-{slug}-d" '
        f'xmlns="http://www.w3.org/2000/svg">')
    add(f'<title id="sc-{slug}-t">Glissement des dates promises pour {escape(name)}</title>')
    add(f'<desc id="sc-{slug}-d">{escape(desc)}</desc>')
    title_right = 4 + _width("↑ date promise", FONT)
    axis_title_left = W - RIGHT - _width("date de l’annonce →", FONT)
    last_right, last_top = -1e9, 1e9  # the previous x label's right end, y label's top
    for d, label in ticks(lo, hi, MOST):
        gx, gy = x(d), y(d)
        add(f'<line class="sc-grid" x1="{gx:.1f}" y1="{TOP}" x2="{gx:.1f}" y2="{TOP + ph}"/>')
        add(f'<line class="sc-grid" x1="{LEFT}" y1="{gy:.1f}" x2="{LEFT + pw}" y2="{gy:.1f}"/>')
        # A label is left out where it would run off the chart or into an axis title.
        if gx + 2 + _width(label, FONT) <= W - 2 and gx + 2 >= last_right + 6:
            last_right = gx + 2 + _width(label, FONT)
            add(f'<text class="sc-lab" x="{gx + 2:.1f}" y="{H - BOTTOM + FONT + 2}">'
                f'{escape(label)}</text>')
        if ((gy - 3 - FONT >= 16 + 2 or LEFT - 6 - _width(label, FONT) > title_right)
                and gy - 3 <= last_top - 4):
            last_top = gy - 3 - FONT
            add(f'<text class="sc-lab" x="{LEFT - 6}" y="{gy - 3:.1f}" text-anchor="end">'
                f'{escape(label)}</text>')
    add(f'<line class="sc-axis" x1="{LEFT}" y1="{TOP + ph}" x2="{LEFT + pw}" y2="{TOP + ph}"/>')
    add(f'<line class="sc-axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + ph}"/>')
    add(f'<text class="sc-lab sc-ax" x="{W - RIGHT}" y="{H - 4}" text-anchor="end">'
        f'date de l’annonce →</text>')
    add('<text class="sc-lab sc-ax" x="4" y="16">↑ date promise</text>')
    add(f'<line class="sc-diag" x1="{x(lo):.1f}" y1="{y(lo):.1f}" x2="{x(hi):.1f}" '
        f'y2="{y(hi):.1f}"><title>Promis pour le jour même de l’annonce</title></line>')
    if view.launch:
        ly = y(view.launch)
        add(f'<line class="sc-launch" x1="{LEFT}" y1="{ly:.1f}" x2="{LEFT + pw}" y2="{ly:.1f}">'
            f'<title>Lancé le {escape(frdates.day(view.launch))}</title></line>')
        add(f'<circle class="sc-launch-m" cx="{x(view.launch):.1f}" cy="{ly:.1f}" r="5"/>')
    elif today:
        tx = x(today)
        add(f'<line class="sc-today" x1="{tx:.1f}" y1="{TOP}" x2="{tx:.1f}" y2="{TOP + ph}">'
            f'<title>Aujourd’hui, {escape(frdates.day(today))}</title></line>')
        add(f'<text class="sc-lab sc-today-t" x="{tx - 4:.1f}" y="{TOP + FONT:.1f}" '
            f'text-anchor="end">aujourd’hui</text>')
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
