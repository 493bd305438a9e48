"""The whole flow, top to bottom: read, split, deduplicate, parse, extract, write."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pipeline import dedup, ingest, nlp as nlp_stage, paragraphs
from pipeline.actors import ActorLinker
from pipeline.claims import ClaimExtractor
from pipeline.dates import DateExtractor
from pipeline.quotes import QuoteExtractor
from pipeline.rules import load_rules
from pipeline.tables import TableWriter


@dataclass
class Summary:
    statuses: Counter = field(default_factory=Counter)
    counts: dict[str, int] = field(default_factory=dict)
    paragraphs: int = 0
    repeats: int = 0
    seconds: float = 0.0


def run(corpus: Path, output: Path, rules_dir: Path | None = None, jobs: int = 1,
        excel: bool = False, on_document: Callable[[], None] | None = None,
        nlp=None) -> Summary:
    """Process every document under `corpus` into the tables in `output` (`nlp`: a loaded model to reuse)."""
    rules = load_rules(rules_dir)  # invalid rules stop the run before any work
    nlp = nlp if nlp is not None else nlp_stage.build_nlp(rules)
    deduplicator = dedup.Deduplicator.from_rules(rules)
    linker = ActorLinker(rules)
    find_dates = DateExtractor(nlp, rules)
    find_quotes = QuoteExtractor(nlp, rules)
    find_claims = ClaimExtractor(nlp, rules)
    split_options = {"heading_max_words": rules.setting("paragraphs", "heading_max_words", 15),
                     "heading_max_chars": rules.setting("paragraphs", "heading_max_chars", 120)}
    # No text handed to spaCy may reach its max_length, whatever the settings say.
    max_segment = min(rules.setting("paragraphs", "segment_max_chars", 20000), nlp.max_length - 1)
    summary, started = Summary(), time.perf_counter()

    def prepared():
        max_chars = rules.setting("ingest", "max_document_chars", 20_000_000)
        # An output folder inside the corpus is not read back as input on the next run.
        for document in ingest.read_corpus(corpus, max_chars, exclude=[output]):
            article = deduplicator.mark(paragraphs.split(document, **split_options))
            article.segments = paragraphs.segments(article, max_segment)
            yield article

    with TableWriter(output, excel=excel) as tables:
        for article in nlp_stage.parse(nlp, prepared(), n_process=jobs):
            mentions = linker.link(article)
            dates = find_dates.extract(article)
            quotes = find_quotes.extract(article, mentions, dates)
            claims = find_claims.extract(article, mentions, quotes, dates)
            tables.write("documents", [article.document])
            tables.write("paragraphs", article.paragraphs)
            tables.write("mentions", mentions)
            tables.write("quotes", quotes)
            tables.write("claims", claims)
            tables.write("dates", dates)
            summary.statuses[article.document.status] += 1
            summary.paragraphs += len(article.paragraphs)
            summary.repeats += article.document.n_duplicates
            if on_document:
                on_document()
        tables.write("actors", linker.actors())
        summary.counts = dict(tables.counts)
    summary.seconds = time.perf_counter() - started
    return summary
