"""What a run found, rendered for programs (the JSON findings document of CONTRACT.md) and for people."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from pipeline import __version__
from pipeline.types import Analysis, DiscloseError

DECISION_STYLES = {"redact": "bold red", "review": "yellow", "keep": "green"}


def findings_document(analysis: Analysis) -> dict[str, Any]:
    """The findings document (`--format json`)."""
    document = analysis.document

    def location(start: int) -> dict[str, Any]:
        segment = document.segment_at(start)
        return {"part": segment.part, "paragraph": segment.paragraph}

    return {
        "tool": {"name": "disclose", "version": __version__, "model": analysis.model, "config_sha256": analysis.config_sha256},
        "document": {
            "path": str(document.path),
            "sha256": document.sha256,
            "format": document.format,
            "characters": len(document.text),
            "notices": document.notices,
        },
        "context": vars(analysis.context) | {"profile_note": analysis.profile_note},
        "findings": [
            {
                "id": f.id,
                "kind": f.kind,
                "entity_type": f.entity_type,
                "subtype": f.subtype,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "score": f.score,
                "recognizer": f.recognizer,
                "person": f.person,
                "role": f.role,
                "role_reason": f.role_reason,
                "poses_risk": f.poses_risk,
                "withheld_by_writer": f.withheld_by_writer,
                "negated": f.negated,
                "hypothetical": f.hypothetical,
                "decision": f.decision,
                "reason": f.reason,
                "rule": f.rule,
                "location": location(f.start),
            }
            for f in analysis.findings
        ],
        "statements": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "cues": s.cues,
                "about": s.about,
                "relevance": s.relevance,
                "relevant": s.relevant,
                "relevance_cues": s.relevance_cues,
                "notes": s.notes,
                "decision": s.decision,
                "reason": s.reason,
                "rule": s.rule,
                "location": location(s.start),
            }
            for s in analysis.statements
        ],
        "notes": analysis.notes,
        "summary": analysis.counts(),
    }


def print_report(analysis: Analysis, console: Console, show_all: bool = False) -> None:
    """A table of what needs action (everything with show_all), then the statements that need attention."""
    document = analysis.document
    counts = analysis.counts()
    console.print(f"[bold]{document.path}[/bold] ({document.format}, {len(document.text):,} characters)")
    for notice in document.notices:
        console.print(f"[yellow]notice:[/yellow] {notice}")
    if analysis.profile_note:
        console.print(analysis.profile_note)
    findings = [f for f in analysis.findings if show_all or f.decision != "keep"]
    if findings:
        table = Table(title="Personal, special-category and criminal-offence data", title_justify="left")
        for column in ("id", "decision", "type", "text", "whose", "where", "rule"):
            table.add_column(column, overflow="fold")
        for f in findings:
            segment = document.segment_at(f.start)
            kind = f.entity_type + (f"/{f.subtype}" if f.subtype else "")
            flags = " (negated)" if f.negated else " (hypothetical)" if f.hypothetical else ""
            style = DECISION_STYLES.get(f.decision or "", "")
            table.add_row(
                f.id,
                f"[{style}]{f.decision}[/{style}]",
                kind + flags,
                f.text,
                " ".join(x for x in (f.person, f.role) if x) or "?",
                f"{segment.part} {segment.paragraph + 1}",
                f.rule or "",
            )
        console.print(table)
        console.print("Why (`--explain ID` shows the rules tried for one item):")
        for f in findings:
            console.print(f"  {f.id} {f.decision}: {f.reason}", highlight=False)
    statements = [s for s in analysis.statements if show_all or s.decision != "keep"]
    if statements:
        table = Table(title="Statements", title_justify="left")
        for column in ("id", "label", "relevant", "sentence", "notes"):
            table.add_column(column, overflow="fold")
        for s in statements:
            excerpt = s.text if len(s.text) <= 90 else s.text[:87] + "..."
            relevant = "?" if s.relevant is None else ("yes" if s.relevant else "no")
            table.add_row(s.id, s.label, relevant, excerpt, " ".join(s.notes) or (s.reason or ""))
        console.print(table)
    for note in analysis.notes:
        console.print(f"[yellow]to answer:[/yellow] {note}")
    kept = counts["keep"]
    hidden = "" if show_all else " (kept items hidden: --all shows them)"
    console.print(f"{counts['redact']} to redact, {counts['review']} to review, {kept} to keep{hidden}")


def explain(analysis: Analysis, item_id: str) -> str:
    """The chain of policy rules that decided one finding or statement (`--explain F3`)."""
    for item in [*analysis.findings, *analysis.statements]:
        if item.id == item_id:
            what = getattr(item, "entity_type", None) or getattr(item, "label", "")
            lines = [f"{item.id} {what} {item.text!r} at {item.start}-{item.end}: {item.decision}"]
            lines += [f"  {step}" for step in item.explanation]
            lines.append(f"  reason: {item.reason}")
            return "\n".join(lines)
    raise DiscloseError(f"no finding or statement {item_id!r} in this document: ids are F1, F2, ... and S1, S2, ...")
