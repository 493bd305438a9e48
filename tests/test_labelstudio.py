"""The Label Studio round trip: a run out as pre-annotated tasks, a corrected export back as gold."""

from __future__ import annotations

import copy
import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate.score import evaluate
from pipeline.exchange.labelstudio import (CONFIG_NAME, LABEL_CONFIG, ExchangeError, export_tasks, import_gold,
                                           utf16_offset, write_gold)
from pipeline.output.tables import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("dedup", "headings", "actors", "quotes", "dates", "claims")


def accepted(tasks: list[dict]) -> list[dict]:
    """What Label Studio exports once a person submits each pre-annotated task unchanged:
    the prediction's result becomes the task's annotation."""
    exported = copy.deepcopy(tasks)
    for number, task in enumerate(exported, 1):
        task["id"] = number
        task["annotations"] = [{"id": number, "was_cancelled": False, "result": task["predictions"][0]["result"]}]
    return exported


def round_trip(tasks: list[dict], output: Path, gold: Path) -> dict:
    articles, notes = import_gold(tasks)
    assert not notes
    write_gold(articles, gold)
    return evaluate(gold, output)


@pytest.fixture(scope="module")
def seed_tasks(seed_outputs):
    tasks, skipped = export_tasks(seed_outputs, ROOT / "corpus")
    assert not skipped
    return tasks


def test_export_is_one_task_per_article_with_its_text(seed_tasks, seed_outputs):
    with open(seed_outputs / "documents.csv", encoding="utf-8") as handle:
        documents = list(csv.DictReader(handle))
    assert [task["data"]["doc_id"] for task in seed_tasks] == [d["doc_id"] for d in documents]
    for task in seed_tasks:
        text = task["data"]["text"]
        for result in task["predictions"][0]["result"]:
            if result["type"] == "labels":
                value = result["value"]
                assert text[value["start"]:value["end"]] == value["text"]


def test_unedited_round_trip_scores_one_on_every_table(seed_tasks, seed_outputs, tmp_path):
    scores = round_trip(accepted(seed_tasks), seed_outputs, tmp_path / "gold.jsonl")
    assert scores["found_documents"] == 2
    for table in TABLES:
        assert scores[table]["f1"] == 1.0, (table, scores[table])
        accuracies = {key: value for key, value in scores[table].items() if key.endswith("_accuracy")}
        assert all(value == 1.0 for value in accuracies.values()), (table, accuracies)
    assert scores["quotes"]["tp"] == 8 and scores["claims"]["tp"] > 0 and scores["actors"]["tp"] > 0


def test_one_corrected_speaker_makes_exactly_that_quote_wrong(seed_tasks, seed_outputs, tmp_path):
    tasks = accepted(seed_tasks)
    result = tasks[1]["annotations"][0]["result"]
    relation = next(r for r in result if r["type"] == "relation" and r["labels"] == ["speaker"])
    quote = next(r for r in result if r["id"] == relation["from_id"] and r["type"] == "labels")
    field = next(r for r in result if r["id"] == relation["to_id"] and r["from_name"] == "canonical")
    field["value"]["text"] = ["Commission européenne"]  # the annotator's correction
    scores = round_trip(tasks, seed_outputs, tmp_path / "gold.jsonl")
    quotes = scores["quotes"]
    assert quotes["f1"] == 1.0 and quotes["speaker_checked"] == 8
    assert quotes["speaker_accuracy"] == round(7 / 8, 4)
    assert len(quotes["wrong"]) == 1
    assert "gold Commission européenne" in quotes["wrong"][0]
    assert quote["value"]["text"][:30] in quotes["wrong"][0].replace("…", "")
    assert all(scores[table]["f1"] == 1.0 for table in TABLES)


def config_controls() -> dict[str, tuple[str, set[str]]]:
    """Control name -> (tag, the values it allows), read from the labeling config itself."""
    root = ET.fromstring(LABEL_CONFIG)
    controls = {}
    for element in root.iter():
        if element.get("name") and element.get("toName"):
            values = {child.get("value") for child in element if child.get("value")}
            controls[element.get("name")] = (element.tag, values)
    return controls


