"""The request's Whoosh searcher, modeled on flaskr's ``get_db``/``close_db``.

One :class:`searchlib.index.live.LiveIndex` per app follows the live generation: when a rebuild
switches ``CURRENT``, the next request gets a searcher on the new one, while requests already
running finish on the searcher they started with. :func:`get_searcher` borrows a searcher from the
live index's pool once per request and keeps it on :data:`flask.g`; :func:`close_searcher` gives
it back at teardown. Opening a searcher costs more than a small search, so searchers are reused
across requests (one request at a time each), never opened per request.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g

from searchlib.index.live import LiveIndex

EXTENSION = "searchlib.index"


def live_index() -> LiveIndex:
    """The app's :class:`LiveIndex`."""
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]


def get_searcher() -> Any:
    """The request's Whoosh searcher, borrowed on first use.

    :raises IndexNotFound: when there is no index.
    """
    if "searcher" not in g:
        g.searcher = live_index().acquire()
    return g.searcher


def close_searcher(exc: BaseException | None = None) -> None:
    """Give the request's searcher back, if one was borrowed (teardown)."""
    searcher = g.pop("searcher", None)
    if searcher is not None:
        # A request that failed may have left the searcher in a bad state: close it.
        live_index().release(searcher, broken=exc is not None)


def init_app(app: Flask) -> None:
    """Attach the live index to ``app`` and give each request's searcher back at teardown."""
    app.extensions[EXTENSION] = LiveIndex(app.config["INDEX_DIR"])
    app.teardown_appcontext(close_searcher)
