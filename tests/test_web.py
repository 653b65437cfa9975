"""Every page of the web UI and its JSON twin, on the tiny fixture corpus (and the real books)."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import re

from searchlib.index import build_index
from tests.web_fixtures import BELTA, NOTES, TEXTS, app, client, tiny_dirs  # noqa: F401
from web import create_app


def html(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_home_page_has_a_search_form_examples_and_syntax(client):
    page = html(client.get("/"))
    assert '<html lang="fr">' in page
    assert 'action="/search"' in page and 'name="q"' in page
    assert 'href="/search?q=Kostanay"' in page
    assert "Syntaxe" in page and "OR" in page
    assert client.get("/?format=json").get_json()["examples"][0] == "Kostanay"


def test_books_page_lists_books_chapters_and_passages(client):
    page = html(client.get("/books"))
    assert "Chronique de l&#39;intégration" in page
    assert "Les zones franches" in page and "Les districts" in page
    for pid in TEXTS:
        assert f'href="/p/{pid}"' in page
    data = client.get("/books.json").get_json()
    assert data["ok"] is True
    assert [b["id"] for b in data["books"]] == ["b1", "b2"]
    b1 = data["books"][0]
    assert b1["author"] == "Boris Zalessky" and b1["year"] == 2023
    assert [c["title"] for c in b1["chapters"]] == ["Le Kazakhstan", "Les zones franches"]
    assert [p["id"] for p in b1["chapters"][0]["passages"]] == ["b1.c01.p001", "b1.c01.p002"]


def test_passage_page_shows_text_markers_notes_and_neighbours(client):
    page = html(client.get("/p/b1.c01.p002"))
    # The paragraph's own markup is text, not HTML.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co." in page
    assert "<script>alert" not in page
    # The marker is placed at its offset and links to the note shown below.
    text = TEXTS["b1.c01.p002"]
    offset = NOTES[("b1", 2)][3]
    before = text[:offset]
    assert f'{before}<sup class="marker"><a href="#note-2" id="ref-2">2</a></sup>' in page
    assert 'id="note-2"' in page
    assert "Accord de Gomel &lt;b&gt;signé&lt;/b&gt;" in page
    assert 'href="https://mfa.gov.by/accord"' in page
    assert 'href="https://web.archive.org/web/' in page
    assert '<h1>Le Kazakhstan</h1>' in page
    assert 'rel="prev" href="/p/b1.c01.p001"' in page
    assert 'rel="next" href="/p/b1.c02.p001"' in page


def test_first_and_last_passages_have_one_neighbour(client):
    first = html(client.get("/p/b1.c01.p001"))
    assert 'rel="prev"' not in first and 'rel="next" href="/p/b1.c01.p002"' in first
    last = html(client.get("/p/b1.c02.p001"))
    assert 'rel="next"' not in last and 'rel="prev" href="/p/b1.c01.p002"' in last


def test_passage_page_carries_citation_meta_tags_and_cite_block(client):
    page = html(client.get("/p/b1.c01.p001"))
    meta = dict(re.findall(r'<meta name="(citation_\w+)" content="([^"]*)">', page))
    assert meta["citation_title"] == "Le Kazakhstan"
    assert meta["citation_inbook_title"] == "Chronique de l&#39;intégration"
    assert meta["citation_author"] == "Boris Zalessky"
    assert meta["citation_publication_date"] == "2023"
    assert meta["citation_isbn"] == "978-620-6-04071-2"
    assert meta["citation_firstpage"] == "11"
    assert meta["citation_public_url"] == "http://localhost/p/b1.c01.p001"
    assert "Citer ce passage" in page and "Zalessky" in page
    for fmt in ("bibtex", "ris", "csl-json", "gost"):
        assert f'href="/p/b1.c01.p001/cite/{fmt}"' in page


def test_passage_json_twin_has_the_same_data(client):
    data = client.get("/p/b1.c01.p001.json").get_json()
    assert data == client.get("/p/b1.c01.p001?format=json").get_json()
    assert data["ok"] is True and data["id"] == "b1.c01.p001"
    assert data["text"] == TEXTS["b1.c01.p001"]
    assert data["chapter"] == {"number": 1, "title": "Le Kazakhstan"}
    assert data["previous"] is None and data["next"] == "b1.c01.p002"
    [note] = data["footnotes"]
    assert note["number"] == 1
    [source] = note["sources"]
    assert source["url"] == BELTA and source["belta_id"] == 469260 and source["year"] == 2021
    assert source["archive"].startswith("https://web.archive.org/web/2021")
    assert "Zalessky" in data["citation"]["gost"]


def test_citation_downloads(client):
    expected = {
        "bibtex": ("application/x-bibtex", ".bib", "@inbook{"),
        "ris": ("application/x-research-info-systems", ".ris", "TY  - CHAP"),
        "csl-json": ("application/vnd.citationstyles.csl+json", ".json", '"container-title"'),
        "gost": ("text/plain", ".txt", "Zalessky"),
    }
    for fmt, (mimetype, ext, needle) in expected.items():
        response = client.get(f"/p/b1.c01.p001/cite/{fmt}")
        assert response.status_code == 200
        assert response.mimetype == mimetype
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="b1.c01.p001{ext}"'
        )
        assert needle in response.get_data(as_text=True)
    assert client.get("/p/b1.c01.p001/cite/docx").status_code == 404
    assert client.get("/p/b9.c01.p001/cite/ris").status_code == 404


def test_note_page_and_twin(client):
    page = html(client.get("/note/b1/1"))
    assert "Note 1" in page and "Tracteurs biélorusses au Kazakhstan" in page
    assert f'href="{BELTA}"' in page
    assert 'href="/p/b1.c01.p001#note-1"' in page
    data = client.get("/note/b1/1.json").get_json()
    assert data["ok"] is True and data["book"] == "b1" and data["number"] == 1
    assert data["passages"][0]["id"] == "b1.c01.p001"
    assert data["sources"][0]["domain"] == "belta.by"


def test_unknown_notes_are_404_pages_and_json(client):
    for url in ("/note/b1/99", "/note/b9/1", "/note/b1/abc", "/note/b1/-1", "/note/b1/1.5"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page introuvable" in response.get_data(as_text=True)
    data = client.get("/note/b1/99.json").get_json()
    assert data == {"ok": False, "error": "La note 99 du livre « b1 » n'existe pas.", "status": 404}


def test_source_lookup_finds_every_spelling_of_a_belta_article(client):
    # Another slug and host spelling of article 469260 finds both books' notes.
    page = html(client.get("/source?url=http://belta.by/economics/view/other-469260-2021"))
    assert 'href="/p/b1.c01.p001"' in page and 'href="/p/b2.c01.p001"' in page
    data = client.get("/source.json?url=" + BELTA).get_json()
    assert data["total"] == 2
    assert [(n["book"], n["number"]) for n in data["notes"]] == [("b1", 1), ("b2", 1)]
    none = client.get("/source.json?url=https://example.org/nothing").get_json()
    assert none["ok"] is True and none["total"] == 0


def test_source_lookup_rejects_bad_urls(client):
    for url in ("/source", "/source?url=", "/source?url=javascript:alert(1)", "/source?url=x"):
        assert client.get(url).status_code == 400, url
    data = client.get("/source.json?url=ftp://example.org/").get_json()
    assert data["ok"] is False and "http" in data["error"]


def test_unknown_passages_are_404(client):
    for url in ("/p/b1.c01.p999", "/p/b9.c01.p001", "/p/nothing", "/p/b1.c01.p001.xml"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page introuvable" in response.get_data(as_text=True)
    data = client.get("/p/b1.c01.p999.json").get_json()
    assert data["ok"] is False and "b1.c01.p999" in data["error"]


def test_index_dir_defaults_do_not_leak_between_apps(tiny_dirs, tmp_path):
    corpus_dir, _ = tiny_dirs
    build_index(corpus_dir, tmp_path / "other")
    a = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir, "INDEX_DIR": tmp_path / "other"})
    assert a.extensions["searchlib.index"].index_dir == tmp_path / "other"


def hits_of(page: str) -> list[str]:
    return re.findall(r'class="hit-link" href="/p/([^"?]+)', page)


def test_search_page_ranks_passages_with_snippets_and_sources(client):
    page = html(client.get("/search?q=Kostanay"))
    assert "2 passages pour « Kostanay »" in page
    # Both books, including the spelling "Kostanai", the exact spelling first.
    assert hits_of(page) == ["b1.c01.p001", "b2.c01.p001"]
    assert "<mark>Kostanay</mark>" in page and "<mark>Kostanai</mark>" in page
    assert "Chronique de l&#39;intégration" in page and "Chapitre 1 · Le Kazakhstan" in page
    assert "p. 11" in page
    # Under each passage: its note, the BelTA link, the archived copy, the reverse lookup.
    assert 'href="/note/b1/1"' in page and f'href="{BELTA}"' in page
    archive = 'href="https://web.archive.org/web/2021*/https://belta.by/economics/view/x-469260'
    assert archive in page
    assert 'href="/source?url=https://belta.by/economics/view/x-469260-2021"' in page


def test_search_json_twin_is_the_cli_contract(client, app, tiny_dirs):
    from searchlib.index import open_index
    from searchlib.search import search

    corpus_dir, index_dir = tiny_dirs
    with open_index(index_dir).searcher() as searcher:
        expected = search(searcher, "tracteurs", corpus_dir=corpus_dir).to_json()
    data = client.get("/search.json?q=tracteurs").get_json()
    assert data == client.get("/search?q=tracteurs&format=json").get_json()
    assert data.pop("ok") is True and data.pop("filters") == {}
    # Paging fields the web adds (Datasette-style); the rest is the CLI's contract.
    assert {k: data.pop(k) for k in ("size", "sort", "next", "next_url")} == {
        "size": 10, "sort": "pertinence", "next": None, "next_url": None}
    assert data == expected
    assert data["total"] == 2


def test_facets_filter_and_can_be_removed(client):
    page = html(client.get("/search?q=Kostanay"))
    assert 'class="facet-link" href="?q=Kostanay&amp;book=b2"' in page
    assert "Un district, un projet</a> <span class=\"count\">1</span>" in page
    filtered = html(client.get("/search?q=Kostanay&book=b2"))
    assert hits_of(filtered) == ["b2.c01.p001"]
    assert "1 passage pour" in filtered
    # The active filter is shown with a link that removes it.
    assert 'class="remove-filter" href="?q=Kostanay"' in filtered
    chapter = client.get("/search.json?q=tracteurs&chapter=b1:1").get_json()
    assert [h["id"] for h in chapter["hits"]] == ["b1.c01.p001"]
    year = client.get("/search.json?q=Kostanay&year=2021&domain=belta.by").get_json()
    assert year["total"] == 2 and year["filters"] == {"domain": "belta.by", "year": "2021"}
    assert client.get("/search.json?q=Kostanay&book=b9").get_json()["total"] == 0


def test_pagination_links_and_pages(client):
    first = html(client.get("/search?q=Kostanay&n=1"))
    assert hits_of(first) == ["b1.c01.p001"]
    assert "Page 1 / 2" in first and 'rel="next" href="?q=Kostanay&amp;n=1&amp;page=2"' in first
    second = html(client.get("/search?q=Kostanay&n=1&page=2"))
    assert hits_of(second) == ["b2.c01.p001"]
    assert 'rel="prev" href="?q=Kostanay&amp;n=1&amp;page=1"' in second
    beyond = client.get("/search.json?q=Kostanay&n=1&page=7").get_json()
    assert beyond["hits"] == [] and beyond["total"] == 2


def test_did_you_mean_fallback_message_and_parsed_query(client):
    page = html(client.get("/search?q=tractoirs"))  # two edits: suggested, not corrected
    assert "Aucun passage pour « tractoirs »" in page
    assert 'Vouliez-vous dire : <a href="?q=tracteurs">tracteurs</a>' in page
    fallback = html(client.get("/search?q=Kostanay+lait"))
    assert 'class="message"' in fallback and hits_of(fallback) == ["b1.c01.p001", "b2.c01.p001"]
    assert "<summary>Requête analysée</summary><code>(Kostanay OR lait)</code>" in fallback


def test_a_typo_is_searched_corrected_and_said_so(client):
    page = html(client.get("/search?q=tractuers"))  # two letters swapped: one edit
    assert "2 passages pour « tracteurs »" in page
    assert "voici ceux de la requête corrigée" in page and "Vouliez-vous dire" not in page
    data = client.get("/search.json?q=tractuers").get_json()
    assert (data["query"], data["corrected"], data["total"]) == ("tractuers", "tracteurs", 2)


def test_empty_query_shows_the_form_and_json_says_why(client):
    assert "Saisissez une requête" in html(client.get("/search?q="))
    response = client.get("/search.json?q=")
    assert response.status_code == 400 and response.get_json()["ok"] is False


def test_csv_export_has_every_hit_not_one_page(client):
    import csv
    import io

    response = client.get("/search.csv?q=Kostanay&n=1")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0][:3] == ["rang", "id", "livre"]
    assert [r[1] for r in rows[1:]] == ["b1.c01.p001", "b2.c01.p001"]
    assert rows[1][8] == BELTA and rows[1][7] == "1"
    filtered = client.get("/search.csv?q=Kostanay&book=b1").get_data(as_text=True)
    assert "b2.c01.p001" not in filtered and "b1.c01.p001" in filtered
    assert client.get("/search.csv?q=").status_code == 400


def test_search_follows_a_rebuild_without_restart(tmp_path):
    from searchlib.corpus import load_book, write_corpus
    from tests.web_fixtures import write_tiny_corpus

    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir)
    web = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir, "INDEX_DIR": index_dir})
    client = web.test_client()
    assert client.get("/search.json?q=Vitebsk").get_json()["total"] == 0
    b2 = load_book(corpus_dir / "ingested", "b2")
    b2.chapters[0].paragraphs[1].text = "Une usine de lin ouvre à Vitebsk."
    write_corpus([b2], corpus_dir / "ingested")
    build_index(corpus_dir, index_dir)
    data = client.get("/search.json?q=Vitebsk").get_json()
    assert [h["id"] for h in data["hits"]] == ["b2.c01.p002"]


def test_real_books_kostanay_in_both_books(real_corpus_dir, tmp_path):
    build_index(real_corpus_dir, tmp_path / "index")
    web = create_app(
        {"TESTING": True, "CORPUS_DIR": real_corpus_dir, "INDEX_DIR": tmp_path / "index"}
    ).test_client()
    data = web.get("/search.json?q=Kostanay&n=100").get_json()
    assert {h["book"] for h in data["hits"]} == {"b1", "b2"}
    assert any("Kostanai" in h["text"] for h in data["hits"])
    with_belta = [h for h in data["hits"] if any("belta.by" in u for f in h["footnotes"]
                                                 for u in f["urls"])]
    assert with_belta
    page = web.get(f"/p/{with_belta[0]['id']}")
    assert page.status_code == 200 and 'class="source-link" href="https://' in page.get_data(
        as_text=True
    )
    books = web.get("/books.json").get_json()["books"]
    assert [b["id"] for b in books] == ["b1", "b2"]
    assert sum(len(c["passages"]) for b in books for c in b["chapters"]) > 500


def test_parsed_query_lists_the_expansions_used_and_why(client):
    page = html(client.get("/search?q=Kostanay+OR"))
    assert "« OR » en fin de requête a été ignoré." in page
    assert '<ul class="expansions"><li>Kostanay → <b>kostanai</b> — translittération' in page
    data = client.get("/search.json?q=Kostanay").get_json()
    assert {"word": "Kostanay", "kind": "translittération", "form": "kostanai",
            "why": "même clé de translittération"} in data["expansions"]
