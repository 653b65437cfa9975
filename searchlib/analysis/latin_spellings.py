"""unidecode's spelling of each Latin character (U+0000 to U+024F), written out.

:func:`.french.fold` spells a word's characters as unidecode does. Loading unidecode and its
first table cost the first word with an accent a new process folds 0.6 to 0.8 ms (in the
benchmark, Ouzbékistan's first answer, then the slowest of a round); this module, loaded by that
word instead, 0.15 ms. The Latin letters of French and of the names the books print (é, ç, œ, ł,
ş, Ə...) are spelled here, and unidecode is loaded only by a letter of another script (Cyrillic,
Greek...). ``tests/test_latin_spellings.py`` checks that every spelling is still unidecode's.
"""

from __future__ import annotations

__all__ = ["latin_spelling"]

#: The first character spelled by :data:`_SPELLINGS`: U+0080 (eight to a line, each line
#: marked with its first).
_FIRST = 0x80
#: unidecode's spelling of each character from :data:`_FIRST` on (``""``: none).
_SPELLINGS: tuple[str, ...] = (
    "", "", "", "", "", "", "", "",  # U+0080
    "", "", "", "", "", "", "", "",  # U+0088
    "", "", "", "", "", "", "", "",  # U+0090
    "", "", "", "", "", "", "", "",  # U+0098
    " ", "!", "C/", "PS", "$?", "Y=", "|", "SS",  # U+00A0
    "\"", "(c)", "a", "<<", "!", "", "(r)", "-",  # U+00A8
    "deg", "+-", "2", "3", "'", "u", "P", "*",  # U+00B0
    ",", "1", "o", ">>", " 1/4", " 1/2", " 3/4", "?",  # U+00B8
    "A", "A", "A", "A", "A", "A", "AE", "C",  # U+00C0
    "E", "E", "E", "E", "I", "I", "I", "I",  # U+00C8
    "D", "N", "O", "O", "O", "O", "O", "x",  # U+00D0
    "O", "U", "U", "U", "U", "Y", "Th", "ss",  # U+00D8
    "a", "a", "a", "a", "a", "a", "ae", "c",  # U+00E0
    "e", "e", "e", "e", "i", "i", "i", "i",  # U+00E8
    "d", "n", "o", "o", "o", "o", "o", "/",  # U+00F0
    "o", "u", "u", "u", "u", "y", "th", "y",  # U+00F8
    "A", "a", "A", "a", "A", "a", "C", "c",  # U+0100
    "C", "c", "C", "c", "C", "c", "D", "d",  # U+0108
    "D", "d", "E", "e", "E", "e", "E", "e",  # U+0110
    "E", "e", "E", "e", "G", "g", "G", "g",  # U+0118
    "G", "g", "G", "g", "H", "h", "H", "h",  # U+0120
    "I", "i", "I", "i", "I", "i", "I", "i",  # U+0128
    "I", "i", "IJ", "ij", "J", "j", "K", "k",  # U+0130
    "k", "L", "l", "L", "l", "L", "l", "L",  # U+0138
    "l", "L", "l", "N", "n", "N", "n", "N",  # U+0140
    "n", "'n", "NG", "ng", "O", "o", "O", "o",  # U+0148
    "O", "o", "OE", "oe", "R", "r", "R", "r",  # U+0150
    "R", "r", "S", "s", "S", "s", "S", "s",  # U+0158
    "S", "s", "T", "t", "T", "t", "T", "t",  # U+0160
    "U", "u", "U", "u", "U", "u", "U", "u",  # U+0168
    "U", "u", "U", "u", "W", "w", "Y", "y",  # U+0170
    "Y", "Z", "z", "Z", "z", "Z", "z", "s",  # U+0178
    "b", "B", "B", "b", "6", "6", "O", "C",  # U+0180
    "c", "D", "D", "D", "d", "d", "3", "@",  # U+0188
    "E", "F", "f", "G", "G", "hv", "I", "I",  # U+0190
    "K", "k", "l", "l", "W", "N", "n", "O",  # U+0198
    "O", "o", "OI", "oi", "P", "p", "YR", "2",  # U+01A0
    "2", "SH", "sh", "t", "T", "t", "T", "U",  # U+01A8
    "u", "Y", "V", "Y", "y", "Z", "z", "ZH",  # U+01B0
    "ZH", "zh", "zh", "2", "5", "5", "ts", "w",  # U+01B8
    "|", "||", "|=", "!", "DZ", "Dz", "dz", "LJ",  # U+01C0
    "Lj", "lj", "NJ", "Nj", "nj", "A", "a", "I",  # U+01C8
    "i", "O", "o", "U", "u", "U", "u", "U",  # U+01D0
    "u", "U", "u", "U", "u", "@", "A", "a",  # U+01D8
    "A", "a", "AE", "ae", "G", "g", "G", "g",  # U+01E0
    "K", "k", "O", "o", "O", "o", "ZH", "zh",  # U+01E8
    "j", "DZ", "Dz", "dz", "G", "g", "HV", "W",  # U+01F0
    "N", "n", "A", "a", "AE", "ae", "O", "o",  # U+01F8
    "A", "a", "A", "a", "E", "e", "E", "e",  # U+0200
    "I", "i", "I", "i", "O", "o", "O", "o",  # U+0208
    "R", "r", "R", "r", "U", "u", "U", "u",  # U+0210
    "S", "s", "T", "t", "Y", "y", "H", "h",  # U+0218
    "N", "d", "OU", "ou", "Z", "z", "A", "a",  # U+0220
    "E", "e", "O", "o", "O", "o", "O", "o",  # U+0228
    "O", "o", "Y", "y", "l", "n", "t", "j",  # U+0230
    "db", "qp", "A", "C", "c", "L", "T", "s",  # U+0238
    "z", "", "", "B", "U", "^", "E", "e",  # U+0240
    "J", "j", "q", "q", "R", "r", "Y", "y",  # U+0248
)


def latin_spelling(code: int) -> str | None:
    """unidecode's spelling of a Latin character (ASCII's: itself), ``None`` for any other.

    :param code: a character's code point.
    :returns: e.g. ``"e"`` for ``ord("é")``, ``"oe"`` for ``ord("œ")``, ``"k"`` for ``ord("k")``;
        ``None`` for ``ord("ж")``.
    """
    if code < _FIRST:
        return chr(code)  # str.translate asks for every character of a word, its ASCII ones too
    index = code - _FIRST
    return _SPELLINGS[index] if index < len(_SPELLINGS) else None
