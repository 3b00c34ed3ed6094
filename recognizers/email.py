"""Email addresses, checked against the public suffix list shipped with tldextract, never the network."""

from __future__ import annotations

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's EmailRecognizer, validating the domain with tldextract's bundled suffix snapshot.

    Presidio's own validation calls tldextract.extract(), which first tries to download the public
    suffix list; nothing may be fetched at run time.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extract = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=())

    def validate_result(self, pattern_text: str) -> bool:
        """Whether the address ends in a known public suffix."""
        return self.extract(pattern_text).fqdn != ""
