"""The query-time analysis of a word (:mod:`searchlib.search.word_analysis`): a plain word sent
straight past the links that find words gets exactly what the whole chain gives it."""

from __future__ import annotations

import pytest
from whoosh.analysis import RegexTokenizer

from searchlib.index.schema import passage_schema
from searchlib.search.word_analysis import analysis, analyze

#: Plain words (capitals, acronyms short and long, accents, ligatures, Cyrillic, digits, stop
#: words, a Snowball stem that is a stop word) and texts that are not one plain word.
WORDS = ["Kostanay", "coopération", "exportations", "CEI", "EAU", "BRICS", "MINSK", "œuvre",
         "Гомель", "СНГ", "Émirats", "2021", "de", "tonnes", "Atlanta", "médias", "x",
         "agro-industriel", "l'Union", "O'zbekiston", "aujourd'hui", "Commonwealth¹",
         "zone de libre-échange", "  Grodno ", "10:30", "", "§", "2021-2025"]


@pytest.mark.parametrize("field", ["text", "variants"])
def test_each_text_gets_what_the_whole_chain_gives(field):
    analyzer = passage_schema()[field].analyzer
    analysed = analysis(analyzer)
    for text in WORDS:
        assert analysed(text) == tuple(analyze(analyzer, text)), text


def test_a_plain_word_skips_the_tokenizer_and_anything_else_goes_through_it(monkeypatch):
    analyzer = passage_schema()["text"].analyzer
    tokenized: list[str] = []
    tokenizer = type(analyzer.items[0])
    whole = tokenizer.__call__

    def tokenize(self, value, **kwargs):
        tokenized.append(value)
        return whole(self, value, **kwargs)

    monkeypatch.setattr(tokenizer, "__call__", tokenize)
    analysed = analysis(analyzer)
    assert analysed("Kostanay") == ((0, "kostanay"),)
    assert analysed("agro-industriel") == ((0, "agro"), (1, "industriel"))
    assert tokenized == ["agro-industriel"]


def test_another_chain_is_analysed_whole():
    analyzer = RegexTokenizer(r"\w+")
    assert analysis(analyzer)("Kostanay Gomel") == ((0, "Kostanay"), (1, "Gomel"))
