"""Build the Word template letter_to_parent.docx from the text held here, with samples/make_docx.py's builder.

Run `python samples/templates/make_docx.py` from anywhere. The placeholders are Word mail-merge fields as
Word shows them («Parent_Name»); everything else is template wording.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("sample_letters", HERE.parent / "make_docx.py")
sample_letters = sys.modules["sample_letters"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
spec.loader.exec_module(sample_letters)

LETTER_TO_PARENT = sample_letters.Letter(
    header=["«School_Name»", "«School_Address»"],
    body=[
        "«Parent_Title» «Parent_Name»",
        "«Parent_Address»",
        "«Date»",
        "# School attendance of «Child_First_Name»",
        "Dear «Parent_Title» «Parent_Name»,",
        "I am writing because «Child_First_Name» has attended «Attendance_Percentage» of sessions this term.",
        "Regular attendance helps children to learn and to stay safe.",
        "We would like to meet you on «Meeting_Date» at «Meeting_Time» to talk about how the school can help.",
        "If «Child_First_Name» has a medical condition that affects attendance, please tell us.",
        "Medical conditions: «Medical_Conditions»",
        "Why we ask: so that absence for medical reasons is recorded as authorised.",
        "Yours sincerely,",
        "«Sender_Name»",
        "«Sender_Role»",
    ],
    footer=["«School_Phone»"],
)


def main() -> None:
    sample_letters.save_reproducibly(sample_letters.build(LETTER_TO_PARENT), HERE / "letter_to_parent.docx")


if __name__ == "__main__":
    main()
