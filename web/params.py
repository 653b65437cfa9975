"""Reading request parameters: every value a browser can send is checked here, or it is a 400.

Views never call ``int()`` on user input themselves; they ask these helpers, which abort with a
French message (rendered as a page or as JSON by :mod:`web.errors`) instead of letting a
``ValueError`` become a 500.
"""

from __future__ import annotations

import re

from flask import abort, current_app, request

# Book ids come from the manifest; paragraph ids look like ``b1.c03.p012``. Anything else (dots,
# slashes, ``..``) is rejected before it reaches a lookup.
BOOK_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
PARAGRAPH_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}\.c\d{2,4}\.p\d{3,5}$")
FORMATS = ("html", "json")
# Facet filters the search accepts, and how their values are checked.
FILTERS: dict[str, re.Pattern[str]] = {
    "book": BOOK_ID_RE,
    # A chapter facet value names its book: ``b1:3``; a bare number filters every book.
    "chapter": re.compile(r"^(?:[A-Za-z0-9_-]{1,40}:)?\d{1,4}$"),
    "domain": re.compile(r"^[A-Za-z0-9.-]{1,253}$"),
    "year": re.compile(r"^\d{4}$"),
}


def _single(name: str) -> str | None:
    values = request.args.getlist(name)
    if len(values) > 1:
        abort(400, f"Le paramètre « {name} » est donné plusieurs fois.")
    return values[0] if values else None


def int_param(name: str, default: int, low: int, high: int) -> int:
    """The integer parameter ``name`` within ``[low, high]``, or a 400."""
    raw = _single(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        abort(400, f"Le paramètre « {name} » doit être un entier.")
    value = int(raw)
    if not low <= value <= high:
        abort(400, f"Le paramètre « {name} » doit être compris entre {low} et {high}.")
    return value


def query_param(required: bool = False) -> str:
    """The search query ``q``, stripped; 400 when too long (or missing when ``required``)."""
    q = (_single("q") or "").strip()
    limit = current_app.config["MAX_QUERY_CHARS"]
    if len(q) > limit:
        abort(400, f"La requête dépasse {limit} caractères.")
    if "\x00" in q:
        abort(400, "La requête contient un caractère interdit.")
    if required and not q:
        abort(400, "Le paramètre « q » (la requête) est vide.")
    return q


def format_param() -> str:
    fmt = _single("format") or "html"
    if fmt not in FORMATS:
        abort(400, f"Format inconnu : « {fmt} » (html ou json).")
    return fmt


def filter_params() -> dict[str, str]:
    """The facet filters (book, chapter, domain, year) present in the query string, checked."""
    filters: dict[str, str] = {}
    for name, pattern in FILTERS.items():
        raw = _single(name)
        if raw is None or raw == "":
            continue
        if not pattern.match(raw):
            abort(400, f"Valeur invalide pour le filtre « {name} ».")
        filters[name] = raw
    return filters


def split_suffix(value: str, suffix: str = ".json") -> tuple[str, bool]:
    """``("b1.c01.p001", True)`` for ``"b1.c01.p001.json"``: the id and whether JSON was asked."""
    if value.endswith(suffix):
        return value[: -len(suffix)], True
    return value, False


def paragraph_id_param(raw: str) -> str:
    """A syntactically valid paragraph id, or a 404 (an id that cannot exist is not found)."""
    if not PARAGRAPH_ID_RE.match(raw):
        abort(404, f"Le passage « {raw[:80]} » n'existe pas.")
    return raw


def page_len_param() -> int:
    """The page size ``size`` (``n``, its older name, still works), capped by ``MAX_PAGE_LEN``."""
    config = current_app.config
    name = "size" if request.args.get("size") not in (None, "") else "n"
    return int_param(name, config["PAGE_LEN"], 1, config["MAX_PAGE_LEN"])


def context_params() -> tuple[str, int | None, dict[str, str], int]:
    """What a hit's link carries back from the results: query, rank, filters and page size."""
    rank = int_param("rank", 0, 0, 10_000_000)
    return query_param(), rank or None, filter_params(), page_len_param()


def sort_param() -> str:
    """``?sort=pertinence|livre|année`` (default: relevance)."""
    from .sorting import DEFAULT_SORT, SORTS

    value = _single("sort") or DEFAULT_SORT
    if value not in SORTS:
        abort(400, f"Tri inconnu : « {value[:40]} » ({', '.join(SORTS)}).")
    return value
