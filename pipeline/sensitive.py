"""Stage: special-category (UK GDPR Art. 9) and criminal-offence (Art. 10) data.

The lexicons in config/lexicons/ are matched against the shared spaCy Doc. The dependency parse then says
whether each finding is negated ("no history of self-harm") or hypothetical ("if she were pregnant"), and
which person the sentence ties it to ("Mum's depression"). Nothing here decides what to do with a finding:
sensitive is not irrelevant, and the policy decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.parse import load_model
from pipeline.settings import Settings
from pipeline.types import DiscloseError, Finding

SCORE = 0.85
VERBAL = {"VERB", "AUX"}
# A verb that completes another ("has been self-harming", "wanted to self-harm") or a noun ("no plans to harm
# herself") shares its clause.
COMPLEMENTS = {"acomp", "xcomp", "acl"}
NEGATING_DETERMINERS = {"no", "neither"}
NEGATING_VERBS = {"deny", "refute", "exclude"}
CONDITIONALS = {"if", "unless", "whether"}
MODALS = {"would", "could", "might"}
# Who a clause is about, in order of preference: the one it happened to, who did it, who it was done to.
PARTICIPANTS = ("nsubjpass", "nsubj", "dobj")
SUBJECTS = {"nsubjpass", "nsubj"}
PRONOUNS = {"he", "him", "his", "she", "her", "hers", "they", "them", "their"}
# A negation on a clause's verb does not reach a reason or a time ("cannot share this because of the order").
CIRCUMSTANCES = {"because", "due", "after", "before", "since", "following", "during", "despite", "until"}
# The last word of a street or school name: "Church Lane", "St Anne's Catholic Primary School".
PLACE_WORDS = {
    "road", "street", "lane", "avenue", "close", "drive", "way", "place", "terrace", "crescent", "walk",
    "school", "primary", "academy", "college", "nursery",
}  # fmt: skip
TERM_KEYS = {"term", "subtype", "case_sensitive", "lemma", "note"}
# "son", "daughter" and "child" are left out on purpose: in these letters they are the subject.
FAMILY_WORDS = {
    "mum", "mummy", "mam", "mother", "dad", "daddy", "father", "parent", "parents",
    "stepfather", "stepdad", "stepmother", "stepmum", "partner",
    "sister", "sisters", "brother", "brothers", "sibling", "siblings",
    "grandmother", "grandma", "gran", "granny", "nan", "nana", "nanna", "grandfather", "grandad", "grandpa",
    "aunt", "auntie", "aunty", "uncle", "cousin",
}  # fmt: skip


@dataclass(frozen=True)
class Term:
    """The label a lexicon match gives."""

    lexicon: str
    kind: str
    entity_type: str
    subtype: str


@dataclass(frozen=True)
class Matchers:
    """One matcher per way of comparing tokens, and the term behind each match id."""

    exact: PhraseMatcher
    lower: PhraseMatcher
    lemma: PhraseMatcher
    terms: dict[int, Term]


@dataclass(frozen=True)
class Mention:
    """A place in the text that names a person or a family member."""

    start: int
    end: int
    person: str | None
    role: str | None


def lexicon_terms(settings: Settings) -> Iterator[tuple[Term, dict]]:
    """Every term entry of every lexicon, with the label it gives."""
    for stem, lexicon in sorted(settings.section("lexicons").items()):
        if not isinstance(lexicon, dict) or not {"kind", "entity_type", "terms"} <= lexicon.keys():
            raise DiscloseError(f"lexicon {stem!r} needs kind, entity_type and terms: see config/lexicons/health.yaml")
        for entry in lexicon["terms"]:
            if not isinstance(entry, dict) or "term" not in entry or not entry.keys() <= TERM_KEYS:
                raise DiscloseError(f"lexicon {stem!r}: write each term as {{term: ..., subtype: ...}}, not {entry!r}")
            subtype = entry.get("subtype", lexicon.get("subtype"))
            yield Term(stem, lexicon["kind"], lexicon["entity_type"], subtype), entry


def variants(term: str) -> set[str]:
    """The term as written, with hyphens as spaces, and with its apostrophe typographic (Word's) or left out."""
    return {term, term.replace("-", " "), term.replace("'", "\u2019"), term.replace("'", "")}


@lru_cache(maxsize=4)
def build_matchers(settings: Settings) -> Matchers:
    """The lexicon matchers for these settings, built once per process.

    Case-sensitive terms (abbreviations) match on ORTH, the rest on LOWER and, unless a term says `lemma: false`,
    on LEMMA too, so that "self-harmed" and "overdosed" match. Lemma patterns are parsed by the same (cached)
    model that parses documents, so their lemmas agree.
    """
    nlp = load_model(settings.model)
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
    terms: dict[int, Term] = {}
    to_lemmatise: list[tuple[str, str]] = []
    for index, (term, entry) in enumerate(lexicon_terms(settings)):
        key = f"{term.lexicon}:{index}"
        terms[nlp.vocab.strings.add(key)] = term
        forms = variants(str(entry["term"]))
        matcher = exact if entry.get("case_sensitive") else lower
        matcher.add(key, [nlp.make_doc(form) for form in forms])
        if not entry.get("case_sensitive") and entry.get("lemma", True):
            to_lemmatise += [(key, form) for form in forms]
    for (key, _), pattern in zip(to_lemmatise, nlp.pipe(form for _, form in to_lemmatise)):
        lemma.add(key, [pattern])
    return Matchers(exact, lower, lemma, terms)


def find_sensitive(doc: Doc, people: list[Finding], settings: Settings) -> list[Finding]:
    """Special-category and criminal-offence findings in the parsed document, in text order.

    Where terms overlap, the longest wins ("postnatal depression", not "depression"). `people` are the
    PERSON findings of earlier stages; a term inside a name ("Faith", "Christian") is not a finding. Each
    finding carries negated, hypothetical, and the person and role the sentence ties it to.
    """
    matchers = build_matchers(settings)
    spans = [
        Span(doc, start, end, label=match_id)
        for matcher in (matchers.exact, matchers.lower, matchers.lemma)
        for match_id, start, end in matcher(doc)
    ]
    spans = [span for span in spans if not any(overlaps(span, p) for p in people)]
    mentions = person_mentions(doc, people)
    findings = []
    for span in filter_spans(spans):
        if names_a_place(span):
            continue
        term = matchers.terms[span.label]
        holder = attribute(span, mentions)
        findings.append(
            Finding(
                kind=term.kind,
                entity_type=term.entity_type,
                subtype=term.subtype,
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                score=SCORE,
                recognizer=f"lexicon:{term.lexicon}",
                person=holder.person if holder else None,
                role=holder.role if holder else None,
                negated=is_negated(span),
                hypothetical=is_hypothetical(span),
            )
        )
    return findings


def overlaps(span: Span, finding: Finding) -> bool:
    return span.start_char < finding.end and finding.start < span.end_char


def names_a_place(span: Span) -> bool:
    """A term inside the name of a street or a school: "12 Church Lane", "St Anne's Catholic Primary School"."""
    for token in span.doc[span.end :]:
        if not token.is_title:
            return False
        if token.lower_ in PLACE_WORDS:
            return True
    return False


def person_mentions(doc: Doc, people: list[Finding]) -> list[Mention]:
    """People who can hold a finding, and family words ("Mum", "his sister") not already part of a name.

    Professionals are left out: they write about people, and are not what they report.
    """
    named = [Mention(p.start, p.end, p.person, p.role) for p in people if p.role != "professional"]
    family = [
        Mention(token.idx, token.idx + len(token), None, "family")
        for token in doc
        if token.lower_ in FAMILY_WORDS and not any(p.start <= token.idx < p.end for p in people)
    ]
    return named + family


def clause(token: Token) -> list[Token]:
    """The token and its heads up to the verb of its clause."""
    path = [token]
    while (path[-1].pos_ not in VERBAL or path[-1].dep_ in COMPLEMENTS) and path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def governors(token: Token) -> list[Token]:
    """The token and its heads up to the root, not crossing into a coordinated clause ("denied it but was arrested")."""
    path = [token]
    while path[-1].head.i != path[-1].i and not (path[-1].pos_ in VERBAL and path[-1].dep_ == "conj"):
        path.append(path[-1].head)
    return path


def negation_scope(token: Token) -> list[Token]:
    """The part of the clause a "not" or "no" reaches.

    Not from a verb back to its active subject ("bail conditions do not allow contact"), nor into a reason or a
    time ("because of the order"); but a verb's own subject ("no other member ... has been arrested").
    """
    scope = []
    for step in clause(token):
        scope.append(step)
        if step.dep_ == "nsubj" or step.lower_ in CIRCUMSTANCES:
            break
    verb = scope[-1]
    if verb.i == token.i:  # "no other member of the household has been arrested"
        scope += [child for child in participants(verb) if child.dep_ in SUBJECTS]
    return scope


def is_negated(span: Span) -> bool:
    """A "not"/"never"/"no" in the clause ("no history of self-harm"), or a denial above it ("denies", "ruled out")."""
    in_clause = any(
        child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in NEGATING_DETERMINERS)
        for token in negation_scope(span.root)
        for child in token.children
    )
    return in_clause or any(
        token.lemma_ in NEGATING_VERBS or (token.lemma_ == "rule" and any(c.lower_ == "out" for c in token.children))
        for token in governors(span.root)
    )


