"""Read the corpus: every file becomes one or more Documents, the bad ones with a status and a reason.

Nothing is dropped silently and no exception escapes: a file that cannot be read is a row with
`status=error`, a record without text a row with `status=empty`, and the good records of a
damaged file are kept. Hidden files and folders (`.git`, `.DS_Store`) are not part of a corpus.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import posixpath
import re
import stat
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.ingest.paragraphs import BREAK
from pipeline.records import Document

TEXT_SUFFIXES = {".txt", ".md", ""}
MARKDOWN_SUFFIXES = {".md"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv", ".tsv"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES

# ` date 2021-02 ` (or ` date 12/06/2025 `) at the top of a text file: metadata on the same line
# as the text.
DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?|\d{1,2}/\d{1,2}/\d{4})(?:[ \t]+|[ \t]*"
                         + BREAK + r"|\Z)")
# `Date: 2025-06-12` or `Date : 12 juin 2025` alone on the first line: a header too, when it reads as a date.
DATE_LINE = re.compile(r"\A[ \t]*date[ \t]*:[ \t]*([^\r\n]*?)[ \t]*(?:" + BREAK + r"|\Z)", re.IGNORECASE)
# The names a record's fields go by (JSON keys, CSV columns), English and French, compared after
# case and accent folding with spaces and hyphens as `_`; the first name present wins.
FIELD_NAMES = {
    "text": ("text", "texte", "contenu", "content", "body", "corps", "article", "full_text", "texte_integral"),
    "title": ("title", "titre", "headline", "intitule"),
    "date": ("published", "date", "date_publication", "date_de_publication", "publication_date",
             "datepublished", "date_published", "published_at", "pubdate", "publie_le", "parution"),
    "url": ("url", "lien", "link", "permalink", "adresse", "uri"),
    "author": ("author", "auteur", "authors", "auteurs", "byline", "signature", "auteur_ice", "autrice"),
    "outlet": ("outlet", "source", "media", "journal", "publisher", "site", "sitename", "site_name",
               "editeur", "titre_de_presse", "publication"),
    "id": ("id", "identifiant", "record_id", "_id", "guid", "uuid"),
}
# `veille run --text-column/--date-column/--id-column`: the field that holds each, by name (only
# that field is read then; `id` also names the records in doc_id).
FIELD_CHOICES: dict[str, str] = {}
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\b")  # 26/09/2025, as French sites write it

# A byte-order mark names its encoding; the name kept is the codec that decodes the whole file.
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Encodings a French article plausibly comes in; left free, a detector reads short French
# Windows-1252 text as Baltic cp1257, Cyrillic cp1125 or even EBCDIC.
PLAUSIBLE_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman"]
UNSAFE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")  # NULs and lone surrogates (from JSON escapes)
# What a symbolic link reaches outside the corpus is read only when asked (`--follow-outside-links`).
FOLLOW_OUTSIDE_LINKS = False
JSON_TYPES = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is the `error` column."""


def read_corpus(corpus: Path, max_chars: int = 20_000_000, exclude: Iterable[Path] = (),
                follow_outside_links: bool | None = None) -> Iterator[Document]:
    """Every document of every file under `corpus`, in a stable order, with unique ids.

    `follow_outside_links`: read what symbolic links reach outside the corpus (default: the
    module's FOLLOW_OUTSIDE_LINKS, off; `veille run --follow-outside-links` turns it on).
    """
    corpus = Path(corpus)
    if follow_outside_links is None:
        follow_outside_links = FOLLOW_OUTSIDE_LINKS
    taken: set[str] = set()
    bases: set[str] = set()
    excluded = {os.path.realpath(p) for p in exclude}
    for path, status, problem in _walk(corpus, excluded, follow_outside_links):
        for document in read_file(path, corpus, max_chars, bases, (status, problem) if problem else None):
            yield _unique(document, taken)


def _walk(corpus: Path, excluded: set[str], follow_outside_links: bool) -> list[tuple[Path, str, str]]:
    """(path, status, problem) for every visible entry that is not a folder read, sorted by path.

    Nothing met is dropped: a file to read has no problem (read_file looks at it); a folder that
    cannot be listed, a broken link, a link out of the corpus (unless `follow_outside_links`)
    or a link to a folder already read has one, the row's status and reason. Folders are read
    once, by real path, so a link loop ends; real folders are read before links to folders, so
    a link never takes their place.
    """
    root = os.path.realpath(corpus)
    seen = {root}
    found: list[tuple[Path, str, str]] = []
    folders, links = [corpus], []
    while folders or links:
        if not folders:
            link = links.pop(0)
            real = os.path.realpath(link)
            if real in seen:
                target = writable_path(os.path.relpath(real, root) if _inside(real, root) else real)[0]
                found.append((link, "duplicate", f"symbolic link to a folder already read ({target})"))
                continue
            seen.add(real)
            folders.append(link)
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError as error:
            if folder != corpus:
                found.append((folder, "error", f"cannot read folder: {error.strerror}"))
            continue
        for name in reversed(names):  # folders pop from the end: sorted order, depth first
            if name.startswith("."):
                continue
            path = folder / name
            kind, problem = _entry(path, root, follow_outside_links)
            if kind == "folder" and os.path.realpath(path) not in excluded:
                if os.path.islink(path):
                    links.append(path)
                elif os.path.realpath(path) not in seen:
                    seen.add(os.path.realpath(path))
                    folders.append(path)
            elif kind != "folder":
                found.append((path, "error" if problem else "", problem))
    return sorted(found, key=lambda item: item[0].relative_to(corpus).parts)


def _entry(path: Path, root: str, follow_outside_links: bool) -> tuple[str, str]:
    """("folder" | "file", problem) of one entry, from os.stat only: nothing is opened."""
    try:
        mode = os.stat(path).st_mode  # follows links
    except OSError as error:
        if os.path.islink(path):
            if error.errno == errno.ENOENT:
                return "file", "broken symbolic link"
            return "file", f"symbolic link cannot be followed: {error.strerror}"
        return "file", f"cannot read file: {error.strerror}"
    kind = "folder" if stat.S_ISDIR(mode) else "file"
    # A link to a device or a FIFO is not read wherever it points: read_file says what it is.
    if (stat.S_ISDIR(mode) or stat.S_ISREG(mode)) and os.path.islink(path) and not follow_outside_links \
            and not _inside(os.path.realpath(path), root):
        return "file", (f"symbolic link to a {kind} outside the corpus, not read "
                        "(--follow-outside-links reads it)")
    return kind, ""


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _not_regular(mode: int) -> str:
    """Why a file is not read ("" for a regular file): a FIFO would block, a device never ends."""
    if stat.S_ISREG(mode):
        return ""
    for test, kind in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"not a regular file but {kind}, not read"
    return "not a regular file, not read"


def writable_path(path: str) -> tuple[str, str]:
    """A path as text that can be written, and a warning when it had to change.

    A file name whose bytes are not UTF-8 reaches Python with surrogate escapes, which no table
    can hold; its bytes are written escaped (`caf\\xe9.txt`), the same on every run.
    """
    try:
        path.encode("utf-8")
        return path, ""
    except UnicodeEncodeError:
        escaped = os.fsencode(path).decode("utf-8", errors="backslashreplace")
        return escaped, "file name is not UTF-8: its bytes are written as \\xNN"


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
              bases: set[str] | None = None, problem: tuple[str, str] | None = None) -> Iterator[Document]:
    """The documents of one file; whatever goes wrong becomes a row, never an exception.

    Only a regular file is opened (a FIFO would block the run, a device never ends), and a file
    always gives at least one row, even when it holds no record. `problem`: (status, reason)
    the corpus walk found (a broken link…), the file's only row.
    """
    source, name_warning = writable_path(path.relative_to(corpus).as_posix())
    extension = posixpath.splitext(source)[1]
    base_id = source[: -len(extension)] if extension else source
    if bases is not None:
        # `a.txt` and `a.md` side by side: the second keeps its extension in its id.
        base_id = source if base_id in bases else base_id
        bases.add(base_id)

    def row(status: str, error: str, doc_id: str = base_id, encoding: str = "") -> Document:
        return Document(doc_id, source, status=status, error=error, encoding=encoding, warning=name_warning)

    if problem:
        yield row(*problem)
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield row("error", f"unsupported file type {extension!r}")
        return
    try:
        unreadable = _not_regular(os.stat(path).st_mode)
        data = b"" if unreadable else path.read_bytes()
    except OSError as error:
        unreadable = f"cannot read file: {error.strerror}"
    if unreadable:
        yield row("error", unreadable)
        return
    if not data.strip():
        yield row("empty", "empty file" if not data else "only whitespace")
        return
    try:
        text, encoding, warning = decode(data)
    except DecodeError as error:
        yield row("error", str(error))
        return
    if not text.strip():
        yield row("empty", "only a byte-order mark" if not text else "only whitespace", encoding=encoding)
        return
    warning = "; ".join(filter(None, [name_warning, warning]))
    single = suffix in TEXT_SUFFIXES | HTML_SUFFIXES
    number = 0
    try:
        for number, record in enumerate(_records(text, suffix), 1):
            doc_id = base_id if single else f"{base_id}#{_record_id(record, number)}"
            yield document_from_record(doc_id, source, encoding, warning, record, max_chars)
    except Exception as error:  # a pathological file (deep nesting, parser bug) must not stop the run
        doc_id = base_id if single else f"{base_id}#{number + 1}"
        yield row("error", f"cannot parse: {type(error).__name__}: {error}", doc_id, encoding)
        return
    if number == 0:  # `[]`, `{"records": []}`, a CSV header alone: the file is still accounted for
        yield row("empty", "no records", encoding=encoding)


