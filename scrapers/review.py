"""The editor's review queue: pending claims, and decisions written into posts.

:func:`queue` reads every post of the content folder, gives each claim its
status (:func:`scrapers.confirm.decide`, the same verdicts as the site) and
returns the pending ones, grouped by service (tracker order), oldest first.
:func:`decide` writes one decision (accept, reject, or new dates) into the
post's ``Claim:`` line: the one line is replaced, atomically, and every other
byte of the file is kept, hand edits included. Claim IDs are
:func:`scrapers.posts.claim_id`, the same as in ``api/claims.json``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from scrapers import confirm
from scrapers.config import Tracker
from scrapers.errors import MegawatchError, PostError
from scrapers.models import Claim
from scrapers.posts import (atomic_write, claim_id, claim_lines, format_claim, parse_claim,
                            split_post)

log = logging.getLogger(__name__)

ACTIONS = ("accept", "reject", "set")


class ReviewError(MegawatchError):
    """A review decision that cannot be applied (unknown ID, bad dates)."""


@dataclass(frozen=True)
class Pending:
    id: str
    path: Path          # the post file
    rel: str            # its path in the content folder
    line: int           # the Claim line's number in the file
    claim: Claim
    title: str = ""
    source: str = ""
    link: str = ""
    flags: tuple[str, ...] = ()
    same_words_as: tuple[str, ...] = ()  # sources that would back it, in its own words (confirm)

    def to_json(self) -> dict:
        c = self.claim
        return {"id": self.id, "post": self.rel, "line": self.line, "service": c.service,
                "kind": c.kind, "earliest": c.earliest.isoformat() if c.earliest else None,
                "latest": c.latest.isoformat() if c.latest else None,
                "precision": c.precision, "stated_on": c.stated_on.isoformat(),
                "confidence": round(c.confidence, 2), "quote": c.quote, "title": self.title,
                "source": self.source, "link": self.link, "flags": list(self.flags),
                "same_words_as": list(self.same_words_as)}


@dataclass
class Scan:
    claims: list[Pending] = field(default_factory=list)   # every claim, with its place
    verdicts: list[confirm.Verdict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)       # malformed lines: file:line: value


def scan(tracker: Tracker, content: Path) -> Scan:
    """Every claim of every post, with its verdict; malformed lines are reported, not fatal."""
    result, said = _read(content)
    result.verdicts = confirm.decide(said, tracker)
    return result


def _read(content: Path) -> tuple[Scan, list[confirm.Said]]:
    """Every claim of every post with its place, and who said it (one walk)."""
    content = Path(content)
    if not content.is_dir():
        raise ReviewError(str(content), "no such content folder")
    root = content.resolve()
    found, said, errors = [], [], []
    for path in sorted(root.rglob("*.md")):
        if path.name.startswith("."):
            continue
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{path}: cannot read: {exc}")
            continue
        meta = {k.lower(): v for k, v in split_post(text)[0]}
        publisher = confirm.publisher_key(meta.get("source", ""), meta.get("link", ""),
                                          meta.get("category", ""))
        for line, value in claim_lines(text):
            try:
                claim = parse_claim(value, f"{path}:{line}")
            except PostError as exc:
                errors.append(str(exc))
                continue
            found.append(Pending(claim_id(rel, claim), path, rel, line, claim,
                                 meta.get("title", ""), meta.get("source", ""),
                                 meta.get("link", "")))
            said.append(confirm.Said(claim, post=rel, publisher=publisher))
    return Scan(found, [], errors), said


def queue(tracker: Tracker, content: Path) -> tuple[list[Pending], list[str]]:
    """Pending claims, grouped by service in tracker order, oldest statement first."""
    result = scan(tracker, content)
    order = {s.name: i for i, s in enumerate(tracker.services)}
    claims = result.claims
    pending = [replace(p, flags=v.flags,
                       same_words_as=tuple(claims[j].source or claims[j].rel for j in v.copies))
               for p, v in zip(claims, result.verdicts) if v.status == confirm.PENDING]
    pending.sort(key=lambda p: (order.get(p.claim.service, len(order)), p.claim.service,
                                p.claim.stated_on, p.rel, p.line))
    return pending, result.errors


def find(claims: list[Pending], content: Path, ident: str) -> Pending:
    """The claim with this ID among ``claims`` (one scan), whatever its status."""
    matches = [p for p in claims if p.id == ident.strip().lower()]
    if not matches:
        raise ReviewError(str(content), f"no claim with ID {ident!r}")
    if len(matches) > 1:  # the same claim twice in one post: the first one is decided
        log.warning("%s: claim ID %s appears %d times", matches[0].path, ident, len(matches))
    return matches[0]


def _day(value: str | date | None, what: str, ident: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    value = value.strip()
    if value in ("-", "", "null", "none"):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReviewError(ident, f"{what} {value!r} is not a date like 2013-01-19 (or -)") from None


def precision_of(earliest: date | None, latest: date | None, old: str) -> str:
    """The precision of a window an editor set by hand."""
    if earliest is None and latest is None:
        return "vague"
    if latest is None:
        return "open"
    if earliest is None or earliest == latest:
        return "day"
    span = (latest - earliest).days + 1
    if earliest.day == 1 and earliest.month == 1 and latest.month == 12 and latest.day == 31 \
            and earliest.year == latest.year:
        return "year"
    if span <= 7:
        return "week"
    if span <= 31:
        return "month"
    if span <= 92:
        return "quarter" if old != "season" else "season"
    return "year"


def decided(claim: Claim, action: str, earliest=None, latest=None, ident: str = "") -> Claim:
    """The claim after an editor's decision (pure)."""
    if action == "accept":
        return claim.replace(reviewed=True, rejected=False)
    if action == "reject":
        return claim.replace(reviewed=False, rejected=True)
    if action == "set":
        lo, hi = _day(earliest, "earliest", ident), _day(latest, "latest", ident)
        if lo and hi and lo > hi:
            raise ReviewError(ident, f"window {lo}..{hi} ends before it starts")
        return claim.replace(earliest=lo, latest=hi, reviewed=True, rejected=False,
                             precision=precision_of(lo, hi, claim.precision))
    raise ReviewError(ident, f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")


def write_decision(target: Pending, new: Claim) -> None:
    """Replace the target's one Claim line, atomically; refuse if the file moved on."""
    raw = target.path.read_bytes().decode("utf-8")
    lines = raw.splitlines(keepends=True)
    i = target.line - 1
    current = dict(claim_lines(raw)).get(target.line)
    if current is None or parse_claim(current, f"{target.path}:{target.line}") != target.claim:
        raise ReviewError(f"{target.path}:{target.line}",
                          f"claim {target.id} changed since it was read; run review again")
    ending = lines[i][len(lines[i].rstrip("\r\n")):]
    lines[i] = f"Claim: {format_claim(new)}{ending}"
    atomic_write(target.path, "".join(lines))


def decide(tracker: Tracker, content: Path, ident: str, action: str,
           earliest=None, latest=None) -> tuple[Pending, Claim]:
    return decide_all(tracker, content, [(ident, action, earliest, latest)])[0]


def decide_all(tracker: Tracker, content: Path,
               decisions: list[tuple]) -> list[tuple[Pending, Claim]]:
    """(ID, action, earliest, latest) decisions, in order, after one read of the posts.

    Each decision replaces one line by one line, so the places read stay
    valid for the next ones (write_decision checks each line again).
    """
    claims = _read(content)[0].claims
    done = []
    for ident, action, earliest, latest in decisions:
        target = find(claims, content, ident)
        new = decided(target.claim, action, earliest, latest, f"{target.path}:{target.line}")
        write_decision(target, new)
        # The line now holds the decision: a later one about it sees it (and a
        # claim whose dates were set gets its new ID).
        claims[claims.index(target)] = replace(target, claim=new, id=claim_id(target.rel, new))
        done.append((target, new))
    return done
