"""Addresses and people the small spaCy model misses, found through the detect stage's AnalyzerEngine.

All people and places are fictional; postcodes use the invented areas of the sample letters.
"""

from __future__ import annotations

import pytest
from presidio_analyzer import AnalyzerEngine

from tests.test_recognizers import found, score


def found_by(analyzer: AnalyzerEngine, text: str, recognizer: str) -> list[str]:
    """The text of each finding of `recognizer` in `text`."""
    return [
        text[r.start : r.end]
        for r in analyzer.analyze(text=text, language="en")
        if r.recognition_metadata.get("recognizer_name") == recognizer
    ]


# Addresses


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Jayden lives at 14 Elm Road, Millbridge NS4 2TB with his mother.", "14 Elm Road, Millbridge NS4 2TB"),
        ("Ms Begum now rents Flat 3, 27 Foundry Street and asks that it is kept private.", "Flat 3, 27 Foundry Street"),
        ("Mr Sharma lives at 88 Foundry Street, Eastbrook EB1 4QT with his mother.",
         "88 Foundry Street, Eastbrook EB1 4QT"),
        ("The referral was made by a neighbour of 7 Tanner's Row (tel. 0151 496 0733).", "7 Tanner's Row"),
        ("Kayla and her father live at 14 Elm Road.", "14 Elm Road"),
    ],
)
def test_street_address_is_one_finding_from_house_number_to_postcode(analyzer, text, address):
    assert found(analyzer, text, "ADDRESS") == [address]


def test_address_over_several_lines_is_one_finding_ending_at_the_postcode(analyzer):
    text = "Address: Flat 4, Kingfisher House\nCanal Street\nMillbridge\nMB3 1LZ\nTel: 0161"
    assert found(analyzer, text, "ADDRESS") == ["Flat 4, Kingfisher House\nCanal Street\nMillbridge\nMB3 1LZ"]


def test_letterhead_address_starts_at_the_building_not_the_organisation(analyzer):
    text = "Northshire Children's Services\nIntegrated Front Door\nCounty Hall\nWater Street\nEastbrook EB1 2NW\n"
    assert found(analyzer, text, "ADDRESS") == ["County Hall\nWater Street\nEastbrook EB1 2NW"]


def test_postcode_alone_stays_a_postcode(analyzer):
    text = "The family has moved to the NS4 2TB area."
    assert found(analyzer, text, "ADDRESS") == [] and found(analyzer, text, "UK_POSTCODE") == ["NS4 2TB"]


def test_house_name_and_street_without_number_scores_lower(analyzer):
    text = "Her grandmother's cottage is Rose Cottage, Mill Lane, Eastbrook."
    assert found(analyzer, text, "ADDRESS") == ["Rose Cottage, Mill Lane, Eastbrook"]
    assert score(analyzer, text, "ADDRESS") == 0.5


def test_church_lane_is_an_address(analyzer):
    assert found(analyzer, "Tyrone lives at 4 Church Lane, Eastbrook.", "ADDRESS") == ["4 Church Lane, Eastbrook"]
    assert found(analyzer, "Since January she lives on Church Lane with her nan.", "ADDRESS") == ["Church Lane"]


@pytest.mark.parametrize(
    "text",
    [
        "After school Jayden plays in the park with his cousin.",
        "Hope attended the Family Court hearing on 12/03/2026.",
        "The Youth Club on Friday is run by volunteers.",
    ],
)
def test_places_that_are_not_addresses_are_not_found(analyzer, text):
    assert found_by(analyzer, text, "AddressRecognizer") == []


# Titled names


@pytest.mark.parametrize(
    "name", ["Mr J. Smith", "Mrs O'Neill", "Ms Smith-Jones", "PC Amrit Gill", "DC Hannah Reeve", "Dr A. K. Mensah",
             "Cllr Marjorie Fenwick", "Sister McDonald"],
)
def test_title_and_name_are_one_person_including_the_title(analyzer, name):
    assert name in found(analyzer, f"The concern was discussed with {name} on 12/03/2026.", "PERSON")


def test_initial_alone_after_a_title_is_a_person(analyzer):
    assert "Mr J." in found(analyzer, "Rose is usually collected on Thursdays by Mum's partner, Mr J.", "PERSON")


def test_title_inside_a_word_or_in_lower_case_is_not_a_name(analyzer):
    text = "Jayden brought his drum Kit and a Drummond Estate leaflet; the dr said nothing."
    assert found_by(analyzer, text, "TitledNameRecognizer") == []


# Names standing where a name stands


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("At the meeting Hope said she was frightened of going home.", "Hope"),
        ("Staff noticed that Grace's coat was torn.", "Grace"),
        ("The school contacted her daughter Summer about the incident.", "Summer"),
        ("Her brother Tyrone (aged 7) was also at home.", "Tyrone"),
        ("Jayden and Faith, 14, were seen leaving the flat together.", "Faith"),
        ("A man called Tyrone Baptiste was seen outside the school gates.", "Tyrone Baptiste"),
        ("She is known as 'Tee' by the older boys.", "Tee"),
        ("She said she was taken there by a man she knows as \"Dex\".", "Dex"),
        ("Dylan spends most evenings with her friend Precious Ade.", "Precious Ade"),
        ("She told staff that his cousin Tyrone keeps the drugs.", "Tyrone"),
        ("Callum's mother phoned school on 25/02/2026.", "Callum"),
        ("Another Year 9 pupil, Summer, was apparently with Faith when it happened.", "Summer"),
        ("She says she wants \"Daddy Seun to stop getting angry\".", "Daddy Seun"),
    ],
)
def test_name_the_model_misses_is_found_where_a_name_stands(analyzer, text, name):
    assert name in found(analyzer, text, "PERSON")


@pytest.mark.parametrize(
    "text",
    [
        "Will you please make sure the class teacher is told?",
        "Grace period for the housing application ends on Friday.",
        "Faith groups in the area offer support to families.",
        "Mum called Children's Services on Monday.",
        "The young people run what they call a line known as \"the Bando line\".",
        "The Northshire Parent Carer Forum meets monthly.",
    ],
)
def test_ordinary_words_are_not_taken_for_names(analyzer, text):
    assert found_by(analyzer, text, "ContextNameRecognizer") == []
