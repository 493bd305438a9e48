"""Label Studio round trip: a run's rows out as pre-annotated tasks, a corrected export back as gold.

Export: one task per article (`data.text` is the text the run's offsets index), its rows as
`predictions[0].result`: labelled spans for actors (label = type), quotes, speaker mentions and
cues, claims, dates, headings and repeated paragraphs; `relation` results quote → speaker and
quote → cue; per-region text fields for the canonical actor, the date value, the cue's lemma and
a claim's source, and a per-region choice for a claim's polarity. A labeling config that declares
exactly these controls is written beside the tasks.

Import: Label Studio's JSON export of those tasks (`annotations[].result`, the last annotation
that was not cancelled) becomes one gold line per article in the format `veille eval` reads
(tests/data/gold/README.md).

Offsets. Label Studio's `<Text>` tag counts Unicode code points, as Python does: its own
frontend tests ("NER - Emoji - Text", web/libs/editor) select a word after an emoji and expect
code-point offsets, with the feature flag FF_LSDV_4620_3 on and off, since the fix of
label-studio issues #1347 / #1008 (PR #1559, 2022). Versions before it counted UTF-16 code units
(an emoji counts twice); `offsets="utf16"` writes those, and the import reads either:
each region's offsets are checked against its `text` and read as UTF-16 when only that fits.
"""

from __future__ import annotations

import json
import os
from bisect import bisect_left
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.exchange.spans import cue_span, speaker_span
from pipeline.output.tables import COLUMNS, read_table

TYPES = ("PER", "ORG", "GOV", "MEDIA", "LOC", "MISC")
QUOTE_LABELS = {"direct": "Direct quote", "indirect": "Indirect quote"}
QUOTE_KINDS = {label: kind for kind, label in QUOTE_LABELS.items()}
CONFIG_NAME = "label_config.xml"
MODEL_VERSION = "veille"

# One Labels control per layer; the per-region fields appear when a region of that label is selected.
LABEL_CONFIG = """<View>
  <Header value="$title"/>
  <Text name="text" value="$text"/>
  <Labels name="actor" toName="text" showInline="true">
    <Label value="PER" background="#93c5fd"/><Label value="ORG" background="#60a5fa"/>
    <Label value="GOV" background="#3b82f6"/><Label value="MEDIA" background="#a5b4fc"/>
    <Label value="LOC" background="#bfdbfe"/><Label value="MISC" background="#c7d2fe"/>
  </Labels>
  <Labels name="speech" toName="text" showInline="true">
    <Label value="Direct quote" background="#fde68a"/><Label value="Indirect quote" background="#fef3c7"/>
    <Label value="Speaker" background="#f97316"/><Label value="Cue" background="#fb7185"/>
  </Labels>
  <Labels name="claim" toName="text" showInline="true"><Label value="Claim" background="#86efac"/></Labels>
  <Labels name="date" toName="text" showInline="true"><Label value="Date" background="#d8b4fe"/></Labels>
  <Labels name="paragraph" toName="text" showInline="true">
    <Label value="Heading" background="#e5e7eb"/><Label value="Repeat" background="#d1d5db"/>
  </Labels>
  <Relations><Relation value="speaker"/><Relation value="cue"/></Relations>
  <View visibleWhen="region-selected">
    <Header value="Canonical actor (an actor, a speaker, a claim's doer)"/>
    <TextArea name="canonical" toName="text" perRegion="true" maxSubmissions="1" editable="true"/>
  </View>
  <View visibleWhen="region-selected" whenLabelValue="Date">
    <Header value="Date value (ISO 8601)"/>
    <TextArea name="value" toName="text" perRegion="true" maxSubmissions="1" editable="true"/>
  </View>
  <View visibleWhen="region-selected" whenLabelValue="Cue">
    <Header value="Cue lemma"/>
    <TextArea name="lemma" toName="text" perRegion="true" maxSubmissions="1" editable="true"/>
  </View>
  <View visibleWhen="region-selected" whenLabelValue="Claim">
    <Header value="Claim source (who reports it)"/>
    <TextArea name="source" toName="text" perRegion="true" maxSubmissions="1" editable="true"/>
    <Choices name="polarity" toName="text" perRegion="true" choice="single">
      <Choice value="affirm"/><Choice value="deny"/>
    </Choices>
  </View>
</View>
"""
CONTROLS = {"actor": TYPES, "speech": (*QUOTE_LABELS.values(), "Speaker", "Cue"), "claim": ("Claim",),
            "date": ("Date",), "paragraph": ("Heading", "Repeat")}
