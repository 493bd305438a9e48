"""How fast the pipeline runs against bare spaCy, and how dedup grows with the corpus.

    python -m benchmarks.bench --articles 1000 [--jobs 2]   # whole pipeline vs bare nlp.pipe
    python -m benchmarks.bench --dedup 10000 100000         # dedup alone, per corpus size

The corpus is generated from the shipped articles (corpus/seeds, tests/data/corpus): their
sentences recombined into new paragraphs with a fixed seed, one word in ten swapped, and a few
paragraphs copied on purpose, so dedup has real work without eating the corpus. Each
measurement runs in a fresh process, so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpus" / "seeds", ROOT / "tests" / "data" / "corpus"]
SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[«\"“A-ZÀ-Ý])")
BATCH_SIZE = 64  # the batch size pipeline.nlp.parse uses


def source_texts(folders: list[Path] = SOURCES) -> tuple[list[str], list[str]]:
    """Body paragraphs and headings of the shipped articles, repeats removed."""
    from pipeline.ingest import paragraphs, read as ingest

    bodies: dict[str, None] = {}
    headings: dict[str, None] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.txt")):
            for document in ingest.read_file(path, folder):
                for paragraph in paragraphs.split(document).paragraphs:
                    (headings if paragraph.kind == "heading" else bodies)[paragraph.text] = None
    return list(bodies), list(headings)


class ArticleMaker:
    """New French articles recombined from the sentences of the shipped ones, reproducibly."""

    def __init__(self, seed: int = 7, swap_rate: float = 0.1, copy_rate: float = 0.03):
        bodies, self.headings = source_texts()
        if not bodies:
            raise SystemExit("bench: no source articles found in corpus/seeds or tests/data/corpus")
        self.sentences = [s for body in bodies for s in SENTENCE.split(body) if len(s.split()) >= 4]
        words = {w for s in self.sentences for w in s.split() if w.isalpha()}
        self.lower = sorted(w for w in words if w.islower())
        self.upper = sorted(w for w in words if w[0].isupper())
        self.random = random.Random(seed)
        self.swap_rate, self.copy_rate = swap_rate, copy_rate
        self.written: list[str] = []  # earlier paragraphs, some of which are copied again

    def article(self, number: int) -> str:
        """One article: a date header, a heading, then four to eight paragraphs."""
        pick = self.random
        month = 1 + number % 12
        lines = [f" date 2024-{month:02d}-{1 + number % 28:02d} {pick.choice(self.headings or ['Actualité'])}"]
        for _ in range(pick.randint(4, 8)):
            if self.written and pick.random() < self.copy_rate:
                lines.append(pick.choice(self.written))  # wire copy: a paragraph seen before
                continue
            paragraph = " ".join(self._vary(s) for s in pick.sample(self.sentences, pick.randint(2, 4)))
            lines.append(paragraph)
            if len(self.written) < 5000:
                self.written.append(paragraph)
        return "\n\n".join(lines) + "\n"

    def _vary(self, sentence: str) -> str:
        """Swap about one word in ten for another of the same case, as a rewrite would."""
        words = sentence.split(" ")
        for i, word in enumerate(words):
            if word.isalpha() and self.random.random() < self.swap_rate:
                pool = self.upper if word[0].isupper() else self.lower
                words[i] = self.random.choice(pool) if pool else word
        return " ".join(words)


def write_corpus(folder: Path, articles: int, seed: int = 7) -> tuple[int, int]:
    """Write `articles` generated .txt files; returns (documents, words)."""
    maker = ArticleMaker(seed)
    words = 0
    for number in range(articles):
        text = maker.article(number)
        words += len(text.split())
        (folder / f"bench_{number:05d}.txt").write_text(text, encoding="utf-8")
    return articles, words


def _peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB (Linux: kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / 1024, children / 1024


def measure_spacy(corpus: str, jobs: int) -> dict:
    """Bare fr_core_news_md over the same texts, loaded and batched as the pipeline does."""
    import spacy

    from pipeline.nlp import MODEL

    started = time.perf_counter()
    nlp = spacy.load(MODEL)
    loaded = time.perf_counter()
    texts = (path.read_text(encoding="utf-8") for path in sorted(Path(corpus).glob("*.txt")))
    documents = sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=jobs))
    finished = time.perf_counter()
    own, children = _peak_mb()
    return {"documents": documents, "seconds": finished - started, "load": loaded - started,
            "peak_mb": own, "workers_mb": children}


def measure_pipeline(corpus: str, jobs: int) -> dict:
    """The whole `veille run`: read, split, dedup, parse, extract, write the tables."""
    from pipeline.run import run

    with tempfile.TemporaryDirectory(prefix="veille-bench-out-") as output:
        started = time.perf_counter()
        summary = run(Path(corpus), Path(output), jobs=jobs)
        seconds = time.perf_counter() - started
    own, children = _peak_mb()
    return {"documents": sum(summary.statuses.values()), "seconds": seconds,
            "paragraphs": summary.paragraphs, "repeats": summary.repeats,
            "statuses": dict(summary.statuses), "counts": summary.counts,
            "peak_mb": own, "workers_mb": children}


def _in_fresh_process(function, *args) -> dict:
    """Run one measurement in a new interpreter: its model, its memory, its peak."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def bench_pipeline(articles: int, jobs: int) -> None:
    """Print documents/s and words/s of bare spaCy and of the pipeline, their ratio and memory."""
    with tempfile.TemporaryDirectory(prefix="veille-bench-") as corpus:
        started = time.perf_counter()
        documents, words = write_corpus(Path(corpus), articles)
        print(f"corpus: {documents:,} generated articles, {words:,} words "
              f"({time.perf_counter() - started:.1f} s to write), jobs={jobs}, batch_size={BATCH_SIZE}")
        bare = _in_fresh_process(measure_spacy, corpus, jobs)
        full = _in_fresh_process(measure_pipeline, corpus, jobs)
    print(f"{'':18}{'seconds':>9}{'docs/s':>9}{'words/s':>10}{'peak MB':>9}{'workers MB':>11}")
    for name, result in (("bare nlp.pipe", bare), ("veille pipeline", full)):
        seconds = result["seconds"]
        print(f"{name:18}{seconds:9.1f}{documents / seconds:9.1f}{words / seconds:10,.0f}"
              f"{result['peak_mb']:9.0f}{result['workers_mb']:11.0f}")
    print(f"model load (in both): {bare['load']:.1f} s")
    print(f"pipeline / bare spaCy time: {full['seconds'] / bare['seconds']:.2f}x")
    print(f"pipeline: {full['paragraphs']:,} paragraphs, {full['repeats']:,} repeats "
          f"({full['repeats'] / max(1, full['paragraphs']):.1%}, not parsed); statuses {full['statuses']}")
    print("rows: " + ", ".join(f"{name} {count:,}" for name, count in sorted(full["counts"].items())))


