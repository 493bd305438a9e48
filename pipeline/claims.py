"""Who asserts or does what, with its source, polarity and modality."""

from __future__ import annotations

from pipeline.records import Article, Claim, DateMention, Mention, Quote


class ClaimExtractor:
    def __init__(self, nlp, rules):
        self.rules = rules

    def extract(self, article: Article, mentions: list[Mention], quotes: list[Quote],
                dates: list[DateMention]) -> list[Claim]:
        return []
