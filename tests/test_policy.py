"""The policy: ordered, data-driven rules; user overrides; citations by edition; one decision each."""

from __future__ import annotations

import pytest
import yaml

from pipeline.policy import apply_policy
from pipeline.settings import Settings
from pipeline.types import Context, DiscloseError, Finding, Statement


def person(role: str, text: str = "Sandra Okafor") -> Finding:
    return Finding(kind="personal", entity_type="PERSON", start=0, end=len(text), text=text, score=0.85,
                   recognizer="test", role=role, role_reason="test")


def user_settings(tmp_path, policy: dict, **extra) -> Settings:
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"policy": policy, **extra}), encoding="utf-8")
    return Settings.load(path)


def test_every_finding_and_statement_gets_exactly_one_decision(settings):
    findings = [person("subject"), person("third_party"), person("family"), person("professional")]
    findings.append(Finding(kind="special", entity_type="HEALTH", subtype="mental_health", start=0, end=3,
                            text="PND", score=0.85, recognizer="test", role="family"))
    statements = [Statement(start=0, end=10, text="Mum is not coping.", label="opinion", relevant=True)]
    apply_policy(findings, statements, Context(), "referral_to_csc", settings)
    for item in [*findings, *statements]:
        assert item.decision in ("keep", "redact", "review") and item.rule and item.reason
        assert sum("applied" in step and "not applied" not in step for step in item.explanation) == 1


def test_third_party_name_is_redacted_citing_principle_and_golden_rule(settings):
    finding = person("third_party")
    apply_policy([finding], [], Context(), None, settings)
    assert finding.decision == "redact"
    assert "GR2018-6" in finding.reason and "necessary and proportionate" in finding.reason


def test_edition_2024_changes_the_rule_cited(tmp_path):
    finding = person("third_party")
    apply_policy([finding], [], Context(), None, user_settings(tmp_path, {}, golden_rules_edition="2024"))
    assert "GR2024-5" in finding.reason


def test_referrer_is_hidden_when_the_family_receives_the_letter(settings):
    finding = person("referrer")
    apply_policy([finding], [], Context(), "letter_to_parent", settings)
    assert (finding.decision, finding.rule) == ("redact", "referrer-hidden-from-family")


def test_special_category_data_the_profile_needs_is_kept_with_its_legal_condition(settings):
    finding = Finding(kind="special", entity_type="HEALTH", subtype="neurodevelopmental", start=0, end=4,
                      text="ADHD", score=0.85, recognizer="test", role="subject")
    apply_policy([finding], [], Context(), "school_transfer", settings)
    assert finding.decision == "keep"
    assert "Sch. 1 para 18" in finding.reason and "Art. 9" in finding.reason


def test_user_rules_go_before_the_shipped_rules(tmp_path):
    rule = {"id": "keep-all-names", "when": {"entity_type": "PERSON"}, "decision": "keep", "reason": "local policy"}
    finding = person("third_party")
    apply_policy([finding], [], Context(), None, user_settings(tmp_path, {"rules": [rule]}))
    assert (finding.decision, finding.rule) == ("keep", "keep-all-names")


def test_a_user_policy_can_replace_the_shipped_one(tmp_path):
    rule = {"id": "review-everything", "when": {}, "decision": "review", "reason": "manual review"}
    settings = user_settings(tmp_path, {"replace": True, "rules": [rule]})
    assert [r["id"] for r in settings.section("policy")["rules"]] == ["review-everything"]


@pytest.mark.parametrize(
    "rule, message",
    [
        ({"id": "bad", "when": {}, "decision": "delete"}, "decision must be one of"),
        ({"id": "bad", "when": {"colour": "red"}, "decision": "keep"}, "unknown condition colour"),
    ],
)
def test_a_broken_policy_is_refused_naming_the_rule(tmp_path, rule, message):
    with pytest.raises(DiscloseError, match=message):
        apply_policy([person("subject")], [], Context(), None, user_settings(tmp_path, {"rules": [rule]}))


