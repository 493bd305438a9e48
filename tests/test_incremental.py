"""Incremental runs (issue 16): the manifest, reuse of unchanged documents, and always the bytes of a full run.

Corpora are small and generated from the shipped articles (benchmarks.bench.ArticleMaker), with
paragraphs copied on purpose between files so that dedup verdicts cross documents.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.bench import ArticleMaker
from pipeline import incremental
from pipeline.cli import main
from pipeline.incremental import MANIFEST, STATE, Plan
from pipeline.ingest.dedup import Deduplicator
from pipeline.ingest.read import read_corpus
from pipeline.ingest.read import document_from_record
from pipeline.output.tables import COLUMNS, LOCK_NAME, read_table, row_of
from pipeline.records import Paragraph
from pipeline.run import run

ROOT = Path(__file__).resolve().parent.parent
HOUR_AGO = time.time() - 3600


@pytest.fixture(autouse=True)
def fixed_code(monkeypatch):
    """The code hash pinned: other work on the code between two runs of a test must not make the
    second one full (the subprocess of KILLER pins it too)."""
    monkeypatch.setattr(incremental.manifest, "code_hash", lambda: "test")


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """About fifty distinct French paragraphs recombined from the shipped articles."""
    maker = ArticleMaker(seed=5, copy_rate=0)
    found = [p.strip() for number in range(12) for p in maker.article(number).split("\n\n")[1:]]
    return list(dict.fromkeys(found))


def write(folder: Path, name: str, *paragraphs: str, date: str = "2024-03-01", old: bool = True) -> Path:
    """An article file; `old`: its modification time an hour ago, so its size and date settle it."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f" date {date}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    if old:
        os.utime(path, (HOUR_AGO, HOUR_AGO))
    return path


def tables(output: Path) -> dict[str, bytes]:
    return {name: (output / f"{name}.csv").read_bytes() for name in COLUMNS}


