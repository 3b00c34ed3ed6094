"""The typed records passed from stage to stage.

ingest -> Document; parse -> spaCy Doc (shared by every later stage); detect, sensitive -> Finding;
people -> Finding.person/role; statements, relevance -> Statement; policy -> Decision on each;
redact and decision_log consume an Analysis.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

Kind = Literal["personal", "special", "criminal"]
Decision = Literal["redact", "keep", "review"]
Label = Literal["fact", "opinion", "reported"]
Role = Literal["subject", "family", "professional", "third_party", "referrer"]
Consent = Literal["given", "refused", "not-sought", "unsafe-to-seek"]

# Where a piece of extracted text lives in the source file.
PARTS = ("body", "table", "header", "footer", "footnote", "endnote", "comment", "textbox", "properties")


class DiscloseError(Exception):
    """A problem the user can fix (bad input, bad option). The CLI prints it on one line and exits 2."""


@dataclass(frozen=True)
class Segment:
    """One paragraph of the extracted text: its offsets in Document.text and where it lives in the file.

    `paragraph` counts paragraphs within the part (0-based), in the order the reader met them.
    """

    start: int
    end: int
    part: str
    paragraph: int


@dataclass
class Document:
    """A document as read from disk. `text` is what every stage analyses; offsets point into it."""

    path: Path
    format: Literal["txt", "md", "docx"]
    text: str
    sha256: str
    segments: list[Segment]
    encoding: str | None = None  # txt/md: how the bytes were decoded, so outputs keep it
    notices: list[str] = field(default_factory=list)

    @cached_property
    def segment_starts(self) -> list[int]:
        return [s.start for s in self.segments]

    def segment_at(self, offset: int) -> Segment:
        """The segment holding `offset` (the nearest one before it when it falls on a separator)."""
        index = max(bisect.bisect_right(self.segment_starts, offset) - 1, 0)
        return self.segments[index]


@dataclass
class Context:
    """Why, to whom and on what basis the disclosure is made (the "when to share" questions)."""

    purpose: str | None = None
    profile: str | None = None
    recipient: str | None = None
    subjects: list[str] = field(default_factory=list)
    consent: str | None = None
    lawful_basis: str | None = None
    informed: str | None = None  # was the person told the information is shared; if not, why
    operator: str | None = None


@dataclass
class Finding:
    """A span of personal, special-category or criminal-offence data, and what to do with it."""

    kind: Kind
    entity_type: str
    start: int
    end: int
    text: str
    score: float
    recognizer: str
    subtype: str | None = None
    role: str | None = None
    role_reason: str | None = None
    person: str | None = None  # the same id on every mention of one person (P1, P2, ...)
    poses_risk: bool = False  # the letter says this person poses a risk to the child (or it is their data)
    withheld_by_writer: str | None = None  # the words before it, in its paragraph, saying it cannot be shared
    negated: bool = False
    hypothetical: bool = False
    id: str = ""
    decision: str | None = None
    rule: str | None = None
    reason: str | None = None
    explanation: list[str] = field(default_factory=list)  # the rules tried, in order, for --explain


@dataclass
class Statement:
    """A sentence: fact, opinion or reported; its relevance to the purpose; and what to do with it."""

    start: int
    end: int
    text: str
    label: Label = "fact"
    cues: list[str] = field(default_factory=list)
    about: list[str] = field(default_factory=list)  # person ids the sentence mentions
    relevance: float | None = None
    relevant: bool | None = None
    relevance_cues: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # suggestions for the writer (attribution, marking, accuracy)
    id: str = ""
    decision: str | None = None
    rule: str | None = None
    reason: str | None = None
    explanation: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything one run found in one document, with the context it was judged against."""

    document: Document
    context: Context
    findings: list[Finding]
    statements: list[Statement]
    model: str
    config_sha256: str
    notes: list[str] = field(default_factory=list)  # document-level review notes (missing consent answer, ...)
    profile_note: str = ""  # how the purpose profile was chosen

    def counts(self) -> dict[str, int]:
        """How many findings and statements got each decision."""
        counts = {"redact": 0, "review": 0, "keep": 0}
        for item in [*self.findings, *self.statements]:
            if item.decision in counts:
                counts[item.decision] += 1
        return counts

    def needs_action(self) -> bool:
        """True when something must be redacted or reviewed (exit status 1)."""
        counts = self.counts()
        return bool(counts["redact"] or counts["review"] or self.notes)


@dataclass(frozen=True)
class Replacement:
    """Text to put in place of Document.text[start:end] in the redacted copy."""

    start: int
    end: int
    text: str
    original: str
