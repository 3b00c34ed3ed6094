"""The HTML report: self-contained, escaped, and readable in a real browser (headless Chromium)."""

from __future__ import annotations

import re
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from tests.letters import REFERRAL, SUBJECT
from tests.command import installed_program

CONTEXT = [
    "--subject", SUBJECT,
    "--purpose", "referral to children's social care about neglect",
    "--recipient", "Northshire Children's Services",
]
# Colours of the page's stylesheet that must reach the screen: personal, special, criminal, redact outline.
HIGHLIGHTS = {(0xFF, 0xE9, 0x7A), (0xF6, 0xB3, 0xDC), (0xFF, 0xBD, 0x85), (0xC0, 0x26, 0x2D)}
WIDTH, HEIGHT = 1200, 1600


def report_for(tmp_path: Path, text: str = REFERRAL) -> Path:
    letter = tmp_path / "referral.txt"
    letter.write_text(text, encoding="utf-8")
    page = tmp_path / "referral.html"
    result = CliRunner().invoke(main, ["check", str(letter), *CONTEXT, "--report", str(page)])
    assert result.exit_code == 1, result.stderr
    return page


def chromium(*arguments: str) -> subprocess.CompletedProcess:
    """Run headless Chromium with a new empty profile and nothing fetched in the background."""
    browser = installed_program("chromium", "chromium")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", *arguments],
            capture_output=True, text=True, timeout=120, check=True,
        )


def png_colours(data: bytes) -> tuple[int, int, set[tuple[int, int, int]]]:
    """Width, height and the distinct RGB colours of an 8-bit RGB or RGBA PNG, decoded with zlib alone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = {}, 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunks.setdefault(kind, []).append(data[position + 8 : position + 8 + length])
        position += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][0][:10])
    assert depth == 8 and colour_type in (2, 6)
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks[b"IDAT"]))
    stride = width * channels
    previous, colours = bytearray(stride), set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[i] = (line[i] + nearest[2]) & 255
        colours.update(zip(line[0::channels], line[1::channels], line[2::channels]))
        previous = line
    return width, height, colours


def test_report_is_one_self_contained_escaped_page(tmp_path):
    hostile = REFERRAL.replace("Dear Duty Social Worker,", 'Dear <script>alert("x")</script> & "colleague",')
    page = report_for(tmp_path, hostile).read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;" in page and "&amp; &quot;colleague&quot;" in page
    assert not re.search(r"""(src|href)=["'](?!#)|@import|url\(|<link""", page)
    assert "@media print" in page
    assert '<mark class="personal redact" data-id=' in page and 'title="F' in page
    assert "<details id=" in page and "<summary>" in page


def test_report_renders_in_a_browser_with_highlights_and_reasons(tmp_path):
    page = report_for(tmp_path)
    screenshot = tmp_path / "report.png"
    chromium(f"--screenshot={screenshot}", f"--window-size={WIDTH},{HEIGHT}", page.as_uri())
    width, height, colours = png_colours(screenshot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(colours) > 50 and HIGHLIGHTS <= colours
    dom = chromium("--dump-dom", page.as_uri()).stdout
    neighbour = re.search(r'<mark class="personal redact" data-id="(F\d+)" title="([^"]*)">Sandra Okafor</mark>', dom)
    assert neighbour and f"{neighbour.group(1)} PERSON: redact. Personal data of someone" in neighbour.group(2)
    assert f'<details id="{neighbour.group(1)}">' in dom
    assert re.search(r'<span class="s (fact|opinion|reported) (keep|review)" title="S\d+', dom)
