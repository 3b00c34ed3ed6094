"""`make eval`: score disclose against the hand-annotated sample letters, and against TAB when it is present.

Each letter in samples/ has a gold file, <stem>.gold.json: the disclosure context, the entities and the labelled
sentences. Each gold entity names a text; every whole-word, case-sensitive occurrence of it in the letter's extracted text is a gold span,
unless `occurrences` keeps only some of them (0-based indexes counted over all whole-word occurrences of that
text, including those inside a longer entity). A longer entity wins over a shorter one inside it.

A gold span is found when one finding overlaps at least half of its characters; the same relation decides whether
a finding is correct, so precision and recall count the same matches.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.settings import Settings
from pipeline.types import Analysis, Context, DiscloseError, Finding, Statement

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
TAB_DIR = Path("/work/shared/benchmarks/tab")

ROLES = ("subject", "family", "professional", "third_party", "referrer")
LABELS = ("fact", "opinion", "reported")
PERSONAL_TYPES = (
    "PERSON", "UK_NHS", "UK_NINO", "UK_UPN", "PHONE_NUMBER", "EMAIL_ADDRESS", "UK_POSTCODE", "ADDRESS",
    "DATE_OF_BIRTH", "AGE", "LOCATION", "ORGANIZATION", "REFERENCE_NUMBER", "UK_PASSPORT", "UK_DRIVING_LICENCE",
    "UK_VEHICLE_REGISTRATION", "URL", "DATE_TIME",
)
MASKED_DECISIONS = ("redact", "review")
NO_STATEMENT = "none"
NO_PROFILE = "(no profile)"


@dataclass(frozen=True)
class GoldSpan:
    """One annotated span of a letter's extracted text."""

    start: int
    end: int
    entity_type: str
    kind: str
    subtype: str | None
    role: str
    person: str | None
    redact: bool
    negated: bool = False
    hypothetical: bool = False


@dataclass(frozen=True)
class GoldSentence:
    """One annotated sentence, located in the extracted text."""

    start: int
    end: int
    label: str
    relevant: bool


@dataclass
class Share:
    """hits out of total; `value` is None when there is nothing to count."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def __add__(self, other: Share) -> Share:
        return Share(self.hits + other.hits, self.total + other.total)


@dataclass
class Score:
    """Precision (correct predictions out of all predictions) and recall (gold spans found out of all)."""

    precision: Share = field(default_factory=Share)
    recall: Share = field(default_factory=Share)

    @property
    def f1(self) -> float | None:
        """None when there is neither gold nor prediction; a side with nothing to count scores 0."""
        if not self.precision.total and not self.recall.total:
            return None
        p, r = self.precision.value or 0.0, self.recall.value or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.precision + other.precision, self.recall + other.recall)


def word_occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Offsets of every whole-word, case-sensitive occurrence of `needle` in `text`."""
    pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def expand_entities(text: str, entities: list[dict[str, Any]]) -> list[GoldSpan]:
    """The gold spans that a gold file's entity list stands for in `text`, longest entities first."""
    spans: list[GoldSpan] = []
    for entity in sorted(entities, key=lambda e: -len(e["text"])):
        occurrences = word_occurrences(text, entity["text"])
        wanted = entity.get("occurrences")
        if wanted is not None:
            occurrences = [occurrences[i] for i in wanted if i < len(occurrences)]
        for start, end in occurrences:
            if any(s.start <= start and end <= s.end for s in spans):
                continue
            spans.append(
                GoldSpan(
                    start, end, entity["entity_type"], entity["kind"], entity.get("subtype"), entity["role"],
                    entity.get("person"), bool(entity["redact"]), bool(entity.get("negated")),
                    bool(entity.get("hypothetical")),
                )
            )
    return sorted(spans, key=lambda s: (s.start, s.end))


