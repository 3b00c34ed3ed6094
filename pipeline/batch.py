"""`disclose batch`: every supported file under a folder, redacted and logged, with a summary table.

Each file goes through `process_one`, a pure function of its arguments (the model and configuration are
cached per worker process), in a pool of worker processes. Only the parent writes the shared outputs: it
appends the decision-log records in input order, so the hash chain stays one chain, writes each Markdown
record, and rewrites summary.json after each file, so a stopped run resumes where it stopped.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import resource
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from pipeline import __version__
from pipeline.api import analyse
from pipeline.context import CONSENT_ANSWERS
from pipeline.decision_log import append_record, build_record, operator_name, record_path_for, salt_for, write_record
from pipeline.ingest import FORMATS
from pipeline.parse import load_model, nlp_engine
from pipeline.redact import redact_document, write_text_atomically
from pipeline.settings import Settings
from pipeline.types import Context, DiscloseError

KINDS = ("personal", "special", "criminal")
DECISIONS = ("redact", "review", "keep")
SUMMARY_FIELDS = (
    "path", "status", "error", *KINDS, *DECISIONS, "needs_action", "review_items", "seconds",
    "words", "peak_memory_mb", "input_sha256", "output", "output_sha256", "config_sha256",
)
MANIFEST_COLUMNS = ("path", "purpose", "profile", "recipient", "subjects", "consent", "lawful_basis")
LOG_NAME = "disclose-log.jsonl"


@dataclass
class FileResult:
    """What `process_one` returns: small and picklable, with no personal data outside `record`."""

    path: str
    output: str
    status: str  # ok or failed
    error: str = ""
    kinds: dict[str, int] = field(default_factory=dict)
    decisions: dict[str, int] = field(default_factory=dict)
    needs_action: bool = False
    review_items: list[str] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0
    input_sha256: str = ""
    output_sha256: str = ""
    config_sha256: str = ""
    peak_memory_mb: float = 0.0  # the worker process's peak resident memory so far
    record: dict[str, Any] | None = None  # the decision-log record, appended by the parent


@dataclass(frozen=True)
class Job:
    """One file to process: where it is, its place in the mirrored tree, and its own context."""

    source: Path
    relative: Path
    context: Context


def find_documents(folder: Path, exclude: Path | None = None) -> list[Path]:
    """Every supported file under `folder`, sorted; not hidden files or folders, Word lock files
    (~$name.docx), nor anything under `exclude`."""
    excluded = exclude.resolve() if exclude else None
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.name.startswith("~$"):
            continue
        if excluded and (path.resolve() == excluded or excluded in path.resolve().parents):
            continue
        if path.suffix.lower() in FORMATS and path.is_file():
            found.append(path)
    return sorted(found)


def output_for(outdir: Path, relative: Path) -> Path:
    """OUTDIR/<relative dir>/<stem>.redacted<suffix>."""
    return outdir / relative.parent / f"{relative.stem}.redacted{relative.suffix}"


@lru_cache(maxsize=None)
def worker_settings(config_path: str | None) -> Settings:
    """The configuration and the model of this process, loaded once."""
    settings = Settings.load(Path(config_path) if config_path else None)
    load_model(settings.model)
    nlp_engine(settings)
    return settings


def start_worker(config_path: str | None) -> None:
    """Pool initializer: load the configuration and the model before the first file arrives."""
    worker_settings(config_path)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, or "" when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def review_items(analysis) -> list[str]:
    """What a person must look at, by id, type and place: never the text itself."""
    items = []
    for item in [*analysis.findings, *analysis.statements]:
        if item.decision == "review":
            what = getattr(item, "entity_type", None) or getattr(item, "label")
            segment = analysis.document.segment_at(item.start)
            items.append(f"{item.id} {what} ({segment.part} ¶{segment.paragraph + 1}): {item.reason}")
    return items + analysis.notes


def process_one(
    path: Path,
    output_path: Path,
    context: Context,
    config_path: str | None,
    operator: str,
    salt: bytes,
    log_text: bool = False,
) -> FileResult:
    """Analyse one file, write its redacted copy atomically, and return the result with its log record.

    Pure apart from the cached model and configuration: a distributed engine can map it over file paths.
    """
    started = time.perf_counter()
    settings = worker_settings(config_path)
    result = FileResult(path=str(path), output=str(output_path), status="ok", config_sha256=settings.sha256)
    try:
        analysis = analyse(path, context, settings)
        result.words = len(analysis.document.text.split())
        result.input_sha256 = analysis.document.sha256
        output_path.parent.mkdir(parents=True, exist_ok=True)
        # The batch owns OUTDIR: a copy is only redone when its input, the config or --force says so.
        redaction = redact_document(analysis, output_path, settings, force=True)
        result.record = build_record(analysis, redaction, operator, salt, log_text=log_text)
        kinds = Counter(f.kind for f in analysis.findings)
        result.kinds = {kind: kinds[kind] for kind in KINDS}
        result.decisions = analysis.counts()
        result.needs_action = analysis.needs_action()
        result.review_items = review_items(analysis)
        result.output_sha256 = redaction.sha256
    except DiscloseError as error:
        result.status, result.error = "failed", str(error)
    except Exception as error:  # a damaged file can fail deep inside a parser; it must not stop the others
        result.status, result.error = "failed", f"{path.name} could not be read ({type(error).__name__}: {error}): open and re-save it, or report it"
    if not result.input_sha256:
        result.input_sha256 = file_sha256(path)
    result.seconds = round(time.perf_counter() - started, 3)
    result.peak_memory_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def read_manifest(manifest: Path, folder: Path, base: Context) -> list[Job]:
    """The files a manifest CSV lists, each with its own context over `base` (paths relative to the manifest)."""
    try:
        with open(manifest, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            columns = reader.fieldnames or []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise DiscloseError(f"cannot read the manifest {manifest}: {error}") from None
    unknown = set(columns) - set(MANIFEST_COLUMNS)
    if "path" not in columns or unknown:
        raise DiscloseError(f"manifest {manifest}: columns must be {', '.join(MANIFEST_COLUMNS)} (path required; got {', '.join(columns) or 'none'})")
    root, jobs, seen = folder.resolve(), [], set()
    for number, row in enumerate(rows, 2):
        source = manifest.parent / row["path"].strip()
        if root not in source.resolve().parents:
            raise DiscloseError(f"manifest {manifest} line {number}: {row['path']} is not under {folder}: list only files inside the folder")
        relative = source.resolve().relative_to(root)
        if relative in seen:
            raise DiscloseError(f"manifest {manifest} line {number}: {row['path']} is listed twice: list each file once")
        seen.add(relative)
        values = {key: (row.get(key) or "").strip() for key in MANIFEST_COLUMNS if key not in ("path", "subjects")}
        if values["consent"] and values["consent"] not in CONSENT_ANSWERS:
            raise DiscloseError(f"manifest {manifest} line {number}: consent must be one of {', '.join(CONSENT_ANSWERS)}")
        subjects = [s.strip() for s in (row.get("subjects") or "").split(";") if s.strip()]
        overrides = {key: value for key, value in values.items() if value} | ({"subjects": subjects} if subjects else {})
        jobs.append(Job(source, relative, replace(base, **overrides)))
    return jobs


def read_summary(outdir: Path) -> dict[str, dict[str, Any]]:
    """The rows of the previous run's summary.json, by path ({} when there is none)."""
    path = outdir / "summary.json"
    if not path.exists():
        return {}
    try:
        return {row["path"]: row for row in json.loads(path.read_text(encoding="utf-8"))["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        raise DiscloseError(f"{path} is damaged: delete it to redo every file") from None


def remove_partial_files(outdir: Path) -> None:
    """Temporary files a killed process left behind (never an output: those appear only by rename)."""
    for partial in outdir.rglob(".*.part"):
        partial.unlink(missing_ok=True)


def summary_row(job: Job, result: FileResult, outdir: Path) -> dict[str, Any]:
    """One file's row of the summary, with paths relative to the input folder and OUTDIR."""
    return {
        "path": job.relative.as_posix(),
        "status": result.status,
        "error": result.error,
        **{kind: result.kinds.get(kind, 0) for kind in KINDS},
        **{decision: result.decisions.get(decision, 0) for decision in DECISIONS},
        "needs_action": result.needs_action,
        "review_items": result.review_items,
        "seconds": result.seconds,
        "words": result.words,
        "peak_memory_mb": result.peak_memory_mb,
        "input_sha256": result.input_sha256,
        "output": Path(result.output).relative_to(outdir).as_posix() if result.status == "ok" else "",
        "output_sha256": result.output_sha256,
        "config_sha256": result.config_sha256,
    }


def unchanged(previous: dict[str, Any] | None, job: Job, outdir: Path, config_sha256: str) -> bool:
    """Whether the last run's row still stands: same input, same configuration, output still there."""
    return bool(
        previous
        and previous.get("status") in ("ok", "skipped")
        and previous.get("config_sha256") == config_sha256
        and previous.get("input_sha256") == file_sha256(job.source)
        and (outdir / previous.get("output", "")).is_file()
    )


def spreadsheet_safe(value: Any) -> Any:
    """A cell that a spreadsheet will not run as a formula (a file can be called "=HYPERLINK(...).docx")."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


def summary_csv(rows: list[dict[str, Any]]) -> str:
    """The summary as CSV, review items joined with " | "."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUMMARY_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_safe(" | ".join(value) if key == "review_items" else value) for key, value in row.items()})
    return buffer.getvalue()


def summary_html(rows: list[dict[str, Any]], config_sha256: str) -> str:
    """A self-contained page (no scripts, fonts or styles from elsewhere), one row per file, every value escaped."""

    def link(target: str, label: str) -> str:
        return f'<a href="{html.escape(quote(target))}">{label}</a>' if target else ""

    body = []
    for row in rows:
        record = record_path_for(Path(row["output"])).as_posix() if row["output"] else ""
        cells = [
            html.escape(row["path"]),
            html.escape(row["status"]),
            html.escape(row["error"]),
            *(str(row[key]) for key in (*KINDS, *DECISIONS)),
            "<br>".join(html.escape(item) for item in row["review_items"]),
            f'{link(row["output"], "redacted copy")} {link(record, "record")}',
        ]
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    headings = ["file", "status", "error", *KINDS, *DECISIONS, "to review", "outputs"]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8"><title>disclose batch summary</title>',
            "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px;vertical-align:top}</style>",
            "</head><body>",
            f"<h1>disclose batch summary</h1><p>disclose {html.escape(__version__)}, configuration {html.escape(config_sha256[:16])}</p>",
            "<table><tr>" + "".join(f"<th>{h}</th>" for h in headings) + "</tr>",
            *body,
            "</table></body></html>",
        ]
    )


