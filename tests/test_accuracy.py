"""Accuracy floors on annotated articles: a change that loses accuracy fails here.

The floors sit a little under the figures measured when they were set (see the closing notes of
the issues), so noise in the model does not make them flaky while a real regression does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate.score import evaluate

DATA = Path(__file__).resolve().parent / "data"

# What the issues ask of the two sample articles.
SEED_FLOORS = {
    "dedup": {"f1": 1.0},
    "headings": {"f1": 1.0},
    "actors": {"f1": 0.90, "type_accuracy": 0.90},
    "quotes": {"f1": 0.90, "speaker_accuracy": 0.90},
    "dates": {"precision": 1.0, "recall": 1.0, "value_accuracy": 1.0},
    "claims": {"f1": 0.70, "actor_accuracy": 0.85},
}
# The 16 articles of tests/data/corpus, annotated in the same conventions.
TEST_SET_FLOORS = {
    "actors": {"f1": 0.93, "type_accuracy": 0.95},
    "quotes": {"f1": 0.95, "speaker_accuracy": 0.92},
    "dates": {"precision": 0.95, "recall": 0.95, "value_accuracy": 0.95},
    "claims": {"f1": 0.80, "actor_accuracy": 0.85, "polarity_accuracy": 0.95},
}


@pytest.fixture(scope="module")
def test_set_outputs(tmp_path_factory, nlp):
    from pipeline.run import run

    output = tmp_path_factory.mktemp("test_set_outputs")
    run(DATA / "corpus", output, nlp=nlp)
    return output


def below_floor(scores: dict, floors: dict) -> list[str]:
    return [f"{table} {metric} {scores[table][metric]:.3f} < {floor}"
            for table, metrics in floors.items() for metric, floor in metrics.items()
            if scores[table][metric] < floor]


@pytest.mark.slow
def test_sample_articles_meet_every_floor_of_the_issues(seed_outputs):
    scores = evaluate(DATA / "seeds_gold.jsonl", seed_outputs)
    assert scores["missing_documents"] == []
    assert below_floor(scores, SEED_FLOORS) == []


@pytest.mark.slow
def test_annotated_test_set_meets_its_floors(test_set_outputs):
    scores = evaluate(DATA / "gold", test_set_outputs)
    assert scores["missing_documents"] == []
    assert below_floor(scores, TEST_SET_FLOORS) == []


# Ten articles annotated by someone who never saw the code (tests/data/heldout/README.md).
HELDOUT_FLOORS = {
    "actors": {"f1": 0.88, "type_accuracy": 0.95},
    "quotes": {"f1": 0.88, "speaker_accuracy": 0.78},
    "dates": {"f1": 0.95, "value_accuracy": 0.95},
    "claims": {"f1": 0.70, "actor_accuracy": 0.70, "polarity_accuracy": 0.90},
}


@pytest.mark.slow
def test_held_out_articles_meet_their_floors(tmp_path, nlp):
    from pipeline.run import run

    run(DATA / "heldout" / "corpus", tmp_path, nlp=nlp)
    scores = evaluate(DATA / "heldout" / "gold", tmp_path)
    assert scores["missing_documents"] == []
    assert below_floor(scores, HELDOUT_FLOORS) == []


# Real news pages annotated blind (tests/data/real/*/README.md): the tuning pages, read while
# fixing error classes, and the held-out pages, only ever scored. r37–r60 and h21–h30 joined them
# later, annotated blind; the floors sit a little under the figures measured on all 60 and 30 pages.
REAL_FLOORS = {
    "tune": {
        "actors": {"f1": 0.85, "type_accuracy": 0.91},
        "quotes": {"f1": 0.93, "speaker_accuracy": 0.88, "cue_accuracy": 0.95},
        "dates": {"f1": 0.95, "value_accuracy": 0.97},
        "claims": {"f1": 0.77, "actor_accuracy": 0.82, "polarity_accuracy": 0.97},
    },
    "heldout": {
        "actors": {"f1": 0.86, "type_accuracy": 0.93},
        "quotes": {"f1": 0.89, "speaker_accuracy": 0.73, "cue_accuracy": 0.89},
        "dates": {"f1": 0.97, "value_accuracy": 0.97},
        "claims": {"f1": 0.77, "actor_accuracy": 0.76, "polarity_accuracy": 0.97},
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REAL_FLOORS))
def test_real_news_pages_meet_their_floors(tmp_path, nlp, name):
    from pipeline.run import run

    run(DATA / "real" / name / "corpus", tmp_path, nlp=nlp)
    scores = evaluate(DATA / "real" / name / "gold", tmp_path)
    assert scores["missing_documents"] == []
    assert below_floor(scores, REAL_FLOORS[name]) == []
