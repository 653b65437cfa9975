"""The accent-folding table written out in searchlib is Whoosh's."""

from __future__ import annotations

from whoosh.support.charset import accent_map

from searchlib.search.accents import ACCENT_MAP, accent_fold


def test_the_table_is_whooshs_character_for_character() -> None:
    assert ACCENT_MAP == accent_map


def test_accent_fold_lowers_and_strips_accents() -> None:
    assert accent_fold("Émirats") == "emirats"
    assert accent_fold("Biélorusse") == "bielorusse"
    assert accent_fold("ＡＢｃ１") == "abc1"
