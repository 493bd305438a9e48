"""A static HTML report: one page per article with its extractions highlighted, and an index.

No server, no external assets: open `OUTPUT/report/index.html` in any browser.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

from pipeline.ingest import read as ingest
from pipeline.output.tables import COLUMNS, read_table

STYLE = """
body{font-family:Georgia,serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.55}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
.meta{color:#666;font-size:.9rem}.legend span{margin-right:1rem;padding:0 .3rem}
p.heading{font-weight:bold;font-size:1.1rem}p.repeat{color:#999;border-left:3px solid #ddd;padding-left:.6rem}
.mention{background:#d8ecff;border-bottom:2px solid #3b82f6}
.quote{background:#fff3c4}
.claim{text-decoration:underline #16a34a 2px}
.date{background:#e9d5ff;border-bottom:2px solid #9333ea}
table{border-collapse:collapse;font-size:.85rem;width:100%}td,th{border:1px solid #ddd;padding:.25rem .4rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}a{color:#1d4ed8}.speaker{font-weight:bold;white-space:nowrap}
"""

LAYERS = (("mentions", "mention"), ("quotes", "quote"), ("claims", "claim"), ("dates", "date"))


def write_report(output: Path, corpus: Path) -> Path:
    """Write OUTPUT/report/ and return the index page's path."""
    output = Path(output)
    folder = output / "report"
    folder.mkdir(parents=True, exist_ok=True)
    tables = {name: read_table(output, name) for name in COLUMNS}
    texts = _texts(Path(corpus))
    rows_by_doc = {name: _by_doc(tables[name]) for name in ("paragraphs", "mentions", "quotes", "claims", "dates")}
    actors = {row["actor_id"]: row for row in tables["actors"].to_dict("records")}
    pages = []
    for document in tables["documents"].to_dict("records"):
        name = _page_name(document["doc_id"])
        rows = {table: rows_by_doc[table].get(document["doc_id"], []) for table in rows_by_doc}
        text = texts.get(document["doc_id"])
        page = _article_page(document, text, rows, actors)
        (folder / name).write_text(page, encoding="utf-8")
        pages.append((document, name, rows))
    index = folder / "index.html"
    index.write_text(_index_page(pages, tables["actors"].to_dict("records")), encoding="utf-8")
    return index


def _texts(corpus: Path) -> dict[str, str]:
    if not corpus.is_dir():
        return {}
    return {document.doc_id: document.text for document in ingest.read_corpus(corpus)}


def _by_doc(frame) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for row in frame.to_dict("records"):
        grouped[row["doc_id"]].append(row)
    return grouped


def _page_name(doc_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", doc_id) + ".html"


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body}</body></html>\n")


def _article_page(document: dict, text: str | None, rows: dict, actors: dict) -> str:
    e = html.escape
    parts = ["<p><a href=\"index.html\">← all articles</a></p>",
             f"<h1>{e(document['title'] or document['doc_id'])}</h1>",
             f"<p class=\"meta\">{e(document['source'])} · published {e(document['published'] or 'unknown')}"
             f" · status {e(document['status'])} {e(document['error'])}</p>",
             "<p class=\"legend\"><span class=\"mention\">actor</span><span class=\"quote\">quote</span>"
             "<span class=\"claim\">claim</span><span class=\"date\">date</span></p>"]
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
