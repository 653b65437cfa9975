"""A book far outside what a book looks like is refused at ingest unless ``--force``
(searchlib.ingest.sanity)."""

from __future__ import annotations

import re

import pytest
from conftest import copy_real_corpus

from searchlib.cli import cli
from searchlib.errors import ParseError
from searchlib.ingest.sanity import MAX_PARAGRAPH_CHARS, check_book
from searchlib.model import Book, BookMeta, Chapter, Paragraph

PROSE = ("L'usine de tracteurs de Minsk a ouvert un atelier à Kostanay. Les exportations ont "
         "progressé de 12 % ; la coopération continue. ")


def book(*texts: str) -> Book:
    paragraphs = [Paragraph(f"x.c01.p{i:03d}", "x", 1, t) for i, t in enumerate(texts, 1)]
    return Book(BookMeta("x", "sources/x.txt", "markdown-export", "Livre"),
                chapters=[Chapter(1, "Un", paragraphs=paragraphs)])


def test_prose_passes():
    check_book(book(*[PROSE * 20] * 10))


@pytest.mark.parametrize(("texts", "message"), [
    (["a" * (MAX_PARAGRAPH_CHARS + 1)], "paragraph x.c01.p001 has 50,001 characters"),
    ([PROSE, "mot " * 20_000], "paragraph x.c01.p002 has 80,000 characters"),
    (["des mots sans fin " * 300] * 3, "0.00 sentence marks per 1,000 characters"),
    ([PROSE + ("q" * 70 + ". ") * 100] * 3, "of the text is words of 60+ letters"),
])
def test_what_is_not_a_book_is_refused_in_one_line(texts, message):
    with pytest.raises(ParseError) as error:
        check_book(book(*texts))
    assert message in str(error.value) and "\n" not in str(error.value)
    assert str(error.value).startswith("x: ") and "--force" in str(error.value)


def test_the_real_books_pass(real_books):
    for real in real_books.values():
        check_book(real)


def test_ingest_refuses_a_book_without_punctuation_unless_forced(cli_runner, tmp_path):
    corpus_dir = copy_real_corpus(tmp_path / "corpus")
    source = corpus_dir / "sources" / "000_f526094f009cffe6.txt"
    source.write_text(re.sub(r"[.!?…;:]", "", source.read_text("utf-8")), "utf-8")
    args = ["ingest", "--book", "b1", "-q", "--corpus", str(corpus_dir)]
    result = cli_runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: b1: 0.00 sentence marks per 1,000 characters")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not (corpus_dir / "ingested" / "b1.json").exists()
    forced = cli_runner.invoke(cli, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert (corpus_dir / "ingested" / "b1.json").exists()


@pytest.mark.parametrize("fmt", ["markdown-export", "page-text", "html", "pdf"])
def test_an_oversized_source_is_refused_on_its_size_before_it_is_read(tmp_path, monkeypatch,
                                                                      fmt):
    import importlib

    from searchlib.errors import SourceFileError
    from searchlib.ingest import FORMATS, MAX_SOURCE_BYTES, reader_for

    def never(path, meta):  # the format's parser must not even open the file
        raise AssertionError(f"{path} was parsed")

    monkeypatch.setattr(importlib.import_module(f"searchlib.ingest.{FORMATS[fmt]}"), "read", never)
    path = tmp_path / "huge"
    with path.open("wb") as f:  # sparse: nothing is written to disk, the test stays instant
        f.truncate(MAX_SOURCE_BYTES[fmt] + 1)
    meta = BookMeta("x", "sources/huge", fmt, "Livre")
    with pytest.raises(SourceFileError) as e:
        reader_for(fmt)(path, meta)
    limit = MAX_SOURCE_BYTES[fmt] / 1_000_000
    assert str(e.value) == (f"source file is too large: {path} is {limit:,.1f} MB, more than "
                            f"{limit:,.1f} MB; is it the right file?")
    with path.open("r+b") as f:  # at the limit, the file goes to its parser
        f.truncate(MAX_SOURCE_BYTES[fmt])
    with pytest.raises(AssertionError, match="was parsed"):
        reader_for(fmt)(path, meta)


def test_ingest_refuses_a_50_mb_source_in_one_line_and_keeps_the_corpus(cli_runner, tmp_path):
    corpus_dir = copy_real_corpus(tmp_path / "corpus")
    args = ["ingest", "-q", "--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]
    assert cli_runner.invoke(cli, args).exit_code == 0
    before = {p.name: p.read_bytes() for p in (corpus_dir / "ingested").iterdir()}
    source = corpus_dir / "sources" / "000_f526094f009cffe6.txt"
    with source.open("r+b") as f:
        f.truncate(50_000_000)  # the book, then 50 MB of holes: sparse, instant
    result = cli_runner.invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"Error: source file is too large: {source} is 50.0 MB, more than "
                             "40.0 MB; is it the right file?\n")
    assert {p.name: p.read_bytes() for p in (corpus_dir / "ingested").iterdir()} == before
    # --force accepts odd-looking books, not a file no book can fill: it is refused the same way.
    forced = cli_runner.invoke(cli, [*args, "--force"])
    assert (forced.exit_code, forced.stderr) == (1, result.stderr)
