"""The library packages import downward only: read every module's imports (ast), check the layers.

model ← analysis ← ingest ← corpus ← (cite, index) ← search ← (cli, web); a package may import
those below it, never one above it nor a neighbour on its own layer (the index does not import
cite). Imports
inside functions and under ``TYPE_CHECKING`` count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Each unit (a package or a top-level module of ``searchlib``, or the ``web`` app) → its layer.
LAYERS: dict[str, int] = {
    # Foundations every layer may use: plain data, errors, atomic file writes.
    "model": 0, "errors": 0, "version": 0, "atomic": 0, "lazy": 0,
    # Plain classes that compare and print as dataclasses; the settings are one.
    "value_objects": 0, "config": 1,
    # Quicker stand-ins for what numpy and Whoosh run as they load (same results); then Whoosh's
    # and numpy's unused imports deferred, those stand-ins put in place (installed by ``import
    # searchlib``, imports nothing else of it).
    "quick_loading": 0,
    "deferred_imports": 1,
    # The search's messages in each audience's language (the CLI translates them).
    "messages": 0,
    # The French analyzer (folding, lemmas, gazetteer), then the readers of the books, which use
    # it to learn what query expansion needs (acronyms, cities, word families).
    "analysis": 1,
    "ingest": 2,
    "corpus": 3,
    # Saved pages of cited articles: stored beside the corpus, attached to citations by cite.
    "archive": 4,
    "cite": 5, "index": 5,
    "search": 6,
    "web": 7,
    # The application: the batch jobs (ingest under the lock, the nightly rebuild), the command
    # line that runs them (and whose ``serve`` starts the web app), and the public API.
    "jobs": 8,
    "cli": 9, "__init__": 9,
    "__main__": 10,  # ``python -m searchlib``: runs the command line
}


def _unit(module: str) -> str:
    """``searchlib.cite.lookup`` → ``cite``; ``searchlib`` → ``__init__``; ``web.x`` → ``web``."""
    parts = module.split(".")
    if parts[0] == "web":
        return "web"
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool) -> set[str]:
    """Every module ``source`` (the text of ``module``) imports, relative imports resolved;
    ``from pkg import name`` counts as ``pkg.name`` too (``name`` may be a submodule)."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """The imports of ``module`` that reach a unit on its own layer or above it."""
    own = _unit(module)
    bad = []
    for target in sorted(imported_modules(source, module, is_package)):
        if not target.startswith(("searchlib.", "web.")) and target not in ("searchlib", "web"):
            continue
        unit = _unit(target)
        if target == "searchlib" or unit == own or unit not in LAYERS:
            continue  # the package itself, or a ``from searchlib import x`` counted as x
        if LAYERS[unit] >= LAYERS[own]:
            bad.append(f"{module} imports {target} ({own} is layer {LAYERS[own]}, "
                       f"{unit} layer {LAYERS[unit]})")
    return bad


def test_every_unit_has_a_layer():
    units = {_unit(_module_name(p)) for p in (ROOT / "searchlib").rglob("*.py")}
    assert units <= set(LAYERS), f"give these a layer: {sorted(units - set(LAYERS))}"


def test_no_package_imports_one_above_it():
    found = []
    for path in sorted([*(ROOT / "searchlib").rglob("*.py"), *(ROOT / "web").rglob("*.py")]):
        found += violations(path.read_text(encoding="utf-8"), _module_name(path),
                            path.name == "__init__.py")
    assert found == []


#: What only ingest may run: parsing a note's text and reconciling a bibliography.
RESOLVERS = ("searchlib.ingest.citation.parse_footnote", "searchlib.ingest.bibliography.reconcile",
             "searchlib.ingest.records")


def test_nothing_downstream_of_the_corpus_parses_a_note_or_reconciles():
    found = []
    for path in sorted([*(ROOT / "searchlib").rglob("*.py"), *(ROOT / "web").rglob("*.py")]):
        module = _module_name(path)
        if LAYERS[_unit(module)] <= LAYERS["corpus"]:
            continue  # ingest resolves; the corpus runs it
        imported = imported_modules(path.read_text(encoding="utf-8"), module,
                                    path.name == "__init__.py")
        found += [f"{module} imports {t}" for t in sorted(imported) if t.startswith(RESOLVERS)]
    assert found == []


def test_the_check_sees_lazy_relative_and_upward_imports():
    index_importing_cite = "def f():\n    from ..cite.parse import parse_footnote\n"
    assert (
        "searchlib.index.writer imports searchlib.cite.parse (index is layer 5, cite layer 5)"
        in violations(index_importing_cite, "searchlib.index.writer")
    )
    cite_importing_search = "from searchlib import search\nimport searchlib.search.engine\n"
    assert len(violations(cite_importing_search, "searchlib.cite.lookup")) == 2
    ingest_package_reading_corpus = "from .. import corpus\n"
    assert violations(ingest_package_reading_corpus, "searchlib.ingest", is_package=True)
    downward = "from ..model import Book\nfrom ..ingest.records import cited_year\n"
    assert violations(downward, "searchlib.cite.lookup") == []
