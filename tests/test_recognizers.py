"""The UK recognizers, run as the detect stage runs them: an AnalyzerEngine built from config/recognizers.yaml.

All identifiers are fictional: NHS-style numbers invented to pass mod 11, phone numbers from Ofcom's drama
ranges, IBAN and card numbers from published test sets, IP addresses from the documentation range.
"""

from __future__ import annotations

import socket

import pytest
from presidio_analyzer import AnalyzerEngine

from recognizers import build_recognizers
from recognizers.email import OfflineEmailRecognizer
from recognizers.url import WholeUrlRecognizer


@pytest.fixture(scope="session")
def registry_config(settings) -> dict:
    return settings.section("recognizers")


def found(analyzer: AnalyzerEngine, text: str, entity_type: str) -> list[str]:
    """The text of each finding of `entity_type` in `text`."""
    return [text[r.start : r.end] for r in analyzer.analyze(text=text, language="en") if r.entity_type == entity_type]


def score(analyzer: AnalyzerEngine, text: str, entity_type: str) -> float:
    """The score of the one finding of `entity_type` in `text`."""
    [result] = [r for r in analyzer.analyze(text=text, language="en") if r.entity_type == entity_type]
    return result.score


# NHS, CHI and H&C numbers


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919", "943 476\n5919", "943 476 \r\n5919"])
def test_nhs_number_is_found_spaced_dashed_or_split_across_lines(analyzer, number):
    text = f"Jayden's NHS number is {number} and he is registered at Northtown Surgery."
    assert found(analyzer, text, "UK_NHS") == [number]


def test_nhs_number_is_found_without_context_words(analyzer):
    assert found(analyzer, "Reference for Jayden: 943 476 5919.", "UK_NHS") == ["943 476 5919"]


def test_nhs_number_with_bad_check_digit_is_not_found(analyzer):
    assert found(analyzer, "Jayden's NHS number is 943 476 5917.", "UK_NHS") == []


def test_nhs_number_mistyped_into_a_valid_uln_is_still_flagged(analyzer):
    # ULN check digits are NHS check digits minus one, so this typo is a valid ULN: recall first.
    assert found(analyzer, "Jayden's NHS number is 943 476 5918.", "UK_ULN") == ["943 476 5918"]


def test_nhs_number_inside_a_phone_number_with_country_code_is_not_found(analyzer):
    text = "Ms Clarke can be reached on +44 7700 900123 or +44 (0)20 7946 0123."
    assert found(analyzer, text, "UK_NHS") + found(analyzer, text, "UK_ULN") + found(analyzer, text, "UK_CHI") == []


@pytest.mark.parametrize("number", ["120515 1230", "1205151230", "030712 4568"])
def test_chi_number_is_found_as_chi_not_nhs(analyzer, number):
    text = f"NHS Lothian hold Ava's records under CHI number {number}."
    assert found(analyzer, text, "UK_CHI") == [number]
    assert found(analyzer, text, "UK_NHS") == []


def test_chi_number_with_bad_check_digit_is_not_found(analyzer):
    assert found(analyzer, "Her CHI number is 120515 1231.", "UK_CHI") == []


def test_chi_number_needs_a_real_date_of_birth(analyzer):
    # 31/13/15 is no date; the number passes mod 11, so it is an NHS number instead.
    text = "Her CHI number is 311315 1244."
    assert found(analyzer, text, "UK_CHI") == []
    assert found(analyzer, text, "UK_NHS") == ["311315 1244"]


def test_health_and_care_number_is_found_as_hc_not_nhs(analyzer):
    text = "The Belfast Trust confirmed his H&C number as 320 123 4567."
    assert found(analyzer, text, "UK_HEALTH_AND_CARE") == ["320 123 4567"]
    assert found(analyzer, text, "UK_NHS") == []


def test_health_and_care_number_with_bad_check_digit_is_not_found(analyzer):
    assert found(analyzer, "His health and care number is 320 123 4568.", "UK_HEALTH_AND_CARE") == []


def test_number_outside_the_hc_range_is_an_nhs_number(analyzer):
    text = "His health and care number is 401 023 4563."
    assert found(analyzer, text, "UK_HEALTH_AND_CARE") == []
    assert found(analyzer, text, "UK_NHS") == ["401 023 4563"]


# Pupil and learner numbers


@pytest.mark.parametrize(
    "upn",
    [
        "B801200005001",  # the worked example of python-stdnum's UPN module
        "A80120000501A",  # temporary UPN: last character a letter
        "H940123426001",  # LA 940 (North Northamptonshire, 2021), missing from stdnum's list of 2011
        "B801 2000 0500 1",
        "B8012000\n05001",
    ],
)
def test_upn_is_found(analyzer, upn):
    text = f"Please transfer the pupil file for UPN {upn} to Northtown Academy."
    assert found(analyzer, text, "UK_UPN") == [upn]


