"""Which :class:`~.expand.Expander` serves an open index and a corpus: one per open index and
state of the corpus's tables, kept while the index is open.

An expander is costly to make (its tables: those the index's build stored, read back by
:mod:`searchlib.index.expansion`, else derived from the corpus) and cheap to keep, so a search
asks :func:`expander_for` instead of making one.
"""

from __future__ import annotations

import threading
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any

from cachetools import LRUCache
from whoosh.fields import Schema
from whoosh.reading import IndexReader

from ..analysis.corpus_tables import table_stamps
from ..index.expansion import read_expansion_tables
from ..index.layout import METADATA
from ..index.snapshot import CORPUS_DIR
from .expand import Expander
from .postings import index_arrays

__all__ = ["EXPANDERS_PER_INDEX", "expander_for"]

#: Expanders kept per open index (one per state of the corpus tables).
EXPANDERS_PER_INDEX = 4

# One small cache of expanders per open index: with its segments' structures when the caller
# gives a reader (a new generation, new segments, starts afresh), else tied to the schema object,
# dropped with it (weakref.finalize; Whoosh schemas are unhashable, hence the id).
_by_schema: dict[int, LRUCache[Any, Expander]] = {}
_lock = threading.Lock()
#: The key of the expanders among an open index's derived structures.
_EXPANDERS = "expanders"


def expander_for(schema: Schema, corpus_dir: Path | None = None,
                 index_dir: Path | None = None, reader: IndexReader | None = None) -> Expander:
    """The :class:`Expander` of an open index's schema and a corpus's tables, kept while the
    index is open and the tables unchanged (their files' stamps are checked on each call, except
    in a generation's snapshot, which never changes).

    :param index_dir: the open index's directory: the tables its build stored there are read
        instead of derived from the corpus, when they were derived from the same files
        (:mod:`searchlib.index.expansion`).
    :param reader: a reader of the open index: the expanders are then kept with its segments'
        structures (:func:`.postings.index_arrays`), shared by every searcher of the opened
        index (each Whoosh searcher reads a schema object of its own: kept per schema, a server's
        every new searcher read the tables again).
    """
    key = (str(corpus_dir), _stamps(Path(corpus_dir)) if corpus_dir else ())
    with _lock:
        cache = _cache(schema, reader)
        found = cache.get(key)
    if found is not None:
        return found
    tables = read_expansion_tables(index_dir, corpus_dir)
    expander = Expander(schema, corpus_dir, tables=tables)
    with _lock:
        return cache.setdefault(key, expander)


def _cache(schema: Schema, reader: IndexReader | None) -> LRUCache[Any, Expander]:
    """The expanders kept for an open index (called under ``_lock``)."""
    if reader is not None:
        return index_arrays(reader).derived(  # type: ignore[no-any-return]
            _EXPANDERS, lambda: LRUCache(maxsize=EXPANDERS_PER_INDEX))
    cache = _by_schema.get(id(schema))
    if cache is None:
        cache = _by_schema[id(schema)] = LRUCache(maxsize=EXPANDERS_PER_INDEX)
        weakref.finalize(schema, _by_schema.pop, id(schema), None)
    return cache


@lru_cache(maxsize=64)
def _is_snapshot(corpus_dir: Path) -> bool:
    """Whether ``corpus_dir`` is a complete generation's copy of the corpus (written once by the
    build, never changed after: its manifest checksums it)."""
    return corpus_dir.name == CORPUS_DIR and (corpus_dir.parent / METADATA).is_file()


def _stamps(corpus_dir: Path) -> tuple[int, ...]:
    """What tells one state of the corpus's tables from another: nothing for a generation's
    snapshot, which never changes (globbing and stat-ing its files was a tenth of a warm
    query); the files' stamps for a corpus directory someone may edit."""
    return () if _is_snapshot(corpus_dir) else table_stamps(corpus_dir)
