"""Stage: statements. Split the parsed text into statements and label each one fact, opinion or reported.

Each label comes with the cues that decided it and, where the writer should act, notes: say who said a
reported statement and when; mark an opinion as professional opinion and give its basis. The cue lists
live in config/cues.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipeline.parse import load_model
from pipeline.settings import Settings
from pipeline.spans import SpansInOrder
from pipeline.types import Finding, Statement
from recognizers.base import alternatives

NO_SOURCE = "Say who said this and when (e.g. 'X told me on [date] that ...')"
NO_DATE = "Add when this was said"
UNMARKED = (
    "Mark this as your professional opinion and give its basis "
    "(e.g. 'In my professional opinion, based on ...')"
)
THIRD_PARTY = (
    "This is an opinion about someone who is not the subject of the disclosure: "
    "remove it unless it is needed, and give its basis"
)

PHRASE_LISTS = ("attribution", "opinion_markers", "basis_markers", "evaluative", "hedges")
CLAUSES = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj"}
VERBS = ("VERB", "AUX")
NOMINALS = ("NOUN", "PROPN", "PRON")
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Children that make an -ing or -ed form a verb with an object ("concerning Jayden", "worrying about")
# rather than a judgement ("his presentation is concerning").
OBJECTS = {"dobj", "pobj", "prep", "dative", "ccomp", "xcomp"}
# Links from an evaluative word up to the clause whose subject it judges ("Dad is clearly aggressive").
PREDICATES = {"acomp", "attr", "advmod", "oprd", "conj", "xcomp"}
QUOTATION = re.compile(r"[\"“]([^\"“”]+)[\"”]|(?<!\w)[‘']([^‘’']+)[’'](?!\w)")
SENTENCE_END = (".", "!", "?", '"', "”", "’", "'")
FIELD = re.compile(r"^\w[\w ()/'-]{0,30}:\s")
QUESTION_WORDS = {"what", "where", "who", "whom", "whose", "which", "when", "why", "how", "whether", "if"}
QUESTION_HEADING = re.compile(r"^(what|why|how|who|when|where)\b", re.IGNORECASE)
BULLET = re.compile(r"^(?:[-*•#>]+|\d+[.)])\s+")


@dataclass(frozen=True)
class Lexicon:
    """The cue lists of config/cues.yaml, normalised for matching."""

    reporting_verbs: frozenset[str]
    listener_verbs: frozenset[str]
    learning_verbs: frozenset[str]
    question_verbs: frozenset[str]
    reporting_phrases: dict[str, frozenset[str]]
    observation_verbs: frozenset[str]
    belief_verbs: frozenset[str]
    belief_adjectives: frozenset[str]
    modals: frozenset[str]
    ability_modals: frozenset[str]
    conditional_modals: frozenset[str]
    polite_verbs: frozenset[str]
    person_nouns: frozenset[str]
    unnamed_sources: frozenset[str]
    writer_pronouns: frozenset[str]
    writer_organisations: frozenset[str]
    writer_possessives: frozenset[str]
    family_words: frozenset[str]
    phrases: dict[str, tuple[str, ...]]
    quotation_min_words: int
    date_patterns: tuple[re.Pattern, ...]
    salutations: tuple[re.Pattern, ...]
    closings: tuple[re.Pattern, ...]


@lru_cache(maxsize=8)
def lexicon(settings: Settings) -> Lexicon:
    """The compiled cue lists of one configuration (config/cues.yaml, with two lists of config/people.yaml)."""
    cues = settings.section("cues")
    people = settings.section("people")

    def words(name: str) -> frozenset[str]:
        return frozenset(str(word).lower() for word in cues.get(name) or [])

    def patterns(name: str) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(pattern, re.IGNORECASE) for pattern in cues.get(name) or [])

    family_words = frozenset(str(word).lower() for word in people.get("family_words") or [])
    reporting_phrases: dict[str, set[str]] = {}
    for phrase in cues.get("reporting_phrases") or []:
        verb, obj = phrase.lower().split(maxsplit=1)
        reporting_phrases.setdefault(verb, set()).add(obj)
    return Lexicon(
        reporting_verbs=words("reporting_verbs"),
        listener_verbs=words("listener_verbs"),
        learning_verbs=words("learning_verbs"),
        question_verbs=words("question_verbs"),
        reporting_phrases={verb: frozenset(objects) for verb, objects in reporting_phrases.items()},
        observation_verbs=words("observation_verbs"),
        belief_verbs=words("belief_verbs"),
        belief_adjectives=words("belief_adjectives"),
        modals=words("modals"),
        ability_modals=words("ability_modals"),
        conditional_modals=words("conditional_modals"),
        polite_verbs=words("polite_verbs"),
        person_nouns=words("person_nouns") | family_words,
        unnamed_sources=words("unnamed_sources"),
        writer_pronouns=words("writer_pronouns"),
        writer_organisations=words("writer_organisations"),
        writer_possessives=words("writer_possessives"),
        family_words=family_words,
        phrases={name: tuple(str(p).lower() for p in cues.get(name) or []) for name in PHRASE_LISTS},
        quotation_min_words=int(cues.get("quotation_min_words", 2)),
        date_patterns=patterns("date_patterns"),
        salutations=patterns("salutations"),
        closings=tuple(
            re.compile(rf"{re.escape(signoff)}\s*([,.!:]|$)", re.IGNORECASE)
            for signoff in people.get("signoffs") or []
        ),
    )


def label_statements(doc: Doc, people: list[Finding], settings: Settings) -> list[Statement]:
    """Label each statement of the parsed document fact, opinion or reported, with cues and notes."""
    words = lexicon(settings)
    matches = phrase_matches(doc, settings)
    persons = SpansInOrder(f for f in people if f.entity_type == "PERSON")
    match_starts = [m.start for m in matches]
    statements = []
    for span in statement_spans(doc, words):
        nearby = matches[bisect_left(match_starts, span.start) : bisect_left(match_starts, span.end)]
        named = persons.inside(span.start_char, span.end_char)  # the people named in the statement
        statements.append(label(span, [m for m in nearby if m.end <= span.end], named, words))
    return statements


SETTLED = {"caution", "conviction", "sentence", "custody", "probation"}  # outcomes that prove an offence


def mark_reported_offences(statements: list[Statement], findings: list[Finding]) -> None:
    """An offence in a statement someone else reported ("Ms Kowalczyk told me that he grabbed her by the throat")
    is an allegation: the writer passes it on, nobody has proved it. Not when it is denied ("said there is no
    domestic abuse"), nor when the statement gives an outcome that settles it (a caution, a conviction)."""
    ordered = SpansInOrder(findings)
    for statement in statements:
        if statement.label != "reported":
            continue
        inside = ordered.starting(statement.start, statement.end)
        if any(f.subtype in SETTLED for f in inside):
            continue
        for finding in inside:
            if finding.subtype == "offence" and not finding.negated:
                finding.subtype = "allegation"


def mark_withheld(text: str, findings: list[Finding], settings: Settings) -> None:
    """Set withheld_by_writer on each finding that comes after the writer says, in the same paragraph, that
    something cannot be shared ("I cannot share this information. ... moved to 9 Meadow View")."""
    phrases = settings.section("cues").get("withholding_phrases") or []
    if not phrases:
        return
    ordered = SpansInOrder(findings)
    either_apostrophe = alternatives(phrases).replace("'", "['’]")
    for said in re.finditer(rf"(?<!\w){either_apostrophe}", text, re.IGNORECASE):
        paragraph_end = text.find("\n", said.end())
        for finding in ordered.starting(said.end(), len(text) if paragraph_end < 0 else paragraph_end):
            if finding.withheld_by_writer is None:
                finding.withheld_by_writer = said.group()


@lru_cache(maxsize=8)
def cue_matchers(settings: Settings) -> tuple[PhraseMatcher, Matcher]:
    """The cue phrases of one configuration, built once: phrases word by word on the normalised form,
    single words also on their lemma."""
    nlp = load_model(settings.model)
    phrases, lemmas = PhraseMatcher(nlp.vocab, attr="NORM"), Matcher(nlp.vocab)
    for name, items in lexicon(settings).phrases.items():
        phrases.add(name, [nlp.make_doc(phrase) for phrase in items])
        single = [phrase for phrase in items if " " not in phrase]
        if single:
            lemmas.add(name, [[{"LEMMA": {"IN": single}}]])
    return phrases, lemmas


def phrase_matches(doc: Doc, settings: Settings) -> list[Span]:
    """Every cue phrase in the document, as spans labelled with the name of their list.

    A phrase matches word by word on the normalised form ("n't" is "not"); a single word also matches
    on its lemma ("seems" is "seem").
    """
    found = [span for matcher in cue_matchers(settings) for span in matcher(doc, as_spans=True)]
    unique = {(m.label_, m.start, m.end): m for m in found}
    return sorted(unique.values(), key=lambda m: (m.start, m.end))


def statement_spans(doc: Doc, words: Lexicon) -> list[Span]:
    """The sentences of the document, cut at every newline, without headings, salutations or signatures."""
    starts = sentence_starts(doc)
    spans = []
    in_signature = False
    offset = 0
    text_of_doc = doc.text  # Doc.text rebuilds the string on every access
    for line in text_of_doc.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        text = line.strip()
        if not text:
            in_signature = False
        elif any(p.match(text) for p in words.closings):
            in_signature = True
        elif not (in_signature or text.startswith("#") or any(p.match(text) for p in words.salutations)):
            cuts = starts[bisect_right(starts, line_start) : bisect_left(starts, line_start + len(line))]
            bounds = [line_start, *cuts, line_start + len(line)]
            pieces = (trimmed_span(doc, text_of_doc, start, end) for start, end in zip(bounds, bounds[1:]))
            spans.extend(piece for piece in pieces if piece is not None and not is_heading(piece))
    return spans


def sentence_starts(doc: Doc) -> list[int]:
    """Where the parser's sentences start, except those starting in lower case or with a digit.

    Those are a clause cut off too soon ("Mum is doing her best | but ...") or a cut after an
    abbreviation ("under UK GDPR Art. | 6(1)(e)").
    """
    firsts = ((s.start_char, s.text.lstrip()[:1]) for s in doc.sents)
    return [start for start, first in firsts if not (first.islower() or first.isdigit())]


def trimmed_span(doc: Doc, text_of_doc: str, start: int, end: int) -> Span | None:
    """The span of the text from start to end without surrounding whitespace or a leading list marker."""
    text = text_of_doc[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    bullet = BULLET.match(text_of_doc[start:end])
    if bullet:
        start += bullet.end()
    if start >= end:
        return None
    return doc.char_span(start, end, alignment_mode="expand")


def is_heading(piece: Span) -> bool:
    """A heading, form field or fragment, not a statement.

    It ends in ':' or has under three words. Without a full stop it is a heading unless it is a clause
    of four words or more with a verb at its root that is not a field ("To: ...") or a question heading
    ("What we are worried about"); with one, only when it has neither a verb nor four words.
    """
    text = piece.text.replace("*", "")
    count = sum(token.is_alpha for token in piece)
    if text.endswith(":") or count < 3:
        return True
    if text.endswith(SENTENCE_END):
        return count < 4 and not any(token.pos_ in VERBS for token in piece)
    if FIELD.match(text) or QUESTION_HEADING.match(text) or count < 4:
        return True
    return not any(token.pos_ in VERBS for token in main_verbs(piece))


def label(span: Span, matches: list[Span], persons: list[Finding], words: Lexicon) -> Statement:
    """One statement: its label, the cues that decided it, notes, and who it is about."""
    statement = Statement(start=span.start_char, end=span.end_char, text=span.text)
    statement.about = about(span, persons, words)
    main = main_verbs(span)
    reported, sources = reported_cues(span, main, matches, words)
    if reported:
        statement.label = "reported"
        statement.cues = reported
        if not sources:
            statement.notes.append(NO_SOURCE)
        elif not has_date(span, words):
            statement.notes.append(NO_DATE)
        return statement
    opinion, marked, judged = opinion_cues(span, main, matches, words)
    if opinion:
        statement.label = "opinion"
        statement.cues = opinion
        if any(about_third_party(token, persons) for token in judged):
            statement.notes.append(THIRD_PARTY)
        elif not marked:
            statement.notes.append(UNMARKED)
        return statement
    statement.cues = [
        f"first-person observation '{verb.lower_}'"
        for verb in main
        if verb.lemma_ in words.observation_verbs and is_writer(subject(verb), words)
    ]
    return statement


def main_verbs(span: Span) -> list[Token]:
    """The verbs of the main clauses.

    These are the span's roots (its tree may be cut at a newline), clauses the parser hung off a root
    across a semicolon or colon ("Mrs Dawson has asked that ...; I can give you ..."), and their conjuncts.
    """
    roots = [t for t in span if t.head == t or not (span.start <= t.head.i < span.end)]
    roots = [t for t in roots if t.pos_ in VERBS] or roots
    beyond_semicolon = [
        child
        for root in roots
        for child in root.children
        if child.dep_ in ("ccomp", "parataxis") and child.pos_ in VERBS and separated(child, root)
    ]
    clauses = roots + beyond_semicolon
    conjuncts = [c for clause in clauses for c in clause.conjuncts if c.pos_ in VERBS and c in span]
    return list(dict.fromkeys(clauses + conjuncts))


def separated(child: Token, head: Token) -> bool:
    """True when a semicolon or colon of the head's stands between the child and the head."""
    low, high = sorted((child.i, head.i))
    return any(c.text in (";", ":") and low < c.i < high for c in head.children)


def subject(verb: Token) -> Token | None:
    """The subject of a verb.

    A conjoined or infinitive verb shares its head's subject ("Mum came in and said ...", "Mum phoned
    to complain ..."), and "who" in a relative clause is the noun it follows. When the parse joined a
    heading to the next line ("Disclosures and incidents / Ethan told me"), the subject is the first
    noun or pronoun of its phrase on the verb's own line.
    """
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head
            if same_line(child, verb):
                return child
            nominals = (t for t in child.subtree if t.pos_ in NOMINALS and same_line(t, verb))
            return next(nominals, None)
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb:
        return subject(verb.head)
    return None


def same_line(one: Token, other: Token) -> bool:
    first, last = sorted((one.i, other.i))
    return not any("\n" in token.text_with_ws for token in one.doc[first:last])


def is_writer(token: Token | None, words: Lexicon) -> bool:
    """True for "I", "we", or the writer's own organisation named bare ("School has asked Mum ...")."""
    if token is None:
        return False
    if token.lower_ in words.writer_pronouns:
        return True
    return token.lower_ in words.writer_organisations and not any(c.dep_ in ("det", "poss") for c in token.children)


def normalised(span: Span) -> str:
    """A matched phrase as the cue names it: lower case, "n't" as "not"."""
    return " ".join(token.norm_ for token in span)


def phrase_text(token: Token) -> str:
    """A noun with its determiners and modifiers ("Jayden's class teacher"), without a date the parser hung on it."""
    start = token.i
    while start > token.left_edge.i and token.doc[start - 1].ent_type_ not in ("DATE", "TIME"):
        start -= 1
    return token.doc[start : token.i + 1].text


def reports(verb: Token, words: Lexicon) -> bool:
    """True when the verb reports speech on its own or with its object ("raised concerns")."""
    if verb.lemma_ in words.reporting_verbs:
        return True
    objects = words.reporting_phrases.get(verb.lemma_, frozenset())
    return any(child.dep_ == "dobj" and child.lemma_ in objects for child in verb.children)


def agent(verb: Token) -> Token | None:
    """Who did a passive verb, from its own clause: "by his teacher" in "described as withdrawn by his teacher"."""
    for token in verb.subtree:
        if token.dep_ == "agent" and in_clause(token, verb):
            return next((child for child in token.children if child.dep_ == "pobj"), None)
    return None


def in_clause(token: Token, verb: Token) -> bool:
    """True when no clause boundary lies between the token and the verb above it."""
    while token.head != verb:
        token = token.head
        if token.dep_ in CLAUSES:
            return False
    return True


def has_content(verb: Token, passive: bool, words: Lexicon) -> bool:
    """True when a reporting verb carries what was said, not just the act ("School is sharing without consent").

    Passive: a clause ("it was alleged that ...", "is understood to be ..."; not "reported missing") or
    "as" ("described as ..."). Active: also an object, a listener or a topic ("Jayden told me", "Mum
    spoke about ...").
    """
    clauses = [
        c
        for c in verb.children
        if not separated(c, verb)
        and (c.dep_ == "ccomp" or (c.dep_ == "xcomp" and (not passive or any(a.lower_ == "to" for a in c.children))))
    ]
    if passive:
        return bool(clauses) or any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)
    return bool(clauses) or any(
        c.dep_ in ("dobj", "dative", "parataxis") or (c.dep_ == "prep" and c.lower_ in ("as", "about", "of"))
        for c in verb.children
    )


def asks_question(verb: Token, words: Lexicon) -> bool:
    """True for a question put to someone ("You asked where the children are living"), not a request."""
    return verb.lemma_ in words.question_verbs and any(
        c.dep_ == "ccomp" and c.left_edge.lower_ in QUESTION_WORDS for c in verb.children
    )


def verb_cue(verb: Token, words: Lexicon) -> tuple[str, str | None] | None:
    """The cue of a verb that reports what someone else said, and the source it names."""
    speaker = subject(verb)
    if speaker is None or negated(verb, speaker):
        return None
    if speaker.dep_ == "nsubjpass" or any(child.dep_ == "auxpass" for child in verb.children):
        if not reports(verb, words):
            return None
        source = agent(verb)
        if source is not None:
            return f"reporting verb '{verb.lower_}' (by: {phrase_text(source)})", phrase_text(source)
        if is_writer(speaker, words) or (verb.lemma_ not in words.listener_verbs and has_content(verb, True, words)):
            return f"reporting verb '{verb.lower_}' (passive, no source)", None
        return None
    if is_writer(speaker, words):
        source = informant(verb, words)
        return (f"reporting verb '{verb.lower_}' (from: {source})", source) if source else None
    if not ((reports(verb, words) and has_content(verb, False, words)) or asks_question(verb, words)):
        return None
    source = None if speaker.lower_ in words.unnamed_sources else phrase_text(speaker)
    return f"reporting verb '{verb.lower_}' (subject: {phrase_text(speaker)})", source


def negated(verb: Token, speaker: Token) -> bool:
    """True when nothing was said: "Jayden did not tell anyone", "No pupil has made a disclosure"."""
    return any(c.dep_ == "neg" for c in verb.children) or any(c.lower_ == "no" for c in speaker.children)


def informant(verb: Token, words: Lexicon) -> str | None:
    """Who the writer learned something from: "We understand from Mum that ..."."""
    if verb.lemma_ not in words.learning_verbs:
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "from":
            source = next((c for c in prep.children if c.dep_ == "pobj"), None)
            return phrase_text(source) if source is not None else None
    return None


def reporting_clauses(span: Span, main: list[Token], words: Lexicon) -> list[Token]:
    """Reporting verbs outside the main clause that still pass on what someone said.

    A relative clause about the speaker ("I discussed it with Amina, who said that ..."), a purpose
    clause ("Callum's mother phoned school to complain that ..."), what the writer knows or noted
    ("I know you told me that ..."), or a participle naming its source ("Cocaine and alcohol, reported
    by the victim").
    """
    return [
        token
        for token in span
        if token not in main
        and reports(token, words)
        and (
            (token.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ == "WP" for c in token.children))
            or (token.dep_ in ("xcomp", "advcl") and token.tag_ == "VB" and token.head in main)
            or (token.dep_ == "ccomp" and token.head in main and writer_knows(token.head, words))
            or (token.dep_ == "acl" and token.tag_ == "VBN" and agent(token) is not None)
        )
    ]


