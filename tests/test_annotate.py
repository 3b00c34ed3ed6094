"""The review copy: a comment in Word on every finding and statement that needs a decision."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from lxml import etree

from pipeline.wordfile import read_docx
from tests.letters import REFERRAL, SUBJECT
from tests.command import disclose as run

CONTEXT = [
    "--subject", SUBJECT,
    "--purpose", "referral to children's social care about neglect",
    "--recipient", "Northshire Children's Services",
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"



@pytest.fixture
def word_letter(tmp_path: Path) -> Path:
    """The referral in Word with an unmarked opinion, "Sandra Okafor" split across a plain and a bold run, and the
    neighbour named in the footer too."""
    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "Neighbour's contact: Sandra Okafor"
    unmarked_opinion = "Jayden has attended 78% of sessions this term. Kelly Clarke is clearly not coping."
    for line in REFERRAL.replace("Jayden has attended 78% of sessions this term.", unmarked_opinion).split("\n")[3:]:
        paragraph = document.add_paragraph()
        if "Sandra Okafor" in line:
            before, after = line.split("Sandra Okafor")
            paragraph.add_run(before + "Sandra Ok")
            paragraph.add_run("afor").bold = True
            paragraph.add_run(after)
        else:
            paragraph.add_run(line)
    path = tmp_path / "referral.docx"
    document.save(path)
    return path


def review(word_letter: Path, *options) -> tuple[Path, dict]:
    """Write the review copy; the copy and the findings document of the same check."""
    copy = word_letter.with_name("referral.review.docx")
    result = run("check", word_letter, *CONTEXT, "--format", "json", "--annotate", copy, *options)
    assert result.exit_code == 1, result.stderr
    return copy, json.loads(result.stdout)


def commented_text(copy: Path) -> dict[str, str]:
    """Each comment's first line -> the document text its range covers."""
    word = docx.Document(str(copy))
    firsts = {str(c.comment_id): c.text.split("\n")[0] for c in word.comments}
    covered, open_ids = {}, []
    for element in word.element.body.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "t"):
        name = etree.QName(element).localname
        if name == "commentRangeStart":
            open_ids.append(element.get(W + "id"))
            covered[element.get(W + "id")] = ""
        elif name == "commentRangeEnd":
            open_ids.remove(element.get(W + "id"))
        else:
            for comment_id in open_ids:
                covered[comment_id] += element.text or ""
    return {firsts[i]: text for i, text in covered.items()}


def test_every_item_that_needs_a_decision_gets_a_comment_with_the_reason(word_letter):
    copy, report = review(word_letter)
    pending = [i for i in [*report["findings"], *report["statements"]] if i["decision"] in ("redact", "review")]
    comments = list(docx.Document(str(copy)).comments)
    assert len(comments) == len(pending)
    assert {c.author for c in comments} == {"disclose"}
    statement = next(s for s in report["statements"] if s["decision"] == "review" and s["notes"])
    text = next(c.text for c in comments if c.text.startswith(f"{statement['id']} "))
    assert f"Why: {statement['reason']}" in text and f"Suggestion: {statement['notes'][0]}" in text


def test_comment_covers_exactly_the_finding_even_across_runs(word_letter):
    copy, report = review(word_letter)
    body = [f for f in report["findings"] if f["text"] == "Sandra Okafor" and f["location"]["part"] == "body"][0]
    covered = commented_text(copy)
    first_line = next(line for line in covered if line.startswith(f"{body['id']} "))
    assert covered[first_line] == "Sandra Okafor"
    assert "proposed redact" in first_line


def test_finding_in_the_footer_is_commented_on_the_first_paragraph_saying_where(word_letter):
    copy, report = review(word_letter)
    footer = next(f for f in report["findings"] if f["location"]["part"] == "footer" and f["decision"] == "redact")
    comment = next(c for c in docx.Document(str(copy)).comments if f"{footer['id']} " in c.text)
    assert comment.text.startswith(f"In the footer: {footer['id']} ")


def test_review_copy_keeps_the_letter_text_and_formatting(word_letter):
    copy, _ = review(word_letter)
    original, _ = read_docx(word_letter)
    annotated, _ = read_docx(copy)
    assert annotated.startswith(original)
    bold = [r.text for p in docx.Document(str(copy)).paragraphs for r in p.runs if r.bold]
    assert bold == ["afor"]


def test_text_letter_cannot_be_annotated(tmp_path):
    letter = tmp_path / "referral.txt"
    letter.write_text(REFERRAL, encoding="utf-8")
    result = run("check", letter, *CONTEXT, "--annotate", tmp_path / "referral.review.docx")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--annotate needs a Word .docx letter" in result.stderr


def test_review_copy_never_replaces_the_letter_or_an_existing_file_without_force(word_letter):
    assert "is the input file" in run("check", word_letter, *CONTEXT, "--annotate", word_letter).stderr
    copy = word_letter.with_name("referral.review.docx")
    copy.write_bytes(b"an earlier review")
    assert "already exists" in run("check", word_letter, *CONTEXT, "--annotate", copy).stderr
    assert copy.read_bytes() == b"an earlier review"
    review(word_letter, "--force")
    assert docx.Document(str(copy)).comments
