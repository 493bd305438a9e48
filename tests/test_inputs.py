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


def _eval_examples() -> list[tuple[str, Path, str, Path | None, list[str]]]:
    """(where, gold, output, corpus the example ran into that output, its options) of every eval example."""
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
            examples.append((where, ROOT / gold, output, corpus, words[4:]))
    return examples


def test_every_eval_example_pairs_a_gold_set_with_the_corpus_it_annotates():
    from pipeline.evaluate.score import load_gold

    examples = _eval_examples()
    assert {where for where, *_ in examples} == {"README.md", "--help", "Makefile"}
    for where, gold, output, corpus, _ in examples:
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
    for where, gold, output, corpus, options in _eval_examples():
        if corpus not in done:
            done[corpus] = tmp_path / f"run{len(done)}"
            run(corpus, done[corpus], nlp=nlp)
        assert main(["eval", str(gold), str(done[corpus]), *options]) == 0, (where, gold)
        captured = capsys.readouterr()
        assert "not in" not in captured.err, (where, captured.err)
        assert "F1 0.000" not in captured.out, (where, captured.out)


# --- 2. metadata kept -----------------------------------------------------------------------

from pipeline.ingest.read import read_corpus  # noqa: E402

ARCOM = "L’Arcom a infligé jeudi une amende de 2 millions d’euros à la plateforme."
CNIL = "La CNIL a mis en demeure Google de modifier ses bandeaux de cookies."


def _write(folder: Path, name: str, content: str, encoding: str = "utf-8") -> None:
    (folder / name).write_text(content, encoding=encoding, newline="")


def test_json_record_metadata_is_kept_in_url_author_outlet_record_id_and_meta(tmp_path):
    _write(tmp_path, "a.jsonl", json.dumps({
        "id": "arcom-1", "text": ARCOM, "title": "Amende", "url": "https://www.lemonde.fr/pixels/article.html",
        "author": ["Martin Untersinger", "Alexandre Piquard"], "source": {"id": "le-monde", "name": "Le Monde"},
        "rubrique": "Pixels", "mots_cles": ["Arcom", "DSA"]}, ensure_ascii=False) + "\n")
    (document,) = read_corpus(tmp_path)
    assert document.doc_id == "a#arcom-1"  # as before
    assert (document.url, document.author, document.outlet, document.record_id) == (
        "https://www.lemonde.fr/pixels/article.html", "Martin Untersinger, Alexandre Piquard", "Le Monde", "arcom-1")
    assert json.loads(document.meta) == {"rubrique": "Pixels", "mots_cles": ["Arcom", "DSA"]}


def test_outlet_is_the_url_host_when_no_field_names_it(tmp_path):
    _write(tmp_path, "a.json", json.dumps([{"text": ARCOM, "url": "https://www.lefigaro.fr/secteur/x.php"}]))
    (document,) = read_corpus(tmp_path)
    assert (document.outlet, document.record_id, document.meta) == ("lefigaro.fr", "", "")
    assert document.doc_id == "a#1"


def test_french_field_names_are_read_in_json(tmp_path):
    _write(tmp_path, "a.jsonl", json.dumps({"identifiant": "42", "titre": "Cookies", "texte": CNIL,
                                            "lien": "https://www.liberation.fr/a", "auteur": "Jeanne Dupont",
                                            "date": "2025-06-12"}, ensure_ascii=False) + "\n")
    (document,) = read_corpus(tmp_path)
    assert (document.status, document.text, document.title, document.published) == ("ok", CNIL, "Cookies", "2025-06-12")
    assert (document.url, document.author, document.outlet, document.record_id) == (
        "https://www.liberation.fr/a", "Jeanne Dupont", "liberation.fr", "42")
    assert document.doc_id == "a#1"  # only an `id` field names the record in doc_id, as before