def writer_knows(verb: Token, words: Lexicon) -> bool:
    """The writer's statement of knowledge or record ("I know", "I noted"), not a belief ("I think")."""
    return is_writer(subject(verb), words) and verb.lemma_ not in words.belief_verbs


def reported_cues(span: Span, main: list[Token], matches: list[Span], words: Lexicon) -> tuple[list[str], list[str]]:
    """The cues that make the statement reported, and the sources they name."""
    cues, sources, reporting = [], [], set()
    for verb in main + reporting_clauses(span, main, words):
        found = verb_cue(verb, words)
        if found is None:
            continue
        cue, source = found
        cues.append(cue)
        sources += [source] if source else []
        reporting.add(verb.i)
    for match in matches:
        if match.label_ != "attribution" or any(t.i in reporting for t in match):
            continue
        source = next((c for c in match[-1].children if c.dep_ == "pobj"), None)
        if source is not None and any(c.lower_ in words.writer_possessives for c in source.children):
            continue
        cues.append(f"attribution '{normalised(match)}'")
        if source is not None:
            sources.append(phrase_text(source))
    speaker = next((subject(verb) for verb in main if subject(verb) is not None), None)
    if not is_writer(speaker, words):
        for quote in QUOTATION.finditer(span.text):
            words_quoted = (quote.group(1) or quote.group(2)).split()
            if len(words_quoted) >= words.quotation_min_words:
                cues.append(f"quotation '{' '.join(words_quoted[:6])}'")
                if speaker is not None and speaker.lower_ not in words.unnamed_sources:
                    sources.append(phrase_text(speaker))
                break
    return cues, sources


