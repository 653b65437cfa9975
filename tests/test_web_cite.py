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
        assert styles["iso690"].startswith("BELTA, 2021. Tracteurs biélorusses au Kazakhstan.")
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
