"""The French analyzer chain: elision, compounds, folding before stemming, positions and offsets."""

from __future__ import annotations

import re

import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.qparser import QueryParser

from searchlib.analysis import STOP_WORDS, fold, french_analyzer, is_stop_word
from searchlib.analysis.french import (
    _MORE_STOP_WORDS,
    ELISION_PARTICLES,
    SNOWBALL_STOP_WORDS,
    WORD_RE,
    snowball_stem,
)
from searchlib.analysis.stem_overrides import STEM_OVERRIDES


def terms(text: str, mode: str = "query") -> list[str]:
    return [t.text for t in french_analyzer()(text, mode=mode)]


def tokens(text: str, mode: str = "index", **kwargs) -> list[tuple[str, int, str]]:
    """(term, position, the original text the offsets point at)."""
    analyzer = french_analyzer(**kwargs)
    return [
        (t.text, t.pos, text[t.startchar : t.endchar])
        for t in analyzer(text, positions=True, chars=True, mode=mode)
    ]


PARTICLES = "l d j m n s t c qu jusqu lorsqu puisqu quoiqu quelqu presqu".split()


@pytest.mark.parametrize("particle", PARTICLES)
@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_every_elision_particle_with_both_apostrophes(particle: str, apostrophe: str) -> None:
    text = f"{particle}{apostrophe}exportation"
    assert tokens(text) == [("export", 0, "exportation")]
    # Capitalised at the start of a sentence too.
    capital = particle.capitalize() + apostrophe + "Europe"
    assert tokens(capital) == [("europ", 0, "Europe")]


def test_aujourdhui_stays_one_word_with_both_apostrophes() -> None:
    assert terms("aujourd'hui") == ["aujourd'hui"]
    assert terms("aujourd\u2019hui") == ["aujourd'hui"]
    # An elided particle before it still goes, and the word still stays whole.
    assert tokens("jusqu\u2019aujourd\u2019hui") == [("aujourd'hui", 0, "aujourd\u2019hui")]


def test_an_apostrophe_that_is_not_an_elision_splits_like_a_hyphen() -> None:
    assert terms("O'Neil") == ["o", "neil"]


def test_accents_are_folded_before_stemming() -> None:
    # Snowball alone stems these differently: biéloruss vs bieloruss.
    for printed, typed in [
        ("biélorusse", "bielorusse"),
        ("Émirats", "Emirats"),
        ("coopération", "cooperation"),
        ("œuvre", "oeuvre"),
        ("Kraï", "Krai"),
    ]:
        assert terms(printed) == terms(typed), (printed, typed)
    assert terms("biélorusses Biélorusse") == ["bieloruss", "bieloruss"]


def test_number_range_yields_both_years_at_consecutive_positions() -> None:
    assert tokens("de 2021-2025 inclus") == [
        ("de", 0, "de"),
        ("2021", 1, "2021"),
        ("2025", 2, "2025"),
        ("inclus", 3, "inclus"),
    ]
    # An en dash already separates words.
    assert terms("2021\u20132025") == ["2021", "2025"]


def test_compound_gives_parts_and_at_index_time_the_whole() -> None:
    text = "le secteur agro-industriel du pays"
    assert tokens(text, mode="query") == [
        ("le", 0, "le"),
        ("secteur", 1, "secteur"),
        ("agro", 2, "agro"),
        ("industriel", 3, "industriel"),
        ("du", 4, "du"),
        ("pay", 5, "pays"),
    ]
    indexed = tokens(text, mode="index")
    assert ("agroindustriel", 2, "agro-industriel") in indexed
    # The whole sits at the first part's position, so the following words do not move.
    assert [t for t in indexed if t[0] != "agroindustriel"] == tokens(text, mode="query")


def test_compound_after_an_elision_and_unicode_hyphens() -> None:
    assert tokens("l'espace post\u2011soviétique", mode="query") == [
        ("espac", 0, "espace"),
        ("post", 1, "post"),
        ("soviet", 2, "soviétique"),
    ]


