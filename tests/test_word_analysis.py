"""The query-time analysis of a word (:mod:`searchlib.analysis.word_analysis`): a plain word sent
straight past the links that find words gets exactly what the whole chain gives it."""

from __future__ import annotations

import pytest
from whoosh.analysis import RegexTokenizer

from searchlib.analysis.word_analysis import analysis, analyze, stored_first
from searchlib.analysis.words import one_unit
from searchlib.index.schema import passage_schema

#: Plain words (capitals, acronyms short and long, accents, ligatures, Cyrillic, digits, stop
#: words, a Snowball stem that is a stop word) and texts that are not one plain word.
WORDS = ["Kostanay", "coopération", "exportations", "CEI", "EAU", "BRICS", "MINSK", "œuvre",
         "Гомель", "СНГ", "Émirats", "2021", "de", "tonnes", "Atlanta", "médias", "x",
         "agro-industriel", "l'Union", "O'zbekiston", "aujourd'hui", "Commonwealth¹",
         "zone de libre-échange", "  Grodno ", "10:30", "", "§", "2021-2025", "xⁿ", "m²"]


@pytest.mark.parametrize("field", ["text", "variants"])
def test_each_text_gets_what_the_whole_chain_gives(field):
    analyzer = passage_schema()[field].analyzer
    analysed = analysis(analyzer)
    for text in WORDS:
        assert analysed(text) == tuple(analyze(analyzer, text)), text


def test_one_unit_is_a_single_run_of_letters_and_digits():
    assert one_unit("coopération") and one_unit("Гомель") and one_unit("2021")
    # a superscript letter is a letter to str.isalpha, not to the tokenizer
    assert not any(map(one_unit, ["l'Union", "agro-industriel", "a b", "xⁿ", "m²", "", "§"]))


def _counting_tokenizer(monkeypatch, analyzer) -> list[str]:
    tokenized: list[str] = []
    tokenizer = type(analyzer.items[0])
    whole = tokenizer.__call__

    def tokenize(self, value, **kwargs):
        tokenized.append(value)
        return whole(self, value, **kwargs)

    monkeypatch.setattr(tokenizer, "__call__", tokenize)
    return tokenized


def test_the_french_chains_never_run_their_tokens(monkeypatch):
    analyzer = passage_schema()["text"].analyzer
    tokenized = _counting_tokenizer(monkeypatch, analyzer)
    analysed = analysis(analyzer)
    assert analysed("Kostanay") == ((0, "kostanay"),)
    assert analysed("l'agro-industriel de Kostanay") == (
        (0, "agro"), (1, "industriel"), (2, "de"), (3, "kostanay"))
    assert analysed("aujourd'hui") == ((0, "aujourd'hui"),)
    assert tokenized == []


def test_with_another_rest_a_plain_word_skips_the_tokenizer_and_anything_else_goes_through_it(
        monkeypatch):
    from whoosh.analysis import LowercaseFilter

    french = passage_schema()["text"].analyzer
    analyzer = french.items[0] | french.items[1] | french.items[2] | LowercaseFilter()
    tokenized = _counting_tokenizer(monkeypatch, analyzer)
    analysed = analysis(analyzer)
    assert analysed("Kostanay") == ((0, "kostanay"),)
    assert analysed("agro-industriel") == ((0, "agro"), (1, "industriel"))
    assert tokenized == ["agro-industriel"]


def test_another_chain_is_analysed_whole():
    analyzer = RegexTokenizer(r"\w+")
    assert analysis(analyzer)("Kostanay Gomel") == ((0, "Kostanay"), (1, "Gomel"))


@pytest.mark.parametrize("field", ["text", "variants"])
def test_every_word_of_the_books_gets_what_the_whole_chain_gives(real_book_words, field):
    analyzer = passage_schema()[field].analyzer
    analysed = analysis(analyzer)
    words = real_book_words
    assert len(words) > 10_000
    differ = [w for w in words if analysed(w) != tuple(analyze(analyzer, w))]
    assert differ == []


@pytest.mark.parametrize("field", ["text", "variants"])
def test_every_paragraph_gets_what_the_whole_chain_gives(real_books, field):
    # Each paragraph as printed (elisions and compounds shifting the positions after them),
    # without the words holding an apostrophe or a hyphen (the i-th word at position i), and
    # with symbols where those words were.
    import re

    from searchlib.analysis.words import WORD_RE, whole_word

    analyzer = passage_schema()[field].analyzer
    analysed = analysis(analyzer)
    texts = [p.text for b in real_books.values() for p in b.paragraphs()]
    plain = [" ".join(w for w in WORD_RE.findall(t) if whole_word(w)) for t in texts]
    plain += [re.sub(r"[\w'’-]*['’-][\w'’-]*", " ; ", t) for t in texts]  # symbols between
    differ = [t for t in texts + plain if analysed(t) != tuple(analyze(analyzer, t))]
    assert differ == []
    assert len(analysed(plain[0])) > 10


def test_stored_analyses_answer_first_through_the_look_up_given():
    stored = {"Gomel": (((0, "gomel"),), ((0, "gomel"),))}
    asked: list[str] = []

    def find(text: str):
        asked.append(text)
        return stored.get(text)

    terms = stored_first(stored, 0, lambda text: ((0, "derived"),), find=find)
    keys = stored_first(stored, 1, lambda text: ((0, "key"),), find=find)
    assert terms("Gomel") == ((0, "gomel"),) and keys("Gomel") == ((0, "gomel"),)
    assert terms("Minsk") == ((0, "derived"),) and keys("Minsk") == ((0, "key"),)
    assert asked == ["Gomel", "Gomel", "Minsk", "Minsk"]