def test_french_field_names_are_read_in_csv(tmp_path):
    _write(tmp_path, "a.csv", f'Titre,Texte,Lien,Auteur,Date de publication,Rubrique\n'
                              f'Cookies,"{CNIL}",https://www.lesechos.fr/tech,Jeanne Dupont,12/06/2025,Tech\n')
    (document,) = read_corpus(tmp_path)
    assert (document.status, document.text, document.title, document.published) == ("ok", CNIL, "Cookies", "2025-06-12")
    assert (document.url, document.author, document.outlet) == ("https://www.lesechos.fr/tech", "Jeanne Dupont", "lesechos.fr")
    assert json.loads(document.meta) == {"rubrique": "Tech"}


def test_documents_table_has_the_metadata_columns_at_the_end():
    from pipeline.output.tables import COLUMNS

    assert COLUMNS["documents"][:12] == ["doc_id", "source", "title", "published", "status", "error", "encoding",
                                         "n_paragraphs", "n_duplicates", "n_chars", "sha256", "warning"]
    assert COLUMNS["documents"][12:17] == ["url", "author", "outlet", "record_id", "meta"]


# --- 3. CSV dialects --------------------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_dialect_is_sniffed_semicolon_comma_or_tab(tmp_path, delimiter):
    header = delimiter.join(["id", "titre", "date", "texte"])
    row = delimiter.join(["1", "Amende", "2025-06-12", f'"{ARCOM}"'])
    _write(tmp_path, "a.csv", f"{header}\n{row}\n")
    (document,) = read_corpus(tmp_path)
    assert (document.status, document.text, document.title, document.published) == ("ok", ARCOM, "Amende", "2025-06-12")


def test_csv_with_bom_and_semicolons_like_a_french_excel_export(tmp_path):
    (tmp_path / "export.csv").write_bytes("\ufeffid;titre;date;texte\r\n1;Amende;12 juin 2025;\"L’Arcom a tranché; la plateforme fera appel.\"\r\n"
                                          .encode("utf-8"))
    (document,) = read_corpus(tmp_path)
    assert (document.status, document.doc_id, document.published) == ("ok", "export#1", "2025-06-12")
    assert document.text == "L’Arcom a tranché; la plateforme fera appel."


def test_csv_read_back_from_the_excel_copy_of_a_run(tmp_path):
    """The `--excel` copy (BOM, `;`) of documents.csv is no input, but a corpus saved the same way is."""
    (tmp_path / "a.csv").write_bytes("\ufeffdoc_id;text\r\nx;\"" .encode("utf-8") + CNIL.encode("utf-8") + b"\"\r\n")
    (document,) = read_corpus(tmp_path)
    assert (document.status, document.text) == ("ok", CNIL)


# --- 5. record dates ------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("12 juin 2025", "2025-06-12"), ("12/06/2025", "2025-06-12"), ("mardi 3 mars 2026", "2026-03-03"),
    ("1er février 2024", "2024-02-01"), ("juin 2025", "2025-06"), ("2025-06-12T08:00:00+02:00", "2025-06-12"),
    ("Publié le 12 juin 2025 à 10h00, mis à jour le 13 juin 2025 à 08h00", "2025-06-12"),
    ("Mis en ligne le 3 mars 2026", "2026-03-03"),
])
def test_record_date_in_french_is_parsed_into_published(tmp_path, value, expected):
    _write(tmp_path, "a.jsonl", json.dumps({"text": ARCOM, "date": value}, ensure_ascii=False) + "\n")
    (document,) = read_corpus(tmp_path)
    assert (document.published, document.warning) == (expected, "")


@pytest.mark.parametrize("value", ["hier", "jeudi", "bientôt", "12 juin"])
def test_unreadable_record_date_is_a_warning_never_today(tmp_path, value):
    _write(tmp_path, "a.jsonl", json.dumps({"text": ARCOM, "date": value}, ensure_ascii=False) + "\n")
    (document,) = read_corpus(tmp_path)
    assert document.published == ""
    assert f"date {value!r} not read" in document.warning


def test_date_line_header_is_read_as_the_publication_date(tmp_path):
    _write(tmp_path, "a.txt", f"Date: 2025-06-12\n{ARCOM}\n")
    (document,) = read_corpus(tmp_path)
    assert (document.published, document.text[document.body_start:]) == ("2025-06-12", f"{ARCOM}\n")


