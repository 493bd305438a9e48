"""`veille rules check` rejects every rule-file mistake that makes `veille run` exit 3, with the same
file:line message, and both accept what the other accepts."""

from __future__ import annotations

import pytest

from pipeline.cli import main

MISTAKES = [
    ("settings_bad.toml", "[paragraphs]\nsegment_max_chars = 0\n", 'settings_bad.toml:2: "paragraphs.segment_max_chars" = 0 is out of range'),
    ("settings_bad.toml", "[dedup]\nnum_perm = 0\n", '"dedup.num_perm" = 0 is out of range'),
    ("settings_bad.toml", "[dedup]\nthreshold = 1.5\n", '"dedup.threshold" = 1.5 is out of range'),
    ("settings_bad.toml", "[dedup]\nnum_perm = \"beaucoup\"\n", '"dedup.num_perm" must be int'),
    ("settings_bad.toml", "[dedupe]\nnum_perm = 64\n", 'unknown section "dedupe"'),
    ("settings_bad.toml", "[dedup]\nnumperm = 64\n", 'unknown setting "dedup.numperm"'),
    ("settings_bad.toml", "[dedup\n", "invalid TOML"),
    ("dates_mine.jsonl", '{"label": "DATE", "pattern": [{"TEXT": {"REGEX": "(a+)+$"}}]}\n',
     "dates_mine.jsonl:1: REGEX \"(a+)+$\" nests quantifiers"),
    ("dates_mine.jsonl", '{"label": "DATE", "pattern": [{"TEXT": {"REGEX": "(unclosed"}}]}\n', "invalid REGEX"),
    ("dates_mine.jsonl", '{"label": "DATE", "pattern": [{"LOWER": "@MOIS_INCONNU"}]}\n', '"@MOIS_INCONNU" names no word class'),
    ("claims_mine.jsonl", '{"label": "NEGATION", "pattern": [{"_": {"claim_lemme": "nier"}}]}\n',
     'unknown token extension "_.claim_lemme"'),
    ("descriptions_mine.jsonl", '{"label": "ORG", "pattern": [{"LOWER": "firme"}], "scope": "partout"}\n',
     'descriptions_mine.jsonl:1: unknown scope "partout"'),
    ("descriptions_mine.jsonl", '{"label": "ORG", "pattern": [{"LOWER": "firme"}], "at": "milieu"}\n',
     '"at" must be start, end or any'),
    ("descriptions_mine.jsonl", '{"label": "GOV", "pattern": [{"LOWER": "ministère"}, {"LOWER": "de"}], "scope": "name"}\n',
     "a name rule is one token"),
    ("actors_mine.jsonl", '{"label": "ORG", "pattern": "Qwant", "id": "Qwant", "lable": "ORG"}\n', 'unknown key "lable"'),
    ("actors_mine.jsonl", '{"label": "ORG", "pattern": "Qwant"}\n', 'missing key "id"'),
    ("actors_mine.jsonl", '{"label": "COMPANY", "pattern": "Qwant", "id": "Qwant"}\n', 'unknown label "COMPANY"'),
    ("actors_mine.jsonl", '{"label": "ORG", "pattern": "Qwant", "id": "Qwant", "kind": "moteur"}\n', 'unknown kind "moteur"'),
    ("actors_mine.jsonl", '{"label": "ORG", "pattern": "Qwant", "id": "Qwant"}\n{"label": "PER", "pattern": "qwant.com", "id": "Qwant"}\n',
     'actor "Qwant" is PER here but ORG'),
    ("actors_mine.jsonl", '{"label": "ORG", "pattern": "Qwant", "id": "Qwant"\n', "invalid JSON"),
    ("actors_mine.jsonl", '["ORG", "Qwant"]\n', "each line must be a JSON object"),
    ("cues_mine.jsonl", '{"label": "SELON", "pattern": [{"LOWERCASE": "selon"}]}\n', "invalid token pattern"),
    ("cues_mine.jsonl", '{"label": "SELON", "pattern": []}\n', "empty pattern"),
    ("cues_mine.jsonl", '{"label": "SELON", "pattern": {"LOWER": "selon"}}\n', "pattern must be a string or a list"),
    ("speech_verbs_mine.txt", "tancer\ntancer\n", '"tancer" already listed at'),
    ("speech_verbs_mine.txt", "déclarer\n", '"déclarer" already listed at models/speech_verbs.txt'),
    ("speech_verbs_mine.txt", "tancer!\n", "is not a lemma"),
    ("speech_verbs_mine.jsonl", '{"label": "X", "pattern": "x"}\n', "a speech_verbs file must be .txt"),
    ("verbes.txt", "tancer\n", "unknown rule family"),
    ("court_nouns_mine.txt", "Conseil d'État\n", '"Conseil d\'État" must be one lower-case word'),
]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Huawei conteste la décision de Berlin.", encoding="utf-8")
    return folder


@pytest.mark.parametrize("name, content, message", MISTAKES, ids=[m[2][:40] for m in MISTAKES])
def test_rules_check_rejects_what_run_rejects(tmp_path, corpus, capsys, monkeypatch, name, content, message):
    monkeypatch.chdir(tmp_path)
    rules = tmp_path / "mine"
    rules.mkdir()
    (rules / name).write_text(content, encoding="utf-8")
    assert main(["rules", "check", "mine"]) == 3
    checked = capsys.readouterr().out
    assert message in checked
    assert main(["run", "corpus", "-o", "out", "--rules", "mine", "--quiet"]) == 3
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out" / "documents.csv").exists()  # nothing was processed


def test_rules_check_of_models_itself_is_clean(capsys):
    """The --help example: models/ named as an extra folder is not checked against itself."""
    assert main(["rules", "check", "models"]) == 0
    assert capsys.readouterr().out.strip() == "rules ok"


def test_a_valid_extra_rule_passes_the_check(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "speech_verbs_mine.txt").write_text("tancer  # «, tance X »\n", encoding="utf-8")
    (tmp_path / "mine" / "settings_mine.toml").write_text("[dedup]\nthreshold = 0.7\n", encoding="utf-8")
    assert main(["rules", "check", "mine"]) == 0