def opinion_cues(
    span: Span, main: list[Token], matches: list[Span], words: Lexicon
) -> tuple[list[str], bool, list[Token]]:
    """The cues that make the statement an opinion, whether it is marked as one, and its evaluative words."""
    cues: list[str] = []
    judged: list[Token] = []
    markers = [m for m in matches if m.label_ == "opinion_markers"]
    for marker in markers:
        cues.append(f"opinion marker '{normalised(marker)}'")
    for token in span:
        if token.lemma_ in words.belief_verbs and token.pos_ == "VERB" and is_writer(subject(token), words):
            cues.append(f"first-person belief verb '{token.lower_}'")
        elif token.lower_ in words.belief_adjectives and is_writer(subject(token.head), words):
            cues.append(f"first-person belief '{token.head.lower_} {token.lower_}'")
        elif is_main_modal(token, main, words):
            cues.append(f"modal '{token.lower_}'")
    for match in matches:
        if match.label_ == "hedges" and not is_seen_appearance(match[0]):
            cues.append(f"hedge '{normalised(match)}'")
        elif match.label_ == "evaluative" and (len(match) > 1 or is_evaluative(match[0], words)):
            kind = "phrase" if len(match) > 1 else "adverb" if match[0].pos_ == "ADV" else "adjective"
            cues.append(f"evaluative {kind} '{normalised(match)}'")
            judged.append(match.root)
    marked = bool(markers)
    if marked:
        cues.append("marked as opinion")
        if any(m.label_ == "basis_markers" for m in matches):
            cues.append("basis given")
    return cues, marked, judged


