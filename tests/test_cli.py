"""The command line: exit codes, one-line errors, a summary, and help for every option."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.cli import build_parser, main
from pipeline.output.tables import COLUMNS, read_table

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "L’Arcom a infligé une amende à X, a déclaré jeudi son président, Martin Ajdari."


@pytest.fixture
def shared_model(nlp, monkeypatch):
    """`veille run` through main() reuses the session's model instead of loading its own."""
    monkeypatch.setattr("pipeline.nlp.build_nlp", lambda rules, model=None: nlp)


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "arcom.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_run_writes_the_seven_tables_and_exits_zero(shared_model, corpus, tmp_path, capsys):
    assert main(["run", str(corpus), "-o", str(tmp_path / "out")]) == 0
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.csv")) == sorted(COLUMNS)
    captured = capsys.readouterr()
    assert captured.out == ""  # progress and summary go to stderr
    assert "documents" in captured.err and "1 (ok 1, empty 0, error 0, duplicate 0)" in captured.err


def test_run_exits_zero_when_some_documents_fail(shared_model, corpus, tmp_path):
    (corpus / "vide.txt").write_bytes(b"")
    (corpus / "casse.jsonl").write_text('{"text": "coupé', encoding="utf-8")
    assert main(["run", str(corpus), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    statuses = dict(zip(*[read_table(tmp_path / "out", "documents")[c] for c in ("doc_id", "status")]))
    assert statuses == {"arcom": "ok", "casse#1": "error", "vide": "empty"}


def test_quiet_run_prints_nothing(shared_model, corpus, tmp_path, capsys):
    assert main(["run", str(corpus), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_excel_option_writes_spreadsheet_copies(shared_model, corpus, tmp_path):
    assert main(["run", str(corpus), "-o", str(tmp_path / "out"), "--quiet", "--excel"]) == 0
    assert sorted(p.stem for p in (tmp_path / "out" / "excel").glob("*.csv")) == sorted(COLUMNS)


def test_excel_copy_writes_decimal_commas_and_formula_starts_as_text(tmp_path):
    """French Excel reads `0,664` as a number and `0.664` as text; `=`, `+`, `-`, `@` never run."""
    from pipeline.output.tables import TableWriter

    with TableWriter(tmp_path, excel=True) as tables:
        tables.write("paragraphs", [{"doc_id": "a", "paragraph": 1, "start": 0, "end": 9, "text": "=SOMME(A1)",
                                     "duplicate_of": "a:0", "similarity": 0.664},
                                    {"doc_id": "a", "paragraph": 2, "start": 10, "end": 20, "text": "-3.5 % en 2024",
                                     "similarity": 1.0}])
    copy = (tmp_path / "excel" / "paragraphs.csv").read_text(encoding="utf-8-sig").splitlines()
    assert copy[1].split(";")[4] == "'=SOMME(A1)" and copy[1].split(";")[-1] == "0,664"
    assert copy[2].split(";")[4] == "'-3.5 % en 2024" and copy[2].split(";")[-1] == "1,0"
    assert (tmp_path / "paragraphs.csv").read_text(encoding="utf-8").splitlines()[1].endswith(",0.664")


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    return captured.err.strip()


def test_missing_corpus_is_a_one_line_error_with_exit_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "absent"), "-o", str(tmp_path / "out")]) == 2
    assert one_line_error(capsys) == f"veille: error: corpus not found: {tmp_path / 'absent'}"
    assert not (tmp_path / "out").exists()


def test_one_article_file_is_a_corpus_named_as_in_its_folder(shared_model, corpus, tmp_path):
    assert main(["run", str(corpus / "arcom.txt"), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    (row,) = read_table(tmp_path / "out", "documents").to_dict("records")
    assert (row["doc_id"], row["source"], row["status"]) == ("arcom", "arcom.txt", "ok")
    assert len(read_table(tmp_path / "out", "quotes")) == 1


def test_several_files_are_read_and_named_from_their_common_folder(shared_model, corpus, tmp_path):
    (corpus / "ailleurs").mkdir()
    (corpus / "ailleurs" / "cnil.jsonl").write_text(
        '{"id": "c1", "texte": "La CNIL a mis en demeure Google jeudi.", "lien": "https://www.lemonde.fr/a"}\n',
        encoding="utf-8")
    (corpus / "ignore.txt").write_text("Un fichier que la commande ne nomme pas.", encoding="utf-8")
    assert main(["run", str(corpus / "arcom.txt"), str(corpus / "ailleurs" / "cnil.jsonl"),
                 "-o", str(tmp_path / "out"), "--quiet"]) == 0
    rows = read_table(tmp_path / "out", "documents")
    assert list(zip(rows["doc_id"], rows["source"], rows["outlet"])) == [
        ("ailleurs/cnil#c1", "ailleurs/cnil.jsonl", "lemonde.fr"), ("arcom", "arcom.txt", "")]


def test_output_that_is_a_file_is_a_clear_error(corpus, tmp_path, capsys):
    (tmp_path / "tables.csv").write_text("", encoding="utf-8")
    assert main(["run", str(corpus), "-o", str(tmp_path / "tables.csv")]) == 2
    assert one_line_error(capsys) == (f"veille: error: -o names a file, not a folder: {tmp_path / 'tables.csv'} "
                                      "(the tables are written into a folder)")
    assert (tmp_path / "tables.csv").read_text(encoding="utf-8") == ""


def test_version_prints_the_installed_version(capsys):
    from importlib import metadata

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"veille {metadata.version('veille')}\n"


def test_a_reader_that_closes_the_pipe_ends_the_command_without_a_traceback(tmp_path):
    """`veille ... | head -1`: the reader is gone before the command writes."""
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "rules", "check"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # closed before the interpreter has started: every write fails
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in error and "BrokenPipeError" not in error


def test_progress_lists_the_corpus_then_loads_the_model_then_counts_documents_toward_a_total():
    from rich.console import Console

    console = Console(record=True, width=120, force_terminal=False)
    from pipeline.console import RunProgress

    progress = RunProgress(console=console)

    def shown() -> str:
        console.print(progress.progress.make_tasks_table(progress.progress.tasks))
        return console.export_text()

    assert "listing the corpus" in shown()
    progress.listed(1)
    progress.loading_model()
    assert "loading the French model" in shown() and "0/1 document " in shown()
    progress.advance()
    text = shown()
    assert "1/1 document " in text and "loading" not in text and "documents " not in text.replace("documents/s", "")


def test_summary_counts_in_the_singular_and_shows_the_model_load_apart(capsys):
    from collections import Counter

    from pipeline.run import Summary

    summary = Summary(statuses=Counter(ok=1), paragraphs=3, repeats=1, processed=1, parsed=1, reused=1,
                      model_seconds=8.64)
    from pipeline.console import print_summary

    print_summary(summary, Path("sorties"), 12.34)
    text = capsys.readouterr().err
    assert "3 (1 repeat)" in text and "1 document reused" in text
    assert "12.3 s (loading the model 8.6 s)" in text


def test_output_that_cannot_be_a_folder_is_a_one_line_error(corpus, tmp_path, capsys):
    (tmp_path / "fichier").write_text("", encoding="utf-8")
    output = tmp_path / "fichier" / "out"  # under a regular file: not writable, even for root
    assert main(["run", str(corpus), "-o", str(output)]) == 2
    assert one_line_error(capsys) == f"veille: error: output folder is not writable: {output}"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_read_only_output_folder_is_a_one_line_error(corpus, tmp_path, capsys):
    output = tmp_path / "lecture"
    output.mkdir()
    output.chmod(0o555)
    try:
        assert main(["run", str(corpus), "-o", str(output)]) == 2
    finally:
        output.chmod(0o755)
    assert one_line_error(capsys) == f"veille: error: output folder is not writable: {output}"


def test_jobs_below_one_is_a_usage_error(corpus, tmp_path, capsys):
    assert main(["run", str(corpus), "-o", str(tmp_path / "out"), "--jobs", "0"]) == 2
    assert one_line_error(capsys) == "veille: error: --jobs must be at least 1"


def test_interrupted_run_says_so_and_exits_130(corpus, tmp_path, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.run.run", interrupted)
    assert main(["run", str(corpus), "-o", str(tmp_path / "out"), "--quiet"]) == 130
    assert "interrupted" in one_line_error(capsys)


def test_missing_corpus_through_a_subprocess(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(tmp_path / "absent"), "-o",
                             str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"veille: error: corpus not found: {tmp_path / 'absent'}\n"


def subcommands(parser: argparse.ArgumentParser):
    """Every parser reachable from the top one, with its name."""
    yield parser.prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from subcommands(child)


def test_help_explains_every_option_of_every_command():
    for name, parser in subcommands(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"{name}: {action.option_strings or action.dest} has no help"


def test_run_help_lists_every_option_with_an_example(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for option in ("CORPUS", "--output", "--rules", "--jobs", "--excel", "--html", "--quiet",
                   "--follow-outside-links"):
        assert option.lower() in text.lower()
    assert "examples:" in text and "veille run corpus -o outputs" in text


def test_cli_module_documents_its_exit_codes():
    assert all(f"{code} " in cli.__doc__ for code in (0, 1, 2, 3, 130, 143))


def test_a_run_naming_another_text_column_reads_every_record_again(shared_model, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.csv").write_text(f'chapo;corps\n"Court résumé.";"{ARTICLE}"\n', encoding="utf-8")
    output = tmp_path / "out"
    assert main(["run", str(corpus), "-o", str(output), "--quiet", "--text-column", "chapo"]) == 0
    assert read_table(output, "documents")["n_chars"].tolist() == [str(len("Court résumé."))]
    assert main(["run", str(corpus), "-o", str(output), "--quiet", "--text-column", "corps"]) == 0
    assert "veille: full run: --text-column, --date-column or --id-column differs" in capsys.readouterr().err
    assert read_table(output, "documents")["n_chars"].tolist() == [str(len(ARTICLE))]
