"""Ages as letters write them: "aged 7", "age 14", "a 14-year-old", "9 months old", "7 yrs"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from recognizers.base import FixedPatternRecognizer

NUMBER = r"\d{1,3}(?!\d)"


class AgeRecognizer(FixedPatternRecognizer):
    """AGE for a person's age. "7 yrs" scores lower: it can also be a length of time."""

    ENTITY = "AGE"
    PATTERNS = [
        Pattern("aged N", rf"\baged?\s*:?\s*{NUMBER}(?:\s*(?:years?|yrs?)(?:\s*old)?)?", 0.7),
        Pattern("N years old", rf"\b{NUMBER}[\s-]*(?:years?|yrs?|months?|weeks?)[\s-]*old\b", 0.7),
        Pattern("N yrs", rf"\b{NUMBER}\s*(?:yrs?|y/o)(?!\w)", 0.4),
    ]
    CONTEXT = ["age", "old", "year"]
