"""Split a document into paragraphs and tell headings from body text."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from pipeline.records import Article, Document, Paragraph, Segment

# The one definition of a line break for the whole project: what str.splitlines splits on.
# \r\n is one break; a lone \r (old Mac files), \x0b and \x0c (word-processor soft breaks and
# page breaks), \x1c-\x1e (file, group, record separators), NEL, LINE and PARAGRAPH SEPARATOR too.
BREAK_CHARACTERS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# The \r of a \r\n is never a break alone (else \r\n would read as a blank line).
BREAK = r"(?:\r\n|\r(?!\n)|[" + BREAK_CHARACTERS.replace("\r", "") + "])"
LINE_BREAK = re.compile(BREAK)
# Whitespace that does not break a line: spaces, tabs, no-break spaces.
INLINE_SPACE = r"[^\S" + BREAK_CHARACTERS + "]"
BLANK_LINE = re.compile(BREAK + r"(?:" + INLINE_SPACE + "*" + BREAK + ")+")
# A heading ends without a sentence's final punctuation; a question mark may end one.
SENTENCE_END = tuple(".!…:;,»\"”’)")
SENTENCE_BREAK = re.compile(r"(?<=[.!?…»])\s+(?=[«\"“A-ZÀ-Ý0-9])")
# Longer runs without a letter or digit are not handed to spaCy (see `segments`), except their
# first and last RUN_EDGE characters: the full stop or closing » next to a word stays with it.
NON_WORD_RUN_CHARS = 200
NON_WORD_RUN = re.compile(r"[\W_]{%d,}" % (NON_WORD_RUN_CHARS + 1))
RUN_EDGE = 10


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
    separator = BLANK_LINE if BLANK_LINE.search(text, start) else LINE_BREAK
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
    if has_line_break(text) or len(text) > max_chars or len(text.split()) > max_words:
        return False
    if text.endswith(SENTENCE_END) or text[0] in "«\"“-–—•*":
        return False
    first_letter = next((c for c in text if c.isalpha()), "")
    return bool(first_letter) and (first_letter.isupper() or text[0].isdigit())


def has_line_break(text: str) -> bool:
    """Whether the text holds any of the line breaks of BREAK_CHARACTERS."""
    return LINE_BREAK.search(text) is not None


def segments(article: Article, max_chars: int = 20000) -> list[Segment]:
    """The new (non-repeated) paragraphs, huge ones cut at sentence ends into parseable pieces.

    Long runs without a letter or digit (rules of `=====`, pasted symbols) are left out but for
    their edges: spaCy's tokenizer is quadratic on them and they hold nothing to extract.
    Segments keep document offsets.
    """
    result = []
    for paragraph in article.paragraphs:
        if paragraph.is_repeat:
            continue
        for start, end in _pieces(paragraph.text, max_chars):
            result.append(Segment(paragraph, paragraph.start + start, paragraph.text[start:end]))
    return result


def _pieces(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) pieces of the text between long non-word runs, each cut to at most max_chars."""
    pieces, position = [], 0
    for run in NON_WORD_RUN.finditer(text):
        pieces.extend(_cut(text, position, run.start() + RUN_EDGE, max_chars))
        position = run.end() - RUN_EDGE
    pieces.extend(_cut(text, position, len(text), max_chars))
    return pieces


def _cut(text: str, start: int, stop: int, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) pieces of text[start:stop], spaces trimmed, of at most max_chars, cut after a
    sentence end when there is one, else at a space, else hard."""
    max_chars = max(1, max_chars)  # a zero limit must not loop
    pieces = []
    while start < stop:
        while start < stop and text[start].isspace():
            start += 1
        end = stop
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            break
        if end - start <= max_chars:
            pieces.append((start, end))
            break
        window_end = start + max_chars
        cut = None
        for match in SENTENCE_BREAK.finditer(text, start + max_chars // 2, window_end):
            cut = match.start()
        if cut is None:
            space = text.rfind(" ", start + max_chars // 2, window_end)
            cut = space if space > start else window_end
        pieces.append((start, cut))
        start = cut
    return pieces
