"""The web front door: a Flask app factory serving the search and citation pages.

``create_app(config=None)`` builds the app: defaults first, then the given mapping (tests) or the
``SEARCHLIB_*`` environment (``searchlib serve``); then the security headers and error pages
(:mod:`web.errors`), relative redirects and ``Allow`` on a 405 (:mod:`web.protocol`), the
per-request searcher (:mod:`web.searcher`), the one blueprint (:mod:`web.views`) and gzip
for pages and static files (:mod:`web.compression`, :mod:`web.static_files`). There is
no module-level app: every caller builds its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from searchlib.config import Config

DEFAULTS: dict[str, Any] = {
    "CORPUS_DIR": str(Config.corpus_dir),
    "INDEX_DIR": str(Config.index_dir),
    "PAGE_LEN": Config.page_len,
    "MAX_PAGE_LEN": 100,
    "MAX_QUERY_CHARS": Config.max_query_chars,
    "MAX_PAGE": 1000,
    # The CSV export returns every hit; this caps a pathological query's response size.
    "CSV_MAX_HITS": 5000,
    # Search results kept per index generation and worker process (0 disables the cache). A page
    # of results weighs ~30 kB: 128 keep a worker under 100 MB while covering readers paging
    # through results and toggling facets.
    "RESULTS_CACHE_SIZE": 128,
    # Rendered pieces of results pages kept per index generation and worker process (0 renders
    # them every time): a hit's heading and notes, a page's results block (web.fragments).
    "FRAGMENT_CACHE_SIZE": 1024,
    # Nothing uses sessions; a request body is never needed beyond a small form.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "JSON_SORT_KEYS": False,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the web app.

    :param config: settings overriding the defaults (``CORPUS_DIR``, ``INDEX_DIR``, ``PAGE_LEN``,
        ``MAX_QUERY_CHARS``, ``MAX_PAGE``, ``TESTING``...). When ``None``, settings come from
        ``SEARCHLIB_*`` environment variables (``SEARCHLIB_INDEX_DIR=/srv/index``).
    :returns: the configured :class:`flask.Flask` app.
    """
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    if config is None:
        app.config.from_prefixed_env("SEARCHLIB")
    else:
        app.config.update(config)
    # Never the interactive debugger, whatever the environment says: it executes code.
    app.debug = False
    app.config["CORPUS_DIR"] = Path(app.config["CORPUS_DIR"])
    app.config["INDEX_DIR"] = Path(app.config["INDEX_DIR"])
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from . import compression, errors, protocol, searcher, static_files, urls, views

    # Templates link the same notes and sources on every page: their URLs are built once.
    app.jinja_env.globals["url_for"] = urls.memo_url_for
    errors.init_app(app)
    protocol.init_app(app)
    searcher.init_app(app)
    app.register_blueprint(views.bp)
    static_files.init_app(app)
    compression.init_app(app)
    return app


__all__ = ["create_app"]
