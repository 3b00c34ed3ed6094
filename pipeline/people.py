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
from recognizers.base import alternatives

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
SENTENCE_END = re.compile(r"[.!?]\s")


@dataclass(frozen=True)
class Uninvolved:
    """Part of a sentence about someone the letter says has no part in the concern: from the person's
    name (or the words for an unnamed relative, "Kyle's father") to the phrase that says so."""

    start: int
    end: int
    phrase: str
    mention: Finding | None  # None for an unnamed relative


def sentence_bounds(document: Document, position: int) -> tuple[int, int]:
    """The sentence holding `position`, within its line or paragraph."""
    segment = document.segment_at(position)
    ends = [m.end() for m in SENTENCE_END.finditer(document.text, segment.start, segment.end)]
    start = max([segment.start] + [e for e in ends if e <= position])
    end = min([segment.end] + [e for e in ends if e > position])
    return start, end


def uninvolved(document: Document, index: Mentions, subjects: set[int], settings: Settings) -> list[Uninvolved]:
    """Where the letter says someone other than a subject has no part in the concern ("is not involved in
    this concern", "no information linking Reece to this incident"). The person meant is the nearest one
    named before the phrase in its sentence, else an unnamed relative named before it, else the nearest one
    named after it."""
    phrases = words_pattern(settings.section("people").get("uninvolved_phrases", []))
    relatives = someones_relative(settings)
    found = []
    for phrase in phrases.finditer(document.text) if phrases else ():
        start, end = sentence_bounds(document, phrase.start())
        others = [m for m in index.between(start - LONGEST_NAME, end) if m.start >= start and m.end <= end and id(m) not in subjects]
        before = [m for m in others if m.end <= phrase.start()]
        relative = [r for r in relatives.finditer(document.text, start, phrase.start())] if relatives else []
        if before:
            found.append(Uninvolved(before[-1].start, phrase.end(), phrase.group(), before[-1]))
        elif relative:
            found.append(Uninvolved(relative[-1].start(), phrase.end(), phrase.group(), None))
        elif others:
            found.append(Uninvolved(others[0].start, others[0].end, phrase.group(), others[0]))
    return found


@dataclass
class Person:
    id: str
    parts: set[str]
    mentions: list[Finding] = field(default_factory=list)
    is_subject: bool = False
    role: str = "third_party"
    reason: str = "not named as a subject, a family member or a professional"
    poses_risk: bool = False


def words_pattern(words: list[str]) -> re.Pattern | None:
    """One case-insensitive, whole-word pattern for a list of words and phrases."""
    return compiled_words(tuple(words))


@lru_cache(maxsize=64)
def compiled_words(words: tuple[str, ...]) -> re.Pattern | None:
    if not words:
        return None
    return re.compile(rf"(?<!\w){alternatives(words)}", re.IGNORECASE)


def salutation_line(text: str, settings: Settings) -> range:
    """The character range of the first salutation line ("Dear Ms Khan,"), empty when there is none."""
    pattern = words_pattern(settings.section("people").get("salutations", []))
    for line in re.finditer(r"^.*$", text, re.MULTILINE):
        if pattern and pattern.match(line.group().strip()):
            return range(line.start(), line.end())
    return range(0)


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
    child (by an age given with the name, or a name like "Baby Okafor") is not the child, and is the
    person named before with the same title when there is one."""
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
    child_words = {w.lower() for w in settings.section("people").get("child_name_words", [])}
    children = known_children([p for p in people if p.is_subject], ages) | {
        id(p) for p in people if p.is_subject and p.parts & child_words
    }
    for alias, owner in aliases(text, full).items():
        next(p for p in people if any(m is owner for m in p.mentions)).parts.add(alias)
    full_ids = {id(m) for m in full}
    for mention in ordered:
        if id(mention) in full_ids:
            continue
        parts = parts_of(mention)
        fits = [p for p in people if parts <= p.parts]
        title = (title_of(mention, text, settings) or "").lower()
        if title in adult_titles:
            fits = [p for p in fits if id(p) not in children]
            # "Ms Smith-Jones" is the Ms Donna Smith-Jones named before, not her son Reece Smith-Jones
            same_title = [p for p in fits if any((title_of(m, text, settings) or "").lower() == title for m in p.mentions)]
            fits = same_title or fits
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


def risk_words(person: Person, everyone: Mentions, document: Document, settings: Settings) -> str | None:
    """The words near one of a person's mentions saying they pose a risk to the child ("an older man he
    refers to as", "a man she knows only as"), or None."""
    pattern = words_pattern(settings.section("people").get("risk_phrases", []))
    if person.is_subject or pattern is None:
        return None
    own = {id(m) for m in person.mentions}
    for mention in person.mentions:
        others = [m for m in everyone.near(mention) if id(m) not in own]
        cues = role_cues(mention, document, others, [("risk", pattern)])
        if cues:
            return min(cues)[3]
    return None


