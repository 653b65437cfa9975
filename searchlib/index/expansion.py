"""The query-expansion tables of an index, derived at build time and stored beside it.

The expander (:mod:`searchlib.search.expand`) ORs in spelling variants, city names, acronyms and
word families from :class:`~searchlib.analysis.corpus_tables.CorpusTables`. Deriving them from the
corpus — parsing every ingested book's JSON, then computing the transliteration and lookup key of
each of thousands of forms — cost the first query of a process or a generation about 0.15 s of
CPU, more than a hundred later queries. :func:`write_expansion_tables` (called by the writer)
derives them once, at build time, and stores them in the index directory; its checksum is in the
generation's manifest like every other file (:mod:`.snapshot`), so ``index --check`` and a
verified switch catch damage. :func:`read_expansion_tables` reads them back in a few milliseconds.
A rebuild whose segments are reused (the same indexing code) copies the previous generation's
tables when the header says they were derived from the same inputs (:func:`tables_inputs`: the
table files and the books' acronyms, places, families and compounds, which a changed paragraph
rarely changes): deriving them was a fifth of a one-book rebuild.

The file (:data:`TABLES_FILE`) is one JSON header line, then the tables in MessagePack: the
small ones as plain data (:meth:`~searchlib.analysis.corpus_tables.CorpusTables.to_data`: dicts,
lists, str, int), each large lookup (more than :data:`LAZY_ABOVE` entries: the cities' spellings,
the word families, the compounds) as its keys, then its values packed one by one with their
offsets. A new process reads the keys and leaves the values packed until a query asks for one
(:class:`~searchlib.analysis.lookups.LazyLookup`): reading every value back into dicts of sets was
10 ms, most of the first query of a process or generation, which looks up a handful. No pickle:
nothing read back from disk may run code, whoever could write the index directory.

Beside the tables, the build stores what a query makes of each form they hold
(:meth:`~searchlib.analysis.corpus_tables.CorpusTables.forms`: spellings, cities' printed forms,
acronyms and full names, countries and adjectives): its terms and transliteration keys, as the
index's analyzers give them at query time. A query ORs in several such forms for a name or an
acronym; each was a new text to analyse in a process's first queries (a tenth of a millisecond
for a city's spellings or an acronym's full names). It is the same analysis code's answer, so
the generation keeps it as it keeps its postings. So are each form's other spellings and
acronyms (:mod:`searchlib.analysis.spellings`, with the stored analysis of the forms they give):
a city, a country or an acronym typed as the tables write it (``Gomel``, ``Kazakhstan``, ``CEI``)
was a fifth of a millisecond of a first query's parse, asking a dozen lookups of the tables (and
loading unidecode's Cyrillic table for the first such name); a query reads one entry instead.

The header says what the tables were derived from: the corpus directory and the modification
stamps of its table files (:func:`~searchlib.analysis.corpus_tables.table_stamps`), and the
file's layout (:data:`TABLES_FORMAT`). A generation's tables derived from its own corpus snapshot
(which never changes: the manifest checksums it) are used without looking at the stamps. Like the
generation's postings, they are what the generation's build derived: editing the analysis code
afterwards does not set them aside (``index --check`` reports an index built by other analysis
code, :func:`~.layout.analysis_fingerprint`; a rebuild derives both again). When the stored
tables cannot be used (a table edited after the build, a search given another corpus directory,
a generation built before they were stored, another layout), the reader says so once, with the
rebuild that makes them usable again, and the caller derives them from the corpus as before: the
stored file can only make a query faster, never change its answer.
"""

from __future__ import annotations

import json
import mmap
import sys
import threading
from array import array
from collections.abc import Sequence
from pathlib import Path

import msgpack

from ..analysis.corpus_tables import (
    ADJECTIVES_FILE,
    DEMONYMS_FILE,
    SYNONYMS_FILE,
    VARIANTS_FILE,
    CorpusTables,
    load_corpus_tables,
    table_stamps,
)
from ..analysis.lookups import LazyLookup
from ..analysis.spellings import acronyms, spellings
from ..analysis.word_analysis import analysis, stored_first
from ..lazy import lazy_logger
from .layout import CORPUS_DIR
from .schema import passage_schema

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import Book

log = lazy_logger(__name__)

__all__ = ["TABLES_FILE", "index_directory", "read_expansion_tables", "write_expansion_tables"]

