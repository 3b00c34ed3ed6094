"""Stage: special-category (UK GDPR Art. 9) and criminal-offence (Art. 10) data.

The lexicons in config/lexicons/ are matched against the shared spaCy Doc. The dependency parse then says
whether each finding is negated ("no history of self-harm") or hypothetical ("if she were pregnant"), and
which person the sentence ties it to ("Mum's depression"). An offence in a sentence that presents it as alleged
("It is alleged that Kayla was assaulted") is an allegation (DPA 2018 s.11(2)). Nothing here decides what to do
with a finding: sensitive is not irrelevant, and the policy decides.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.parse import load_model
from pipeline.settings import Settings
from pipeline.spans import SpanIndex
from pipeline.types import DiscloseError, Finding
from recognizers.base import alternatives

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
# Small words inside a name: "St Aidan's Church of England Primary School".
NAME_CONNECTIVES = {"of", "and", "the", "&"}
TERM_KEYS = {"term", "subtype", "case_sensitive", "lemma", "name", "requires_name", "requires_cue", "requires_subtype", "note"}
NAME_SIDES = {"before", "after"}


@dataclass(frozen=True)
class Term:
    """The label a lexicon match gives."""

    lexicon: str
    kind: str
    entity_type: str
    subtype: str
    name: str | None = None  # "before" or "after": the proper name on that side is part of the term
    requires_name: bool = False  # without that name the term is not a finding ("heritage")
    requires_cue: bool = False  # only in a sentence with an allegation cue ("it is alleged that he hit her")
    requires_subtype: str | None = None  # only in a sentence with another term of this subtype


@dataclass(frozen=True)
class Matchers:
    """One matcher per way of comparing tokens, and the term behind each match id."""

    exact: PhraseMatcher
    lower: PhraseMatcher
    lemma: PhraseMatcher
    terms: dict[int, Term]
    cues: PhraseMatcher  # allegation cues ("alleged", "it is said"), on LOWER and LEMMA under one key


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
            if entry.get("name", "before") not in NAME_SIDES:
                raise DiscloseError(f"lexicon {stem!r}: `name` is before or after, not {entry['name']!r}")
            subtype = entry.get("subtype", lexicon.get("subtype"))
            name, requires_name = entry.get("name"), entry.get("requires_name", False)
            yield Term(stem, lexicon["kind"], lexicon["entity_type"], subtype, name, requires_name,
                       entry.get("requires_cue", False), entry.get("requires_subtype")), entry


def vocabulary(settings: Settings) -> dict[str, dict[str, set[str]]]:
    """Kind -> entity type -> subtypes, as the lexicons define them: the one list of valid subtypes."""
    found: dict[str, dict[str, set[str]]] = {}
    for term, _ in lexicon_terms(settings):
        found.setdefault(term.kind, {}).setdefault(term.entity_type, set()).add(term.subtype)
    return found


def allegation_cues(settings: Settings) -> list[str]:
    """The words that present an offence as alleged, from the criminal lexicon."""
    return [str(cue) for cue in settings.section("lexicons").get("criminal", {}).get("allegation_cues", [])]


def variants(term: str) -> set[str]:
    """The term as written, with hyphens as spaces, and with its apostrophe typographic (Word's) or left out."""
    return {term, term.replace("-", " "), term.replace("'", "\u2019"), term.replace("'", "")}


@lru_cache(maxsize=4)
def build_matchers(settings: Settings) -> Matchers:
    """The lexicon matchers for these settings, built once per process.

    Case-sensitive terms (abbreviations) match on ORTH, the rest on LOWER and, unless a term says `lemma: false`,
    on LEMMA too, so that "self-harmed" and "overdosed" match. Lemma patterns are parsed by the same (cached)
    model that parses documents, so their lemmas agree. Allegation cues match on LOWER and LEMMA alike.
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
    cues = PhraseMatcher(nlp.vocab, attr="LEMMA")
    cue_forms = [form for cue in allegation_cues(settings) for form in variants(cue)]
    cues.add("cue", [*nlp.pipe(cue_forms), *(lowercased(nlp.make_doc(form)) for form in cue_forms)])
    return Matchers(exact, lower, lemma, terms, cues)


def lowercased(doc: Doc) -> Doc:
    """A pattern whose lemmas are its lower-cased words, so a LEMMA matcher also matches the words as written."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


def find_sensitive(doc: Doc, people: list[Finding], settings: Settings) -> list[Finding]:
    """Special-category and criminal-offence findings in the parsed document, in text order.

    Where terms overlap, the longest wins ("postnatal depression", not "depression"), and terms of one kind that
    touch are one finding ("salbutamol inhaler", "Pentecostal Christians"). `people` are the PERSON findings of
    earlier stages; a term inside a name ("Faith", "Christian") is not a finding. Each finding carries negated,
    hypothetical, and the person and role the sentence ties it to. An offence in a sentence with an allegation
    cue is an allegation, and the cue is then part of that finding rather than one of its own.
    """
    matchers = build_matchers(settings)

    def lexicon_of(span: Span) -> dict:
        """The lexicon file the span's term comes from (its lexicon-wide keys: body_parts, not_followed_by...)."""
        return settings.section("lexicons")[matchers.terms[span.label].lexicon]

    spans = [
        with_name(Span(doc, start, end, label=match_id), matchers.terms[match_id])
        for matcher in (matchers.exact, matchers.lower, matchers.lemma)
        for match_id, start, end in matcher(doc)
    ]
    names = SpanIndex(people)
    spans = [
        span
        for span in spans
        if span is not None
        and not (
            matchers.terms[span.label].subtype != "medication"  # drug brands are never names: "Concerta XL"
            and names.covers(span.start_char, span.end_char)
            and any(inside_name(span, p) for p in people)
        )
        and not names_a_place(span)
        and not names_a_service(span, lexicon_of(span))
    ]
    text = doc.text  # built once: Doc.text joins every token
    spans = [with_body_part(span, lexicon_of(span), text) for span in join_touching(filter_spans(spans), matchers.terms, settings)]

    def line_of_sentence(token: Token) -> int:
        """Where the part of the token's sentence on its line starts: a cue in one table cell or list item does
        not reach the next, even where the parser ran them into one sentence."""
        return max(token.sent.start_char, text.rfind("\n", 0, token.idx) + 1)

    cues: dict[int, list[Span]] = defaultdict(list)
    for _, start, end in matchers.cues(doc):
        cues[line_of_sentence(doc[start])].append(Span(doc, start, end))
    # A cue just before an offence becomes part of it ("an alleged assault"); other cues stay terms of their own
    # where the lexicon has them ("the police investigation was closed").
    merged_cues = [
        cue
        for span in spans
        if matchers.terms[span.label].subtype == "offence"
        and (cue := cue_joined_to(span, cues[line_of_sentence(span[0])])) is not None
    ]
    mentions_by_sentence = defaultdict(list)  # attribution looks first within the term's sentence
    everyone = sorted(person_mentions(doc, people, settings), key=lambda m: m.start)
    for mention in everyone:
        token = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if token is not None:
            mentions_by_sentence[token[0].sent.start].append(mention)
    risky = {p.person for p in people if p.poses_risk}
    findings = []
    for span in spans:
        term = matchers.terms[span.label]
        sentence = line_of_sentence(span[0])
        alleged = cues[sentence]
        if term.subtype == "allegation" and any(overlaps(span, c) for c in merged_cues):
            continue  # the cue is part of the offence after it: one finding per offence
        if term.requires_cue and not alleged:
            continue  # "hit", "pushed": an offence only where the sentence says it is alleged
        if term.requires_subtype and not any(
            matchers.terms[other.label].subtype == term.requires_subtype and other.sent.start == span.sent.start
            and not matchers.terms[other.label].requires_subtype for other in spans
        ):
            continue  # "he has a girlfriend" reveals orientation only where the sentence is about it
        negated = is_negated(span)
        alleged = [] if negated else alleged  # "has not been arrested or is known to the police": no allegation
        if alleged and term.subtype == "offence":
            span = with_cue(span, alleged)
        holder = attribute(span, mentions_by_sentence[span.sent.start])
        why = "its sentence ties it to"
        if holder is None and (holder := earlier_in_paragraph(span, everyone, text)) is not None:
            why = "the one person named before it in the paragraph is"
        findings.append(
            Finding(
                kind=term.kind,
                entity_type=term.entity_type,
                subtype="allegation" if alleged and term.subtype == "offence" else term.subtype,
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                score=SCORE,
                recognizer=f"lexicon:{term.lexicon}",
                person=holder.person if holder else None,
                role=holder.role if holder else None,
                role_reason=f"{why} {holder.person or text[holder.start : holder.end]}" if holder else None,
                poses_risk=bool(holder and holder.person in risky),
                negated=negated,
                hypothetical=is_hypothetical(span),
            )
        )
    return findings


def overlaps(span: Span, other: Span) -> bool:
    return span.start < other.end and other.start < span.end


def inside_name(span: Span, person: Finding) -> bool:
    """A term within a person's name ("Christian" in "Faith Christian"), unless it is a phrase the whole name is
    part of: a name found in "anorexia nervosa" or "eating disorder" is the earlier stage's mistake."""
    within = person.start <= span.start_char and span.end_char <= person.end
    whole_phrase = len(span) > 1 and (person.start, person.end) == (span.start_char, span.end_char)
    return within and not whole_phrase


def with_name(span: Span, term: Term) -> Span | None:
    """The span widened over the proper name the term takes ("HMP Northshire", "Ghanaian heritage",
    "St Joseph's Church"); a possessive "'s" inside the name is part of it. None when the term requires a name
    and has none ("cultural heritage")."""
    if term.name is None:
        return span
    doc = span.doc
    start, end = span.start, span.end
    if term.name == "after":
        # "First language: Polish", "first language is Vietnamese", a table cell on the next line
        gap = end
        while gap < len(doc) and (doc[gap].is_space or doc[gap].lower_ in LINKS_TO_NAME):
            gap += 1
        named = gap
        while named < len(doc) and doc[named].is_title:
            named += 1
        if named > gap:
            end = named
    else:
        while start > 0 and (doc[start - 1].is_title or (doc[start - 1].tag_ == "POS" and start > 1)):
            start -= 1
        while doc[start].tag_ == "POS":
            start += 1
    if term.requires_name and (start, end) == (span.start, span.end):
        return None
    return Span(doc, start, end, label=span.label)


LINKS_TO_NAME = {":", "-", "is", "was", "are"}  # what may stand between a term and the name after it


def join_touching(spans: list[Span], terms: dict[int, Term], settings: Settings) -> list[Span]:
    """Spans of one subtype with nothing between them joined into one ("possession of a Class A drug with
    intent to supply"), and across the words their lexicon's `joins_across` lists ("or" by default: "stalking or
    harassment" names one category; "White British and Black Caribbean" one mixed heritage, but "common assault
    and criminal damage" two offences); "cautioned for possession of cannabis" stays two findings."""
    joined: list[Span] = []
    for span in spans:
        previous = joined[-1] if joined else None
        between = span.doc[previous.end : span.start] if previous is not None and previous.end <= span.start else None
        links = settings.section("lexicons")[terms[span.label].lexicon].get("joins_across", ["or"])
        touching = between is not None and (len(between) == 0 or (len(between) == 1 and between[0].lower_ in links))
        if touching and same_label(terms[previous.label], terms[span.label]):
            joined[-1] = Span(span.doc, previous.start, span.end, label=span.label)
        else:
            joined.append(span)
    return joined


def same_label(a: Term, b: Term) -> bool:
    return (a.entity_type, a.subtype) == (b.entity_type, b.subtype)


@lru_cache(maxsize=8)
def body_part_pattern(parts: tuple[str, ...]) -> re.Pattern:
    """Where on the body, after an injury term: " to her forearms", " on the left arm"."""
    forms = [form for part in parts for form in (part, part + "s")]
    return re.compile(rf"\s+(?:to|on)\s+(?:(?:her|his|their|both|the|my|left|right|upper|lower)\s+){{0,3}}{alternatives(forms)}",
                      re.IGNORECASE)


def with_body_part(span: Span, lexicon: dict, text: str) -> Span:
    """An injury or self-harm term widened over the body part after it ("cutting to her forearms", "bruises to
    the left arm"): where on the body is part of the health detail. Body parts are the lexicon's `body_parts`."""
    parts = lexicon.get("body_parts") or []
    if not parts:
        return span
    after = body_part_pattern(tuple(parts)).match(text[span.end_char : span.end_char + 60])
    widened = span.doc.char_span(span.start_char, span.end_char + after.end(), alignment_mode="expand") if after else None
    return Span(span.doc, widened.start, widened.end, label=span.label) if widened is not None else span


def cue_joined_to(span: Span, cues: list[Span]) -> Span | None:
    """The cue that stands right before an offence and qualifies it ("an alleged assault"), if any."""
    return next((c for c in cues if c.end == span.start and span.start <= c.root.head.i < span.end), None)


def with_cue(span: Span, cues: list[Span]) -> Span:
    """An offence with the cue that qualifies it as one span."""
    before = cue_joined_to(span, cues)
    return Span(span.doc, before.start, span.end, label=span.label) if before is not None else span


def names_a_service(span: Span, lexicon: dict) -> bool:
    """Whether the word after the term makes it a job, service or field name (the lexicon's not_followed_by)."""
    following = span.doc[span.end] if span.end < len(span.doc) else None
    return following is not None and following.lower_ in set(lexicon.get("not_followed_by") or ())


def names_a_place(span: Span) -> bool:
    """A term inside the name of a street or a school: "12 Church Lane", "St Anne's Catholic Primary School"."""
    for token in span.doc[span.end :]:
        if token.lower_ in NAME_CONNECTIVES:
            continue
        if not token.is_title:
            return False
        if token.lower_ in PLACE_WORDS:
            return True
    return False


def person_mentions(doc: Doc, people: list[Finding], settings: Settings) -> list[Mention]:
    """People who can hold a finding, and family words ("Mum", "his sister") not already part of a name; a
    family word with a name in apposition ("his brother, Reece") stands for that person.

    Professionals are left out: they write about people, and are not what they report. The family words are the
    people stage's (config/people.yaml), so the two stages agree on who is family.
    """
    family_words = {str(word).lower() for word in settings.section("people")["family_words"]}
    names = SpanIndex(people)
    named = [Mention(p.start, p.end, p.person, p.role) for p in people if p.role != "professional"]
    family = []
    for token in doc:
        if token.lower_ in family_words and not names.overlaps(token.idx, token.idx + 1):
            # "his older brother, Reece, was convicted": the named person in apposition holds what the word does
            named_as = next((m for child in token.children if child.dep_ == "appos"
                             for m in named if m.start <= child.idx < m.end), None)
            family.append(Mention(token.idx, token.idx + len(token), named_as.person if named_as else None,
                                  named_as.role if named_as else "family"))
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


def earlier_in_paragraph(span: Span, mentions: list[Mention], text: str) -> Mention | None:
    """For a sentence that names no one ("She was referred to CAMHS"), the one person named before the term
    in its paragraph; None when several people were named there, as the pronoun could be any of them."""
    paragraph_start = text.rfind("\n", 0, span.start_char) + 1
    before = [m for m in mentions if paragraph_start <= m.start and m.end <= span.start_char]
    people = {m.person or text[m.start : m.end].lower() for m in before}
    return before[-1] if len(people) == 1 else None


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
