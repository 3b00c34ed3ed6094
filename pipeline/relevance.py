"""Stage 6, relevance: score each statement against the purpose of the disclosure (golden rule 6).

A purpose profile (config/purposes/NAME.yaml) says what a kind of disclosure needs: whose data, which
identifiers, which special-category and criminal-offence data, and the topics that make a sentence
relevant. A statement's score adds up what it shows on the shared parse: profile topics, words of the
--purpose text, who it is about, and the sensitive data in it. The weights live in config/relevance.yaml.
The same pass flags old events presented as current (the "accurate" principle).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from pipeline.parse import load_model
from pipeline.sensitive import vocabulary
from pipeline.settings import Settings
from pipeline.spans import SpansInOrder
from pipeline.types import Context, DiscloseError, Finding, Statement

NO_PROFILE = "none"
REQUIRED_KEYS = (
    "title", "description", "aliases", "recipient_is_family", "lawful_basis", "needs", "does_not_need", "topics",
)  # fmt: skip
SENSITIVE_NAMES = {"special": "special-category data", "criminal": "criminal-offence data"}

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
FULL_DATES = (
    # 3 March 2024, 3rd Mar. 2024
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b"), ("day", "month", "year")),
    # 03/03/2024, 3.3.2024, 03-03-2024 (day first, as in the UK)
    (re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"), ("day", "month", "year")),
    # 2024-03-03
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("year", "month", "day")),
)
YEAR = re.compile(r"(19|20)\d\d")
PRESENT_TENSE = ("VBZ", "VBP")
# Entity labels under which a four-digit number is a count or an amount, not a year.
NOT_YEARS = ("CARDINAL", "MONEY", "QUANTITY", "PERCENT")


@dataclass(frozen=True)
class Word:
    """A word of a short text lemmatised once: the forms it matches (lemma and lower case) and its kind."""

    text: str
    forms: frozenset[str]
    content: bool
    name: bool


@dataclass(frozen=True)
class Term:
    """A weighted phrase to find in sentences, as the forms of each of its words."""

    text: str
    weight: float
    words: tuple[frozenset[str], ...]


def forms(token: Token) -> frozenset[str]:
    """What a token matches: its lemma and its lower-case text."""
    return frozenset((token.lemma_.lower(), token.lower_))


def is_word(token: Token) -> bool:
    return not (token.is_punct or token.is_space)


@lru_cache(maxsize=256)
def lemmatised(settings: Settings, texts: tuple[str, ...]) -> tuple[tuple[Word, ...], ...]:
    """The words of each short text (purpose, aliases, topics), parsed once per configuration and model."""
    nlp = load_model(settings.model)
    return tuple(
        tuple(
            Word(
                text=token.text,
                forms=forms(token),
                content=not token.is_stop and any(ch.isalnum() for ch in token.text),
                name=token.pos_ == "PROPN" and not token.is_upper,
            )
            for token in doc
            if is_word(token)
        )
        for doc in nlp.pipe(texts)
    )


@dataclass(frozen=True)
class Vocabulary:
    """Weighted phrases indexed by each form of their first word, so a sentence is read once, not once
    per phrase."""

    index: dict[str, list[Term]]


def terms(settings: Settings, entries: tuple[tuple[str, float], ...]) -> Vocabulary:
    """Weighted phrases, lemmatised. Every word of a phrase counts, stop words too ("home alone")."""
    index: dict[str, list[Term]] = {}
    for (text, weight), words in zip(entries, lemmatised(settings, tuple(text for text, _ in entries))):
        if words:
            term = Term(text, weight, tuple(word.forms for word in words))
            for form in term.words[0]:
                index.setdefault(form, []).append(term)
    return Vocabulary(index)


@lru_cache(maxsize=8)
def load_profiles(settings: Settings) -> dict[str, dict[str, Any]]:
    """Every purpose profile, checked once per configuration: a malformed one stops the run saying what to fix."""
    profiles = settings.section("purposes")
    valid = {kind: set().union(*types.values()) for kind, types in vocabulary(settings).items()}
    for name, profile in profiles.items():
        check_profile(name, profile, valid)
    return profiles


def check_profile(name: str, profile: Any, valid_subtypes: dict[str, set[str]]) -> None:
    """Raise DiscloseError when a profile lacks a key or names a subtype that does not exist."""
    where = f"purpose profile '{name}'"
    if not isinstance(profile, dict):
        raise DiscloseError(f"{where} must be a YAML mapping: see config/purposes/referral_to_csc.yaml")
    for key in REQUIRED_KEYS:
        if key not in profile:
            raise DiscloseError(f"{where} has no '{key}': add it (see config/purposes/referral_to_csc.yaml)")
    for section in ("needs", "does_not_need"):
        for kind, valid in valid_subtypes.items():
            for subtype in (profile[section] or {}).get(kind) or []:
                if subtype not in valid:
                    raise DiscloseError(
                        f"{where} names unknown {kind} subtype '{subtype}' in {section}: "
                        f"use one of {', '.join(sorted(valid))}"
                    )
    for topic in profile["topics"] or []:
        if not isinstance(topic, dict) or "term" not in topic or not isinstance(topic.get("weight"), (int, float)):
            raise DiscloseError(
                f"{where} has a topic without a term and a numeric weight: write {{term: neglect, weight: 1.0}}"
            )


def list_profiles(settings: Settings) -> list[tuple[str, str]]:
    """(name, description) of every purpose profile, for `disclose profiles`."""
    return [(name, profile["description"]) for name, profile in sorted(load_profiles(settings).items())]


def resolve_profile(context: Context, settings: Settings) -> tuple[str | None, str]:
    """The profile to judge relevance by, and a one-line note of how it was chosen."""
    profiles = load_profiles(settings)
    if context.profile:
        name = context.profile.strip().lower().replace("-", "_")
        if name == NO_PROFILE:
            return None, "no profile (--profile none): relevance judged against the purpose text alone"
        if name in profiles:
            return name, f"profile '{name}' chosen with --profile"
        raise DiscloseError(
            f"unknown profile '{context.profile}': use one of {', '.join(sorted(profiles))} or none "
            "(run `disclose profiles` to list them)"
        )
    if not context.purpose or not context.purpose.strip():
        return None, "no purpose or profile given: relevance not scored (give --purpose or --profile)"
    return match_profile(context.purpose, profiles, settings)


def profile_phrases(name: str, profile: dict[str, Any]) -> list[str]:
    return [*profile["aliases"], profile["title"], name.replace("_", " ")]


def phrase_score(phrase: tuple[Word, ...], purpose: tuple[Word, ...]) -> tuple[float, list[str]]:
    """The share of the phrase's content words found in the purpose, and those words (adjacent ones joined)."""
    words = list({word.forms: word for word in phrase if word.content}.values()) or list(phrase)
    found = [any(word.forms & other.forms for other in purpose) for word in words]
    groups: list[list[str]] = []
    for index, (word, hit) in enumerate(zip(words, found)):
        if hit:
            if index and found[index - 1]:
                groups[-1].append(word.text)
            else:
                groups.append([word.text])
    return sum(found) / len(words), [" ".join(group).lower() for group in groups]


