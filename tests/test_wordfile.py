"""Reading .docx text, writing redacted copies, and the leak check that proves a copy is clean."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

import hostile_docx
from hostile_docx import CHILD, EMAIL, WORKER, add_xml_paragraph, letter, save
from pipeline.types import DiscloseError, Replacement
from pipeline.wordfile import leaked_strings, read_docx, write_redacted_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def redact(path: Path, strings=(CHILD, EMAIL)) -> Path:
    """Redact every occurrence of the strings in the document text, as the pipeline does."""
    text, _ = read_docx(path)
    found = re.finditer("|".join(re.escape(s) for s in strings), text)
    replacements = [Replacement(m.start(), m.end(), "[REDACTED]", m.group()) for m in found]
    destination = path.with_name(f"redacted-{path.name}")
    write_redacted_docx(path, destination, replacements)
    return destination


def part_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode()


@pytest.mark.parametrize(
    ("builder", "part"),
    [
        ("split_runs", "body"),
        ("first_page_header", "header"),
        ("even_page_footer", "footer"),
        ("nested_table", "table"),
        ("text_box", "textbox"),
        ("footnote", "footnote"),
        ("comment", "comment"),
        ("tracked_changes", "body"),
        ("hidden_text", "body"),
    ],
)
def test_read_finds_the_name_where_it_hides(tmp_path, builder, part):
    text, segments = read_docx(hostile_docx.HIDING_PLACES[builder](tmp_path))
    assert part in {s.part for s in segments if CHILD in text[s.start : s.end]}


@pytest.mark.parametrize("builder", hostile_docx.HIDING_PLACES)
def test_redacted_copy_leaks_nothing_and_reopens(tmp_path, builder):
    source = hostile_docx.HIDING_PLACES[builder](tmp_path)
    assert leaked_strings(source, [CHILD, EMAIL])
    redacted = redact(source)
    assert leaked_strings(redacted, [CHILD, EMAIL]) == []
    assert "[REDACTED]" in docx.Document(str(redacted)).paragraphs[1].text


def test_text_keeps_insertions_hidden_text_and_field_results_but_not_deletions_or_field_codes(tmp_path):
    text, _ = read_docx(hostile_docx.tracked_changes(tmp_path))
    assert "The referral was made by a member of the public." in text
    assert "Elm Road" not in text
    text, _ = read_docx(hostile_docx.field_codes(tmp_path))
    assert f"Contact: {EMAIL}" in text
    assert "HYPERLINK" not in text and "MERGEFIELD" not in text


def test_line_breaks_and_tabs_keep_a_paragraph_on_one_line(tmp_path):
    document = letter()
    add_xml_paragraph(
        document,
        '<w:r><w:t>14 Elm Road</w:t><w:br/><w:t>Leeds</w:t><w:tab/><w:t>LS1</w:t><w:noBreakHyphen/>'
        '<w:t>4AB</w:t><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>',
    )
    text, segments = read_docx(save(document, tmp_path, "address"))
    assert text.splitlines()[-1] == "14 Elm Road Leeds\tLS1-4AB"
    assert len(segments) == len(text.splitlines())


def test_text_box_is_read_once_right_after_the_paragraph_that_anchors_it(tmp_path):
    text, segments = read_docx(hostile_docx.text_box(tmp_path))
    assert text.count("Collected at 3pm") == 1
    assert [s.part for s in segments] == ["body", "body", "body", "textbox", "body"]
    assert text.splitlines()[2:4] == ["Pick-up arrangements: ", f"Collected at 3pm by {CHILD}'s aunt"]


def test_header_shared_by_two_sections_is_read_once(tmp_path):
    document = letter()
    document.sections[0].header.paragraphs[0].text = "Leeds Children's Services"
    document.add_section()
    text, segments = read_docx(save(document, tmp_path, "two_sections"))
    assert text.count("Leeds Children's Services") == 1
    assert [s.paragraph for s in segments if s.part == "header"] == [0]


def test_separator_footnotes_are_not_read(tmp_path):
    _, segments = read_docx(hostile_docx.footnote(tmp_path))
    assert [s.paragraph for s in segments if s.part == "footnote"] == [0]


def test_replacement_inside_a_bold_run_keeps_its_formatting_and_the_text_around_it(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Re: ")
    paragraph.add_run(f"{CHILD}, Year 4").bold = True
    paragraph.add_run(" (date of birth 4 March 2016)").font.size = Pt(9)
    redacted = docx.Document(str(redact(save(document, tmp_path, "bold"))))
    runs = redacted.paragraphs[0].runs
    assert [(r.text, r.bold, r.font.size) for r in runs] == [
        ("Re: ", None, None),
        ("[REDACTED], Year 4", True, None),
        (" (date of birth 4 March 2016)", None, Pt(9)),
    ]


def test_name_split_across_runs_is_replaced_in_its_first_run_and_removed_from_the_others(tmp_path):
    redacted = docx.Document(str(redact(hostile_docx.split_runs(tmp_path))))
    runs = redacted.paragraphs[2].runs
    assert [(r.text, r.bold, r.italic, r.font.size) for r in runs] == [
        ("We are writing about ", None, None, None),
        ("[REDACTED]", True, None, None),
        ("", None, True, None),
        ("", None, None, Pt(14)),
        (", who joined the school in September.", None, None, None),
    ]


def test_tracked_deletions_are_removed_and_insertions_accepted(tmp_path):
    xml = part_xml(redact(hostile_docx.tracked_changes(tmp_path)), "word/document.xml")
    assert "Elm Road" not in xml
    assert not re.search(r"<w:(del|ins|delText)\b", xml)
    assert "a member of the public" in xml and "is aware that this letter is being sent." in xml
    assert WORKER not in xml


def test_unchanged_paragraphs_keep_their_offsets_in_the_redacted_copy(tmp_path):
    source = hostile_docx.even_page_footer(tmp_path)
    text, segments = read_docx(source)
    redacted_text, redacted_segments = read_docx(redact(source))
    unchanged = [(a, b) for a, b in zip(segments, redacted_segments) if CHILD not in text[a.start : a.end]]
    assert unchanged
    for before, after in unchanged:
        if before.start < text.index(CHILD):
            assert (after.start, after.end) == (before.start, before.end)
        assert redacted_text[after.start : after.end] == text[before.start : before.end]


def test_comment_naming_a_redacted_person_is_removed_with_its_markers(tmp_path):
    redacted = redact(hostile_docx.comment(tmp_path))
    assert not re.search(r"<w:comment(Reference|RangeStart|RangeEnd)?\b", part_xml(redacted, "word/document.xml"))
    assert "comment" not in {s.part for s in read_docx(redacted)[1]}


def comment_with_extended_records(folder: Path) -> Path:
    """A comment naming nobody, with the commentsExtended, commentsIds and people parts Word writes beside it."""
    document = letter()
    paragraph = document.add_paragraph("Attendance has dropped since January.")
    document.add_comment(paragraph.runs, text="Add the attendance figures", author=WORKER, initials="JB")
    w15 = 'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"'
    extras = [
        ("commentsExtended", "2011", f'<w15:commentsEx {w15}><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/></w15:commentsEx>'),
        ("commentsIds", "2016/09", '<w16cid:commentsIds xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid">'
         '<w16cid:commentId w16cid:paraId="1A2B3C4D" w16cid:durableId="5E6F7A8B"/></w16cid:commentsIds>'),
        ("people", "2011", f'<w15:people {w15}><w15:person w15:author="{WORKER}"/></w15:people>'),
    ]
    for name, year, xml in extras:
        content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{name}+xml"
        part = Part(PackURI(f"/word/{name}.xml"), content_type, xml.encode(), document.part.package)
        document.part.relate_to(part, f"http://schemas.microsoft.com/office/{year}/relationships/{name}")
    return save(document, folder, "comment_records")


def test_every_comment_is_removed_with_its_extended_records_and_authors(tmp_path):
    redacted = redact(comment_with_extended_records(tmp_path))
    text, _ = read_docx(redacted)
    assert "Add the attendance figures" not in text
    with zipfile.ZipFile(redacted) as archive:
        names = archive.namelist()
        content_types = archive.read("[Content_Types].xml").decode()
    assert not {"word/comments.xml", "word/commentsExtended.xml", "word/commentsIds.xml", "word/people.xml"} & set(names)
    assert "comment" not in content_types.lower() and "people" not in content_types
    assert leaked_strings(redacted, [WORKER]) == []


def test_tracked_change_authors_are_cleared_where_the_change_stays(tmp_path):
    document = letter()
    add_xml_paragraph(
        document,
        f'<w:customXmlInsRangeStart w:id="7" w:author="{WORKER}" w:date="2025-03-04T10:00:00Z"/>'
        '<w:r><w:t>Attendance has dropped since January.</w:t></w:r><w:customXmlInsRangeEnd w:id="7"/>',
    )
    redacted = redact(save(document, tmp_path, "custom_xml_insertion"))
    assert 'w:author=""' in part_xml(redacted, "word/document.xml")
    assert leaked_strings(redacted, [WORKER]) == []


def test_company_manager_and_attached_template_path_are_cleared(tmp_path):
    document = letter()
    parts = {part.partname: part for part in document.part.package.iter_parts()}
    app, settings = parts["/docProps/app.xml"], parts["/word/settings.xml"]
    app._blob = app.blob.replace(b"<Manager/>", b"<Manager>Jo Bloggs</Manager>").replace(
        b"<Company/>", b"<Company>Northshire Academy Trust</Company>"
    )
    template = "file:///C:/Users/jo.bloggs/Templates/Referral%20to%20CSC.dotm"
    rId = settings.relate_to(
        template, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", is_external=True
    )
    settings.element.insert(0, parse_xml(f'<w:attachedTemplate {nsdecls("w", "r")} r:id="{rId}"/>'))
    redacted = redact(save(document, tmp_path, "template"))
    assert "<Manager/>" in part_xml(redacted, "docProps/app.xml")
    assert leaked_strings(redacted, [WORKER, "Northshire Academy Trust", "jo.bloggs"]) == []
    assert "attachedTemplate" not in part_xml(redacted, "word/settings.xml")


def test_author_and_last_editor_are_cleared_even_when_nothing_is_redacted(tmp_path):
    source = hostile_docx.properties(tmp_path)
    destination = tmp_path / "copy.docx"
    write_redacted_docx(source, destination, [])
    properties = docx.Document(str(destination)).core_properties
    assert (properties.author, properties.last_modified_by) == ("", "")
    assert properties.title == f"Referral - {CHILD}"


def test_mailto_target_holding_a_redacted_address_points_nowhere(tmp_path):
    redacted = docx.Document(str(redact(hostile_docx.mailto_link(tmp_path))))
    targets = [rel.target_ref for rel in redacted.part.rels.values() if rel.reltype == RT.HYPERLINK]
    assert targets == ["#"]


def test_thumbnail_of_the_unredacted_first_page_is_dropped(tmp_path):
    document = letter()
    package = document.part.package
    thumbnail = Part(PackURI("/docProps/thumbnail.png"), "image/png", hostile_docx.tiny_png(), package)
    package.relate_to(thumbnail, RT.THUMBNAIL)
    redacted = redact(save(document, tmp_path, "thumbnail"))
    with zipfile.ZipFile(redacted) as archive:
        assert "docProps/thumbnail.png" not in archive.namelist()


def test_file_changed_since_it_was_read_is_refused(tmp_path):
    source = hostile_docx.split_runs(tmp_path)
    stale = [Replacement(5, 18, "[REDACTED]", "Amelia Clarke")]
    with pytest.raises(DiscloseError, match="has changed since it was checked"):
        write_redacted_docx(source, tmp_path / "copy.docx", stale)


def test_leak_check_finds_names_split_escaped_or_without_spaces(tmp_path):
    path = tmp_path / "leaky.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:p><w:r><w:t>Jay</w:t></w:r><w:r><w:t>den Clarke</w:t></w:r></w:p>")
        archive.writestr("word/people.xml", '<w15:person w15:author="Siobhan O&apos;Neil"/>')
        archive.writestr("docProps/custom.xml", "<vt:lpwstr>JAYDENCLARKE</vt:lpwstr>")
        archive.writestr("word/media/image1.png", hostile_docx.tiny_png())
    assert sorted(leaked_strings(path, [CHILD, "Siobhan O'Neil"])) == [
        ("docProps/custom.xml", CHILD),
        ("word/document.xml", CHILD),
        ("word/people.xml", "Siobhan O'Neil"),
    ]


def test_leak_check_ignores_markup_names_and_schema_keywords(tmp_path):
    # w:lang elements, w:type="even" and majorHAnsi fonts are in every Word file; Eve Lang and Jo Major are not.
    source = hostile_docx.even_page_footer(tmp_path)
    assert leaked_strings(source, ["Eve", "Lang", "Major"]) == []


@pytest.mark.parametrize(
    ("builder", "message"),
    [
        (hostile_docx.text_file, "letter.docx is not a Word .docx file (it is not a valid zip package)"),
        (hostile_docx.empty_file, "letter.docx is not a Word .docx file (it is not a valid zip package)"),
        (
            hostile_docx.zip_without_word,
            "letter.docx is not a Word .docx file (the zip package holds no Word document)",
        ),
        (hostile_docx.old_word_doc, "letter.docx is an old Word .doc file"),
        (hostile_docx.encrypted_docx, "letter.docx is password-protected"),
    ],
)
def test_file_that_is_not_a_readable_docx_raises_a_one_line_error(tmp_path, builder, message):
    with pytest.raises(DiscloseError) as error:
        read_docx(builder(tmp_path))
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value) and "try again" in str(error.value)
