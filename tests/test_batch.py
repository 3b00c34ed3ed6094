"""`disclose batch` end to end: a folder of letters, redacted copies, one log, a summary, re-runs and resumes."""

from __future__ import annotations

import csv
import json
import pickle
from pathlib import Path

import pytest
from docx import Document as WordDocument

import pipeline.redact
from pipeline.batch import process_one
from pipeline.decision_log import verify_log
from pipeline.ingest import read_document
from pipeline.types import Context
from tests.letters import CONTEXT, REFERRAL, THIRD_PARTY_PHONE
from tests.command import disclose as run

HANDOVER = """\
# Health visitor handover

Ruby Mensah (born 02/09/2024) moved to the Eastbrook area on 1 March 2026.
Her mother, Abena Mensah, can be reached on 07700 900217.
Ruby's weight has been on the 9th centile since birth.
In my professional opinion, based on four home visits, Ruby is well cared for.
"""



@pytest.fixture
def letters(tmp_path: Path) -> Path:
    """Three good letters (txt, md, docx in a subfolder), one damaged Word file, and files to leave alone."""
    folder = tmp_path / "letters"
    (folder / "health").mkdir(parents=True)
    (folder / "referral.txt").write_text(REFERRAL, encoding="utf-8")
    (folder / "health" / "handover.md").write_text(HANDOVER, encoding="utf-8")
    document = WordDocument()
    for line in REFERRAL.split("\n"):
        document.add_paragraph(line)
    document.save(folder / "health" / "referral.docx")
    (folder / "broken.docx").write_bytes(b"this is not really a Word file")
    (folder / ".draft.txt").write_text(REFERRAL, encoding="utf-8")
    (folder / "~$referral.docx").write_bytes(b"Word lock file")
    return folder


def summary(outdir: Path) -> dict[str, dict]:
    return {row["path"]: row for row in json.loads((outdir / "summary.json").read_text())["files"]}


def log_lines(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "disclose-log.jsonl").read_text().splitlines()]


def test_batch_redacts_good_files_reports_the_bad_one_and_exits_2(letters, tmp_path):
    outdir = tmp_path / "out"
    result = run("batch", letters, "-o", outdir, "--jobs", 1, *CONTEXT)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "summary.csv" in result.stderr
    rows = summary(outdir)
    assert list(rows) == ["broken.docx", "health/handover.md", "health/referral.docx", "referral.txt"]
    assert rows["broken.docx"]["status"] == "failed" and rows["broken.docx"]["error"]
    for path in ("health/handover.md", "health/referral.docx", "referral.txt"):
        assert rows[path]["status"] == "ok" and rows[path]["redact"] > 0 and rows[path]["personal"] > 0
        assert rows[path]["config_sha256"] and len(rows[path]["output_sha256"]) == 64
    assert (outdir / "referral.redacted.txt").is_file()
    assert (outdir / "health" / "handover.redacted.md").is_file()
    assert (outdir / "health" / "referral.redacted.docx").is_file()
    assert (outdir / "health" / "referral.redacted.record.md").is_file()
    assert THIRD_PARTY_PHONE not in (outdir / "referral.redacted.txt").read_text()
    with open(outdir / "summary.csv", newline="") as handle:
        assert [row["path"] for row in csv.DictReader(handle)] == list(rows)
    count, problems = verify_log(outdir / "disclose-log.jsonl")
    assert (count, problems) == (3, [])
    assert [record["input"]["path"] for record in log_lines(outdir)] == [
        str(letters / "health" / "handover.md"), str(letters / "health" / "referral.docx"), str(letters / "referral.txt"),
    ]


def test_outdir_inside_the_folder_is_not_read_as_input(letters):
    outdir = letters / "redacted"
    run("batch", letters, "-o", outdir, "--jobs", 1, *CONTEXT)
    second = run("batch", letters, "-o", outdir, "--jobs", 1, "--force", *CONTEXT)
    assert not any("redacted" in path for path in summary(outdir))
    assert "4 files" in second.stdout


def test_rerun_skips_unchanged_files_and_force_redoes_them(letters, tmp_path):
    outdir = tmp_path / "out"
    run("batch", letters, "-o", outdir, "--jobs", 1, *CONTEXT)
    (letters / "referral.txt").write_text(REFERRAL.replace("78%", "81%"), encoding="utf-8")
    again = run("batch", letters, "-o", outdir, "--jobs", 1, *CONTEXT)
    statuses = {path: row["status"] for path, row in summary(outdir).items()}
    assert statuses == {"broken.docx": "failed", "health/handover.md": "skipped", "health/referral.docx": "skipped", "referral.txt": "ok"}
    assert again.exit_code == 2 and len(log_lines(outdir)) == 4
    run("batch", letters, "-o", outdir, "--jobs", 1, "--force", *CONTEXT)
    assert {row["status"] for row in summary(outdir).values()} == {"ok", "failed"}
    assert verify_log(outdir / "disclose-log.jsonl") == (7, [])


