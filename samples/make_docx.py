"""Build the sample .docx letters from the text held here, so they can be rebuilt exactly.

Run `python samples/make_docx.py` from anywhere; it rewrites referral_to_csc.docx, marac_referral.docx and
cp_conference_report.docx beside this file. All people, places and numbers in them are invented.

In a letter's body, a string starting with "# " is a heading, any other string is a paragraph, and a list of
rows (each a list of cell strings) is a table.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument


@dataclass(frozen=True)
class Letter:
    """One sample letter: what goes in the page header, the body (paragraphs, headings, tables) and the footer."""

    header: list[str]
    body: list[str | list[list[str]]]
    footer: list[str]


REFERRAL_TO_CSC = Letter(
    header=[
        "Oakfield Primary School",
        "14 Mill Lane, Eastbrook, Northshire EB4 7QT",
    ],
    body=[
        "Northshire Children's Services",
        "Integrated Front Door",
        "County Hall\nWater Street\nEastbrook EB1 2NW",
        "16/03/2026",
        "# Referral: Jayden Clarke (aged 8), concerns of neglect",
        [
            ["Child's name", "Jayden Clarke"],
            ["Date of birth", "03/04/2017"],
            ["NHS number", "943 476 5919"],
            ["Address", "27 Hope Street, Eastbrook, Northshire EB4 2LP"],
            ["UPN", "J935214710001"],
            ["Ethnicity", "White British"],
            ["GP", "Eastbrook Health Centre"],
        ],
        "Dear Duty Social Worker,",
        "I am writing as Designated Safeguarding Lead (DSL) at Oakfield Primary School to refer Jayden Clarke, "
        "aged 8, because of growing concerns that his basic needs are not being met at home. Jayden lives with his "
        "mother, Kerry Clarke, his sister Summer Clarke (aged 4) and Mum's partner, Dean Whitlock. An Early Help "
        "Assessment (EHA) was opened in October 2025 and Mum closed it after two meetings.",
        "# What we have seen",
        "Since January Jayden has arrived at school in the same uniform every day, and on 02/03/2026, 05/03/2026 "
        "and 09/03/2026 his clothes smelled strongly of urine. On 04/03/2026 his class teacher, Mr Patel, recorded "
        "that Jayden had no coat although it was snowing. Jayden's attendance this year is 81.4%, with 23 sessions "
        "missed, most of them on Mondays. He has untreated eczema on both hands, which has cracked and bled in "
        "class. School has asked Mum three times to take him to the GP.",
        "Jayden is often hungry: he asks for second helpings at breakfast club, and on 10/03/2026 he took food from "
        "another pupil's lunchbox. The other pupil, Grace Whelan, was upset and staff spoke to both children. Grace "
        "has asthma and was sent home early that afternoon.",
        "# What Jayden has told us",
        "Jayden told me on 11/03/2026 that he \"makes toast for Summer\" when Mum is \"asleep on the settee\" in the "
        "mornings and that there is \"no food except cereal with water\". He said that Dean \"shouts when he has "
        "been drinking\" and that he goes to his room \"to stay safe\". On 12/03/2026 Jayden told his teaching "
        "assistant, Mrs O'Neill, that he had been left to look after Summer \"all night\" at the weekend.",
        "It has been alleged that the children are left alone in the house in the evenings. A neighbour, "
        "Mrs Pearl Dawson, told the school office on 13/03/2026 that she has heard both children crying late at "
        "night with no adult answering. Mrs Dawson has asked that her identity is not shared with the family; I can "
        "give you her contact details by phone.",
        "# Parents and carers",
        "Mum told me on 09/03/2026 that she has been struggling with depression since Summer was born and has "
        "stopped taking her sertraline. She also said that Dean was arrested in January for drink-driving and is "
        "on bail until April. Mum said there is no domestic abuse in the home. Mum is clearly not coping.",
        "Jayden's father, Liam Clarke, has had no contact with the children since 2022 and is understood to be "
        "serving a prison sentence. Mum is a member of the GMB union, which is supporting her in a dispute at work.",
        "In my professional opinion, based on Jayden's attendance, his presentation and what he has told staff, "
        "Jayden and Summer are at risk of significant harm through neglect. I believe Mum's low mood and Dean's "
        "alcohol misuse are likely to be part of the picture.",
        "# Consent",
        "I spoke to Mum on 13/03/2026 and told her that school would be making this referral. She did not agree to "
        "it. School is sharing without consent under UK GDPR Art. 6(1)(e) and DPA 2018 Schedule 1 paragraph 18, "
        "because of the risk of significant harm.",
        "# What we are asking for",
        "We ask that Children's Services consider an assessment under section 17 or section 47 of the Children Act "
        "1989. I can attend a strategy discussion and will review Jayden's attendance again before the Summer term.",
        "Yours faithfully,",
        "Helen Fairweather",
        "Designated Safeguarding Lead, Oakfield Primary School",
        "Direct line: 0113 496 0451",
        "Email: h.fairweather@oakfield-primary.example.org",
    ],
    footer=[
        "Tel: 0113 496 0450 | Email: safeguarding@oakfield-primary.example.org",
        "OFFICIAL-SENSITIVE",
    ],
)

MARAC_REFERRAL = Letter(
    header=[
        "Northshire Domestic Abuse Service (NDAS)",
        "OFFICIAL-SENSITIVE: MARAC REFERRAL",
    ],
    body=[
        "# MARAC Referral Form",
        "To: Northshire MARAC Coordinator, marac.coordinator@northshire-council.example.gov.uk",
        "From: Priya Sandhu, Independent Domestic Violence Adviser (IDVA)",
        "Date of referral: 18/03/2026",
        "Police reference: NP/26/004512",
        "# Victim",
        [
            ["Name", "Zofia Kowalczyk"],
            ["Date of birth", "21/09/1994"],
            ["Address", "Flat 3, 88 Station Road, Eastbrook EB2 5HR"],
            ["Safe contact number", "07700 900417"],
            ["Ethnicity", "White Polish"],
            ["First language", "Polish (interpreter not needed)"],
        ],
        "# Perpetrator",
        [
            ["Name", "Marek Nowak"],
            ["Date of birth", "07/02/1990"],
            ["Relationship", "ex-partner, father of Lena"],
        ],
        "# Children in the household",
        [
            ["Name", "Date of birth", "School or setting"],
            ["Lena Kowalczyk-Nowak", "14/06/2019", "St Mary's Catholic Primary School"],
            ["Oskar Kowalczyk", "born 30 January 2024", "not in a setting"],
        ],
        "# Reason for referral",
        "Ms Kowalczyk was referred to NDAS by Northshire Police after an incident on 14/03/2026, when Mr Nowak "
        "attended her flat in breach of his bail conditions. Ms Kowalczyk told me on 16/03/2026 that he forced the "
        "door, grabbed her by the throat and said he would \"finish it this time\". Lena, aged 6, was in the room. "
        "Police attended and Mr Nowak was arrested at the scene.",
        "Ms Kowalczyk scored 17 on the SafeLives DASH risk checklist, which meets the threshold for MARAC. In my "
        "professional opinion, based on the DASH score, the recent strangulation and the escalation since "
        "separation, Ms Kowalczyk is at high risk of serious harm or homicide.",
        "# Risk indicators",
        [
            ["Indicator", "Present", "Detail"],
            ["Strangulation or choking", "Yes", "14/03/2026, reported by victim and seen by police"],
            ["Pregnancy", "Yes", "Ms Kowalczyk is 20 weeks pregnant"],
            ["Separation in last year", "Yes", "Separated 11/2025"],
            ["Threats to kill", "Yes", "Reported by victim"],
            ["Perpetrator substance misuse", "Yes", "Cocaine and alcohol, reported by victim"],
            ["Perpetrator criminal history", "Yes", "Conviction for assault in 2021"],
            ["Stalking or harassment", "Yes", "Repeated calls from withheld numbers"],
        ],
        "# Background",
        "Mr Nowak has a previous conviction for assault occasioning actual bodily harm against a former partner "
        "in 2021 and was subject to probation supervision until 2023. He was charged on 15/03/2026 with "
        "intentional strangulation and remanded in custody; he is due at Northshire Magistrates' Court on "
        "02/04/2026. A non-molestation order is being applied for. If he is released on bail, Ms Kowalczyk "
        "believes he will come straight to the flat.",
        "Ms Kowalczyk has anxiety and is prescribed propranolol by her GP at Station Road Surgery. She is Catholic "
        "and attends St Mary's church, where she told me she feels safe. It is reported that Mr Nowak uses "
        "cocaine most weekends and drinks heavily. She said that he has never been violent towards the children, "
        "but Lena has started wetting the bed and is frightened of the front door.",
        "Ms Kowalczyk's friend, Agnieszka Wrobel, who lives on the same road and helped her after the incident, "
        "has received threatening messages from Mr Nowak. Mr Nowak's new partner, Chantelle Hughes, is not known "
        "to be at risk and has no part in this referral.",
        "# Children",
        "Lena Kowalczyk-Nowak (aged 6) attends St Mary's Catholic Primary School and the DSL there has been "
        "informed. Oskar (aged 2) is not Mr Nowak's child. There has been no previous Children's Services "
        "involvement. I believe the children are at risk of emotional harm from what they have witnessed.",
        "# Consent and actions",
        "Ms Kowalczyk consents to this referral and to information being shared with MARAC agencies. Safety "
        "planning is in place, a Sanctuary scheme assessment has been requested and she has been given a "
        "TecSOS phone. She does not want her new address shared with Mr Nowak's family.",
        "Priya Sandhu",
        "Independent Domestic Violence Adviser",
        "Tel: 0161 496 0088 | Mobile: +44 7700 900789",
        "Email: priya.sandhu@ndas.example.org",
    ],
    footer=[
        "NDAS, PO Box 4471, Eastbrook EB1 9ZZ. Registered charity (invented for testing).",
    ],
)

CP_CONFERENCE_REPORT = Letter(
    header=[
        "Northshire Council, Children's Social Care: Eastbrook Locality Team",
        "Report to Initial Child Protection Conference, 24/03/2026",
    ],
    body=[
        "# Social Worker's Report to Initial Child Protection Conference",
        [
            ["Children", "Hope Adeyemi (DOB 12/05/2015) and Daniel Adeyemi (DOB 02/11/2019)"],
            ["Address", "6 Larch Close, Eastbrook, Northshire EB3 8DW"],
            ["LA case number", "NCS-2026-018834"],
            ["Social worker", "Thomas Baptiste, Eastbrook Locality Team"],
            ["Conference chair", "Dr Anne Whitcombe"],
        ],
        "# 1. Reason for conference",
        "A strategy discussion on 05/03/2026 agreed to start enquiries under section 47 of the Children Act 1989 "
        "after Hope, aged 10, arrived at school with a bruise to her left cheek. Hope told her class teacher on "
        "04/03/2026 that her stepfather, Mr Oluwaseun Adeyemi, had \"slapped her for lying\". Mr Adeyemi denies "
        "this.",
        "# 2. The family",
        "Hope and Daniel live with their mother, Mrs Grace Adeyemi, and their stepfather. The family are of Black "
        "African (Nigerian) heritage and are practising Pentecostal Christians. Mrs Adeyemi told me on 10/03/2026 "
        "that the church is an important support to the family. Daniel, aged 6, has a diagnosis of Autism "
        "Spectrum Disorder (ASD) and attends a specialist resource base. Mrs Adeyemi is 28 weeks pregnant.",
        "# 3. Findings of the section 47 enquiry",
        "Hope was seen by the community paediatrician, Dr Sarah Lindqvist, on 06/03/2026. Dr Lindqvist's report "
        "records a 3 cm bruise to the left cheek consistent with a slap and two older bruises to the upper arm. "
        "Hope was interviewed jointly with DC Rebecca Moss under Achieving Best Evidence guidance on 07/03/2026 "
        "and repeated her account.",
        "Mr Adeyemi was interviewed under caution on 09/03/2026 and released under investigation. He accepted a "
        "police caution for common assault against a work colleague in 2017. He has no other convictions and is "
        "not known to police for domestic abuse.",
        "Daniel is non-verbal and could not give an account. Staff at his resource base have seen no marks on him. "
        "Mrs Adeyemi told me that she uses \"the slipper\" when Daniel hits out, because \"that is how we were "
        "raised\". She said that her pastor, Pastor Emmanuel Okafor, has advised her that smacking is allowed. "
        "It has been alleged by a relative that Mr Adeyemi hit Daniel last year; this has not been confirmed.",
        "# 4. Parents' mental health and wellbeing",
        "Mrs Adeyemi has sickle cell disease and had a crisis admission in January 2026. She reports low mood and "
        "has been referred to the perinatal mental health team. Mr Adeyemi told me he has never used drugs and "
        "drinks \"only at parties\". There are no concerns about substance misuse in the home.",
        "# 5. Views of the children",
        "Hope told me on 12/03/2026 that she loves her mum and wants \"Daddy Seun to stop getting angry\". She said "
        "she does not want to move schools. Daniel's views were sought through his communication passport; he "
        "appeared relaxed at home.",
        "# 6. Analysis",
        "In my professional opinion, based on the medical evidence, Hope's consistent account and the parents' "
        "stated acceptance of physical chastisement, Hope has suffered significant harm and Daniel is likely to "
        "suffer significant harm. Mrs Adeyemi is warm and clearly loves her children. Mr Adeyemi minimises what "
        "happened. If the pregnancy adds pressure on the household, the risk to both children may increase.",
        "# 7. Recommendation",
        "I recommend that Hope and Daniel are made subject to child protection plans under the category of "
        "physical abuse, and that a written agreement is made that Mr Adeyemi will not use physical chastisement. "
        "The family's previous social worker, who left the authority in 2024, did not identify these concerns.",
        "Thomas Baptiste",
        "Social Worker, Eastbrook Locality Team",
        "Tel: 0191 498 0213",
        "Email: thomas.baptiste@northshire-council.example.gov.uk",
    ],
    footer=[
        "Case NCS-2026-018834 | Northshire Council, Civic Centre, Eastbrook EB1 4AA",
        "Do not copy or forward without the consent of the conference chair.",
    ],
)

FIXED_TIME = datetime(2026, 3, 1, 9, 0, 0)

LETTERS = {
    "referral_to_csc": REFERRAL_TO_CSC,
    "marac_referral": MARAC_REFERRAL,
    "cp_conference_report": CP_CONFERENCE_REPORT,
}


def build(letter: Letter) -> WordDocument:
    """A Word document holding the letter: header and footer lines, headings, paragraphs and tables."""
    document = Document()
    section = document.sections[0]
    write_lines(section.header, letter.header)
    write_lines(section.footer, letter.footer)
    for item in letter.body:
        if isinstance(item, list):
            table = document.add_table(rows=len(item), cols=len(item[0]))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, item):
                for cell, text in zip(row.cells, cells):
                    cell.text = text
        elif item.startswith("# "):
            document.add_heading(item[2:], level=2)
        else:
            # One paragraph per line, so a multi-line address reads as separate lines in Word.
            for line in item.split("\n"):
                document.add_paragraph(line)
    properties = document.core_properties
    properties.author = properties.last_modified_by = "disclose sample letters"
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    return document


def save_reproducibly(document: WordDocument, path: Path) -> None:
    """Save with fixed zip timestamps, so rebuilding an unchanged letter gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            stamped = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            stamped.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(stamped, source.read(item.filename))


def write_lines(part, lines: list[str]) -> None:
    """Put one paragraph per line into a header or footer, reusing the empty paragraph it starts with."""
    part.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        part.add_paragraph(line)


def main() -> None:
    """Rewrite every sample .docx letter beside this file."""
    folder = Path(__file__).resolve().parent
    for stem, letter in LETTERS.items():
        save_reproducibly(build(letter), folder / f"{stem}.docx")


if __name__ == "__main__":
    main()