def test_words_are_told_whole_and_split_as_the_unit_expression_does(real_book_words) -> None:
    # one_unit and compound_parts answer with string methods what a run of letters and digits
    # (not superscripts) answers: on the books' words and on the joiners a word may mix.
    from searchlib.analysis.words import _UNIT, compound_parts, one_unit

    unit = re.compile(_UNIT)
    odd = ["a--b", "-a-", "x²-y", "m²", "a_b-c", "a b-c", "", "-", "2021-2025", "O'Neil",
           "l\u02bcÉtat-x", "x\u2070y-z", "a\u2019b\u2011c\u2010d", "Гомель-2", "ab٣-c", "é-"]
    for word in [*real_book_words, *odd]:
        assert one_unit(word) == (unit.fullmatch(word) is not None), word
        parts = compound_parts(word)
        assert parts is None or parts == [(m.start(), m.group()) for m in unit.finditer(word)]
    assert compound_parts("libre-échange") == [(0, "libre"), (6, "échange")]


def test_stop_words_are_kept_at_their_positions() -> None:
    assert tokens("la mise en œuvre des projets") == [
        ("la", 0, "la"),
        ("mis", 1, "mise"),
        ("en", 2, "en"),
        ("oeuvr", 3, "œuvre"),
        ("de", 4, "des"),
        ("projet", 5, "projets"),
    ]


def test_stop_words_gaps_mode_removes_them_and_keeps_positions() -> None:
    assert tokens("la mise en œuvre des projets", stop_words="gaps") == [
        ("mis", 1, "mise"),
        ("oeuvr", 3, "œuvre"),
        ("projet", 5, "projets"),
    ]
    with pytest.raises(ValueError):
        french_analyzer(stop_words="drop")  # type: ignore[arg-type]


def test_is_stop_word_folds_its_argument() -> None:
    assert is_stop_word("Les") and is_stop_word("à") and is_stop_word("était")
    assert is_stop_word("qu") and is_stop_word("jusqu")
    assert not is_stop_word("Gomel") and not is_stop_word("coopération")
    assert all(w == fold(w) for w in STOP_WORDS)


def test_the_written_out_stop_words_are_whooshs_french_list_folded() -> None:
    assert SNOWBALL_STOP_WORDS == {fold(w) for w in stopwords_for_language("fr")}
    more = {fold(w) for w in _MORE_STOP_WORDS}
    assert STOP_WORDS == SNOWBALL_STOP_WORDS | more | ELISION_PARTICLES


def test_chars_point_at_the_original_text_with_accents_and_elisions() -> None:
    text = "L\u2019Union économique eurasienne (EAEU) et d'États tiers¹, aujourd'hui."
    got = tokens(text)
    assert got == [
        ("union", 0, "Union"),
        ("econom", 1, "économique"),
        ("eurasien", 2, "eurasienne"),
        ("eaeu", 3, "EAEU"),
        ("EAEU", 3, "EAEU"),  # an acronym's capital term, same position and offsets
        ("et", 4, "et"),
        ("etat", 5, "États"),
        ("tier", 6, "tiers"),
        ("aujourd'hui", 7, "aujourd'hui"),
    ]


def test_start_char_and_start_pos_offsets_are_honoured() -> None:
    analyzer = french_analyzer()
    got = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer("l'État", positions=True, chars=True, start_pos=10, start_char=100)
    ]
    assert got == [("etat", 10, 102, 106)]


