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


@pytest.mark.parametrize("family", ["cues", "dates", "claims"])
def test_token_patterns_find_what_the_matcher_finds(rules, nlp, docs, family):
    patterns = [(f"{family}{n}", rule.data["pattern"]) for n, rule in enumerate(rules.pattern_rules(family))
                if isinstance(rule.data["pattern"], list)]
    fast = TokenPatterns(nlp.vocab)
    for key, pattern in patterns:
        fast.add(key, pattern)
    assert [fast(doc) for doc in docs] == matcher_matches(nlp.vocab, patterns, docs)
    assert fast.lookups, "word-list patterns take the lookup path"


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
