"""Read the text of a Word .docx file, write a redacted copy of it, and prove the copy leaks nothing.

Reading and writing share one walker of paragraphs, so offsets into the text that read_docx returns always
point at the same characters when write_redacted_docx applies replacements.
"""

from __future__ import annotations

import copy
import re
import zipfile
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote
from xml.sax.saxutils import escape

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from lxml import etree

from pipeline.types import DiscloseError, Replacement, Segment

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Characters a run can hold besides w:t, and the text they stand for.
SYMBOLS = {W + "tab": "\t", W + "ptab": "\t", W + "br": " ", W + "cr": " ", W + "noBreakHyphen": "-"}
CHARACTERS = (W + "t", *SYMBOLS)
# What the text leaves out: deleted and moved-away runs, field codes, formatting, and the second copy of
# alternate content.
LEFT_OUT = {
    W + name for name in ("del", "moveFrom", "delText", "delInstrText", "instrText", "rPr", "pPr", "sectPr")
} | {MC_FALLBACK}
# Tracked-change records with no text of their own: removing them accepts the change.
REVISION_MARKS = {
    W + name
    for name in (
        "del", "moveFrom", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
        "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange", "tcPrChange",
        "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge",
    )
}
SEPARATOR_NOTES = {"separator", "continuationSeparator", "continuationNotice"}
HEADER_ORDER = {"first": 0, "even": 1, "default": 2}
# The parts comments live in, by the last word of their relationship type: the comments, their extended
# records, and the people who wrote them.
COMMENT_PARTS = {"comments", "commentsExtended", "commentsIds", "commentsExtensible", "people"}
# What names whoever wrote or edited the file: attributes of tracked changes and comments, application properties.
AUTHOR_ATTRIBUTES = {W + "author", W + "initials"}
APP_PROPERTIES = {"Company", "Manager"}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LETTER = r"[^\W\d_]"
# Attribute values such as "even", "black" or "majorHAnsi" are schema keywords, not data: a child called Eve
# must not turn w:type="even" into something Word cannot open.
SCHEMA_KEYWORD = re.compile(r"[a-z][A-Za-z0-9]*")
MARKUP = re.compile(r"<[/\w][^>]*>")
ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
PARAGRAPH_END = re.compile(r"</(?:\w+:)?p>")
XML_ESCAPES = {'"': "&quot;", "'": "&apos;"}


def read_docx(path: Path) -> tuple[str, list[Segment]]:
    """The text of a .docx file (body, text boxes, headers, footers, notes, comments) and one Segment per paragraph."""
    document, roots = _open(path)
    text, paragraphs = _read(document, roots)
    return text, [segment for segment, _ in paragraphs]


def write_redacted_docx(source: Path, destination: Path, replacements: list[Replacement]) -> None:
    """Write `source` to `destination` with the replacements applied and every trace of the originals removed."""
    document, roots = _open(source)
    for root in roots.values():
        _accept_revisions(root)
    text, paragraphs = _read(document, roots)
    if any(text[r.start : r.end] != r.original for r in replacements):
        raise DiscloseError(f"{source.name} has changed since it was checked: run the check again on the current file")
    pattern = _pattern(r.original for r in replacements)
    _replace_in_paragraphs(paragraphs, replacements)
    _remove_comments(document, roots)
    _clear_properties(document, roots, pattern)
    if pattern:
        redacted = {_normal(r.original): r.text for r in replacements}
        read = {paragraph for _, paragraph in paragraphs}
        document_text = {piece for paragraph in read for piece in _inline(paragraph, W + "t")}
        for root in roots.values():
            _scrub_tree(root, pattern, redacted, read, document_text)
        _scrub_link_targets(document, pattern)
    _drop_thumbnail(document)
    for part, root in roots.items():
        if not isinstance(part, XmlPart):
            part._blob = etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)
    document.save(str(destination))


def open_paragraphs(path: Path) -> tuple[WordDocument, list[tuple[Segment, etree._Element]]]:
    """The Word document at `path` and, for each paragraph read_docx reads, its Segment and w:p element."""
    document, roots = _open(path)
    return document, _read(document, roots)[1]


def span_runs(paragraph: etree._Element, start: int, end: int) -> list[etree._Element]:
    """The runs holding characters start:end of a paragraph, split from their neighbours where the span
    begins or ends inside one, so they hold that span and no more. The text is unchanged."""
    for offset in (start, end):
        _split_at(paragraph, offset)
    runs, position = [], 0
    for piece in _characters(paragraph):
        value = SYMBOLS.get(piece.tag, piece.text or "")
        if start <= position < end and value and piece.getparent() not in runs:
            runs.append(piece.getparent())
        position += len(value)
    return runs


