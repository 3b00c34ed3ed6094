"""People: one id for every mention of a person, and the role the letter gives them."""

from __future__ import annotations

from pipeline.api import analyse
from pipeline.types import Context
from tests.letters import REFERRAL


def roles_by_name(tmp_path, settings, text=REFERRAL, subjects=("Jayden Clarke",)):
    path = tmp_path / "letter.txt"
    path.write_text(text, encoding="utf-8")
    analysis = analyse(path, Context(subjects=list(subjects)), settings)
    return {f.text: (f.person, f.role, f.role_reason) for f in analysis.findings if f.entity_type == "PERSON"}, analysis


def test_roles_come_from_the_words_around_each_person(tmp_path, settings):
    people, _ = roles_by_name(tmp_path, settings)
    assert people["Jayden Clarke"][1] == "subject"
    assert people["Kelly Clarke"][1] == "family" and "mother" in people["Kelly Clarke"][2]
    assert people["Sandra Okafor"][1] == "referrer" and "telephoned the school" in people["Sandra Okafor"][2]
    assert people["Sarah Hughes"][1] == "professional"


def test_lone_first_names_and_titled_surnames_join_the_full_name(tmp_path, settings):
    people, _ = roles_by_name(tmp_path, settings)
    assert people["Jayden"][0] == people["Jayden Clarke"][0]
    assert people["Mrs Okafor"][0] == people["Sandra Okafor"][0]


def test_identifiers_belong_to_the_person_they_follow(tmp_path, settings):
    _, analysis = roles_by_name(tmp_path, settings)
    owners = {f.text: (f.role, f.role_reason) for f in analysis.findings if f.entity_type != "PERSON"}
    assert owners["943 476 5919"][0] == "subject"
    assert owners["07700 900461"][0] == "referrer"
    assert owners["0113 496 0123"] == ("professional", "the writer's details, in the signature block")


def test_a_neighbour_named_without_raising_the_concern_is_a_third_party(tmp_path, settings):
    letter = "Dear Sir,\nJayden Clarke often plays with a neighbour, Tom Bright, after school.\n"
    people, _ = roles_by_name(tmp_path, settings, text=letter)
    assert people["Tom Bright"][1] == "third_party" and "neighbour" in people["Tom Bright"][2]


def test_a_titled_adult_sharing_a_childs_surname_is_family_not_the_child(tmp_path, settings):
    letter = "Dear Sir,\nJayden Clarke, aged 8, was collected late. Ms Clarke said she had overslept.\n"
    people, _ = roles_by_name(tmp_path, settings, text=letter)
    assert people["Ms Clarke"][1] == "family" and people["Ms Clarke"][0] != people["Jayden Clarke"][0]


def test_an_alias_joins_the_person_it_names(tmp_path, settings):
    letter = "Dear Sir,\nWilliam Kowalczyk (known as Will), aged 9, was upset. Will said he was scared.\n"
    people, _ = roles_by_name(tmp_path, settings, text=letter, subjects=("William Kowalczyk",))
    assert people["Will"][0] == people["William Kowalczyk"][0] and people["Will"][1] == "subject"


def test_a_name_given_with_a_police_title_is_a_professional(tmp_path, settings):
    letter = "Dear Sir,\nPC Amrit Gill attended the address on 3 May and spoke with Jayden Clarke.\n"
    people, _ = roles_by_name(tmp_path, settings, text=letter)
    assert people["PC Amrit Gill"][1] == "professional"
