"""Parses what the reader typed into a Whoosh query, never failing.

The common case (words, ``"phrases"``, ``-word``, ``word*``, ``word~``, ``book:b2``,
``chapter:3``) is parsed here directly: Whoosh's ``QueryParser`` costs about 0.4 ms a query, a
noticeable share of a search. Queries using the advanced syntax (``OR``, ``AND``, ``NOT``,
parentheses, boosts) go through ``QueryParser`` with a schema whose text field keeps words as typed
(:mod:`.advanced`, imported by the first such query); its tree is then rebuilt with the same
:class:`~searchlib.search.expand.Expander` calls, so both paths analyse and expand words
identically.

Operators: ``AND``, ``OR``, ``NOT`` in any case are operators (``Minsk or Brest``); quoted, they
are words (``"or"``). An operator with nothing to join (``Minsk OR``, ``AND Kostanay``) is dropped
with a message.

Plain words: one or two must all match (with an OR fallback when nothing holds them all); more
than two make a long question, where most must match (:func:`minimum_should_match`, as in
Elasticsearch) and the passages holding more of them rank first (:class:`.nodes.MinShouldMatch`).
A word saying what kind of place a name is (``région de Kostanay``, ``République du Kazakhstan``,
``ville de Minsk``) is not required beside the name: the passages naming the place without it are
found too, those holding it rank higher (:mod:`.place_kinds`); likewise a word naming a field of
activity beside the words saying which (``secteur agricole``: :mod:`.sector_words`). Words a
reader joins by a dash that the books never print so are tried apart (:mod:`.dashes`).

Malformed input (control characters, unbalanced quotes, lone operators, very long text) is cleaned
up and reported in :attr:`ParsedQuery.message` (in French, the language of the corpus and of the
web pages), never raised.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial

from whoosh import query as Q

from ..config import Config
from ..lazy import lazy_logger
from ..quick_loading import lazy_compile
from .dashes import dashed_clause, dashed_parts
from .expand import Expander
from .nodes import Expansion, MinShouldMatch, expansions_of
from .place_kinds import place_kinds_apart
from .sector_words import sector_words_apart

log = lazy_logger(__name__)

#: ``field:value`` names a reader may type, and the index field each filters.
FILTER_FIELDS = {"book": "book", "livre": "book", "chapter": "chapter", "chapitre": "chapter",
                 "domain": "domain", "year": "year", "annee": "year", "année": "year"}

#: (Compiled on first use: only a query holding one of :data:`_ADVANCED_SIGNS` is searched.)
_ADVANCED = lazy_compile(r"\b(?:AND|OR|NOT)\b|[()^]")
#: What :data:`_ADVANCED` needs to find in a query: without any, it is not searched.
_ADVANCED_SIGNS = ("AND", "OR", "NOT", "(", ")", "^")
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_TOKEN = re.compile(r'(?P<neg>-)?(?:(?P<field>\w+):)?(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))')
#: (Compiled on first use: by the first word typed with a ``~``.)
_FUZZY = lazy_compile(r"^(?P<word>.+?)~(?P<dist>\d?)$")
#: The subject pronoun a question puts after its verb (``vend-il``, ``a-t-on``, ``est-ce``): no
#: passage prints the verb so, and the compound's phrase would find none.
#: Compiled on first use: :func:`_without_inverted_subject` finds an ASCII pronoun by string
#: methods (compiling this cost the first such word of a process 0.15 ms), and asks it only
#: of a last part in other letters, some of which it matches in any case (``ıl``).
_INVERTED_SUBJECT = lazy_compile(
    r"(?<=\w)(?:-t)?-(?:il|elle|on|ils|elles|ce|je|tu|nous|vous)$", re.IGNORECASE)
#: The pronouns :data:`_INVERTED_SUBJECT` finds.
_PRONOUNS = frozenset({"il", "elle", "on", "ils", "elles", "ce", "je", "tu", "nous", "vous"})
#: How long the pronouns are (``il`` to ``elles``).
_PRONOUN_LENGTHS = range(2, 6)


class ParsedQuery:
    """The Whoosh query of a search, plus what the reader should be told about it.

    ``fallback`` is the OR of the plain clauses, tried when their AND finds nothing; ``words`` are
    the plain words typed (the candidates for a "did you mean" suggestion). (A plain class: as a
    dataclass, it cost a new process 0.7 ms to create.)
    """

    def __init__(self, query: Q.Query | None, display: str = "", message: str | None = None,
                 fallback: Q.Query | None = None, words: list[str] | None = None,
                 expansions: list[Expansion] | None = None) -> None:
        self.query = query
        self.display = display
        self.message = message
        self.fallback = fallback
        self.words = [] if words is None else words
        #: Every alternative the expander ORed in, and why (see :class:`.nodes.Expansion`).
        self.expansions = [] if expansions is None else expansions
        #: The query again with the words a dash joins apart, made by :meth:`taken_apart`: set
        #: when a word typed holds such a dash.
        self.apart: Callable[[], tuple[Q.Query | None, Q.Query | None, bool]] | None = None

    def taken_apart(self) -> tuple[Q.Query | None, Q.Query | None] | None:
        """The query with each word joined to another by a dash typed as two words, and its OR
        fallback: tried when the query finds nothing (``Belarus-Chine``, a pair the books never
        print so, is Belarus and Chine); ``None`` when no word holds such a dash. Made on demand:
        most queries find something."""
        if self.apart is None:
            return None
        query, fallback, _ = self.apart()
        return query, fallback


_OPERATORS = ("AND", "OR", "NOT")


def operators(text: str) -> tuple[str, list[str]]:
    """Operators in capitals, and those with nothing to join dropped (with a note each).

    ``and``/``or``/``not`` in any case are operators unless quoted. ``AND``/``OR`` need a word on
    both sides, ``NOT`` one after it: ``Minsk OR`` is ``Minsk``, ``AND Kostanay`` is ``Kostanay``.
    """
    out: list[str] = []
    notes: list[str] = []
    for part in _parts(text) if '"' in text else text.split():
        token = part.upper() if part.upper() in _OPERATORS else part
        if token in ("AND", "OR") and (not out or out[-1] in _OPERATORS or out[-1] == "("):
            notes.append(f"L'opérateur « {token} » n'a rien à relier : il a été ignoré.")
            continue
        out.append(token)
    while out and out[-1] in _OPERATORS:
        notes.append(f"L'opérateur « {out.pop()} » en fin de requête a été ignoré.")
    return " ".join(out), notes


def _parts(text: str) -> list[str]:
    """The blank-separated parts of a query, a quoted phrase one part with the signs glued to
    it (``-"feuille de route"``): what ``[^\\s"]*"[^"]*"[^\\s"]*|\\S+`` finds, found by string
    methods (compiling the expression cost the first query with quotes 0.1 ms)."""
    found: list[str] = []
    end = len(text)
    i = 0
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        j = i  # a quote that the signs before it reach, and its closing one: a phrase
        while j < end and text[j] != '"' and not text[j].isspace():
            j += 1
        close = text.find('"', j + 1) if j < end and text[j] == '"' else -1
        k = close + 1 if close >= 0 else i  # the phrase's glued signs, or the plain part's
        while k < end and not text[k].isspace() and (close < 0 or text[k] != '"'):
            k += 1
        found.append(text[i:k])
        i = k
    return found


def minimum_should_match(clauses: int) -> int:
    """How many of a query's word clauses a passage must hold: all of one or two, all but one of
    three or four, three quarters (rounded up) of more."""
    if clauses <= 2:
        return clauses
    if clauses <= 4:
        return clauses - 1
    return -(-clauses * 3 // 4)


def clean(text: str, max_chars: int = Config.max_query_chars) -> tuple[str, list[str]]:
    """The query without control characters, curly quotes, or an unbalanced quote; notes made."""
    notes: list[str] = []
    if not text.isprintable():  # only then can it hold a control (or format) character
        text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    text = text.translate(_QUOTES)
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0] if " " in text[:max_chars] else text[:max_chars]
        notes.append(f"La requête a été coupée à ses {max_chars} premiers caractères.")
    if text.count('"') % 2:
        last = text.rfind('"')
        text = text[:last] + " " + text[last + 1 :]
        notes.append("Un guillemet sans son pendant a été ignoré.")
    return " ".join(text.split()), notes


def filter_query(name: str, value: str) -> Q.Query | None:
    """A ``field:value`` filter that restricts without changing scores (``None`` if unknown)."""
    fieldname = FILTER_FIELDS.get(name.lower())
    value = value.strip().lower()
    if fieldname is None or not value:
        return None
    if fieldname == "chapter" and ":" in value:  # a chapter facet value: ``b1:3``
        book, _, chapter = value.partition(":")
        q: Q.Query = Q.And([Q.Term("book", book), Q.Term("chapter", chapter.lstrip("0") or "0")])
    else:
        if fieldname == "chapter":
            value = value.lstrip("0") or "0"
        q = Q.Term(fieldname, value)
    q = Q.ConstantScoreQuery(q, score=0.0)
    q.display = f"{fieldname}:{value}"  # type: ignore[attr-defined]
    return q


def render(q: Q.Query | None) -> str:
    """A readable form of a built query (``kostanay AND "chambre de commerce" AND NOT lait``)."""
    if q is None:
        return ""
    if hasattr(q, "display"):
        return str(q.display)
    if isinstance(q, Q.Not):
        return f"NOT {render(q.query)}"
    if isinstance(q, MinShouldMatch):
        inner = ", ".join(render(s) for s in q.subqueries)
        return f"{q.minmatch} sur {len(q.subqueries)} ({inner})"
    if isinstance(q, Q.AndNot):
        return f"{render(q.a)} AND NOT {render(q.b)}"
    if isinstance(q, Q.AndMaybe):
        return f"{render(q.a)} (de préférence {render(q.b)})"
    if isinstance(q, Q.And | Q.Or):
        sep = " AND " if isinstance(q, Q.And) else " OR "
        inner = sep.join(render(s) for s in q.subqueries)
        return inner if isinstance(q, Q.And) else f"({inner})"
    if isinstance(q, Q.Every):
        return "*"
    return str(q)


def conjoin(positives: list[Q.Query], negatives: list[Q.Query]) -> Q.Query | None:
    if not positives:
        return None
    q = positives[0] if len(positives) == 1 else Q.And(positives)
    if negatives:
        q = Q.AndNot(q, negatives[0] if len(negatives) == 1 else Q.Or(negatives))
    return q


def term_clause(expander: Expander, word: str) -> Q.Query | None:
    """A single typed token: prefix, fuzzy or plain word."""
    if word.endswith("*"):
        return expander.prefix(word)
    # Asked only of a word with a tilde (a negated word, or any word of the advanced syntax,
    # comes here too): compiling the expression cost the first such query 0.06 ms.
    fuzzy = _FUZZY.match(word) if "~" in word else None
    if fuzzy:
        return expander.fuzzy(fuzzy["word"], int(fuzzy["dist"] or 1))
    return expander.word(word)


def _without_inverted_subject(word: str) -> str:
    """``word`` without the subject pronoun a question puts after its verb, and the ``-t-``
    before it, as :data:`_INVERTED_SUBJECT` removes them: each after a letter or digit."""
    # A compound's last part (libre-échange) is most often longer than any pronoun.
    head, hyphen, last = word.rpartition("-")
    if not hyphen or len(last) not in _PRONOUN_LENGTHS:
        return word
    if not last.isascii():
        return _INVERTED_SUBJECT.sub("", word)
    if last.lower() not in _PRONOUNS:
        return word
    if head[-2:].lower() == "-t" and _is_word_character(head[-3:-2]):
        return head[:-2]  # a-t-on: the -t- goes with the pronoun
    return head if _is_word_character(head[-1:]) else word


def _is_word_character(char: str) -> bool:
    """Whether ``char`` is one character that ``\\w`` matches (a letter, a digit, ``_``)."""
    return char.isalnum() or char == "_"


def _parse_simple(text: str, expander: Expander) -> ParsedQuery:
    plain: list[str] = []
    special: list[Q.Query] = []
    negatives: list[Q.Query] = []
    filters: list[Q.Query] = []
    for m in _TOKEN.finditer(text):
        name, phrase, word = m["field"], m["phrase"], m["word"]
        if name and name.lower() in FILTER_FIELDS:
            f = filter_query(name, phrase if phrase is not None else word or "")
            if f is not None:
                filters.append(f)
            continue
        if name:  # ``10:30`` or an unknown field: the whole token is text
            word = f"{name}:{word}" if word is not None else None
            phrase = f"{name} {phrase}" if phrase is not None else None
        if phrase is not None:
            q = expander.phrase(phrase) if phrase.strip() else None
        elif not word.strip("-*~"):
            continue  # a lone operator character
        elif m["neg"] or word.endswith("*") or "~" in word:
            q = term_clause(expander, word)
        else:
            word = _without_inverted_subject(word)
            # Not a question mark standing alone (most words: letters only, told at once).
            if word.isalnum() or any(c.isalnum() for c in word):
                plain.append(word)
            continue
        if q is None:
            continue
        (negatives if m["neg"] else special).append(q)
    query, fallback, searched = _plain_query(plain, special, filters, negatives, expander)
    notes = []
    if not searched and negatives:
        notes.append("Uniquement des mots exclus : il faut au moins un mot à chercher.")
    parsed = ParsedQuery(query, render(query), " ".join(notes) or None, fallback, plain)
    if any(map(dashed_parts, plain)):
        parsed.apart = partial(_plain_query, plain, special, filters, negatives, expander,
                               apart=True)
    return parsed


def _plain_query(plain: list[str], special: list[Q.Query], filters: list[Q.Query],
                 negatives: list[Q.Query], expander: Expander, apart: bool = False
                 ) -> tuple[Q.Query | None, Q.Query | None, bool]:
    """The query of the plain words typed beside the other clauses, its OR fallback, and
    whether any word or clause is searched (else only filters, or nothing); with ``apart``,
    each word joined to others by a dash is their AND, one clause still."""
    words = [dashed_clause(w, expander) for w in plain] if apart else expander.words(plain)
    clauses, kinds = place_kinds_apart(plain, [c for c in words if c is not None], expander)
    if not kinds:
        clauses, kinds = sector_words_apart(clauses, expander)
    clauses += special
    searched = bool(clauses)
    if not clauses and filters:
        clauses = [Q.Every()]
    needed = minimum_should_match(len(clauses))
    if needed < len(clauses):  # a long question: most of its words, more ranking higher
        query = conjoin([MinShouldMatch(clauses, needed), *filters], negatives)
    else:
        query = conjoin(clauses + filters, negatives)
    if kinds and query is not None:
        query = Q.AndMaybe(query, kinds[0] if len(kinds) == 1 else Q.Or(kinds))
    clauses += kinds
    fallback = None
    if len(clauses) > 1:
        fallback = conjoin([Q.Or(clauses)] + filters, negatives)
    return query, fallback, searched


def parse(text: str, expander: Expander, *, max_chars: int = Config.max_query_chars) -> ParsedQuery:
    """Parse a reader's query; malformed input gives a usable query and a message, never an error.

    :param text: the query as typed.
    :param expander: builds the clauses of words and phrases (analysis, variants, synonyms).
    :returns: the query (``None`` when there is nothing to search) and notes for the reader.
    """
    cleaned, notes = clean(text, max_chars)
    cleaned, dropped = operators(cleaned)
    notes += dropped
    if not cleaned:
        return ParsedQuery(None, "", " ".join([*notes, "Tapez un ou plusieurs mots à chercher."]))
    try:
        if any(sign in cleaned for sign in _ADVANCED_SIGNS) and _ADVANCED.search(cleaned):
            # Whoosh's query parser, imported by the first such query.
            from .advanced import parse_advanced

            parsed = parse_advanced(cleaned, expander)
        else:
            parsed = _parse_simple(cleaned, expander)
    except Exception as e:  # noqa: BLE001 — a query must never crash a search; parse it as words
        # Whoosh's parser fails on some malformed operators (``NOT NOT x``): the reader's input,
        # not a bug of ours, so one line without a traceback.
        log.info("query %r could not be parsed (%s: %s); searching its words",
                 cleaned, type(e).__name__, e)
        notes.append("La syntaxe de la requête n'a pas été comprise ; ses mots ont été cherchés.")
        words = re.findall(r"\w+", cleaned)
        parsed = _parse_simple(" ".join(words), expander)
    if parsed.query is None and not parsed.message:
        parsed.message = "Uniquement des mots trop courants : rien à chercher."
    if parsed.message:
        notes.append(parsed.message)
    parsed.message = " ".join(notes) or None
    parsed.expansions = expansions_of(parsed.query)
    return parsed
