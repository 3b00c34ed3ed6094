"""Small bases for our pattern recognizers: patterns fixed in the class, checked by a validity test, or read
from config/recognizers.yaml."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

# Between the characters of an identifier: spaces, or one dash or line break, as people type and wrap them.
SEPARATOR = r"[ \t]*(?:\r?\n|[-‐–])?[ \t]*"

# Ten digits in any grouping ("943 476 5919", "9434765919", "010190 1234", "943 476\n5919"), but not the
# national part of a phone number written with its country code ("+44 7700 900123", "+44 (0)20 7946 0123").
TEN_DIGITS = rf"(?<!\+\d{{1,3}}[ \t]*(?:\(0\))?[ \t]*)\b\d(?:{SEPARATOR}\d){{9}}\b"


def alternatives(words: list[str] | tuple[str, ...]) -> str:
    """A regex matching any of `words` (or phrases, spaced any way) up to a word end, longest first, so that
    "Primary School" wins over "School"."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return "(?:" + "|".join(escaped) + r")\b"


def compact(text: str) -> str:
    """`text` without separators, upper-cased: the form checksums are computed on."""
    return re.sub(r"[\s\-‐–]", "", text).upper()


class FixedPatternRecognizer(PatternRecognizer):
    """A PatternRecognizer whose entity type, patterns and default context words are class attributes."""

    ENTITY: str
    PATTERNS: list[Pattern]
    CONTEXT: list[str]

    def __init__(self, supported_language: str = "en", context: list[str] | None = None, name: str | None = None):
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=self.PATTERNS,
            context=context or self.CONTEXT,
            supported_language=supported_language,
            name=name,
        )


class CheckedPatternRecognizer(FixedPatternRecognizer):
    """A recognizer for one identifier: matches count only when `is_valid` accepts them.

    Presidio then scores a valid match 1.0 and drops an invalid one, whatever the context.
    """

    def validate_result(self, pattern_text: str) -> bool:
        """Whether the match, without its separators, passes the identifier's check."""
        return self.is_valid(compact(pattern_text))

    @staticmethod
    def is_valid(value: str) -> bool:
        """The identifier's own check on the compacted value."""
        raise NotImplementedError


class ConfigurablePatternRecognizer(PatternRecognizer):
    """A PatternRecognizer whose patterns ({name, regex, score}) and context words come from the config."""

    def __init__(
        self,
        patterns: list[dict],
        context: list[str] | None = None,
        supported_entity: str = "REFERENCE_NUMBER",
        supported_language: str = "en",
        name: str | None = None,
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=[Pattern.from_dict(pattern) for pattern in patterns],
            context=context,
            supported_language=supported_language,
            name=name,
        )


class AnchoredPatterns:
    """For a PatternRecognizer whose patterns have no literal start (an address, a date after a cue),
    which the regex engine would otherwise try at every character of a letter: run the patterns only
    on the whole lines within `margins` (characters before, after) of a match of a cheap `anchor`
    regex. Every match lies near an anchor, so the results are those of a whole-text run.
    """

    anchor: str
    margins: tuple[int, int]

    def windows(self, text: str) -> list[tuple[int, int]]:
        """The merged stretches of whole lines around anchor matches."""
        merged: list[tuple[int, int]] = []
        before, after = self.margins
        for match in re.finditer(self.anchor, text, self.global_regex_flags):
            start = text.rfind("\n", 0, max(0, match.start() - before)) + 1
            end = text.find("\n", min(len(text), match.end() + after))
            end = len(text) if end == -1 else end
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = []
        for start, end in self.windows(text):
            for result in super().analyze(text[start:end], entities, nlp_artifacts, regex_flags):
                result.start, result.end = result.start + start, result.end + start
                results.append(result)
        return results
