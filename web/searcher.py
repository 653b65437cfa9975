"""The request's generation and Whoosh searcher, modeled on flaskr's ``get_db``/``close_db``.

One :class:`searchlib.index.live.LiveIndex` per app follows the live generation: when a rebuild
switches ``CURRENT``, the next request reads the new one, while requests already running finish
on the generation they started with. A request reads ONE generation for everything — hits, the
passages and notes it shows, the facet labels, the tables its query is expanded with —
:func:`get_generation` keeps it on :data:`flask.g`, and :func:`get_searcher` borrows a searcher of
that same generation from the live index's pool; :func:`close_searcher` gives it back at teardown.
Opening a searcher costs more than a small search, so searchers are reused across requests (one
request at a time each), never opened per request; each is opened ready to answer
(:func:`searchlib.search.ready_searcher`), a generation's first one as soon as the live index
switches to it, so that the first search of a worker or of a new generation costs what the next
ones do.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g

from searchlib.index.generation import Generation
from searchlib.index.live import LiveIndex
from searchlib.search import ready_searcher

EXTENSION = "searchlib.index"


def live_index() -> LiveIndex:
    """The app's :class:`LiveIndex`."""
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]


def get_generation() -> Generation:
    """The generation the request reads, chosen on first use (its searcher's, if one is lent).

    :raises IndexNotFound: when there is no index.
    :raises IndexDamaged: when the live generation is damaged and no good one was served before.
    """
    if "generation" not in g:
        lent = live_index().lent_from(g.searcher) if "searcher" in g else None
        g.generation = lent if lent is not None else live_index().current()
    return g.generation  # type: ignore[no-any-return]


def get_searcher() -> Any:
    """The request's Whoosh searcher, on the request's generation, borrowed on first use.

    :raises IndexNotFound: when there is no index.
    """
    if "searcher" not in g:
        g.searcher = live_index().acquire(g.get("generation"))
        g.generation = live_index().lent_from(g.searcher)
    return g.searcher


def close_searcher(exc: BaseException | None = None) -> None:
    """Give the request's searcher back, if one was borrowed (teardown)."""
    searcher = g.pop("searcher", None)
    g.pop("generation", None)
    if searcher is not None:
        # A request that failed may have left the searcher in a bad state: close it.
        live_index().release(searcher, broken=exc is not None)


def init_app(app: Flask) -> None:
    """Attach the live index to ``app`` and give each request's searcher back at teardown."""
    app.extensions[EXTENSION] = LiveIndex(app.config["INDEX_DIR"], open_searcher=ready_searcher)
    app.teardown_appcontext(close_searcher)
