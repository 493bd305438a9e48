"""Whole articles on a Dask cluster: each worker builds its Extractor once, the parent never parses.

Dedup stays global without one machine holding the index (`ClusterDedup`): the workers sign the
paragraphs (digest and MinHash values) and keep the signatures; exact copies meet in a shuffle
on their digest, near repeats in a shuffle on 64-bit keys of the local index's LSH bands; each
candidate pair is verified where its later paragraph lives, and the parent receives only the
copies and the verified pairs, which it reads in corpus order to give each repeat its earliest
original, as the local index does.

`veille run CORPUS --cluster tcp://HOST:8786` uses a running scheduler; `--cluster local:N`
starts a LocalCluster of N worker processes on this machine. The parent walks the corpus twice
(`pipeline.run._plan`): first to send the paragraphs to the workers, then to send (document,
repeats) a few at a time and write the extractions back in corpus order, so the tables are the
bytes of a local run. A worker lost mid-run has its tasks run again by Dask on another one;
work the cluster gives up on is a `ClusterError` (docs/cluster.md).
"""

from __future__ import annotations

import pickle
import zlib
from bisect import bisect_right
from collections import defaultdict, deque
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterable, Iterator

import numpy as np

from pipeline.ingest.dedup import Deduplicator, Repeats, Signature
from pipeline.records import Document, Paragraph
from pipeline.rules import Rules

if TYPE_CHECKING:  # the model's code is loaded by the workers that extract, not for dedup
    from pipeline.extractor import Extraction, Extractor

PLUGIN = "veille-extractor"
IN_FLIGHT_PER_WORKER = 2  # tasks of `ARTICLES_PER_TASK` articles
BUCKETS_PER_WORKER = 4  # reducers of each dedup shuffle


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
            from pipeline.extractor import Extractor

            self.extractor = Extractor(rules=self.rules)

    return ExtractorPlugin


def _process(chunk: list[tuple[Document, Repeats]]) -> list["Extraction"]:
    """A task: consecutive articles, their paragraphs parsed in one batch (`Extractor.process_all`)."""
    from distributed import get_worker

    return list(get_worker().plugins[PLUGIN].extractor.process_all(chunk))


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
                                   dashboard_address=":0", silence_logs=40)
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


@contextmanager
def _lost(what: str):
    """Work the cluster gave up on (a task whose workers kept dying, data lost with a worker) is a
    `ClusterError`; an error raised by the pipeline's own code on a worker passes as it is."""
    from concurrent.futures import CancelledError

    from distributed.scheduler import KilledWorker

    try:
        yield
    except (KilledWorker, CancelledError) as error:
        raise ClusterError(f"the cluster lost {what} ({type(error).__name__}: {error})") from None


def extract_on_cluster(work: Iterable[tuple[Document, Repeats]], client) -> Iterator["Extraction"]:
    """The extraction of every (document, repeats), in order, computed on the cluster's workers.
    A task lost with its worker is run again by Dask on another (up to its allowed failures)."""
    from pipeline.parallel import ARTICLES_PER_TASK, chunks

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque = deque()
    with _lost("the extraction of an article"):
        for chunk in chunks(work, ARTICLES_PER_TASK):
            pending.append(client.submit(_process, chunk, pure=False))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


# --- dedup across the cluster -------------------------------------------------------------------
# A partition is a run of paragraphs in corpus order, [start, start + n), kept on a worker:
# {"start", "digest" (n, 2) uint64, "values" (n, num_perm) uint32, "sketched" (n,) bool}.
# The shuffles move only small records between partitions (orders, digests, 64-bit band keys);
# MinHash values travel only for the candidate pairs, from the earlier paragraph to the later.

