"""Every query within a cost budget: bounded expansions, bounded clauses, a CPU deadline.

A few characters can ask for a lot of work: ``ar~2`` is every word within two edits of ``ar``,
``a*`` every word starting with ``a``, sixty such words an intersection of sixty unions. Before
this module, ten ``xx~2`` terms cost 4 s of CPU and sixty up to 20 s, because Whoosh expanded each
fuzzy term by walking a Levenshtein automaton along the on-disk term table (one seek per step),
twice per query (matching, then highlighting). The bounds, as Elasticsearch sets them:

- **fuzziness by word length** (Elasticsearch's ``fuzziness: AUTO``): no edit for a word of one or
  two letters, one for three to five, two beyond; ``ar~2`` is the word ``ar``;
- **expansions** (``max_expansions``): a fuzzy term or a prefix stands for at most
  :data:`MAX_EXPANSIONS` words of the index, the closest then the most frequent, found in the
  field's vocabulary held in memory (:meth:`.postings.IndexArrays.vocabulary`), not on disk;
- **clauses**: one search looks up at most :data:`MAX_TERMS` terms (a word is about five: body,
  title, notes and two transliteration keys);
- **a deadline** of :data:`CPU_SECONDS` of the thread's CPU (or :data:`WALL_SECONDS` of wall time).

A :class:`Budget` travels with one search: the engine charges it each term it evaluates and stops
combining clauses when it is spent, and the search answers with what the clauses evaluated so far
found, and a message saying so (:data:`SPENT_MESSAGE`).

Bounding each query is not enough when several arrive at once: eight costly queries on a worker of
four threads took every thread and most of the GIL, and cheap searches queued behind them. A
search that grows heavy (past :data:`LIGHT_TERMS` terms or :data:`LIGHT_CPU_SECONDS`) must take
the process's one heavy lane (:data:`HEAVY_LANE`) to go on; when another heavy search holds it,
it stops there and says so (:data:`BUSY_MESSAGE`), so at most one costly search per worker
competes with the cheap ones.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager

from whoosh import query as Q
from whoosh.codec.base import Automata
from whoosh.reading import IndexReader
from whoosh.support.levenshtein import distance

from .postings import index_arrays

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Words of the index one fuzzy term or prefix stands for, at most (Elasticsearch's default).
MAX_EXPANSIONS = 50

#: Terms one search may look up, at most, all clauses and expansions counted.
MAX_TERMS = 1000

#: Longest word expanded by edit distance or corrected: longer than any French word (the
#: books' longest is 30 letters); the automaton of a 500-letter word cost a second to build.
MAX_FUZZY_CHARS = 32

#: CPU seconds (of the searching thread) after which a search stops combining clauses.
CPU_SECONDS = 0.25

#: Wall-clock seconds after which a search stops, whatever its CPU (a starved thread).
WALL_SECONDS = 3.0

#: Terms and CPU seconds past which a search is heavy: a search of ten plain words looks up about
#: fifty terms in a few milliseconds; the first search of a process spends up to 70 ms warming up.
LIGHT_TERMS = 150
LIGHT_CPU_SECONDS = 0.1

#: Terms charged between two readings of the clocks: a reading of the thread's CPU clock is a
#: system call (half a microsecond, a tenth of a term's look-up); eight terms take some tens of
#: microseconds, nothing beside the deadlines.
CLOCK_EVERY = 8

#: One heavy search at a time per process (a gunicorn worker): the others stop at the threshold.
HEAVY_LANE = threading.BoundedSemaphore(1)

#: Told to the reader when another costly search held the heavy lane.
BUSY_MESSAGE = ("Le serveur traite déjà une requête coûteuse : seuls les premiers termes de "
                "celle-ci ont été pris en compte ; réessayez, ou simplifiez-la.")

#: Told to the reader (in French, like every message of a search) when the budget ran out.
SPENT_MESSAGE = ("La requête demandait trop de calcul : seuls ses premiers termes ont été "
                 "pris en compte ; simplifiez-la (moins de mots, de ~ et de *).")


def auto_fuzziness(term: str, asked: int) -> int:
    """The edits allowed for ``term``: ``asked`` capped by its length (``fuzziness: AUTO``)."""
    if len(term) <= 2:
        return 0
    return max(0, min(asked, 1 if len(term) <= 5 else 2))


class Budget:
    """What one search may still spend; the engine charges it, :meth:`spend` says when to stop.

    (A plain class: as a dataclass, it cost a new process 1 ms to create.)

    :param cpu_seconds: CPU time of the searching thread allowed from :meth:`start`.
    :param wall_seconds: wall time allowed from :meth:`start`.
    :param max_terms: term lookups allowed.
    :param lane: the semaphore a heavy search must hold to go on (none: no such rule); whoever
        starts the budget calls :meth:`release` when the search ends.
    """

    def __init__(self, cpu_seconds: float = CPU_SECONDS, wall_seconds: float = WALL_SECONDS,
                 max_terms: int = MAX_TERMS, lane: Any = None) -> None:
        self.cpu_seconds = cpu_seconds
        self.wall_seconds = wall_seconds
        self.max_terms = max_terms
        self.lane = lane
        self.terms = 0
        self.exhausted = False
        #: Whether the search holds the lane; whether it stopped because another one held it.
        self.heavy = False
        self.busy = False
        self.start()

    def start(self) -> Budget:
        """Start the clocks (again)."""
        self._cpu0 = time.thread_time()
        self._wall0 = time.monotonic()
        self._due = 0  # the next charge reads the clocks
        return self

    def cpu(self) -> float:
        """CPU seconds this thread spent since :meth:`start`."""
        return time.thread_time() - self._cpu0

    def spend(self, terms: int = 0) -> bool:
        """Charge ``terms`` lookups; whether anything is left (once spent, always spent).

        The clocks are read at the first charge, then every :data:`CLOCK_EVERY` terms and at
        each call charging none (reading the thread's CPU clock is a system call); the bounds
        on terms are checked at the very charge that crosses them.
        """
        self.terms += terms
        if self.exhausted:
            return False
        if terms and self.terms < self._due:
            return True
        cpu = time.thread_time() - self._cpu0
        if (self.terms > self.max_terms or cpu > self.cpu_seconds
                or time.monotonic() - self._wall0 > self.wall_seconds):
            self.exhausted = True
        elif (self.lane is not None and not self.heavy
              and (self.terms > LIGHT_TERMS or cpu > LIGHT_CPU_SECONDS)):
            self.heavy = self.lane.acquire(blocking=False)
            self.exhausted = self.busy = not self.heavy
        # The next charge past a bound on terms checks it (``terms > bound``).
        bound = self.max_terms if self.lane is None or self.heavy \
            else min(self.max_terms, LIGHT_TERMS)
        self._due = min(self.terms + CLOCK_EVERY, bound + 1)
        return not self.exhausted

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The clocks stopped for the block: what it spends is the process's, not the search's
        (a table read once per process)."""
        cpu, wall = time.thread_time(), time.monotonic()
        try:
            yield
        finally:
            self._cpu0 += time.thread_time() - cpu
            self._wall0 += time.monotonic() - wall

    def release(self) -> None:
        """Give the heavy lane back, when this search took it."""
        if self.heavy:
            self.heavy = False
            self.lane.release()


def _vocabulary(reader: IndexReader, fieldname: str) -> tuple[list[str], dict[str, int]]:
    if fieldname not in reader.schema:
        return [], {}
    return index_arrays(reader).vocabulary(reader, fieldname)


class _Bounded:
    """A multi-term query expanded once per index, to at most ``max_expansions`` words.

    Both evaluators use the expansion: :class:`.engine.Engine` runs :meth:`rewritten` on its
    arrays, and Whoosh's matcher (the engine's reference) runs the same rewritten query, so each
    expanded word is scored as a word is (BM25F), the sum boosted by the query's boost.
    """

    fieldname: str
    text: str
    boost: float
    max_expansions: int = MAX_EXPANSIONS

    def _find(self, reader: IndexReader) -> list[str]:
        raise NotImplementedError

    def words(self, reader: IndexReader) -> list[str]:
        """The index words this query stands for (memoised per index)."""
        key = id(index_arrays(reader)) if self.fieldname in reader.schema else None
        memo = getattr(self, "_memo", None)
        if memo is None or memo[0] != key:
            memo = (key, self._find(reader))
            self._memo = memo
        return memo[1]

    def _btexts(self, ixreader: IndexReader) -> list[bytes]:
        return [w.encode("utf-8") for w in self.words(ixreader)]

    def rewritten(self, reader: IndexReader) -> Q.Query:
        """The query as the words it stands for: a term, an ``Or`` of terms, or nothing."""
        words = self.words(reader)
        if not words:
            return Q.NullQuery
        if len(words) == 1:
            return Q.Term(self.fieldname, words[0], boost=self.boost)
        return Q.Or([Q.Term(self.fieldname, w) for w in words], boost=self.boost)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        # Expanded over the whole index (the parent of a segment's searcher), as the engine
        # expands it: a segment's own most frequent words would differ from one segment to the
        # next (one segment per book).
        top = searcher.get_parent() if hasattr(searcher, "get_parent") else searcher
        return self.rewritten(top.reader()).matcher(searcher, context)


class BoundedFuzzyTerm(_Bounded, Q.FuzzyTerm):
    """``word~N``: the closest, then most frequent, index words within ``maxdist`` edits."""

    def _find(self, reader: IndexReader) -> list[str]:
        from .suggest import _Cursor  # suggest imports expand, which imports this module

        words, frequency = _vocabulary(reader, self.fieldname)
        if not words or len(self.text) > MAX_FUZZY_CHARS:
            return [self.text] if self.text in frequency else []
        dfa = Automata.levenshtein_dfa(self.text, self.maxdist, prefix=self.prefixlength)
        found = [(distance(w, self.text), -frequency.get(w, 0), w)
                 for w in Automata.find_matches(dfa, _Cursor(words))]
        return [w for _, _, w in sorted(found)[: self.max_expansions]]


class BoundedPrefix(_Bounded, Q.Prefix):
    """``word*``: the most frequent index words starting with ``word``."""

    def _find(self, reader: IndexReader) -> list[str]:
        words, frequency = _vocabulary(reader, self.fieldname)
        lo = bisect_left(words, self.text)
        hi = bisect_left(words, self.text + "\U0010ffff", lo)
        found = sorted(words[lo:hi], key=lambda w: (-frequency.get(w, 0), w))
        return sorted(found[: self.max_expansions])
