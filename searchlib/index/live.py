"""The live index for long-running readers (the web server): follows ``CURRENT`` without a restart.

A rebuild switches ``CURRENT`` to a new generation while the server runs. :class:`LiveIndex` keeps
the open Whoosh index and, on every access, compares ``CURRENT``'s identity (inode and mtime: the
atomic ``os.replace`` of a switch always changes the inode) with the one it opened; when it
changed, it opens the new generation. The check is one ``stat`` per request.

A searcher keeps working after its generation is deleted (its files are open, and POSIX keeps
unlinked open files alive), but a Whoosh ``Index`` object re-reads its table of contents for
``searcher()`` and even ``schema`` — so readers must take a fresh searcher per request from
:meth:`LiveIndex.searcher`, never hold an ``Index`` across builds.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from whoosh.index import EmptyIndexError

from ..errors import IndexNotFound
from .layout import CURRENT, current_generation, open_generation

log = logging.getLogger(__name__)


class LiveIndex:
    """The live generation of an index directory, reopened when a build switches it.

    Thread-safe: many request threads may call :meth:`searcher` at once.

    :param index_dir: the index directory (it need not hold an index yet).
    """

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._generation: str | None = None
        self._index: Any = None

    @property
    def generation(self) -> str | None:
        """The generation currently open (``None`` before the first access)."""
        return self._generation

    def _current_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.index_dir / CURRENT)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def index(self) -> Any:
        """The open :class:`whoosh.index.Index` of the live generation (reopened when switched).

        :raises IndexNotFound: when there is no index.
        """
        stamp = self._current_stamp()
        if stamp is not None and stamp == self._stamp and self._index is not None:
            return self._index
        with self._lock:
            if stamp is None:
                self._stamp = self._index = self._generation = None
                raise IndexNotFound(f"no index in {self.index_dir} (run: searchlib index)")
            if stamp != self._stamp or self._index is None:
                name = current_generation(self.index_dir)
                if name is None:
                    raise IndexNotFound(f"no index in {self.index_dir} (run: searchlib index)")
                if name != self._generation or self._index is None:
                    self._index = open_generation(self.index_dir, name)
                    log.info("now serving %s from %s", name, self.index_dir)
                    self._generation = name
                self._stamp = stamp
            return self._index

    def searcher(self, **kwargs: Any) -> Any:
        """A new Whoosh searcher on the live generation; close it (``with``) after the request."""
        try:
            return self.index().searcher(**kwargs)
        except (FileNotFoundError, EmptyIndexError):
            # Our generation was deleted under us (builds ran while we idled): reopen once.
            with self._lock:
                self._stamp = self._index = self._generation = None
            return self.index().searcher(**kwargs)
