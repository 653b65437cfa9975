"""The Latin letters' spellings written out in searchlib are unidecode's."""

from __future__ import annotations

from unidecode import unidecode

from searchlib.analysis.latin_spellings import latin_spelling


def test_every_latin_character_is_spelled_as_unidecode_spells_it() -> None:
    for code in range(0x250):
        assert latin_spelling(code) == unidecode(chr(code)), hex(code)
    assert latin_spelling(ord("é")) == "e" and latin_spelling(ord("œ")) == "oe"


def test_other_scripts_are_left_to_unidecode() -> None:
    assert [latin_spelling(code) for code in (0x250, ord("ж"), ord("北"))] == [None, None, None]
