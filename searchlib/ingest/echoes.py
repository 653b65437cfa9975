"""Echoes in URL paths: a piece of a slug printed twice, the export's line-wrap damage.

Where the book's export wrapped a long URL it often printed the end of one line again at the
start of the next: the path then holds a substring followed by a second copy of itself
(``godagoda``, ``god-god``, ``mogut-gut``, ``news-ru/view/vnews-ru/view/v``), sometimes with a
letter misread in one copy (``stviya-stviva``, ``mldr-47-mlrd-472551``). The rule, for any
substring of 3 characters or more at any position:

* an **exact echo** is a substring of at least 3 letters or digits immediately
  followed (after at most one separator ``-_/``) by an identical copy; one copy goes. Slugs do
  repeat short words and directory names, so: a copy spanning directories is always an echo;
  one directory followed by a directory of the same name (``/novosti/novosti-kompaniy``) never;
  glued copies (``godagoda``) when they end a word or are 6 characters or more; copies between
  separators when the second ends a word or both are 6 characters or more (``drug-drugu`` is
  Russian), and the first copy is whole words (``god-god``) or 4 characters or more
  (``drajverom-verom``); the 3-letter end of a longer word (``mogut-gut``, but ``beltpp-tpp``)
  only when no other article prints it as a word of its own (``is_word`` below); copies of
  several words always (``a-447a-447921``); numbers of 4 digits or more (``434551-434551``);
* a **damaged echo** is a substring of 6 characters or more followed the same way by a copy at
  edit distance at most one per eight characters (at least one; a swap of two neighbours is one
  edit). Which copy goes is a choice between two spellings: :func:`drop_echoes` asks ``choose``
  (the corpus-wide lexicon of :mod:`searchlib.ingest.source_repair`, which keeps the copy whose
  words other URLs also print); without an answer the path stays as printed and the echo is
  reported unresolved. No letter is ever written that the path does not print.

Hand-written because no library finds near-tandem repeats in short strings; the paths are a
few hundred characters, so the quadratic scans are cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

SEPARATORS = "-_/"
_MIN = 3  # shortest echoed substring
_MIN_DAMAGED = 6  # shortest echoed substring allowed to differ from its copy
# The longest exact copy first; at most one separator between the copies.
_EXACT = re.compile(r"(?=((.{3,})([-_/]?)\2))", re.DOTALL)

#: Picks the better of two candidate paths, or ``None`` when it cannot tell.
Chooser = Callable[[str, str], "str | None"]


@dataclass(frozen=True)
class Echo:
    """One echo found in a path: the path without either copy, and whether both are equal."""

    printed: str
    keep_first: str
    keep_second: str
    exact: bool
    unit: str = ""


def osa_distance(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance counting a swap of neighbours as one edit (optimal string alignment).

    :param limit: stop early once the distance is sure to exceed it (then ``limit + 1``).
    """
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if limit is not None and min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def _ends_word(path: str, end: int) -> bool:
    return end >= len(path) or path[end] in SEPARATORS


def _is_echo(path: str, start: int, end: int, unit: str, sep: str, doubtful: bool = False) -> bool:
    """Whether ``unit`` said twice at ``path[start:end]`` is damage rather than the slug's words.

    :param doubtful: whether to accept the 3-letter end of a word said again (``mogut-gut``),
        which only the census can tell from a real word (``beltpp-tpp``).
    """
    alnum = len(re.findall("[a-z0-9]", unit, re.IGNORECASE))
    if alnum < _MIN or (alnum < 4 and not re.search("[a-z]", unit, re.IGNORECASE)):
        return False  # "na-na", "10-10": short words and numbers do repeat
    if "/" in unit.strip(SEPARATORS):
        return True  # several directories said twice
    if sep == "/" or "/" in unit:
        return False  # one directory named like the next (``/novosti/novosti-kompaniy``)
    if re.search("[-_]", unit.strip(SEPARATORS)):
        return True  # several words said twice (``a-447a-447921``)
    if not sep and not unit.endswith(("-", "_")):
        # Glued copies (``godagoda``): a short unit must end a word (``khokhol`` is a name).
        return len(unit) >= 6 or _ends_word(path, end)
    # Copies between separators (``god-god``): the first must be whole words too, unless
    # long (``beltpp-tpp`` is BelTA's chamber and the chamber's own short name).
    if not (_ends_word(path, end) or len(unit) >= 6):
        return False  # "drug-drugu" is Russian ("each other"), not "drug" said twice
    whole = start == 0 or path[start - 1] in SEPARATORS
    return whole or alnum >= 4 or doubtful