def test_a_policy_without_a_catch_all_says_so(tmp_path):
    rule = {"id": "only-people", "when": {"entity_type": "PERSON"}, "decision": "keep"}
    settings = user_settings(tmp_path, {"replace": True, "rules": [rule]})
    email = Finding(kind="personal", entity_type="EMAIL_ADDRESS", start=0, end=5, text="a@b.c", score=1, recognizer="t")
    with pytest.raises(DiscloseError, match="catch-all"):
        apply_policy([email], [], Context(), None, settings)


def test_sensitive_data_in_a_statement_that_does_not_bear_on_the_purpose_goes_to_review(settings):
    finding = Finding(kind="special", entity_type="HEALTH", subtype="physical", start=15, end=27,
                      text="broken wrist", score=0.85, recognizer="test", role="subject")
    statement = Statement(start=0, end=60, text="She had a broken wrist in 2018 after a fall.", relevant=False)
    apply_policy([finding], [statement], Context(), "cp_conference", settings)
    assert (finding.decision, finding.rule) == ("review", "special-in-irrelevant-statement")
    statement.relevant = True
    apply_policy([finding], [statement], Context(), "cp_conference", settings)
    assert (finding.decision, finding.rule) == ("keep", "special-needed")


def test_a_place_named_with_special_category_data_goes_to_review(settings):
    text = "The family attend Grace Fellowship church on Dock Road every Sunday."
    place = Finding(kind="personal", entity_type="LOCATION", start=text.index("Dock"), end=text.index(" every"),
                    text="Dock Road", score=0.85, recognizer="test", role="subject")
    church = Finding(kind="special", entity_type="RELIGION_BELIEF", subtype="religion_belief", start=text.index("Grace"),
                     end=text.index(" on"), text="Grace Fellowship church", score=0.85, recognizer="test", role="family")
    statement = Statement(start=0, end=len(text), text=text, relevant=True)
    apply_policy([place, church], [statement], Context(), "referral_to_csc", settings)
    assert (place.decision, place.rule) == ("review", "place-beside-special-data")


def test_a_new_school_is_not_sent_the_pupils_nhs_number_without_a_person_deciding(settings):
    finding = Finding(kind="personal", entity_type="UK_NHS", start=0, end=10, text="9960308243", score=1.0,
                      recognizer="test", role="subject")
    apply_policy([finding], [], Context(), "school_transfer", settings)
    assert (finding.decision, finding.rule) == ("review", "subject-details-unsure")


def test_one_identifier_written_two_ways_gets_the_more_protective_decision_everywhere(settings):
    def nhs(text: str, role: str) -> Finding:
        return Finding(kind="personal", entity_type="UK_NHS", start=0, end=len(text), text=text, score=1.0,
                       recognizer="test", role=role, role_reason="test")
    spaced, unspaced = nhs("543 231 9489", "family"), nhs("5432319489", "subject")
    apply_policy([spaced, unspaced], [], Context(), "referral_to_csc", settings)
    assert spaced.decision == "review" and unspaced.decision == "review"
    assert unspaced.rule == "same-value-everywhere" and "removed everywhere or nowhere" in unspaced.reason


@pytest.mark.parametrize(("profile", "subtype", "kind", "decision"), [
    ("lado_referral", "allegation", "criminal", "keep"),
    ("lado_referral", "trade_union", "special", "redact"),
    ("lado_referral", "sexual_orientation", "special", "redact"),
    ("operation_encompass", "court_order", "criminal", "keep"),
    ("operation_encompass", "conviction", "criminal", "redact"),
])
def test_lado_and_encompass_profiles_keep_what_the_recipient_needs_and_leave_out_the_rest(settings, profile, subtype, kind, decision):
    finding = Finding(kind=kind, entity_type="X", subtype=subtype, start=0, end=4, text="term", score=0.85,
                      recognizer="test", role="subject")
    apply_policy([finding], [], Context(), profile, settings)
    assert finding.decision == decision, finding.reason