def test_predictions_follow_label_studio_result_schema_and_the_config(seed_tasks):
    """The documented result format: labels regions with start/end/text/labels of their control,
    per-region textarea/choices sharing a region's id and offsets, relations between region ids."""
    controls = config_controls()
    assert {tag for tag, _ in controls.values()} == {"Labels", "TextArea", "Choices"}
    kinds = {"Labels": "labels", "TextArea": "textarea", "Choices": "choices"}
    relation_values = {r.get("value") for r in ET.fromstring(LABEL_CONFIG).iter("Relation")}
    for task in seed_tasks:
        assert isinstance(task["data"]["text"], str) and task["data"]["title"]
        result = task["predictions"][0]["result"]
        regions = {r["id"]: r for r in result if r["type"] == "labels"}
        assert len(regions) == sum(1 for r in result if r["type"] == "labels"), "region ids are unique"
        for item in result:
            if item["type"] == "relation":
                assert item["from_id"] in regions and item["to_id"] in regions
                assert item["direction"] == "right" and set(item["labels"]) <= relation_values
                continue
            tag, values = controls[item["from_name"]]
            assert item["to_name"] == "text" and item["type"] == kinds[tag]
            value = item["value"]
            assert isinstance(value["start"], int) and isinstance(value["end"], int) and value["start"] < value["end"]
            if tag == "Labels":
                assert len(value["labels"]) == 1 and value["labels"][0] in values
            else:
                region = regions[item["id"]]
                assert (value["start"], value["end"]) == (region["value"]["start"], region["value"]["end"])
                if tag == "Choices":
                    assert set(value["choices"]) <= values
                else:
                    assert all(isinstance(text, str) and text for text in value["text"])


EMOJI_TEXT = "🚀 Le commissaire 🇪🇺 Thierry Breton a déclaré : « Nous irons vite 😀 ». Selon Meta, rien ne change."