def locate_sentences(text: str, sentences: list[dict[str, Any]]) -> list[GoldSentence]:
    """Each gold sentence at its first occurrence in `text` after the previous one (or anywhere, failing that)."""
    located, cursor = [], 0
    for sentence in sentences:
        start = text.find(sentence["text"], cursor)
        if start < 0:
            start = text.find(sentence["text"])
        if start < 0:
            raise DiscloseError(f"gold sentence not in the letter: {sentence['text'][:60]!r}: fix the gold file")
        end = start + len(sentence["text"])
        located.append(GoldSentence(start, end, sentence["label"], bool(sentence["relevant"])))
        cursor = end
    return located


def load_gold(path: Path) -> dict[str, Any]:
    """One gold file, parsed."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DiscloseError(f"cannot read gold file {path}: {error}: fix or remove it") from None


def gold_context(gold: dict[str, Any]) -> Context:
    """The disclosure context a gold file states for its letter."""
    return Context(**{key: gold["context"].get(key) for key in
                      ("purpose", "profile", "recipient", "subjects", "consent", "lawful_basis")})


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """How many characters two half-open ranges share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def matches(gold: GoldSpan | GoldSentence, start: int, end: int) -> bool:
    """True when [start, end) covers at least half of the gold span's characters."""
    return 2 * overlap(gold.start, gold.end, start, end) >= gold.end - gold.start


def score_spans(gold: list[GoldSpan], findings: list[Finding], same: Callable[[GoldSpan, Finding], bool]) -> Score:
    """Precision and recall of `findings` against `gold`, pairing only spans for which `same` holds."""
    found = sum(any(same(g, f) and matches(g, f.start, f.end) for f in findings) for g in gold)
    correct = sum(any(same(g, f) and matches(g, f.start, f.end) for g in gold) for f in findings)
    return Score(Share(correct, len(findings)), Share(found, len(gold)))


def scores_by(key: Callable[[Any], str | None], gold: list[GoldSpan], findings: list[Finding]) -> dict[str, Score]:
    """One Score per value of `key` (entity type, subtype), pairing spans with equal keys, plus "overall"."""
    keys = sorted({key(g) for g in gold} | {key(f) for f in findings}, key=str)
    table = {
        str(k): score_spans([g for g in gold if key(g) == k], [f for f in findings if key(f) == k],
                            lambda g, f: True)
        for k in keys
    }
    table["overall"] = sum(table.values(), Score())
    return table


def entity_scores(gold: list[GoldSpan], findings: list[Finding]) -> dict[str, Score]:
    """Personal data per entity type, overall (type must match) and "any personal data" (any type)."""
    personal_gold = [g for g in gold if g.kind == "personal"]
    personal_findings = [f for f in findings if f.kind == "personal"]
    table = scores_by(lambda item: item.entity_type, personal_gold, personal_findings)
    table["any personal data"] = score_spans(personal_gold, personal_findings, lambda g, f: True)
    return table


def sensitive_scores(gold: list[GoldSpan], findings: list[Finding]) -> dict[str, Score]:
    """Special-category and criminal-offence data per subtype, and overall."""
    return scores_by(
        lambda item: item.subtype,
        [g for g in gold if g.kind != "personal"],
        [f for f in findings if f.kind != "personal"],
    )


def redaction_shares(gold: list[GoldSpan], findings: list[Finding]) -> dict[str, Share]:
    """Must-redact spans found by any finding, must-redact recall (a redact or review decision on a matching
    finding is a hit) and keep agreement
    (redact:false spans whose overlapping findings are all keep; a span nothing overlaps stays, so agrees)."""
    redact_found = Share()
    redact_hits = Share()
    keep_agreed = Share()
    for g in gold:
        if g.redact:
            hit = any(f.decision in MASKED_DECISIONS and matches(g, f.start, f.end) for f in findings)
            redact_hits += Share(int(hit), 1)
            redact_found += Share(int(any(matches(g, f.start, f.end) for f in findings)), 1)
        else:
            touching = [f for f in findings if overlap(g.start, g.end, f.start, f.end)]
            keep_agreed += Share(int(all(f.decision == "keep" for f in touching)), 1)
    return {"must-redact found": redact_found, "must-redact recall": redact_hits, "keep agreement": keep_agreed}


