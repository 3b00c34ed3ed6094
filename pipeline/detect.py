"""Stage 3, detect: personal data found by Presidio on the shared parse, then every other occurrence of it.

Presidio's analyzer runs with the recognizers named in config/recognizers.yaml. A name or identifier
found once is then searched for everywhere in the document (spacing, dashes and case aside), and
so is each part of a person's name standing alone: recall first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.tokens import Doc

from pipeline.parse import load_model, nlp_engine
from pipeline.settings import Settings
from pipeline.spans import SpanIndex
from pipeline.types import Context, Finding
from recognizers import build_recognizers
from recognizers.context import FastLemmaContextAwareEnhancer
from recognizers.dates import MONTH_NAME, YEAR
from recognizers.organisations import institution_name

SEPARATORS = r"[\s\-./]*"

# A name given as an alias: "William Kowalczyk (known as Will)", "Jordan Barker, aka 'JJ'".
ALIAS_PATTERN = re.compile(
    r"\b(?:also known as|known as|aka|a\.k\.a\.|nicknamed|goes by|(?:whom|who)\s+\w+\s+(?:know|knows|knew)\s+as)"
    r"\s+['\"‘“]?([A-Z][A-Za-z'’-]+)"
)


@lru_cache(maxsize=4)
def analyzer(settings: Settings) -> AnalyzerEngine:
    """Presidio's analyzer with the configured recognizers, built once per configuration."""
    config = settings.section("recognizers")
    registry = RecognizerRegistry(supported_languages=[settings.language])
    for recognizer in build_recognizers(config, settings.language, settings.section("people")):
        registry.add_recognizer(recognizer)
    ner_types = sorted(set((config.get("ner") or {}).values()))
    if ner_types:
        registry.add_recognizer(SpacyRecognizer(supported_language=settings.language, supported_entities=ner_types))
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine(settings),
        supported_languages=[settings.language],
        context_aware_enhancer=FastLemmaContextAwareEnhancer(),
        default_score_threshold=config.get("score_threshold", 0.3),
    )


def presidio_findings(text: str, artifacts: NlpArtifacts, settings: Settings) -> list[Finding]:
    """What Presidio's recognizers find, as personal-data findings."""
    results = analyzer(settings).analyze(text=text, language=settings.language, nlp_artifacts=artifacts)
    findings = []
    for result in results:
        recognizer = result.recognition_metadata.get("recognizer_name", "presidio")
        end = result.end
        if recognizer == "SpacyRecognizer" and "\n" in text[result.start : end]:
            end = result.start + len(text[result.start : end].split("\n")[0].rstrip(" ,;:"))  # a name never spans lines
        if end > result.start:
            findings.append(
                Finding(
                    kind="personal",
                    entity_type=result.entity_type,
                    start=result.start,
                    end=end,
                    text=text[result.start : end],
                    score=round(result.score, 2),
                    recognizer=recognizer,
                )
            )
    return findings


def name_parts(name: str, settings: Settings) -> list[str]:
    """The words of a person's name that identify them alone: titles, initials and possessives dropped."""
    titles = {t.lower().rstrip(".") for t in settings.section("people").get("titles", [])}
    words = re.sub(r"['’]s\b", "", name).split()
    return [w for w in words if w.lower().rstrip(".") not in titles and len(w.rstrip(".")) > 1]


@lru_cache(maxsize=4096)
def occurrence_pattern(value: str, case_sensitive: bool) -> re.Pattern:
    """A pattern for every occurrence of `value`: separators between characters of identifiers may vary
    (an NHS number split by spaces, dashes or a line break), words of names may be split by any space."""
    if any(ch.isdigit() for ch in value):
        chars = [re.escape(ch) for ch in value if ch.isalnum()]
        body = SEPARATORS.join(chars)
    else:
        body = r"\s+".join(re.escape(word) for word in value.split())
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w@]){body}(?![\w@])", flags)


@lru_cache(maxsize=4)
def english_words(model: str) -> frozenset[str]:
    """The English words the model's lemmatizer knows (its lemma index), to tell "youth" from "jayden"."""
    nlp = load_model(model)
    if not nlp.has_pipe("lemmatizer"):
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(word for words in lookups.get_table("lemma_index").values() for word in words)


# How a term is searched for: in any case; only as written; or in any case, but a lowercase match only
# where the parser reads it as a proper noun.
ANY_CASE, AS_WRITTEN, PROPER_WHEN_LOWERCASE = "any case", "as written", "proper when lowercase"


INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def english_word(value: str, settings: Settings) -> bool:
    """Whether a one-word value is in the model's lexicon, as written or as an inflection of a word in it
    ("concerns", "attended"); the lexicon holds base forms."""
    word = value.strip().lower()
    forms = {word} | {word[: -len(end)] + base for end, base in INFLECTIONS if word.endswith(end) and len(word) > len(end) + 2}
    return " " not in word and bool(forms & english_words(settings.model))


def ordinary_word(value: str, settings: Settings) -> bool:
    """Whether a one-word value is also an ordinary word ("Summer", "Attendance", "Concerns"): it is then a
    name only as written, and is proven gone in its own case."""
    names_that_are_words = {w.lower() for w in settings.section("people").get("names_that_are_words", [])}
    return value.strip().lower() in names_that_are_words or english_word(value, settings)


def search_terms(text: str, findings: list[Finding], context: Context, settings: Settings) -> dict[tuple[str, str], str]:
    """(entity type, text) to search for everywhere, mapped to how it is searched for.

    A first name that is also an ordinary word ("Hope", "Will") is searched for only as written. A name
    part that is an English word in the model's lexicon ("youth", but also "daniel", "o'neill", which it
    lists too) counts in lowercase only where the parser reads a proper noun ("mr o'neill", not "the
    youth club"). Other parts match in any case ("jayden").
    """
    skipped = set(settings.section("occurrences").get("skip_types", []))
    word_names = {w.lower() for w in settings.section("people").get("names_that_are_words", [])}
    terms: dict[tuple[str, str], str] = {}
    names = [f.text for f in findings if f.entity_type == "PERSON"] + list(context.subjects)
    if any(f.entity_type == "PERSON" for f in findings):
        names += [match.group(1) for match in ALIAS_PATTERN.finditer(text)]
    for name in names:
        terms[("PERSON", " ".join(name_parts(name, settings)) or name)] = ANY_CASE
        for part in name_parts(name, settings):
            terms[("PERSON", part)] = (
                AS_WRITTEN if part.lower() in word_names
                else PROPER_WHEN_LOWERCASE if english_word(part, settings)
                else ANY_CASE
            )
    for finding in findings:
        if finding.entity_type not in skipped and finding.entity_type != "PERSON":
            terms.setdefault((finding.entity_type, finding.text.strip()), ANY_CASE)
    return terms


# A run of letters: "Jayden's" holds the word "Jayden", and "Smith-Jones" the words "Smith" and "Jones",
# as a name's own pattern would find them.
WORD = re.compile(r"[^\W\d_]+")


# Where an occurrence can start: a letter or digit not inside a word or an email address, and the next
# letter or digit after any separators an identifier may hold or an apostrophe ("O'Neill"). Each place is
# then checked with the term's own pattern.
LEAD = re.compile(r"(?<![\w@])(?=([^\W_])[\s\-./'’]*([^\W_]))")


def leading_characters(value: str) -> str:
    """The first two letters or digits of a value, lowercased: its occurrences start with them."""
    return "".join(ch for ch in value if ch.isalnum())[:2].casefold()


def every_occurrence(text: str, doc: Doc, findings: list[Finding], context: Context, settings: Settings) -> list[Finding]:
    """Findings for each other occurrence of a detected name or identifier, and of each subject's name.

    One-word names are looked up word by word in one pass over the text (a long report has hundreds);
    longer names and identifiers are searched for with their own patterns."""
    terms = {key: how for key, how in search_terms(text, findings, context, settings).items() if len(key[1]) >= 2}
    one_word: dict[str, list[tuple[str, str, str]]] = {}
    for (entity_type, value), how in terms.items():
        if WORD.fullmatch(value):
            one_word.setdefault(value.casefold(), []).append((entity_type, value, how))
    matches = []
    for word in WORD.finditer(text):
        if "@" in text[max(0, word.start() - 1) : word.end() + 1]:
            continue
        for entity_type, value, how in one_word.get(word.group().casefold(), []):
            matches.append((entity_type, word.start(), word.end(), word.group(), how, value))
    by_lead: dict[str, list[tuple[str, str, str]]] = {}
    for (entity_type, value), how in terms.items():
        if not WORD.fullmatch(value) and len(lead := leading_characters(value)) == 2:
            by_lead.setdefault(lead, []).append((entity_type, value, how))
    for start in LEAD.finditer(text):
        for entity_type, value, how in by_lead.get(start.group(1).casefold() + start.group(2).casefold(), []):
            if match := occurrence_pattern(value, how == AS_WRITTEN).match(text, start.start()):
                matches.append((entity_type, match.start(), match.end(), match.group(), how, value))
    extra = []
    for entity_type, start, end, found, how, value in matches:
        if how == AS_WRITTEN and found != value:
            continue
        if how == PROPER_WHEN_LOWERCASE and found.islower():
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not any(token.pos_ == "PROPN" for token in span):
                continue
        extra.append(
            Finding(kind="personal", entity_type=entity_type, start=start, end=end, text=found, score=0.8, recognizer="occurrence")
        )
    return extra


