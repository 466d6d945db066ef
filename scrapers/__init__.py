"""Megawatch scrapers: fetch, parse, extract launch claims and write posts.

The pipeline runs one way: tracker config -> fetch -> parse -> relevance and
claims -> posts. Only :mod:`scrapers.fetch` talks to the network and only
:mod:`scrapers.cli` prints.
"""

__version__ = "0.1.0"
