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


class ConfigError(MegawatchError):
    """tracker.toml is missing, unreadable or invalid."""


class FetchError(MegawatchError):
    """A network request failed for good (after retries)."""


class ParseError(MegawatchError):
    """Bytes from a source could not be turned into items."""


class PostError(MegawatchError):
    """A post file could not be read or written."""
