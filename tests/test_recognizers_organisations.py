"""Named institutions that locate a family: schools, surgeries, wards and teams, by how their names end."""

from __future__ import annotations

import pytest

from pipeline.detect import find_personal_data
from pipeline.parse import parse
from pipeline.types import Context
from recognizers.organisations import InstitutionRecognizer

SUFFIXES = ["Primary School", "School", "Surgery", "Health Centre", "Team", "Pre-School"]


def found(text: str) -> list[str]:
    return [text[r.start : r.end] for r in InstitutionRecognizer(SUFFIXES).analyze(text, ["ORGANIZATION"])]


@pytest.mark.parametrize(("sentence", "name"), [
    ("He is registered at Greenacre Surgery.", "Greenacre Surgery"),
    ("At Oakfield Primary School she is in Year 4.", "Oakfield Primary School"),
    ("Designated Safeguarding Lead, St Aidan's Church of England Primary School", "St Aidan's Church of England Primary School"),
    ("Seen at Eastbrook Health Centre on Monday.", "Eastbrook Health Centre"),
    ("Referred to the Millbridge Family Safeguarding Team.", "Millbridge Family Safeguarding Team"),
])
def test_a_capitalised_name_ending_in_an_institution_word_is_found_whole(sentence, name):
    assert found(sentence) == [name]


def test_a_lowercase_mention_of_a_school_is_not_a_name():
    assert found("She moved to a new school in Millbridge.") == []


def test_a_team_named_only_by_ordinary_words_is_not_an_organisation_that_locates_anyone(settings):
    letter = "From: Family Support Team, Northshire Council.\nRose sees Dr Khan at Greenacre Surgery.\n"
    findings = find_personal_data(letter, parse(letter, settings), Context(), settings)
    organisations = [f.text for f in findings if f.entity_type == "ORGANIZATION"]
    assert "Family Support Team" not in organisations and "Greenacre Surgery" in organisations
