"""``searchlib search``: readable listing, the --json contract, options and error paths."""

from __future__ import annotations

import json

import pytest
from search_fixtures import tiny_books

from searchlib.cli import cli
from searchlib.cli.search_commands import terminal_snippet
from searchlib.index import build_index


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    build_index(root, root / "index", books=tiny_books())
    return root / "index"


def run(cli_runner, index_dir, *args):
    return cli_runner.invoke(cli, ["search", *args, "--index", str(index_dir)])


def test_readable_listing_with_place_snippet_and_sources(cli_runner, index_dir):
    result = run(cli_runner, index_dir, "tracteurs")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "1 passage for 'tracteurs' (page 1 of 1):"
    assert lines[2] == "1. Book b1 · chapter 1 · p. 10 · b1.c01.p001"  # its short title
    assert "l'usine d'assemblage de tracteurs" in lines[3]
    assert "<mark>" not in result.output
    assert lines[4].startswith("   [1] Tracteurs biélorusses au Kazakhstan")
    assert lines[4].endswith("https://www.belta.by/economics/view/traktory-469260-2021")


def test_json_contract(cli_runner, index_dir):
    result = run(cli_runner, index_dir, "Gomel", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "Gomel" and data["total"] == 2
    assert [h["id"] for h in data["hits"]] == ["b1.c02.p001", "b2.c01.p001"]
    assert "<mark>Homiel</mark>" in data["hits"][1]["snippet"]
    assert data["suggestion"] is None
    assert {f["value"] for f in data["facets"]["book"]} == {"b1", "b2"}


def test_book_limit_and_page(cli_runner, index_dir):
    data = json.loads(run(cli_runner, index_dir, "Gomel", "--book", "b2", "--json").output)
    assert [h["id"] for h in data["hits"]] == ["b2.c01.p001"]
    data = json.loads(run(cli_runner, index_dir, "Gomel", "--limit", "1", "--page", "2",
                          "--json").output)
    assert data["total"] == 2 and [h["id"] for h in data["hits"]] == ["b2.c01.p001"]


def test_no_results_and_suggestion(cli_runner, index_dir):
    result = run(cli_runner, index_dir, "coopérotiun")
    assert result.exit_code == 0, result.output
    assert "No results for 'coopérotiun'." in result.output
    assert "Did you mean: coopération?" in result.output


def test_a_typo_is_searched_corrected_and_said_so(cli_runner, index_dir):
    result = run(cli_runner, index_dir, "cooperaton")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "No passage has the words typed: here are those of the corrected query."
    assert lines[1].endswith("for 'coopération' (page 1 of 1):")


def test_malformed_query_is_not_an_error(cli_runner, index_dir):
    result = run(cli_runner, index_dir, '"Gomel')
    assert result.exit_code == 0, result.output
    assert result.output.startswith("A quote without its pair was ignored.")


def test_missing_index_is_one_error_line(cli_runner, tmp_path):
    result = cli_runner.invoke(cli, ["search", "x", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1


def test_bad_limit_is_a_usage_error(cli_runner, index_dir):
    assert run(cli_runner, index_dir, "x", "--limit", "0").exit_code == 2


def test_terminal_snippet_bolds_and_unescapes():
    out = terminal_snippet("a &amp; <mark>b&lt;c</mark> d")
    assert out == "a & \x1b[1mb<c\x1b[0m d"


def test_hits_are_headed_by_the_books_labels(cli_runner, tmp_path):
    # The manifest's books: b1 states its author and year, b2 only a short title.
    from tests.web_fixtures import write_tiny_corpus

    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    build_index(corpus_dir, tmp_path / "index")
    result = run(cli_runner, tmp_path / "index", "Kostanay")
    assert result.exit_code == 0, result.output
    headers = [line for line in result.output.splitlines() if line[:1].isdigit()]
    assert headers[1:] == ["1. Zalessky 2023 · chapter 1 · p. 11 · b1.c01.p001",
                           "2. Un district, un projet · chapter 1 · p. 11 · b2.c01.p001"]
    data = json.loads(run(cli_runner, tmp_path / "index", "Kostanay", "--json").output)
    assert {h["book"]: h["book_label"] for h in data["hits"]} == {
        "b1": "Zalessky 2023", "b2": "Un district, un projet"}


def test_an_index_built_by_another_analyzer_still_answers_with_a_warning(cli_runner, tmp_path):
    build_index(tmp_path, tmp_path / "index", books=tiny_books())
    manifest = tmp_path / "index" / "gen-000001" / "searchlib.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["analysis_fingerprint"] = "0" * 16  # what a build by an older searchlib recorded
    manifest.write_text(json.dumps(data), "utf-8")
    result = run(cli_runner, tmp_path / "index", "Gomel", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 2  # stdout stays pure JSON
    assert result.stderr == ("Warning: gen-000001 was built by another version of the analyzer; "
                             "some words may be missed until `searchlib index` rebuilds it.\n")
    fresh = run(cli_runner, tmp_path / "index", "Gomel")
    assert "Warning" in fresh.stderr
