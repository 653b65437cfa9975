"""Whether a parsed book looks like a book: the last check before its corpus JSON is written.

A reader turns any text into chapters and paragraphs: a 50 MB file of random letters listed as a
book was ingested as one 50 MB paragraph, and indexing it then ran for minutes at 1.2 GB. A book
far outside what a book looks like is refused with one line saying what is wrong, unless the
user insists (``searchlib ingest --force``). The bounds are an order of magnitude or more beyond
the two real books (longest paragraph 3,624 characters, 0.5 MB of text, 5.5 sentence marks per
1,000 characters, longest word 29 letters), so that a real book never trips them.
"""

from __future__ import annotations

import re

from ..errors import ParseError
from ..model import Book

#: Characters of one paragraph, at most (a printed page holds about 3,000).
MAX_PARAGRAPH_CHARS = 50_000

#: Characters of a whole book's paragraphs, at most (about 7,000 printed pages).
MAX_BOOK_CHARS = 20_000_000

#: Sentence marks per 1,000 characters of text, at least, in a book of more than
#: :data:`PUNCTUATION_SAMPLE` characters (prose has 5 to 10).
MIN_PUNCTUATION = 0.5

#: Text below this many characters is too short to judge its punctuation.
PUNCTUATION_SAMPLE = 5_000

#: Letters of one word, at most, for a share of more than :data:`MAX_LONG_WORD_SHARE` of the text.
LONG_WORD = 60
MAX_LONG_WORD_SHARE = 0.05

_SENTENCE_MARK = re.compile(r"[.!?…;:]")
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD},}}")

_HINT = "is it the book? (searchlib ingest --force accepts it)"


def check_book(book: Book) -> None:
    """Refuse a book far outside what a book looks like.

    :raises ParseError: one line naming the book and what is wrong with it.
    """
    total = 0
    for p in book.paragraphs():
        if len(p.text) > MAX_PARAGRAPH_CHARS:
            raise ParseError(f"{book.id}: paragraph {p.id} has {len(p.text):,} characters "
                             f"(more than {MAX_PARAGRAPH_CHARS:,}): {_HINT}")
        total += len(p.text)
    if total > MAX_BOOK_CHARS:
        raise ParseError(f"{book.id}: {total:,} characters of text (more than "
                         f"{MAX_BOOK_CHARS:,}): {_HINT}")
    if total < PUNCTUATION_SAMPLE:
        return
    text = "\n".join(p.text for p in book.paragraphs())
    marks = len(_SENTENCE_MARK.findall(text)) * 1000 / total
    if marks < MIN_PUNCTUATION:
        raise ParseError(f"{book.id}: {marks:.2f} sentence marks per 1,000 characters (prose has "
                         f"5 to 10): {_HINT}")
    long_words = sum(len(w) for w in _LONG_WORD.findall(text))
    if long_words > MAX_LONG_WORD_SHARE * total:
        raise ParseError(f"{book.id}: {long_words / total:.0%} of the text is words of "
                         f"{LONG_WORD}+ letters: {_HINT}")
