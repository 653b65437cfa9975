"""Snippets from stored character offsets: words as printed, escaped, phrases as one span."""

from __future__ import annotations

import numpy as np
import pytest
from search_fixtures import build_tiny_index

from searchlib.search import search, snippet_spans
from searchlib.search.snippets import render_snippet


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    ix = build_tiny_index(tmp_path_factory.mktemp("ix"))
    with ix.searcher() as s:
        yield s


def snippet(searcher, query):
    return search(searcher, query).hits[0].snippet


def test_marks_the_words_as_printed_never_stems(searcher):
    s = snippet(searcher, "tracteur agricole")
    assert "<mark>tracteurs</mark>" in s and "<mark>agricoles</mark>" in s


def test_accents_and_elision_keep_the_printed_form(searcher):
    s = snippet(searcher, "biélorussie usine")
    assert "<mark>Biélorussie</mark>" in s
    assert "l'<mark>usine</mark>" in s


def test_a_variant_spelling_is_highlighted_as_printed(searcher):
    hits = search(searcher, "Gomel").hits
    homiel = next(h for h in hits if h.id == "b2.c01.p001")
    assert "<mark>Homiel</mark>" in homiel.snippet


def test_phrase_is_one_span_and_its_stop_words_are_not_marked_elsewhere(searcher):
    s = snippet(searcher, '"chambre de commerce"')
    assert "<mark>chambre de commerce</mark>" in s
    assert s.count("<mark>") == 1


def test_text_is_html_escaped():
    text = "Le <b>prix</b> & la qualité"
    html = render_snippet(text, [(text.index("prix"), text.index("prix") + 4)])
    assert html == "Le &lt;b&gt;<mark>prix</mark>&lt;/b&gt; &amp; la qualité"


def test_long_text_is_cut_around_the_matches():
    text = ("mot " * 200) + "cible " + ("mot " * 200)
    start = text.index("cible")
    html = render_snippet(text, [(start, start + 5)], size=100, fragments=1)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>cible</mark>" in html
    assert len(html) < 140


def test_two_fragments_for_distant_matches():
    text = "alpha " + ("mot " * 200) + "omega"
    spans = [(0, 5), (text.index("omega"), len(text))]
    html = render_snippet(text, spans, size=60, fragments=2)
    assert html.count("<mark>") == 2 and " … " in html


def test_a_window_holding_every_match_starts_a_lead_before_the_first():
    # Both matches within reach of the first: one window, opening 60 characters (15 words)
    # before it and 100 characters long, cut at word ends.
    text = ("mot " * 50) + "alpha beta gamma " + ("mot " * 100)
    a, g = text.index("alpha"), text.index("gamma")
    html = render_snippet(text, [(a, a + 5), (g, g + 5)], size=100, fragments=2)
    assert html == "… " + "mot " * 15 + "<mark>alpha</mark> beta <mark>gamma</mark>" \
        + " mot" * 6 + " …"


def test_the_window_goes_to_the_most_matches_beyond_reach_of_the_first():
    # The first match alone, the other two together: the only window goes to the pair.
    text = "un " + ("mot " * 60) + "deux trois " + ("mot " * 60)
    d, t = text.index("deux"), text.index("trois")
    html = render_snippet(text, [(0, 2), (d, d + 4), (t, t + 5)], size=100, fragments=1)
    assert html == "… " + "mot " * 15 + "<mark>deux</mark> <mark>trois</mark>" + " mot" * 8 \
        + " …"


def test_the_pieces_of_a_text_with_markup_characters_are_escaped_in_every_window():
    text = "a < b et " + ("mot " * 80) + "prix & taxe"
    p = text.index("prix")
    html = render_snippet(text, [(0, 1), (p, p + 4)], size=100, fragments=2)
    assert html == "<mark>a</mark> &lt; b et" + " mot" * 23 + " … " + "mot " * 15 \
        + "<mark>prix</mark> &amp; taxe"


def test_no_match_in_text_shows_the_opening(searcher):
    # "pingouins" is only in the footnote the paragraph carries
    hit = search(searcher, "pingouins").hits[0]
    assert "<mark>" not in hit.snippet
    assert hit.snippet.startswith("Les entreprises de Homiel")


