"""Dedup: exact and near repeats point at their first occurrence; different paragraphs stay apart."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.ingest.dedup import Deduplicator, normalise
from pipeline.ingest.read import document_from_record, read_corpus
from pipeline.ingest.paragraphs import split

SEEDS = Path(__file__).resolve().parent.parent / "corpus"

CFIUS = ("La requête de la Maison Blanche vient du CFIUS, une agence gouvernementale chargée d’évaluer "
         "les risques de tout investissement étranger pour la sécurité nationale américaine. Le comité "
         "exige que ByteDance cède TikTok à un acquéreur américain, faute de quoi l’application sera "
         "interdite aux États-Unis.")
# Same story, same actors, another paragraph: must never be taken for a repeat.
CFIUS_OTHER = ("Le CFIUS examine depuis 2019 le rachat de Musical.ly par ByteDance, qui a donné naissance "
               "à TikTok. Selon plusieurs sénateurs, l’application transmettrait des données d’utilisateurs "
               "américains à Pékin, ce que le groupe chinois a toujours démenti devant le Congrès.")
TIKTOK_OTHER = ("TikTok a annoncé jeudi un plan baptisé « Project Texas » pour stocker les données de ses "
                "utilisateurs américains chez Oracle. Le réseau social assure que ses employés chinois "
                "n’y auront pas accès et qu’un comité indépendant contrôlera les algorithmes.")


def article(doc_id: str, *texts: str):
    """An article whose paragraphs are the given texts, one per blank-line block."""
    document = document_from_record(doc_id, doc_id + ".txt", "utf-8", "", {"text": "\n\n".join(texts)})
    return split(document)


def marks(result) -> list[tuple[str, float | None]]:
    return [(p.duplicate_of, p.similarity) for p in result.paragraphs]


@pytest.fixture
def dedup(rules):
    return Deduplicator.from_rules(rules)


def test_normalise_folds_spaces_case_quotes_and_apostrophes():
    assert normalise("«L’Arcom»  a\u00a0TRANCHÉ") == normalise("\" l'arcom \" a tranché")


@pytest.mark.parametrize("variant", [
    CFIUS.upper(),
    CFIUS.replace("’", "'"),
    CFIUS.replace(" ", "  ").replace(". ", ".\u00a0\t"),
    "« " + CFIUS + " »",
], ids=["case", "apostrophe", "spaces", "quotation-marks"])
def test_exact_repeat_after_normalising_has_similarity_one(dedup, variant):
    dedup.mark(article("a", CFIUS))
    assert marks(dedup.mark(article("b", variant))) == [("a:0", 1.0)]


@pytest.mark.parametrize("variant", [
    CFIUS.replace(",", "").replace(". Le", " ; le"),
    CFIUS.replace("exige", "demande"),
    CFIUS + " Le Trésor américain n’a pas souhaité commenter cette information.",
], ids=["punctuation-changed", "one-word-changed", "sentence-added"])
def test_near_repeat_variants_merge_with_their_estimated_similarity(dedup, rules, variant):
    dedup.mark(article("a", CFIUS))
    ((first, similarity),) = marks(dedup.mark(article("b", variant)))
    assert first == "a:0" and rules.setting("dedup", "threshold") <= similarity <= 1.0


@pytest.mark.parametrize("other", [CFIUS_OTHER, TIKTOK_OTHER], ids=["cfius-history", "project-texas"])
def test_different_paragraphs_on_the_same_topic_do_not_merge(dedup, other):
    dedup.mark(article("a", CFIUS))
    assert marks(dedup.mark(article("b", other))) == [("", None)]


def test_repeat_within_a_document_points_to_its_first_occurrence(dedup):
    result = dedup.mark(article("a", CFIUS, TIKTOK_OTHER, CFIUS))
    assert marks(result) == [("", None), ("", None), ("a:0", 1.0)]
    assert result.document.n_duplicates == 1 and result.document.status == "ok"


def test_repeat_across_articles_points_to_the_earlier_article(dedup):
    dedup.mark(article("dépêches/afp", TIKTOK_OTHER, CFIUS))
    result = dedup.mark(article("presse/monde", CFIUS_OTHER, CFIUS.replace("exige", "demande")))
    assert [p for p, _ in marks(result)] == ["", "dépêches/afp:1"]


def test_repeated_headings_are_exact_repeats_whatever_their_case(dedup):
    dedup.mark(article("a", "LA RIPOSTE DE PÉKIN", CFIUS))
    result = dedup.mark(article("b", "La riposte de Pékin", TIKTOK_OTHER))
    assert marks(result) == [("a:0", 1.0), ("", None)]


def test_short_paragraph_with_one_word_changed_is_not_a_repeat(dedup):
    dedup.mark(article("a", "Les souhaits de Huawei"))
    assert marks(dedup.mark(article("b", "Les souhaits de ZTE"))) == [("", None)]


def test_document_whose_paragraphs_all_repeat_is_a_duplicate(dedup):
    dedup.mark(article("a", "LA RIPOSTE DE PÉKIN", CFIUS, TIKTOK_OTHER))
    result = dedup.mark(article("b", TIKTOK_OTHER, "La riposte de Pékin"))
    assert (result.document.status, result.document.error) == ("duplicate", "all paragraphs repeat a")
    assert result.document.n_duplicates == 2


def test_exact_copy_of_a_near_repeat_points_to_the_original(dedup):
    variant = CFIUS.replace("exige", "demande")
    dedup.mark(article("a", CFIUS))
    ((_, similarity),) = marks(dedup.mark(article("b", variant)))
    assert marks(dedup.mark(article("c", variant))) == [("a:0", similarity)]


def test_first_seed_has_exactly_three_repeats_each_pointing_to_its_first_occurrence(dedup):
    (document,) = [d for d in read_corpus(SEEDS) if d.doc_id == "seeds/000_029dc54680174176"]
    result = dedup.mark(split(document))
    repeats = {p.paragraph: (p.duplicate_of, p.similarity) for p in result.paragraphs if p.is_repeat}
    seed = "seeds/000_029dc54680174176"
    assert repeats == {4: (f"{seed}:1", 1.0), 5: (f"{seed}:2", 1.0), 6: (f"{seed}:3", 1.0)}
    assert result.document.n_duplicates == 3


def test_settings_set_the_thresholds(rules):
    dedup = Deduplicator.from_rules(rules)
    assert (dedup.threshold, dedup.num_perm, dedup.shingle_size, dedup.min_words) == (
        rules.setting("dedup", "threshold"), rules.setting("dedup", "num_perm"),
        rules.setting("dedup", "shingle_size"), rules.setting("dedup", "min_words"))
    assert (Deduplicator(bands=16, rows=8).lsh.b, Deduplicator(bands=16, rows=8).lsh.r) == (16, 8)


def test_each_paragraph_is_compared_with_a_few_candidates_never_all_pairs(dedup, monkeypatch):
    words = sorted({w for w in (CFIUS + CFIUS_OTHER + TIKTOK_OTHER).split()})
    pick = random.Random(3)
    texts = []
    for number in range(2000):
        if number % 10 == 9:  # one in ten: an earlier paragraph with one word changed
            copy = texts[pick.randrange(number)].split()
            copy[pick.randrange(len(copy))] = pick.choice(words)
            texts.append(" ".join(copy))
        else:
            texts.append(" ".join(pick.choices(words, k=50)))
    query = dedup.lsh.query
    candidates = []
    monkeypatch.setattr(dedup.lsh, "query", lambda signature: candidates.append(len(query(signature))) or query(signature))
    marked = [dedup.mark(article(f"gen/{n}", *texts[n:n + 10])) for n in range(0, 2000, 10)]
    assert sum(a.document.n_duplicates for a in marked) == 200
    assert len(candidates) == 2000
    assert 200 <= sum(candidates) < 2000  # all pairs would be about two million comparisons