def write_summary(outdir: Path, rows: list[dict[str, Any]], config_sha256: str, report_html: bool = False) -> None:
    """summary.json and summary.csv (and summary.html), each replaced atomically."""
    document = {"tool": {"name": "disclose", "version": __version__}, "config_sha256": config_sha256, "files": rows}
    write_text_atomically(outdir / "summary.json", json.dumps(document, indent=2, ensure_ascii=False))
    write_text_atomically(outdir / "summary.csv", summary_csv(rows))
    if report_html:
        write_text_atomically(outdir / "summary.html", summary_html(rows, config_sha256))


@contextmanager
def progress_bar(total: int, show: bool):
    """Yields advance(findings): a progress bar on a terminal, nothing otherwise."""
    if not show:
        yield lambda findings: None
        return
    columns = [
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[findings]} findings"), TimeRemainingColumn(),
    ]
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("checking", total=total, findings=0)
        seen = 0

        def advance(findings: int) -> None:
            nonlocal seen
            seen += findings
            progress.update(task, advance=1, findings=seen)

        yield advance


def results(jobs: list[tuple[int, Job]], arguments, workers: int, config: str | None):
    """(index, FileResult) for each job, as they finish."""
    if workers == 1:
        # One worker: run here, reusing this process's model, rather than start a process to load another.
        for index, job in jobs:
            yield index, process_one(*arguments(job))
        return
    with ProcessPoolExecutor(workers, initializer=start_worker, initargs=(config,)) as pool:
        futures = {pool.submit(process_one, *arguments(job)): index for index, job in jobs}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BrokenProcessPool:
            raise DiscloseError("a worker process stopped unexpectedly (out of memory?): run again to resume, or use --jobs 1") from None
        finally:
            pool.shutdown(cancel_futures=True)


