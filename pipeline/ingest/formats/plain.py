"""Plain text: the file is the article. A block of `Name: value` lines at its top, each naming a
field a record may have (`Titre :`, `Date :`, `URL :`, `Source :`, `Auteur :`, English or French,
as FIELD_NAMES spells them), is its metadata; the text starts after it. A `Date:` line that does
not read as a date, or any other line, ends the block: it is text."""

from __future__ import annotations

import re

from pipeline.ingest.document import normalise_published
from pipeline.ingest.fields import FIELD_NAMES, field_key

HEADER_LINE = re.compile(r"[ \t]*([^\W\d_][\w '’-]{0,30}?)[ \t]*:[ \t]*(\S[^\r\n]*?)[ \t]*(?:\r\n|\n|\r|\Z)")
HEADER_FIELDS = {name: field for field in ("title", "date", "url", "author", "outlet")
                 for name in FIELD_NAMES[field]}


def text_record(text: str) -> dict:
    """The record of a text file: its header fields, as named, and the whole text (`_body_start`
    past the header, so offsets still index the file)."""
    record: dict = {}
    seen: set[str] = set()
    position = 0
    while match := HEADER_LINE.match(text, position):
        name, value = match.group(1).strip(), match.group(2)
        field = HEADER_FIELDS.get(field_key(name))
        if field is None or field in seen or (field == "date" and not normalise_published(value)):
            break
        record[name], position = value, match.end()
        seen.add(field)
    record["text"] = text
    if position:
        record["_body_start"] = position
    return record
