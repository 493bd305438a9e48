"""The fast paths find exactly what spaCy's Matcher finds with the same rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.matcher import Matcher

from pipeline.matching import TokenPatterns
from pipeline.quotes.extract import BETWEEN, NOT_A_VERB, REFLEXIVE, SpeechVerbs

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Selon la Commission, d'après ses services, le règlement s'applique, a déclaré la porte-parole.",
    "Huawei s'en est toujours défendu. Le groupe a fait savoir qu'il contestait, et a mis en garde Bruxelles.",
    "« Non », a-t-il aussitôt répondu, avant de se dire « préoccupé ». Mme Vestager s'est félicitée.",
]


@pytest.fixture(scope="module")
def docs(nlp):
    seeds = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    return list(nlp.pipe(TEXTS + seeds))


def matcher_matches(vocab, rules, docs):
    matcher = Matcher(vocab)
    for key, pattern in rules:
        matcher.add(key, [pattern])
    return [sorted({(vocab.strings[m], s, e) for m, s, e in matcher(doc)}, key=lambda x: (x[1], x[2], x[0]))
            for doc in docs]


@pytest.mark.parametrize("family", ["cues", "dates", "claims", "descriptions", "actors"])
def test_token_patterns_find_what_the_matcher_finds(rules, nlp, docs, family):
    patterns = [(f"{family}{n}", rule.data["pattern"]) for n, rule in enumerate(rules.pattern_rules(family))
                if isinstance(rule.data["pattern"], list)]
    fast = TokenPatterns(nlp.vocab)
    for key, pattern in patterns:
        fast.add(key, pattern)
    expected = matcher_matches(nlp.vocab, patterns, docs)
    assert [fast(doc) for doc in docs] == expected
    assert any(expected), "the texts hold matches of this family"
    assert fast.lookups or len(fast.gated), "word-list and anchored patterns leave the whole-Doc Matcher"


def test_anchored_patterns_run_only_near_their_anchor_and_still_find_every_match(nlp):
    """ "le nouveau groupe chinois": the head noun anchors the pattern; the determiner (a stop word)
    does not, and a match at the very start or end of the Doc is not cut off by its window."""
    pattern = [{"LOWER": {"IN": ["le", "la"]}}, {"LOWER": "nouveau", "OP": "?"},
               {"LEMMA": {"IN": ["groupe", "opérateur"]}}, {"LOWER": "chinois", "OP": "?"}]
    fast = TokenPatterns(nlp.vocab)
    fast.add("DESCRIPTION", pattern)
    assert fast.anchors == {"LEMMA": {nlp.vocab.strings["groupe"], nlp.vocab.strings["opérateur"]}}
    doc = nlp("Le nouveau groupe chinois a déclaré que la décision visait l'opérateur et le groupe")
    expected = matcher_matches(nlp.vocab, [("DESCRIPTION", pattern)], [doc])[0]
    assert fast(doc) == expected
    assert ("DESCRIPTION", 0, 4) in expected and ("DESCRIPTION", len(doc) - 2, len(doc)) in expected


def test_repaired_lemma_patterns_are_lookups_of_the_repaired_lemma(nlp):
    """fr_core_news_md leaves "conteste" as its own lemma; the `_` lemma is "contester"."""
    fast = TokenPatterns(nlp.vocab)
    fast.add("DENIAL", [{"_": {"lemma": {"IN": ["contester", "démentir"]}}}])
    doc = nlp("Huawei conteste la décision et dément toute ingérence.")
    assert fast.lookups and not len(fast.matcher) and not len(fast.gated)
    assert [(key, doc[start].text) for key, start, _ in fast(doc)] == [("DENIAL", "conteste"), ("DENIAL", "dément")]


def test_speech_verbs_find_what_a_pattern_per_verb_finds(rules, nlp, docs):
    entries = rules.wordlist("speech_verbs")
    patterns = []
    for entry in sorted(entries):
        words = entry.replace("s'", "se ").replace("s’", "se ").split()
        if words[0] == "se":
            pattern = [{"LOWER": {"IN": sorted(REFLEXIVE)}}, {"LOWER": {"IN": ["en", "y"]}, "OP": "?"},
                       {"POS": "AUX", "OP": "*"}, *BETWEEN, {"_": {"lemma": words[1]}}]
        else:
            pattern = [{"_": {"lemma": words[0]}, "POS": {"NOT_IN": NOT_A_VERB}}]
            for word in words[1:]:
                pattern += [*BETWEEN, {"LOWER": word}]
        patterns.append((entry, pattern))
    expected = matcher_matches(nlp.vocab, patterns, docs)
    speech = SpeechVerbs(nlp.vocab, entries)
    assert [speech(doc) for doc in docs] == expected
    assert any(entry.startswith("se ") or " " in entry for found in expected for entry, _, _ in found)


def test_regex_patterns_are_lookups_or_anchors_and_find_what_the_matcher_finds(nlp):
    """A conditional ending is tested once per distinct word; "en 2025" runs only near a year."""
    conditional = [{"LOWER": {"REGEX": "^(pourr|devr)(ais|ait|aient)$"}}]
    year = [{"LOWER": {"IN": ["en", "depuis"]}}, {"LOWER": {"REGEX": "^(19|20)[0-9]{2}$"}}]
    fast = TokenPatterns(nlp.vocab)
    fast.add("CONDITIONAL", conditional)
    fast.add("YEAR", year)
    assert fast.regex_keys and [kind for kind, _ in fast.gates] == ["regex"] and not len(fast.matcher)
    docs = [nlp("Bruxelles pourrait sanctionner X en 2025, et devrait trancher depuis 2024 au plus tard."),
            nlp("Les plateformes pourraient payer en 2026 ; elles pourraient aussi attendre.")]
    expected = matcher_matches(nlp.vocab, [("CONDITIONAL", conditional), ("YEAR", year)], docs)
    assert [fast(doc) for doc in docs] == expected
    assert [(key, docs[0][start:end].text) for key, start, end in expected[0]] == [
        ("CONDITIONAL", "pourrait"), ("YEAR", "en 2025"), ("CONDITIONAL", "devrait"), ("YEAR", "depuis 2024")]


def test_the_repaired_lemma_getter_reads_what_fr_lemmas_stored(nlp):
    """`token._.lemma` reads `doc._.lemmas` where spaCy keeps it; on a Doc the component never saw
    it repairs the form itself (a blank Doc: no stored lemmas)."""
    from spacy.tokens import Doc

    from pipeline.fr.lemmas import LEMMAS_KEY

    doc = nlp("Huawei conteste la décision.")
    assert doc.user_data[LEMMAS_KEY] is doc._.lemmas
    assert [token._.lemma for token in doc] == doc._.lemmas and doc[1]._.lemma == "contester"
    blank = Doc(nlp.vocab, words=["Il", "a", "contesté"], lemmas=["il", "avoir", "contesté"])
    assert blank._.lemmas is None and [token._.lemma for token in blank] == ["il", "avoir", "contesté"]
