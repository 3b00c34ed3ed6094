"""`disclose lint` on template letters: placeholders are fine, planted personal data and opinion are not."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from docx import Document as WordDocument

from functools import partial

from tests.command import disclose

run = partial(disclose, "lint")

TEMPLATES = Path(__file__).resolve().parent.parent / "samples" / "templates"
CLEAN = ["referral_to_csc.md", "school_transfer.txt", "early_help_invitation.txt", "letter_to_parent.docx"]
PLANTED = TEMPLATES / "police_request_reply.md"
PLANTED_DATA = ["Janet", "Pryce", "07700 900123", "07700"]




def word_template(folder: Path, lines: list[str]) -> Path:
    """A Word template letter with one paragraph per line."""
    document = WordDocument()
    for line in lines:
        document.add_paragraph(line)
    template = folder / "letter.docx"
    document.save(template)
    return template

def problems(*args) -> list[dict]:
    return json.loads(run(*args, "--format", "json").stdout)["problems"]


def where(path: Path, text: str) -> tuple[int, int]:
    """The 1-based line and column of `text` in a text file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(f"{text!r} not in {path}")


@pytest.mark.parametrize("name", CLEAN)
def test_clean_template_with_placeholders_passes(name):
    result = run(TEMPLATES / name, "--fail-on", "warning")
    assert result.exit_code == 0, result.stdout
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_planted_name_and_phone_are_dl001_at_their_line_and_column():
    found = problems(PLANTED)
    errors = {(p["rule"], p["line"], p["column"]) for p in found if p["level"] == "error"}
    assert errors == {("DL001", *where(PLANTED, "Mrs Janet Pryce")), ("DL001", *where(PLANTED, "07700 900123"))}
    opinion_line, _ = where(PLANTED, "clearly unreliable")
    assert ("DL002", opinion_line) in {(p["rule"], p["line"]) for p in found}
    assert run(PLANTED).exit_code == 1


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit"])
def test_no_output_format_repeats_the_personal_data(output_format):
    output = run(TEMPLATES, "--format", output_format).stdout
    assert "DL001" in output
    assert not [value for value in PLANTED_DATA if value in output]


def test_list_rules_names_every_rule_with_its_level():
    result = run("--list-rules")
    assert result.exit_code == 0
    assert [line.split()[:2] for line in result.stdout.splitlines()] == [
        ["DL001", "error"], ["DL002", "warning"], ["DL003", "warning"], ["DL004", "warning"], ["DL005", "warning"],
    ]


def test_disable_comment_switches_rules_off_for_that_file(tmp_path):
    template = tmp_path / "reply.md"
    template.write_text("<!-- disclose-lint: disable=DL001,DL002 -->\n" + PLANTED.read_text(encoding="utf-8"), encoding="utf-8")
    assert problems(template) == []


def test_disable_paragraph_in_a_word_template(tmp_path):
    template = word_template(tmp_path, ["disclose-lint: disable=DL002", "Dear {{ parent_name }},", "The home is clearly chaotic."])
    assert problems(template) == []


def test_config_can_switch_a_rule_off(tmp_path):
    template = tmp_path / "letter.txt"
    template.write_text("Dear [PARENT NAME],\nWe will meet on [MEETNG DATE] at school.\n", encoding="utf-8")
    assert [(p["rule"], p["line"], p["column"]) for p in problems(template)] == [("DL004", 2, 17)]
    config = tmp_path / "lint.yaml"
    config.write_text("lint: {disable: [DL004]}\n", encoding="utf-8")
    assert problems(template, "--config", config) == []


def test_placeholder_names_match_ignoring_case_spaces_and_underscores(tmp_path):
    template = tmp_path / "letter.txt"
    template.write_text("Dear {{ Parent-Name }}, [parent name], <<PARENT_NAME>>, «Parent_Name», ${parent_name}.\n", encoding="utf-8")
    assert problems(template) == []


