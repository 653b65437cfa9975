"""The CLI speaks English (the search's French messages translated by the catalogue) and finds
the project's corpus and index from another directory through SEARCHLIB_HOME, saying so when it
does not."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import json

import pytest

from searchlib.cli import cli
from searchlib.index import open_index
from searchlib.messages import CATALOGUE, english, unknown_french
from searchlib.search import search
from tests.web_fixtures import tiny_dirs  # noqa: F401

# Queries that make the search say something (parse notes, AND falling back to OR...).
TALKATIVE = ['"Kostanay', "-Minsk", "le la les", "", "Kostanay lait", "((", "x" * 600,
             "tracteurs NOT", "OR Kostanay"]


def test_english_translates_each_catalogue_message_and_keeps_the_rest():
    assert english("La requête a été coupée à ses 500 premiers caractères. Autre.") == (
        "The query was cut to its first 500 characters. Autre.")
    for french, english_text in CATALOGUE.values():
        def filled(text: str) -> str:
            return text.replace("{n}", "7").replace("{op}", "OR")

        assert english(filled(french)) == filled(english_text)
    assert english(None) is None


def test_every_message_the_search_gives_is_in_the_catalogue(tiny_dirs):
    corpus_dir, index_dir = tiny_dirs
    said = []
    with open_index(index_dir).searcher() as searcher:
        for query in TALKATIVE:
            message = search(searcher, query, corpus_dir=corpus_dir).message
            if message:
                said.append(message)
                assert unknown_french(message) == "", (query, message)
    assert len(said) >= 5


def test_cli_search_messages_are_english(tiny_dirs, cli_runner):
    corpus_dir, index_dir = tiny_dirs
    where = ["--corpus", str(corpus_dir), "--index", str(index_dir)]
    result = cli_runner.invoke(cli, ["search", "Kostanay lait", *where])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("No passage has all the words; here are those with at least")
    data = json.loads(cli_runner.invoke(cli, ["search", '"Kostanay', "--json", *where]).output)
    assert data["message"] == "A quote without its pair was ignored."


def test_cli_finds_the_project_through_searchlib_home(tiny_dirs, tmp_path, cli_runner,
                                                      monkeypatch: pytest.MonkeyPatch):
    corpus_dir, index_dir = tiny_dirs
    project = tmp_path / "project"
    project.mkdir()
    (project / "corpus").symlink_to(corpus_dir)
    (project / "index").symlink_to(index_dir)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    # The default index, as a user gets it (conftest points it into tmp_path otherwise).
    monkeypatch.delenv("SEARCHLIB_INDEX")
    lost = cli_runner.invoke(cli, ["search", "Kostanay"])
    assert lost.exit_code == 1
    assert lost.output.startswith("Error: no index in index")
    assert "set SEARCHLIB_HOME to the project directory" in lost.output
    assert "--index DIR" in lost.output and len(lost.output.strip().splitlines()) == 1
    found = cli_runner.invoke(cli, ["search", "Kostanay"], env={"SEARCHLIB_HOME": str(project)})
    assert found.exit_code == 0, found.output
    assert "2 passages for 'Kostanay'" in found.output
    # An explicit --index still wins over SEARCHLIB_HOME.
    wrong = cli_runner.invoke(cli, ["search", "Kostanay", "--index", str(tmp_path / "none")],
                              env={"SEARCHLIB_HOME": str(project)})
    assert wrong.exit_code == 1 and "no index in" in wrong.output


def test_the_budget_speaks_from_the_catalogue():
    from searchlib.search.budget import BUSY_MESSAGE, SPENT_MESSAGE

    assert unknown_french(SPENT_MESSAGE) == "" and unknown_french(BUSY_MESSAGE) == ""
    assert english(SPENT_MESSAGE).startswith("The query asked for too much work")
