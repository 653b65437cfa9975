"""Rendered pieces of the results page, kept per index generation.

Rendering a results page through Jinja was half the CPU of a request whose search was cached
(issue 14), yet most of a page is made of pieces that the index generation and the page's
arguments fix: a hit's heading and notes depend on its passage alone; the results block (the
summary, the year chart, the hits, the paging, the facet list) on the query's results and the
request's arguments (its links). Each piece is rendered once and kept in the
:class:`Fragments` of the request's generation, which lives on the generation
(:meth:`searchlib.index.generation.Generation.derived`): a rebuild switches to a new generation
whose cache starts empty, so a fragment of the old one can never be served with the new one's
data. A key holds everything its fragment is rendered from (the script root every URL starts
with, plus what the caller names: the request's arguments, the data shown), so a cached fragment
is the one a fresh render would produce. Only ``base.html`` (the query in the title and the
search box) is rendered for every page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from cachetools import LRUCache
from flask import current_app, g, request
from markupsafe import Markup

from searchlib.index.generation import memoized

from .searcher import get_generation

#: Config key: fragments kept per generation and worker process (0 renders every time). A results
#: block weighs about its page's 40 kB, a hit's parts 2 kB: the default (1024) keeps a worker's
#: fragments under ~40 MB.
SIZE_KEY = "FRAGMENT_CACHE_SIZE"

T = TypeVar("T")


class Fragments:
    """The last ``size`` rendered fragments of one generation (least recently used out)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: LRUCache[tuple[Any, ...], Any] = LRUCache(maxsize=max(size, 1))

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: tuple[Any, ...], render: Callable[[], Any]) -> Any:
        """The fragment kept under ``key``, or ``render()``'s (kept for the next request).

        Rendering happens outside the lock: two threads may both render a new key, and both
        results are the same.
        """
        if not self.size:
            return render()
        return memoized(self._lock, self._items, key, render)


def fragments() -> Fragments:
    """The :class:`Fragments` of the request's generation (made on first use)."""
    # Looked up once per request: a page asks for a dozen fragments.
    kept: Fragments | None = g.get("_fragments")
    if kept is None:
        size = current_app.config[SIZE_KEY]
        kept = g._fragments = get_generation().derived(Fragments, lambda: Fragments(size))
    return kept


def fragment(key: tuple[Any, ...], render: Callable[[], T]) -> T:
    """``render()``, once per ``key`` and script root for the request's generation."""
    return fragments().get((request.script_root, *key), render)  # type: ignore[no-any-return]


def render_part(template: str, **context: Any) -> Markup:
    """``template`` rendered with ``context`` alone: no context processors, no signals (a part is
    rendered for every hit of a page when fragments are off; it names what it uses)."""
    return Markup(current_app.jinja_env.get_template(template).render(context))


def macros(template: str) -> Any:
    """The macros of ``template`` (its module, made once), each called with what it shows."""
    return current_app.jinja_env.get_template(template).module


def request_args() -> tuple[tuple[str, str], ...]:
    """The request's query arguments in order (what :func:`web.urls.url_with` links build on)."""
    return tuple(request.args.items(multi=True))