def test_manifest_gives_each_file_its_own_context(letters, tmp_path):
    manifest = letters / "manifest.csv"
    manifest.write_text(
        "path,purpose,profile,recipient,subjects,consent,lawful_basis\n"
        "referral.txt,referral to children's social care about neglect,,Northshire Children's Services,Jayden Clarke,not-sought,UK GDPR Art. 6(1)(e)\n"
        "health/handover.md,handover to the new health visiting team,,Eastbrook Health Visiting,Ruby Mensah;Abena Mensah,given,\n",
        encoding="utf-8",
    )
    outdir = tmp_path / "out"
    result = run("batch", letters, "-o", outdir, "--manifest", manifest, "--jobs", 1, "--log-text")
    assert result.exit_code in (0, 1), result.stderr
    assert list(summary(outdir)) == ["referral.txt", "health/handover.md"]
    contexts = [record["context"] for record in log_lines(outdir)]
    assert [c["recipient"] for c in contexts] == ["Northshire Children's Services", "Eastbrook Health Visiting"]
    assert [c["consent"] for c in contexts] == ["not-sought", "given"]
    assert [[s["text"] for s in c["subjects"]] for c in contexts] == [["Jayden Clarke"], ["Ruby Mensah", "Abena Mensah"]]


def test_manifest_path_outside_the_folder_is_refused(letters, tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path\nelsewhere.txt\n", encoding="utf-8")
    result = run("batch", letters, "-o", tmp_path / "out", "--manifest", manifest)
    assert result.exit_code == 2 and "is not under" in result.stderr


def test_interrupted_batch_leaves_no_partial_files_and_resumes(letters, tmp_path, monkeypatch):
    outdir = tmp_path / "out"
    checked = []
    original = pipeline.redact.text_leaks

    def interrupt_last_file(path, *args):
        checked.append(path)
        if len(checked) == 2:  # referral.txt, the last file: its temporary copy is written, not yet renamed
            raise KeyboardInterrupt
        return original(path, *args)

    monkeypatch.setattr(pipeline.redact, "text_leaks", interrupt_last_file)
    result = run("batch", letters, "-o", outdir, "--jobs", 1, *CONTEXT)
    assert result.exit_code == 2 and "interrupted" in result.stderr
    assert not list(outdir.rglob("*.part"))
    assert not (outdir / "referral.redacted.txt").exists()
    assert list(summary(outdir)) == ["broken.docx", "health/handover.md", "health/referral.docx"]
    assert verify_log(outdir / "disclose-log.jsonl") == (2, [])

    monkeypatch.setattr(pipeline.redact, "text_leaks", original)
    run("batch", letters, "-o", outdir, "--jobs", 1, *CONTEXT)
    statuses = {path: row["status"] for path, row in summary(outdir).items()}
    assert statuses == {"broken.docx": "failed", "health/handover.md": "skipped", "health/referral.docx": "skipped", "referral.txt": "ok"}
    assert verify_log(outdir / "disclose-log.jsonl") == (3, [])


def test_two_jobs_give_the_same_outputs_as_one(letters, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run("batch", letters, "-o", one, "--jobs", 1, *CONTEXT)
    run("batch", letters, "-o", two, "--jobs", 2, *CONTEXT)
    # A Word file's zip entries carry the time they were written, so its bytes differ run to run; its text may not.
    ignore = {"seconds", "peak_memory_mb", "output_sha256"}
    first, second = summary(one), summary(two)
    assert {p: {k: v for k, v in r.items() if k not in ignore} for p, r in first.items()} == {
        p: {k: v for k, v in r.items() if k not in ignore} for p, r in second.items()
    }
    for row in first.values():
        if row["output"]:
            assert read_document(one / row["output"]).text == read_document(two / row["output"]).text
    assert [[(f["id"], f["decision"]) for f in r["findings"]] for r in log_lines(one)] == [
        [(f["id"], f["decision"]) for f in r["findings"]] for r in log_lines(two)
    ]
    assert verify_log(two / "disclose-log.jsonl") == (3, [])


def test_html_summary_is_self_contained_and_escaped(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "o'brien & <sons>.txt").write_text(HANDOVER, encoding="utf-8")
    outdir = tmp_path / "out"
    run("batch", folder, "-o", outdir, "--jobs", 1, "--report-html", *CONTEXT)
    page = (outdir / "summary.html").read_text()
    assert "o&#x27;brien &amp; &lt;sons&gt;.txt" in page and "<sons>" not in page
    assert "<script" not in page and "http" not in page
    assert 'href="o%27brien%20%26%20%3Csons%3E.redacted.txt"' in page


def test_process_one_returns_a_small_picklable_result(settings, tmp_path):
    source = tmp_path / "handover.md"
    source.write_text(HANDOVER, encoding="utf-8")
    result = process_one(source, tmp_path / "handover.redacted.md", Context(subjects=["Ruby Mensah"]), None, "tester", b"salt")
    assert pickle.loads(pickle.dumps(result)) == result
    assert result.status == "ok" and result.config_sha256 == settings.sha256 and result.peak_memory_mb > 0
    assert "07700 900217" not in json.dumps(result.review_items)
