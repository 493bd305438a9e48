"""An HTML page: its main text and metadata through trafilatura, else the page's visible text."""

from __future__ import annotations

import re


def page_record(html: str) -> dict:
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