@pytest.mark.parametrize(
    "upn",
    [
        "A801200005001",  # wrong check letter
        "I801200005001",  # I, O and S are never check letters
        "A80120000501S",  # nor the last letter of a temporary UPN
        "B80120000500",  # one digit short
    ],
)
def test_invalid_upn_is_not_found(analyzer, upn):
    assert found(analyzer, f"Her UPN is {upn} according to the school.", "UK_UPN") == []


@pytest.mark.parametrize("uln", ["9276308686", "927 630 8686"])
def test_uln_is_found(analyzer, uln):
    text = f"Callum's unique learner number (ULN) is {uln}, held by Northtown College."
    assert found(analyzer, text, "UK_ULN") == [uln]


@pytest.mark.parametrize("uln", ["9276308685", "0276308688"])
def test_uln_with_bad_check_digit_or_leading_zero_is_not_found(analyzer, uln):
    assert found(analyzer, f"Callum's ULN is {uln}.", "UK_ULN") == []


# National Insurance numbers


@pytest.mark.parametrize("nino", ["AB 12 34 56 C", "AB123456C", "AB-12-34-56-C", "ab 12 34 56 c", "AB 12 34\n56 C"])
def test_nino_is_found_however_it_is_spaced(analyzer, nino):
    text = f"Mr Clarke gave his National Insurance number as {nino} at the meeting."
    assert found(analyzer, text, "UK_NINO") == [nino]


@pytest.mark.parametrize(
    "nino",
    [
        "QQ 12 34 56 C",  # HMRC's own example: Q is never a first letter
        *(f"{prefix} 12 34 56 C" for prefix in ["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"]),
        *(f"{first}A 12 34 56 C" for first in "DFIQUV"),
        *(f"A{second} 12 34 56 C" for second in "DFIOQUV"),
        "AB 12 34 56 E",  # suffix is A to D
    ],
)
def test_nino_with_disallowed_letters_is_not_found(analyzer, nino):
    assert found(analyzer, f"His National Insurance number is {nino}.", "UK_NINO") == []


# Passports, driving licences, vehicles


@pytest.mark.parametrize("number", ["AB1234567", "123456789"])
def test_passport_number_is_found_next_to_the_word_passport(analyzer, number):
    text = f"Her passport number is {number} and it is held by her father."
    assert found(analyzer, text, "UK_PASSPORT") == [number]


def test_passport_shaped_number_without_context_is_not_found(analyzer):
    assert found(analyzer, "The invoice AB1234567 was paid in March.", "UK_PASSPORT") == []


def test_driving_licence_is_found(analyzer):
    text = "Mr Morgan's driving licence number is MORGA753116SM9IJ."
    assert found(analyzer, text, "UK_DRIVING_LICENCE") == ["MORGA753116SM9IJ"]


def test_driving_licence_without_a_surname_is_not_found(analyzer):
    assert found(analyzer, "His licence number is 99999753116SM9IJ.", "UK_DRIVING_LICENCE") == []


def test_vehicle_registration_is_found(analyzer):
    text = "Police stopped the vehicle, registration AB51 ABC, outside the school."
    assert found(analyzer, text, "UK_VEHICLE_REGISTRATION") == ["AB51 ABC"]


def test_vehicle_registration_with_impossible_age_identifier_is_not_found(analyzer):
    assert found(analyzer, "The vehicle, registration AB01 ABC, was parked.", "UK_VEHICLE_REGISTRATION") == []


def test_mother_and_carer_are_not_vehicle_context(analyzer):
    # Presidio's default context words "mot" and "car" hide inside "mother" and "carer".
    text = "Her mother and carer said P6 and P7 went well."
    assert found(analyzer, text, "UK_VEHICLE_REGISTRATION") == []


# Postcodes


@pytest.mark.parametrize(
    "postcode",
    ["M4 7QP", "B23 6XH", "W1A 4ZZ", "LS6 2QB", "NE33 5TB", "EC2A 3LH", "LS62QB", "EC2A3LH"],
    ids=["A9 9AA", "A99 9AA", "A9A 9AA", "AA9 9AA", "AA99 9AA", "AA9A 9AA", "AA99AA unspaced", "AA9A9AA unspaced"],
)
def test_postcode_of_every_format_is_found_in_an_address_line(analyzer, postcode):
    text = f"The family now live at 14 Acacia Avenue, Northtown, {postcode}."
    assert found(analyzer, text, "UK_POSTCODE") == [postcode]


def test_capitalised_postcode_is_found_without_address_words(analyzer):
    assert found(analyzer, "Jayden is staying with his aunt in LS6 2QB for now.", "UK_POSTCODE") == ["LS6 2QB"]


