"""Whole articles in worker processes, each with its `Extractor` built once; the parent never parses.

Results come back in corpus order, whatever the number of workers, so the tables are the same
bytes for any `--jobs`. At most two tasks of eight articles per worker wait in flight: memory
stays flat however large the corpus.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from typing import Iterable, Iterator

from pipeline.extractor import Extraction, Extractor
from pipeline.ingest.dedup import Repeats
from pipeline.records import Document
from pipeline.rules import Rules

ARTICLES_PER_TASK = 8  # a task's articles are parsed in one batch (`Extractor.process_all`)
IN_FLIGHT_PER_WORKER = 2  # tasks
_worker: dict[str, Extractor] = {}  # this worker process's Extractor, built once by `_start_worker`


def extract_all(work: Iterable[tuple[Document, Repeats]], rules: Rules, jobs: int = 1,
                nlp=None, cluster=None) -> Iterator[Extraction]:
    """The extraction of every (document, repeats), in order: in this process (`nlp`: a loaded
    model to reuse), in `jobs` worker processes, or on a Dask `cluster` client."""
    if cluster is not None:
        from pipeline.cluster import extract_on_cluster

        yield from extract_on_cluster(work, cluster)
        return
    if jobs <= 1:
        yield from Extractor(rules=rules, nlp=nlp).process_all(work)
        return
    # Where there is fork, the Extractor is built once, here, and every worker inherits it as it is
    # (the arguments of a forked worker are not pickled; the model's pages are shared until
    # written): no worker waits seconds for its own spacy.load. Where there is no fork, spawn
    # sends the rules and each worker builds its own.
    forking = workers_inherit_model()
    built = Extractor(rules=rules, nlp=nlp) if forking else None
    with multiprocessing.get_context("fork" if forking else "spawn").Pool(jobs, _start_worker, (rules, built)) as pool:
        pending: deque = deque()
        for chunk in chunks(work, ARTICLES_PER_TASK):
            pending.append(pool.apply_async(_process, (chunk,)))
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def workers_inherit_model() -> bool:
    """Whether worker processes are forked, and so take the parent's model instead of loading it."""
    return "fork" in multiprocessing.get_all_start_methods()


def _start_worker(rules: Rules, built: Extractor | None) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: a worker just ends
    _worker["extractor"] = built if built is not None else Extractor(rules=rules)


def _process(chunk: list[tuple[Document, Repeats]]) -> list[Extraction]:
    return list(_worker["extractor"].process_all(chunk))


def chunks(work: Iterable, size: int) -> Iterator[list]:
    """Consecutive articles a task at a time: their paragraphs are parsed in one batch."""
    chunk: list = []
    for item in work:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _die_with_parent() -> None:
    """A worker whose parent was killed (kill -9, OOM) exits instead of waiting forever (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        return
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)