TEXTAREAS = ("canonical", "value", "lemma", "source")
RELATIONS = ("speaker", "cue")


class ExchangeError(ValueError):
    """An export that cannot be read as Label Studio tasks of this project; says where."""


# --- offsets ---------------------------------------------------------------------------------

def utf16_offset(text: str, index: int) -> int:
    """A code-point index as UTF-16 code units: every astral character before it counts twice."""
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)


def codepoint_offset(text: str, units: int) -> int:
    """UTF-16 code units back to a code-point index (inverse of utf16_offset)."""
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


# --- export ----------------------------------------------------------------------------------

def export_tasks(output: Path, corpus: Path, offsets: str = "codepoints") -> tuple[list[dict], list[str]]:
    """One task per readable article of the run, and a note for each article left out (why)."""
    from pipeline.output.report import by_doc, texts_as_run_read

    if offsets not in ("codepoints", "utf16"):
        raise ValueError(f"offsets must be codepoints or utf16, not {offsets!r}")
    tables = {name: read_table(output, name) for name in COLUMNS}
    rows = {name: by_doc(tables[name]) for name in ("paragraphs", "mentions", "quotes", "claims", "dates")}
    actors = {row["actor_id"]: row for row in tables["actors"].to_dict("records")}
    documents = tables["documents"].to_dict("records")
    texts = texts_as_run_read(output, corpus, documents, rows["paragraphs"])
    tasks, skipped = [], []
    for document in documents:
        doc_id = document["doc_id"]
        text, _ = texts.get(doc_id, (None, ""))
        if document["status"] != "ok":
            why = f" ({document['error']})" if document["error"] else ""
            skipped.append(f"{doc_id}: status {document['status']}{why}")
            continue
        if not text:
            skipped.append(f"{doc_id}: its text could not be read again")
            continue
        mine = {name: table.get(doc_id, []) for name, table in rows.items()}
        tasks.append(_task(document, text, mine, actors, offsets))
    return tasks, skipped


def _task(document: dict, text: str, rows: dict, actors: dict, offsets: str) -> dict:
    doc_id = document["doc_id"]
    regions = _Regions(text, offsets)
    paragraphs = {int(p["paragraph"]): (int(p["start"]), int(p["end"])) for p in rows["paragraphs"]}
    for paragraph in rows["paragraphs"]:
        if paragraph["duplicate_of"]:
            regions.span("p", paragraph, "paragraph", "Repeat")
        elif paragraph["kind"] == "heading":
            regions.span("p", paragraph, "paragraph", "Heading")
    for mention in rows["mentions"]:
        actor = actors.get(mention["actor_id"], {})
        label = mention["label"] if mention["label"] in TYPES else actor.get("type", "MISC")
        region = regions.span("m", mention, "actor", label if label in TYPES else "MISC")
        if mention["actor_id"]:
            regions.field(region, "canonical", actor.get("name") or mention["actor_id"])
    for quote in rows["quotes"]:
        region = regions.span("q", quote, "speech", QUOTE_LABELS.get(quote["kind"], "Direct quote"))
        where = paragraphs.get(int(quote["paragraph"]), (0, len(text)))
        speaker = speaker_span(text, quote, where)
        if speaker:
            found = regions.span("s", {"start": speaker[0], "end": speaker[1]}, "speech", "Speaker")
            regions.field(found, "canonical", quote["speaker_name"])
            regions.relation(region, found, "speaker")
        elif quote["speaker_name"]:  # no words to mark: the speaker rides on the quote itself
            regions.field(region, "canonical", quote["speaker_name"])
        cue = cue_span(text, quote, where)
        if cue:
            found = regions.span("k", {"start": cue[0], "end": cue[1]}, "speech", "Cue")
            regions.field(found, "lemma", quote["cue"])
            regions.relation(region, found, "cue")
        elif quote["cue"]:
            regions.field(region, "lemma", quote["cue"])
    for claim in rows["claims"]:
        region = regions.span("c", claim, "claim", "Claim")
        regions.field(region, "canonical", claim["actor_name"])
        regions.field(region, "source", claim["source_name"])
        regions.choice(region, "polarity", claim["polarity"] or "affirm")
    for date in rows["dates"]:
        region = regions.span("d", date, "date", "Date")
        regions.field(region, "value", date["value"])
    stem = doc_id.rsplit("/", 1)[-1]
    data = {"text": text, "title": document["title"] or doc_id, "doc_id": doc_id, "id": stem,
            "file": None if "#" in stem else Path(document["source"]).name,
            "published": document["published"] or None, "paragraphs": len(rows["paragraphs"]),
            "offsets": offsets}
    return {"data": data, "predictions": [{"model_version": MODEL_VERSION, "result": regions.results}]}


