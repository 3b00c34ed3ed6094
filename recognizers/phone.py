"""UK phone numbers, in every way people write them, including Ofcom's ranges for drama."""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

# A line break inside a number ("0113 496\n0123"): phonenumbers stops a candidate at a line break.
LINE_BREAK_IN_NUMBER = re.compile(r"(?<=[\d)])[ \t]*\r?\n[ \t]*(?=[\d(])")


class UkPhoneRecognizer(PhoneRecognizer):
    """Presidio's PhoneRecognizer for GB numbers, also finding possible but unallocated ones.

    phonenumbers does not count Ofcom's drama numbers (07700 900xxx, 01632 960xxx) as valid, and a number
    can be new or mistyped; so every possible number is matched, and kept when it is written the way UK
    numbers are: starting 0, (0 or +, and valid or of full length (ten digits after the 0 or +44). That
    leaves out NHS numbers, dates ("03-07-2012") and other digit groups. Numbers split across a line
    break are found too.
    """

    CONTEXT = ["phone", "tel", "mobile", "call", "contact", "landline", "number", "text"]

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "PHONE_NUMBER",
        name: str | None = None,
    ):
        super().__init__(
            context=context or self.CONTEXT,
            supported_language=supported_language,
            supported_entity=supported_entity,
            supported_regions=("GB",),
            leniency=phonenumbers.Leniency.POSSIBLE,
            name=name,
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Phone numbers in `text`, and in `text` with line breaks inside numbers read as spaces."""
        joined = LINE_BREAK_IN_NUMBER.sub(lambda match: " " * len(match.group()), text)
        results = super().analyze(text, entities, nlp_artifacts)
        if joined != text:
            results += super().analyze(joined, entities, nlp_artifacts)
        kept = [result for result in results if written_as_uk_number(joined[result.start : result.end])]
        return EntityRecognizer.remove_duplicates(kept)


def written_as_uk_number(candidate: str) -> bool:
    """Starts 0, (0 or +, and is a valid number or has a full ten-digit national number."""
    if not candidate.lstrip("(").startswith(("0", "+")):
        return False
    number = phonenumbers.parse(candidate, "GB")
    return phonenumbers.is_valid_number(number) or len(str(number.national_number)) >= 10