def everything(output: Path) -> dict[str, bytes]:
    """Every file of an output folder but hidden ones (the lock, temporary files): tables,
    manifest, state."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(output).parts)}


def leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.rglob(".*") if p.name != LOCK_NAME)


def full_tables(corpus: Path, folder: Path, nlp) -> dict[str, bytes]:
    """The tables of a full run on the corpus as it is now, in a folder of their own."""
    run(corpus, folder, nlp=nlp, full=True)
    return tables(folder)


def paragraph_rows(output: Path) -> dict[str, str]:
    frame = read_table(output, "paragraphs")
    return {f"{row.doc_id}:{row.paragraph}": row.duplicate_of for row in frame.itertuples()}


class Notes(list):
    def __call__(self, note: str) -> None:
        self.append(note)


# --- dedup from stored signatures ---------------------------------------------------------------

def test_verdicts_over_signatures_are_the_verdicts_over_texts(rules, texts):
    """Replaying stored signatures gives what reading the texts gives, near repeats included."""
    near = texts[3].replace(" le ", " un ", 1).replace(" la ", " une ", 1)
    articles = [[texts[0], texts[1], texts[2]], [texts[3], texts[1].upper(), texts[4]],
                [near, texts[5], texts[0]], ["Court titre", texts[6], texts[5]]]
    by_text, by_signature = Deduplicator.from_rules(rules), Deduplicator.from_rules(rules)
    found_text, found_signature = [], []
    for number, article in enumerate(articles):
        keys = [f"d{number}:{i}" for i in range(len(article))]
        found_text.append(by_text.repeats([Paragraph(f"d{number}", i, 0, 1, t) for i, t in enumerate(article)]))
        found_signature.append(by_signature.verdicts(
            (i, keys[i], by_signature.signature(t)) for i, t in enumerate(article)))
    assert found_text == found_signature
    assert found_text[1] == {1: ("d0:1", 1.0)} and found_text[2][2] == ("d0:0", 1.0)
    assert 0 in found_text[2]  # the near repeat


def test_the_plan_reads_the_documents_read_corpus_reads(rules, tmp_path):
    """Ids, renamed ids, warnings and every field the extractor reads, in the same order."""
    from tests.test_pipeline_run import make_corpus

    corpus = make_corpus(tmp_path / "corpus")
    (corpus / "note.md").write_text("Une note.", encoding="utf-8")
    (corpus / "note.txt").write_text("Une autre note.", encoding="utf-8")
    (corpus / "lot#ok.txt").write_text("Un identifiant déjà pris par un enregistrement.", encoding="utf-8")
    expected = list(read_corpus(corpus, exclude=[tmp_path / "out"]))
    items = list(Plan(corpus, tmp_path / "out", rules, Deduplicator.from_rules(rules), None))
    assert [(i.record["id"], i.record["warning"], i.record["fingerprint"]) for i in items] == \
           [(d.doc_id, d.warning, incremental.fingerprint(d)) for d in expected]
    assert any("~2" in item.record["id"] for item in items)


def test_rows_without_the_model_are_what_the_extractor_gives(rules, pipeline_extractor, tmp_path, texts):
    """Documents that are not `ok`, or only repeats, never reach the model: their rows are built
    without it, and are exactly those of Extractor.process."""
    from tests.test_pipeline_run import make_corpus

    corpus = make_corpus(tmp_path / "corpus")
    write(corpus, "zz/copie.txt", texts[0], texts[1])
    write(corpus, "zz/copie2.txt", texts[1], texts[0])
    unparsed = [item for item in Plan(corpus, tmp_path / "out", rules, Deduplicator.from_rules(rules), None)
                if item.unparsed is not None]
    assert {item.unparsed.document.status for item in unparsed} >= {"error", "empty", "duplicate"}
    for item in unparsed:
        expected = pipeline_extractor.process(item.document, item.repeats)
        rows = item.unparsed.rows()
        for table, records in expected.rows().items():
            assert rows.get(table, []) == records, (item.record["id"], table)
        assert expected.actors == item.unparsed.actors == []


def test_which_original_a_repeat_points_at_changes_no_row_but_its_link(pipeline_extractor):
    """What relinking relies on: the same paragraphs repeated, pointing at other originals with
    other similarities, give the same rows but the links; `relink` rewrites exactly those."""
    document = document_from_record("a01", "a01.txt", "utf-8", "", {
        "text": (ROOT / "tests" / "data" / "corpus" / "a01_dsa_x_amende.txt").read_text(encoding="utf-8")})
    last = len(pipeline_extractor.split(document).paragraphs) - 1
    before, after = {1: ("x:0", 1.0), last: ("x:3", 0.742)}, {1: ("y/z:5", 0.9), last: ("z:0", 1.0)}
    first, second = (pipeline_extractor.process(document, repeats) for repeats in (before, after))
    assert first.document.status == "ok" and first.mentions
    unlinked = [[replace(p, duplicate_of="", similarity=None) for p in e.paragraphs] for e in (first, second)]
    assert unlinked[0] == unlinked[1]
    for table in ("documents", "mentions", "quotes", "claims", "dates"):
        assert first.rows()[table] == second.rows()[table], table
    assert first.actors == second.actors

    def rendered(extraction) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(row_of(p, COLUMNS["paragraphs"])
                                                              for p in extraction.paragraphs)
        return buffer.getvalue()

    assert incremental.relink(rendered(first), after) == rendered(second)


def test_the_model_name_is_the_pipelines():
    from pipeline.nlp import MODEL

    assert incremental.MODEL == MODEL


# --- byte-identical to a full run ----------------------------------------------------------------

def test_a_new_file_sorting_first_makes_later_paragraphs_repeats(nlp, tmp_path, texts):
    """Step 3's ordering case: `a.txt` arrives and sorts before `b.txt`, which held the original
    of a paragraph `c.txt` repeats; both now point at `a`, and only they are extracted again."""
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    write(corpus, "b.txt", texts[0], texts[1], texts[2])
    write(corpus, "c.txt", texts[3], texts[1], texts[4])
    write(corpus, "d.txt", texts[5], texts[6])
    run(corpus, output, nlp=nlp)
    assert paragraph_rows(output)["c:1"] == "b:1" and paragraph_rows(output)["b:1"] == ""

    write(corpus, "a.txt", texts[7], texts[1].replace("  ", " ").upper())  # an exact repeat once normalised
    notes = Notes()
    summary = run(corpus, output, nlp=nlp, notify=notes)
    assert notes == [] and summary.mode == "incremental"
    # a and b extracted (b's paragraph 1 is no longer parsed); c's repeat relinked; d as it was
    assert (summary.processed, summary.reused, summary.relinked, summary.files_read) == (2, 2, 1, 1)
    assert paragraph_rows(output)["b:1"] == "a:1" and paragraph_rows(output)["c:1"] == "a:1"
    assert tables(output) == full_tables(corpus, tmp_path / "full", nlp)


def test_add_change_delete_gives_the_bytes_of_a_full_run(nlp, tmp_path, texts):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    write(corpus, "g01.txt", texts[0], texts[1], texts[2])
    write(corpus, "g02.txt", texts[3], texts[4], texts[5])
    write(corpus, "g03.txt", texts[6], texts[7])
    write(corpus, "g04.txt", texts[8], texts[4], texts[9])  # repeats g02:1
    write(corpus, "g05.txt", texts[10], texts[11])
    (corpus / "feed.jsonl").write_text("".join(json.dumps({"text": t, "date": "2024-05-02"}, ensure_ascii=False) + "\n"
                                               for t in texts[12:14]), encoding="utf-8")
    write(corpus, "note.md", texts[14])
    write(corpus, "note.txt", texts[15])
    (corpus / "vide.txt").write_bytes(b"")
    (corpus / "rapport.pdf").write_bytes(b"%PDF-1.4\n")
    for path in corpus.iterdir():
        os.utime(path, (HOUR_AGO, HOUR_AGO))
    run(corpus, output, nlp=nlp)
    assert paragraph_rows(output)["g04:1"] == "g02:1"

    write(corpus, "g00.txt", texts[16], texts[10])  # sorts first: g05:0 becomes a repeat
    write(corpus, "g06.txt", texts[17], texts[18])
    write(corpus, "g03.txt", texts[6], texts[19], texts[7])  # changed
    (corpus / "g02.txt").unlink()  # g04:1 is an original again
    with open(corpus / "feed.jsonl", "a", encoding="utf-8") as feed:  # one record appended
        feed.write(json.dumps({"text": texts[20]}, ensure_ascii=False) + "\n")
    (corpus / "note.json").write_text(json.dumps({"text": texts[21]}, ensure_ascii=False), encoding="utf-8")
    summary = run(corpus, output, nlp=nlp)
    assert summary.mode == "incremental"
    # Reused: g01, vide, rapport, feed#1, feed#2 (same records in a changed file), note.txt.
    # Extracted: g00, g03, g04, g05, g06, feed#3, note#1 and note.md (its id is now `note.md`).
    assert (summary.reused, summary.processed) == (6, 8)
    documents = read_table(output, "documents")
    assert "g02" not in set(documents.doc_id) and {"note.md", "note#1", "feed#3"} <= set(documents.doc_id)
    assert paragraph_rows(output)["g04:1"] == "" and paragraph_rows(output)["g05:0"] == "g00:1"
    assert tables(output) == full_tables(corpus, tmp_path / "full", nlp)


def test_an_unchanged_corpus_is_not_read_and_the_model_not_loaded(nlp, tmp_path, texts, monkeypatch):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    for number in range(3):
        write(corpus, f"n{number}.txt", texts[2 * number], texts[2 * number + 1])
    write(corpus, "seul.txt", texts[9])
    run(corpus, output, nlp=nlp)
    before = tables(output)
    opened = []
    read_bytes, sha256 = pathlib.Path.read_bytes, incremental.file_sha256
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: opened.append(self) or read_bytes(self))
    monkeypatch.setattr(incremental.manifest, "file_sha256", lambda path: opened.append(path) or sha256(path))
    monkeypatch.setattr("pipeline.nlp.build_nlp", lambda *a, **k: pytest.fail("the model was loaded"))

    summary = run(corpus, output)
    assert [p for p in opened if corpus in Path(p).parents] == []
    assert (summary.reused, summary.processed, summary.parsed, summary.model_seconds) == (4, 0, 0, 0.0)
    assert tables(output) == before

    # Deleting a document nobody repeats and adding an empty file parse nothing either.
    (corpus / "seul.txt").unlink()
    (corpus / "vide.txt").write_bytes(b"")
    os.utime(corpus / "vide.txt", (HOUR_AGO, HOUR_AGO))
    summary = run(corpus, output)
    assert (summary.processed, summary.parsed) == (1, 0)
    assert tables(output) == full_tables(corpus, tmp_path / "full", nlp)

    # A file touched since the last run is hashed, not extracted again.
    os.utime(corpus / "n1.txt")
    opened.clear()
    summary = run(corpus, output)
    assert [Path(p).name for p in opened if corpus in Path(p).parents] == ["n1.txt"]
    assert summary.processed == 0


def test_versions_rules_corpus_or_edited_tables_mean_a_full_run_said_so(nlp, tmp_path, texts, monkeypatch):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    write(corpus, "a.txt", texts[0])
    run(corpus, output, nlp=nlp)
    versions = incremental.versions()

    def notes_of_a_run(**options) -> Notes:
        notes = Notes()
        summary = run(corpus, output, nlp=nlp, notify=notes, **options)
        assert summary.mode == ("incremental" if not notes and not options else "full")
        return notes

    assert notes_of_a_run() == []
    monkeypatch.setattr(incremental.manifest, "versions", lambda: {**versions, "spacy": "9.9.9"})
    assert notes_of_a_run() == [f"full run: versions changed since the last run (spacy {versions['spacy']} -> 9.9.9)"]
    monkeypatch.setattr(incremental.manifest, "rules_hash", lambda rules: "another")
    assert notes_of_a_run() == ["full run: the rules changed since the last run"]
    assert notes_of_a_run() == []
    with open(output / "quotes.csv", "a", encoding="utf-8") as edited:
        edited.write("x\r\n")
    assert notes_of_a_run() == [f"full run: quotes.csv in {output} do not match run.json "
                                "(changed since the last run, or that run was interrupted)"]
    assert notes_of_a_run(full=True) == []
    assert json.loads((output / MANIFEST).read_text())["full_run_reason"] == "--full"


# --- the manifest and `veille status` -----------------------------------------------------------

def test_manifest_records_versions_rules_files_tables_and_status_prints_it(nlp, tmp_path, texts, capsys):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    write(corpus, "a.txt", texts[0])
    (corpus / "casse.txt").symlink_to(corpus / "absent.txt")
    run(corpus, output, nlp=nlp, excel=True)
    manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["corpus"] == str(corpus) and manifest["options"]["excel"] is True
    assert set(manifest["versions"]) == {"veille", "code", "spacy", "model", "datasketch", "python"}
    assert manifest["files"]["a.txt"]["size"] == (corpus / "a.txt").stat().st_size
    assert manifest["files"]["a.txt"]["sha256"] == incremental.file_sha256(corpus / "a.txt")
    assert manifest["files"]["casse.txt"] == {"status": "error", "error": "broken symbolic link"}
    assert manifest["tables"]["documents"]["rows"] == 2
    assert manifest["tables"]["quotes"]["sha256"] == incremental.file_sha256(output / "quotes.csv")
    assert sorted(p.name for p in (output / STATE).iterdir()) == ["documents.jsonl", "signatures.bin"]

    assert main(["status", str(output), "--files"]) == 0
    shown = capsys.readouterr().out
    for expected in (str(corpus), "documents.csv", "2 rows", "spaCy", "--excel", "a.txt", "broken symbolic link",
                     "the tables and the state match run.json"):
        assert expected in shown, expected
    (output / "dates.csv").write_text("edited", encoding="utf-8")
    assert main(["status", str(output)]) == 0
    assert "dates.csv do not match run.json: the next run is a full one" in capsys.readouterr().out
    assert main(["status", str(tmp_path)]) == 2
    assert "no run.json in" in capsys.readouterr().err


# --- the output folder --------------------------------------------------------------------------

@pytest.fixture
def shared_model(nlp, monkeypatch):
    monkeypatch.setattr("pipeline.nlp.build_nlp", lambda rules, model=None: nlp)


def test_excel_copy_and_report_of_an_earlier_run_are_removed(shared_model, tmp_path, texts, capsys):
    """The issue's case: a run with --excel --html, then another corpus without them."""
    first, second, output = tmp_path / "first", tmp_path / "second", tmp_path / "out"
    write(first, "a.txt", texts[0])
    write(first, "b.txt", texts[1])
    write(second, "c.txt", texts[2])
    assert main(["run", str(first), "-o", str(output), "--quiet", "--excel", "--html"]) == 0
    assert (output / "excel" / "documents.csv").exists() and (output / "report" / "index.html").exists()
    capsys.readouterr()
    assert main(["run", str(second), "-o", str(output), "--quiet"]) == 0
    assert capsys.readouterr().err == f"veille: full run: the last run read another corpus ({first})\n"
    assert not (output / "excel").exists() and not (output / "report").exists()
    assert sorted(p.name for p in output.iterdir() if p.name != LOCK_NAME) == \
           sorted([*(f"{name}.csv" for name in COLUMNS), MANIFEST, STATE])
    assert len(read_table(output, "documents")) == 1

    (output / "excel").mkdir()
    (output / "excel" / "mes-notes.txt").write_text("à garder", encoding="utf-8")
    assert main(["run", str(second), "-o", str(output), "--quiet"]) == 0
    assert (output / "excel" / "mes-notes.txt").exists()
    assert "holds files veille did not write" in capsys.readouterr().err


