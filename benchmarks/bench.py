"""How fast the pipeline runs against bare spaCy, how fast it starts, how its memory grows.

    python -m benchmarks.bench                       # make bench: everything below, a few minutes
    python -m benchmarks.bench --articles 1000 --jobs 1 2 --skip-startup --memory
    python -m benchmarks.bench --dedup 10000 100000  # dedup alone, per corpus size

Time, on two corpora, for each `--jobs`: bare `nlp.pipe` of fr_core_news_md over the article
texts (batch size 64, the same for both) against the whole `veille run` (read, split, dedup,
parse, extract, write the tables). The real-text corpus is the annotated articles the project
ships (corpus/seeds, tests/data: written and real news pages) and the French TimeBank
development articles copied into benchmarks/data/real/, with no planted repeats; the generated
one recombines the sentences of the shipped articles with a fixed seed, one word in ten swapped
and a few paragraphs copied on purpose, so that dedup has work. Times are wall-clock seconds after
start-up (the model's load is timed apart), with the CPU seconds of the process beside them: on a
machine shared with other work, the CPU ratio is the steadier one. With `--jobs 2` both sides
count their workers' start-up.

Start-up, each in a fresh interpreter: `import spacy; spacy.load(...)` against `Extractor()`
with an empty cache folder (cold) and again with the one it filled (warm). Memory: the peak
resident size of a whole run over 1,000 and 4,000 generated one-paragraph articles.
Each measurement runs in a fresh process, so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpus" / "seeds", ROOT / "tests" / "data" / "corpus"]
REAL = [ROOT / "corpus" / "seeds", ROOT / "tests" / "data" / "corpus", ROOT / "tests" / "data" / "heldout" / "corpus",
        ROOT / "tests" / "data" / "real" / "tune" / "corpus", ROOT / "tests" / "data" / "real" / "heldout" / "corpus",
        ROOT / "benchmarks" / "data" / "real" / "ftib-dev" / "corpus"]
SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[«\"“A-ZÀ-Ý])")
BATCH_SIZE = 64  # bare spaCy's batch; the pipeline parses an article's paragraphs as one batch
MEMORY_SIZES = (1000, 4000)


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

    def __init__(self, seed: int = 7, swap_rate: float = 0.1, copy_rate: float = 0.03,
                 paragraphs: tuple[int, int] = (4, 8)):
        bodies, self.headings = source_texts()
        if not bodies:
            raise SystemExit("bench: no source articles found in corpus/seeds or tests/data/corpus")
        self.sentences = [s for body in bodies for s in SENTENCE.split(body) if len(s.split()) >= 4]
        words = {w for s in self.sentences for w in s.split() if w.isalpha()}
        self.lower = sorted(w for w in words if w.islower())
        self.upper = sorted(w for w in words if w[0].isupper())
        self.random = random.Random(seed)
        self.swap_rate, self.copy_rate, self.paragraphs = swap_rate, copy_rate, paragraphs
        self.written: list[str] = []  # earlier paragraphs, some of which are copied again

    def article(self, number: int) -> str:
        """One article: a date header, a heading, then four to eight paragraphs (`paragraphs`)."""
        pick = self.random
        month = 1 + number % 12
        lines = [f" date 2024-{month:02d}-{1 + number % 28:02d} {pick.choice(self.headings or ['Actualité'])}"]
        for _ in range(pick.randint(*self.paragraphs)):
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


def write_corpus(folder: Path, articles: int, seed: int = 7,
                 paragraphs: tuple[int, int] = (4, 8)) -> tuple[int, int]:
    """Write `articles` generated .txt files; returns (documents, words)."""
    maker = ArticleMaker(seed, paragraphs=paragraphs)
    words = 0
    for number in range(articles):
        text = maker.article(number)
        words += len(text.split())
        (folder / f"bench_{number:05d}.txt").write_text(text, encoding="utf-8")
    return articles, words


def copy_real(folder: Path) -> tuple[int, int]:
    """The real-text corpus copied into one folder (names prefixed by their set); (documents, words)."""
    documents = words = 0
    for number, source in enumerate(REAL):
        for path in sorted(source.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            (folder / f"{number}_{path.name}").write_text(text, encoding="utf-8")
            documents, words = documents + 1, words + len(text.split())
    return documents, words


def _peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB (Linux: kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / 1024, children / 1024


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_spacy(corpus: str, jobs: int) -> dict:
    """Bare fr_core_news_md over the same texts: load, then `nlp.pipe` (timed apart)."""
    import spacy

    from pipeline.nlp import MODEL

    started = time.perf_counter()
    nlp = spacy.load(MODEL)
    loaded, cpu = time.perf_counter(), _cpu()
    texts = (path.read_text(encoding="utf-8") for path in sorted(Path(corpus).glob("*.txt")))
    documents = sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=jobs))
    seconds = time.perf_counter() - loaded
    own, children = _peak_mb()
    return {"documents": documents, "seconds": seconds, "cpu": _cpu() - cpu, "load": loaded - started,
            "peak_mb": own, "workers_mb": children}


def measure_pipeline(corpus: str, jobs: int) -> dict:
    """The whole `veille run`, the model built first and timed apart (forked workers inherit it,
    as bare spaCy's do with n_process)."""
    from pipeline.nlp import build_nlp
    from pipeline.rules import load_rules
    from pipeline.run import run

    started, cpu = time.perf_counter(), _cpu()
    nlp = build_nlp(load_rules())
    load, load_cpu = time.perf_counter() - started, _cpu() - cpu
    with tempfile.TemporaryDirectory(prefix="veille-bench-out-") as output:
        started, cpu = time.perf_counter(), _cpu()
        summary = run(Path(corpus), Path(output), jobs=jobs, nlp=nlp)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    own, children = _peak_mb()
    return {"documents": sum(summary.statuses.values()), "seconds": seconds, "cpu": cpu,
            "load": load, "load_cpu": load_cpu, "paragraphs": summary.paragraphs, "repeats": summary.repeats,
            "statuses": dict(summary.statuses), "counts": summary.counts,
            "peak_mb": own, "workers_mb": children}


def _in_fresh_process(function, *args) -> dict:
    """Run one measurement in a new interpreter: its model, its memory, its peak."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def bench_speed(name: str, corpus: Path, documents: int, words: int, jobs_list: list[int]) -> None:
    """Bare spaCy against the pipeline for each --jobs; their ratios and the speed-up of more jobs."""
    print(f"\n{name}: {documents:,} articles, {words:,} words, batch_size={BATCH_SIZE}")
    print(f"{'jobs':>6}{'bare s':>9}{'veille s':>10}{'ratio':>7}{'bare cpu':>10}{'veille cpu':>12}{'cpu ratio':>11}"
          f"{'words/s':>9}{'peak MB':>9}")
    results = {}
    for jobs in jobs_list:
        bare = _in_fresh_process(measure_spacy, str(corpus), jobs)
        full = _in_fresh_process(measure_pipeline, str(corpus), jobs)
        results[jobs] = bare, full
        print(f"{jobs:6}{bare['seconds']:9.1f}{full['seconds']:10.1f}{full['seconds'] / bare['seconds']:7.2f}"
              f"{bare['cpu']:10.1f}{full['cpu']:12.1f}{full['cpu'] / bare['cpu']:11.2f}"
              f"{words / full['seconds']:9,.0f}{full['peak_mb']:9.0f}")
    for jobs in jobs_list[1:]:
        (bare_1, full_1), (bare_n, full_n) = results[jobs_list[0]], results[jobs]
        print(f"speed-up of --jobs {jobs} over --jobs {jobs_list[0]}: veille {full_1['seconds'] / full_n['seconds']:.2f}x, "
              f"bare nlp.pipe {bare_1['seconds'] / bare_n['seconds']:.2f}x")
    bare, full = results[jobs_list[0]]
    print(f"model load (timed apart): bare {bare['load']:.1f} s, veille {full['load']:.1f} s; "
          f"{full['paragraphs']:,} paragraphs, {full['repeats']:,} repeats "
          f"({full['repeats'] / max(1, full['paragraphs']):.1%}, not parsed); statuses {full['statuses']}")
    print("rows: " + ", ".join(f"{table} {count:,}" for table, count in sorted(full["counts"].items())))


def start_spacy(started: float) -> dict:
    """`import spacy; spacy.load(MODEL)` in this fresh interpreter."""
    import spacy

    spacy.load("fr_core_news_md")
    return {"seconds": time.time() - started, "cpu": time.process_time()}


def start_extractor(started: float, cache: str) -> dict:
    """`Extractor()` in this fresh interpreter, its cache in `cache`."""
    os.environ["VEILLE_CACHE"] = cache
    from pipeline.extractor import Extractor

    extractor = Extractor()
    return {"seconds": time.time() - started, "cpu": time.process_time(),
            "loaded": extractor.cache.loaded, "built": extractor.cache.built}


def bench_startup(rounds: int = 2) -> None:
    """Fresh interpreters, interleaved; the fastest of `rounds` of each (the machine is shared)."""
    timings: dict[str, list[dict]] = {"bare spacy.load": [], "Extractor, cold cache": [], "Extractor, warm cache": []}
    with tempfile.TemporaryDirectory(prefix="veille-bench-cache-") as folder:
        cache = str(Path(folder) / "cache")
        for _ in range(rounds):
            timings["bare spacy.load"].append(_in_fresh_process(start_spacy, time.time()))
            shutil.rmtree(cache, ignore_errors=True)
            timings["Extractor, cold cache"].append(_in_fresh_process(start_extractor, time.time(), cache))
            timings["Extractor, warm cache"].append(_in_fresh_process(start_extractor, time.time(), cache))
    best = {name: min(runs, key=lambda run: run["seconds"]) for name, runs in timings.items()}
    bare = best["bare spacy.load"]
    print(f"\nstart-up (fresh interpreter, imports included, best of {rounds}):")
    print(f"{'':24}{'seconds':>9}{'x bare':>8}{'cpu s':>7}{'x bare':>8}")
    for name, result in best.items():
        print(f"{name:24}{result['seconds']:9.2f}{result['seconds'] / bare['seconds']:8.2f}"
              f"{result['cpu']:7.2f}{result['cpu'] / bare['cpu']:8.2f}")
    loaded = [", ".join(run["loaded"]) or "nothing" for run in timings["Extractor, warm cache"]]
    print(f"warm cache: loaded {'; '.join(loaded)} (a key changes with the code, the rules and the versions)")


def bench_memory(sizes: tuple[int, ...] = MEMORY_SIZES) -> None:
    """Peak resident memory of whole runs (--jobs 1) over growing generated corpora."""
    print("\nmemory: one-paragraph generated articles, --jobs 1")
    print(f"{'articles':>9}{'words':>9}{'seconds':>9}{'peak MB':>9}{'x first':>9}")
    first = None
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="veille-bench-") as corpus:
            _, words = write_corpus(Path(corpus), size, paragraphs=(1, 1))
            full = _in_fresh_process(measure_pipeline, corpus, 1)
        first = first or full["peak_mb"]
        print(f"{size:9,}{words:9,}{full['seconds']:9.1f}{full['peak_mb']:9.0f}{full['peak_mb'] / first:9.2f}")


def generated_paragraphs(count: int, seed: int = 11, repeat_rate: float = 0.1,
                         recent: int | None = None) -> Iterator[str]:
    """`count` paragraphs of 40 to 80 words from the corpus vocabulary, a `repeat_rate` of them
    near repeats (one word changed) of an earlier one: of any (`recent` None) or of the last
    `recent`, as wire copies come close together (then the generator holds only those)."""
    bodies, _ = source_texts()
    vocabulary = sorted({w for body in bodies for w in body.split()}) or ["mot"]
    pick = random.Random(seed)
    earlier: deque | list = deque(maxlen=recent) if recent else []
    for _ in range(count):
        if earlier and pick.random() < repeat_rate:
            words = pick.choice(earlier).split()
            words[pick.randrange(len(words))] = pick.choice(vocabulary)  # one word changed
        else:
            words = pick.choices(vocabulary, k=pick.randint(40, 80))
        earlier.append(" ".join(words))
        yield earlier[-1]


def time_dedup(count: int) -> tuple[float, int, float]:
    """Seconds to mark `count` paragraphs (ten per article), repeats found, peak memory in MB."""
    from pipeline.ingest.dedup import Deduplicator
    from pipeline.records import Article, Document, Paragraph
    from pipeline.rules import load_rules

    texts = list(generated_paragraphs(count))
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
        epilog="example (seconds, not minutes):\n  python -m benchmarks.bench --articles 3 --jobs 1 --skip-real --skip-startup",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100, help="generated articles to time (default: 100; 0: none)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to time (default: 1 2)")
    parser.add_argument("--skip-real", action="store_true", help="leave out the real-text corpus")
    parser.add_argument("--skip-startup", action="store_true", help="leave out the start-up times")
    parser.add_argument("--memory", type=int, nargs="*", metavar="N",
                        help="peak memory of runs over N generated articles (default sizes: 1000 4000)")
    parser.add_argument("--dedup", type=int, nargs="*", metavar="N",
                        help="only time dedup alone on N generated paragraphs (default sizes: 10000 100000)")
    args = parser.parse_args(argv)
    if args.articles < 0 or min(args.jobs) < 1:
        parser.error("--articles must be at least 0 and --jobs at least 1")
    if args.dedup is not None:
        bench_dedup(args.dedup or [10_000, 100_000])
        return 0
    if not args.skip_real:
        with tempfile.TemporaryDirectory(prefix="veille-bench-real-") as corpus:
            documents, words = copy_real(Path(corpus))
            bench_speed("real text", Path(corpus), documents, words, args.jobs)
    if args.articles:
        with tempfile.TemporaryDirectory(prefix="veille-bench-") as corpus:
            documents, words = write_corpus(Path(corpus), args.articles)
            bench_speed("generated", Path(corpus), documents, words, args.jobs)
    if not args.skip_startup:
        bench_startup()
    if args.memory is not None:
        bench_memory(tuple(args.memory) or MEMORY_SIZES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
