"""Whole articles on a Dask cluster: each worker builds its Extractor once, the parent never parses.

`veille run CORPUS --cluster tcp://HOST:8786` uses a running scheduler; `--cluster local:N`
starts a LocalCluster of N worker processes on this machine. The parent reads the corpus, keeps
the dedup verdicts in corpus order (`pipeline.ingest.dedup`), sends (document, repeats) to the
workers a few at a time and writes the extractions back in corpus order, so the tables are the
bytes of a local run. A worker lost mid-run has its articles recomputed by Dask on another one.
"""

from __future__ import annotations

from collections import deque
from contextlib import contextmanager
from typing import Iterable, Iterator

from pipeline.extractor import Extraction, Extractor
from pipeline.ingest.dedup import Repeats
from pipeline.records import Document
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
def connect(address: str, rules: Rules, timeout: str = "20s"):
    """A Dask client on `address` (`local:N` starts N local worker processes), with every worker
    holding an Extractor of `rules`; the local cluster is shut down on exit."""
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
