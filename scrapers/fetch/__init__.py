"""The only network code of Megawatch: HTTP for feeds and pages, the X API."""
