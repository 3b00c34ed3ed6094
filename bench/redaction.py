"""The redacted Word copy, measured: what it leaks and keeps (`make eval`), and how long it takes (`make bench`).

Leak check: every hostile .docx that tests/hostile_docx.py builds is redacted by the writer `disclose redact`
uses, then every part of the copy is searched for the planted strings, and the formatting of the characters
either side of each replacement is compared with the original's.

Timing (`python -m bench.redaction` from the repository root): a 60-page letter-like .docx is redacted as
`disclose redact` does it (read, analyse, write and prove the copy, append the log record, write the Markdown
record), against the bare spaCy parse of its text (target: at most 1.5x).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import docx
from lxml import etree

from pipeline.api import analyse
from pipeline.decision_log import append_record, build_record, salt_for, write_record
from pipeline.ingest import read_document
from pipeline.parse import load_model
from pipeline.redact import apply_to_text, redact_document
from pipeline.settings import Settings
from pipeline.types import Context, DiscloseError, Replacement
from pipeline.wordfile import W, leaked_strings, open_paragraphs, read_docx, span_runs, write_redacted_docx
from tests.hostile_docx import CHILD, EMAIL, HIDING_PLACES, WORKER

PLANTED = (CHILD, EMAIL)
# The worker is named only as an author of comments and tracked changes, which every copy must drop too.
SEARCHED = [CHILD, EMAIL, WORKER]
LABEL = "[Name removed]"

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PURPOSE = "referral to children's social care"
FIRST_NAMES = ["Amelia", "Tyler", "Zara", "Kacper", "Imani", "Reece", "Niamh", "Oliver", "Aisha", "Callum", "Esme",
               "Harvey", "Maya", "Dylan", "Freya", "Kai", "Ruby", "Jamal", "Poppy", "Lewis"]
SURNAMES = ["Hughes", "Nowak", "Bennett", "Mensah", "Doherty", "Price", "Kaur", "Walsh", "Osei", "Fletcher", "Begum",
            "Lloyd", "Costa", "Hartley", "Ahmed", "Quinn", "Sutherland", "Obi", "Maddox", "Rowe"]


@dataclass
class LeakCheck:
    """One hostile document redacted: the planted strings left in the copy (part, string), and the replacements
    whose neighbouring characters kept their formatting, out of those that have neighbours in the copy."""

    replacements: int
    leaks: list[tuple[str, str]]
    formatting_kept: int
    formatting_checked: int


def planted_replacements(path: Path) -> list[Replacement]:
    """A replacement for every occurrence of a planted string in the text of the .docx at `path`."""
    text, _ = read_docx(path)
    pattern = re.compile("|".join(re.escape(s) for s in PLANTED))
    return [Replacement(m.start(), m.end(), LABEL, m.group()) for m in pattern.finditer(text)]


def character_formatting(paragraph: etree._Element, offset: int) -> list[tuple[str, tuple]]:
    """The run properties of character `offset` of a paragraph: bold, italic, underline, size, font and the rest
    (hidden, colour, position), so a change to any of them counts."""
    properties = span_runs(paragraph, offset, offset + 1)[0].find(W + "rPr")
    children = [] if properties is None else properties
    return sorted((child.tag, tuple(sorted(child.attrib.items()))) for child in children)


def formatting_kept(source: Path, output: Path, replacements: list[Replacement]) -> tuple[int, int]:
    """(kept, checked): replacements whose paragraph in `output` reads as expected and whose characters just
    before and after have the formatting they had in `source`. Replacements in comments (removed whole) and
    with no neighbouring character are not checked."""
    source_text, _ = read_docx(source)
    output_text, _ = read_docx(output)
    written = {(segment.part, segment.paragraph): (segment, p) for segment, p in open_paragraphs(output)[1]}
    kept = checked = 0
    for segment, paragraph in open_paragraphs(source)[1]:
        original = source_text[segment.start : segment.end]
        mine = [
            Replacement(r.start - segment.start, r.end - segment.start, r.text, r.original)
            for r in replacements
            if segment.start <= r.start < segment.end
        ]
        if not mine or (segment.part, segment.paragraph) not in written:
            continue
        out_segment, out_paragraph = written[segment.part, segment.paragraph]
        reads_right = output_text[out_segment.start : out_segment.end] == apply_to_text(original, mine)
        shift = 0
        for r in mine:
            start = r.start + shift
            shift += len(r.text) - (r.end - r.start)
            neighbours = [(r.start - 1, start - 1)] if r.start else []
            neighbours += [(r.end, start + len(r.text))] if r.end < len(original) else []
            if not neighbours:
                continue
            checked += 1
            kept += reads_right and all(
                character_formatting(paragraph, before) == character_formatting(out_paragraph, after)
                for before, after in neighbours
            )
    return kept, checked


def score_copy(source: Path, output: Path, replacements: list[Replacement]) -> LeakCheck:
    """What the redacted `output` of `source` leaks, and how much formatting around its replacements it kept."""
    return LeakCheck(len(replacements), leaked_strings(output, SEARCHED), *formatting_kept(source, output, replacements))


def check_leaks(folder: Path) -> dict[str, LeakCheck]:
    """Build every hostile document in `folder`, redact each planted string in it, and score the copies.

    The writer is called directly rather than through redact_document, whose own leak proof would delete a
    leaking copy before it could be counted."""
    checks = {}
    for place, build in HIDING_PLACES.items():
        source = build(folder)
        output = source.with_name(f"{source.stem}.redacted.docx")
        replacements = planted_replacements(source)
        write_redacted_docx(source, output, replacements)
        checks[place] = score_copy(source, output, replacements)
    return checks


def renamed(text: str, people: list[str], titles: set[str], number: int) -> str:
    """`text` with the parts of the people's names swapped for invented ones, differently for each `number`:
    a name's last word for a surname, its other words for first names, the same swap on every mention."""
    swaps = {}
    for name in sorted(people, key=len, reverse=True):
        words = [word for word in name.split() if word not in titles]
        for index, word in enumerate(words):
            pool = SURNAMES if index == len(words) - 1 and len(name.split()) > 1 else FIRST_NAMES
            swaps.setdefault(word, pool[(len(swaps) + number) % len(pool)])
    if not swaps:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(word) for word in sorted(swaps, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda match: swaps[match.group()], text)