def match_profile(purpose: str, profiles: dict[str, dict[str, Any]], settings: Settings) -> tuple[str | None, str]:
    """The profile whose title or alias best covers the --purpose text, if any covers enough of it."""
    minimum = settings.section("relevance").get("profile_match", {}).get("minimum", 0.75)
    names = sorted(profiles)
    phrases = [(name, text) for name in names for text in profile_phrases(name, profiles[name])]
    parsed = lemmatised(settings, (purpose, *(text for _, text in phrases)))
    purpose_words = tuple(word for word in parsed[0] if word.content)
    best: dict[str, tuple[float, int, list[str]]] = {}
    for (name, _), words in zip(phrases, parsed[1:]):
        score, matched = phrase_score(words, purpose_words)
        candidate = (score, sum(len(group.split()) for group in matched), matched)
        if candidate[:2] > best.get(name, (0.0, 0, []))[:2]:
            best[name] = candidate
    ranked = sorted(best.items(), key=lambda item: item[1][:2], reverse=True)
    if not ranked or ranked[0][1][0] < minimum:
        closest = f" (closest '{ranked[0][0]}', score {ranked[0][1][0]:.2f})" if ranked else ""
        return None, (
            f"purpose matched no profile{closest}, below the minimum {minimum:.2f}: relevance judged against the "
            "purpose text alone (choose one with --profile)"
        )
    (name, (score, _, matched)), rest = ranked[0], ranked[1:]
    if rest and rest[0][1][:2] == ranked[0][1][:2]:
        return None, (
            f"purpose matches profiles '{name}' and '{rest[0][0]}' equally: relevance judged against the purpose "
            "text alone (choose one with --profile)"
        )
    words = ", ".join(f"'{group}'" for group in matched)
    return name, f"purpose matched to profile '{name}' (score {score:.2f}: {words})"


