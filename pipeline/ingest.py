"""Stage 1, ingest: read a .txt, .md or .docx file into a Document with a map back to where text lives."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from pipeline.types import Document, DiscloseError, Segment
from pipeline.wordfile import read_docx

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx"}

BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def document_format(path: Path) -> str:
    """The format disclose reads `path` as, from its extension; DiscloseError for anything else."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DiscloseError(
            f"{path.name}: unsupported file type {path.suffix or '(no extension)'!r}: "
            "disclose reads .docx, .txt and .md (save other formats as one of these)"
        )
    return fmt


def decode_text(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode a text file: a BOM decides; else UTF-8; else Windows-1252, with a notice saying so."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError:
                raise DiscloseError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        notice = f"{name} is not UTF-8: read it as Windows-1252; check the characters in the output"
        return data.decode("cp1252", errors="replace"), "cp1252", [notice]


def line_segments(text: str) -> list[Segment]:
    """One body segment per line of a plain-text document."""
    segments, start = [], 0
    for number, line in enumerate(text.split("\n")):
        segments.append(Segment(start, start + len(line), "body", number))
        start += len(line) + 1
    return segments


def read_document(path: Path) -> Document:
    """Read `path` (.docx, .txt or .md). Raises DiscloseError, with what to do, for anything unreadable."""
    path = Path(path)
    fmt = document_format(path)
    if not path.exists():
        raise DiscloseError(f"{path}: no such file")
    if not path.is_file():
        raise DiscloseError(f"{path} is not a file: give a .docx, .txt or .md file (use `disclose batch` for folders)")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DiscloseError(f"cannot read {path}: {error.strerror}") from None
    notices: list[str] = []
    encoding = None
    if fmt == "docx":
        text, segments = read_docx(path)
    else:
        text, encoding, notices = decode_text(data, path.name)
        segments = line_segments(text)
    if not text.strip():
        raise DiscloseError(f"{path.name} has no text: there is nothing to check")
    return Document(
        path=path,
        format=fmt,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        segments=segments,
        encoding=encoding,
        notices=notices,
    )
