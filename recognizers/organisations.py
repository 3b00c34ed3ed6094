"""Named institutions that locate a family: a school, nursery, surgery, ward or team, found by the word that
ends the name ("Greenacre Surgery", "St Mary's Catholic Primary School", "Millbridge Family Safeguarding
Team"). The small model's NER misses many of them; their names follow this one pattern."""

from __future__ import annotations

import re
from functools import lru_cache

from presidio_analyzer import Pattern, PatternRecognizer

from recognizers.base import alternatives

# Capitalised words that start a sentence or a phrase rather than a name ("At Oakfield Primary School").
NOT_NAME_STARTS = ("The", "At", "In", "On", "To", "From", "By", "For", "With", "And", "Or", "Our", "Their", "His",
                   "Her", "My", "Your", "Dear", "A", "An", "Re", "Of", "Attends", "Attended", "Visit", "Contact")
NAME_WORD = r"(?:St\.?|[A-Z][A-Za-z'’]+(?:-[A-Za-z'’]+)*|\d+-\d+)"


@lru_cache(maxsize=8)
def institution_pattern(suffixes: tuple[str, ...]) -> str:
    """The regex of a name of one to five capitalised words (joined by "of", "and"... where needed), then one of
    the suffixes; the name is group "name"."""
    first = rf"(?!{alternatives(NOT_NAME_STARTS)}){NAME_WORD}"
    linked = rf"(?:[ \t]+(?:of|and|&|the|upon|on))?[ \t]+{NAME_WORD}"  # "St Aidan's Church of England"
    return rf"\b(?P<name>{first}(?:{linked}){{0,4}})[ \t]+(?P<suffix>{alternatives(suffixes)})(?![\w'’-])"


def institution_name(text: str, suffixes: tuple[str, ...]) -> str | None:
    """The name part of an institution found by the recognizer ("Greenacre" of "Greenacre Surgery")."""
    match = re.fullmatch(institution_pattern(suffixes), text)
    return match.group("name") if match else None


class InstitutionRecognizer(PatternRecognizer):
    """ORGANIZATION for a capitalised name ending in one of `suffixes` (config/recognizers.yaml), case-sensitive."""

    def __init__(self, suffixes: list[str], score: float = 0.6, supported_language: str = "en", name: str | None = None):
        self.suffixes = tuple(suffixes)
        super().__init__(
            supported_entity="ORGANIZATION",
            patterns=[Pattern("named institution", institution_pattern(self.suffixes), score)],
            supported_language=supported_language,
            global_regex_flags=re.MULTILINE,
            name=name,
        )
