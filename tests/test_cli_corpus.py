"""``searchlib ingest``, ``books`` and ``footnotes``: contracts, QA report and error paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_real_corpus

from searchlib.cli import cli


@pytest.fixture
def b1_corpus(tmp_path: Path) -> Path:
    """A corpus directory holding only book b1 (its manifest entry and file)."""
    corpus_dir = copy_real_corpus(tmp_path / "corpus")
    manifest = (corpus_dir / "books.toml").read_text(encoding="utf-8")
    (corpus_dir / "books.toml").write_text(manifest.split('\n[[book]]\nid = "b2"')[0], "utf-8")
    return corpus_dir


def run(cli_runner, *args: str):
    return cli_runner.invoke(cli, list(args))


def test_ingest_writes_corpus_and_reports(cli_runner, b1_corpus):
    result = run(cli_runner, "ingest", "--corpus", str(b1_corpus))
    assert result.exit_code == 0, result.output
    assert (b1_corpus / "ingested" / "b1.json").exists()
    assert "b1: 11 chapters" in result.stderr
    assert "markers without definition  2 (5, 6)" in result.stderr
    assert result.stdout == ""


def test_ingest_quiet(cli_runner, b1_corpus):
    result = run(cli_runner, "ingest", "-q", "--corpus", str(b1_corpus))
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_books_json_contract(cli_runner, b1_corpus):
    run(cli_runner, "ingest", "-q", "--corpus", str(b1_corpus))
    result = run(cli_runner, "books", "--json", "--corpus", str(b1_corpus))
    assert result.exit_code == 0, result.output
    (book,) = json.loads(result.stdout)
    assert set(book) == {"id", "title", "label", "author", "year", "chapters", "pages",
                         "paragraphs", "footnotes"}
    assert (book["id"], book["label"], book["author"], book["year"], book["pages"]) == (
        "b1", "Zalessky 2023", "Boris Zalessky", 2023, None)
    text = run(cli_runner, "books", "--corpus", str(b1_corpus)).output
    assert text.startswith("b1  Zalessky 2023 · La priorité est donnée")
    assert [c["number"] for c in book["chapters"]] == list(range(1, 12))
    assert book["chapters"][0]["page"] == 2
    assert book["footnotes"] == 210
    assert book["paragraphs"] > 100


def test_footnotes_json_lines(cli_runner, b1_corpus):
    run(cli_runner, "ingest", "-q", "--corpus", str(b1_corpus))
    result = run(cli_runner, "footnotes", "--book", "b1", "--json", "--corpus", str(b1_corpus))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["number"] for r in records] == list(range(1, 211))
    # Source line 257: footnote 32 cites the Grodno–Kostanay road map, BelTA article 462339.
    note = records[31]
    assert note["text"].startswith("Les régions de Grodno et de Kostanay ont signé")
    assert note["urls"] and note["urls"][0].endswith("-462339-2021/")
    (paragraph,) = note["paragraphs"]
    assert set(paragraph) == {"id", "text", "chapter", "page"}
    assert paragraph["id"].startswith("b1.c02.") and paragraph["chapter"] == 2
    assert "Kazakhstan" in paragraph["text"]
    assert records[4]["text"] is None and records[4]["paragraphs"]  # 5: marker, no definition


def test_footnotes_readable_output(cli_runner, b1_corpus):
    run(cli_runner, "ingest", "-q", "--corpus", str(b1_corpus))
    result = run(cli_runner, "footnotes", "--book", "b1", "--corpus", str(b1_corpus))
    assert result.exit_code == 0, result.output
    assert "b1:5  (definition missing in the source)" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "--book", "zz"], "Error: unknown book 'zz' (known: b1)"),
        (["footnotes", "--book", "zz"], "Error: unknown book 'zz' (known: b1)"),
        (["books"], "Error: no ingested corpus"),
    ],
)
def test_user_errors_are_one_line_exit_1(cli_runner, b1_corpus, args, message):
    result = run(cli_runner, *args, "--corpus", str(b1_corpus))
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_usage_error_exits_2(cli_runner, b1_corpus):
    result = run(cli_runner, "footnotes", "--corpus", str(b1_corpus))
    assert result.exit_code == 2
    assert "Missing option '--book'" in result.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "source file not found"),
        (b"", "source file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "source file is binary"),
        ("Économie du Bélarus".encode("cp1252"), "source file is not UTF-8"),
    ],
)
def test_bad_source_file_keeps_previous_corpus(cli_runner, b1_corpus, content, message):
    assert run(cli_runner, "ingest", "-q", "--corpus", str(b1_corpus)).exit_code == 0
    before = (b1_corpus / "ingested" / "b1.json").read_bytes()
    source = b1_corpus / "sources" / "000_f526094f009cffe6.txt"
    source.unlink()
    if content is not None:
        source.write_bytes(content)
    result = run(cli_runner, "ingest", "--corpus", str(b1_corpus))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert (b1_corpus / "ingested" / "b1.json").read_bytes() == before
    assert sorted(p.name for p in (b1_corpus / "ingested").iterdir()) == ["b1.json"]


def test_manifest_error_exit_1(cli_runner, tmp_path):
    (tmp_path / "books.toml").write_text("[[book]]\nid = 'x'\n", encoding="utf-8")
    result = run(cli_runner, "ingest", "--corpus", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: manifest ")
    assert "lacks file, format, title" in result.stderr


def test_ingest_while_a_build_holds_the_lock_exits_75(cli_runner, b1_corpus, tmp_path):
    """"Busy, try later" is exit 75 for ingest as for index, and nothing is written."""
    import os

    from searchlib.index.lock import BuildLock

    index_dir = tmp_path / "index"
    assert run(cli_runner, "ingest", "-q", "--corpus", str(b1_corpus),
               "--index", str(index_dir)).exit_code == 0
    written = b1_corpus / "ingested" / "b1.json"
    before, stamp = written.read_bytes(), written.stat().st_mtime_ns
    with BuildLock(index_dir):
        result = run(cli_runner, "ingest", "--corpus", str(b1_corpus), "--index", str(index_dir))
    assert result.exit_code == 75, result.output
    assert result.stderr == (f"Error: another build is running on {index_dir} "
                             f"(pid {os.getpid()} on {os.uname().nodename}, started "
                             f"{result.stderr.split('started ')[1].split(')')[0]}); "
                             "retry later or use --wait\n")
    assert result.stdout == "" and "Traceback" not in result.output
    assert written.read_bytes() == before and written.stat().st_mtime_ns == stamp
    # Once the lock is free the same command runs.
    assert run(cli_runner, "ingest", "-q", "--corpus", str(b1_corpus),
               "--index", str(index_dir)).exit_code == 0