def build_long_letter(path: Path, settings: Settings, words: int = 30_000) -> Path:
    """A letter-like .docx of about `words` words (60 pages at 500 a page): the sample letters' text repeated
    with varied names, each copy on new pages with a household table, under one header and footer."""
    titles = set(settings.section("people")["titles"])
    letters = []
    for gold_path in sorted(SAMPLES.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        people = [e["text"] for e in gold["entities"] if e["entity_type"] == "PERSON"]
        letters.append((read_document(SAMPLES / gold["file"]).text, people))
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL-SENSITIVE: Northshire Children's Services, Integrated Front Door"
    section.footer.paragraphs[0].text = "Do not share further without the agreement of the sender"
    written = 0
    for number, (text, people) in enumerate(itertools.cycle(letters)):
        if written >= words:
            break
        surname = SURNAMES[number % len(SURNAMES)]
        child, parent = (f"{FIRST_NAMES[(number + i) % len(FIRST_NAMES)]} {surname}" for i in (0, 7))
        document.add_heading(f"Chronology entry {number + 1}: {child}", level=2)
        table = document.add_table(rows=0, cols=3)
        for row in ((child, "child", f"{number % 28 + 1:02d}/03/2017"), (parent, "mother", "12/11/1990")):
            for cell, value in zip(table.add_row().cells, row):
                cell.text = value
        for line in renamed(text, people, titles, number).splitlines():
            document.add_paragraph(line)
        document.add_page_break()
        written += len(text.split())
    document.save(str(path))
    return path


def redact_as_the_cli_does(source: Path, output: Path, settings: Settings) -> int:
    """`disclose redact SOURCE -o OUTPUT`, without the terminal report; returns the number of replacements."""
    analysis = analyse(source, Context(purpose=PURPOSE), settings)
    result = redact_document(analysis, output, settings)
    log_path = output.parent / "disclose-log.jsonl"
    record = build_record(analysis, result, "bench", salt_for(log_path))
    append_record(log_path, record)
    write_record(record, output)
    return result.replaced


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the medians are reported")
    args = parser.parse_args()
    settings = Settings.load()
    nlp = load_model(settings.model)
    bare, whole = [], []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        letter = build_long_letter(folder / "long_letter.docx", settings, args.words)
        # Warm the model and every cache (matchers, recognizers, profiles) on a sample letter, and parse the
        # text once untimed: a first parse also adds its new words to the vocabulary, which would be timed
        # against the bare parse and not against disclose.
        redact_as_the_cli_does(SAMPLES / "referral_to_csc.docx", folder / "warm.docx", settings)
        text, _ = read_docx(letter)
        nlp(text)
        # The two are timed in turn, round after round, so that the machine's drift falls on both alike.
        for number in range(args.rounds):
            started = time.perf_counter()
            nlp(text)
            bare.append(time.perf_counter() - started)
            started = time.perf_counter()
            try:
                replaced = redact_as_the_cli_does(letter, folder / f"long_letter.redacted{number}.docx", settings)
            except DiscloseError as error:
                sys.exit(f"disclose redact refused the {args.words:,}-word letter: {error}")
            whole.append(time.perf_counter() - started)
    bare_median, whole_median = statistics.median(bare), statistics.median(whole)
    print(f"{len(text.split()):,}-word .docx, model {settings.model}, {replaced:,} replacements, {args.rounds} rounds")
    print(f"{'bare spaCy parse of its text':38} {bare_median:7.2f} s (median)")
    print(f"{'disclose redact (read to log record)':38} {whole_median:7.2f} s (median)")
    print(f"disclose redact / bare parse: {whole_median / bare_median:.2f}x  (target at most 1.5x)")


if __name__ == "__main__":
    main()