def leaked_strings(path: Path, strings: list[str], as_written: Collection[str] = ()) -> list[tuple[str, str]]:
    """(part name, string) for every string still found in any text part of the .docx at `path`; the
    strings in `as_written` are searched for in their own case only."""
    wanted = list(dict.fromkeys(string.strip() for string in strings if string.strip()))
    forms = {string: [string, escape(string, XML_ESCAPES)] for string in wanted}
    patterns = {string: _pattern(forms[string], string in as_written) for string in wanted}
    hits = []
    try:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                raw = _decode(package.read(name))
                if raw is None:
                    continue
                views = (MARKUP.sub(_attribute_values, raw), MARKUP.sub(_tag_gap, raw))
                flat = "".join(_normal(view) for view in views)
                # A string whose letters do not appear in a row anywhere cannot match: skip its pattern.
                present = [s for s in wanted if any(_normal(form) in flat for form in forms[s])]
                hits += [(name, s) for s in present if any(patterns[s].search(v) for v in views)]
    except zipfile.BadZipFile:
        raise DiscloseError(f"{path.name} is not a valid zip package: write the redacted copy again") from None
    return hits


def _open(path: Path) -> tuple[WordDocument, dict[Part, etree._Element]]:
    if not path.is_file():
        raise DiscloseError(f"{path} was not found: check the path and try again")
    with path.open("rb") as file:
        head = file.read(len(OLE_SIGNATURE))
    if head == OLE_SIGNATURE:
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise DiscloseError(
                f"{path.name} is password-protected: remove the password in Word (File > Info > Protect Document)"
                " and try again"
            )
        raise DiscloseError(
            f"{path.name} is an old Word .doc file named .docx: save it from Word as .docx and try again"
        )
    try:
        document = docx.Document(str(path))
        return document, _xml_roots(document)
    except (PackageNotFoundError, zipfile.BadZipFile):
        problem = "it is not a valid zip package"
    except (KeyError, ValueError):
        problem = "the zip package holds no Word document"
    except etree.XMLSyntaxError:
        problem = "part of it is not well-formed XML"
    raise DiscloseError(f"{path.name} is not a Word .docx file ({problem}): save it from Word as .docx and try again")


def _xml_roots(document: WordDocument) -> dict[Part, etree._Element]:
    """The root element of every XML part; parts python-docx keeps as bytes are parsed here and written back on save."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    roots = {}
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            roots[part] = part.element
        elif part.content_type.endswith("xml"):
            roots[part] = etree.fromstring(part.blob, parser)
    return roots


def _read(
    document: WordDocument, roots: dict[Part, etree._Element]
) -> tuple[str, list[tuple[Segment, etree._Element]]]:
    """The text and, for each paragraph, its Segment and element."""
    texts, paragraphs, counts, offset = [], [], {}, 0
    for kind, story in _stories(document, roots):
        for part, paragraph in _paragraphs(story, kind):
            text = _text(_characters(paragraph))
            index = counts[part] = counts.get(part, -1) + 1
            paragraphs.append((Segment(offset, offset + len(text), part, index), paragraph))
            texts.append(text)
            offset += len(text) + 1
    return "\n".join(texts), paragraphs


def _stories(document: WordDocument, roots: dict[Part, etree._Element]) -> Iterator[tuple[str, etree._Element]]:
    """Each container of paragraphs in reading order: body, headers and footers by section, notes, comments."""
    body = document.element.find(W + "body")
    yield "body", body
    seen = set()
    sections = [section for section in body.iter(W + "sectPr") if section.getparent().tag != W + "sectPrChange"]
    for section in sections:
        for kind in ("header", "footer"):
            references = section.iter(W + kind + "Reference")
            for reference in sorted(references, key=lambda r: HEADER_ORDER.get(r.get(W + "type"), len(HEADER_ORDER))):
                part = document.part.related_parts[reference.get(qn("r:id"))]
                if part not in seen:
                    seen.add(part)
                    yield kind, roots[part]
    for kind, reltype in (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES), ("comment", RT.COMMENTS)):
        for rel in document.part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                for note in roots[rel.target_part].iterchildren(W + kind):
                    if note.get(W + "type") not in SEPARATOR_NOTES:
                        yield kind, note


def _replace_in_paragraphs(paragraphs: list[tuple[Segment, etree._Element]], replacements: list[Replacement]) -> None:
    """Apply the replacements inside the runs of each paragraph, except in comments, which are all removed."""
    ordered = sorted(replacements, key=lambda r: r.start)
    starts = [r.start for r in ordered]  # replacements never overlap: only those starting before a paragraph ends
    for segment, paragraph in paragraphs:
        if segment.part == "comment":
            continue
        candidates = ordered[max(bisect_right(starts, segment.start) - 1, 0) : bisect_left(starts, segment.end)]
        spans = [
            (max(r.start, segment.start) - segment.start, min(r.end, segment.end) - segment.start,
             r.text if r.start >= segment.start else "")
            for r in candidates
            if r.start < segment.end and r.end > segment.start
        ]
        for start, end, new_text in sorted(spans, reverse=True):
            _replace_span(list(_characters(paragraph)), start, end, new_text)


def _paragraphs(container: etree._Element, kind: str) -> Iterator[tuple[str, etree._Element]]:
    """Paragraphs in document order, each followed by the paragraphs of the text boxes it anchors."""
    for child in container:
        if child.tag == W + "p":
            yield kind, child
            for box in _inline(child, W + "txbxContent"):
                yield from _paragraphs(box, "textbox" if kind in ("body", "table") else kind)
        elif child.tag == W + "tbl":
            yield from _paragraphs(child, "table" if kind == "body" else kind)
        elif child.tag not in LEFT_OUT:
            yield from _paragraphs(child, kind)


def _inline(element: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """The elements with these tags inside a paragraph, in order, not looking inside what the text leaves out."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag not in LEFT_OUT and child.tag != W + "txbxContent":
            yield from _inline(child, *tags)


def _characters(paragraph: etree._Element) -> Iterator[etree._Element]:
    return _inline(paragraph, *CHARACTERS)


def _text(pieces: Iterable[etree._Element]) -> str:
    return "".join(SYMBOLS.get(piece.tag, piece.text or "") for piece in pieces)


def _replace_span(pieces: list[etree._Element], start: int, end: int, text: str) -> None:
    """Put `text` in place of characters start:end of the pieces; the first piece touched takes it, so each
    run keeps its formatting and the characters around the span stay where they are."""
    position = 0
    for piece in pieces:
        value = SYMBOLS.get(piece.tag, piece.text or "")
        piece_start, position = position, position + len(value)
        if piece_start >= end or position <= start:
            continue
        _set_piece(piece, value[: max(start - piece_start, 0)] + text + value[end - piece_start :])
        text = ""


def _split_at(paragraph: etree._Element, offset: int) -> None:
    """Make a run boundary fall at character `offset` of a paragraph, splitting a w:t and its run if needed."""
    position = 0
    for piece in list(_characters(paragraph)):
        value = SYMBOLS.get(piece.tag, piece.text or "")
        if position < offset < position + len(value):
            tail = copy.deepcopy(piece)
            piece.addnext(tail)
            _set_piece(piece, value[: offset - position])
            _set_piece(tail, value[offset - position :])
            _split_run_before(tail)
            return
        if position == offset and value:
            _split_run_before(piece)
            return
        position += len(value)


def _split_run_before(piece: etree._Element) -> None:
    """Move `piece` and what follows it in its run into a copy of the run (same formatting) right after it."""
    run = piece.getparent()
    index = run.index(piece)
    if all(child.tag == W + "rPr" for child in run[:index]):
        return
    tail = copy.deepcopy(run)
    for child in run[index:]:
        run.remove(child)
    for child in tail[:index]:
        if child.tag != W + "rPr":
            tail.remove(child)
    run.addnext(tail)


def _set_piece(piece: etree._Element, value: str) -> None:
    if not value:
        piece.getparent().remove(piece)
        return
    if piece.tag in SYMBOLS:
        piece.attrib.clear()
        piece.tag = W + "t"
    piece.text = value
    piece.set(XML_SPACE, "preserve")


def _accept_revisions(root: etree._Element) -> None:
    """Remove tracked deletions and change records; keep inserted and moved-to runs as ordinary text."""
    for mark in list(root.iter(*REVISION_MARKS)):
        mark.getparent().remove(mark)
    for wrapper in list(root.iter(W + "ins", W + "moveTo")):
        parent = wrapper.getparent()
        index = parent.index(wrapper)
        parent[index : index + 1] = list(wrapper)


def _remove_comments(document: WordDocument, roots: dict[Part, etree._Element]) -> None:
    """Remove every comment (a note to colleagues, not part of the disclosure): the range markers and references
    in the text, and the comments, extended-comment and people parts, which are then not saved."""
    for root in roots.values():
        for element in list(root.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference")):
            element.getparent().remove(element)
    rels = document.part.rels
    for rId in [rId for rId, rel in rels.items() if rel.reltype.rsplit("/", 1)[-1] in COMMENT_PARTS]:
        del rels[rId]


def _clear_properties(document: WordDocument, roots: dict[Part, etree._Element], pattern: re.Pattern | None) -> None:
    """Clear what names the writer and editors (core author and last editor, tracked-change and comment authors,
    company and manager, the attached template's path) and any core property holding a removed string."""
    for part, root in roots.items():
        if part.content_type == CT.OPC_CORE_PROPERTIES:
            for field in root:
                name = etree.QName(field).localname
                if name in ("creator", "lastModifiedBy") or (pattern and pattern.search(field.text or "")):
                    field.text = None
        if part.content_type == CT.OFC_EXTENDED_PROPERTIES:
            for field in root:
                if etree.QName(field).localname in APP_PROPERTIES:
                    field.text = None
        for element in root.iter(etree.Element):
            for key in AUTHOR_ATTRIBUTES.intersection(element.keys()):
                element.set(key, "")
        for template in list(root.iter(W + "attachedTemplate")):
            template.getparent().remove(template)
            if template.get(qn("r:id")) in part.rels:
                del part.rels[template.get(qn("r:id"))]


def _scrub_tree(
    root: etree._Element, pattern: re.Pattern, redacted: dict[str, str], read: set, document_text: set
) -> None:
    """Replace the removed strings everywhere in one part except in the document text (the w:t of the paragraphs
    read_docx reads), where the caller's offsets decide."""

    def replacement_for(match: re.Match) -> str:
        return redacted.get(_normal(match.group()), "")

    # Paragraph by paragraph first, so a string split across runs (or across field-code pieces) is found whole.
    for paragraph in list(root.iter(W + "p")):
        views = [(W + "instrText",)] if paragraph in read else [(W + "instrText",), CHARACTERS]
        for tags in views:
            for match in reversed(list(pattern.finditer(_text(_inline(paragraph, *tags))))):
                _replace_span(list(_inline(paragraph, *tags)), match.start(), match.end(), replacement_for(match))
    for value in root.xpath("//text()"):
        node = value.getparent()
        if not value.strip() or (value.is_text and node in document_text):
            continue
        scrubbed = pattern.sub(replacement_for, value)
        if scrubbed != value:
            setattr(node, "text" if value.is_text else "tail", scrubbed)
    for node in root.iter(etree.Element):
        for key, value in node.items():
            if value.strip() and not SCHEMA_KEYWORD.fullmatch(value):
                node.set(key, pattern.sub(replacement_for, value))


def _scrub_link_targets(document: WordDocument, pattern: re.Pattern) -> None:
    """Point any external link (a mailto: address, a web page) that holds a removed string at "#"."""
    package = document.part.package
    for owner in (package, *package.iter_parts()):
        for rel in owner.rels.values():
            if rel.is_external and pattern.search(unquote(rel.target_ref)):
                rel._target = "#"


def _drop_thumbnail(document: WordDocument) -> None:
    """Drop the package thumbnail: it is a picture of the unredacted first page."""
    rels = document.part.package.rels
    for rId in [rId for rId, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rId]


def _pattern(strings: Iterable[str], case_sensitive: bool = False) -> re.Pattern | None:
    """One pattern for the strings, matching them with or without their inner whitespace and not inside a
    longer word (so "Eve" does not match "even"); in any case unless `case_sensitive`."""
    alternatives = []
    for string in sorted({s.strip() for s in strings if s.strip()}, key=len, reverse=True):
        body = r"\s*".join(re.escape(word) for word in string.split())
        if string[0].isalpha():
            body = f"(?<!{LETTER}){body}"
        if string[-1].isalpha():
            body = f"{body}(?!{LETTER})"
        alternatives.append(body)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile("|".join(alternatives), flags) if alternatives else None


def _normal(string: str) -> str:
    return "".join(string.split()).casefold()


def _decode(data: bytes) -> str | None:
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _attribute_values(tag: re.Match) -> str:
    """A tag stands for its attribute values, without element and attribute names or namespace declarations."""
    values = [
        quoted or apostrophed
        for name, quoted, apostrophed in ATTRIBUTE.findall(tag.group())
        if not name.startswith("xmlns") and not SCHEMA_KEYWORD.fullmatch(quoted or apostrophed)
    ]
    return " " + " ".join(values) + " "


def _tag_gap(tag: re.Match) -> str:
    """Tags vanish from the text content, so a name split across runs reads whole; paragraphs stay apart."""
    return "\n" if PARAGRAPH_END.fullmatch(tag.group()) else ""
