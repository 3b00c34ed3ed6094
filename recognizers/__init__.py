"""Presidio recognizers for UK safeguarding letters, and the loader for their registry, config/recognizers.yaml."""

from __future__ import annotations

import importlib

from presidio_analyzer import EntityRecognizer


def with_shared_lists(value, people: dict):
    """An arg value with its references to config/people.yaml lists ("people.titles") replaced by the
    lists, so that a word list lives in one place; a list may mix references and words."""
    if isinstance(value, str) and value.startswith("people."):
        return list(people.get(value.removeprefix("people."), []))
    if isinstance(value, list):
        return [word for item in value for word in (with_shared_lists(item, people) if isinstance(item, str) and item.startswith("people.") else [item])]
    return value


def build_recognizers(registry_config: dict, language: str = "en", people: dict | None = None) -> list[EntityRecognizer]:
    """One recognizer per entry of `registry_config["recognizers"]`: its class by dotted path, built with
    `supported_language` and the entry's `args` (where "people.KEY" stands for that list of
    config/people.yaml). A bad entry raises a ValueError that names it."""
    recognizers = []
    for number, entry in enumerate(registry_config.get("recognizers") or [], start=1):
        path = entry.get("class", "") if isinstance(entry, dict) else ""
        where = f"config/recognizers.yaml, recognizers entry {number} ({path or 'no class given'})"
        module_name, _, class_name = path.rpartition(".")
        try:
            recognizer_class = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError, ValueError) as error:
            raise ValueError(f"{where}: cannot import the class: {error}") from None
        if not (isinstance(recognizer_class, type) and issubclass(recognizer_class, EntityRecognizer)):
            raise ValueError(f"{where}: not a Presidio EntityRecognizer class")
        try:
            args = {key: with_shared_lists(value, people or {}) for key, value in (entry.get("args") or {}).items()}
            recognizers.append(recognizer_class(supported_language=language, **args))
        except (TypeError, ValueError) as error:
            raise ValueError(f"{where}: cannot build it with the args given: {error}") from None
    return recognizers
