"""Stage 2, parse: load the configured spaCy model once per process and parse each document once.

The one parse made here is shared by Presidio (as its NLP artifacts) and by every later stage
(`artifacts.tokens` is the spaCy Doc).
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.language import Language

from pipeline.settings import Settings
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


@lru_cache(maxsize=4)
def nlp_engine(settings: Settings) -> SpacyNlpEngine:
    """Presidio's spaCy engine around our already-loaded model, so Presidio neither loads nor downloads one."""
    nlp = load_model(settings.model)
    ner_labels = settings.section("recognizers").get("ner") or {}
    model_labels = nlp.get_pipe("ner").labels if nlp.has_pipe("ner") else ()
    engine = SpacyNlpEngine(
        models=[{"lang_code": settings.language, "model_name": settings.model}],
        ner_model_configuration=NerModelConfiguration(
            model_to_presidio_entity_mapping=ner_labels,
            labels_to_ignore=[label for label in model_labels if label not in ner_labels],
        ),
    )
    engine.nlp = {settings.language: nlp}
    return engine


def parse(text: str, settings: Settings) -> NlpArtifacts:
    """Parse `text` once; the result feeds Presidio and, through `.tokens`, every later stage."""
    return nlp_engine(settings).process_text(text, settings.language)