def test_lowercase_postcode_is_found_only_in_an_address_line(analyzer):
    assert found(analyzer, "They live at 14 acacia avenue, northtown, ls6 2qb.", "UK_POSTCODE") == ["ls6 2qb"]
    assert found(analyzer, "Jayden said ls6 2qb was his gaming name.", "UK_POSTCODE") == []


def test_address_line_raises_the_postcode_score(analyzer):
    plain = score(analyzer, "Jayden is staying with his aunt in LS6 2QB for now.", "UK_POSTCODE")
    in_address = score(analyzer, "Address: 14 Acacia Avenue, Northtown, LS6 2QB.", "UK_POSTCODE")
    assert in_address > plain


# Phone numbers


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",  # Ofcom drama mobile range
        "07700-900-123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "0113 496 0123",  # drama range, Leeds
        "(0113) 496 0123",
        "+44 (0)113 496 0123",
        "+44 (0) 20 7946 0123",  # drama range, London
        "020 7946 0123",
        "020-7946-0123",
        "01632 960123",  # drama range, no area
        "03069 990123",  # drama range, 03
        "0808 157 0123",  # drama range, freephone
        "0113 496\n0123",
    ],
)
def test_phone_number_is_found_however_it_is_written(analyzer, number):
    text = f"Please call Ms Clarke on {number} if you have any concerns."
    assert found(analyzer, text, "PHONE_NUMBER") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Jayden's NHS number is 943 476 5919.",
        "Date of birth: 03-07-2012.",
        "Please call Ms Clarke on 020 7946 012.",  # one digit short
        "Please call Ms Clarke on +44 20 7946 012.",
        "Crime number 52/12345/26 was given.",
    ],
)
def test_numbers_that_are_not_phone_numbers_are_not_found_as_phone_numbers(analyzer, text):
    assert found(analyzer, text, "PHONE_NUMBER") == []


# Email, web and network addresses, money


def test_email_address_is_found(analyzer):
    text = "Please reply to sarah.jones@northshire.gov.uk by Friday."
    assert found(analyzer, text, "EMAIL_ADDRESS") == ["sarah.jones@northshire.gov.uk"]


def test_email_address_with_unknown_suffix_is_not_found(analyzer):
    assert found(analyzer, "His gaming account is jay@clan.notarealsuffix.", "EMAIL_ADDRESS") == []


