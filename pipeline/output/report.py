"""A static HTML report: one page per article with its extractions highlighted, and an index.

No server, no external assets: open `OUTPUT/report/index.html` in any browser. The report is
built in a temporary folder and swapped in whole, like the tables.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import defaultdict
from pathlib import Path

from pipeline.ingest import read as ingest
from pipeline.output.tables import (COLUMNS, output_lock, read_table, remove_stale, swap_in_folder,
                                    temporary_folder)

STYLE = """
body{font-family:Georgia,serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.55}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
.meta{color:#666;font-size:.9rem}.legend span{margin-right:1rem;padding:0 .3rem}
p.heading{font-weight:bold;font-size:1.1rem}p.repeat{color:#999;border-left:3px solid #ddd;padding-left:.6rem}
.mention{background:#d8ecff;border-bottom:2px solid #3b82f6}
.quote{background:#fff3c4}
.claim{text-decoration:underline #16a34a 2px}
.date{background:#e9d5ff;border-bottom:2px solid #9333ea}
.changed{background:#fee2e2;border:1px solid #dc2626;padding:.5rem}
table{border-collapse:collapse;font-size:.85rem;width:100%}td,th{border:1px solid #ddd;padding:.25rem .4rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}a{color:#1d4ed8}.speaker{font-weight:bold;white-space:nowrap}
"""

LAYERS = (("mentions", "mention"), ("quotes", "quote"), ("claims", "claim"), ("dates", "date"))


SLUG_CHARS = 80  # page names stay far below the 255 bytes a file name may hold


def write_report(output: Path, corpus: Path) -> Path:
    """Write OUTPUT/report/ (swapped in whole) and return the index page's path."""
    output = Path(output)
    final = output / "report"
    with output_lock(output):
        remove_stale(output)
        try:
            folder = temporary_folder(final)
            _write_pages(output, Path(corpus), folder)
            swap_in_folder(folder, final)
        except BaseException:
            remove_stale(output)  # the lock is held: every temporary folder here is ours
            raise
    return final / "index.html"


def _write_pages(output: Path, corpus: Path, folder: Path) -> None:
    tables = {name: read_table(output, name) for name in COLUMNS}
    texts = _texts(corpus, output)
    rows_by_doc = {name: _by_doc(tables[name]) for name in ("paragraphs", "mentions", "quotes", "claims", "dates")}
    actors = {row["actor_id"]: row for row in tables["actors"].to_dict("records")}
    documents = tables["documents"].to_dict("records")
    names = page_names([document["doc_id"] for document in documents])
    pages = []
    for document in documents:
        name = names[document["doc_id"]]
        rows = {table: rows_by_doc[table].get(document["doc_id"], []) for table in rows_by_doc}
        text, notice = _text_as_run_read(document, texts.get(document["doc_id"]), rows["paragraphs"])
        page = _article_page(document, text, rows, actors, notice)
        (folder / name).write_text(page, encoding="utf-8", errors="replace")
        pages.append((document, name, rows))
    (folder / "index.html").write_text(_index_page(pages, tables["actors"].to_dict("records")),
                                       encoding="utf-8", errors="replace")


def _texts(corpus: Path, output: Path) -> dict[str, str]:
    if not corpus.is_dir():
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


def _by_doc(frame) -> dict[str, list[dict]]:
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


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body}</body></html>\n")


def _article_page(document: dict, text: str | None, rows: dict, actors: dict, notice: str = "") -> str:
    e = html.escape
    parts = ["<p><a href=\"index.html\">← all articles</a></p>",
             f"<h1>{e(document['title'] or document['doc_id'])}</h1>",
             f"<p class=\"meta\">{e(document['source'])} · published {e(document['published'] or 'unknown')}"
             f" · status {e(document['status'])} {e(document['error'])}</p>",
             "<p class=\"legend\"><span class=\"mention\">actor</span><span class=\"quote\">quote</span>"
             "<span class=\"claim\">claim</span><span class=\"date\">date</span></p>"]
    if notice:
        parts.append(f"<p class=\"changed\">{e(notice)}</p>")
    if text is not None:
        for paragraph in rows["paragraphs"]:
            parts.append(_paragraph_html(paragraph, text, rows, actors))
    parts.append(_table("Quotes", ["speaker", "quote", "cue", "rule", "date"],
                        [[f"<span class=\"speaker\">{e(q['speaker_name'] or q['speaker'] or '?')}</span> →",
                          e(q["text"]), e(q["cue"]), e(q["rule"]), e(q["date"])] for q in rows["quotes"]],
                        css_id="quotes"))
    parts.append(_table("Claims", ["actor", "predicate", "claim", "source", "polarity", "modality"],
                        [[e(c["actor_name"]), e(c["predicate"]), e(c["text"]), e(c["source_name"]),
                          e(c["polarity"]), e(c["modality"])] for c in rows["claims"]], css_id="claims"))
    mentioned = sorted({m["actor_id"] for m in rows["mentions"] if m["actor_id"]})
    parts.append(_table("Actors", ["actor", "type", "mentions"],
                        [[e(actors.get(a, {}).get("name", a)), e(actors.get(a, {}).get("type", "")),
                          str(sum(m["actor_id"] == a for m in rows["mentions"]))] for a in mentioned],
                        css_id="actors"))
    parts.append(_table("Dates", ["expression", "value", "granularity", "anchor"],
                        [[e(d["text"]), e(d["value"]), e(d["granularity"]), e(d["anchor"])] for d in rows["dates"]],
                        css_id="dates"))
    return _page(document["title"] or document["doc_id"], "\n".join(parts))


def _paragraph_html(paragraph: dict, text: str, rows: dict, actors: dict) -> str:
    start, end = int(paragraph["start"]), int(paragraph["end"])
    if paragraph["duplicate_of"]:
        return (f"<p class=\"repeat\" title=\"repeats {html.escape(paragraph['duplicate_of'])}\">"
                f"{html.escape(text[start:end])}</p>")
    spans = []
    for table, css in LAYERS:
        for row in rows[table]:
            s, t = int(row["start"]), int(row["end"])
            if s < end and t > start:
                spans.append((max(s, start), min(t, end), css, _title(table, row, actors)))
    cuts = sorted({start, end} | {s for s, _, _, _ in spans} | {t for _, t, _, _ in spans})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        active = [(css, title) for s, t, css, title in spans if s <= left and t >= right]
        chunk = html.escape(text[left:right])
        for css, title in active:
            chunk = f"<span class=\"{css}\" title=\"{html.escape(title)}\">{chunk}</span>"
        pieces.append(chunk)
    kind = "heading" if paragraph["kind"] == "heading" else "body"
    return f"<p class=\"{kind}\">{''.join(pieces)}</p>"


def _title(table: str, row: dict, actors: dict) -> str:
    if table == "mentions":
        actor = actors.get(row["actor_id"], {})
        return f"{actor.get('name', row['actor_id'])} ({row['label']}, {row['method']})"
    if table == "quotes":
        return f"{row['speaker_name'] or row['speaker'] or '?'} — {row['cue']} ({row['kind']})"
    if table == "claims":
        return f"{row['actor_name']} {row['predicate']} [{row['polarity']}, {row['modality']}]"
    return f"{row['value'] or '?'} ({row['granularity']}, {row['anchor']})"


def _table(title: str, header: list[str], rows: list[list[str]], css_id: str) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<h2 id=\"{css_id}\">{title} ({len(rows)})</h2><table><tr>{head}</tr>{body}</table>"


def _index_page(pages, actors: list[dict]) -> str:
    e = html.escape
    rows = [[f"<a href=\"{e(name)}\">{e(document['doc_id'])}</a>", e(document["title"]),
             e(document["published"]), e(document["status"]), e(document["error"]),
             str(len(r["mentions"])), str(len(r["quotes"])), str(len(r["claims"])), str(len(r["dates"]))]
            for document, name, r in pages]
    top = sorted(actors, key=lambda a: (-int(a["n_mentions"]), a["actor_id"]))
    body = [f"<h1>veille — {len(pages)} documents</h1>",
            _table("Documents", ["document", "title", "published", "status", "error", "mentions",
                                 "quotes", "claims", "dates"], rows, css_id="documents"),
            _table("Actors", ["actor", "type", "mentions", "documents", "aliases"],
                   [[e(a["name"]), e(a["type"]), e(a["n_mentions"]), e(a["n_documents"]), e(a["aliases"])]
                    for a in top], css_id="actors")]
    return _page("veille report", "\n".join(body))
