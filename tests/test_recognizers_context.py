"""The faster context enhancer finds the same token as Presidio's own for every result."""

from __future__ import annotations

from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from recognizers.context import FastLemmaContextAwareEnhancer

LETTER = "Jayden's NHS number is 943 476 5919; call Mum on 07700 900123.  Passport: 123456789 (HMPO)."


def test_token_lookup_agrees_with_presidio_at_every_offset(nlp):
    doc = nlp(LETTER)
    starts = [token.idx for token in doc]
    for offset in range(len(LETTER) - 1):
        if LETTER[offset].isspace() and offset >= starts[-1]:
            continue
        expected = LemmaContextAwareEnhancer._find_index_of_match_token("x", offset, doc, starts)
        assert FastLemmaContextAwareEnhancer._find_index_of_match_token("x", offset, doc, starts) == expected, offset
