"""Tweets to items: X API v2 objects, X archive exports and JSON Lines.

Pure functions: bytes, files or dicts in, :class:`Item` or v2 dicts out;
nothing here touches the network. Every input is first brought to the X
API v2 tweet shape (``id``, ``text``, ``created_at``, ``author_id``,
``conversation_id``, ``referenced_tweets``, ``entities.urls``,
``note_tweet``, ``lang``) so that :func:`tweets_to_items` handles all of
them the same way.

Archive files (``data/tweets.js`` and friends) are JavaScript assignments
``window.YTD.tweets.part0 = [...]``: the prefix is cut off and the rest is
read with :func:`json.loads`. Nothing is ever evaluated.
"""

from __future__ import annotations

import html
import json
import logging
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapers.errors import ParseError
from scrapers.models import Item

log = logging.getLogger(__name__)

THREAD_WINDOW = timedelta(hours=24)
TITLE_WORDS = 10
# A note tweet and its tweet are created together; archives give both times.
NOTE_MATCH_WINDOW = timedelta(seconds=120)
MAX_ARCHIVE_BYTES = 512 * 1024 * 1024  # uncompressed bytes read from an archive
# A member may inflate at most this many times its compressed size: tweets.js
# compresses about 5-10:1, 400 MiB of spaces about 1000:1 (checked on the zip's
# declared sizes before anything is decompressed, then on the bytes read).
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024  # smaller members may have any ratio
MAX_LINE_BYTES = 16 * 1024 * 1024  # one JSON Lines line

_URL_RE = re.compile(r"https?://\S+")
# A tweet id: ASCII digits, at most 20 (X ids are 64-bit); "²" or 5,000 digits are not ids.
_ID_RE = re.compile(r"[0-9]{1,20}")
_TCO_RE = re.compile(r"https?://t\.co/[A-Za-z0-9]+")
_LEADING_MENTIONS_RE = re.compile(r"^(?:\.?@\w+[\s,]+)+")
_UNDETERMINED_LANGS = {"", "und", "zxx", "qam", "qct", "qht", "qme", "qst"}


class TweetBatch(list):
    """A list of v2 tweet dicts, with the ``includes`` that go with them
    (``users``...) and the non-fatal ``errors`` met while reading."""

    def __init__(self, tweets: Iterable[dict] = (), includes: dict | None = None,
                 errors: list[ParseError] | None = None):
        super().__init__(tweets)
        self.includes: dict = includes if includes is not None else {}
        self.errors: list[ParseError] = errors if errors is not None else []


# --- v2 tweets -> items ------------------------------------------------------

_USERNAME_RE = re.compile(r"[A-Za-z0-9_]{1,15}")


def _created(tweet: Mapping) -> datetime | None:
    value = tweet.get("created_at")
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return when.astimezone(timezone.utc)


def _ref(tweet: Mapping, kind: str) -> str | None:
    for ref in tweet.get("referenced_tweets") or ():
        if isinstance(ref, Mapping) and ref.get("type") == kind:
            return str(ref.get("id") or "") or None
    return None


def _is_retweet(tweet: Mapping) -> bool:
    return any(isinstance(r, Mapping) and r.get("type") == "retweeted"
               for r in tweet.get("referenced_tweets") or ())


def _url_entities(tweet: Mapping) -> list[Mapping]:
    """URL entities of the text we use: the note's for a long post (the
    short text's own entities only hold the "show more" link)."""
    note = tweet.get("note_tweet")
    holder = note if isinstance(note, Mapping) and note.get("text") else tweet
    entities = holder.get("entities")
    if not isinstance(entities, Mapping):
        return []
    return [u for u in entities.get("urls") or () if isinstance(u, Mapping)]


