"""End to end in headless Chromium: ``searchlib serve`` on the real books, driven by Playwright.

Needs Debian's ``chromium`` and ``playwright`` (``.ci/install-browser`` installs both); the
browser is the system one, never a Playwright download.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from bench.serving import served
from searchlib.index import build_index

REPO = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = REPO / "tests" / "vendor" / "axe.min.js"
#: What the accessibility check holds every page to (axe-core rule tags).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def server(real_corpus_dir, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("browser") / "index"
    build_index(real_corpus_dir, index_dir)
    with served(real_corpus_dir, index_dir, threads=4) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    # A CSP violation, a missing resource or a script error shows up as a console error.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    context.close()


def test_search_kostanay_follow_a_result_and_a_facet(server, page):
    page.goto(server + "/")
    page.fill("#q", "Kostanay")
    page.press("#q", "Enter")
    page.wait_for_selector("article.hit")
    assert "/search?q=Kostanay" in page.url
    assert page.locator("h1").inner_text().endswith("pour « Kostanay »")

    # Passages from both books, one of them spelling it "Kostanai".
    hits = page.locator("article.hit")
    # Each heading starts with its book's short label (the full title is its tooltip).
    books = set(page.locator("article.hit h2 .hit-book").all_inner_texts())
    assert len(books) == 2, books
    marks = {m.lower() for m in page.locator("article.hit .snippet mark").all_inner_texts()}
    assert "kostanai" in marks and "kostanay" in marks, marks
    assert hits.count() >= 2

    # Follow a result whose note cites BelTA to its passage page; the BelTA link is there.
    with_belta = page.locator("article.hit", has=page.locator('a.source-link[href*="belta.by"]'))
    assert with_belta.count() >= 1
    pid = with_belta.first.locator("a.hit-link").get_attribute("href")
    with_belta.first.locator("a.hit-link").click()
    page.wait_for_url("**" + pid.split("?")[0] + "?*")
    assert page.locator("article.passage h1").inner_text()
    belta = page.locator('article.passage a.source-link[href*="belta.by"]')
    assert belta.count() >= 1
    marker = page.locator("sup.marker a").first
    note_id = marker.get_attribute("href")
    assert note_id.startswith("#note-") and page.locator(note_id).count() == 1
    # The note links back to its marker, and the marker's note shows its BelTA link once.
    back = page.locator(f"{note_id} a.backref")
    assert back.get_attribute("href") == "#ref-" + note_id.removeprefix("#note-")
    marker.click()
    back.click()
    assert page.url.endswith("#ref-" + note_id.removeprefix("#note-"))
    assert page.locator('meta[name="citation_title"]').count() == 1

    # Back to the results (past the two in-page jumps); a facet filters, and its removal link
    # restores them all.
    for _ in range(3):
        page.go_back()
    page.wait_for_selector("article.hit")
    total = page.locator("h1").inner_text()
    book_facet = page.locator('section.facet[data-facet="book"] a.facet-link').first
    label = book_facet.inner_text()
    book_facet.click()
    page.wait_for_url("**book=*")
    assert set(page.locator("article.hit h2 .hit-book").all_inner_texts()) == {label}
    page.locator("a.remove-filter").first.click()
    page.wait_for_selector("article.hit")
    assert "book=" not in page.url and page.locator("h1").inner_text() == total
    assert page.errors == []


def test_pages_work_without_javascript_on_a_phone(server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server + "/")
    page.fill("#q", "tracteurs")
    page.click(".bigsearch button")
    page.wait_for_selector("article.hit")
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("article.hit a.hit-link").first.click()
    page.wait_for_selector("section.cite")
    assert "Citer ce passage" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


PHONE_PAGES = ["/", "/search?q=Kostanay", "/search?q=tracteurs&book=b2", "/books", "/note/b1/32",
               "/p/b2.c09.p004", "/p/b1.c02.p002?q=Kostanay&rank=1", "/p/b1.c01.p999",
               "/b/b1/c/2?q=Kostanay", "/search?q=Vitebskaya"]


@pytest.mark.parametrize("width", [320, 390])
def test_no_page_is_wider_than_a_phone(server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="fr-FR")
    page = context.new_page()
    source = None
    for path in PHONE_PAGES:
        page.goto(server + path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (path, scroll)
        if source is None and page.locator('a[href^="/source?url="]').count():
            source = page.locator('a[href^="/source?url="]').first.get_attribute("href")
    # The reverse lookup of a long BelTA URL too.
    assert source is not None
    page.goto(server + source)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # On a phone the results come before the facets, and "Filtrer" at the top leads to them.
    page.goto(server + "/search?q=Kostanay")
    first_hit = page.locator("article.hit").first.bounding_box()
    facets = page.locator("aside.facets").bounding_box()
    assert first_hit["y"] < facets["y"]
    page.click("text=Filtrer")
    page.wait_for_url("**#facets")
    assert page.evaluate("document.querySelector('#facets').getBoundingClientRect().top") < 844
    context.close()


def test_keyboard_focus_is_visible(server, page):
    page.goto(server + "/search?q=Kostanay")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_from_a_hit_to_a_copied_citation(server, browser):
    """The researcher's path: search → hit (highlighted, back link) → chapter → note → source →
    "Citer" in each style → copy (announced in a live region)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/search?q=Kostanay")
    hit = page.locator("article.hit", has=page.locator('a.source-link[href*="belta.by"]')).first
    rank = hit.get_attribute("id").removeprefix("hit-")
    hit.locator("a.hit-link").click()
    page.wait_for_url(re.compile(r"/p/[^?]+\?q=Kostanay"))
    # The passage: the query highlighted, which result it is, and the way back.
    assert "kostana" in page.locator("article.passage p.text mark").first.inner_text().lower()
    assert page.locator(".context .rank").inner_text().startswith(f"résultat n° {rank} ")
    back = page.locator("a.back").get_attribute("href")
    assert back.startswith("/search?q=Kostanay") and back.endswith(f"#hit-{rank}")
    pid = page.url.split("/p/")[1].split("?")[0]
    # The chapter, opened at the passage, the query highlighted there too.
    page.click("text=Lire le passage dans son chapitre")
    page.wait_for_url(f"**/b/**#{pid}")
    passage = page.locator(f'section.reading[id="{pid}"]')
    assert passage.locator("mark").count() >= 1
    # A note marker leads to the note, the note to every passage citing its source.
    passage.locator("sup.marker a").first.click()
    page.wait_for_url("**/note/**")
    assert page.locator("h1").inner_text().startswith("Note ")
    page.locator("a", has_text="autres passages citant cette source").first.click()
    page.wait_for_url(re.compile(r"/source\?url="))
    assert page.locator('meta[name="citation_journal_title"]').get_attribute("content") == "BelTA"
    # "Citer": each style's reference, copied to the clipboard, the copy announced.
    styles = page.locator(".cite .style")
    names = [styles.nth(i).get_attribute("data-citation") for i in range(styles.count())]
    assert names == ["iso690", "chicago", "apa", "gost"]
    for name in names:
        reference = page.locator(f"#cite-{name}").inner_text().strip()
        assert "belta.by" in reference, name
        page.click(f'button.copy[data-copy="cite-{name}"]')
        # expect() polls from Playwright's own world: a predicate string would be eval'd in the
        # page, which the CSP (no 'unsafe-eval') refuses once the first check fails.
        expect(page.locator(".copy-status")).to_have_text("Copié")
        assert page.evaluate("navigator.clipboard.readText()").strip() == reference, name
        page.evaluate("document.querySelector('.copy-status').textContent = ''")
    # Back on the passage, its link leads back to the results, at the hit.
    page.goto(server + back)
    page.wait_for_selector(f"#hit-{rank}")
    assert errors == []
    context.close()


AXE_PAGES = ["/", "/search?q=Kostanay", "/search?q=Vitebskaya", "/books", "/note/b1/32",
             "/p/b1.c02.p002?q=Kostanay&rank=1", "/b/b1/c/2?q=Kostanay", "/nowhere"]


# On a phone, the pages whose layout changes most (the rest are checked at desktop width).
AXE_PHONE_PAGES = ["/search?q=Kostanay", "/p/b1.c02.p002?q=Kostanay&rank=1"]


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_accessibility_violation(server, browser, width):
    # axe is injected as a script: the check's own context lifts the CSP that forbids it.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    axe = AXE.read_text(encoding="utf-8")
    source = None
    pages = [*AXE_PAGES, None] if width > 400 else AXE_PHONE_PAGES
    for path in pages:
        page.goto(server + (path or source))
        if source is None and page.locator('a[href^="/source?url="]').count():
            source = page.locator('a[href^="/source?url="]').first.get_attribute("href")
        page.add_script_tag(content=axe)
        violations = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))]))",
            AXE_TAGS,
        )
        assert violations == [], (path or source, violations)
    context.close()
