"""Stage 8, redact: apply the decisions to a copy of the document, written whole or not at all.

The original is never touched. Outputs go to a temporary file beside the destination, are checked
for every removed string, and only then renamed into place.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from string import ascii_uppercase

from pipeline.detect import occurrence_pattern, ordinary_word
from pipeline.people import years_old
from pipeline.settings import Settings
from pipeline.types import Analysis, DiscloseError, Finding, Replacement
from pipeline.wordfile import leaked_strings, write_redacted_docx

STYLES = ("label", "block", "pseudonym")
BLOCK = "█████"  # always this long, so it does not give away the length of what it hides


@dataclass
class RedactionResult:
    """What was written, and the proof that the removed strings are gone."""

    path: Path
    sha256: str
    replaced: int
    removed_strings: int  # how many removed strings were searched for in the output, and not found
    pseudonyms: dict[str, str] = field(default_factory=dict)  # pseudonym -> original name (pseudonym style)


def removes(finding: Finding, settings: Settings) -> bool:
    """Whether the redacted copy removes this finding: redact always; review as config says per kind."""
    if finding.decision == "redact":
        return True
    review_action = settings.section("redaction").get("review_action", {})
    return finding.decision == "review" and review_action.get(finding.kind, "redact") == "redact"


def redaction_style(settings: Settings) -> str:
    """The configured replacement style: label, block or pseudonym."""
    style = settings.section("redaction").get("style", "label")
    if style not in STYLES:
        raise DiscloseError(f"redaction.style {style!r} is unknown: use one of {', '.join(STYLES)} in the config")
    return style


def label_for(finding: Finding, settings: Settings, names: dict[str, str]) -> str:
    """The text put in place of a finding: a block, the person's pseudonym (`names`: person id -> pseudonym),
    or a label saying what was removed and, when known, whose it was."""
    config = settings.section("redaction")
    style = redaction_style(settings)
    if style == "block":
        return BLOCK
    if style == "pseudonym" and finding.entity_type == "PERSON" and finding.person in names:
        return names[finding.person]
    labels = config.get("labels", {})
    label = labels.get(finding.entity_type) or labels.get(finding.kind) or "Information"
    whose = names.get(finding.person or "") or config.get("whose", {}).get(finding.role or "")
    return config["label_whose" if whose else "label"].format(label=label, whose=whose)


def pseudonyms(analysis: Analysis, settings: Settings) -> dict[str, str]:
    """A pseudonym for every person with a removed name, the same on every mention, numbered in order of first
    appearance: Child A (an age under 18, or named as a son, daughter, pupil ...), Professional 1, Adult 1."""
    if redaction_style(settings) != "pseudonym":
        return {}
    config = settings.section("redaction")
    child_words = {word.casefold() for word in config.get("child_words", [])}
    today = datetime.date.today()
    removed = [f.person for f in analysis.findings if f.entity_type == "PERSON" and f.person and removes(f, settings)]
    names, counts = {}, {"Child": 0, "Professional": 0, "Adult": 0}
    for person in dict.fromkeys(removed):
        mine = [f for f in analysis.findings if f.person == person]
        ages = [age for f in mine if (age := years_old(f, today)) is not None]
        # The role reason quotes the word that placed the person ('son', 'pupil'): it also says they are a child.
        cues = {cue.casefold() for f in mine for cue in re.findall(r"'([^']+)'", f.role_reason or "")}
        if any(age < 18 for age in ages) or cues & child_words:
            group = "Child"
        elif any(f.role == "professional" for f in mine):
            group = "Professional"
        else:
            group = "Adult"
        counts[group] += 1
        number = counts[group]
        names[person] = f"Child {ascii_uppercase[number - 1]}" if group == "Child" and number <= 26 else f"{group} {number}"
    return names


def pseudonym_key(analysis: Analysis, names: dict[str, str]) -> dict[str, str]:
    """Pseudonym -> the person's fullest name in the document, for the decision log (--log-text only)."""
    key = {}
    for finding in analysis.findings:
        if finding.entity_type == "PERSON" and finding.person in names:
            pseudonym = names[finding.person]
            key[pseudonym] = max(key.get(pseudonym, ""), finding.text, key=len)
    return key


def plan_replacements(analysis: Analysis, settings: Settings) -> list[Replacement]:
    """Non-overlapping replacements for every removed finding; overlapping spans merge into one."""
    text = analysis.document.text
    names = pseudonyms(analysis, settings)
    merged: list[tuple[int, int, str]] = []
    for finding in sorted((f for f in analysis.findings if removes(f, settings)), key=lambda f: (f.start, -f.end)):
        if merged and finding.start < merged[-1][1]:
            start, end, label = merged[-1]
            merged[-1] = (start, max(end, finding.end), label)
        else:
            merged.append((finding.start, finding.end, label_for(finding, settings, names)))
    return [Replacement(start, end, label, text[start:end]) for start, end, label in merged]