@dataclass(frozen=True)
class Purpose:
    """What one run judges relevance by: a profile's topics and needs, and the --purpose text's words."""

    profile: str | None
    needs: dict[str, Any]
    does_not_need: dict[str, Any]
    topics: Vocabulary
    words: tuple[Word, ...]
    not_involved: Vocabulary

    @property
    def scored(self) -> bool:
        return bool(self.profile or self.words)


def purpose_of(context: Context, profile: str | None, settings: Settings) -> Purpose:
    """The profile's lemmatised topics and needs, and the content words of the --purpose text that say
    what it is about: words naming the kind of disclosure ("referral", "social care") are the profile's."""
    config = settings.section("relevance")
    data = load_profiles(settings)[profile] if profile else None
    left_out = {w.lower() for w in config.get("purpose_generic_words", [])}
    if data:
        for phrase in lemmatised(settings, tuple(profile_phrases(profile, data))):
            left_out.update(form for word in phrase for form in word.forms)
    words: tuple[Word, ...] = ()
    if context.purpose and context.purpose.strip():
        (parsed,) = lemmatised(settings, (context.purpose.strip(),))
        unique = {w.forms: w for w in parsed if w.content and not w.name and not (w.forms & left_out)}
        words = tuple(unique.values())
    phrases = [*config.get("not_involved", []), *settings.section("people").get("uninvolved_phrases", [])]
    not_involved = terms(settings, tuple((phrase, 1.0) for phrase in phrases))
    if data is None:
        # No profile: the safeguarding vocabulary of every profile, each term at its highest weight.
        weights: dict[str, float] = {}
        for other in load_profiles(settings).values():
            for topic in other["topics"] or []:
                weights[str(topic["term"])] = max(float(topic["weight"]), weights.get(str(topic["term"]), 0.0))
        unneeded = {"roles": config.get("default_unneeded_roles", ["third_party"])}
        return Purpose(None, {}, unneeded, terms(settings, tuple(sorted(weights.items()))), words, not_involved)
    entries = tuple((str(t["term"]), float(t["weight"])) for t in data["topics"] or [])
    needs, unneeded = data["needs"] or {}, data["does_not_need"] or {}
    return Purpose(profile, needs, unneeded, terms(settings, entries), words, not_involved)


def find_terms(words: list[frozenset[str]], vocabulary: Vocabulary) -> dict[Term, int]:
    """The phrases whose words occur in order, next to each other, in the sentence, with the position of
    the first word of each."""
    found: dict[Term, int] = {}
    for start, first in enumerate(words):
        for form in first:
            for term in vocabulary.index.get(form, ()):
                if term not in found and all(
                    start + i < len(words) and word & words[start + i] for i, word in enumerate(term.words)
                ):
                    found[term] = start
    return found


