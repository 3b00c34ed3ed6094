"""Patient numbers of the UK health services: NHS (England, Wales), CHI (Scotland), H&C (Northern Ireland).

All three are ten digits with the same mod 11 check digit (python-stdnum's gb.nhs). They are told apart by
range: CHI numbers start with the holder's date of birth (DDMMYY), H&C numbers start 320-399, and NHS
numbers are allocated outside both.
"""

from __future__ import annotations

from datetime import date

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import NhsRecognizer
from stdnum.gb import nhs

from recognizers.base import TEN_DIGITS, CheckedPatternRecognizer, compact


def starts_with_date(digits: str) -> bool:
    """Whether the first six digits are a real DDMMYY date, in either century."""
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
            return True
        except ValueError:
            continue
    return False


def is_chi(digits: str) -> bool:
    """A valid Scottish CHI number: DDMMYY then four digits, the last a mod 11 check digit."""
    return nhs.is_valid(digits) and starts_with_date(digits)


def is_health_and_care(digits: str) -> bool:
    """A valid Northern Ireland Health and Care number: 320-399 then seven digits, mod 11."""
    return nhs.is_valid(digits) and 320 <= int(digits[:3]) <= 399


class NhsNumberRecognizer(NhsRecognizer):
    """Presidio's NHS number recognizer, also finding numbers grouped or wrapped across lines.

    A number in the CHI or H&C range is left to that recognizer, so each number is found once.
    """

    PATTERNS = [Pattern("NHS number", TEN_DIGITS, 0.5)]
    CONTEXT = ["nhs", "health", "patient", "gp", "hospital"]

    def validate_result(self, pattern_text: str) -> bool:
        """Presidio's mod 11 check, outside the CHI and H&C ranges."""
        digits = compact(pattern_text)
        return bool(super().validate_result(digits)) and not is_chi(digits) and not is_health_and_care(digits)


class ChiNumberRecognizer(CheckedPatternRecognizer):
    """Scottish Community Health Index (CHI) numbers."""

    ENTITY = "UK_CHI"
    PATTERNS = [Pattern("CHI number", TEN_DIGITS, 0.5)]
    CONTEXT = ["chi", "health", "patient", "gp", "hospital"]
    is_valid = staticmethod(is_chi)


class HealthAndCareNumberRecognizer(CheckedPatternRecognizer):
    """Northern Ireland Health and Care (H&C) numbers."""

    ENTITY = "UK_HEALTH_AND_CARE"
    PATTERNS = [Pattern("H&C number", TEN_DIGITS, 0.5)]
    CONTEXT = ["h&c", "hcn", "health", "care", "patient", "gp"]
    is_valid = staticmethod(is_health_and_care)
