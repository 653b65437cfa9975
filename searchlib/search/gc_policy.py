"""The garbage collector's policy for readers: what a process holds to search is frozen, once.

A reader process (the CLI, a bench reader, a web worker) holds, once it has opened its searcher
ready to answer (:mod:`.ready`; else once it has answered its first query), everything it will
keep for its life: modules (frozen when a search is imported, see :mod:`searchlib.search`), the
open index, the structures a search reads (expansion tables, posting arrays, display records,
facet columns). The collector's full collection walked these again each time it ran (10 ms on
the books, landing inside whatever query set it off: a p99 of its own). :func:`settle` moves
every object alive then out of the collector's reach (``gc.freeze``, a constant-time move), so
that later collections walk only what later queries make; objects freed by their reference
counts are freed as before.

Settled, the youngest generation is collected less often (:data:`SETTLED_THRESHOLD`): what a
process's first queries allocate and keep is their caches filling (the decoded passages, the
analysed words, the expansions: about 4,100 objects over the bench's 25 first queries, none of
them garbage), and at the interpreter's 700 each batch of them was walked once more, about
100 µs at a time inside whatever query crossed the line (six times in that round). The count the
threshold is compared with is allocations less deallocations: once the (bounded) caches are
full it barely moves, and garbage in reference cycles, which is never deallocated until
collected, still triggers a collection after at most that many objects: memory stays bounded
(RSS 75 MB after 5,000 varied searches, as with 700).

Once per process: a server that follows rebuilds does not freeze each new generation, so what an
old one leaves behind in reference cycles can still be collected (what the first one left is
kept, once).
"""

from __future__ import annotations

import gc
import threading

__all__ = ["SETTLED_THRESHOLD", "settle"]

#: The youngest generation's threshold once a process has settled (net new container objects).
SETTLED_THRESHOLD = 10_000

_lock = threading.Lock()
_settled = False


def settle() -> bool:
    """Freeze every object alive now and raise the youngest generation's threshold to
    :data:`SETTLED_THRESHOLD` (unless set higher, or to 0: collection off), the first time a
    process calls it; whether it did."""
    global _settled
    if _settled:  # every search but the first asks: answered without the lock
        return False
    with _lock:
        if _settled:
            return False
        _settled = True
    gc.freeze()
    young, *older = gc.get_threshold()
    if 0 < young < SETTLED_THRESHOLD:
        gc.set_threshold(SETTLED_THRESHOLD, *older)
    return True
