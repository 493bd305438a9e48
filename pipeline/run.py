"""The whole flow, top to bottom: read, deduplicate, extract each article, reduce, write."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pipeline.actors.link import ActorRegistry
from pipeline.extractor import Extraction
from pipeline.ingest import paragraphs
from pipeline.ingest.dedup import Deduplicator
from pipeline.ingest.read import read_corpus
from pipeline.output.tables import TableWriter
from pipeline.parallel import extract_all
from pipeline.rules import load_rules


@dataclass
class Summary:
    statuses: Counter = field(default_factory=Counter)
    counts: dict[str, int] = field(default_factory=dict)
    paragraphs: int = 0
    repeats: int = 0
    seconds: float = 0.0

    def add(self, extraction: Extraction) -> None:
        self.statuses[extraction.document.status] += 1
        self.paragraphs += len(extraction.paragraphs)
        self.repeats += extraction.document.n_duplicates


def run(corpus: Path, output: Path, rules_dir: Path | None = None, jobs: int = 1,
        excel: bool = False, on_document: Callable[[], None] | None = None,
        nlp=None) -> Summary:
    """Process every document under `corpus` into the tables in `output` (`nlp`: a loaded model to reuse)."""
    rules = load_rules(rules_dir)  # invalid rules stop the run before any work
    deduplicator = Deduplicator.from_rules(rules)
    split_options = paragraphs.split_options(rules)
    max_chars = rules.setting("ingest", "max_document_chars", 20_000_000)
    actors = ActorRegistry()
    summary, started = Summary(), time.perf_counter()

    def work():
        """Documents in corpus order, each with the dedup verdicts on its paragraphs."""
        # An output folder inside the corpus is not read back as input on the next run.
        for document in read_corpus(corpus, max_chars, exclude=[output]):
            yield document, deduplicator.repeats(paragraphs.split(document, **split_options).paragraphs)

    with TableWriter(output, excel=excel) as tables:
        for extraction in extract_all(work(), rules, jobs, nlp):
            for table, records in extraction.rows().items():
                tables.write(table, records)
            actors.add(extraction.actors)  # actors.csv is reduced over the whole corpus
            summary.add(extraction)
            if on_document:
                on_document()
        tables.write("actors", actors.table())
        summary.counts = dict(tables.counts)
    summary.seconds = time.perf_counter() - started
    return summary
