"""The library API: the whole pipeline at a glance. The CLI is a thin layer over these functions.

    ingest -> parse (once) -> detect -> people -> sensitive -> statements -> relevance -> policy
           -> redact -> decision log
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.context import unanswered
from pipeline.decisions import apply_decisions
from pipeline.detect import find_personal_data, without_misread_names
from pipeline.ingest import read_document
from pipeline.parse import parse
from pipeline.people import assign_people
from pipeline.policy import apply_policy
from pipeline.relevance import resolve_profile, score_relevance
from pipeline.sensitive import find_sensitive
from pipeline.settings import Settings
from pipeline.statements import label_statements, mark_reported_offences, mark_withheld
from pipeline.types import Analysis, Context, Document


def analyse(path: Path, context: Context, settings: Settings, decisions: Path | None = None) -> Analysis:
    """Read one document and decide every finding and statement in it; a reviewer's decisions file, when given,
    goes on top of the policy. Writes nothing."""
    analysis = analyse_document(read_document(path), context, settings)
    if decisions:
        apply_decisions(analysis, decisions)
    return analysis


def analyse_document(document: Document, context: Context, settings: Settings) -> Analysis:
    """Decide every finding and statement of a document already read. Pure: no global state but the
    cached model and configuration, so it can run in any worker of a batch or a distributed engine."""
    artifacts = parse(document.text, settings)
    doc = artifacts.tokens
    findings = find_personal_data(document.text, artifacts, context, settings)
    assign_people(findings, document, context, settings)
    people = [f for f in findings if f.entity_type == "PERSON"]
    sensitive = find_sensitive(doc, people, settings)
    findings = without_misread_names(findings, sensitive) + sensitive
    people = [f for f in findings if f.entity_type == "PERSON"]
    statements = label_statements(doc, people, settings)
    mark_withheld(document.text, findings, settings)
    mark_reported_offences(statements, findings)
    profile, profile_note = resolve_profile(context, settings)
    score_relevance(doc, statements, findings, context, profile, settings)
    apply_policy(findings, statements, context, profile, settings)
    findings.sort(key=lambda f: (f.start, f.end))
    for number, finding in enumerate(findings, 1):
        finding.id = f"F{number}"
    for number, statement in enumerate(statements, 1):
        statement.id = f"S{number}"
    return Analysis(
        document=document,
        context=replace(context, profile=profile),
        findings=findings,
        statements=statements,
        model=settings.model,
        config_sha256=settings.sha256,
        notes=unanswered(context, settings.section("purposes").get(profile) if profile else None),
        profile_note=profile_note,
    )