def is_main_modal(token: Token, main: list[Token], words: Lexicon) -> bool:
    """A modal that governs a main verb, other than past ability ("could not explain").

    A conditional modal counts with the writer as subject ("I would not rely on it") or an "if" clause
    ("If he were charged, school would want ..."), but not in a polite request ("I would like to ...").
    """
    if token.dep_ != "aux" or token.head not in main:
        return False
    if token.lower_ in words.conditional_modals:
        verb = token.head
        if verb.lemma_ in words.polite_verbs or any(c.lemma_ in words.polite_verbs for c in verb.children):
            return False
        conditional = any(c.dep_ == "advcl" and any(m.lower_ == "if" for m in c.children) for c in verb.children)
        return conditional or is_writer(subject(verb), words)
    if token.lower_ not in words.modals:
        return False
    negated = any(child.dep_ == "neg" for child in token.head.children)
    perfect = any(child.lemma_ == "have" and child.dep_ == "aux" for child in token.head.children)
    return not (token.lower_ in words.ability_modals and negated and not perfect)


def is_seen_appearance(token: Token) -> bool:
    """How someone looked when seen ("Amina appeared tired"): past tense with an adjective, an observation."""
    person = subject(token)
    return token.tag_ == "VBD" and any(c.dep_ == "acomp" for c in token.children) and not (
        person is not None and person.lower_ == "it"
    )


