"""Fictional letters used by the end-to-end tests (all names, numbers and places are invented), and a way to
analyse one."""

from pipeline.api import analyse
from pipeline.types import Analysis, Context

REFERRAL = """\
Millbridge Primary School
Church Lane, Millbridge, Northshire NS4 7QX

14 March 2026

Dear Duty Social Worker,

Referral: Jayden Clarke, DOB 03/04/2017, NHS number 943 476 5919

I am writing to refer Jayden Clarke to Northshire Children's Services because of concerns about neglect.
Jayden is in Year 4 at Millbridge Primary School. His mother, Kelly Clarke, lives with him at 14 Elm Road, Millbridge NS4 2TB.
On 10 March 2026 I saw that Jayden's uniform was soiled and he told me that he had not eaten since the day before.
Jayden has attended 78% of sessions this term.
A neighbour, Sandra Okafor, telephoned the school on 11 March to say that Jayden had been left alone overnight.
Mrs Okafor can be reached on 07700 900461.
Kelly Clarke told me on 12 March that she has been struggling since her partner left.
In my professional opinion, based on these observations, Jayden's basic needs are not being met.
Jayden's father, Darren Pike, is not known to the school.

Yours sincerely,

Sarah Hughes
Designated Safeguarding Lead
0113 496 0123
s.hughes@millbridge-primary.example.org
"""

# The people in REFERRAL and what the shipped policy must do with them.
SUBJECT = "Jayden Clarke"
THIRD_PARTY_NAMES = ["Sandra Okafor", "Okafor"]
THIRD_PARTY_PHONE = "07700 900461"
WRITER_EMAIL = "s.hughes@millbridge-primary.example.org"

# The command-line context of REFERRAL: who it is about, why, to whom, and on what basis.
CONTEXT = [
    "--subject", SUBJECT,
    "--purpose", "referral to children's social care about neglect",
    "--recipient", "Northshire Children's Services",
    "--consent", "not-sought",
    "--lawful-basis", "UK GDPR Art. 6(1)(e); DPA 2018 Sch. 1 para 18",
]


def analyse_letter(tmp_path, settings, text: str, **context) -> Analysis:
    """Write `text` as a .txt letter under `tmp_path` and analyse it in the given context (subjects, profile...)."""
    path = tmp_path / "letter.txt"
    path.write_text(text, encoding="utf-8")
    return analyse(path, Context(**context), settings)
