"""The whole flow, top to bottom: read, deduplicate, extract each article, reduce, write.

Incremental by default (pipeline/incremental/, docs/incremental.md): when the output folder holds
the manifest of a run with the same versions, rules and corpus, the rows of every document whose
text and dedup verdicts are unchanged are copied from the previous tables, and only the others are
extracted. The tables are the bytes a full run writes; the manifest, written last, commits the run.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from pipeline import incremental
from pipeline.actors.link import ActorRegistry
from pipeline.ingest import read as ingest
from pipeline.ingest.dedup import Deduplicator
from pipeline.ingest.fields import FIELD_CHOICES
from pipeline.output.tables import TableWriter, output_lock
from pipeline.rules import load_rules


@dataclass
class Summary:
    statuses: Counter = field(default_factory=Counter)
    counts: dict[str, int] = field(default_factory=dict)
    paragraphs: int = 0
    repeats: int = 0
    seconds: float = 0.0
    mode: str = "full"  # or "incremental"
    reason: str | None = None  # why a run that could have been incremental was full
    reused: int = 0  # documents whose rows were copied from the previous run
    relinked: int = 0  # of these, documents whose repeats now point at other originals
    processed: int = 0  # documents extracted again (parsed, or rows without the model)
    parsed: int = 0  # documents handed to the model
    files_read: int = 0
    model_seconds: float = 0.0  # loading spaCy and the model, when something had to be parsed

    def add(self, extraction) -> None:
        self.count(extraction.document.status, len(extraction.paragraphs), extraction.document.n_duplicates)

    def count(self, status: str, paragraphs: int, repeats: int) -> None:
        self.statuses[status] += 1
        self.paragraphs += paragraphs
        self.repeats += repeats


def run(corpus: Path, output: Path, rules_dir: Path | None = None, jobs: int = 1,
        excel: bool = False, on_document: Callable[[], None] | None = None,
        nlp=None, *, full: bool = False, html: bool = False,
        notify: Callable[[str], None] | None = None, cluster=None,
        on_model_load: Callable[[], None] | None = None) -> Summary:
    """Process every document under `corpus` into the tables in `output` (`nlp`: a loaded model to reuse).

    `full`: ignore the previous run. `html`: the caller writes the report next (else an old one is
    removed). `notify`: one-line notices, such as why a run is a full one. `cluster`: a Dask
    client to extract on (`pipeline.cluster`). `on_model_load`: called as the model starts loading,
    when the first document to parse is met (a progress bar shows it as a step).
    """
    rules = load_rules(rules_dir)  # invalid rules stop the run before any work
    (corpus, chosen), output = ingest.locate(corpus), Path(output)  # a folder, or files given one by one
    problem = incremental.folder_problem(corpus, output, chosen)
    if problem:
        raise incremental.FolderError(problem)
    notify = notify if notify is not None else (lambda message: None)
    for note in rules.notes:  # an actor of models/ replaced by the --rules folder's
        notify(note)
    options = incremental.Options(str(rules_dir) if rules_dir else None, jobs, excel, html, full,
                                  ingest.FOLLOW_OUTSIDE_LINKS, tuple(map(str, chosen)),
                                  tuple(sorted(FIELD_CHOICES.items())))
    with output_lock(output):
        incremental.remove_leftovers(output)  # what a killed run left
        previous, reason = None, ("--full" if full else None)
        if not full:
            previous, reason = incremental.Previous.open(output, corpus, rules, options,
                                                         Deduplicator.from_rules(rules))
            if reason:
                notify(f"full run: {reason}")
        try:
            return _run(corpus, output, rules, options, previous, reason, on_document, nlp, cluster, notify,
                        on_model_load)
        except incremental.CorpusChanged as changed:
            notify(f"full run: {changed}")
            previous.close()
            previous = None
            return _run(corpus, output, rules, options, None, str(changed), on_document, nlp, cluster, notify,
                        on_model_load)
        finally:
            if previous is not None:
                previous.close()


def _run(corpus, output, rules, options, previous, reason, on_document, nlp, cluster, notify,
         on_model_load=None) -> Summary:
    started, started_ns = incremental.utc_now()
    clock = time.perf_counter()
    deduplicator = Deduplicator.from_rules(rules)
    plan = _plan(corpus, output, rules, deduplicator, previous, cluster, options.chosen)
    actors = ActorRegistry()
    summary = Summary(mode="incremental" if previous else "full", reason=reason)
    recorder = None
    try:
        with TableWriter(output, excel=options.excel) as tables:
            recorder = incremental.Recorder(output, tables, deduplicator, previous)
            for item, extraction in _in_order(plan, rules, options.jobs, nlp, cluster, summary, on_model_load):
                status, paragraphs, repeats, observations = recorder.record(item, extraction)
                actors.add(observations)  # actors.csv is reduced over the whole corpus
                summary.count(status, paragraphs, repeats)
                summary.reused += item.stored is not None
                summary.relinked += item.relinked
                summary.processed += item.stored is None
                if on_document:
                    on_document()
            tables.write("actors", actors.table())
        wrong = recorder.check_tables()
        if wrong:  # no manifest: the next run is a full one
            recorder.discard()
            notify(f"internal check failed ({', '.join(wrong)}): the next run will be a full one")
        else:
            state = recorder.commit()
    except BaseException:
        if recorder is not None:
            recorder.discard()
        raise
    for note in incremental.remove_unwritten(output, options.excel, options.html):
        notify(note)
    summary.counts = dict(tables.counts)
    summary.files_read = plan.files_read
    summary.seconds = time.perf_counter() - clock
    if not wrong:
        documents = {"total": sum(summary.statuses.values()), "statuses": dict(summary.statuses),
                     "reused": summary.reused, "relinked": summary.relinked, "processed": summary.processed,
                     "parsed": summary.parsed,
                     "files_read": summary.files_read}
        incremental.write_manifest(output, incremental.build_manifest(
            corpus=corpus, options=options, rules=rules, started=started, started_ns=started_ns,
            seconds=summary.seconds, mode=summary.mode, reason=reason, documents=documents,
            tables=incremental.table_entries(output, summary.counts), state=state, files=plan.files))
    return summary


def _plan(corpus, output, rules, deduplicator, previous, cluster, chosen) -> incremental.Plan:
    """The documents in corpus order with their dedup verdicts: from this process's index, or on a
    cluster from the distributed one (a first walk sends the paragraphs to the workers, which
    sign them and find the repeats; the parent holds no index)."""
    if cluster is None:
        return incremental.Plan(corpus, output, rules, deduplicator, previous, chosen=chosen)
    from pipeline.cluster import ClusterDedup

    verdicts = ClusterDedup(cluster, rules.settings.get("dedup", {}))
    incremental.Plan(corpus, output, rules, deduplicator, previous, chosen=chosen).collect(verdicts)
    verdicts.verdicts()
    return incremental.Plan(corpus, output, rules, deduplicator, previous, given=verdicts, chosen=chosen)


def _in_order(plan, rules, jobs: int, nlp, cluster, summary: Summary, on_model_load=None) -> Iterator[tuple]:
    """(item, extraction) in corpus order; extraction is None for rows that need no model (reused,
    or not parsed). spaCy and the model load at the first document to parse, never before."""
    items, pending = iter(plan), deque()
    for item in items:
        if item.needs_model:
            pending.append(item)
            break
        yield item, None
    if not pending:
        return

    def work():
        yield pending[0].document, pending[0].repeats
        for later in items:
            pending.append(later)
            if later.needs_model:
                yield later.document, later.repeats

    if on_model_load:
        on_model_load()
    started = time.perf_counter()
    from pipeline.parallel import extract_all, workers_inherit_model

    if nlp is None and cluster is None and (jobs <= 1 or workers_inherit_model()):  # else workers load it
        from pipeline.nlp import build_nlp

        nlp = build_nlp(rules)
    summary.model_seconds = time.perf_counter() - started
    for extraction in extract_all(work(), rules, jobs, nlp, cluster=cluster):
        while not pending[0].needs_model:
            yield pending.popleft(), None
        summary.parsed += 1
        yield pending.popleft(), extraction
    while pending:
        yield pending.popleft(), None