def is_evaluative(token: Token, words: Lexicon) -> bool:
    """An evaluative word used as a judgement.

    Not a verb with an object ("information concerning him"), and before a noun only when the noun is a
    person ("a manipulative man", not "poor home conditions" or "a good relationship").
    """
    if token.dep_ == "amod":
        noun = token.head
        return noun.pos_ == "PROPN" or noun.ent_type_ == "PERSON" or noun.lower_ in words.person_nouns
    if token.pos_ in ("ADJ", "ADV"):
        return True
    return token.pos_ == "VERB" and not any(child.dep_ in OBJECTS for child in token.children)


def judged_person(token: Token) -> Token | None:
    """Who an evaluative word is about: the noun it modifies, or the subject of its clause."""
    if token.dep_ == "amod":
        return token.head
    while subject(token) is None:
        if token.dep_ not in PREDICATES or token.head == token:
            return None
        token = token.head
    return subject(token)


def about_third_party(token: Token, persons: list[Finding]) -> bool:
    """True when the evaluative word judges a person whose role is third_party."""
    person = judged_person(token)
    if person is None:
        return False
    start, end = person.left_edge.idx, person.right_edge.idx + len(person.right_edge)
    return any(f.role == "third_party" and f.start < end and start < f.end for f in persons)


def about(span: Span, persons: list[Finding], words: Lexicon) -> list[str]:
    """The person ids of the people named in the statement, then the family words it mentions."""
    inside = sorted(
        (f for f in persons if f.person and span.start_char <= f.start and f.end <= span.end_char),
        key=lambda f: f.start,
    )
    ids = [f.person for f in inside]
    family = [t.lower_ for t in span if t.lower_ in words.family_words]
    return list(dict.fromkeys(ids + family))


def has_date(span: Span, words: Lexicon) -> bool:
    """True when the statement says when: a DATE or TIME entity, or a configured date pattern."""
    if any(token.ent_type_ in ("DATE", "TIME") for token in span):  # span.ents walks the whole document
        return True
    return any(p.search(span.text) for p in words.date_patterns)
