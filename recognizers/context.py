"""Presidio's lemma context enhancer without its two whole-document scans per result.

Presidio finds the token where each result starts by walking every token from the first, and tests
each context word against a list of every keyword in the document; on a long letter that is most of
the analyzer's own time. Tokens are in order, so a binary search over their start offsets finds the
same token; the keywords are only ever tested for membership, so a set answers the same.
"""

from __future__ import annotations

from bisect import bisect_right

from presidio_analyzer import RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer


class FastLemmaContextAwareEnhancer(LemmaContextAwareEnhancer):
    """LemmaContextAwareEnhancer, finding tokens in log time and keywords in constant time."""

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        if nlp_artifacts is not None and not isinstance(nlp_artifacts.keywords, frozenset):
            nlp_artifacts.keywords = frozenset(nlp_artifacts.keywords)
        # Presidio deep-copies every result, then leaves alone those of recognizers without context words
        # (the NER's thousands on a long report): only the others need to go through it.
        with_context = {recognizer.id for recognizer in recognizers if recognizer.context}
        key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
        enhanceable = [r for r in raw_results if (r.recognition_metadata or {}).get(key) in with_context]
        unchanged = [r for r in raw_results if (r.recognition_metadata or {}).get(key) not in with_context]
        return unchanged + super().enhance_using_context(text, enhanceable, nlp_artifacts, recognizers, context)

    @staticmethod
    def _find_index_of_match_token(word: str, start: int, tokens, tokens_indices: list[int]) -> int:
        if not tokens_indices:
            raise ValueError(f"Did not find word '{word}' in an empty list of tokens")
        index = max(bisect_right(tokens_indices, start) - 1, 0)
        if start >= tokens_indices[index] + len(tokens[index]) and index + 1 < len(tokens_indices):
            index += 1
        return index
