"""The `disclose` command: a thin layer over pipeline.api. Exit status 0 nothing needs action,
1 something needs action, 2 the command could not do its work (one line on stderr, no traceback)."""

from __future__ import annotations

import json
import os
import sys
from functools import wraps
from pathlib import Path

import click
from rich.console import Console

from pipeline import __version__
from pipeline.annotate import write_review_copy
from pipeline.api import analyse
from pipeline.batch import run_batch
from pipeline.context import CONSENT_ANSWERS, build_context
from pipeline.decision_log import append_record, build_record, operator_name, salt_for, verify_log, write_record
from pipeline.decisions import write_decisions
from pipeline.html_report import write_html_report
from pipeline.lint import lint_paths, lint_status, list_rules as rules, render
from pipeline.redact import STYLES, redact_document
from pipeline.relevance import list_profiles
from pipeline.report import explain, findings_document, print_report
from pipeline.settings import Settings, merge
from pipeline.types import DiscloseError

FILE = click.Path(path_type=Path, dir_okay=True)
REVIEW_FILE = click.Path(path_type=Path, dir_okay=False)


class DiscloseGroup(click.Group):
    """Turns every failure into one line on stderr and exit status 2."""

    def main(self, args=None, prog_name=None, **extra):
        extra.pop("standalone_mode", None)
        try:
            code = super().main(args, prog_name or "disclose", standalone_mode=False, **extra)
        except click.UsageError as error:
            command = f" {error.ctx.command_path.split(' ', 1)[-1]}" if error.ctx and " " in error.ctx.command_path else ""
            code = fail(f"{error.format_message()} (see `disclose{command} --help`)")
        except (click.ClickException, DiscloseError) as error:
            code = fail(error.format_message() if isinstance(error, click.ClickException) else str(error))
        except (KeyboardInterrupt, click.Abort):
            code = fail("interrupted: nothing half-written was left behind")
        except Exception as error:  # never a traceback for users; DISCLOSE_DEBUG=1 shows it
            if os.environ.get("DISCLOSE_DEBUG"):
                raise
            code = fail(f"internal error ({type(error).__name__}: {error}); set DISCLOSE_DEBUG=1 and report it")
        sys.exit(code or 0)


def fail(message: str) -> int:
    click.echo(f"disclose: error: {message}", err=True)
    return 2


def context_options(command):
    """The options that say why, to whom and on what basis the disclosure is made."""
    options = [
        click.option("--purpose", help="Why the information is shared (free text; matched to a profile)."),
        click.option("--profile", help="Purpose profile name (see `disclose profiles`), or 'none'."),
        click.option("--recipient", help="Who will receive it."),
        click.option("--subject", "subjects", multiple=True, help="A person the disclosure is about (repeatable)."),
        click.option("--consent", type=click.Choice(CONSENT_ANSWERS), help="Consent to share."),
        click.option("--lawful-basis", help="The lawful basis for sharing (needed without consent)."),
        click.option("--request", type=click.Path(path_type=Path), help="YAML file with the same keys as these options."),
        click.option("--config", type=click.Path(path_type=Path), help="YAML file overriding the shipped configuration."),
    ]
    for option in reversed(options):
        command = option(command)

    @wraps(command)
    def with_context(*args, request, config, purpose, profile, recipient, subjects, consent, lawful_basis, **kwargs):
        settings = Settings.load(config)
        context = build_context(
            request,
            purpose=purpose,
            profile=profile,
            recipient=recipient,
            subjects=subjects,
            consent=consent,
            lawful_basis=lawful_basis,
            operator=kwargs.get("operator"),
        )
        return command(*args, settings=settings, context=context, **kwargs)

    return with_context


def exit_status(needs_action: bool) -> int:
    return 1 if needs_action else 0


def write_reviews(analysis, force, output_format, annotate=None, decisions_out=None, report=None) -> None:
    """Write the review files asked for and say where (on stderr under --format json, to keep stdout JSON)."""
    written = []
    if annotate:
        written.append(f"review copy: {annotate} ({write_review_copy(analysis, annotate, force)} comments)")
    if decisions_out:
        write_decisions(analysis, decisions_out, force)
        written.append(f"decisions to edit: {decisions_out} (then `disclose redact ... --decisions {decisions_out}`)")
    if report:
        written.append(f"report: {write_html_report(analysis, report, force)}")
    for line in written:
        click.echo(f"wrote {line}", err=output_format == "json")


@click.group(cls=DiscloseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="disclose")
def main():
    """Check an outgoing safeguarding disclosure before it is sent."""


@main.command()
@click.argument("file", type=FILE)
@context_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--all", "show_all", is_flag=True, help="Show kept items too.")
@click.option("--explain", "explain_id", metavar="ID", help="Print the chain of rules that decided one finding or statement.")
@click.option("--show-text", is_flag=True, help="Print the extracted text that offsets refer to, and nothing else.")
@click.option("--annotate", type=REVIEW_FILE, metavar="COPY.docx", help="Write a copy of the Word letter with a comment on every item that needs a decision.")
@click.option("--decisions-out", type=REVIEW_FILE, metavar="FILE.yaml", help="Write the items that need a decision to a YAML file to edit and pass to `redact --decisions`.")
@click.option("--report", "report_path", type=REVIEW_FILE, metavar="FILE.html", help="Write a self-contained HTML page showing the letter with its findings highlighted.")
@click.option("--force", is_flag=True, help="Replace existing --annotate, --decisions-out or --report files.")
def check(file, settings, context, output_format, show_all, explain_id, show_text, annotate, decisions_out, report_path, force):
    """Analyse one document and print the findings. Writes nothing unless asked (--annotate, --decisions-out, --report)."""
    analysis = analyse(file, context, settings)
    write_reviews(analysis, force, output_format, annotate=annotate, decisions_out=decisions_out, report=report_path)
    if show_text:
        click.echo(analysis.document.text)
    elif explain_id:
        click.echo(explain(analysis, explain_id))
    elif output_format == "json":
        click.echo(json.dumps(findings_document(analysis), indent=2, ensure_ascii=False))
    else:
        print_report(analysis, Console(), show_all=show_all)
    return exit_status(analysis.needs_action())


