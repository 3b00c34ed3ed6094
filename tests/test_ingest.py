"""Reading letters: encodings, the text map, and clear errors for what cannot be read."""

from __future__ import annotations

import codecs

import pytest

from pipeline.ingest import read_document
from pipeline.types import DiscloseError

LETTER = "Dear Ms Patel,\nJayden’s attendance is 78%.\nYours sincerely,\nSarah Hughes\n"


@pytest.mark.parametrize(
    "encoded, encoding",
    [
        (LETTER.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + LETTER.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + LETTER.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + LETTER.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_text_is_decoded_unchanged_whatever_the_unicode_encoding(tmp_path, encoded, encoding):
    path = tmp_path / "letter.txt"
    path.write_bytes(encoded)
    document = read_document(path)
    assert document.text == LETTER
    assert document.encoding == encoding and not document.notices


def test_windows_1252_bytes_are_read_with_a_notice(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_bytes(LETTER.encode("cp1252"))
    document = read_document(path)
    assert document.text == LETTER
    assert document.encoding == "cp1252"
    assert "Windows-1252" in document.notices[0]


def test_each_line_of_a_text_letter_is_a_segment_that_maps_offsets_back(tmp_path):
    path = tmp_path / "letter.md"
    path.write_text(LETTER, encoding="utf-8")
    document = read_document(path)
    offset = LETTER.index("Sarah")
    segment = document.segment_at(offset)
    assert (segment.part, segment.paragraph) == ("body", 3)
    assert document.text[segment.start : segment.end] == "Sarah Hughes"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("letter.pdf", b"%PDF", "unsupported file type"),
        ("letter", b"text", "unsupported file type"),
        ("blank.txt", b"\n \n", "has no text"),
        ("broken.txt", codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid utf-16"),
    ],
)
def test_unreadable_input_is_a_disclose_error_saying_what_to_do(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DiscloseError, match=message):
        read_document(path)


def test_a_folder_is_refused_with_a_pointer_to_batch(tmp_path):
    folder = tmp_path / "letters.txt"
    folder.mkdir()
    with pytest.raises(DiscloseError, match="disclose batch"):
        read_document(folder)