def _ram_index(docs: dict[str, str]):
    schema = Schema(id=ID(stored=True), text=TEXT(analyzer=french_analyzer(), chars=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        for doc_id, text in docs.items():
            w.add_document(id=doc_id, text=text)
    return ix


def _hits(ix, query: str) -> set[str]:
    with ix.searcher() as s:
        q = QueryParser("text", ix.schema).parse(query)
        return {hit["id"] for hit in s.search(q, limit=None)}


def test_in_a_whoosh_index_phrases_compounds_and_folding_match() -> None:
    ix = _ram_index(
        {
            "a": "La mise en œuvre du secteur agro-industriel biélorusse.",
            "b": "Une mise œuvre sans préposition, et l'industriel de l'agro.",
            "c": "Les Emirats et la cooperation pour 2021-2025.",
        }
    )
    assert _hits(ix, '"mise en oeuvre"') == {"a"}
    assert _hits(ix, '"agro-industriel"') == {"a"}
    assert _hits(ix, "agroindustriel") == {"a"}
    assert _hits(ix, "industriel agro") == {"a", "b"}
    assert _hits(ix, "Bielorusse") == {"a"}
    assert _hits(ix, "Émirats coopération") == {"c"}
    assert _hits(ix, "2025") == {"c"}
    # Offsets stored in the postings point at the printed word.
    with ix.searcher() as s:
        docnum = s.document_number(id="c")
        postings = s.reader().postings("text", "emirat")
        postings.skip_to(docnum)
        assert postings.value_as("characters") == [(1, 4, 11)]  # (position, start, end)


def test_on_the_real_books_every_token_points_at_the_word_it_came_from(real_books) -> None:
    analyzer = french_analyzer()
    paragraphs = [p.text for book in real_books.values() for p in book.paragraphs()]
    assert len(paragraphs) > 300
    count = 0
    for text in paragraphs:
        last = -1
        for t in analyzer(text, positions=True, chars=True, mode="index"):
            printed = text[t.startchar : t.endchar]
            # Re-analysing just the printed word gives the same term back.
            assert t.text in [u.text for u in analyzer(printed, mode="index")], (t.text, printed)
            assert t.pos >= last
            last = t.pos
            count += 1
    assert count > 20_000


def test_the_c_stemmer_stems_every_word_of_the_books_as_whoosh_does(real_books) -> None:
    # PyStemmer 3 (Snowball 3) stems these differently from Whoosh's port: pinned below 3.
    words = {"pakistanaise", "japonaises", "bijoux", "mauvais", "irlandaise", "économies"}
    for book in real_books.values():
        texts = [p.text for p in book.paragraphs()] + [n.text or "" for n in book.footnotes]
        for text in texts:
            for word in WORD_RE.findall(text):
                parts = re.split(r"\W+", word)
                # Folded, and as printed (the stem filter puts some accents back).
                words.update(fold(part) for part in parts)
                words.update(part.lower() for part in parts)
    words.discard("")
    assert len(words) > 9_000
    whoosh_stem = stemmer_for_language("fr")
    assert [snowball_stem(w) for w in sorted(words)] == [whoosh_stem(w) for w in sorted(words)]
    assert snowball_stem("pakistanaise") == "pakistanais" and snowball_stem("bijoux") == "bijoux"


def test_analyzers_pickle_without_their_caches_and_compare_equal() -> None:
    import pickle

    used = french_analyzer()
    list(used("La coopération biélorusse " * 20))
    blob = pickle.dumps(used)
    assert b"cooper" not in blob  # the caches stay out of the index's TOC
    restored = pickle.loads(blob)
    assert restored == french_analyzer()
    assert [t.text for t in restored("Émirats")] == ["emirat"]


def test_folded_suffixes_stem_as_snowball_stems_the_accented_words() -> None:
    # Folding first used to leave exportées as "exporte" and laitière as "laitier".
    for words in [
        ("exportées", "exportee", "exporter", "exportation"),
        ("laitière", "laitieres", "laitier", "laitiers"),
        ("activité", "activite", "activités"),
        ("particulièrement", "particulierement", "particulier"),
        ("signée", "signees", "signer", "signé"),
    ]:
        assert len({tuple(terms(w)) for w in words}) == 1, words
    # Words that only look like it keep their own stems.
    assert terms("site") != terms("situation") and terms("ite") == ["ite"]


def test_a_final_a_is_kept_except_as_the_futures_ending() -> None:
    # Snowball strips a final -a as a verb ending: Atlanta became the firm Atlant, Santa santé.
    for name, other in [("Atlanta", "Atlant"), ("Santa", "santé"), ("Data", "date"),
                        ("Gamma", "gamme"), ("Cuba", "cubes")]:
        assert terms(name) != terms(other), (name, other)
    assert terms("Atlanta") == terms("atlanta") == ["atlanta"]
    # A plural keeps it too, and the future's -ra still joins its verb.
    assert terms("médias") == terms("média") == ["media"]
    assert terms("permettra") == terms("permettre") and terms("deviendra") == terms("deviendrait")
    assert terms("sera") == ["ser"] and terms("Samara") == ["samar"]


def test_a_stem_that_would_be_a_stop_word_is_marked() -> None:
    # Snowball stems cee and tonnes to the stop words ce and ton, which the index keeps.
    assert terms("cee") == ["ce#"] and terms("ce") == ["ce"]
    assert terms("tonnes") == terms("tonne") == ["ton#"]
    assert terms("de") == ["de"]


def test_words_of_unrelated_meanings_get_stems_of_their_own() -> None:
    # Snowball gives each pair one stem: import, environ, commun, product, ser
    assert terms("importations importer") == ["import", "import"]
    assert terms("important importance") == ["important", "important"]
    assert terms("Environnement environnements") == ["environnement"] * 2
    assert terms("environ") == ["environ"]
    assert terms("communication communiquer") == ["communiqu", "communiqu"]
    assert terms("commune") == ["commun"]
    assert terms("productivité") != terms("production")
    assert terms("série séries") == ["serie", "serie"] and terms("sera") != ["serie"]
    assert terms("port ports") == ["port", "port"] and terms("porter portant") == ["porter"] * 2
    assert terms("part parts") == ["part", "part"] and terms("partie parties") == ["partie"] * 2
    assert all(fold(word) == word for word in STEM_OVERRIDES)  # looked up folded


def test_acronyms_get_their_capital_term_and_short_ones_find_only_it() -> None:
    assert tokens("EAU et eau") == [("eau", 0, "EAU"), ("EAU", 0, "EAU"), ("et", 1, "et"),
                                    ("eau", 2, "eau")]
    assert terms("EAU") == ["EAU"] and terms("eau") == ["eau"]
    assert terms("CEE") == ["CEE"] and terms("l'UEE") == ["UEE"]
    # Longer words in capitals are no French word to confuse: they find their stem too.
    assert terms("BRICS") == terms("brics") == ["bric"]
    assert terms("MINSK") == terms("Minsk")
    # One letter (an initial) is no acronym.
    assert terms("R") == ["r"]


def test_acronym_in_a_whoosh_index_is_not_the_french_word() -> None:
    schema = Schema(id=ID(stored=True), text=TEXT(analyzer=french_analyzer(), phrase=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        w.add_document(id="uae", text="Les pays de l'EAU et la CEE.")
        w.add_document(id="water", text="L'eau de ce puits, ces tonnes d'eau.")
    parser = QueryParser("text", schema)
    with ix.searcher() as s:
        def ids(q: str) -> set[str]:
            return {h["id"] for h in s.search(parser.parse(q))}
        assert ids("EAU") == {"uae"} and ids("eau") == {"uae", "water"}
        assert ids("CEE") == {"uae"} and ids("cee") == {"uae"}
        assert ids('"l\'EAU et la CEE"') == {"uae"}


def test_elided_stop_words_are_stop_words() -> None:
    assert is_stop_word("jusqu'à") and is_stop_word("qu\u2019il") and is_stop_word("l'")
    assert is_stop_word("ils") and is_stop_word("elles")
    assert not is_stop_word("l'UE") and not is_stop_word("d'Ouzbékistan")


def test_a_suffix_is_reaccented_as_its_expression_would(real_book_words):
    # reaccented() replaces the longest listed ending by string methods; the stemmer skips it
    # for a word without one of _REACCENT_ENDINGS.
    import re

    from searchlib.analysis.french import _REACCENT_ENDINGS, fold, reaccented

    expression = re.compile(r"(?:(ee)|(it)e|(iere))(s|ment)?$")
    accents = {"ee": "ée", "it": "ité", "iere": "ière"}

    def by_expression(word: str) -> str:
        return expression.sub(lambda m: accents[m[1] or m[2] or m[3]] + (m[4] or ""), word)

    folded = {fold(w) for w in real_book_words} | {"creee", "activites", "entierement", "ee"}
    for word in folded:
        assert reaccented(word) == by_expression(word), word
        assert (expression.search(word) is not None) == word.endswith(_REACCENT_ENDINGS), word
    assert sum(w.endswith(_REACCENT_ENDINGS) for w in folded) > 100
    assert reaccented("exportees") == "exportées" and reaccented("laitierement") == "laitièrement"


def test_stem_filters_keeping_the_same_words_whole_share_their_stems():
    from searchlib.analysis.french import FrenchStemFilter

    first, second = FrenchStemFilter(), FrenchStemFilter(cachesize=10)
    assert first.stemmed("cooperations") == "cooper"
    assert second._cache is first._cache and second._cache["cooperations"] == "cooper"
    # Another set of words kept whole stems otherwise: its stems are its own.
    whole = FrenchStemFilter(ignore=frozenset({"cooperations"}))
    assert whole.stemmed("cooperations") == "cooperations"
    assert first.stemmed("cooperations") == "cooper"
