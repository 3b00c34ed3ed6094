"""The Word files disclose writes open in LibreOffice: redacted copies in every style, and review copies."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from tests import hostile_docx
from tests.command import disclose, installed_program

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "referral_to_csc.docx"


@pytest.mark.slow
def test_redacted_and_review_copies_open_in_libreoffice(tmp_path):
    office = installed_program("soffice", "libreoffice-writer-nogui")
    written = []
    for style in ("label", "block", "pseudonym"):
        written.append(tmp_path / f"redacted-{style}.docx")
        assert disclose("redact", SAMPLE, "-o", written[-1], "--subject", "Jayden Clarke", "--style", style).exit_code in (0, 1)
    hostile = hostile_docx.tracked_changes(tmp_path)
    written.append(tmp_path / "hostile.redacted.docx")
    assert disclose("redact", hostile, "-o", written[-1]).exit_code in (0, 1)
    written.append(tmp_path / "review.docx")
    assert disclose("check", SAMPLE, "--annotate", written[-1]).exit_code in (0, 1)
    pdfs = tmp_path / "pdf"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(pdfs), *map(str, written)],
            capture_output=True, timeout=300, check=True,
        )
    for document in written:
        pdf = pdfs / f"{document.stem}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), document.name
