"""A non-editable install works from any directory: the configuration ships inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_carries_the_config_and_runs_outside_the_repo(tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", wheels, REPO], check=True)
    wheel = next(wheels.glob("disclose-*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", site, wheel], check=True)
    assert (site / "pipeline" / "config" / "policy.yaml").is_file()
    assert (site / "pipeline" / "config" / "purposes" / "referral_to_csc.yaml").is_file()
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Sir,\nSandra Okafor, a neighbour, rang on 07700 900461.\nYours faithfully,\n", encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", letter, "--format", "json"],
        cwd=tmp_path, env=environment, capture_output=True, text=True,
    )
    assert result.returncode == 1, result.stderr
    assert '"PHONE_NUMBER"' in result.stdout
    assert str(site) in subprocess.run(
        [sys.executable, "-c", "import pipeline.settings as s; print(s.default_config_dir())"],
        cwd=tmp_path, env=environment, capture_output=True, text=True,
    ).stdout
