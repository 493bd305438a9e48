"""Read the corpus: every file becomes one or more Documents, the bad ones with a status and a reason.

Nothing is dropped silently and no exception escapes: a file that cannot be read is a row with
`status=error`, a record without text a row with `status=empty`, and the good records of a
damaged file are kept. Hidden files and folders (`.git`, `.DS_Store`) are not part of a corpus.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.records import Document

TEXT_SUFFIXES = {".txt", ".md", ""}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv", ".tsv"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES

# ` date 2021-02 ` at the top of a text file: metadata on the same line as the text.
DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?:[ \t]+|[ \t]*\r?\n|\Z)")
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\b")  # 26/09/2025, as French sites write it

# A byte-order mark names its encoding; the name kept is the codec that decodes the whole file.
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Encodings a French article plausibly comes in; left free, a detector reads short French
# Windows-1252 text as Baltic cp1257, Cyrillic cp1125 or even EBCDIC.
PLAUSIBLE_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman"]
UNSAFE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")  # NULs and lone surrogates (from JSON escapes)
JSON_TYPES = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is the `error` column."""


def read_corpus(corpus: Path, max_chars: int = 20_000_000, exclude: Iterable[Path] = ()) -> Iterator[Document]:
    """Every document of every file under `corpus`, in a stable order, with unique ids."""
    corpus = Path(corpus)
    taken: set[str] = set()
    bases: set[str] = set()
    for path, problem in _walk(corpus, [Path(p).resolve() for p in exclude]):
        if problem:
            source = path.relative_to(corpus).as_posix()
            yield _unique(Document(source, source, status="error", error=problem), taken)
            continue
        for document in read_file(path, corpus, max_chars, bases):
            yield _unique(document, taken)


def _walk(corpus: Path, exclude: list[Path]) -> list[tuple[Path, str]]:
    """(path, problem) for every visible file, sorted; a folder we cannot list is a problem."""
    found: list[tuple[Path, str]] = []

    def unreadable(error: OSError) -> None:
        if Path(error.filename) != corpus:
            found.append((Path(error.filename), f"cannot read folder: {error.strerror}"))

    for folder, subfolders, files in os.walk(corpus, onerror=unreadable):
        here = Path(folder)
        subfolders[:] = [name for name in subfolders
                         if not name.startswith(".") and (here / name).resolve() not in exclude]
        found.extend((here / name, "") for name in files if not name.startswith("."))
    return sorted(found, key=lambda item: item[0].relative_to(corpus).parts)


def _unique(document: Document, taken: set[str]) -> Document:
    """Ids must not repeat (paragraph keys are built on them): a repeated id gets `~2`, `~3`…"""
    if document.doc_id in taken:
        number = 2
        while f"{document.doc_id}~{number}" in taken:
            number += 1
        note = f"id {document.doc_id!r} already used, renamed"
        document.doc_id = f"{document.doc_id}~{number}"
        document.warning = "; ".join(filter(None, [document.warning, note]))
    taken.add(document.doc_id)
    return document


def read_file(path: Path, corpus: Path, max_chars: int = 20_000_000,
              bases: set[str] | None = None) -> Iterator[Document]:
    """The documents of one file; whatever goes wrong becomes a row, never an exception."""
    source = path.relative_to(corpus).as_posix()
    base_id = source[: -len(path.suffix)] if path.suffix else source
    if bases is not None:
        # `a.txt` and `a.md` side by side: the second keeps its extension in its id.
        base_id = source if base_id in bases else base_id
        bases.add(base_id)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Document(base_id, source, status="error", error=f"unsupported file type {path.suffix!r}")
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Document(base_id, source, status="error", error=f"cannot read file: {error.strerror}")
        return
    if not data.strip():
        reason = "empty file" if not data else "only whitespace"
        yield Document(base_id, source, status="empty", error=reason)
        return
    try:
        text, encoding, warning = decode(data)
    except DecodeError as error:
        yield Document(base_id, source, status="error", error=str(error))
        return
    single = suffix in TEXT_SUFFIXES | HTML_SUFFIXES
    number = 0
    try:
        for number, record in enumerate(_records(text, suffix), 1):
            doc_id = base_id if single else f"{base_id}#{_record_id(record, number)}"
            yield document_from_record(doc_id, source, encoding, warning, record, max_chars)
    except Exception as error:  # a pathological file (deep nesting, parser bug) must not stop the run
        doc_id = base_id if single else f"{base_id}#{number + 1}"
        yield Document(doc_id, source, status="error", encoding=encoding,
                       error=f"cannot parse: {type(error).__name__}: {error}")


def _records(text: str, suffix: str) -> Iterator[dict]:
    """The records of a decoded file, as dicts with `text` or `_error`."""
    if suffix in JSON_SUFFIXES:
        return _jsonl_records(text) if suffix != ".json" else _json_records(text)
    if suffix in CSV_SUFFIXES:
        return _csv_records(text, "\t" if suffix == ".tsv" else ",")
    if suffix in HTML_SUFFIXES:
        return iter([_html_record(text)])
    return iter([{"text": text}])


