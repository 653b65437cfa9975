"""Index generations: build into a fresh directory, atomic switch, open, (tiny literal fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_ingested_corpus
from whoosh import fields

from searchlib.errors import EmptyCorpus, IndexNotFound
from searchlib.index import generations as gen
from searchlib.model import Book, BookMeta, Chapter, Paragraph

SCHEMA = fields.Schema(id=fields.ID(stored=True, unique=True), text=fields.TEXT(stored=True))


def tiny_writer(books, directory: Path, *, corpus_dir: Path, progress=None) -> int:
    """A real (if minimal) Whoosh index: one document per paragraph."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.create_in(str(directory), SCHEMA)
    count = 0
    with ix.writer() as w:
        for book in books:
            for p in book.paragraphs():
                w.add_document(id=p.id, text=p.text)
                count += 1
                if progress:
                    progress(count)
    return count


def make_books(*texts: str, book_id: str = "t1") -> list[Book]:
    paragraphs = [
        Paragraph(id=f"{book_id}.c01.p{n:03d}", book=book_id, chapter=1, text=t)
        for n, t in enumerate(texts, 1)
    ]
    meta = BookMeta(
        id=book_id, file=f"sources/{book_id}.txt", format="markdown-export", title="Alpha"
    )
    return [Book(meta=meta, chapters=[Chapter(number=1, title="One", paragraphs=paragraphs)])]


def build(tmp_path: Path, *texts: str, **kw):
    return gen.build_index(
        tmp_path / "corpus", tmp_path / "index", books=make_books(*texts), writer=tiny_writer, **kw
    )


def doc_ids(index_dir: Path) -> list[str]:
    ix = gen.open_index(index_dir)
    with ix.searcher() as s:
        return sorted(d["id"] for d in s.all_stored_fields())


def test_no_index(tmp_path: Path) -> None:
    assert not gen.index_exists(tmp_path / "index")
    with pytest.raises(IndexNotFound, match="no index in .* \\(run: searchlib index\\)"):
        gen.open_index(tmp_path / "index")


def test_build_switches_current_and_keeps_previous(tmp_path: Path) -> None:
    first = build(tmp_path, "alpha", "bravo")
    assert first.generation == "gen-000001" and first.documents == 2 and first.previous is None
    assert gen.index_exists(tmp_path / "index")
    assert (tmp_path / "index" / "CURRENT").read_text() == "gen-000001\n"
    second = build(tmp_path, "charlie")
    assert second.generation == "gen-000002" and second.previous == "gen-000001"
    assert doc_ids(tmp_path / "index") == ["t1.c01.p001"]
    assert gen.previous_generation(tmp_path / "index") == "gen-000001"
    meta = gen.read_metadata(tmp_path / "index" / "gen-000002")
    assert meta["documents"] == 1 and meta["corpus_checksum"] == second.corpus_checksum


def test_empty_corpus_leaves_live_index(tmp_path: Path) -> None:
    build(tmp_path, "alpha")
    with pytest.raises(EmptyCorpus):
        build(tmp_path)
    assert gen.generations(tmp_path / "index") == ["gen-000001"]
    assert doc_ids(tmp_path / "index") == ["t1.c01.p001"]


def test_failing_writer_removes_partial_generation(tmp_path: Path) -> None:
    build(tmp_path, "alpha", "bravo")

    def broken(books, directory, *, corpus_dir, progress=None):
        tiny_writer(books, directory, corpus_dir=corpus_dir)
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        gen.build_index(tmp_path, tmp_path / "index", books=make_books("x"), writer=broken)
    assert gen.generations(tmp_path / "index") == ["gen-000001"]
    assert len(doc_ids(tmp_path / "index")) == 2


