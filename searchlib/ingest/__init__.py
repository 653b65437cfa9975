"""Readers that turn a book's source file into the :mod:`searchlib.model` objects.

One module per input format; :data:`READERS` maps the manifest's ``format`` to a function
``read(path: Path, meta: BookMeta) -> Book``. A new format is a new module plus one entry here;
a new book of a known format is only a manifest entry plus its file.

Every reader is refused a file far larger than a book can be (:data:`MAX_SOURCE_BYTES`), on its
size alone, before a byte of it is read: a 50 MB stray file listed as a book must not cost minutes
of parsing and a gigabyte of memory only to be refused by :mod:`.sanity` afterwards.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from ..errors import ManifestError, SourceFileError
from ..model import Book, BookMeta

Reader = Callable[[Path, BookMeta], Book]


# The module of each manifest format; each defines ``read(path, meta) -> Book``.
FORMATS = {
    "markdown-export": "markdown_export",
    "page-text": "page_text",
    "pdf": "pdf",
    "html": "html",
}


#: Bytes of a source file, at most, per format. A book's text is at most
#: :data:`.sanity.MAX_BOOK_CHARS` (20 million) characters: a text file of twice that many bytes
#: cannot hold a book that passes, even in two-byte (Cyrillic) UTF-8; a PDF also carries images and
#: fonts. The real books' files are 0.3 and 0.6 MB.
MAX_SOURCE_BYTES = {
    "markdown-export": 40_000_000,
    "page-text": 40_000_000,
    "html": 40_000_000,
    "pdf": 200_000_000,
}


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def check_source_size(path: Path, limit: int, what: str = "source file") -> None:
    """Refuse a file larger than ``limit`` bytes on its size alone (one ``stat``, no read).

    A missing or unreadable file passes: its reader says what is wrong with it.

    :raises SourceFileError: one line naming the file, its size and the limit.
    """
    try:
        size = os.stat(path).st_size
    except OSError:
        return
    if size > limit:
        raise SourceFileError(f"{what} is too large: {path} is {_megabytes(size)}, more than "
                              f"{_megabytes(limit)}; is it the right file?")


def reader_for(fmt: str) -> Reader:
    """The reader function for a manifest ``format`` value, which first refuses a file larger
    than :data:`MAX_SOURCE_BYTES` allows.

    :raises ManifestError: for a format no reader handles.
    """
    if fmt not in FORMATS:
        raise ManifestError(f"unknown book format {fmt!r} (known: {', '.join(FORMATS)})")
    # Imported lazily so that reading one format never pays for another's dependencies (PyMuPDF).
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    parse: Reader = module.read
    limit = MAX_SOURCE_BYTES[fmt]

    def read(path: Path, meta: BookMeta) -> Book:
        check_source_size(path, limit)
        return parse(path, meta)

    return read


def read_source_text(path: Path) -> str:
    """The text of a book's source file, with CRLF line ends made LF.

    :raises SourceFileError: when the file is missing, empty, binary or not UTF-8.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceFileError(f"source file not found: {path}") from None
    except OSError as e:
        raise SourceFileError(f"cannot read source file {path}: {e.strerror}") from None
    if not data.strip():
        raise SourceFileError(f"source file is empty: {path}")
    if b"\x00" in data:
        raise SourceFileError(f"source file is binary, not text: {path}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SourceFileError(f"source file is not UTF-8 (byte {e.start}): {path}") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def collapse_whitespace(text: str) -> str:
    """``text`` with every run of white space (line breaks included) made one space, stripped."""
    return re.sub(r"\s+", " ", text).strip()


__all__ = [
    "FORMATS",
    "MAX_SOURCE_BYTES",
    "Reader",
    "check_source_size",
    "collapse_whitespace",
    "read_source_text",
    "reader_for",
]
