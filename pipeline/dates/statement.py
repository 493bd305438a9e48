"""The date a statement was made: what `quotes.date` and `claims.date` should hold (issue 13).

"Le ministre a confirmé lundi qu'il interdirait les puces d'ici à 2026" was said on Monday:
2026 is inside what was said, not when. So the date of a statement is

1. never a date inside the quoted or reported words (`quoted`: their offsets);
2. the date attached to the speech verb, or to the clause's own verb for a claim (`verb`: that
   token; attached: the verb is the first one above the date, not through a noun, as
   `pipeline.dates.tense.governor` finds it);
3. else the sentence's date when it has exactly one outside the quoted words;
4. else empty.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.dates.tense import governor
from pipeline.records import DateMention


def statement_date(dates: list[DateMention], start: int, end: int,
                   quoted: list[tuple[int, int]] | tuple = (), verb: Token | None = None,
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
