"""The shared analysis yields exactly what each field's own analyzer yields
(:mod:`searchlib.index.shared_analysis`): tokens with positions, chars and boosts; postings."""

from __future__ import annotations

from typing import Any

import pytest
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer

from searchlib.analysis import french_analyzer, variant_analyzer
from searchlib.index.schema import passage_schema, spell_analyzer
from searchlib.index.shared_analysis import SharedAnalysis, ValueWords, WordTerms, wordwise

TEXTS = [
    "L'État et l’Union économique eurasiatique (UEEA) : la coopération agro-industrielle.",
    "Aujourd'hui, jusqu'à 2021-2025, les tracteurs biélorusses vont à Kostanay et Kostanai.",
    "La CEE et les EAU ; O'Neil, Douchanbé, Gomel–Homiel, Беларусь¹ et œuvre, cee, l'",
    "Mise en œuvre : la zone de libre-échange, de la Chine à l'Ouzbékistan. ÉTAT ½ № © x-",
    "",
    "  ",
]


def analyzer_tokens(analyzer: Any, text: str) -> list[tuple[str, int, int, int, float]]:
    return [(t.text, t.pos, t.startchar, t.endchar, t.boost)
            for t in analyzer(text, positions=True, chars=True, boosts=True, mode="index")
            if not t.stopped]


@pytest.mark.parametrize("make", [french_analyzer, variant_analyzer, spell_analyzer])
@pytest.mark.parametrize("text", TEXTS)
def test_words_give_the_analyzers_tokens(make: Any, text: str) -> None:
    analyzer = make()
    terms = WordTerms(analyzer)
    words = [(m.group(), m.start()) for m in terms.pattern.finditer(text)]
    assert terms.tokens(words) == analyzer_tokens(analyzer, text)
    # Twice: the second time every word comes from memory.
    assert terms.tokens(words) == analyzer_tokens(analyzer, text)


@pytest.mark.parametrize("make", [french_analyzer, variant_analyzer, spell_analyzer])
def test_words_the_tokenizer_matched_are_learnt_unchecked_alike(make: Any) -> None:
    checked, matched = WordTerms(make()), WordTerms(make())
    words = [w for text in TEXTS for w in checked.words(text)]
    checked.learn(words)
    matched.learn(words, matched=True)
    assert [matched.word(w) for w in words] == [checked.word(w) for w in words]
    assert matched.terms == checked.terms


def test_compound_widths_shift_the_following_words() -> None:
    terms = WordTerms(french_analyzer())
    text = "agro-industriel Minsk"
    tokens = terms.tokens([(m.group(), m.start()) for m in terms.pattern.finditer(text)])
    # The joined agroindustriel and agro at 0, industriel at 1: Minsk comes at 2.
    assert [t[1] for t in tokens] == [0, 0, 1, 2]
    assert [t[2:4] for t in tokens] == [(0, 15), (0, 4), (5, 15), (16, 21)]
    assert tokens == analyzer_tokens(french_analyzer(), text)


def documents() -> list[dict[str, str]]:
    docs = []
    for n, text in enumerate(TEXTS * 2):
        notes = "" if n % 2 else f"Voir l'OCS et Golovchenko, note {n}."
        docs.append({"id": f"p{n}", "text": text, "title": "Le Kazakhstan" if n < 6 else "Un",
                     "notes": notes, "variants": text, "note_variants": notes, "spell": text,
                     "fn": "1,2"})
    return docs


def test_document_fields_are_the_fields_own() -> None:
    # Shared fields come as their words (grouped per segment: tests/test_word_postings.py),
    # with the field length the field's own postings give; the others as their own postings.
    schema = passage_schema()
    analysis = SharedAnalysis(schema)
    shared = {"text", "title", "notes", "variants", "note_variants", "spell"}
    assert {n for n in schema.names() if analysis.shared(n)} == shared
    for doc in documents():
        fields = analysis.document(doc)
        assert set(fields) == shared | {"id", "fn"}
        for name, entry in fields.items():
            own = list(schema[name].index(doc[name]))
            if name not in shared:
                assert sorted(entry) == sorted(own), name
                continue
            assert isinstance(entry, ValueWords)
            matches = list(entry.terms.pattern.finditer(doc[name]))
            assert entry.ids == entry.terms.ids([m.group() for m in matches])
            # Start chars only where the values hold character spans.
            chars = name in ("text", "variants")
            assert entry.starts == [m.start() for m in matches if chars]
            assert entry.length == sum(n for _, n, _, _ in own), name