def _pack(items: list) -> bytes:
    """A partition's paragraphs as the task carries them: the scheduler keeps every task's
    arguments until its partition is read back (to sign it again if its worker dies), and
    compressed French text takes about a third of the memory."""
    return zlib.compress(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _sign(start: int, packed: bytes, settings: dict) -> dict:
    """A partition: every paragraph's digest and MinHash values (texts signed here, on the worker)."""
    items = pickle.loads(zlib.decompress(packed))
    deduplicator = Deduplicator(**settings)
    size = len(deduplicator.blank.hashvalues)
    digest = np.zeros((len(items), 2), dtype=np.uint64)
    values = np.zeros((len(items), size), dtype=deduplicator.blank.hashvalues.dtype)
    sketched = np.zeros(len(items), dtype=bool)
    for row, item in enumerate(items):
        found, minhash = deduplicator.signature(item) if isinstance(item, str) else item
        digest[row] = np.frombuffer(found, dtype=np.uint64)
        if minhash is not None:
            values[row], sketched[row] = minhash, True
    return {"start": start, "digest": digest, "values": values, "sketched": sketched}


def _owner(orders: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """The partition holding each corpus order (`bounds`: the partitions' first orders)."""
    return np.searchsorted(bounds, orders, side="right") - 1


def _split(records: np.ndarray, target: np.ndarray, parts: int) -> tuple:
    return tuple(records[target == part] for part in range(parts))


def _digest_records(partition: dict, buckets: int) -> tuple:
    """(digest high, digest low, order) of each paragraph, sent to the bucket of its digest."""
    digest = partition["digest"]
    orders = partition["start"] + np.arange(len(digest), dtype=np.int64)
    records = np.column_stack([digest.view(np.int64), orders])
    return _split(records, digest[:, 0] % np.uint64(buckets), buckets)


def _copies(bounds: np.ndarray, *pieces) -> tuple:
    """(later order, first order) of every exact copy in this digest bucket, sent to the later's partition."""
    records = np.concatenate(pieces)
    records = records[np.lexsort((records[:, 2], records[:, 1], records[:, 0]))]
    new = np.ones(len(records), dtype=bool)
    new[1:] = (records[1:, 0] != records[:-1, 0]) | (records[1:, 1] != records[:-1, 1])
    first = records[new, 2][np.cumsum(new) - 1]
    copies = np.column_stack([records[~new, 2], first[~new]])
    return _split(copies, _owner(copies[:, 0], bounds), len(bounds))


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _band_records(partition: dict, bands: int, rows: int, buckets: int, *copies) -> tuple:
    """(band key, order) of each first occurrence with MinHash values, for each LSH band, sent to
    the bucket of its key. The key hashes the band number and its rows to 64 bits; a collision
    only adds a candidate pair, which the similarity then rejects."""
    repeated = np.concatenate(copies)[:, 0] - partition["start"]
    keep = partition["sketched"].copy()
    keep[repeated] = False
    rows_kept = np.flatnonzero(keep)
    values = partition["values"][rows_kept].astype(np.uint64)
    orders = rows_kept + partition["start"]
    keys = []
    with np.errstate(over="ignore"):
        for band in range(bands):
            key = np.full(len(rows_kept), band + 1, dtype=np.uint64) * _MIX
            for column in range(band * rows, (band + 1) * rows):
                key = (key ^ values[:, column]) * _MIX
                key ^= key >> np.uint64(31)
            keys.append(np.column_stack([key.view(np.int64), orders]))
    records = np.concatenate(keys) if keys else np.zeros((0, 2), dtype=np.int64)
    return _split(records, (records[:, 0].view(np.uint64) >> np.uint64(33)) % np.uint64(buckets), buckets)


def _candidates(bounds: np.ndarray, *pieces) -> tuple:
    """(earlier order, later order) of every two paragraphs sharing a band key, sent to the earlier's partition."""
    records = np.concatenate(pieces)
    records = records[np.lexsort((records[:, 1], records[:, 0]))]
    keys, orders = records[:, 0], records[:, 1]
    pairs = []
    for distance in range(1, len(records)):  # members of a bucket lie side by side, orders ascending
        same = keys[:-distance] == keys[distance:]
        if not same.any():
            break
        pairs.append(np.column_stack([orders[:-distance][same], orders[distance:][same]]))
    pairs = np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)
    pairs = pairs[pairs[:, 0] < pairs[:, 1]]
    return _split(pairs, _owner(pairs[:, 0], bounds), len(bounds))


def _with_values(partition: dict, bounds: np.ndarray, buckets: int, *pieces) -> tuple:
    """Each candidate pair once, with the earlier paragraph's MinHash values, sent to the bucket
    that verifies the later's partition."""
    pairs = np.unique(np.concatenate(pieces), axis=0)
    values = partition["values"][pairs[:, 0] - partition["start"]]
    bucket = _owner(pairs[:, 1], bounds) % buckets
    return tuple((pairs[bucket == part], values[bucket == part]) for part in range(buckets))


def _verify(bounds: np.ndarray, buckets: int, threshold: float, partitions: list[dict], *pieces) -> np.ndarray:
    """(earlier order, later order, similarity) of the candidate pairs at or above the threshold;
    `partitions`: those this bucket verifies, every `buckets`-th."""
    pairs = np.concatenate([pair for pair, _ in pieces])
    earlier = np.concatenate([values for _, values in pieces])
    later = np.zeros_like(earlier)
    owner = _owner(pairs[:, 1], bounds)
    for number in np.unique(owner):
        partition, rows = partitions[number // buckets], owner == number
        later[rows] = partition["values"][pairs[rows, 1] - partition["start"]]
    similarity = np.count_nonzero(earlier == later, axis=1) / max(1, later.shape[1])
    keep = similarity >= threshold
    return np.column_stack([pairs[keep].astype(np.float64), similarity[keep]])


class ClusterDedup:
    """The dedup verdicts of a corpus computed on the cluster: `add` each document in corpus order,
    then `verdicts()`; the parent keeps only each document's id and first paragraph's order.

    Paragraphs travel to the workers in partitions of `batch_size`, as texts (signed there) or as
    stored signatures; exact copies meet in a shuffle on their digest, near repeats in a shuffle on
    the band keys of the local index's LSH (its bands and rows), and each candidate pair is
    verified where its later paragraph lives. `signatures()` then brings each document's
    signatures back, in order, a partition at a time (an incremental run stores them).
    """

    def __init__(self, client, settings: dict, batch_size: int = 5_000):
        self.client, self.settings, self.batch_size = client, settings, batch_size
        local = Deduplicator(**settings)  # its LSH parameters: the bands the shuffle groups by
        self.bands, self.rows, self.threshold = local.lsh.b, local.lsh.r, local.threshold
        self.dtype_values = local.blank.hashvalues.dtype
        self.doc_ids: list[str] = []
        self.starts: list[int] = []
        self.partitions: list = []  # futures, one per partition
        self.bounds: list[int] = []
        self.total = 0
        self._batch: list = []
        self.found: list[Repeats] = []  # the verdicts, once computed
        self.cursor = 0  # the next document `repeats` gives
        self._fetched: tuple[int, dict | None] = (-1, None)  # the partition last brought back

    def add(self, doc_id: str, items: list[str | Signature]) -> None:
        """One document's paragraphs, in order: texts, or stored `Signature`s."""
        self.doc_ids.append(doc_id)
        self.starts.append(self.total)
        for item in items:
            self._batch.append(item)
            self.total += 1
            if len(self._batch) >= self.batch_size:
                self._flush()

    def _flush(self) -> None:
        # The paragraphs go in the task itself, not scattered: the scheduler keeps them until the
        # partition is read back, so Dask can sign them again if the worker holding it dies.
        if self._batch:
            start = self.total - len(self._batch)
            self.partitions.append(self.client.submit(_sign, start, _pack(self._batch), self.settings, pure=False))
            self.bounds.append(start)
            self._batch = []

    def verdicts(self) -> list[Repeats]:
        """Each document's `Repeats`, as `Deduplicator.repeats` gives them called in corpus order."""
        self._flush()
        self.found = self._compute() if self.partitions else [{} for _ in self.doc_ids]
        return self.found

    # Read back in corpus order by a second walk (`pipeline.incremental.Plan` with `given`).

    def _check(self, doc_id: str, count: int) -> int:
        """The cursor's document, which must be the one the first walk added."""
        index = self.cursor
        if index >= len(self.doc_ids) or self.doc_ids[index] != doc_id or self._count(index) != count:
            raise LookupError(f"{doc_id} with {count} paragraphs is not the document the cluster was given")
        return index

    def _count(self, index: int) -> int:
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self.total
        return end - self.starts[index]

    def repeats(self, doc_id: str, count: int) -> Repeats:
        """The verdicts of the next document in corpus order (`doc_id`, with `count` paragraphs)."""
        index = self._check(doc_id, count)
        self.cursor += 1
        return self.found[index]

    def signatures(self, doc_id: str, count: int, dtype: np.dtype) -> tuple[np.ndarray, str]:
        """The signatures of the next document, as a local run computes them: `dtype` records (its
        digest and MinHash values) and which have values ("1"), brought back from the workers."""
        start = self.starts[self._check(doc_id, count)]
        signatures = np.zeros(count, dtype=dtype)
        sketched = np.zeros(count, dtype=bool)
        for order in range(start, start + count):
            partition = self._partition(bisect_right(self.bounds, order) - 1)
            row = order - partition["start"]
            signatures["digest"][order - start] = partition["digest"][row].view(np.uint8)
            signatures["values"][order - start] = partition["values"][row]
            sketched[order - start] = partition["sketched"][row]
        return signatures, "".join("1" if flag else "0" for flag in sketched)

    def _partition(self, number: int) -> dict:
        """One partition brought back (read in order: each is fetched once, then let go)."""
        if self._fetched[0] != number:
            with _lost("signatures of the corpus' paragraphs"):
                self._fetched = (number, self.partitions[number].result())
            self.partitions[number] = None  # the workers may drop it
        return self._fetched[1]

    def _compute(self) -> list[Repeats]:
        from dask import delayed

        parts, bounds = self.partitions, np.array(self.bounds, dtype=np.int64)
        count = len(parts)
        # Buckets: the reducers of each shuffle, a few per worker, so the graph grows as partitions × buckets.
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        width = min(count, BUCKETS_PER_WORKER * workers)
        digests = [delayed(_digest_records, nout=width)(part, width) for part in parts]
        buckets = [delayed(_copies, nout=count)(bounds, *[digest[b] for digest in digests]) for b in range(width)]
        banded = [delayed(_band_records, nout=width)(part, self.bands, self.rows, width, *[bucket[p] for bucket in buckets])
                  for p, part in enumerate(parts)]
        candidates = [delayed(_candidates, nout=count)(bounds, *[band[b] for band in banded]) for b in range(width)]
        carried = [delayed(_with_values, nout=width)(part, bounds, width, *[found[p] for found in candidates])
                   for p, part in enumerate(parts)]
        verified = [delayed(_verify)(bounds, width, self.threshold, parts[b::width], *[carry[b] for carry in carried])
                    for b in range(width)]
        copies = delayed(np.concatenate)([bucket[p] for bucket in buckets for p in range(count)])
        with _lost("the dedup of the corpus' paragraphs"):
            copies, verified = self.client.compute([copies, delayed(np.concatenate)(verified)], sync=True)
        return self._resolve(copies, verified)

    def _key(self, order: int) -> str:
        document = bisect_right(self.starts, order) - 1
        return f"{self.doc_ids[document]}:{order - self.starts[document]}"

    def _resolve(self, copies: np.ndarray, verified: np.ndarray) -> list[Repeats]:
        """Each repeat's earliest original, read in corpus order as the local index reads them."""
        copy_of = {int(later): int(first) for later, first in copies}
        candidates: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for first, later, similarity in verified:
            candidates[int(later)].append((int(first), float(similarity)))
        verdict: dict[int, tuple[str, float]] = {}
        for order in sorted(set(copy_of) | set(candidates)):
            if order in copy_of:  # an exact copy: what its first occurrence got, else the first itself
                first = copy_of[order]
                verdict[order] = verdict.get(first) or (self._key(first), 1.0)
                continue
            originals = [(first, similarity) for first, similarity in candidates[order] if first not in verdict]
            if originals:
                first, similarity = min(originals, key=lambda c: (-c[1], c[0]))
                verdict[order] = (self._key(first), round(similarity, 3))
        found: list[Repeats] = [{} for _ in self.doc_ids]
        for order, link in verdict.items():
            document = bisect_right(self.starts, order) - 1
            found[document][order - self.starts[document]] = link
        return found


def cluster_repeats(client, documents: Iterable[tuple[str, list[Paragraph]]], settings: dict,
                    batch_size: int = 5_000) -> list[Repeats]:
    """The dedup verdicts of each (doc_id, paragraphs), in order: those `Deduplicator.repeats`
    gives called on each in turn, computed on the cluster (`ClusterDedup`)."""
    dedup = ClusterDedup(client, settings, batch_size)
    for doc_id, paragraphs in documents:
        dedup.add(doc_id, [paragraph.text for paragraph in paragraphs])
    return dedup.verdicts()
