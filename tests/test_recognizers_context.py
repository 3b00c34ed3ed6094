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


def test_context_words_raise_scores_as_presidio_does(nlp, settings, analyzer):
    from presidio_analyzer import AnalyzerEngine

    from pipeline.parse import nlp_engine

    text = "His passport number is 123456789 and he travels often. Call 07700 900123 about the NHS number 943 476 5919."
    plain = AnalyzerEngine(registry=analyzer.registry, nlp_engine=nlp_engine(settings), supported_languages=["en"],
                           default_score_threshold=analyzer.default_score_threshold)
    ours = {(r.entity_type, r.start, r.end, r.score) for r in analyzer.analyze(text=text, language="en")}
    presidio = {(r.entity_type, r.start, r.end, r.score) for r in plain.analyze(text=text, language="en")}
    assert ours == presidio and any(t == "UK_PASSPORT" for t, *_ in ours)
