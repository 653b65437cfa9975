"""The app factory: defaults, test config, environment config, no debug, one blueprint."""

from __future__ import annotations

from pathlib import Path

from web import create_app


def test_defaults_without_config(monkeypatch):
    app = create_app()
    assert not app.testing
    assert not app.debug
    assert app.config["CORPUS_DIR"] == Path("corpus")
    assert app.config["INDEX_DIR"] == Path("index")
    assert app.config["PAGE_LEN"] == 10
    assert set(app.blueprints) == {"search"}


def test_mapping_overrides_defaults(tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path, "PAGE_LEN": 3})
    assert app.testing
    assert app.config["INDEX_DIR"] == tmp_path
    assert app.config["PAGE_LEN"] == 3


def test_environment_is_read_only_without_mapping(monkeypatch, tmp_path):
    monkeypatch.setenv("SEARCHLIB_INDEX_DIR", str(tmp_path / "ix"))
    monkeypatch.setenv("SEARCHLIB_PAGE_LEN", "7")
    app = create_app()
    assert app.config["INDEX_DIR"] == tmp_path / "ix"
    assert app.config["PAGE_LEN"] == 7
    assert create_app({"TESTING": True}).config["INDEX_DIR"] == Path("index")


def test_debug_cannot_be_switched_on(monkeypatch):
    monkeypatch.setenv("SEARCHLIB_DEBUG", "true")
    assert create_app().debug is False
    assert create_app({"DEBUG": True}).debug is False


def test_missing_index_is_a_readable_503(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "none"}).test_client()
    page = client.get("/search?q=tracteurs")
    assert page.status_code == 503
    assert "searchlib index" in page.get_data(as_text=True)
    twin = client.get("/search.json?q=tracteurs")
    assert twin.status_code == 503
    assert twin.get_json()["ok"] is False


def test_missing_corpus_is_a_readable_503(tmp_path):
    # The pages read the corpus from the live index generation: without one, nothing to show.
    client = create_app({"TESTING": True, "CORPUS_DIR": tmp_path,
                         "INDEX_DIR": tmp_path / "none"}).test_client()
    response = client.get("/books.json")
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert "searchlib index" in error and str(tmp_path) not in error
