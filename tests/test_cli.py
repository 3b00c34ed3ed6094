"""The `disclose` command end to end, on real files: findings, decisions, redacted copies, the log."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as WordDocument

from pipeline.cli import main
from tests.letters import CONTEXT, REFERRAL, SUBJECT, THIRD_PARTY_NAMES, THIRD_PARTY_PHONE, WRITER_EMAIL
from tests.command import disclose as run



@pytest.fixture
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "referral.txt"
    path.write_text(REFERRAL, encoding="utf-8")
    return path


@pytest.fixture
def word_letter(tmp_path: Path) -> Path:
    """The same referral as a Word file: letterhead in the header, contact details in the footer."""
    lines = REFERRAL.split("\n")
    document = WordDocument()
    section = document.sections[0]
    section.header.paragraphs[0].text = lines[0]
    section.header.add_paragraph(lines[1])
    section.footer.paragraphs[0].text = f"Contact: Sarah Hughes, Designated Safeguarding Lead, {WRITER_EMAIL}"
    for line in lines[3:]:
        paragraph = document.add_paragraph()
        for word in re.split(r"(\s+)", line):
            run_ = paragraph.add_run(word)
            run_.bold = word == "Okafor"
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Neighbour", "Sandra Okafor"
    table.cell(1, 0).text, table.cell(1, 1).text = "Neighbour's phone", THIRD_PARTY_PHONE
    path = tmp_path / "referral.docx"
    document.save(path)
    return path


def findings_of(result) -> dict:
    return json.loads(result.stdout)


def test_check_json_follows_the_contract_and_offsets_point_at_the_text(letter):
    result = run("check", letter, "--format", "json", *CONTEXT)
    assert result.exit_code == 1, result.output
    report = findings_of(result)
    assert {"tool", "document", "context", "findings", "statements", "summary"} <= set(report)
    assert report["document"]["format"] == "txt"
    assert report["context"]["subjects"] == [SUBJECT]
    for finding in report["findings"]:
        assert REFERRAL[finding["start"] : finding["end"]] == finding["text"]
        assert finding["decision"] in ("keep", "redact", "review")
        assert finding["reason"] and finding["rule"]
    assert sum(report["summary"].values()) == len(report["findings"]) + len(report["statements"])


def test_subject_is_kept_and_third_party_is_redacted(letter):
    report = findings_of(run("check", letter, "--format", "json", *CONTEXT))
    decisions = {}
    for finding in report["findings"]:
        decisions.setdefault(finding["text"], set()).add(finding["decision"])
    assert decisions[SUBJECT] == {"keep"}
    assert decisions["Sandra Okafor"] == {"redact"}
    assert decisions[THIRD_PARTY_PHONE] == {"redact"}
    assert decisions[WRITER_EMAIL] == {"keep"}


def test_every_occurrence_of_a_found_name_is_its_own_finding(letter):
    report = findings_of(run("check", letter, "--format", "json", *CONTEXT))
    covered = [(f["start"], f["end"]) for f in report["findings"]]
    for name in ["Jayden", "Okafor", "Kelly Clarke"]:
        for match in re.finditer(rf"\b{name}\b", REFERRAL):
            assert any(s <= match.start() and match.end() <= e for s, e in covered), (name, match.start())


def test_all_mentions_of_one_person_share_a_person_id(letter):
    report = findings_of(run("check", letter, "--format", "json", *CONTEXT))
    ids = {f["person"] for f in report["findings"] if f["entity_type"] == "PERSON" and "Okafor" in f["text"]}
    assert len(ids) == 1 and None not in ids


def test_explain_prints_the_chain_of_rules(letter):
    report = findings_of(run("check", letter, "--format", "json", *CONTEXT))
    target = next(f for f in report["findings"] if f["text"] == "Sandra Okafor")
    result = run("check", letter, *CONTEXT, "--explain", target["id"])
    assert f"{target['id']} PERSON 'Sandra Okafor'" in result.output
    assert f"{target['rule']}: applied -> redact" in result.output
    assert "not applied" in result.output


def test_redact_text_removes_third_parties_and_writes_log_and_record(letter, tmp_path):
    output = tmp_path / "out" / "referral.redacted.txt"
    output.parent.mkdir()
    result = run("redact", letter, "-o", output, *CONTEXT, "--operator", "test-operator")
    assert result.exit_code in (0, 1), result.output
    redacted = output.read_text(encoding="utf-8")
    for removed in [*THIRD_PARTY_NAMES, THIRD_PARTY_PHONE]:
        assert removed not in redacted
    assert SUBJECT in redacted and WRITER_EMAIL in redacted
    assert "[Name of third party removed]" in redacted
    log = output.parent / "disclose-log.jsonl"
    record = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert record["operator"] == "test-operator"
    assert record["output"]["sha256"] and record["input"]["sha256"]
    assert record["redaction_check"]["passed"] is True
    assert (output.parent / "referral.redacted.record.md").read_text(encoding="utf-8").startswith("# Information sharing decision record")
    assert letter.read_text(encoding="utf-8") == REFERRAL


def test_log_holds_no_personal_data_unless_asked(letter, tmp_path):
    quiet, loud = tmp_path / "quiet.txt", tmp_path / "loud.txt"
    run("redact", letter, "-o", quiet, *CONTEXT, "--log", tmp_path / "quiet.jsonl")
    run("redact", letter, "-o", loud, *CONTEXT, "--log", tmp_path / "loud.jsonl", "--log-text")
    quiet_log = (tmp_path / "quiet.jsonl").read_text(encoding="utf-8")
    for value in [SUBJECT, "Okafor", THIRD_PARTY_PHONE, "943 476 5919"]:
        assert value not in quiet_log
    assert "Okafor" in (tmp_path / "loud.jsonl").read_text(encoding="utf-8")
    hashes = [f["value_hash"] for f in json.loads(quiet_log)["findings"] if f["entity_type"] == "PERSON"]
    assert len(set(hashes)) < len(hashes), "repeated values share a hash"


def test_verify_log_detects_an_edited_line(letter, tmp_path):
    log = tmp_path / "log.jsonl"
    for number in range(3):
        run("redact", letter, "-o", tmp_path / f"copy{number}.txt", *CONTEXT, "--log", log)
    assert run("verify-log", log).exit_code == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"redact"', '"keep"', 1)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("verify-log", log)
    assert result.exit_code == 1 and "line 3" in result.output


def test_redact_docx_leaves_no_trace_in_any_part(word_letter, tmp_path):
    output = tmp_path / "referral.redacted.docx"
    result = run("redact", word_letter, "-o", output, *CONTEXT)
    assert result.exit_code in (0, 1), result.output
    with zipfile.ZipFile(output) as package:
        for name in package.namelist():
            content = package.read(name).decode("utf-8", errors="ignore")
            flat = re.sub(r"<[^>]+>", "", content)
            for removed in ["Okafor", THIRD_PARTY_PHONE]:
                assert removed not in content and removed not in flat, (name, removed)
    reopened = WordDocument(output)
    assert any(SUBJECT in p.text for p in reopened.paragraphs)
    assert any(WRITER_EMAIL in p.text for p in reopened.sections[0].footer.paragraphs)


@pytest.mark.parametrize(
    "make_input, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: (d / "letter.pdf").write_bytes(b"%PDF-1.4") and d / "letter.pdf", "unsupported file type"),
        (lambda d: (d / "fake.docx").write_text("not a word file") and d / "fake.docx", "not a Word"),
        (lambda d: (d / "empty.txt").write_text("  \n") and d / "empty.txt", "no text"),
    ],
    ids=["missing", "unsupported", "not-really-docx", "empty"],
)
def test_bad_input_is_one_line_on_stderr_exit_2_and_nothing_written(tmp_path, make_input, message):
    source = make_input(tmp_path)
    before = set(tmp_path.iterdir())
    result = CliRunner().invoke(main, ["redact", str(source), "-o", str(tmp_path / "out.txt")])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output + result.stderr
    assert set(tmp_path.iterdir()) == before


def test_output_equal_to_input_or_existing_is_refused(letter, tmp_path):
    same = CliRunner().invoke(main, ["redact", str(letter), "-o", str(letter), *CONTEXT])
    assert same.exit_code == 2 and "is the input file" in same.stderr
    existing = tmp_path / "exists.txt"
    existing.write_text("keep me")
    refused = CliRunner().invoke(main, ["redact", str(letter), "-o", str(existing), *CONTEXT])
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert existing.read_text() == "keep me"
    assert run("redact", letter, "-o", existing, *CONTEXT, "--force").exit_code in (0, 1)
    assert "Okafor" not in existing.read_text()


def test_bad_option_is_one_line_exit_2(letter):
    result = CliRunner().invoke(main, ["check", str(letter), "--consent", "maybe"])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_missing_answers_are_review_notes_not_silent_defaults(letter):
    report = findings_of(run("check", letter, "--format", "json", "--subject", SUBJECT))
    notes = " ".join(report["notes"])
    assert "No recipient" in notes and "Consent not recorded" in notes


def test_runs_with_the_network_unavailable(letter, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network is not available in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = CliRunner().invoke(main, ["check", str(letter), "--format", "json", *CONTEXT])
    assert result.exit_code == 1, result.stderr
    assert any(f["entity_type"] == "EMAIL_ADDRESS" for f in findings_of(result)["findings"])


def test_profiles_lists_every_shipped_profile():
    result = run("profiles")
    for name in ["referral_to_csc", "police_request", "marac_referral", "school_transfer", "early_help",
                 "health_handover", "cp_conference", "letter_to_parent"]:
        assert name in result.output


def test_a_word_misread_as_a_name_is_proven_gone_only_as_written(tmp_path, settings):
    from pipeline.ingest import read_document
    from pipeline.redact import redact_document
    from pipeline.types import Analysis, Context, Finding

    source = tmp_path / "note.txt"
    source.write_text("Attendance\nHis attendance this term is 81%.\n", encoding="utf-8")
    misread = Finding(kind="personal", entity_type="PERSON", start=0, end=10, text="Attendance", score=0.85,
                      recognizer="SpacyRecognizer", decision="redact")
    analysis = Analysis(document=read_document(source), context=Context(), findings=[misread], statements=[],
                        model=settings.model, config_sha256=settings.sha256)
    result = redact_document(analysis, tmp_path / "note.redacted.txt", settings)
    assert result.path.read_text(encoding="utf-8") == "[Name removed]\nHis attendance this term is 81%.\n"
