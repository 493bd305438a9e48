"""Every command example of README.md, docs/*.md and `veille --help` runs as a test (issue 17).

The examples are gathered from the texts as written: indented or fenced command lines, and inline
`veille …` spans with arguments. Each `veille` example must parse with the real command line. Then
it runs, here or in the one test elsewhere that runs it already (ELSEWHERE, whose tests are checked
to exist); a template with placeholders in capitals (`CORPUS`, `tcp://HOST:8786`) only parses, and
the few examples that cannot run inside the suite say why (NOT_RUN). A new example that fits none
of these fails `test_every_example_is_run_somewhere` until it is run.

Examples run in a folder holding links to the project's corpus/, tests/ and benchmarks/, `/tmp/X`
outputs rewritten into it, on the session's model; each step of `a && b` must exit 0.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from pipeline.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ("veille", "make", "python")
PLACEHOLDER = re.compile(r"\b[A-Z]{3,}\b")

# Examples another test runs as written: a substring of the example -> "tests/file.py::test"
# (`test_name_*`: a test whose name starts so).
ELSEWHERE = {
    "veille run tests/data/corpus -o /tmp/tuned": "tests/test_inputs.py::test_documented_eval_examples_run_as_written",
    "veille eval tests/data/gold /tmp/tuned": "tests/test_inputs.py::test_documented_eval_examples_run_as_written",
    "veille run tests/data/heldout/corpus": "tests/test_inputs.py::test_documented_eval_examples_run_as_written",
    "veille eval tests/data/heldout/gold": "tests/test_inputs.py::test_documented_eval_examples_run_as_written",
    "veille run tests/data/corpus -o /tmp/gold-run": "tests/test_inputs.py::test_documented_eval_examples_run_as_written",
    "veille run a.md b.json -o out":
        "tests/test_cli.py::test_several_files_are_read_and_named_from_their_common_folder",
    "labelstudio": "tests/test_labelstudio.py::test_export_and_import_commands_as_the_docs_show_them",
    "veille run corpus -o outputs --html": "tests/test_report.py::test_the_commands_of_the_report_doc_write_the_report",
    "veille report outputs --corpus corpus":
        "tests/test_report.py::test_the_commands_of_the_report_doc_write_the_report",
    "--rules my_rules": "tests/test_docs_rules.py::test_added_speech_verb_attributes_the_quote",
    "--cluster local:2": "tests/test_cluster.py::test_veille_run_on_a_local_cluster_writes_the_bytes_of_a_local_run",
    "python -m benchmarks.bench_cluster": "tests/test_cluster.py::test_docs_cluster_*",  # the doc's commands
}
# Examples that cannot run inside the suite, and why; `make` targets are checked to exist.
NOT_RUN = {
    "make test": "the suite itself (CI runs it: .ci/run)",
    "make bench": "minutes of benchmark; the options of its recipe parse below",
    "python -m benchmarks.bench_incremental --articles 1000": "minutes of benchmark; its options parse below",
}


def _markdown_examples(path: Path) -> list[tuple[str, str]]:
    """(where, command) of a Markdown file: indented and fenced command lines, inline spans."""
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(ROOT).as_posix()
    found = []
    code = re.sub(r"```(?:python|json|jsonl|toml|yaml|text)?\n.*?```", "", text, flags=re.S)  # not commands
    for line in code.splitlines():
        if line.startswith("    ") or line.startswith("\t"):
            found.append((where, line.strip()))
    for span in re.findall(r"(?<!`)`([^`]+)`(?!`)", code):
        words = span.split()
        if (len(words) >= 3 or words[:1] == ["make"]) and not _option_fragment(words):
            found.append((where, " ".join(words)))
    return found


def _option_fragment(words: list[str]) -> bool:
    """An inline `veille run --jobs 2` names an option in prose; it is no command to run (a code
    line, indented or fenced, is always one and must parse)."""
    if words[0] != "veille":
        return False
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            build_parser().parse_args(shlex.split(" ".join(words).split("|")[0].split("&&")[0])[1:])
    except SystemExit as exit_:
        return exit_.code == 2
    return False


def _parsers(parser):
    """The parser and every command under it (`veille`, `veille run`, `veille rules check`…)."""
    yield parser
    for action in parser._actions:  # noqa: SLF001 — argparse keeps its commands there
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for command in action.choices.values():
                yield from _parsers(command)


def _help_examples() -> list[tuple[str, str]]:
    """The `veille …` lines of every --help (their epilogs hold the examples)."""
    return [("--help", line.strip()) for parser in _parsers(build_parser())
            for line in parser.format_help().splitlines() if line.strip().startswith("veille ")]


def examples() -> list[tuple[str, str]]:
    """(where, command) of every example, comments cut, `.venv/bin/` dropped, in order."""
    found = _markdown_examples(ROOT / "README.md")
    for path in sorted((ROOT / "docs").glob("*.md")):
        found += _markdown_examples(path)
    found += _help_examples()
    result = []
    for where, line in found:
        line = re.sub(r"\s+#\s.*$", "", line).replace(".venv/bin/", "").strip()
        words = line.split()
        if words and words[0] in PROGRAMS and len(words) > 1:
            result.append((where, line))
    return list(dict.fromkeys(result))


def _steps(command: str) -> list[list[str]]:
    """`a && b | head -1` as [[a…], [b…]]: what a pipe feeds is not a command of veille's."""
    return [shlex.split(part.split("|")[0]) for part in command.split("&&")]


