"""The "when to share" questions: read from a --request YAML file and options, and what is unanswered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.settings import read_yaml
from pipeline.types import Context, DiscloseError

CONSENT_ANSWERS = ("given", "refused", "not-sought", "unsafe-to-seek")
FIELDS = ("purpose", "profile", "recipient", "subjects", "consent", "lawful_basis", "informed", "operator")


def build_context(request: Path | None = None, **options: Any) -> Context:
    """A Context from a request file, with options (those not None or empty) overriding it."""
    values: dict[str, Any] = {}
    if request is not None:
        data = read_yaml(Path(request)) or {}
        if not isinstance(data, dict):
            raise DiscloseError(f"request file {request} must be a YAML mapping with keys {', '.join(FIELDS)}")
        unknown = set(data) - set(FIELDS)
        if unknown:
            raise DiscloseError(f"request file {request}: unknown key(s) {', '.join(sorted(unknown))}; keys are {', '.join(FIELDS)}")
        values.update(data)
    values.update({key: value for key, value in options.items() if value not in (None, (), [])})
    subjects = values.get("subjects") or []
    values["subjects"] = [subjects] if isinstance(subjects, str) else list(subjects)
    if values.get("consent") not in (None, *CONSENT_ANSWERS):
        raise DiscloseError(f"consent must be one of {', '.join(CONSENT_ANSWERS)} (got {values['consent']!r})")
    return Context(**{key: values.get(key) for key in FIELDS if key != "subjects"}, subjects=values["subjects"])


def unanswered(context: Context, profile: dict[str, Any] | None) -> list[str]:
    """Review notes for the questions the advice says must be answered and recorded, and were not."""
    notes = []
    if not context.purpose and not profile:
        notes.append("No purpose stated: say why you are sharing (--purpose or --profile) [GR2018-6]")
    if not context.recipient:
        notes.append("No recipient stated: say who will receive this (--recipient) [GR2018-6]")
    if not context.subjects:
        notes.append("No subject named: name the people the disclosure is about (--subject), or every person is treated as a third party")
    if not context.consent:
        notes.append(f"Consent not recorded: answer --consent {'|'.join(CONSENT_ANSWERS)} [GR2018-4]")
    elif context.consent != "given" and not context.lawful_basis:
        suggestion = (profile or {}).get("lawful_basis")
        hint = f" (this purpose usually relies on: {suggestion})" if suggestion else ""
        notes.append(f"No consent: record the lawful reason for sharing without it with --lawful-basis{hint} [GR2018-4]")
    if context.consent in ("not-sought", "unsafe-to-seek") and not context.informed:
        notes.append("Record whether the person was told the information is shared and, if not, why (--request key 'informed') [GR2018-2]")
    return notes
