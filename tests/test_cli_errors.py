"""User mistakes at the command line that reach past option parsing: one ``Error:`` line, exit 1."""

from __future__ import annotations

import socket

from searchlib.cli import cli


def test_search_in_an_unknown_book(cli_runner, real_corpus_dir, real_index_dir):
    result = cli_runner.invoke(cli, ["search", "Minsk", "--book", "b9", "--corpus",
                                     str(real_corpus_dir), "--index", str(real_index_dir)])
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown book 'b9' (known: b1, b2)\n"


def test_serve_on_a_port_in_use(cli_runner, real_corpus_dir, real_index_dir):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli_runner.invoke(cli, ["serve", "--port", str(port), "--workers", "1",
                                         "--corpus", str(real_corpus_dir),
                                         "--index", str(real_index_dir)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"Error: cannot serve on 127.0.0.1:{port}: ")
    assert "Traceback" not in result.output
