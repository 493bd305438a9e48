"""Dedup through a Dask cluster: time, what the parent receives, and peak memory per process.

    python -m benchmarks.bench_cluster --paragraphs 100000 --cluster local:2

The paragraphs are those of `benchmarks.bench.dedup_paragraphs` (40 to 80 words, a tenth near
repeats), ten to an article. The verdicts are checked against the local index when
`--check` is given (the local index then holds every paragraph in this process).
"""

from __future__ import annotations

import argparse
import resource
import time


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_cluster", description=__doc__.split("\n\n")[0],
                                     epilog="example:\n  python -m benchmarks.bench_cluster --paragraphs 100000",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--cluster", default="local:2", help="a scheduler address or local:N (default: local:2)")
    parser.add_argument("--check", action="store_true", help="compare with the local index's verdicts")
    args = parser.parse_args(argv)

    from benchmarks.bench import dedup_paragraphs
    from pipeline.cluster import cluster_repeats, connect
    from pipeline.ingest.dedup import Deduplicator
    from pipeline.records import Paragraph
    from pipeline.rules import load_rules

    rules = load_rules()
    texts = dedup_paragraphs(args.paragraphs)
    documents = []
    for first in range(0, len(texts), 10):
        doc_id = f"bench/{first // 10:07d}"
        documents.append((doc_id, [Paragraph(doc_id, i, 0, len(text), text)
                                   for i, text in enumerate(texts[first:first + 10])]))
    with connect(args.cluster, rules, extractors=False) as client:
        started = time.perf_counter()
        verdicts = cluster_repeats(client, documents, rules.settings.get("dedup", {}))
        seconds = time.perf_counter() - started
        workers = client.run(_peak_mb)
    repeats = sum(len(found) for found in verdicts)
    print(f"{args.paragraphs:,} paragraphs on {len(workers)} workers: {seconds:.1f} s "
          f"({seconds / args.paragraphs * 1e6:.0f} µs/paragraph), {repeats:,} repeats")
    print(f"peak memory: parent {_peak_mb():.0f} MB (texts included), workers "
          + ", ".join(f"{mb:.0f} MB" for mb in sorted(workers.values())))
    if args.check:
        local = Deduplicator.from_rules(rules)
        same = [local.repeats(paragraphs) for _, paragraphs in documents] == verdicts
        print("verdicts identical to the local index:", same)
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