def tweet_text(tweet: Mapping) -> str:
    """The full plain text of one v2 tweet: the note text of a long post,
    t.co links replaced by their expanded URL (unknown ones dropped), HTML
    entities decoded."""
    note = tweet.get("note_tweet")
    text = note.get("text") if isinstance(note, Mapping) and note.get("text") else None
    if text is None:
        text = tweet.get("text") or tweet.get("full_text") or ""
    links = {}
    for entity in _url_entities(tweet):
        short = entity.get("url")
        target = entity.get("expanded_url") or entity.get("unwound_url") or ""
        if isinstance(short, str) and short and short not in links:
            links[short] = "" if _TCO_RE.fullmatch(target) else target
    for short in sorted(links, key=len, reverse=True):
        text = text.replace(short, links[short])
    text = _TCO_RE.sub("", text)
    text = html.unescape(text)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def make_title(text: str, fallback: str) -> str:
    """About the first ten words, without URLs nor leading @mentions."""
    plain = _LEADING_MENTIONS_RE.sub("", _URL_RE.sub(" ", text).strip())
    words = plain.split()
    if not words:
        return fallback
    if len(words) <= TITLE_WORDS:
        return " ".join(words)
    return " ".join(words[:TITLE_WORDS]).rstrip(",;:.!?-–—…") + "…"


def _lang(tweets: list[Mapping]) -> str:
    for tweet in tweets:
        lang = str(tweet.get("lang") or "")
        if lang not in _UNDETERMINED_LANGS:
            return lang
    return ""


def _retweet_text(tweet: Mapping, tweets_by_id: Mapping, users: Mapping) -> str:
    original = tweets_by_id.get(_ref(tweet, "retweeted") or "")
    if not original:
        return tweet_text(tweet)
    who = users.get(original.get("author_id"), {}).get("username")
    return (f"RT @{who}: " if who else "RT: ") + tweet_text(original)


def tweets_to_items(tweets: Iterable[Mapping], includes: Mapping | None, *, account: str,
                    source_name: str, tz: str, include_retweets: bool = False) -> list[Item]:
    """Items from v2 tweets, oldest first, one item per tweet or thread.

    A thread is a run of tweets by the same author in the same
    conversation, each replying to one already in the run, within 24 h of
    the first: it becomes ONE item ``x:<first id>`` whose text is the
    tweets' texts in order, separated by blank lines. (Tweets without any
    ``referenced_tweets`` field, as some collectors write them, join the
    thread started by their ``conversation_id``.)

    Retweets are skipped unless ``include_retweets``. Tweets without an
    id or a valid ``created_at`` are skipped with a warning.
    ``extra`` holds ``tweet_ids``, ``conversation_id``, ``urls`` (expanded
    links) and ``local_date`` (the date in ``tz``, the subject's time zone).
    """
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ParseError(source_name, f"unknown time zone {tz!r}") from None
    account = account.lstrip("@")
    includes = includes or {}
    users = {str(u.get("id")): u for u in includes.get("users") or () if isinstance(u, Mapping)}
    included = {str(t.get("id")): t for t in includes.get("tweets") or ()
                if isinstance(t, Mapping)}

    unique: dict[str, Mapping] = {}
    for tweet in tweets:
        ident = str(tweet.get("id") or "") if isinstance(tweet, Mapping) else ""
        if not _ID_RE.fullmatch(ident) or _created(tweet) is None:
            log.warning("%s: skipped tweet %s: no id or no valid created_at",
                        source_name, _shown(ident or tweet))
            continue
        unique.setdefault(ident, tweet)

    groups: list[list[Mapping]] = []
    group_of: dict[str, list[Mapping]] = {}
    for ident in sorted(unique, key=int):
        tweet = unique[ident]
        if _is_retweet(tweet):
            if include_retweets:
                groups.append([tweet])
            continue
        parent = _ref(tweet, "replied_to")
        conversation = str(tweet.get("conversation_id") or "")
        if parent:
            group = group_of.get(parent)
        elif "referenced_tweets" not in tweet and conversation != ident:
            group = group_of.get(conversation)
        else:
            group = None
        if group is not None:
            first = group[0]
            first_conversation = str(first.get("conversation_id") or "")
            if (first.get("author_id") != tweet.get("author_id")
                    or (conversation and first_conversation and conversation != first_conversation)
                    or _created(tweet) - _created(first) > THREAD_WINDOW):
                group = None
        if group is None:
            group = []
            groups.append(group)
        group.append(tweet)
        group_of[ident] = group

    items = []
    for group in groups:
        try:
            items.append(_group_item(group, included, users, account, source_name, zone))
        except Exception as exc:  # one malformed tweet never loses the others
            log.warning("%s: tweet %s skipped: %s: %s", source_name, group[0].get("id"),
                        type(exc).__name__, " ".join(str(exc).split())[:200])
    return items


