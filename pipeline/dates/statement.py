"""The date a statement was made: what `quotes.date` and `claims.date` hold (issue 13).

"Le ministre a confirmé lundi qu'il interdirait les puces d'ici à 2026" was said on Monday:
2026 is inside what was said, not when. So the date of a statement is

1. never a date inside the quoted or reported words (`quoted`: their offsets);
2. the date attached to the speech verb, or to the clause's own verb for a claim the article
   asserts (`verb`: that token; attached: the verb is the first one above the date, not through
   a noun, as `pipeline.dates.tense.governor` finds it);
3. else the sentence's date when it has exactly one outside the quoted words;
4. else empty.

A quote's speech verb is the one the quote stage marked, outside the quoted words and nearest
to them; a claim reported in a quote has that quote's date; a claim reported without one is
dated by the verb its clause hangs on; a claim the article asserts by its own verb.
"""

from __future__ import annotations

from typing import Callable, Iterator

from spacy.tokens import Token

from pipeline.dates.tense import governor
from pipeline.records import Article, Claim, DateMention, Quote

Offsets = tuple[int, int]


def statement_date(dates: list[DateMention], start: int, end: int,
                   quoted: list[Offsets] | tuple = (), verb: Token | None = None,
                   doc_start: int = 0) -> str:
    """The value of the date of the statement in the sentence [start, end) of the document, or "".

    `verb` is a token of the parsed paragraph that starts at document offset `doc_start`."""
    outside = [mention for mention in dates
               if start <= mention.start and mention.end <= end and mention.value
               and not any(first < mention.end and mention.start < last for first, last in quoted)]
    if verb is not None:
        for mention in outside:
            span = verb.doc.char_span(mention.start - doc_start, mention.end - doc_start,
                                      alignment_mode="expand")
            if span is not None and len(span):
                found = governor(span)
                if found.verb is not None and found.verb.i == verb.i and not found.through_noun:
                    return mention.value
    return outside[0].value if len(outside) == 1 else ""


def quote_date(dates: list[DateMention], article: Article, quote: Quote, sentence: Offsets,
               quotations: list[Offsets], is_speech: Callable[[Token], bool]) -> str:
    """When a quote was said: the date on its speech verb (`is_speech`), never one inside the
    quote or another quotation of the sentence (`quotations`: document offsets of each)."""
    quoted = [(quote.start, quote.end), *quotations]
    verbs = [(token, doc_start) for token, doc_start in tokens_in(article, *sentence)
             if is_speech(token) and not _inside(doc_start + token.idx, quoted)]
    verb, doc_start = min(verbs, key=lambda item: _distance(item[1] + item[0].idx, quote),
                          default=(None, 0))
    return statement_date(dates, *sentence, quoted, verb, doc_start)


def claim_date(dates: list[DateMention], article: Article, claim: Claim, sentence: Offsets,
               quotes: list[Quote]) -> str:
    """A claim reported in a quote has the quote's date; one reported without a quote, the date
    on the verb its clause hangs on; one the article asserts, the date on its own verb. Never a
    date inside what is reported, nor inside a direct quotation of the sentence."""
    linked = next((quote for quote in quotes if quote.quote_id and quote.quote_id == claim.quote_id), None)
    if linked is not None:
        return linked.date
    quoted = [(quote.start, quote.end) for quote in quotes
              if quote.kind == "direct" and quote.start < sentence[1] and sentence[0] < quote.end]
    root, doc_start = clause_root(article, claim.start, claim.end)
    verb = root
    if claim.modality == "reported" or claim.source_name:
        quoted.append((claim.start, claim.end))
        verb = _verb_above(root, doc_start, claim) if root is not None else None
    return statement_date(dates, *sentence, quoted, verb, doc_start)


def tokens_in(article: Article, start: int, end: int) -> Iterator[tuple[Token, int]]:
    """The parsed tokens that begin in [start, end) of the document, with their paragraph's offset."""
    for segment in article.segments:
        if segment.doc is None or segment.start >= end or segment.start + len(segment.text) <= start:
            continue
        for token in segment.doc:
            if start <= segment.start + token.idx < end:
                yield token, segment.start


def clause_root(article: Article, start: int, end: int) -> tuple[Token | None, int]:
    """The syntactic root of the words [start, end) and the offset of their paragraph."""
    for segment in article.segments:
        if segment.doc is not None and segment.start <= start < segment.start + len(segment.text):
            span = segment.doc.char_span(start - segment.start, min(end, segment.start + len(segment.text))
                                         - segment.start, alignment_mode="expand")
            return (span.root if span is not None and len(span) else None), segment.start
    return None, 0


def _verb_above(root: Token, doc_start: int, clause: Claim) -> Token | None:
    """The first verb above a reported clause, outside it ("a confirmé lundi qu'il …")."""
    token = root
    for _ in range(12):
        if token.head.i == token.i:
            return None
        token = token.head
        if not clause.start <= doc_start + token.idx < clause.end and token.pos_ in ("VERB", "AUX"):
            return token
    return None


def _inside(offset: int, spans: list[Offsets]) -> bool:
    return any(first <= offset < last for first, last in spans)


def _distance(offset: int, quote: Quote) -> int:
    return quote.start - offset if offset < quote.start else offset - quote.end
