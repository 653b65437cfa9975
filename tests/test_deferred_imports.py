"""Deferred imports: an importer named in the table loads beside stand-ins of the modules it
imports, which load for real on first use; every other import is untouched."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from searchlib.deferred_imports import STAND_INS, WHILE_LOADING, StandInFinder, stand_in


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Three tiny modules on ``sys.path``: an importer and the two it imports, each of those
    counting its loads; the finder first on ``sys.meta_path``, all removed afterwards."""
    (tmp_path / "deferred_importer.py").write_text(
        "from deferred_dep import double\nimport deferred_other\n", encoding="utf-8")
    for name in ("deferred_dep", "deferred_other"):
        (tmp_path / f"{name}.py").write_text(
            "import builtins\n"
            "builtins.deferred_loads.append(__name__)\n"
            "def double(x):\n    return 2 * x\n"
            "VALUE = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    finder = StandInFinder({"deferred_importer": {"deferred_dep": ("double",),
                                                  "deferred_other": ()}})
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    import builtins

    monkeypatch.setattr(builtins, "deferred_loads", [], raising=False)
    yield builtins.deferred_loads
    for name in ("deferred_importer", "deferred_dep", "deferred_other"):
        sys.modules.pop(name, None)


def test_an_importer_loads_without_the_modules_it_imports(modules):
    importer = importlib.import_module("deferred_importer")

    assert modules == []
    assert "deferred_dep" not in sys.modules and "deferred_other" not in sys.modules
    # Loaded, the importer looks as if imported the usual way.
    assert type(importer.__loader__).__name__ == "SourceFileLoader"
    assert importer.__spec__.loader is importer.__loader__


def test_a_bound_function_loads_its_module_on_the_first_call(modules):
    importer = importlib.import_module("deferred_importer")

    assert importer.double(21) == 42
    assert modules == ["deferred_dep"]
    assert importer.double(1) == 2
    assert modules == ["deferred_dep"]  # once
    assert sys.modules["deferred_dep"].double(3) == 6


def test_an_attribute_of_an_imported_module_loads_it(modules):
    importer = importlib.import_module("deferred_importer")

    assert importer.deferred_other.VALUE == 42
    assert modules == ["deferred_other"]
    # Any other importer gets the real module, not the stand-in.
    import deferred_other

    assert deferred_other.VALUE == 42 and modules == ["deferred_other"]


def test_a_module_already_loaded_is_used_as_it_is(modules):
    import deferred_dep

    importer = importlib.import_module("deferred_importer")

    assert importer.double is deferred_dep.double


def test_a_stand_in_answers_the_import_systems_questions_without_loading(modules):
    module = stand_in("deferred_dep", ("double",))

    assert not hasattr(module, "__path__")
    assert modules == []
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018 (the real module has no such name either)
    assert modules == ["deferred_dep"]


def test_the_finder_leaves_other_imports_to_the_other_finders():
    finder = StandInFinder()

    assert finder.find_spec("json", None) is None
    spec = finder.find_spec("whoosh.query.terms", importlib.import_module("whoosh.query").__path__)
    assert spec is not None and spec.name == "whoosh.query.terms"
    # (searchlib's own: its modules that define named tuples, made without forward references.)
    assert all(importer.startswith(("whoosh.", "numpy.", "cached_property", "pathlib", "inspect",
                                    "cachetools", "searchlib."))
               for importer in [*STAND_INS, *WHILE_LOADING])


def test_a_function_is_replaced_while_its_importer_loads_and_only_in_its_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The importer's body calls ``inspect.cleandoc``, replaced meanwhile by this package's
    # ``quick_loading.dedent`` (whose result a test can tell apart); another thread calling
    # ``inspect.cleandoc`` at that moment gets the original, and so does everyone afterwards.
    import inspect

    (tmp_path / "replacing_importer.py").write_text(
        "import inspect, threading\n"
        "TEXT = '  a\\n    b'\n"
        "MINE = inspect.cleandoc(TEXT)\n"
        "OTHER = []\n"
        "t = threading.Thread(target=lambda: OTHER.append(inspect.cleandoc(TEXT)))\n"
        "t.start(); t.join()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    finder = StandInFinder({}, {"replacing_importer": (("inspect", "cleandoc", "dedent"),)})
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    original = inspect.cleandoc
    try:
        importer = importlib.import_module("replacing_importer")
    finally:
        sys.modules.pop("replacing_importer", None)

    assert importer.MINE == "a\n  b"  # dedented
    assert importer.OTHER == ["a\nb"]  # cleaned
    assert inspect.cleandoc is original


def test_a_function_replaced_in_two_threads_at_once_is_put_back_when_both_are_done():
    # Two importers loading at once in two threads replace the same function: each thread sees
    # its replacement, and the original comes back after the last, whichever finishes first.
    import inspect
    import threading

    from searchlib import deferred_imports

    original = inspect.cleandoc
    replaced, release, seen = threading.Event(), threading.Event(), {}

    def other_thread():
        deferred_imports._replace(inspect, "cleandoc", lambda doc: "other's")
        replaced.set()
        release.wait()
        seen["other"] = inspect.cleandoc("  x")
        deferred_imports._put_back(inspect, "cleandoc")

    thread = threading.Thread(target=other_thread)
    thread.start()
    replaced.wait()
    deferred_imports._replace(inspect, "cleandoc", lambda doc: "mine")
    assert inspect.cleandoc("  x") == "mine"
    deferred_imports._put_back(inspect, "cleandoc")
    assert inspect.cleandoc("  x") == "x"  # the original, here, while the other still replaces
    release.set()
    thread.join()

    assert seen == {"other": "other's"}
    assert inspect.cleandoc is original
