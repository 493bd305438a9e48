"""CSV and TSV rows as records: the delimiter found from the header, a malformed row an error
record, reading resumed on the next line."""

from __future__ import annotations

import csv
import io
from typing import Iterator

from pipeline.ingest.fields import text_field_name, text_key


class _Lines:
    """The lines of a CSV file, with a position a new reader can restart from."""

    def __init__(self, lines: list[str], position: int = 0):
        self.lines, self.position = lines, position

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def csv_rows(text: str, delimiter: str) -> Iterator[dict]:
    """Rows as records; a malformed row is an error record and reading resumes on the next line."""
    csv.field_size_limit(1 << 30)
    lines = io.StringIO(text, newline="").readlines()
    delimiter, header = _csv_header(lines[0], delimiter)
    if text_key(header) is None:
        yield {"_error": f"CSV has no '{text_field_name()}' column (columns: {', '.join(header)})"}
        return
    source = _Lines(lines, 1)
    while source.position < len(lines):
        first = source.position  # 0-based index of the row's first line
        try:
            # strict: a stray quote is an error, not a field silently glued to the next rows
            row = next(csv.reader(source, delimiter=delimiter, strict=True))
        except StopIteration:
            break
        except csv.Error as error:
            yield {"_error": f"malformed CSV on line {first + 1} ({error})"}
            source.position = first + 1
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield {"_error": f"malformed CSV on line {first + 1} ({len(row)} fields, header has {len(header)})"}
            source.position = first + 1  # an unclosed quote may have swallowed the lines after it
            continue
        yield dict(zip(header, row))


def _csv_header(line: str, default: str) -> tuple[str, list[str]]:
    """The delimiter that gives a text column (`text`, `texte`, `contenu`…: a French spreadsheet
    saves with `;`), else the one that splits the header into the most columns."""
    headers = {}
    for delimiter in dict.fromkeys([default, ",", ";", "\t"]):
        try:
            header = [name.strip().lstrip("\ufeff").strip().lower()
                      for name in next(csv.reader([line], delimiter=delimiter))]
        except (csv.Error, StopIteration):
            header = []
        if text_key(header) is not None:
            return delimiter, header
        headers[delimiter] = header
    best = max(headers, key=lambda delimiter: (len(headers[delimiter]), delimiter == default))
    return best, headers[best]
