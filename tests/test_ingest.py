"""Ingestion: every file becomes documents, every bad one a row with a status and a reason."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import struct
import zlib
from pathlib import Path

import pytest

from pipeline.ingest import paragraphs, read as ingest
from pipeline.ingest.read import decode, normalise_published, read_corpus

ARCOM = "L’Arcom a infligé une amende à X, a déclaré jeudi son président."
BERCY = "Le ministère de l’Économie a annoncé jeudi un plan pour la souveraineté numérique."
HUAWEI = "« Nous ferons appel », a réagi Huawei, qui dénonce une décision « politique »."


def read(corpus: Path) -> dict:
    """The documents of a corpus folder by id."""
    return {document.doc_id: document for document in read_corpus(corpus)}


def only(corpus: Path):
    """The single document of a one-file corpus."""
    (document,) = read_corpus(corpus)
    return document


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def png_bytes() -> bytes:
    """A real 1×1 PNG image."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


# --- encodings -------------------------------------------------------------------------------

def test_utf8_article_is_decoded_as_utf8(tmp_path):
    write(tmp_path, "a.txt", ARCOM.encode("utf-8"))
    document = only(tmp_path)
    assert (document.status, document.encoding, document.text) == ("ok", "utf-8", ARCOM)


def test_utf8_bom_is_dropped_and_recorded_as_utf8_sig(tmp_path):
    write(tmp_path, "a.txt", ARCOM.encode("utf-8-sig"))
    document = only(tmp_path)
    assert (document.encoding, document.text) == ("utf-8-sig", ARCOM)


@pytest.mark.parametrize("data, encoding", [
    (b"\xff\xfe" + ARCOM.encode("utf-16-le"), "utf-16"),
    (b"\xfe\xff" + ARCOM.encode("utf-16-be"), "utf-16"),
    (ARCOM.encode("utf-16-le"), "utf-16-le"),
    (ARCOM.encode("utf-16-be"), "utf-16-be"),
], ids=["le-bom", "be-bom", "le-no-bom", "be-no-bom"])
def test_utf16_article_is_decoded_with_or_without_bom(tmp_path, data, encoding):
    write(tmp_path, "a.txt", data)
    document = only(tmp_path)
    assert (document.status, document.encoding, document.text) == ("ok", encoding, ARCOM)


def test_windows_1252_article_is_decoded_not_read_as_baltic(tmp_path):
    text = ARCOM + " « C’est une étape », ajoute-t-il. Coût : 5 €, cœur de l’Œuvre."
    write(tmp_path, "a.txt", text.encode("cp1252"))
    document = only(tmp_path)
    assert (document.status, document.encoding, document.text) == ("ok", "cp1252", text)


def test_very_short_windows_1252_text_falls_back_to_cp1252(tmp_path):
    # charset-normalizer gives up on four bytes; the text must not be lost for that.
    write(tmp_path, "a.txt", "Créé".encode("cp1252"))
    assert only(tmp_path).text == "Créé"


def test_latin1_article_is_decoded(tmp_path):
    text = "Le régulateur français a été créé à Paris ; ses décisions sont publiées."
    write(tmp_path, "a.txt", text.encode("latin-1"))
    document = only(tmp_path)
    assert document.text == text
    assert document.encoding in {"cp1252", "latin-1"}  # identical for these bytes


def test_utf8_with_one_stray_cp1252_byte_stays_utf8_with_a_warning(tmp_path):
    data = (BERCY + " ").encode("utf-8") + "Coût : 5 €".encode("cp1252")
    write(tmp_path, "a.txt", data)
    document = only(tmp_path)
    assert document.encoding == "utf-8"
    assert document.text.startswith(BERCY) and "�" in document.text
    assert "replaced" in document.warning


def test_truncated_utf16_file_keeps_its_text(tmp_path):
    write(tmp_path, "a.txt", b"\xff\xfe" + ARCOM.encode("utf-16-le") + b"\x00")
    document = only(tmp_path)
    assert document.status == "ok" and document.text.startswith(ARCOM)
    assert "replaced" in document.warning


def test_decode_prefers_strict_utf8_over_detection():
    assert decode("Été à Pékin".encode("utf-8"))[:2] == ("Été à Pékin", "utf-8")


# --- text files and the date header ------------------------------------------------------------

