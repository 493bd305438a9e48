"""`veille eval` on dates: a gold date with no value annotated is scored as found or missed only."""

from __future__ import annotations

import pytest

from pipeline.evaluate.score import evaluate
from test_dates_ftib import date_figures
from test_evaluate import write_gold, write_tables


@pytest.mark.parametrize("predicted", ["2003-02-01/2003-02-02", ""])
def test_a_gold_date_without_value_is_found_never_wrong(tmp_path, predicted):
    # TimeML's "ce week-end" is 2003-W05-WE, outside the gold format: the gold keeps it with value null
    write_tables(tmp_path, dates=[{"text": "ce week-end", "value": predicted},
                                  {"text": "le 3 février", "value": "2003-02-03"}])
    gold = write_gold(tmp_path / "g.jsonl", published="2003-02-04", dates=[
        {"text": "ce week-end", "value": None}, {"text": "le 3 février", "value": "2003-02-03"}])
    scores = evaluate(gold, tmp_path)
    dates = scores["dates"]
    assert (dates["tp"], dates["fp"], dates["fn"]) == (2, 0, 0)
    assert (dates["value_accuracy"], dates["value_checked"], dates["wrong"]) == (1.0, 1, [])
    assert date_figures(scores) == (1.0, 1.0, 1.0)


def test_a_gold_date_without_value_still_counts_when_missed(tmp_path):
    write_tables(tmp_path, dates=[{"text": "le 3 février", "value": "2003-02-10"}])
    gold = write_gold(tmp_path / "g.jsonl", published="2003-02-04", dates=[
        {"text": "ce week-end", "value": None}, {"text": "le 3 février", "value": "2003-02-03"}])
    scores = evaluate(gold, tmp_path)
    dates = scores["dates"]
    assert (dates["tp"], dates["fp"], dates["fn"], dates["value_accuracy"]) == (1, 0, 1, 0.0)
    assert date_figures(scores)[2] == 0.0  # found, but with the wrong value


def test_a_range_the_gold_gives_as_two_points_is_scored_as_those_two_points(tmp_path):
    # TimeML: "du mercredi 3 avril au samedi 6 avril" is two dates; veille writes one range
    write_tables(tmp_path, dates=[{"text": "du mercredi 3 avril au samedi 6 avril", "value": "2002-04-03/2002-04-06"}])
    gold = write_gold(tmp_path / "g.jsonl", published="2002-04-03", dates=[
        {"text": "mercredi 3 avril", "value": "2002-04-03"}, {"text": "samedi 6 avril", "value": "2002-04-06"}])
    dates = evaluate(gold, tmp_path)["dates"]
    assert (dates["tp"], dates["fp"], dates["fn"], dates["value_accuracy"]) == (2, 0, 0, 1.0)


def test_a_range_the_gold_gives_as_a_range_stays_one_date(tmp_path):
    write_tables(tmp_path, dates=[{"text": "du 4 au 6 septembre", "value": "2024-09-04/2024-09-06"}])
    gold = write_gold(tmp_path / "g.jsonl", published="2024-09-10", dates=[
        {"text": "du 4 au 6 septembre", "value": "2024-09-04/2024-09-06"}])
    dates = evaluate(gold, tmp_path)["dates"]
    assert (dates["tp"], dates["fp"], dates["fn"], dates["value_accuracy"]) == (1, 0, 0, 1.0)
