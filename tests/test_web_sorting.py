"""``?sort=livre|année`` (web/sorting.py): the same order as re-sorting every hit, which the
results page did before, on the real books; and only the page's hits are built."""

from __future__ import annotations

import csv
import io

import pytest

from web import create_app

QUERIES = ["Kostanay", "tracteurs", "coopération", "Minsk OR Gomel", "belta.by 2021"]


@pytest.fixture(scope="module")
def real_app(real_corpus_dir, real_index_dir):
    return create_app({"TESTING": True, "CORPUS_DIR": real_corpus_dir,
                       "INDEX_DIR": real_index_dir})


def resorted(app, query: str, sort: str) -> list[str]:
    """Every hit by relevance, then re-sorted as the page did before (the reference)."""
    from searchlib.search import search
    from web.corpus import corpus_view
    from web.searcher import get_generation, get_searcher

    with app.test_request_context():
        hits = search(get_searcher(), query, page_len=5000,
                      corpus_dir=get_generation().corpus_dir).hits
        view = corpus_view()
        order = {pid: i for i, pid in enumerate(view.located)}
        end = len(order)

        def year(hit):
            years = [s.year for ref in hit.footnotes for s in view.sources_of(ref.book, ref.number)
                     if s.year is not None]
            return min(years) if years else None

        if sort == "livre":
            hits = sorted(hits, key=lambda h: order.get(h.id, end))
        else:
            hits = sorted(hits, key=lambda h: (year(h) is None, year(h) or 0,
                                               order.get(h.id, end)))
    return [h.id for h in hits]


@pytest.mark.parametrize("sort", ["livre", "année"])
def test_sorted_pages_match_a_resort_of_every_hit(real_app, sort):
    client = real_app.test_client()
    sizes = []
    for query in QUERIES:
        expected = resorted(real_app, query, sort)
        sizes.append(len(expected))
        got, page = [], 1
        while True:
            data = client.get("/search.json", query_string={
                "q": query, "sort": sort, "size": 7, "page": page}).get_json()
            assert data["total"] == len(expected), query
            got += [h["id"] for h in data["hits"]]
            if data["next"] is None:
                break
            page = data["next"]
        assert got == expected, (query, sort)
        body = client.get("/search.csv", query_string={"q": query, "sort": sort}).get_data()
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        assert [r["id"] for r in rows] == expected, (query, sort)
    assert min(sizes) > 7 and max(sizes) > 100, sizes  # several pages: the cut matters


def test_a_sorted_page_builds_only_its_own_hits(real_app, monkeypatch):
    import searchlib.search.snippets as search_module

    built: list[str] = []
    real_render = search_module.render_snippet

    def counting(text, *args, **kwargs):
        built.append(text)
        return real_render(text, *args, **kwargs)

    monkeypatch.setattr(search_module, "render_snippet", counting)
    # Nothing kept from the other tests' searches of the same generation: every hit is cut here.
    fresh = search_module.SnippetCache()
    monkeypatch.setattr(search_module, "snippet_cache", lambda reader: fresh)
    data = real_app.test_client().get("/search.json?q=coopération&sort=année&size=5&page=3")
    data = data.get_json()
    assert data["total"] > 50 and len(data["hits"]) == 5
    assert len(built) == 5


def test_search_cuts_the_page_in_the_order_given(tmp_path):
    from search_fixtures import build_tiny_index

    from searchlib.search import search

    ix = build_tiny_index(tmp_path)
    with ix.searcher() as searcher:
        everything = search(searcher, "Minsk OR Gomel OR Kazakhstan OR tracteurs", page_len=50)
        ids = [h.id for h in everything.hits]
        assert len(ids) >= 3
        docnum = {searcher.stored_fields(d)["id"]: d for d in range(searcher.doc_count_all())}
        # Reverse book order as keys: the last passage first, whatever the scores.
        keys = [-d for d in range(searcher.doc_count_all())]
        first = search(searcher, "Minsk OR Gomel OR Kazakhstan OR tracteurs", page_len=2,
                       order=keys)
        second = search(searcher, "Minsk OR Gomel OR Kazakhstan OR tracteurs", page_len=2,
                        page=2, order=keys)
    expected = sorted(ids, key=lambda pid: -docnum[pid])
    assert [h.id for h in first.hits + second.hits] == expected[:4]
    assert first.total == everything.total and first.facets == everything.facets
