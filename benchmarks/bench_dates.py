"""Throughput of the date stage against dateparser's `search_dates` on the same sentences.

    python -m benchmarks.bench_dates [--sentences 2000] [--gold tests/data/seeds_gold.jsonl]

The date stage is timed over already-parsed Docs (parsing belongs to the spaCy stage);
`search_dates` gets the raw texts, as it would be used on its own. Timed twice: on the
dates_gold sentences (nearly all dated: the Matcher runs almost everywhere) and on the seed
articles (news text, where dates are sparse). It also lists what `search_dates` finds in the
seed articles, and counts the finds that match no gold date.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from dateparser.search import search_dates

from pipeline.evaluate.score import dice, words
from pipeline.extractor import Extractor
from pipeline.ingest.dedup import Deduplicator
from pipeline.ingest.read import document_from_record, read_corpus

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = ROOT / "tests" / "data" / "dates_gold.jsonl"
SEEDS = ROOT / "corpus" / "seeds"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000, help="how many sentences to time")
    parser.add_argument("--gold", type=Path, help="hand annotation of the seeds (seeds.jsonl)")
    return parser.parse_args(argv)


def examples(count: int) -> list[dict]:
    """The dates_gold sentences, repeated until there are `count` of them."""
    text = SENTENCES.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [lines[i % len(lines)] for i in range(count)]


def parsed_articles(extractor: Extractor, rows: list[dict]) -> list:
    """One parsed article per sentence, with its publication date, as the pipeline builds them."""
    articles = []
    for number, row in enumerate(rows):
        record = {"text": row["text"], "date": row["published"] or ""}
        document = document_from_record(f"bench/{number}", "bench.txt", "utf-8", "", record)
        articles.append(extractor.parse(extractor.split(document)))
    return articles


def rate(count: int, seconds: float, unit: str = "sentences") -> str:
    """A throughput line that shows what was counted and how long it took."""
    return f"{count} {unit} in {seconds:.2f} s = {count / seconds:,.0f} {unit}/s"


def timed(work, articles: list, repeat: int = 1) -> tuple[float, int]:
    """Seconds `work` takes over the articles, `repeat` times over, and what it found."""
    started, found = time.perf_counter(), 0
    for _ in range(repeat):
        found = sum(len(work(article)) for article in articles)
    return time.perf_counter() - started, found


def search(article) -> list:
    """dateparser's own finder over the raw text, as one would use it without veille."""
    return search_dates(article.text, languages=["fr"]) or []


def seed_articles(extractor: Extractor) -> list:
    """The seed articles split, deduplicated and parsed as `veille run` does."""
    deduplicator = Deduplicator.from_rules(extractor.rules)
    return [extractor.parse(deduplicator.mark(extractor.split(document)))
            for document in read_corpus(SEEDS.parent, 20_000_000)]


def is_gold(found: str, gold: list[dict]) -> bool:
    """Dice ≥ 0.5 on folded word multisets, as the evaluation matches dates."""
    return any(dice(words(found), words(item["text"])) >= 0.5 for item in gold)


def seed_report(gold_path: Path | None) -> None:
    """What search_dates finds in the raw seed articles, and how much of it is no date."""
    gold = {}
    if gold_path:
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                gold[item["file"]] = item["dates"]
    for path in sorted(SEEDS.glob("*.txt")):
        finds = search_dates(path.read_text(encoding="utf-8"), languages=["fr"]) or []
        shown = [(text, moment.date().isoformat()) for text, moment in finds]
        line = f"search_dates on {path.name}: {len(finds)} found {shown}"
        if path.name in gold:
            false = sum(not is_gold(text, gold[path.name]) for text, _ in finds)
            line += f"; {false} match no gold date"
        print(line)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    pipeline = Extractor()
    extractor = pipeline.find_dates
    articles = parsed_articles(pipeline, examples(args.sentences))
    extractor.extract(articles[0])  # both warmed up: dateparser loads its French data once
    search(articles[0])
    ours, found = timed(extractor.extract, articles)
    print(f"veille date stage: {rate(len(articles), ours)} ({found} dates)")
    theirs, found = timed(search, articles)
    print(f"dateparser search_dates: {rate(len(articles), theirs)} ({found} dates)")
    print(f"ratio on dates_gold sentences: the date stage is {theirs / ours:,.1f} times faster")

    seeds, repeat = seed_articles(pipeline), 20
    ours, _ = timed(extractor.extract, seeds, repeat)
    theirs, _ = timed(search, seeds, repeat)
    count = len(seeds) * repeat
    print(f"seed articles: date stage {rate(count, ours, 'articles')}, "
          f"search_dates {rate(count, theirs, 'articles')}, ratio {theirs / ours:,.1f}")
    seed_report(args.gold)


if __name__ == "__main__":
    main()
