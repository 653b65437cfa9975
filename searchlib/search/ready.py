"""Opening a searcher ready to answer: the set-up a process's first search paid, done at open.

A search reads structures of the open index that no query changes: the posting arrays beside each
segment, the terms' scores and the tables' phrases the build stored, which documents are deleted,
the display records, the facet tables, the lengths and BM25F length terms of the fields phrases are
scored in, the expansion tables (and the keys of their stored lookups), the snippets' cache and
where their characters are read. Each is built on first use and kept with the opened index
(:mod:`.postings`), so the first search of a new process, or of a new generation in a server, paid
for all of them: about 7 ms for ``Kostanay`` as a process's first query, 3 ms as a later one, the
slowest answer of a benchmark round. :func:`ready_searcher` opens a searcher and builds them then,
with the analyzer family words are highlighted with; the transliteration keys' analyzer runs once
(``re`` compiles a replacement template on first use), and what the process holds is frozen out of
the collector's walks (:func:`.gc_policy.settle`) before a query runs, not after the first.

Little is built that a process's first search would not have built (the keys of the stored
lookups its words did not reach, the highlighting analyzer, the length terms when it has no
phrase: a few tenths of a millisecond): a new process's open and first answer cost together
about what they cost before. What only some queries read stays lazy: the vocabulary of "did
you mean" and of ``prefix*`` and ``fuzzy~`` words, Whoosh's query parser for ``AND``/``OR``.

The CLI, the web app's live index (every searcher its pool opens) and the benchmark's reader
open their searchers here.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from whoosh.searching import Searcher

from ..index.collector import collector_paused
from ..index.generation import Generation
from ..index.schema import SEARCH_FIELDS
from .budget import Budget
from .engine import Engine
from .expand import VARIANT_FIELDS
from .expanders import expander_for
from .facets import facet_tables
from .gc_policy import settle
from .phrase_nodes import stored_phrases
from .postings import index_arrays
from .snippet_spans import char_stores
from .snippets import prepare_highlighting, snippet_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol

    class Searchable(Protocol):
        """What opens searchers: a :class:`~searchlib.index.generation.Generation`, a Whoosh
        index."""

        def searcher(self, **kwargs: Any) -> Any: ...

__all__ = ["prepare", "ready_searcher"]

#: The word the transliteration keys' analyzer is run on at open (five letters or more).
SAMPLE_WORD = "Minsk"

#: The key of the memo, among an opened index's derived structures, of what was prepared.
_PREPARED = "ready"


# Opening allocates what the process keeps (settle freezes it at the end): the three collections
# its allocations set off (0.3 ms of a cold start) walked them for nothing.
@collector_paused
def ready_searcher(index: Searchable, corpus_dir: Path | None = None) -> Searcher:
    """A new searcher of ``index``, everything a search reads from the index already read.

    What it prepares is kept with the opened index: another searcher of the same index (a
    server's next one) finds it ready, and costs little more than ``index.searcher()``. Close
    the searcher (``with``) when done, as any Whoosh searcher.

    :param index: a :class:`~searchlib.index.generation.Generation` (a failure to read its files
        is reported as its searcher's are) or a Whoosh index.
    :param corpus_dir: the corpus whose tables expand the queries: the one the searches will be
        given (by default a generation's snapshot).
    :returns: the searcher.
    :raises IndexDamaged: when opening or preparing fails on a file of the generation that fails
        its checksum; any other failure is raised as it was (a generation deleted meanwhile as
        by :meth:`~searchlib.index.generation.Generation.searcher`), the searcher closed.
    """
    tables = corpus_dir
    guard: AbstractContextManager[None] = nullcontext()
    if isinstance(index, Generation):
        tables = corpus_dir if corpus_dir is not None else index.corpus_dir
        guard = index.guard()
    searcher = index.searcher()
    try:
        with guard:
            prepare(searcher, tables)
    except BaseException:
        searcher.close()
        raise
    return searcher


def prepare(searcher: Searcher, corpus_dir: Path | None = None) -> None:
    """Build what a search of ``searcher`` reads from its index: once per opened index and
    corpus (the next searcher of it asks one memo).

    :param corpus_dir: as :func:`ready_searcher`'s.
    """
    reader = searcher.reader()
    index_arrays(reader).derived((_PREPARED, str(corpus_dir)),
                                 lambda: _prepare(searcher, corpus_dir))
    settle()


def _prepare(searcher: Searcher, corpus_dir: Path | None) -> bool:
    from . import WEIGHTING  # this package imports this module: its weighting, asked at call

    reader = searcher.reader()
    arrays = index_arrays(reader)
    for _leaf, _offset, store in arrays.stores(reader):
        if store is not None:
            store.posting_columns  # noqa: B018  (made on first use: phrases walk them)
    arrays.live(reader)
    stored = arrays.scored(reader)
    stored_phrases(reader)
    # Made here, the expander splits the keys of the tables' stored lookups (CorpusTables.ready).
    expander = expander_for(reader, corpus_dir)
    # A word through the transliteration keys' analyzer: ``re`` compiles the replacement
    # template of one of its rules (``\1``, doubled letters) the first time it is used.
    for _token in expander.variant_analyzer(SAMPLE_WORD, mode="query"):
        pass
    arrays.display(reader)
    facet_tables(reader)
    snippet_cache(reader)
    char_stores(reader, arrays)
    prepare_highlighting()
    # BM25F's length terms: of the fields a word's phrases are scored in (a term's scores come
    # from the build's table), and of any field whose scores it does not hold; and how a term
    # is looked up in every field a query's words are.
    Engine(searcher, WEIGHTING, Budget()).prepare(tuple(
        name for name in reader.schema.names()
        if name in SEARCH_FIELDS or stored is None or not stored.scores_for(name, WEIGHTING)),
        searched=SEARCH_FIELDS + VARIANT_FIELDS)
    return True
