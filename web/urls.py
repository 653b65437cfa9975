"""URLs in templates, cheaply: ``url_for`` remembered, and the current query string rewritten.

A results page links every hit, note and source and every facet value: some sixty URLs. Flask's
``url_for`` builds each through the routing map (tens of microseconds each), yet a page's links
repeat across requests: the same notes, the same sources. :func:`memo_url_for` remembers the
relative URLs it built, per script root, so the template's ``url_for`` costs a dictionary lookup.
:func:`url_with` rewrites the current query string (a facet added, a page turned) from the
request's arguments encoded once per request.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus, urlencode

from flask import current_app, g, request, url_for

#: URLs remembered per app before the memo starts again (the books have a few thousand links).
MEMO_SIZE = 20_000
_EXTENSION = "searchlib.urls"


def memo_url_for(endpoint: str, **values: Any) -> str:
    """``url_for(endpoint, **values)``, remembered when it is a plain relative URL.

    URLs with options (``_external``, ``_anchor``...), relative endpoints (``.x``) or values
    that are not strings or integers are built every time.
    """
    if endpoint.startswith(".") or any(
        k.startswith("_") or not isinstance(v, (str, int)) for k, v in values.items()
    ):
        return url_for(endpoint, **values)
    key = (request.script_root, endpoint, *sorted(values.items()))
    memo: dict[tuple[Any, ...], str] = current_app.extensions.setdefault(_EXTENSION, {})
    url = memo.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[key] = url
    return url


def _encoded_args() -> list[tuple[str, str]]:
    """The request's query arguments as ``(name, "name=value")``, encoded once per request."""
    encoded: list[tuple[str, str]] | None = g.get("_encoded_args")
    if encoded is None:
        encoded = g._encoded_args = [
            (k, urlencode([(k, v)])) for k, v in request.args.items(multi=True)
        ]
    return encoded


@lru_cache(maxsize=4096)
def _pair(key: str, value: str) -> str:
    # The same facet values are linked on page after page.
    return f"{quote_plus(key)}={quote_plus(value)}"


def url_with(**changes: Any) -> str:
    """The current page's query string with ``changes`` applied (``None`` removes a key).

    Changing anything but ``page`` returns to page 1, since the old page number means nothing
    for a different result set. Changed keys move to the end, in the order given.
    """
    dropped = changes.keys() if "page" in changes else {*changes, "page"}
    parts = [pair for key, pair in _encoded_args() if key not in dropped]
    parts.extend(_pair(key, str(value)) for key, value in changes.items() if value is not None)
    return "?" + "&".join(parts)


