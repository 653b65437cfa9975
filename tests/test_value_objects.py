"""Plain value classes compare, print and (the settings) freeze as the dataclasses they replace."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchlib.config import Config
from searchlib.search.results import FacetValue, FootnoteRef, Hit, SearchResults
from searchlib.search.snippets import Highlighter


def test_results_compare_and_print_by_their_fields():
    note = FootnoteRef("b1", 3, "Voir", ["https://a.by"], ["a.by"])
    assert note == FootnoteRef("b1", 3, "Voir", ["https://a.by"], ["a.by"])
    assert note != FootnoteRef("b1", 4, "Voir", ["https://a.by"], ["a.by"])
    assert note.to_json() == {"book": "b1", "number": 3, "text": "Voir", "urls": ["https://a.by"]}
    assert repr(FacetValue("b1", 2)) == "FacetValue(value='b1', count=2)"
    hit = Hit("b1.c01.p001", "b1", 1, 7, "Gomel", "<mark>Gomel</mark>", 1.5, [note])
    assert hit.to_json()["footnotes"] == [note.to_json()]
    assert hit != Hit("b1.c01.p001", "b1", 1, 7, "Gomel", "<mark>Gomel</mark>", 1.5)
    results = SearchResults("Gomel", total=1, hits=[hit])
    assert results == SearchResults("Gomel", total=1, hits=[hit]) and results.facets == {}
    assert repr(results).startswith("SearchResults(query='Gomel', total=1, page=1,")
    assert results != FacetValue("Gomel", 1)
    with pytest.raises(TypeError):
        hash(hit)
    with pytest.raises(AttributeError):
        hit.extra = 1  # type: ignore[attr-defined]


def test_highlighters_compare_by_all_but_where_phrases_are():
    terms = {("text", b"gomel")}
    assert Highlighter(terms, within={0: [1]}) == Highlighter(set(terms))
    assert Highlighter(terms) != Highlighter()
    assert Highlighter().phrases == [] and Highlighter().within == {}


def test_settings_are_frozen_hashable_and_default_from_the_class():
    config = Config(page_len=20)
    assert (config.page_len, config.index_dir, Config.page_len) == (20, Path("index"), 10)
    assert config == Config(page_len=20) and hash(config) == hash(Config(page_len=20))
    assert config != Config()
    assert repr(Config()).startswith("Config(corpus_dir=PosixPath('corpus'), index_dir=")
    with pytest.raises(AttributeError):
        config.page_len = 5  # type: ignore[misc]
    assert config.manifest_path == Path("corpus/books.toml")
