"""What makes a generation a complete, verifiable snapshot: its corpus copy and its manifest.

A generation holds, beside its Whoosh files, the exact corpus it was built from under
``gen-NNNNNN/corpus/`` — ``books.toml``, ``ingested/<book>.json`` and the tables read at query
time (``variants.tsv``, ``synonyms.tsv``, ``demonyms.tsv``, ``adjectives.tsv``, the imported
source pages ``archive.json``) — laid out like a corpus directory, so every reader that takes a
``corpus_dir`` reads the snapshot unchanged.
Its manifest (``searchlib.json``, written last) records the versions that built it and the SHA-256
of every file; :func:`damaged_files` compares the files with it. A reader of a generation therefore
never sees a corpus, a table or an index file from another build, and damage is found, not served.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .layout import CORPUS_DIR

if TYPE_CHECKING:  # an annotation only: a search never imports the model (nor this module)
    from ..model import Book
#: Files of a corpus directory that the index, the search or the pages read (when present).
TABLES = ("books.toml", "variants.tsv", "synonyms.tsv", "demonyms.tsv", "adjectives.tsv",
          "archive.json")
#: The manifest's format: 2 added the corpus snapshot and the checksum of every file.
MANIFEST_FORMAT = 2
#: Files of a generation that are not part of what it holds (the manifest itself; the retirement
#: marker a later build adds; Whoosh's empty write-lock file).
UNCHECKED = frozenset({"searchlib.json", "RETIRED", "MAIN_WRITELOCK"})
_CHUNK = 1 << 20


def copy_corpus(corpus_dir: Path, gen_dir: Path, books: list[Book] | None) -> Path:
    """Copy the corpus a build reads into ``gen_dir/corpus`` and return that directory.

    :param corpus_dir: the corpus directory (``books.toml``, ``ingested/``, the tables).
    :param gen_dir: the new generation's directory.
    :param books: books given to the build directly (written as their corpus JSON); ``None``
        copies ``corpus_dir/ingested/*.json`` byte for byte.
    """
    import shutil  # here: readers import this module, only builds copy (it loads bz2, lzma)

    from ..corpus import book_json  # here: readers import this module, only builds write JSON

    dest = gen_dir / CORPUS_DIR
    ingested = dest / "ingested"
    ingested.mkdir(parents=True)
    for name in TABLES:
        if (corpus_dir / name).is_file():
            shutil.copyfile(corpus_dir / name, dest / name)
    if books is None:
        for path in sorted((corpus_dir / "ingested").glob("*.json")):
            shutil.copyfile(path, ingested / path.name)
    else:
        # The manifest of exactly these books, so that the snapshot reads back as what was built.
        (dest / "books.toml").write_text(manifest_of(books), encoding="utf-8")
        for book in books:
            (ingested / f"{book.id}.json").write_text(book_json(book), encoding="utf-8")
    return dest


def source_checksums(corpus_dir: Path, books: list[Book] | None) -> dict[str, str]:
    """The checksums (keys as in a manifest's ``files``) that :func:`copy_corpus` would give the
    snapshot of ``corpus_dir`` (or of ``books``), computed without copying: a build compares them
    with the live generation's to find that nothing changed."""
    from ..corpus import book_json

    found: dict[str, str] = {}
    for name in TABLES:
        if (corpus_dir / name).is_file():
            found[f"{CORPUS_DIR}/{name}"] = file_sha256(corpus_dir / name)
    if books is None:
        for path in sorted((corpus_dir / "ingested").glob("*.json")):
            found[f"{CORPUS_DIR}/ingested/{path.name}"] = file_sha256(path)
    else:
        found[f"{CORPUS_DIR}/books.toml"] = _text_sha256(manifest_of(books))
        for book in books:
            found[f"{CORPUS_DIR}/ingested/{book.id}.json"] = _text_sha256(book_json(book))
    return found


def snapshot_checksums(files: dict[str, str]) -> dict[str, str]:
    """The entries of a manifest's ``files`` that belong to the corpus snapshot."""
    return {k: v for k, v in files.items() if k.startswith(f"{CORPUS_DIR}/")}


def _text_sha256(text: str) -> str:
    return _sha256(text.encode("utf-8")).hexdigest()


def manifest_of(books: list[Book]) -> str:
    """A ``books.toml`` listing ``books`` from their metadata (JSON strings are TOML strings)."""
    from dataclasses import asdict  # here: only a build writes it, a search never loads it

    entries = [
        "[[book]]\n" + "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n"
                               for key, value in asdict(b.meta).items() if value is not None)
        for b in books
    ]
    return "\n".join(entries)


def _sha256(data: bytes = b"") -> Any:
    # Imported here: a reader never checksums, and hashlib loads OpenSSL (3 ms of a start).
    from hashlib import sha256

    return sha256(data)


def file_sha256(path: Path) -> str:
    digest = _sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def held_files(gen_dir: Path) -> list[Path]:
    """Every file a generation holds (relative paths, sorted), the manifest excepted."""
    return sorted(
        p.relative_to(gen_dir) for p in gen_dir.rglob("*")
        if p.is_file() and p.name not in UNCHECKED
    )


def checksums(gen_dir: Path, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """The SHA-256 of every file of a generation, by path relative to it.

    :param known: the checksums of files copied from a generation whose files were verified
        against its manifest just before (a reused segment's): taken, not computed again.
    """
    known = known or {}
    return {name: known.get(name) or file_sha256(gen_dir / name)
            for name in (p.as_posix() for p in held_files(gen_dir))}


def damaged_files(gen_dir: Path, manifest: dict[str, Any]) -> list[str]:
    """The files of a generation that differ from its manifest: changed, missing or unreadable
    (relative paths; empty when every file verifies). A generation whose manifest records no
    checksums (built by an older searchlib) has nothing to verify against: its manifest is named.
    """
    recorded = manifest.get("files")
    if not isinstance(recorded, dict) or not recorded:
        return ["searchlib.json"]
    damaged = []
    for name, expected in sorted(recorded.items()):
        try:
            if file_sha256(gen_dir / name) != expected:
                damaged.append(name)
        except OSError:
            damaged.append(name)
    return damaged