def test_output_inside_the_corpus_is_excluded_and_never_read_back(shared_model, nlp, tmp_path, texts):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", texts[0])
    write(corpus, "b.txt", texts[1])
    inside = corpus / "sorties"
    for _ in range(2):
        assert main(["run", str(corpus), "-o", str(inside), "--quiet"]) == 0
        assert list(read_table(inside, "documents").doc_id) == ["a", "b"]
    # Another output folder: the first one holds a manifest, so it is no input either.
    assert main(["run", str(corpus), "-o", str(tmp_path / "ailleurs"), "--quiet"]) == 0
    assert tables(tmp_path / "ailleurs") == tables(inside)


def test_output_that_is_or_contains_the_corpus_is_refused_saying_which(tmp_path, capsys):
    corpus = tmp_path / "out" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text("Un article.", encoding="utf-8")
    assert main(["run", str(corpus), "-o", str(tmp_path / "out"), "--quiet"]) == 2
    assert capsys.readouterr().err == (
        f"veille: error: the output folder {tmp_path / 'out'} contains the corpus {corpus}; choose an output "
        "folder outside the corpus, or inside it (it is then excluded from the corpus)\n")
    assert main(["run", str(corpus), "-o", str(corpus), "--quiet"]) == 2
    assert "the output folder is the corpus folder" in capsys.readouterr().err
    (corpus / MANIFEST).write_text('{"manifest": "veille run manifest"}', encoding="utf-8")
    assert main(["run", str(corpus), "-o", str(tmp_path / "other"), "--quiet"]) == 2
    assert "is the output folder of a veille run (it holds run.json), not a corpus" in capsys.readouterr().err
    with pytest.raises(incremental.FolderError):
        run(corpus, corpus)
    assert not (corpus / "documents.csv").exists()


