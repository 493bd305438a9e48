"""The core never raises and keeps every offset exact, whatever text it is given.

Generated texts mix French sentences with what scraped and exported articles hold: quotation marks
of every kind, balanced or not, across paragraphs; control and separator characters; emoji,
astral and combining characters; long tokens; empty paragraphs. CI runs a bounded number of
examples; a longer run:

    VEILLE_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_core_fuzz.py
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest.read import document_from_record

EXAMPLES = int(os.environ.get("VEILLE_FUZZ_EXAMPLES", "60"))

SENTENCES = [
    "La Commission européenne a infligé jeudi une amende de 120 millions d'euros à X.",
    "« Nous ne céderons pas », a déclaré Margrethe Vestager.",
    "Selon Thierry Breton, le DSA s'applique à toutes les plateformes.",
    "Huawei dément avoir transmis des données à Pékin, a indiqué un porte-parole.",
    "Le ministre a estimé que la CNIL « n'avait pas tranché » en mars 2023.",
    "TikTok conteste la décision et fera appel, d'après l'AFP.",
    "Elle a ajouté : « Ce n'est qu'un début.",
    "Washington voudrait l’assurance que les données ne soient pas transmises.",
    "Le 3 février, l'Arcep a publié son rapport annuel.",
    "« Nous allons agir.",
    "« Vite. »",
]
MARKS = ["«", "»", "“", "”", "‹", "›", '"', "‘", "’", "„", "« ", " »"]
ODD = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\u00a0", "\u202f", "\u200b",
       "\t", "\r", "\r\n", "\n\n", "\n", "😀", "𝔄", "\U0001F1EB\U0001F1F7", "e\u0301", "\u0301", "\ufeff",
       "\ufffd", "=" * 300, "-" * 50, "." * 40, "a" * 500, "M." * 20, "\x00", "…", "—"]

pieces = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(MARKS), st.sampled_from(ODD),
                   st.text(max_size=12))
texts = st.lists(pieces, min_size=1, max_size=14).map(" ".join)
published = st.sampled_from([None, "2024-03-15", "2021-02", "1999"])


def offsets_are_exact(text: str, rows) -> list[str]:
    return [f"{type(row).__name__} {row.start}:{row.end} {row.text!r}" for row in rows
            if text[row.start:row.end] != row.text]


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("VEILLE_FUZZ_EXAMPLES"),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=texts, date=published)
def test_any_text_is_processed_without_error_and_offsets_are_exact(pipeline_extractor, text, date):
    document = document_from_record("fuzz", "fuzz.txt", "utf-8", "", {"text": text, "date": date or ""})
    found = pipeline_extractor.process(document)
    assert found.document.status != "error", found.document.error
    source = found.document.text
    for rows in (found.paragraphs, found.mentions, found.quotes, found.claims, found.dates):
        assert offsets_are_exact(source, rows) == []


def test_a_quotation_reopened_in_the_next_paragraph_is_read_in_its_own_paragraph(pipeline_extractor):
    """French typography re-opens a quote with « in each paragraph: the two marks sit in two Docs."""
    found = pipeline_extractor.extract("Il a prévenu : « Nous allons agir.\n\n« Vite. » a-t-il ajouté.")
    assert found.document.status == "ok"
    assert [q.text for q in found.quotes] == ["Nous allons agir.\n\n« Vite."]