def _group_item(group: list[Mapping], included: Mapping, users: Mapping, account: str,
                source_name: str, zone: ZoneInfo) -> Item:
    first = group[0]
    first_id = str(first["id"])
    if _is_retweet(first):
        texts = [_retweet_text(first, included, users)]
    else:
        texts = [tweet_text(t) for t in group]
    text = "\n\n".join(t for t in texts if t)
    user = users.get(str(first.get("author_id")), {})
    username = str(user.get("username") or "")
    if not _USERNAME_RE.fullmatch(username):
        # X handles are 1-15 of [A-Za-z0-9_]; anything else never reaches a URL.
        username = account
    published = _created(first)
    urls = []
    for tweet in group:
        for entity in _url_entities(tweet):
            target = entity.get("expanded_url") or entity.get("unwound_url")
            if target and not _TCO_RE.fullmatch(target) and target not in urls:
                urls.append(target)
    extra = {
        "tweet_ids": [str(t["id"]) for t in group],
        "conversation_id": str(first.get("conversation_id") or first_id),
        "urls": urls,
        "local_date": published.astimezone(zone).date().isoformat(),
    }
    if _is_retweet(first):
        extra["retweet"] = True
    return Item(
        id=f"x:{first_id}",
        source=f"@{account}",
        category="tweets",
        title=make_title(text, f"@{username} on X"),
        url=f"https://x.com/{username}/status/{first_id}",
        published=published,
        author=user.get("name") or f"@{account}",
        summary=text,
        text=text,
        lang=_lang(group),
        extra=extra,
    )


# --- X archive export ----------------------------------------------------------

_YTD_RE = re.compile(rb"^\s*window\.YTD\.([A-Za-z0-9_]+)\.part(\d+)\s*=\s*")
_MEMBER_RE = re.compile(r"^(tweets?|note-tweet|account)(?:-part(\d+))?\.js$")
_ARCHIVE_DATE = "%a %b %d %H:%M:%S %z %Y"


