"""HTML -> plain text helpers shared by the feed and page parsers.

Two shapes of output:

* :func:`inline_text` for titles, authors, tags: one line, HTML stripped,
  entities unescaped, whitespace collapsed, control characters dropped;
* :func:`html_to_text` for bodies: one paragraph per line, in reading order.
"""

from __future__ import annotations

import html
import re
import unicodedata
import warnings

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4 import MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.exceptions import ParserRejectedMarkup

warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

# Elements whose start and end break a line of text.
BLOCK_TAGS = frozenset("""
address article aside blockquote body br dd details dialog div dl dt fieldset figcaption
figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary
table tbody td tfoot th thead tr ul caption center
""".split())
# Elements that never hold readable text.
SKIP_TAGS = frozenset("script style noscript template svg math iframe object embed "
                      "canvas video audio head title meta link button select option "
                      "input textarea map".split())

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\ufeff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAGLIKE = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.S)


# "<![" that opens no CDATA section: html.parser rejects the whole fragment
# ("expected name token"), so it is escaped into the text it stands for.
_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)")


def soup(markup: str) -> BeautifulSoup:
    """An html.parser tree of ``markup`` that never raises on hostile markup.

    Marked sections (``<![ ...``, ``<![if !IE]>``) are escaped first; a
    fragment html.parser still rejects is read by lxml's parser instead.
    """
    markup = _MARKED_SECTION.sub("&lt;![", markup)
    try:
        return BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup:
        return BeautifulSoup(markup, "lxml")


def clean_line(text: str) -> str:
    """One line of plain text: control characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text.replace("\n", " ").replace("\t", " "))
    return _SPACES.sub(" ", text).strip()


def inline_text(value: str | None, *, is_html: bool = True) -> str:
    """A title, author or tag as one clean line of plain text.

    ``is_html`` False means the value is declared plain text: it is not
    parsed as markup, but leftover tags and (double-)escaped entities are
    still removed, since feeds get this wrong all the time.
    """
    if not value:
        return ""
    text = str(value)
    if is_html and ("<" in text or "&" in text):
        text = soup(text).get_text(" ")
    elif "<" in text and _TAGLIKE.search(text):
        text = _TAGLIKE.sub(" ", text)
    # Double-escaped entities ("&amp;#8217;" -> "&#8217;") are common.
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return clean_line(text)


def html_to_text(value: str | Tag | None) -> str:
    """Readable plain text of an HTML fragment or element: a line per block."""
    if value is None:
        return ""
    if isinstance(value, str):
        if not value.strip():
            return ""
        if "<" not in value:
            return "\n".join(l for l in (clean_line(x) for x in html.unescape(value).splitlines()) if l)
        root: Tag = soup(value)
    else:
        root = value
    parts: list[str] = []
    _walk(root, parts)
    lines = (clean_line(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


_INLINE = frozenset(("a", "span", "em", "strong", "b", "i", "u", "abbr", "sup", "sub",
                     "small", "mark", "q", "cite", "code", "time", "font", "s", "del", "ins"))
_END = object()


def _walk(node: Tag, out: list[str]) -> None:
    """Text of ``node`` in reading order, with line breaks around blocks.

    Iterative (an explicit stack), so 100,000 nested elements cost no
    RecursionError.
    """
    stack = [iter(node.children)]
    tails: list[str] = [""]
    while stack:
        child = next(stack[-1], _END)
        if child is _END:
            stack.pop()
            tail = tails.pop()
            if tail:
                out.append(tail)
            continue
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            if type(child) is NavigableString or type(child).__name__ == "CData":
                out.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower() if child.name else ""
        if name in SKIP_TAGS or name == "img":
            continue
        if name == "br":
            out.append("\n")
            continue
        block = name in BLOCK_TAGS
        if block:
            out.append("\n")
        elif name in ("td", "th"):
            out.append(" ")
        # Unknown inline elements: keep words apart without breaking lines.
        tails.append("\n" if block else "" if name in _INLINE else " ")
        stack.append(iter(child.children))


# Lone surrogates (from "\ud800" in JSON or &#xD800; in a feed) cannot be encoded
# in UTF-8; C0/C1 controls other than tab and newline have no place in a post.
_UNENCODABLE = re.compile(r"[\ud800-\udfff]")
_BAD_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def repair(text: str) -> tuple[str, int]:
    """``text`` with lone surrogates replaced by U+FFFD and controls dropped
    (tab, newline kept; CR becomes a newline), and how many were fixed."""
    if not text:
        return text, 0
    fixed = 0
    if _UNENCODABLE.search(text):
        before = text.count("\ufffd")
        # A valid pair that came in as two code points is joined back; a lone
        # half becomes U+FFFD.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        text = _UNENCODABLE.sub("\ufffd", text)
        fixed += text.count("\ufffd") - before
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, n = _BAD_CONTROLS.subn("", text)
    return text, fixed + n


def repair_value(value, counter: list[int]):
    """``value`` (str, list, dict of those) repaired; adds the fixes to ``counter[0]``."""
    if isinstance(value, str):
        text, n = repair(value)
        counter[0] += n
        return text
    if isinstance(value, list):
        return [repair_value(v, counter) for v in value]
    if isinstance(value, tuple):
        return tuple(repair_value(v, counter) for v in value)
    if isinstance(value, dict):
        return {repair_value(k, counter): repair_value(v, counter) for k, v in value.items()}
    return value
