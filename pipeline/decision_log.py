"""Stage 9, record (golden rule 7): the decision log and its Markdown rendering.

One JSON object per line, appended per run. Each line carries the SHA-256 of the line before it, so
an edit, a deletion or a reordering is detectable (`disclose verify-log`). The personal data itself is
not written unless asked for (--log-text); a salted hash identifies repeated values instead. The salt
lives beside the log (NAME.salt, readable by its owner only) or comes from DISCLOSE_LOG_SALT.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import os
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.redact import RedactionResult, write_text_atomically
from pipeline.types import Analysis, DiscloseError

GENESIS = "0" * 64


def operator_name(given: str | None) -> str:
    """Who ran the check: --operator, else the login name."""
    if given:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def salt_for(log_path: Path) -> bytes:
    """The secret salt for value hashes of this log, created on first use."""
    from_environment = os.environ.get("DISCLOSE_LOG_SALT")
    if from_environment:
        return from_environment.encode("utf-8")
    salt_path = log_path.with_name(log_path.name + ".salt")
    if not salt_path.exists():
        descriptor = os.open(salt_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return salt_path.read_text().strip().encode("utf-8")


def value_hash(value: str, salt: bytes) -> str:
    """A salted hash that identifies a repeated value (any case or spacing) without revealing it."""
    normal = " ".join(value.split()).casefold()
    return hmac.new(salt, normal.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def build_record(
    analysis: Analysis,
    output: RedactionResult | None,
    operator: str,
    salt: bytes,
    log_text: bool = False,
) -> dict[str, Any]:
    """The decision record of one run, as it goes into the log."""
    document = analysis.document

    def value(text: str) -> dict[str, str]:
        return {"text": text} if log_text else {"value_hash": value_hash(text, salt)}

    def location(start: int) -> dict[str, Any]:
        segment = document.segment_at(start)
        return {"part": segment.part, "paragraph": segment.paragraph}

    return {
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tool": {"name": "disclose", "version": __version__},
        "config_sha256": analysis.config_sha256,
        "model": analysis.model,
        "operator": operator,
        "input": {"path": str(document.path), "sha256": document.sha256, "format": document.format},
        "output": {"path": str(output.path), "sha256": output.sha256} if output else None,
        "redaction_check": (
            {"strings_checked": output.removed_strings, "strings_found": 0, "passed": True} if output else None
        ),
        "context": vars(analysis.context)
        | {"operator": operator, "subjects": [value(name) for name in analysis.context.subjects]},
        "counts": analysis.counts(),
        "notes": analysis.notes,
        # The pseudonym key names the people the redacted copy hides, so only --log-text writes it.
        "pseudonyms": output.pseudonyms if log_text and output and output.pseudonyms else None,
        "findings": [
            {
                "id": f.id,
                "kind": f.kind,
                "entity_type": f.entity_type,
                "subtype": f.subtype,
                "person": f.person,
                "role": f.role,
                "poses_risk": f.poses_risk,
                "location": location(f.start),
                "decision": f.decision,
                "rule": f.rule,
                "reason": f.reason,
            }
            | value(f.text)
            for f in analysis.findings
        ],
        "statements": [
            {
                "id": s.id,
                "label": s.label,
                "relevant": s.relevant,
                "location": location(s.start),
                "decision": s.decision,
                "rule": s.rule,
                "reason": s.reason,
                "notes": s.notes,
            }
            for s in analysis.statements
        ],
    }


def line_sha256(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def last_line(path: Path) -> bytes | None:
    """The last non-empty line of a file, or None for a missing or empty file."""
    if not path.exists():
        return None
    lines = [line for line in path.read_bytes().splitlines() if line.strip()]
    return lines[-1] if lines else None


def append_record(log_path: Path, record: dict[str, Any]) -> None:
    """Append one record to the log, chained to the line before it."""
    previous = last_line(log_path)
    chained = {"previous_sha256": line_sha256(previous) if previous else GENESIS} | record
    line = json.dumps(chained, ensure_ascii=False, sort_keys=False) + "\n"
    try:
        with open(log_path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise DiscloseError(f"cannot write the decision log {log_path}: {error.strerror}") from None


def verify_log(log_path: Path) -> tuple[int, list[str]]:
    """Check the hash chain of a log: (records checked, problems found, each naming its line)."""
    if not log_path.is_file():
        raise DiscloseError(f"{log_path}: no such decision log")
    problems, previous = [], None
    lines = [line for line in log_path.read_bytes().splitlines() if line.strip()]
    for number, line in enumerate(lines, 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            problems.append(f"line {number}: not a JSON record")
            previous = line
            continue
        expected = line_sha256(previous) if previous is not None else GENESIS
        if record.get("previous_sha256") != expected:
            problems.append(f"line {number}: does not follow line {number - 1} (edited, removed or reordered)")
        previous = line
    return len(lines), problems


def render_markdown(record: dict[str, Any]) -> str:
    """The record as a page an auditor can read: who, when, what was shared with whom, why, on what
    basis, what was withheld and why."""
    context = record["context"]
    named = [s.get("text") or f"person {s['value_hash'][:8]}" for s in context.get("subjects") or []]
    subjects = ", ".join(named) or "not stated"
    counts = record["counts"]

    def answer(key: str) -> str:
        return context.get(key) or "**not recorded**"

    lines = [
        "# Information sharing decision record",
        "",
        f"- **When:** {record['time']}",
        f"- **Who checked it:** {record['operator']}",
        f"- **Document:** `{record['input']['path']}` (SHA-256 `{record['input']['sha256'][:16]}…`)",
        f"- **Redacted copy:** `{record['output']['path']}`" if record.get("output") else "- **Redacted copy:** none written",
        f"- **Tool:** disclose {record['tool']['version']}, model {record['model']}, config `{record['config_sha256'][:16]}…`",
        "",
        "## Why, with whom and on what basis",
        "",
        f"- **Purpose:** {answer('purpose')}",
        f"- **Purpose profile:** {answer('profile')}",
        f"- **Recipient:** {answer('recipient')}",
        f"- **About:** {subjects}",
        f"- **Consent:** {answer('consent')}",
        f"- **Lawful basis:** {answer('lawful_basis')}",
        f"- **Was the person told:** {answer('informed')}",
        "",
        f"## Decisions: {counts['redact']} withheld, {counts['review']} for review, {counts['keep']} shared",
        "",
    ]
    if record.get("redaction_check"):
        check = record["redaction_check"]
        lines += [f"The redacted copy was searched for all {check['strings_checked']} removed values: none found.", ""]
    if record.get("notes"):
        lines += ["### Open questions", ""] + [f"- {note}" for note in record["notes"]] + [""]
    lines += ["| id | what | whose | where | decision | rule | reason |", "|---|---|---|---|---|---|---|"]
    for f in record["findings"]:
        what = f["entity_type"] + (f" ({f['subtype']})" if f.get("subtype") else "")
        where = f"{f['location']['part']} ¶{f['location']['paragraph'] + 1}"
        whose = " ".join(x for x in (f.get("person"), f.get("role")) if x) or "unknown"
        lines.append(f"| {f['id']} | {what} | {whose} | {where} | {f['decision']} | {f['rule']} | {f['reason']} |")
    flagged = [s for s in record["statements"] if s["decision"] != "keep"]
    if flagged:
        lines += ["", "## Statements to review", "", "| id | label | where | rule | reason and notes |", "|---|---|---|---|---|"]
        for s in flagged:
            where = f"{s['location']['part']} ¶{s['location']['paragraph'] + 1}"
            notes = " ".join([s["reason"] or "", *s.get("notes", [])])
            lines.append(f"| {s['id']} | {s['label']} | {where} | {s['rule']} | {notes} |")
    return "\n".join(lines) + "\n"


def record_path_for(output: Path) -> Path:
    """Where the Markdown record of a redacted copy goes: beside it, letter.redacted.record.md."""
    return output.with_name(output.stem + ".record.md")


def write_record(record: dict[str, Any], output: Path) -> Path:
    """Write the Markdown rendering of a record beside the redacted copy; return its path."""
    path = record_path_for(output)
    write_text_atomically(path, render_markdown(record))
    return path
