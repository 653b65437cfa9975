"""The passage segment writer writes the very files Whoosh's own writer writes for the same
documents (:mod:`searchlib.index.segment_writer`): literal documents, small blocks, a real book;
the postings blocks, pickled with another protocol, as the same tuples a reader loads."""

from __future__ import annotations

import functools
import io
import pickle
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter, _hash_functions
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from searchlib.index.posting_arrays import LAYOUT
from searchlib.index.schema import passage_schema
from searchlib.index.segment_writer import PassageSegmentWriter
from searchlib.index.shared_analysis import SharedAnalysis
from searchlib.index.term_writer import (
    PICKLE_PROTOCOL,
    TERM_TABLE_HASH,
    add_rows,
    hash_with_crc32,
    write_hash_tables,
)
from searchlib.index.writer import book_documents

TEXTS = [
    "L'État et l’Union économique eurasiatique (UEEA) : la coopération agro-industrielle.",
    "Aujourd'hui, jusqu'à 2021-2025, les tracteurs biélorusses vont à Kostanay et Kostanai.",
    "La CEE et les EAU ; O'Neil, Douchanbé, Gomel–Homiel, Беларусь¹ et œuvre, cee.",
    "",
    "Mise en œuvre : la zone de libre-échange, de la Chine à l'Ouzbékistan. ÉTAT ½ № ©",
]