def test_email_and_url_recognizers_never_touch_the_network(monkeypatch):
    attempts = []

    def refuse(sock, address):
        attempts.append(address)
        raise OSError("network unavailable in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    text = "Write to sarah.jones@northshire.gov.uk or see www.northshire.gov.uk/help."
    emails = OfflineEmailRecognizer().analyze(text, ["EMAIL_ADDRESS"])
    urls = WholeUrlRecognizer().analyze(text, ["URL"])
    assert [text[r.start : r.end] for r in emails] == ["sarah.jones@northshire.gov.uk"]
    assert [text[r.start : r.end] for r in urls] == ["www.northshire.gov.uk/help"]
    assert attempts == []


def test_url_is_found_without_the_full_stop_after_it(analyzer):
    text = "The referral form is at https://www.northshire.gov.uk/childrens-services."
    assert found(analyzer, text, "URL") == ["https://www.northshire.gov.uk/childrens-services"]


def test_parts_of_an_email_address_are_not_urls(analyzer):
    assert found(analyzer, "Please reply to sarah.jones@northshire.gov.uk by Friday.", "URL") == []


def test_ip_address_is_found(analyzer):
    text = "The messages were sent from IP address 192.0.2.15 on 3 March."
    assert found(analyzer, text, "IP_ADDRESS") == ["192.0.2.15"]


def test_iban_is_found_and_one_with_bad_check_digits_is_not(analyzer):
    assert found(analyzer, "Payments go to IBAN GB82 WEST 1234 5698 7654 32.", "IBAN_CODE") == [
        "GB82 WEST 1234 5698 7654 32"
    ]
    assert found(analyzer, "Payments go to IBAN GB82 WEST 1234 5698 7654 33.", "IBAN_CODE") == []


def test_card_number_is_found_and_one_failing_luhn_is_not(analyzer):
    assert found(analyzer, "She used the card 4111 1111 1111 1111.", "CREDIT_CARD") == ["4111 1111 1111 1111"]
    assert found(analyzer, "She used the card 4111 1111 1111 1112.", "CREDIT_CARD") == []


def test_sort_code_and_account_number_are_found_with_context(analyzer):
    text = "Benefits are paid to sort code 40-12-34, account number 41234567."
    assert found(analyzer, text, "UK_SORT_CODE") == ["40-12-34"]
    assert found(analyzer, text, "UK_BANK_ACCOUNT") == ["41234567"]


def test_sort_code_and_account_number_shapes_without_context_are_not_found(analyzer):
    text = "The scores were 40-12-34 in the spring and the video had 41234567 views."
    assert found(analyzer, text, "UK_SORT_CODE") == []
    assert found(analyzer, text, "UK_BANK_ACCOUNT") == []


# Police and local authority references


@pytest.mark.parametrize(
    "reference",
    ["NP/26/004512", "NCC/CS/498812", "52/12345/26", "CAD 1234 12/03/26", "CS-2026-00481", "LCS 1234567"],
)
def test_police_and_local_authority_reference_formats_are_found(analyzer, reference):
    text = f"Police attended the address; please quote {reference} in any reply."
    assert found(analyzer, text, "REFERENCE_NUMBER") == [reference]


@pytest.mark.parametrize(
    "text, reference",
    [
        ("Our ref: JB/LD/2026/117", "JB/LD/2026/117"),
        ("Your reference 2026/117.", "2026/117"),
        ("LA case number: 447305", "447305"),
        ("Crime no. 4471A/26 refers.", "4471A/26"),
    ],
)
def test_anything_with_a_digit_written_after_ref_or_case_number_is_a_reference(analyzer, text, reference):
    assert found(analyzer, text, "REFERENCE_NUMBER") == [reference]


def test_date_is_not_a_reference(analyzer):
    assert found(analyzer, "Police attended on 12/03/26 at 10pm.", "REFERENCE_NUMBER") == []


# Dates of birth and ages


@pytest.mark.parametrize(
    "text, date",
    [
        ("Jayden Clarke, DOB: 12/05/2015, attends Year 5.", "12/05/2015"),
        ("Jayden Clarke (D.O.B. 3.7.2012) attends Year 8.", "3.7.2012"),
        ("Jayden Clarke d/o/b 12-05-2015", "12-05-2015"),
        ("Jayden was born 12 May 2015 at Northtown General.", "12 May 2015"),
        ("Jayden was born on 12th May 2015.", "12th May 2015"),
        ("Date of birth: 12th May 2015", "12th May 2015"),
        ("Date of birth\n12/05/2015", "12/05/2015"),
        ("Ava was born in Leeds on 1st of June 2013.", "1st of June 2013"),
    ],
)
def test_date_after_a_birth_cue_is_a_date_of_birth(analyzer, text, date):
    assert found(analyzer, text, "DATE_OF_BIRTH") == [date]


def test_ordinary_date_stays_a_date_time(analyzer):
    text = "Jayden was born 12 May 2015 and was seen at home on 3 March 2026."
    assert found(analyzer, text, "DATE_OF_BIRTH") == ["12 May 2015"]
    assert "3 March 2026" in found(analyzer, text, "DATE_TIME")


@pytest.mark.parametrize(
    "text, age",
    [
        ("Jayden, aged 7, was left alone overnight.", "aged 7"),
        ("His brother (age 14) cares for him.", "age 14"),
        ("A 14-year-old boy was present.", "14-year-old"),
        ("The 14 year old told staff he was scared.", "14 year old"),
        ("Leo (7 yrs) was asleep upstairs.", "7 yrs"),
        ("Leo, 7yrs, was asleep upstairs.", "7yrs"),
        ("A 9-month-old baby was in the house.", "9-month-old"),
    ],
)
def test_age_is_found(analyzer, text, age):
    assert found(analyzer, text, "AGE") == [age]


@pytest.mark.parametrize("text", ["The family have lived there for 7 years.", "See page 14 of the report."])
def test_length_of_time_and_page_number_are_not_ages(analyzer, text):
    assert found(analyzer, text, "AGE") == []


# The registry loader


def test_every_registry_entry_builds(registry_config):
    assert len(build_recognizers(registry_config)) == len(registry_config["recognizers"])


@pytest.mark.parametrize(
    "entry, problem",
    [
        ({"class": "recognizers.nowhere.NhsRecognizer"}, "cannot import"),
        ({"class": "recognizers.health.NoSuchRecognizer"}, "cannot import"),
        ({"class": "NhsNumberRecognizer"}, "cannot import"),
        ({"class": "pathlib.Path"}, "not a Presidio EntityRecognizer"),
        ({"class": "recognizers.health.NhsNumberRecognizer", "args": {"colour": "red"}}, "args"),
    ],
)
def test_bad_registry_entry_raises_value_error_naming_it(entry, problem):
    config = {"recognizers": [{"class": "recognizers.health.NhsNumberRecognizer"}, entry]}
    with pytest.raises(ValueError, match=rf"entry 2 \({entry['class']}\).*{problem}"):
        build_recognizers(config)
