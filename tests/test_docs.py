"""The documentation keeps up with the code: every command has help text and a README mention."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from searchlib.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, f"{prefix}{name} "))
    return found


COMMANDS = all_commands(cli)


def test_the_cli_has_the_commands_the_design_names():
    names = {name for name, _ in COMMANDS}
    assert {"ingest", "index", "rebuild", "search", "cite", "footnotes", "books", "serve",
            "sources", "sources import"} <= names


@pytest.mark.parametrize("name, command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_with_an_example(name, command):
    assert command.help and command.help.strip()
    assert "Example:" in command.help, f"{name} has no Example: block"


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS])
def test_every_command_appears_in_the_readme(name):
    assert f"searchlib {name}" in README


def test_readme_opens_with_the_two_setup_commands():
    first_screen = "\n".join(README.splitlines()[:25])
    assert "make run" in first_screen and "make test" in first_screen