#: The tables' file in an index directory (a generation).
TABLES_FILE = "expansion_tables.msgpack"
#: The file's layout; a reader sets aside a file of another format (1 was pickled; 2 held every
#: lookup as plain data, and was keyed to the analysis code too; 3 had no demonyms; 4 no stems
#: of the families' words, keys of the acronyms' forms nor lookups of the demonyms; 5 no
#: analysis of the tables' forms; 6 no relational adjectives; 7 no spellings nor acronyms of the
#: tables' forms; 8 no compounds headed by a learned prefix; 9 no families by their words' terms).
TABLES_FORMAT = 10
#: A lookup of more entries than this is stored for reading entry by entry.
LAZY_ABOVE = 64

#: What a reader was told about (directory, corpus) pairs whose stored tables it could not use:
#: each said once per process, not at each new expander.
_told: set[tuple[str, str]] = set()
_told_lock = threading.Lock()


def _header(corpus_dir: Path) -> dict[str, Any]:
    """What tables derived from ``corpus_dir`` now depend on."""
    return {
        "format": TABLES_FORMAT,
        "corpus": str(corpus_dir.resolve()),
        "stamps": list(table_stamps(corpus_dir)),
    }


def _pack(data: dict[str, Any]) -> dict[str, Any]:
    """The tables' plain data, each large lookup split into keys, packed values and offsets."""
    plain: dict[str, Any] = {}
    lookups: dict[str, Any] = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            plain[name] = table
            continue
        plain[name] = {}
        for field, value in table.items():
            if isinstance(value, dict) and len(value) > LAZY_ABOVE:
                lookups.setdefault(name, {})[field] = _pack_lookup(value)
            else:
                plain[name][field] = value
    return {"plain": plain, "lookups": lookups}


def _pack_lookup(lookup: dict[Any, Any]) -> list[Any]:
    """A lookup as [its keys ascending, joined by NUL; whether they are ints; the value offsets
    (little-endian uint32); the values packed one after another]: four objects to read back,
    not thousands."""
    keys = sorted(lookup)
    numeric = all(isinstance(k, int) for k in keys)
    if not numeric and not all(isinstance(k, str) and "\0" not in k for k in keys):
        raise ValueError("a stored lookup's keys are all str or all int")
    packed = [msgpack.packb(lookup[k], use_bin_type=True) for k in keys]
    offsets = array("I", [0])
    for p in packed:
        offsets.append(offsets[-1] + len(p))
    if sys.byteorder != "little":
        offsets.byteswap()
    return ["\0".join(map(str, keys)), numeric, offsets.tobytes(), b"".join(packed)]


def _unpack(stored: dict[str, Any]) -> dict[str, Any]:
    """The tables' data again, each large lookup a :class:`LazyLookup` over its packed values."""
    data = stored["plain"]
    for name, fields in stored["lookups"].items():
        for field, packed in fields.items():
            data[name][field] = _lazy(packed, f"{name}.{field}")
    return data  # type: ignore[no-any-return]


def _lazy(packed: list[Any], name: str, *, tuples: bool = False) -> LazyLookup:
    """The :class:`LazyLookup` of a lookup :func:`_pack_lookup` packed; with ``tuples``, each
    value's arrays read back as tuples (what a query takes), not lists to convert."""
    joined, numeric, offsets, values = packed
    where = array("I")
    where.frombytes(offsets)
    if sys.byteorder != "little":
        where.byteswap()
    count = joined.count("\0") + 1 if joined else 0
    if len(where) != count + 1 or where[-1] != len(values):
        raise ValueError(f"stored lookup {name} is inconsistent")
    return LazyLookup(_key_reader(joined, numeric), _value_reader(where, values, tuples))


def _key_reader(joined: str, numeric: bool) -> Any:
    def keys() -> list[Any]:
        found = joined.split("\0") if joined else []
        return [int(k) for k in found] if numeric else found

    return keys


def _value_reader(offsets: array[int], values: bytes, tuples: bool = False) -> Any:
    use_list = not tuples

    def value_of(i: int) -> Any:
        return msgpack.unpackb(values[offsets[i] : offsets[i + 1]], raw=False,
                               strict_map_key=False, use_list=use_list)

    return value_of


