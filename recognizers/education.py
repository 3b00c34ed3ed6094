"""Pupil and learner numbers: the Unique Pupil Number (England) and the Unique Learner Number (UK)."""

from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum.gb import upn

from recognizers.base import SEPARATOR, TEN_DIGITS, CheckedPatternRecognizer

# Letters a UPN may use as its check letter or as the last character of a temporary UPN (no I, O, S).
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def is_upn(value: str) -> bool:
    """A valid UPN: check letter, 11 digits, then a digit or (temporary UPN) a letter; DfE mod 23 check.

    python-stdnum's upn.validate also requires the LA number to be in its list of 2011, which would miss
    pupils of authorities created since (Dorset and BCP 838-839, Northamptonshire 940-941, Cumbria 942-943), so only
    its check letter calculation is used.
    """
    if len(value) != 13 or not value[1:12].isdigit() or not (value[12].isdigit() or value[12] in UPN_LETTERS):
        return False
    return upn.calc_check_digit(value[1:]) == value[0]


def is_uln(value: str) -> bool:
    """A valid ULN: ten digits, not starting with 0, whose sum weighted 10..1 leaves remainder 10 mod 11."""
    if len(value) != 10 or not value.isdigit() or value[0] == "0":
        return False
    return sum(weight * int(digit) for weight, digit in zip(range(10, 0, -1), value)) % 11 == 10


class UpnRecognizer(CheckedPatternRecognizer):
    """Unique Pupil Numbers, permanent ("A801200005001") and temporary (last character a letter)."""

    ENTITY = "UK_UPN"
    PATTERNS = [Pattern("UPN", rf"\b[A-Z](?:{SEPARATOR}\d){{11}}{SEPARATOR}[A-Z0-9]\b", 0.5)]
    CONTEXT = ["upn", "pupil", "school"]
    is_valid = staticmethod(is_upn)


class UlnRecognizer(CheckedPatternRecognizer):
    """Unique Learner Numbers, issued by the Learning Records Service from age 14."""

    ENTITY = "UK_ULN"
    PATTERNS = [Pattern("ULN", TEN_DIGITS, 0.5)]
    CONTEXT = ["uln", "learner", "student", "college"]
    is_valid = staticmethod(is_uln)