def people_share(gold: list[GoldSpan], findings: list[Finding]) -> Share:
    """Gold persons all of whose name mentions were found by some finding."""
    mentions: dict[str, list[GoldSpan]] = defaultdict(list)
    for g in gold:
        if g.entity_type == "PERSON" and g.person:
            mentions[g.person].append(g)
    complete = sum(
        all(any(matches(m, f.start, f.end) for f in findings) for m in spans) for spans in mentions.values()
    )
    return Share(complete, len(mentions))


def pair_sentences(gold: list[GoldSentence], statements: list[Statement]) -> list[tuple[GoldSentence, Statement | None]]:
    """Each gold sentence with the predicted statement that overlaps it most (None when none does)."""
    pairs = []
    for g in gold:
        best = max(statements, key=lambda s: overlap(g.start, g.end, s.start, s.end), default=None)
        if best is not None and not overlap(g.start, g.end, best.start, best.end):
            best = None
        pairs.append((g, best))
    return pairs


def confusion_matrix(pairs: Iterable[tuple[GoldSentence, Statement | None]]) -> dict[str, dict[str, int]]:
    """Counts of gold label (rows) against predicted label (columns; "none" when no statement overlapped)."""
    matrix = {gold: {predicted: 0 for predicted in (*LABELS, NO_STATEMENT)} for gold in LABELS}
    for g, statement in pairs:
        matrix[g.label][statement.label if statement else NO_STATEMENT] += 1
    return matrix


def label_scores(matrix: dict[str, dict[str, int]]) -> dict[str, Score]:
    """Per-label precision and recall from a confusion matrix."""
    return {
        label: Score(
            Share(matrix[label][label], sum(matrix[gold][label] for gold in LABELS)),
            Share(matrix[label][label], sum(matrix[label].values())),
        )
        for label in LABELS
    }


def macro_f1(scores: dict[str, Score]) -> float | None:
    """The mean F1 over labels that have one."""
    values = [s.f1 for s in scores.values() if s.f1 is not None]
    return sum(values) / len(values) if values else None


def relevance_scores(pairs: Iterable[tuple[GoldSentence, Statement | None]]) -> dict[str, Score]:
    """Precision and recall of calling a sentence relevant, and of calling it not relevant."""
    table = {}
    pairs = list(pairs)
    for name, wanted in (("relevant", True), ("not relevant", False)):
        predicted = [g for g, s in pairs if s is not None and s.relevant is wanted]
        actual = [g for g, s in pairs if g.relevant is wanted]
        right = sum(g.relevant is wanted for g in predicted)
        table[name] = Score(Share(right, len(predicted)), Share(right, len(actual)))
    return table


@dataclass
class Results:
    """Everything `make eval` reports, summed over letters."""

    letters: int = 0
    entities: dict[str, Score] = field(default_factory=dict)
    redaction: dict[str, Share] = field(default_factory=dict)
    people: Share = field(default_factory=Share)
    sensitive: dict[str, Score] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=lambda: confusion_matrix([]))
    relevance: dict[str, Score] = field(default_factory=dict)
    redaction_by_profile: dict[str, dict[str, Share]] = field(default_factory=dict)

    def __add__(self, other: Results) -> Results:
        profiles = {**self.redaction_by_profile, **other.redaction_by_profile}
        return Results(
            self.letters + other.letters,
            add_tables(self.entities, other.entities),
            add_tables(self.redaction, other.redaction),
            self.people + other.people,
            add_tables(self.sensitive, other.sensitive),
            {g: {p: n + other.confusion[g][p] for p, n in row.items()} for g, row in self.confusion.items()},
            add_tables(self.relevance, other.relevance),
            {
                profile: add_tables(self.redaction_by_profile.get(profile, {}), other.redaction_by_profile.get(profile, {}))
                for profile in profiles
            },
        )