def write_tables(output: Path, rows: dict[str, list[dict]]) -> None:
    output.mkdir(parents=True)
    for name, columns in COLUMNS.items():
        with open(output / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(rows.get(name, []))


@pytest.fixture
def emoji_run(tmp_path):
    """A run's tables for one article with astral characters before every row, written by hand."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "emoji.txt").write_text(EMOJI_TEXT, encoding="utf-8")
    text, doc = EMOJI_TEXT, "emoji"

    def at(words):
        start = text.index(words)
        return {"doc_id": doc, "paragraph": "0", "start": str(start), "end": str(start + len(words)), "text": words}

    rows = {"documents": [{"doc_id": doc, "source": "emoji.txt", "status": "ok", "n_paragraphs": "1"}],
            "paragraphs": [{**at(text), "kind": "body"}],
            "actors": [{"actor_id": "thierry-breton", "name": "Thierry Breton", "type": "PER"},
                       {"actor_id": "meta", "name": "Meta", "type": "ORG"}],
            "mentions": [{**at("Thierry Breton"), "label": "PER", "actor_id": "thierry-breton", "method": "rule"},
                         {**at("Meta"), "label": "ORG", "actor_id": "meta", "method": "rule"}],
            "quotes": [{**at("Nous irons vite 😀"), "quote_id": "emoji:q1", "kind": "direct",
                        "speaker": "Le commissaire 🇪🇺 Thierry Breton", "speaker_actor_id": "thierry-breton",
                        "speaker_name": "Thierry Breton", "cue": "déclarer", "rule": "colon"},
                       {**at("rien ne change"), "quote_id": "emoji:q2", "kind": "indirect", "speaker": "Meta",
                        "speaker_actor_id": "meta", "speaker_name": "Meta", "cue": "selon", "rule": "selon"}],
            "dates": []}
    output = tmp_path / "outputs"
    write_tables(output, rows)
    return corpus, output


def test_emoji_offsets_are_code_points_by_default_and_utf16_units_on_request(emoji_run, tmp_path):
    corpus, output = emoji_run
    (points,), _ = export_tasks(output, corpus)
    (units,), _ = export_tasks(output, corpus, offsets="utf16")
    encoded = EMOJI_TEXT.encode("utf-16-le")
    by_text = {}
    for one, other in zip(points["predictions"][0]["result"], units["predictions"][0]["result"]):
        if one["type"] != "labels":
            continue
        start, end = one["value"]["start"], one["value"]["end"]
        assert EMOJI_TEXT[start:end] == one["value"]["text"]  # code points: Python's own indices
        start16, end16 = other["value"]["start"], other["value"]["end"]
        assert encoded[2 * start16:2 * end16].decode("utf-16-le") == other["value"]["text"] == one["value"]["text"]
        by_text[one["value"]["text"]] = (start, start16)
    # 🚀 and the two regional indicators of 🇪🇺 are astral: three extra UTF-16 units before Thierry
    assert by_text["Thierry Breton"][1] - by_text["Thierry Breton"][0] == 3
    assert by_text["Nous irons vite 😀"][1] - by_text["Nous irons vite 😀"][0] == 3
    assert utf16_offset(EMOJI_TEXT, len(EMOJI_TEXT)) == len(encoded) // 2
    # either export imports to the same gold, with the emoji inside the quote intact
    gold_points, _ = import_gold(accepted([points]))
    gold_units, _ = import_gold(accepted([units]))
    assert gold_points == gold_units
    quotes = gold_points[0]["quotes"]
    assert [q["text"] for q in quotes] == ["Nous irons vite 😀", "rien ne change"]
    assert [q["speaker"] for q in quotes] == ["Thierry Breton", "Meta"]
    assert quotes[0]["speaker_mention"] == "Le commissaire 🇪🇺 Thierry Breton"
    assert [q["cue"] for q in quotes] == ["déclarer", "selon"]


def test_speaker_and_cue_are_regions_related_to_their_quote(emoji_run):
    corpus, output = emoji_run
    (task,), _ = export_tasks(output, corpus)
    result = task["predictions"][0]["result"]
    regions = {r["id"]: r["value"] for r in result if r["type"] == "labels"}
    links = {(regions[r["from_id"]]["text"], r["labels"][0], regions[r["to_id"]]["text"])
             for r in result if r["type"] == "relation"}
    assert links == {("Nous irons vite 😀", "speaker", "Le commissaire 🇪🇺 Thierry Breton"),
                     ("Nous irons vite 😀", "cue", "déclaré"),
                     ("rien ne change", "speaker", "Meta"), ("rien ne change", "cue", "Selon")}


def test_a_relation_drawn_from_speaker_to_quote_counts_the_same(emoji_run):
    corpus, output = emoji_run
    tasks = accepted(export_tasks(output, corpus)[0])
    for result in tasks[0]["annotations"][0]["result"]:
        if result["type"] == "relation":
            result["from_id"], result["to_id"], result["labels"] = result["to_id"], result["from_id"], []
    gold, _ = import_gold(tasks)
    assert [q["speaker"] for q in gold[0]["quotes"]] == ["Thierry Breton", "Meta"]


def test_region_whose_offsets_do_not_fit_its_text_is_a_clear_error(emoji_run):
    corpus, output = emoji_run
    tasks = accepted(export_tasks(output, corpus)[0])
    region = next(r for r in tasks[0]["annotations"][0]["result"] if r["type"] == "labels")
    region["value"]["start"] += 5
    with pytest.raises(ExchangeError, match=r"task 1 \(emoji\): region m1 says"):
        import_gold(tasks)


def test_cancelled_or_missing_annotations_leave_the_task_out(emoji_run):
    corpus, output = emoji_run
    tasks = accepted(export_tasks(output, corpus)[0])
    tasks[0]["annotations"][0]["was_cancelled"] = True
    gold, notes = import_gold(tasks)
    assert gold == [] and notes == ["task 1 (emoji): no annotation, left out"]


def test_export_and_import_commands_as_the_docs_show_them(seed_outputs, tmp_path, capsys, monkeypatch):
    """docs/labelstudio.md's commands, in a folder holding `corpus/` and the run of it (`outputs/`)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    (tmp_path / "outputs").symlink_to(seed_outputs)
    commands = documented_commands(ROOT / "docs" / "labelstudio.md")
    assert any(c[:2] == ["export", "labelstudio"] for c in commands)
    assert any(c[:2] == ["import", "labelstudio"] for c in commands)
    for command in commands:
        if command[:2] == ["import", "labelstudio"]:  # Label Studio's part: a person submits every task
            exported = accepted(json.loads(Path("tasks.json").read_text(encoding="utf-8")))
            Path(command[2]).write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
        assert main(command) == 0, command
    assert Path(CONFIG_NAME).read_text(encoding="utf-8") == LABEL_CONFIG
    assert "1.000" in capsys.readouterr().out


def documented_commands(doc: Path, with_run: bool = False) -> list[list[str]]:
    """The `veille …` commands of the doc's indented or fenced command lines; without `with_run`,
    `veille run` is left out (the fixture's run of the same corpus is already in outputs/)."""
    commands = []
    for line in doc.read_text(encoding="utf-8").splitlines():
        line = line.strip().split("  #")[0].strip()
        for part in line.split("&&"):
            words = part.split()
            if words[:1] == ["veille"] and (with_run or words[1:2] != ["run"]):
                commands.append(words[1:])
    return commands


def test_export_of_a_folder_without_tables_is_an_error(tmp_path, capsys):
    assert main(["export", "labelstudio", str(tmp_path), "-o", str(tmp_path / "t.json")]) == 2
    assert "no tables" in capsys.readouterr().err


def test_import_of_a_file_that_is_not_json_is_an_error(tmp_path, capsys):
    bad = tmp_path / "export.json"
    bad.write_text("<html>", encoding="utf-8")
    assert main(["import", "labelstudio", str(bad), "-o", str(tmp_path / "gold.jsonl")]) == 2
    assert "not a Label Studio JSON export" in capsys.readouterr().err
    assert not (tmp_path / "gold.jsonl").exists()


def test_articles_without_a_readable_text_are_left_out_and_named(emoji_run, capsys):
    corpus, output = emoji_run
    with open(output / "documents.csv", "a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, COLUMNS["documents"]).writerow(
            {"doc_id": "broken", "source": "broken.json", "status": "error", "error": "malformed JSON on line 3"})
    tasks, skipped = export_tasks(output, corpus)
    assert [task["data"]["doc_id"] for task in tasks] == ["emoji"]
    assert skipped == ["broken: status error (malformed JSON on line 3)"]
    assert main(["export", "labelstudio", str(output), "--corpus", str(corpus), "-o", str(output / "t.json")]) == 0
    assert "left out broken: status error" in capsys.readouterr().err
