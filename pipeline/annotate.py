"""The review copy: the letter as a Word file with a comment on every finding and statement that needs a
decision, so the practitioner can work through them in Word."""

from __future__ import annotations

from pathlib import Path

from docx.text.run import Run

from pipeline.decisions import needs_decision
from pipeline.redact import write_new_file
from pipeline.types import Analysis, DiscloseError, Finding, Statement
from pipeline.wordfile import open_paragraphs, span_runs

AUTHOR, INITIALS = "disclose", "DC"
# Word anchors comments in the main document only: an item in a header, footer, note or comment gets its
# comment on the letter's first paragraph instead, saying where the item is.
MAIN_DOCUMENT = {"body", "table", "textbox"}


def comment_text(item: Finding | Statement) -> str:
    """What the reviewer reads: what was found, the proposed decision, why, and what to change."""
    if isinstance(item, Finding):
        whose = " ".join(x for x in (item.person, item.role) if x)
        what = item.entity_type + (f" ({item.subtype})" if item.subtype else "") + (f", {whose}" if whose else "")
        return f"{item.id} {what}: proposed {item.decision}\nWhy: {item.reason}"
    suggestions = "".join(f"\nSuggestion: {note}" for note in item.notes)
    return f"{item.id} {item.label}: proposed {item.decision}\nWhy: {item.reason}{suggestions}"


def anchor(paragraphs: list, item: Finding | Statement) -> tuple[list, str]:
    """The runs to hang an item's comment on, and a note of where the item is when it is not under them."""
    touched = [(s, p) for s, p in paragraphs if s.start < item.end and item.start <= s.end]
    inside = [(s, p) for s, p in touched if s.part in MAIN_DOCUMENT and s.part == touched[0][0].part]
    runs = [
        run
        for segment, paragraph in inside
        for run in span_runs(paragraph, max(item.start, segment.start) - segment.start, min(item.end, segment.end) - segment.start)
    ]
    if runs:
        return runs, ""
    first = next(((s, p) for s, p in paragraphs if s.part in MAIN_DOCUMENT and s.end > s.start), None)
    if first is None:
        raise DiscloseError("the letter has no text in its body to hang comments on: use --report FILE.html instead")
    segment, paragraph = first
    where = touched[0][0].part if touched else "document"
    return span_runs(paragraph, 0, segment.end - segment.start), f"In the {where}: "


def write_review_copy(analysis: Analysis, destination: Path, force: bool = False) -> int:
    """Write a copy of the Word letter with a comment on every item that needs a decision; return how many."""
    document = analysis.document
    if document.format != "docx":
        raise DiscloseError(
            f"--annotate needs a Word .docx letter and {document.path.name} is .{document.format}: "
            "use --report FILE.html for a review page instead"
        )
    items = needs_decision(analysis)

    def write(path: Path) -> None:
        word, paragraphs = open_paragraphs(document.path)
        if [segment for segment, _ in paragraphs] != document.segments:
            raise DiscloseError(f"{document.path.name} has changed since it was checked: run the check again")
        for item in items:
            runs, where = anchor(paragraphs, item)
            word.add_comment([Run(runs[0], word), Run(runs[-1], word)], where + comment_text(item), AUTHOR, INITIALS)
        word.save(str(path))

    write_new_file(document.path, destination, write, force)
    return len(items)
