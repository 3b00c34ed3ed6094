"""Stage 8, redact: apply the decisions to a copy of the document, written whole or not at all.

The original is never touched. Outputs go to a temporary file beside the destination, are checked
for every removed string, and only then renamed into place.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.settings import Settings
from pipeline.types import Analysis, DiscloseError, Finding, Replacement
from pipeline.wordfile import leaked_strings, write_redacted_docx


@dataclass
class RedactionResult:
    """What was written, and the proof that the removed strings are gone."""

    path: Path
    sha256: str
    replaced: int
    removed_strings: int  # how many removed strings were searched for in the output, and not found


def removes(finding: Finding, settings: Settings) -> bool:
    """Whether the redacted copy removes this finding: redact always; review as config says per kind."""
    if finding.decision == "redact":
        return True
    review_action = settings.section("redaction").get("review_action", {})
    return finding.decision == "review" and review_action.get(finding.kind, "redact") == "redact"


def label_for(finding: Finding, settings: Settings) -> str:
    """The text put in place of a finding, in the configured style."""
    config = settings.section("redaction")
    if config.get("style", "label") == "block":
        return "█████"
    labels = config.get("labels", {})
    label = labels.get(finding.entity_type) or labels.get(finding.kind) or "Information"
    return f"[{label} redacted]"


def plan_replacements(analysis: Analysis, settings: Settings) -> list[Replacement]:
    """Non-overlapping replacements for every removed finding; overlapping spans merge into one."""
    text = analysis.document.text
    merged: list[tuple[int, int, str]] = []
    for finding in sorted((f for f in analysis.findings if removes(f, settings)), key=lambda f: (f.start, -f.end)):
        if merged and finding.start < merged[-1][1]:
            start, end, label = merged[-1]
            merged[-1] = (start, max(end, finding.end), label)
        else:
            merged.append((finding.start, finding.end, label_for(finding, settings)))
    return [Replacement(start, end, label, text[start:end]) for start, end, label in merged]


def apply_to_text(text: str, replacements: list[Replacement]) -> str:
    """`text` with each replacement made (replacements sorted and non-overlapping)."""
    pieces, position = [], 0
    for replacement in replacements:
        pieces += [text[position : replacement.start], replacement.text]
        position = replacement.end
    return "".join(pieces + [text[position:]])


def strings_to_prove_gone(analysis: Analysis, replacements: list[Replacement]) -> list[str]:
    """The removed strings that must appear nowhere in the output (unless kept elsewhere on purpose)."""
    kept = {f.text.casefold() for f in analysis.findings if f.decision == "keep"}
    removed = {r.original.strip() for r in replacements}
    return sorted(s for s in removed if s and s.casefold() not in kept)


def text_leaks(path: Path, strings: list[str], encoding: str) -> list[tuple[str, str]]:
    """Removed strings still present in a written text file (spacing aside, any case)."""
    written = path.read_bytes().decode(encoding, errors="replace")
    flat = "".join(written.split()).casefold()
    return [("text", s) for s in strings if "".join(s.split()).casefold() in flat]


def check_destination(source: Path, destination: Path, force: bool) -> None:
    """Refuse to overwrite the input, or an existing output without --force."""
    if destination.resolve() == source.resolve():
        raise DiscloseError(f"the output {destination} is the input file: give another path with -o (the original is never changed)")
    if destination.exists() and not force:
        raise DiscloseError(f"{destination} already exists: choose another path or add --force to replace it")
    if not destination.parent.is_dir():
        raise DiscloseError(f"the folder {destination.parent} does not exist: create it first")
    if (source.suffix.lower() == ".docx") != (destination.suffix.lower() == ".docx"):
        raise DiscloseError(f"write a {source.suffix} input to a {source.suffix} output (got {destination.name})")


def write_atomically(destination: Path, write) -> Path:
    """Call write(temporary) for a new temporary file beside `destination` and return its path, for the
    caller to check and rename into place. On any failure the temporary file is removed."""
    handle, name = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".part")
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def redact_document(analysis: Analysis, destination: Path, settings: Settings, force: bool = False) -> RedactionResult:
    """Write the redacted copy of the analysed document to `destination`, proven free of removed strings."""
    document = analysis.document
    destination = Path(destination)
    check_destination(document.path, destination, force)
    replacements = plan_replacements(analysis, settings)
    must_be_gone = strings_to_prove_gone(analysis, replacements)
    if document.format == "docx":
        temporary = write_atomically(destination, lambda p: write_redacted_docx(document.path, p, replacements))
        leaks = leaked_strings(temporary, must_be_gone)
    else:
        encoding = document.encoding or "utf-8"
        redacted = apply_to_text(document.text, replacements)
        try:
            data = redacted.encode(encoding)
        except UnicodeEncodeError:
            encoding = "utf-8"
            data = redacted.encode(encoding)
        temporary = write_atomically(destination, lambda p: p.write_bytes(data))
        leaks = text_leaks(temporary, must_be_gone, encoding)
    if leaks:
        temporary.unlink(missing_ok=True)
        raise DiscloseError(
            f"the redacted copy still held {len(leaks)} removed string(s) in {sorted({p for p, _ in leaks})}: "
            "nothing was written; please report this"
        )
    os.replace(temporary, destination)
    return RedactionResult(
        path=destination,
        sha256=hashlib.sha256(destination.read_bytes()).hexdigest(),
        replaced=len(replacements),
        removed_strings=len(must_be_gone),
    )