def from_ner(finding: Finding) -> bool:
    """Whether a finding rests only on the statistical NER's label (not a pattern, checksum or name)."""
    return finding.recognizer == "SpacyRecognizer" or (finding.recognizer == "occurrence" and finding.entity_type in NER_ONLY)


NER_ONLY = {"LOCATION", "ORGANIZATION", "DATE_TIME", "NRP"}
# What makes a time a date that can single out an event: a month, a year, or a written date. Without one the
# NER's DATE is a duration or a relative time ("28 weeks", "last year", "on Mondays", "Year 9").
DATE_MARK = re.compile(rf"(?<![a-z]){MONTH_NAME}(?![a-z])|(?<!\d){YEAR}(?!\d)|\d[./-]\d", re.IGNORECASE)


def plausible_name(finding: Finding, not_names: set[str]) -> bool:
    """Whether a name, place or organisation the NER found can be one: no digits, a capital letter, not
    a role, family, job or stock word ("Child", "Mum", "Designated Safeguarding Lead", "GP") or a title
    alone."""
    text = finding.text.strip()
    return (
        not any(ch.isdigit() for ch in text)
        and any(word[:1].isupper() for word in text.split())
        and text.lower().rstrip(".") not in not_names
    )


def without_ner_misreadings(findings: list[Finding], settings: Settings) -> list[Finding]:
    """Drop what the statistical NER misread: a place, organisation or date label where a name or an
    identifier found by a stronger recognizer covers the same characters (the small model reads
    "Jayden" as a place and a phone number as a date), a "date" that is a duration or a relative time, an
    organisation named by ordinary words that name no institution ("the Court", "Initial Child Protection
    Conference"), a "name" inside an address or identifier, and a "name" that cannot be one ("09/03/2026",
    "Child")."""
    people = settings.section("people")
    not_names = {w.lower() for key in ("not_names", "family_words", "titles") for w in people.get(key, [])}
    not_entities = not_names | {
        w.lower() for w in [*settings.section("recognizers").get("ner_stock_words", []), *people.get("professional_words", [])]
    }
    stronger = SpanIndex(f for f in findings if f.entity_type == "PERSON" or not from_ner(f))
    patterns = [f for f in findings if not from_ner(f) and f.entity_type != "PERSON"]
    pattern_spans = SpanIndex(patterns)
    places = {word.lower() for f in patterns if f.entity_type == "ADDRESS" for word in re.findall(r"[A-Za-z]+", f.text)}

    identifiers = SpanIndex(f for f in patterns if f.entity_type != "DATE_TIME")
    suffixes = institution_suffixes(settings)
    address = recognizer_args(settings, "AddressRecognizer")
    place_words = {w.lower() for key in ("street_types", "building_types") for w in address.get(key) or []}

    def names_an_institution_or_place(name: str) -> bool:
        """A school, surgery or team ("Willow Park Primary School"), or a street or building ("Weaver Court")."""
        words = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).split()
        named_place = len(words) > 1 and words[-1].lower() in place_words  # "Weaver Court", not "the Court"
        return institution_name(" ".join(words), suffixes) is not None or named_place

    def ordinary_words_only(name: str) -> bool:
        words = [w for w in re.findall(r"[A-Za-z]+", re.sub(r"['’]s\b", "", name)) if w.lower() != "the"]
        return all(english_word(word, settings) for word in words)

    def misread(f: Finding) -> bool:
        if f.recognizer == "InstitutionRecognizer":
            # "Family Support Team", "Early Help Team": a kind of service, not a named place
            return ordinary_words_only(institution_name(f.text, suffixes) or "")
        if f.entity_type == "DATE_TIME" and not from_ner(f):
            return identifiers.overlaps(f.start, f.end)  # a date of birth, or a date inside a reference
        if f.entity_type == "DATE_TIME" and from_ner(f) and not DATE_MARK.search(f.text):
            return True
        if f.entity_type in NER_ONLY and from_ner(f):
            overlapped = stronger.overlaps(f.start, f.end)
            # "the Court", "Initial Child Protection Conference": ordinary words that name no school, surgery or
            # team identify no one ("Willow Park Primary School" does)
            generic = (f.entity_type == "ORGANIZATION" and ordinary_words_only(f.text)
                       and not names_an_institution_or_place(f.text))
            # Another occurrence of a detected name of several words is that name in any case: the copy must not
            # remove "Oakfield Primary School" and keep "oakfield primary school".
            phrase_again = f.recognizer == "occurrence" and " " in f.text.strip()
            return overlapped or generic or (
                f.entity_type != "DATE_TIME" and not phrase_again and not plausible_name(f, not_entities)
            )
        if f.entity_type == "PERSON" and f.recognizer == "SpacyRecognizer":
            inside = pattern_spans.covers(f.start, f.end)
            a_place = " " not in f.text.strip() and f.text.strip().lower() in places
            return inside or a_place or not plausible_name(f, not_entities)
        return False

    return [f for f in findings if not misread(f)]