@dataclass(frozen=True)
class People:
    """Words and ids that say who a sentence is about when no finding names them."""

    roles: dict[str, str]  # person id -> role
    family: Vocabulary
    third_party: Vocabulary


def people_of(findings: list[Finding], settings: Settings) -> People:
    """Person ids with their roles, and the words that stand for family members and third parties."""
    config = settings.section("people")
    family_words = settings.section("relevance").get("family_words", [])
    roles = {f.person: f.role for f in findings if f.person and f.role}
    return People(
        roles,
        terms(settings, tuple((w, 1.0) for w in [*config.get("family_words", []), *family_words])),
        terms(settings, tuple((w, 1.0) for w in config.get("third_party_words", []))),
    )


def is_personal_pronoun(token: Token) -> bool:
    """he, she, they and their other forms: someone the sentence does not name."""
    morph = token.morph
    return (
        token.pos_ == "PRON"
        and "3" in morph.get("Person")
        and ("Plur" in morph.get("Number") or bool({"Fem", "Masc"} & set(morph.get("Gender"))))
    )


@dataclass(frozen=True)
class Mention:
    """One person a sentence mentions, as the relevance cues name them."""

    label: str  # for the cue: "P1", "'mother'", "'she'"
    role: str  # a finding's role, or "unnamed" for a pronoun
    offset: int


def mentions(statement: Statement, span: Span, inside: list[Finding], people: People) -> list[Mention]:
    """Who the sentence mentions: people found by the earlier stages, family and third-party words, and
    pronouns whose person is not resolved."""
    found = {f.person: Mention(f.person, f.role, f.start) for f in inside if f.person and f.role}
    for item in statement.about:
        if item in people.roles and item not in found:
            found[item] = Mention(item, people.roles[item], span.start_char)
    tokens = [t for t in span if is_word(t)]
    # Verbs are left out so that "what they have witnessed" does not name a witness.
    nouns = [forms(t) if t.pos_ not in ("VERB", "AUX") else frozenset() for t in tokens]
    for words, role in ((people.family, "family"), (people.third_party, "third_party")):
        for term, position in find_terms(nouns, words).items():
            found[term.text] = Mention(f"'{term.text}'", role, tokens[position].idx)
    for token in tokens:
        if is_personal_pronoun(token):
            found.setdefault(token.lower_, Mention(f"'{token.lower_}'", "unnamed", token.idx))
    return list(found.values())


def leads(mention: Mention, span: Span) -> bool:
    """True when the mention is in the grammatical subject of the sentence's main verb."""
    return any(
        child.left_edge.idx <= mention.offset <= child.right_edge.idx
        for child in span.root.children
        if child.dep_ in ("nsubj", "nsubjpass")
    )


ROLE_NAMES = {
    "subject": "the subject",
    "family": "the subject's family",
    "third_party": "a third party",
    "referrer": "the referrer",
    "professional": "a professional",
}


