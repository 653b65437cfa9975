"""``index --check``: is the live generation intact, and does it match the ingested corpus?

A disk can lose or garble files, and a nightly job can re-ingest books without re-indexing; the
check finds both. First every file of the live generation is verified against the checksum its
manifest records (:mod:`.snapshot`): a damaged file raises :class:`IndexDamaged` naming it, before
Whoosh reads anything. Then the generation's manifest is compared with the corpus on disk now, and
the Whoosh index itself with both: the corpus checksum, the number of documents, the paragraph ids.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..corpus import ingested_checksum, load_corpus
from .generation import open_live

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

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _sample(ids: set[str]) -> str:
    shown = ", ".join(sorted(ids)[:_SHOWN])
    return shown + (", …" if len(ids) > _SHOWN else "")


def check_index(corpus_dir: Path, index_dir: Path) -> IndexCheck:
    """Verify that the live index matches the ingested corpus in ``corpus_dir``.

    :returns: an :class:`IndexCheck` listing every mismatch found (none when ``ok``).
    :raises IndexNotFound: when there is no index (or one built by an older searchlib).
    :raises IndexDamaged: naming the first file of the live generation that fails its checksum.
    :raises EmptyCorpus: when there is no ingested corpus to compare with.
    """
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    generation = open_live(index_dir)
    name, metadata = generation.name, generation.manifest
    generation.verify()
    books = load_corpus(corpus_dir)
    checksum = ingested_checksum(corpus_dir, [b.id for b in books])
    paragraph_ids = {p.id for b in books for p in b.paragraphs()}
    with generation.searcher() as searcher, generation.guard():
        documents = searcher.doc_count()
        indexed_ids = (
            {term.decode("utf-8") for term in searcher.lexicon("id")}
            if "id" in searcher.schema
            else None
        )
    problems: list[str] = []
    if metadata.get("corpus_checksum") != checksum:
        problems.append(
            f"the corpus changed since {name} was built (checksum "
            f"{str(metadata.get('corpus_checksum'))[:12]} in the index, {checksum[:12]} on disk)"
        )
    if generation.built_by_other_code:
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