def test_a_family_word_is_highlighted_where_the_paragraph_prints_it(searcher):
    from whoosh import query as Q

    from searchlib.search.snippets import Highlighter

    reader = searcher.reader()
    docnum = searcher.document_number(id="b1.c01.p001")
    text = searcher.stored_fields(docnum)["text"]
    # a word of the family, matched in ``spell`` (no offsets): marked through its stem in ``text``
    found = Highlighter.from_query(Q.Term("spell", "produit", boost=0.5), reader)
    spans = found.spans(reader, [docnum], {docnum: text})
    assert [text[s:e] for s, e in spans[docnum]] == ["produit"]
    # another word of the same stem is not the family's word: nothing marked
    other = Highlighter.from_query(Q.Term("spell", "produits", boost=0.5), reader)
    assert other.spans(reader, [docnum], {docnum: text})[docnum] == []
    # the ``text`` term the expander carries on the word (from the families' stems) is the
    # one looked up: the word is not analysed again
    carried = Q.Term("spell", "produit", boost=0.5)
    carried.text_term = b"tracteur"
    marked = Highlighter.from_query(carried, reader).spans(reader, [docnum], {docnum: text})
    assert marked[docnum] == []  # "tracteur"'s occurrences, none printed "produit"
    carried.text_term = b"produit"
    marked = Highlighter.from_query(carried, reader).spans(reader, [docnum], {docnum: text})
    assert [text[s:e] for s, e in marked[docnum]] == ["produit"]


def test_only_the_positive_words_of_a_query_are_highlighted(searcher):
    from whoosh import query as Q

    from searchlib.search.nodes import MinShouldMatch
    from searchlib.search.snippets import Highlighter

    reader = searcher.reader()
    q = Q.And([
        Q.Or([Q.Term("text", "tracteur"), Q.Term("variants", "homiel"),
              Q.Not(Q.Term("text", "exclu"))]),
        MinShouldMatch([Q.Term("text", "usin"), Q.Term("title", "belarus")], minmatch=1),
        Q.AndNot(Q.Term("text", "agricol"), Q.Term("text", "retir")),
        Q.ConstantScoreQuery(Q.Term("text", "constant")),
    ])
    h = Highlighter.from_query(q, reader)
    assert h.terms == {("text", b"tracteur"), ("variants", b"homiel"), ("text", b"usin"),
                       ("text", b"agricol")}
    assert h.phrases == [] and h.family == set()


def test_rendered_snippets_are_kept_per_generation_terms_and_sizes(searcher, tmp_path):
    from whoosh import query as Q

    from searchlib.search.snippets import Highlighter, cut_snippets, snippet_cache

    reader = searcher.reader()
    docnum = searcher.document_number(id="b1.c01.p001")
    texts = {docnum: searcher.stored_fields(docnum)["text"]}
    terms = Highlighter.from_query(Q.Term("spell", "produit"), reader)
    first = cut_snippets(terms, reader, texts, size=80, fragments=1)[docnum]
    assert "<mark>produit</mark>" in first
    # The same terms and sizes get what the generation kept (a marker shows it is not re-cut).
    snippet_cache(reader).put((terms.key(), 80, 1), {docnum: "kept"})
    assert cut_snippets(terms, reader, texts, size=80, fragments=1)[docnum] == "kept"
    # Another query's terms, or other sizes, are cut afresh.
    other = Highlighter.from_query(Q.Term("spell", "produits"), reader)
    assert "<mark>" not in cut_snippets(other, reader, texts, size=80, fragments=1)[docnum]
    resized = cut_snippets(terms, reader, texts, size=81, fragments=1)[docnum]
    assert "<mark>produit</mark>" in resized
    # A new generation (another index of the same books) starts with nothing kept.
    with build_tiny_index(tmp_path / "ix").searcher() as fresh:
        assert snippet_cache(fresh.reader()) is not snippet_cache(reader)
        assert cut_snippets(terms, fresh.reader(), texts, size=80, fragments=1)[docnum] == first


