"""The special-category and criminal-offence stage: lexicons, matching, negation, hypotheticals, attribution."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.sensitive import build_matchers, find_sensitive, lexicon_terms
from pipeline.types import Finding

HEALTH_SUBTYPES = {
    "physical", "mental_health", "disability", "neurodevelopmental", "medication", "pregnancy",
    "sexual_health", "substance_misuse", "self_harm",
}  # fmt: skip
CRIMINAL_SUBTYPES = {
    "offence", "allegation", "arrest", "charge", "caution", "conviction", "sentence", "bail", "custody",
    "probation", "court_order",
}  # fmt: skip


def find(nlp, settings, text, people=()):
    return find_sensitive(nlp(text), list(people), settings)


def person(text, name, person_id, role):
    """A PERSON finding for the first occurrence of `name`, as the people stage would give it."""
    start = text.index(name)
    return Finding("personal", "PERSON", start, start + len(name), name, 0.85, "test", person=person_id, role=role)


def only(findings, text):
    """The one finding whose text is `text`."""
    [found] = [f for f in findings if f.text == text]
    return found


@pytest.mark.parametrize(
    ("sentence", "term", "entity_type", "subtype"),
    [
        ("Kelly uses her inhaler before PE because of her asthma.", "asthma", "HEALTH", "physical"),
        ("Ms Clarke has struggled with anxiety since the move.", "anxiety", "HEALTH", "mental_health"),
        ("Jayden has cerebral palsy and uses a walking frame.", "cerebral palsy", "HEALTH", "disability"),
        ("Jayden was assessed for autism in Year 4.", "autism", "HEALTH", "neurodevelopmental"),
        ("Mum told the health visitor she now takes sertraline.", "sertraline", "HEALTH", "medication"),
        ("Kelly is 14 weeks pregnant and has not seen a GP.", "weeks pregnant", "HEALTH", "pregnancy"),
        ("Kelly attended the sexual health clinic on 2 May.", "sexual health clinic", "HEALTH", "sexual_health"),
        ("Dad admitted using cocaine at weekends.", "cocaine", "HEALTH", "substance_misuse"),
        ("Staff found a ligature in Kelly's bedroom.", "ligature", "HEALTH", "self_harm"),
        ("The family are White British and live in Northshire.", "White British", "RACIAL_ETHNIC_ORIGIN",
         "racial_ethnic_origin"),
        ("Jayden attends the madrasa after school each day.", "madrasa", "RELIGION_BELIEF", "religion_belief"),
        ("His uncle has shared far-right material with him online.", "far-right", "POLITICAL_OPINION",
         "political_opinion"),
        ("Dad is the shop steward at the depot.", "shop steward", "TRADE_UNION", "trade_union"),
        ("Genetic testing showed that Kelly has sickle cell trait.", "sickle cell trait", "GENETIC", "genetic"),
        ("The school uses fingerprint scanners for lunch payments.", "fingerprint", "BIOMETRIC", "biometric"),
        ("Kelly told the nurse she is sexually active.", "sexually active", "SEX_LIFE", "sex_life"),
        ("Jordan told his youth worker that he is bisexual.", "bisexual", "SEXUAL_ORIENTATION",
         "sexual_orientation"),
        ("Alex has been referred to GIDS by the GP.", "GIDS", "GENDER_IDENTITY", "gender_identity"),
        ("Jayden was seen running a county lines phone.", "county lines", "CRIMINAL_OFFENCE", "offence"),
        ("Mr Jones is accused of hitting Kelly with a belt.", "accused of", "CRIMINAL_OFFENCE", "allegation"),
        ("Dad was arrested at the address on 12 March.", "arrested", "CRIMINAL_OFFENCE", "arrest"),
        ("Mr Jones has been charged with ABH.", "charged with", "CRIMINAL_OFFENCE", "charge"),
        ("Jayden received a youth caution in 2023.", "youth caution", "CRIMINAL_OFFENCE", "caution"),
        ("Mr Jones has previous convictions for violence.", "previous convictions", "CRIMINAL_OFFENCE",
         "conviction"),
        ("He was given a suspended sentence last year.", "suspended sentence", "CRIMINAL_OFFENCE", "sentence"),
        ("Mr Jones is on police bail until 1 July.", "police bail", "CRIMINAL_OFFENCE", "bail"),
        ("Kelly's brother is on remand at HMP Northshire.", "HMP Northshire", "CRIMINAL_OFFENCE", "custody"),
        ("Jayden is supervised by the Youth Offending Team.", "Youth Offending Team", "CRIMINAL_OFFENCE",
         "probation"),
        ("A non-molestation order prevents Mr Jones contacting Mum.", "non-molestation order", "CRIMINAL_OFFENCE",
         "court_order"),
    ],
)
def test_each_subtype_is_found_in_a_letter_sentence(nlp, settings, sentence, term, entity_type, subtype):
    found = only(find(nlp, settings, sentence), term)
    assert (found.entity_type, found.subtype) == (entity_type, subtype)
    assert found.kind == ("criminal" if entity_type == "CRIMINAL_OFFENCE" else "special")
    assert found.recognizer.startswith("lexicon:") and found.score == 0.85
    assert sentence[found.start : found.end] == term


@pytest.mark.parametrize(
    ("sentence", "term", "subtype"),
    [
        ("Her father is serving a prison sentence for burglary.", "prison sentence", "sentence"),
        ("Mum's brother was sent to prison last year.", "sent to prison", "custody"),
        ("He completed probation supervision in 2022.", "probation supervision", "probation"),
        ("Her fingerprints were taken in custody.", "in custody", "custody"),
        ("He is due to answer bail on 16 April.", "answer bail", "bail"),
        ("Mum is a member of the GMB union.", "GMB union", "trade_union"),
        ("Staff have told me that he is openly gay.", "openly gay", "sexual_orientation"),
        ("Jordan said that he is bi and has told his friends.", "is bi", "sexual_orientation"),
        ("Officers found Ms Kowalczyk with a cut to her lower lip.", "cut to her", "physical"),
        ("There was redness to her neck and bruising to her arm.", "redness to her", "physical"),
        ("There was redness to her neck and bruising to her arm.", "bruising to her arm", "physical"),
        ("She had a broken wrist in 2018 after a fall.", "broken wrist", "physical"),
        ("He shouts when he has been drinking.", "been drinking", "substance_misuse"),
        ("Daniel is non-verbal and uses a communication book.", "non-verbal", "disability"),
        ("Yusuf has a speech delay and is on the waiting list.", "speech delay", "disability"),
    ],
)
def test_phrase_forms_practitioners_write_are_found(nlp, settings, sentence, term, subtype):
    assert only(find(nlp, settings, sentence), term).subtype == subtype


@pytest.mark.parametrize(
    ("sentence", "offence"),
    [
        ("It is alleged that Kayla was assaulted by another pupil in October.", "assaulted"),
        ("It is said locally that Mr Barker is on bail for an assault on a previous partner.", "assault"),
        ("He was arrested on suspicion of assault occasioning actual bodily harm.",
         "assault occasioning actual bodily harm"),
        ("The police are investigating an allegation of sexual exploitation.", "sexual exploitation"),
        ("It has been said by other parents that the family were evicted because of drug dealing.", "drug dealing"),
    ],
)
def test_an_offence_presented_as_alleged_is_an_allegation(nlp, settings, sentence, offence):
    found = find(nlp, settings, sentence)
    assert only(found, offence).subtype == "allegation"
    assert [f.text for f in found if f.subtype == "allegation"] == [offence]


def test_the_cue_before_an_alleged_offence_is_part_of_its_one_finding(nlp, settings):
    text = "The police are investigating an alleged assault on 28 February."
    assert [(f.text, f.subtype) for f in find(nlp, settings, text)] == [("alleged assault", "allegation")]


def test_a_charge_stays_a_finding_and_the_offence_charged_is_an_allegation(nlp, settings):
    text = "You were charged with common assault and criminal damage in January."
    assert [(f.text, f.subtype) for f in find(nlp, settings, text)] == [
        ("charged with", "charge"),
        ("common assault", "allegation"),
        ("criminal damage", "allegation"),
    ]


def test_a_proven_offence_stays_an_offence(nlp, settings):
    text = "Mr Sharma was convicted of assault by beating in January 2026."
    assert only(find(nlp, settings, text), "assault by beating").subtype == "offence"


def test_an_allegation_word_without_an_offence_is_not_a_finding(nlp, settings):
    assert find(nlp, settings, "It has been alleged that the children are left alone in the evenings.") == []


def test_touching_terms_of_one_subtype_are_one_finding(nlp, settings):
    text = "Lan uses a salbutamol inhaler; Kyle was arrested for possession of a Class A drug with intent to supply."
    assert [f.text for f in find(nlp, settings, text)] == [
        "salbutamol inhaler",
        "arrested",
        "possession of a Class A drug with intent to supply",
    ]


def test_touching_terms_of_different_subtypes_stay_apart(nlp, settings):
    text = "Sam was cautioned for possession of cannabis last year."
    assert [(f.text, f.subtype) for f in find(nlp, settings, text)] == [
        ("cautioned for", "caution"),
        ("possession of cannabis", "offence"),
    ]


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("The family are of Ghanaian heritage.", "Ghanaian heritage"),
        ("They attend Grace Fellowship church on Sundays.", "Grace Fellowship church"),
        ("The family attend St Joseph's Church every Sunday.", "St Joseph's Church"),
    ],
)
def test_a_term_takes_the_proper_name_next_to_it(nlp, settings, sentence, term):
    assert [f.text for f in find(nlp, settings, sentence)] == [term]


def test_heritage_without_a_name_is_not_a_finding(nlp, settings):
    assert find(nlp, settings, "The school celebrates the town's industrial heritage.") == []


def test_a_name_the_earlier_stage_found_inside_a_term_does_not_hide_it(nlp, settings):
    text = "Finn is showing signs of a restrictive eating disorder."
    found = find(nlp, settings, text, [person(text, "eating", "P9", "third_party")])
    assert [f.text for f in found] == ["eating disorder"]


def test_inflected_forms_match_on_lemmas(nlp, settings):
    text = "Kelly self-harmed in March, overdosed in April and has been self-harming since; Dad was remanded."
    found = {f.text: f.subtype for f in find(nlp, settings, text)}
    assert found == {
        "self-harmed": "self_harm",
        "overdosed": "self_harm",
        "self-harming": "self_harm",
        "remanded": "custody",
    }


def test_spelling_variants_from_word_documents_match(nlp, settings):
    text = "Jayden has Asperger’s, and his sister has a history of self harm."
    assert [f.text for f in find(nlp, settings, text)] == ["Asperger’s", "self harm"]


def test_abbreviations_match_only_in_capitals(nlp, settings):
    assert [f.text for f in find(nlp, settings, "Jayden has a diagnosis of ASD.")] == ["ASD"]
    assert find(nlp, settings, "He kept the asd form in his bag.") == []


def test_terms_marked_lemma_false_do_not_catch_ordinary_words(nlp, settings):
    text = "In the first sentence of her letter, Mum said the garden was cut back."
    assert find(nlp, settings, text) == []


def test_overlapping_terms_give_the_longest(nlp, settings):
    text = "Mum was treated for postnatal depression; Dad was convicted of possession with intent to supply."
    assert [f.text for f in find(nlp, settings, text)] == [
        "postnatal depression",
        "convicted",
        "possession with intent to supply",
    ]


def test_a_longer_health_term_wins_over_a_criminal_word_inside_it(nlp, settings):
    found = only(find(nlp, settings, "Grandad had a cardiac arrest last year."), "cardiac arrest")
    assert (found.entity_type, found.subtype) == ("HEALTH", "physical")


def test_a_term_inside_a_persons_name_is_not_a_finding(nlp, settings):
    text = "Faith Christian, the school nurse, visited the family on Monday."
    assert find(nlp, settings, text, [person(text, "Faith Christian", "P2", "professional")]) == []


@pytest.mark.parametrize(
    "sentence",
    ["The family moved to 4 Mosque Road in June.", "Grace attends St Aidan's Church of England Primary School."],
)
def test_a_term_in_a_street_or_school_name_is_not_a_finding(nlp, settings, sentence):
    assert find(nlp, settings, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("There is no history of self-harm.", "self-harm"),
        ("Mr Jones is not known to police.", "known to police"),
        ("Mum denies any drug use.", "drug use"),
        ("Kelly has never been arrested.", "arrested"),
        ("ADHD has been ruled out by the paediatrician.", "ADHD"),
        ("There is no evidence of alcohol misuse in the home.", "alcohol misuse"),
        ("Kelly said she has not been self-harming.", "self-harming"),
        ("Mum denied that she had taken cocaine.", "cocaine"),
        ("No other member of the household has been arrested.", "arrested"),
        ("Neither Mum nor Sam is known to the police.", "known to the police"),
        ("Mum has no plans to harm herself or the children.", "harm herself"),
    ],
)
def test_negated_findings_are_still_reported_and_marked(nlp, settings, sentence, term):
    found = only(find(nlp, settings, sentence), term)
    assert found.negated and not found.hypothetical


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("If she were pregnant, the risk to the baby would increase.", "pregnant"),
        ("Without support Jayden would be at risk of criminal exploitation.", "criminal exploitation"),
        ("In case of a seizure, staff should call 999.", "seizure"),
        ("It is unclear whether Mr Jones has been charged with assault.", "assault"),
        ("Kelly could be pregnant, so she was referred to the GP.", "pregnant"),
    ],
)
def test_hypothetical_findings_are_still_reported_and_marked(nlp, settings, sentence, term):
    found = only(find(nlp, settings, sentence), term)
    assert found.hypothetical and not found.negated


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("Dad was arrested for ABH and later denied it.", "arrested"),
        ("Ms Clarke denied the allegation but was later arrested.", "arrested"),
        ("Your bail conditions do not allow contact with Ms Begum.", "bail conditions"),
        ("I cannot share the new address because of the non-molestation order.", "non-molestation order"),
    ],
)
def test_a_negation_does_not_reach_beyond_its_clause(nlp, settings, sentence, term):
    found = only(find(nlp, settings, sentence), term)
    assert not found.negated and not found.hypothetical


def test_mothers_depression_is_tied_to_the_mother_not_the_child(nlp, settings):
    text = "Kelly's asthma is well controlled, but her mother's depression has worsened."
    found = find(nlp, settings, text, [person(text, "Kelly", "P1", "subject")])
    assert (only(found, "asthma").person, only(found, "asthma").role) == ("P1", "subject")
    assert (only(found, "depression").person, only(found, "depression").role) == (None, "family")


def test_the_subject_of_the_verb_holds_the_diagnosis(nlp, settings):
    text = "Kelly has been diagnosed with depression."
    found = only(find(nlp, settings, text, [person(text, "Kelly", "P1", "subject")]), "depression")
    assert found.person == "P1"


def test_a_professional_is_not_tied_to_what_they_report(nlp, settings):
    text = "Dr Patel diagnosed Kelly with ADHD in 2022."
    people = [person(text, "Dr Patel", "P2", "professional"), person(text, "Kelly", "P1", "subject")]
    assert only(find(nlp, settings, text, people), "ADHD").person == "P1"


def test_a_named_family_member_keeps_their_id_and_role(nlp, settings):
    text = "Ms Clarke was arrested on 4 June and released on bail."
    people = [person(text, "Ms Clarke", "P3", "family")]
    assert {(f.text, f.person, f.role) for f in find(nlp, settings, text, people)} == {
        ("arrested", "P3", "family"),
        ("released on bail", "P3", "family"),
    }


def test_a_family_word_ties_the_finding_to_the_family(nlp, settings):
    text = "Kelly told her teacher that her stepfather drinks heavily."
    found = only(find(nlp, settings, text, [person(text, "Kelly", "P1", "subject")]), "drinks heavily")
    assert (found.person, found.role) == (None, "family")


def test_family_words_come_from_the_people_config(nlp, settings):
    text = "Kelly told her teacher that her boyfriend drinks heavily."
    assert "boyfriend" in settings.section("people")["family_words"]
    found = only(find(nlp, settings, text, [person(text, "Kelly", "P1", "subject")]), "drinks heavily")
    assert found.role == "family"


def test_a_pronoun_stands_for_the_person_named_before_it(nlp, settings):
    text = "Mum (Kelly Clarke) told me that she has been struggling with depression since the birth of Jayden's sister."
    people = [person(text, "Kelly Clarke", "P4", "family"), person(text, "Jayden", "P1", "subject")]
    assert only(find(nlp, settings, text, people), "depression").person == "P4"


def test_a_coordinated_verb_shares_its_subject(nlp, settings):
    text = "Jayden is Muslim and attends the mosque with his grandfather."
    found = only(find(nlp, settings, text, [person(text, "Jayden", "P1", "subject")]), "mosque")
    assert (found.person, found.role) == ("P1", "subject")


def test_the_nearest_person_is_used_when_the_parse_names_no_one(nlp, settings):
    text = "At the visit there was a strong smell of cannabis, according to Jordan Smith."
    found = only(find(nlp, settings, text, [person(text, "Jordan Smith", "P4", "third_party")]), "smell of cannabis")
    assert (found.person, found.role) == ("P4", "third_party")


def test_lexicons_load_with_over_400_terms_and_no_term_listed_twice(settings):
    entries = list(lexicon_terms(settings))
    assert len(entries) > 400
    assert {term.lexicon for term, _ in entries} == {
        "health", "racial_ethnic_origin", "religion_belief", "political_opinion", "trade_union", "genetic",
        "biometric", "sex_life", "sexual_orientation", "gender_identity", "criminal",
    }  # fmt: skip
    written = [str(entry["term"]).lower() for _, entry in entries]
    assert sorted({w for w in written if written.count(w) > 1}) == []


def test_every_term_has_a_subtype_its_category_allows(settings):
    for term, entry in lexicon_terms(settings):
        if term.entity_type == "HEALTH":
            allowed = HEALTH_SUBTYPES
        elif term.entity_type == "CRIMINAL_OFFENCE":
            allowed = CRIMINAL_SUBTYPES
        else:
            allowed = {term.entity_type.lower()}
        assert term.subtype in allowed, entry
        assert settings.section("lexicons")[term.lexicon]["article"].startswith("UK GDPR")


def test_a_5000_word_letter_is_matched_on_the_shared_parse_without_parsing_again(nlp, settings, monkeypatch):
    paragraph = (
        "Kelly's mother has postnatal depression and takes sertraline. Dad was arrested for ABH in March "
        "and is on police bail. There is no history of self-harm. The family attend the local mosque. "
    )
    words_per_paragraph = len(paragraph.split())
    doc = nlp(paragraph * (5000 // words_per_paragraph + 1))
    build_matchers(settings)

    def no_second_parse(*args, **kwargs):
        raise AssertionError("the document was parsed again")

    monkeypatch.setattr(Language, "__call__", no_second_parse)
    monkeypatch.setattr(Language, "pipe", no_second_parse)
    findings = find_sensitive(doc, [], settings)
    assert len(doc) > 5000
    assert len(findings) == 7 * (5000 // words_per_paragraph + 1)


def test_a_family_word_with_a_name_in_apposition_stands_for_that_person(nlp, settings):
    text = "Tyler-Jay's older brother, Reece, was convicted of robbery in 2024."
    people = [person(text, "Tyler-Jay", "P1", "subject"), person(text, "Reece", "P3", "third_party")]
    found = only(find(nlp, settings, text, people), "convicted")
    assert (found.person, found.role) == ("P3", "third_party")


def test_a_sentence_naming_no_one_belongs_to_the_one_person_named_before_it_in_the_paragraph(nlp, settings):
    text = "Kayleigh-Ann first presented in May. She was referred to CAMHS in July."
    found = only(find(nlp, settings, text, [person(text, "Kayleigh-Ann", "P1", "subject")]), "CAMHS")
    assert (found.person, found.role) == ("P1", "subject")


def test_a_sentence_naming_no_one_after_two_people_stays_unattributed(nlp, settings):
    text = "Mrs Okafor had a scan before Blessing was born. Her screening for HIV was negative."
    people = [person(text, "Mrs Okafor", "P2", "family"), person(text, "Blessing", "P1", "subject")]
    found = only(find(nlp, settings, text, people), "HIV")
    assert found.person is None


def test_a_first_language_reveals_ethnic_origin(nlp, settings):
    text = "Lan is of Vietnamese heritage and her first language is Vietnamese; her English is good."
    found = [f for f in find(nlp, settings, text) if f.subtype == "racial_ethnic_origin"]
    assert "first language is Vietnamese" in {f.text for f in found}


def test_groups_joined_by_and_or_or_are_one_finding(nlp, settings):
    text = "Rose is of mixed race (White British and Black Caribbean) heritage. Stalking or harassment: yes."
    texts = {f.text for f in find(nlp, settings, text)}
    assert "White British and Black Caribbean" in texts and "Stalking or harassment" in texts


def test_a_partner_of_the_same_sex_as_the_pronoun_reveals_orientation(nlp, settings):
    found = find(nlp, settings, "Lan told another pupil that she has a girlfriend.")
    assert [(f.text, f.subtype) for f in found] == [("she has a girlfriend", "sexual_orientation")]
    assert not find(nlp, settings, "Finn said that he has a girlfriend in Year 9.")


def test_a_drug_brand_the_ner_read_as_a_person_is_still_medication(nlp, settings):
    text = "He takes 18 mg of Concerta XL each morning."
    misread = Finding("personal", "PERSON", text.index("Concerta"), text.index(" each"), "Concerta XL", 0.85, "SpacyRecognizer")
    assert [f.subtype for f in find(nlp, settings, text, [misread])] == ["medication"]


def test_a_job_title_or_service_named_after_an_offence_is_not_criminal_data(nlp, settings):
    text = "From: Priya Sandhu, Independent Domestic Violence Adviser, Northshire Domestic Abuse Service. Crime reference: NP-26-022918."
    assert not [f for f in find(nlp, settings, text) if f.kind == "criminal"]


@pytest.mark.parametrize(("sentence", "term", "subtype"), [
    ("Mum has asked for a carers' assessment because of her MS.", "MS", "physical"),
    ("Grace's dad has a court order which stops him coming to school.", "court order", "court_order"),
])
def test_abbreviations_and_plain_terms_added_from_the_samples(nlp, settings, sentence, term, subtype):
    assert only(find(nlp, settings, sentence), term).subtype == subtype


def test_a_cue_in_one_table_cell_does_not_reach_the_next(nlp, settings):
    text = "Strangulation or choking\nYes\nReported by victim\n"
    assert only(find(nlp, settings, text), "Strangulation").subtype == "offence"


def test_an_ordinary_word_for_violence_is_an_allegation_only_where_the_sentence_says_it_is_alleged(nlp, settings):
    alleged = "It has been alleged by a relative that Mr Adeyemi hit Daniel last year."
    assert [(f.text, f.subtype) for f in find(nlp, settings, alleged)] == [("hit", "allegation")]
    assert not find(nlp, settings, "The bus hit the kerb outside school.")


def test_a_partner_is_part_of_what_a_sentence_about_orientation_reveals_and_nothing_elsewhere(nlp, settings):
    about = 'Finn also mentioned that he thinks he "might be bi" and that he has a girlfriend in Year 9.'
    assert {f.text for f in find(nlp, settings, about)} == {"might be bi", "girlfriend"}
    assert not find(nlp, settings, "Kyle met his girlfriend at the youth club.")