def add_tables(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Row-wise sum of two tables of Scores or Shares."""
    return {key: a[key] + b[key] if key in a and key in b else a.get(key, b.get(key)) for key in {**a, **b}}


def score_letter(gold: dict[str, Any], analysis: Analysis) -> Results:
    """Score one analysed letter against its gold file."""
    text = analysis.document.text
    spans = expand_entities(text, gold["entities"])
    pairs = pair_sentences(locate_sentences(text, gold["sentences"]), analysis.statements)
    redaction = redaction_shares(spans, analysis.findings)
    return Results(
        letters=1,
        entities=entity_scores(spans, analysis.findings),
        redaction=redaction,
        redaction_by_profile={analysis.context.profile or NO_PROFILE: redaction},
        people=people_share(spans, analysis.findings),
        sensitive=sensitive_scores(spans, analysis.findings),
        confusion=confusion_matrix(pairs),
        relevance=relevance_scores(pairs),
    )


def evaluate_samples(folder: Path, settings: Settings) -> Results:
    """Analyse every letter that has a gold file in `folder` and sum the scores."""
    from pipeline.api import analyse  # imported here so the scoring functions load without the pipeline

    gold_paths = sorted(folder.glob("*.gold.json"))
    if not gold_paths:
        raise DiscloseError(f"no *.gold.json files in {folder}: run from the repository or pass --samples DIR")
    results = Results()
    for gold_path in gold_paths:
        gold = load_gold(gold_path)
        letter = folder / gold["file"]
        if not letter.exists():
            raise DiscloseError(f"{gold_path.name} names {gold['file']}, which is not in {folder}")
        results += score_letter(gold, analyse(letter, gold_context(gold), settings))
    return results


@dataclass(frozen=True)
class TabMention:
    """One annotated entity mention of a TAB document."""

    start: int
    end: int
    identifier_type: str
    entity: str  # annotator and entity id: TAB entities are per annotator


def tab_documents(folder: Path) -> list[dict[str, Any]]:
    """TAB documents: the test split when present, else every JSON file in `folder`."""
    test_split = folder / "echr_test.json"
    paths = [test_split] if test_split.exists() else sorted(folder.glob("*.json"))
    documents = []
    for path in paths:
        data = load_gold(path)
        documents += data if isinstance(data, list) else [data]
    return documents


def tab_mentions(document: dict[str, Any]) -> list[TabMention]:
    """The DIRECT and QUASI mentions of a TAB document, from every annotator."""
    mentions = []
    for annotator, annotation in document.get("annotations", {}).items():
        for mention in annotation.get("entity_mentions", []):
            if mention.get("identifier_type") in ("DIRECT", "QUASI"):
                mentions.append(
                    TabMention(mention["start_offset"], mention["end_offset"], mention["identifier_type"],
                               f"{annotator}/{mention.get('entity_id', mention.get('entity_mention_id'))}")
                )
    return mentions


def masked(text: str, mention: TabMention, spans: list[tuple[int, int]]) -> bool:
    """True when every letter and digit of the mention lies inside some predicted span."""
    return all(
        any(start <= i < end for start, end in spans)
        for i in range(mention.start, mention.end)
        if text[i].isalnum()
    )


def tab_scores(text: str, mentions: list[TabMention], spans: list[tuple[int, int]]) -> dict[str, Share]:
    """Entity-level recall of DIRECT and QUASI identifiers (an entity counts when all its mentions are masked)
    and precision (predicted spans with at least half their characters inside a DIRECT or QUASI mention)."""
    table = {}
    for kind in ("DIRECT", "QUASI"):
        entities: dict[str, list[TabMention]] = defaultdict(list)
        for mention in mentions:
            if mention.identifier_type == kind:
                entities[mention.entity].append(mention)
        protected = sum(all(masked(text, m, spans) for m in group) for group in entities.values())
        table[f"{kind} recall"] = Share(protected, len(entities))
    inside = [i for m in mentions for i in range(m.start, m.end)]
    covered = set(inside)
    correct = sum(2 * sum(i in covered for i in range(start, end)) >= end - start for start, end in spans)
    table["precision"] = Share(correct, len(spans))
    return table


def presidio_default_analyzer(settings: Settings):
    """Presidio's AnalyzerEngine with its default recognizers, on the spaCy model disclose has loaded."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    from pipeline.parse import load_model

    engine = SpacyNlpEngine(models=[{"lang_code": settings.language, "model_name": settings.model}])
    engine.nlp = {settings.language: load_model(settings.model)}  # reuse the loaded model, never load a second
    return AnalyzerEngine(nlp_engine=engine, supported_languages=[settings.language])


def evaluate_tab(folder: Path, settings: Settings, limit: int | None) -> dict[str, dict[str, Share]]:
    """TAB scores for disclose and for Presidio's default analyzer, over the same documents."""
    from pipeline.api import analyse

    presidio = presidio_default_analyzer(settings)
    totals: dict[str, dict[str, Share]] = {"disclose": {}, "presidio default": {}}
    with tempfile.TemporaryDirectory() as scratch:
        letter = Path(scratch) / "tab.txt"
        for document in tab_documents(folder)[:limit]:
            text = document["text"]
            letter.write_text(text, encoding="utf-8")
            # Offsets still line up because a .txt file's extracted text is its content unchanged.
            ours = [(f.start, f.end) for f in analyse(letter, Context(), settings).findings]
            theirs = [(r.start, r.end) for r in presidio.analyze(text=text, language=settings.language)]
            mentions = tab_mentions(document)
            for system, spans in (("disclose", ours), ("presidio default", theirs)):
                totals[system] = add_tables(totals[system], tab_scores(text, mentions, spans))
    return totals


def evaluate_leaks() -> dict[str, dict[str, Any]] | None:
    """Redact every hostile .docx the tests build, planted strings only, and score each copy: removed strings
    found in any part of it, and replacements whose neighbouring characters kept their run formatting.
    None when bench/ and tests/ cannot be imported (run from outside the repository)."""
    try:
        from bench.redaction import check_leaks
    except ModuleNotFoundError as error:
        if error.name not in ("bench", "tests"):
            raise
        return None
    with tempfile.TemporaryDirectory() as scratch:
        checks = check_leaks(Path(scratch))
    table = {
        place: {"replacements": check.replacements, "leaks": len(check.leaks),
                "found in": sorted({part for part, _ in check.leaks}),
                "formatting kept": Share(check.formatting_kept, check.formatting_checked)}
        for place, check in checks.items()
    }
    table["total"] = {
        "replacements": sum(row["replacements"] for row in table.values()),
        "leaks": sum(row["leaks"] for row in table.values()),
        "found in": sorted({part for row in table.values() for part in row["found in"]}),
        "formatting kept": sum((row["formatting kept"] for row in table.values()), Share()),
    }
    return table


def percent(value: float | None) -> str:
    """A rate as a percentage for the table, or "-" when there was nothing to count."""
    return "-" if value is None else f"{100 * value:5.1f}"


def table_text(title: str, headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with left-aligned first column and right-aligned numbers."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    lines = [title, "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths)))]
    lines += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))) for row in rows]
    return "\n".join(lines)


