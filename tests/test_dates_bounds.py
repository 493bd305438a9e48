"""Every resolved value spans ISO days, so that a dates table sorts and filters (issue 13)."""

from __future__ import annotations

import pytest

from pipeline.dates.calendar import bounds


@pytest.mark.parametrize("value, expected", [
    ("2021-02-03", ("2021-02-03", "2021-02-03")),
    ("2021-02", ("2021-02-01", "2021-02-28")),
    ("2024-02", ("2024-02-01", "2024-02-29")),
    ("2021", ("2021-01-01", "2021-12-31")),
    ("2025-W38", ("2025-09-15", "2025-09-21")),
    ("2025-22", ("2025-06-01", "2025-08-31")),  # summer
    ("2024-24", ("2024-12-01", "2025-02-28")),  # the winter of December 2024
    ("2024-33", ("2024-01-01", "2024-03-31")),
    ("2024-36", ("2024-10-01", "2024-12-31")),
    ("2024-41", ("2024-07-01", "2024-12-31")),
    ("201X", ("2010-01-01", "2019-12-31")),
    ("19", ("1900-01-01", "1999-12-31")),  # the XXe siècle
    ("2025-03-03/2025-03-05", ("2025-03-03", "2025-03-05")),
    ("2020/2022", ("2020-01-01", "2022-12-31")),
    ("XXXX-02", ("", "")),
    ("XX93-11-10", ("", "")),
    ("", ("", "")),
])
def test_a_value_spans_the_days_it_covers(value, expected):
    assert bounds(value) == expected


def test_bounds_of_every_value_the_date_tests_produce_parse_in_pandas(nlp, rules, article_of):
    import json
    from pathlib import Path

    import pandas as pd

    from pipeline.dates.extract import DateExtractor

    extractor = DateExtractor(nlp, rules)
    lines = (Path(__file__).resolve().parent / "data" / "dates_gold.jsonl").read_text(encoding="utf-8")
    values = [m.value for line in lines.splitlines() if line.strip()
              for m in extractor.extract(article_of(json.loads(line)["text"], published=json.loads(line)["published"]))]
    rows = [bounds(value) for value in values]
    frame = pd.DataFrame(rows, columns=["date_start", "date_end"]).replace("", None)
    start, end = pd.to_datetime(frame["date_start"]), pd.to_datetime(frame["date_end"])
    assert start.notna().sum() > 100 and (start.isna() == end.isna()).all()
    assert (start[start.notna()] <= end[end.notna()]).all()


def dates_sort_by_day(output) -> int:
    """A run's dates.csv read by pandas: every resolved row with a known year has its days, and
    `pd.to_datetime` parses them; returns how many rows have them."""
    import pandas as pd

    dates = pd.read_csv(output / "dates.csv", dtype=str, keep_default_na=False)
    start, end = pd.to_datetime(dates["date_start"].replace("", None)), pd.to_datetime(dates["date_end"].replace("", None))
    known = ~dates["value"].str.contains("X") & (dates["value"] != "")
    decades = dates["value"].str.fullmatch(r"\d{3}X")
    assert (start.notna() == (known | decades)).all() and (start.isna() == end.isna()).all()
    assert (start[start.notna()] <= end[end.notna()]).all()
    return int(start.notna().sum())


def test_the_dates_table_of_the_samples_sorts_by_day_in_pandas(seed_outputs):
    dates_sort_by_day(seed_outputs)  # "en février" with no publication year: no days, still parsed
