"""Read the corpus: every file becomes one or more Documents, the bad ones with a status and a reason.

Nothing is dropped silently and no exception escapes: a file that cannot be read is a row with
`status=error`, a record without text a row with `status=empty`, and the good records of a
damaged file are kept. Hidden files and folders (`.git`, `.DS_Store`) are not part of a corpus.
The walk and the rows of whole files are here; a file's bytes go to the reader of its extension
(`pipeline/ingest/formats/`), and each record becomes a Document in `pipeline/ingest/document.py`.
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from pipeline.ingest.decode import DecodeError, decode  # noqa: F401 — part of this module's interface
from pipeline.ingest.document import document_from_record, normalise_published  # noqa: F401 — likewise
from pipeline.ingest.fields import canonical_record, record_id  # noqa: F401 — likewise
from pipeline.ingest.formats import READERS, EmptyFile
from pipeline.records import Document

# What a symbolic link reaches outside the corpus is read only when asked (`--follow-outside-links`).
FOLLOW_OUTSIDE_LINKS = False


def read_corpus(corpus: Path | Sequence[Path], max_chars: int = 20_000_000, exclude: Iterable[Path] = (),
                follow_outside_links: bool | None = None) -> Iterator[Document]:
    """Every document of every file under `corpus`, in a stable order, with unique ids.

    `corpus`: a folder, or files (and folders) given one by one (`locate`). `follow_outside_links`:
    read what symbolic links reach outside the corpus (default: the module's FOLLOW_OUTSIDE_LINKS,
    off; `veille run --follow-outside-links` turns it on).
    """
    corpus, chosen = locate(corpus)
    if follow_outside_links is None:
        follow_outside_links = FOLLOW_OUTSIDE_LINKS
    taken: set[str] = set()
    bases: set[str] = set()
    excluded = {os.path.realpath(p) for p in exclude}
    for path, status, problem in _walk(corpus, excluded, follow_outside_links, chosen):
        for document in read_file(path, corpus, max_chars, bases, (status, problem) if problem else None):
            yield _unique(document, taken)


def locate(corpus: Path | str | Sequence[Path | str]) -> tuple[Path, tuple[Path, ...]]:
    """The folder a corpus is read from, and the paths chosen in it (none: the whole folder).

    `veille run corpus` reads a folder. `veille run article.txt` or `veille run a.md b.json`
    reads the paths given, named from their common folder, so a file's `source` and doc_id are
    what they would be were that folder the corpus (`article.txt`, `article`).
    """
    paths = [Path(corpus)] if isinstance(corpus, (str, os.PathLike)) else [Path(path) for path in corpus]
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0], ()
    chosen = tuple(dict.fromkeys(Path(os.path.abspath(path)) for path in paths))
    root = os.path.commonpath([str(path if path.is_dir() else path.parent) for path in chosen])
    return Path(root), chosen


def _walk(corpus: Path, excluded: set[str], follow_outside_links: bool,
          chosen: tuple[Path, ...] = ()) -> list[tuple[Path, str, str]]:
    """(path, status, problem) for every visible entry that is not a folder read, sorted by path.

    Nothing met is dropped: a file to read has no problem (read_file looks at it); a folder that
    cannot be listed, a broken link, a link out of the corpus (unless `follow_outside_links`)
    or a link to a folder already read has one, the row's status and reason. Folders are read
    once, by real path, so a link loop ends; real folders are read before links to folders, so
    a link never takes their place. `chosen`: only these paths under `corpus` (folders walked),
    hidden or not, as they were named.
    """
    root = os.path.realpath(corpus)
    seen = {root}
    found: dict[Path, tuple[Path, str, str]] = {}
    folders: list[Path] = [] if chosen else [corpus]
    links: list[Path] = []

    def visit(path: Path) -> None:
        kind, problem = _entry(path, root, follow_outside_links)
        if kind == "folder" and os.path.realpath(path) not in excluded:
            if os.path.islink(path):
                links.append(path)
            elif os.path.realpath(path) not in seen:
                seen.add(os.path.realpath(path))
                folders.append(path)
        elif kind != "folder":
            found[path] = (path, "error" if problem else "", problem)

    if chosen:
        seen.clear()  # the common folder is not read, only what was chosen in it
        for path in sorted(chosen, reverse=True):
            visit(path)
    while folders or links:
        if not folders:
            link = links.pop(0)
            real = os.path.realpath(link)
            if real in seen:
                target = writable_path(os.path.relpath(real, root) if _inside(real, root) else real)[0]
                found[link] = (link, "duplicate", f"symbolic link to a folder already read ({target})")
                continue
            seen.add(real)
            folders.append(link)
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError as error:
            if folder != corpus:
                found[folder] = (folder, "error", f"cannot read folder: {error.strerror}")
            continue
        for name in reversed(names):  # folders pop from the end: sorted order, depth first
            if not name.startswith("."):
                visit(folder / name)
    return sorted(found.values(), key=lambda item: item[0].relative_to(corpus).parts)


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
    reader = READERS.get(path.suffix.lower())
    if reader is None:
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
        found = reader.read(data)
    except DecodeError as error:
        yield row("error", str(error))
        return
    except EmptyFile as error:
        yield row("empty", str(error), encoding=error.encoding)
        return
    encoding, warning = found.encoding, "; ".join(filter(None, [name_warning, found.warning]))
    number = 0
    try:
        for number, record in enumerate(found.records, 1):
            doc_id = base_id if reader.single else f"{base_id}#{record_id(record, number)}"
            yield document_from_record(doc_id, source, encoding, warning, record, max_chars)
    except Exception as error:  # a pathological file (deep nesting, parser bug) must not stop the run
        doc_id = base_id if reader.single else f"{base_id}#{number + 1}"
        yield row("error", f"cannot parse: {type(error).__name__}: {error}", doc_id, encoding)
        return
    if number == 0:  # `[]`, `{"records": []}`, a CSV header alone: the file is still accounted for
        yield row("empty", "no records", encoding=encoding)


def count_documents(corpus: Path, entries: Iterable[tuple[Path, str, str]]) -> int:
    """How many documents the entries of a corpus walk make: the total of a progress bar. A file
    of a one-document format, or one the walk found a problem with, counts one without being
    opened; a file of records (JSON, CSV) is read."""
    total = 0
    for path, _, problem in entries:
        reader = READERS.get(path.suffix.lower())
        single = problem or reader is None or reader.single
        total += 1 if single else sum(1 for _ in read_file(path, corpus))
    return total
