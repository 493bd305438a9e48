"""Read the corpus: every file becomes one or more Documents, the bad ones with a status and a reason.

Nothing is ever dropped silently and no exception escapes: a file that cannot be read is a row
with `status=error`, a record without text a row with `status=empty`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Iterator

from pipeline.records import Document

TEXT_SUFFIXES = {".txt", ".md", ""}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv", ".tsv"}

# ` date 2021-02 ` at the top of a text file: metadata on the same line as the text.
DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?:[ \t]+|[ \t]*\r?\n|\Z)")
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# Encodings a French article plausibly comes in; left free, a detector reads short French
# Windows-1252 text as Baltic cp1257 or as Cyrillic.
PLAUSIBLE_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman"]


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is the `error` column."""


def read_corpus(corpus: Path, max_chars: int = 20_000_000) -> Iterator[Document]:
    """Every document of every file under `corpus`, in a stable order."""
    corpus = Path(corpus)
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and not _hidden(p, corpus)):
        yield from read_file(path, corpus, max_chars)


def _hidden(path: Path, corpus: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(corpus).parts)


def read_file(path: Path, corpus: Path, max_chars: int = 20_000_000) -> Iterator[Document]:
    source = path.relative_to(corpus).as_posix()
    base_id = source[: -len(path.suffix)] if path.suffix else source
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Document(base_id, source, status="error", error=f"cannot read file: {error.strerror}")
        return
    if not data.strip():
        yield Document(base_id, source, status="empty", error="empty file")
        return
    try:
        text, encoding, warning = decode(data)
    except DecodeError as error:
        yield Document(base_id, source, status="error", error=str(error))
        return
    if len(text) > max_chars:
        yield Document(base_id, source, status="error", encoding=encoding,
                       error=f"document too large ({len(text)} characters, limit {max_chars})")
        return
    if suffix in JSON_SUFFIXES:
        records = _json_records(text, jsonl=suffix != ".json")
    elif suffix in CSV_SUFFIXES:
        records = _csv_records(text, delimiter="\t" if suffix == ".tsv" else ",")
    elif suffix in HTML_SUFFIXES:
        records = [_html_record(text)]
    elif suffix in TEXT_SUFFIXES:
        records = [{"text": text}]
    else:
        yield Document(base_id, source, status="error", encoding=encoding,
                       error=f"unsupported file type {path.suffix!r}")
        return
    single = suffix in TEXT_SUFFIXES | HTML_SUFFIXES
    for number, record in enumerate(records, 1):
        doc_id = base_id if single else f"{base_id}#{_record_id(record, number)}"
        yield _document(doc_id, source, encoding, warning, record)


def decode(data: bytes) -> tuple[str, str, str]:
    """Text, encoding name and a warning; strict UTF-8 first, then a restricted detector."""
    warning = ""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                          (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
                          (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return _clean_nuls(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                raise DecodeError(f"invalid {encoding} text after its byte-order mark") from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _clean_nuls(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    if data.count(b"\x00") > max(8, len(data) // 100):
        raise DecodeError("binary file (NUL bytes), not text")
    try:
        return _clean_nuls(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise DecodeError("binary file, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=PLAUSIBLE_ENCODINGS).best()
    if best is None:
        raise DecodeError("not UTF-8 or Windows-1252 text")
    encoding = best.encoding
    text = data.decode(encoding, errors="strict")
    return _clean_nuls(text, encoding.replace("_", "-"), warning)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs at every other byte in Latin text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8000]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > 0.02 * len(sample)


def _clean_nuls(text: str, encoding: str, warning: str = "") -> tuple[str, str, str]:
    """Stray NULs become spaces: offsets stay right and the rest of the text is kept."""
    count = text.count("\x00")
    if count:
        text = text.replace("\x00", " ")
        warning = f"{count} NUL character(s) replaced by spaces"
    return text, encoding, warning


def _json_records(text: str, jsonl: bool) -> list[dict]:
    """Records of a JSON or JSONL file; a broken line or a truncated array is an error record."""
    if jsonl:
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(_as_record(json.loads(line)))
            except json.JSONDecodeError as error:
                records.append({"_error": f"malformed JSON on line {number} ({error.msg})"})
        return records
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return _salvage_array(text, error)
    if isinstance(value, dict):
        for key in ("records", "articles", "items", "data", "documents"):
            if isinstance(value.get(key), list):
                value = value[key]
                break
    items = value if isinstance(value, list) else [value]
    return [_as_record(item) for item in items]


def _salvage_array(text: str, error: json.JSONDecodeError) -> list[dict]:
    """Keep the complete records of a truncated or broken JSON array, then say where it broke."""
    decoder = json.JSONDecoder()
    position = len(text) - len(text.lstrip())
    records: list[dict] = []
    if text[position:position + 1] == "[":
        position += 1
        while True:
            while position < len(text) and text[position] in " \t\r\n,":
                position += 1
            if position >= len(text) or text[position] == "]":
                break
            try:
                item, position = decoder.raw_decode(text, position)
            except json.JSONDecodeError:
                break
            records.append(_as_record(item))
    line = text.count("\n", 0, error.pos) + 1
    records.append({"_error": f"malformed JSON on line {line} ({error.msg})"})
    return records


def _as_record(item) -> dict:
    if isinstance(item, dict):
        return item
    if isinstance(item, str):
        return {"text": item}
    return {"_error": f"record is a JSON {type(item).__name__}, not an object"}


def _csv_records(text: str, delimiter: str) -> list[dict]:
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (StopIteration, csv.Error) as error:
        return [{"_error": f"malformed CSV header ({error})" if str(error) else "CSV without header"}]
    if "text" not in header:
        return [{"_error": f"CSV has no 'text' column (columns: {', '.join(header)})"}]
    records = []
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            records.append({"_error": f"malformed CSV on line {line} ({error})"})
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            records.append({"_error": f"malformed CSV on line {line} ({len(row)} fields, header has {len(header)})"})
            continue
        records.append(dict(zip(header, row)))
    return records


def _html_record(html: str) -> dict:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            favor_precision=True)
    if extracted is None:
        return {"text": ""}
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    return {"text": data.get("text") or "", "title": data.get("title") or "",
            "date": data.get("date") or "", "url": data.get("url") or ""}


def _record_id(record: dict, number: int) -> str:
    value = record.get("id")
    return str(value).strip() if value not in (None, "") else str(number)


def _document(doc_id: str, source: str, encoding: str, warning: str, record: dict) -> Document:
    document = Document(doc_id, source, encoding=encoding, warning=warning)
    if "_error" in record:
        document.status, document.error = "error", record["_error"]
        return document
    text = record.get("text")
    if not isinstance(text, str):
        document.status = "error" if text is not None else "empty"
        document.error = "record has no text" if text is None else f"text is a {type(text).__name__}, not a string"
        return document
    document.text = text
    document.title = str(record.get("title") or "").strip()
    published = record.get("published") or record.get("date") or ""
    match = DATE_HEADER.match(text)
    if match:
        published = published or match.group(1)
        document.body_start = match.end()
    document.published = normalise_published(str(published))
    document.n_chars = len(text)
    document.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not text[document.body_start:].strip():
        document.status, document.error = "empty", "no text"
    return document


def normalise_published(value: str) -> str:
    """ISO 8601 at the granularity given: `2021-02`, `2025-09-26`; empty when unreadable."""
    match = ISO_DATE.match(value.strip())
    if not match:
        return ""
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        return ""
    return "-".join(part for part in (year, month, day) if part)