def score_statement(
    statement: Statement,
    span: Span,
    inside: list[Finding],
    purpose: Purpose,
    people: People,
    old: OldEvent | None,
    config: dict[str, Any],
) -> tuple[float, list[str]]:
    """A statement's relevance (0..1) and the cues that decided it."""
    weights = config.get("weights", {})
    span_words = [forms(token) for token in span if is_word(token)]
    score = config.get("base", 0.1)
    cues: list[str] = []

    topics = sorted(find_terms(span_words, purpose.topics), key=lambda t: -t.weight)
    if topics:
        missing = 1.0
        for term in topics:
            missing *= 1.0 - min(term.weight, 1.0)
        score += weights.get("topic", 0.55) * (1.0 - missing)
        source = f"profile {purpose.profile}" if purpose.profile else "any profile"
        cues += [f"topic '{term.text}' ({source})" for term in topics[:3]]

    sentence_forms = frozenset().union(*span_words) if span_words else frozenset()
    found_words = [word for word in purpose.words if word.forms & sentence_forms]
    if found_words:
        score += min(weights.get("purpose_word", 0.3) * len(found_words), weights.get("purpose_max", 0.45))
        cues += [f"purpose word '{word.text.lower()}'" for word in found_words]

    about_roles = set(config.get("about_roles", ["subject", "family"]))
    needed_roles = set(purpose.needs.get("roles", about_roles))
    unneeded_roles = set(purpose.does_not_need.get("roles", []))
    people_here = mentions(statement, span, inside, people)
    about = sorted((m for m in people_here if m.role in about_roles & needed_roles), key=lambda m: m.role != "subject")
    unnamed = [m for m in people_here if m.role == "unnamed"]
    if about:
        score += weights.get("needed_role", 0.35)
        cues.append(f"about {ROLE_NAMES.get(about[0].role, about[0].role)} ({about[0].label})")
    elif unnamed:
        score += weights.get("pronoun", 0.3)
        cues.append(f"probably about the subject or family ({unnamed[0].label})")
    elif all(m.role == "professional" for m in people_here):
        score += weights.get("no_one", 0.3)
        cues.append("names no one but professionals (how the concern is handled)")
    # Someone whose data is not needed counts against the sentence when they are all it mentions, or
    # when they are what it is about ("The neighbour has been rude to the family").
    unneeded = [m for m in people_here if m.role in unneeded_roles]
    if unneeded and (len(unneeded) == len(people_here) or any(leads(m, span) for m in unneeded)):
        score += weights.get("unneeded_role", -0.3)
        only = "only " if len(unneeded) == len(people_here) else ""
        cues.append(f"{only}about {ROLE_NAMES.get(unneeded[0].role, unneeded[0].role)} ({unneeded[0].label})")

    if old and not old.current:
        score += weights.get("old_event", -0.3)
        cues.append(f"an event from {old.year}, told as history")

    detached = list(find_terms(span_words, purpose.not_involved))
    if detached:
        score += weights.get("not_involved", -0.6)
        cues.append(f"says someone is not involved ('{detached[0].text}')")

    # Minimisation: sensitive data counts against a sentence unless the profile says it is needed (with no
    # profile, nothing is known to be needed). Each kind counts once, so a sentence listing three offences
    # is not pushed out three times over; a negated mention ("no history of police involvement") discloses
    # nothing and does not count.
    unlisted = "the profile does not list as needed" if purpose.profile else "not known to be needed (no profile)"
    for kind, name in SENSITIVE_NAMES.items():
        groups: dict[str, list[str]] = {"the profile needs": [], "the profile does not need": [], unlisted: []}
        for subtype in sorted({f.subtype or f.entity_type.lower() for f in inside if f.kind == kind and not f.negated}):
            if subtype in (purpose.needs.get(kind) or []):
                groups["the profile needs"].append(subtype)
            elif subtype in (purpose.does_not_need.get(kind) or []):
                groups["the profile does not need"].append(subtype)
            else:
                groups[unlisted].append(subtype)
        if groups["the profile needs"]:
            score += weights.get("needed_sensitive", 0.2)
        if groups["the profile does not need"]:
            score += weights.get("unneeded_sensitive", -0.25)
        elif groups[unlisted]:
            score += weights.get("unlisted_sensitive", -0.15)
        cues += [f"{name} {verb}: {', '.join(found)}" for verb, found in groups.items() if found]

    unneeded_types = set(purpose.does_not_need.get("entity_types") or [])
    identifiers = sorted(
        {
            f.entity_type
            for f in inside
            if f.kind == "personal" and f.entity_type in unneeded_types and f.role != "professional"
        }
    )
    if identifiers:
        score += weights.get("unneeded_identifier", -0.1)
        cues.append(f"identifier the profile does not need: {', '.join(identifiers)}")

    return round(min(max(score, 0.0), 1.0), 2), cues


