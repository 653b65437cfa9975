"""Archived source pages on the web pages: the source's own title and date beside its footnote.

A saved BelTA article page (a fixture written here, in the structure of a news article page) is
imported with ``searchlib.archive.import_pages`` into a copy of the tiny web corpus; the passage,
note, source and search pages then show its title and publication date, escaped.
"""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

from pathlib import Path

import pytest

from searchlib.archive import ARCHIVE_FILE, import_pages
from searchlib.index import build_index
from tests.web_fixtures import BELTA, write_tiny_corpus
from web import create_app

# The article's title carries markup-like text: the pages must show it, never run it.
TITLE = "Des tracteurs <b>biélorusses</b> assemblés à Kostanay"
LEAD = "MINSK, 15 octobre (BelTA) - La première série de tracteurs est sortie de la chaîne."
PAGE = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Tracteurs | BelTA</title>
<meta property="og:title" content="{TITLE.replace('<', '&lt;').replace('>', '&gt;')}">
<meta property="og:url" content="{BELTA}">
<meta property="article:published_time" content="2021-10-15T12:34:00+03:00">
</head><body>
<div class="date_full">15 октября 2021, 12:34</div>
<h1>Des tracteurs</h1>
<div class="js-mediator-article"><p>{LEAD}</p><p>Suite de l'article.</p></div>
</body></html>
"""
ESCAPED_TITLE = "Des tracteurs &lt;b&gt;biélorusses&lt;/b&gt; assemblés à Kostanay"


@pytest.fixture(scope="module")
def archived_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("web-archive")
    corpus_dir = write_tiny_corpus(root / "corpus")
    saved = root / "tracteurs.html"
    saved.write_text(PAGE, encoding="utf-8")
    imported = import_pages([saved], corpus_dir)
    # Both books cite article 469260, under two slugs: both notes are matched.
    assert imported[0].footnotes == ["b1:1", "b2:1"]
    build_index(corpus_dir, root / "index")
    return corpus_dir, root / "index"


@pytest.fixture
def web(archived_dirs):
    corpus_dir, index_dir = archived_dirs
    return create_app({"TESTING": True, "CORPUS_DIR": corpus_dir, "INDEX_DIR": index_dir})


def text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def test_passage_page_shows_the_source_title_and_date_beside_the_note(web):
    page = text(web.test_client().get("/p/b1.c01.p001"))
    note = page[page.index('id="note-1"'):page.index("</ol>", page.index('id="note-1"'))]
    assert f'<cite class="archived-title">{ESCAPED_TITLE}</cite>' in note
    assert '<time datetime="2021-10-15">15 octobre 2021</time>' in note
    assert "<b>biélorusses" not in page
    # The lead is there to check the claim offline, folded away.
    assert f"<summary>Chapeau de l'article</summary><p>{LEAD}</p>" in note


def test_other_slug_of_the_same_belta_article_finds_the_archived_page(web):
    data = web.test_client().get("/p/b2.c01.p001.json").get_json()
    archived = data["footnotes"][0]["sources"][0]["archived"]
    assert archived["title"] == TITLE and archived["published"] == "2021-10-15"
    assert archived["url"] == BELTA and archived["lead"] == LEAD


def test_a_source_without_archived_page_has_none(web):
    data = web.test_client().get("/p/b1.c01.p002.json").get_json()
    assert data["footnotes"][0]["sources"][0]["archived"] is None
    assert "archived-title" not in text(web.test_client().get("/p/b1.c01.p002"))


def test_note_source_and_search_pages_show_the_archived_title(web):
    client = web.test_client()
    for url in ("/note/b1/1", "/source?url=" + BELTA, "/note/b2/1"):
        page = text(client.get(url))
        assert ESCAPED_TITLE in page and "15 octobre 2021" in page, url
    assert client.get("/note/b1/1.json").get_json()["sources"][0]["archived"]["title"] == TITLE
    results = text(client.get("/search?q=Kostanay"))
    assert results.count(f'<cite class="archived-title">{ESCAPED_TITLE}</cite>') == 2
    # Under a hit the notes stay compact: title and date, no lead.
    assert LEAD not in results


def test_archive_imported_after_start_is_picked_up(tmp_path):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir)
    client = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir,
                         "INDEX_DIR": index_dir}).test_client()
    assert client.get("/note/b1/1.json").get_json()["sources"][0]["archived"] is None
    saved = tmp_path / "page.html"
    saved.write_text(PAGE, encoding="utf-8")
    import_pages([saved], corpus_dir)
    # The archive is part of the generation's snapshot: shown once an index build copies it.
    assert client.get("/note/b1/1.json").get_json()["sources"][0]["archived"] is None
    build_index(corpus_dir, index_dir)
    assert client.get("/note/b1/1.json").get_json()["sources"][0]["archived"]["title"] == TITLE


def test_a_damaged_archive_costs_the_titles_not_the_pages(tmp_path, caplog):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    (corpus_dir / ARCHIVE_FILE).write_text("{not json", encoding="utf-8")
    build_index(corpus_dir, tmp_path / "index")
    client = create_app({"TESTING": True, "CORPUS_DIR": corpus_dir,
                         "INDEX_DIR": tmp_path / "index"}).test_client()
    response = client.get("/note/b1/1.json")
    assert response.status_code == 200
    assert response.get_json()["sources"][0]["archived"] is None
    assert "archived source pages ignored" in caplog.text
