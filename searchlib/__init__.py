"""searchlib: French full-text search and citations over studies of the post-Soviet economy.

The pipeline runs one way: source file → :mod:`searchlib.ingest` (which resolves every footnote)
→ corpus JSON (:mod:`searchlib.corpus`) → :mod:`searchlib.index` → :mod:`searchlib.search` → CLI
or web app; :mod:`searchlib.cite` turns the footnotes' records into citations.

The public names below are imported on first use (module ``__getattr__``), so that
``import searchlib`` loads neither Whoosh nor numpy nor any reader's dependencies.
"""

from __future__ import annotations

import os

from . import deferred_imports
from .errors import SearchlibError
from .lazy import lazy_getattr
from .version import __version__

# Before any searchlib module imports Whoosh or numpy: the modules they load that searchlib never
# uses are imported on first use (a third of a reader's start; see the module).
deferred_imports.install()

# numpy's OpenBLAS starts one thread per core when numpy loads, and each spins waiting for work:
# on this 2-core machine that was 0.13 s of CPU, a quarter of a reader's cold start, on a 64-core
# server several seconds per process. searchlib does no linear algebra (its numpy is element-wise,
# sorting and searching, none of which calls BLAS), so one thread costs nothing. Set before any
# searchlib module imports numpy; a setting the user chose wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cite import find_citing, render_footnote, render_passage, resolve
    from .corpus import ingest_books, load_corpus, qa_report, write_corpus
    from .index import build_index, index_exists, open_index
    from .model import Book, Chapter, Footnote, Paragraph, Source
    from .search import search

# Public name → the module that defines it.
_LAZY = {
    "Book": ".model",
    "Chapter": ".model",
    "Footnote": ".model",
    "Paragraph": ".model",
    "Source": ".model",
    "build_index": ".index",
    "find_citing": ".cite",
    "index_exists": ".index",
    "ingest_books": ".corpus",
    "load_corpus": ".corpus",
    "open_index": ".index",
    "qa_report": ".corpus",
    "render_footnote": ".cite",
    "render_passage": ".cite",
    "resolve": ".cite",
    "search": ".search",
    "write_corpus": ".corpus",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "Book",
    "Chapter",
    "Footnote",
    "Paragraph",
    "SearchlibError",
    "Source",
    "__version__",
    "build_index",
    "find_citing",
    "index_exists",
    "ingest_books",
    "load_corpus",
    "open_index",
    "qa_report",
    "render_footnote",
    "render_passage",
    "resolve",
    "search",
    "write_corpus",
]
