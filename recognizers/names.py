"""People the small spaCy model misses: names after a title, and names standing where a name stands."""

from __future__ import annotations

import bisect
import re

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

from recognizers.base import alternatives

# One word of a name: "Smith", "O'Neill", "McDonald", "Smith-Jones", "Ellie-Mae", "D'Souza".
NAME_WORD = r"(?:[A-Z]['’])?(?:Mc|Mac)?[A-Z][a-z]+(?:-(?:[A-Z]['’])?[A-Z][a-z]+)*"
NAMES = rf"{NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,2}}"
# Initials, with or without full stops: "J.", "A. K.", "A.K.", "J" (not the first letter of a word).
INITIALS = r"[A-Z]\.(?:[ \t]*[A-Z]\.)*|[A-Z](?![\w'’.])"
PARTICLE = r"(?:van|von|der|den|de|da|di|du|le|la|al|el|bin|ibn)"


class TitledNameRecognizer(PatternRecognizer):
    """PERSON for a title and the initials or names after it: "Mr J. Smith", "Mrs O'Neill", "PC Amrit Gill",
    "Dr A. K. Mensah", "Mr J.". The span includes the title. Case-sensitive, so "mr" inside a word never fires."""

    def __init__(self, titles: list[str], supported_language: str = "en", name: str | None = None):
        part = rf"(?:{PARTICLE}[ \t]+)?(?:{INITIALS}|{NAME_WORD})"
        regex = rf"(?<![\w'’.-]){alternatives(titles)}\.?(?:[ \t]+{part}){{1,4}}"
        super().__init__(
            supported_entity="PERSON",
            patterns=[Pattern("title and name", regex, 0.85)],
            supported_language=supported_language,
            name=name,
            global_regex_flags=re.MULTILINE,
        )


SCORE = 0.6
VERB_TAGS = {"VERB", "AUX"}
DETERMINERS = {"the", "a", "an", "this", "that", "every", "our", "your"}
SENTENCE_OPENERS = tuple(".!?:;\"“‘'(*-•#>|")


