"""One record to one Document: its text, title, metadata and publication date, or the status and
reason it cannot be read. Every reader's records end here, whatever the format."""

from __future__ import annotations

import functools
import hashlib
import json
import re

from pipeline.ingest.fields import canonical_record, host, plain, text_field_name
from pipeline.ingest.paragraphs import BREAK
from pipeline.records import Document

# ` date 2021-02 ` (or ` date 12/06/2025 `) at the top of a text file: metadata on the same line
# as the text.
DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?|\d{1,2}/\d{1,2}/\d{4})(?:[ \t]+|[ \t]*"
                         + BREAK + r"|\Z)")
# `Date: 2025-06-12` or `Date : 12 juin 2025` alone on the first line: a header too, when it reads as a date.
DATE_LINE = re.compile(r"\A[ \t]*date[ \t]*:[ \t]*([^\r\n]*?)[ \t]*(?:" + BREAK + r"|\Z)", re.IGNORECASE)
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\b")  # 26/09/2025, as French sites write it
# `Publié le 12 juin 2025 à 10h00, mis à jour le 13 juin`: the publication date is the first.
PUBLISHED_WORDS = re.compile(r"^\s*(?:publi[ée]e?|mise? en ligne|paru|parution)\s*(?:le|:)?\s+", re.IGNORECASE)
UPDATED_PART = re.compile(r"[,;|–-]?\s*(?:mis[e]? à jour|modifi[ée]e?|actualis[ée]e?)\b", re.IGNORECASE)
UNSAFE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")  # NULs and lone surrogates (from JSON escapes)
JSON_TYPES = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}


def safe(text: str) -> tuple[str, int]:
    """NULs and lone surrogates (valid JSON escapes) replaced one for one: offsets hold, writing works."""
    count = len(UNSAFE_CHARACTERS.findall(text))
    if count:
        text = UNSAFE_CHARACTERS.sub(lambda m: " " if m.group() == "\x00" else "\ufffd", text)
    return text, count


def document_from_record(doc_id: str, source: str, encoding: str, warning: str, record: dict,
                         max_chars: int = 20_000_000) -> Document:
    """A Document from one record, with the status and reason when it has no usable text.

    Every string kept is writable: NULs and lone surrogates (legal JSON escapes, which no UTF-8
    file can hold) are replaced one for one, and the warning says where.
    """
    doc_id, bad_id = safe(doc_id)
    source, bad_source = safe(source)
    notes = [warning, record.get("_warning", "")]
    notes += [f"{count} NUL or invalid character(s) replaced in the {what}"
              for what, count in (("id", bad_id), ("source", bad_source)) if count]
    document = Document(doc_id, source, encoding=encoding, warning="; ".join(filter(None, notes)))
    if "_error" in record:
        document.status, document.error = "error", record["_error"]
        return document
    record = canonical_record(record)
    text = record.get("text")
    if text is None:
        document.status = "empty" if "text" in record else "error"
        document.error = "text is null" if "text" in record else \
            f"record has no '{text_field_name()}' field"
        return document
    if not isinstance(text, str):
        document.status = "error"
        document.error = f"text is a JSON {JSON_TYPES.get(type(text), type(text).__name__)}, not a string"
        return document
    if len(text) > max_chars:
        document.status = "error"
        document.error = f"document too large ({len(text)} characters, limit {max_chars})"
        return document
    text, replaced = safe(text)
    title, bad_title = safe(plain(record.get("title")))
    notes = [f"{replaced} NUL or invalid character(s) replaced"] if replaced else []
    notes += [f"{bad_title} NUL or invalid character(s) replaced in the title"] if bad_title else []
    document.text = text
    document.title = title
    notes += _metadata(document, record)
    document.body_start = int(record.get("_body_start") or 0)
    published = plain(record.get("date"))
    match = DATE_HEADER.match(text, document.body_start) if not document.body_start else None
    line = DATE_LINE.match(text) if not document.body_start and not match else None
    if line and normalise_published(line.group(1)):
        match = line
    if match:
        published = published or match.group(1)
        document.body_start = match.end()
    document.published = normalise_published(published)
    if published and not document.published:
        notes.append(f"date {published[:60]!r} not read: published left empty")
    document.warning = "; ".join(filter(None, [document.warning, *notes]))
    document.n_chars = len(text)
    document.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not text[document.body_start:].strip():
        document.status, document.error = "empty", "no text"
    return document


def _metadata(document: Document, record: dict) -> list[str]:
    """url, author, outlet (the URL's host when no field names it), record id and the other
    fields of the record as a JSON object; the warnings of what had to be replaced."""
    notes = []
    values = {"url": plain(record.get("url")), "author": plain(record.get("author")),
              "outlet": plain(record.get("outlet")), "record_id": plain(record.get("id"))}
    if not values["outlet"] and values["url"]:
        values["outlet"] = host(values["url"])
    meta = record.get("_meta") or {}
    values["meta"] = json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str) if meta else ""
    for name, value in values.items():
        value, bad = safe(value)
        if bad and name != "record_id":  # the id's own warning says it already
            notes.append(f"{bad} NUL or invalid character(s) replaced in the {name}")
        setattr(document, name, value)
    return notes


def normalise_published(value: str) -> str:
    """ISO 8601 at the granularity given: `2021-02`, `2025-09-26`; empty when unreadable."""
    value = value.strip()
    french = FRENCH_DATE.match(value)
    if french:
        day, month, year = french.groups()
        value = f"{year}-{int(month):02d}-{int(day):02d}"
    match = ISO_DATE.match(value)
    if not match:
        return _french_date(value)
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        return ""
    return "-".join(part for part in (year, month, day) if part)


def _french_date(value: str) -> str:
    """A date written in words (`12 juin 2025`, `mardi 3 mars 2025`, `juin 2025`), ISO at the
    granularity written; "" when it has no year or does not read as a date: nothing is ever
    filled in from today."""
    value = PUBLISHED_WORDS.sub("", value).strip()
    value = UPDATED_PART.split(value)[0].strip(" ,-–|")
    if not value or not re.search(r"\d{4}", value) or len(value) > 80:
        return ""
    parser = _date_parser()
    try:
        data = parser.get_date_data(value)
    except Exception:  # noqa: BLE001 — dateparser on odd input: simply not a date
        return ""
    if data is None or data.date_obj is None:
        return ""
    moment, period = data.date_obj, data.period
    if period == "year":
        return f"{moment.year:04d}"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    if period in ("day", "time", "week"):
        return moment.strftime("%Y-%m-%d")
    return ""


@functools.cache
def _date_parser():
    """Built once, at the first date written in words (dateparser is slow to import)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["fr"], settings={
        "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"],
        "RETURN_TIME_AS_PERIOD": False, "PREFER_DATES_FROM": "past"})
