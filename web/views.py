"""The one blueprint: every page and its JSON twin come from the same view function.

``/`` (search box), ``/search`` (+ ``.json``, ``.csv``), ``/p/<id>`` (passage, + ``.json`` and
citation downloads), ``/note/<book>/<n>``, ``/source?url=``, ``/books``. A view gathers a dict of
data; :func:`twin` sends it as JSON on ``*.json`` / ``?format=json`` or renders the template with
it. Parameters are checked by :mod:`web.params`; errors become pages in :mod:`web.errors`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue

from searchlib.cite.locators import locate
from searchlib.model import Footnote

from .cite_panel import no_author_notice, note_panel, panel_json, passage_panel
from .corpus import CorpusView, corpus_view
from .errors import wants_json
from .hits import filter_label
from .labels import chapter_label, shorten
from .params import (
    BOOK_ID_RE,
    context_params,
    filter_params,
    format_param,
    int_param,
    page_len_param,
    paragraph_id_param,
    query_param,
    sort_param,
    split_suffix,
)
from .reading import annotated_text, back_to_results, query_spans
from .render import book_meta_data, excerpt, linked_note, note_data, paragraph_data
from .urls import url_with
from .zotero import jsonld_script, passage_jsonld, passage_meta, source_jsonld, source_meta

bp = Blueprint("search", __name__)

EXAMPLES = ["Kostanay", "tracteurs Gomel", '"zone économique libre"', "belta.by 2021"]
# What the query parser (searchlib.search.query) accepts, each with an example that finds passages
# in the books (tests/test_web.py checks that every one does).
SYNTAX: list[tuple[str, str]] = [
    ("tracteurs Gomel", "tous les mots à la fois ; si aucun passage ne les a tous, ceux qui en "
     "ont au moins un (le message le signale). Accents, majuscules, élisions (l', d') et graphies "
     "(Kostanay, Kostanai, Kostanaï) sont indifférents ; les formes d'un mot aussi (tracteur, "
     "tracteurs)."),
    ('"zone économique libre"', "l'expression exacte, mots dans cet ordre (« … » aussi)."),
    ("Minsk OR Gomel", "l'un ou l'autre des mots (OR en majuscules)."),
    ("tracteurs NOT Minsk", "exclut les passages contenant Minsk ; de même -Minsk."),
    ("(Minsk OR Gomel) AND tracteurs", "parenthèses et AND pour grouper."),
    ("export*", "préfixe : export, exportations, exportateur…"),
    ("Moguilev~", "mot approché (une faute de frappe près ; Moguilev~2 : deux)."),
    ("book:b2 Kazakhstan", "un seul livre (livre: aussi) ; les identifiants sont sur la page "
     "Livres."),
    ("book:b1 chapter:7 Kostanay", "un chapitre (chapitre: aussi ; chapter:b1:7 nomme le livre)."),
    ("domain:belta.by tracteurs", "passages dont une note cite ce site."),
    ("year:2021 tracteurs", "passages dont une note cite une source de cette année (année: "
     "aussi)."),
]


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    return {
        "url_with": url_with,
        "excerpt": excerpt,
        "linked_note": linked_note,
        "chapter_label": chapter_label,
        "shorten": shorten,
        "filter_label": _filter_label,
    }


def _filter_label(name: str, value: str) -> str:
    return filter_label(corpus(), name, value)


def corpus() -> CorpusView:
    return corpus_view()


def twin(template: str, data: dict[str, Any], **context: Any) -> ResponseReturnValue:
    """The JSON form of ``data`` when asked for, else ``template`` rendered with it."""
    format_param()  # rejects ?format=xml with a 400 on every page
    if wants_json():
        return jsonify({"ok": True, **data})
    return render_template(template, data=data, **context)


def _passages(view: CorpusView, ids: list[str]) -> list[dict[str, str]]:
    return [{"id": p, "excerpt": excerpt(view.located[p].paragraph.text)} for p in ids
            if p in view.located]


@bp.route("/")
def index() -> ResponseReturnValue:
    syntax = [{"example": ex, "explanation": text} for ex, text in SYNTAX]
    data = {"examples": EXAMPLES, "syntax": syntax, "search": url_for("search.search")}
    return twin("index.html", data)


@bp.route("/p/<pid>")
def passage(pid: str) -> ResponseReturnValue:
    pid, as_json = split_suffix(pid)
    view = corpus()
    loc = view.locate(paragraph_id_param(pid))
    query, rank, filters, page_len = context_params()
    data = paragraph_data(view, loc)
    data["permalink"] = url_for("search.passage", pid=pid, _external=True)
    data["locator"] = str(locate(loc.book, loc.paragraph, loc.chapter))
    from .citations import citation_block

    data["citation"] = citation_block(loc.book, loc.paragraph)
    # A panel depends on the corpus alone: rendered once per generation.
    cite = view.remembered(("cite-passage", pid), lambda: passage_panel(loc.book, loc.paragraph))
    data["styles"] = panel_json(cite)
    if as_json:
        return jsonify({"ok": True, **data})
    spans = _spans(query, loc.book.id, loc.chapter.number).get(pid, [])
    text = annotated_text(loc.paragraph, view.notes, spans)
    back = back_to_results(query, rank, filters, page_len, current_app.config["PAGE_LEN"])
    chapter_url = _chapter_url(loc.book.id, loc.chapter.number, query, anchor=pid)
    return twin("document.html", data, text=text, loc=loc, back=back, query=query,
                chapter_url=chapter_url, highlighted=bool(spans), cite=cite,
                cite_notice=no_author_notice(loc.book), zotero_meta=passage_meta(data),
                zotero_jsonld=jsonld_script(passage_jsonld(data, data["locator"])))


def _spans(query: str, book: str, chapter: int | None) -> dict[str, list[tuple[int, int]]]:
    if not query:
        return {}
    from .searcher import get_generation, get_searcher

    # The tables (variants, synonyms) of the generation the request reads.
    return query_spans(get_searcher(), query, book, chapter, get_generation().corpus_dir)


def _chapter_url(book: str, number: int, query: str = "", anchor: str | None = None) -> str:
    args: dict[str, Any] = {"q": query} if query else {}
    return url_for("search.chapter", book=book, number=number, _anchor=anchor, **args)


@bp.route("/b/<book>/c/<number>")
def chapter(book: str, number: str) -> ResponseReturnValue:
    number, as_json = split_suffix(number)
    if not BOOK_ID_RE.match(book) or not number.isascii() or not number.isdigit() \
            or len(number) > 4:
        abort(404, "Ce chapitre n'existe pas.")
    view = corpus()
    the_book = view.book(book)
    found = [c for c in the_book.chapters if c.number == int(number)]
    if not found:
        abort(404, f"Le chapitre {int(number)} du livre « {book} » n'existe pas.")
    ch = found[0]
    query = query_param()
    numbers = [c.number for c in the_book.chapters]
    at = numbers.index(ch.number)
    previous = numbers[at - 1] if at > 0 else None
    following = numbers[at + 1] if at + 1 < len(numbers) else None
    data: dict[str, Any] = {
        "book": book_meta_data(the_book),
        "chapter": {"number": ch.number, "title": ch.title, "page": ch.page},
        "passages": [
            {"id": p.id, "page": p.page, "text": p.text, "footnotes": p.footnotes,
             "locator": str(locate(the_book, p, ch))}
            for p in ch.paragraphs
        ],
        "previous": previous,
        "next": following,
    }
    if as_json:
        return jsonify({"ok": True, **data})
    spans = _spans(query, book, ch.number)

    def note_url(n: int) -> str:
        return url_for("search.note", book=book, number=n)

    texts = {p.id: annotated_text(p, view.notes, spans.get(p.id, []), note_url)
             for p in ch.paragraphs}
    links = {
        "previous": _chapter_url(book, previous, query) if previous is not None else None,
        "next": _chapter_url(book, following, query) if following is not None else None,
    }
    return twin("chapter.html", data, texts=texts, query=query, links=links,
                matches=len(spans))


@bp.route("/p/<pid>/cite/<fmt>")
def passage_citation(pid: str, fmt: str) -> ResponseReturnValue:
    from .citations import download

    loc = corpus().locate(paragraph_id_param(pid))
    return download(loc.book, loc.paragraph, fmt)


@bp.route("/note/<book>/<number>")
def note(book: str, number: str) -> ResponseReturnValue:
    number, as_json = split_suffix(number)
    if not BOOK_ID_RE.match(book) or not number.isascii() or not number.isdigit():
        abort(404, "Cette note n'existe pas.")
    if len(number) > 6:
        abort(404, "Cette note n'existe pas.")
    view = corpus()
    footnote = view.note(book, int(number))
    data = note_data(footnote, view)
    data["book_title"] = view.book(book).meta.title
    data["book_label"] = view.book(book).meta.label
    data["passages"] = _passages(view, footnote.paragraphs)
    cite = _note_panel(view, footnote)
    data["styles"] = panel_json(cite)
    if as_json:
        return jsonify({"ok": True, **data})
    return twin("note.html", data, cite=cite, cite_title="Citer la source de cette note",
                zotero_meta=source_meta(view, view.book(book), footnote),
                zotero_jsonld=jsonld_script(source_jsonld(view, view.book(book), footnote)))


def _note_panel(view: CorpusView, note: Footnote) -> list[dict[str, Any]]:
    """The "Citer" panel of the source ``note`` cites, rendered once per generation."""
    if not note.text:
        return []
    return view.remembered(  # type: ignore[no-any-return]
        ("cite-note", note.book, note.number), lambda: note_panel(view.book(note.book), note))


@bp.route("/source.json")
@bp.route("/source")
def source() -> ResponseReturnValue:
    url = (request.args.get("url") or "").strip()
    if not url:
        abort(400, "Le paramètre « url » est vide.")
    if len(url) > 2000:
        abort(400, "L'adresse dépasse 2000 caractères.")
    try:
        urlsplit(url)
    except ValueError:  # e.g. "http://[::1": the URL parser itself refuses it
        abort(400, "Cette adresse n'est pas une URL valide.")
    from .citations import citing

    view = corpus()
    notes = citing(view, url)
    data = {
        "url": url,
        "total": len(notes),
        "notes": [
            {
                **note_data(n, view),
                "book_title": view.book(n.book).meta.title,
                "passages": _passages(view, n.paragraphs),
            }
            for n in notes
        ],
    }
    with_text = [n for n in notes if n.text]
    first = with_text[0] if with_text else None
    cite = _note_panel(view, first) if first else []
    data["styles"] = panel_json(cite)
    meta = source_meta(view, view.book(first.book), first) if first else []
    jsonld = source_jsonld(view, view.book(first.book), first) if first else None
    return twin("source.html", data, cite=cite, cite_title="Citer cette source", zotero_meta=meta,
                zotero_jsonld=jsonld_script(jsonld))


@bp.route("/books.json")
@bp.route("/books")
def books() -> ResponseReturnValue:
    view = corpus()
    data = {
        "books": [
            {
                **book_meta_data(b),
                # The counts of ``searchlib books --json`` (the twin keeps the CLI's contract).
                "pages": b.pages,
                "paragraphs": len(b.paragraphs()),
                "footnotes": len(b.footnotes),
                "chapters": [
                    {
                        "number": c.number,
                        "title": c.title,
                        "page": c.page,
                        "passages": [
                            {"id": p.id, "page": p.page, "excerpt": excerpt(p.text, 90)}
                            for p in c.paragraphs
                        ],
                    }
                    for c in b.chapters
                ],
            }
            for b in view.books
        ]
    }
    return twin("books.html", data)


@bp.route("/search.json", endpoint="search_json")
@bp.route("/search")
def search() -> ResponseReturnValue:
    from .search_view import search_page

    return search_page(
        query_param(),
        int_param("page", 1, 1, current_app.config["MAX_PAGE"]),
        page_len_param(),
        filter_params(),
        sort_param(),
    )


@bp.route("/search.csv")
def search_csv() -> ResponseReturnValue:
    from .search_view import csv_export

    return csv_export(query_param(required=True), filter_params(), sort_param())
