"""Accuracy floors on real news annotated by others: the French TimeBank development half
(tests/data/ftib-dev, TimeML gold converted to ours, dates only).

Rules are tuned by reading the errors of the `tune` part only; the `held` part is scored, never
read (tests/data/ftib-dev/README.md). The floors sit a little under the figures measured when
they were set, so that a real regression fails and noise in the model does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate.score import evaluate
from test_dates_bounds import dates_sort_by_day

FTIB = Path(__file__).resolve().parent / "data" / "ftib-dev"

# part -> (dates F1, value accuracy, found-with-the-right-value F1), measured then lowered a little.
# Measured at the close of issue 13: tune 0.959, 1.000, 0.959; held 0.889, 0.954, 0.852; the whole
# development half ("all": both parts together) 0.922, 0.978, 0.903, where the targets
# (0.92, 0.95, 0.88) are the floors.
FLOORS = {
    "tune": (0.94, 0.97, 0.94),
    "held": (0.87, 0.93, 0.83),
    "all": (0.92, 0.95, 0.89),
}
# part -> (corpus folder, gold file or folder); "all" reads both parts' folders and gold files
PARTS = {part: (FTIB / "corpus" / part, FTIB / "gold" / f"{part}.jsonl") for part in ("tune", "held")}
PARTS["all"] = (FTIB / "corpus", FTIB / "gold")


def date_figures(scores: dict) -> tuple[float, float, float]:
    """Dates F1, value accuracy, and F1 of the dates found with the right value (a gold date with
    no value annotated is right when found: it is never a wrong value)."""
    dates = scores["dates"]
    right = dates["tp"] - (dates["value_checked"] - round(dates["value_accuracy"] * dates["value_checked"]))
    precision = right / (dates["tp"] + dates["fp"]) if dates["tp"] + dates["fp"] else 1.0
    recall = right / (dates["tp"] + dates["fn"]) if dates["tp"] + dates["fn"] else 1.0
    value_f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return dates["f1"], dates["value_accuracy"], value_f1


@pytest.mark.slow
@pytest.mark.parametrize("part", sorted(FLOORS))
def test_french_timebank_dates_meet_their_floors(tmp_path, nlp, part):
    from pipeline.run import run

    corpus, gold = PARTS[part]
    run(corpus, tmp_path, nlp=nlp)
    scores = evaluate(gold, tmp_path)
    assert scores["missing_documents"] == []
    assert dates_sort_by_day(tmp_path) > 30
    f1, values, value_f1 = date_figures(scores)
    print(f"ftib {part}: dates F1 {f1:.3f}, value accuracy {values:.3f}, value F1 {value_f1:.3f}")
    assert all(got >= floor for got, floor in zip((f1, values, value_f1), FLOORS[part])), (f1, values, value_f1)
