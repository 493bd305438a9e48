"""One reader per file format, in a registry keyed by extension.

A reader receives the bytes of a file, so that a binary format can be added later, and gives
`Records`: the records as dicts (`text`, `title`, `date`, `url`… under any of their names, or
`_error` for a record that cannot be read), with the encoding and the warning of the decoding.
A text format is a function from the decoded text to its records, wrapped by `text_format`. To
add a format: a module here with its reader, and a line in READERS.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterable, Iterator, NamedTuple

from pipeline.ingest.decode import decode
from pipeline.ingest.formats import csv_table, html_page, json_records, markdown, plain


class Records(NamedTuple):
    records: Iterable[dict]
    encoding: str = ""
    warning: str = ""


class EmptyFile(ValueError):
    """A file with nothing to read once decoded; the message is the `error` column."""

    def __init__(self, reason: str, encoding: str = ""):
        super().__init__(reason)
        self.encoding = encoding


@dataclass(frozen=True)
class Reader:
    read: Callable[[bytes], Records]
    single: bool = False  # one document per file: its doc_id is the file's, with no `#record`


def text_format(parse: Callable[[str], Iterable[dict]]) -> Callable[[bytes], Records]:
    """The reader of a text format: decode the bytes (`decode.py`) now, parse the text as the
    records are asked for (a parser's failure is then a row of the file, as any record's)."""

    def read(data: bytes) -> Records:
        text, encoding, warning = decode(data)
        if not text.strip():
            raise EmptyFile("only a byte-order mark" if not text else "only whitespace", encoding)
        return Records(_parsed(parse, text), encoding, warning)

    return read


def _parsed(parse: Callable[[str], Iterable[dict]], text: str) -> Iterator[dict]:
    yield from parse(text)


_PLAIN = Reader(text_format(lambda text: [plain.text_record(text)]), single=True)
_HTML = Reader(text_format(lambda text: [html_page.page_record(text)]), single=True)
_JSON_LINES = Reader(text_format(json_records.json_lines))

READERS: dict[str, Reader] = {
    "": _PLAIN, ".txt": _PLAIN,
    ".md": Reader(text_format(lambda text: [markdown.markdown_record(text)]), single=True),
    ".json": Reader(text_format(json_records.json_document)),
    ".jsonl": _JSON_LINES, ".ndjson": _JSON_LINES,
    ".csv": Reader(text_format(partial(csv_table.csv_rows, delimiter=","))),
    ".tsv": Reader(text_format(partial(csv_table.csv_rows, delimiter="\t"))),
    ".html": _HTML, ".htm": _HTML,
}