def recognizer_args(settings: Settings, class_name: str) -> dict:
    """The args of the config/recognizers.yaml entry whose class is `class_name` (empty when absent)."""
    for entry in settings.section("recognizers").get("recognizers") or []:
        if str(entry.get("class", "")).rpartition(".")[2] == class_name:
            return entry.get("args") or {}
    return {}


def institution_suffixes(settings: Settings) -> tuple[str, ...]:
    """The name endings the InstitutionRecognizer looks for."""
    return tuple(recognizer_args(settings, "InstitutionRecognizer").get("suffixes") or ())


def without_duplicates(findings: list[Finding]) -> list[Finding]:
    """One finding per span and type: a span inside another of the same type is dropped, and of identical
    spans the one a recognizer found beats its copy found as an occurrence. Spans of different types all
    stay, so that a postcode inside a misread "organisation" is still decided as a postcode; redaction
    merges overlapping spans."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end, f.recognizer == "occurrence", -f.score))
    furthest: dict[str, int] = {}  # per type, the furthest end of the spans kept so far (all start earlier)
    kept = []
    for finding in ordered:
        if finding.end <= furthest.get(finding.entity_type, -1):
            continue
        furthest[finding.entity_type] = finding.end
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, -f.end))


def with_full_names(text: str, findings: list[Finding]) -> list[Finding]:
    """Adjacent name findings ("Maryam" then "Iqbal", found apart) joined into one full name."""
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.entity_type == finding.entity_type == "PERSON"
            and finding.start > previous.end
            and text[previous.end : finding.start] == " "
        ):
            merged[-1] = Finding(
                kind="personal", entity_type="PERSON", start=previous.start, end=finding.end,
                text=text[previous.start : finding.end], score=max(previous.score, finding.score),
                recognizer=previous.recognizer,
            )
        else:
            merged.append(finding)
    return merged


# The pieces of an address found on their own: inside an ADDRESS finding they are that one finding.
ADDRESS_PARTS = {"UK_POSTCODE", "LOCATION", "ORGANIZATION"}


def addresses_whole(findings: list[Finding]) -> list[Finding]:
    """An address is one finding: drop its postcode, town or building found on their own inside it."""
    addresses = SpanIndex(f for f in findings if f.entity_type == "ADDRESS")
    return [f for f in findings if not (f.entity_type in ADDRESS_PARTS and addresses.covers(f.start, f.end))]


def find_personal_data(text: str, artifacts: NlpArtifacts, context: Context, settings: Settings) -> list[Finding]:
    """Every occurrence of every name and identifier in `text`, found on the shared parse."""
    found = without_ner_misreadings(presidio_findings(text, artifacts, settings), settings)
    found = without_duplicates(without_ner_misreadings(found + every_occurrence(text, artifacts.tokens, found, context, settings), settings))
    return with_full_names(text, addresses_whole(found))


def without_misread_names(findings: list[Finding], sensitive: list[Finding]) -> list[Finding]:
    """Drop names, places and organisations the NER read into special-category terms ("anorexia nervosa"
    and "Concerta XL" as people, "CAMHS" as an organisation): the sensitive finding says what they are."""
    terms = SpanIndex(sensitive)
    return [
        f
        for f in findings
        if not (
            f.entity_type in NER_ONLY | {"PERSON"}
            and from_ner(f) | (f.recognizer == "occurrence")
            and terms.covers(f.start, f.end)
        )
    ]