def test_french_date_line_header_is_read_too(tmp_path):
    _write(tmp_path, "a.txt", f"Date : 12 juin 2025\n\n{ARCOM}")
    (document,) = read_corpus(tmp_path)
    assert (document.published, document.text[document.body_start:].strip()) == ("2025-06-12", ARCOM)


def test_slashed_date_header_is_read(tmp_path):
    _write(tmp_path, "a.txt", f" date 12/06/2025 {ARCOM}")
    (document,) = read_corpus(tmp_path)
    assert (document.published, document.text[document.body_start:]) == ("2025-06-12", ARCOM)


def test_header_lines_of_a_text_file_are_its_metadata_and_its_text_starts_after_them(tmp_path):
    header = ("Titre : Cookies : la CNIL met Google en demeure\nDate de publication : 12 juin 2025\n"
              "Source : Le Monde\nLien : https://www.lemonde.fr/pixels/cnil.html\n\n")
    _write(tmp_path, "a.txt", header + CNIL)
    (document,) = read_corpus(tmp_path)
    assert (document.title, document.published, document.outlet, document.url) == (
        "Cookies : la CNIL met Google en demeure", "2025-06-12", "Le Monde", "https://www.lemonde.fr/pixels/cnil.html")
    assert document.body_start == len(header) - 1 and document.text == header + CNIL  # offsets index the file
    assert document.meta == ""


@pytest.mark.parametrize("first", ["Paris : le gouvernement a tranché.", "Date : à fixer par la Commission",
                                   "Titre : premier\nTitre : second"])
def test_a_first_line_that_names_no_field_or_no_date_stays_text(tmp_path, first):
    _write(tmp_path, "a.txt", f"{first}\n{CNIL}")
    (document,) = read_corpus(tmp_path)
    assert document.text.startswith(first.split("\n")[0]) and document.published == ""
    if first.startswith("Titre"):  # a field named twice ends the header: the second line is text
        assert (document.title, document.text[document.body_start:]) == ("premier", f"Titre : second\n{CNIL}")
    else:
        assert (document.title, document.body_start) == ("", 0)


def test_a_first_line_about_a_date_that_is_no_date_stays_text(tmp_path):
    _write(tmp_path, "a.txt", f"Date: à fixer par la Commission\n{ARCOM}")
    (document,) = read_corpus(tmp_path)
    assert (document.published, document.body_start) == ("", 0)


# --- 4. Markdown ------------------------------------------------------------------------------

MARKDOWN = """---
title: "L'Arcom sanctionne X"
date: 12 juin 2025
url: https://www.lemonde.fr/pixels/arcom.html
auteur: Jeanne Dupont
tags: [DSA, Arcom]
---
# L'Arcom sanctionne **X**

Selon [Nvidia](https://www.nvidia.com), la société **OpenAI** a présenté *vendredi* un plan.

- Premier point de la décision ;
- Second point de la décision.
"""


def test_markdown_front_matter_is_metadata_not_paragraph_zero(tmp_path):
    _write(tmp_path, "a.md", MARKDOWN)
    (document,) = read_corpus(tmp_path)
    assert (document.title, document.published, document.url, document.author, document.outlet) == (
        "L'Arcom sanctionne X", "2025-06-12", "https://www.lemonde.fr/pixels/arcom.html", "Jeanne Dupont", "lemonde.fr")
    assert json.loads(document.meta) == {"tags": ["DSA", "Arcom"]}
    assert document.body_start == MARKDOWN.index("# L'Arcom")
    assert "---" not in document.text[document.body_start:]


def test_markdown_markup_is_masked_one_for_one_so_offsets_index_the_file(tmp_path):
    _write(tmp_path, "a.md", MARKDOWN)
    (document,) = read_corpus(tmp_path)
    assert len(document.text) == len(MARKDOWN)
    body = document.text[document.body_start:]
    for mark in ("**", "*vendredi*", "](", "https://www.nvidia.com", "# ", "- Premier"):
        assert mark not in body, mark
    for words in ("L'Arcom sanctionne", "Nvidia", "OpenAI", "vendredi", "Premier point"):
        start = document.text.index(words)
        assert MARKDOWN[start:start + len(words)] == words  # the same place in the file


