"""A plain word's analysis without running its analyzer (:mod:`searchlib.index.word_shortcuts`)
is what the analyzer gives it: literal words, then every word of the books."""

from __future__ import annotations

from typing import Any

import pytest

from searchlib.analysis import french_analyzer, variant_analyzer
from searchlib.index.schema import spell_analyzer
from searchlib.index.shared_analysis import WordTerms
from searchlib.index.word_shortcuts import shortcut
from searchlib.index.writer import book_documents

ANALYZERS = [french_analyzer, variant_analyzer, spell_analyzer]


def alone(analyzer: Any, word: str) -> tuple[int, tuple[tuple[str, int, int, int, float], ...]]:
    """(positions the word takes, its tokens): the analyzer run over the word and a plain name
    after it, whose position is the word's width."""
    tokens = [(t.text, t.pos, t.startchar, t.endchar, t.boost)
              for t in analyzer(f"{word} Zz", positions=True, chars=True, boosts=True,
                                mode="index")
              if not t.stopped]
    *own, after = tokens
    assert after[0] == "zz" and after[2] == len(word) + 1
    return after[1], tuple(own)


def check(make: Any, words: list[str]) -> int:
    """Assert the shortcut's answers to the words the analyzer's tokenizer matches whole;
    returns how many of those it did not answer."""
    analyzer = make()
    answer = shortcut(analyzer.items)
    assert answer is not None
    pattern = WordTerms(analyzer).pattern
    unanswered = 0
    for word in words:
        if pattern.fullmatch(word) is None:
            continue
        found = answer(word)
        if found is None:
            unanswered += 1
        else:
            assert found == alone(make(), word), word
    return unanswered


@pytest.mark.parametrize("make", ANALYZERS)
def test_literal_words(make: Any) -> None:
    words = ["État", "état", "EAU", "eau", "CEE", "cee", "UEEA", "Kostanay", "Atlanta",
             "tonnes", "exportées", "II", "Беларусь", "œuvre", "2021", "½", "Ouzbékistan",
             "de", "Les", "l'État", "agro-industriel", "aujourd'hui", "lʼUnion", "2021‑2025",
             "L'UE", "Gomel-Homiel", "O'Neil", "jusqu'à", "l'agro-industriel", "qu'EAU",
             "anti-épidémiques", "e-CIS", "Aujourd’hui", "l'aujourd'hui", "d'½"]
    # All but the three aujourd'hui, which the filters keep whole despite their apostrophe
    # (the spell analyzer's words have none).
    assert check(make, words) == (0 if make is spell_analyzer else 3)


def test_an_unknown_chain_has_no_shortcut() -> None:
    from whoosh.analysis import StemmingAnalyzer

    assert shortcut(StemmingAnalyzer().items) is None
    assert WordTerms(spell_analyzer())._shortcut is not None


@pytest.mark.parametrize("make", ANALYZERS)
def test_every_word_of_the_books(make: Any, real_books: dict) -> None:
    words: set[str] = set()
    for book in real_books.values():
        for doc in book_documents(book):
            for value in (doc["text"], doc["notes"], doc["title"]):
                words.update(WordTerms(make()).split(value)[0])
    # The shortcut must answer all but the words kept whole despite an apostrophe, the same
    # as the analyzer.
    assert check(make, sorted(words)) <= len(words) // 1000