def dedup_paragraphs(count: int, seed: int = 11, repeat_rate: float = 0.1) -> list[str]:
    """`count` paragraphs of 40 to 80 words from the corpus vocabulary, a tenth near repeats."""
    bodies, _ = source_texts()
    vocabulary = sorted({w for body in bodies for w in body.split()}) or ["mot"]
    pick = random.Random(seed)
    result: list[str] = []
    for _ in range(count):
        if result and pick.random() < repeat_rate:
            words = pick.choice(result).split()
            words[pick.randrange(len(words))] = pick.choice(vocabulary)  # one word changed
        else:
            words = pick.choices(vocabulary, k=pick.randint(40, 80))
        result.append(" ".join(words))
    return result


def time_dedup(count: int) -> tuple[float, int, float]:
    """Seconds to mark `count` paragraphs (ten per article), repeats found, peak memory in MB."""
    from pipeline.ingest.dedup import Deduplicator
    from pipeline.records import Article, Document, Paragraph
    from pipeline.rules import load_rules

    texts = dedup_paragraphs(count)
    deduplicator = Deduplicator.from_rules(load_rules())
    articles = []
    for first in range(0, count, 10):
        doc_id = f"bench/{first // 10:06d}"
        paragraphs = [Paragraph(doc_id, i, 0, len(text), text) for i, text in enumerate(texts[first:first + 10])]
        articles.append(Article(Document(doc_id, doc_id + ".txt"), paragraphs))
    started = time.perf_counter()
    for article in articles:
        deduplicator.mark(article)
    seconds = time.perf_counter() - started
    return seconds, sum(article.document.n_duplicates for article in articles), _peak_mb()[0]


def bench_dedup(sizes: list[int]) -> None:
    """Print dedup time per size; per-paragraph cost flat means linear growth."""
    print(f"{'paragraphs':>11}{'seconds':>9}{'µs/paragraph':>14}{'repeats':>9}{'peak MB':>9}")
    for size in sizes:
        seconds, repeats, peak = _in_fresh_process(time_dedup, size)
        print(f"{size:11,}{seconds:9.2f}{seconds / size * 1e6:14.0f}{repeats:9,}{peak:9.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.split("\n\n")[0],
        epilog="example:\n  python -m benchmarks.bench --articles 1000 --jobs 2",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="articles to generate (default: 1000)")
    parser.add_argument("--jobs", type=int, default=1, help="spaCy worker processes, for both runs (default: 1)")
    parser.add_argument("--dedup", type=int, nargs="*", metavar="N",
                        help="time dedup alone on N generated paragraphs (default sizes: 10000 100000)")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.jobs < 1:
        parser.error("--articles and --jobs must be at least 1")
    if args.dedup is not None:
        bench_dedup(args.dedup or [10_000, 100_000])
    else:
        bench_pipeline(args.articles, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
