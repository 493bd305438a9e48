"""The report's pages as HTML strings: an article, an actor, the index with the corpus views.

Every piece of article text and every cell goes through html.escape: a text holding `<script>`
or `onerror=` markup is shown as those characters, never parsed as markup.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict

from pipeline.exchange.spans import cue_span, speaker_span
from pipeline.output.report.assets import SCRIPT, STYLE
from pipeline.output.report.svg import month_of, timeline

e = html.escape
LAYERS = (("mentions", "mention"), ("quotes", "quote"), ("claims", "claim"), ("dates", "date"))
ACTORS_FOLDER = "actors"


def page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{e(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body}<script>{SCRIPT}</script></body></html>\n")


def fragment(row_id: str) -> str:
    """The anchor of a quote or claim in its article page (`q3` for `seeds/x:q3`)."""
    return row_id.rsplit(":", 1)[-1]


def table(title: str, header: list[str], rows: list[list[str]], css_id: str, filter_box: bool = False) -> str:
    """A sortable table (cells are HTML already escaped), with a filter box above when asked."""
    head = "".join(f"<th class=\"sortable\">{e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    box = ""
    if filter_box:
        box = (f"<input class=\"filter\" type=\"search\" id=\"{css_id}-filter\" data-table=\"{css_id}-table\" "
               f"placeholder=\"filter: type words to keep only the rows holding them\" "
               f"aria-label=\"filter the {e(title.lower())}\">"
               f"<p class=\"count\"><span id=\"{css_id}-table-shown\">{len(rows)}</span> of {len(rows)} shown</p>")
    return (f"<h2 id=\"{css_id}\">{e(title)} ({len(rows)})</h2>{box}"
            f"<table id=\"{css_id}-table\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


# --- article pages ---------------------------------------------------------------------------

def article_page(document: dict, text: str | None, rows: dict, actors: dict, actor_pages: dict,
                 notice: str = "") -> str:
    parts = ["<nav><a href=\"index.html\">← all articles</a></nav>",
             f"<h1>{e(document['title'] or document['doc_id'])}</h1>",
             f"<p class=\"meta\">{e(document['source'])} · published {e(document['published'] or 'unknown')}"
             f" · status {e(document['status'])} {e(document['error'])}</p>",
             "<p class=\"legend\"><span class=\"mention\">actor</span><span class=\"quote\">quote</span>"
             "<span class=\"speaker-mention\">speaker</span><span class=\"cue\">cue</span>"
             "<span class=\"claim\">claim</span><span class=\"date\">date</span></p>"]
    if notice:
        parts.append(f"<p class=\"changed\">{e(notice)}</p>")
    if text is not None:
        marks = speech_marks(text, rows)
        for paragraph in rows["paragraphs"]:
            parts.append(paragraph_html(paragraph, text, rows, actors, marks))
    parts.append(table("Quotes", ["speaker", "quote", "cue", "rule", "date"],
                       [[_actor_link(q["speaker_actor_id"], q["speaker_name"] or q["speaker"] or "?", actor_pages, ""),
                         f"<a href=\"#{e(fragment(q['quote_id']))}\">{e(q['text'])}</a>",
                         e(q["cue"]), e(q["rule"]), e(q["date"])] for q in rows["quotes"]], css_id="quotes"))
    parts.append(table("Claims", ["actor", "predicate", "claim", "source", "polarity", "modality"],
                       [[_actor_link(c["actor_id"], c["actor_name"], actor_pages, ""), e(c["predicate"]),
                         f"<a href=\"#{e(fragment(c['claim_id']))}\">{e(c['text'])}</a>",
                         _actor_link(c["source_actor_id"], c["source_name"], actor_pages, ""),
                         e(c["polarity"]), e(c["modality"])] for c in rows["claims"]], css_id="claims"))
    mentioned = sorted({m["actor_id"] for m in rows["mentions"] if m["actor_id"]})
    parts.append(table("Actors", ["actor", "type", "mentions"],
                       [[_actor_link(a, actors.get(a, {}).get("name", a), actor_pages, ""),
                         e(actors.get(a, {}).get("type", "")),
                         str(sum(m["actor_id"] == a for m in rows["mentions"]))] for a in mentioned], css_id="actors"))
    parts.append(table("Dates", ["expression", "value", "granularity", "anchor"],
                       [[e(d["text"]), e(d["value"]), e(d["granularity"]), e(d["anchor"])] for d in rows["dates"]],
                       css_id="dates"))
    return page(document["title"] or document["doc_id"], "\n".join(parts))


def speech_marks(text: str, rows: dict) -> list[tuple[int, int, str, str]]:
    """The speaker's words and the cue of every quote, found as the Label Studio export finds them."""
    bounds = {int(p["paragraph"]): (int(p["start"]), int(p["end"])) for p in rows["paragraphs"]}
    marks = []
    for quote in rows["quotes"]:
        where = bounds.get(int(quote["paragraph"]), (0, len(text)))
        speaker = speaker_span(text, quote, where)
        if speaker:
            marks.append((*speaker, "speaker-mention", f"speaker of “{_short(quote['text'])}”"))
        cue = cue_span(text, quote, where)
        if cue:
            marks.append((*cue, "cue", f"cue {quote['cue']} of “{_short(quote['text'])}”"))
    return marks


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def paragraph_html(paragraph: dict, text: str, rows: dict, actors: dict, marks: list) -> str:
    start, end = int(paragraph["start"]), int(paragraph["end"])
    if paragraph["duplicate_of"]:
        return (f"<p class=\"repeat\" title=\"repeats {e(paragraph['duplicate_of'])}\">"
                f"{e(text[start:end])}</p>")
    spans, anchors = [], defaultdict(list)
    for name, css in LAYERS:
        for row in rows[name]:
            s, t = int(row["start"]), int(row["end"])
            if s < end and t > start:
                spans.append((max(s, start), min(t, end), css, hover(name, row, actors)))
                if name in ("quotes", "claims"):
                    anchors[max(s, start)].append(fragment(row["quote_id" if name == "quotes" else "claim_id"]))
    spans += [(max(s, start), min(t, end), css, title) for s, t, css, title in marks if s < end and t > start]
    cuts = sorted({start, end} | {s for s, _, _, _ in spans} | {t for _, t, _, _ in spans})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        active = [(css, title) for s, t, css, title in spans if s <= left and t >= right]
        chunk = e(text[left:right])
        for css, title in active:
            chunk = f"<span class=\"{css}\" title=\"{e(title)}\">{chunk}</span>"
        pieces.append("".join(f"<span class=\"anchor\" id=\"{e(a)}\"></span>" for a in anchors.pop(left, [])) + chunk)
    kind = "heading" if paragraph["kind"] == "heading" else "body"
    return f"<p class=\"{kind}\">{''.join(pieces)}</p>"


