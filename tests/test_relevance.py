"""Purpose profiles, choosing a profile, and scoring statements against the purpose."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.relevance import (
    REQUIRED_KEYS,
    letter_date,
    list_profiles,
    resolve_profile,
    score_relevance,
)
from pipeline.sensitive import vocabulary
from pipeline.settings import Settings
from pipeline.types import Context, DiscloseError, Finding, Statement
from tests.letters import analyse_letter

PROFILES = [
    "referral_to_csc",
    "police_request",
    "marac_referral",
    "school_transfer",
    "early_help",
    "health_handover",
    "cp_conference",
    "letter_to_parent",
    "lado_referral",
    "operation_encompass",
    "return_home_interview",
]


def statements_of(doc) -> list[Statement]:
    return [Statement(start=s.start_char, end=s.end_char, text=s.text) for s in doc.sents]


def mention(
    text: str, words: str, person: str, role: str, kind: str = "personal", subtype: str | None = None
) -> Finding:
    """A finding for the first occurrence of `words` in `text`, as the detect and people stages make them."""
    start = text.index(words)
    entity_type = {"personal": "PERSON", "special": "HEALTH", "criminal": "CRIMINAL_OFFENCE"}[kind]
    return Finding(
        kind, entity_type, start, start + len(words), words, 0.9, "test", subtype=subtype, role=role, person=person
    )


def scored(nlp, settings, text, findings=(), profile=None, purpose=None, subjects=("Jayden Clarke",)):
    doc = nlp(text)
    statements = statements_of(doc)
    context = Context(purpose=purpose, subjects=list(subjects))
    score_relevance(doc, statements, list(findings), context, profile, settings)
    return statements


@pytest.mark.parametrize("name", PROFILES)
def test_every_profile_has_the_required_keys_and_valid_subtypes(settings, name):
    profile = settings.section("purposes")[name]
    assert set(REQUIRED_KEYS) <= set(profile)
    lexicons = {kind: set().union(*types.values()) for kind, types in vocabulary(settings).items()}
    for section in ("needs", "does_not_need"):
        assert set(profile[section]["special"]) <= lexicons["special"]
        assert set(profile[section]["criminal"]) <= lexicons["criminal"]
    assert not set(profile["needs"]["special"]) & set(profile["does_not_need"]["special"])
    assert not set(profile["needs"]["criminal"]) & set(profile["does_not_need"]["criminal"])
    assert 40 <= len(profile["topics"]) <= 120
    assert all(0 < topic["weight"] <= 1 for topic in profile["topics"])


def test_only_the_letter_to_a_parent_and_reports_parents_read_go_to_the_family(settings):
    family = {name for name, p in settings.section("purposes").items() if p["recipient_is_family"]}
    assert family == {"letter_to_parent", "early_help", "cp_conference"}


def test_a_letter_to_a_parent_never_needs_third_parties_or_the_referrer(settings):
    profile = settings.section("purposes")["letter_to_parent"]
    assert {"third_party", "referrer"} <= set(profile["does_not_need"]["roles"])


def test_list_profiles_gives_every_profile_with_its_description(settings):
    listed = dict(list_profiles(settings))
    assert sorted(listed) == sorted(PROFILES)
    assert "police request" in listed["police_request"]


def test_a_profile_naming_an_unknown_subtype_stops_the_run_saying_what_to_use(settings):
    broken = dict(settings.section("purposes")["early_help"], needs={"special": ["mental-health"]})
    with pytest.raises(DiscloseError, match="unknown special subtype 'mental-health'.*mental_health"):
        list_profiles(Settings({**settings.data, "purposes": {"early_help": broken}}))


def test_profile_option_picks_that_profile(settings):
    assert resolve_profile(Context(profile="school_transfer"), settings) == (
        "school_transfer",
        "profile 'school_transfer' chosen with --profile",
    )


def test_profile_none_uses_the_purpose_text_alone(settings):
    profile, note = resolve_profile(Context(profile="none", purpose="referral to children's social care"), settings)
    assert profile is None
    assert "purpose text alone" in note


def test_free_text_purpose_is_matched_to_the_closest_profile(settings):
    context = Context(purpose="Referral to children's social care about neglect of Jayden")
    profile, note = resolve_profile(context, settings)
    assert profile == "referral_to_csc"
    assert note.startswith("purpose matched to profile 'referral_to_csc' (score 1.00:")
    assert "social care" in note


@pytest.mark.parametrize(
    "purpose, expected",
    [
        ("MARAC referral for Ms Nowak, high risk of domestic abuse", "marac_referral"),
        ("reply to the police request about Tyler-Jay's whereabouts", "police_request"),
        ("transfer of child protection file to his new school", "school_transfer"),
        ("report to the initial child protection conference", "cp_conference"),
        ("letter to parents about attendance", "letter_to_parent"),
        ("referral to the LADO about an allegation against a member of staff", "lado_referral"),
        ("Operation Encompass notification to the school's key adult", "operation_encompass"),
        ("return home interview summary after a missing episode", "return_home_interview"),
    ],
)
def test_everyday_purposes_match_their_profiles(settings, purpose, expected):
    assert resolve_profile(Context(purpose=purpose), settings)[0] == expected


def test_free_text_purpose_matching_no_profile_says_so(settings):
    profile, note = resolve_profile(Context(purpose="update on the boiler repairs"), settings)
    assert profile is None
    assert note.startswith("purpose matched no profile")
    assert "--profile" in note


def test_a_purpose_that_fits_two_profiles_equally_picks_neither(settings):
    profile, note = resolve_profile(Context(purpose="child protection file for the conference"), settings)
    assert profile is None
    assert note.startswith("purpose matches profiles 'cp_conference' and 'school_transfer' equally")


def test_unknown_profile_name_lists_the_valid_names(settings):
    with pytest.raises(DiscloseError, match=r"unknown profile 'marac': use one of .*marac_referral.*disclose profiles"):
        resolve_profile(Context(profile="marac"), settings)


def test_a_neglect_observation_is_relevant_to_a_referral(nlp, settings):
    text = "Jayden has arrived at school hungry and unkempt on four mornings this week."
    (statement,) = scored(nlp, settings, text, [mention(text, "Jayden", "P1", "subject")], "referral_to_csc")
    assert statement.relevant
    assert "topic 'hungry' (profile referral_to_csc)" in statement.relevance_cues
    assert "about the subject (P1)" in statement.relevance_cues


def test_a_sentence_only_about_a_neighbours_new_car_is_not_relevant(nlp, settings):
    text = "Mrs Hollis, the neighbour at number 12, has bought a new car."
    (statement,) = scored(nlp, settings, text, [mention(text, "Mrs Hollis", "P4", "third_party")], "referral_to_csc")
    assert not statement.relevant
    assert statement.relevance == 0
    assert "only about a third party (P4)" in statement.relevance_cues


def test_a_parents_old_conviction_is_relevant_to_the_police_but_not_to_a_new_school(nlp, settings):
    text = "Ethan's father, Mr Jason O'Neill, was convicted of burglary in 2019."
    findings = [
        mention(text, "Ethan", "P1", "subject"),
        mention(text, "Jason O'Neill", "P2", "family"),
        mention(text, "convicted", "P2", "family", kind="criminal", subtype="conviction"),
    ]
    (police,) = scored(nlp, settings, text, findings, "police_request")
    (school,) = scored(nlp, settings, text, findings, "school_transfer")
    assert police.relevant and "criminal-offence data the profile needs: conviction" in police.relevance_cues
    assert not school.relevant
    assert "criminal-offence data the profile does not need: conviction" in school.relevance_cues


def test_a_sentence_saying_someone_has_no_part_in_the_concern_is_not_relevant(nlp, settings):
    text = "Ethan's previous stepfather has no contact with the children and no part in the plan."
    (statement,) = scored(nlp, settings, text, [mention(text, "Ethan", "P1", "subject")], "school_transfer")
    assert not statement.relevant
    assert "says someone is not involved ('no contact with')" in statement.relevance_cues


def test_a_pronoun_keeps_a_sentence_from_being_only_about_a_third_party(nlp, settings):
    text = "She said that her pastor, Pastor Okafor, has told her that smacking is allowed."
    (statement,) = scored(nlp, settings, text, [mention(text, "Pastor Okafor", "P9", "third_party")], "cp_conference")
    assert statement.relevant
    assert "probably about the subject or family ('she')" in statement.relevance_cues


def test_without_a_profile_the_purpose_words_decide(nlp, settings):
    text = "Jayden's attendance this term is 81%. The neighbour's son has joined the football club."
    attendance, football = scored(nlp, settings, text, purpose="concerns about Jayden's attendance")
    assert attendance.relevant and "purpose word 'attendance'" in attendance.relevance_cues
    assert not football.relevant


def test_a_sentence_naming_no_one_but_professionals_is_kept(nlp, settings):
    text = "I have passed this information to PC Hughes and will review it on Friday."
    findings = [mention(text, "PC Hughes", "P7", "professional")]
    (statement,) = scored(nlp, settings, text, findings, "police_request")
    assert statement.relevant
    assert "names no one but professionals (how the concern is handled)" in statement.relevance_cues


def test_without_a_purpose_or_profile_relevance_is_left_unscored(nlp, settings):
    (statement,) = scored(nlp, settings, "Jayden was hungry at breakfast club.")
    assert statement.relevance is None and statement.relevant is None
    assert statement.relevance_cues == ["no purpose or profile given: relevance not scored"]


STALE = "Accuracy: this describes events from 2016; say that they are historical and whether they still apply"


@pytest.mark.parametrize(
    "sentence, note",
    [
        ("Ms Clarke has a conviction for assault (2016).", True),
        ("Ms Clarke is a heroin user, as recorded by her GP in 2016.", True),
        ("Ms Clarke was convicted of assault, 2016.", True),
        ("In 2016 Ms Clarke was convicted of assault.", False),
        ("Ms Clarke previously used heroin, according to a 2016 assessment.", False),
        ("Ms Clarke has been in recovery since 2016.", False),
        ("Summer was born on 3 May 2016 at Eastbrook General.", False),
        ("Ms Clarke was cautioned for shoplifting in 2023.", False),
    ],
)
def test_old_events_presented_as_current_get_an_accuracy_note(nlp, settings, sentence, note):
    text = f"Date: 14 March 2026\n\n{sentence}"
    statement = scored(nlp, settings, text, profile="referral_to_csc")[-1]
    assert (STALE in statement.notes) is note


def test_the_letter_date_is_the_latest_full_date_in_the_document():
    text = "DOB: 03/04/2017. Meeting on 2 March 2026. Written 2026-03-14. Seen 12.03.2026."
    assert letter_date(text).isoformat() == "2026-03-14"


def test_a_long_document_is_scored_from_the_shared_parse_without_parsing_again(nlp, settings, monkeypatch):
    paragraph = (
        "Jayden arrived at school hungry and without a coat on 02/03/2026. "
        "His mother, Kerry Clarke, told me she has been struggling with depression. "
        "The neighbour at number 12 has bought a new car. "
        "Dean shouts when he has been drinking, Jayden said. "
        "Mr Patel, his class teacher, recorded that Jayden fell asleep in class. "
    )
    text = paragraph * (5000 // len(paragraph.split()) + 1)
    doc = nlp(text)
    statements = statements_of(doc)
    context = Context(purpose="referral to children's social care about neglect")
    score_relevance(doc, statements[:1], [], context, "referral_to_csc", settings)  # lemmatises the purpose once

    def no_parsing(*args, **kwargs):
        raise AssertionError("the document was parsed again")

    monkeypatch.setattr(Language, "__call__", no_parsing)
    monkeypatch.setattr(Language, "pipe", no_parsing)
    score_relevance(doc, statements, [], context, "referral_to_csc", settings)
    assert len(doc) > 5000
    assert all(s.relevance is not None for s in statements)
    assert sum(s.relevant for s in statements) == 4 * len(statements) // 5


def test_the_year_in_the_title_of_a_law_is_not_an_old_event(tmp_path, settings):
    letter = ("Dear colleague,\nWe ask that Children's Services consider an assessment under section 17 or section 47 "
              "of the Children Act 1989, sharing under DPA 2018 Schedule 1.\n")
    statements = analyse_letter(tmp_path, settings, letter, profile="referral_to_csc").statements
    assert not any("historical" in note for s in statements for note in s.notes)
