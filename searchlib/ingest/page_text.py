"""Placeholder reader, being written."""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError
from ..model import Book, BookMeta


def read(path: Path, meta: BookMeta) -> Book:
    raise ParseError(f"{meta.id}: this reader is not written yet")