def hover(table_name: str, row: dict, actors: dict) -> str:
    """What hovering a highlight says: for a quote its speaker, rule, confidence and cue."""
    if table_name == "mentions":
        actor = actors.get(row["actor_id"], {})
        return f"{actor.get('name', row['actor_id'])} ({row['label']}, {row['method']})"
    if table_name == "quotes":
        return (f"speaker: {row['speaker_name'] or row['speaker'] or '?'} · rule: {row['rule'] or '?'}"
                f" · confidence: {row.get('confidence') or 'none'} · cue: {row['cue']} · {row['kind']}")
    if table_name == "claims":
        return f"{row['actor_name']} {row['predicate']} [{row['polarity']}, {row['modality']}]"
    return f"{row['value'] or '?'} ({row['granularity']}, {row['anchor']})"


def _actor_link(actor_id: str, name: str, actor_pages: dict, prefix: str) -> str:
    if actor_id and actor_id in actor_pages:
        return f"<a class=\"speaker\" href=\"{e(prefix + actor_pages[actor_id])}\">{e(name or actor_id)}</a>"
    return e(name or "")


# --- corpus views ----------------------------------------------------------------------------

def quote_rows(quotes: list[dict], documents: dict, names: dict, actor_pages: dict, prefix: str) -> list[list[str]]:
    return [[_actor_link(q["speaker_actor_id"], q["speaker_name"] or q["speaker"] or "?", actor_pages, prefix),
             f"<a href=\"{e(prefix + names[q['doc_id']])}#{e(fragment(q['quote_id']))}\">{e(q['text'])}</a>",
             e(q["cue"]), e(q["kind"]), e(q["rule"]), e(_when(q["date"], documents[q["doc_id"]])),
             e(q["doc_id"])] for q in quotes]