def test_unclosed_placeholder_is_dl003_at_its_opener(tmp_path):
    template = tmp_path / "letter.md"
    template.write_text("Dear {{ parent_name },\nWe will meet on <<MEETING_DATE>.\nIn [MEETING PLACE.\n", encoding="utf-8")
    assert [(p["rule"], p["line"], p["column"]) for p in problems(template)] == [
        ("DL003", 1, 6), ("DL003", 2, 17), ("DL003", 3, 4),
    ]


def test_special_category_prompt_needs_a_note_saying_why(tmp_path):
    bare = tmp_path / "bare.txt"
    bare.write_text("Dear [PARENT NAME],\n\nEthnicity: [ETHNICITY]\nReligion: [RELIGION]\n", encoding="utf-8")
    assert [(p["rule"], p["line"]) for p in problems(bare)] == [("DL005", 3), ("DL005", 4)]
    explained = tmp_path / "explained.txt"
    explained.write_text("Dear [PARENT NAME],\n\nEthnicity: [ETHNICITY]\nWhy we ask: [ETHNICITY REASON]\n", encoding="utf-8")
    assert problems(explained) == []


def test_word_template_line_is_the_paragraph_number(tmp_path):
    template = word_template(tmp_path, ["Dear «Parent_Name»,", "Thank you for coming in.", "Please call Mrs Janet Pryce on 07700 900123."])
    assert {(p["rule"], p["line"], p["column"]) for p in problems(template)} == {("DL001", 3, 13), ("DL001", 3, 32)}


def test_fail_on_warning_fails_on_unmarked_opinion(tmp_path):
    template = tmp_path / "letter.txt"
    template.write_text("Dear [PARENT NAME],\nThe home is clearly chaotic.\n", encoding="utf-8")
    assert run(template).exit_code == 0
    assert run(template, "--fail-on", "warning").exit_code == 1


def test_sarif_has_what_github_code_scanning_reads():
    sarif = json.loads(run(PLANTED, "--format", "sarif").stdout)
    assert sarif["version"] == "2.1.0" and "$schema" in sarif
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "disclose" and driver["informationUri"].startswith("https://")
    assert all({"id", "shortDescription", "defaultConfiguration"} <= set(rule) for rule in driver["rules"])
    results = sarif["runs"][0]["results"]
    assert results
    for result in results:
        assert result["ruleId"] in {rule["id"] for rule in driver["rules"]}
        assert result["level"] in ("error", "warning") and result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("samples/templates/police_request_reply.md")
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1


def test_junit_has_one_testcase_per_template_and_a_failure_per_problem():
    suite = ElementTree.fromstring(run(TEMPLATES, "--format", "junit").stdout)
    assert suite.tag == "testsuite"
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert len(cases) == 5 and suite.get("tests") == "5" and suite.get("failures") == "1"
    failing = [name for name, case in cases.items() if case.find("failure") is not None]
    assert failing == [str(PLANTED)]
    assert len(cases[str(PLANTED)].findall("failure")) == len(problems(PLANTED))


def test_empty_template_cannot_be_checked(tmp_path):
    template = tmp_path / "empty.txt"
    template.write_text("", encoding="utf-8")
    result = run(template)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_unknown_rule_in_a_disable_comment_is_refused(tmp_path):
    template = tmp_path / "letter.txt"
    template.write_text("disclose-lint: disable=DL009\nDear [PARENT NAME],\n", encoding="utf-8")
    result = run(template)
    assert result.exit_code == 2 and "DL009" in result.stderr


@pytest.mark.slow
def test_pre_commit_hook_runs_disclose_lint(tmp_path):
    pytest.importorskip("pre_commit")
    repository = tmp_path / "templates"
    repository.mkdir()
    shutil.copy(PLANTED, repository / "reply.md")
    root = str(Path(__file__).resolve().parent.parent)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repository, check=True)
    subprocess.run([*git, "add", "."], cwd=repository, check=True)
    hook = subprocess.run(
        # try-repo installs the hook from this working tree, uncommitted changes included.
        [sys.executable, "-m", "pre_commit", "try-repo", root, "disclose-lint", "--all-files"],
        cwd=repository, capture_output=True, text=True,
    )
    assert hook.returncode == 1
    assert "DL001" in hook.stdout and "Pryce" not in hook.stdout