def _records(text: str, suffix: str) -> Iterator[dict]:
    """The records of a decoded file, as dicts with `text` or `_error`."""
    if suffix in JSON_SUFFIXES:
        return _jsonl_records(text) if suffix != ".json" else _json_records(text)
    if suffix in CSV_SUFFIXES:
        return _csv_records(text, "\t" if suffix == ".tsv" else ",")
    if suffix in HTML_SUFFIXES:
        return iter([_html_record(text)])
    if suffix in MARKDOWN_SUFFIXES:
        return iter([_markdown_record(text)])
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


# Control bytes text holds: NUL (counted apart), tab, and the line breaks of paragraphs.BREAK
# (\x0b soft breaks of word processors, \x0c page breaks, \x1c-\x1e separators).
TEXT_CONTROLS = frozenset(b"\x00\t\n\x0b\x0c\r\x1c\x1d\x1e")


def _looks_binary(data: bytes) -> bool:
    """Text has almost no control bytes besides tab and line breaks."""
    sample = data[:8000]
    controls = sum(1 for byte in sample if byte < 32 and byte not in TEXT_CONTROLS)
    return controls > 0.02 * len(sample)


def _clean_nuls(text: str, encoding: str, warning: str = "") -> tuple[str, str, str]:
    """Stray NULs become spaces: offsets stay right and the rest of the text is kept."""
    count = text.count("\x00")
    if count:
        text = text.replace("\x00", " ")
        warning = "; ".join(filter(None, [warning, f"{count} NUL character(s) replaced by spaces"]))
    return text, encoding, warning


def _jsonl_records(text: str) -> Iterator[dict]:
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


def _json_records(text: str) -> Iterator[dict]:
    """Records of a JSON file: an array, an object holding one, or JSON lines under `.json`."""
    try:
        value = json.loads(text, strict=False)
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
    if _text_key(header) is None:
        yield {"_error": f"CSV has no '{FIELD_CHOICES.get('text') or 'text'}' column (columns: {', '.join(header)})"}
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
        if _text_key(header) is not None:
            return delimiter, header
        headers[delimiter] = header
    best = max(headers, key=lambda delimiter: (len(headers[delimiter]), delimiter == default))
    return best, headers[best]


def _field_key(name) -> str:
    """A field name folded: case, accents, spaces and hyphens (`Date de publication` = `date_de_publication`)."""
    import unicodedata

    name = unicodedata.normalize("NFKD", str(name).strip().lstrip("\ufeff").strip().casefold())
    name = "".join(c for c in name if not unicodedata.combining(c))
    return re.sub(r"[\s\-.]+", "_", name)


def _text_key(names) -> str | None:
    """The name of the text field among `names`, or None."""
    folded = {_field_key(name): name for name in reversed(list(names))}
    candidates = (_field_key(FIELD_CHOICES["text"]),) if FIELD_CHOICES.get("text") else FIELD_NAMES["text"]
    return next((folded[key] for key in candidates if key in folded), None)


def canonical_record(record: dict) -> dict:
    """A record with its fields under their canonical names (`texte` → `text`, `lien` → `url`,
    `source` → `outlet`…) and every other field kept in `_meta`; idempotent."""
    if "_canonical" in record:
        return record
    folded: dict[str, str] = {}
    for name in record:
        if not str(name).startswith("_"):
            folded.setdefault(_field_key(name), name)
    result = {key: value for key, value in record.items() if str(key).startswith("_")}
    used = set()
    for canonical, names in FIELD_NAMES.items():
        if FIELD_CHOICES.get(canonical):
            names = (_field_key(FIELD_CHOICES[canonical]),)
        for name in names:
            if name in folded:
                result[canonical] = record[folded[name]]
                used.add(folded[name])
                break
    meta = dict(record.get("_meta") or {})
    meta.update({str(name): value for name, value in record.items()
                 if name not in used and not str(name).startswith("_")})
    result["_meta"], result["_canonical"] = meta, True
    return result


def _plain(value) -> str:
    """A metadata value as one line of text: a list joined, an object by its name, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("nom") or value.get("title") or value.get("id") or ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(filter(None, (_plain(item) for item in value)))
    return " ".join(str(value).split())


def _host(url: str) -> str:
    """The host of a URL without `www.` (`lemonde.fr`), the outlet when nothing else names it."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def _html_record(html: str) -> dict:
    """The main text of a page (trafilatura); when it finds no article, the page's whole text,
    or the file itself when it holds no markup (plain text saved as .html), with a warning."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            favor_precision=True)
    data = {}
    if extracted is not None:
        data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    record = {"text": data.get("text") or "", "title": data.get("title") or "",
              "date": data.get("date") or "", "url": data.get("url") or "",
              "author": data.get("author") or "", "outlet": data.get("sitename") or ""}
    if record["text"].strip():
        return record
    if not MARKUP.search(html):
        return {**record, "text": html, "_warning": "no HTML markup: read as plain text"}
    text = _page_text(html)
    if text:
        return {**record, "text": text, "_warning": "no article found in the page: its whole text is used"}
    return record


MARKUP = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*|!|/[A-Za-z])")
BLOCK_TAGS = ("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
              "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p",
              "pre", "section", "table", "td", "th", "tr", "ul")


def _page_text(html: str) -> str:
    """Every visible line of a page, one paragraph per block, scripts and styles left out."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except Exception:  # noqa: BLE001 — an unparseable page simply has no text
        return ""
    for element in tree.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    for element in tree.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    return "\n\n".join(line for line in lines if line)


def _record_id(record: dict, number: int) -> str:
    value = record.get("id")
    if FIELD_CHOICES.get("id"):
        chosen = _field_key(FIELD_CHOICES["id"])
        value = next((value for name, value in record.items() if _field_key(name) == chosen), None)
    value = str(value).strip() if value not in (None, "") else ""
    return " ".join(value.split()) or str(number)


def _safe(text: str) -> tuple[str, int]:
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
    doc_id, bad_id = _safe(doc_id)
    source, bad_source = _safe(source)
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
            f"record has no '{FIELD_CHOICES.get('text') or 'text'}' field"
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
    title, bad_title = _safe(_plain(record.get("title")))
    notes = [f"{replaced} NUL or invalid character(s) replaced"] if replaced else []
    notes += [f"{bad_title} NUL or invalid character(s) replaced in the title"] if bad_title else []
    document.text = text
    document.title = title
    notes += _metadata(document, record)
    document.body_start = int(record.get("_body_start") or 0)
    published = _plain(record.get("date"))
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
    values = {"url": _plain(record.get("url")), "author": _plain(record.get("author")),
              "outlet": _plain(record.get("outlet")), "record_id": _plain(record.get("id"))}
    if not values["outlet"] and values["url"]:
        values["outlet"] = _host(values["url"])
    meta = record.get("_meta") or {}
    values["meta"] = json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str) if meta else ""
    for name, value in values.items():
        value, bad = _safe(value)
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


_PARSER = []
# `Publié le 12 juin 2025 à 10h00, mis à jour le 13 juin`: the publication date is the first.
PUBLISHED_WORDS = re.compile(r"^\s*(?:publi[ée]e?|mise? en ligne|paru|parution)\s*(?:le|:)?\s+", re.IGNORECASE)
UPDATED_PART = re.compile(r"[,;|–-]?\s*(?:mis[e]? à jour|modifi[ée]e?|actualis[ée]e?)\b", re.IGNORECASE)


def _date_parser():
    if not _PARSER:
        from dateparser.date import DateDataParser

        _PARSER.append(DateDataParser(languages=["fr"], settings={
            "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"],
            "RETURN_TIME_AS_PERIOD": False, "PREFER_DATES_FROM": "past"}))
    return _PARSER[0]


# Markdown: a YAML front matter block is metadata; markup characters are masked one for one by
# spaces, so offsets still index the file's text while no `**`, `#` or link target reaches the stages.
FRONT_MATTER = re.compile(r"\A(\ufeff?---[ \t]*\r?\n)(.*?)(?:\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
FRONT_MATTER_LINE = re.compile(r"^([A-Za-zÀ-ÿ_][\w \-À-ÿ]*?)[ \t]*:[ \t]*(.*?)[ \t]*$")
MARKDOWN_MARKS = [
    re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),                    # an image: wholly masked
    re.compile(r"(?m)^[ \t]{0,3}(#{1,6})[ \t]+"),               # heading marks
    re.compile(r"(?m)[ \t]+#+[ \t]*$"),                         # closing heading marks
    re.compile(r"(?m)^[ \t]{0,3}>[ \t]?"),                      # block quote marks
    re.compile(r"(?m)^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+"),       # list markers
]
LINK = re.compile(r"(\[)([^\]\n]+)(\]\([^)\n]*\))")             # [text](url): the text stays
EMPHASIS = [
    re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"),
    re.compile(r"(?<![*\w])(\*)(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*\w])"),
    re.compile(r"(?<![_\w])(_)(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![_\w])"),
    re.compile(r"(`)([^`\n]+)`"),
]


def _markdown_record(text: str) -> dict:
    """A Markdown file: front matter fields as the record's, a `# title` as its title, and the
    text with every markup character replaced by a space (same length: offsets hold)."""
    record: dict = {}
    body_start = 0
    match = FRONT_MATTER.match(text)
    if match:
        record.update(_front_matter(match.group(2)))
        body_start = match.end()
    masked = list(text)

    def blank(start: int, end: int) -> None:
        for index in range(max(start, body_start), end):
            if masked[index] not in "\r\n":
                masked[index] = " "

    body = text
    for pattern in MARKDOWN_MARKS:
        for found in pattern.finditer(body, body_start):
            if pattern is MARKDOWN_MARKS[1] and not any(_field_key(key) in FIELD_NAMES["title"] for key in record):
                line_end = body.find("\n", found.end())
                title = body[found.end():line_end if line_end >= 0 else len(body)]
                record["title"] = re.sub(r"[ \t]+#+[ \t]*$", "", title).strip()
            blank(found.start(), found.end())
    for found in LINK.finditer(body, body_start):
        blank(found.start(1), found.end(1))
        blank(found.start(3), found.end(3))
    current = "".join(masked)
    for pattern in EMPHASIS:
        for found in pattern.finditer(current, body_start):
            blank(found.start(1), found.end(1))
            blank(found.end(2), found.end())
        current = "".join(masked)
    if isinstance(record.get("title"), str):
        record["title"] = " ".join(_unmark(record["title"]).split())
    record["text"] = current
    if body_start:
        record["_body_start"] = body_start
    return record


def _unmark(text: str) -> str:
    text = LINK.sub(lambda m: m.group(2), text)
    for pattern in EMPHASIS:
        text = pattern.sub(lambda m: m.group(2), text)
    return text


def _front_matter(block: str) -> dict:
    """`key: value` lines (a YAML subset: quoted or plain values, `- item` lists); what is not
    such a line is skipped."""
    fields: dict = {}
    last = None
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.match(r"^[ \t]+-[ \t]+(.*)$|^-[ \t]+(.*)$", line)
        if item and last is not None:
            value = _unquote(item.group(1) if item.group(1) is not None else item.group(2))
            fields[last] = (fields[last] if isinstance(fields[last], list) else []) + [value]
            continue
        match = FRONT_MATTER_LINE.match(line)
        if not match:
            continue
        last, value = match.group(1).strip(), match.group(2)
        if value.startswith("[") and value.endswith("]"):
            fields[last] = [_unquote(part) for part in value[1:-1].split(",") if part.strip()]
        else:
            fields[last] = _unquote(value)
    return fields


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
