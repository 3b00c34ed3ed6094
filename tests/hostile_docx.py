"""Builders of .docx files that hide a child's name where redaction tools miss it, and of files that are not .docx.

Every letter names the child in its subject line too, so a redaction of the document text always has
something to remove. All people, addresses and numbers are fictional.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

CHILD = "Jayden Clarke"
EMAIL = "jayden.clarke@example.org"
WORKER = "Jo Bloggs"
MORE_NAMESPACES = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def letter() -> Document:
    """The start of a referral letter about the child."""
    document = docx.Document()
    document.add_paragraph("Dear Ms Okafor,")
    document.add_paragraph(f"Re: {CHILD}, Year 4, Hillside Primary School")
    return document


def save(document: Document, folder: Path, name: str) -> Path:
    path = folder / f"{name}.docx"
    document.save(str(path))
    return path


def add_xml_paragraph(document: Document, inner_xml: str) -> None:
    """Append a paragraph written as WordprocessingML (runs, fields, revisions, drawings)."""
    paragraph = parse_xml(f"<w:p {nsdecls('w', 'r', 'wp', 'a', 'pic')} {MORE_NAMESPACES}>{inner_xml}</w:p>")
    document.element.body.insert(len(document.element.body) - 1, paragraph)


def split_runs(folder: Path) -> Path:
    """The name split across three runs: bold, italic and 14pt."""
    document = letter()
    paragraph = document.add_paragraph("We are writing about ")
    paragraph.add_run("Jay").bold = True
    paragraph.add_run("den Cl").italic = True
    paragraph.add_run("arke").font.size = Pt(14)
    paragraph.add_run(", who joined the school in September.")
    return save(document, folder, "split_runs")


def first_page_header(folder: Path) -> Path:
    """The name in the header of the first page only."""
    document = letter()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = f"OFFICIAL-SENSITIVE: {CHILD}"
    section.header.paragraphs[0].text = "OFFICIAL-SENSITIVE"
    return save(document, folder, "first_page_header")


def even_page_footer(folder: Path) -> Path:
    """The name in the even-page footer of a second section."""
    document = letter()
    document.settings.odd_and_even_pages_header_footer = True
    second = document.add_section()
    document.add_paragraph("Chronology of contact with the family.")
    second.even_page_footer.is_linked_to_previous = False
    second.even_page_footer.paragraphs[0].text = f"Chronology for {CHILD}"
    return save(document, folder, "even_page_footer")


def nested_table(folder: Path) -> Path:
    """The name in a table inside a table cell."""
    document = letter()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Household"
    inner = table.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = CHILD
    inner.cell(0, 1).text = "child, aged 8"
    return save(document, folder, "nested_table")


def text_box(folder: Path) -> Path:
    """The name in a floating text box, written as Word does: a drawing with a VML fallback copy."""
    document = letter()
    box = f"<w:txbxContent><w:p><w:r><w:t>Collected at 3pm by {CHILD}'s aunt</w:t></w:r></w:p></w:txbxContent>"
    add_xml_paragraph(
        document,
        f"""<w:r><w:t xml:space="preserve">Pick-up arrangements: </w:t></w:r>
        <w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
          <wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2"
                     behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
            <wp:simplePos x="0" y="0"/>
            <wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
            <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
            <wp:extent cx="2286000" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
            <wp:wrapSquare wrapText="bothSides"/><wp:docPr id="20" name="Text Box 20"/><wp:cNvGraphicFramePr/>
            <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
              <wps:wsp><wps:cNvSpPr txBox="1"/>
                <wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2286000" cy="457200"/></a:xfrm>
                  <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
                <wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp>
            </a:graphicData></a:graphic>
          </wp:anchor></w:drawing></mc:Choice>
          <mc:Fallback><w:pict><v:shape id="Text Box 20" type="#_x0000_t202" style="width:180pt;height:36pt">
            <v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>
        </mc:AlternateContent></w:r>""",
    )
    document.add_paragraph("Please call the office if plans change.")
    return save(document, folder, "text_box")


def footnote(folder: Path) -> Path:
    """The name in a footnote (python-docx has no footnote API, so the part is added by hand)."""
    document = letter()
    notes = f"""<w:footnotes {nsdecls('w')}>
      <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
      <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
      <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>
        <w:r><w:t xml:space="preserve"> {CHILD} told his class teacher on 3 March 2025.</w:t></w:r></w:p></w:footnote>
    </w:footnotes>"""
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, notes.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    add_xml_paragraph(
        document,
        '<w:r><w:t>He described being left alone overnight.</w:t></w:r>'
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>',
    )
    return save(document, folder, "footnote")


def comment(folder: Path) -> Path:
    """The name in a reviewer's comment on an otherwise anonymous sentence."""
    document = letter()
    paragraph = document.add_paragraph("The school nurse has seen him twice this term.")
    document.add_comment(
        paragraph.runs, text=f"Check {CHILD}'s GP details before sending", author=WORKER, initials="JB"
    )
    return save(document, folder, "comment")


