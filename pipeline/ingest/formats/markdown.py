"""Markdown: a YAML front matter block is metadata; markup characters are masked one for one by
spaces, so offsets still index the file's text while no `**`, `#` or link target reaches the stages."""

from __future__ import annotations

import re

from pipeline.ingest.fields import FIELD_NAMES, field_key

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


def markdown_record(text: str) -> dict:
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
            if pattern is MARKDOWN_MARKS[1] and not any(field_key(key) in FIELD_NAMES["title"] for key in record):
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
