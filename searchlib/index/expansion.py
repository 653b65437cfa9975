"""The query-expansion tables of an index, derived at build time and stored beside it.

The expander (:mod:`searchlib.search.expand`) ORs in spelling variants, city names, acronyms and
word families from :class:`~searchlib.analysis.corpus_tables.CorpusTables`. Deriving them from the
corpus — parsing every ingested book's JSON, then computing the transliteration and lookup key of
each of thousands of forms — cost the first query of a process or a generation about 0.15 s of
CPU, more than a hundred later queries. :func:`write_expansion_tables` (called by the writer)
derives them once, at build time, and stores them in the index directory; its checksum is in the
generation's manifest like every other file (:mod:`.snapshot`), so ``index --check`` and a
verified switch catch damage. :func:`read_expansion_tables` reads them back in a few milliseconds.

The file (:data:`TABLES_FILE`) is one JSON header line, then the tables as plain data
(:meth:`~searchlib.analysis.corpus_tables.CorpusTables.to_data`: dicts, lists, str, int) in
MessagePack. No pickle: nothing read back from disk may run code, whoever could write the index
directory. The lookups each table derives (transliteration keys, normalised forms) are stored
too, so reading restores them instead of deriving them again. The header says
what the tables were derived from: the corpus directory, the modification stamps of its table
files (:func:`~searchlib.analysis.corpus_tables.table_stamps`) and the fingerprint of the analysis
code. The stored tables are used only when all three match the reader's; otherwise (a table
edited after the build, a search given another corpus directory, an index built by other code)
the reader derives them from the corpus as before, so the stored file can only make a query
faster, never change its answer. A file of another format (:data:`TABLES_FORMAT`) is set aside
the same way.
"""

from __future__ import annotations

import functools
import json
import logging
from pathlib import Path
from typing import Any

import msgpack

from ..analysis.corpus_tables import CorpusTables, load_corpus_tables, table_stamps
from .layout import analysis_fingerprint

log = logging.getLogger(__name__)

__all__ = ["TABLES_FILE", "index_directory", "read_expansion_tables", "write_expansion_tables"]

#: The tables' file in an index directory (a generation).
TABLES_FILE = "expansion_tables.msgpack"
#: The file's layout; a reader ignores a file of another format (1 was pickled, no longer read).
TABLES_FORMAT = 2


@functools.cache
def _code_fingerprint() -> str:
    # The analysis code of this process: it cannot change under the modules already imported.
    return analysis_fingerprint()


def _header(corpus_dir: Path) -> dict[str, Any]:
    """What tables derived from ``corpus_dir`` now depend on."""
    return {
        "format": TABLES_FORMAT,
        "corpus": str(corpus_dir.resolve()),
        "stamps": list(table_stamps(corpus_dir)),
        "fingerprint": _code_fingerprint(),
    }


def write_expansion_tables(directory: Path, corpus_dir: Path) -> CorpusTables:
    """Derive the expansion tables of ``corpus_dir`` and store them in the index ``directory``.

    :param directory: the index directory being written (a new generation).
    :param corpus_dir: the corpus the index is built from (a generation's snapshot).
    :returns: the tables written.
    :raises TableError: on a malformed line of ``variants.tsv`` or ``synonyms.tsv`` (as a search
        would have raised on them).
    """
    corpus_dir = Path(corpus_dir)
    tables = load_corpus_tables(corpus_dir)
    header = json.dumps(_header(corpus_dir), ensure_ascii=False).encode("utf-8")
    payload = msgpack.packb(tables.to_data(), use_bin_type=True)
    (Path(directory) / TABLES_FILE).write_bytes(header + b"\n" + payload)
    return tables


def index_directory(reader: Any) -> Path | None:
    """The directory of the index a Whoosh reader reads (``None`` for one in memory)."""
    for leaf, _offset in reader.leaf_readers():
        storage = leaf.storage() if hasattr(leaf, "storage") else None
        folder = getattr(storage, "folder", None)
        if folder:
            return Path(folder)
    return None


def read_expansion_tables(directory: Path | None, corpus_dir: Path | None) -> CorpusTables | None:
    """The tables stored in the index ``directory`` for ``corpus_dir``, or ``None`` when there
    are none, or they were derived from another corpus, other table files or other code (the
    caller then derives them: :func:`~searchlib.analysis.corpus_tables.load_corpus_tables`)."""
    if directory is None or corpus_dir is None:
        return None
    try:
        with open(Path(directory) / TABLES_FILE, "rb") as f:
            header = json.loads(f.readline())
            if header != _header(Path(corpus_dir)):
                return None
            # Plain data only: maps with int keys (GeoNames ids) allowed, no extension types.
            data = msgpack.unpackb(f.read(), raw=False, strict_map_key=False)
            return CorpusTables.from_data(data)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001
        # A damaged file is reported by the checksums (index --check); the search goes on.
        log.warning("unreadable expansion tables in %s", directory, exc_info=True)
        return None
