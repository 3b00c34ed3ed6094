"""Stage 2, parse: load the configured spaCy model once per process and parse each document once.

The one Doc made here is shared by Presidio (as its NLP artifacts) and by every later stage.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from pipeline.types import DiscloseError


@lru_cache(maxsize=None)
def load_model(name: str) -> Language:
    """The installed spaCy model package `name`, loaded once per process. Never downloads."""
    try:
        nlp = spacy.load(name)
    except OSError:
        raise DiscloseError(
            f"the spaCy model {name!r} is not installed: run `make install`, or `pip install` the model "
            "package and name it with `model:` in your config"
        ) from None
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp
