"""The rule loader names file and line for every mistake, and refuses to run on invalid rules."""

from __future__ import annotations

import pytest

from pipeline.cli import main
from pipeline.rules import RulesError, check_rules, family_of, load_rules

MISTAKES = [
    ("actors_mine.jsonl", '{"label": "ORG", "pattern": "Zorblax", "id": "Zorblax"\n',
     "actors_mine.jsonl:1: invalid JSON"),
    ("actors_mine.jsonl", '{"lable": "ORG", "pattern": "Zorblax", "id": "Zorblax"}\n',
     'actors_mine.jsonl:1: unknown key "lable"'),
    ("actors_mine.jsonl", '{"label": "ORG", "pattern": "Zorblax"}\n',
     'actors_mine.jsonl:1: missing key "id"'),
    ("actors_mine.jsonl", '{"label": "COMPANY", "pattern": "Zorblax", "id": "Zorblax"}\n',
     'actors_mine.jsonl:1: unknown label "COMPANY"'),
    ("actors_mine.jsonl", '{"label": "ORG", "pattern": [{"LOWR": "zorblax"}], "id": "Zorblax"}\n',
     "actors_mine.jsonl:1: invalid token pattern"),
    ("actors_mine.jsonl", '{"label": "ORG", "pattern": "", "id": "Zorblax"}\n',
     "actors_mine.jsonl:1: empty pattern"),
    ("actors_mine.jsonl", '{"label": "ORG", "pattern": "Zorblax", "id": "Zorblax", "kind": "spaceship"}\n',
     'actors_mine.jsonl:1: unknown kind "spaceship"'),
    ("actors_mine.jsonl",
     '{"label": "ORG", "pattern": "Zorblax", "id": "Zorblax"}\n{"label": "GOV", "pattern": "Zorblax SA", "id": "Zorblax"}\n',
     'actors_mine.jsonl:2: actor "Zorblax" is GOV here but ORG at'),
    ("actors_mine.jsonl",
     '{"label": "ORG", "pattern": "Zorblax", "id": "Zorblax"}\n{"label": "ORG", "pattern": "zorblax", "id": "Zorblax"}\n',
     "actors_mine.jsonl:2: duplicate of"),
    ("actors_mine.jsonl",
     '{"label": "ORG", "pattern": "Zorblax", "id": "Zorblax"}\n{"label": "ORG", "pattern": "Zorblax", "id": "Zorblax Group"}\n',
     'actors_mine.jsonl:2: pattern already names actor "Zorblax"'),
    ("speech_verbs_mine.txt", "tempêter  # a verb\n\n# a comment\n---\n",
     'speech_verbs_mine.txt:4: empty lemma'),
    ("speech_verbs_mine.txt", "tempêter\nfulminer\ntempêter\n",
     'speech_verbs_mine.txt:3: "tempêter" already listed at'),
    ("speech_verbs_mine.txt", "tempêter!\n", 'speech_verbs_mine.txt:1: "tempêter!" is not a lemma'),
    ("verbes.txt", "tempêter\n", "verbes.txt:1: unknown rule family"),
    ("speech_verbs_mine.jsonl", '{"label": "X", "pattern": "y"}\n', "speech_verbs_mine.jsonl:1: a speech_verbs file must be .txt"),
    ("settings_mine.toml", "[dedup]\nthreshold = 'high'\n", 'settings_mine.toml:2: "dedup.threshold" must be float'),
    ("settings_mine.toml", "[dedup]\nthreshhold = 0.5\n", 'settings_mine.toml:2: unknown setting "dedup.threshhold"'),
    ("settings_mine.toml", "[dedup\nthreshold = 0.5\n", "settings_mine.toml:1: invalid TOML"),
]


@pytest.mark.parametrize("name, content, expected", MISTAKES, ids=[m[2].split(": ", 1)[1][:40] for m in MISTAKES])
def test_rules_check_names_file_and_line_of_each_mistake(tmp_path, name, content, expected):
    (tmp_path / name).write_text(content, encoding="utf-8")
    problems = check_rules(tmp_path)
    assert any(expected in problem for problem in problems), problems


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    (tmp_path / "actors_mine.jsonl").write_text(
        '{"lable": "ORG", "pattern": "A1", "id": "A1"}\n{"label": "ORG", "pattern": "", "id": "B"}\n',
        encoding="utf-8")
    (tmp_path / "speech_verbs_mine.txt").write_text("---\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert len(problems) >= 3
    assert {p.split(":")[0].rsplit("/", 1)[-1] for p in problems} == {"actors_mine.jsonl", "speech_verbs_mine.txt"}


def test_shipped_rules_are_valid():
    assert check_rules() == []


def test_extra_rules_folder_adds_to_the_shipped_ones(tmp_path):
    (tmp_path / "speech_verbs_mine.txt").write_text("tempêter  # fulminer, in the press\n", encoding="utf-8")
    rules = load_rules(tmp_path)
    assert "tempêter" in rules.wordlist("speech_verbs")
    assert len(rules.pattern_rules("actors")) == len(load_rules().pattern_rules("actors"))


def test_file_family_is_read_from_the_file_name():
    from pathlib import Path

    assert family_of(Path("speech_verbs.txt")).name == "speech_verbs"
    assert family_of(Path("speech_verbs_newsroom.txt")).name == "speech_verbs"
    assert family_of(Path("actors_extra.jsonl")).name == "actors"
    assert family_of(Path("verbes.txt")) is None


def test_rules_check_command_prints_problems_and_exits_3(tmp_path, capsys):
    (tmp_path / "actors_mine.jsonl").write_text('{"label": "ORG", "pattern": "Zorblax"}\n', encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 3
    out = capsys.readouterr().out
    assert 'actors_mine.jsonl:1: missing key "id"' in out


def test_rules_check_command_says_ok_for_valid_rules(capsys):
    assert main(["rules", "check"]) == 0
    assert "rules ok" in capsys.readouterr().out


def test_run_refuses_invalid_rules_before_processing_anything(tmp_path, capsys):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "speech_verbs_mine.txt").write_text("tempêter!\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Thierry Breton a déclaré que la Commission enquête.", encoding="utf-8")
    output = tmp_path / "out"
    code = main(["run", str(corpus), "-o", str(output), "--rules", str(rules), "--quiet"])
    assert code == 3
    assert 'speech_verbs_mine.txt:1: "tempêter!" is not a lemma' in capsys.readouterr().err
    assert not list(output.glob("*.csv"))


def test_load_rules_raises_with_all_problems(tmp_path):
    (tmp_path / "dates_mine.jsonl").write_text("not json\n[1]\n", encoding="utf-8")
    with pytest.raises(RulesError) as error:
        load_rules(tmp_path)
    assert len(error.value.problems) == 2
