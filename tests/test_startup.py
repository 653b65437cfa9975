"""Start-up: ``import searchlib`` and ``searchlib --help`` load none of the heavy libraries.

Each check runs in a fresh interpreter, since this test process has long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("numpy", "whoosh", "bs4", "fitz")

_REPORT = f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"


def _loaded_after(code: str) -> list[str]:
    script = f"import json, sys\n{code}\n{_REPORT}\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_searchlib_loads_no_heavy_library():
    assert _loaded_after("import searchlib") == []


def test_help_loads_no_heavy_library():
    code = (
        "from searchlib.cli import cli\n"
        "try:\n"
        "    cli.main(['--help'], prog_name='searchlib')\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
    )
    assert _loaded_after(code) == []


def test_public_names_still_resolve_on_first_use():
    import searchlib
    from searchlib.index import generations
    from searchlib.model import Footnote

    assert searchlib.build_index is generations.build_index
    assert searchlib.Footnote is Footnote
    assert not hasattr(searchlib, "no_such_name")
    assert "build_index" in searchlib.__all__


def test_the_cli_formats_are_the_library_formats():
    from searchlib.cite import FORMATS
    from searchlib.cli.cite_commands import FORMATS as CLI_FORMATS

    assert CLI_FORMATS == FORMATS