def exact_echo(path: str, *, doubtful: bool = False) -> Echo | None:
    """The longest exact echo of ``path`` (see the module docstring), or ``None``."""
    best: tuple[int, int, str] | None = None
    for match in _EXACT.finditer(path):
        whole, unit, sep = match.group(1), match.group(2), match.group(3)
        start, end = match.start(), match.start() + len(whole)
        if not sep and len(unit) > 1 and unit[-1] in SEPARATORS:
            # ``gut-gut-``: the copies are ``gut``, a hyphen between them.
            unit, sep, end = unit[:-1], unit[-1], end - 1
        if not _is_echo(path, start, end, unit, sep, doubtful):
            continue
        if best is None or len(unit) > len(best[2]):
            best = (start, end, unit)
    if best is None:
        return None
    start, end, unit = best
    kept = path[:start] + unit + path[end:]
    return Echo(path, kept, kept, exact=True, unit=unit.strip(SEPARATORS))


def damaged_echo(path: str) -> Echo | None:
    """The longest echo of ``path`` whose copies differ by a misread letter or two, or ``None``."""
    best: Echo | None = None
    best_len = 0
    bigrams: dict[str, list[int]] = {}
    for i in range(len(path) - 1):
        bigrams.setdefault(path[i : i + 2], []).append(i)
    for b in range(_MIN_DAMAGED, len(path) - _MIN_DAMAGED + 1):
        # The second copy opens where a word starts (after a separator, or glued to a copy).
        for gap in (1, 0):
            if gap and path[b - 1] not in SEPARATORS:
                continue
            end1 = b - gap
            for a in bigrams.get(path[b : b + 2], []):
                length = end1 - a
                if length < _MIN_DAMAGED or length <= best_len:
                    continue
                allowed = max(1, length // 8)
                last = path[end1 - 1]
                for delta in range(-allowed, allowed + 1):
                    end2 = b + length + delta
                    # Cheap tests first: the copies end alike, the second at a word's end.
                    if end2 > len(path) or path[end2 - 1] != last or not _ends_word(path, end2):
                        continue
                    first, second = path[a:end1], path[b:end2]
                    if len(second) < _MIN_DAMAGED or second == first:
                        continue
                    if osa_distance(first, second, allowed) <= allowed:
                        best_len = length
                        best = Echo(
                            path,
                            keep_first=path[:end1] + path[end2:],
                            keep_second=path[:a] + path[b:],
                            exact=False,
                        )
                        break
    return best


def drop_echoes(
    path: str, choose: Chooser | None = None, is_word: Callable[[str], bool] | None = None
) -> tuple[str, list[Echo]]:
    """``path`` without its echoes, and those that were left as printed (undecided).

    :param choose: decides between the two copies of a damaged echo; without it damaged echoes
        are left alone and not reported (the reader's first pass has no lexicon yet).
    :param is_word: whether other articles print a word on its own; without it the 3-letter
        end of a word said again is left alone.
    """
    undecided: list[Echo] = []
    for _ in range(8):  # a path holds a few echoes at most; each pass removes one
        echo = exact_echo(path)
        if echo is None and choose is not None:
            echo = damaged_echo(path)
            if echo is not None:
                kept = choose(echo.keep_first, echo.keep_second)
                if kept is None:
                    undecided.append(echo)
                    return path, undecided
                path = kept
                continue
        if echo is None and is_word is not None:
            # A word's 3-letter end said again: an echo unless other articles print it as a
            # word of its own (``tpp``, the chamber of commerce; never ``gut``).
            doubt = exact_echo(path, doubtful=True)
            if doubt is not None and not is_word(doubt.unit):
                path = doubt.keep_first
                continue
            break
        if echo is None:
            break
        path = echo.keep_first
    return path, undecided
