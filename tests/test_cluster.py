"""The same extractions on a local Dask cluster of two worker processes as in this process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.bench import write_corpus
from pipeline.cluster import ClusterError, cluster_repeats, connect
from pipeline.ingest import paragraphs
from pipeline.ingest.dedup import Deduplicator
from pipeline.ingest.read import read_corpus

ROOT = Path(__file__).resolve().parent.parent


def work_of(rules, *folders):
    deduplicator, options = Deduplicator.from_rules(rules), paragraphs.split_options(rules)
    return [(document, deduplicator.repeats(paragraphs.split(document, **options).paragraphs))
            for folder in folders for document in read_corpus(folder)]


@pytest.fixture(scope="module")
def client(rules):
    with connect("local:2", rules) as client:
        yield client


@pytest.mark.slow
def test_veille_run_on_a_local_cluster_writes_the_bytes_of_a_local_run(tmp_path):
    """The seeds and the tuning set through `veille run --cluster local:2 --format parquet`."""
    from pipeline.cli import main
    from pipeline.output.tables import COLUMNS

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "data" / "corpus", corpus / "tune")
    shutil.copytree(ROOT / "corpus" / "seeds", corpus / "seeds")
    assert main(["run", str(corpus), "-o", str(tmp_path / "local"), "--quiet"]) == 0
    assert main(["run", str(corpus), "-o", str(tmp_path / "cluster"), "--quiet",
                 "--cluster", "local:2", "--format", "parquet"]) == 0
    for name in COLUMNS:
        local, clustered = tmp_path / "local" / f"{name}.csv", tmp_path / "cluster" / f"{name}.csv"
        assert clustered.read_bytes() == local.read_bytes(), name
        assert (tmp_path / "cluster" / f"{name}.parquet").is_file()


@pytest.mark.slow
def test_dedup_through_the_cluster_gives_the_local_verdicts(rules, client, tmp_path):
    """Exact and near repeats, within and across articles, on generated wire copies."""
    write_corpus(tmp_path, 300, seed=3)
    documents = [(document.doc_id, paragraphs.split(document, **paragraphs.split_options(rules)).paragraphs)
                 for folder in (ROOT / "corpus", ROOT / "tests" / "data" / "corpus", tmp_path)
                 for document in read_corpus(folder)]
    local = Deduplicator.from_rules(rules)
    expected = [local.repeats(found) for _, found in documents]
    settings = rules.settings.get("dedup", {})
    assert cluster_repeats(client, documents, settings, batch_size=500) == expected
    verdicts = [verdict for repeats in expected for verdict in repeats.values()]
    assert any(similarity < 1.0 for _, similarity in verdicts) and any(s == 1.0 for _, s in verdicts)


@pytest.mark.parametrize("address, message", [
    ("local:0", "needs a number of workers"),
    ("local:deux", "needs a number of workers"),
    ("tcp://127.0.0.1:9", "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
])
def test_a_cluster_that_cannot_be_had_is_a_clear_error(rules, address, message):
    with pytest.raises(ClusterError, match=message):
        with connect(address, rules, timeout="2s"):
            pass


@pytest.mark.slow
def test_docs_cluster_examples_run(monkeypatch, capsys):
    """The Python example and the benchmark command of docs/cluster.md, as written."""
    import re
    import shlex

    from benchmarks import bench_cluster

    text = (ROOT / "docs" / "cluster.md").read_text(encoding="utf-8")
    monkeypatch.chdir(ROOT)
    for example in re.findall(r"```python\n(.*?)```", text, flags=re.S):
        exec(compile(example, "docs/cluster.md", "exec"), {"__name__": "docs"})
    assert "quotes" in capsys.readouterr().out
    [command] = re.findall(r"^    (python -m benchmarks\.bench_cluster .*)$", text, flags=re.M)
    assert bench_cluster.main(shlex.split(command)[3:]) == 0
    assert "verdicts identical to the local index: True" in capsys.readouterr().out
