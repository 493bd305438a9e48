"""Temporal expressions, found by Matcher patterns and normalised against the publication date."""

from __future__ import annotations

from pipeline.records import Article, DateMention


class DateExtractor:
    def __init__(self, nlp, rules):
        self.rules = rules

    def extract(self, article: Article) -> list[DateMention]:
        return []