def score_relevance(
    doc: Doc,
    statements: list[Statement],
    findings: list[Finding],
    context: Context,
    profile: str | None,
    settings: Settings,
) -> None:
    """Set relevance, relevant and relevance_cues on each statement, and add accuracy notes for old
    events presented as current. Reads the shared parse `doc`; never parses the document again."""
    config = settings.section("relevance")
    threshold = config.get("threshold", 0.4)
    purpose = purpose_of(context, profile, settings)
    people = people_of(findings, settings)
    history = History(doc, findings, settings)
    ordered = SpansInOrder(findings)
    for statement in statements:
        span = doc.char_span(statement.start, statement.end, alignment_mode="expand")
        if span is None:
            continue
        inside = ordered.inside(statement.start, statement.end)
        old = history.event(span)
        if purpose.scored:
            statement.relevance, statement.relevance_cues = score_statement(
                statement, span, inside, purpose, people, old, config
            )
            statement.relevant = statement.relevance >= threshold
        else:
            statement.relevance_cues = ["no purpose or profile given: relevance not scored"]
        if old and old.current and old.note not in statement.notes:
            statement.notes.append(old.note)


def letter_date(text: str) -> date:
    """The latest full date written in the document, else today."""
    found = []
    for pattern, order in FULL_DATES:
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups()))
            month = parts["month"]
            number = int(month) if month.isdigit() else MONTHS.get(month.lower())
            try:
                found.append(date(int(parts["year"]), number or 0, int(parts["day"])))
            except ValueError:
                continue
    return max(found, default=date.today())


@dataclass(frozen=True)
class OldEvent:
    """An event from long before the letter that a sentence describes."""

    year: int  # the earliest old year the sentence names
    current: bool  # stated in the present tense, or without framing it as history

    @property
    def note(self) -> str:
        return (
            f"Accuracy: this describes events from {self.year}; "
            "say that they are historical and whether they still apply"
        )


class History:
    """Events from a year long before the letter's date. Told as history they weigh less; presented as
    current (present tense, or no "previously" / "in 2016" framing) they get an accuracy note."""

    def __init__(self, doc: Doc, findings: list[Finding], settings: Settings) -> None:
        config = settings.section("relevance").get("staleness", {})
        self.latest_year = letter_date(doc.text).year - config.get("years", 3)
        self.framing = terms(settings, tuple((w, 1.0) for w in config.get("framing", [])))
        self.ignore_after = {w.lower() for w in config.get("ignore_after", [])}
        self.birth_dates = [(f.start, f.end) for f in findings if f.entity_type == "DATE_OF_BIRTH"]

    def old_years(self, span: Span) -> list[Token]:
        """Year tokens in the span old enough to matter, leaving out dates of birth and "since <year>"."""
        years = []
        for token in span:
            if not YEAR.fullmatch(token.text) or int(token.text) > self.latest_year or token.ent_type_ in NOT_YEARS:
                continue
            if any(start <= token.idx < end for start, end in self.birth_dates):
                continue
            before = token.doc[max(token.i - 5, span.start) : token.i]
            if any(forms(t) & self.ignore_after for t in before):
                continue
            years.append(token)
        return years

    def event(self, span: Span) -> OldEvent | None:
        """The old event the sentence describes, if any, and whether it is presented as current."""
        years = self.old_years(span)
        if not years:
            return None
        root = span.root
        present = root.tag_ in PRESENT_TENSE or any(
            child.dep_ in ("aux", "auxpass") and child.tag_ in PRESENT_TENSE for child in root.children
        )
        framed = bool(find_terms([forms(t) for t in span if is_word(t)], self.framing)) or all(
            any(t.lower_ in ("in", "on", "during") for t in year.doc[max(year.i - 4, span.start) : year.i])
            for year in years
        )
        return OldEvent(min(int(year.text) for year in years), present or not framed)
