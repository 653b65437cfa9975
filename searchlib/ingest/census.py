"""What the books print right: their hosts and slug words, counted over every printed URL.

A book's conversion damaged its URLs letter by letter, but rarely the same letter in every copy:
the footnotes and the bibliography print many articles twice, and the two books cite the same
sites. :class:`Census` counts, over the URLs of all the books ingested together (footnotes and
bibliography entries, after :mod:`searchlib.ingest.url_repair`):

* for each **host** (lower case, without ``www.``), the distinct URLs printed on it, and the
  books that print the label that makes it different from its near neighbours;
* for each **slug word** (a run of 3 or more letters and digits, one a letter, in a path), the
  distinct URLs that print it. A word only one URL prints is a *one-off*: a misread letter makes
  one (``razrabatvaetsva``), a correct word seldom does.

**Known-host rule.** Two hosts are neighbours when they have as many labels and are within edit
distance 1 (when both are under 8 characters) or 2 of each other. A host is *known* (printed
correctly) unless a neighbour is better attested: printed by more books (the differing label as
the start of a word of any URL of that book: ``soyuz`` in b2's ``soyuzom``), then on more
distinct URLs, then more often. A host beaten by a neighbour is a misprint of the best of them
(``helta.by`` → ``belta.by``, ``russia.mfa.gov.lv`` → ``russia.mfa.gov.by``); when two
neighbours tie, neither is known and neither is corrected (the misprint cannot be told). A host
cut after a dot (``e-cis.``) is a misprint of the one known host it begins. The directories of
one host's paths follow the same rule (printed by more books, then on more URLs):
``belta.by/societv/`` is a misprint of ``belta.by/society/``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..model import Book, Source
from .echoes import osa_distance

_WORD = re.compile(r"[a-z0-9]+")


def host_of(url: str) -> str:
    """The lower-case host of a URL, without ``www.`` (empty for a slug without host)."""
    if not re.match(r"(?:https?://|www\.)", url, re.IGNORECASE):
        return ""
    if not url.lower().startswith("http"):
        url = "https://" + url
    return urlsplit(url).netloc.lower().removeprefix("www.")


def slug_words(url: str) -> list[str]:
    """The words of a URL's path (or of a bare slug), lower case."""
    path = urlsplit(url).path if re.match(r"https?://", url, re.IGNORECASE) else url
    return [w for w in _WORD.findall(path.lower()) if len(w) >= 3 and re.search("[a-z]", w)]


def book_sources(book: Book) -> list[Source]:
    """Every source a book prints: its footnotes', then its bibliography entries'."""
    return [s for n in book.footnotes for s in n.sources] + [
        s for e in book.bibliography for s in e.sources
    ]


def _limit(a: str, b: str) -> int:
    """The edit distance within which two names are neighbours: one edit under 8 characters."""
    return 1 if max(len(a), len(b)) < 8 else 2


def _sections(url: str) -> list[str]:
    """The directories of a URL's path (all segments but the last, lower case)."""
    if not re.match(r"https?://", url, re.IGNORECASE):
        return []
    parts = [p for p in urlsplit(url).path.lower().split("/") if p]
    return parts[:-1]


