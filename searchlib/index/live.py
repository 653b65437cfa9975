"""The live index for long-running readers (the web server): follows ``CURRENT`` without a restart.

A rebuild switches ``CURRENT`` to a new generation while the server runs. :class:`LiveIndex` keeps
the open :class:`~.generation.Generation` (its index, its corpus snapshot, its caches) and, on
every access, compares ``CURRENT``'s identity (inode and mtime: the atomic ``os.replace`` of a
switch always changes the inode) with the one it opened; when it changed, it verifies the new
generation's files against its manifest and only then switches to it. The check is one ``stat``
per request. A generation that fails verification is not served: the last good one stays live
(logged once), or, when there is none, readers get :class:`IndexDamaged`.

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

The searchers are opened by the function the live index is given: the web app gives
:func:`searchlib.search.ready_searcher`, which reads at open what a search reads from the index
(this package sits below the search and cannot call it). A generation's first searcher is opened
when the live index switches to it (verified, then opened), and waits in the pool: the request
that made the switch (a worker's first, or the first after a rebuild) pays for the switch as
before, and its search then costs what the next ones' do.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh.index import EmptyIndexError

from ..errors import IndexDamaged, IndexNotFound
from .generation import Generation
from .layout import CURRENT, PREVIOUS, current_generation, read_pointer

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
    :param open_searcher: opens a searcher of a generation (by default
        :meth:`Generation.searcher`): the web app's prepares it for its first search.
    """

    def __init__(self, index_dir: Path,
                 open_searcher: Callable[[Generation], Any] = Generation.searcher) -> None:
        self.index_dir = Path(index_dir)
        self._open_searcher = open_searcher
        self._lock = threading.Lock()
        # (CURRENT's stamp, open Generation), replaced as one value so that a reader never sees
        # the name of one generation with the index of another.
        self._live: tuple[tuple[int, int], Generation] | None = None
        # The generation CURRENT named when it failed verification, and why (not retried until
        # CURRENT changes again).
        self._rejected: tuple[tuple[int, int], IndexDamaged] | None = None
        # Idle searchers of ``_pool_generation``; which generation each lent searcher belongs to.
        self._idle: list[Any] = []
        self._pool_generation: str | None = None
        self._lent: dict[int, Generation] = {}
        # The pool's files are closed when the LiveIndex goes away, not left to the collector.
        self._finalizer = weakref.finalize(self, _close_all, self._idle)

    @property
    def generation(self) -> str | None:
        """The generation currently open (``None`` before the first access)."""
        live = self._live
        return live[1].name if live is not None else None

    def _current_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.index_dir / CURRENT)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def _missing(self) -> IndexNotFound:
        return IndexNotFound(f"no index in {self.index_dir} (run: searchlib index)")

    def _verified(self, name: str) -> Generation:
        """The generation ``name``, verified, with a searcher opened and pooled for its first
        request (called under the lock)."""
        generation = Generation(self.index_dir, name)
        generation.verify()
        searcher = self._open_searcher(generation)
        if generation.name != self._pool_generation:
            _close_all(self._idle)
            self._pool_generation = generation.name
        self._idle.append(searcher)
        return generation

    def _refuse(self, stamp: tuple[int, int], error: IndexDamaged) -> Generation:
        """Keep the last good generation when ``CURRENT`` names a damaged one (logged once)."""
        self._rejected = (stamp, error)
        if self._live is None:
            fallback = self._previous_good(error.generation)
            if fallback is None:
                raise error  # the caller reports it (the web app: a 503, logged once)
            self._live = (stamp, fallback)
        log.error("%s; serving %s", error, self._live[1].name)
        return self._live[1]

    def _previous_good(self, damaged: str) -> Generation | None:
        """The generation ``PREVIOUS`` names, if it is not ``damaged`` and verifies."""
        previous = read_pointer(self.index_dir, PREVIOUS)
        if previous is None or previous == damaged:
            return None
        try:
            return self._verified(previous)
        except (IndexDamaged, IndexNotFound) as e:
            log.error("cannot fall back to %s: %s", previous, e)
            return None

    def current(self) -> Generation:
        """The live :class:`Generation`, reopened (and verified) when ``CURRENT`` changed.

        :raises IndexNotFound: when there is no index.
        :raises IndexDamaged: when the live generation's files fail their checksums and no good
            generation was served before.
        """
        stamp = self._current_stamp()
        live = self._live
        if stamp is not None and live is not None and live[0] == stamp:
            return live[1]
        with self._lock:
            if stamp is None:
                self._live = None
                raise self._missing()
            live = self._live
            if live is not None and live[0] == stamp:
                return live[1]
            rejected = self._rejected
            if rejected is not None and rejected[0] == stamp:
                if live is None:
                    raise rejected[1]
                return live[1]
            name = current_generation(self.index_dir)
            if name is None:
                raise self._missing()
            if live is not None and live[1].name == name:
                generation = live[1]
            else:
                try:
                    generation = self._verified(name)
                except IndexDamaged as e:
                    return self._refuse(stamp, e)
                log.info("now serving %s from %s", name, self.index_dir)
                if generation.built_by_other_code:
                    log.warning("%s was built by another version of the analyzer: some words "
                                "may be missed until searchlib index rebuilds it", name)
            self._live = (stamp, generation)
            self._rejected = None
            return generation

    def mark_damaged(self, generation: Generation, error: IndexDamaged) -> None:
        """A reader found ``generation`` damaged while serving it: stop lending its searchers.

        The site then answers from the previous generation if it verifies, else with errors
        until a build or a rollback switches ``CURRENT``.
        """
        with self._lock:
            live = self._live
            if live is None or live[1] is not generation:
                return
            _close_all(self._idle)
            self._pool_generation = None
            fallback = self._previous_good(generation.name)
            self._rejected = (live[0], error)
            self._live = (live[0], fallback) if fallback is not None else None
            log.error("%s; %s", error, f"serving {fallback.name}" if fallback else "not serving")

    def index(self) -> Any:
        """The open :class:`whoosh.index.Index` of the live generation (reopened when switched).

        :raises IndexNotFound: when there is no index.
        """
        return self.current().index()

    def _new_searcher(self) -> tuple[Generation, Any]:
        try:
            generation = self.current()
            return generation, self._open_searcher(generation)
        except (FileNotFoundError, EmptyIndexError):
            # Our generation was deleted under us (builds ran while we idled): reopen once.
            with self._lock:
                self._live = None
            generation = self.current()
            return generation, self._open_searcher(generation)

    def searcher(self) -> Any:
        """A new Whoosh searcher on the live generation; close it (``with``) when done."""
        return self._new_searcher()[1]

    def acquire(self, of: Generation | None = None) -> Any:
        """Borrow a searcher on the live generation; give it back with :meth:`release`.

        An idle searcher of the live generation is reused; otherwise one is opened. Costs one
        ``stat`` of ``CURRENT`` when nothing changed.

        :param of: the generation a request already reads (from :meth:`current`): its searcher
            comes from that generation even if a switch happened meanwhile.
        :raises IndexNotFound: when there is no index.
        """
        generation = of if of is not None else self.current()
        with self._lock:
            if of is None and generation.name != self._pool_generation:
                # A switch: nobody will borrow the old generation's idle searchers again.
                _close_all(self._idle)
                self._pool_generation = generation.name
            if self._idle and generation.name == self._pool_generation:
                searcher = self._idle.pop()
                self._lent[id(searcher)] = generation
                return searcher
        if of is not None:
            searcher = self._open_searcher(of)
        else:
            generation, searcher = self._new_searcher()
        with self._lock:
            self._lent[id(searcher)] = generation
        return searcher

    def release(self, searcher: Any, broken: bool = False) -> None:
        """Give back a searcher from :meth:`acquire`: pooled if still live, else closed.

        :param broken: the request failed while using it; close it rather than lend it again.
        """
        with self._lock:
            generation = self._lent.pop(id(searcher), None)
            if (not broken and generation is not None
                    and generation.name == self._pool_generation
                    and len(self._idle) < POOL_SIZE):
                self._idle.append(searcher)
                return
        searcher.close()

    def generation_of(self, searcher: Any) -> str | None:
        """The name of the generation a searcher lent by :meth:`acquire` reads (``None`` if not
        lent)."""
        generation = self._lent.get(id(searcher))
        return generation.name if generation is not None else None

    def lent_from(self, searcher: Any) -> Generation | None:
        """The :class:`Generation` a searcher lent by :meth:`acquire` reads (``None``: not lent)."""
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

