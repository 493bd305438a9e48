"""Direct and reported speech, each attributed to a canonical speaker."""

from __future__ import annotations

from pipeline.records import Article, DateMention, Mention, Quote


class QuoteExtractor:
    def __init__(self, nlp, rules):
        self.rules = rules

    def extract(self, article: Article, mentions: list[Mention],
                dates: list[DateMention]) -> list[Quote]:
        return []
