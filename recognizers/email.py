"""Email addresses, checked against the public suffix list shipped with tldextract, never the network."""

from __future__ import annotations

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from recognizers.base import AnchoredPatterns


class OfflineEmailRecognizer(AnchoredPatterns, EmailRecognizer):
    """Presidio's EmailRecognizer, validating the domain with tldextract's bundled suffix snapshot.

    Presidio's own validation calls tldextract.extract(), which first tries to download the public
    suffix list; nothing may be fetched at run time. Its pattern runs only on the lines holding an "@".
    """

    anchor = "@"
    margins = (0, 0)  # an address lies on the line of its "@"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extract = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=())

    def validate_result(self, pattern_text: str) -> bool:
        """Whether the address ends in a known public suffix."""
        return self.extract(pattern_text).fqdn != ""