def test_date_header_is_metadata_and_offsets_index_the_whole_text(tmp_path):
    text = " date 2021-02 Sanctionné par l’administration Trump, TikTok a obtenu un sursis.\n\nSuite."
    write(tmp_path, "a.txt", text)
    document = only(tmp_path)
    assert document.published == "2021-02"
    assert document.text == text  # the header stays in the text: offsets index the whole file
    assert text[document.body_start:].startswith("Sanctionné")
    first = paragraphs.split(document).paragraphs[0]
    assert first.start == document.body_start and text[first.start:first.end] == first.text


def test_date_header_at_day_granularity_on_its_own_line(tmp_path):
    write(tmp_path, "a.md", " date 2025-09-26\nL’Arcom a tranché.")
    document = only(tmp_path)
    assert (document.published, document.text[document.body_start:]) == ("2025-09-26", "L’Arcom a tranché.")


def test_word_date_in_the_text_is_not_a_header(tmp_path):
    write(tmp_path, "a.txt", "La date 2021-02 a été retenue.")
    document = only(tmp_path)
    assert (document.published, document.body_start) == ("", 0)


@pytest.mark.parametrize("value, expected", [
    ("2021-02", "2021-02"), ("2025-09-26", "2025-09-26"), ("2025-09-26T10:30:00Z", "2025-09-26"),
    ("26/09/2025", "2025-09-26"), ("2021", "2021"), ("2021-13", ""), ("jeudi", ""), ("", ""),
])
def test_published_dates_are_iso_at_their_granularity(value, expected):
    assert normalise_published(value) == expected


# --- records: JSON, JSONL, CSV, HTML ----------------------------------------------------------

