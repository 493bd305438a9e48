"""The fields of a record (a JSON object, a CSV row, a front matter): their names in English and
French, the options that name them, and the plain text of a metadata value."""

from __future__ import annotations

import re
import unicodedata

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


def field_key(name) -> str:
    """A field name folded: case, accents, spaces and hyphens (`Date de publication` = `date_de_publication`)."""
    name = unicodedata.normalize("NFKD", str(name).strip().lstrip("\ufeff").strip().casefold())
    name = "".join(c for c in name if not unicodedata.combining(c))
    return re.sub(r"[\s\-.]+", "_", name)


def text_field_name() -> str:
    """The text field as an error message names it: the chosen one, else `text`."""
    return FIELD_CHOICES.get("text") or "text"


def text_key(names) -> str | None:
    """The name of the text field among `names`, or None."""
    folded = {field_key(name): name for name in reversed(list(names))}
    candidates = (field_key(FIELD_CHOICES["text"]),) if FIELD_CHOICES.get("text") else FIELD_NAMES["text"]
    return next((folded[key] for key in candidates if key in folded), None)


def canonical_record(record: dict) -> dict:
    """A record with its fields under their canonical names (`texte` → `text`, `lien` → `url`,
    `source` → `outlet`…) and every other field kept in `_meta`; idempotent."""
    if "_canonical" in record:
        return record
    folded: dict[str, str] = {}
    for name in record:
        if not str(name).startswith("_"):
            folded.setdefault(field_key(name), name)
    result = {key: value for key, value in record.items() if str(key).startswith("_")}
    used = set()
    for canonical, names in FIELD_NAMES.items():
        if FIELD_CHOICES.get(canonical):
            names = (field_key(FIELD_CHOICES[canonical]),)
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


def record_id(record: dict, number: int) -> str:
    """What names a record in its doc_id (`file#id`): its id field, else its number in the file."""
    value = record.get("id")
    if FIELD_CHOICES.get("id"):
        chosen = field_key(FIELD_CHOICES["id"])
        value = next((value for name, value in record.items() if field_key(name) == chosen), None)
    value = str(value).strip() if value not in (None, "") else ""
    return " ".join(value.split()) or str(number)


def plain(value) -> str:
    """A metadata value as one line of text: a list joined, an object by its name, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("nom") or value.get("title") or value.get("id") or ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(filter(None, (plain(item) for item in value)))
    return " ".join(str(value).split())


def host(url: str) -> str:
    """The host of a URL without `www.` (`lemonde.fr`), the outlet when nothing else names it."""
    from urllib.parse import urlsplit

    try:
        name = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return name[4:] if name.startswith("www.") else name
