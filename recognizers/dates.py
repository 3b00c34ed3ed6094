"""Dates of birth: a date written just after "DOB", "born" or "date of birth". Other dates stay spaCy's DATE_TIME."""

from __future__ import annotations

from presidio_analyzer import Pattern

from recognizers.base import AnchoredPatterns, FixedPatternRecognizer

# The cue must be in the regex, not only in the context words: spaCy lemmatises "born" to "bear", and
# splits "d/o/b" into letters, so Presidio's lemma-based context would miss both.
CUE = r"\b(?:d\.?\s?o\.?\s?b\.?|d/o/b|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)(?!\w)"
# Between cue and date: a colon, a table cell, or a few words ("born in Leeds on"); never a sentence end, nor
# a number, so "born 12 May 2015, seen on 3 March 2026" leaves the second date alone.
GAP = r"[^.;!?\d]{0,30}?"

DAY = r"(?:0?[1-9]|[12]\d|3[01])"
MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
YEAR = r"(?:19|20)\d{2}"
DATE_FORMS = {
    "numeric": rf"{DAY}(?P<sep>[./-]){MONTH_NUMBER}(?P=sep)(?:{YEAR}|\d{{2}})",
    "day month year": rf"{DAY}(?:st|nd|rd|th)?(?:\s+of)?\s+{MONTH_NAME}\.?,?\s+{YEAR}",
    "month day year": rf"{MONTH_NAME}\.?\s+{DAY}(?:st|nd|rd|th)?,?\s+{YEAR}",
    "ISO": rf"{YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])",
}


class DateOfBirthRecognizer(AnchoredPatterns, FixedPatternRecognizer):
    """DATE_OF_BIRTH for "DOB: 12/05/2015", "D.O.B. 3.7.2012", "born on 12th May 2015", "date of birth 12 May 2015"."""

    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = [
        Pattern(f"date of birth ({form})", rf"(?<={CUE}{GAP})\b{regex}(?!\d)", 0.9)
        for form, regex in DATE_FORMS.items()
    ]
    CONTEXT = ["dob", "birth", "born"]
    anchor = CUE
    margins = (0, 60)  # the date follows its cue within the gap
