"""The on-disk layout of an index directory, and its read side.

``<index_dir>/gen-NNNNNN/`` is one Whoosh index per build, with the corpus it was built from
(``corpus/``, :mod:`.snapshot`) and ``searchlib.json`` (its manifest, written last: its presence
marks a finished generation); ``CURRENT`` names the live generation,
``PREVIOUS`` the one kept for rollback, and ``LOCK`` is the build lock. Readers only ever follow
``CURRENT`` (:mod:`.generation`, or :class:`searchlib.index.live.LiveIndex` in a server); the
write side — build, switch, rollback, clean-up — is :mod:`searchlib.index.generations`.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import IndexNotFound
from ..quick_loading import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CURRENT = "CURRENT"
PREVIOUS = "PREVIOUS"
METADATA = "searchlib.json"
#: A generation's snapshot of the corpus it was built from: a corpus directory of its own
#: (:mod:`.snapshot`).
CORPUS_DIR = "corpus"
#: The marker of a generation waiting to be deleted (:mod:`.generations`).
RETIRED = "RETIRED"
#: (Compiled on first use: a reader given its generation never lists the generations.)
_GEN_RE = lazy_compile(r"^gen-(\d{6,})$")


def analysis_fingerprint() -> str:
    """A digest of the code that decides what the index holds (the analyzer, the schema, the
    writer, the display records, the facet columns, the posting formats and arrays). An index
    built by other code may not find what today's queries look for, so ``index --check``
    compares it with the one recorded at build time."""
    import hashlib  # here: a reader never asks, and hashlib loads OpenSSL (3 ms of a start)

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*package.glob("analysis/*.py"), package / "index" / "schema.py",
                        package / "index" / "writer.py", package / "index" / "display.py",
                        package / "index" / "columns.py", package / "index" / "formats.py",
                        package / "index" / "posting_arrays.py"]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def segment_files(leaf: Any) -> tuple[Path, str] | None:
    """The folder and segment id that name the files of the segment a Whoosh leaf reader reads
    (the writer's own files beside it: display records, facet columns, posting arrays), or
    ``None`` for a reader that reads no segment on disk (in memory, or written by other code)."""
    folder = getattr(leaf.storage(), "folder", None) if hasattr(leaf, "storage") else None
    if not folder or not hasattr(leaf, "segment"):
        return None
    return Path(folder), leaf.segment().segment_id()


def gen_name(number: int) -> str:
    """The directory name of generation ``number`` (``gen-000042``)."""
    return f"gen-{number:06d}"


def generations(index_dir: Path) -> list[str]:
    """The generation directory names under ``index_dir``, oldest first."""
    if not index_dir.is_dir():
        return []
    names = [p.name for p in index_dir.iterdir() if p.is_dir() and _GEN_RE.match(p.name)]
    return sorted(names, key=lambda n: int(n[4:]))


def read_pointer(index_dir: Path, name: str) -> str | None:
    """The generation a pointer file (``CURRENT``, ``PREVIOUS``) names, or ``None`` when it is
    missing or does not hold a generation name."""
    try:
        value = (index_dir / name).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return value if _GEN_RE.match(value) else None


def current_generation(index_dir: Path) -> str | None:
    """The name of the live generation, or ``None`` when there is no index."""
    name = read_pointer(index_dir, CURRENT)
    if name is None or not (index_dir / name).is_dir():
        return None
    return name


def previous_generation(index_dir: Path) -> str | None:
    """The generation kept for ``rollback``, or ``None``."""
    name = read_pointer(index_dir, PREVIOUS)
    if name is None or name == current_generation(index_dir):
        return None
    return name if is_complete(index_dir / name) else None


def read_metadata(gen_dir: Path) -> dict[str, Any]:
    """The ``searchlib.json`` of a generation (``{}`` when it is missing or unreadable)."""
    try:
        data = json.loads((gen_dir / METADATA).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_complete(gen_dir: Path) -> bool:
    """Whether a generation was finished: its metadata is written last, after the Whoosh files."""
    return bool(read_metadata(gen_dir))


def index_exists(index_dir: Path) -> bool:
    """Whether ``index_dir`` has a live generation."""
    return current_generation(Path(index_dir)) is not None


def open_generation(index_dir: Path, name: str) -> Any:
    """Open one generation of ``index_dir`` as a :class:`whoosh.index.Index`.

    :raises IndexNotFound: when it does not exist (any more).
    """
    from whoosh import index as whoosh_index  # on use: reading CURRENT needs no Whoosh

    try:
        return whoosh_index.open_dir(str(Path(index_dir) / name))
    except (FileNotFoundError, whoosh_index.EmptyIndexError):
        raise IndexNotFound(f"index generation {name} is missing in {index_dir}") from None
