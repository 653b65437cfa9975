"""Accent folding (searchlib.analysis.folding): unidecode's spelling, without unidecode's cost."""

from __future__ import annotations

import re

from searchlib.analysis import fold


def test_fold_drops_what_unidecode_turns_into_punctuation() -> None:
    assert fold("Émirats") == "emirats"
    assert fold("СНГ") == "sng"
    assert fold("Беларусь") == "belarus"
    assert fold("aujourd\u2019hui") == "aujourd'hui"
    # Plain ASCII words and numbers only lose their capitals.
    assert [fold(w) for w in ("EAU", "Kostanay", "2021", "CO2")] == ["eau", "kostanay", "2021",
                                                                     "co2"]


def test_fold_spells_each_character_as_unidecode_spells_the_word(real_book_words) -> None:
    # fold() spells a word's characters one by one from a table grown as they are met; unidecode
    # spells the whole word: the same on every word of the books and on other scripts.
    from unidecode import unidecode

    def by_unidecode(word: str) -> str:
        parts = (re.sub(r"[^a-z0-9]+", "", unidecode(p).lower()) for p in re.split("['’ʼ]", word))
        return "'".join(p for p in parts if p)

    others = ["Беларусь", "СНГ", "北京", "Ελλάδα", "œuvre", "Æsir", "straße", "İstanbul", "ǅ",
              "ﬁnance", "Ⅻ", "①", "Kostanaï", "Qazaqstan’s", "\u00e9\u0301", "😀x"]
    words = [*real_book_words, *others]
    assert [fold.__wrapped__(w) for w in words] == [by_unidecode(w) for w in words]
    assert fold("Émirats") == "emirats" and fold("Беларусь") == "belarus"


def test_a_spelling_in_ascii_keeps_what_the_expression_keeps() -> None:
    from searchlib.analysis.folding import _ASCII_NOT_TERM

    ascii = "".join(map(chr, range(128)))
    assert ascii.translate(_ASCII_NOT_TERM) == re.sub(r"[^a-z0-9]+", "", ascii)


def test_the_written_out_latin_letters_are_spelled_as_unidecode_spells_them() -> None:
    from unidecode import unidecode

    from searchlib.analysis.folding import _FIRST_LATIN, _LATIN_SPELLINGS

    assert _FIRST_LATIN + len(_LATIN_SPELLINGS) == 0x250  # to the end of Latin Extended-B
    for i, spelled in enumerate(_LATIN_SPELLINGS):
        assert spelled == unidecode(chr(_FIRST_LATIN + i)), hex(_FIRST_LATIN + i)