def test_jsonl_records_are_named_by_id_or_by_number(tmp_path):
    lines = [{"id": "afp-12", "text": ARCOM, "title": "Amende", "date": "2025-09-26", "url": "https://x.fr"},
             {"text": BERCY}]
    write(tmp_path, "flux/depeches.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in lines))
    documents = read(tmp_path)
    assert list(documents) == ["flux/depeches#afp-12", "flux/depeches#2"]
    first = documents["flux/depeches#afp-12"]
    assert (first.source, first.title, first.published, first.text) == (
        "flux/depeches.jsonl", "Amende", "2025-09-26", ARCOM)


def test_json_array_and_object_holding_articles_are_read(tmp_path):
    write(tmp_path, "a.json", json.dumps([{"text": ARCOM}, {"text": BERCY}], ensure_ascii=False))
    write(tmp_path, "b.json", json.dumps({"articles": [{"id": 7, "text": HUAWEI}]}, ensure_ascii=False))
    assert {d: doc.text for d, doc in read(tmp_path).items()} == {"a#1": ARCOM, "a#2": BERCY, "b#7": HUAWEI}


def test_json_lines_saved_as_json_are_still_read(tmp_path):
    write(tmp_path, "a.json", json.dumps({"text": ARCOM}, ensure_ascii=False) + "\n"
          + json.dumps({"text": BERCY}, ensure_ascii=False) + "\n")
    assert [d.text for d in read_corpus(tmp_path)] == [ARCOM, BERCY]


def test_csv_records_keep_text_title_and_date(tmp_path):
    write(tmp_path, "a.csv", f'id,title,date,text\nx1,Amende,2025-09-26,"{ARCOM}"\n,,,"{BERCY}\nDeuxième ligne."\n')
    documents = read(tmp_path)
    assert list(documents) == ["a#x1", "a#2"]
    assert (documents["a#x1"].title, documents["a#x1"].published) == ("Amende", "2025-09-26")
    assert documents["a#2"].text == BERCY + "\nDeuxième ligne."


def test_csv_saved_by_a_french_spreadsheet_with_semicolons_is_read(tmp_path):
    write(tmp_path, "a.csv", f'titre;text\nAmende;"{ARCOM}"\n'.encode("cp1252"))
    assert only(tmp_path).text == ARCOM


def test_html_article_text_is_extracted_by_trafilatura(tmp_path):
    body = "".join(f"<p>{sentence}</p>" for sentence in (ARCOM, BERCY, HUAWEI))
    write(tmp_path, "page.html", f"<html><head><title>Amende record</title></head><body>"
          f"<nav>Accueil | Contact</nav><article><h1>Amende record</h1>{body}</article></body></html>")
    document = only(tmp_path)
    assert document.doc_id == "page" and document.status == "ok"
    assert ARCOM in document.text and BERCY in document.text and "Accueil" not in document.text


# --- bad inputs: a row with a reason, and the run goes on --------------------------------------

def test_empty_file_is_an_empty_row(tmp_path):
    write(tmp_path, "vide.txt", b"")
    document = only(tmp_path)
    assert (document.status, document.error) == ("empty", "empty file")


def test_whitespace_only_file_is_an_empty_row(tmp_path):
    write(tmp_path, "blanc.txt", b"  \n\t\r\n  \n")
    document = only(tmp_path)
    assert (document.status, document.error) == ("empty", "only whitespace")


def test_text_with_only_a_date_header_is_an_empty_row(tmp_path):
    write(tmp_path, "a.txt", " date 2021-02 \n")
    assert only(tmp_path).status == "empty"


def test_png_image_is_an_error_row_not_text(tmp_path):
    write(tmp_path, "image.txt", png_bytes())
    document = only(tmp_path)
    assert document.status == "error" and "binary" in document.error


def test_random_bytes_are_an_error_row(tmp_path):
    write(tmp_path, "bruit.txt", random.Random(4).randbytes(5000))
    document = only(tmp_path)
    assert document.status == "error" and "binary" in document.error


def test_truncated_json_array_keeps_complete_records(tmp_path):
    records = [{"id": "a", "text": ARCOM}, {"id": "b", "text": BERCY}, {"id": "c", "text": HUAWEI}]
    whole = json.dumps(records, ensure_ascii=False, indent=1)
    write(tmp_path, "lot.json", whole[: whole.index(HUAWEI) + 10])
    documents = read(tmp_path)
    assert [(d.doc_id, d.status) for d in documents.values()] == [
        ("lot#a", "ok"), ("lot#b", "ok"), ("lot#3", "error")]
    assert documents["lot#3"].error.startswith("malformed JSON on line")


def test_malformed_jsonl_line_in_the_middle_keeps_the_other_lines(tmp_path):
    lines = [json.dumps({"text": ARCOM}, ensure_ascii=False), '{"text": "Le gouvernement a',
             json.dumps({"text": BERCY}, ensure_ascii=False)]
    write(tmp_path, "flux.jsonl", "\n".join(lines) + "\n")
    documents = read(tmp_path)
    assert [d.status for d in documents.values()] == ["ok", "error", "ok"]
    assert documents["flux#2"].error.startswith("malformed JSON on line 2")
    assert documents["flux#3"].text == BERCY


def test_json_record_without_text_is_an_error_row(tmp_path):
    write(tmp_path, "a.jsonl", '{"title": "Sans texte"}\n' + json.dumps({"text": ARCOM}, ensure_ascii=False))
    first, second = read_corpus(tmp_path)
    assert (first.status, first.error) == ("error", "record has no 'text' field")
    assert second.status == "ok"


def test_record_whose_text_is_a_number_is_an_error_row(tmp_path):
    write(tmp_path, "a.jsonl", '{"text": 42}\n{"text": null}\n{"text": ""}\n')
    rows = [(d.status, d.error) for d in read_corpus(tmp_path)]
    assert rows == [("error", "text is a JSON number, not a string"), ("empty", "text is null"),
                    ("empty", "no text")]


def test_record_that_is_not_an_object_is_an_error_row(tmp_path):
    write(tmp_path, "a.json", json.dumps([[1, 2], {"text": ARCOM}], ensure_ascii=False))
    assert [d.status for d in read_corpus(tmp_path)] == ["error", "ok"]


def test_csv_without_text_column_is_an_error_row(tmp_path):
    write(tmp_path, "a.csv", f'titre,resume\nAmende,"{ARCOM}"\n')
    document = only(tmp_path)
    assert document.status == "error"
    assert document.error == "CSV has no 'text' column (columns: titre, resume)"


def test_csv_row_with_wrong_field_count_is_an_error_row_and_others_kept(tmp_path):
    write(tmp_path, "a.csv", f'id,text\n1,"{ARCOM}"\n2,trop,de,champs\n3,"{BERCY}"\n')
    rows = [(d.doc_id, d.status, d.error) for d in read_corpus(tmp_path)]
    assert rows == [("a#1", "ok", ""), ("a#2", "error", "malformed CSV on line 3 (4 fields, header has 2)"),
                    ("a#3", "ok", "")]


def test_csv_unclosed_quote_keeps_the_rows_before_and_after(tmp_path):
    write(tmp_path, "a.csv", f'id,text\n1,"{ARCOM}"\n2,"{BERCY}\n3,"{HUAWEI}"\n4,Fin du fil.\n')
    documents = list(read_corpus(tmp_path))
    assert [d.status for d in documents] == ["ok", "error", "ok", "ok"]
    assert documents[1].error.startswith("malformed CSV on line 3")
    assert [d.text for d in documents if d.status == "ok"] == [ARCOM, HUAWEI, "Fin du fil."]


def test_csv_unclosed_quote_on_the_last_row_is_an_error_row(tmp_path):
    write(tmp_path, "a.csv", f'id,text\n1,"{ARCOM}"\n2,"{BERCY}\n')
    assert [(d.status, d.error[:28]) for d in read_corpus(tmp_path)] == [
        ("ok", ""), ("error", "malformed CSV on line 3 (une")]


def test_stray_nul_bytes_become_spaces_and_the_text_is_kept(tmp_path):
    data = ARCOM.encode("utf-8").replace(b" une ", b" une\x00") + b"\x00\n\n" + BERCY.encode("utf-8")
    write(tmp_path, "a.txt", data)
    document = only(tmp_path)
    assert document.status == "ok" and "\x00" not in document.text
    assert len(document.text) == len(data.decode("utf-8"))  # one for one: offsets unchanged
    assert document.warning == "2 NUL character(s) replaced by spaces"


def test_json_escapes_of_nul_and_lone_surrogate_are_replaced(tmp_path):
    write(tmp_path, "a.jsonl", '{"text": "Arcom\\u0000 et \\ud800 CNIL"}\n')
    document = only(tmp_path)
    assert document.text == "Arcom  et \ufffd CNIL"
    document.text.encode("utf-8")  # would raise on a lone surrogate, when the table is written


def test_line_separator_inside_a_jsonl_string_is_not_a_line_break(tmp_path):
    write(tmp_path, "a.jsonl", json.dumps({"text": "Avant\u2028après"}, ensure_ascii=False) + "\n")
    assert only(tmp_path).text == "Avant\u2028après"


def test_five_megabyte_article_is_read_and_cut_into_parseable_segments(tmp_path, nlp):
    """Parsing 5 MB would take minutes; what matters is that no piece can reach max_length."""
    paragraph = " ".join([ARCOM, BERCY, HUAWEI] * 12)
    text = "\n\n".join(f"{i} {paragraph}" for i in range(5_000_000 // len(paragraph)))
    write(tmp_path, "gros.txt", text)
    document = only(tmp_path)
    assert document.status == "ok" and document.n_chars == len(text) >= 4_900_000
    article = paragraphs.split(document)
    pieces = paragraphs.segments(article, 20000)
    assert len(pieces) == len(article.paragraphs) > 1000
    assert max(len(piece.text) for piece in pieces) < nlp.max_length


def test_200000_character_single_line_is_cut_into_segments_below_max_length(tmp_path, nlp):
    sentences = [ARCOM, BERCY, HUAWEI]
    text = " ".join(sentences[i % 3] for i in range(3000))[:200_000]
    write(tmp_path, "ligne.txt", text)
    article = paragraphs.split(only(tmp_path))
    assert len(article.paragraphs) == 1 and len(article.paragraphs[0].text) == 200_000
    pieces = paragraphs.segments(article, 20000)
    assert len(pieces) >= 10 and all(len(piece.text) <= 20000 < nlp.max_length for piece in pieces)
    assert all(text[p.start:p.start + len(p.text)] == p.text for p in pieces)


def test_document_over_the_size_limit_is_an_error_row(tmp_path):
    write(tmp_path, "a.txt", ARCOM * 10)
    (document,) = read_corpus(tmp_path, max_chars=100)
    assert document.status == "error" and document.error.startswith("document too large")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_unreadable_file_is_an_error_row(tmp_path):
    path = write(tmp_path, "secret.txt", ARCOM)
    write(tmp_path, "zz.txt", BERCY)
    path.chmod(0)
    try:
        documents = read(tmp_path)
    finally:
        path.chmod(0o644)
    assert documents["secret"].status == "error"
    assert documents["secret"].error == "cannot read file: Permission denied"
    assert documents["zz"].status == "ok"


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists a chmod 000 folder anyway")
def test_unreadable_folder_is_an_error_row(tmp_path):
    write(tmp_path, "fermé/a.txt", ARCOM)
    (tmp_path / "fermé").chmod(0)
    try:
        (document,) = read_corpus(tmp_path)
    finally:
        (tmp_path / "fermé").chmod(0o755)
    assert (document.doc_id, document.status) == ("fermé", "error")
    assert document.error.startswith("cannot read folder")


def test_file_refused_by_the_system_is_an_error_row_even_as_root(tmp_path, monkeypatch):
    secret = write(tmp_path, "secret.txt", ARCOM)
    write(tmp_path, "zz.txt", BERCY)
    read_bytes = Path.read_bytes

    def refuse(path):
        if path == secret:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    documents = read(tmp_path)
    assert (documents["secret"].status, documents["secret"].error) == ("error", "cannot read file: Permission denied")
    assert documents["zz"].status == "ok"


def test_folder_refused_by_the_system_is_an_error_row_even_as_root(tmp_path, monkeypatch):
    write(tmp_path, "fermé/a.txt", ARCOM)
    write(tmp_path, "ouvert/b.txt", BERCY)
    scandir = os.scandir

    def refuse(path):
        if Path(path).name == "fermé":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    documents = read(tmp_path)
    assert (documents["fermé"].status, documents["fermé"].error) == ("error", "cannot read folder: Permission denied")
    assert documents["ouvert/b"].status == "ok"


def test_unsupported_extension_is_an_error_row(tmp_path):
    write(tmp_path, "rapport.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    document = only(tmp_path)
    assert (document.doc_id, document.status, document.error) == (
        "rapport", "error", "unsupported file type '.pdf'")


def test_a_parser_crash_on_one_file_becomes_an_error_row(tmp_path, monkeypatch):
    def broken(html):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("pipeline.ingest.formats.html_page.page_record", broken)
    write(tmp_path, "a.html", "<p>x</p>")
    write(tmp_path, "b.txt", ARCOM)
    documents = read(tmp_path)
    assert documents["a"].status == "error" and "RecursionError" in documents["a"].error
    assert documents["b"].status == "ok"


# --- the corpus walk ---------------------------------------------------------------------------

def test_corpus_is_walked_recursively_in_a_stable_order(tmp_path):
    for name in ("b/z.txt", "a.txt", "b/a/c.txt", "c.md"):
        write(tmp_path, name, ARCOM)
    assert [d.doc_id for d in read_corpus(tmp_path)] == ["a", "b/a/c", "b/z", "c"]


def test_hidden_files_and_folders_are_not_part_of_the_corpus(tmp_path):
    write(tmp_path, ".git/HEAD", "ref: refs/heads/main")
    write(tmp_path, ".DS_Store", b"\x00\x01")
    write(tmp_path, "a.txt", ARCOM)
    assert list(read(tmp_path)) == ["a"]


def test_same_name_with_two_extensions_gets_two_ids(tmp_path):
    write(tmp_path, "note.md", ARCOM)
    write(tmp_path, "note.txt", BERCY)
    assert {d.doc_id: d.text for d in read_corpus(tmp_path)} == {"note": ARCOM, "note.txt": BERCY}


def test_repeated_record_ids_get_distinct_doc_ids(tmp_path):
    write(tmp_path, "a.jsonl", '{"id": "x", "text": "Un."}\n{"id": "x", "text": "Deux."}\n')
    first, second = read_corpus(tmp_path)
    assert (first.doc_id, second.doc_id) == ("a#x", "a#x~2")
    assert "already used" in second.warning


def test_output_folder_inside_the_corpus_is_not_read_back(tmp_path):
    write(tmp_path, "a.txt", ARCOM)
    write(tmp_path, "sorties/paragraphs.csv", "doc_id,text\na,x\n")
    assert [d.doc_id for d in read_corpus(tmp_path, exclude=[tmp_path / "sorties"])] == ["a"]


def test_sha256_and_character_count_describe_the_decoded_text(tmp_path):
    import hashlib

    write(tmp_path, "a.txt", ARCOM.encode("cp1252"))
    document = only(tmp_path)
    assert document.n_chars == len(ARCOM)
    assert document.sha256 == hashlib.sha256(ARCOM.encode("utf-8")).hexdigest()


# --- the readers: one per format, keyed by extension ------------------------------------------

def test_a_format_is_added_by_a_reader_of_bytes_keyed_by_its_extension(tmp_path, monkeypatch):
    from pipeline.ingest.formats import READERS, Reader, Records

    def gzip_reader(data: bytes) -> Records:
        return Records([{"titre": "Amende", "texte": gzip.decompress(data).decode("utf-8")}], "gzip")

    monkeypatch.setitem(READERS, ".gz", Reader(gzip_reader, single=True))
    (tmp_path / "article.gz").write_bytes(gzip.compress(ARCOM.encode("utf-8")))
    (document,) = read_corpus(tmp_path)
    assert (document.doc_id, document.status, document.title, document.text, document.encoding) == (
        "article", "ok", "Amende", ARCOM, "gzip")


def test_every_extension_the_readme_names_has_a_reader():
    from pipeline.ingest.formats import READERS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(\.[a-z]+)`", readme.split("`veille run` reads", 1)[1].split("\n\n", 1)[0]))
    assert named and named <= set(READERS)