def _analyses(tables: CorpusTables, schema: Any) -> dict[str, list[Any]]:
    """Each form of the tables → [its terms, its keys], as a query analyses it with ``schema``'s
    text and variants fields (:func:`~searchlib.analysis.word_analysis.analysis`)."""
    terms, keys = analysis(schema["text"].analyzer), analysis(schema["variants"].analyzer)
    return {form: [terms(form), keys(form)] for form in sorted(tables.forms())}


def _found(tables: CorpusTables, analyses: dict[str, list[Any]],
           schema: Any) -> dict[str, list[Any]]:
    """Each form of the tables that has other spellings or acronyms → [its spellings, its
    acronyms] (:mod:`searchlib.analysis.spellings`), found with the query's analysis of a form
    (the one stored, as a query reads it)."""
    terms = stored_first(analyses, 0, analysis(schema["text"].analyzer))
    found = {}
    for form in analyses:
        alts = [spellings(form, tables, terms), acronyms(form, tables)]
        if alts[0] or alts[1]:
            found[form] = alts
    return found


#: The corpus's table files, beside the books, that the tables are derived from.
TABLE_FILES = (VARIANTS_FILE, SYNONYMS_FILE, DEMONYMS_FILE, ADJECTIVES_FILE)


def tables_inputs(corpus_dir: Path, books: Sequence[Book]) -> str:
    """A digest of what the tables are derived from, besides the analysis code: their format,
    the table files' bytes and each book's acronyms, places, word families and compounds."""
    # Here: a reader imports this module, and hashlib loads OpenSSL (3 ms of a start).
    import dataclasses
    import hashlib

    digest = hashlib.sha256(str(TABLES_FORMAT).encode())
    for name in TABLE_FILES:
        path = Path(corpus_dir) / name
        digest.update(b"\0" + (path.read_bytes() if path.exists() else b"-"))
    for book in books:
        fields = [book.id, [dataclasses.asdict(a) for a in book.acronyms],
                  [dataclasses.asdict(p) for p in book.places], book.families, book.compounds]
        digest.update(b"\0" + json.dumps(fields, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _reused(directory: Path, previous: Path, corpus_dir: Path, inputs: str) -> bool:
    """Write the tables of the generation ``previous`` into ``directory`` when they were derived
    from the same ``inputs`` (:func:`tables_inputs`); whether it did."""
    try:
        with open(previous / TABLES_FILE, "rb") as f:
            header = json.loads(f.readline())
            if (not isinstance(header, dict) or header.get("format") != TABLES_FORMAT
                    or header.get("inputs") != inputs):
                return False
            payload = f.read()
    except (OSError, ValueError):
        return False
    header.update(_header(corpus_dir), inputs=inputs)
    (directory / TABLES_FILE).write_bytes(
        json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + payload)
    return True


def write_expansion_tables(directory: Path, corpus_dir: Path,
                           books: Sequence[Book] = (), schema: Any = None,
                           previous: Path | None = None) -> CorpusTables:
    """Derive the expansion tables of ``corpus_dir`` and store them in the index ``directory``.

    :param directory: the index directory being written (a new generation).
    :param corpus_dir: the corpus the index is built from (a generation's snapshot).
    :param books: the books the build loaded from that corpus (not parsed again, see
        :func:`~searchlib.analysis.corpus_tables.load_corpus_tables`).
    :param schema: the index's schema (by default :func:`~.schema.passage_schema`'s), whose
        analyzers analyse each form of the tables once here rather than in each query that ORs
        it in (a tenth of a millisecond for a city's spellings or an acronym's full names).
    :param previous: a generation built by the same code (its segments are reused): when its
        tables were derived from the same inputs, they are copied, not derived again.
    :returns: the tables written, with their forms' analyses.
    :raises TableError: on a malformed line of ``variants.tsv`` or ``synonyms.tsv`` (as a search
        would have raised on them).
    """
    corpus_dir = Path(corpus_dir)
    inputs = tables_inputs(corpus_dir, books)
    if previous is not None and _reused(Path(directory), Path(previous), corpus_dir, inputs):
        copied = read_expansion_tables(Path(directory), corpus_dir)
        if copied is not None:
            return copied
    tables = load_corpus_tables(corpus_dir, books)
    header = json.dumps({**_header(corpus_dir), "inputs": inputs},
                        ensure_ascii=False).encode("utf-8")
    stored = _pack(tables.to_data())
    schema = schema or passage_schema()
    analyses = _analyses(tables, schema)
    stored["analysis"] = _pack_lookup(analyses)
    stored["found"] = _pack_lookup(_found(tables, analyses, schema))
    payload = msgpack.packb(stored, use_bin_type=True)
    (Path(directory) / TABLES_FILE).write_bytes(header + b"\n" + payload)
    # As a reader gets them: the build's next steps read the forms' analyses too.
    tables.analysis = {form: (terms, keys) for form, (terms, keys) in analyses.items()}
    return tables


def index_directory(reader: Any) -> Path | None:
    """The directory of the index a Whoosh reader reads (``None`` for one in memory)."""
    for leaf, _offset in reader.leaf_readers():
        storage = leaf.storage() if hasattr(leaf, "storage") else None
        folder = getattr(storage, "folder", None)
        if folder:
            return Path(folder)
    return None


def _own_snapshot(directory: Path, corpus_dir: Path) -> bool:
    """Whether ``corpus_dir`` is the corpus snapshot of the generation ``directory``: written by
    the build that stored the tables, never changed after (the manifest checksums both), so its
    stamps need not be compared."""
    if corpus_dir.name != CORPUS_DIR:
        return False
    return corpus_dir.parent == directory or corpus_dir.parent.resolve() == directory.resolve()


def read_expansion_tables(directory: Path | None, corpus_dir: Path | None) -> CorpusTables | None:
    """The tables stored in the index ``directory`` for ``corpus_dir``, or ``None`` when there
    are none, or they were derived from another corpus or other table files, or are laid out
    otherwise (the caller then derives them:
    :func:`~searchlib.analysis.corpus_tables.load_corpus_tables`; a warning, once, says why and
    which rebuild stores usable ones)."""
    if directory is None or corpus_dir is None:
        return None
    directory, corpus_dir = Path(directory), Path(corpus_dir)
    try:
        with open(directory / TABLES_FILE, "rb") as f:
            header = json.loads(f.readline())
            why = _unusable(header, directory, corpus_dir)
            if why is not None:
                _tell(directory, corpus_dir, why)
                return None
            # Plain data only: maps with int keys (GeoNames ids) allowed, no extension types.
            # Decoded from the file's pages, mapped: read, its half megabyte was first copied
            # into new memory, whose page faults cost a new process 0.45 ms more.
            with (mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped,
                  memoryview(mapped) as whole, whole[f.tell():] as payload):
                stored = msgpack.unpackb(payload, raw=False, strict_map_key=False)
            tables = CorpusTables.from_data(_unpack(stored))
            # Tuples as msgpack reads them: a form's [terms, keys] is its analysis, tuples of
            # (position, term); its [spellings, acronyms] what .spellings gives (an acronym's
            # books a tuple too). Converting each list after decoding was half a look-up's cost.
            tables.analysis = _lazy(stored["analysis"], "analysis", tuples=True)
            tables.found = _lazy(stored["found"], "found", tuples=True)
            return tables
    except FileNotFoundError:
        _tell(directory, corpus_dir, "the index holds none (built by an older searchlib)")
        return None
    except Exception:  # noqa: BLE001
        # A damaged file is reported by the checksums (index --check); the search goes on.
        log.warning("unreadable expansion tables in %s", directory, exc_info=True)
        return None


def _unusable(header: Any, directory: Path, corpus_dir: Path) -> str | None:
    """Why the tables of ``header`` may not serve a search of ``corpus_dir`` (``None``: they
    may)."""
    if not isinstance(header, dict) or header.get("format") != TABLES_FORMAT:
        return "they are laid out by another version of searchlib"
    if _own_snapshot(directory, corpus_dir):
        return None
    now = _header(corpus_dir)
    if header.get("corpus") != now["corpus"]:
        return f"they were derived from {header.get('corpus')}"
    if header.get("stamps") != now["stamps"]:
        return "a table file of the corpus changed after the build"
    return None


def _tell(directory: Path, corpus_dir: Path, why: str) -> None:
    key = (str(directory), str(corpus_dir))
    with _told_lock:
        if key in _told:
            return
        _told.add(key)
    log.warning("expansion tables of %s not used for %s (%s): each new process derives them "
                "from the books (about 0.3 s); run searchlib index to store them", directory,
                corpus_dir, why)
