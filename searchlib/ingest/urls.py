"""Cited URLs: find them in footnote text, and give each the identity of one source.

Shared by every reader. The format readers are responsible for joining a definition's lines
(each knows how its export wraps lines); :func:`extract_sources` works on the joined definition
text: it unwraps ``<https://...>`` and markdown links ``[text](target)`` (the printed text wins),
closes the spaces the export put inside a URL (``zelenoj - ekonomike``, and the pieces after
a space of a URL that ends the text: ``bilateral relations/...``), has each URL repaired by
:mod:`searchlib.ingest.url_repair`, and drops truncated copies printed beside the full URL.

:func:`make_source` gives a URL its identity (:class:`~searchlib.model.Source`): the normalised
form that makes two spellings of one article one source, its domain, and for belta.by its article
id and year. The citations, the archive and the web app use it for URLs typed by a user too.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from ..errors import InvalidReference
from ..model import Repair, Source
from .url_repair import repair_url

# A BelTA article slug ends with "-<article id>-<year>", optionally followed by "/".
# Article ids have had five digits or more since the 2000s (six in every year these books
# cite): a shorter number there is the tail of a damaged id (b1:97 `...-45_2543-2021`), and no id
# is better than a wrong one.
_BELTA_SLUG = re.compile(r"[-_.](\d{5,7})[-_]((?:19|20)\d\d)/?$")
#: A URL as printed: from its scheme (or ``www.``) to the first space, bracket or quote.
URL_TOKEN = re.compile(r"(?:https?://|www\.)[^\s<>\[\]()\"]+", re.IGNORECASE)
_SCHEME = re.compile(r"https?://", re.IGNORECASE)
# Wrappers: <url>, and markdown links [text](target) whose text or target holds a URL or slug.
_ANGLE = re.compile(r"<((?:https?://|www\.)[^<>]*)>", re.IGNORECASE)
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()]*)\)")
_SPACED_HYPHEN = re.compile(r"((?:https?://|www\.)[^\s<>\[\]()\"]*?)(?:-+\s+|\s+-+)(?=[a-z0-9_])")


def normalize_url(url: str) -> str:
    """One identity per source: https, lower-case host without ``www.``, no trailing slash.

    >>> normalize_url("http://WWW.Belta.by/politics/view/x-469260-2021/")
    'https://belta.by/politics/view/x-469260-2021'

    :raises InvalidReference: for a URL that cannot be split into its parts (``http://[::1``);
        the URLs found in a book never are, but a URL typed by a user or read from a page may be.
    """
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError as e:
        raise InvalidReference(f"malformed URL {url!r}: {e}") from None
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


def make_source(
    url: str, *, repaired: bool = False, repairs: tuple[Repair, ...] | list[Repair] = ()
) -> Source:
    """A :class:`Source` for a (repaired) URL as printed, with the repairs that made it."""
    article = belta_article(url)
    return Source(
        url=url,
        normalized=normalize_url(url),
        domain=domain_of(url),
        belta_id=article[0] if article else None,
        year=article[1] if article else None,
        repaired=repaired or bool(repairs),
        repairs=tuple(repairs),
    )


# The id a cut BelTA URL or a slug tail still prints: ``...-640865-`` or ``...-552857-2023/``.
_PARTIAL_ID = re.compile(r"[-_](\d{5,7})(?:[-_]((?:19|20)\d\d)?)?/?$")


def partial_source(printed: str, repairs: tuple[Repair, ...] | list[Repair] = ()) -> Source:
    """A :class:`Source` for a URL the book prints only in part, kept for what it identifies.

    A URL cut at a page bottom keeps its host, so its normalised form and domain; a slug tail
    printed without its beginning (``zakljuchili-dogovory-...-552857-2023/``) has neither (no
    host is guessed). Either keeps the BelTA article id (and year) it still prints: a URL on
    belta.by, or a bare slug ending the way only BelTA's do (``-<id>-<year>``).
    """
    has_host = bool(_SCHEME.match(printed)) or printed.lower().startswith("www.")
    domain = domain_of(printed) if has_host else ""
    match = _PARTIAL_ID.search(printed)
    belta = domain.endswith("belta.by") or (not has_host and match and match.group(2))
    article = (int(match.group(1)), match.group(2)) if match and belta else None
    return Source(
        url=printed,
        normalized=normalize_url(printed) if has_host else "",
        domain=domain,
        belta_id=article[0] if article else None,
        year=int(article[1]) if article and article[1] else None,
        repaired=bool(repairs),
        repairs=tuple(repairs),
        partial=True,
    )


def _squeeze(inner: str) -> str:
    """A wrapped URL's content without the spaces the export put into it."""
    inner = re.sub(r"\s*-\s*", "-", inner.strip())
    return re.sub(r"\s+", "", inner)


def unwrap(text: str) -> str:
    """Replace ``<url>`` and markdown links by the bare URL text, with stray spaces removed.

    A link keeps its printed text when that is (part of) a URL, else its target; a target of
    ``#`` is the converter's placeholder and never wins.
    """

    def link(match: re.Match[str]) -> str:
        label, target = match.group(1).strip(), match.group(2).strip()
        if label and (" " not in label or _SCHEME.search(label) or target == "#"):
            return _squeeze(label)
        if target and target != "#":
            return target
        return match.group(0)

    text = _LINK.sub(link, text)
    return _glue_hyphens(_ANGLE.sub(lambda m: _squeeze(m.group(1)), text))


# A bare URL ending the text, then pieces of it after spaces (``.../sov mestnyi-zavod-...``,
# ``.../bilateral relations/commerce_economique/region/``): each piece holds a separator, or is
# one or two letters, none opens a new URL; nothing after them but a final period. Prose after
# a URL never looks so.
_PIECE = r"[^\s<>\[\]()\"]*[a-z0-9][^\s<>\[\]()\"]*"
_SPACED_TAIL = re.compile(
    rf"((?:https?://|www\.)[^\s<>\[\]()\"]+)"
    rf"((?:\s+(?!https?://|www\.)(?:(?=[^\s]*[-_/]){_PIECE}|[a-z]{{1,2}}))+)(\s*\.?\s*)$",
    re.IGNORECASE,
)


def close_spaced_tail(text: str) -> tuple[str, str | None]:
    """Close the spaces inside a bare URL that ends the text; also returns it as printed."""
    match = _SPACED_TAIL.search(text)
    if match is None:
        return text, None
    printed = match.group(1) + match.group(2)
    glued = re.sub(r"\s+", "", printed)
    return text[: match.start()] + glued + match.group(3), printed


def _glue_hyphens(text: str) -> str:
    """Close a space beside a hyphen of a bare URL (``belarusi- v-janvare``, ``kratnyi -rost``)."""
    previous = None
    while previous != text:
        previous = text
        text = _SPACED_HYPHEN.sub(r"\1-", text)
    return text


def _truncated_copies(sources: list[Source]) -> set[int]:
    """Indices of sources that are a truncated copy of another source of the same definition.

    A "URL" whose host is no host at all (``https://grodno-63``), printed beside the full
    URL, is such a copy too.
    """
    drop: set[int] = set()
    for i, a in enumerate(sources):
        if "." not in a.domain and len(sources) > 1:
            drop.add(i)
            continue
        for j, b in enumerate(sources):
            if i == j or a.domain != b.domain or j in drop:
                continue
            # The copy may end in a letter or two the wrap damaged (``...-provelih``).
            stem = a.normalized[: max(len(a.normalized) - 2, len(a.domain) + 20)]
            if b.normalized.startswith(stem) and len(b.normalized) > len(a.normalized):
                drop.add(i)
            elif a.domain.endswith("belta.by") and a.belta_id is None and b.belta_id is not None:
                drop.add(i)
    return drop


_CANDIDATE = re.compile(f"{_LINK.pattern}|{_ANGLE.pattern}|{URL_TOKEN.pattern}", re.IGNORECASE)


def _candidates(text: str) -> list[tuple[str, str | None]]:
    """Each URL of a text as ``(squeezed URL text, the printed text when squeezing changed it)``."""
    found: list[tuple[str, str | None]] = []
    for match in _CANDIDATE.finditer(text):
        label, target, inner = match.group(1), match.group(2), match.group(3)
        if label is not None or target is not None:
            raw = unwrap(match.group(0))
            if raw == match.group(0):
                continue
            printed = label if raw == _squeeze(label or "") else target
        elif inner is not None:
            raw, printed = _squeeze(inner), inner
        else:
            raw = printed = match.group(0)
        for url in URL_TOKEN.findall(raw):
            found.append((url, printed if raw != (printed or "").strip() else None))
    return found


# A BelTA URL printed without its id, the id just after the ``>``: ``...-sng> 337497-2019/``.
_ID_OUTSIDE = re.compile(
    r"<((?:https?://|www\.)[^<>\s]*belta\.by/[^<>\s]*[a-z])>[ \t]+(\d{4,7}-(?:19|20)\d\d/?)",
    re.IGNORECASE,
)


def attach_id_tails(text: str) -> str:
    """Put a BelTA id printed just outside a ``<url>`` back at the URL's end, with its hyphen."""
    return _ID_OUTSIDE.sub(r"<\1-\2>", text)


def extract_sources(text: str) -> list[Source]:
    """Every URL in a footnote's (joined) text, repaired, in order, without repeats.

    ``<url>`` and ``[text](target)`` are markup, not damage: unwrapping alone does not count as a
    repair. A URL that is only a truncated copy of another URL of the same text (a wrapped line the
    export printed twice) is dropped. ``repaired`` is per URL: set only when that URL's own text
    was changed (unglued, squeezed, transliterated, ...).
    """
    found: list[Source] = []
    seen: set[str] = set()
    glued, spaced = close_spaced_tail(_glue_hyphens(attach_id_tails(text)))
    for raw, printed in _candidates(glued):
        url, repairs = repair_url(raw)
        if printed is None and spaced is not None and raw in re.sub(r"\s+", "", spaced):
            printed = spaced
        elif printed is None and glued != text and raw not in text:
            printed = raw  # spaces beside a hyphen closed, or an id put back inside the URL
        if printed is not None:
            repairs.insert(0, Repair("rejoined", printed.strip(), raw))
        source = make_source(url, repairs=repairs)
        if source.normalized not in seen:
            seen.add(source.normalized)
            found.append(source)
    # A truncated copy printed apart from the full URL goes; the full URL itself is intact,
    # so dropping its copy does not make it repaired.
    drop = _truncated_copies(found)
    return [s for i, s in enumerate(found) if i not in drop]
