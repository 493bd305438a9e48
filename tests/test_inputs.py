"""Articles as users bring them (issue 17): the documented examples work, metadata is kept,
CSV dialects and French field names are read, Markdown front matter is metadata, and record
dates are parsed in French."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.output.tables import TableWriter

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


# --- 1. the documented eval examples --------------------------------------------------------

def _documented_commands() -> list[tuple[str, str]]:
    """(where, command line) of every `veille` command the README, --help and Makefile show."""
    from pipeline.cli import build_parser

    found = []
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found += [("README.md", line) for line in re.findall(r"^ {4}(?:\.venv/bin/)?(veille .+)$", readme, re.M)]
    parser = build_parser()
    helps = [parser.format_help()]
    for action in parser._subparsers._group_actions:  # noqa: SLF001 — the epilogs of every command
        helps += [sub.format_help() for sub in action.choices.values()]
    for text in helps:
        found += [("--help", line.strip()) for line in text.splitlines() if line.strip().startswith("veille ")]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^(\w+) \?= (\S+)$", makefile, re.M))
    for line in re.findall(r"^\t\$\(BIN\)/(veille .+)$", makefile, re.M):
        found.append(("Makefile", re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), m.group(0)), line)))
    return found


def _eval_examples() -> list[tuple[str, Path, str, Path | None]]:
    """(where, gold, output, corpus the example ran into that output) of every eval example."""
    commands = _documented_commands()
    examples = []
    for where, line in commands:
        for part in line.split("&&"):
            words = shlex.split(part.split("#")[0])
            if words[:2] != ["veille", "eval"]:
                continue
            gold, output = words[2], words[3]
            corpus = None
            for _, other in commands:  # the run that wrote this output, in the same documents
                for piece in other.split("&&"):
                    run = shlex.split(piece.split("#")[0])
                    if run[:2] == ["veille", "run"] and "-o" in run and run[run.index("-o") + 1] == output:
                        corpus = ROOT / run[2]
            if where == "Makefile":
                corpus = ROOT / "corpus"  # `make eval` runs `make run` on CORPUS first
            examples.append((where, ROOT / gold, output, corpus))
    return examples


def test_every_eval_example_pairs_a_gold_set_with_the_corpus_it_annotates():
    from pipeline.evaluate.score import load_gold

    examples = _eval_examples()
    assert {where for where, *_ in examples} == {"README.md", "--help", "Makefile"}
    for where, gold, output, corpus in examples:
        assert gold.exists(), (where, gold)
        assert corpus is not None and corpus.is_dir(), (where, output)
        files = {path.name for path in corpus.rglob("*") if path.is_file()}
        for article in load_gold(gold):
            assert article["file"] in files or f"{article['id']}.txt" in files, (where, gold, article["id"])


def _empty_tables(output: Path, doc_ids: list[str]) -> None:
    with TableWriter(output) as tables:
        tables.write("documents", [{"doc_id": doc_id, "source": f"{doc_id}.txt", "status": "ok"}
                                   for doc_id in doc_ids])


def test_eval_of_a_run_of_other_documents_says_no_gold_article_was_found(tmp_path, capsys):
    _empty_tables(tmp_path / "out", ["seeds/000_029dc54680174176", "seeds/003_f1befbf8f01b1ffd"])
    assert main(["eval", str(DATA / "gold"), str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert "F1" not in captured.out
    assert "none of the 16 gold article(s)" in captured.err
    assert "a01_dsa_x_amende" in captured.err
    assert "veille run tests/data/corpus" in captured.err


def test_eval_of_a_run_missing_some_gold_articles_warns_and_scores(tmp_path, capsys):
    _empty_tables(tmp_path / "out", ["a01_dsa_x_amende"])
    assert main(["eval", str(DATA / "gold"), str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "15 of 16 gold article(s) not in" in captured.err
    assert "F1" in captured.out


def test_eval_of_an_empty_gold_set_is_an_error(tmp_path, capsys):
    (tmp_path / "gold").mkdir()
    _empty_tables(tmp_path / "out", ["a01_dsa_x_amende"])
    assert main(["eval", str(tmp_path / "gold"), str(tmp_path / "out")]) == 2
    assert "no gold article" in capsys.readouterr().err


def test_gold_readme_names_only_files_that_exist():
    readme = (DATA / "gold" / "README.md").read_text(encoding="utf-8")
    for name in re.findall(r"`([^`\s]+\.(?:jsonl|txt))`", readme):
        candidates = [DATA / "gold" / name, ROOT / name, DATA / name]
        assert any(path.exists() for path in candidates), name


@pytest.mark.slow
def test_documented_eval_examples_run_as_written(tmp_path, capsys, nlp):
    """Each README / --help / Makefile eval example, run after the `veille run` it pairs with."""
    from pipeline.run import run

    done = {}
    for where, gold, output, corpus in _eval_examples():
        if corpus not in done:
            done[corpus] = tmp_path / f"run{len(done)}"
            run(corpus, done[corpus], nlp=nlp)
        assert main(["eval", str(gold), str(done[corpus])]) == 0, (where, gold)
        captured = capsys.readouterr()
        assert "not in" not in captured.err, (where, captured.err)
        assert "F1 0.000" not in captured.out, (where, captured.out)
