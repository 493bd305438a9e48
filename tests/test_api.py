"""The Python API: one call per text, an Extractor for many, the tables of a run read back typed."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

import pipeline
from pipeline.ingest.read import document_from_record
from pipeline.output.tables import COLUMNS, read_outputs

ROOT = Path(__file__).resolve().parent.parent
VESTAGER = "« Nous ne céderons pas », a déclaré jeudi Margrethe Vestager."


def test_import_pipeline_does_not_load_spacy():
    import subprocess
    import sys

    code = "import sys, pipeline; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


def test_extract_gives_the_quote_its_speaker_and_its_date(pipeline_extractor):
    found = pipeline_extractor.extract(VESTAGER, published="2024-03-15")
    [quote] = found.quotes
    assert (quote.text, quote.speaker_name, quote.cue, quote.date) == (
        "Nous ne céderons pas", "Margrethe Vestager", "déclarer", "2024-03-14")
    assert VESTAGER[quote.start:quote.end] == quote.text


def test_extract_without_publication_date_leaves_the_weekday_unresolved(pipeline_extractor):
    found = pipeline_extractor.extract(VESTAGER)
    assert [(d.text, d.value) for d in found.dates] == [("jeudi", "")]


def test_to_pandas_gives_every_table_with_the_csv_columns_and_typed_offsets(pipeline_extractor):
    tables = pipeline_extractor.extract(VESTAGER, published="2024-03-15", title="Vestager").to_pandas()
    assert list(tables) == list(COLUMNS)
    for name, frame in tables.items():
        assert list(frame.columns) == COLUMNS[name]
    assert tables["quotes"]["start"].dtype == "Int64"
    assert tables["quotes"].loc[0, "speaker_name"] == "Margrethe Vestager"
    assert tables["actors"].loc[0, "name"] == "Margrethe Vestager"
    assert tables["documents"].loc[0, "title"] == "Vestager"


def test_repeated_paragraphs_of_one_text_are_linked_and_parsed_once(pipeline_extractor):
    paragraph = "La Commission européenne a ouvert une enquête contre TikTok en février."
    found = pipeline_extractor.extract(paragraph + "\n\n" + paragraph)
    assert [p.duplicate_of for p in found.paragraphs] == ["", "text:0"]
    assert {d.paragraph for d in found.dates} == {0}


def test_process_keeps_nothing_between_articles(pipeline_extractor):
    """The same article gives the same rows, whatever was processed before it."""
    first = pipeline_extractor.extract(VESTAGER, published="2024-03-15")
    pipeline_extractor.extract("Tik Tok et Huawei répondent à Pékin. « Non », a dit Jeanne Martinot.")
    again = pipeline_extractor.extract(VESTAGER, published="2024-03-15")
    assert again == first


def test_an_extraction_crosses_processes(pipeline_extractor):
    """Workers and cluster nodes send extractions back pickled: plain records only."""
    found = pipeline_extractor.extract(VESTAGER, published="2024-03-15")
    assert pickle.loads(pickle.dumps(found)) == found


def test_an_exception_in_a_stage_makes_the_document_an_error_row(pipeline_extractor, monkeypatch):
    def broken(self, article, mentions, dates):
        raise IndexError("index 12 is out of bounds")

    monkeypatch.setattr(type(pipeline_extractor.find_quotes), "extract", broken)
    document = document_from_record("lot#7", "lot.json", "utf-8", "", {"text": VESTAGER})
    found = pipeline_extractor.process(document)
    assert found.document.status == "error"
    assert found.document.error == "quotes: IndexError: index 12 is out of bounds"
    assert found.mentions == found.quotes == found.claims == found.dates == []
    assert [p.text for p in found.paragraphs] == [VESTAGER]  # still accounted for


def test_articles_parsed_in_one_batch_give_the_rows_each_gives_alone(pipeline_extractor):
    texts = [VESTAGER, "Tik Tok et Huawei répondent à Pékin. « Non », a dit Jeanne Martinot.",
             "La CNIL a infligé jeudi une amende à Free, a indiqué l'autorité."]
    documents = [document_from_record(f"lot#{n}", "lot.json", "utf-8", "", {"text": text}) for n, text in enumerate(texts)]
    together = list(pipeline_extractor.process_all([(document, None) for document in documents]))
    assert together == [pipeline_extractor.process(document) for document in documents]


def test_a_parse_failure_in_a_batch_costs_only_its_own_article(pipeline_extractor, monkeypatch):
    class Fragile:  # the model, except that it breaks on one text
        def __init__(self, nlp):
            self.nlp = nlp

        def pipe(self, texts, **options):
            for doc in self.nlp.pipe(texts, **options):
                if "Martinot" in doc.text:
                    raise ValueError("[E088] Text of length 1000001 exceeds maximum")
                yield doc

    texts = [VESTAGER, "« Non », a dit Jeanne Martinot.", "La CNIL a infligé une amende à Free, a indiqué l'autorité."]
    documents = [document_from_record(f"lot#{n}", "lot.json", "utf-8", "", {"text": text}) for n, text in enumerate(texts)]
    alone = [pipeline_extractor.process(document) for document in documents]
    monkeypatch.setattr(pipeline_extractor, "nlp", Fragile(pipeline_extractor.nlp))
    first, broken, last = pipeline_extractor.process_all([(document, None) for document in documents])
    assert (first, last) == (alone[0], alone[2])
    assert broken.document.status == "error" and broken.document.error.startswith("parse: ValueError: [E088]")
    assert [p.text for p in broken.paragraphs] == [texts[1]]


def test_read_outputs_types_offsets_as_integers_and_ids_as_text(seed_outputs):
    tables = read_outputs(seed_outputs)
    assert set(tables) == set(COLUMNS)
    paragraphs = tables["paragraphs"]
    assert paragraphs["start"].dtype == "Int64" and paragraphs["similarity"].dtype == "Float64"
    assert paragraphs["doc_id"].dtype == "string"
    assert tables["documents"]["published"].dtype == "string"  # "2021-02" stays as written
    quotes = tables["quotes"]
    assert quotes["speaker"].isna().any() or quotes["speaker"].notna().all()
    assert not (quotes["cue"] == "").any()  # empty cells are missing, not ""


def test_read_outputs_names_the_missing_tables(tmp_path):
    with pytest.raises(FileNotFoundError, match="documents.csv"):
        read_outputs(tmp_path)


def _readme_python_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_python_example_runs(pipeline_extractor, seed_outputs, tmp_path, monkeypatch, capsys):
    """Every ```python block of the README runs as written, in a folder holding a run's outputs."""
    monkeypatch.setitem(pipeline._shared, "default", pipeline_extractor)  # the session's model
    shutil.copytree(seed_outputs, tmp_path / "outputs")
    monkeypatch.chdir(tmp_path)
    examples = _readme_python_examples()
    assert examples, "the README shows the Python API"
    for example in examples:
        exec(compile(example, "README.md", "exec"), {"__name__": "readme"})
    assert "Margrethe Vestager déclarer 2024-03-14 Nous ne céderons pas" in capsys.readouterr().out


def test_a_stop_the_tokenizer_kept_on_a_word_ends_the_sentence_before_a_quote(pipeline_extractor):
    """"… sur X. « … »": the verb of the sentence before does not attribute the quote."""
    text = ("Thierry Breton a déclaré que le DSA s'applique à toutes les plateformes, sur X. "
            "« Nous allons respecter la loi européenne », a déclaré un porte-parole de Meta.")
    [quote] = [q for q in pipeline_extractor.extract(text).quotes if q.kind == "direct"]
    assert (quote.speaker_name, quote.rule) == ("Meta", "inversion/spokesperson")
