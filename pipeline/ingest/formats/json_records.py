"""JSON records: an array, an object holding one, or JSON Lines; a broken record costs itself only."""

from __future__ import annotations

import json
from typing import Iterator

from pipeline.ingest.document import JSON_TYPES


def json_lines(text: str) -> Iterator[dict]:
    """One record per line; a broken or too deeply nested line is an error record and costs that
    line only. Raw tabs and control characters inside strings are accepted (strict=False), as
    many exporters write them."""
    # Split on \n only, the JSON Lines separator: JSON strings may hold U+2028 or a form feed,
    # which are line breaks of the text (paragraphs.BREAK), not of the file.
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line, strict=False)
        except json.JSONDecodeError as error:
            yield {"_error": f"malformed JSON on line {number} ({error.msg})"}
            continue
        except RecursionError:
            yield {"_error": f"JSON on line {number} is nested too deeply to read"}
            continue
        yield _as_record(value)


def json_document(text: str) -> Iterator[dict]:
    """Records of a JSON file: an array, an object holding one, or JSON lines under `.json`."""
    try:
        value = json.loads(text, strict=False)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and not text.lstrip().startswith("["):
            yield from json_lines(text)  # JSON lines saved as .json
        else:
            yield from _salvage_array(text, error)
        return
    if isinstance(value, dict):
        for key in ("records", "articles", "items", "data", "documents"):
            if isinstance(value.get(key), list):
                value = value[key]
                break
    for item in value if isinstance(value, list) else [value]:
        yield _as_record(item)


def _salvage_array(text: str, error: json.JSONDecodeError) -> Iterator[dict]:
    """Keep the complete records of a truncated or broken JSON array, then say where it broke."""
    decoder = json.JSONDecoder(strict=False)
    position = len(text) - len(text.lstrip())
    if text[position:position + 1] == "[":
        position += 1
        while True:
            while position < len(text) and text[position] in " \t\r\n,":
                position += 1
            if position >= len(text) or text[position] == "]":
                break
            try:
                item, position = decoder.raw_decode(text, position)
            except (json.JSONDecodeError, RecursionError):
                break
            yield _as_record(item)
    line = text.count("\n", 0, error.pos) + 1
    yield {"_error": f"malformed JSON on line {line} ({error.msg})"}


def _as_record(item) -> dict:
    if isinstance(item, dict):
        return item
    if isinstance(item, str):
        return {"text": item}
    return {"_error": f"record is a JSON {JSON_TYPES.get(type(item), 'null')}, not an object"}
