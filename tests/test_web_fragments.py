"""The results page's rendered fragments (web/fragments.py): kept per generation, same as fresh."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import re
from urllib.parse import quote

from searchlib.index import build_index
from tests.web_fixtures import app, client, tiny_dirs  # noqa: F401
from web import create_app
from web.fragments import Fragments

#: Pages whose fragments differ: facets active or not, another page, size, sort, a chart.
VARIANTS = ["", "&page=2", "&book=b1", "&year=2021", "&size=5", "&sort=livre",
            "&book=b2&domain=belta.by", "&sort=ann%C3%A9e&page=2"]


def test_fragments_keep_the_last_renders_up_to_their_size():
    calls: list[str] = []

    def render(name: str):
        return lambda: calls.append(name) or f"<p>{name}</p>"

    kept = Fragments(2)
    assert kept.get(("a",), render("a")) == "<p>a</p>"
    assert kept.get(("a",), render("other")) == "<p>a</p>"  # kept: not rendered again
    kept.get(("b",), render("b"))
    kept.get(("a",), render("a"))  # a is now the most recently used
    kept.get(("c",), render("c"))  # b goes
    assert len(kept) == 2
    kept.get(("b",), render("b"))
    assert calls == ["a", "b", "c", "b"]

    off = Fragments(0)
    off.get(("a",), render("a"))
    off.get(("a",), render("a"))
    assert calls[-2:] == ["a", "a"] and len(off) == 0


def _pages(client, urls, **kwargs):
    return [(u, r.status_code, r.get_data(as_text=True)) for u in urls
            for r in [client.get(u, **kwargs)]]


def test_cached_and_fresh_renders_are_identical(real_corpus_dir, real_index_dir):
    def app(size):
        return create_app({"TESTING": True, "CORPUS_DIR": real_corpus_dir,
                           "INDEX_DIR": real_index_dir, "FRAGMENT_CACHE_SIZE": size})

    urls = [f"/search?q={quote(q)}{v}" for q in ("Kostanay", "coopération", "Gomel")
            for v in VARIANTS]
    fresh = _pages(app(0).test_client(), urls)
    cached_app = app(1024)
    client = cached_app.test_client()
    first = _pages(client, urls)
    again = _pages(client, urls)
    # The same script root changes every link, and must not be served another root's fragments.
    rooted = _pages(client, urls[:4], base_url="http://localhost/sub")
    assert first == fresh and again == fresh
    assert sum("<aside class=\"facets\"" in page for _, _, page in fresh) > 10
    with cached_app.test_request_context():
        from web.fragments import fragments

        assert len(fragments()) > len(urls)  # the pages' results blocks and hits' parts
    for (url, status, page), (_, _, plain) in zip(rooted, fresh[:4], strict=True):
        assert status == 200 and page == re.sub(r'(href|src|action)="/', r'\1="/sub/', plain), url


def test_a_new_generation_never_serves_the_old_fragments(tmp_path):
    from searchlib.corpus import load_book, write_corpus
    from tests.web_fixtures import write_tiny_corpus

    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir)
    client = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir,
                         "INDEX_DIR": index_dir}).test_client()
    before = client.get("/search?q=Kostanay").get_data(as_text=True)
    assert "Le Kazakhstan" in before and "Tracteurs biélorusses au Kazakhstan." in before

    b1 = load_book(corpus_dir / "ingested", "b1")
    b1.chapters[0].title = "Les steppes du Nord"
    b1.footnotes[0].text = b1.footnotes[0].text.replace("Tracteurs", "Moissonneuses")
    write_corpus([b1], corpus_dir / "ingested")
    build_index(corpus_dir, index_dir)
    after = client.get("/search?q=Kostanay").get_data(as_text=True)
    # The hit heading's title, the chapter facet's label and the hit's note all changed.
    assert "Le Kazakhstan" not in after and after.count("Les steppes du Nord") >= 2
    assert "Moissonneuses biélorusses au Kazakhstan." in after
    assert "Tracteurs biélorusses au Kazakhstan." not in after
    fresh = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir, "INDEX_DIR": index_dir,
                        "FRAGMENT_CACHE_SIZE": 0}).test_client()
    assert after == fresh.get("/search?q=Kostanay").get_data(as_text=True)


def test_search_page_renders_its_fragments_once(client, app, monkeypatch):
    import web.hits

    rendered: list[str] = []

    def counting(name, real):
        def render(*args, **kwargs):
            rendered.append(name)
            return real(*args, **kwargs)
        return render

    monkeypatch.setattr(web.hits, "_render_parts", counting("hit", web.hits._render_parts))
    monkeypatch.setattr(web.hits, "render_part", counting("facets", web.hits.render_part))
    page = client.get("/search?q=Kostanay").get_data(as_text=True)
    # Two hits, each with its parts, one facet list; nothing rendered again the second time.
    assert sorted(rendered) == ["facets", "hit", "hit"]
    assert client.get("/search?q=Kostanay").get_data(as_text=True) == page
    assert sorted(rendered) == ["facets", "hit", "hit"]
    client.get("/search?q=Kostanay&book=b1")
    assert rendered.count("hit") == 2  # the same passage, whatever the query
    assert rendered.count("facets") == 2  # other arguments, other links
