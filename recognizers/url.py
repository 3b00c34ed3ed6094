"""Web addresses, matched as whole words."""

from __future__ import annotations

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import UrlRecognizer


class WholeUrlRecognizer(UrlRecognizer):
    """Presidio's UrlRecognizer (regex only, no network), with its patterns held to word boundaries.

    Unbounded, they find "sarah.jo" (.jo is Jordan) at the start of "sarah.jones@northshire.gov.uk", and the
    domain of every email address, as URLs of their own. A full stop or comma after the address is not
    part of it.
    """

    PATTERNS = [
        Pattern(pattern.name, rf"(?<![\w@.\-]){pattern.regex}(?<![.,;:!?])(?![\w@\-])", pattern.score)
        for pattern in UrlRecognizer.PATTERNS
    ]
