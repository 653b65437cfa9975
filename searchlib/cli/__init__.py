"""The ``searchlib`` command line: one click group, one module per family of commands.

Commands are thin: parse options, call one library function, format the output. Library errors
(:class:`searchlib.errors.SearchlibError`) become one ``Error: ...`` line on stderr and exit 1;
usage errors exit 2 (click's own convention). A command refused because another process holds the
index's build lock exits 75 (``EX_TEMPFAIL``: nothing was done, retry later), whichever command it
is, so that cron jobs and scripts tell "busy" from "failed".
"""

from __future__ import annotations

import click

from ..errors import IndexLocked, SearchlibError
from ..version import __version__
from .hints import with_location_hint

#: ``sysexits.h`` EX_TEMPFAIL: the command did not run because another build held the lock.
EXIT_LOCKED = 75


class Locked(click.ClickException):
    """Another process holds the build lock: one ``Error:`` line, exit 75."""

    exit_code = EXIT_LOCKED


class SearchlibGroup(click.Group):
    """A group that turns library errors into one-line ``Error:`` messages, never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except IndexLocked as e:
            raise Locked(str(e)) from None
        except SearchlibError as e:
            raise click.ClickException(with_location_hint(str(e))) from None


@click.group(cls=SearchlibGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="searchlib")
def cli() -> None:
    """searchlib: French full-text search and citations over studies of the post-Soviet economy."""


# Each module registers its commands on ``cli`` when imported.
from . import (  # noqa: E402,F401
    archive_commands,
    cite_commands,
    corpus_commands,
    index_commands,
    search_commands,
    serve_commands,
)

__all__ = ["EXIT_LOCKED", "Locked", "cli"]
