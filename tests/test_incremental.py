"""Builds in proportion to the change: unchanged corpus, one book changed, exact statistics
(tiny literal books through the real writer; :mod:`searchlib.index.incremental`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import write_ingested_corpus
from whoosh import index as whoosh_index
from whoosh.qparser import QueryParser

from searchlib.index import generations as gen
from searchlib.index.generation import open_live
from searchlib.index.incremental import reused_checksums
from searchlib.index.layout import read_metadata
from searchlib.index.snapshot import checksums
from searchlib.model import Book, BookMeta, Chapter, Paragraph
from searchlib.search import search

ALPHA = ["Alpha bravo charlie, la coopération de Kostanay.", "Delta echo foxtrot de Grodno.",
         "Les tracteurs de Minsk à Kostanai."]
BRAVO = ["Golf hotel india de Gomel.", "Juliett kilo lima : la zone de libre-échange.",
         "Mike november oscar, les tracteurs biélorusses.", "Papa quebec romeo de Vitebsk."]
QUERIES = ["Kostanay", "tracteurs", "de", "coopération Gomel", '"zone de libre-échange"',
           "Grodno OR Vitebsk"]


def book(book_id: str, texts: list[str]) -> Book:
    paragraphs = [Paragraph(id=f"{book_id}.c01.p{n:03d}", book=book_id, chapter=1, text=t)
                  for n, t in enumerate(texts, 1)]
    meta = BookMeta(id=book_id, file=f"sources/{book_id}.txt", format="markdown-export",
                    title=book_id.upper())
    return Book(meta=meta, chapters=[Chapter(number=1, title="Un", paragraphs=paragraphs)])


def corpus(path: Path, alpha: list[str], bravo: list[str]) -> Path:
    write_ingested_corpus(path, [book("a1", alpha), book("b1", bravo)])
    return path


def segment_files(gen_dir: Path, segment: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in gen_dir.iterdir() if p.name.startswith(segment + ".")}


def segments(index_dir: Path, name: str) -> dict[str, str]:
    return {e["book"]: e["segment"] for e in read_metadata(index_dir / name)["segments"]}


def one_segment(books: list[Book], directory: Path) -> Path:
    """The same documents as one Whoosh segment: statistics that never were per book."""
    from whoosh import index as whoosh_index

    from searchlib.index.schema import passage_schema
    from searchlib.index.writer import book_documents

    directory.mkdir()
    with whoosh_index.create_in(str(directory), passage_schema()).writer() as w:
        for b in books:
            for doc in book_documents(b):
                w.add_document(**doc)
    return directory


def whoosh_scores(index_dir: Path) -> list[list[tuple[str, float]]]:
    ix = (gen.open_index(index_dir) if gen.index_exists(index_dir)
          else whoosh_index.open_dir(str(index_dir)))
    with ix.searcher() as s:
        parser = QueryParser("text", s.schema)
        return [[(hit["id"], hit.score) for hit in s.search(parser.parse(q), limit=None)]
                for q in QUERIES]


def searchlib_scores(index_dir: Path) -> list[list[tuple[str, float]]]:
    live = open_live(index_dir)
    with live.searcher() as s:
        return [[(h.id, h.score) for h in search(s, q, corpus_dir=live.corpus_dir).hits]
                for q in QUERIES]


@pytest.mark.parametrize(("module", "name", "other"), [
    # Its segments' arrays would not be read (a layout other than the one the readers map):
    # every query would take Whoosh's slower path.
    ("posting_arrays", "LAYOUT", "pa0"),
    # Its table of scored postings would not be read (its files have another name): every
    # term would be scored at query time and each segment searched by its own keys.
    ("scored_postings", "SCORES", "scores0"),
])
def test_a_generation_of_another_layout_is_rebuilt_whole(tmp_path: Path, monkeypatch,
                                                         module: str, name: str,
                                                         other: str) -> None:
    # So an unchanged corpus is built again, every segment too.
    import importlib

    layout = importlib.import_module(f"searchlib.index.{module}")
    current = getattr(layout, name)
    corpus_dir, index_dir = corpus(tmp_path / "corpus", ALPHA, BRAVO), tmp_path / "index"
    monkeypatch.setattr(layout, name, other)
    gen.build_index(corpus_dir, index_dir)
    monkeypatch.undo()
    again = gen.build_index(corpus_dir, index_dir)
    assert not again.unchanged and again.reused == () and again.generation == "gen-000002"
    assert any(p.name.startswith(f"{current}_") or f".{current}_" in p.name
               for p in (index_dir / "gen-000002").iterdir())
    assert not any(f"{other}_" in p.name for p in (index_dir / "gen-000002").iterdir())


def test_nothing_changed_builds_nothing_and_switches_nothing(tmp_path: Path) -> None:
    corpus_dir, index_dir = corpus(tmp_path / "corpus", ALPHA, BRAVO), tmp_path / "index"
    first = gen.build_index(corpus_dir, index_dir)
    assert not first.unchanged and first.reused == ()
    again = gen.build_index(corpus_dir, index_dir)
    assert again.unchanged and again.generation == first.generation == "gen-000001"
    assert again.documents == 7 and gen.generations(index_dir) == ["gen-000001"]
    forced = gen.build_index(corpus_dir, index_dir, force=True)
    assert not forced.unchanged and forced.generation == "gen-000002" and forced.reused == ()
    # A table read at query time changed: a new generation, every segment copied.
    (corpus_dir / "synonyms.tsv").write_text("ZLE | zone de libre-échange\n", encoding="utf-8")
    tables = gen.build_index(corpus_dir, index_dir)
    assert tables.generation == "gen-000003" and tables.reused == ("a1", "b1")


def test_one_book_changed_rewrites_only_its_segment(tmp_path: Path) -> None:
    corpus_dir, index_dir = corpus(tmp_path / "corpus", ALPHA, BRAVO), tmp_path / "index"
    gen.build_index(corpus_dir, index_dir)
    before = segments(index_dir, "gen-000001")
    corpus(corpus_dir, [*ALPHA[:2], ALPHA[2] + " Kostanay encore."], BRAVO)
    summary = gen.build_index(corpus_dir, index_dir)
    assert summary.generation == "gen-000002" and summary.reused == ("b1",)
    after = segments(index_dir, "gen-000002")
    assert after["b1"] == before["b1"] and after["a1"] != before["a1"]
    # The unchanged book's segment files are the previous generation's, byte for byte.
    kept = segment_files(index_dir / "gen-000002", after["b1"])
    assert kept and kept == segment_files(index_dir / "gen-000001", before["b1"])
    assert open_live(index_dir).damaged() == []
    # The copies' checksums taken from the previous manifest are those of their bytes.
    recorded = read_metadata(index_dir / "gen-000002")["files"]
    assert recorded == checksums(index_dir / "gen-000002")
    assert reused_checksums(read_metadata(index_dir / "gen-000001"), {
        "b1": (index_dir / "gen-000001", before["b1"])}).keys() == {
        name for name in recorded if name.startswith(before["b1"] + ".")}
    live = open_live(index_dir)
    with live.searcher() as s:
        assert [h.id for h in search(s, "encore", corpus_dir=live.corpus_dir).hits] == [
            "a1.c01.p003"]


def test_scores_equal_those_of_a_build_from_scratch(tmp_path: Path) -> None:
    corpus_dir, index_dir = corpus(tmp_path / "corpus", ALPHA, BRAVO), tmp_path / "index"
    gen.build_index(corpus_dir, index_dir)
    # b1 grows: document count and average field lengths change for both books' documents.
    corpus(corpus_dir, ALPHA, [*BRAVO, "Sierra tango : Kostanay, Gomel, les tracteurs de Brest."])
    assert gen.build_index(corpus_dir, index_dir).reused == ("a1",)
    scratch = tmp_path / "scratch"
    shutil.copytree(corpus_dir, tmp_path / "corpus2")
    gen.build_index(tmp_path / "corpus2", scratch)
    assert whoosh_scores(index_dir) == whoosh_scores(scratch)
    assert searchlib_scores(index_dir) == searchlib_scores(scratch)
    assert all(whoosh_scores(index_dir)[:2]) and all(searchlib_scores(index_dir)[:2])
    # And the same as one segment holding every document (BM25's statistics are global).
    single = one_segment(open_live(index_dir).books(), tmp_path / "single")
    assert whoosh_scores(index_dir) == whoosh_scores(single)


def test_a_damaged_segment_is_rebuilt_not_copied(tmp_path: Path) -> None:
    corpus_dir, index_dir = corpus(tmp_path / "corpus", ALPHA, BRAVO), tmp_path / "index"
    gen.build_index(corpus_dir, index_dir)
    segment = segments(index_dir, "gen-000001")["b1"]
    (postings,) = (index_dir / "gen-000001").glob(f"{segment}.pst")
    postings.write_bytes(b"\x00" * postings.stat().st_size)
    corpus(corpus_dir, [*ALPHA, "Uniform victor."], BRAVO)
    summary = gen.build_index(corpus_dir, index_dir)
    assert summary.reused == () and open_live(index_dir).damaged() == []


def test_index_command_says_nothing_changed(tmp_path: Path, cli_runner) -> None:
    import json

    from searchlib.cli import cli

    corpus_dir = corpus(tmp_path / "corpus", ALPHA, BRAVO)
    args = ["index", "--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]
    assert cli_runner.invoke(cli, args).exit_code == 0
    again = cli_runner.invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert "Nothing changed since gen-000001: no new generation (--force builds one)" in (
        again.stderr)
    assert json.loads(again.stdout)["unchanged"] is True
    forced = cli_runner.invoke(cli, [*args, "--force"])
    assert forced.exit_code == 0 and json.loads(forced.stdout)["generation"] == "gen-000002"


def test_tables_derived_from_the_same_inputs_are_copied(tmp_path: Path, monkeypatch) -> None:
    from searchlib.index import expansion

    derived: list[Path] = []
    load = expansion.load_corpus_tables
    monkeypatch.setattr(expansion, "load_corpus_tables",
                        lambda corpus_dir, books=(): derived.append(corpus_dir) or load(
                            corpus_dir, books))
    corpus_dir, index_dir = corpus(tmp_path / "corpus", ALPHA, BRAVO), tmp_path / "index"
    gen.build_index(corpus_dir, index_dir)
    assert len(derived) == 1
    # A paragraph changed, not the book's acronyms, places, families or compounds: copied.
    corpus(corpus_dir, [*ALPHA[:2], ALPHA[2] + " Kostanay encore."], BRAVO)
    assert gen.build_index(corpus_dir, index_dir).reused == ("b1",)
    assert len(derived) == 1
    payload = (index_dir / "gen-000002" / expansion.TABLES_FILE).read_bytes().split(b"\n", 1)
    scratch = gen.build_index(corpus_dir, tmp_path / "scratch")
    assert len(derived) == 2
    fresh = (tmp_path / "scratch" / scratch.generation / expansion.TABLES_FILE).read_bytes()
    assert payload[1] == fresh.split(b"\n", 1)[1]
    answers = []
    for directory in (index_dir, tmp_path / "scratch"):
        live = open_live(directory)
        with live.searcher() as s:
            answers.append([search(s, q, corpus_dir=live.corpus_dir).to_json()["hits"]
                            for q in QUERIES])
    assert answers[0] == answers[1] and answers[0][0]
    # A table file changed: derived again.
    (corpus_dir / "synonyms.tsv").write_text("ZLE | zone de libre-échange\n", encoding="utf-8")
    assert gen.build_index(corpus_dir, index_dir).reused == ("a1", "b1")
    assert len(derived) == 3
