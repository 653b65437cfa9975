"""The build's storage makes temporary folders without raising (:mod:`searchlib.index.storage`),
so a build leaves no reference cycle for the cyclic collector."""

from __future__ import annotations

import gc
from pathlib import Path

from search_fixtures import tiny_books
from whoosh.filedb.filetables import OrderedHashWriter

from searchlib.index.storage import QuietStorage, create_index
from searchlib.index.writer import write_index
from searchlib.model import Paragraph


def test_a_temporary_storage_asked_twice_is_the_same_folder(tmp_path: Path):
    storage = QuietStorage(str(tmp_path / "ix")).create()
    first = storage.temp_storage("MAIN.tmp")
    (Path(first.folder) / "kept").write_text("x")
    second = storage.temp_storage("MAIN.tmp")
    assert isinstance(second, QuietStorage) and second.folder == first.folder
    assert (Path(second.folder) / "kept").read_text() == "x"


def test_create_index_writes_through_the_quiet_storage(tmp_path: Path):
    from searchlib.index.schema import passage_schema

    ix = create_index(str(tmp_path), passage_schema())
    assert type(ix.storage) is QuietStorage and ix.doc_count_all() == 0


def test_a_build_leaves_no_cycle_holding_its_books_or_term_tables(tmp_path: Path):
    books = tiny_books()
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        write_index(books, tmp_path / "index", corpus_dir=tmp_path / "index")
        del books
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        found = list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    kinds = {type(o) for o in found}
    assert Paragraph not in kinds and OrderedHashWriter not in kinds
    assert not [f for f in found if type(f).__name__ == "frame"
                and f.f_code.co_name == "write_index"]
