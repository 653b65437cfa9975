"""The "Citer" panel (ISO 690, Chicago, APA, GOST, each with a copy button and a live region) and
the metadata Zotero reads, on the passage, note and source pages."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

from tests.web_fixtures import BELTA, app, client, tiny_dirs  # noqa: F401

PAGES = {"passage": "/p/b1.c01.p001", "note": "/note/b1/1", "source": "/source?url=" + quote(BELTA)}


def meta_tags(page: str) -> list[tuple[str, str]]:
    return [(n, unescape(c)) for n, c in re.findall(r'<meta name="([^"]+)" content="([^"]*)">',
                                                     page)]


def test_each_page_kind_has_a_citer_panel_in_every_style(client):
    for kind, path in PAGES.items():
        page = client.get(path).get_data(as_text=True)
        styles = re.findall(r'<div class="style" data-citation="([a-z0-9-]+)">', page)
        assert styles == ["iso690", "chicago", "apa", "gost"], kind
        for style in styles:
            assert f'data-copy="cite-{style}"' in page and f'id="cite-{style}"' in page, kind
        assert 'role="status" aria-live="polite"' in page, kind
        data = client.get(path + ("&" if "?" in path else "?") + "format=json").get_json()
        assert list(data["styles"]) == styles, kind


def test_note_and_source_panels_cite_the_belta_article(client):
    for path in (PAGES["note"], PAGES["source"]):
        data = client.get(path + ("&" if "?" in path else "?") + "format=json").get_json()
        styles = data["styles"]
        apa = f"BelTA. (2021). Tracteurs biélorusses au Kazakhstan. BelTA. {BELTA}"
        assert styles["apa"] == apa
        assert styles["iso690"].startswith("BelTA, 2021. Tracteurs biélorusses au Kazakhstan.")
        assert "web.archive.org" not in " ".join(styles.values())


def test_passage_panel_ends_with_the_locator_and_says_when_the_author_is_missing(client):
    styles = client.get("/p/b1.c01.p001.json").get_json()["styles"]
    assert styles["chicago"].startswith("Zalessky, Boris. « Le Kazakhstan ».")
    assert styles["chicago"].endswith("Chap. 1, p. 11, § 1.")
    page = client.get("/p/b2.c01.p001").get_data(as_text=True)
    assert "auteur et année non indiqués dans la source" in page


def test_zotero_reads_a_book_section_on_the_passage_page(client):
    tags = dict(meta_tags(client.get(PAGES["passage"]).get_data(as_text=True)))
    assert tags["z:itemType"] == "bookSection"
    assert tags["citation_title"] == "Le Kazakhstan"
    assert tags["citation_book_title"] == "Chronique de l'intégration"
    assert tags["citation_author"] == "Boris Zalessky"
    assert tags["citation_publication_date"] == "2023" and tags["citation_firstpage"] == "11"


def test_zotero_reads_a_belta_newspaper_article_on_note_and_source_pages(client):
    for path in (PAGES["note"], PAGES["source"]):
        tags = meta_tags(client.get(path).get_data(as_text=True))
        found = dict(tags)
        assert found["z:itemType"] == "newspaperArticle", path
        assert found["citation_title"] == "Tracteurs biélorusses au Kazakhstan", path
        assert found["citation_journal_title"] == "BelTA" and found["og:site_name"] == "BelTA"
        assert found["citation_date"] == "2021" and found["citation_public_url"] == BELTA
        # The Wayback calendar is a plain link on the page, never an attachment or a field.
        assert not any("web.archive.org" in c for _, c in tags), path
    page = client.get(PAGES["note"]).get_data(as_text=True)
    assert re.search(r'<a class="archive-link" href="https://web.archive.org/web/[^"]+"', page)


def test_a_note_without_text_has_no_panel_and_no_metadata(tmp_path):
    from conftest import write_ingested_corpus

    from searchlib.index import build_index
    from searchlib.model import Footnote
    from tests.web_fixtures import tiny_books
    from web import create_app

    books = tiny_books()
    books[0].footnotes.append(Footnote("b1", 9, None, [], [], None))
    for book in books:
        book.meta.title = f"Livre {book.id}"
    corpus = write_ingested_corpus(tmp_path / "corpus", books)
    build_index(corpus, tmp_path / "index")
    client = create_app({"TESTING": True, "CORPUS_DIR": corpus,
                         "INDEX_DIR": tmp_path / "index"}).test_client()
    response = client.get("/note/b1/9")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Note 9" in page
    assert 'class="style"' not in page and "citation_title" not in page
    assert client.get("/note/b1/9.json").get_json()["styles"] == {}


def json_ld(page: str) -> list[dict]:
    import json

    return [json.loads(block) for block in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]


def test_zotero_readable_metadata_on_every_page_kind_also_as_json_ld(client):
    # The passage page: a chapter (book section) of the book, with the passage's place in it.
    page = client.get(PAGES["passage"]).get_data(as_text=True)
    [chapter] = json_ld(page)
    assert chapter["@type"] == "Chapter" and chapter["name"] == "Le Kazakhstan"
    assert chapter["position"] == "chap. 1, p. 11, § 1" and chapter["pageStart"] == "11"
    assert chapter["url"] == "http://localhost/p/b1.c01.p001"
    book = chapter["isPartOf"]
    assert book["@type"] == "Book" and book["name"] == "Chronique de l'intégration"
    assert book["author"] == {"@type": "Person", "name": "Boris Zalessky"}
    assert book["datePublished"] == "2023" and book["isbn"] == "978-620-6-04071-2"
    assert dict(meta_tags(page))["z:itemType"] == "bookSection"
    # The note and source pages: the cited BelTA article, a newspaper article of BelTA.
    for path in (PAGES["note"], PAGES["source"]):
        page = client.get(path).get_data(as_text=True)
        [article] = json_ld(page)
        assert article["@type"] == "NewsArticle", path
        assert article["headline"] == "Tracteurs biélorusses au Kazakhstan", path
        assert article["publisher"]["name"] == "BelTA" and article["datePublished"] == "2021"
        assert article["url"] == BELTA and "author" not in article, path
        assert dict(meta_tags(page))["citation_title"] == article["headline"], path


def test_a_book_without_author_and_a_source_off_belta_in_json_ld(client):
    [chapter] = json_ld(client.get("/p/b2.c01.p001").get_data(as_text=True))
    assert "author" not in chapter["isPartOf"] and "datePublished" not in chapter["isPartOf"]
    assert "citation_author" not in dict(meta_tags(
        client.get("/p/b2.c01.p001").get_data(as_text=True)))
    # A note's own markup stays text: nothing in it can close the script.
    page = client.get("/note/b1/2").get_data(as_text=True)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block
    [item] = json_ld(page)
    assert item["@type"] == "WebPage" and "<b>signé</b>" in item["name"]
    assert item["url"] == "https://mfa.gov.by/accord" and "publisher" not in item


def test_json_ld_escapes_what_could_close_the_script():
    from web.zotero import jsonld_script

    text = str(jsonld_script({"name": "</script><script>alert(1)</script> & co"}))
    assert "</script>" not in text and "&" not in text
    import json

    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & co"
