"""`make bench`: how fast disclose analyses letters, against bare spaCy and Presidio, in one run.

Times, on the same texts: the bare spaCy parse; Presidio's default analyzer (its default recognizers,
on the same loaded model) per document; and disclose's whole analysis, every stage included. Prints
words per second and the ratios to the bare parse (target for disclose: at most 1.4x).
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

from pipeline.api import analyse_document
from pipeline.evaluate import presidio_default_analyzer
from pipeline.ingest import read_document
from pipeline.parse import load_model
from pipeline.settings import Settings
from pipeline.types import Context

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def letters(count: int) -> list:
    """`count` documents cycled from the sample letters."""
    paths = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".docx"))
    documents = [read_document(p) for p in paths]
    return list(itertools.islice(itertools.cycle(documents), count))


def timed(label: str, work, documents, words: int) -> float:
    start = time.perf_counter()
    for document in documents:
        work(document)
    seconds = time.perf_counter() - start
    print(f"{label:32} {seconds:7.2f} s {words / seconds:9,.0f} words/s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100)
    args = parser.parse_args()
    settings = Settings.load()
    nlp = load_model(settings.model)
    presidio = presidio_default_analyzer(settings)
    documents = letters(args.documents)
    words = sum(len(d.text.split()) for d in documents)
    context = Context(subjects=[], purpose="referral to children's social care")
    # Warm every cache (matchers, profiles, recognizers) so that only steady-state work is timed.
    analyse_document(documents[0], context, settings)
    presidio.analyze(documents[0].text, language="en")
    print(f"{len(documents)} documents, {words:,} words, model {settings.model}")
    bare = timed("bare spaCy parse", lambda d: nlp(d.text), documents, words)
    default = timed("Presidio default analyze", lambda d: presidio.analyze(d.text, language="en"), documents, words)
    ours = timed("disclose analysis (all stages)", lambda d: analyse_document(d, context, settings), documents, words)
    print(f"Presidio / bare parse: {default / bare:.2f}x")
    print(f"disclose / bare parse: {ours / bare:.2f}x  (target at most 1.4x)")


if __name__ == "__main__":
    main()
