"""searchlib: French full-text search and citations over studies of the post-Soviet economy.

The pipeline runs one way: source file → :mod:`searchlib.ingest` → corpus JSON
(:mod:`searchlib.corpus`) → index → search → CLI or web app.
"""

from .corpus import ingest_books, load_corpus, qa_report, write_corpus
from .errors import SearchlibError
from .model import Book, Chapter, Footnote, Paragraph, Source
from .version import __version__

__all__ = [
    "Book",
    "Chapter",
    "Footnote",
    "Paragraph",
    "SearchlibError",
    "Source",
    "__version__",
    "ingest_books",
    "load_corpus",
    "qa_report",
    "write_corpus",
]