def score_rows(table: dict[str, Score]) -> list[list[str]]:
    """Table rows of precision, recall, F1 and gold count, with the summary lines last."""
    overall = [k for k in table if k in ("overall", "any personal data")]
    return [
        [name, percent(s.precision.value), percent(s.recall.value), percent(s.f1), str(s.recall.total)]
        for name, s in sorted(table.items(), key=lambda item: (item[0] in overall, item[0]))
    ]


def report_text(
    results: Results, tab: dict[str, dict[str, Share]] | None, tab_folder: Path,
    leaks: dict[str, dict[str, Any]] | None,
) -> str:
    """The readable report printed by `make eval`."""
    score_headers = ["", "precision", "recall", "F1", "gold"]
    labels = label_scores(results.confusion)
    sections = [
        f"disclose evaluation over {results.letters} sample letters",
        table_text("(a) personal data by entity type", score_headers, score_rows(results.entities)),
        table_text("(b) redaction", ["", "share", "of"],
                   [[k, percent(v.value), str(v.total)] for k, v in results.redaction.items()])
        + "\n\n"
        + table_text("by purpose profile", ["", "must-redact recall", "of", "keep agreement", "of"],
                     [[profile, *(cell for key in ("must-redact recall", "keep agreement")
                                  for cell in (percent(shares[key].value), str(shares[key].total)))]
                      for profile, shares in sorted(results.redaction_by_profile.items())]),
        table_text("(c) people", ["", "share", "of"],
                   [["all mentions found", percent(results.people.value), str(results.people.total)]]),
        table_text("(d) special-category and criminal-offence data by subtype", score_headers,
                   score_rows(results.sensitive)),
        table_text("(e) statements", score_headers, score_rows(labels))
        + f"\nmacro-F1 {percent(macro_f1(labels))}\n"
        + table_text("confusion (rows gold, columns predicted)", ["", *LABELS, NO_STATEMENT],
                     [[g, *(str(n) for n in row.values())] for g, row in results.confusion.items()]),
        table_text("(f) relevance", score_headers, score_rows(results.relevance)),
    ]
    if tab is None:
        sections.append(
            f"(g) TAB: benchmark data not present in {tab_folder}; put the TAB JSON files (echr_test.json, or one "
            "file per document) there, or run make eval TAB=DIR"
        )
    else:
        rows = [[system, *(percent(scores[k].value) for k in ("DIRECT recall", "QUASI recall", "precision"))]
                for system, scores in tab.items()]
        sections.append(table_text("(g) TAB (Text Anonymization Benchmark)",
                                   ["", "DIRECT recall", "QUASI recall", "precision"], rows))
    if leaks is None:
        sections.append("(h) redacted Word copies: not checked; run from the repository root, where bench/ and tests/ are")
    else:
        rows = [[place, str(row["replacements"]), str(row["leaks"]), percent(row["formatting kept"].value),
                 str(row["formatting kept"].total)] for place, row in leaks.items()]
        sections.append(table_text("(h) redacted Word copies of the hostile test documents (target: 0 leaks)",
                                   ["", "replacements", "leaks", "formatting kept", "of"], rows))
    return "\n\n".join(sections)


