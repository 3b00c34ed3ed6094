"""Reviewer overrides: export what needs a decision, edit it, apply it on top of the policy when redacting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.letters import REFERRAL, SUBJECT, THIRD_PARTY_PHONE
from tests.command import disclose as run

CONTEXT = [
    "--subject", SUBJECT,
    "--purpose", "referral to children's social care about neglect",
    "--recipient", "Northshire Children's Services",
]



@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path, dict]:
    """The referral letter, its decisions file, and the file's YAML."""
    letter = tmp_path / "referral.txt"
    letter.write_text(REFERRAL, encoding="utf-8")
    decisions = tmp_path / "decisions.yaml"
    result = run("check", letter, *CONTEXT, "--decisions-out", decisions)
    assert result.exit_code == 1, result.stderr
    return letter, decisions, yaml.safe_load(decisions.read_text(encoding="utf-8"))


def neighbour(data: dict) -> tuple[str, dict]:
    return next((item_id, item) for item_id, item in data["items"].items() if item.get("text") == "Sandra Okafor")


def redact_with(letter: Path, decisions: Path, data: dict) -> tuple[str, dict]:
    decisions.write_text(yaml.safe_dump(data), encoding="utf-8")
    output = letter.with_name("referral.redacted.txt")
    result = run("redact", letter, "-o", output, *CONTEXT, "--decisions", decisions)
    assert result.exit_code in (0, 1), result.stderr
    record = json.loads(letter.with_name("disclose-log.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    return output.read_text(encoding="utf-8"), record


def test_exported_file_lists_what_needs_a_decision_and_warns_it_holds_personal_data(exported):
    letter, decisions, data = exported
    assert "keep it on your own machine" in decisions.read_text(encoding="utf-8")
    assert data["document"]["sha256"]
    _, item = neighbour(data)
    assert item["proposed"] == item["decision"] == "redact"
    assert item["entity_type"] == "PERSON" and item["role"] in ("third_party", "referrer") and item["reason"]
    assert all(entry["proposed"] in ("redact", "review") for entry in data["items"].values())


def test_reviewer_decision_for_a_person_applies_to_every_mention_with_the_note(exported):
    letter, decisions, data = exported
    _, item = neighbour(data)
    data["people"] = {item["person"]: {"decision": "keep", "note": "CSC need to contact the neighbour"}}
    text, record = redact_with(letter, decisions, data)
    assert "A neighbour, Sandra Okafor, telephoned" in text and "Mrs Okafor can be reached" in text
    overridden = [f for f in record["findings"] if f["person"] == item["person"]]
    assert {f["rule"] for f in overridden} == {"reviewer-override"}
    assert {f["reason"] for f in overridden} == {"Reviewer decision: keep: CSC need to contact the neighbour"}


def test_changed_item_wins_over_its_persons_decision(exported):
    letter, decisions, data = exported
    _, item = neighbour(data)
    phone_id, phone = next((i, e) for i, e in data["items"].items() if e.get("text") == THIRD_PARTY_PHONE)
    assert phone["person"] == item["person"]
    data["people"] = {item["person"]: "keep"}
    phone.update(decision="redact", note="her number is not needed")
    text, _ = redact_with(letter, decisions, data)
    assert "Sandra Okafor" in text and THIRD_PARTY_PHONE not in text


def test_decisions_for_another_version_of_the_letter_are_refused(exported, tmp_path):
    letter, decisions, _ = exported
    letter.write_text(REFERRAL.replace("78%", "81%"), encoding="utf-8")
    result = run("redact", letter, "-o", tmp_path / "out.txt", *CONTEXT, "--decisions", decisions)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "was made for another document" in result.stderr


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda data: data["items"].update(F999={"decision": "keep"}), "there is no item 'F999'"),
        (lambda data: data.update(people={"P99": "keep"}), "there is no person 'P99'"),
        (lambda data: data["items"][next(iter(data["items"]))].update(decision="share"), "has decision 'share'"),
    ],
)
def test_unknown_ids_and_decisions_are_refused_in_one_line(exported, tmp_path, edit, message):
    letter, decisions, data = exported
    edit(data)
    decisions.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("redact", letter, "-o", tmp_path / "out.txt", *CONTEXT, "--decisions", decisions)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert not (tmp_path / "out.txt").exists()
