"""The leak check of `make eval`: redacted copies of hostile .docx files scored for leaks and kept formatting."""

from __future__ import annotations

import pytest

import hostile_docx
from bench.redaction import planted_replacements, score_copy
from hostile_docx import CHILD
from pipeline.wordfile import write_redacted_docx


@pytest.mark.parametrize("builder", ["split_runs", "first_page_header"])
def test_a_clean_copy_leaks_nothing_and_keeps_the_formatting_around_each_replacement(tmp_path, builder):
    source = hostile_docx.HIDING_PLACES[builder](tmp_path)
    replacements = planted_replacements(source)
    output = tmp_path / "redacted.docx"
    write_redacted_docx(source, output, replacements)
    check = score_copy(source, output, replacements)
    assert check.replacements == 2
    assert check.leaks == []
    assert check.formatting_kept == check.formatting_checked == 2


def test_a_copy_with_one_planted_string_left_counts_a_leak(tmp_path):
    source = hostile_docx.split_runs(tmp_path)
    replacements = planted_replacements(source)
    output = tmp_path / "broken.docx"
    write_redacted_docx(source, output, replacements[1:])
    check = score_copy(source, output, replacements)
    assert check.leaks == [("word/document.xml", CHILD)]
    assert check.formatting_kept == 1 and check.formatting_checked == 2
