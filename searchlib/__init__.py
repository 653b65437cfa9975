"""searchlib: French full-text search and citations over studies of the post-Soviet economy.

The pipeline runs one way: source file → :mod:`searchlib.ingest` → corpus JSON
(:mod:`searchlib.corpus`) → :mod:`searchlib.index` → :mod:`searchlib.search` → CLI or web app;
:mod:`searchlib.cite` turns footnotes into citations.
"""

from .cite import find_citing, render_footnote, render_passage, resolve
from .corpus import ingest_books, load_corpus, qa_report, write_corpus
from .errors import SearchlibError
from .index import build_index, index_exists, open_index
from .model import Book, Chapter, Footnote, Paragraph, Source
from .search import search
from .version import __version__

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