def parse_ytd(data: bytes, where: str, member: str) -> list:
    """The JSON array of one ``window.YTD.<name>.partN = [...]`` file."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    match = _YTD_RE.match(data)
    if not match:
        raise ParseError(where, f"{member}: no 'window.YTD.<name>.partN =' prefix "
                                f"(starts with {data[:40]!r})")
    body = data[match.end():].strip()
    if body.endswith(b";"):
        body = body[:-1]
    try:
        value = json.loads(body)
    except RecursionError:
        raise ParseError(where, f"{member}: JSON nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise ParseError(where, f"{member}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ParseError(where, f"{member}: not JSON after the window.YTD prefix: {exc.msg} "
                                f"at line {exc.lineno} column {exc.colno} "
                                f"(starts with {body[:40]!r})") from None
    except ValueError as exc:  # e.g. an integer literal of more than 4,300 digits
        raise ParseError(where, f"{member}: unreadable JSON ({_short(exc)})") from None
    if not isinstance(value, list):
        raise ParseError(where, f"{member}: expected a JSON array, got {type(value).__name__}")
    return value


def _safe_member(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return not (name.startswith(("/", "\\")) or ".." in parts
                or (parts and re.match(r"^[A-Za-z]:", parts[0])))


def _wanted(parts: tuple[str, ...]) -> re.Match | None:
    """Archive files we read: at the root, in data/ or in <folder>/data/."""
    if len(parts) == 1 or (len(parts) in (2, 3) and parts[-2] == "data"):
        return _MEMBER_RE.match(parts[-1])
    return None


def _read_limited(stream, limit: int, where: str, member: str,
                  declared: int | None = None) -> bytes:
    """At most ``limit`` bytes (and no more than ``declared``), read 1 MiB at a time."""
    chunks, total = [], 0
    while chunk := stream.read(1 << 20):
        total += len(chunk)
        if declared is not None and total > declared:
            raise ParseError(where, f"{member}: inflates beyond the {declared} bytes it "
                                    "declares (zip bomb?)")
        if total > limit:
            raise ParseError(where, f"{member}: more than {limit} uncompressed bytes "
                                    "read from the archive (zip bomb?)")
        chunks.append(chunk)
    return b"".join(chunks)


def _archive_files(path: Path, max_bytes: int) -> dict[str, bytes]:
    """``{name: bytes}`` of the archive files we read (names relative)."""
    where = str(path)
    found: dict[str, bytes] = {}
    if path.is_dir():
        budget = max_bytes
        for base in (path / "data", path):
            if not base.is_dir():
                continue
            for file in sorted(base.iterdir()):
                if file.is_file() and not file.is_symlink() and _MEMBER_RE.match(file.name) \
                        and file.name not in found:
                    if file.stat().st_size > budget:
                        raise ParseError(where, f"{file.name}: {file.stat().st_size} bytes, "
                                                f"more than the {budget} allowed")
                    with file.open("rb") as stream:
                        data = _read_limited(stream, budget, where, file.name)
                    budget -= len(data)
                    found[file.name] = data
        return found
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ParseError(where, "file not found") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise ParseError(where, f"not a folder nor a zip file ({exc})") from None
    with archive:
        members = []
        for info in archive.infolist():
            if not _safe_member(info.filename):
                raise ParseError(where, f"unsafe path in zip: {info.filename!r}")
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if not info.is_dir() and _wanted(parts):
                members.append((info, parts[-1]))
        declared = sum(info.file_size for info, _ in members)
        if declared > max_bytes:
            raise ParseError(where, f"archive files declare {declared} uncompressed bytes, "
                                    f"more than the {max_bytes} allowed")
        for info, _ in members:
            if info.file_size > RATIO_FROM and \
                    info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ParseError(where, f"{info.filename}: {info.compress_size} compressed bytes "
                                        f"declare {info.file_size} uncompressed, a ratio over "
                                        f"{MAX_RATIO}:1 (zip bomb?); refused before inflating")
        budget = max_bytes
        for info, name in sorted(members, key=lambda m: m[0].filename):
            if name in found:
                raise ParseError(where, f"{name} appears twice in the zip")
            try:
                with archive.open(info) as stream:
                    data = _read_limited(stream, budget, where, info.filename,
                                         declared=info.file_size)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError,
                    NotImplementedError) as exc:  # also: encrypted, unknown compression
                raise ParseError(where, f"{info.filename}: cannot read ({_short(exc)})") from None
            budget -= len(data)
            found[name] = data
    return found


def _parts(files: Mapping[str, bytes], stem: str) -> list[tuple[str, bytes]]:
    named = []
    for name, data in files.items():
        match = _MEMBER_RE.match(name)
        if match and match.group(1) == stem:
            named.append((int(match.group(2) or 0), name, data))
    return [(name, data) for _, name, data in sorted(named)]


def _archive_time(value, where: str, what: str) -> str:
    try:
        when = datetime.strptime(str(value), _ARCHIVE_DATE)
    except ValueError:
        raise ParseError(where, f"{what}: bad created_at {value!r}") from None
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _archive_urls(entities) -> list[dict]:
    urls = []
    if not isinstance(entities, Mapping):
        return urls
    for kind in ("urls", "media"):
        found = entities.get(kind)
        for entity in found if isinstance(found, list) else ():
            if not isinstance(entity, Mapping) or not isinstance(entity.get("url"), str):
                continue
            url = {"url": entity["url"], "expanded_url": _str(entity.get("expanded_url")),
                   "display_url": _str(entity.get("display_url"))}
            indices = entity.get("indices")
            # Offsets are kept only when they are two small non-negative integers
            # (strings, nulls, 1e400 or booleans are dropped, not fatal).
            if isinstance(indices, list) and len(indices) == 2 and all(
                    type(i) is int and 0 <= i <= 100_000 for i in indices):
                url["start"], url["end"] = indices
            urls.append(url)
    return urls


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def archive_tweet_to_v2(raw: Mapping, *, where: str = "archive",
                        author_id: str | None = None) -> dict:
    """One archive tweet (v1.1-like) in the v2 shape, without conversation_id."""
    ident = str(raw.get("id_str") or raw.get("id") or "")
    if not _ID_RE.fullmatch(ident):
        raise ParseError(where, f"tweet without a valid id_str: {_shown(ident)}")
    text = raw.get("full_text") if raw.get("full_text") is not None else raw.get("text")
    if not isinstance(text, str):
        raise ParseError(where, f"tweet {ident}: no full_text")
    tweet: dict = {
        "id": ident,
        "text": text,
        "created_at": _archive_time(raw.get("created_at"), where, f"tweet {ident}"),
        "lang": _str(raw.get("lang")),
        "entities": {"urls": _archive_urls(raw.get("entities"))},
    }
    refs = []
    if text.startswith("RT @"):
        refs.append({"type": "retweeted"})
    if raw.get("in_reply_to_status_id_str"):
        refs.append({"type": "replied_to", "id": str(raw["in_reply_to_status_id_str"])})
    if raw.get("quoted_status_id_str"):
        refs.append({"type": "quoted", "id": str(raw["quoted_status_id_str"])})
    if refs:
        tweet["referenced_tweets"] = refs
    if raw.get("in_reply_to_user_id_str"):
        tweet["in_reply_to_user_id"] = str(raw["in_reply_to_user_id_str"])
    if author_id:
        tweet["author_id"] = author_id
    return tweet


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _norm(text: str) -> str:
    text = html.unescape(_URL_RE.sub(" ", text))
    return " ".join(text.split()).rstrip("…").rstrip(".").strip()


def _attach_notes(tweets: list[dict], notes: list[Mapping], where: str,
                  errors: list[ParseError]) -> None:
    """Put each note tweet on its tweet, as ``note_tweet`` (v2 shape).

    Archives do not link the two. The rule: the tweet created within
    NOTE_MATCH_WINDOW (2 min) of the note's ``createdAt`` whose text, URLs
    removed, whitespace collapsed, a trailing "…" dropped, is a prefix of
    the note's text treated the same way; the closest in time wins, each
    tweet takes at most one note. Unmatched notes are reported in
    ``errors``, not fatal.
    """
    taken: set[str] = set()
    for label, note in notes:
        try:
            _attach_note(note, tweets, taken, where, errors, label)
        except Exception as exc:  # noqa: BLE001 - a malformed note is one line
            errors.append(ParseError(where, f"{label}: note tweet unreadable "
                                            f"({type(exc).__name__}: {_short(exc)})"))


def _attach_note(note: Mapping, tweets: list[dict], taken: set[str], where: str,
                 errors: list[ParseError], label: str) -> None:
    raw_id = str(note.get("noteTweetId") or "?")
    # Named by its id, or by its place in the file when it has no usable id.
    ident = (f"note tweet {raw_id}" if _ID_RE.fullmatch(raw_id)
             else f"{label}: note tweet {_shown(raw_id)}")
    core = note.get("core") if isinstance(note.get("core"), Mapping) else {}
    text = core.get("text")
    try:
        created = datetime.fromisoformat(str(note.get("createdAt")))
    except ValueError:
        created = None
    if not isinstance(text, str) or created is None or created.tzinfo is None:
        errors.append(ParseError(where, f"{ident}: no text or bad createdAt "
                                        f"{_shown(note.get('createdAt'))}"))
        return
    note_norm = _norm(text)
    best = None
    for tweet in tweets:
        if tweet["id"] in taken:
            continue
        gap = abs(datetime.fromisoformat(tweet["created_at"]) - created)
        if gap <= NOTE_MATCH_WINDOW and note_norm.startswith(_norm(tweet["text"])):
            if best is None or gap < best[0]:
                best = (gap, tweet)
    if best is None:
        errors.append(ParseError(where, f"{ident}: no tweet matches its "
                                        f"text and time {_shown(note.get('createdAt'))}"))
        return
    tweet = best[1]
    found = core.get("urls")
    urls = [{"url": u["shortUrl"], "expanded_url": _str(u.get("expandedUrl")),
             "display_url": _str(u.get("displayUrl"))}
            for u in (found if isinstance(found, list) else ())
            if isinstance(u, Mapping) and isinstance(u.get("shortUrl"), str)]
    taken.add(tweet["id"])
    tweet["note_tweet"] = {"text": text, "entities": {"urls": urls}}


def _derive_conversations(tweets: list[dict]) -> None:
    """conversation_id from reply chains: the oldest ancestor found in the
    archive, or the replied-to id when the parent is not there (exact for
    self-threads, a stand-in for replies to others)."""
    conversation: dict[str, str] = {}
    for tweet in sorted(tweets, key=lambda t: int(t["id"])):
        parent = _ref(tweet, "replied_to")
        root = conversation.get(parent, parent) if parent else tweet["id"]
        conversation[tweet["id"]] = root
        tweet["conversation_id"] = root


def parse_archive(path: Path | str, *, account: str,
                  max_bytes: int = MAX_ARCHIVE_BYTES) -> TweetBatch:
    """The account's tweets from an X archive export (zip file or folder).

    Runs in a worker bounded in time and memory (:mod:`scrapers.parse.bounded`);
    see :func:`_parse_archive` for what is read and refused.
    """
    from scrapers.parse import bounded

    return bounded.run(_parse_archive, Path(path), account, max_bytes, who=str(path),
                       what="import", seconds=bounded.ARCHIVE_SECONDS,
                       memory=bounded.ARCHIVE_MEMORY)


def _parse_archive(path: Path, account: str, max_bytes: int) -> TweetBatch:
    """The account's tweets from an X archive export (zip file or folder).

    Reads ``data/tweets.js``, ``data/tweets-part1.js``... (or the older
    ``data/tweet.js``), ``data/note-tweet.js`` and ``data/account.js`` (the
    files may also sit at the root, or under one top folder in a zip).
    Returns v2-shaped tweet dicts, oldest first, ready for
    :func:`tweets_to_items` with ``batch.includes``; ``batch.errors`` lists
    unmatched note tweets. Retweets are kept, marked ``retweeted``.

    Raises ParseError(path, reason) for an unreadable or hostile file: not
    a zip nor a folder, an unsafe path in the zip, more than ``max_bytes``
    uncompressed or a member inflating over MAX_RATIO times its compressed
    size, a file that is not ``window.YTD... = <JSON>`` (or nested too
    deeply), an archive of another account. A malformed tweet entry is one
    ParseError in ``batch.errors`` naming the file and the entry; the others
    are imported.
    """
    path = Path(path)
    where = str(path)
    files = _archive_files(path, max_bytes)
    tweet_parts = _parts(files, "tweets") + _parts(files, "tweet")
    if not tweet_parts:
        raise ParseError(where, "no data/tweets.js nor data/tweet.js in the archive")

    account = account.lstrip("@")
    includes: dict = {}
    author_id = None
    for name, data in _parts(files, "account"):
        for entry in parse_ytd(data, where, name):
            info = entry.get("account") if isinstance(entry, Mapping) else None
            if not isinstance(info, Mapping):
                continue
            username = str(info.get("username") or "")
            if username and username.lower() != account.lower():
                raise ParseError(where, f"{name}: archive of @{username}, not of @{account}")
            author_id = str(info.get("accountId") or "") or None
            includes["users"] = [{"id": author_id, "username": username or account,
                                  "name": info.get("accountDisplayName") or f"@{account}"}]

    tweets: dict[str, dict] = {}
    errors: list[ParseError] = []
    for name, data in tweet_parts:
        for i, entry in enumerate(parse_ytd(data, where, name)):
            # One malformed entry is one line in batch.errors, never the import.
            try:
                raw = entry.get("tweet", entry) if isinstance(entry, Mapping) else None
                if not isinstance(raw, Mapping):
                    raise ParseError(where, f"expected an object, got {_shown(entry)}")
                tweet = archive_tweet_to_v2(raw, where=where, author_id=author_id)
            except ParseError as exc:
                errors.append(ParseError(where, f"{name}[{i}]: {exc.message}"))
                continue
            except Exception as exc:  # noqa: BLE001 - any other shape of bad entry
                errors.append(ParseError(where, f"{name}[{i}]: unreadable tweet "
                                                f"({type(exc).__name__}: {_short(exc)})"))
                continue
            tweets.setdefault(tweet["id"], tweet)

    ordered = sorted(tweets.values(), key=lambda t: int(t["id"]))
    batch = TweetBatch(ordered, includes, errors)
    notes = []
    for name, data in _parts(files, "note-tweet"):
        for i, entry in enumerate(parse_ytd(data, where, name)):
            note = entry.get("noteTweet") if isinstance(entry, Mapping) else None
            if isinstance(note, Mapping):
                notes.append((f"{name}[{i}]", note))
            else:
                batch.errors.append(ParseError(where, f"{name}[{i}]: expected a noteTweet "
                                                      f"object, got {_shown(entry)}"))
    _attach_notes(ordered, notes, where, batch.errors)
    _derive_conversations(ordered)
    return batch


# --- JSON Lines ----------------------------------------------------------------

def _check_v2(tweet, where: str) -> dict:
    if not isinstance(tweet, dict):
        raise ParseError(where, f"expected a tweet object, got {tweet!r:.60}")
    tweet = {k: v for k, v in tweet.items() if k not in ("includes", "__twarc")}
    ident = str(tweet.get("id") or "")
    if not _ID_RE.fullmatch(ident):
        raise ParseError(where, f"bad tweet id {_shown(tweet.get('id'))}")
    tweet["id"] = ident
    if not isinstance(tweet.get("text"), str):
        raise ParseError(where, f"tweet {ident}: no text")
    if _created(tweet) is None:
        raise ParseError(where, f"tweet {ident}: bad created_at {tweet.get('created_at')!r}")
    return tweet


def _merge(into: dict, new) -> None:
    if not isinstance(new, Mapping):
        return
    for key, values in new.items():
        if isinstance(values, list):
            into.setdefault(key, []).extend(v for v in values if v not in into[key])


def parse_jsonl_file(path: Path | str, *, max_line: int = MAX_LINE_BYTES,
                     max_bytes: int = MAX_ARCHIVE_BYTES) -> TweetBatch:
    """:func:`parse_jsonl` over a file read line by line, in a bounded worker.

    A line longer than ``max_line`` is skipped (one error naming it) without
    being held in memory; a file over ``max_bytes`` is refused.
    """
    from scrapers.parse import bounded

    return bounded.run(_parse_jsonl_file, Path(path), max_line, max_bytes, who=str(path),
                       what="import", seconds=bounded.ARCHIVE_SECONDS,
                       memory=bounded.ARCHIVE_MEMORY)


def _parse_jsonl_file(path: Path, max_line: int, max_bytes: int) -> TweetBatch:
    where = str(path)
    try:
        size = path.stat().st_size
        stream = path.open("rb")
    except OSError as exc:
        raise ParseError(where, f"cannot read: {exc.strerror or exc}") from None
    if size > max_bytes:
        stream.close()
        raise ParseError(where, f"{size} bytes, more than the {max_bytes} allowed")
    lines: list[bytes] = []
    too_long: list[ParseError] = []
    with stream:
        number = 0
        while True:
            line = stream.readline(max_line + 1)
            if not line:
                break
            number += 1
            if len(line) > max_line and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # skip the rest of it
                    line = stream.readline(1 << 20)
                too_long.append(ParseError(where, f"line {number}: longer than {max_line} "
                                                  "bytes; skipped"))
                lines.append(b"")
                continue
            lines.append(line.rstrip(b"\r\n"))
    batch = parse_jsonl(b"\n".join(lines), where)
    for err in too_long:
        log.warning("%s", err)
    batch.errors[:0] = too_long
    return batch


def parse_jsonl(data: bytes, source: str) -> TweetBatch:
    """v2 tweets from JSON Lines written by other collectors.

    A line is one tweet object (maybe with its own ``includes``), a
    ``{"data": tweet, "includes": ...}`` envelope, or a whole page
    ``{"data": [tweets], "includes": ..., "meta": ...}``. A bad line is
    recorded in ``batch.errors`` as ParseError(source, "line N: ...") and
    skipped. Tweets come back in file order, duplicates dropped.
    """
    batch = TweetBatch()
    seen: set[str] = set()
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            try:
                obj = json.loads(line.decode("utf-8-sig"))
            except RecursionError:
                raise ParseError(source, f"{where}: JSON nested too deeply") from None
            except UnicodeDecodeError as exc:
                raise ParseError(source, f"{where}: not UTF-8 ({exc.reason})") from None
            except json.JSONDecodeError as exc:
                raise ParseError(source, f"{where}: not JSON ({exc}): {line[:40]!r}") from None
            except ValueError as exc:  # e.g. an integer literal of more than 4,300 digits
                raise ParseError(source, f"{where}: unreadable JSON ({_short(exc)})") from None
            if isinstance(obj, dict) and "data" in obj and "id" not in obj:
                found = obj["data"] if isinstance(obj["data"], list) else [obj["data"]]
            else:
                found = [obj]
            tweets = []
            for tweet in found:
                try:
                    tweets.append(_check_v2(tweet, source))
                except ParseError as exc:
                    raise ParseError(source, f"{where}: {exc.message}") from None
        except ParseError as exc:
            log.warning("%s", exc)
            batch.errors.append(exc)
            continue
        _merge(batch.includes, obj.get("includes") if isinstance(obj, dict) else None)
        for tweet in tweets:
            if tweet["id"] not in seen:
                seen.add(tweet["id"])
                batch.append(tweet)
    return batch