def test_markdown_title_heading_is_read_without_its_hashes(tmp_path):
    _write(tmp_path, "a.md", "## Le **DSA** entre en vigueur ##\n\nLa Commission européenne l'a annoncé.\n")
    (document,) = read_corpus(tmp_path)
    assert document.title == "Le DSA entre en vigueur"


def test_markdown_without_front_matter_and_a_plain_text_file_are_unchanged(tmp_path):
    text = "La CNIL a mis en demeure Google* de modifier ses bandeaux (voir [1]).\n"
    _write(tmp_path, "a.txt", "# pas un titre\n\n**gras** " + text)
    (document,) = read_corpus(tmp_path)
    assert document.text == "# pas un titre\n\n**gras** " + text  # only .md files are read as Markdown
    _write(tmp_path, "b.md", text)
    documents = list(read_corpus(tmp_path))
    assert documents[1].text == text and documents[1].body_start == 0


@pytest.mark.slow
def test_markdown_article_gives_no_markup_actor_and_exact_offsets_on_every_table(tmp_path, nlp):
    from pipeline.run import run
    from pipeline.output.tables import read_table

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a.md", MARKDOWN)
    run(corpus, tmp_path / "out", nlp=nlp)
    (document,) = read_corpus(corpus)
    for table in ("paragraphs", "mentions", "quotes", "claims", "dates"):
        for row in read_table(tmp_path / "out", table).to_dict("records"):
            start, end = int(row["start"]), int(row["end"])
            assert document.text[start:end] == row["text"], (table, row)
            assert start >= document.body_start
            assert not any(mark in row["text"] for mark in ("**", "](", "http")), (table, row)
    names = set(read_table(tmp_path / "out", "actors")["name"])
    assert not any("](" in name or "*" in name for name in names), names
    dates = read_table(tmp_path / "out", "dates")
    assert "2025-06-06" in set(dates["value"])  # « vendredi » resolved against the front matter's date


