"""The search index: the Whoosh schema and writer (``schema``, ``writer``, ``display``) and the
generations on disk that let a rebuild run beside live readers (``generations``, ``snapshot``,
``lock``, ``generation``, ``live``, ``check``).

Layout of an index directory: one ``gen-NNNNNN/`` per build — its Whoosh index, the corpus and
tables it was built from, a manifest with the checksum of every file — ``CURRENT`` naming the live
one and ``PREVIOUS`` the one kept for rollback; a build writes a new generation and switches
``CURRENT`` atomically (:mod:`.layout` reads it). Readers read one :class:`Generation`.

The names below are imported on first use (module ``__getattr__``): a command that only asks
where the live corpus is (:func:`reading_corpus`, ``searchlib cite``) does not load Whoosh.
"""

from __future__ import annotations

from ..lazy import lazy_getattr

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .check import IndexCheck, check_index
    from .generation import Generation, open_index, open_live, reading_corpus
    from .generations import BuildSummary, build_index, rollback
    from .layout import index_exists
    from .live import LiveIndex
    from .writer import write_index

# Public name → the module of this package that defines it.
_LAZY = {
    "BuildSummary": ".generations",
    "Generation": ".generation",
    "IndexCheck": ".check",
    "LiveIndex": ".live",
    "build_index": ".generations",
    "check_index": ".check",
    "index_exists": ".layout",
    "open_index": ".generation",
    "open_live": ".generation",
    "reading_corpus": ".generation",
    "rollback": ".generations",
    "write_index": ".writer",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "BuildSummary",
    "Generation",
    "IndexCheck",
    "LiveIndex",
    "build_index",
    "check_index",
    "index_exists",
    "open_index",
    "open_live",
    "reading_corpus",
    "rollback",
    "write_index",
]
