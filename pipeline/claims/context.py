"""What the claims rules read of one parsed segment (`Context`, built once by `read_segment`), and
the lookups every phase shares: the mention on a token, the quotation around a span.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.actors.link import MentionIndex
from pipeline.claims.lexicon import ANTECEDENT_TYPES, DESCRIBES, Doer, Lexicon
from pipeline.fr.marks import CLOSING, OPENING, quoted_tokens
from pipeline.records import Mention, Quote, Segment


@dataclass(frozen=True)
class Context:
    """One parsed segment as every claims rule reads it; positions are token indices of its Doc."""

    segment: Segment
    doc: Doc
    offset: int  # the segment's start in the article's text
    text: str  # the article's text, where a role was given a name before
    index: MentionIndex
    lexicon: Lexicon
    previous: Segment | None  # antecedents reach into the paragraph before
    quotes: list[Quote]  # the quotes that overlap the segment
    marks: dict[str, set[int]]  # matcher label -> the token indices it covers
    cues: list[Span]  # selon / d'après, and "Pour X," opening a sentence
    regions: list[tuple[int, int]]  # quotation marks: (opening, closing) token indices
    agent_heads: frozenset[int]  # article offsets of agent nouns (AGENT_HEAD), this segment and the one before


Matches = list  # (label, start, end) of the claims patterns in one Doc, as `TokenPatterns` gives them


def read_segment(segment: Segment, index: MentionIndex, quotes: list[Quote], lexicon: Lexicon, matches: Matches,
                 previous: Segment | None, previous_matches: Matches = (), text: str = "") -> Context:
    """Gather what the rules read of the segment from its matches (and the previous segment's,
    each matched once by the caller)."""
    doc, offset = segment.doc, segment.start
    end = segment.start + len(segment.text)
    marks: dict[str, set[int]] = {}
    cues: list[Span] = []
    for label, start, stop in matches:
        marks.setdefault(label, set()).update(range(start, stop))
        if label == "SOURCE_CUE":
            cues.append(doc[start:stop])
    agent_heads = {offset + doc[i].idx for i in marks.get("AGENT_HEAD", ())}
    if previous is not None and previous.doc is not None:
        agent_heads |= {previous.start + previous.doc[start].idx for label, start, _ in previous_matches
                        if label == "AGENT_HEAD"}
    return Context(segment=segment, doc=doc, offset=offset, text=text, index=index, lexicon=lexicon,
                   previous=previous, quotes=[q for q in quotes if q.start < end and q.end > segment.start],
                   marks=marks, cues=cues + pour_cues(doc, offset, index), regions=quoted_tokens(doc),
                   agent_heads=frozenset(agent_heads))


def pour_cues(doc: Doc, offset: int, index: MentionIndex) -> list[Span]:
    """ "Pour Joel Kaplan, directeur …, « la Commission tente … »": pour opening a sentence before an
    actor who can speak and a comma is a source cue, as selon is (the quote stage reads the same
    layout); "Pour l'Italie, …" (a place) or "Pour 2025, …" are not."""
    found = []
    for sentence in doc.sents:
        first = next((t for t in sentence if not t.is_punct and not t.is_space), None)
        if first is None or first.lower_ != "pour" or first.dep_ != "case":
            continue
        phrase = first.head
        mention = index.covering(offset + phrase.idx, offset + phrase.idx + len(phrase.text))
        end = max(t.i for t in phrase.subtree if not t.is_punct)  # the parser may hang « on the name
        after = doc[end + 1] if end + 1 < len(doc) else None
        if (mention is not None and mention.type in ANTECEDENT_TYPES and phrase.i > first.i
                and after is not None and after.text == ","):
            found.append(doc[first.i: first.i + 1])
    return found


def mention_on(ctx: Context, token: Token) -> Mention | None:
    start = ctx.offset + token.idx
    return ctx.index.covering(start, start + len(token.text))


def region_of(ctx: Context, i: int) -> tuple[int, int] | None:
    return next((r for r in ctx.regions if r[0] < i < r[1]), None)


def quote_around(ctx: Context, start: int, end: int) -> Quote | None:
    """The innermost quote whose span holds [start, end)."""
    around = [q for q in ctx.quotes if q.start <= start and end <= q.end]
    return min(around, key=lambda q: q.end - q.start, default=None)


def speaks(ctx: Context, actor_id: str) -> bool:
    """An actor that can report something: a person, organisation, government or medium, not a
    law or a place ("selon le Digital Markets Act" says what the law requires, nobody said it)."""
    return bool(actor_id) and any(m.type in ANTECEDENT_TYPES for m in ctx.index.mentions
                                  if m.actor_id == actor_id)


def described_types(ctx: Context, token: Token) -> set[str]:
    """The actor types a description ending on this noun fits (models/descriptions.jsonl)."""
    return {label[len(DESCRIBES):] for label, where in ctx.marks.items()
            if label.startswith(DESCRIBES) and token.i in where}


def cue_quote(ctx: Context, start: int, end: int, source: Doer) -> str:
    """The indirect quote a cue gave the quotes stage, when it overlaps the claim."""
    for quote in ctx.quotes:
        if (quote.kind == "indirect" and quote.start < end and quote.end > start
                and quote.speaker_actor_id == source.actor_id):
            return quote.quote_id
    return ""


def closes_inside(ctx: Context, i: int, first: int) -> bool:
    """A closing quotation mark whose opening one is in the claim: keep it."""
    if ctx.doc[i].text not in CLOSING and ctx.doc[i].text != '"':
        return False
    return any(ctx.doc[j].text in OPENING or ctx.doc[j].text == '"' for j in range(first, i))
