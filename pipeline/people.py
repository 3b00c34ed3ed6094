"""Stage 4, people: one id for all the mentions of a person, a role for each person, and an owner for
each identifier.

Roles drive the policy: subject (named with --subject), family, professional, referrer, third_party.
Each role carries the reason it was given. The words that decide roles live in config/people.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from pipeline.detect import ALIAS_PATTERN, name_parts
from pipeline.settings import Settings
from pipeline.types import Context, Document, Finding

WINDOW = 40  # characters either side of a mention searched for role words
LONGEST_NAME = 80  # no name mention is longer: how far back a mention can start and still end nearby
REFERRER_REACH = 20  # how close "referred by", "contacted us" must stand to a name to make it the referrer
OWNER_DISTANCE = 250  # how far before an identifier its owner's name may stand
SIGNATURE_LINES = 8  # lines after a sign-off that can belong to the signature block
REASONS = {
    "referrer": "named as the person who raised the concern ({})",
    "professional": "named with a job title ({})",
    "family": "named with a family tie ({})",
    "third_party": "named as someone outside the family ({})",
}


@dataclass
class Person:
    id: str
    parts: set[str]
    mentions: list[Finding] = field(default_factory=list)
    is_subject: bool = False
    role: str = "third_party"
    reason: str = "not named as a subject, a family member or a professional"


def words_pattern(words: list[str]) -> re.Pattern | None:
    """One case-insensitive, whole-word pattern for a list of words and phrases."""
    return compiled_words(tuple(words))


@lru_cache(maxsize=64)
def compiled_words(words: tuple[str, ...]) -> re.Pattern | None:
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


def signature_block(document: Document, settings: Settings) -> range:
    """The character range of the writer's signature block: the last sign-off line and the few lines
    of the same part after it (name, job title, contact details)."""
    pattern = words_pattern(settings.section("people").get("signoffs", []))
    starts = [m.start() for m in pattern.finditer(document.text)] if pattern else []
    if not starts:
        return range(0)
    first = document.segment_at(starts[-1])
    block = [s for s in document.segments if s.part == first.part and first.paragraph <= s.paragraph <= first.paragraph + SIGNATURE_LINES]
    return range(starts[-1], block[-1].end)


def title_of(mention: Finding, text: str, settings: Settings) -> str | None:
    """The title a mention carries, inside it ("DC Mark Ellison") or just before it ("DC | Mark Ellison")."""
    titles = {t.lower().rstrip(".") for t in settings.section("people").get("titles", [])}
    first = mention.text.split()[0] if mention.text.split() else ""
    before = text[max(0, mention.start - 8) : mention.start].split()
    for word in (first, before[-1] if before and text[mention.start - 1 : mention.start] == " " else ""):
        if word.lower().rstrip(".") in titles:
            return word.rstrip(".")
    return None


def aliases(text: str, mentions: list[Finding]) -> dict[str, Finding]:
    """Names given as aliases ("William Kowalczyk (known as Will)"), each mapped to the mention it names."""
    found = {}
    for match in ALIAS_PATTERN.finditer(text):
        owners = [m for m in mentions if m.end <= match.start() and match.start() - m.end <= 40]
        if owners:
            found[match.group(1).lower()] = max(owners, key=lambda m: m.end)
    return found


def years_old(finding: Finding, today: date) -> int | None:
    """The age an AGE or DATE_OF_BIRTH finding gives, when it can be read ("aged 8", "03/04/2017")."""
    numbers = [int(n) for n in re.findall(r"\d+", finding.text)]
    if finding.entity_type == "AGE" and numbers:
        return numbers[0]
    years = [n for n in numbers if 1900 <= n <= today.year]
    return today.year - years[-1] if finding.entity_type == "DATE_OF_BIRTH" and years else None


def known_children(subjects: list[Person], ages: list[Finding]) -> set[int]:
    """Subjects whose age or date of birth, given just after a full mention of their name, is under 18."""
    today = date.today()
    children = set()
    for finding in ages:
        age = years_old(finding, today)
        named = [(finding.start - m.end, p) for p in subjects for m in p.mentions if 0 <= finding.start - m.end <= 80]
        if age is not None and age < 18 and named:
            children.add(id(min(named, key=lambda pair: pair[0])[1]))
    return children


def cluster_people(mentions: list[Finding], ages: list[Finding], text: str, context: Context, settings: Settings) -> list[Person]:
    """Group name mentions into people: full names first, then aliases, then lone first names and
    surnames joined to the one person they fit (a subject when several fit, else the one mentioned most
    recently). A titled adult ("Ms Kowalczyk") sharing only the surname of a subject known to be a
    child is not the child."""
    people: list[Person] = []
    adult_titles = {t.lower() for t in settings.section("people").get("adult_titles", [])}

    def person_with(parts: set[str]) -> Person:
        for person in people:
            if person.parts == parts:
                return person
        person = Person(id=f"P{len(people) + 1}", parts=parts)
        people.append(person)
        return person

    def parts_of(mention: Finding) -> set[str]:
        return {p.lower() for p in name_parts(mention.text, settings)} or {mention.text.lower()}

    for subject in context.subjects:
        person_with({p.lower() for p in name_parts(subject, settings)}).is_subject = True
    ordered = sorted(mentions, key=lambda m: m.start)
    full = [m for m in ordered if len(parts_of(m)) > 1]
    for mention in full:
        person_with(parts_of(mention)).mentions.append(mention)
    children = known_children([p for p in people if p.is_subject], ages)
    for alias, owner in aliases(text, full).items():
        next(p for p in people if any(m is owner for m in p.mentions)).parts.add(alias)
    full_ids = {id(m) for m in full}
    for mention in ordered:
        if id(mention) in full_ids:
            continue
        parts = parts_of(mention)
        fits = [p for p in people if parts <= p.parts]
        titled_adult = (title_of(mention, text, settings) or "").lower() in adult_titles
        if titled_adult:
            fits = [p for p in fits if id(p) not in children]
        if not fits:
            person_with(parts).mentions.append(mention)
            continue
        subjects = [p for p in fits if p.is_subject]
        recent = max(fits, key=lambda p: max((m.start for m in p.mentions if m.start < mention.start), default=-1))
        (subjects[0] if subjects else recent).mentions.append(mention)
    return [p for p in people if p.mentions]


def role_cues(mention: Finding, document: Document, others: list[Finding], checks) -> list[tuple[int, int, str, str]]:
    """Role words in a mention's sentence, as (distance, precedence, role, word), not reaching past
    another person's name (a cue belongs to the nearer name)."""
    text = document.text
    segment = document.segment_at(mention.start)
    left = max([segment.start, mention.start - WINDOW] + [o.end for o in others if o.end <= mention.start])
    right = min([segment.end, mention.end + WINDOW] + [o.start for o in others if o.start >= mention.end])
    before = re.split(r"[.;!?]\s", text[left : mention.start])[-1]
    after = re.split(r"[.;!?]\s", text[mention.end : right])[0]
    cues = []
    for precedence, (role, pattern) in enumerate(checks):
        cues += [(len(before) - found.end(), precedence, role, found.group()) for found in pattern.finditer(before)]
        cues += [(found.start(), precedence, role, found.group()) for found in pattern.finditer(after)]
    return cues


