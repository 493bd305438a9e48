"""A static HTML report: the corpus views on an index, one page per article and one per actor.

No server, no external assets: open `OUTPUT/report/index.html` in any browser, from the disk.
The index holds a timeline of the corpus and the quotes, claims, actors and documents as tables
that filter as you type and sort by column; an article page highlights its actors, quotes (with
their speaker's words and cue), claims and dates; an actor page (`actors/`) lists its quotes
and claims, who it is quoted with and its quotes per month. The report is built in a temporary
folder and swapped in whole, like the tables. docs/report.md describes it.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path

from pipeline.ingest import read as ingest
from pipeline.output.report.pages import ACTORS_FOLDER, actor_page, corpus_rows, index_page
from pipeline.output.report.pages import article_page as _article_page  # one call per article; tests make it fail
from pipeline.output.tables import (COLUMNS, output_lock, read_table, remove_stale, swap_in_folder,
                                    temporary_folder)

SLUG_CHARS = 80  # page names stay far below the 255 bytes a file name may hold


def write_report(output: Path, corpus: Path) -> Path:
    """Write OUTPUT/report/ (swapped in whole) and return the index page's path."""
    output = Path(output)
    final = output / "report"
    with output_lock(output):
        remove_stale(output)
        try:
            folder = temporary_folder(final)
            _write_pages(output, corpus, folder)
            swap_in_folder(folder, final)
        except BaseException:
            remove_stale(output)  # the lock is held: every temporary folder here is ours
            raise
    return final / "index.html"


def _write_pages(output: Path, corpus: Path, folder: Path) -> None:
    tables = {name: read_table(output, name) for name in COLUMNS}
    rows_by_doc = {name: by_doc(tables[name]) for name in ("paragraphs", "mentions", "quotes", "claims", "dates")}
    actor_rows = tables["actors"].to_dict("records")
    actors = {row["actor_id"]: row for row in actor_rows}
    documents = tables["documents"].to_dict("records")
    texts = texts_as_run_read(output, corpus, documents, rows_by_doc["paragraphs"])
    names = page_names([document["doc_id"] for document in documents])
    actor_pages = {actor_id: f"{ACTORS_FOLDER}/{name}" for actor_id, name in page_names(sorted(actors)).items()}
    pages = []
    for document in documents:
        name = names[document["doc_id"]]
        rows = {table: rows_by_doc[table].get(document["doc_id"], []) for table in rows_by_doc}
        text, notice = texts[document["doc_id"]]
        page = _article_page(document, text, rows, actors, actor_pages, notice)
        (folder / name).write_text(page, encoding="utf-8", errors="replace")
        pages.append((document, name, rows))
    views = corpus_rows(tables["quotes"].to_dict("records"), tables["claims"].to_dict("records"), actors)
    (folder / "index.html").write_text(index_page(pages, actor_rows, views, names, actor_pages),
                                       encoding="utf-8", errors="replace")
    (folder / ACTORS_FOLDER).mkdir()
    by_id = {document["doc_id"]: document for document in documents}
    for actor in actor_rows:
        (folder / actor_pages[actor["actor_id"]]).write_text(
            actor_page(actor, views, by_id, names, actor_pages), encoding="utf-8", errors="replace")


def texts_as_run_read(output: Path, corpus: Path, documents: list[dict],
                      paragraphs: dict[str, list[dict]]) -> dict[str, tuple[str | None, str]]:
    """doc_id -> (the text the run's offsets index, or None; a notice when it is not the file as it is now)."""
    texts = _texts(corpus, Path(output))
    return {document["doc_id"]: _text_as_run_read(document, texts.get(document["doc_id"]),
                                                  paragraphs.get(document["doc_id"], []))
            for document in documents}


def _texts(corpus: Path | list[Path], output: Path) -> dict[str, str]:
    """The texts of the corpus as read now (a folder, or the files a run was given one by one)."""
    root, chosen = ingest.locate(corpus)
    if not all(path.exists() for path in chosen or [root]):
        return {}
    return {document.doc_id: document.text for document in ingest.read_corpus(corpus, exclude=[output])}


def _text_as_run_read(document: dict, text: str | None, paragraphs: list[dict]) -> tuple[str | None, str]:
    """The text the run's offsets index, and a notice when it is not the corpus file as it is now.

    A file edited since the run would put every highlight at the wrong place: its page shows
    the paragraphs as the run read them (paragraphs.csv) and says so.
    """
    if not document["sha256"] or (text is not None and _sha256(text) == document["sha256"]):
        return text, ""
    why = "has changed since the run" if text is not None else "could not be read again"
    recorded = _text_from_paragraphs(paragraphs)
    if recorded is None:
        return None, f"The source of this article {why}: its text is not shown, to avoid misplaced highlights."
    return recorded, f"The source of this article {why}: the text below is the one the run read (paragraphs.csv)."


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def _text_from_paragraphs(paragraphs: list[dict]) -> str | None:
    """A text in which every paragraph sits at its offsets (spaces between), or None if the rows
    do not fit their offsets."""
    if not paragraphs:
        return None
    chars = [" "] * max(int(p["end"]) for p in paragraphs)
    for paragraph in paragraphs:
        start, end = int(paragraph["start"]), int(paragraph["end"])
        if len(paragraph["text"]) != end - start:
            return None
        chars[start:end] = paragraph["text"]
    return "".join(chars)


def by_doc(frame) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for row in frame.to_dict("records"):
        grouped[row["doc_id"]].append(row)
    return grouped


def page_names(doc_ids: list[str]) -> dict[str, str]:
    """doc_id -> page file name: a readable slug and a hash of the whole id.

    Unique whatever the ids (`a b` and `a_b`, `café` and `caf_` get different hashes), bounded
    (at most about 100 characters for a 300-character id), never `index.html`, and the same
    on every run.
    """
    names, taken = {}, {"index.html"}
    for doc_id in doc_ids:
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", doc_id).strip("._-")[:SLUG_CHARS] or "document"
        digest = hashlib.sha256(doc_id.encode("utf-8", errors="surrogatepass")).hexdigest()
        size = 10
        while f"{slug}-{digest[:size]}.html" in taken:  # a clash of 40 bits: one more digit
            size += 1
        names[doc_id] = f"{slug}-{digest[:size]}.html"
        taken.add(names[doc_id])
    return names
