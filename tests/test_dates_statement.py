"""The date of a statement is when it was made, never a date inside what was said (issue 13)."""

from __future__ import annotations

import pytest

from pipeline.dates.extract import DateExtractor
from pipeline.dates.statement import statement_date

FRIDAY = "2025-09-26"


@pytest.fixture(scope="module")
def extractor(nlp, rules):
    return DateExtractor(nlp, rules)


def offsets(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.mark.parametrize("text, cue, quoted, expected", [
    # reported speech: the reported clause holds 2026, the speech verb holds Monday
    ("Le ministre a confirmé lundi qu'il interdirait ces puces d'ici à 2026.", "confirmé",
     "il interdirait ces puces d'ici à 2026", "2025-09-22"),
    # a direct quote: its own date is what was said
    ("« La destruction aura lieu en février », a déclaré jeudi le porte-parole.", "déclaré",
     "La destruction aura lieu en février", "2025-09-25"),
    # nothing outside the quoted words: no date
    ("« La destruction a eu lieu en février », a déclaré le porte-parole.", "déclaré",
     "La destruction a eu lieu en février", ""),
    # no cue known: the one date outside the quoted words
    ("Mardi, il a assuré que le texte serait voté en 2026.", None, "le texte serait voté en 2026", "2025-09-23"),
])
def test_a_statement_is_dated_by_its_speech_verb_never_by_what_was_said(article_of, extractor, text, cue,
                                                                         quoted, expected):
    article = article_of(text, published=FRIDAY)
    dates = extractor.extract(article)
    verb = verb_at(article, text.index(cue)) if cue else None
    assert statement_date(dates, 0, len(text), [offsets(text, quoted)], verb) == expected


def verb_at(article, offset: int):
    """The token at a document offset (one paragraph, no header here)."""
    (segment,) = article.segments
    return segment.doc.char_span(offset - segment.start, offset - segment.start + 1,
                                 alignment_mode="expand")[0]


def test_two_dates_outside_the_quote_give_the_one_on_the_speech_verb_or_none(article_of, extractor):
    text = "Lundi, après la réunion de mardi, il a dit que tout irait bien."
    article = article_of(text, published=FRIDAY)
    dates = extractor.extract(article)
    assert len([m for m in dates if m.value]) == 2
    quoted = [offsets(text, "tout irait bien")]
    assert statement_date(dates, 0, len(text), quoted) == ""
    assert statement_date(dates, 0, len(text), quoted, verb_at(article, text.index("dit"))) == "2025-09-22"


@pytest.fixture(scope="module")
def extracted(pipeline_extractor):
    """The quotes and claims of one text published on `published`, as the pipeline gives them."""

    def run(text: str, published: str = FRIDAY):
        return pipeline_extractor.extract(text, published=published)

    return run


def test_a_reported_statement_is_dated_by_its_speech_verb_in_quotes_and_claims(extracted):
    result = extracted("Le ministre de l'Économie a confirmé lundi qu'il interdirait ces puces d'ici à 2026.")
    assert [(quote.text, quote.date) for quote in result.quotes] == [
        ("il interdirait ces puces d'ici à 2026", "2025-09-22")]
    assert [claim.date for claim in result.claims] == ["2025-09-22"]


def test_a_date_inside_the_quoted_words_never_dates_the_quote(extracted):
    text = ("« La destruction des stocks aura lieu en février », a déclaré le porte-parole de l'Agence "
            "française de presse.")
    (quote,) = extracted(text).quotes
    assert quote.text.startswith("La destruction") and quote.date == ""
    text = ("« La destruction des stocks aura lieu en février », a déclaré jeudi le porte-parole de "
            "l'Agence française de presse.")
    assert [quote.date for quote in extracted(text).quotes] == ["2025-09-25"]


def test_a_claim_the_article_asserts_is_dated_by_its_own_verb(extracted):
    result = extracted("Mardi, le conseil municipal de Besançon a voté le budget de la ville, "
                       "qui entrera en vigueur en mars.")
    dated = {claim.predicate: claim.date for claim in result.claims}
    assert dated.get("voter") == "2025-09-23"


def test_the_afp_quote_of_the_first_sample_takes_no_date_from_its_own_words(seed_outputs):
    import pandas as pd

    quotes = pd.read_csv(seed_outputs / "quotes.csv", dtype=str, keep_default_na=False)
    quoted = quotes[quotes["text"].str.contains("La destruction en février")]
    assert len(quoted) == 1 and quoted.iloc[0]["date"] == ""
