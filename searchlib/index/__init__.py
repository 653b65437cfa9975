"""The search index: the Whoosh schema and writer (``schema``, ``writer``) and the generations on
disk that let a rebuild run beside live readers (``generations``, ``lock``, ``live``, ``check``).

Layout of an index directory: one ``gen-NNNNNN/`` Whoosh index per build, ``CURRENT`` naming the
live one and ``PREVIOUS`` the one kept for rollback; a build writes a new generation and switches
``CURRENT`` atomically (:mod:`.layout` reads it).
"""

from .check import IndexCheck, check_index
from .generations import BuildSummary, build_index, rebuild_index, rollback
from .layout import index_exists, open_index
from .live import LiveIndex
from .writer import write_index

__all__ = [
    "BuildSummary",
    "IndexCheck",
    "LiveIndex",
    "build_index",
    "check_index",
    "index_exists",
    "open_index",
    "rebuild_index",
    "rollback",
    "write_index",
]
