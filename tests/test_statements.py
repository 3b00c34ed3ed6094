"""The statements stage: fact, opinion or reported, the cues that decided it, and notes for the writer."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.settings import Settings
from pipeline.statements import NO_DATE, NO_SOURCE, THIRD_PARTY, UNMARKED, label_statements
from pipeline.types import Finding
from tests.letters import analyse_letter


@pytest.fixture
def label(nlp, settings):
    """Parse a text once and label its statements."""

    def run(text, people=(), config=settings):
        return label_statements(nlp(text), list(people), config)

    return run


@pytest.fixture
def only(label):
    """The one statement of a one-sentence text."""

    def run(text, people=()):
        [statement] = label(text, people)
        return statement

    return run


def person(text, sentence, role, person_id):
    start = sentence.index(text)
    return Finding(
        kind="personal", entity_type="PERSON", start=start, end=start + len(text), text=text, score=0.85,
        recognizer="SpacyRecognizer", role=role, person=person_id,
    )


def test_recorded_attendance_is_a_fact(only):
    statement = only("Jayden attended 62% of sessions this term.")
    assert statement.label == "fact"
    assert statement.notes == []


def test_evaluative_words_make_an_opinion_dressed_as_fact(only):
    statement = only("Mum is clearly not coping.")
    assert statement.label == "opinion"
    assert statement.cues == ["evaluative adverb 'clearly'", "evaluative phrase 'not coping'"]
    assert statement.notes == [UNMARKED]


def test_contracted_negation_matches_an_evaluative_phrase(only):
    assert only("Mum isn't coping with the three children.").cues == ["evaluative phrase 'not coping'"]


def test_first_person_belief_verb_makes_an_opinion(only):
    statement = only("I believe Dean's drinking has got worse since Christmas.")
    assert statement.label == "opinion"
    assert statement.cues == ["first-person belief verb 'believe'"]


def test_first_person_concern_makes_an_opinion(only):
    statement = only("I am concerned that Mum could not explain the bruise.")
    assert statement.label == "opinion"
    assert statement.cues == ["first-person belief 'am concerned'"]


def test_hedge_verb_makes_an_opinion(only):
    statement = only("He seems withdrawn in class.")
    assert statement.label == "opinion"
    assert statement.cues == ["hedge 'seems'"]


def test_how_someone_looked_when_seen_is_an_observation(only):
    assert only("Amina appeared tired and flat in mood at the visit on 4 March.").label == "fact"


def test_modal_governing_the_main_verb_makes_an_opinion(only):
    statement = only("Jayden might have been left alone overnight.")
    assert statement.label == "opinion"
    assert statement.cues == ["modal 'might'"]


def test_modal_inside_a_recorded_fact_leaves_it_a_fact(only):
    assert only("The register shows attendance may be checked daily; it is 71%.").label == "fact"


def test_could_not_of_past_ability_is_a_fact(only):
    assert only("Mum could not explain the bruise on his arm.").label == "fact"


def test_conditional_would_is_a_prediction_but_a_polite_request_is_not(label):
    prediction, request = label(
        "If he were charged, school would want to be involved in planning his support.\n"
        "I would like to invite you to a meeting on 30 March."
    )
    assert (prediction.label, prediction.cues) == ("opinion", ["modal 'would'"])
    assert request.label == "fact"


def test_evaluative_adjective_before_a_thing_is_not_a_judgement_of_a_person(label):
    thing, man = label("The concerns were poor home conditions and missed appointments.\nDean is a manipulative man.")
    assert thing.label == "fact"
    assert man.cues == ["evaluative adjective 'manipulative'"]


def test_reporting_verb_with_a_named_subject_and_a_date_is_reported_without_notes(only):
    statement = only("Jayden told me on 11/03/2026 that he makes toast for his sister most mornings.")
    assert statement.label == "reported"
    assert statement.cues == ["reporting verb 'told' (subject: Jayden)"]
    assert statement.notes == []


def test_reported_statement_without_a_date_asks_when(only):
    statement = only("Jayden's class teacher said that he had no coat although it was snowing.")
    assert statement.cues == ["reporting verb 'said' (subject: Jayden's class teacher)"]
    assert statement.notes == [NO_DATE]


def test_reported_speech_wins_over_an_opinion_inside_it(only):
    statement = only("Mum told me on Monday she thinks Dean is manipulative.")
    assert statement.label == "reported"
    assert statement.cues == ["reporting verb 'told' (subject: Mum)"]


def test_opinion_wins_over_reported_speech_inside_it(only):
    statement = only("I believe Jayden when he says he is frightened of Dean.")
    assert statement.label == "opinion"


def test_first_person_observation_is_a_fact(only):
    statement = only("I observed a bruise on his left cheek on 3 March.")
    assert statement.label == "fact"
    assert statement.cues == ["first-person observation 'observed'"]


def test_writer_telling_someone_is_not_reported(only):
    assert only("I told Mum on 13/03/2026 that school would be making this referral.").label == "fact"


def test_what_the_writer_knows_someone_said_is_reported(only):
    statement = only("I know you told me that Grace has had several chest infections this winter.")
    assert statement.label == "reported"
    assert statement.cues == ["reporting verb 'told' (subject: you)"]


def test_allegation_without_a_source_asks_who_and_when(only):
    statement = only("It has been alleged that the children are left alone in the evenings.")
    assert statement.label == "reported"
    assert statement.cues == ["reporting verb 'alleged' (passive, no source)"]
    assert statement.notes == [NO_SOURCE]


def test_attribution_adverb_without_a_source_asks_who_and_when(only):
    statement = only("Apparently he was left with a neighbour for the weekend.")
    assert statement.cues == ["attribution 'apparently'"]
    assert statement.notes == [NO_SOURCE]


def test_according_to_names_its_source(only):
    statement = only("According to his teacher, Jayden has been arriving hungry.")
    assert statement.label == "reported"
    assert statement.cues == ["attribution 'according to'"]
    assert statement.notes == [NO_DATE]


def test_passive_report_names_its_agent_as_source(only):
    statement = only("It has been reported by another parent that Sam was cautioned last year.")
    assert statement.cues == ["reporting verb 'reported' (by: another parent)"]
    assert statement.notes == []


def test_being_told_is_reported_but_telling_someone_else_is_not(label):
    told, informed = label(
        "I was told that Dean had moved back in.\n"
        "Kayleigh was told on 20 March that the practice would share this report."
    )
    assert (told.label, told.notes) == ("reported", [NO_SOURCE])
    assert informed.label == "fact"


def test_reporting_verb_without_anything_said_is_an_action(label):
    sharing, missing = label(
        "School is sharing this information without consent.\nHe has been reported missing three times."
    )
    assert sharing.label == "fact"
    assert missing.label == "fact"


def test_a_question_someone_asked_is_reported_but_a_request_is_not(label):
    question, request = label(
        "On 2 March Mr Begum asked whether the children could go to the mosque with him during contact.\n"
        "Ms Begum has asked that all arrangements for contact go through me."
    )
    assert (question.label, question.cues) == ("reported", ["reporting verb 'asked' (subject: Mr Begum)"])
    assert request.label == "fact"


def test_what_the_writer_learned_from_someone_is_reported(only):
    statement = only("We understand from Mum that she had postnatal depression after Tyler was born.")
    assert statement.cues == ["reporting verb 'understand' (from: Mum)"]
    assert statement.notes == [NO_DATE]


def test_the_writers_own_records_are_not_an_attribution(only):
    assert only("According to our records, Lan is registered with Eastbrook Family Practice.").label == "fact"


def test_a_disclosure_nobody_made_is_not_reported(only):
    assert only("No pupil has made a specific disclosure about this.").label == "fact"


def test_someone_elses_words_in_quotation_marks_are_reported(only):
    statement = only('Jayden wrote "Dean hits Mum" on his worksheet on Monday.')
    assert statement.label == "reported"
    assert statement.cues == ["quotation 'Dean hits Mum'"]


def test_writer_quoting_themselves_is_not_reported(only):
    assert only('I told Mum on 4 March that "school will make a referral".').label == "fact"


def test_marked_opinion_with_its_basis_gets_no_note(only):
    statement = only(
        "In my professional opinion, based on his attendance and presentation, Jayden is at risk of neglect."
    )
    assert statement.label == "opinion"
    assert statement.cues == ["opinion marker 'in my professional opinion'", "marked as opinion", "basis given"]
    assert statement.notes == []


def test_opinion_about_a_third_party_gets_the_stronger_note(only):
    sentence = "The neighbour, Jean Hollis, is aggressive towards the family."
    statement = only(sentence, [person("Jean Hollis", sentence, "third_party", "P4")])
    assert statement.label == "opinion"
    assert statement.notes == [THIRD_PARTY]
    assert statement.about == ["P4"]


def test_opinion_about_the_family_gets_the_marking_note(only):
    sentence = "Kerry Clarke is neglectful."
    statement = only(sentence, [person("Kerry Clarke", sentence, "family", "P2")])
    assert statement.notes == [UNMARKED]


def test_about_lists_person_ids_then_family_words(only):
    sentence = "Jayden Clarke lives with his mother and his sister Summer."
    people = [person("Jayden Clarke", sentence, "subject", "P1"), person("Summer", sentence, "family", "P3")]
    assert only(sentence, people).about == ["P1", "P3", "mother", "sister"]


def test_statements_never_cross_a_newline(label):
    statements = label("Jayden was late on Monday\nMum did not answer the phone on Tuesday.")
    assert [s.text for s in statements] == ["Jayden was late on Monday", "Mum did not answer the phone on Tuesday."]


def test_offsets_point_into_the_document_text(label):
    text = "Background\n\nJayden attended 62% of sessions. Mum told me on 2 March that she was unwell."
    for statement in label(text):
        assert text[statement.start : statement.end] == statement.text


def test_headings_salutations_fields_and_signature_are_not_statements(label):
    letter = (
        "Dear Ms Okafor,\n\n"
        "Re: Jayden Clarke (DOB 04/05/2017)\n"
        "Date: 19/03/2026\n\n"
        "Background\n"
        "What we are worried about\n"
        "Concerns raised\n"
        "The following was reported:\n"
        "Jayden attended 62% of sessions this term.\n\n"
        "Yours sincerely,\n"
        "Sarah Jones\n"
        "Designated Safeguarding Lead\n"
        "Tel: 0114 496 0533\n"
    )
    assert [s.text for s in label(letter)] == ["Jayden attended 62% of sessions this term."]


def test_bulleted_sentences_are_statements_without_their_bullet(label):
    statements = label("- Mum has attended every meeting.\n* Lily is doing well at school.")
    assert [s.text for s in statements] == ["Mum has attended every meeting.", "Lily is doing well at school."]


def test_cue_lists_come_from_configuration(nlp, settings, label):
    cues = dict(settings.section("cues"))
    cues["reporting_verbs"] = [*cues["reporting_verbs"], "whisper"]
    extended = Settings({**settings.data, "cues": cues})
    [statement] = label("Jayden whispered to me on Friday that he was scared of Dean.", config=extended)
    assert statement.cues == ["reporting verb 'whispered' (subject: Jayden)"]


def test_labelling_uses_the_shared_parse_and_never_runs_the_model(nlp, settings, monkeypatch):
    doc = nlp("Mum told me on 2 March that Dean had left. I think she is relieved.")

    def refuse(*args, **kwargs):
        raise AssertionError("the statements stage parsed the text again")

    monkeypatch.setattr(Language, "__call__", refuse)
    assert [s.label for s in label_statements(doc, [], settings)] == ["reported", "opinion"]


def test_what_follows_the_writer_saying_it_cannot_be_shared_goes_to_review(tmp_path, settings):
    letter = (
        "Dear Mr Iqbal,\n"
        "You asked where the children are living and which school Zara Iqbal (aged 8) attends. I cannot share this "
        "information. They moved to 9 Meadow View, Eastbrook EB2 6UU on 14/02/2026, and Zara now attends "
        "Oakfield Primary School.\n"
        "The next review will be on 23/04/2026.\n"
    )
    analysis = analyse_letter(tmp_path, settings, letter, subjects=["Zara Iqbal"], profile="letter_to_parent")
    address = next(f for f in analysis.findings if f.entity_type == "ADDRESS")
    assert address.withheld_by_writer == "cannot share"
    assert (address.decision, address.rule) == ("review", "writer-says-withheld")
    assert "'cannot share'" in address.reason
    next_paragraph = [f for f in analysis.findings if f.text == "23/04/2026"]
    assert next_paragraph and next_paragraph[0].withheld_by_writer is None


def test_an_offence_someone_reported_is_an_allegation_unless_denied_or_settled(tmp_path, settings):
    letter = (
        "Dear colleague,\n"
        "Ms Kowalczyk told me on 16/03/2026 that he forced the door and grabbed her by the throat.\n"
        "Mum said there is no domestic abuse in the home.\n"
        "She said that Mr Hartley received a police caution for possession of cannabis in 2018.\n"
    )
    findings = {f.text: f for f in analyse_letter(tmp_path, settings, letter, subjects=["Lena Kowalczyk"]).findings}
    assert findings["by the throat"].subtype == "allegation"
    assert findings["domestic abuse"].subtype == "offence" and findings["domestic abuse"].negated
    assert findings["possession of cannabis"].subtype == "offence"