def signed_line(mention: Finding, document: Document, professional: re.Pattern | None) -> bool:
    """Whether a mention stands alone on its line with a job title on the next line, as names do in a
    signature or a contact block."""
    segment = document.segment_at(mention.start)
    following = [s for s in document.segments if s.part == segment.part and s.paragraph == segment.paragraph + 1]
    alone = len(document.text[segment.start : segment.end].strip()) <= len(mention.text) + 12
    return bool(alone and following and professional and professional.search(document.text[following[0].start : following[0].end]))


def role_of(person: Person, everyone: Mentions, document: Document, settings: Settings, signature: range, subject_surnames: set[str]) -> tuple[str, str]:
    """A person's role and the reason for it, from their titles and the nearest role words around them."""
    config = settings.section("people")
    text = document.text
    if person.is_subject:
        return "subject", "named as a subject of the disclosure"
    professional_titles = {t.lower() for t in config.get("professional_titles", [])}
    adult_titles = {t.lower() for t in config.get("adult_titles", [])}
    professional_words = words_pattern(config.get("professional_words", []))
    checks = [
        (role, pattern)
        for role, key in (
            ("referrer", "referrer_phrases"),
            ("professional", "professional_words"),
            ("family", "family_words"),
            ("third_party", "third_party_words"),
        )
        if (pattern := words_pattern(config.get(key, [])))
    ]
    for mention in person.mentions:
        title = title_of(mention, text, settings)
        if title and title.lower() in professional_titles:
            return "professional", f"named with the title '{title}'"
        if mention.start in signature or signed_line(mention, document, professional_words):
            return "professional", "named in a signature or contact block with a job title"
    own = {id(m) for m in person.mentions}
    cues = [
        cue
        for mention in person.mentions
        for cue in role_cues(mention, document, [m for m in everyone.near(mention) if id(m) not in own], checks)
    ]
    said = [cue for cue in cues if cue[2] == "referrer" and cue[0] <= REFERRER_REACH]
    described = said or [cue for cue in cues if cue[2] != "referrer"]
    if described:
        _, _, role, word = min(described)
        return role, REASONS[role].format(f"'{word}'")
    if person.parts & subject_surnames:
        titled = any((title_of(m, text, settings) or "").lower() in adult_titles for m in person.mentions)
        return "family", "a titled adult sharing the subject's surname" if titled else "shares the subject's surname"
    return person.role, person.reason


