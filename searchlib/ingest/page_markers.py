"""Footnote markers of a page-text extraction: plain digits glued to the body text.

The PDF's superscript note calls came out as ordinary digits: glued after a word or a quote
(``rurales28 ".``, ``services"1 .``, ``Minsk221 .``) or before the next word when the call
opened a line (``122Cinq``). Numbers in the prose look the same (``Belarus-2022.3``,
``"5,3 %``, ``Br323 millions``, ``GS400``). What tells them apart is that footnote numbers rise
through the book one by one: among all the candidates, the markers are the longest rising
sequence (:func:`rising_subsequence`), the prose numbers fall outside it.

Used by :mod:`searchlib.ingest.page_text` on the joined raw text of each paragraph, and by
:mod:`searchlib.ingest.page_notes` on the numbers that open footnote definitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Glued after a non-space, non-digit character, and not one side of a decimal (``5,3`` ``2022.3``);
# or glued before a capitalised word, at the start of a line.
_CANDIDATE = re.compile(
    r"(?<=[^\d\s])(?<!\d[.,])(?P<glued>\d{1,3})(?!\d)(?![.,]\d)"
    r"|(?:(?<=\s)|^)(?P<lead>\d{1,3})(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])"
    # A call set off by a space after the closing punctuation: ``pays..." . 220``.
    r"|(?<=[.!?\"»] )(?P<spaced>\d{1,3})(?=\s*$)"
)
# Calls right after a quote or a sentence end are the usual form: preferred on ties.
_USUAL_BEFORE = "\"»).,;:…'"


@dataclass(frozen=True)
class Candidate:
    """A number that may be a footnote call: where it sits and what it reads."""

    paragraph: int
    start: int
    end: int
    number: int
    usual: bool


def candidates(text: str, paragraph: int) -> list[Candidate]:
    """Every number in ``text`` written the way a footnote call is."""
    found = []
    for match in _CANDIDATE.finditer(text):
        number = int(match.group(0))
        if number < 1:
            continue
        before = text[match.start() - 1] if match.start() else ""
        usual = match.group("glued") is not None and before in _USUAL_BEFORE
        found.append(Candidate(paragraph, match.start(), match.end(), number, usual))
    return found


def rising_subsequence(values: list[int], preferred: list[bool] | None = None) -> list[int]:
    """Indexes of the longest strictly rising subsequence of ``values``.

    Among equally long ones, the one with the most ``preferred`` items wins. Runs in
    O(n log m) with a Fenwick tree over the values (m = the largest value).

    >>> rising_subsequence([1, 2, 30, 3, 4, 5])
    [0, 1, 3, 4, 5]
    """
    if not values:
        return []
    size = max(values) + 1
    # tree[k] = (best score of a sequence ending with a value in k's range, index of its end)
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)
    back = [-1] * len(values)
    scores = [0] * len(values)
    for i, value in enumerate(values):
        best, k = (0, -1), value  # best over values < value (tree positions 1..value)
        while k > 0:
            best = max(best, tree[k])
            k -= k & -k
        back[i] = best[1]
        scores[i] = best[0] + 1000 + (1 if preferred and preferred[i] else 0)
        k = value + 1
        while k <= size:
            tree[k] = max(tree[k], (scores[i], i))
            k += k & -k
    end = max(range(len(values)), key=lambda i: (scores[i], -i))
    chain = []
    while end >= 0:
        chain.append(end)
        end = back[end]
    return chain[::-1]


def select_markers(found: list[Candidate]) -> list[Candidate]:
    """The candidates that are footnote calls: the longest rising run of numbers."""
    keep = rising_subsequence([c.number for c in found], [c.usual for c in found])
    return [found[i] for i in keep]