# --- interrupted runs ---------------------------------------------------------------------------

@pytest.fixture
def previous(nlp, tmp_path, texts):
    """A corpus, a first run, then changes for the next run (a new article, one deleted)."""
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    for number in range(4):
        write(corpus, f"p{number}.txt", texts[3 * number], texts[3 * number + 1], texts[3 * number + 2])
    run(corpus, output, nlp=nlp)
    (corpus / "p2.txt").unlink()
    write(corpus, "p1b.txt", texts[20], texts[1])
    return corpus, output


def test_a_failure_during_an_incremental_run_leaves_everything_as_it_was(nlp, previous, tmp_path, monkeypatch):
    corpus, output = previous
    before = everything(output)
    record = incremental.Recorder.record

    def failing(self, item, extraction):
        if item.record["id"] == "p3":
            raise KeyboardInterrupt
        return record(self, item, extraction)

    monkeypatch.setattr(incremental.Recorder, "record", failing)
    with pytest.raises(KeyboardInterrupt):
        run(corpus, output, nlp=nlp)
    assert everything(output) == before and leftovers(output) == []
    monkeypatch.setattr(incremental.Recorder, "record", record)
    assert run(corpus, output, nlp=nlp).mode == "incremental"
    assert tables(output) == full_tables(corpus, tmp_path / "full", nlp)


