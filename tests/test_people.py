"""People: one id for every mention of a person, and the role the letter gives them."""

from __future__ import annotations

from tests.letters import REFERRAL, analyse_letter


def roles_by_name(tmp_path, settings, text=REFERRAL, subjects=("Jayden Clarke",)):
    analysis = analyse_letter(tmp_path, settings, text, subjects=list(subjects))
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


def analysed(tmp_path, settings, letter, subjects, profile=None, recipient=None):
    return analyse_letter(tmp_path, settings, letter, subjects=list(subjects), profile=profile, recipient=recipient)


def test_a_parent_the_letter_says_is_not_involved_is_a_third_party_and_redacted(tmp_path, settings):
    letter = (
        "Dear colleague,\nRose Lewis, aged 3, attends our nursery. Her father, Mr Marcus Lewis, has had no contact "
        "since 2024 and is not involved in this concern.\n"
    )
    analysis = analysed(tmp_path, settings, letter, ["Rose Lewis"], profile="referral_to_csc")
    [father] = [f for f in analysis.findings if f.text == "Mr Marcus Lewis"]
    assert father.role == "third_party" and "'not involved'" in father.role_reason
    assert father.decision == "redact"


def test_a_sibling_with_no_link_to_the_incident_is_a_third_party_with_his_conviction(tmp_path, settings):
    letter = (
        "Dear DC Hughes,\nTyler-Jay Smith-Jones lives with his mother and his older brother, Reece Smith-Jones, aged 19.\n"
        "Tyler-Jay's older brother, Reece, was convicted of robbery in 2024 and is currently on licence. "
        "School has no information linking Reece to this incident.\n"
    )
    analysis = analysed(tmp_path, settings, letter, ["Tyler-Jay Smith-Jones"], profile="police_request")
    reece = {f.role for f in analysis.findings if f.entity_type == "PERSON" and "Reece" in f.text}
    assert reece == {"third_party"}
    convicted = [f for f in analysis.findings if f.subtype == "conviction"]
    assert convicted and all(f.role == "third_party" and f.decision == "redact" for f in convicted)


def test_a_place_about_an_unnamed_uninvolved_relative_is_a_third_partys(tmp_path, settings):
    letter = "Dear colleague,\nKyle Mensah is 15. Kyle's father lives in London and has no involvement.\n"
    analysis = analysed(tmp_path, settings, letter, ["Kyle Mensah"], profile="referral_to_csc")
    [london] = [f for f in analysis.findings if f.text == "London"]
    assert london.role == "third_party" and london.decision == "redact"


def test_the_mother_of_a_friend_is_a_third_party_not_family(tmp_path, settings):
    letter = "Dear Dr Shah,\nMrs Pike, the mother of one of his friends, has told the school that Finn Nguyen has been cutting his arms.\n"
    people, _ = roles_by_name(tmp_path, settings, text=letter, subjects=("Finn Nguyen",))
    assert people["Mrs Pike"][1] == "third_party" and "mother of one of his friends" in people["Mrs Pike"][2]


def test_the_person_a_letter_is_addressed_to_is_a_professional_unless_the_recipient_is_family(tmp_path, settings):
    letter = "Dear Ms Khan,\nI am writing to refer an allegation concerning Faith Adeyemi, a pupil in Year 9.\n"
    analysis = analysed(tmp_path, settings, letter, ["Faith Adeyemi"])
    assert {f.role for f in analysis.findings if f.text == "Ms Khan"} == {"professional"}
    letter = "Dear Mr Iqbal,\nI am writing to confirm your contact with Zara Iqbal (aged 8).\n"
    analysis = analysed(tmp_path, settings, letter, ["Zara Iqbal"], recipient="Mr Mohammed Iqbal (father)")
    assert {f.role for f in analysis.findings if f.text == "Mr Iqbal"} == {"family"}


def test_an_adult_the_child_lives_with_is_family(tmp_path, settings):
    letter = "Dear colleague,\nLan Nguyen, aged 13, has lived with Mr Peter Hartley since January.\n"
    people, _ = roles_by_name(tmp_path, settings, text=letter, subjects=("Lan Nguyen",))
    assert people["Mr Peter Hartley"][1] == "family" and "lived with" in people["Mr Peter Hartley"][2]


def test_a_titled_surname_joins_the_person_named_before_with_the_same_title(tmp_path, settings):
    letter = (
        "Dear colleague,\nTyler-Jay Smith-Jones lives with his mother, Ms Donna Smith-Jones, and his older brother, "
        "Reece Smith-Jones, aged 19. Ms Smith-Jones told the Head of Year that she was worried.\n"
    )
    people, _ = roles_by_name(tmp_path, settings, text=letter, subjects=("Tyler-Jay Smith-Jones",))
    assert people["Ms Smith-Jones"][0] == people["Ms Donna Smith-Jones"][0] != people["Reece Smith-Jones"][0]


def test_the_mother_of_an_unborn_subject_is_not_the_baby(tmp_path, settings):
    letter = "Dear colleague,\nUnborn baby: Baby Okafor, EDD 12/04/2026\nMrs Okafor is 32 weeks pregnant.\n"
    people, _ = roles_by_name(tmp_path, settings, text=letter, subjects=("Baby Okafor",))
    assert people["Mrs Okafor"][1] != "subject"


def test_someone_posing_a_risk_is_kept_for_social_care_and_hidden_from_the_family(tmp_path, settings):
    letter = (
        "Dear colleague,\nIt has been alleged that Kyle Mensah is working for a drugs line run by an older man "
        'he refers to as "Chief".\n'
    )
    for profile, decision in (("referral_to_csc", "keep"), ("letter_to_parent", "redact")):
        analysis = analysed(tmp_path, settings, letter, ["Kyle Mensah"], profile=profile)
        [chief] = [f for f in analysis.findings if f.text == "Chief"]
        assert chief.poses_risk and "pose a risk" in chief.role_reason
        assert chief.decision == decision, profile


def test_a_councillor_a_family_asks_for_help_is_not_a_professional_in_the_case(tmp_path, settings):
    letter = "Dear Sir or Madam,\nMrs Sharma has also asked her ward councillor, Cllr Marjorie Fenwick, for support.\n"
    people, _ = roles_by_name(tmp_path, settings, text=letter, subjects=("Aarav Sharma",))
    assert people["Cllr Marjorie Fenwick"][1] != "professional"


def test_the_writers_own_organisation_is_a_professional_detail_wherever_the_letter_names_it(tmp_path, settings):
    letter = (
        "Oakfield Primary School, 4 School Lane, Eastbrook EB1 2AA\n"
        "Dear Duty Social Worker,\n"
        "I am writing as Designated Safeguarding Lead at Oakfield Primary School to refer Jayden Clarke, aged 8.\n"
    )
    analysis = analysed(tmp_path, settings, letter, ["Jayden Clarke"], profile="referral_to_csc")
    school = [f for f in analysis.findings if f.text == "Oakfield Primary School"]
    assert len(school) == 2 and {f.role for f in school} == {"professional"} and {f.decision for f in school} == {"keep"}
