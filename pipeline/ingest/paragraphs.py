"""Split a document into paragraphs and tell headings from body text."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from pipeline.records import Article, Document, Paragraph, Segment

# A line break is \r\n, \n or a lone \r (old Mac files); the \r of a \r\n is never a break alone.
BREAK = r"(?:\r\n|\n|\r(?!\n))"
BLANK_LINE = re.compile(BREAK + r"(?:[^\S\r\n]*" + BREAK + ")+")
LINE = re.compile(BREAK)
# A heading ends without a sentence's final punctuation; a question mark may end one.
SENTENCE_END = tuple(".!…:;,»\"”’)")
SENTENCE_BREAK = re.compile(r"(?<=[.!?…»])\s+(?=[«\"“A-ZÀ-Ý0-9])")


def split_options(rules) -> dict:
    """The heading thresholds of the rules, as `split` takes them."""
    return {"heading_max_words": rules.setting("paragraphs", "heading_max_words", 15),
            "heading_max_chars": rules.setting("paragraphs", "heading_max_chars", 120)}


def split(document: Document, heading_max_words: int = 15, heading_max_chars: int = 120) -> Article:
    """Paragraphs on blank lines, or on single newlines when the document has no blank line.

    The document is copied, never changed: ingest's record stays as it was read.
    """
    document = replace(document)
    article = Article(document)
    if document.status != "ok":
        return article
    for start, end in _blocks(document.text, document.body_start):
        text = document.text[start:end]
        kind = "heading" if is_heading(text, heading_max_words, heading_max_chars) else "body"
        article.paragraphs.append(Paragraph(document.doc_id, len(article.paragraphs), start, end, text, kind))
    # The last paragraph of a cut-off article can look like a heading; a heading titles what follows.
    if len(article.paragraphs) > 1 and article.paragraphs[-1].kind == "heading":
        article.paragraphs[-1].kind = "body"
    if not document.title and article.paragraphs and article.paragraphs[0].kind == "heading":
        document.title = article.paragraphs[0].text
    document.n_paragraphs = len(article.paragraphs)
    return article


def _blocks(text: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-blank block after `start`, its surrounding spaces left out."""
    separator = BLANK_LINE if BLANK_LINE.search(text, start) else LINE
    position = start
    for match in [*separator.finditer(text, start), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            yield position + lead, position + lead + len(stripped)
        position = match.end() if match else end


def is_heading(text: str, max_words: int = 15, max_chars: int = 120) -> bool:
    """A short single line that does not end like a sentence and does not open a quote."""
    if "\n" in text or "\r" in text or len(text) > max_chars or len(text.split()) > max_words:
        return False
    if text.endswith(SENTENCE_END) or text[0] in "«\"“-–—•*":
        return False
    first_letter = next((c for c in text if c.isalpha()), "")
    return bool(first_letter) and (first_letter.isupper() or text[0].isdigit())


def segments(article: Article, max_chars: int = 20000) -> list[Segment]:
    """The new (non-repeated) paragraphs, huge ones cut at sentence ends into parseable pieces."""
    result = []
    for paragraph in article.paragraphs:
        if paragraph.is_repeat:
            continue
        for start, end in _pieces(paragraph.text, max_chars):
            result.append(Segment(paragraph, paragraph.start + start, paragraph.text[start:end]))
    return result


def _pieces(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) pieces of at most max_chars, cut after a sentence end when there is one."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    pieces, start = [], 0
    while len(text) - start > max_chars:
        window_end = start + max_chars
        cut = None
        for match in SENTENCE_BREAK.finditer(text, start + max_chars // 2, window_end):
            cut = match.start()
        if cut is None:
            space = text.rfind(" ", start + max_chars // 2, window_end)
            cut = space if space > start else window_end
        pieces.append((start, cut))
        start = cut
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        pieces.append((start, len(text)))
    return pieces
