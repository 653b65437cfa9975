"""A generation is a complete snapshot: the site serves the corpus an index was built from.

The tiny web corpus is built, then one of its books is changed and re-ingested without
re-indexing: the web app must go on serving the old generation — hits, passage pages, notes,
facets — until ``searchlib index`` switches to a new one, and then serve the new one throughout.
"""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import json
from pathlib import Path

import pytest

from searchlib.corpus import load_book, write_corpus
from searchlib.index import build_index, open_live, reading_corpus
from searchlib.index.snapshot import checksums
from searchlib.model import Paragraph
from tests.web_fixtures import write_tiny_corpus
from web import create_app

NEW_TEXT = "Une filature de lin ouvre ses portes à Vitebsk."
NEW_NOTE = "Filature de Vitebsk. - 2024. - URL : https://mfa.gov.by/vitebsk"


def snapshot(client) -> dict[str, object]:
    """What the site shows of b1's first passage and note, through every kind of page."""
    search = client.get("/search.json?q=Kostanay").get_json()
    vitebsk = client.get("/search.json?q=Vitebsk").get_json()
    return {
        "hits": [h["id"] for h in search["hits"]],
        "vitebsk": [h["id"] for h in vitebsk["hits"]],
        "hit_notes": [f["text"] for h in search["hits"] for f in h["footnotes"]],
        "facets": search["facets"],
        "passage": client.get("/p/b1.c01.p001.json").get_json()["text"],
        "passage_page": "Kostanay" in client.get("/p/b1.c01.p001").get_data(as_text=True),
        "note": client.get("/note/b1/1.json").get_json(),
        "books": client.get("/books.json").get_json()["books"],
    }


def change_b1(corpus_dir: Path) -> None:
    """Re-ingest a changed b1 (its first passage and note, one more passage), not re-indexing."""
    b1 = load_book(corpus_dir / "ingested", "b1")
    b1.chapters[0].paragraphs[0].text = NEW_TEXT
    b1.chapters[0].paragraphs.append(Paragraph("b1.c01.p003", "b1", 1, "Un passage ajouté.", 13))
    b1.footnotes[0].text = NEW_NOTE
    write_corpus([b1], corpus_dir / "ingested")


def test_the_site_serves_the_old_generation_until_the_new_one_is_switched_in(tmp_path):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir)
    client = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir,
                         "INDEX_DIR": index_dir}).test_client()
    before = snapshot(client)
    assert before["hits"] == ["b1.c01.p001", "b2.c01.p001"] and before["vitebsk"] == []
    assert before["passage_page"] is True

    change_b1(corpus_dir)
    fresh = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir,
                        "INDEX_DIR": index_dir}).test_client()
    # The running app and a freshly started one both serve gen-000001 as it was built.
    assert snapshot(client) == before
    assert snapshot(fresh) == before

    build_index(corpus_dir, index_dir)
    after = snapshot(client)
    assert after["hits"] == ["b2.c01.p001"] and after["vitebsk"] == ["b1.c01.p001"]
    assert after["passage"] == NEW_TEXT and after["passage_page"] is False
    assert NEW_NOTE in json.dumps(after["note"], ensure_ascii=False)
    assert after["facets"] != before["facets"] and after["books"] != before["books"]


def test_a_generation_holds_its_corpus_tables_and_a_checksum_of_every_file(tmp_path):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    (corpus_dir / "variants.tsv").write_text("Kostanay\tKostanaj\n", encoding="utf-8")
    (corpus_dir / "synonyms.tsv").write_text("CEI | CIS\n", encoding="utf-8")
    build_index(corpus_dir, tmp_path / "index")
    generation = open_live(tmp_path / "index")
    held = generation.corpus_dir
    for name in ("books.toml", "variants.tsv", "synonyms.tsv", "ingested/b1.json",
                 "ingested/b2.json"):
        assert (held / name).read_bytes() == (corpus_dir / name).read_bytes()
    manifest = generation.manifest
    assert manifest["format"] == 2 and manifest["searchlib_version"]
    assert manifest["whoosh_version"] and manifest["display_records_version"] == 5
    files = manifest["files"]
    assert files == checksums(generation.path)
    kinds = {Path(name).suffix for name in files}
    assert {".trm", ".pst", ".col", ".toc", ".passages5", ".passages5_idx", ".json"} <= kinds
    assert generation.damaged() == []


def test_commands_read_the_live_generation_else_the_ingested_corpus(tmp_path):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    # No index yet: what was ingested.
    assert reading_corpus(corpus_dir, index_dir) == corpus_dir
    build_index(corpus_dir, index_dir)
    assert reading_corpus(corpus_dir, index_dir) == open_live(index_dir).corpus_dir
    # An index built from another corpus directory is not this corpus's.
    other = write_tiny_corpus(tmp_path / "other")
    assert reading_corpus(other, index_dir) == other


@pytest.mark.parametrize("command", [["footnotes", "--book", "b1", "--json"], ["books", "--json"],
                                     ["cite", "b1:1", "--format", "json"]])
def test_cli_shows_the_indexed_note_until_the_next_index(cli_runner, tmp_path, command):
    from searchlib.cli import cli

    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    args = [*command, "--corpus", str(corpus_dir), "--index", str(index_dir)]
    build_index(corpus_dir, index_dir)
    before = cli_runner.invoke(cli, args)
    assert before.exit_code == 0, before.output
    change_b1(corpus_dir)
    assert cli_runner.invoke(cli, args).output == before.output
    build_index(corpus_dir, index_dir)
    after = cli_runner.invoke(cli, args)
    assert after.exit_code == 0 and after.output != before.output
