"""Tables: the contract's columns, atomic and deterministic writes, text that round-trips."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.dates.extract import DateExtractor
from pipeline.records import Paragraph
from pipeline.run import run
from pipeline.output.tables import COLUMNS, LOCK_NAME, TableWriter, read_table, row_of

ROOT = Path(__file__).resolve().parent.parent
OFFSET_TABLES = ("paragraphs", "mentions", "quotes", "claims", "dates")

# The column lists of docs/tables.md (the contract), in order; tables may append, never remove.
CONTRACT = {
    "documents": ["doc_id", "source", "title", "published", "status", "error", "encoding",
                  "n_paragraphs", "n_duplicates", "n_chars", "sha256"],
    "paragraphs": ["doc_id", "paragraph", "start", "end", "text", "kind", "duplicate_of", "similarity"],
    "mentions": ["doc_id", "paragraph", "start", "end", "text", "label", "actor_id", "method"],
    "actors": ["actor_id", "name", "type", "aliases", "n_mentions", "n_documents"],
    "quotes": ["quote_id", "doc_id", "paragraph", "kind", "text", "start", "end", "speaker",
               "speaker_actor_id", "speaker_name", "cue", "date"],
    "claims": ["claim_id", "doc_id", "paragraph", "text", "start", "end", "actor_id", "actor_name",
               "predicate", "source_actor_id", "source_name", "polarity", "modality", "quote_id", "date"],
    "dates": ["doc_id", "paragraph", "start", "end", "text", "value", "granularity", "anchor"],
}

ARTICLES = {
    "presse/nvidia.txt": (" date 2025-04-17 Puces d’IA : Washington serre la vis\n\n"
                          "Le département américain du Commerce a annoncé mardi 15 avril que Nvidia devrait "
                          "obtenir une licence pour exporter ses puces H20 vers la Chine, a indiqué le groupe.\n\n"
                          "LA RIPOSTE DE PÉKIN\n\n"
                          "« Nous nous opposons fermement à cette politisation », a déclaré jeudi Lin Jian, "
                          "porte-parole du ministère chinois des Affaires étrangères, selon l’AFP.\n"),
    "presse/cnil.txt": ("Cookies : la CNIL inflige une amende à Google\r\n"
                        "La Commission nationale de l’informatique et des libertés a sanctionné Google le "
                        "3 septembre 2025, d’après un communiqué publié à Paris.\r\n"
                        "Le groupe américain dispose de trois mois pour se mettre en conformité.\r\n"),
}


def small_corpus(folder: Path) -> Path:
    """The seeds and two articles written here, one with a date header, one with CRLF lines."""
    shutil.copytree(ROOT / "corpus" / "seeds", folder / "seeds")
    for name, text in ARTICLES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder


def texts_of(corpus: Path) -> dict[str, str]:
    from pipeline.ingest.read import read_corpus

    return {d.doc_id: d.text for d in read_corpus(corpus)}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, nlp):
    """The small corpus and the tables of one run over it."""
    corpus = small_corpus(tmp_path_factory.mktemp("corpus"))
    output = tmp_path_factory.mktemp("output")
    run(corpus, output, nlp=nlp)
    return corpus, output


def csv_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


# --- columns and cells -------------------------------------------------------------------------

@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_columns_start_with_the_contract_in_order(table):
    assert COLUMNS[table][: len(CONTRACT[table])] == CONTRACT[table]


def test_written_header_is_the_declared_column_list(seeded):
    _, output = seeded
    for name, columns in COLUMNS.items():
        with open(output / f"{name}.csv", encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == columns


def test_exact_repeat_similarity_is_written_as_one_point_zero_and_new_as_empty():
    columns = COLUMNS["paragraphs"]
    exact = Paragraph("a", 3, 0, 5, "Texte", duplicate_of="a:1", similarity=1.0)
    near = Paragraph("a", 4, 6, 11, "Texte", duplicate_of="a:1", similarity=0.7421)
    new = Paragraph("a", 5, 12, 17, "Texte")
    assert [row_of(p, columns)[-1] for p in (exact, near, new)] == ["1.0", "0.742", ""]


def test_tables_are_plain_utf8_without_bom(seeded):
    _, output = seeded
    for name, data in csv_files(output).items():
        assert data.startswith(COLUMNS[name[:-4]][0].encode("ascii")), name  # no BOM before the header
        data.decode("utf-8")


def test_fields_with_newlines_carriage_returns_and_quotes_round_trip(tmp_path):
    tricky = ["Ligne 1\nLigne 2", "Windows\r\nfin", "Mac\rfin", "« guillemets » et \"doubles\", virgule",
              " espaces autour ", "L’Arcom ; point-virgule", ""]
    rows = [Paragraph("doc", i, i, i + len(text), text) for i, text in enumerate(tricky)]
    with TableWriter(tmp_path) as tables:
        tables.write("paragraphs", rows)
    with open(tmp_path / "paragraphs.csv", encoding="utf-8", newline="") as handle:
        assert [row[4] for row in list(csv.reader(handle))[1:]] == tricky
    assert list(read_table(tmp_path, "paragraphs").text) == tricky


def test_excel_copy_has_a_bom_semicolons_and_the_same_rows(seeded, tmp_path, nlp):
    """The same rows, decimals written with a comma (`similarity` 1,0) for French spreadsheets."""
    corpus, output = seeded
    run(corpus, tmp_path, excel=True, nlp=nlp)
    excel = (tmp_path / "excel" / "paragraphs.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbfdoc_id;paragraph;start;end;text")
    with open(tmp_path / "excel" / "paragraphs.csv", encoding="utf-8-sig", newline="") as handle:
        copied = list(csv.reader(handle, delimiter=";"))
    with open(output / "paragraphs.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    similarity = rows[0].index("similarity")
    assert any(row[similarity] for row in rows[1:])
    assert copied == [row[:similarity] + [row[similarity].replace(".", ",")] + row[similarity + 1:] for row in rows]


def test_tables_are_readable_by_others_like_any_new_file(seeded):
    _, output = seeded
    umask = os.umask(0)
    os.umask(umask)
    assert (output / "documents.csv").stat().st_mode & 0o777 == 0o666 & ~umask


# --- offsets -----------------------------------------------------------------------------------

def test_every_offset_row_of_every_table_points_at_its_text(seeded):
    corpus, output = seeded
    texts = texts_of(corpus)
    checked = 0
    for name in OFFSET_TABLES:
        for row in read_table(output, name).to_dict("records"):
            text = texts[row["doc_id"]]
            assert text[int(row["start"]):int(row["end"])] == row["text"], (name, row)
            checked += 1
    assert checked > 30  # paragraphs and mentions at least; the other tables as they fill in


def test_no_row_outside_paragraphs_falls_in_the_date_header(seeded):
    corpus, output = seeded
    mentions = read_table(output, "mentions")
    header = len(" date 2025-04-17 ")
    assert all(int(start) >= header for start in mentions[mentions.doc_id == "presse/nvidia"].start)


# --- atomic and deterministic ------------------------------------------------------------------

def test_writer_interrupted_by_an_exception_leaves_previous_tables_and_no_temp_files(tmp_path):
    with TableWriter(tmp_path) as tables:
        tables.write("paragraphs", [Paragraph("ancien", 0, 0, 6, "Ancien")])
    before = csv_files(tmp_path)
    with pytest.raises(RuntimeError):
        with TableWriter(tmp_path) as tables:
            tables.write("paragraphs", [Paragraph("nouveau", 0, 0, 7, "Nouveau")])
            raise RuntimeError("coupure")
    assert csv_files(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != LOCK_NAME) == sorted(before)


def test_interrupted_run_leaves_previous_outputs_intact_and_no_temp_files(seeded, tmp_path, nlp, monkeypatch):
    corpus, output = seeded
    shutil.copytree(output, tmp_path / "out")
    before = csv_files(tmp_path / "out")
    extract = DateExtractor.extract
    seen = []

    def interrupt_after_first_document(self, article):
        seen.append(article.document.doc_id)
        if len(seen) > 1:
            raise KeyboardInterrupt("Ctrl-C")
        return extract(self, article)

    monkeypatch.setattr(DateExtractor, "extract", interrupt_after_first_document)
    with pytest.raises(KeyboardInterrupt):
        run(corpus, tmp_path / "out", nlp=nlp, full=True)  # incremental, it would parse nothing
    assert len(seen) == 2
    assert csv_files(tmp_path / "out") == before
    # no temporary file left; the previous run's manifest and state (pipeline/incremental/) stay
    kept = {LOCK_NAME, "run.json", "state"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name not in kept) == sorted(before)


def test_two_runs_give_byte_identical_tables_even_in_a_fresh_process(seeded, tmp_path, nlp):
    corpus, output = seeded
    run(corpus, tmp_path / "again", nlp=nlp)
    assert csv_files(tmp_path / "again") == csv_files(output)
    # `python -m pipeline run`, with its own model and another hash seed, writes the same bytes
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "-o", str(tmp_path / "fresh"),
                             "--quiet"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert csv_files(tmp_path / "fresh") == csv_files(output)


def test_two_worker_processes_write_the_same_tables_as_one(seeded, tmp_path, nlp):
    corpus, output = seeded
    run(corpus, tmp_path / "jobs2", jobs=2, nlp=nlp)
    assert csv_files(tmp_path / "jobs2") == csv_files(output)
