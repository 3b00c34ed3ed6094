"""Presidio's UK recognizers, tuned for letters: National Insurance numbers, passports and postcodes."""

from __future__ import annotations

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import UkNinoRecognizer, UkPassportRecognizer, UkPostcodeRecognizer

from recognizers.base import SEPARATOR

# Words that mark an address line. Presidio compares each as a substring of one word before the match,
# so multi-word phrases ("post code") never match and are left out.
ADDRESS_WORDS = [
    "address", "postcode", "live", "resid", "road", "street", "avenue", "lane", "close", "drive", "crescent",
    "grove", "gardens", "terrace", "place", "square", "mews", "court", "flat", "house", "estate", "cottage",
]


class NinoRecognizer(UkNinoRecognizer):
    """Presidio's NINO pattern (its prefix and suffix rules kept), with the digit pairs split by spaces,
    dashes or a line break, as in "AB 12 34 56 C"."""

    PATTERNS = [
        Pattern(pattern.name, pattern.regex.replace(" ?", SEPARATOR), pattern.score)
        for pattern in UkNinoRecognizer.PATTERNS
    ]
    CONTEXT = ["nino", "insurance", "ni"]


class PassportRecognizer(UkPassportRecognizer):
    """Presidio's UK passport recognizer, adding the nine-digit numbers of British passports, and single
    context words (Presidio's "travel document" is two words and never matches). Needs "passport" nearby."""

    PATTERNS = [*UkPassportRecognizer.PATTERNS, Pattern("UK passport (9 digits)", r"\b\d{9}\b", 0.1)]
    CONTEXT = ["passport", "hmpo", "travel"]


class PostcodeRecognizer(UkPostcodeRecognizer):
    """Presidio's postcode pattern, trusted in capitals; in lower case only on an address line.

    A capitalised postcode-shaped string is almost always a postcode (0.4); a lower-case one (0.1) needs an
    address word among the five words before it, which raises it by Presidio's context boost.
    """

    PATTERNS = [
        Pattern("UK postcode (capitals)", f"(?-i:{UkPostcodeRecognizer.PATTERNS[0].regex})", 0.4),
        Pattern("UK postcode (any case)", UkPostcodeRecognizer.PATTERNS[0].regex, 0.1),
    ]
    CONTEXT = ADDRESS_WORDS
