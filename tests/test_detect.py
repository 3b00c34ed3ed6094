"""The detect stage: every occurrence of a found name or identifier, and what the NER misreads."""

from __future__ import annotations

from pipeline.detect import every_occurrence, find_personal_data
from pipeline.parse import parse
from pipeline.types import Context, Finding


def found(settings, text, subjects=()):
    return find_personal_data(text, parse(text, settings), Context(subjects=list(subjects)), settings)


def texts(findings, entity_type):
    return [f.text for f in findings if f.entity_type == entity_type]


def test_a_name_found_once_is_found_everywhere_even_in_lowercase_notes(settings):
    letter = "Jayden Clarke attends Year 4.\nCPOMS note 12/03: \"jayden upset at lunch, said he was hungry\".\n"
    names = texts(found(settings, letter, ["Jayden Clarke"]), "PERSON")
    assert "Jayden Clarke" in names and "jayden" in names


def test_an_identifier_split_differently_elsewhere_is_found_again(settings):
    letter = "NHS number: 943 476 5919.\nThe clinic letter gives 943-476-5919 and the referral 9434765919.\n"
    assert len(texts(found(settings, letter), "UK_NHS")) == 3


def test_a_lowercase_word_is_not_taken_for_a_name_the_ner_misread(settings):
    letter = "Youth Worker: Jordan Whyte.\nJordan runs the youth club; jayden goes every week.\n"
    misread = [
        Finding(kind="personal", entity_type="PERSON", start=0, end=5, text="Youth", score=0.85, recognizer="SpacyRecognizer"),
        Finding(kind="personal", entity_type="PERSON", start=0, end=0, text="Jayden", score=0.85, recognizer="SpacyRecognizer"),
    ]
    occurrences = every_occurrence(letter, parse(letter, settings).tokens, misread, Context(), settings)
    assert "youth" not in texts(occurrences, "PERSON") and "jayden" in texts(occurrences, "PERSON")


def test_a_lowercase_surname_after_a_title_in_a_quoted_note_is_a_name(settings):
    letter = 'Mr Daniel O\'Neill teaches Year 9.\nThe note reads: "faith upset, says mr o\'neill messaged her".\n'
    assert "o'neill" in texts(found(settings, letter), "PERSON")


def test_stock_acronyms_job_titles_and_dates_are_not_organisations_or_places(settings):
    letter = (
        "DOB: 03/04/2017. GP: Dr Shah. Seen by CAMHS on 04/03/2026 and the NHS trust wrote to the LA.\n"
        "I am writing as Designated Safeguarding Lead (DSL) at Oakfield Primary School.\n"
    )
    findings = found(settings, letter)
    misread = {"DOB", "GP", "NHS", "LA", "04/03/2026", "Designated Safeguarding Lead"}
    assert not misread & set(texts(findings, "ORGANIZATION") + texts(findings, "LOCATION"))


def test_a_meeting_or_service_named_by_ordinary_words_is_not_an_organisation(settings):
    letter = "Social Worker's Report to Initial Child Protection Conference\nThe initial child protection conference will meet.\n"
    organisations = texts(found(settings, letter), "ORGANIZATION")
    assert not any("Conference" in o or "conference" in o for o in organisations)


def test_every_occurrence_of_a_detected_organisation_is_found_in_any_case(settings):
    letter = "Zara attends Oakfield Primary School.\nThe oakfield primary school office was told.\n"
    assert "oakfield primary school" in texts(found(settings, letter), "ORGANIZATION")


def test_an_organisation_named_by_one_ordinary_word_is_not_a_finding(settings):
    letter = "The applicant complained to the Commission, and the Court held a hearing at Oakfield Primary School.\n"
    organisations = texts(found(settings, letter), "ORGANIZATION")
    assert not {"Commission", "the Commission", "Court", "the Court"} & set(organisations)


def test_written_dates_are_event_dates_and_durations_are_not(settings):
    letter = "Mrs Okafor is 32 weeks pregnant. She was seen on 10/02/2026 and again in March 2026, and last year.\n"
    dates = texts(found(settings, letter), "DATE_TIME")
    assert "10/02/2026" in dates and any("March 2026" in d for d in dates)
    assert not {"32 weeks", "last year"} & set(dates)


def test_a_date_of_birth_is_not_also_an_event_date(settings):
    letter = "Blessing Okafor, DOB 12/05/2019, attends Riverside Infant School.\n"
    findings = found(settings, letter)
    assert texts(findings, "DATE_OF_BIRTH") == ["12/05/2019"] and "12/05/2019" not in texts(findings, "DATE_TIME")


def test_a_town_in_an_address_is_not_a_person(settings):
    letter = "The family live at 14 Mill Lane, Eastbrook, Northshire EB4 7QT.\nEastbrook College has a place for him.\n"
    assert "Eastbrook" not in texts(found(settings, letter), "PERSON")


def test_an_address_is_one_finding_not_a_scatter_of_fragments(settings):
    letter = "Kelly Clarke lives at\n14 Elm Road\nMillbridge\nNS4 2TB\nwith her son.\n"
    findings = found(settings, letter)
    inside = [f for f in findings if f.entity_type != "PERSON" and 22 <= f.start and f.end <= 54]
    assert [(f.entity_type, f.text) for f in inside] == [("ADDRESS", "14 Elm Road\nMillbridge\nNS4 2TB")]