class _Regions:
    """The results of one task: spans with stable ids, their per-region fields, relations."""

    def __init__(self, text: str, offsets: str):
        self.text, self.offsets, self.results, self.counts = text, offsets, [], Counter()
        # where the astral characters are, once: a UTF-16 offset is the index plus those before it
        self.astral = [i for i, char in enumerate(text) if ord(char) > 0xFFFF] if offsets == "utf16" else []

    def span(self, prefix: str, row: dict, control: str, label: str) -> dict:
        self.counts[prefix] += 1
        start, end = int(row["start"]), int(row["end"])
        value = {"start": self._unit(start), "end": self._unit(end), "text": self.text[start:end], "labels": [label]}
        region = {"id": f"{prefix}{self.counts[prefix]}", "from_name": control, "to_name": "text",
                  "type": "labels", "origin": "prediction", "value": value}
        self.results.append(region)
        return region

    def _unit(self, index: int) -> int:
        return index + bisect_left(self.astral, index)

    def _per_region(self, region: dict, name: str, kind: str, value: dict) -> None:
        where = {key: region["value"][key] for key in ("start", "end")}
        self.results.append({"id": region["id"], "from_name": name, "to_name": "text", "type": kind,
                             "origin": "prediction", "value": {**where, **value}})

    def field(self, region: dict, name: str, value: str) -> None:
        if value:
            self._per_region(region, name, "textarea", {"text": [value]})

    def choice(self, region: dict, name: str, value: str) -> None:
        self._per_region(region, name, "choices", {"choices": [value]})

    def relation(self, source: dict, target: dict, label: str) -> None:
        self.results.append({"type": "relation", "from_id": source["id"], "to_id": target["id"],
                             "direction": "right", "labels": [label]})


