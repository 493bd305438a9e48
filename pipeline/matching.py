"""Token patterns of the rule files, each matched as cheaply as its shape allows.

spaCy's `Matcher` evaluates every predicate of every pattern on every token, in Python for set
and extension predicates: on the rule files of `models/` that cost more than the parser. Most
rules are one token with a word list (`[{"LEMMA": {"IN": [...]}}]`); those become dictionary
lookups, the rest stay with the Matcher. Matches come back as the Matcher gives them:
(key, start, end), sorted by start, then end, then key.
"""

from __future__ import annotations

from spacy.matcher import Matcher
from spacy.tokens import Doc

# Pattern attributes a lookup can read, and the token attribute holding each.
LOOKUP_ATTRS = {"LOWER": "lower_", "LEMMA": "lemma_", "ORTH": "text", "TEXT": "text", "NORM": "norm_"}


def _lookup_of(pattern) -> tuple[str, list[str]] | None:
    """(token attribute, values) when the pattern is one token testing one attribute against
    a string or an IN list; None for any other shape."""
    if not isinstance(pattern, list) or len(pattern) != 1 or not isinstance(pattern[0], dict) or len(pattern[0]) != 1:
        return None
    attr, test = next(iter(pattern[0].items()))
    if attr not in LOOKUP_ATTRS:
        return None
    if isinstance(test, str):
        return LOOKUP_ATTRS[attr], [test]
    if isinstance(test, dict) and set(test) == {"IN"} and all(isinstance(v, str) for v in test["IN"]):
        return LOOKUP_ATTRS[attr], list(test["IN"])
    return None


class TokenPatterns:
    """A Matcher that answers single-token word-list patterns by dictionary lookup."""

    def __init__(self, vocab):
        self.matcher = Matcher(vocab)
        self.lookups: dict[str, dict[str, list[str]]] = {}  # token attribute -> value -> keys
        self.keys: set[str] = set()

    def add(self, key: str, pattern: list[dict]) -> None:
        self.keys.add(key)
        lookup = _lookup_of(pattern)
        if lookup is None:
            self.matcher.add(key, [pattern])
            return
        attr, values = lookup
        table = self.lookups.setdefault(attr, {})
        for value in dict.fromkeys(values):
            if key not in table.setdefault(value, []):
                table[value].append(key)

    def __len__(self) -> int:
        return len(self.keys)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        strings = doc.vocab.strings
        found = {(strings[match], start, end) for match, start, end in self.matcher(doc)} if len(self.matcher) else set()
        for attr, table in self.lookups.items():
            for token in doc:
                for key in table.get(getattr(token, attr), ()):
                    found.add((key, token.i, token.i + 1))
        return sorted(found, key=lambda match: (match[1], match[2], match[0]))
