"""Shared fixtures: the rules and the French model are loaded once for the whole test run."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def rules():
    from pipeline.rules import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def nlp(rules):
    from pipeline.nlp import build_nlp

    return build_nlp(rules)


@pytest.fixture(scope="session")
def pipeline_extractor(nlp, rules):
    """The Extractor of the shipped rules, on the session's model."""
    from pipeline.extractor import Extractor

    return Extractor(rules=rules, nlp=nlp)


@pytest.fixture(scope="session")
def article_of(pipeline_extractor):
    """Build a parsed Article from French text, as the pipeline would (`text`, optional header)."""
    from pipeline.ingest.read import document_from_record

    def make(text: str, doc_id: str = "test/article", published: str | None = None):
        record = {"text": text}
        if published:
            record["date"] = published
        document = document_from_record(doc_id, doc_id + ".txt", "utf-8", "", record)
        return pipeline_extractor.parse(pipeline_extractor.split(document))

    return make


@pytest.fixture(scope="session")
def seed_outputs(tmp_path_factory, nlp):
    """The shipped corpus run once through the whole pipeline, for tests that read the tables."""
    from pipeline.run import run

    output = tmp_path_factory.mktemp("seed_outputs")
    run(ROOT / "corpus", output, nlp=nlp)
    return output


@pytest.fixture(scope="session")
def quotes_of(nlp, rules, article_of):
    """Quotes of a French text, with the invariant every row must keep checked on the way."""
    from pipeline.actors.link import ActorLinker
    from pipeline.quotes.extract import QuoteExtractor

    extractor, linker = QuoteExtractor(nlp, rules), ActorLinker(rules)

    def run(text: str):
        article = article_of(text)
        mentions, _ = linker.link(article)
        quotes = extractor.extract(article, mentions, [])
        for quote in quotes:
            assert article.text[quote.start:quote.end] == quote.text
        return quotes

    return run
