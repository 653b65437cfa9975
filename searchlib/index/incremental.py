"""What a build can skip: nothing changed, or some books did not.

A generation's manifest records, beside the checksum of every file, the versions that decide the
bytes of an index (:func:`index_versions`: Whoosh, the postings' pickle protocol and the term
table's hash, the display records' format, the fingerprint of the analysis and indexing code)
and, per book, the id of its segment and a key over the book's corpus file and those versions
(``segments``). A build compares them with what it would copy:

- the same snapshot, versions and no damage: nothing to build (:func:`unchanged`);
- a book with the same key, whose segment files verify: its segment is copied, not re-indexed
  (:func:`reusable_segments`). Segments of unchanged books are therefore byte-identical to those
  a from-scratch build would write, up to Whoosh's random segment ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from ..model import Book
from .layout import analysis_fingerprint
from .snapshot import CORPUS_DIR, MANIFEST_FORMAT, damaged_files, snapshot_checksums


def index_versions() -> dict[str, object]:
    """What, besides the corpus, decides the bytes of an index: a generation built under other
    versions is rebuilt whole."""
    from whoosh import versionstring as whoosh_version

    from .columns import COLUMNS_VERSION
    from .display import RECORDS_VERSION
    from .posting_arrays import LAYOUT
    from .scored_postings import SCORES
    from .term_writer import PICKLE_PROTOCOL, TERM_TABLE_HASH

    return {
        "whoosh_version": whoosh_version(),
        "postings_pickle_protocol": PICKLE_PROTOCOL,
        "term_table_hash": TERM_TABLE_HASH,
        "display_records_version": RECORDS_VERSION,
        "facet_columns_version": COLUMNS_VERSION,
        "posting_arrays_layout": LAYOUT,
        "scored_postings_layout": SCORES,
        "analysis_fingerprint": analysis_fingerprint(),
    }


def _same_versions(manifest: dict[str, object]) -> bool:
    return manifest.get("format") == MANIFEST_FORMAT and all(
        manifest.get(k) == v for k, v in index_versions().items())


def _segment_key(book_file_sha256: str) -> str:
    """What a book's segment depends on: its corpus file and the code and versions that index it."""
    text = json.dumps([book_file_sha256, index_versions()], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _book_sha(files: dict[str, str], book_id: str) -> str:
    return files.get(f"{CORPUS_DIR}/ingested/{book_id}.json", "")


def reusable_segments(prev_dir: Path, manifest: dict[str, object], sources: dict[str, str],
              books: list[Book]) -> dict[str, tuple[Path, str]]:
    """The books whose segment in the live generation can be copied into the new one: same key,
    and every file of the segment verifies against the live generation's manifest (a damaged
    file must not be copied into a new generation as if it were good)."""
    if not _same_versions(manifest):
        return {}
    recorded = manifest.get("files")
    segments = manifest.get("segments")
    if not isinstance(recorded, dict) or not isinstance(segments, list):
        return {}
    keys = {b.id: _segment_key(_book_sha(sources, b.id)) for b in books}
    reuse: dict[str, tuple[Path, str]] = {}
    for entry in segments:
        if not isinstance(entry, dict) or keys.get(str(entry.get("book"))) != entry.get("key"):
            continue
        segment = str(entry.get("segment"))
        files = {k: v for k, v in recorded.items() if k.startswith(segment + ".")}
        if files and not damaged_files(prev_dir, {"files": files}):
            reuse[str(entry["book"])] = (prev_dir, segment)
    return reuse


def reused_checksums(manifest: dict[str, object],
                     reuse: Mapping[str, tuple[Path, str]]) -> dict[str, str]:
    """The checksums the live generation's manifest records for the files of the segments a
    build copies (:func:`reusable_segments` verified them): the new manifest's for the copies,
    not computed again."""
    recorded = manifest.get("files")
    if not isinstance(recorded, dict):
        return {}
    prefixes = tuple(segment + "." for _dir, segment in reuse.values())
    return {name: sha for name, sha in recorded.items()
            if prefixes and name.startswith(prefixes)}


def unchanged(prev_dir: Path, manifest: dict[str, object], sources: dict[str, str]) -> bool:
    """Whether the live generation holds exactly this snapshot, built by this code, undamaged."""
    recorded = manifest.get("files")
    return (
        isinstance(recorded, dict)
        and _same_versions(manifest)
        and snapshot_checksums(recorded) == sources
        and not damaged_files(prev_dir, manifest)
    )


def segments_entry(gen_dir: Path, books: list[Book],
                    files: dict[str, str]) -> list[dict[str, str]]:
    """The manifest's ``segments``: each book's segment id and the key a later build compares."""
    from .writer import book_segments

    ids = book_segments(gen_dir)
    if len(ids) != len(books):
        return []
    return [{"book": b.id, "segment": i, "key": _segment_key(_book_sha(files, b.id))}
            for b, i in zip(books, ids, strict=True)]