def signed_line(mention: Finding, document: Document, professional: re.Pattern | None) -> bool:
    """Whether a mention stands alone on its line with a job title on the next line, as names do in a
    signature or a contact block."""
    segment = document.segment_at(mention.start)
    index = bisect_right(document.segment_starts, segment.start)  # the segment after this one
    following = [s for s in document.segments[index : index + 1] if s.part == segment.part and s.paragraph == segment.paragraph + 1]
    alone = len(document.text[segment.start : segment.end].strip()) <= len(mention.text) + 12
    return bool(alone and following and professional and professional.search(document.text[following[0].start : following[0].end]))


@lru_cache(maxsize=8)
def relatives_of_others(settings: Settings) -> re.Pattern | None:
    """A family word that names someone else's relative: "the mother of one of his friends"."""
    config = settings.section("people")
    family, others = config.get("family_words", []), config.get("third_party_words", [])
    if not (family and others):
        return None
    determiners = r"(?:(?:a|an|the|one|some|of|his|her|their|my|our|your)\s+)*"
    plural_others = [form for word in others for form in (word, word + "s")]
    return re.compile(rf"(?<!\w){alternatives(family)}\s+of\s+{determiners}{alternatives(plural_others)}", re.IGNORECASE)


@lru_cache(maxsize=8)
def someones_relative(settings: Settings) -> re.Pattern | None:
    """A relative named by a tie, not a name: "her father", "Kyle's father"."""
    family = settings.section("people").get("family_words", [])
    return re.compile(rf"(?:\b(?:his|her|their)|['’]s)\s+{alternatives(family)}", re.IGNORECASE) if family else None


def role_of(person: Person, everyone: Mentions, document: Document, settings: Settings, signature: range,
            subject_surnames: set[str], detached: dict[int, str], addressee: range, recipient: str | None) -> tuple[str, str]:
    """A person's role and the reason for it, from their titles, what the letter says of their part in the
    concern (`detached`: mention id to the phrase saying they have none), the nearest role words, and
    whether the letter is addressed to them (`addressee`: the salutation line)."""
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
            ("third_party", "relatives_of_others"),
            ("family", "family_words"),
            ("family", "household_phrases"),
            ("third_party", "third_party_words"),
        )
        if (pattern := relatives_of_others(settings) if key == "relatives_of_others" else words_pattern(config.get(key, [])))
    ]
    for mention in person.mentions:
        title = title_of(mention, text, settings)
        if title and title.lower() in professional_titles:
            return "professional", f"named with the title '{title}'"
        if mention.start in signature or signed_line(mention, document, professional_words):
            return "professional", "named in a signature or contact block with a job title"
    for mention in person.mentions:
        if id(mention) in detached:
            return "third_party", f"the letter says they have no part in the concern ('{detached[id(mention)]}')"
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
    addressed = next((m for m in person.mentions if m.start in addressee), None)
    if addressed is not None:
        family_recipient = words_pattern(config.get("family_words", []))
        if family_recipient and family_recipient.search(recipient or ""):
            return "family", f"the letter is addressed to them, and the recipient is family ({recipient})"
        return "professional", "the letter is addressed to them"
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
    addressee = salutation_line(document.text, settings)
    letterhead = addressee.start
    ages = [f for f in findings if f.entity_type in ("AGE", "DATE_OF_BIRTH")]
    people = cluster_people(mentions, ages, document.text, context, settings)
    subject_surnames = {
        name_parts(subject, settings)[-1].lower() for subject in context.subjects if len(name_parts(subject, settings)) > 1
    }
    index = Mentions(mentions)
    stretches = uninvolved(document, index, {id(m) for p in people if p.is_subject for m in p.mentions}, settings)
    detached = {id(s.mention): s.phrase for s in stretches if s.mention is not None}
    for person in people:
        person.role, person.reason = role_of(person, index, document, settings, signature, subject_surnames, detached,
                                             addressee, context.recipient)
        if person.role in ("third_party", "family") and (risk := risk_words(person, index, document, settings)):
            person.poses_risk = True
            person.reason += f"; the letter says they pose a risk to the child ('{risk}')"
        for mention in person.mentions:
            mention.person, mention.role, mention.role_reason = person.id, person.role, person.reason
            mention.poses_risk = person.poses_risk
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
            finding.person, finding.role, finding.poses_risk = owner.person, owner.role, owner.poses_risk
            finding.role_reason = f"follows a mention of {owner.person} ({owner.role})"
        relative = next((s for s in stretches if s.mention is None and s.start <= finding.start < s.end), None)
        if relative is not None:
            finding.person, finding.role = None, "third_party"
            finding.role_reason = f"about a relative the letter says has no part in the concern ('{relative.phrase}')"
    writers_own(findings)


def writers_own(findings: list[Finding]) -> None:
    """An organisation named in the letterhead or signature is the writer's wherever the letter names it
    ("I am writing as DSL at Oakfield Primary School"): the letter cannot hide where it comes from."""
    letterhead = {
        f.text.casefold() for f in findings
        if f.entity_type == "ORGANIZATION" and f.role == "professional" and (f.role_reason or "").startswith("the writer's details")
    }
    for finding in findings:
        if finding.entity_type == "ORGANIZATION" and finding.role is None and finding.text.casefold() in letterhead:
            finding.role, finding.role_reason = "professional", "the writer's own organisation, named in the letterhead or signature"
