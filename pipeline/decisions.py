"""Reviewer decisions (golden rule 3, "if in doubt, ask"): export what needs a decision to a YAML file the
reviewer edits, then apply it on top of the policy when redacting, under the rule `reviewer-override`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.redact import write_new_file
from pipeline.settings import read_yaml
from pipeline.types import Analysis, DiscloseError, Finding, Statement

DECISIONS = ("keep", "redact", "review")
RULE = "reviewer-override"
HEADER = """\
# disclose: reviewer decisions for {name}
#
# This file holds the personal data found in the letter (the `text` of each item) so that you can see what
# each decision is about: keep it on your own machine, and delete it once the letter has been sent.
#
# For any item, set `decision:` to keep, redact or review and, if you like, add a `note:` saying why.
# To decide every mention of one person at once, list them under `people:`, for example
#   people: {{P3: keep}}   or   people: {{P3: {{decision: keep, note: "the school needs her number"}}}}
# An item you changed (or gave a note) wins over its person's decision.
# Then: disclose redact {name} -o OUTPUT --decisions {file}
"""


def needs_decision(analysis: Analysis) -> list[Finding | Statement]:
    """The findings and statements a person must decide on: those the policy would redact or left for review."""
    return [item for item in [*analysis.findings, *analysis.statements] if item.decision in ("redact", "review")]


def describe(item: Finding | Statement) -> dict[str, Any]:
    """One item of the decisions file: what it is, what the policy proposes and why, and the decision to edit."""
    if isinstance(item, Finding):
        what = {"kind": item.kind, "entity_type": item.entity_type, "subtype": item.subtype, "role": item.role, "person": item.person}
    else:
        what = {"statement": item.label, "suggestions": item.notes}
    return what | {"text": item.text, "proposed": item.decision, "reason": item.reason, "decision": item.decision, "note": None}


def export_decisions(analysis: Analysis, path: Path) -> str:
    """The decisions file for `analysis`, to be written at `path`: a header saying how to use it, then YAML."""
    document = analysis.document
    body = {
        "document": {"path": str(document.path), "sha256": document.sha256},
        "people": {},
        "items": {item.id: describe(item) for item in needs_decision(analysis)},
    }
    header = HEADER.format(name=document.path.name, file=Path(path).name)
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=110)


def choice(value: Any, where: str, path: Path) -> tuple[str, str | None]:
    """(decision, note) from `keep` or `{decision: keep, note: ...}`; a one-line error for anything else."""
    decision, note = (value.get("decision"), value.get("note")) if isinstance(value, dict) else (value, None)
    if decision not in DECISIONS:
        raise DiscloseError(f"{path.name}: {where} has decision {decision!r}: write keep, redact or review")
    note = str(note).strip() if note else ""
    return decision, note or None


def apply_decisions(analysis: Analysis, path: Path) -> int:
    """Apply a reviewer's decisions file to `analysis`; return how many items it decided. Refuses a file made
    for another document, an unknown id or person, and an item whose text no longer matches its id."""
    path = Path(path)
    data = read_yaml(path)
    document = analysis.document
    if not isinstance(data, dict) or not isinstance(data.get("items", {}), dict):
        raise DiscloseError(f"{path.name} is not a decisions file: make one with `disclose check FILE --decisions-out {path.name}`")
    if (data.get("document") or {}).get("sha256") != document.sha256:
        raise DiscloseError(
            f"{path.name} was made for another document, or for an earlier version of {document.path.name}: "
            f"export it again with `disclose check {document.path.name} --decisions-out {path.name}`"
        )
    items = {item.id: item for item in [*analysis.findings, *analysis.statements]}
    chosen: dict[str, tuple[str, str | None]] = {}
    for person, value in (data.get("people") or {}).items():
        mentions = [f for f in analysis.findings if f.person == person]
        if not mentions:
            raise DiscloseError(f"{path.name}: there is no person {person!r} in {document.path.name}: person ids are P1, P2, ...")
        chosen |= {f.id: choice(value, f"person {person}", path) for f in mentions}
    for item_id, entry in (data.get("items") or {}).items():
        if item_id not in items:
            raise DiscloseError(f"{path.name}: there is no item {item_id!r} in {document.path.name}: ids are F1, F2, ... and S1, S2, ...")
        entry = entry if isinstance(entry, dict) else {"decision": entry}
        if entry.get("text") is not None and entry["text"] != items[item_id].text:
            raise DiscloseError(
                f"{path.name}: {item_id} is no longer {entry['text']!r} (the configuration or context changed): "
                "export the decisions again with --decisions-out"
            )
        decision, note = choice(entry, item_id, path)
        if decision != entry.get("proposed", items[item_id].decision) or note:
            chosen[item_id] = decision, note
    for item_id, (decision, note) in chosen.items():
        item = items[item_id]
        item.explanation.append(f"{RULE}: the reviewer chose {decision} (the policy's rule {item.rule} proposed {item.decision})")
        item.reason = f"Reviewer decision: {decision}" + (f": {note}" if note else f" (the policy proposed {item.decision}: {item.reason})")
        item.decision, item.rule = decision, RULE
    return len(chosen)


def write_decisions(analysis: Analysis, destination: Path, force: bool = False) -> Path:
    """Write the decisions file atomically; never over the input, nor over an existing file without force."""
    text = export_decisions(analysis, destination)
    return write_new_file(analysis.document.path, destination, lambda p: p.write_text(text, encoding="utf-8"), force)
