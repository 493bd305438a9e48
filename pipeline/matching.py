"""Token patterns of the rule files, each matched as cheaply as its shape allows.

spaCy's `Matcher` tries every pattern at every token, and evaluates set and extension predicates
in Python: on the rule files of `models/` that cost more than the parser. `TokenPatterns` finds
the same matches four ways:
- a pattern of one token testing one word attribute against a word or a list (`[{"LEMMA": {"IN":
  [...]}}]`, `[{"_": {"lemma": "dire"}}]`) is a dictionary lookup of the token's value;
- a pattern of one token testing one REGEX is a lookup too: each distinct value is tested once;
- a longer pattern of bounded length with a token every match must hold (words that are not stop
  words, the head noun of "le groupe chinois"; else a REGEX, a year) goes to the Matcher of that
  anchor, run only on the stretches of the Doc within its patterns' reach of a token holding it
  (every match holds one, so none is lost; patterns with another anchor are not tried there);
- any other pattern (a `*` or `+`, no word to anchor it) goes to a Matcher run on the whole Doc.
Matches come back as (key, start, end), sorted by start, then end, then key: the matches the
Matcher gives, without repeats.
"""

from __future__ import annotations

import re

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


def _single_test(pattern) -> dict | None:
    """The token spec of a pattern of one token holding one test, else None."""
    if not isinstance(pattern, list) or len(pattern) != 1 or not isinstance(pattern[0], dict) or len(pattern[0]) != 1:
        return None
    return pattern[0]


def _lookup_of(pattern) -> tuple[str, list[str]] | None:
    """(attribute, words) when the pattern is one token testing only one word attribute."""
    spec = _single_test(pattern)
    tests = _word_tests(spec) if spec is not None else []
    return tests[0] if tests else None


def _regex_tests(spec: dict) -> list[tuple[str, str]]:
    """(attribute, regex) of each REGEX test of one token spec on a word attribute."""
    return [(attr, test["REGEX"]) for attr, test in spec.items()
            if attr in WORD_ATTRS and isinstance(test, dict) and set(test) == {"REGEX"} and isinstance(test["REGEX"], str)]


def _regex_lookup_of(pattern) -> tuple[str, str] | None:
    """(attribute, regex) when the pattern is one token testing only one REGEX on a word attribute."""
    spec = _single_test(pattern)
    tests = _regex_tests(spec) if spec is not None else []
    return tests[0] if tests else None


def _anchor_of(pattern: list[dict], vocab) -> tuple[str, object] | None:
    """A test every match of the pattern passes: the shortest word list without a stop word ("le",
    "de" are everywhere: windows around them would cover the Doc), else a REGEX ("^(19|20)[0-9]{2}$");
    as ("words", (attr, words)) or ("regex", (attr, regex)); None when the pattern has neither or is
    unbounded."""
    if any(spec.get("OP") not in BOUNDED_OPS for spec in pattern):
        return None
    required = [spec for spec in pattern if spec.get("OP") in (None, "1")]
    candidates = [test for spec in required for test in _word_tests(spec)
                  if not any(vocab[word.lower()].is_stop for word in test[1])]
    if candidates:
        attr, words = min(candidates, key=lambda test: len(test[1]))
        return "words", (attr, tuple(sorted(set(words))))
    regexes = [test for spec in required for test in _regex_tests(spec)]
    return ("regex", regexes[0]) if regexes else None


class _Gate:
    """The patterns sharing one anchor, in their own Matcher, run only within their reach of it."""

    def __init__(self, vocab):
        self.matcher, self.reach = Matcher(vocab), 0

    def add(self, key: str, pattern: list[dict]) -> None:
        self.matcher.add(key, [pattern])
        self.reach = max(self.reach, len(pattern))


