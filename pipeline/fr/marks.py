"""Quotations between quotation marks, found on the characters of an article's segments.

French press conventions handled here: « », “ ”, " ", ‹ › and ‘ ’ with or without inner
(narrow) no-break spaces; nested marks stay inside the outer quotation; a quotation that goes
on over several paragraphs reopens each paragraph with a mark and closes only at the end (one
quotation); a quotation still open at the end of a paragraph that the next one does not reopen
ends with its paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.ingest.paragraphs import BREAK_CHARACTERS
from pipeline.records import Segment

PAIRS = {"«": "»", "“": "”", "‹": "›", "‘": "’", '"': '"'}
CLOSERS = set(PAIRS.values())
MARKS = re.compile("[" + re.escape("".join(sorted(set(PAIRS) | CLOSERS))) + "]")
OPENING = frozenset({"«", "“", "‹"})  # marks that only open (a token of their own)
CLOSING = frozenset({"»", "”", "›"})  # marks that only close
SPACES = " \t\u00a0\u202f\u2009\u2007\u200b" + BREAK_CHARACTERS  # the project's one set of line breaks
TRAILING = SPACES + ",;:"  # "…économique, »": the comma belongs to the sentence, not the quote


@dataclass
class Quotation:
    """A quotation at document offsets; `start`/`end` bound its text, without marks or spaces."""

    open_at: int
    start: int
    end: int
    close_at: int  # offset of the closing mark, or `end` when the quotation is never closed
    closed: bool
    first: int  # index in article.segments of the segment holding the opening mark
    last: int

    @property
    def close_end(self) -> int:
        return self.close_at + 1 if self.closed else self.end


def find_quotations(text: str, segments: list[Segment]) -> list[Quotation]:
    """Every outermost quotation of the article, in document order."""
    found: list[Quotation] = []
    stack: list[str] = []
    opened: tuple[int, int] | None = None  # (offset of the opening mark, segment index)
    previous: Segment | None = None
    for index, segment in enumerate(segments):
        position = 0
        if stack and previous is not None and segment.paragraph is not previous.paragraph:
            lead = len(segment.text) - len(segment.text.lstrip(SPACES))
            follows = segment.paragraph.paragraph == previous.paragraph.paragraph + 1
            if follows and lead < len(segment.text) and segment.text[lead] in PAIRS:
                position = lead + 1  # the reopening mark stays inside the quotation's text
            else:
                _finish(found, text, opened, _end_of(previous), False, index - 1)
                stack, opened = [], None
        for found_mark in MARKS.finditer(segment.text, position):  # other characters change nothing
            k, mark = found_mark.start(), found_mark.group()
            if stack:
                if _closes(segment.text, k, stack[-1]):
                    stack.pop()
                elif mark in PAIRS and mark not in CLOSERS and _opens(segment.text, k):
                    stack.append(PAIRS[mark])
                    continue
                elif mark == '"' and _opens(segment.text, k):
                    stack.append('"')
                    continue
                elif mark in CLOSERS and mark in stack and _closes(segment.text, k, mark):
                    while stack[-1] != mark:  # an inner mark left open: close it with its parent
                        stack.pop()
                    stack.pop()
                else:
                    continue
                if not stack:
                    _finish(found, text, opened, segment.start + k, True, index)
                    opened = None
            elif mark in PAIRS and _opens(segment.text, k):
                stack, opened = [PAIRS[mark]], (segment.start + k, index)
        previous = segment
    if stack and previous is not None:
        _finish(found, text, opened, _end_of(previous), False, len(segments) - 1)
    return found


def quotations_in(text: str) -> list[Quotation]:
    """The quotations of one piece of text (a paragraph, a Doc), paired as across an article."""
    return find_quotations(text, [Segment(None, 0, text)])


def quoted_tokens(doc: Doc) -> list[tuple[int, int]]:
    """(opening mark, closing mark) token indices of the closed quotations of a Doc."""
    starts = {token.idx: token.i for token in doc}
    return [(starts[q.open_at], starts[q.close_at]) for q in quotations_in(doc.text)
            if q.closed and q.open_at in starts and q.close_at in starts]


def _opens(text: str, k: int) -> bool:
    """An opening mark: a straight or single quote must be followed by a word, not a space."""
    mark = text[k]
    following = text[k + 1] if k + 1 < len(text) else ""
    if mark in ('"', "‘"):
        before = text[k - 1] if k else " "
        return bool(following) and not following.isspace() and not before.isalnum()
    return True


def _closes(text: str, k: int, expected: str) -> bool:
    """The expected closing mark; ’ followed by a letter is an apostrophe ("l’agence")."""
    if text[k] != expected:
        return False
    if expected in ("’", '"'):
        following = text[k + 1] if k + 1 < len(text) else ""
        return not following.isalpha()
    return True


def _end_of(segment: Segment) -> int:
    return segment.start + len(segment.text.rstrip(SPACES))


def _finish(found, text, opened, close_at, closed, last) -> None:
    open_at, first = opened
    start, end = open_at + 1, close_at
    while start < end and text[start] in SPACES:
        start += 1
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    if start < end:
        found.append(Quotation(open_at, start, end, close_at if closed else end, closed, first, last))
