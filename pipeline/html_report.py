"""A report for people: one self-contained HTML page (no scripts, fonts or styles from elsewhere) showing the
letter with its findings highlighted by kind and decision, its statements marked fact, opinion or reported,
the reasons on hover and in a list that opens on click, and a summary table. It prints readably."""

from __future__ import annotations

from html import escape
from pathlib import Path

from pipeline import __version__
from pipeline.redact import write_new_file
from pipeline.types import Analysis, Finding, Statement

KINDS = {"personal": "Personal data", "special": "Special-category data (Art. 9)", "criminal": "Criminal-offence data (Art. 10)"}
DECISIONS = {"redact": "Redact", "review": "Review", "keep": "Keep"}
LABELS = {"fact": "Fact", "opinion": "Opinion", "reported": "Reported"}
PARTS = {"body": "", "table": "Table", "textbox": "Text box", "header": "Header", "footer": "Footer",
         "footnote": "Footnote", "endnote": "Endnote", "comment": "Comment", "properties": "Properties"}

CSS = """
:root { --personal: #ffe97a; --special: #f6b3dc; --criminal: #ffbd85; --redact: #c0262d; --review: #b86e00;
        --opinion: #6a3fb5; --reported: #11807a; --ink: #1d1d1f; --muted: #5f6368; }
* { box-sizing: border-box; }
body { font: 15px/1.55 system-ui, "Segoe UI", Arial, sans-serif; color: var(--ink); margin: 0; background: #eef0f3; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.panel { background: #fff; border: 1px solid #d5d9de; border-radius: 6px; padding: 16px 20px; margin-bottom: 16px; }
table { border-collapse: collapse; } th, td { border: 1px solid #d5d9de; padding: 4px 10px; text-align: left; }
th { background: #f3f4f6; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.legend span { display: inline-block; margin: 0 14px 6px 0; }
.letter p { margin: 0 0 6px; white-space: pre-wrap; min-height: 1em; }
.letter .part { margin: 14px 0 4px; font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
mark { color: inherit; padding: 0 1px; border-radius: 2px; }
mark.personal { background: var(--personal); } mark.special { background: var(--special); }
mark.criminal { background: var(--criminal); }
mark.redact { outline: 2px solid var(--redact); text-decoration: line-through var(--redact); }
mark.review { outline: 2px dashed var(--review); }
mark.keep { opacity: .8; }
.s.opinion { text-decoration: underline wavy var(--opinion); text-underline-offset: 4px; }
.s.reported { text-decoration: underline dotted var(--reported); text-decoration-thickness: 2px; text-underline-offset: 4px; }
.s.review { background: #e3ecfa; }
sup a { font-size: 10px; color: var(--muted); text-decoration: none; margin: 0 1px; }
details { border-top: 1px solid #e4e6ea; padding: 6px 0; } details:target { background: #fff8d6; }
summary { cursor: pointer; } summary b { display: inline-block; min-width: 3.2em; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight: 600; color: #fff; }
.badge.redact { background: var(--redact); } .badge.review { background: var(--review); } .badge.keep { background: #2e7d32; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 4px 3.2em; }
dt { color: var(--muted); }
@media print {
  body { background: #fff; font-size: 11pt; } main { max-width: none; padding: 0; }
  .panel { border: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details, tr, .letter p { break-inside: avoid; } summary { list-style: none; } .hint { display: none; }
  sup a { color: var(--muted); }
}
"""


def render_html(analysis: Analysis) -> str:
    """The whole report page for one analysed document."""
    document = analysis.document
    title = f"disclose: {document.path.name}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
            f"<h1>{escape(document.path.name)}</h1>",
            f'<p class="meta">Checked by disclose {escape(__version__)} (model {escape(analysis.model)}); '
            f"SHA-256 {escape(document.sha256[:16])}&hellip;</p>",
            summary(analysis),
            legend(),
            '<h2>The letter</h2><section class="panel letter">',
            letter(analysis),
            "</section>",
            "<h2>Findings and statements</h2>",
            '<section class="panel items"><p class="hint">Click an item to see the rule and the details.</p>',
            items(analysis),
            "</section></main></body></html>",
        ]
    )


def write_html_report(analysis: Analysis, destination: Path, force: bool = False) -> Path:
    """Write the report page atomically; never over the input, nor over an existing file without force."""
    page = render_html(analysis)
    return write_new_file(analysis.document.path, destination, lambda p: p.write_text(page, encoding="utf-8"), force)


def summary(analysis: Analysis) -> str:
    """The context of the disclosure, its open questions, and a table of decisions by kind."""
    context = analysis.context
    answers = [
        ("Purpose", context.purpose), ("Purpose profile", context.profile), ("Recipient", context.recipient),
        ("About", ", ".join(context.subjects)), ("Consent", context.consent), ("Lawful basis", context.lawful_basis),
    ]
    rows = "".join(f"<tr><th>{name}</th><td>{escape(value or 'not recorded')}</td></tr>" for name, value in answers)
    counts = "".join(
        f"<tr><th>{escape(name)}</th>" + "".join(f'<td class="n">{count}</td>' for count in tally(group)) + "</tr>"
        for name, group in [
            *((KINDS[kind], [f for f in analysis.findings if f.kind == kind]) for kind in KINDS),
            ("Statements", analysis.statements),
        ]
    )
    notes = "".join(f"<li>{escape(note)}</li>" for note in analysis.notes)
    return (
        '<section class="panel"><table>' + rows + "</table>"
        + (f"<h2>Open questions</h2><ul>{notes}</ul>" if notes else "")
        + "<h2>Summary</h2><table><tr><th></th>"
        + "".join(f"<th>{label}</th>" for label in DECISIONS.values())
        + "<th>Total</th></tr>" + counts + "</table></section>"
    )


def tally(group: list) -> list[int]:
    return [sum(item.decision == decision for item in group) for decision in DECISIONS] + [len(group)]


def legend() -> str:
    kinds = "".join(f'<span><mark class="{kind}">{escape(name)}</mark></span>' for kind, name in KINDS.items())
    decisions = (
        '<span><mark class="personal redact">to redact</mark></span>'
        '<span><mark class="personal review">to review</mark></span>'
        '<span><span class="s opinion">opinion</span></span>'
        '<span><span class="s reported">reported by someone</span></span>'
        '<span><span class="s review">statement to review</span></span>'
    )
    return f'<section class="panel legend">{kinds}<br>{decisions}<br><span class="hint">Hover over a highlight for the reason.</span></section>'


def tooltip(item: Finding | Statement) -> str:
    what = getattr(item, "entity_type", None) or LABELS[item.label]
    return f"{item.id} {what}: {item.decision}. {item.reason or ''}"


def letter(analysis: Analysis) -> str:
    """The document text paragraph by paragraph, each stretch wrapped in the marks of what covers it."""
    text = analysis.document.text
    cuts = {0, len(text)}
    for item in [*analysis.findings, *analysis.statements]:
        cuts |= {item.start, item.end}
    cuts = sorted(cuts)
    html, part = [], "body"
    for segment in analysis.document.segments:
        if segment.part != part:
            part = segment.part
            html.append(f'<div class="part">{escape(PARTS.get(part, part))}</div>')
        bounds = [segment.start] + [c for c in cuts if segment.start < c < segment.end] + [segment.end]
        pieces = [stretch(analysis, start, end) for start, end in zip(bounds, bounds[1:])]
        html.append(f"<p>{''.join(pieces)}</p>")
    return "\n".join(html)


def stretch(analysis: Analysis, start: int, end: int) -> str:
    """One stretch of text with no finding or statement starting or ending inside it."""
    html = escape(analysis.document.text[start:end])
    # The innermost finding shows; of two on the same span, the one with the stronger decision.
    covering = (f for f in analysis.findings if f.start <= start and end <= f.end)
    findings = sorted(covering, key=lambda f: (f.end - f.start, list(DECISIONS).index(f.decision) if f.decision in DECISIONS else 3))
    if findings:
        inner = findings[0]
        tags = "".join(f'<sup><a href="#{f.id}">{f.id}</a></sup>' for f in findings if f.start == start and f.decision != "keep")
        title = escape("\n".join(tooltip(f) for f in findings))
        html = f'{tags}<mark class="{inner.kind} {inner.decision}" data-id="{inner.id}" title="{title}">{html}</mark>'
    statement = next((s for s in analysis.statements if s.start <= start and end <= s.end), None)
    if statement:
        tag = f'<sup><a href="#{statement.id}">{statement.id}</a></sup>' if statement.start == start and statement.decision != "keep" else ""
        html = f'{tag}<span class="s {statement.label} {statement.decision}" title="{escape(tooltip(statement))}">{html}</span>'
    return html


def items(analysis: Analysis) -> str:
    """Every finding and statement, those needing a decision first, each opening to its details on click."""
    everything = [*analysis.findings, *analysis.statements]
    ordered = [i for i in everything if i.decision != "keep"] + [i for i in everything if i.decision == "keep"]
    return "\n".join(item_details(analysis, item) for item in ordered)


def item_details(analysis: Analysis, item: Finding | Statement) -> str:
    segment = analysis.document.segment_at(item.start)
    where = f"{segment.part}, paragraph {segment.paragraph + 1}"
    if isinstance(item, Finding):
        what = item.entity_type + (f" ({item.subtype})" if item.subtype else "")
        whose = " ".join(x for x in (item.person, item.role) if x) or "not known"
        facts = [("What", what), ("Whose", whose), ("Why this role", item.role_reason)]
    else:
        what = LABELS[item.label]
        relevance = None if item.relevance is None else f"{item.relevance:.2f} ({'relevant' if item.relevant else 'not relevant'})"
        facts = [("Cues", ", ".join(item.cues)), ("Relevance", relevance), *(("Suggestion", note) for note in item.notes)]
    facts += [("Where", where), ("Rule", item.rule), *(("Rule tried", step) for step in item.explanation)]
    rows = "".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>" for name, value in facts if value)
    excerpt = item.text if len(item.text) <= 80 else item.text[:77] + "..."
    return (
        f'<details id="{item.id}"><summary><b>{item.id}</b> <span class="badge {item.decision}">'
        f"{escape(DECISIONS.get(item.decision or '', item.decision or ''))}</span> {escape(what)} "
        f"&ldquo;{escape(excerpt)}&rdquo; &mdash; {escape(item.reason or '')}</summary><dl>{rows}</dl></details>"
    )
