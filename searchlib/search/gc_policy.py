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

Once per process: a server that follows rebuilds does not freeze each new generation, so what an
old one leaves behind in reference cycles can still be collected (what the first one left is
kept, once).
"""

from __future__ import annotations

import gc
import threading

__all__ = ["settle"]

_lock = threading.Lock()
_settled = False


def settle() -> bool:
    """Freeze every object alive now, the first time a process calls it; whether it did."""
    global _settled
    with _lock:
        if _settled:
            return False
        _settled = True
    gc.freeze()
    return True