def write_export(output: Path, corpus: Path, destination: Path, offsets: str = "codepoints") -> tuple[int, Path, list[str]]:
    """Write the tasks and the labeling config beside them; (tasks, config path, skipped notes)."""
    tasks, skipped = export_tasks(output, corpus, offsets)
    destination = Path(destination)
    config = destination.parent / CONFIG_NAME
    write_atomic(destination, json.dumps(tasks, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    write_atomic(config, LABEL_CONFIG)
    return len(tasks), config, skipped


def write_atomic(path: Path, content: str) -> None:
    """Write beside the target and swap it in: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- import ----------------------------------------------------------------------------------

def read_export(path: Path) -> list[dict]:
    """The tasks of a Label Studio JSON export (a list, or one task), or an ExchangeError."""
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExchangeError(f"{path}: not a Label Studio JSON export ({error})") from error
    tasks = [tasks] if isinstance(tasks, dict) else tasks
    if not isinstance(tasks, list) or not all(isinstance(task, dict) for task in tasks):
        raise ExchangeError(f"{path}: a Label Studio JSON export is a list of tasks")
    return tasks


def import_gold(tasks: list[dict]) -> tuple[list[dict], list[str]]:
    """Gold articles from annotated tasks, and a note for each task without an annotation."""
    articles, notes = [], []
    for number, task in enumerate(tasks, 1):
        data = task.get("data") or {}
        where = f"task {task.get('id', number)} ({data.get('doc_id', '?')})"
        if not isinstance(data.get("text"), str):
            raise ExchangeError(f"{where}: no data.text")
        done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not done:
            notes.append(f"{where}: no annotation, left out")
            continue
        articles.append(_article(data, done[-1].get("result") or [], where))
    return articles, notes


def _article(data: dict, results: list[dict], where: str) -> dict:
    text = data["text"]
    spans, fields, links = {}, defaultdict(dict), []
    for result in results:
        kind = result.get("type")
        if kind == "relation":
            links.append((result.get("from_id"), result.get("to_id")))
        elif kind == "labels":
            spans[result["id"]] = _span(text, result, where)
        elif kind in ("textarea", "choices"):
            values = result.get("value", {}).get("text" if kind == "textarea" else "choices") or [""]
            fields[result.get("id")][result.get("from_name")] = " ".join(values).strip()
    relations = _relations(links, spans)
    by_label = defaultdict(list)
    for region_id, (label, start, end) in spans.items():
        by_label[label].append((start, end, region_id))
    for regions in by_label.values():
        regions.sort()

    def words(region):
        return text[region[0]:region[1]]

    repeats = by_label["Repeat"]
    article = {"id": data.get("id"), "file": data.get("file"), "published": data.get("published"),
               "unique_paragraphs": int(data.get("paragraphs", 0)) - len(repeats),
               "duplicates": [words(r) for r in repeats], "headings": [words(r) for r in by_label["Heading"]]}
    article["actors"] = _actors(by_label, fields, words)
    article["quotes"] = []
    for label, kind in QUOTE_KINDS.items():
        for region in by_label[label]:
            article["quotes"].append(_quote(region, kind, spans, fields, relations, words))
    article["quotes"].sort(key=lambda q: q.pop("_at"))
    article["dates"] = [{"text": words(r), "value": fields[r[2]].get("value") or None} for r in by_label["Date"]]
    article["claims"] = [{"text": words(r), "actor": fields[r[2]].get("canonical", ""),
                          "source": fields[r[2]].get("source") or None,
                          "polarity": fields[r[2]].get("polarity") or "affirm"} for r in by_label["Claim"]]
    return article


def _relations(links: list[tuple], spans: dict) -> dict[str, dict[str, str]]:
    """quote region id -> {"speaker": id, "cue": id}, whichever way the relation was drawn.

    What a relation links is read off its ends' labels (a Speaker or a Cue region and a quote),
    not off the relation's own label, which an annotator may leave out.
    """
    relations = defaultdict(dict)
    for one, other in links:
        for quote, target in ((one, other), (other, one)):
            if spans.get(quote, ("",))[0] in QUOTE_KINDS and spans.get(target, ("",))[0] in ("Speaker", "Cue"):
                relations[quote][spans[target][0].lower()] = target
    return relations


def _span(text: str, result: dict, where: str) -> tuple[str, int, int]:
    """(label, start, end) in code points; offsets read as UTF-16 when only that fits the region's text."""
    value = result.get("value") or {}
    labels = value.get("labels") or []
    try:
        start, end = int(value["start"]), int(value["end"])
    except (KeyError, TypeError, ValueError):
        raise ExchangeError(f"{where}: region {result.get('id')} has no start/end offsets") from None
    if len(labels) != 1:
        raise ExchangeError(f"{where}: region {result.get('id')} has {len(labels)} labels, one expected")
    written = value.get("text")
    if written is None or text[start:end] == written:
        return labels[0], start, end
    start16, end16 = codepoint_offset(text, start), codepoint_offset(text, end)
    if text[start16:end16] == written:
        return labels[0], start16, end16
    raise ExchangeError(f"{where}: region {result.get('id')} says {written!r} but the text at {start}:{end} "
                        f"is {text[start:end]!r} (neither code points nor UTF-16 code units fit)")


def _actors(by_label: dict, fields: dict, words) -> list[dict]:
    """Actor regions grouped by their canonical name; the type most often given, first seen wins a tie."""
    grouped = defaultdict(list)
    for label in TYPES:
        for region in by_label[label]:
            name = fields[region[2]].get("canonical")
            if name:
                grouped[name].append((region[0], label, words(region)))
    actors = []
    for name, seen in grouped.items():
        seen.sort()
        kind = Counter(label for _, label, _ in seen).most_common(1)[0][0]
        actors.append({"name": name, "type": kind, "aliases": sorted({surface for _, _, surface in seen})})
    return sorted(actors, key=lambda actor: actor["name"])


def _quote(region, kind, spans, fields, relations, words) -> dict:
    linked = relations.get(region[2], {})
    speaker_id, cue_id = linked.get("speaker"), linked.get("cue")
    quote = {"kind": kind, "text": words(region), "_at": region[:2]}
    if speaker_id in spans:
        label, start, end = spans[speaker_id]
        quote["speaker"] = fields[speaker_id].get("canonical") or None
        quote["speaker_mention"] = words((start, end))
    else:
        quote["speaker"] = fields[region[2]].get("canonical") or None
    cue = fields[cue_id].get("lemma") if cue_id in spans else fields[region[2]].get("lemma")
    quote["cue"] = cue or None
    return quote


def write_gold(articles: list[dict], destination: Path) -> None:
    lines = "".join(json.dumps(article, ensure_ascii=False, sort_keys=True) + "\n" for article in articles)
    write_atomic(Path(destination), lines)