def test_progress_reports_done_and_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    build(tmp_path, "alpha", "bravo", "charlie", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_summary_log_line_is_one_line_of_json(tmp_path: Path) -> None:
    import json

    from searchlib.jobs import json_line

    line = json_line("index-build", build(tmp_path, "alpha").as_dict())
    assert "\n" not in line
    record = json.loads(line)
    assert record["event"] == "index-build" and record["ok"] is True
    assert record["documents"] == 1 and record["generation"] == "gen-000001"
    assert len(record["corpus_checksum"]) == 64 and record["seconds"] >= 0


# -- the lock ---------------------------------------------------------------------------------


def test_second_lock_is_refused_with_holder(tmp_path: Path) -> None:
    import os

    from searchlib.errors import IndexLocked
    from searchlib.index.lock import BuildLock

    index_dir = tmp_path / "index"
    with BuildLock(index_dir):
        with pytest.raises(IndexLocked, match=f"another build is running .*pid {os.getpid()}"):
            BuildLock(index_dir).acquire()
        with pytest.raises(IndexLocked):
            build(tmp_path, "alpha")
        with pytest.raises(IndexLocked):
            BuildLock(index_dir, wait=True, timeout=0.2).acquire()
    assert not gen.index_exists(index_dir)
    with BuildLock(index_dir) as lock:  # released: free again, and not mistaken for a killed build
        assert lock.stale is None


def test_waiting_lock_gets_it_when_released(tmp_path: Path) -> None:
    import threading

    from searchlib.index.lock import BuildLock

    first = BuildLock(tmp_path).acquire()
    threading.Timer(0.3, first.release).start()
    with BuildLock(tmp_path, wait=True, timeout=5) as second:
        assert second.holder()["pid"] > 0


def test_record_of_a_dead_holder_is_recovered(tmp_path: Path) -> None:
    import json

    from searchlib.index.lock import LOCK_FILE, BuildLock

    # What a SIGKILLed build leaves: the kernel dropped its flock, but its record is still there.
    (tmp_path / LOCK_FILE).write_text(json.dumps({"pid": 999999, "host": "h", "started": 1.0}))
    with BuildLock(tmp_path) as lock:
        assert lock.stale is not None and lock.stale["pid"] == 999999


# -- killed builds, retired generations, rollback ----------------------------------------------


def test_unfinished_generation_of_a_killed_build_is_removed(tmp_path: Path) -> None:
    build(tmp_path, "alpha")
    index_dir = tmp_path / "index"
    half = index_dir / "gen-000002"  # a killed build: Whoosh files but no metadata
    half.mkdir()
    tiny_writer(make_books("partial"), half, corpus_dir=tmp_path)
    assert gen.current_generation(index_dir) == "gen-000001"
    summary = build(tmp_path, "bravo")
    assert summary.recovered == ("gen-000002",) and summary.generation == "gen-000003"
    assert gen.generations(index_dir) == ["gen-000001", "gen-000003"]


def test_retired_generations_wait_out_the_grace(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    for word in ("alpha", "bravo", "charlie"):
        build(tmp_path, word)
    # gen-1 is neither current nor previous: retired, but kept during the grace period.
    assert gen.generations(index_dir) == ["gen-000001", "gen-000002", "gen-000003"]
    assert (index_dir / "gen-000001" / "RETIRED").exists()
    build(tmp_path, "delta", grace=0)
    assert gen.generations(index_dir) == ["gen-000003", "gen-000004"]


def test_open_searcher_survives_deletion_of_its_generation(tmp_path: Path) -> None:
    from whoosh.qparser import QueryParser

    build(tmp_path, *[f"alpha number{i}" for i in range(300)])
    searcher = gen.open_index(tmp_path / "index").searcher()
    build(tmp_path, "bravo", grace=0)
    build(tmp_path, "charlie", grace=0)
    assert not (tmp_path / "index" / "gen-000001").exists()
    with searcher:
        hits = searcher.search(QueryParser("text", searcher.schema).parse("alpha"), limit=None)
        assert len(hits) == 300 and hits[0]["text"].startswith("alpha")


def test_rollback_restores_previous_and_twice_undoes(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build(tmp_path, "alpha")
    build(tmp_path, "bravo", "charlie")
    done = gen.rollback(index_dir)
    assert (done.generation, done.replaced) == ("gen-000001", "gen-000002")
    assert len(doc_ids(index_dir)) == 1
    assert gen.rollback(index_dir).generation == "gen-000002"
    assert len(doc_ids(index_dir)) == 2


def test_rollback_without_previous(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound, match="no previous index generation"):
        gen.rollback(tmp_path / "index")
    build(tmp_path, "alpha")
    with pytest.raises(IndexNotFound, match="no previous index generation"):
        gen.rollback(tmp_path / "index")


# -- the live index of a server ---------------------------------------------------------------


def test_live_index_follows_switches_and_rollback(tmp_path: Path) -> None:
    from searchlib.index.live import LiveIndex

    live = LiveIndex(tmp_path / "index")
    with pytest.raises(IndexNotFound):
        live.searcher()
    build(tmp_path, "alpha")
    with live.searcher() as s:
        assert s.doc_count() == 1 and live.generation == "gen-000001"
    first = live.index()
    assert live.index() is first  # no switch: the same open index, no reopen
    build(tmp_path, "alpha", "bravo")
    with live.searcher() as s:
        assert s.doc_count() == 2 and live.generation == "gen-000002"
    gen.rollback(tmp_path / "index")
    with live.searcher() as s:
        assert s.doc_count() == 1 and live.generation == "gen-000001"


def test_live_index_logs_a_generation_built_by_another_analyzer(tmp_path: Path, caplog) -> None:
    import json

    from searchlib.index.live import LiveIndex

    build(tmp_path, "alpha")
    live = LiveIndex(tmp_path / "index")
    with caplog.at_level("WARNING", logger="searchlib.index.live"):
        live.current()
    assert not caplog.records
    build(tmp_path, "alpha", "bravo")
    manifest = tmp_path / "index" / "gen-000002" / "searchlib.json"
    data = json.loads(manifest.read_text("utf-8"))
    manifest.write_text(json.dumps({**data, "analysis_fingerprint": "old"}), "utf-8")
    with caplog.at_level("WARNING", logger="searchlib.index.live"):
        assert live.current().name == "gen-000002"
        live.current()  # logged once, when the generation is opened
    assert [r.getMessage() for r in caplog.records] == [
        "gen-000002 was built by another version of the analyzer: some words may be missed "
        "until searchlib index rebuilds it"]


# -- check ------------------------------------------------------------------------------------


def test_check_matches_then_detects_changes(tmp_path: Path) -> None:
    from searchlib.index.check import check_index

    corpus_dir = write_ingested_corpus(tmp_path / "corpus", make_books("alpha", "bravo"))
    index_dir = tmp_path / "index"
    gen.build_index(corpus_dir, index_dir, writer=tiny_writer)
    report = check_index(corpus_dir, index_dir)
    assert report.ok and report.documents == 2 and report.paragraphs == 2
    write_ingested_corpus(corpus_dir, make_books("alpha", "bravo", "charlie"))
    report = check_index(corpus_dir, index_dir)
    assert not report.ok
    assert any("corpus changed since gen-000001" in p for p in report.problems)
    assert any("1 paragraphs are not in the index (t1.c01.p003)" in p for p in report.problems)


def test_check_detects_a_generation_that_lost_documents(tmp_path: Path) -> None:
    from searchlib.index.check import check_index

    corpus_dir = write_ingested_corpus(tmp_path / "corpus", make_books("alpha", "bravo"))
    index_dir = tmp_path / "index"

    def lossy(books, directory, *, corpus_dir, progress=None):
        tiny_writer(make_books("alpha"), directory, corpus_dir=corpus_dir)
        return 2  # claims two, wrote one

    gen.build_index(corpus_dir, index_dir, writer=lossy)
    problems = check_index(corpus_dir, index_dir).problems
    assert "gen-000001 holds 1 documents but its build wrote 2" in problems
    assert "1 paragraphs are not in the index (t1.c01.p002)" in problems


def test_check_detects_an_index_built_by_another_analyzer(tmp_path: Path, monkeypatch) -> None:
    import searchlib.index.check as check
    import searchlib.index.generation as generation
    from searchlib.index.layout import analysis_fingerprint

    corpus_dir = write_ingested_corpus(tmp_path / "corpus", make_books("alpha"))
    index_dir = tmp_path / "index"
    gen.build_index(corpus_dir, index_dir, writer=tiny_writer)
    assert check.check_index(corpus_dir, index_dir).ok
    # The analyzer's code changes (an upgrade, an edit): the old terms may no longer match.
    monkeypatch.setattr(generation, "analysis_fingerprint", lambda: "0" * 16)
    assert analysis_fingerprint() != "0" * 16
    assert check.check_index(corpus_dir, index_dir).problems == [
        "gen-000001 was built by a different analyzer or schema: rebuild it (searchlib index)"
    ]


def test_check_without_index(tmp_path: Path) -> None:
    from searchlib.index.check import check_index

    corpus_dir = write_ingested_corpus(tmp_path / "corpus", make_books("alpha"))
    with pytest.raises(IndexNotFound):
        check_index(corpus_dir, tmp_path / "index")


def test_empty_book_is_refused(tmp_path: Path) -> None:
    books = make_books("alpha") + make_books(book_id="t2")
    with pytest.raises(EmptyCorpus, match="book 't2' has no paragraph"):
        gen.build_index(tmp_path, tmp_path / "index", books=books, writer=tiny_writer)
    assert gen.generations(tmp_path / "index") == []
