"""Screenshots of each page of the web UI, for the README: ``make screenshots``.

Ingests and indexes the real books into a temporary directory (never the repo's ``corpus/`` or
``index/``), serves them with ``searchlib serve`` and photographs each page with Debian's headless
Chromium into ``docs/screenshot-*.png``. Not part of ``make test``, which leaves the tree as it
found it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from serving import served  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
# name -> (path, viewport width, full page)
SHOTS = {
    "search": ("/search?q=Kostanay", 1280, False),
    "passage": ("/p/b1.c02.p002?q=Kostanay&rank=1", 1280, False),
    "chapter": ("/b/b1/c/2?q=Kostanay#b1.c02.p002", 1280, False),
    "note": ("/note/b1/32", 1280, False),
    "books": ("/books", 1280, False),
    "phone-search": ("/search?q=tracteurs", 390, False),
}


def main() -> None:
    from searchlib.corpus import ingest_books, write_corpus
    from searchlib.index import build_index

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        shutil.copy(REPO / "corpus" / "books.toml", corpus)
        shutil.copytree(REPO / "corpus" / "sources", corpus / "sources")
        for table in (REPO / "corpus").glob("*.tsv"):
            shutil.copy(table, corpus)
        write_corpus(ingest_books(corpus), corpus / "ingested")
        build_index(corpus, Path(tmp) / "index")
        with served(corpus, Path(tmp) / "index") as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
            source = None
            for name, (path, width, full) in SHOTS.items():
                page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
                page.goto(base + path)
                page.screenshot(path=str(REPO / "docs" / f"screenshot-{name}.png"), full_page=full)
                print(f"docs/screenshot-{name}.png")
                if source is None and page.locator('a[href^="/source?url="]').count():
                    source = page.locator('a[href^="/source?url="]').first.get_attribute("href")
            if source is not None:
                page.set_viewport_size({"width": 1280, "height": 900})
                page.goto(base + source)
                page.locator(".cite").scroll_into_view_if_needed()
                page.screenshot(path=str(REPO / "docs" / "screenshot-source-cite.png"))
                print("docs/screenshot-source-cite.png")
            browser.close()


if __name__ == "__main__":
    main()
