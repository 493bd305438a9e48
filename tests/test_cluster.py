"""The same run on a local Dask cluster of two worker processes as in this process: the same
dedup verdicts without the parent holding an index, the same tables, even when a worker dies."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from distributed.diagnostics.plugin import WorkerPlugin

from benchmarks.bench import write_corpus
from pipeline import incremental
from pipeline.cluster import ClusterError, cluster_repeats, connect
from pipeline.ingest import paragraphs
from pipeline.ingest.dedup import Deduplicator
from pipeline.ingest.read import read_corpus
from pipeline.output.tables import COLUMNS
from pipeline.records import Paragraph
from pipeline.run import run

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
ANNOTATED = {"seeds": ROOT / "corpus" / "seeds", "tune": DATA / "corpus", "heldout": DATA / "heldout" / "corpus",
             "real": DATA / "real" / "tune" / "corpus", "real-heldout": DATA / "real" / "heldout" / "corpus",
             "ftib-tune": DATA / "ftib-dev" / "corpus" / "tune", "ftib-held": DATA / "ftib-dev" / "corpus" / "held"}


@pytest.fixture(autouse=True)
def fixed_code(monkeypatch):
    """The code hash pinned: others' work on the code between two runs must not make one full."""
    monkeypatch.setattr(incremental.manifest, "code_hash", lambda: "test")


@pytest.fixture(scope="module")
def client(rules):
    with connect("local:2", rules) as client:
        yield client


def annotated_corpus(folder: Path) -> Path:
    for name, source in ANNOTATED.items():
        shutil.copytree(source, folder / name)
    return folder


def assert_same_tables(expected: Path, found: Path) -> None:
    for name in COLUMNS:
        assert (found / f"{name}.csv").read_bytes() == (expected / f"{name}.csv").read_bytes(), name


def parent_must_not(monkeypatch, *what: str) -> None:
    """Make the parent fail if it signs paragraphs, holds a dedup index or parses an article."""
    from pipeline.extractor import Extractor

    def refuse(*args, **kwargs):
        raise AssertionError("the parent of a cluster run did work the workers do")

    targets = {"dedup": [(Deduplicator, "signature"), (Deduplicator, "verdicts"), (Deduplicator, "repeats")],
               "parse": [(Extractor, "process")]}
    for name in what:
        for owner, method in targets[name]:
            monkeypatch.setattr(owner, method, refuse)


@pytest.mark.slow
def test_veille_run_on_a_local_cluster_writes_the_bytes_of_a_local_run(tmp_path, monkeypatch):
    """Every annotated set (seeds, tuning set, real news pages) through `veille run --cluster
    local:2 --format parquet`; the parent neither signs a paragraph nor parses an article."""
    from pipeline.cli import main

    corpus = annotated_corpus(tmp_path / "corpus")
    assert main(["run", str(corpus), "-o", str(tmp_path / "local"), "--quiet"]) == 0
    parent_must_not(monkeypatch, "dedup", "parse")
    assert main(["run", str(corpus), "-o", str(tmp_path / "cluster"), "--quiet",
                 "--cluster", "local:2", "--format", "parquet"]) == 0
    assert_same_tables(tmp_path / "local", tmp_path / "cluster")
    for name in COLUMNS:
        assert (tmp_path / "cluster" / f"{name}.parquet").is_file()


