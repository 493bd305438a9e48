"""The whole run on a small mixed corpus: bad files are rows, repeats are never parsed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.extractor import Extractor
from pipeline.run import run
from pipeline.output.tables import read_table

ROOT = Path(__file__).resolve().parent.parent
SEED = "seeds/000_029dc54680174176"
SEED_003 = "seeds/003_f1befbf8f01b1ffd"
MAX_LENGTH = 5000  # spaCy's max_length lowered for the run, so a 30,000-character line must be cut

ARTICLE_CP1252 = "\r\n".join([
    " date 2025-09-26 L’Arcom met en demeure une plateforme", "",
    "L’Arcom a infligé une amende de 50 000 euros à X, a déclaré jeudi son président, Martin Ajdari.", "",
    "LA RIPOSTE DE LA PLATEFORME", "",
    "« Nous contestons cette décision », a réagi un porte-parole du réseau social à Paris.",
])
LONG_LINE = " ".join(["Le gouvernement chinois a annoncé jeudi à Pékin des restrictions sur le gallium."] * 380)


def seed_paragraphs(name: str) -> list[str]:
    text = (ROOT / "corpus" / f"{name}.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]


def make_corpus(folder: Path) -> Path:
    """Seeds, varied good articles, and one file of each kind of bad input."""
    shutil.copytree(ROOT / "corpus" / "seeds", folder / "seeds")
    (folder / "presse").mkdir()
    (folder / "presse" / "arcom.txt").write_bytes(ARTICLE_CP1252.encode("cp1252"))
    (folder / "presse" / "ligne.txt").write_text(LONG_LINE, encoding="utf-8")
    first_seed = seed_paragraphs(SEED)
    whole_seed_003 = (ROOT / "corpus" / f"{SEED_003}.txt").read_text(encoding="utf-8")
    records = [{"id": "reprise", "text": "Washington durcit le ton.\n\n" + first_seed[2]},
               {"id": "copie", "text": whole_seed_003}]
    (folder / "suite").mkdir()  # sorts after seeds/: the seeds hold the first occurrences
    (folder / "suite" / "flux.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records)
                                       + '\n{"text": "coupé', encoding="utf-8")
    (folder / "export.csv").write_text('id,text\n1,"Bruxelles a ouvert une enquête visant Temu.\r\n'
                                       'Shein est aussi visé par la Commission européenne."\n2,a,b\n',
                                       encoding="utf-8")
    (folder / "lot.json").write_text('[{"id": "ok", "text": "Huawei conteste la décision de Berlin."}, '
                                     '{"id": "coupé", "text": "La suite', encoding="utf-8")
    (folder / "vide.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "rapport.pdf").write_bytes(b"%PDF-1.4\n")
    return folder


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, nlp):
    """One run over the mixed corpus; also records which paragraphs were handed to spaCy."""
    corpus = make_corpus(tmp_path_factory.mktemp("corpus"))
    output = tmp_path_factory.mktemp("output")
    parsed = []
    extract = Extractor._extract

    def spy(self, article):  # the stages receive the article with its parsed segments
        parsed.extend((s.paragraph, s.doc) for s in article.segments if s.doc is not None)
        return extract(self, article)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Extractor, "_extract", spy)
        patch.setattr(nlp, "max_length", MAX_LENGTH)
        summary = run(corpus, output, nlp=nlp)
    tables = {name: read_table(output, name) for name in
              ("documents", "paragraphs", "mentions", "quotes", "claims", "dates")}
    return {"summary": summary, "tables": tables, "parsed": parsed, "output": output, "corpus": corpus}


def documents(mixed) -> dict[str, dict]:
    return {row["doc_id"]: row for row in mixed["tables"]["documents"].to_dict("records")}


def test_every_file_and_record_has_a_documents_row(mixed):
    assert sorted(documents(mixed)) == sorted([
        SEED, SEED_003, "presse/arcom", "presse/ligne", "suite/flux#reprise", "suite/flux#copie", "suite/flux#3",
        "export#1", "export#2", "lot#ok", "lot#2", "vide", "image", "rapport"])


@pytest.mark.parametrize("doc_id, status, reason", [
    ("suite/flux#3", "error", "malformed JSON on line 3"),
    ("export#2", "error", "malformed CSV on line 4"),
    ("lot#2", "error", "malformed JSON on line 1"),
    ("vide", "empty", "empty file"),
    ("image", "error", "binary file"),
    ("rapport", "error", "unsupported file type '.pdf'"),
    ("suite/flux#copie", "duplicate", f"all paragraphs repeat {SEED_003}"),
])
def test_bad_inputs_are_rows_with_a_status_and_a_reason(mixed, doc_id, status, reason):
    row = documents(mixed)[doc_id]
    assert row["status"] == status and row["error"].startswith(reason)


def test_good_records_of_damaged_files_are_processed(mixed):
    rows = documents(mixed)
    assert rows["lot#ok"]["status"] == rows["export#1"]["status"] == "ok"
    mentions = mixed["tables"]["mentions"]
    assert "Huawei" in set(mentions[mentions.doc_id == "lot#ok"].text)


def test_summary_counts_every_status(mixed):
    statuses = mixed["summary"].statuses
    assert statuses == {"ok": 7, "duplicate": 1, "empty": 1, "error": 5}


def test_windows_1252_crlf_article_keeps_its_heading_date_and_offsets(mixed):
    row = documents(mixed)["presse/arcom"]
    assert (row["encoding"], row["published"], row["title"]) == (
        "cp1252", "2025-09-26", "L’Arcom met en demeure une plateforme")
    paragraphs = mixed["tables"]["paragraphs"]
    kinds = list(paragraphs[paragraphs.doc_id == "presse/arcom"].kind)
    assert kinds == ["heading", "body", "heading", "body"]


def test_only_new_paragraphs_are_handed_to_spacy(mixed):
    paragraphs = mixed["tables"]["paragraphs"]
    repeats = {(r.doc_id, int(r.paragraph)) for r in paragraphs.itertuples() if r.duplicate_of}
    parsed = {(p.doc_id, p.paragraph) for p, _ in mixed["parsed"]}
    assert len(repeats) == 3 + 1 + 6  # seed 000, the jsonl reprise, the whole copy of seed 003
    assert parsed and not parsed & repeats
    assert parsed | repeats == {(r.doc_id, int(r.paragraph)) for r in paragraphs.itertuples()}


def test_repeated_paragraphs_yield_no_mentions_quotes_claims_or_dates(mixed):
    tables = mixed["tables"]
    repeats = {(r.doc_id, r.paragraph) for r in tables["paragraphs"].itertuples() if r.duplicate_of}
    for name in ("mentions", "quotes", "claims", "dates"):
        rows = {(r.doc_id, r.paragraph) for r in tables[name].itertuples()}
        assert not rows & repeats, name
    # the originals of those repeats do have mentions: the check above is not vacuous
    mentions = tables["mentions"]
    assert len(mentions[(mentions.doc_id == SEED) & (mentions.paragraph == "2")]) > 0


def test_cross_article_repeat_points_to_the_seed_paragraph(mixed):
    paragraphs = mixed["tables"]["paragraphs"]
    row = paragraphs[(paragraphs.doc_id == "suite/flux#reprise") & (paragraphs.paragraph == "1")].iloc[0]
    assert (row.duplicate_of, row.similarity) == (f"{SEED}:2", "1.0")


def test_huge_line_is_parsed_in_segments_below_spacy_max_length(mixed):
    pieces = [doc for paragraph, doc in mixed["parsed"] if paragraph.doc_id == "presse/ligne"]
    assert len(LONG_LINE) > 6 * MAX_LENGTH and len(pieces) >= 7
    assert all(len(doc.text) < MAX_LENGTH for doc in pieces)
    mentions = mixed["tables"]["mentions"]
    assert len(mentions[mentions.doc_id == "presse/ligne"]) >= 380  # Pékin in every sentence, every piece


def test_output_folder_inside_the_corpus_is_not_read_on_the_next_run(tmp_path, nlp):
    (tmp_path / "a.txt").write_text("Huawei conteste la décision de Berlin.", encoding="utf-8")
    run(tmp_path, tmp_path / "sorties", nlp=nlp)
    run(tmp_path, tmp_path / "sorties", nlp=nlp)
    assert list(read_table(tmp_path / "sorties", "documents").doc_id) == ["a"]