def claim_rows(claims: list[dict], documents: dict, names: dict, actor_pages: dict, prefix: str) -> list[list[str]]:
    return [[_actor_link(c["actor_id"], c["actor_name"], actor_pages, prefix), e(c["predicate"]),
             f"<a href=\"{e(prefix + names[c['doc_id']])}#{e(fragment(c['claim_id']))}\">{e(c['text'])}</a>",
             _actor_link(c["source_actor_id"], c["source_name"], actor_pages, prefix), e(c["polarity"]),
             e(c["modality"]), e(_when(c["date"], documents[c["doc_id"]])), e(c["doc_id"])] for c in claims]


QUOTE_HEADER = ["speaker", "quote", "cue", "kind", "rule", "date", "article"]
CLAIM_HEADER = ["actor", "predicate", "claim", "source", "polarity", "modality", "date", "article"]


def _when(date: str, document: dict) -> str:
    return date or document.get("published") or ""


def item_month(row: dict, documents: dict) -> str | None:
    """A quote's or claim's month: the date the text gives it, else its article's publication."""
    return month_of(row.get("date"), documents[row["doc_id"]].get("published"))


def index_page(pages: list, actors: list[dict], tables: dict, names: dict, actor_pages: dict) -> str:
    documents = {document["doc_id"]: document for document, _, _ in pages}
    rows = [[f"<a href=\"{e(name)}\">{e(document['doc_id'])}</a>", e(document["title"]),
             e(document["published"]), e(document["status"]), e(document["error"]),
             str(len(r["mentions"])), str(len(r["quotes"])), str(len(r["claims"])), str(len(r["dates"]))]
            for document, name, r in pages]
    series = {"articles": Counter(filter(None, (month_of(d["published"]) for d in documents.values()))),
              "quotes": Counter(filter(None, (item_month(q, documents) for q in tables["quotes"]))),
              "claims": Counter(filter(None, (item_month(c, documents) for c in tables["claims"])))}
    undated = sum(1 for d in documents.values() if not month_of(d["published"]))
    top = sorted(actors, key=lambda a: (-int(a["n_mentions"]), a["actor_id"]))
    body = [f"<h1>veille — {len(pages)} documents</h1>",
            "<nav><a href=\"#timeline\">timeline</a><a href=\"#quotes\">quotes</a><a href=\"#claims\">claims</a>"
            "<a href=\"#actors\">actors</a><a href=\"#documents\">documents</a></nav>",
            "<h2>Articles, quotes and claims per month</h2>",
            timeline(series, "Articles, quotes and claims per month", "timeline"),
            f"<p class=\"meta\">{undated} article(s) without a publication date are not on the timeline.</p>",
            table("Quotes", QUOTE_HEADER, quote_rows(tables["quotes"], documents, names, actor_pages, ""),
                  css_id="quotes", filter_box=True),
            table("Claims", CLAIM_HEADER, claim_rows(tables["claims"], documents, names, actor_pages, ""),
                  css_id="claims", filter_box=True),
            table("Actors", ["actor", "type", "mentions", "documents", "quotes", "claims", "aliases"],
                  [[_actor_link(a["actor_id"], a["name"], actor_pages, ""), e(a["type"]), e(a["n_mentions"]),
                    e(a["n_documents"]), str(len(tables["quotes_by_speaker"].get(a["actor_id"], []))),
                    str(len(tables["claims_by_actor"].get(a["actor_id"], []))), e(a["aliases"])] for a in top],
                  css_id="actors", filter_box=True),
            table("Documents", ["document", "title", "published", "status", "error", "mentions",
                                "quotes", "claims", "dates"], rows, css_id="documents", filter_box=True)]
    return page("veille report", "\n".join(body))


