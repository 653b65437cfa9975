"""Cited URLs: find them in footnote text, repair conversion damage, normalise, read BelTA ids.

Shared by every reader. The format readers are responsible for joining a definition's lines
(each knows how its export wraps lines); this module works on the joined definition text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from ..model import Source

# A BelTA article slug ends with "-<article id>-<year>", optionally followed by "/".
_BELTA_SLUG = re.compile(r"[-_](\d{4,7})[-_]((?:19|20)\d\d)/?$")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\[\]()\"]+", re.IGNORECASE)


def normalize_url(url: str) -> str:
    """One identity per source: https, lower-case host without ``www.``, no trailing slash.

    >>> normalize_url("http://WWW.Belta.by/politics/view/x-469260-2021/")
    'https://belta.by/politics/view/x-469260-2021'
    """
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "https://" + url
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/")
    return urlunsplit(("https", host, path, parts.query, ""))


def domain_of(url: str) -> str:
    """The host of a URL without ``www.``, lower case."""
    return urlsplit(normalize_url(url)).netloc


def belta_article(url: str) -> tuple[int, int] | None:
    """``(article id, year)`` of a belta.by article URL, else ``None``."""
    normalized = normalize_url(url)
    if not domain_of(normalized).endswith("belta.by"):
        return None
    match = _BELTA_SLUG.search(normalized)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


def make_source(url: str, *, repaired: bool = False) -> Source:
    """A :class:`Source` for a (repaired) URL as printed."""
    article = belta_article(url)
    return Source(
        url=url,
        normalized=normalize_url(url),
        domain=domain_of(url),
        belta_id=article[0] if article else None,
        year=article[1] if article else None,
        repaired=repaired,
    )


def extract_sources(text: str) -> list[Source]:
    """Every URL in a footnote's (joined) text, repaired, in order, without repeats."""
    seen: dict[str, Source] = {}
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:")
        source = make_source(url)
        seen.setdefault(source.normalized, source)
    return list(seen.values())
