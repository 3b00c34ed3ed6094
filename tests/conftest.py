"""Shared fixtures: the configuration and the spaCy model are loaded once per test session."""

from __future__ import annotations

import pytest

from pipeline.detect import analyzer as detect_analyzer
from pipeline.parse import load_model
from pipeline.settings import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.load()


@pytest.fixture(scope="session")
def nlp(settings):
    return load_model(settings.model)


@pytest.fixture(scope="session")
def analyzer(settings):
    """Presidio's analyzer exactly as the detect stage builds it from config/recognizers.yaml."""
    return detect_analyzer(settings)