class Mentions:
    """The name mentions of a document in text order, with the ones near a place found in log time."""

    def __init__(self, mentions: list[Finding]):
        self.ordered = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.ordered]

    def between(self, start: int, end: int) -> list[Finding]:
        """The mentions starting from `start` up to `end`."""
        return self.ordered[bisect_left(self.starts, start) : bisect_right(self.starts, end)]

    def near(self, mention: Finding) -> list[Finding]:
        """The mentions that can stand between a mention and its role words (within the cue window)."""
        return self.between(mention.start - WINDOW - LONGEST_NAME, mention.end + WINDOW)


def owner_of(finding: Finding, people_mentions: Mentions, document: Document, signature: range, settings: Settings) -> Finding | None:
    """The person mention an identifier belongs to: the nearest one before it in the same part.
    Identifiers only service users have (NHS number, pupil number, date of birth) skip professionals."""
    segment = document.segment_at(finding.start)
    service_user_only = finding.entity_type in settings.section("people").get("service_user_identifiers", [])
    candidates = [
        m
        for m in people_mentions.between(finding.start - OWNER_DISTANCE - LONGEST_NAME, finding.start)
        if m.end <= finding.start
        and finding.start - m.end <= OWNER_DISTANCE
        and document.segment_at(m.start).part == segment.part
        and (m.start in signature) == (finding.start in signature)
        and not (service_user_only and m.role == "professional")
    ]
    return max(candidates, key=lambda m: m.end) if candidates else None


def assign_people(findings: list[Finding], document: Document, context: Context, settings: Settings) -> None:
    """Set person, role and role_reason on every personal-data finding, in place."""
    mentions = [f for f in findings if f.entity_type == "PERSON"]
    signature = signature_block(document, settings)
    letterhead = letterhead_end(document.text, settings)
    ages = [f for f in findings if f.entity_type in ("AGE", "DATE_OF_BIRTH")]
    people = cluster_people(mentions, ages, document.text, context, settings)
    subject_surnames = {
        name_parts(subject, settings)[-1].lower() for subject in context.subjects if len(name_parts(subject, settings)) > 1
    }
    index = Mentions(mentions)
    for person in people:
        person.role, person.reason = role_of(person, index, document, settings, signature, subject_surnames)
        for mention in person.mentions:
            mention.person, mention.role, mention.role_reason = person.id, person.role, person.reason
    for finding in findings:
        if finding.entity_type == "PERSON" or finding.kind != "personal":
            continue
        part = document.segment_at(finding.start).part
        service_user_only = finding.entity_type in settings.section("people").get("service_user_identifiers", [])
        where = None if service_user_only else (
            "signature block" if finding.start in signature
            else f"letterhead ({part})" if part in ("header", "footer")
            else "letterhead" if finding.start < letterhead
            else None
        )
        if where:
            finding.role, finding.role_reason = "professional", f"the writer's details, in the {where}"
            continue
        owner = owner_of(finding, index, document, signature, settings)
        if owner is not None:
            finding.person, finding.role = owner.person, owner.role
            finding.role_reason = f"follows a mention of {owner.person} ({owner.role})"