def corpus_rows(quotes: list[dict], claims: list[dict], actors: dict) -> dict:
    """The corpus's quotes and claims, with the look-ups the actor pages need built once."""
    rows = {"quotes": quotes, "claims": claims, "actor_names": {a: row["name"] for a, row in actors.items()},
            "quotes_by_speaker": defaultdict(list), "quotes_by_doc": defaultdict(list),
            "claims_by_actor": defaultdict(list)}
    for quote in quotes:
        rows["quotes_by_speaker"][quote["speaker_actor_id"]].append(quote)
        rows["quotes_by_doc"][quote["doc_id"]].append(quote)
    for claim in claims:
        for actor_id in dict.fromkeys(filter(None, (claim["actor_id"], claim["source_actor_id"]))):
            rows["claims_by_actor"][actor_id].append(claim)
    return rows


def actor_page(actor: dict, tables: dict, documents: dict, names: dict, actor_pages: dict) -> str:
    """One actor: type, aliases, counts, its quotes and claims, who it is quoted with, a timeline."""
    actor_id, up = actor["actor_id"], "../"
    quotes = tables["quotes_by_speaker"].get(actor_id, [])
    claims = tables["claims_by_actor"].get(actor_id, [])
    together, shared = Counter(), defaultdict(set)
    for doc_id in sorted({q["doc_id"] for q in quotes}):
        for other in tables["quotes_by_doc"][doc_id]:
            if other["speaker_actor_id"] and other["speaker_actor_id"] != actor_id:
                together[other["speaker_actor_id"]] += 1
                shared[other["speaker_actor_id"]].add(doc_id)
    with_rows = [[_actor_link(other, _name(tables, other), actor_pages, up), str(count), str(len(shared[other]))]
                 for other, count in sorted(together.items(), key=lambda item: (-item[1], item[0]))]
    months = Counter(filter(None, (item_month(q, documents) for q in quotes)))
    body = [f"<nav><a href=\"{up}index.html\">← index</a></nav>",
            f"<h1>{e(actor['name'])}</h1>",
            f"<p class=\"meta\">type {e(actor['type'])} · {e(actor['n_mentions'])} mention(s) in "
            f"{e(actor['n_documents'])} document(s) · {len(quotes)} quote(s) · {len(claims)} claim(s)</p>",
            f"<p>Aliases: {e(actor['aliases'] or '—')}</p>",
            "<h2>Quotes per month</h2>",
            timeline({"quotes": months}, f"Quotes of {actor['name']} per month", "actor-timeline"),
            f"<p class=\"meta\">{len(quotes) - sum(months.values())} quote(s) with no month (neither the text "
            "nor the article's publication date gives one) are not on the timeline.</p>",
            table("Quotes", QUOTE_HEADER, quote_rows(quotes, documents, names, actor_pages, up),
                  css_id="quotes", filter_box=True),
            table("Claims", CLAIM_HEADER, claim_rows(claims, documents, names, actor_pages, up),
                  css_id="claims", filter_box=True),
            table("Quoted with", ["actor", "quotes in the same articles", "articles"], with_rows, css_id="quoted-with")]
    return page(actor["name"], "\n".join(body))


def _name(tables: dict, actor_id: str) -> str:
    return tables["actor_names"].get(actor_id, actor_id)
