"""Which :class:`~.expand.Expander` serves an open index and a corpus: one per open index and
state of the corpus's tables, kept while the index is open.

An expander is costly to make (its tables: those the index's build stored, read back by
:mod:`searchlib.index.expansion`, else derived from the corpus) and cheap to keep, so a search
asks :func:`expander_for` instead of making one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from whoosh import query as Q
from whoosh.reading import IndexReader

from ..analysis.corpus_tables import table_stamps
from ..index.bounded import BoundedCache
from ..index.expansion import index_directory, read_expansion_tables
from ..index.layout import CORPUS_DIR, METADATA
from .expand import Expander
from .phrase_nodes import stored_phrases
from .postings import index_arrays

__all__ = ["EXPANDERS_PER_INDEX", "expander_for", "may_match"]

#: Expanders kept per open index (one per state of the corpus tables).
EXPANDERS_PER_INDEX = 4

_lock = threading.Lock()
#: The key of the expanders among an open index's derived structures.
_EXPANDERS = "expanders"


def expander_for(reader: IndexReader, corpus_dir: Path | None = None,
                 index_dir: Path | None = None) -> Expander:
    """The :class:`Expander` of an open index and a corpus's tables, kept while the index is
    open and the tables unchanged (their files' stamps are checked on each call, except in a
    generation's snapshot, which never changes).

    :param reader: a reader of the open index: the expanders are kept with its segments'
        structures (:func:`.postings.index_arrays`), shared by every searcher of the opened
        index (each Whoosh searcher reads a schema object of its own: kept per schema, a server's
        every new searcher read the tables again), and a new generation starts afresh.
    :param index_dir: the open index's directory (by default the one ``reader`` reads,
        :func:`~searchlib.index.expansion.index_directory`, asked only when no expander is
        kept): the tables its build stored there are read instead of derived from the corpus,
        when they were derived from the same files (:mod:`searchlib.index.expansion`).
    """
    key = (str(corpus_dir), _stamps(corpus_dir) if corpus_dir else ())
    with _lock:
        cache: BoundedCache = index_arrays(reader).derived(
            _EXPANDERS, lambda: BoundedCache(EXPANDERS_PER_INDEX))
        found = cache.get(key)
    if found is not None:
        return found
    if index_dir is None:
        index_dir = index_directory(reader)
    tables = read_expansion_tables(index_dir, corpus_dir)
    expander = Expander(reader.schema, corpus_dir, tables=tables, may_match=may_match(reader))
    with _lock:
        return cache.setdefault(key, expander)


def may_match(reader: IndexReader) -> Callable[[Q.Query], bool]:
    """Whether a phrase may match in the open index: one the build stored
    (:mod:`..index.stored_phrases`: every form of the tables) if it has documents, else one whose
    every word its field holds. Any other query may: a term is looked up by the search as
    cheaply as here, and asking first would look it up twice."""
    holds = index_arrays(reader).holds

    def check(q: Q.Query) -> bool:
        if not isinstance(q, Q.Phrase):
            return True
        stored = stored_phrases(reader)  # opened by the first phrase asked (kept per index)
        found = stored.phrase(q.fieldname, q.words, q.slop) if stored is not None else None
        if found is not None:
            return len(found[0]) > 0
        return all(holds(reader, (q.fieldname, w)) for w in q.words)

    return check


@lru_cache(maxsize=64)
def _is_snapshot(corpus_dir: Path | str) -> bool:
    """Whether ``corpus_dir`` is a complete generation's copy of the corpus (written once by the
    build, never changed after: its manifest checksums it). Remembered as given, a path or a
    string: making a ``Path`` of it at every search cost more than the rest of this lookup."""
    corpus_dir = Path(corpus_dir)
    return corpus_dir.name == CORPUS_DIR and (corpus_dir.parent / METADATA).is_file()


def _stamps(corpus_dir: Path | str) -> tuple[int, ...]:
    """What tells one state of the corpus's tables from another: nothing for a generation's
    snapshot, which never changes (globbing and stat-ing its files was a tenth of a warm
    query); the files' stamps for a corpus directory someone may edit."""
    return () if _is_snapshot(corpus_dir) else table_stamps(Path(corpus_dir))
