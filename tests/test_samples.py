"""The sample letters agree with their gold files, hold only fictional data, and the eval scoring is right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stdnum.gb import nhs

from pipeline.evaluate import (
    LABELS, PERSONAL_TYPES, ROLES, SAMPLES_DIR, GoldSentence,
    GoldSpan, Results, Score, Share, TabMention, confusion_matrix, entity_scores, expand_entities, label_scores,
    load_gold, locate_sentences, macro_f1, matches, pair_sentences, people_share, redaction_shares,
    relevance_scores, sensitive_scores, tab_scores, word_occurrences,
)
from pipeline.types import DiscloseError, Finding, Statement
from pipeline.wordfile import read_docx
from pipeline.sensitive import vocabulary
from samples.make_docx import LETTERS, build, save_reproducibly

GOLD_PATHS = sorted(SAMPLES_DIR.glob("*.gold.json"))
INVENTED_PLACES = ("northshire", "eastbrook")
CONSENT = ("given", "refused", "not-sought", "unsafe-to-seek")
# Ofcom's numbers for drama: the digits after the leading 0 (or +44) start with one of these.
DRAMA_PREFIXES = (
    "7700900", "113496", "114496", "115496", "116496", "117496", "118496", "1214960", "1314960", "1414960",
    "1514960", "1614960", "1914980", "20794", "1632960", "2890180", "29018",
)


def letter_text(path: Path) -> str:
    """The extracted text that gold files refer to."""
    return read_docx(path)[0] if path.suffix == ".docx" else path.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=GOLD_PATHS, ids=lambda p: p.name.removesuffix(".gold.json"))
def sample(request):
    gold = load_gold(request.param)
    return gold, letter_text(SAMPLES_DIR / gold["file"])


def all_entities():
    return [e for path in GOLD_PATHS for e in load_gold(path)["entities"]]


def test_every_gold_entity_occurs_in_its_letter(sample):
    gold, text = sample
    for entity in gold["entities"]:
        occurrences = word_occurrences(text, entity["text"])
        assert occurrences, f"{entity['text']!r} is not in {gold['file']}"
        assert all(i < len(occurrences) for i in entity.get("occurrences", [])), entity


def test_every_gold_sentence_lies_within_one_paragraph(sample):
    gold, text = sample
    paragraphs = text.split("\n")
    for sentence in gold["sentences"]:
        assert any(sentence["text"] in paragraph for paragraph in paragraphs), sentence["text"]
        assert sentence["label"] in LABELS and isinstance(sentence["relevant"], bool)


def test_gold_roles_types_and_subtypes_are_from_the_allowed_lists(sample, settings):
    gold, _ = sample
    lexicons = vocabulary(settings)
    for entity in gold["entities"]:
        # An event date belongs to an event, not to one person: its role may be left out.
        assert entity["role"] in ROLES or (entity["entity_type"] == "DATE_TIME" and entity["role"] is None), entity
        assert isinstance(entity["redact"], bool), entity
        if entity["kind"] == "personal":
            assert entity["entity_type"] in PERSONAL_TYPES and entity["subtype"] is None, entity
        else:
            assert entity["subtype"] in lexicons[entity["kind"]][entity["entity_type"]], entity


def test_gold_context_states_purpose_recipient_subjects_and_consent(sample):
    gold, text = sample
    context = gold["context"]
    assert context["purpose"] and context["recipient"] and context["lawful_basis"]
    assert context["consent"] in CONSENT
    # A subject's full name need not appear: a letter may call the child by first name only.
    assert all(subject.split()[0] in text for subject in context["subjects"])


def test_gold_covers_every_special_and_criminal_subtype(settings):
    subtypes = {e["subtype"] for e in all_entities() if e["kind"] != "personal"}
    wanted = {subtype for types in vocabulary(settings).values() for found in types.values() for subtype in found}
    assert wanted <= subtypes, wanted - subtypes


def test_sample_phone_numbers_are_in_ofcom_drama_ranges():
    for entity in all_entities():
        if entity["entity_type"] == "PHONE_NUMBER":
            digits = re.sub(r"\D", "", entity["text"]).removeprefix("44").removeprefix("0")
            assert digits.startswith(DRAMA_PREFIXES), entity["text"]


def test_sample_nhs_numbers_pass_the_check_digit_and_emails_use_invented_domains():
    for entity in all_entities():
        if entity["entity_type"] == "UK_NHS":
            assert nhs.is_valid(entity["text"]), entity["text"]
        if entity["entity_type"] == "EMAIL_ADDRESS":
            domain = entity["text"].split("@")[1]
            assert "example" in domain or domain.split(".")[0] in INVENTED_PLACES, entity["text"]


def test_make_docx_rebuilds_the_committed_letters(tmp_path):
    for stem, letter in LETTERS.items():
        rebuilt = tmp_path / f"{stem}.docx"
        save_reproducibly(build(letter), rebuilt)
        assert rebuilt.read_bytes() == (SAMPLES_DIR / f"{stem}.docx").read_bytes(), "run python samples/make_docx.py"


def span(start, end, entity_type="PERSON", kind="personal", subtype=None, person="P1", redact=False):
    return GoldSpan(start, end, entity_type, kind, subtype, "subject", person, redact)


def finding(start, end, entity_type="PERSON", kind="personal", subtype=None, decision="keep"):
    return Finding(kind, entity_type, start, end, "", 0.9, "test", subtype=subtype, decision=decision)


def statement(start, end, label="fact", relevant=True):
    return Statement(start, end, "", label=label, relevant=relevant)


def test_word_occurrences_are_whole_words_and_case_sensitive():
    text = "Jayden's coat. Jaydena. jayden. Hope hopes."
    assert word_occurrences(text, "Jayden") == [(0, 6)]
    assert word_occurrences(text, "Hope") == [(32, 36)]


def test_expanded_gold_lets_a_longer_entity_win_and_honours_occurrences():
    text = "Summer Clarke met Summer before the Summer term."
    entities = [
        {"text": "Summer", "entity_type": "PERSON", "kind": "personal", "role": "family", "redact": False,
         "occurrences": [1]},
        {"text": "Summer Clarke", "entity_type": "PERSON", "kind": "personal", "role": "family", "redact": False},
    ]
    assert [(s.start, s.end) for s in expand_entities(text, entities)] == [(0, 13), (18, 24)]


def test_a_finding_matches_when_it_covers_half_the_gold_span():
    gold = span(0, 10)
    assert matches(gold, 5, 20)
    assert not matches(gold, 6, 20)


def test_entity_scores_need_the_same_type_except_on_the_any_personal_data_line():
    gold = [span(0, 5), span(10, 20, "ADDRESS")]
    found = [finding(0, 5), finding(10, 20, "LOCATION"), finding(30, 35)]
    table = entity_scores(gold, found)
    assert table["PERSON"].recall == Share(1, 1) and table["PERSON"].precision == Share(1, 2)
    assert table["ADDRESS"].recall == Share(0, 1)
    assert table["overall"].recall == Share(1, 2)
    assert table["any personal data"].recall == Share(2, 2) and table["any personal data"].precision == Share(2, 3)


def test_sensitive_scores_pair_by_subtype():
    gold = [span(0, 4, "HEALTH", "special", "mental_health"), span(10, 18, "CRIMINAL_OFFENCE", "criminal", "arrest")]
    found = [finding(0, 4, "HEALTH", "special", "medication"), finding(10, 18, "CRIMINAL_OFFENCE", "criminal", "arrest")]
    table = sensitive_scores(gold, found)
    assert table["arrest"].f1 == 1.0
    assert table["mental_health"].recall == Share(0, 1) and table["medication"].precision == Share(0, 1)
    assert table["overall"].recall == Share(1, 2)


def test_redaction_counts_review_as_a_hit_and_untouched_kept_spans_as_agreement():
    gold = [span(0, 5, redact=True), span(10, 15, redact=True), span(20, 25), span(30, 35)]
    found = [finding(0, 5, decision="review"), finding(10, 15, decision="keep"), finding(20, 25, decision="redact")]
    shares = redaction_shares(gold, found)
    assert shares["must-redact found"] == Share(2, 2)
    assert shares["must-redact recall"] == Share(1, 2)
    assert shares["keep agreement"] == Share(1, 2)


def test_a_person_counts_only_when_every_mention_is_found():
    gold = [span(0, 5, person="P1"), span(10, 15, person="P1"), span(20, 25, person="P2")]
    assert people_share(gold, [finding(0, 5), finding(20, 25)]) == Share(1, 2)


def test_each_gold_sentence_pairs_with_the_statement_that_overlaps_it_most():
    gold = [GoldSentence(0, 10, "fact", True), GoldSentence(11, 20, "opinion", False), GoldSentence(30, 40, "reported", True)]
    pairs = pair_sentences(gold, [statement(0, 12, "fact"), statement(12, 20, "fact", relevant=False)])
    assert [p[1].start if p[1] else None for p in pairs] == [0, 12, None]
    matrix = confusion_matrix(pairs)
    assert matrix["opinion"]["fact"] == 1 and matrix["reported"]["none"] == 1
    scores = label_scores(matrix)
    assert scores["fact"].precision == Share(1, 2) and scores["fact"].recall == Share(1, 1)
    assert macro_f1(scores) == pytest.approx((2 / 3 + 0 + 0) / 3)
    relevance = relevance_scores(pairs)
    assert relevance["not relevant"].precision == Share(1, 1) and relevance["relevant"].recall == Share(1, 2)


def test_locating_a_sentence_that_is_not_in_the_letter_is_an_error():
    assert locate_sentences("One. Two. One.", [{"text": "One.", "label": "fact", "relevant": True}] * 2)[1].start == 10
    with pytest.raises(DiscloseError, match="not in the letter"):
        locate_sentences("One.", [{"text": "Three.", "label": "fact", "relevant": True}])


def test_tab_entity_recall_needs_every_mention_masked():
    text = "John Smith met John at Leeds."
    mentions = [TabMention(0, 10, "DIRECT", "a/1"), TabMention(15, 19, "DIRECT", "a/1"), TabMention(23, 28, "QUASI", "a/2")]
    scores = tab_scores(text, mentions, [(0, 10), (23, 28), (11, 14)])
    assert scores["DIRECT recall"] == Share(0, 1)
    assert scores["QUASI recall"] == Share(1, 1)
    assert scores["precision"] == Share(2, 3)


def test_results_add_up_over_letters():
    one = Results(1, {"PERSON": Score(Share(1, 2), Share(1, 1))}, people=Share(1, 1))
    two = Results(1, {"PERSON": Score(Share(2, 2), Share(0, 1)), "AGE": Score()}, people=Share(0, 1))
    total = one + two
    assert total.letters == 2 and total.people == Share(1, 2)
    assert total.entities["PERSON"] == Score(Share(3, 4), Share(1, 2)) and "AGE" in total.entities


def test_decision_agreement_adds_up_per_purpose_profile():
    referral = {"must-redact recall": Share(3, 4), "keep agreement": Share(8, 10)}
    transfer = {"must-redact recall": Share(1, 1), "keep agreement": Share(5, 5)}
    total = (
        Results(1, redaction_by_profile={"referral_to_csc": referral})
        + Results(1, redaction_by_profile={"referral_to_csc": referral})
        + Results(1, redaction_by_profile={"school_transfer": transfer})
    )
    assert total.redaction_by_profile["referral_to_csc"]["must-redact recall"] == Share(6, 8)
    assert total.redaction_by_profile["school_transfer"]["keep agreement"] == Share(5, 5)