def as_json(value: Any) -> Any:
    """Scores and Shares as plain JSON data, with the derived rates included."""
    if isinstance(value, Score):
        return {"precision": as_json(value.precision), "recall": as_json(value.recall), "f1": value.f1}
    if isinstance(value, Share):
        return {"value": value.value, "hits": value.hits, "total": value.total}
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    return value


def report_json(
    results: Results, tab: dict[str, dict[str, Share]] | None, leaks: dict[str, dict[str, Any]] | None
) -> dict[str, Any]:
    """The same report as data, for `--json PATH`."""
    labels = label_scores(results.confusion)
    return as_json({
        "letters": results.letters,
        "entities": results.entities,
        "redaction": results.redaction,
        "redaction_by_profile": results.redaction_by_profile,
        "people": results.people,
        "sensitive": results.sensitive,
        "statements": {"labels": labels, "macro_f1": macro_f1(labels), "confusion": results.confusion},
        "relevance": results.relevance,
        "tab": tab,
        "redacted_docx": leaks,
    })


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; print the report; write JSON when asked. Returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=SAMPLES_DIR, help="folder of letters and *.gold.json")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--tab", type=Path, default=TAB_DIR, help="folder holding the TAB JSON files")
    parser.add_argument("--tab-limit", type=int, help="score only the first N TAB documents")
    parser.add_argument("--config", type=Path, help="a disclose config file to evaluate with")
    options = parser.parse_args(argv)
    try:
        settings = Settings.load(options.config)
        results = evaluate_samples(options.samples, settings)
        tab = evaluate_tab(options.tab, settings, options.tab_limit) if options.tab.is_dir() else None
        leaks = evaluate_leaks()
        print(report_text(results, tab, options.tab, leaks))
        if options.json:
            options.json.write_text(json.dumps(report_json(results, tab, leaks), indent=2) + "\n", encoding="utf-8")
    except DiscloseError as error:
        print(f"disclose eval: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