class ContextNameRecognizer(LocalRecognizer):
    """PERSON for a name the small model misses, found by where it stands in the sentence.

    - after a naming cue: "known as 'Tee'", "she knows as "Dex"", "a boy called Tyrone" (`noun_cues` only
      after a noun, so "Mum called Children's Services" does not fire);
    - next to a family or role word: "her friend Precious Ade", "his cousin Tyrone", "Callum's mother",
      "Daddy Seun" (a capitalised family word used as a title is part of the name);
    - before an age: "Hope (aged 7)", "Tyrone, 14,";
    - between commas after a noun and before a verb: "another pupil, Summer, was";
    - a first name that is also a word (`word_names`), capitalised mid-sentence before a verb ("and Hope
      said"), or possessive anywhere ("Grace's"); never sentence-initial ("Will you", "Grace period").
    """

    def __init__(
        self,
        word_names: list[str],
        family_words: list[str],
        name_cues: list[str],
        noun_cues: list[str],
        supported_language: str = "en",
        name: str | None = None,
    ):
        self.family_words = {w.lower() for w in family_words}
        family = alternatives(family_words)
        age = r"[ \t]*(?:\((?:aged?[ \t]*)?\d{1,2}(?:[ \t]*(?:years?|yrs?|months?))?\)|,[ \t]*\d{1,2},)"
        nickname = r"[\"“'‘](?P<quoted>[A-Z][^\"”'’\n]{0,29}?)[\"”'’]"
        self.rules = {
            "naming cue": re.compile(rf"\b(?i:{alternatives(name_cues)})[ \t]+(?:{nickname}|(?P<name>{NAMES}))"),
            "naming cue after a noun": re.compile(rf"\b(?i:{alternatives(noun_cues)})[ \t]+(?P<name>{NAMES})"),
            "family or role word": re.compile(rf"\b(?P<family>(?i:{family})),?[ \t]+(?P<name>{NAMES})"),
            "possessive before a family word": re.compile(rf"\b(?P<name>{NAMES})['’]s[ \t]+(?i:{family})"),
            "before an age": re.compile(rf"\b(?P<name>{NAMES})(?={age})"),
            "between commas": re.compile(rf",[ \t]*(?P<name>{NAMES}),"),
            "word name": re.compile(
                rf"\b(?P<name>{alternatives(word_names)}(?:[ \t]+{NAME_WORD}){{0,2}})(?P<possessive>['’]s\b)?"
            ),
        }
        super().__init__(supported_entities=["PERSON"], supported_language=supported_language, name=name)

    def load(self) -> None:
        """Nothing to load: the rules are built in the constructor."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Names found by the rules, each checked against the shared spaCy parse."""
        doc = nlp_artifacts.tokens if nlp_artifacts else None
        if doc is None:
            return []
        starts = [token.idx for token in doc]
        results = []
        for rule, pattern in self.rules.items():
            for match in pattern.finditer(text):
                group = "quoted" if match.groupdict().get("quoted") else "name"
                start, end = match.span(group)
                if rule == "family or role word" and match.group("family")[0].isupper():
                    if not used_as_title(text, match.start()):
                        continue
                    start = match.start()
                if self.stands_as_name(rule, match, text, doc, starts):
                    results.append(self.result(rule, start, end))
        return results

    def stands_as_name(self, rule: str, match: re.Match, text: str, doc: Doc, starts: list[int]) -> bool:
        """Whether the name a rule matched passes that rule's check on the text and the parse."""
        name = match.groupdict().get("name")
        if name and name.lower() in self.family_words:
            return False
        before, after = token_before(doc, starts, match.start()), token_after(doc, starts, match.end())
        if rule == "naming cue after a noun":
            return before is not None and before.pos_ == "NOUN"
        if rule == "between commas":
            return (
                before is not None and before.pos_ == "NOUN"
                and after is not None and after.pos_ in VERB_TAGS | {"ADV"}
            )
        if rule == "word name":
            if match.group("possessive"):
                return True
            line = line_before(text, match.start())
            return (
                bool(line) and not line.endswith(SENTENCE_OPENERS)
                and line.split()[-1].lower() not in DETERMINERS
                and not line.split()[-1][0].isupper()
                and after is not None and after.pos_ in VERB_TAGS
            )
        return True

    def result(self, rule: str, start: int, end: int) -> RecognizerResult:
        """A PERSON result for [start, end), explained by the rule that found it."""
        explanation = AnalysisExplanation(
            recognizer=self.name, original_score=SCORE, textual_explanation=f"Detected by `{self.name}`: {rule}"
        )
        return RecognizerResult(
            entity_type="PERSON",
            start=start,
            end=end,
            score=SCORE,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


def line_before(text: str, position: int) -> str:
    """The text of the line before `position`, without trailing spaces ("" at the start of a line)."""
    return text[:position].rsplit("\n", 1)[-1].rstrip()


def used_as_title(text: str, position: int) -> bool:
    """Whether a capitalised family word at `position` is used as a title ("wants "Daddy Seun to stop""): not
    a heading at the start of a line, nor part of a longer proper name ("Northshire Parent Carer Forum")."""
    line = line_before(text, position)
    return bool(line) and not line.split()[-1][0].isupper()


def token_before(doc: Doc, starts: list[int], position: int) -> Token | None:
    """The last word token ending at or before `position`."""
    index = bisect.bisect_left(starts, position) - 1
    while index >= 0 and doc[index].is_space:
        index -= 1
    return doc[index] if index >= 0 else None


def token_after(doc: Doc, starts: list[int], position: int) -> Token | None:
    """The first word token starting at or after `position`."""
    index = bisect.bisect_left(starts, position)
    while index < len(doc) and doc[index].is_space:
        index += 1
    return doc[index] if index < len(doc) else None
