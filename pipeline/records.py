"""Plain records passed between stages; each output table row is one of these.

Offsets are always document offsets: indices into `Document.text`, the decoded text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Document:
    doc_id: str
    source: str
    title: str = ""
    published: str = ""
    status: str = "ok"
    error: str = ""
    encoding: str = ""
    n_paragraphs: int = 0
    n_duplicates: int = 0
    n_chars: int = 0
    sha256: str = ""
    warning: str = ""
    text: str = field(default="", repr=False)
    body_start: int = 0  # where the text begins after a ` date … ` header
    url: str = ""  # the record's metadata (url, author, outlet), kept as given
    author: str = ""
    outlet: str = ""
    record_id: str = ""  # the record's own id field, whatever its name (`id`, `identifiant`…)
    meta: str = ""  # the record's other fields, a JSON object


@dataclass
class Paragraph:
    doc_id: str
    paragraph: int
    start: int
    end: int
    text: str
    kind: str = "body"
    duplicate_of: str = ""
    similarity: float | None = None

    @property
    def key(self) -> str:
        return f"{self.doc_id}:{self.paragraph}"

    @property
    def is_repeat(self) -> bool:
        return bool(self.duplicate_of)


@dataclass
class Segment:
    """A piece of a paragraph handed to spaCy: the whole paragraph unless it is huge."""

    paragraph: Paragraph
    start: int  # document offset of text[0]
    text: str
    doc: Doc | None = None


@dataclass
class Article:
    """One document with its paragraphs and the parsed segments of its new paragraphs."""

    document: Document
    paragraphs: list[Paragraph] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text


@dataclass
class Mention:
    doc_id: str
    paragraph: int
    start: int
    end: int
    text: str
    label: str
    actor_id: str = ""
    method: str = "ner"
    name: str = ""  # canonical name of the actor, for the later stages
    type: str = ""  # actor type decided in context (metonymy makes a LOC a GOV)


@dataclass
class Actor:
    actor_id: str
    name: str
    type: str
    aliases: str = ""
    n_mentions: int = 0
    n_documents: int = 0


@dataclass
class ActorObservation:
    """One mention as `actors.csv` counts it: the corpus-wide table is reduced from these."""

    actor_id: str
    name: str
    type: str
    alias: str  # the surface form in the text
    doc_id: str
    known_type: str = ""  # the gazetteer's type, which beats the majority
    form: str = ""  # a spelling of a name outside the gazetteer, to pick the majority one


@dataclass
class Quote:
    quote_id: str
    doc_id: str
    paragraph: int
    kind: str
    text: str
    start: int
    end: int
    speaker: str = ""
    speaker_actor_id: str = ""
    speaker_name: str = ""
    cue: str = ""
    date: str = ""
    rule: str = ""
    confidence: str = ""


@dataclass
class Claim:
    claim_id: str
    doc_id: str
    paragraph: int
    text: str
    start: int
    end: int
    actor_id: str = ""
    actor_name: str = ""
    predicate: str = ""
    source_actor_id: str = ""
    source_name: str = ""
    polarity: str = "affirm"
    modality: str = "asserted"
    quote_id: str = ""
    date: str = ""
    confidence: str = ""


@dataclass
class DateMention:
    doc_id: str
    paragraph: int
    start: int
    end: int
    text: str
    value: str = ""
    granularity: str = ""
    anchor: str = ""
    date_start: str = ""  # the first and last ISO day the value covers, "" when it has none
    date_end: str = ""
