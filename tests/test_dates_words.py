"""The date words (months, weekdays, seasons, ordinals, units, counts) are data, read from the
same rule files as the patterns: a spelling added there is both matched and read (issue 11)."""

from __future__ import annotations

import json

import pytest

from pipeline.dates.extract import DateExtractor
from pipeline.dates.words import CLASSES, DateWords
from pipeline.rules import RulesError, load_rules

FRIDAY = "2025-09-26"


def write(folder, *lines: dict) -> None:
    (folder / "dates_mine.jsonl").write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def test_every_word_class_is_in_the_models_and_no_value_table_is_left_in_code(rules):
    words = DateWords.from_rules(rules)
    assert set(words.spellings) == set(CLASSES)
    assert words.value("month", "février") == "2" and words.value("month", "sept.") == "9"
    assert words.value("weekday", "dimanche") == "7" and words.value("season", "hiver") == "24"
    assert words.value("unit", "semaines") == "week" and words.value("count", "quinze") == "15"
    from pipeline.dates import calendar, extract
    for module in (calendar, extract):
        assert not {"MONTHS", "WEEKDAYS", "SEASON_WORDS", "ORDINALS", "UNITS", "COUNT_WORDS"} & set(vars(module))


def test_a_month_spelling_added_as_data_is_matched_and_read(nlp, tmp_path, article_of):
    write(tmp_path, {"label": "MONTH_WORD", "pattern": [{"LOWER": "juil"}], "id": "7"})
    extractor = DateExtractor(nlp, load_rules(tmp_path))
    found = extractor.extract(article_of("Le décret est paru le 14 juil 2021.", published=FRIDAY))
    assert [(m.text, m.value) for m in found] == [("le 14 juil 2021", "2021-07-14")]
    found = extractor.extract(article_of("Le texte a été voté mi-juil.", published=FRIDAY))
    assert [(m.text, m.value) for m in found] == [("mi-juil", "2025-07")]


def test_a_count_word_added_as_data_is_read(nlp, tmp_path, article_of):
    write(tmp_path, {"label": "COUNT_WORD", "pattern": [{"LOWER": "dix-huit"}], "id": "18"})
    extractor = DateExtractor(nlp, load_rules(tmp_path))
    found = extractor.extract(article_of("Il y a dix-huit mois, le site a fermé.", published=FRIDAY))
    assert [(m.text, m.value) for m in found] == [("Il y a dix-huit mois", "2024-03")]


@pytest.mark.parametrize("line, message", [
    ({"label": "MONTH_WORD", "pattern": [{"LOWER": "brumaire"}], "id": "13"},
     'MONTH_WORD id "13" is not a month (1 to 12)'),
    ({"label": "WEEKDAY_WORD", "pattern": [{"LOWER": "lun."}], "id": "0"}, "is not a weekday"),
    ({"label": "UNIT_WORD", "pattern": [{"LOWER": "siècle"}], "id": "century"}, "is not a unit"),
    ({"label": "HOLIDAY_WORD", "pattern": [{"LOWER": "noel"}], "id": "25-12"}, "is not a holiday"),
    ({"label": "SEASON_WORD", "pattern": [{"LOWER": {"IN": ["estival", "été"]}}], "id": "22"}, '"été" is already a season word'),
    ({"label": "MONTH_WORD", "pattern": [{"LOWER": "Juillet"}], "id": "7"}, "one token listing its words"),
    ({"label": "MONTH_WORD", "pattern": [{"LOWER": "ju"}, {"LOWER": "il"}], "id": "7"}, "one token"),
    ({"label": "YEAR", "pattern": [{"LOWER": "en"}, {"LOWER": {"IN": ["@MOIS_WORD"]}}]},
     '"@MOIS_WORD" names no word class'),
])
def test_a_wrong_word_class_stops_the_run_with_its_line(nlp, tmp_path, line, message):
    write(tmp_path, line)
    with pytest.raises(RulesError) as error:
        DateExtractor(nlp, load_rules(tmp_path))
    assert any(problem.endswith(message) or message in problem for problem in error.value.problems)
    assert all("dates_mine.jsonl:1:" in problem for problem in error.value.problems)


def test_a_wrong_word_class_makes_veille_run_refuse_to_start(nlp, tmp_path):
    from pipeline.run import run

    rules = tmp_path / "rules"
    rules.mkdir()
    write(rules, {"label": "MONTH_WORD", "pattern": [{"LOWER": "brumaire"}], "id": "13"})
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("En février, rien.", encoding="utf-8")
    with pytest.raises(RulesError):
        run(corpus, tmp_path / "out", rules, nlp=nlp)