def tracked_changes(folder: Path) -> Path:
    """The name in a tracked deletion (still stored in the file) and in a tracked insertion."""
    document = letter()
    change = f'w:author="{WORKER}" w:date="2025-03-04T10:00:00Z"'
    add_xml_paragraph(
        document,
        f"""<w:r><w:t xml:space="preserve">The referral was made by </w:t></w:r>
        <w:del w:id="101" {change}><w:r><w:delText>{CHILD}'s neighbour at 14 Elm Road</w:delText></w:r></w:del>
        <w:ins w:id="102" {change}><w:r><w:t>a member of the public</w:t></w:r></w:ins>
        <w:r><w:t>.</w:t></w:r>""",
    )
    add_xml_paragraph(
        document,
        f'<w:ins w:id="103" {change}><w:r><w:t>{CHILD} is aware that this letter is being sent.</w:t></w:r></w:ins>',
    )
    return save(document, folder, "tracked_changes")


def hidden_text(folder: Path) -> Path:
    """The name in hidden (w:vanish) text, invisible on screen and in print."""
    document = letter()
    paragraph = document.add_paragraph("Attendance is 81% this term.")
    paragraph.add_run(f" Note: {CHILD} was absent on 12 February.").font.hidden = True
    return save(document, folder, "hidden_text")


def mailto_link(folder: Path) -> Path:
    """An email address behind a mailto: hyperlink and in its display text."""
    document = letter()
    rId = document.part.relate_to(f"mailto:{EMAIL}", RT.HYPERLINK, is_external=True)
    add_xml_paragraph(
        document,
        f"""<w:r><w:t xml:space="preserve">He has asked us to reply to </w:t></w:r>
        <w:hyperlink r:id="{rId}"><w:r><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>
        <w:t>{EMAIL}</w:t></w:r></w:hyperlink>""",
    )
    return save(document, folder, "mailto_link")


def field_codes(folder: Path) -> Path:
    """An address in a HYPERLINK field whose code is split across two runs, and the name in a MERGEFIELD switch."""
    document = letter()
    add_xml_paragraph(
        document,
        f"""<w:r><w:t xml:space="preserve">Contact: </w:t></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r>
        <w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:jayden.cl</w:instrText></w:r>
        <w:r><w:instrText xml:space="preserve">arke@example.org" </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r>
        <w:r><w:t>{EMAIL}</w:t></w:r>
        <w:r><w:fldChar w:fldCharType="end"/></w:r>""",
    )
    add_xml_paragraph(
        document,
        f"""<w:r><w:fldChar w:fldCharType="begin"/></w:r>
        <w:r><w:instrText xml:space="preserve"> MERGEFIELD ChildName \\b "{CHILD}: " </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r>
        <w:r><w:t>placeholder</w:t></w:r>
        <w:r><w:fldChar w:fldCharType="end"/></w:r>""",
    )
    return save(document, folder, "field_codes")


def tiny_png() -> bytes:
    """A valid one-pixel white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def image_alt_text(folder: Path) -> Path:
    """An inline picture whose alt text and title name the child."""
    document = letter()
    document.add_picture(BytesIO(tiny_png()))
    for element in document.element.body.iter("{*}docPr", "{*}cNvPr"):
        element.set("descr", f"Photo of {CHILD}")
        element.set("title", CHILD)
    return save(document, folder, "image_alt_text")


def properties(folder: Path) -> Path:
    """The name in the title and a custom property; the author and last editor name the worker."""
    document = letter()
    document.core_properties.author = WORKER
    document.core_properties.last_modified_by = WORKER
    document.core_properties.title = f"Referral - {CHILD}"
    custom = f"""<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
        xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">
      <property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="ChildName">
        <vt:lpwstr>{CHILD}</vt:lpwstr></property>
    </Properties>"""
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, custom.encode(), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
    return save(document, folder, "properties")


def custom_xml(folder: Path) -> Path:
    """The name in a customXml data part, as a case-management system's template leaves it."""
    document = letter()
    data = f'<referral xmlns="urn:example:referral"><child>{CHILD}</child><dob>2016-03-04</dob></referral>'
    package = document.part.package
    part = Part(package.next_partname("/customXml/item%d.xml"), "application/xml", data.encode(), package)
    document.part.relate_to(part, RT.CUSTOM_XML)
    return save(document, folder, "custom_xml")


HIDING_PLACES = {
    builder.__name__: builder
    for builder in (
        split_runs, first_page_header, even_page_footer, nested_table, text_box, footnote, comment,
        tracked_changes, hidden_text, mailto_link, field_codes, image_alt_text, properties, custom_xml,
    )
}


def text_file(folder: Path) -> Path:
    """A plain-text letter renamed .docx."""
    path = folder / "letter.docx"
    path.write_text(f"Dear Ms Okafor,\nRe: {CHILD}\n")
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "letter.docx"
    path.write_bytes(b"")
    return path


def zip_without_word(folder: Path) -> Path:
    """A zip archive of scanned pages renamed .docx."""
    path = folder / "letter.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("page1.txt", "scan of page 1")
    return path


def old_word_doc(folder: Path) -> Path:
    """A Word 97-2003 .doc renamed .docx."""
    return ole_file(folder, "WordDocument")


def encrypted_docx(folder: Path) -> Path:
    """A password-protected .docx, which Word stores as an encrypted OLE compound file."""
    return ole_file(folder, "EncryptedPackage")


def ole_file(folder: Path, stream: str) -> Path:
    """An OLE compound file holding a stream of this name (enough of one for the signature checks)."""
    path = folder / "letter.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream.encode("utf-16-le"))
    return path