@dataclass
class Census:
    """Hosts and slug words of every URL printed by a set of books (see the module docstring)."""

    host_urls: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    host_count: Counter[str] = field(default_factory=Counter)
    word_urls: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # The articles (a BelTA id, else a URL) that print each word: a footnote and its
    # bibliography entry print one article, with the same damage when it predates both.
    word_articles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    book_prefixes: list[set[str]] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    unresolved_hosts: set[str] = field(default_factory=set)
    # Directories of each host ("belta.by/society"): the URLs and the books that print them.
    section_urls: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    section_books: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    section_fixes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, books: list[Book]) -> Census:
        census = cls()
        for book in books:
            words: set[str] = set()
            for source in book_sources(book):
                host = host_of(source.url)
                key = source.normalized or source.url
                if host:
                    census.host_urls[host].add(key)
                    census.host_count[host] += 1
                    words.update(_WORD.findall(host))
                article = f"belta:{source.belta_id}" if source.belta_id else key
                for word in slug_words(source.url):
                    census.word_urls[word].add(key)
                    census.word_articles[word].add(article)
                    words.add(word)
                for section in _sections(source.url):
                    census.section_urls[f"{host}/{section}"].add(key)
                    census.section_books[f"{host}/{section}"].add(len(census.book_prefixes))
            census.book_prefixes.append(words)
        census._decide_hosts()
        census._decide_sections()
        return census

    def _decide_sections(self) -> None:
        by_host: dict[str, list[str]] = defaultdict(list)
        for key in self.section_urls:
            host, name = key.split("/", 1)
            by_host[host].append(name)
        for host, names in by_host.items():
            for name in names:
                mine = self._section_score(host, name)
                better = [
                    (self._section_score(host, other), other)
                    for other in names
                    if other != name
                    and osa_distance(name, other, _limit(name, other)) <= _limit(name, other)
                    and self._section_score(host, other) > mine
                ]
                if better:
                    self.section_fixes[f"{host}/{name}"] = max(better)[1]

    def _section_score(self, host: str, name: str) -> tuple[int, int]:
        key = f"{host}/{name}"
        return len(self.section_books[key]), len(self.section_urls[key])

    def correct_sections(self, url: str) -> str:
        """``url`` with each misprinted directory replaced by the known one (``societv``)."""
        host = host_of(url)
        if not host:
            return url
        start = url.lower().index(host) + len(host)
        head, path = url[:start], url[start:]
        parts = path.split("/")
        for i, part in enumerate(parts[:-1]):
            fix = self.section_fixes.get(f"{host}/{part.lower()}")
            if fix and i < len(parts) - 1:
                parts[i] = fix
        return head + "/".join(parts)

    def is_word(self, word: str) -> bool:
        """Whether more than one article prints ``word`` as a word of its own."""
        return len(self.word_articles.get(word.lower(), ())) > 1

    def one_offs(self, url: str) -> int:
        """How many words of ``url``'s path no other printed URL prints."""
        return sum(len(self.word_urls.get(w, ())) <= 1 for w in slug_words(url))

    def known(self, host: str) -> bool:
        """Whether ``host`` is printed correctly (see the module docstring)."""
        host = host.lower().removeprefix("www.")
        return bool(host) and host not in self.corrections and host not in self.unresolved_hosts

    def _books_printing(self, label: str) -> int:
        return sum(any(w.startswith(label) for w in words) for words in self.book_prefixes)

    def _score(self, host: str, other: str) -> tuple[int, int, int]:
        mine = set(host.split(".")) - set(other.split("."))
        books = min((self._books_printing(label) for label in mine), default=0)
        return books, len(self.host_urls[host]), self.host_count[host]

    def _decide_hosts(self) -> None:
        hosts = sorted(self.host_urls)
        for host in hosts:
            if host.endswith(".") or not re.search(r"\.[a-z]{2,}$", host):
                whole = [h for h in hosts if h != host and h.startswith(host)]
                if len(whole) == 1:
                    self.corrections[host] = whole[0]
                else:
                    self.unresolved_hosts.add(host)
                continue
            best: tuple[tuple[int, int, int], str] | None = None
            tied = False
            for other in hosts:
                if other == host or other.count(".") != host.count("."):
                    continue
                if osa_distance(host, other, _limit(host, other)) > _limit(host, other):
                    continue
                theirs, mine = self._score(other, host), self._score(host, other)
                if theirs > mine and (best is None or theirs > best[0]):
                    best = (theirs, other)
                elif theirs == mine:
                    tied = True
            if best is not None:
                self.corrections[host] = best[1]
            elif tied:
                self.unresolved_hosts.add(host)
        for host, target in list(self.corrections.items()):
            while target in self.corrections and self.corrections[target] != host:
                target = self.corrections[target]
            self.corrections[host] = target

    def correct_host(self, url: str) -> str:
        """``url`` on the known host its misprinted host stands for (``www.`` kept), else as is."""
        host = host_of(url)
        target = self.corrections.get(host)
        if not target:
            return url
        start = url.lower().index(host)
        return url[:start] + target + url[start + len(host) :]
