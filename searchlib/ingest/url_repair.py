"""URL repair: undo the damage that a book's conversion did to the URLs it printed.

:func:`repair_url` takes one URL as found in a footnote (already unwrapped from ``<>`` or a markdown
link by :mod:`searchlib.ingest.urls`) and returns it as its author wrote it, with one
:class:`~searchlib.model.Repair` per kind of damage undone (``cyrillic``, ``doubled``, ``scheme``,
``host``, ``stray``, ``echo``). What one URL alone can tell (each kind seen in the books):

* doubled URLs: a truncated copy glued before the full one (``.../lebedev-soglashenie-ohhttps://www.belta.by/...``,
  ``httpshttps://``), or a copy without scheme glued after it (``https://cis.minsk.by/page/19142cis.minsk.by/page/19142``);
  a fragment repeated in place inside a slug (``...-nauchnoj-sferenauchnoj-sfere-471428-2021``), or
  a truncated, letter-damaged copy of a slug glued into it (the export's line-wrap echo; the
  general rule is in :mod:`searchlib.ingest.echoes`);
* stray dots in a slug (``ne-.obosnovany``), doubled hyphens;
* Cyrillic letters in a Latin slug (``oblastiах``, ``zapustят``), transliterated as BelTA does;
* a ``.bv``, ``belta.lv`` or ``mfa.gov.bz`` host where the export misread ``.by``.

What needs the whole corpus (misspelt hosts, echoes whose copies disagree, the bibliography's
second copy of a URL) is repaired afterwards by :mod:`searchlib.ingest.source_repair`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from ..model import Repair
from .echoes import drop_echoes

_SCHEME = re.compile(r"https?://", re.IGNORECASE)
# A fragment (5+ characters) written twice in a row inside a query string.
_ECHO = re.compile(r"([\w%.=&?-]{5,})\1")
# BelTA's transliteration of Russian, used to read Cyrillic letters that slipped into a slug.
_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i j k l m n o p r s t u f h ts ch sh sch _ y _ e ju ja".split(),
        strict=True,
    )
)
_TRANSLIT = {k: ("" if v == "_" else v) for k, v in _TRANSLIT.items()}


def _transliterate(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        out.append(_TRANSLIT.get(low, ch) if "\u0400" <= ch <= "\u04ff" else ch)
    return "".join(out)


def _host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _undouble(url: str) -> str:
    """Keep the full copy of a URL the export wrote twice, glued together."""
    # A truncated copy with its scheme glued before the full one: the last scheme starts the URL.
    starts = [m.start() for m in _SCHEME.finditer(url)]
    if len(starts) > 1:
        url = url[starts[-1] :]
    elif re.match(r"https?(?=https?://)", url, re.IGNORECASE):
        url = url[url.lower().index("http", 1) :]
    # A copy without scheme glued after (or before) the full one: the host appears again.
    host = _host_of(url).removeprefix("www.")
    if not host:
        return url
    head_end = url.lower().index(host) + len(host)
    again = url.lower().find(host, head_end)
    if again < 0:
        return url
    first = url[head_end:again]
    # What glued the copies: separators, "www.", a damaged scheme ("shtps://", "http:").
    first = re.sub(r"(?:[._/:-]|www\.|h?t?tps?:?/*)+$", "", first, flags=re.I).rstrip("/")
    second = url[again + len(host) :].rstrip("/")
    base = url[: url.lower().index(host) + len(host)]
    # Keep the longer of the two paths when one is the start of the other (a truncated copy),
    # or when both open with the same section (``/economics/view/``): a damaged truncated copy.
    if second.startswith(first) or first.startswith(second) or _same_section(first, second):
        keep = second if len(second) >= len(first) else first
        tail = "/" if url.endswith("/") and keep == second else ""
        return base + keep + tail
    return url


def _same_section(first: str, second: str) -> bool:
    """Whether two paths open with the same directories (all but their last segment)."""
    head = first.rsplit("/", 1)[0]
    return head.count("/") >= 2 and second.startswith(head + "/")


_GRAM = 8  # shared runs are found as common 8-character pieces
_MIN_SHARED = 15  # characters two copies must share to count as an echo
_SEPARATORS = "-_/"


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short strings only)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _echo_span(path: str) -> tuple[int, int, int, int] | None:
    """``(a1, b1, a2, b2)``: a copy ``path[a1:b1]`` echoed, letters damaged, at ``path[a2:b2]``."""
    grams: dict[str, list[int]] = {}
    for i in range(len(path) - _GRAM + 1):
        grams.setdefault(path[i : i + _GRAM], []).append(i)
    votes: dict[int, int] = {}
    for where in grams.values():
        for k, a in enumerate(where):
            for b in where[k + 1 :]:
                if b - a >= _GRAM:
                    votes[b - a] = votes.get(b - a, 0) + 1
    if not votes:
        return None
    shift = max(votes, key=lambda d: (votes[d], -d))
    # Letters lost or doubled in one copy shift the rest of it by a character or two.
    pairs = [
        (i, i + d)
        for i in range(len(path) - _GRAM + 1)
        for d in range(max(shift - 2, _GRAM), shift + 3)
        if path[i : i + _GRAM] == path[i + d : i + d + _GRAM]
    ]
    if not pairs:
        return None
    a1, a2 = min(pairs)
    last = max(pairs)
    b1, b2 = last[0] + _GRAM, last[1] + _GRAM
    covered = len({i + k for i, _ in pairs for k in range(_GRAM)})
    if b1 > a2 + 2 or covered < _MIN_SHARED or covered < 0.6 * (b1 - a1):
        return None
    b1 = min(b1, a2)  # adjacent copies, one a letter shorter: the pieces overlap by a letter
    while path[a1] in _SEPARATORS and a1 + 1 < b1:
        a1, a2 = a1 + 1, a2 + 1
    return a1, b1, a2, b2


def _word_at(text: str, start: int) -> str:
    """The run of non-separator characters of ``text`` from ``start``."""
    match = re.match(r"[^-_/]*", text[start:])
    return match.group(0) if match else ""


def _drop_echo(path: str, host: str) -> str:
    """Drop the truncated, letter-damaged copy of a slug that the export glued into it.

    ``forum-regionov-novye-...-safaevotkryl-novye-...-safaev-356612-2019``: the first copy goes,
    the words between the copies (``otkryl-``) stay. Only printed characters are kept; which
    copy's letters survive is the later (complete) one's. When the layout is ambiguous the
    path is left as printed.
    """
    span = _echo_span(path)
    if span is None:
        return path
    a1, b1, a2, b2 = span
    gap = path[b1:a2]
    junk = gap.strip("/").lower()
    if "/" in path[a1:b1]:
        # Directories echoed: only when the copies touch, or a piece of the host glues them
        # (``/33.ru/``).
        touching = not gap and b1 - a1 >= 2 * _MIN_SHARED  # short ones may be real names
        ok = touching or (len(junk) >= 3 and (host.endswith(junk) or f"www.{host}".endswith(junk)))
        return path[:a1] + path[a2:] if ok else path
    if "/" in gap.strip("/") or gap.count("/") > 1:
        return path  # the copies sit in different directories: not one slug echoed
    word = re.search(r"[^-_/]*[-_/]?$", path[:a1])
    start = word.start() if word else a1
    prefix = path[start:a1]
    # The first copy began a word earlier, damaged (``programm-`` / ``programs-``): drop it too.
    lengths = [n for n in range(len(prefix) - 2, len(prefix) + 3) if 0 < n <= len(gap)]
    if len(prefix) >= 4 and lengths:
        best = min(lengths, key=lambda n: _distance(prefix, gap[-n:]))
        if _distance(prefix, gap[-best:]) <= max(1, len(prefix) // 4):
            return path[:start] + path[a2 - best :]
    # The gap opens with the rest of the first copy's last word when the second copy goes on
    # the same way there (``kazahstan|ae-`` / ``kazahstan|e-``); what follows are words of
    # the URL that only the second copy lacks (``safaev|otkryl-``).
    tail = _word_at(gap, 0)
    if tail and _distance(tail, _word_at(path, b2)) <= max(1, len(tail) // 3):
        gap = gap[len(tail) :].lstrip("-_")
    if path[a1 - 1 : a1] in ("-", "_"):
        gap = gap.lstrip("/")  # ``rost-`` + ``/postavok-``: the slash glued the copies
    words = gap.strip("-_/")
    if not words or not re.search("[a-z]", words.lower()):
        return path[:a1] + path[a2:]
    if any(words[k : k + 5] in path[a2:] for k in range(len(words) - 4)):
        return path  # the "words" are more of the copy: ambiguous
    return path[:a1] + path[a2 - len(gap) :]


def _with(url: str, **changes: str) -> str:
    """``url`` with some of its parts changed; verbatim when none changes (keeps a bare ``#``)."""
    parts = urlsplit(url)
    if all(getattr(parts, k) == v for k, v in changes.items()):
        return url
    return urlunsplit(parts._replace(**changes))


def _tld_misread(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc
    if host.lower().endswith(".bv"):
        host = host[:-3] + ".by"
    elif host.lower().endswith(("belta.lv", "mfa.gov.bz")):
        # BelTA and the Belarusian foreign ministry (``kazakhstan.mfa.gov.by``) live only under
        # .by. Other misspelt hosts are corrected against the books' own hosts, by
        # :mod:`searchlib.ingest.source_repair`.
        host = host[:-3] + ".by"
    return _with(url, netloc=host)


def _stray_characters(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"-[.\s]+(?=[\w-])", "-", parts.path)  # "ne-.obosnovany" → "ne-obosnovany"
    path = re.sub(r"[-_]*-[-_]*", "-", path)
    return _with(url, path=path)


def _echoes(url: str) -> str:
    parts = urlsplit(url)
    path, query = parts.path, parts.query
    previous = None
    while previous != path:
        previous = path
        path = _drop_echo(drop_echoes(path)[0], parts.netloc.lower())
    path = re.sub(r"[-_]*-[-_]*", "-", path)  # the hyphens either side of a dropped copy
    previous = None
    while previous != query:
        previous = query
        query = _ECHO.sub(r"\1", query)
    return _with(url, path=path, query=query)


def _scheme(url: str) -> str:
    return url if _SCHEME.match(url) else "https://" + url


# Each step of :func:`repair_url` with the kind of damage it undoes, in the order they apply.
_STEPS = (
    ("cyrillic", _transliterate),
    ("doubled", lambda url: _undouble(url)),
    ("scheme", _scheme),
    ("host", _tld_misread),
    ("stray", _stray_characters),
    ("echo", _echoes),
)


def without_sentence_punctuation(text: str) -> str:
    """A URL as printed without the sentence's punctuation after it (``…-2021/.``), and without
    the closing parenthesis of a sentence it ended (one its own path did not open)."""
    url = text.strip().rstrip(".,;:")
    if url.endswith(")") and "(" not in url:
        url = url[:-1]
    return url


def repair_url(raw: str) -> tuple[str, list[Repair]]:
    """Repair one URL as found in a book (already unwrapped from ``<>`` or a markdown link).

    :param raw: the URL text, possibly doubled, with Cyrillic letters or stray characters.
    :returns: the repaired URL and one :class:`~searchlib.model.Repair` per step that changed
        it (empty when the URL was printed right).
    """
    # The sentence's punctuation after a URL is no damage.
    url = without_sentence_punctuation(raw)
    repairs: list[Repair] = []
    for kind, step in _STEPS:
        after = step(url)
        if after != url:
            repairs.append(Repair(kind, url, after))
            url = after
    return url, repairs
