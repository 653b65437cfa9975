"""Placeholder: index generations, atomic switch and lock (being written)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def build_index(corpus_dir: Path, index_dir: Path, **options: Any) -> Any:
    raise NotImplementedError


def open_index(index_dir: Path) -> Any:
    raise NotImplementedError


def index_exists(index_dir: Path) -> bool:
    return False
