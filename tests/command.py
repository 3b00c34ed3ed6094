"""Running the `disclose` command in-process, as a user would from a shell."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main


def disclose(*args) -> Result:
    """Run `disclose ARGS...` and return its exit code, stdout and stderr."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def installed_program(name: str, package: str) -> str:
    """The path of a system program a test needs: skipped where it is missing, except under CI, where
    .ci/run installs it and its absence is a failure."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed: .ci/run installs the {package} package before the tests")
        pytest.skip(f"{name} is not installed (apt-get install {package})")
    return path
