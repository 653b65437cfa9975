"""The live index for long-running readers (the web server): follows ``CURRENT`` without a restart.

A rebuild switches ``CURRENT`` to a new generation while the server runs. :class:`LiveIndex` keeps
the open Whoosh index and, on every access, compares ``CURRENT``'s identity (inode and mtime: the
atomic ``os.replace`` of a switch always changes the inode) with the one it opened; when it
changed, it opens the new generation. The check is one ``stat`` per request.

A searcher keeps working after its generation is deleted (its files are open, and POSIX keeps
unlinked open files alive), but a Whoosh ``Index`` object re-reads its table of contents for
``searcher()`` and even ``schema`` — so readers must take their searcher from :class:`LiveIndex`,
never hold an ``Index`` across builds.

Opening a Whoosh searcher costs more than a small search (it reads the segment's table of
contents and opens its files), so a server borrows one with :meth:`LiveIndex.acquire` and gives
it back with :meth:`LiveIndex.release`: idle searchers of the live generation wait in a pool, one
per concurrent request at most (a Whoosh searcher is not safe to use from two threads at once, so
a searcher is lent to one request at a time). When the generation switches, the idle searchers of
the old one are closed at once, and the busy ones when their request gives them back.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh.index import EmptyIndexError

from ..errors import IndexNotFound
from .layout import CURRENT, current_generation, open_generation

log = logging.getLogger(__name__)

#: Idle searchers kept per live index; more concurrent requests than this open (and close) extras.
POOL_SIZE = 32


def _close_all(searchers: list[Any]) -> None:
    while searchers:
        searchers.pop().close()


class LiveIndex:
    """The live generation of an index directory, reopened when a build switches it.

    Thread-safe: many request threads may call :meth:`searcher`, :meth:`acquire` and
    :meth:`release` at once.

    :param index_dir: the index directory (it need not hold an index yet).
    """

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        # (CURRENT's stamp, generation name, open Index), replaced as one value so that a reader
        # never sees the name of one generation with the index of another.
        self._live: tuple[tuple[int, int], str, Any] | None = None
        # Idle searchers of ``_pool_generation``; which generation each lent searcher belongs to.
        self._idle: list[Any] = []
        self._pool_generation: str | None = None
        self._lent: dict[int, str] = {}
        # The pool's files are closed when the LiveIndex goes away, not left to the collector.
        self._finalizer = weakref.finalize(self, _close_all, self._idle)

    @property
    def generation(self) -> str | None:
        """The generation currently open (``None`` before the first access)."""
        live = self._live
        return live[1] if live is not None else None

    def _current_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.index_dir / CURRENT)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def _missing(self) -> IndexNotFound:
        return IndexNotFound(f"no index in {self.index_dir} (run: searchlib index)")

    def _open_live(self) -> tuple[str, Any]:
        """The live generation's name and open index, reopened when ``CURRENT`` changed."""
        stamp = self._current_stamp()
        live = self._live
        if stamp is not None and live is not None and live[0] == stamp:
            return live[1], live[2]
        with self._lock:
            if stamp is None:
                self._live = None
                raise self._missing()
            live = self._live
            if live is None or live[0] != stamp:
                name = current_generation(self.index_dir)
                if name is None:
                    raise self._missing()
                if live is None or live[1] != name:
                    live = (stamp, name, open_generation(self.index_dir, name))
                    log.info("now serving %s from %s", name, self.index_dir)
                else:
                    live = (stamp, name, live[2])
                self._live = live
            return live[1], live[2]

    def index(self) -> Any:
        """The open :class:`whoosh.index.Index` of the live generation (reopened when switched).

        :raises IndexNotFound: when there is no index.
        """
        return self._open_live()[1]

    def _new_searcher(self, **kwargs: Any) -> tuple[str, Any]:
        try:
            name, index = self._open_live()
            return name, index.searcher(**kwargs)
        except (FileNotFoundError, EmptyIndexError):
            # Our generation was deleted under us (builds ran while we idled): reopen once.
            with self._lock:
                self._live = None
            name, index = self._open_live()
            return name, index.searcher(**kwargs)

    def searcher(self, **kwargs: Any) -> Any:
        """A new Whoosh searcher on the live generation; close it (``with``) when done."""
        return self._new_searcher(**kwargs)[1]

    def acquire(self) -> Any:
        """Borrow a searcher on the live generation; give it back with :meth:`release`.

        An idle searcher of the live generation is reused; otherwise one is opened. Costs one
        ``stat`` of ``CURRENT`` when nothing changed.

        :raises IndexNotFound: when there is no index.
        """
        name, _index = self._open_live()
        with self._lock:
            if name != self._pool_generation:
                # A switch: nobody will borrow the old generation's idle searchers again.
                _close_all(self._idle)
                self._pool_generation = name
            if self._idle:
                searcher = self._idle.pop()
                self._lent[id(searcher)] = name
                return searcher
        name, searcher = self._new_searcher()
        with self._lock:
            self._lent[id(searcher)] = name
        return searcher

    def release(self, searcher: Any, broken: bool = False) -> None:
        """Give back a searcher from :meth:`acquire`: pooled if still live, else closed.

        :param broken: the request failed while using it; close it rather than lend it again.
        """
        with self._lock:
            name = self._lent.pop(id(searcher), None)
            if (not broken and name is not None and name == self._pool_generation
                    and len(self._idle) < POOL_SIZE):
                self._idle.append(searcher)
                return
        searcher.close()

    def generation_of(self, searcher: Any) -> str | None:
        """The generation a searcher lent by :meth:`acquire` reads (``None`` if not lent)."""
        return self._lent.get(id(searcher))

    @contextmanager
    def borrowed(self) -> Iterator[Any]:
        """``with live.borrowed() as searcher:`` — :meth:`acquire`, then :meth:`release`."""
        searcher = self.acquire()
        try:
            yield searcher
        except BaseException:
            self.release(searcher, broken=True)
            raise
        self.release(searcher)

    def close(self) -> None:
        """Close the idle searchers (lent ones are closed when given back)."""
        with self._lock:
            self._pool_generation = None
            _close_all(self._idle)
