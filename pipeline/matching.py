"""Token patterns of the rule files, each matched as cheaply as its shape allows.

spaCy's `Matcher` tries every pattern at every token, and evaluates set and extension predicates
in Python: on the rule files of `models/` that cost more than the parser. `TokenPatterns` finds
the same matches three ways:
- a pattern of one token testing one word attribute against a word or a list (`[{"LEMMA": {"IN":
  [...]}}]`, `[{"_": {"lemma": "dire"}}]`) is a dictionary lookup of the token's value;
- a longer pattern of bounded length with a token every match must hold, tested against words
  that are not stop words (the head noun of "le groupe chinois"), goes to a Matcher run only on
  the stretches of the Doc around such tokens (every match holds one, so none is lost);
- any other pattern (a `*` or `+`, no word to anchor it) goes to a Matcher run on the whole Doc.
Matches come back as (key, start, end), sorted by start, then end, then key: the matches the
Matcher gives, without repeats.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER, NORM, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc

# Pattern attributes a lookup can read, and the attribute id of each (`Doc.to_array`).
WORD_ATTRS = {"LOWER": LOWER, "LEMMA": LEMMA, "ORTH": ORTH, "TEXT": ORTH, "NORM": NORM}
EXTENSION = "_lemma"  # the repaired lemma, `token._.lemma` (`pipeline.fr.lemmas`), read as a string
BOUNDED_OPS = {None: 1, "1": 1, "?": 1, "!": 1}  # token operator -> the most tokens it takes


def _words(test) -> list[str] | None:
    """The words a test accepts when it is a word or an IN list of words; None otherwise."""
    if isinstance(test, str):
        return [test]
    if isinstance(test, dict) and set(test) == {"IN"} and all(isinstance(v, str) for v in test["IN"]):
        return list(test["IN"])
    return None


def _word_tests(spec: dict) -> list[tuple[str, list[str]]]:
    """(attribute, words) of each word test of one token spec: WORD_ATTRS and the `_` lemma."""
    tests = []
    for attr, test in spec.items():
        if attr in WORD_ATTRS and _words(test) is not None:
            tests.append((attr, _words(test)))
        elif attr == "_" and isinstance(test, dict) and set(test) == {"lemma"} and _words(test["lemma"]) is not None:
            tests.append((EXTENSION, _words(test["lemma"])))
    return tests


def _lookup_of(pattern) -> tuple[str, list[str]] | None:
    """(attribute, words) when the pattern is one token testing only one word attribute."""
    if not isinstance(pattern, list) or len(pattern) != 1 or not isinstance(pattern[0], dict) or len(pattern[0]) != 1:
        return None
    tests = _word_tests(pattern[0])
    return tests[0] if tests else None


def _anchor_of(pattern: list[dict], vocab) -> tuple[str, list[str]] | None:
    """A word test every match of the pattern passes, the shortest list without a stop word
    ("le", "de" are everywhere: windows around them would cover the Doc); None when the pattern
    has none or is unbounded."""
    if any(spec.get("OP") not in BOUNDED_OPS for spec in pattern):
        return None
    candidates = [test for spec in pattern if spec.get("OP") in (None, "1") for test in _word_tests(spec)
                  if not any(vocab[word.lower()].is_stop for word in test[1])]
    return min(candidates, key=lambda test: len(test[1]), default=None)


class TokenPatterns:
    """A Matcher that answers word-list patterns by lookup and runs longer ones near their anchors."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.lookups: dict[str, dict] = {}  # attribute -> value (hash, or string for the `_` lemma) -> keys
        self.anchors: dict[str, set] = {}  # attribute -> values opening a window for `gated`
        self.gated, self.reach = Matcher(vocab), 0  # reach: the longest gated pattern, in tokens
        self.matcher = Matcher(vocab)  # everything else, on the whole Doc
        self.keys: set[str] = set()

    def add(self, key: str, pattern: list[dict]) -> None:
        self.keys.add(key)
        lookup = _lookup_of(pattern)
        if lookup is not None:
            attr, words = lookup
            table = self.lookups.setdefault(attr, {})
            for value in dict.fromkeys(words):
                keys = table.setdefault(self._value(attr, value), [])
                if key not in keys:
                    keys.append(key)
            return
        anchor = _anchor_of(pattern, self.vocab) if isinstance(pattern, list) else None
        if anchor is None:
            self.matcher.add(key, [pattern])
            return
        attr, words = anchor
        self.anchors.setdefault(attr, set()).update(self._value(attr, word) for word in words)
        self.reach = max(self.reach, len(pattern))
        self.gated.add(key, [pattern])

    def _value(self, attr: str, word: str):
        return word if attr == EXTENSION else self.vocab.strings.add(word)

    def __len__(self) -> int:
        return len(self.keys)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        values = _Values(doc)
        strings = doc.vocab.strings
        found = {(strings[match], start, end) for match, start, end in self.matcher(doc)} if len(self.matcher) else set()
        for first, last in self._windows(values, len(doc)):
            found.update((strings[match], first + start, first + end)
                         for match, start, end in self.gated(doc[first:last]))
        for attr, table in self.lookups.items():
            for i, value in enumerate(values.of(attr)):
                for key in table.get(value, ()):
                    found.add((key, i, i + 1))
        return sorted(found, key=lambda match: (match[1], match[2], match[0]))

    def _windows(self, values: _Values, length: int) -> list[tuple[int, int]]:
        """Merged token ranges within reach of an anchor: every gated match lies in one."""
        at = sorted({i for attr, wanted in self.anchors.items()
                     for i, value in enumerate(values.of(attr)) if value in wanted})
        windows: list[list[int]] = []
        for i in at:
            first, last = max(0, i - self.reach + 1), min(length, i + self.reach)
            if windows and first <= windows[-1][1]:
                windows[-1][1] = last
            else:
                windows.append([first, last])
        return [(first, last) for first, last in windows]


class _Values:
    """Each token's value of an attribute, read once per Doc: hashes through `Doc.to_array`, the
    repaired lemma from `doc._.lemmas` (or the `token._.lemma` getter on a Doc it did not see)."""

    def __init__(self, doc: Doc):
        self.doc, self.read = doc, {}

    def of(self, attr: str) -> list:
        if attr not in self.read:
            if attr == EXTENSION:
                self.read[attr] = self.doc._.lemmas or [token._.lemma for token in self.doc]
            else:
                self.read[attr] = self.doc.to_array(WORD_ATTRS[attr]).tolist()
        return self.read[attr]
