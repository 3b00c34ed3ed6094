"""UK postal addresses: a street line, or an address of up to six lines or parts that ends in a postcode.

Each address is one finding, from its first line (flat, house number or house name) to its postcode.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import UkPostcodeRecognizer

from recognizers.base import AnchoredPatterns, alternatives

# A capitalised word of a place name: "Elm", "Tanner's", "O'Connell", "Ashby-de-la-Zouch", "St".
WORD = r"(?:St\.?|(?:[A-Z]['’])?[A-Z][a-z]+(?:['’][a-z]+)?(?:-[A-Z]?[a-z]+)*)"
# A locality, town or county: up to four words, with the small words of "Newcastle upon Tyne".
PLACE = rf"{WORD}(?:[ \t]+(?:(?:upon|on|under|in|by|of|the|le)[ \t]+)?{WORD}){{0,3}}"
NUMBER = r"(?<![\w/.,£$-])\d{1,4}[A-Za-z]?(?:[-–]\d{1,4}[A-Za-z]?)?"
UNIT = (
    r"(?<![\w-])(?:Flat|Apartment|Apt\.?|Unit|Suite|Studio|Maisonette|P\.?O\.?[ \t]+Box)"
    r"[ \t]+(?:\d{1,5}[A-Za-z]?|[A-Z])\b"
)
# Between the parts of an address: a comma, a line break, both, or (before a postcode) a space.
SEP = r"(?:[ \t]*,[ \t]*(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*)"
POSTCODE = f"(?:{SEP}|[ \t]+){UkPostcodeRecognizer.PATTERNS[0].regex}"
# Without a postcode, only places on the same line, each ending where the address line ends.
TRAILING_PLACES = rf"(?:,[ \t]*{PLACE}(?=[ \t]*(?:[,;.)]|$))){{0,2}}"

CONTEXT = ["address", "live", "resid", "move", "stay", "home"]


class AddressRecognizer(AnchoredPatterns, PatternRecognizer):
    """ADDRESS for a UK address, scored by how sure its shape is.

    0.85: it ends in a postcode ("Flat 4, Kingfisher House / Canal Street / Millbridge / MB3 1LZ"), or it has a
    house number and a street ("14 Elm Road, Millbridge"). 0.5: a house name and a street without a number
    ("Rose Cottage, Mill Lane"). A street name alone ("Church Lane") scores 0.1, below the threshold, unless a
    word such as "lives" or "address" stands before it. Case-sensitive: "the park" is not a street.
    """

    def __init__(
        self,
        street_types: list[str],
        building_types: list[str],
        context: list[str] | None = None,
        supported_language: str = "en",
        name: str | None = None,
    ):
        street = rf"(?:{WORD}[ \t]+){{1,3}}{alternatives(street_types)}"
        building = rf"(?:{WORD}[ \t]+){{0,3}}{alternatives(building_types)}"
        unit = rf"(?:{UNIT}{SEP})?"
        numbered_building = rf"(?:{NUMBER}[ \t]+)?{building}"
        street_line = rf"{unit}(?:{numbered_building}{SEP})?(?:{NUMBER}[ \t]+)?{street}"
        first_line = rf"(?:{street_line}|{unit}{numbered_building}|{UNIT})"
        patterns = [
            Pattern("address ending in a postcode", rf"{first_line}(?:{SEP}{PLACE}){{0,4}}{POSTCODE}", 0.85),
            Pattern(
                "house number and street",
                rf"{unit}(?:{numbered_building}{SEP})?{NUMBER}[ \t]+{street}{TRAILING_PLACES}",
                0.85,
            ),
            Pattern("house name and street", rf"{unit}{building}{SEP}{street}{TRAILING_PLACES}", 0.5),
            Pattern("street name", rf"(?<![\w'’]){street}(?![ \t]+[A-Z])", 0.1),
        ]
        # Every address holds a street or building word, a flat or unit, or a postcode; an address runs to
        # at most six lines around it.
        self.anchor = rf"{alternatives(street_types + building_types)}|{UNIT}|{UkPostcodeRecognizer.PATTERNS[0].regex}"
        self.margins = (120, 200)
        super().__init__(
            supported_entity="ADDRESS",
            patterns=patterns,
            context=context or CONTEXT,
            supported_language=supported_language,
            name=name,
            global_regex_flags=re.MULTILINE,
        )