def decode(data: bytes) -> tuple[str, str, str]:
    """Text, encoding name and a warning; BOM, UTF-16, strict UTF-8, then a restricted detector."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _lenient(data, encoding, "invalid")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _lenient(data, utf16, "invalid")
    if data.count(b"\x00") > max(8, len(data) // 100):
        raise DecodeError("binary file (NUL bytes), not text")
    if _looks_binary(data):
        raise DecodeError("binary file (control bytes), not text")
    try:
        return _clean_nuls(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _lenient(data, "utf-8", "invalid UTF-8")
    return _clean_nuls(*_western(data))


def _lenient(data: bytes, encoding: str, what: str) -> tuple[str, str, str]:
    """Decode, replacing the few bad bytes (a truncated UTF-16 file) rather than losing the text."""
    try:
        return _clean_nuls(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    return _clean_nuls(text, encoding, f"{bad} {what} byte sequence(s) replaced by U+FFFD")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a stray byte or two (a cp1252 quote pasted in) is still UTF-8, not mojibake."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if ord(char) > 127 and char != "\ufffd")
    return good >= 3 and bad * 2 <= good  # cp1252 text makes almost no valid UTF-8 pairs


def _western(data: bytes) -> tuple[str, str]:
    """A single-byte Western encoding: the detector among plausible ones, then cp1252, Latin-1."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=PLAUSIBLE_ENCODINGS).best()
    # The detector gives up on very short text ("Créé"); cp1252 is then the likeliest.
    for encoding in ([best.encoding] if best is not None else []) + ["cp1252", "latin_1"]:
        try:
            return data.decode(encoding), encoding.replace("_", "-")
        except UnicodeDecodeError:
            continue
    raise DecodeError("not UTF-8 or Windows-1252 text")  # unreachable: Latin-1 decodes any byte


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
    """Text has almost no control bytes besides tab, newlines and form feed."""
    sample = data[:8000]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (0, 9, 10, 12, 13))
    return controls > 0.02 * len(sample)


def _clean_nuls(text: str, encoding: str, warning: str = "") -> tuple[str, str, str]:
    """Stray NULs become spaces: offsets stay right and the rest of the text is kept."""
    count = text.count("\x00")
    if count:
        text = text.replace("\x00", " ")
        warning = "; ".join(filter(None, [warning, f"{count} NUL character(s) replaced by spaces"]))
    return text, encoding, warning


def _jsonl_records(text: str) -> Iterator[dict]:
    """One record per line; a broken line is an error record and the other lines are kept."""
    # Split on \n only: JSON strings may hold U+2028 or a form feed, which str.splitlines cuts.
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield _as_record(json.loads(line))
        except json.JSONDecodeError as error:
            yield {"_error": f"malformed JSON on line {number} ({error.msg})"}


def _json_records(text: str) -> Iterator[dict]:
    """Records of a JSON file: an array, an object holding one, or JSON lines under `.json`."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and not text.lstrip().startswith("["):
            yield from _jsonl_records(text)  # JSON lines saved as .json
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
    decoder = json.JSONDecoder()
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
            except json.JSONDecodeError:
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


def _csv_records(text: str, delimiter: str) -> Iterator[dict]:
    """Rows as records; a malformed row is an error record and reading resumes on the next line."""
    csv.field_size_limit(1 << 30)
    lines = io.StringIO(text, newline="").readlines()
    delimiter, header = _csv_header(lines[0], delimiter)
    if "text" not in header:
        yield {"_error": f"CSV has no 'text' column (columns: {', '.join(header)})"}
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
    """The delimiter that gives a `text` column (a French spreadsheet saves with `;`)."""
    headers = {}
    for delimiter in dict.fromkeys([default, ",", ";", "\t"]):
        try:
            header = [name.strip().lower() for name in next(csv.reader([line], delimiter=delimiter))]
        except (csv.Error, StopIteration):
            header = []
        if "text" in header:
            return delimiter, header
        headers[delimiter] = header
    return default, headers[default]


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
    value = _safe(str(value))[0].strip() if value not in (None, "") else ""
    return " ".join(value.split()) or str(number)


def _safe(text: str) -> tuple[str, int]:
    """NULs and lone surrogates (valid JSON escapes) replaced one for one: offsets hold, writing works."""
    count = len(UNSAFE_CHARACTERS.findall(text))
    if count:
        text = UNSAFE_CHARACTERS.sub(lambda m: " " if m.group() == "\x00" else "\ufffd", text)
    return text, count


def document_from_record(doc_id: str, source: str, encoding: str, warning: str, record: dict,
              max_chars: int = 20_000_000) -> Document:
    """A Document from one record, with the status and reason when it has no usable text."""
    document = Document(doc_id, source, encoding=encoding, warning=warning)
    if "_error" in record:
        document.status, document.error = "error", record["_error"]
        return document
    text = record.get("text")
    if text is None:
        document.status = "empty" if "text" in record else "error"
        document.error = "text is null" if "text" in record else "record has no 'text' field"
        return document
    if not isinstance(text, str):
        document.status = "error"
        document.error = f"text is a JSON {JSON_TYPES.get(type(text), type(text).__name__)}, not a string"
        return document
    if len(text) > max_chars:
        document.status = "error"
        document.error = f"document too large ({len(text)} characters, limit {max_chars})"
        return document
    text, replaced = _safe(text)
    if replaced:
        document.warning = "; ".join(filter(None, [warning, f"{replaced} NUL or invalid character(s) replaced"]))
    document.text = text
    document.title = " ".join(_safe(str(record.get("title") or ""))[0].split())
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
    value = value.strip()
    french = FRENCH_DATE.match(value)
    if french:
        day, month, year = french.groups()
        value = f"{year}-{int(month):02d}-{int(day):02d}"
    match = ISO_DATE.match(value)
    if not match:
        return ""
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        return ""
    return "-".join(part for part in (year, month, day) if part)