def test_the_snippet_cache_drops_the_terms_least_recently_used_beyond_its_snippets():
    from searchlib.search.snippets import SnippetCache

    cache = SnippetCache(maxsize=3)
    cache.put(("a",), {1: "A1", 2: "A2"})
    cache.put(("b",), {1: "B1"})
    assert cache.get(("a",)) == {1: "A1", 2: "A2"}  # now the more recently used of the two
    cache.put(("c",), {3: "C3"})  # four snippets: the terms of "b" go
    assert (cache.get(("a",)), cache.get(("b",)), cache.get(("c",))) == \
        ({1: "A1", 2: "A2"}, None, {3: "C3"})
    cache.put(("c",), {3: "C3", 4: "C4"})  # more of the same terms: replaced, "a" dropped
    assert cache.keys() == [("c",)]
    cache.put(("d",), {n: "D" for n in range(4)})  # more snippets than the bound: not kept
    assert cache.get(("d",)) is None and cache.keys() == [("c",)]


def test_a_phrase_is_looked_for_only_where_the_search_matched_it(searcher):

    from searchlib.search import WEIGHTING
    from searchlib.search.engine import Engine
    from searchlib.search.expanders import expander_for
    from searchlib.search.query import parse
    from searchlib.search.snippets import Highlighter

    reader = searcher.reader()
    q = parse('"chambre de commerce"', expander_for(reader)).query
    engine = Engine(searcher, WEIGHTING)
    ids, _ = engine.run(q)
    # The engine says where each phrase it evaluated matched: here, in the body text.
    ((fieldname, words, slop), docs), *_ = [
        (k, v) for k, v in engine.phrases.items() if k[0] == "text"]
    assert (fieldname, words, slop) == ("text", ("chambr", "de", "commerc"), 1)
    assert docs.tolist() and set(docs.tolist()) <= set(ids.tolist())
    docnum = int(docs[0])
    text = searcher.stored_fields(docnum)["text"]
    other = next(d for d in range(reader.doc_count_all()) if d not in set(docs.tolist()))
    asked = [docnum, other]
    texts = {d: searcher.stored_fields(d)["text"] for d in asked}
    plain = Highlighter.from_query(q, reader).spans(reader, asked, texts)
    told = Highlighter.from_query(q, reader, engine.phrases).spans(reader, asked, texts)
    # The same spans, whether the highlighter was told where the phrase matched or not ...
    assert told == plain
    assert [text[s:e] for s, e in told[docnum]] == ["chambre de commerce"]
    # ... and a document the search did not match for the phrase is not searched for it.
    nowhere = {key: np.zeros(0, dtype=np.int64) for key in engine.phrases}
    blind = Highlighter.from_query(q, reader, nowhere).spans(reader, asked, texts)
    assert blind[docnum] == []


def test_merged_spans_render_as_the_raw_ones():
    from searchlib.search.snippet_html import merge_spans

    text = ("un mot " * 60) + "Homiel & <Gomel> " + ("autre mot " * 60) + "Homiel fin"
    gomel, homiel, last = text.index("Gomel"), text.index("Homiel"), text.rindex("Homiel")
    # Unsorted, one inside another: merged, they are three.
    raw = [(last, last + 6), (gomel, gomel + 12), (homiel, homiel + 6), (gomel, gomel + 5)]
    merged = merge_spans(raw)
    assert len(merged) == 3
    # The same span found twice (a word and its transliteration key) is one.
    assert merge_spans([(4, 9), (1, 3), (4, 9), (1, 3)]) == [(1, 3), (4, 9)]
    assert merge_spans([(4, 9), (4, 9)]) == [(4, 9)] and merge_spans([]) == []
    for size, fragments in ((240, 2), (60, 1), (5000, 2)):
        html = render_snippet(text, raw, size=size, fragments=fragments)
        assert html == render_snippet(text, merged, size=size, fragments=fragments, merged=True)
        assert "<mark>Homiel</mark>" in html
    assert "&amp; &lt;<mark>Gomel&gt; autre" in html  # the whole text: escaped, the spans joined


