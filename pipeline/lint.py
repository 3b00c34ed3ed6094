"""`disclose lint`: check template letters for CI before they are used.

A template may hold placeholders (`[CHILD NAME]`, `{{ child_name }}`, `<<DOB>>`, `«MERGEFIELD»`, `${name}`),
never real personal data. The placeholders are masked out and the real pipeline runs on what is left, so
DL001 and DL002 find exactly what `disclose check` would find in the template's own wording. The other
rules read the placeholders themselves. Settings live in config/lint.yaml (section `lint`).
"""

from __future__ import annotations

import bisect
import json
import os
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path

from pipeline import __version__
from pipeline.api import analyse_document
from pipeline.batch import find_documents
from pipeline.ingest import read_document
from pipeline.settings import Settings
from pipeline.statements import UNMARKED
from pipeline.types import Context, DiscloseError, Document

# The project has no public home yet: the lead should set this to the repository URL once it has one.
INFORMATION_URI = "https://pypi.org/project/disclose/"
LEVELS = ("warning", "error")
DISABLE_COMMENT = re.compile(r"disclose-lint:\s*disable\s*=\s*(?P<ids>[\w, ]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """A lint rule: its id, default level and what it checks, as --list-rules and SARIF show it."""

    id: str
    level: str
    description: str


RULES = (
    Rule("DL001", "error", "real-looking personal data in a template (a name, phone number, identifier...)"),
    Rule("DL002", "warning", "opinion in the template wording not marked as professional opinion"),
    Rule("DL003", "warning", "unbalanced or malformed placeholder: an opener without its closer on the line"),
    Rule("DL004", "warning", "unknown placeholder: its name is not in lint.known_placeholders"),
    Rule("DL005", "warning", "special-category prompt without a note saying why it is needed"),
)
RULE_LEVELS = {rule.id: rule.level for rule in RULES}


@dataclass(frozen=True)
class Problem:
    """One finding of lint. `message` never holds the personal data itself."""

    path: str
    line: int
    column: int
    rule: str
    level: str
    message: str


@dataclass
class LintReport:
    """The templates checked and what was found in them."""

    files: list[str]
    problems: list[Problem]


@dataclass(frozen=True)
class LintConfig:
    """config/lint.yaml, compiled."""

    placeholders: tuple[re.Pattern, ...]
    brackets: tuple[tuple[str, str], ...]
    mask: str
    known: frozenset[str]
    personal_data: dict[str, str]
    allow: frozenset[str]
    prompts: tuple[tuple[str, re.Pattern], ...]
    purpose_note: re.Pattern
    purpose_note_lines: int
    disable: frozenset[str]


def fold(name: str) -> str:
    """A placeholder name or value compared ignoring case, spaces, underscores, hyphens and dots."""
    return re.sub(r"[\s_.-]+", " ", name.casefold()).strip()


def check_rule_ids(ids: list[str], where: str) -> frozenset[str]:
    """The rule ids, checked to exist; DiscloseError naming `where` for any other."""
    unknown = sorted(set(ids) - set(RULE_LEVELS))
    if unknown:
        raise DiscloseError(f"{where}: unknown rule {', '.join(unknown)}: rules are {', '.join(RULE_LEVELS)} (see `disclose lint --list-rules`)")
    return frozenset(ids)


@lru_cache(maxsize=4)
def lint_config(settings: Settings) -> LintConfig:
    """The lint section of the configuration, compiled; DiscloseError for a bad regex or rule id."""
    config = settings.section("lint")
    try:
        placeholders = tuple(re.compile(pattern) for pattern in config.get("placeholders") or [])
        prompts = tuple(
            (category, re.compile(r"^[\s#*>|-]*(?:" + "|".join(map(re.escape, terms)) + r")\b[^:\n]{0,30}(?::|$)", re.IGNORECASE))
            for category, terms in (config.get("special_prompts") or {}).items()
        )
        purpose_note = re.compile(config.get("purpose_note") or r"(?!)", re.IGNORECASE)
    except re.error as error:
        raise DiscloseError(f"lint configuration: a pattern is not a valid regex ({error}): fix it in your --config file") from None
    return LintConfig(
        placeholders=placeholders,
        brackets=tuple(tuple(pair) for pair in config.get("brackets") or []),
        mask=str(config.get("mask") or "_")[:1],
        known=frozenset(fold(str(name)) for name in config.get("known_placeholders") or []),
        personal_data=dict(config.get("personal_data") or {}),
        allow=frozenset(fold(str(value)) for value in config.get("allow") or []),
        prompts=prompts,
        purpose_note=purpose_note,
        purpose_note_lines=int(config.get("purpose_note_lines", 2)),
        disable=check_rule_ids([str(i) for i in config.get("disable") or []], "lint.disable in the configuration"),
    )


def lines_of(document: Document) -> list[tuple[int, str]]:
    """(start offset, text) of each line: a line of a text file, a paragraph of a Word file."""
    return [(s.start, document.text[s.start : s.end]) for s in document.segments]


def position(starts: list[int], offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset into the extracted text."""
    index = max(bisect.bisect_right(starts, offset) - 1, 0)
    return index + 1, offset - starts[index] + 1


def placeholder_spans(text: str, config: LintConfig) -> list[re.Match]:
    """Every placeholder in `text`, earliest first; where two syntaxes overlap, the first to start wins."""
    matches = sorted((m for pattern in config.placeholders for m in pattern.finditer(text)), key=lambda m: (m.start(), -m.end()))
    spans: list[re.Match] = []
    for match in matches:
        if not spans or match.start() >= spans[-1].end():
            spans.append(match)
    return spans


def masked(text: str, spans: list[tuple[int, int]], mask: str) -> str:
    """`text` with each span replaced by the mask character, same length, so offsets keep their meaning."""
    characters = list(text)
    for start, end in spans:
        characters[start:end] = mask * (end - start)
    return "".join(characters)


def disabled_rules(document: Document, lines: list[tuple[int, str]]) -> tuple[frozenset[str], list[tuple[int, int]]]:
    """Rules switched off by `disclose-lint: disable=...` lines, and those lines' spans (kept out of analysis)."""
    ids, spans = set(), []
    for number, (start, line) in enumerate(lines, 1):
        match = DISABLE_COMMENT.search(line)
        if match:
            found = [i.strip().upper() for i in match["ids"].split(",") if i.strip()]
            ids |= check_rule_ids(found, f"{document.path}:{number}")
            spans.append((start, start + len(line)))
    return frozenset(ids), spans


def content_problems(document: Document, config: LintConfig, context: Context, settings: Settings) -> list[tuple[int, str, str]]:
    """DL001 and DL002 from the real pipeline, run on the template with placeholders masked out."""
    analysis = analyse_document(document, context, settings)
    found = []
    for finding in analysis.findings:
        kind = config.personal_data.get(finding.entity_type)
        if finding.kind == "personal" and kind and fold(finding.text) not in config.allow:
            found.append((finding.start, "DL001", f"{kind}: replace it with a placeholder (real personal data must not live in a template)"))
    for statement in analysis.statements:
        if UNMARKED in statement.notes:
            found.append((statement.start, "DL002", "an opinion not marked as professional opinion: mark it ('In my professional opinion, based on ...') or put it in a placeholder"))
    return found


def placeholder_problems(lines: list[tuple[int, str]], config: LintConfig) -> list[tuple[int, str, str]]:
    """DL003 (opener without closer) and DL004 (unknown name), line by line."""
    found = []
    for start, line in lines:
        spans = placeholder_spans(line, config)
        for match in spans:
            if fold(match["name"]) not in config.known:
                found.append((start + match.start(), "DL004", "unknown placeholder: check its spelling or add its name to lint.known_placeholders in your --config file"))
        rest = masked(line, [m.span() for m in spans], " ")
        for opener, closer in config.brackets:
            for match in re.finditer(re.escape(opener), rest):
                if closer not in rest[match.end() :]:
                    found.append((start + match.start(), "DL003", f"placeholder opened with '{opener}' is not closed with '{closer}' on this line"))
    return found


def prompt_problems(lines: list[tuple[int, str]], config: LintConfig) -> list[tuple[int, str, str]]:
    """DL005: a special-category prompt with no note or placeholder nearby saying why it is needed."""
    found = []
    for number, (start, line) in enumerate(lines):
        for category, pattern in config.prompts:
            if pattern.search(line):
                nearby = "\n".join(text for _, text in lines[number : number + 1 + config.purpose_note_lines])
                if not config.purpose_note.search(nearby):
                    found.append((start, "DL005", f"special-category prompt ({category}) with no note saying why it is needed: add one, or remove the prompt"))
                break
    return found


def lint_document(document: Document, context: Context, settings: Settings) -> list[Problem]:
    """Every problem in one template, in line order, without the rules it or the configuration switches off."""
    config = lint_config(settings)
    lines = lines_of(document)
    disabled, comment_spans = disabled_rules(document, lines)
    disabled |= config.disable
    found = placeholder_problems(lines, config) + prompt_problems(lines, config)
    if {"DL001", "DL002"} - disabled:
        hidden = [m.span() for m in placeholder_spans(document.text, config)] + comment_spans
        template = replace(document, text=masked(document.text, hidden, config.mask))
        found += content_problems(template, config, context, settings)
    starts = [start for start, _ in lines]
    problems = [
        Problem(str(document.path), *position(starts, offset), rule, RULE_LEVELS[rule], message)
        for offset, rule, message in found
        if rule not in disabled
    ]
    return sorted(problems, key=lambda p: (p.line, p.column, p.rule))


def template_paths(paths: list[Path]) -> list[Path]:
    """The files named, and every supported file under the folders named."""
    found = []
    for path in paths:
        if path.is_dir():
            inside = find_documents(path)
            if not inside:
                raise DiscloseError(f"{path}: no .docx, .txt or .md templates in this folder")
            found += inside
        else:
            found.append(path)
    return found


def lint_paths(paths: list[Path], context: Context, settings: Settings) -> LintReport:
    """Lint every template named or found under the folders named."""
    files = template_paths(paths)
    problems = [problem for path in files for problem in lint_document(read_document(path), context, settings)]
    return LintReport([str(path) for path in files], problems)


def lint_status(report: LintReport, fail_on: str) -> int:
    """1 when a problem is at or above the --fail-on level, else 0."""
    threshold = LEVELS.index(fail_on)
    return 1 if any(LEVELS.index(p.level) >= threshold for p in report.problems) else 0


def list_rules() -> str:
    """The rules, one a line, for --list-rules."""
    return "\n".join(f"{rule.id}  {rule.level:7}  {rule.description}" for rule in RULES)


def uri(path: str) -> str:
    """A path as SARIF wants it: relative to the working directory when inside it (as code scanning
    expects), else a file:// URI."""
    relative = os.path.relpath(path)
    return Path(path).resolve().as_uri() if relative.startswith("..") else Path(relative).as_posix()


def as_text(report: LintReport) -> str:
    """`file:line:column: RULE level message` lines, then a count."""
    counts = {level: sum(p.level == level for p in report.problems) for level in LEVELS}
    lines = [f"{p.path}:{p.line}:{p.column}: {p.rule} {p.level} {p.message}" for p in report.problems]
    lines.append(f"checked {len(report.files)} template(s): {counts['error']} error(s), {counts['warning']} warning(s)")
    return "\n".join(lines)


def as_json(report: LintReport) -> str:
    """The files checked and every problem, as JSON."""
    return json.dumps(
        {
            "tool": {"name": "disclose lint", "version": __version__},
            "files": report.files,
            "problems": [asdict(p) for p in report.problems],
        },
        indent=2,
        ensure_ascii=False,
    )


def as_sarif(report: LintReport) -> str:
    """SARIF 2.1.0, as GitHub code scanning reads it."""
    index = {rule.id: number for number, rule in enumerate(RULES)}
    run = {
        "tool": {
            "driver": {
                "name": "disclose",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [
                    {
                        "id": rule.id,
                        "shortDescription": {"text": rule.description},
                        "defaultConfiguration": {"level": rule.level},
                    }
                    for rule in RULES
                ],
            }
        },
        "results": [
            {
                "ruleId": p.rule,
                "ruleIndex": index[p.rule],
                "level": p.level,
                "message": {"text": p.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(p.path)},
                            "region": {"startLine": p.line, "startColumn": p.column},
                        }
                    }
                ],
            }
            for p in report.problems
        ],
    }
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False)


def as_junit(report: LintReport) -> str:
    """JUnit XML: one testsuite, one testcase per template, one failure per problem."""
    failing = {p.path for p in report.problems}
    suite = ElementTree.Element(
        "testsuite",
        name="disclose lint",
        tests=str(len(report.files)),
        failures=str(len(failing)),
        errors="0",
    )
    for path in report.files:
        case = ElementTree.SubElement(suite, "testcase", classname="disclose.lint", name=path)
        for p in (p for p in report.problems if p.path == path):
            failure = ElementTree.SubElement(case, "failure", type=p.rule, message=f"{p.rule} {p.level}: {p.message}")
            failure.text = f"{p.path}:{p.line}:{p.column}: {p.rule} {p.level} {p.message}"
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)


FORMATTERS = {"text": as_text, "json": as_json, "sarif": as_sarif, "junit": as_junit}


def render(report: LintReport, output_format: str) -> str:
    """The report in one of FORMATTERS' formats."""
    return FORMATTERS[output_format](report)