def literal_documents() -> list[dict[str, Any]]:
    """Documents over every field of the passage schema: shared titles, empty and repeated notes,
    elisions, compounds, ranges, acronyms, scripts and symbols."""
    docs = []
    for n in range(12):
        text = TEXTS[n % len(TEXTS)]
        notes = "" if n % 3 else f"Voir Golovchenko, Бишкек et l'OCS, note {n}."
        docs.append({
            "id": f"b1.c01.p{n:03d}", "book": "b1", "chapter": str(1 + n // 5), "page": n,
            "text": text, "title": ["Le Kazakhstan", "Coopération régionale", "Un"][n // 5],
            "notes": notes, "variants": text, "note_variants": notes, "spell": text,
            "fn": ",".join(str(i) for i in range(n % 3)), "domain": "belta.by" if n % 2 else "",
            "year": "2021", "belta": "", "footnotes": "[]",
        })
    return docs


#: The files that hold the postings (and, in the term table, where each term's begin).
POSTINGS_FILES = (".pst", ".trm")


def write_segment(directory: Path, schema: Schema, docs: list[dict[str, Any]], own: bool,
                  codec: W3Codec) -> dict[str, Any]:
    """One segment of ``docs`` written by Whoosh's writer or ours: its Whoosh files, by extension
    (ours also writes the posting arrays beside them: ``tests/test_posting_arrays.py``), the
    postings files as :func:`decoded_terms`."""
    directory.mkdir()
    ix = whoosh_index.create_in(str(directory), schema)
    writer_class = PassageSegmentWriter if own else SegmentWriter
    writer = writer_class(ix, codec=codec, compound=False)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(merge=False)
    (segment,) = ix._read_toc().segments
    return segment_files(directory, schema, segment)


def segment_files(directory: Path, schema: Schema, segment: Any) -> dict[str, Any]:
    prefix = segment.segment_id()
    files: dict[str, Any] = {
        p.name[len(prefix):]: p.read_bytes() for p in directory.iterdir()
        if p.name.startswith(prefix) and not p.name.startswith(f"{prefix}.{LAYOUT}_")}
    for ext in POSTINGS_FILES:
        files[ext] = len(files[ext])
    files["terms"] = decoded_terms(directory, schema, segment)
    return files


def decoded_terms(directory: Path, schema: Schema, segment: Any) -> list[tuple[Any, ...]]:
    """Each term of a segment as a reader finds it: its key, its term info (but where its
    postings lie) and each of its postings blocks as ``pickle.load`` gives it (info, data)."""
    with SegmentReader(FileStorage(str(directory)), schema, segment) as reader:
        rows = list(reader._terms._tindex.items())
    postings = (directory / f"{segment.segment_id()}.pst").read_bytes()
    return [(key, value[:-12], postings_blocks(postings, struct.unpack("!q", value[-12:-4])[0]))
            for key, value in rows]


def postings_blocks(postings: bytes, offset: int) -> list[tuple[Any, Any]]:
    """The blocks of one term's postings, from ``offset``, read as Whoosh's matcher reads them."""
    assert postings[offset:offset + 4] == WHOOSH3_HEADER_MAGIC
    stream = io.BytesIO(postings)
    stream.seek(offset + 4)
    blocks = []
    while True:
        (length,) = struct.unpack("!i", stream.read(4))
        end = stream.tell() + abs(length)
        info = pickle.load(stream)
        data = stream.read(end - stream.tell())
        blocks.append((info, pickle.loads(zlib.decompress(data) if info[3] else data)))
        if length < 0:
            return blocks


def assert_same_files(tmp_path: Path, schema: Schema, docs: list[dict[str, Any]],
                      codec: W3Codec) -> None:
    theirs = write_segment(tmp_path / "whoosh", schema, docs, False, codec)
    ours = write_segment(tmp_path / "ours", schema, docs, True, codec)
    assert sorted(ours) == sorted(theirs)
    for ext in theirs:
        if ext in POSTINGS_FILES:  # as long, or shorter: values pickled as bytes, not text
            assert ours[ext] <= theirs[ext], ext
        else:
            assert ours[ext] == theirs[ext], ext


def test_blocks_pickled_with_bytes_as_bytes(tmp_path: Path) -> None:
    files = write_segment(tmp_path / "ours", passage_schema(), literal_documents(), True,
                          W3Codec(compression=0))
    assert files["terms"]
    (segment,) = whoosh_index.open_dir(str(tmp_path / "ours"))._read_toc().segments
    data = (tmp_path / "ours" / f"{segment.segment_id()}.pst").read_bytes()
    assert data.count(b"\x80" + bytes((PICKLE_PROTOCOL,))) >= 2 * len(files["terms"])
    assert b"_codecs" not in data


@pytest.mark.parametrize("blocklimit", [128, 2])
def test_literal_documents_give_the_same_files(tmp_path: Path, blocklimit: int) -> None:
    # A block limit of 2 makes terms of many blocks (the last one shorter or full).
    codec = W3Codec(blocklimit=blocklimit, compression=0)
    assert_same_files(tmp_path, passage_schema(), literal_documents(), codec)


def test_boosts_stored_values_and_unshared_analyzers(tmp_path: Path) -> None:
    # A field the shared analysis does not handle (stock analyzer) goes through field.index.
    schema = Schema(id=ID(stored=True), body=TEXT(stored=True), other=TEXT(phrase=False))
    docs = [{"id": "a", "body": "Hello hello world", "other": "x y x", "_boost": 2.0},
            {"id": "b", "body": "world", "_body_boost": 0.5, "_stored_body": "shown"},
            {"id": "c", "body": "Hello", "other": "x"}]
    assert_same_files(tmp_path, schema, docs, W3Codec(compression=3))


def test_rejects_what_it_cannot_write(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), Schema(body=TEXT(vector=True)))
    with pytest.raises(ValueError, match="vectors"):
        PassageSegmentWriter(ix, codec=W3Codec())


@pytest.mark.parametrize("hashtype", [0, 1])
def test_term_table_written_in_batches_is_whooshs_table(tmp_path: Path, hashtype: int) -> None:
    # Enough keys for buckets that collide and probe past their slot.
    keys = sorted({b"\x00\x01alpha", b"\x00\x01beta", b"\x00\x02\xc3\xa9t\xc3\xa9",
                   b"\x00\x03z" * 40, *(b"\x00\x04%d" % n for n in range(3000))})
    values = [b"v" * (n % 50) for n in range(len(keys))]
    files = {}
    for name, batched in (("theirs", False), ("ours", True)):
        storage = FileStorage(str(tmp_path))
        table = OrderedHashWriter(storage.create_file(name))
        table.hashtype, table.hashfn = hashtype, _hash_functions[hashtype]
        if batched:
            table._write_hashes = functools.partial(write_hash_tables, table)
            add_rows(table, keys[:1], values[:1])
            add_rows(table, keys[1:], values[1:])
            with pytest.raises(ValueError, match="increase"):
                add_rows(table, keys[:1], values[:1])
        else:
            for key, value in zip(keys, values, strict=True):
                table.add(key, value)
        table.close()
        files[name] = (tmp_path / name).read_bytes()
    assert files["ours"] == files["theirs"]


def test_term_table_hashed_with_crc32_is_read_by_whoosh(tmp_path: Path) -> None:
    storage = FileStorage(str(tmp_path))
    table = OrderedHashWriter(storage.create_file("terms"))
    hash_with_crc32(table)
    keys = sorted(b"\x00\x01k%d" % n for n in range(500))
    add_rows(table, keys, [b"v%d" % n for n in range(len(keys))])
    with pytest.raises(ValueError, match="rows"):
        hash_with_crc32(table)
    table.close()
    reader = OrderedHashReader.open(storage, "terms")
    try:
        assert reader.hashtype == TERM_TABLE_HASH == 1
        assert [reader[key] for key in keys] == [b"v%d" % n for n in range(len(keys))]
        assert b"\x00\x01k" not in reader
    finally:
        reader.close()


def test_real_book_gives_the_same_files(tmp_path: Path, real_books: dict) -> None:
    book = min(real_books.values(), key=lambda b: len(b.paragraphs()))
    docs = list(book_documents(book))
    assert len(docs) > 100
    assert_same_files(tmp_path, passage_schema(), docs, W3Codec(compression=0))


def test_one_analysis_serves_several_segments(tmp_path: Path) -> None:
    # The analysis of a first segment's words is reused by the next one, files unchanged.
    docs = literal_documents()
    (tmp_path / "ix").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "ix"), passage_schema())
    analysis = SharedAnalysis(ix.schema)
    for part in (docs[:6], docs[6:]):
        writer = PassageSegmentWriter(ix, analysis, codec=W3Codec(compression=0),
                                      compound=False)
        for doc in part:
            writer.add_document(**doc)
        writer.commit(merge=False)
    second = segment_files(tmp_path / "ix", ix.schema, ix._read_toc().segments[-1])
    reference = write_segment(tmp_path / "whoosh", passage_schema(), docs[6:], False,
                              W3Codec(compression=0))
    for ext, data in reference.items():
        assert second[ext] <= data if ext in POSTINGS_FILES else second[ext] == data, ext