def apply_to_text(text: str, replacements: list[Replacement]) -> str:
    """`text` with each replacement made (replacements sorted and non-overlapping)."""
    pieces, position = [], 0
    for replacement in replacements:
        pieces += [text[position : replacement.start], replacement.text]
        position = replacement.end
    return "".join(pieces + [text[position:]])


def strings_to_prove_gone(analysis: Analysis, replacements: list[Replacement], settings: Settings) -> list[str]:
    """The removed strings that must appear nowhere in the output, unless part of a finding the copy keeps on
    purpose ("Children's Services" in a kept "Northshire Children's Services", an offence left for review) or
    of a replacement's own wording ("Child" in "Child A")."""
    kept = [f.text for f in analysis.findings if not removes(f, settings)]
    allowed = "\n".join(kept + [r.text for r in replacements]).casefold()
    removed = {r.original.strip() for r in replacements}
    return sorted(s for s in removed if s and s.casefold() not in allowed)


def text_leaks(path: Path, strings: list[str], encoding: str, as_written: set[str]) -> list[tuple[str, str]]:
    """Removed strings still present in a written text file: searched for as the detector searches,
    whole words in any case (those in `as_written` in their own case), identifiers with any spacing or
    dashes between their characters."""
    written = path.read_bytes().decode(encoding, errors="replace")
    return [("text", s) for s in strings if occurrence_pattern(s, case_sensitive=s in as_written).search(written)]


def check_destination(source: Path, destination: Path, force: bool) -> None:
    """Refuse to overwrite the input, or an existing output without --force."""
    if destination.resolve() == source.resolve():
        raise DiscloseError(f"the output {destination} is the input file: give another path (the original is never changed)")
    if destination.exists() and not force:
        raise DiscloseError(f"{destination} already exists: choose another path or add --force to replace it")
    if not destination.parent.is_dir():
        raise DiscloseError(f"the folder {destination.parent} does not exist: create it first")


def write_new_file(source: Path, destination: Path, write, force: bool = False) -> Path:
    """Write a file made from the input (review copy, report, decisions) whole or not at all: write(path) fills
    a temporary file that is then renamed into place. Never over the input, nor over a file without force."""
    destination = Path(destination)
    check_destination(source, destination, force)
    os.replace(write_atomically(destination, write), destination)
    return destination


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


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all (a temporary file renamed into place)."""
    os.replace(write_atomically(path, lambda p: p.write_text(text, encoding="utf-8")), path)


def redact_document(analysis: Analysis, destination: Path, settings: Settings, force: bool = False) -> RedactionResult:
    """Write the redacted copy of the analysed document to `destination`, proven free of removed strings."""
    document = analysis.document
    destination = Path(destination)
    check_destination(document.path, destination, force)
    if (document.format == "docx") != (destination.suffix.lower() == ".docx"):
        raise DiscloseError(f"write a {document.path.suffix} input to a {document.path.suffix} output (got {destination.name})")
    replacements = plan_replacements(analysis, settings)
    must_be_gone = strings_to_prove_gone(analysis, replacements, settings)
    as_written = {value for value in must_be_gone if ordinary_word(value, settings)}
    if document.format == "docx":
        temporary = write_atomically(destination, lambda p: write_redacted_docx(document.path, p, replacements))
        check = lambda: leaked_strings(temporary, must_be_gone, as_written)  # noqa: E731
    else:
        encoding = document.encoding or "utf-8"
        redacted = apply_to_text(document.text, replacements)
        try:
            data = redacted.encode(encoding)
        except UnicodeEncodeError:
            encoding = "utf-8"
            data = redacted.encode(encoding)
        temporary = write_atomically(destination, lambda p: p.write_bytes(data))
        check = lambda: text_leaks(temporary, must_be_gone, encoding, as_written)  # noqa: E731
    try:
        leaks = check()
        if leaks:
            raise DiscloseError(
                f"the redacted copy still held {len(leaks)} removed string(s) in {sorted({p for p, _ in leaks})}: "
                "nothing was written; please report this"
            )
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)  # gone already once renamed into place
    return RedactionResult(
        path=destination,
        sha256=hashlib.sha256(destination.read_bytes()).hexdigest(),
        replaced=len(replacements),
        removed_strings=len(must_be_gone),
        pseudonyms=pseudonym_key(analysis, pseudonyms(analysis, settings)),
    )
