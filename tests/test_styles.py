"""Replacement styles: labels that say whose data went, fixed-length blocks, and consistent pseudonyms."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from tests.letters import REFERRAL, SUBJECT, THIRD_PARTY_PHONE

CONTEXT = [
    "--subject", SUBJECT,
    "--purpose", "referral to children's social care about neglect",
    "--recipient", "Northshire Children's Services",
]
# A second third party, a child placed by the word "pupil" and an age.
LETTER = REFERRAL.replace(
    "Mrs Okafor can be reached", "Another pupil, Mia Carter, aged 7, said she saw Jayden crying. Mrs Okafor can be reached"
)


def redact(tmp_path: Path, *options: str) -> tuple[str, dict]:
    """Redact the letter with the options; the redacted text and the log record."""
    source = tmp_path / "referral.txt"
    source.write_text(LETTER, encoding="utf-8")
    output = tmp_path / "referral.redacted.txt"
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(output), *CONTEXT, *options])
    assert result.exit_code in (0, 1), result.stderr
    record = json.loads((tmp_path / "disclose-log.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    return output.read_text(encoding="utf-8"), record


def test_label_says_what_was_removed_and_whose_it_was(tmp_path):
    text, _ = redact(tmp_path)
    assert "A neighbour, [Name of third party removed], telephoned" in text
    assert "can be reached on [Phone number of third party removed]." in text


def test_block_is_the_same_length_whatever_it_hides(tmp_path):
    text, _ = redact(tmp_path, "--style", "block")
    assert "A neighbour, █████, telephoned" in text
    assert "reached on █████." in text and THIRD_PARTY_PHONE not in text


def test_pseudonyms_are_consistent_and_tell_children_from_adults(tmp_path):
    text, record = redact(tmp_path, "--style", "pseudonym")
    assert "A neighbour, Adult 1, telephoned" in text
    assert "Adult 1 can be reached on [Phone number of Adult 1 removed]." in text
    assert "Another pupil, Child A," in text
    assert "Okafor" not in text and "Mia Carter" not in text
    assert record["pseudonyms"] is None


def test_pseudonym_key_is_logged_only_with_log_text(tmp_path):
    _, record = redact(tmp_path, "--style", "pseudonym", "--log-text")
    assert record["pseudonyms"] == {"Adult 1": "Sandra Okafor", "Child A": "Mia Carter"}


def test_style_chosen_in_config_applies_without_the_option(tmp_path):
    config = tmp_path / "disclose.yaml"
    config.write_text("redaction: {style: block}\n", encoding="utf-8")
    text, _ = redact(tmp_path, "--config", str(config))
    assert "A neighbour, █████, telephoned" in text


def test_unknown_style_in_config_is_a_one_line_error(tmp_path):
    config = tmp_path / "disclose.yaml"
    config.write_text("redaction: {style: fancy}\n", encoding="utf-8")
    source = tmp_path / "referral.txt"
    source.write_text(LETTER, encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(tmp_path / "out.txt"), "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "redaction.style 'fancy' is unknown" in result.stderr
