"""One article in, every row it gives out: the unit of work of the CLI, of workers and of notebooks.

`Extractor` is built once from the rules (the model, the gazetteer, the matchers) and keeps no
state between articles: `process(document, repeats)` reads only its arguments, so the same call
runs in this process, in a worker process or on a cluster node, in any order. What is corpus-wide
stays outside: dedup verdicts come in as `repeats`, and `actors.csv` is reduced from the
`actors` observations of every extraction (`pipeline.actors.ActorRegistry`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from pipeline import nlp as nlp_stage
from pipeline.actors.link import ActorLinker, ActorRegistry
from pipeline.cache import BuildCache
from pipeline.claims.extract import ClaimExtractor
from pipeline.dates.extract import DateExtractor
from pipeline.ingest import paragraphs
from pipeline.ingest.dedup import Deduplicator, Repeats, apply_repeats
from pipeline.ingest.read import document_from_record
from pipeline.quotes.extract import QuoteExtractor
from pipeline.records import (ActorObservation, Article, Claim, DateMention, Document, Mention, Paragraph, Quote,
                              Segment)
from pipeline.rules import Rules, load_rules

TABLES = ("documents", "paragraphs", "mentions", "actors", "quotes", "claims", "dates")
BATCH_SEGMENTS = 64  # new paragraphs (or pieces of huge ones) of consecutive articles parsed together
PARSE_BATCH = 64  # nlp.pipe's batch_size, as `make bench` gives bare spaCy


@dataclass
class Extraction:
    """Every row of one article. `actors` are observations; `actor_rows()` reduces them."""

    document: Document
    paragraphs: list[Paragraph] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    actors: list[ActorObservation] = field(default_factory=list)

    def actor_rows(self):
        """The `actors.csv` rows of this article alone."""
        registry = ActorRegistry()
        registry.add(self.actors)
        return registry.table()

    def rows(self) -> dict[str, list]:
        """Table name -> records of the six per-document tables (`actors.csv` is a reduction)."""
        return {"documents": [self.document], "paragraphs": self.paragraphs, "mentions": self.mentions,
                "quotes": self.quotes, "claims": self.claims, "dates": self.dates}

    def to_pandas(self) -> dict:
        """The seven tables as DataFrames, with the CSV columns and the dtypes of `pipeline.read_outputs`."""
        from pipeline.output.tables import COLUMNS, frame

        rows = {**self.rows(), "actors": self.actor_rows()}
        return {name: frame(name, rows[name]) for name in COLUMNS}


def failed(document: Document, stage: str, error: BaseException, kept: list[Paragraph]) -> Extraction:
    """The document as an error row: which stage, which exception. Its paragraphs stay accounted for
    (later repeats point at them); whatever the failing stages had found is dropped."""
    message = " ".join(str(error).split())[:300]
    document = replace(document, status="error", error=f"{stage}: {type(error).__name__}: {message}")
    return Extraction(document, paragraphs=kept)


def _with_docs(article: Article, segments: list[Segment], docs) -> Article:
    """The article with its segments, each given its parsed Doc (in the same order)."""
    return replace(article, segments=[replace(piece, doc=doc) for piece, doc in zip(segments, docs)])


class Extractor:
    """Built once (model, gazetteer, matchers); `process` turns one article into its rows.

    What is built from the rules alone and holds no spaCy object (the actor gazetteer, name
    rules and descriptions) comes from the on-disk `cache` (`pipeline.cache`) when an earlier
    start-up stored it for the same rules and versions; `cache=None` builds everything here.
    """

    def __init__(self, rules_dir: Path | str | None = None, *, rules: Rules | None = None, nlp=None,
                 cache: BuildCache | None | bool = True):
        self.rules = rules if rules is not None else load_rules(Path(rules_dir) if rules_dir else None)
        self.cache = BuildCache(self.rules) if cache is True else cache or None
        self.nlp = nlp if nlp is not None else nlp_stage.build_nlp(self.rules)
        self.linker = self._built("actor_linker", lambda: ActorLinker(self.rules))
        self.find_dates = DateExtractor(self.nlp, self.rules)
        self.find_quotes = QuoteExtractor(self.nlp, self.rules, profiles=self.linker.gazetteer.profiles)
        self.find_claims = ClaimExtractor(self.nlp, self.rules)
        setting = self.rules.setting
        self.split_options = paragraphs.split_options(self.rules)
        # No text handed to spaCy may reach its max_length, whatever the settings say.
        self.max_segment = min(setting("paragraphs", "segment_max_chars", 20000), self.nlp.max_length - 1)

    def _built(self, name: str, build):
        return self.cache.get(name, build) if self.cache is not None else build()

    def split(self, document: Document) -> Article:
        """The document's paragraphs, as dedup and `process` both see them."""
        return paragraphs.split(document, **self.split_options)

    def process(self, document: Document, repeats: Repeats | None = None) -> Extraction:
        """Every row of one document; `repeats` are the dedup verdicts for its paragraphs.

        An exception in any stage makes the document an error row (stage, type, message) and the
        run goes on: one bad article never costs the others.
        """
        return next(self.process_all([(document, repeats)]))

    def process_all(self, work: Iterable[tuple[Document, Repeats | None]],
                    batch_segments: int = BATCH_SEGMENTS) -> Iterator[Extraction]:
        """`process` of each (document, repeats), in order, the new paragraphs of consecutive
        articles parsed together, about `batch_segments` at a time: spaCy's network costs a fifth
        less a paragraph in batches of 64 than in an article's few (its results are the same)."""
        waiting: list[tuple[Article, list[Segment]] | Extraction] = []
        to_parse = 0  # segments of the waiting articles
        for document, repeats in work:
            item = self._split(document, repeats)
            waiting.append(item)
            to_parse += len(item[1]) if isinstance(item, tuple) else 0
            if to_parse >= batch_segments:
                yield from self._extract_parsed(waiting)
                waiting, to_parse = [], 0
        yield from self._extract_parsed(waiting)

    def _split(self, document: Document, repeats: Repeats | None) -> tuple[Article, list[Segment]] | Extraction:
        """The article and the segments it needs parsed, or its rows already when it needs none."""
        article = Article(replace(document))
        try:
            article = apply_repeats(self.split(document), repeats or {})
            if article.document.status != "ok":
                return Extraction(article.document, article.paragraphs)
            return article, paragraphs.segments(article, self.max_segment)
        except Exception as error:  # noqa: BLE001 — isolation is the point; the row says what it was
            return failed(article.document, "paragraphs", error, article.paragraphs)

    def _extract_parsed(self, waiting: list) -> Iterator[Extraction]:
        """Parse the waiting articles' segments in one batch, then extract each article. A batch that
        fails is parsed again an article at a time, so the error row names the article it came from."""
        pieces = [piece for item in waiting if isinstance(item, tuple) for piece in item[1]]
        try:
            docs = iter(list(self.nlp.pipe((piece.text for piece in pieces), batch_size=PARSE_BATCH)))
        except Exception:  # noqa: BLE001 — found again below, in its own article
            docs = None
        for item in waiting:
            if isinstance(item, Extraction):
                yield item
                continue
            article, segments = item
            try:
                parsed = [next(docs) for _ in segments] if docs is not None else self.nlp.pipe(
                    piece.text for piece in segments)
                article = _with_docs(article, segments, parsed)
            except Exception as error:  # noqa: BLE001
                yield failed(article.document, "parse", error, article.paragraphs)
                continue
            yield self._extract(article)

    def _extract(self, article: Article) -> Extraction:
        """The stages, in order, over one parsed article."""
        stage = "actors"
        try:
            mentions, observations = self.linker.link(article)
            stage = "dates"
            dates = self.find_dates.extract(article)
            stage = "quotes"
            quotes = self.find_quotes.extract(article, mentions, dates)
            stage = "claims"
            claims = self.find_claims.extract(article, mentions, quotes, dates)
        except Exception as error:  # noqa: BLE001 — isolation is the point; the row says what it was
            return failed(article.document, stage, error, article.paragraphs)
        return Extraction(article.document, article.paragraphs, mentions, quotes, claims, dates, observations)

    def parse(self, article: Article) -> Article:
        """Its new paragraphs (huge ones in pieces) parsed in one batch."""
        pieces = paragraphs.segments(article, self.max_segment)
        return _with_docs(article, pieces, self.nlp.pipe(piece.text for piece in pieces))

    def extract(self, text: str, published: str | None = None, title: str | None = None,
                doc_id: str = "text") -> Extraction:
        """One text as an article of its own (repeats within it are still found)."""
        record = {"text": text, "date": published or "", "title": title or ""}
        document = document_from_record(doc_id, doc_id, "", "", record)
        repeats = Deduplicator.from_rules(self.rules).repeats(self.split(document).paragraphs)
        return self.process(document, repeats)