def _covered_elsewhere(command: str) -> str | None:
    return next((test for key, test in ELSEWHERE.items() if key in command), None)


def _not_run(command: str) -> str | None:
    return next((why for key, why in NOT_RUN.items() if command.startswith(key)), None)


def test_examples_are_found_in_the_readme_the_docs_and_the_help():
    found = examples()
    places = {where for where, _ in found}
    assert {"README.md", "--help", "docs/rules.md", "docs/cluster.md", "docs/report.md"} <= places
    commands = [command for _, command in found]
    assert "veille run corpus -o outputs" in commands and "veille --version" in commands
    assert "make run" in commands and not any(command.startswith("veille:") for command in commands)


def test_every_veille_example_parses_with_the_command_line():
    parser = build_parser()
    for where, command in examples():
        for words in _steps(command):
            if words[0] == "veille" and words[1:] not in (["--version"], ["--help"]):
                parser.parse_args(words[1:])  # an unknown option or command exits 2 here


def make_recipe(target: str) -> str:
    """The command a Makefile target runs, its variables (`$(CORPUS)`) and `$(BIN)/` resolved."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(rf"^{target}:.*\n\t(.+)$", makefile, flags=re.M).group(1)
    variables = dict(re.findall(r"^(\w+) \?= (\S+)$", makefile, flags=re.M))
    return re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), ""), recipe).lstrip("/")


def test_every_benchmark_example_parses_with_its_own_options():
    import importlib

    for where, command in examples():
        words = shlex.split(make_recipe(command.split()[1]) if command.startswith("make ") else command)
        if words[:2] == ["python", "-m"] and words[2].startswith("benchmarks."):
            module = importlib.import_module(words[2])
            with pytest.raises(SystemExit) as exit_:
                module.main(words[3:] + ["--help"])
            assert exit_.value.code == 0, (where, command)


def test_every_make_example_is_a_target_of_the_makefile():
    targets = set(re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M))
    for where, command in examples():
        if command.startswith("make "):
            assert command.split()[1] in targets, (where, command)


def test_every_example_is_run_somewhere():
    """Run here, by a named test elsewhere, a template, or not run for a reason given."""
    for where, command in examples():
        elsewhere = _covered_elsewhere(command)
        if elsewhere:
            path, name = elsewhere.split("::")
            pattern = rf"^def {name[:-1]}\w*\(" if name.endswith("*") else rf"^def {name}\("
            assert re.search(pattern, (ROOT / path).read_text(encoding="utf-8"), flags=re.M), (where, command, elsewhere)
        assert elsewhere or _not_run(command) or PLACEHOLDER.search(command) or _runnable_here(command), (
            where, command)


def _runnable_here(command: str) -> bool:
    return all(words[0] in ("veille", "make") for words in _steps(command))


@pytest.fixture
def sandbox(tmp_path, monkeypatch, nlp):
    """A folder holding the project's corpus/, tests/ and benchmarks/; the session's model."""
    for name in ("corpus", "tests", "benchmarks"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("pipeline.nlp.build_nlp", lambda rules, model=None: nlp)
    from test_docs_rules import files_in_doc  # the rule files docs/rules.md shows, for `my_rules`

    for name, content in files_in_doc().items():
        if name.startswith("my_rules/"):
            (tmp_path / name).parent.mkdir(exist_ok=True)
            (tmp_path / name).write_text(content, encoding="utf-8")
    return tmp_path


def _run(words: list[str], sandbox: Path) -> int:
    """One step, as `veille` or `make` would run it here; its exit code."""
    words = [re.sub(r"^/tmp/", f"{sandbox}/tmp/", word) for word in words]
    if words[0] == "make":
        words = make_recipe(words[1]).split()
    try:
        return main(words[1:])
    except SystemExit as exit_:  # --version, --help
        return exit_.code


@pytest.mark.slow
def test_the_examples_run_here_exit_zero(sandbox, capsys):
    ran = []
    for where, command in examples():
        if _covered_elsewhere(command) or _not_run(command) or PLACEHOLDER.search(command):
            continue
        for words in _steps(command):
            code = _run(words, sandbox)
            captured = capsys.readouterr()
            assert code == 0, (where, command, captured.err[-2000:])
            ran.append(command)
    assert "veille run corpus -o outputs" in ran and "veille status outputs --files | head -1" in ran
    assert (sandbox / "tmp" / "one" / "documents.csv").exists()