@main.command()
@click.argument("file", type=FILE)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Where to write the redacted copy.")
@context_options
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option("--log", "log_path", type=click.Path(path_type=Path), help="Decision log to append to (default: disclose-log.jsonl beside the output).")
@click.option("--log-text", is_flag=True, help="Write the personal data itself into the decision log.")
@click.option("--operator", help="Who is running the check (default: the login name).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--style", type=click.Choice(STYLES), help="How removed text is replaced (default: redaction.style in config, label).")
@click.option("--decisions", "decisions_path", type=click.Path(path_type=Path, dir_okay=False), help="A reviewer's decisions file (from `check --decisions-out`), applied on top of the policy.")
@click.option("--report", "report_path", type=REVIEW_FILE, metavar="FILE.html", help="Also write a self-contained HTML page showing the letter with its findings highlighted.")
def redact(file, output, settings, context, force, log_path, log_text, operator, output_format, style, decisions_path, report_path):
    """Analyse, apply the decisions, and write the redacted copy, the decision log and its Markdown record."""
    if style:
        settings = Settings(merge(settings.data, {"redaction": {"style": style}}))
    analysis = analyse(file, context, settings, decisions=decisions_path)
    write_reviews(analysis, force, output_format, report=report_path)
    result = redact_document(analysis, output, settings, force=force)
    log_path = log_path or output.parent / "disclose-log.jsonl"
    record = build_record(analysis, result, operator_name(operator), salt_for(log_path), log_text=log_text)
    append_record(log_path, record)
    record_path = write_record(record, output)
    if output_format == "json":
        click.echo(json.dumps(findings_document(analysis) | {"output": {"path": str(result.path), "sha256": result.sha256}}, indent=2, ensure_ascii=False))
    else:
        print_report(analysis, Console())
        click.echo(f"wrote {result.path} ({result.replaced} replacements, checked free of {result.removed_strings} removed values)")
        click.echo(f"logged to {log_path}; record for people: {record_path}")
    return exit_status(analysis.needs_action())


@main.command()
def profiles():
    """List the purpose profiles and what each is for."""
    for name, description in list_profiles(Settings.load()):
        click.echo(f"{name:18} {description}")


@main.command("verify-log")
@click.argument("log", type=click.Path(path_type=Path))
def verify_log_command(log):
    """Check that a decision log's hash chain is intact (no line edited, removed or reordered)."""
    count, problems = verify_log(log)
    for problem in problems:
        click.echo(f"{log}: {problem}")
    click.echo(f"{log}: {count} records, " + ("chain broken" if problems else "chain intact"))
    return 1 if problems else 0


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path, file_okay=False), required=True, help="Folder for the redacted copies, records, log and summary (mirrors FOLDER's tree).")
@context_options
@click.option("--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="number of CPUs", help="Files processed at once.")
@click.option("--force", is_flag=True, help="Redo files unchanged since the last run into OUTDIR.")
@click.option("--manifest", type=click.Path(path_type=Path, dir_okay=False), help="CSV listing the files, each with its own context (columns: path, purpose, profile, recipient, subjects, consent, lawful_basis).")
@click.option("--report-html", is_flag=True, help="Also write summary.html, linking each redacted copy and record.")
@click.option("--operator", help="Who is running the check (default: the login name).")
@click.option("--log-text", is_flag=True, help="Write the personal data itself into the decision log.")
def batch(folder, outdir, settings, context, jobs, force, manifest, report_html, operator, log_text):
    """Check every .docx, .txt and .md file under FOLDER: redacted copies, records, one log, a summary table."""
    rows = run_batch(
        folder, outdir, context, settings,
        config_path=click.get_current_context().params.get("config"),
        jobs=jobs, force=force, manifest=manifest, operator=operator, log_text=log_text,
        report_html=report_html, show_progress=sys.stdout.isatty(),
    )
    failed = sum(row["status"] == "failed" for row in rows)
    skipped = sum(row["status"] == "skipped" for row in rows)
    needing = sum(bool(row["needs_action"]) for row in rows)
    click.echo(f"{len(rows)} files: {len(rows) - failed - skipped} checked, {skipped} unchanged and skipped, {failed} failed; {needing} need action")
    click.echo(f"summary: {outdir / 'summary.csv'}; log: {outdir / 'disclose-log.jsonl'}")
    if failed:
        return fail(f"{failed} file(s) could not be checked: see the error column of {outdir / 'summary.csv'}")
    return exit_status(needing > 0)


@main.command()
@click.argument("paths", nargs=-1, type=FILE)
@context_options
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif", "junit"]), default="text", help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True, help="Lowest level that makes the exit status 1.")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
def lint(paths, settings, context, output_format, fail_on, list_rules):
    """Check template letters for CI: real personal data, unmarked opinion, broken or unknown placeholders."""
    if list_rules:
        click.echo(rules())
        return 0
    if not paths:
        raise click.UsageError("give at least one template file or folder")
    report = lint_paths(list(paths), context, settings)
    click.echo(render(report, output_format))
    return lint_status(report, fail_on)
