"""The per-request Whoosh searcher, modeled on flaskr's ``get_db``/``close_db``.

One :class:`searchlib.index.live.LiveIndex` per app follows the live generation: when a rebuild
switches ``CURRENT``, the next request gets a searcher on the new one, while requests already
running finish on the searcher they started with. :func:`get_searcher` opens a searcher once per
request and caches it on :data:`flask.g`; :func:`close_searcher` closes it at teardown.
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
    """The request's Whoosh searcher, opened on first use.

    :raises IndexNotFound: when there is no index.
    """
    if "searcher" not in g:
        g.searcher = live_index().searcher()
    return g.searcher


def close_searcher(exc: BaseException | None = None) -> None:
    """Close the request's searcher, if one was opened (teardown)."""
    searcher = g.pop("searcher", None)
    if searcher is not None:
        searcher.close()


def init_app(app: Flask) -> None:
    """Attach the live index to ``app`` and close each request's searcher at teardown."""
    app.extensions[EXTENSION] = LiveIndex(app.config["INDEX_DIR"])
    app.teardown_appcontext(close_searcher)
