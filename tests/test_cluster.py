"""The same extractions on a local Dask cluster of two worker processes as in this process."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cluster import ClusterError, connect
from pipeline.ingest import paragraphs
from pipeline.ingest.dedup import Deduplicator
from pipeline.ingest.read import read_corpus
from pipeline.parallel import extract_all

ROOT = Path(__file__).resolve().parent.parent


def work_of(rules, *folders):
    deduplicator, options = Deduplicator.from_rules(rules), paragraphs.split_options(rules)
    return [(document, deduplicator.repeats(paragraphs.split(document, **options).paragraphs))
            for folder in folders for document in read_corpus(folder)]


@pytest.mark.slow
def test_a_local_cluster_extracts_what_one_process_extracts(rules, nlp):
    work = work_of(rules, ROOT / "corpus", ROOT / "tests" / "data" / "corpus")
    local = list(extract_all(work, rules, nlp=nlp))
    with connect("local:2", rules) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        clustered = list(extract_all(work, rules, cluster=client))
    assert clustered == local
    assert sum(len(extraction.quotes) for extraction in clustered) > 100


@pytest.mark.parametrize("address, message", [
    ("local:0", "needs a number of workers"),
    ("local:deux", "needs a number of workers"),
    ("tcp://127.0.0.1:9", "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
])
def test_a_cluster_that_cannot_be_had_is_a_clear_error(rules, address, message):
    with pytest.raises(ClusterError, match=message):
        with connect(address, rules, timeout="2s"):
            pass
