"""The search index: the Whoosh schema and writer (``schema``, ``writer``) and the generations on
disk that let a rebuild run beside live readers (``generations``).

Layout of an index directory: one ``gen-NNNNNN/`` Whoosh index per build, and a ``CURRENT`` file
naming the live one; a build writes a new generation and switches ``CURRENT`` atomically.
"""

from .generations import build_index, index_exists, open_index
from .writer import write_index

__all__ = ["build_index", "index_exists", "open_index", "write_index"]