# --- one article in each format -------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>L'Arcom sanctionne X - Le Monde</title>
<meta property="og:title" content="L'Arcom sanctionne X">
<meta property="og:url" content="https://www.lemonde.fr/pixels/article/2025/06/12/arcom.html">
<meta property="og:site_name" content="Le Monde"><meta name="author" content="Jeanne Dupont">
<meta property="article:published_time" content="2025-06-12T08:00:00+02:00"></head>
<body><article><h1>L'Arcom sanctionne X</h1><p>L’Arcom a infligé jeudi une amende de 2 millions d’euros à
la plateforme X, qui a annoncé son intention de faire appel devant le Conseil d’État.</p><p>La décision
intervient après plusieurs mois d’enquête sur la modération des contenus haineux en France, a précisé
le régulateur dans un communiqué publié jeudi soir.</p></article></body></html>
"""
RECORD = {"id": "x-1", "titre": "L'Arcom sanctionne X", "texte": ARCOM + " « Nous ferons appel », a déclaré la plateforme.",
          "lien": "https://www.liberation.fr/economie/arcom", "auteur": "Jeanne Dupont", "date": "12 juin 2025"}


def _every_format(folder: Path) -> None:
    _write(folder, "article.txt", "Titre : L'Arcom sanctionne X\nDate: 2025-06-12\nAuteur : Jeanne Dupont\n"
           "URL: https://www.francetvinfo.fr/internet/arcom.html\n\n"
           f"{ARCOM} « Nous ferons appel », a déclaré la plateforme jeudi.\n")
    _write(folder, "article.md", MARKDOWN)
    _write(folder, "article.json", json.dumps(RECORD, ensure_ascii=False))
    _write(folder, "records.jsonl", json.dumps(RECORD, ensure_ascii=False) + "\n")
    _write(folder, "export.csv", "\ufeff" + ";".join(RECORD) + "\r\n"
           + ";".join(f'"{value}"' for value in RECORD.values()) + "\r\n")
    _write(folder, "page.html", HTML_PAGE)


def test_one_article_in_each_format_has_its_url_outlet_and_published(tmp_path):
    _every_format(tmp_path)
    rows = {document.source: document for document in read_corpus(tmp_path)}
    assert {source: row.status for source, row in rows.items()} == dict.fromkeys(
        ["article.json", "article.md", "article.txt", "export.csv", "page.html", "records.jsonl"], "ok")
    assert {source: row.published for source, row in rows.items()} == dict.fromkeys(rows, "2025-06-12")
    expected = {"article.md": ("https://www.lemonde.fr/pixels/arcom.html", "lemonde.fr"),
                "article.json": ("https://www.liberation.fr/economie/arcom", "liberation.fr"),
                "records.jsonl": ("https://www.liberation.fr/economie/arcom", "liberation.fr"),
                "export.csv": ("https://www.liberation.fr/economie/arcom", "liberation.fr"),
                "page.html": ("https://www.lemonde.fr/pixels/article/2025/06/12/arcom.html", "Le Monde"),
                "article.txt": ("https://www.francetvinfo.fr/internet/arcom.html", "francetvinfo.fr")}
    assert {source: (row.url, row.outlet) for source, row in rows.items()} == expected
    assert {row.author for row in rows.values()} == {"Jeanne Dupont"}
    assert {row.title for row in rows.values()} == {"L'Arcom sanctionne X"}


@pytest.mark.slow
def test_one_article_in_each_format_gives_exact_offsets_on_every_table(tmp_path, nlp):
    from pipeline.output.tables import read_table
    from pipeline.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _every_format(corpus)
    run(corpus, tmp_path / "out", nlp=nlp)
    texts = {document.doc_id: document.text for document in read_corpus(corpus)}
    documents = read_table(tmp_path / "out", "documents")
    assert set(documents["outlet"]) == {"francetvinfo.fr", "lemonde.fr", "liberation.fr", "Le Monde"}
    checked = 0
    for table in ("paragraphs", "mentions", "quotes", "claims", "dates"):
        for row in read_table(tmp_path / "out", table).to_dict("records"):
            assert texts[row["doc_id"]][int(row["start"]):int(row["end"])] == row["text"], (table, row)
            checked += 1
    assert checked > 20


# --- naming the fields ----------------------------------------------------------------------

def test_text_column_option_names_the_text_of_a_csv(tmp_path):
    from pipeline.ingest import fields

    _write(tmp_path, "a.csv", f'ref;chapo;corps_article;date_parution\nA7;Court résumé.;"{CNIL}";12 juin 2025\n')
    (document,) = read_corpus(tmp_path)
    assert document.status == "error" and "no 'text' column" in document.error
    fields.FIELD_CHOICES.update(text="corps_article", date="date_parution", id="ref")
    try:
        (document,) = read_corpus(tmp_path)
    finally:
        fields.FIELD_CHOICES.clear()
    assert (document.status, document.text, document.published, document.doc_id, document.record_id) == (
        "ok", CNIL, "2025-06-12", "a#A7", "A7")
    assert json.loads(document.meta) == {"chapo": "Court résumé."}


def test_text_column_option_that_names_no_field_is_an_error_row(tmp_path):
    from pipeline.ingest import fields

    _write(tmp_path, "a.jsonl", json.dumps({"text": CNIL}) + "\n")
    _write(tmp_path, "b.csv", f'text\n"{CNIL}"\n')
    fields.FIELD_CHOICES.update(text="corps")
    try:
        first, second = read_corpus(tmp_path)
    finally:
        fields.FIELD_CHOICES.clear()
    assert (first.status, first.error) == ("error", "record has no 'corps' field")
    assert (second.status, second.error) == ("error", "CSV has no 'corps' column (columns: text)")


@pytest.mark.slow
def test_text_column_option_on_the_command_line(tmp_path):
    import csv

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a.csv", f'ref;corps_article\nA7;"{CNIL}"\n')
    assert main(["run", str(corpus), "-o", str(tmp_path / "out"), "--quiet", "--text-column", "corps_article",
                 "--id-column", "ref"]) == 0
    with open(tmp_path / "out" / "documents.csv", encoding="utf-8", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert (row["doc_id"], row["status"], row["record_id"]) == ("a#A7", "ok", "A7")


# --- 6. near repeats depend on length ---------------------------------------------------------

BRIEF = "La CNIL a infligé une amende de 150 millions d'euros à Google {}."
WIRE = ("La Commission européenne a ouvert jeudi une procédure formelle contre TikTok au titre du règlement "
        "sur les services numériques, soupçonnant la plateforme de ne pas protéger suffisamment les mineurs "
        "et de manquer de transparence sur la publicité, a-t-elle annoncé {} dans un communiqué.")


def _dedup_run(rules, *texts: str):
    """The documents and paragraphs of articles read one after the other, each of `\\n\\n` blocks."""
    from pipeline.ingest.dedup import Deduplicator
    from pipeline.ingest.paragraphs import split
    from pipeline.ingest.read import document_from_record

    dedup = Deduplicator.from_rules(rules)
    return [dedup.mark(split(document_from_record(f"d{number}", f"d{number}.txt", "utf-8", "", {"text": text})))
            for number, text in enumerate(texts)]


def test_two_short_items_that_differ_by_one_word_are_not_repeats(rules):
    first, second = _dedup_run(rules, BRIEF.format("hier"), BRIEF.format("jeudi"))
    assert second.document.status == "ok" and second.paragraphs[0].duplicate_of == ""


def test_a_short_item_repeated_word_for_word_is_a_repeat_and_a_duplicate(rules):
    first, second = _dedup_run(rules, BRIEF.format("hier"), "« " + BRIEF.format("hier").upper() + " »")
    assert (second.paragraphs[0].duplicate_of, second.paragraphs[0].similarity) == ("d0:0", 1.0)
    assert second.document.status == "duplicate"


def test_a_paragraph_of_body_length_with_one_word_changed_is_a_near_repeat(rules):
    first, second = _dedup_run(rules, WIRE.format("mercredi"), WIRE.format("vendredi"))
    (paragraph,) = second.paragraphs
    assert paragraph.duplicate_of == "d0:0" and 0.6 <= paragraph.similarity < 1.0
    assert second.document.status == "duplicate"


def test_a_document_of_repeated_headings_only_is_not_a_duplicate(rules):
    first, second = _dedup_run(rules, f"Lire aussi\n\n{WIRE.format('jeudi')}", "Lire aussi")
    assert second.paragraphs[0].duplicate_of == "d0:0"
    assert (second.document.status, second.document.n_duplicates) == ("ok", 1)


# --- 7. a --rules folder corrects an actor of models/ -------------------------------------------

@pytest.mark.slow
def test_a_rules_folder_retypes_an_actor_of_models_and_the_run_says_so(tmp_path):
    from pipeline.nlp import build_nlp
    from pipeline.output.tables import read_table
    from pipeline.rules import load_rules
    from pipeline.run import run

    rules_dir = tmp_path / "my_rules"
    rules_dir.mkdir()
    _write(rules_dir, "actors_fix.jsonl", '{"label": "MEDIA", "pattern": "Qwant", "id": "Qwant", "kind": "media"}\n')
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a.txt", "Le moteur de recherche Qwant a signé jeudi un partenariat avec la CNIL.")
    notes: list[str] = []
    run(corpus, tmp_path / "out", rules_dir, nlp=build_nlp(load_rules(rules_dir)), notify=notes.append)
    assert read_table(tmp_path / "out", "actors").set_index("actor_id").loc["qwant", "type"] == "MEDIA"
    assert notes == ['my_rules/actors_fix.jsonl:1: actor "Qwant" replaces its 1 line(s) of models/actors.jsonl']