KILLER = """
import os, signal, sys
from pathlib import Path
from pipeline import incremental
from pipeline.run import run

incremental.manifest.code_hash = lambda: "test"
corpus, output, where = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
if where == "rows":  # while writing the rows of the third document
    record = incremental.Recorder.record
    def killing(self, item, extraction, seen=[]):
        seen.append(item)
        if len(seen) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
        return record(self, item, extraction)
    incremental.Recorder.record = killing
else:  # between the swaps: three new tables in, four old ones left, the old manifest
    replace, swapped = os.replace, []
    def killing(source, target):
        replace(source, target)
        swapped.append(target)
        if len([t for t in swapped if str(t).endswith(".csv")]) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
    os.replace = killing
run(corpus, output)
"""


def killed_run(corpus: Path, output: Path, where: str) -> None:
    process = subprocess.run([sys.executable, "-c", KILLER, str(corpus), str(output), where], cwd=ROOT,
                             capture_output=True, text=True, timeout=600)
    assert process.returncode == -signal.SIGKILL, process.stderr


@pytest.mark.parametrize("where, parsing", [
    ("rows", False), ("swap", False), pytest.param("rows", True, marks=pytest.mark.slow)])
def test_kill_9_during_an_incremental_run_then_a_normal_run_is_a_full_runs_bytes(nlp, previous, tmp_path,
                                                                                 where, parsing):
    """SIGKILL leaves temporary files and, between the swaps, a mix of tables: the manifest of
    the previous run then does not match them, so the next run is a full one. `parsing`: the
    killed run has a new article to parse (it loads the model), else only a deletion."""
    corpus, output = previous
    if not parsing:
        (corpus / "p1b.txt").unlink()
    before = everything(output)
    killed_run(corpus, output, where)
    assert leftovers(output) != []
    if where == "rows":
        assert everything(output) == before  # the previous tables, state and manifest
    notes = Notes()
    summary = run(corpus, output, nlp=nlp, notify=notes)
    assert leftovers(output) == []
    if where == "swap":
        assert summary.mode == "full" and "do not match run.json" in notes[0]
    else:
        assert summary.mode == "incremental" and notes == [], notes
    assert tables(output) == full_tables(corpus, tmp_path / "full", nlp)


def test_a_file_changed_while_the_run_reads_it_makes_the_run_full(nlp, tmp_path, texts, monkeypatch):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    write(corpus, "b.txt", texts[0], texts[1])
    write(corpus, "c.txt", texts[2])
    run(corpus, output, nlp=nlp)
    write(corpus, "a.txt", texts[1])  # b must be read again: its paragraph 1 is now a repeat
    read_file_rows, calls = incremental.read_file_rows, []

    def changed_meanwhile(path, *args):
        documents = read_file_rows(path, *args)
        calls.append(path.name)
        if path.name == "b.txt" and calls.count("b.txt") == 1:
            documents[0].text += " Ajout."
        return documents

    monkeypatch.setattr(incremental.plan, "read_file_rows", changed_meanwhile)
    notes = Notes()
    assert run(corpus, output, nlp=nlp, notify=notes).mode == "full"
    assert notes == ["full run: b.txt changed during the run"]
    monkeypatch.setattr(incremental.plan, "read_file_rows", read_file_rows)
    assert tables(output) == full_tables(corpus, tmp_path / "full", nlp)