def test_a_page_and_an_export_find_the_same_spans(searcher, monkeypatch):
    # The few documents of a page are read one by one, more with array operations: the same.
    from whoosh import query as Q

    from searchlib.search.expanders import expander_for
    from searchlib.search.query import parse
    from searchlib.search.snippets import Highlighter

    reader = searcher.reader()
    docs = list(range(reader.doc_count_all()))
    texts = {d: searcher.stored_fields(d)["text"] for d in docs}
    highlighters = [Highlighter.from_query(parse(query, expander_for(reader)).query, reader)
                    for query in ('"chambre de commerce"', "Gomel tracteurs agricoles")]
    highlighters.append(Highlighter.from_query(Q.Term("spell", "produit"), reader))
    found = {}
    for few in (len(docs), 0):
        monkeypatch.setattr(snippet_spans, "FEW_DOCS", few)
        found[few] = [{d: [texts[d][s:e] for s, e in spans] for d, spans in
                       h.spans(reader, docs, texts).items() if spans} for h in highlighters]
    assert found[len(docs)] == found[0]
    phrase, words, family = found[0]
    assert list(phrase.values()) == [["chambre de commerce"]]
    assert sorted(w for spans in words.values() for w in spans) == [
        "Gomel", "Homiel", "agricoles", "tracteurs"]
    assert list(family.values()) == [["produit"]]


def test_a_page_of_an_index_without_posting_arrays_finds_the_same_spans(searcher, tmp_path,
                                                                        monkeypatch):
    # Written by other code: the occurrences Whoosh decodes, regrouped per document.
    from searchlib.index.posting_arrays import PostingArrays
    from searchlib.search.expanders import expander_for
    from searchlib.search.postings import index_arrays
    from searchlib.search.query import parse
    from searchlib.search.snippets import Highlighter

    def page_spans(s):
        reader = s.reader()
        docs = list(range(reader.doc_count_all()))
        texts = {d: s.stored_fields(d)["text"] for d in docs}
        found = {}
        for query in ('"chambre de commerce"', "Gomel tracteurs agricoles"):
            h = Highlighter.from_query(parse(query, expander_for(reader)).query, reader)
            found[query] = {s.stored_fields(d)["id"]: [texts[d][a:b] for a, b in spans]
                            for d, spans in h.spans(reader, docs, texts).items() if spans}
        return found

    with_arrays = page_spans(searcher)
    monkeypatch.setattr(PostingArrays, "beside", classmethod(lambda cls, leaf: None))
    with build_tiny_index(tmp_path / "ix").searcher() as plain:
        assert all(store is None for _l, _o, store in
                   index_arrays(plain.reader()).stores(plain.reader()))
        assert page_spans(plain) == with_arrays
    assert with_arrays['"chambre de commerce"']


def test_the_pages_of_the_real_books_find_the_spans_an_export_finds(real_searcher,
                                                                      real_book_words,
                                                                      monkeypatch):
    # A page's spans are read in place (its words' postings searched document by document), an
    # export's with array operations: the same, for words the books print (one in forty) and
    # the phrases and acronyms whose expansions are phrases.
    from searchlib.search import WEIGHTING
    from searchlib.search.engine import Engine
    from searchlib.search.expanders import expander_for
    from searchlib.search.query import parse
    from searchlib.search.snippets import Highlighter

    reader = real_searcher.reader()
    queries = [*real_book_words[::40], '"zone de libre-échange"', '"un district un projet"',
               '"feuille de route"', "CEI", "BUTB", "Émirats arabes unis", "agro-industriel"]
    marked = set()
    few, sets = snippet_spans.FEW_DOCS, snippet_spans.FEW_MATCHED
    for query in queries:
        q = parse(query, expander_for(reader)).query
        if q is None:
            continue
        engine = Engine(real_searcher, WEIGHTING)
        ids, _ = engine.run(q)
        page = ids.tolist()[:10]
        texts = {d: real_searcher.stored_fields(d)["text"] for d in page}
        highlighter = Highlighter.from_query(q, reader, engine.phrases)
        found = {}
        for at_most, matched in ((few, 0), (few, sets), (0, 0)):
            # (a phrase's matches asked with numpy or a Python set: the same too)
            monkeypatch.setattr(snippet_spans, "FEW_DOCS", at_most)
            monkeypatch.setattr(snippet_spans, "FEW_MATCHED", matched)
            found[at_most, matched] = highlighter.spans(reader, page, texts)
        assert found[0, 0] == found[few, 0] == found[few, sets], query
        marked |= {texts[d][s:e] for d, spans in found[0, 0].items() for s, e in spans}
    assert {"zone de libre-échange", "Un district - un projet", "feuille de route"} <= marked
    assert len(marked) > 300
