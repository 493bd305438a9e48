"""Paragraphs: where an article breaks, which lines are headings, and offsets into the decoded text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import paragraphs
from pipeline.ingest.read import document_from_record, read_corpus
from pipeline.ingest.paragraphs import is_heading, segments, split

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
FIRST_SEED = "seeds/000_029dc54680174176"
SECOND_SEED = "seeds/003_f1befbf8f01b1ffd"


def article(text: str, **record):
    """Split French text as the pipeline does after ingestion."""
    return split(document_from_record("test/a", "test/a.txt", "utf-8", "", {"text": text, **record}))


def texts(text: str) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in article(text).paragraphs]


@pytest.fixture(scope="module")
def seeds():
    """The two seed articles as shipped, split."""
    return {d.doc_id: split(d) for d in read_corpus(SEEDS.parent) if d.doc_id.startswith("seeds/")}


def test_blank_lines_separate_paragraphs_and_single_newlines_stay_inside():
    text = "L’Arcom a tranché.\nLa plateforme a un mois.\n\n  \nLe groupe fera appel."
    assert texts(text) == [("body", "L’Arcom a tranché.\nLa plateforme a un mois."),
                           ("body", "Le groupe fera appel.")]


def test_single_newlines_separate_paragraphs_when_there_is_no_blank_line():
    assert texts("L’Arcom a tranché.\nLe groupe fera appel.\n") == [
        ("body", "L’Arcom a tranché."), ("body", "Le groupe fera appel.")]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
def test_windows_and_old_mac_line_ends_split_the_same_way(newline):
    text = newline.join(["LA RIPOSTE DE PÉKIN", "", "Pékin a répliqué jeudi.", "", "Washington se tait."])
    result = article(text)
    assert [(p.kind, p.text) for p in result.paragraphs] == [
        ("heading", "LA RIPOSTE DE PÉKIN"), ("body", "Pékin a répliqué jeudi."), ("body", "Washington se tait.")]
    assert all(text[p.start:p.end] == p.text for p in result.paragraphs)


def test_blank_line_holding_non_breaking_spaces_still_separates():
    assert len(article("Premier paragraphe.\n\u00a0\u202f\nSecond paragraphe.").paragraphs) == 2


@pytest.mark.parametrize("line, expected", [
    ("LA RIPOSTE DE PÉKIN", True),
    ("Les souhaits de Huawei", True),
    ("TikTok sera-t-il interdit aux États-Unis ?", True),
    ("Un « mur de cookies » illégal ?", True),
    ("5G : l'Allemagne va exclure Huawei", True),
    ("L’Arcom a infligé une amende à X.", False),
    ("« Nous ferons appel »", False),
    ("Le gouvernement a réagi :", False),
    ("- une puce par ligne", False),
    ("selon une source proche du dossier", False),
    ("Washington, qui accuse Pékin d’espionnage, a annoncé jeudi de nouvelles restrictions sur les "
     "exportations de puces", False),
])
def test_a_heading_is_a_short_line_without_final_full_stop(line, expected):
    assert is_heading(line) is expected


def test_heading_over_the_word_limit_is_body():
    line = "Les autres compagnies technologiques chinoises"
    assert is_heading(line, max_words=5) and not is_heading(line, max_words=4)


def test_a_short_last_line_titles_nothing_and_is_body():
    assert texts("Pékin a répliqué.\n\nAffaire à suivre") == [
        ("body", "Pékin a répliqué."), ("body", "Affaire à suivre")]


def test_first_heading_becomes_the_title_unless_the_record_has_one():
    text = "Puces : Washington serre la vis\n\nLe département du Commerce a annoncé jeudi des restrictions."
    assert article(text).document.title == "Puces : Washington serre la vis"
    assert article(text, title="Titre du flux").document.title == "Titre du flux"


def test_date_header_belongs_to_no_paragraph():
    text = " date 2025-12-05 DSA : Bruxelles inflige une amende à X\n\nLa Commission a tranché vendredi."
    result = article(text)
    assert [(p.kind, p.text) for p in result.paragraphs] == [
        ("heading", "DSA : Bruxelles inflige une amende à X"), ("body", "La Commission a tranché vendredi.")]
    assert result.paragraphs[0].start == len(" date 2025-12-05 ")


def test_document_that_failed_has_no_paragraphs():
    document = document_from_record("x#1", "x.jsonl", "utf-8", "", {"text": 42})
    assert split(document).paragraphs == [] and document.n_paragraphs == 0


def test_first_seed_has_seven_body_paragraphs_one_per_line(seeds):
    result = seeds[FIRST_SEED]
    assert [p.kind for p in result.paragraphs] == ["body"] * 7
    assert result.paragraphs[0].text.startswith("Les réseaux sociaux américains")
    assert result.paragraphs[6].text.startswith("«La meilleure façon de répondre")


def test_second_seed_has_its_two_headings_and_its_date(seeds):
    result = seeds[SECOND_SEED]
    assert result.document.published == "2021-02"
    assert [p.text for p in result.paragraphs if p.kind == "heading"] == [
        "Les autres compagnies technologiques chinoises", "Les souhaits de Huawei"]
    assert len(result.paragraphs) == 6 and result.paragraphs[0].start == len(" date 2021-02 ")


def test_offsets_index_the_decoded_text_for_every_seed_paragraph(seeds):
    for result in seeds.values():
        text = result.document.text
        assert all(text[p.start:p.end] == p.text for p in result.paragraphs)
        assert [p.paragraph for p in result.paragraphs] == list(range(len(result.paragraphs)))


def test_huge_paragraph_is_cut_at_sentence_ends_with_document_offsets():
    sentence = "Le Conseil d’État a rejeté jeudi le recours de TikTok contre l’Arcom. "
    text = " date 2024-03 " + sentence * 100
    result = article(text)
    pieces = segments(result, max_chars=1000)
    assert len(pieces) >= 7 and all(len(piece.text) <= 1000 for piece in pieces)
    assert all(piece.text.startswith("Le Conseil") and piece.text.endswith("l’Arcom.") for piece in pieces)
    assert all(text[piece.start:piece.start + len(piece.text)] == piece.text for piece in pieces)


def test_paragraph_without_spaces_is_cut_hard_at_the_limit():
    text = "x" * 2500
    pieces = segments(article(text), max_chars=1000)
    assert [len(piece.text) for piece in pieces] == [1000, 1000, 500]
    assert "".join(piece.text for piece in pieces) == text


def test_segments_leave_out_repeated_paragraphs():
    result = article("Premier paragraphe du texte.\n\nSecond paragraphe du texte.")
    result.paragraphs[1].duplicate_of = "autre/doc:0"
    assert [piece.paragraph.paragraph for piece in paragraphs.segments(result)] == [0]