@pytest.mark.slow
def test_an_incremental_run_on_the_cluster_writes_the_bytes_of_a_full_local_run(client, tmp_path, monkeypatch):
    """A file added first in corpus order that repeats a later article's paragraphs, and one
    article changed: the stored signatures go to the workers with the new texts, the verdicts
    move, and the tables are those of a full local run of the new corpus."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus, 12, seed=4)
    run(corpus, tmp_path / "cluster", cluster=client)
    later = (corpus / "bench_00007.txt").read_text(encoding="utf-8")
    (corpus / "aaa_reprise.txt").write_text(later.replace("Commission", "commission"), encoding="utf-8")
    changed = corpus / "bench_00003.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nUn paragraphe ajouté à la fin de l'article.\n",
                       encoding="utf-8")
    with monkeypatch.context() as parent:
        parent_must_not(parent, "dedup", "parse")
        summary = run(corpus, tmp_path / "cluster", cluster=client)
    assert summary.mode == "incremental" and summary.reused > 0 and summary.parsed < 13
    run(corpus, tmp_path / "local", full=True)
    assert_same_tables(tmp_path / "local", tmp_path / "cluster")


def repeats_of(folder: Path, rules) -> list[tuple[str, list[Paragraph]]]:
    options = paragraphs.split_options(rules)
    return [(document.doc_id, paragraphs.split(document, **options).paragraphs) for document in read_corpus(folder)]


@pytest.mark.slow
def test_dedup_through_the_cluster_gives_the_local_verdicts(rules, client, tmp_path):
    """Exact and near repeats across articles on generated wire copies and the annotated sets, in
    partitions smaller than an article (documents straddle them)."""
    write_corpus(tmp_path, 300, seed=3)
    documents = [found for folder in (*ANNOTATED.values(), tmp_path) for found in repeats_of(folder, rules)]
    local = Deduplicator.from_rules(rules)
    expected = [local.repeats(found) for _, found in documents]
    assert cluster_repeats(client, documents, rules.settings.get("dedup", {}), batch_size=50) == expected
    verdicts = [verdict for repeats in expected for verdict in repeats.values()]
    assert any(similarity < 1.0 for _, similarity in verdicts) and any(s == 1.0 for _, s in verdicts)


def test_near_and_exact_repeats_within_one_article_and_across_two(rules, client):
    """Within an article: a paragraph copied, and one with a word changed; across: a copy of a
    near repeat points at the original the near repeat points at, never at the repeat."""
    first = ("La Commission européenne a ouvert jeudi une enquête formelle contre le réseau social "
             "X pour manquement présumé au règlement sur les services numériques, a annoncé à Bruxelles "
             "la vice-présidente chargée de la concurrence lors d'une conférence de presse.")
    near = first.replace("jeudi", "mardi")
    other = ("Le Conseil d'État a rejeté le recours de l'association contre le décret relatif "
             "à la conservation des données de connexion par les opérateurs, estimant que la menace "
             "pour la sécurité nationale justifiait encore cette obligation générale.")
    texts = {"a": [first, other, first, near], "b": ["« " + near + " »", "Court.", "Court.", other]}
    documents = [(doc_id, [Paragraph(doc_id, number, 0, len(text), text) for number, text in enumerate(found)])
                 for doc_id, found in texts.items()]
    local = Deduplicator.from_rules(rules)
    expected = [local.repeats(found) for _, found in documents]
    assert expected[0] == {2: ("a:0", 1.0), 3: ("a:0", expected[0][3][1])} and expected[0][3][1] < 1.0
    assert expected[1] == {0: ("a:0", expected[0][3][1]), 2: ("b:1", 1.0), 3: ("a:1", 1.0)}
    for size in (1, 3, 100):
        assert cluster_repeats(client, documents, rules.settings.get("dedup", {}), batch_size=size) == expected


class KillOnce(WorkerPlugin):
    """A worker plugin that ends its worker's process (as an out-of-memory kill would) when the
    `nth` task (of a few articles) starts there; a marker file makes it happen once for the whole
    cluster."""

    name = "test-kill-once"

    def __init__(self, marker: str, nth: int):
        self.marker, self.nth, self.started = marker, nth, 0

    def setup(self, worker) -> None:
        self.started = 0

    def transition(self, key, start, finish, **kwargs) -> None:
        if finish != "executing" or not str(key).startswith("_process-"):
            return
        self.started += 1
        if self.started == self.nth:
            try:
                os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                return
            os._exit(1)


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_replaced_and_the_tables_are_identical(client, rules, tmp_path):
    """Dask runs the lost articles again on a worker that is alive (the nanny restarts the dead
    one, which builds its Extractor again): the run completes with the tables of a local run."""
    import cloudpickle

    corpus = annotated_corpus(tmp_path / "corpus")
    marker = tmp_path / "killed"
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import tests/
    client.register_plugin(KillOnce(str(marker), 2), name=KillOnce.name)
    try:
        run(corpus, tmp_path / "cluster", cluster=client)
    finally:
        client.unregister_worker_plugin(KillOnce.name)
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert marker.exists()  # a worker did die mid-run
    run(corpus, tmp_path / "local")
    assert_same_tables(tmp_path / "local", tmp_path / "cluster")


@pytest.mark.parametrize("address, message", [
    ("local:0", "needs a number of workers"),
    ("local:deux", "needs a number of workers"),
    ("tcp://127.0.0.1:9", "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
])
def test_a_cluster_that_cannot_be_had_is_a_clear_error(rules, address, message):
    with pytest.raises(ClusterError, match=message):
        with connect(address, rules, timeout="2s"):
            pass


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], ready: str, log: Path):
    """A process of the docs' commands, once it printed `ready` (its output goes to `log`)."""
    import subprocess
    import time

    handle = open(log, "wb")
    process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
    while ready not in log.read_text(errors="replace"):
        if process.poll() is not None:
            raise AssertionError(f"{command[:2]} ended: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.5)
    return process, handle


@pytest.mark.slow
def test_docs_cluster_commands_run(monkeypatch, capsys, tmp_path):
    """Every command of docs/cluster.md as written: Dask's scheduler and worker commands (on a free
    port instead of 8786, which another run of the tests may hold), the two `veille run` lines
    against that scheduler, the Python example, and the benchmark commands (`--articles` with 10
    articles instead of the documented number, to keep the suite short)."""
    import re
    import shlex

    from benchmarks import bench_cluster
    from pipeline.cli import main

    text = (ROOT / "docs" / "cluster.md").read_text(encoding="utf-8")
    commands = [line.split("#")[0].strip() for line in re.findall(r"^    ((?:veille|dask|python) .*)$", text, flags=re.M)]
    assert [command.split()[:2] for command in commands] == [
        ["veille", "run"], ["veille", "run"], ["dask", "scheduler"], ["dask", "worker"],
        ["python", "-m"], ["python", "-m"]]
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ANNOTATED["seeds"], tmp_path / "corpus")
    port = str(free_port())
    address = f"tcp://127.0.0.1:{port}"
    bin_folder = Path(sys.executable).parent
    started = []
    try:
        for command, ready in zip(commands[2:4], ("Scheduler at", "Registered to")):
            words = [word.replace("8786", port) for word in shlex.split(command)]
            started.append(start([str(bin_folder / words[0]), *words[1:]], ready, tmp_path / f"{words[1]}.log"))
        for number, command in enumerate(commands[:2]):
            words = [word.replace("tcp://HOST:8786", address) for word in shlex.split(command)]
            assert main([*words[1:], "--quiet"]) == 0, command
            assert (tmp_path / "outputs" / "quotes.csv").is_file()
        assert (tmp_path / "outputs" / "quotes.parquet").is_file()
    finally:
        for process, handle in reversed(started):
            process.terminate()
            process.wait(timeout=60)
            handle.close()
    capsys.readouterr()
    for example in re.findall(r"```python\n(.*?)```", text, flags=re.S):
        exec(compile(example, "docs/cluster.md", "exec"), {"__name__": "docs"})
    assert "quotes" in capsys.readouterr().out
    assert_same_tables(tmp_path / "outputs", tmp_path / "outputs-cluster")
    monkeypatch.chdir(ROOT)
    for command in commands[4:]:
        arguments = shlex.split(command)[3:]
        if "--articles" in arguments:
            arguments[arguments.index("--articles") + 1] = "10"
        assert bench_cluster.main(arguments) == 0, command
    shown = capsys.readouterr().out
    assert "verdicts identical to the local index: True" in shown
    assert "tables of --cluster identical to --jobs 2: True" in shown
