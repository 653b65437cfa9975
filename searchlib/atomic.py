"""Durable, all-at-once file writes: what every writer of searchlib's state goes through.

The ingested corpus (:mod:`searchlib.corpus`), the archive of source pages
(:mod:`searchlib.archive`) and the index pointers and metadata (:mod:`searchlib.index.generations`)
must never be seen half-written, even after a crash or a power cut: a reader finds either the old
file or the new one. So a file is written under a temporary name beside it, flushed to disk, renamed
over the old one, and the rename itself is flushed by syncing the directory.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# A temporary file is ``.<name>.<random>.tmp`` in the target's directory: hidden, and recognisable
# by the clean-up after a killed build (:mod:`searchlib.index.generations`).
TEMP_SUFFIX = ".tmp"


def fsync_path(path: Path) -> None:
    """Flush one file or directory to disk.

    :param path: a file, or a directory (which makes the renames inside it durable).
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(directory: Path) -> None:
    """Flush the files directly inside ``directory``, then the directory itself."""
    for path in directory.iterdir():
        if path.is_file():
            fsync_path(path)
    fsync_path(directory)


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` all at once (creating its directory when needed).

    :param path: the file to write; its old content stays until the new one is complete.
    :param text: the new content, written as UTF-8.
    :raises OSError: when the disk refuses; the old file is left as it was, no temporary behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        # mkstemp creates 0600; a server running as another user than the nightly job reads these.
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    fsync_path(path.parent)
