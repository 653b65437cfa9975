"""``index --check``: does the live index match the ingested corpus?

A nightly job can re-ingest books without re-indexing, or a disk can lose files; the check finds
both. It compares the live generation's metadata (written by its build) with the corpus on disk
now, and the Whoosh index itself with both: the corpus checksum, the number of documents, and the
paragraph ids.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..corpus import corpus_checksum, load_corpus
from ..errors import IndexNotFound
from .layout import (
    analysis_fingerprint,
    current_generation,
    json_line,
    open_generation,
    read_metadata,
)

#: How many missing or extra ids a problem line names.
_SHOWN = 3


@dataclass(frozen=True)
class IndexCheck:
    """The verdict of :func:`check_index`; ``problems`` is empty when the index matches."""

    generation: str
    documents: int
    paragraphs: int
    index_checksum: str | None
    corpus_checksum: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def log_line(self) -> str:
        """One line of JSON (``"event": "index-check"``) for the job's log."""
        return json_line("index-check", asdict(self), ok=self.ok)


def _sample(ids: set[str]) -> str:
    shown = ", ".join(sorted(ids)[:_SHOWN])
    return shown + (", …" if len(ids) > _SHOWN else "")


def check_index(corpus_dir: Path, index_dir: Path) -> IndexCheck:
    """Verify that the live index matches the ingested corpus in ``corpus_dir``.

    :returns: an :class:`IndexCheck` listing every mismatch found (none when ``ok``).
    :raises IndexNotFound: when there is no index.
    :raises EmptyCorpus: when there is no ingested corpus to compare with.
    """
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    name = current_generation(index_dir)
    if name is None:
        raise IndexNotFound(f"no index in {index_dir} (run: searchlib index)")
    books = load_corpus(corpus_dir)
    checksum = corpus_checksum(books)
    paragraph_ids = {p.id for b in books for p in b.paragraphs()}
    metadata = read_metadata(index_dir / name)
    ix = open_generation(index_dir, name)
    with ix.searcher() as searcher:
        documents = searcher.doc_count()
        indexed_ids = (
            {term.decode("utf-8") for term in searcher.lexicon("id")}
            if "id" in searcher.schema
            else None
        )
    problems: list[str] = []
    if not metadata:
        problems.append(f"{name} has no metadata (searchlib.json): it was not built by searchlib")
    elif metadata.get("corpus_checksum") != checksum:
        problems.append(
            f"the corpus changed since {name} was built (checksum "
            f"{str(metadata.get('corpus_checksum'))[:12]} in the index, {checksum[:12]} on disk)"
        )
    if metadata and metadata.get("analysis_fingerprint") != analysis_fingerprint():
        problems.append(
            f"{name} was built by a different analyzer or schema: rebuild it (searchlib index)"
        )
    if metadata and metadata.get("documents") != documents:
        problems.append(
            f"{name} holds {documents} documents but its build wrote {metadata.get('documents')}"
        )
    if documents != len(paragraph_ids):
        problems.append(f"{name} holds {documents} documents; the corpus has "
                        f"{len(paragraph_ids)} paragraphs")
    if indexed_ids is not None:
        missing, extra = paragraph_ids - indexed_ids, indexed_ids - paragraph_ids
        if missing:
            problems.append(f"{len(missing)} paragraphs are not in the index ({_sample(missing)})")
        if extra:
            problems.append(f"{len(extra)} indexed ids are not in the corpus ({_sample(extra)})")
    return IndexCheck(
        generation=name,
        documents=documents,
        paragraphs=len(paragraph_ids),
        index_checksum=metadata.get("corpus_checksum"),
        corpus_checksum=checksum,
        problems=problems,
    )