def is_hypothetical(span: Span) -> bool:
    """Under "if"/"unless"/"whether", a "would/could/might" in its clause, or "in case of"."""
    conditional = any(
        child.dep_ == "mark" and child.lower_ in CONDITIONALS
        for token in governors(span.root)
        for child in token.children
    )
    path = clause(span.root)
    modal = any(child.dep_ == "aux" and child.lower_ in MODALS for token in path for child in token.children)
    in_case = any(
        token.lower_ == "case" and token.head.lower_ == "in" and not any(c.dep_ == "det" for c in token.children)
        for token in path
    )
    return conditional or modal or in_case


def attribute(span: Span, mentions: list[Mention]) -> Mention | None:
    """Who the sentence ties the finding to: the owner, else the clause's subject or object, else the nearest.

    The owner is a person named on the term or a noun above it: the possessor in "Mum's depression", or any
    person word the small model attached to it ("her stepfather drinks" is sometimes parsed as a noun phrase).
    A pronoun stands for the nearest person named before it in the sentence.
    """
    candidates = [m for m in mentions if not (span.start_char <= m.start < span.end_char)]
    path = clause(span.root)
    owners = [child for token in path for child in token.children if child.dep_ == "poss" or token.pos_ not in VERBAL]
    tokens = owners + participants(path[-1])
    for resolve in (mention_at, antecedent):  # a person named outright beats a guess at what a pronoun stands for
        for token in tokens:
            if holder := resolve(token, candidates):
                return holder
    sentence = span.sent
    nearby = [m for m in candidates if sentence.start_char <= m.start and m.end <= sentence.end_char]
    return min(nearby, key=lambda m: max(m.start - span.end_char, span.start_char - m.end), default=None)


def participants(verb: Token) -> list[Token]:
    """The verb's subject and object; a coordinated verb without a subject shares its head's ("... and is on bail")."""
    found = [child for dep in PARTICIPANTS for child in verb.children if child.dep_ == dep]
    if verb.dep_ == "conj" and not any(child.dep_ in SUBJECTS for child in found):
        found += participants(verb.head)
    return found


def mention_at(token: Token, mentions: list[Mention]) -> Mention | None:
    return next((m for m in mentions if m.start <= token.idx < m.end), None)


def antecedent(token: Token, mentions: list[Mention]) -> Mention | None:
    """For a personal pronoun, the nearest person named before it in the same sentence."""
    if token.lower_ not in PRONOUNS:
        return None
    before = [m for m in mentions if token.sent.start_char <= m.start and m.end <= token.idx]
    return max(before, key=lambda m: m.end, default=None)
