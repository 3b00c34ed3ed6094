"""Running the `disclose` command in-process, as a user would from a shell."""

from __future__ import annotations

from click.testing import CliRunner, Result

from pipeline.cli import main


def disclose(*args) -> Result:
    """Run `disclose ARGS...` and return its exit code, stdout and stderr."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