def run_batch(
    folder: Path,
    outdir: Path,
    context: Context,
    settings: Settings,
    config_path: Path | None = None,
    jobs: int = 1,
    force: bool = False,
    manifest: Path | None = None,
    operator: str | None = None,
    log_text: bool = False,
    report_html: bool = False,
    show_progress: bool = False,
) -> list[dict[str, Any]]:
    """Process every file under `folder` (or listed in `manifest`) into `outdir`; the summary rows, in input order."""
    if not folder.is_dir():
        raise DiscloseError(f"{folder} is not a folder: give the folder of letters to check")
    if outdir.exists() and not outdir.is_dir():
        raise DiscloseError(f"{outdir} is a file: give a folder for the outputs with -o")
    outdir.mkdir(parents=True, exist_ok=True)
    if manifest:
        work = read_manifest(manifest, folder, context)
    else:
        work = [Job(path, path.relative_to(folder), context) for path in find_documents(folder, exclude=outdir)]
    if not work:
        where = f"listed in {manifest}" if manifest else f"under {folder}"
        raise DiscloseError(f"no .docx, .txt or .md files {where}: check the folder or the manifest")
    previous = {} if force else read_summary(outdir)
    rows: dict[int, dict[str, Any]] = {}
    todo = []
    for index, job in enumerate(work):
        row = previous.get(job.relative.as_posix())
        if unchanged(row, job, outdir, settings.sha256):
            rows[index] = row | {"status": "skipped"}
        else:
            todo.append((index, job))
    log_path = outdir / LOG_NAME
    salt, who = salt_for(log_path), operator_name(operator)
    config = str(config_path) if config_path else None

    def arguments(job: Job):
        return job.source, output_for(outdir, job.relative), job.context, config, who, salt, log_text

    def ordered() -> list[dict[str, Any]]:
        return [rows[i] for i in sorted(rows)]

    remove_partial_files(outdir)
    finished: dict[int, FileResult] = {}
    waiting = [index for index, _ in todo]
    try:
        with progress_bar(len(todo), show_progress) as advance:
            for index, result in results(todo, arguments, max(1, min(jobs, len(todo))), config):
                finished[index] = result
                advance(sum(result.kinds.values()))
                # Log in input order, so the chain is the same whatever order the workers finish in.
                while waiting and waiting[0] in finished:
                    next_index = waiting.pop(0)
                    done = finished.pop(next_index)
                    if done.record:
                        append_record(log_path, done.record)
                        write_record(done.record, Path(done.output))
                    rows[next_index] = summary_row(work[next_index], done, outdir)
                    write_summary(outdir, ordered(), settings.sha256)
    finally:
        remove_partial_files(outdir)
    write_summary(outdir, ordered(), settings.sha256, report_html)
    return ordered()
