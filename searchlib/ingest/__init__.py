"""Readers that turn a book's source file into the :mod:`searchlib.model` objects.

One module per input format; :data:`READERS` maps the manifest's ``format`` to a function
``read(path: Path, meta: BookMeta) -> Book``. A new format is a new module plus one entry here;
a new book of a known format is only a manifest entry plus its file.
"""

from __future__ import annotations

import importlib
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


def reader_for(fmt: str) -> Reader:
    """The reader function for a manifest ``format`` value.

    :raises ManifestError: for a format no reader handles.
    """
    if fmt not in FORMATS:
        raise ManifestError(f"unknown book format {fmt!r} (known: {', '.join(FORMATS)})")
    # Imported lazily so that reading one format never pays for another's dependencies (PyMuPDF).
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    read: Reader = module.read
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


__all__ = ["FORMATS", "Reader", "collapse_whitespace", "read_source_text", "reader_for"]
