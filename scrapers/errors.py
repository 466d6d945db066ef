"""The one exception tree of the project.

Every message names the source (a file, URL, feed or account) and the bad
value, so a maintainer reading one log line knows what to fix.
"""


class MegawatchError(Exception):
    """Base class of every error raised on purpose by Megawatch."""

    def __init__(self, source: str, message: str):
        self.source = str(source)
        self.message = message
        super().__init__(f"{self.source}: {message}")

    def __reduce__(self):
        # Errors cross process boundaries (the parse worker): pickle their fields.
        return (_rebuild, (type(self), self.source, self.message))


def _rebuild(cls, source, message):
    return cls(source, message)


class ConfigError(MegawatchError):
    """tracker.toml is missing, unreadable or invalid."""


class FetchError(MegawatchError):
    """A network request failed for good (after retries)."""


class ParseError(MegawatchError):
    """Bytes from a source could not be turned into items."""


class PostError(MegawatchError):
    """A post file could not be read or written."""


# Short French reasons for the public /sources/ page, from our one-line messages
# (the full message stays in the status file, for maintainers). First match wins.
_REASONS = (
    (r"cannot resolve host|NameResolutionError|Name or service not known", "hôte introuvable"),
    (r"credentials in the URL", "adresse refusée (identifiants dans l'URL)"),
    (r"allow_private|address .* refused|resolves to .* refused", "adresse refusée (réseau privé)"),
    (r"disallowed by robots\.txt", "interdit par robots.txt"),
    (r"time budget|parse took", "analyse trop longue"),
    (r"memory", "mémoire dépassée"),
    (r"timeout|timed out|deadline", "délai dépassé"),
    (r"rate limited|HTTP 429", "trop de requêtes (HTTP 429)"),
    (r"X_BEARER_TOKEN", "jeton X refusé"),
    (r"\bHTTP (\d{3})\b", "HTTP {0}"),
    (r"body larger than|uncompressed bytes|declare \d+ uncompressed", "réponse trop volumineuse"),
    (r"redirect", "redirection refusée"),
    (r"connection error|Connection refused|ConnectionError", "connexion impossible"),
    (r"entit", "flux refusé (entités XML)"),
    (r"not a feed|empty body|not JSON|not UTF-8|feedparser failed|unreadable", "contenu illisible"),
)


def reason_fr(message: str) -> str:
    """A short French reason for an error message ("hôte introuvable", "HTTP 503")."""
    import re

    for pattern, reason in _REASONS:
        match = re.search(pattern, message or "")
        if match:
            return reason.format(*match.groups())
    return "erreur de lecture"