def test_a_repeated_value_gives_equal_postings_in_new_objects() -> None:
    analysis = SharedAnalysis(passage_schema())
    doc = {**documents()[0], "fn": "1,2,3"}
    first = analysis.document(doc)["fn"]
    again = analysis.document(doc)["fn"]
    assert again == first
    assert all(a[3] is not b[3] for a, b in zip(again, first, strict=True))


def test_word_tables_as_arrays() -> None:
    terms = WordTerms(french_analyzer())
    assert terms.ids(["Minsk", "agro-industriel", "Minsk"]) == [0, 1, 0]
    tables = terms.arrays()
    assert tables.widths.tolist() == [1, 2]
    assert tables.token_counts.tolist() == [1, 3]
    assert tables.first_tokens.tolist() == [0, 1]
    assert [terms.terms[t] for t in tables.token_terms.tolist()] == [
        "minsk", "agroindustriel", "agro", "industriel"]
    assert tables.token_positions.tolist() == [0, 0, 0, 1]
    assert tables.token_starts.tolist() == [0, 0, 0, 5]
    assert tables.token_ends.tolist() == [5, 15, 4, 15]
    assert terms.arrays() is tables
    terms.ids(["Gomel"])
    assert terms.arrays().widths.tolist() == [1, 2, 1]
    terms.forget()
    assert terms.ids(["Gomel"]) == [0]


def test_word_ids_of_known_and_new_words_mixed() -> None:
    terms = WordTerms(french_analyzer())
    assert terms.ids(["Minsk"]) == [0]
    assert terms.ids(["Gomel", "Minsk", "Brest", "Gomel"]) == [1, 0, 2, 1]
    assert terms.ids(["Brest", "Minsk"]) == [2, 0]


def test_other_analyzers_are_left_to_their_field() -> None:
    # Removing stop words, or a stock chain, is not wordwise: those fields index themselves.
    assert wordwise(french_analyzer())
    assert wordwise(spell_analyzer())
    assert not wordwise(french_analyzer(stop_words="gaps"))
    assert not wordwise(StemmingAnalyzer())


def _resolved(entry: Any) -> Any:
    """A document's field with each word id replaced by that word's width and tokens."""
    if not isinstance(entry, ValueWords):
        return entry
    terms = entry.terms
    words = []
    for i in entry.ids:
        first = terms.first_tokens[i]
        tokens = range(first, first + terms.token_counts[i])
        words.append((terms.widths[i], [(terms.terms[terms.token_terms[t]],
                                          terms.token_positions[t], terms.token_starts[t],
                                          terms.token_ends[t]) for t in tokens]))
    return words, entry.starts, entry.length


def test_learning_the_documents_first_changes_nothing() -> None:
    # A build learns a book's words before adding its documents: the words come in another
    # order (other ids), each with the same analysis.
    docs = documents()
    first, value_by_value = SharedAnalysis(passage_schema()), SharedAnalysis(passage_schema())
    first.learn(docs)
    learnt = {name: len(terms.widths) for name, terms in first._terms.items()}
    for doc in docs:
        ours, theirs = first.document(doc), value_by_value.document(doc)
        assert {n: _resolved(e) for n, e in ours.items()} == {
            n: _resolved(e) for n, e in theirs.items()}
    # Nothing was left to learn once the documents came.
    assert {name: len(terms.widths) for name, terms in first._terms.items()} == learnt


@pytest.mark.parametrize("make", [french_analyzer, variant_analyzer, spell_analyzer,
                                  lambda: RegexTokenizer(r"(\w)+") | LowercaseFilter()])
@pytest.mark.parametrize("text", TEXTS)
def test_words_without_offsets_are_the_split_words(make: Any, text: str) -> None:
    # A pattern with a group too: findall would give the groups, not the words.
    terms = WordTerms(make())
    assert terms.words(text) == terms.split(text)[0]
