"""The exceptions searchlib raises for anything a user can cause.

The library raises these; the CLI and the web app translate them at the boundary into one
``Error: ...`` line (exit 1) or an HTTP error page. Anything else escaping is a bug.
"""

from __future__ import annotations


class SearchlibError(Exception):
    """Base class: a user-facing problem with a one-line message."""


class ManifestError(SearchlibError):
    """``corpus/books.toml`` is missing, malformed, or names something that does not exist."""


class UnknownBook(SearchlibError):
    """A book id that the manifest or the corpus does not know."""


class SourceFileError(SearchlibError):
    """A book's source file is missing, empty, binary or not UTF-8."""


class ParseError(SearchlibError):
    """A book's source file could not be turned into chapters and paragraphs."""


class EmptyCorpus(SearchlibError):
    """There is no ingested corpus (run ``searchlib ingest``) or it holds no paragraph."""


class CorpusError(SearchlibError):
    """The ingested corpus on disk is unreadable or inconsistent."""


class IndexNotFound(SearchlibError):
    """There is no index (run ``searchlib index``)."""


class IndexDamaged(SearchlibError):
    """A file of an index generation fails its checksum or cannot be read.

    :param generation: the generation's name (``gen-000042``).
    :param files: the damaged files, relative to the generation; the first is named.
    """

    def __init__(self, generation: str, files: list[str]):
        self.generation = generation
        self.files = list(files)
        first = files[0] if files else "?"
        more = f" (and {len(files) - 1} more)" if len(files) > 1 else ""
        super().__init__(
            f"index file {generation}/{first} is damaged{more}: roll back "
            "(searchlib index --rollback) or rebuild (searchlib index)"
        )


class IndexLocked(SearchlibError):
    """Another build holds the index lock."""


class DocumentNotFound(SearchlibError):
    """A paragraph id, footnote or source that does not exist."""


class InvalidReference(SearchlibError):
    """A malformed paragraph id, footnote reference or URL given by the user."""


class TableError(SearchlibError):
    """A malformed line in an editable table (``corpus/variants.tsv``, ``corpus/synonyms.tsv``)."""


class ArchiveError(SearchlibError):
    """A saved source page (``searchlib sources import``) that cannot be read as an article."""