class TokenPatterns:
    """A Matcher that answers one-token patterns by lookup and runs longer ones near their anchors."""

    MAX_SEEN = 200_000  # distinct values whose regex verdicts are remembered, per attribute

    def __init__(self, vocab):
        self.vocab = vocab
        self.lookups: dict[str, dict] = {}  # attribute -> value (hash, or string for the `_` lemma) -> keys
        self.regex_keys: dict[tuple[str, str], list[str]] = {}  # one-token REGEX patterns: (attr, regex) -> keys
        self.gates: dict[tuple, _Gate] = {}  # anchor -> the patterns it opens windows for
        self.word_anchors: dict[str, dict] = {}  # attribute -> value -> anchors holding it
        self.matcher = Matcher(vocab)  # everything else, on the whole Doc
        self.keys: set[str] = set()
        self.regexes: dict[str, dict[str, re.Pattern]] = {}  # attribute -> the REGEX tests read on it
        self._matched: dict[str, dict] = {}  # attribute -> value -> the regexes it matches, tested once

    @property
    def anchors(self) -> dict[str, set]:
        """Attribute -> the word values that open a window (what the tests check)."""
        return {attr: set(values) for attr, values in self.word_anchors.items()}

    @property
    def gated(self) -> list[_Gate]:
        return list(self.gates.values())

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
        regex = _regex_lookup_of(pattern)
        if regex is not None:
            self.regex_keys.setdefault(regex, []).append(key)
            self._read_regex(*regex)
            return
        anchor = _anchor_of(pattern, self.vocab) if isinstance(pattern, list) else None
        if anchor is None:
            self.matcher.add(key, [pattern])
            return
        if anchor not in self.gates:
            self.gates[anchor] = _Gate(self.vocab)
            kind, (attr, test) = anchor
            if kind == "words":
                table = self.word_anchors.setdefault(attr, {})
                for word in test:
                    table.setdefault(self._value(attr, word), []).append(anchor)
            else:
                self._read_regex(attr, test)
        self.gates[anchor].add(key, pattern)

    def _read_regex(self, attr: str, regex: str) -> None:
        self.regexes.setdefault(attr, {})[regex] = re.compile(regex)
        self._matched.pop(attr, None)  # values seen before were not tested against it

    def _value(self, attr: str, word: str):
        return word if attr == EXTENSION else self.vocab.strings.add(word)

    def __len__(self) -> int:
        return len(self.keys)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        values = _Values(doc)
        strings = doc.vocab.strings
        found = {(strings[match], start, end) for match, start, end in self.matcher(doc)} if len(self.matcher) else set()
        regex_hits = self._regex_hits(values)
        for anchor, positions in self._anchored(values, regex_hits).items():
            gate = self.gates[anchor]
            for first, last in _windows(positions, gate.reach, len(doc)):
                found.update((strings[match], first + start, first + end)
                             for match, start, end in gate.matcher(doc[first:last]))
        for attr, table in self.lookups.items():
            for i, value in enumerate(values.of(attr)):
                for key in table.get(value, ()):
                    found.add((key, i, i + 1))
        for regex, keys in self.regex_keys.items():
            for i in regex_hits.get(regex, ()):
                found.update((key, i, i + 1) for key in keys)
        return sorted(found, key=lambda match: (match[1], match[2], match[0]))

    def _anchored(self, values: _Values, regex_hits: dict) -> dict[tuple, list[int]]:
        """Anchor -> the token positions that hold it, in order."""
        at: dict[tuple, list[int]] = {}
        for attr, table in self.word_anchors.items():
            for i, value in enumerate(values.of(attr)):
                for anchor in table.get(value, ()):
                    at.setdefault(anchor, []).append(i)
        for anchor in self.gates:
            kind, test = anchor
            if kind == "regex" and test in regex_hits:
                at[anchor] = regex_hits[test]
        return at

    def _regex_hits(self, values: _Values) -> dict[tuple[str, str], list[int]]:
        """(attribute, regex) -> the positions whose attribute it matches as spaCy's REGEX does
        (`re.search`): one pass a Doc and an attribute, each distinct value tested once per process."""
        strings, hits = self.vocab.strings, {}
        for attr, regexes in self.regexes.items():
            matched = self._matched.setdefault(attr, {})
            if len(matched) > self.MAX_SEEN:
                matched.clear()
            for i, value in enumerate(values.of(attr)):
                found = matched.get(value)
                if found is None:
                    text = value if attr == EXTENSION else strings[value]
                    found = matched[value] = tuple(regex for regex, compiled in regexes.items() if compiled.search(text))
                for regex in found:
                    hits.setdefault((attr, regex), []).append(i)
        return hits


def _windows(positions: list[int], reach: int, length: int) -> list[tuple[int, int]]:
    """Merged token ranges within reach of an anchor position: every gated match lies in one."""
    windows: list[list[int]] = []
    for i in positions:
        first, last = max(0, i - reach + 1), min(length, i + reach)
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
