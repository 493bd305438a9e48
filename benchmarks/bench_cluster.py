"""Dedup through a Dask cluster: time, what each worker holds, and peak memory per process; and
the throughput of `veille run --cluster local:2` against `--jobs 2` and bare spaCy.

    python -m benchmarks.bench_cluster --paragraphs 100000 --cluster local:2
    python -m benchmarks.bench_cluster --articles 2000

Paragraphs of 40 to 80 words from the corpus vocabulary, ten to an article, a tenth of them near
repeats (one word changed) of a paragraph among the last few thousand, are generated as they are
sent: the parent never holds them all. `--check` replays the same paragraphs through the local
index (which then holds every paragraph in this process) and compares the verdicts.

`--articles N` writes N generated articles (`benchmarks.bench.write_corpus`) and runs, each in a
fresh process, one after the other: bare spaCy `nlp.pipe(n_process=2)`, `veille run --jobs 2`
and `veille run --cluster local:2` (its start-up, the cluster and its workers' models, timed
apart); then compares the tables of the two runs byte for byte.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path
from typing import Iterator

RECENT = 5000  # near repeats copy one of the last RECENT paragraphs, as wire copies come close together


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def articles(count: int, seed: int = 11, repeat_rate: float = 0.1) -> Iterator[tuple[str, list[str]]]:
    """(doc_id, paragraphs) of `count` generated paragraphs, ten to an article."""
    from benchmarks.bench import generated_paragraphs

    article: list[str] = []
    for number, text in enumerate(generated_paragraphs(count, seed, repeat_rate, recent=RECENT)):
        article.append(text)
        if len(article) == 10 or number == count - 1:
            yield f"bench/{number // 10:07d}", article
            article = []


def run_on_cluster(corpus: str, output: str, address: str) -> dict:
    """`veille run --cluster ADDRESS` in this process: the cluster's start-up, then the run."""
    from pipeline.cluster import connect
    from pipeline.rules import load_rules
    from pipeline.run import run

    rules = load_rules()
    started = time.perf_counter()
    with connect(address, rules) as client:
        client.wait_for_workers(int(address.split(":")[1]) if address.startswith("local:") else 1)
        ready = time.perf_counter()
        summary = run(Path(corpus), Path(output), cluster=client)
        done = time.perf_counter()
    return {"documents": sum(summary.statuses.values()), "load": ready - started, "seconds": done - ready}


def run_with_jobs(corpus: str, output: str, jobs: int) -> dict:
    """`veille run --jobs N` in this process, the model loaded first and timed apart (forked
    workers inherit it)."""
    from pipeline.nlp import build_nlp
    from pipeline.rules import load_rules
    from pipeline.run import run

    started = time.perf_counter()
    nlp = build_nlp(load_rules())
    ready = time.perf_counter()
    summary = run(Path(corpus), Path(output), jobs=jobs, nlp=nlp)
    return {"documents": sum(summary.statuses.values()), "load": ready - started,
            "seconds": time.perf_counter() - ready}


def throughput(articles: int, address: str) -> bool:
    """Bare spaCy, --jobs 2 and the cluster on the same generated corpus; whether the tables match."""
    from benchmarks.bench import _in_fresh_process, measure_spacy, write_corpus
    from pipeline.output.tables import COLUMNS

    with tempfile.TemporaryDirectory(prefix="veille-bench-cluster-") as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        _, words = write_corpus(corpus, articles)
        print(f"{articles:,} generated articles, {words:,} words")
        bare = _in_fresh_process(measure_spacy, str(corpus), 2)
        jobs = _in_fresh_process(run_with_jobs, str(corpus), f"{folder}/jobs", 2)
        cluster = _in_fresh_process(run_on_cluster, str(corpus), f"{folder}/cluster", address)
        for name, found in (("bare spaCy n_process=2", bare), ("veille run --jobs 2", jobs),
                            (f"veille run --cluster {address}", cluster)):
            print(f"  {name:32} start-up {found['load']:6.1f} s  run {found['seconds']:7.1f} s  "
                  f"{articles / found['seconds']:6.2f} articles/s")
        print(f"  cluster / --jobs 2: {cluster['seconds'] / jobs['seconds']:.2f} (run), "
              f"{(cluster['seconds'] + cluster['load']) / jobs['seconds']:.2f} (with its start-up); "
              f"--jobs 2 / bare spaCy: {jobs['seconds'] / bare['seconds']:.2f}")
        same = all((Path(folder) / "jobs" / f"{name}.csv").read_bytes()
                   == (Path(folder) / "cluster" / f"{name}.csv").read_bytes() for name in COLUMNS)
        print("tables of --cluster identical to --jobs 2:", same)
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_cluster", description=__doc__.split("\n\n")[0],
                                     epilog="example:\n  python -m benchmarks.bench_cluster --paragraphs 100000",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--cluster", default="local:2", help="a scheduler address or local:N (default: local:2)")
    parser.add_argument("--batch", type=int, default=5_000, help="paragraphs per partition (default: 5000)")
    parser.add_argument("--check", action="store_true", help="compare with the local index's verdicts")
    parser.add_argument("--articles", type=int, default=0,
                        help="instead: the throughput of whole runs on this many generated articles")
    args = parser.parse_args(argv)
    if args.articles:
        return 0 if throughput(args.articles, args.cluster) else 1

    from pipeline.cluster import ClusterDedup, connect
    from pipeline.ingest.dedup import Deduplicator
    from pipeline.records import Paragraph
    from pipeline.rules import load_rules

    rules = load_rules()
    with connect(args.cluster, rules, extractors=False) as client:
        started = time.perf_counter()
        dedup = ClusterDedup(client, rules.settings.get("dedup", {}), args.batch)
        for doc_id, texts in articles(args.paragraphs):
            dedup.add(doc_id, texts)
        verdicts = dedup.verdicts()
        seconds = time.perf_counter() - started
        held: dict[str, int] = {}
        sizes = client.nbytes(keys=[future.key for future in dedup.partitions], summary=False)
        for key, workers in client.who_has(dedup.partitions).items():
            for worker in workers:
                held[worker] = held.get(worker, 0) + sizes.get(key, 0)
        workers = client.run(_peak_mb)
    repeats = sum(len(found) for found in verdicts)
    print(f"{args.paragraphs:,} paragraphs on {len(workers)} workers: {seconds:.1f} s "
          f"({seconds / args.paragraphs * 1e6:.0f} µs/paragraph), {repeats:,} repeats")
    print("signatures held per worker: " + ", ".join(f"{size / 1e6:.0f} MB" for size in sorted(held.values()))
          + f" ({len(dedup.partitions)} partitions)")
    print(f"peak memory: parent {_peak_mb():.0f} MB, workers "
          + ", ".join(f"{mb:.0f} MB" for mb in sorted(workers.values())))
    if args.check:
        local = Deduplicator.from_rules(rules)
        same = all(local.repeats([Paragraph(doc_id, n, 0, len(text), text) for n, text in enumerate(texts)]) == found
                   for (doc_id, texts), found in zip(articles(args.paragraphs), verdicts))
        print("verdicts identical to the local index:", same)
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
