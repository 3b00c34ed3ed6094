"""Stage 4, people: one id for all the mentions of a person, a role for each person, and an owner for
each identifier.

Roles drive the policy: subject (named with --subject), family, professional, referrer, third_party.
Each role carries the reason it was given. The words that decide roles live in config/people.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.detect import name_parts
from pipeline.settings import Settings
from pipeline.types import Context, Document, Finding

WINDOW = 60  # characters either side of a mention searched for role words
OWNER_DISTANCE = 250  # how far before an identifier its owner's name may stand


@dataclass
class Person:
    id: str
    parts: set[str]
    mentions: list[Finding] = field(default_factory=list)
    role: str = "third_party"
    reason: str = "not named as a subject, a family member or a professional"


def words_pattern(words: list[str]) -> re.Pattern | None:
    """One case-insensitive, whole-word pattern for a list of words and phrases."""
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def letterhead_end(text: str, settings: Settings) -> int:
    """Where the letterhead of a plain-text letter ends (the first salutation line), or 0."""
    pattern = words_pattern(settings.section("people").get("salutations", []))
    for line in re.finditer(r"^.*$", text, re.MULTILINE):
        if pattern and pattern.match(line.group().strip()):
            return line.start()
    return 0


def signature_start(text: str, settings: Settings) -> int:
    """Where the writer's signature block starts (after the last sign-off line), or len(text)."""
    pattern = words_pattern(settings.section("people").get("signoffs", []))
    starts = [m.start() for m in pattern.finditer(text)] if pattern else []
    return starts[-1] if starts else len(text)


def cluster_people(mentions: list[Finding], context: Context, settings: Settings) -> list[Person]:
    """Group name mentions into people: full names first, then lone first names and surnames joined to
    the one person they fit (a subject when several fit, else the one mentioned most recently)."""
    people: list[Person] = []

    def person_with(parts: set[str]) -> Person:
        for person in people:
            if person.parts == parts:
                return person
        person = Person(id=f"P{len(people) + 1}", parts=parts)
        people.append(person)
        return person

    subject_parts = [{p.lower() for p in name_parts(s, settings)} for s in context.subjects]
    for parts in subject_parts:
        person_with(parts)
    ordered = sorted(mentions, key=lambda m: m.start)
    full = [m for m in ordered if len(name_parts(m.text, settings)) > 1]
    for mention in full:
        person_with({p.lower() for p in name_parts(mention.text, settings)}).mentions.append(mention)
    for mention in ordered:
        if mention in full:
            continue
        parts = {p.lower() for p in name_parts(mention.text, settings)} or {mention.text.lower()}
        fits = [p for p in people if parts <= p.parts]
        if not fits:
            person_with(parts).mentions.append(mention)
            continue
        subjects = [p for p in fits if p.parts in subject_parts]
        recent = max(fits, key=lambda p: max((m.start for m in p.mentions if m.start < mention.start), default=-1))
        (subjects[0] if subjects else recent).mentions.append(mention)
    return [p for p in people if p.mentions]


def role_of(person: Person, document: Document, context: Context, settings: Settings, signature: int) -> tuple[str, str]:
    """A person's role and the reason for it, from the words around their mentions."""
    config = settings.section("people")
    text = document.text
    subject_parts = [{p.lower() for p in name_parts(s, settings)} for s in context.subjects]
    if any(person.parts <= parts for parts in subject_parts):
        return "subject", "named as a subject of the disclosure"
    titles = {t.lower() for t in config.get("professional_titles", [])}
    checks = [
        ("referrer", words_pattern(config.get("referrer_phrases", [])), "named as the person who raised the concern ({})"),
        ("professional", words_pattern(config.get("professional_words", [])), "named with a job title ({})"),
        ("family", words_pattern(config.get("family_words", [])), "named with a family tie ({})"),
        ("third_party", words_pattern(config.get("third_party_words", [])), "named as someone outside the family ({})"),
    ]
    for mention in person.mentions:
        words = mention.text.split()
        if words and words[0].lower().rstrip(".") in titles:
            return "professional", f"named with the title '{words[0]}'"
        if mention.start >= signature:
            return "professional", "named in the writer's signature block"
    for role, pattern, reason in checks:
        if pattern is None:
            continue
        for mention in person.mentions:
            segment = document.segment_at(mention.start)
            before = text[max(segment.start, mention.start - WINDOW) : mention.start]
            after = text[mention.end : min(segment.end, mention.end + WINDOW)]
            found = pattern.search(before) or pattern.search(after)
            if found:
                return role, reason.format(f"'{found.group()}'")
    subject_surnames = {sorted(parts, key=len)[-1] for parts in subject_parts if len(parts) > 1}
    if person.parts & subject_surnames and not any(person.parts <= parts for parts in subject_parts):
        return "family", "shares the subject's surname"
    return person.role, person.reason


def owner_of(finding: Finding, people_mentions: list[Finding], document: Document, signature: int) -> Finding | None:
    """The person mention an identifier belongs to: the nearest one before it in the same part."""
    segment = document.segment_at(finding.start)
    candidates = [
        m
        for m in people_mentions
        if m.end <= finding.start
        and finding.start - m.end <= OWNER_DISTANCE
        and document.segment_at(m.start).part == segment.part
        and (m.start >= signature) == (finding.start >= signature)
    ]
    return max(candidates, key=lambda m: m.end) if candidates else None


def assign_people(findings: list[Finding], document: Document, context: Context, settings: Settings) -> None:
    """Set person, role and role_reason on every personal-data finding, in place."""
    mentions = [f for f in findings if f.entity_type == "PERSON"]
    signature = signature_start(document.text, settings)
    letterhead = letterhead_end(document.text, settings)
    for person in cluster_people(mentions, context, settings):
        person.role, person.reason = role_of(person, document, context, settings, signature)
        for mention in person.mentions:
            mention.person, mention.role, mention.role_reason = person.id, person.role, person.reason
    for finding in findings:
        if finding.entity_type == "PERSON" or finding.kind != "personal":
            continue
        part = document.segment_at(finding.start).part
        where = (
            "signature block" if finding.start >= signature
            else f"letterhead ({part})" if part in ("header", "footer")
            else "letterhead" if finding.start < letterhead
            else None
        )
        if where:
            finding.role, finding.role_reason = "professional", f"the writer's details, in the {where}"
            continue
        owner = owner_of(finding, mentions, document, signature)
        if owner is not None:
            finding.person, finding.role = owner.person, owner.role
            finding.role_reason = f"follows a mention of {owner.person} ({owner.role})"
