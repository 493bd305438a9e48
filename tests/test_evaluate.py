"""The evaluation follows the matching rules of the gold README."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluate.score import dice, evaluate, fold, words
from pipeline.output.tables import TableWriter

ARTICLE = "000_abc"


def write_tables(output, **rows):
    with TableWriter(output) as tables:
        tables.write("documents", [{"doc_id": f"seeds/{ARTICLE}", "source": f"seeds/{ARTICLE}.txt", "status": "ok"}])
        for name, records in rows.items():
            tables.write(name, [{"doc_id": f"seeds/{ARTICLE}", **record} for record in records])


def write_gold(path, **fields):
    path.write_text(json.dumps({"id": ARTICLE, "file": f"{ARTICLE}.txt", **fields}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def test_folding_ignores_case_accents_and_apostrophes():
    assert fold("L’Élysée") == fold("l'elysee")
    assert dice(words("Le groupe a démenti."), words("le groupe a dementi")) == 1.0


def test_quote_matches_at_half_of_its_words_and_speaker_alias_counts(tmp_path):
    write_tables(tmp_path, quotes=[{"kind": "direct", "text": "Nous respectons la loi européenne", "speaker_name": "Tik Tok"}])
    gold = write_gold(tmp_path / "g.jsonl", actors=[{"name": "TikTok", "type": "ORG", "aliases": ["Tik Tok"]}],
                      quotes=[{"kind": "direct", "text": "Nous respectons la loi européenne et américaine", "speaker": "TikTok"}])
    scores = evaluate(gold, tmp_path)["quotes"]
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 0, 0)
    assert scores["speaker_accuracy"] == 1.0


def test_anonymous_source_wants_an_empty_speaker(tmp_path):
    write_tables(tmp_path, quotes=[{"kind": "indirect", "text": "Washington envisage une vente", "speaker": "certaines sources",
                                    "speaker_name": "Washington"}])
    gold = write_gold(tmp_path / "g.jsonl", quotes=[{"kind": "indirect", "text": "Washington envisage une vente", "speaker": None}])
    assert evaluate(gold, tmp_path)["quotes"]["speaker_accuracy"] == 0.0


def test_optional_items_are_neither_required_nor_penalised(tmp_path):
    write_tables(tmp_path, dates=[{"text": "depuis des années", "value": ""}])
    gold = write_gold(tmp_path / "g.jsonl", dates=[{"text": "depuis des années", "value": None, "optional": True},
                                                    {"text": "ces derniers mois", "value": None, "optional": True}])
    scores = evaluate(gold, tmp_path)["dates"]
    assert (scores["tp"], scores["fp"], scores["fn"]) == (0, 0, 0)


def test_actor_split_in_two_counts_one_right_and_one_wrong(tmp_path):
    with TableWriter(tmp_path) as tables:
        tables.write("documents", [{"doc_id": f"seeds/{ARTICLE}", "source": f"seeds/{ARTICLE}.txt", "status": "ok"}])
        tables.write("mentions", [{"doc_id": f"seeds/{ARTICLE}", "text": "TikTok", "label": "ORG", "actor_id": "tiktok"},
                                  {"doc_id": f"seeds/{ARTICLE}", "text": "Tik Tok", "label": "PER", "actor_id": "tik-tok"}])
        tables.write("actors", [{"actor_id": "tiktok", "name": "TikTok", "type": "ORG"},
                                {"actor_id": "tik-tok", "name": "Tik Tok", "type": "PER"}])
    gold = write_gold(tmp_path / "g.jsonl", actors=[{"name": "TikTok", "type": "ORG", "aliases": ["TikTok", "Tik Tok"]}])
    scores = evaluate(gold, tmp_path)["actors"]
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 1, 0)
    assert scores["type_accuracy"] == 1.0


@pytest.mark.parametrize("value, right", [("XXXX-02", True), ("2026-02", False)])
def test_date_value_must_equal_gold(tmp_path, value, right):
    write_tables(tmp_path, dates=[{"text": "en février", "value": value}])
    gold = write_gold(tmp_path / "g.jsonl", dates=[{"text": "en février", "value": "XXXX-02"}])
    assert evaluate(gold, tmp_path)["dates"]["value_accuracy"] == (1.0 if right else 0.0)


def test_eval_command_prints_every_table(seed_outputs, capsys):
    from pathlib import Path

    from pipeline.cli import main

    gold = Path(__file__).resolve().parent / "data" / "seeds_gold.jsonl"
    assert main(["eval", str(gold), str(seed_outputs)]) == 0
    out = capsys.readouterr().out
    for table in ("dedup", "actors", "quotes", "dates", "claims"):
        assert table in out
    assert "dedup     P 1.000  R 1.000  F1 1.000" in out


def test_errors_are_grouped_by_class_with_counts(tmp_path):
    write_tables(tmp_path, quotes=[
        {"kind": "direct", "text": "Nous ne céderons pas aux pressions", "speaker": "il", "speaker_name": "Apple",
         "rule": "inversion/pronoun"},
        {"kind": "indirect", "text": "la décision était injuste", "speaker": "le ministre", "speaker_name": "",
         "rule": "indirect-que/role"},
    ], claims=[{"text": "Apple fera appel", "actor_name": "Apple", "source_name": "", "polarity": "affirm"}])
    gold = write_gold(tmp_path / "g.jsonl", quotes=[
        {"kind": "direct", "text": "Nous ne céderons pas aux pressions", "speaker": "Tim Cook"},
        {"kind": "indirect", "text": "la décision était injuste", "speaker": "Roland Lescure"},
        {"kind": "indirect", "text": "le groupe ferait appel de la décision", "speaker": "Apple"},
    ], claims=[{"text": "Apple fera appel", "actor": "Apple"},
               {"text": "Bruxelles reste inflexible", "actor": "Commission européenne"},
               {"text": "Washington consulterait ses alliés", "actor": "États-Unis"}])
    result = evaluate(gold, tmp_path)
    assert result["quotes"]["error_classes"] == {"indirect quote missed": 1, "speaker of a pronoun: another actor": 1,
                                                 "speaker: a role left empty": 1}
    assert result["claims"]["error_classes"] == {"claim missed: conditional": 1, "claim missed: copula or state": 1}


def test_dates_only_gold_scores_dates_and_leaves_other_tables_unscored(tmp_path, capsys):
    from pipeline.cli import main

    write_tables(tmp_path, dates=[{"text": "mardi", "value": "1999-05-18"}],
                 quotes=[{"kind": "direct", "text": "Nous verrons", "speaker": "il", "speaker_name": ""}],
                 claims=[{"text": "La mairie fera la fête", "actor_name": "", "source_name": "", "polarity": "affirm"}])
    gold = write_gold(tmp_path / "g.jsonl", published="1999-05-20", dates=[{"text": "mardi", "value": "1999-05-18"}])
    result = evaluate(gold, tmp_path)
    assert (result["dates"]["tp"], result["dates"]["annotated_articles"]) == (1, 1)
    assert (result["quotes"]["fp"], result["quotes"]["annotated_articles"]) == (0, 0)
    assert result["claims"]["fp"] == 0
    assert main(["eval", str(gold), str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "quotes    not annotated in this gold" in out and "claims    not annotated in this gold" in out
    assert "dates     P 1.000  R 1.000  F1 1.000" in out
