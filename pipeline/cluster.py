"""Whole articles on a Dask cluster: each worker builds its Extractor once, the parent never parses.

Dedup stays global without one machine holding the index (`cluster_repeats`): the workers hash
the paragraphs (digest and MinHash values), exact copies meet by a shuffle on their digest, near
repeats by a shuffle on their LSH band keys (the bands of the local index); each bucket verifies
its candidate pairs, and the parent receives only the copies and the verified pairs, which it
reads in corpus order to give each repeat its earliest original, as the local index does.

`veille run CORPUS --cluster tcp://HOST:8786` uses a running scheduler; `--cluster local:N`
starts a LocalCluster of N worker processes on this machine. The parent reads the corpus, keeps
the dedup verdicts in corpus order (`pipeline.ingest.dedup`), sends (document, repeats) to the
workers a few at a time and writes the extractions back in corpus order, so the tables are the
bytes of a local run. A worker lost mid-run has its articles recomputed by Dask on another one.
"""

from __future__ import annotations

from collections import defaultdict, deque
from contextlib import contextmanager
from itertools import combinations
from typing import Iterable, Iterator

import numpy as np

from pipeline.extractor import Extraction, Extractor
from pipeline.ingest.dedup import Deduplicator, Repeats
from pipeline.records import Document, Paragraph
from pipeline.rules import Rules

PLUGIN = "veille-extractor"
IN_FLIGHT_PER_WORKER = 8


class ClusterError(RuntimeError):
    """The cluster could not be reached or started; the message says which and why."""


def _worker_plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class ExtractorPlugin(WorkerPlugin):
        """Builds one Extractor per worker process, from the rules the parent loaded."""

        def __init__(self, rules: Rules):
            self.rules = rules
            self.extractor: Extractor | None = None

        def setup(self, worker) -> None:
            self.extractor = Extractor(rules=self.rules)

    return ExtractorPlugin


def _process(document: Document, repeats: Repeats) -> Extraction:
    from distributed import get_worker

    return get_worker().plugins[PLUGIN].extractor.process(document, repeats)


@contextmanager
def connect(address: str, rules: Rules, timeout: str = "20s", extractors: bool = True):
    """A Dask client on `address` (`local:N` starts N local worker processes), with every worker
    holding an Extractor of `rules` (unless `extractors` is False: dedup alone needs no model);
    the local cluster is shut down on exit."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:  # pragma: no cover - a dependency of the package
        raise ClusterError(f"--cluster needs dask.distributed ({error})") from error
    cluster = None
    try:
        if address.startswith("local:"):
            workers = int(address.split(":", 1)[1])
            if workers < 1:
                raise ValueError
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
            client = Client(cluster)
        else:
            client = Client(address, timeout=timeout)
    except ValueError:
        raise ClusterError(f"--cluster local:N needs a number of workers N ≥ 1, not {address!r}") from None
    except OSError as error:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        if extractors:
            client.register_plugin(_worker_plugin_class()(rules), name=PLUGIN)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def extract_on_cluster(work: Iterable[tuple[Document, Repeats]], client) -> Iterator[Extraction]:
    """The extraction of every (document, repeats), in order, computed on the cluster's workers."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque = deque()
    for document, repeats in work:
        pending.append(client.submit(_process, document, repeats, pure=False))
        if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


Signed = tuple[int, str, bytes, "np.ndarray | None"]  # corpus order, paragraph key, digest, MinHash values


def _sign(batch: list[tuple[int, str, str]], settings: dict) -> list[Signed]:
    deduplicator = Deduplicator(**settings)
    return [(order, key, *deduplicator.signature(text)) for order, key, text in batch]


def _copies(group) -> list[tuple[int, int, str]]:
    """(order, order of the first with the same digest, its key) for every later exact copy."""
    _, signed = group
    first = min(signed, key=lambda item: item[0])
    return [(item[0], first[0], first[1]) for item in signed if item[0] != first[0]]


def _first(group) -> Signed:
    return min(group[1], key=lambda item: item[0])


def _band_keys(item: Signed, bands: int, rows: int) -> list:
    order, key, _, values = item
    return [((band, values[band * rows:(band + 1) * rows].tobytes()), (order, key, values)) for band in range(bands)]


def _verified_pairs(group, threshold: float, num_perm: int) -> list[tuple[int, str, int, float]]:
    """(earlier order, its key, later order, similarity) of the bucket's pairs above the threshold."""
    _, members = group
    members = sorted(members, key=lambda member: member[1][0])
    found = []
    for (_, (first, key, values)), (_, (later, _, other)) in combinations(members, 2):
        similarity = float(np.count_nonzero(values == other)) / num_perm
        if similarity >= threshold:
            found.append((first, key, later, similarity))
    return found


def cluster_repeats(client, documents: Iterable[tuple[str, list[Paragraph]]], settings: dict,
                    batch_size: int = 2000) -> list[Repeats]:
    """The dedup verdicts of each (doc_id, paragraphs), in order: those `Deduplicator.repeats`
    gives called on each in turn, computed on the cluster (see the module docstring)."""
    import dask
    import dask.bag as bag

    local = Deduplicator(**settings)  # its LSH parameters: the bands the shuffle groups by
    bands, rows = local.lsh.b, local.lsh.r
    starts, batches, batch, order = [], [], [], 0
    for _, paragraphs in documents:
        starts.append(order)
        for paragraph in paragraphs:
            batch.append((order, paragraph.key, paragraph.text))
            order += 1
            if len(batch) >= batch_size:
                batches.append(dask.delayed(_sign)(batch, settings))
                batch = []
    if batch:
        batches.append(dask.delayed(_sign)(batch, settings))
    if not batches:
        return [{} for _ in starts]
    signed = bag.from_delayed(batches)
    by_digest = signed.groupby(lambda item: item[2], shuffle="tasks")
    copies = by_digest.map(_copies).flatten()
    near = (by_digest.map(_first).filter(lambda item: item[3] is not None)
            .map(_band_keys, bands, rows).flatten()
            .groupby(lambda banded: banded[0], shuffle="tasks")
            .filter(lambda group: len(group[1]) > 1)
            .map(_verified_pairs, local.threshold, local.num_perm).flatten().distinct())
    copies, pairs = dask.compute(copies, near, scheduler=client.get)
    return _resolve(starts, order, copies, pairs)


def _resolve(starts: list[int], total: int, copies, pairs) -> list[Repeats]:
    """Each repeat's earliest original, read in corpus order as the local index reads them."""
    copy_of = {later: (first, key) for later, first, key in copies}
    candidates: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
    for first, key, later, similarity in pairs:
        candidates[later].append((first, key, similarity))
    verdict: dict[int, tuple[str, float]] = {}
    for order in sorted(set(copy_of) | set(candidates)):
        if order in copy_of:  # an exact copy: what its first occurrence got, else the first itself
            first, key = copy_of[order]
            verdict[order] = verdict.get(first) or (key, 1.0)
            continue
        originals = [(first, key, similarity) for first, key, similarity in candidates[order] if first not in verdict]
        if originals:
            first, key, similarity = min(originals, key=lambda c: (-c[2], c[0]))
            verdict[order] = (key, round(similarity, 3))
    ends = starts[1:] + [total]
    return [{order - start: verdict[order] for order in range(start, end) if order in verdict}
            for start, end in zip(starts, ends)]
