"""The five worked examples of docs/rules.md, run as written: each new rule gives its new row."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.run import run
from pipeline.output.tables import read_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def files_in_doc() -> dict[str, str]:
    """`File: path` lines followed by a fenced block, as {path: content}."""
    text = DOC.read_text(encoding="utf-8")
    found = re.findall(r"^File: (\S+)\n```\w*\n(.*?)```", text, flags=re.M | re.S)
    return dict(found)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rules_doc")
    for name, content in files_in_doc().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return folder


def run_example(example, nlp_factory, rules: str | None, name: str):
    rules_dir = None
    if rules is not None:
        rules_dir = example / f"only_{name}"
        rules_dir.mkdir(exist_ok=True)
        (rules_dir / rules).write_text((example / "my_rules" / rules).read_text(encoding="utf-8"), encoding="utf-8")
    output = example / f"out_{name}"
    run(example / "corpus", output, rules_dir, nlp=nlp_factory(rules_dir))
    return output


@pytest.fixture(scope="module")
def nlp_factory():
    from pipeline.nlp import build_nlp
    from pipeline.rules import load_rules

    return lambda rules_dir: build_nlp(load_rules(rules_dir))


def test_doc_shows_five_rule_files_and_the_article():
    assert set(files_in_doc()) == {"corpus/zorblax.txt", "my_rules/speech_verbs_mine.txt",
                                   "my_rules/actors_mine.jsonl", "my_rules/dates_mine.jsonl",
                                   "my_rules/dates_words_mine.jsonl", "my_rules/actors_fix.jsonl"}


def test_added_speech_verb_attributes_the_quote(example, nlp_factory):
    before = read_table(run_example(example, nlp_factory, None, "plain"), "quotes")
    after = read_table(run_example(example, nlp_factory, "speech_verbs_mine.txt", "verb"), "quotes")
    assert before.iloc[0]["speaker_name"] == ""
    row = after.iloc[0]
    assert (row["text"], row["speaker_name"], row["cue"], row["rule"]) == (
        "Ces pratiques commerciales sont tout simplement inacceptables", "Thierry Breton", "tempêter", "inversion")


def test_added_actor_gets_its_canonical_name_and_type(example, nlp_factory):
    output = run_example(example, nlp_factory, "actors_mine.jsonl", "actor")
    mentions = read_table(output, "mentions")
    row = mentions[mentions["text"] == "Zorblax"].iloc[0]
    assert (row["label"], row["actor_id"]) == ("ORG", "zorblax-technologies")
    actors = read_table(output, "actors").set_index("actor_id")
    assert actors.loc["zorblax-technologies", "name"] == "Zorblax Technologies"
    assert actors.loc["zorblax-technologies", "type"] == "ORG"


def test_added_date_expression_resolves_against_publication(example, nlp_factory):
    plain = read_table(run_example(example, nlp_factory, None, "plain"), "dates")
    output = run_example(example, nlp_factory, "dates_mine.jsonl", "date")
    dates = read_table(output, "dates")
    row = dates[dates["text"] == "l’année écoulée"].iloc[0]
    assert (row["value"], row["granularity"], row["anchor"]) == ("2024", "year", "publication")
    assert "l’année écoulée" not in set(plain["text"])


def test_added_word_of_a_date_class_is_matched_by_the_patterns_of_its_class(example, nlp_factory):
    plain = read_table(run_example(example, nlp_factory, None, "plain"), "dates")
    output = run_example(example, nlp_factory, "dates_words_mine.jsonl", "words")
    dates = read_table(output, "dates")
    row = dates[dates["text"] == "le 15 sept 2019"].iloc[0]
    assert (row["value"], row["granularity"], row["anchor"]) == ("2019-09-15", "day", "absolute")
    assert "le 15 sept 2019" not in set(plain["text"])


def test_an_actor_defined_again_replaces_the_one_of_models_and_says_so(example, capsys):
    from pipeline.cli import main
    from pipeline.rules import load_rules

    folder = example / "only_fix"
    folder.mkdir(exist_ok=True)
    (folder / "actors_fix.jsonl").write_text(files_in_doc()["my_rules/actors_fix.jsonl"], encoding="utf-8")
    lines = [rule.data for rule in load_rules(folder).pattern_rules("actors") if rule.data["id"] == "Thierry Breton"]
    assert lines == [json.loads(line) for line in files_in_doc()["my_rules/actors_fix.jsonl"].splitlines()]
    assert main(["rules", "check", str(folder)]) == 0
    said = capsys.readouterr().out.splitlines()[0]
    shown = re.search(r"^    my_rules/actors_fix\.jsonl(:1: .*)$", DOC.read_text(encoding="utf-8"), flags=re.M).group(1)
    assert said.endswith("actors_fix.jsonl" + shown), said
