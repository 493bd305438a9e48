"""The date words and what they mean, read from the same rule files as the date patterns.

A `dates` rule whose label is a word class (`MONTH_WORD`, `WEEKDAY_WORD`…) is no pattern of its
own: it lists spellings of one value, the id. Its one token says which words:

    {"label": "MONTH_WORD", "pattern": [{"LOWER": {"IN": ["février", "fevrier"]}}], "id": "2"}

and a date pattern names the whole class by its label where a word of it may stand:

    {"LOWER": {"IN": ["@MONTH_WORD"]}}           any month            (also {"LOWER": "@MONTH_WORD"})
    {"LOWER": {"REGEX": "^mi-(@MONTH_WORD)$"}}   "mi-février"         (the spellings, escaped, as alternatives)

So a spelling added as data is both matched by every pattern of its class and read as its value;
there is no second copy in code. `DateWords.from_rules` checks the classes when the rules load
and raises `RulesError` with every problem as `file:line: message`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.rules import Rule, Rules, RulesError

# Word class label -> the table its words are read into, and what a valid id is there.
MONTH, WEEKDAY, SEASON, ORDINAL, UNIT, COUNT = "month", "weekday", "season", "ordinal", "unit", "count"
HOLIDAY = "holiday"
CLASSES = {
    "MONTH_WORD": MONTH,  # janvier … décembre: id 1 to 12
    "MONTH_ABBREVIATION": MONTH,  # janv., sept.: only matched where a year follows
    "MONTH_LIKE": MONTH,  # words that name a month of their own ("la rentrée": September)
    "WEEKDAY_WORD": WEEKDAY,  # id 1 (Monday) to 7 (Sunday), ISO 8601
    "SEASON_WORD": SEASON,  # id the ISO 8601-2 code, 21 (spring) to 24 (winter)
    "ORDINAL_WORD": ORDINAL,  # premier, 2e…: id the rank (quarters, halves)
    "UNIT_WORD": UNIT,  # an, mois, semaines: id year, month, week or day
    "COUNT_WORD": COUNT,  # counts dateparser does not read (treize, vingt…): id the number
    "HOLIDAY_WORD": HOLIDAY,  # Noël: id its day "12-25"; Pâques: "easter+0", Pentecôte "easter+49"
}
UNITS = ("year", "month", "week", "day")
VALID = {
    MONTH: lambda value: value.isdigit() and 1 <= int(value) <= 12,
    WEEKDAY: lambda value: value.isdigit() and 1 <= int(value) <= 7,
    SEASON: lambda value: value in ("21", "22", "23", "24"),
    ORDINAL: lambda value: value.isdigit() and 1 <= int(value) <= 4,
    UNIT: lambda value: value in UNITS,
    COUNT: lambda value: value.isdigit(),
    HOLIDAY: lambda value: bool(re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])|easter[+-]\d{1,2}", value)),
}
EXPECTED = {MONTH: "1 to 12", WEEKDAY: "1 (Monday) to 7 (Sunday)", SEASON: "21, 22, 23 or 24",
            ORDINAL: "1 to 4", UNIT: ", ".join(UNITS), COUNT: "a whole number",
            HOLIDAY: 'a day "MM-DD" or a day counted from Easter Sunday, "easter+49"'}
REFERENCE = re.compile(r"@([A-Z][A-Z_]*)")


def is_word_class(rule: Rule) -> bool:
    return rule.data.get("label") in CLASSES


@dataclass
class DateWords:
    """Word -> value, one table per kind, and the spellings of each class for the patterns."""

    tables: dict[str, dict[str, str]] = field(default_factory=lambda: {kind: {} for kind in VALID})
    spellings: dict[str, list[str]] = field(default_factory=dict)  # class label -> its words

    @classmethod
    def from_rules(cls, rules: Rules) -> DateWords:
        words, problems = cls.read(rules)
        if problems:
            raise RulesError(problems)
        return words

    @classmethod
    def read(cls, rules: Rules) -> tuple[DateWords, list[str]]:
        """The tables, and every problem of the word classes and of the references to them."""
        words, problems = cls(), []
        seen: dict[tuple[str, str], str] = {}  # (table, word) -> where it was first listed
        for rule in rules.pattern_rules("dates"):
            if not is_word_class(rule):
                continue
            label, value = rule.data["label"], str(rule.data.get("id", ""))
            kind = CLASSES[label]
            listed = _listed(rule.data.get("pattern"))
            if listed is None:
                problems.append(f'{rule.where}: a {label} line is one token listing its words: '
                                '[{"LOWER": {"IN": [...]}}]')
                continue
            if not VALID[kind](value):
                problems.append(f'{rule.where}: {label} id "{value}" is not a {kind} ({EXPECTED[kind]})')
                continue
            for word in listed:
                word = fold(word)
                first = seen.setdefault((kind, word), rule.where)
                if first != rule.where:
                    problems.append(f'{rule.where}: "{word}" is already a {kind} word at {first}')
                    continue
                words.tables[kind][word] = value
                words.spellings.setdefault(label, []).append(word)
        for rule in rules.pattern_rules("dates"):
            if is_word_class(rule):
                continue
            for name in sorted(set(REFERENCE.findall(str(rule.data.get("pattern"))))):
                if name not in words.spellings:
                    known = ", ".join("@" + label for label in sorted(words.spellings)) or "none"
                    problems.append(f'{rule.where}: "@{name}" names no word class (known: {known})')
        return words, problems

    def expand(self, pattern: list[dict]) -> list[dict]:
        """The pattern with every `@CLASS` replaced by the spellings of that class."""
        return [self._token(spec) for spec in pattern]

    def _token(self, spec: dict) -> dict:
        out = {}
        for key, test in spec.items():
            if isinstance(test, str) and REFERENCE.fullmatch(test):
                test = {"IN": self._words(test)}
            elif isinstance(test, dict):
                test = dict(test)
                for operator in ("IN", "NOT_IN"):
                    if isinstance(test.get(operator), list):
                        test[operator] = [word for item in test[operator]
                                          for word in (self._words(item) if REFERENCE.fullmatch(str(item)) else [item])]
                if isinstance(test.get("REGEX"), str):
                    test["REGEX"] = REFERENCE.sub(
                        lambda found: "|".join(map(re.escape, self.spellings[found.group(1)])), test["REGEX"])
            out[key] = test
        return out

    def _words(self, reference: str) -> list[str]:
        return list(self.spellings[reference[1:]])

    def value(self, kind: str, word: str) -> str | None:
        return self.tables[kind].get(word)


def _listed(pattern) -> list[str] | None:
    """The words of a one-token LOWER pattern, or None when the line is not of that shape."""
    if not (isinstance(pattern, list) and len(pattern) == 1 and isinstance(pattern[0], dict)
            and set(pattern[0]) == {"LOWER"}):
        return None
    test = pattern[0]["LOWER"]
    words = [test] if isinstance(test, str) else test.get("IN") if isinstance(test, dict) and set(test) == {"IN"} else None
    if not words or not all(isinstance(word, str) and word.strip() and word == word.lower() for word in words):
        return None
    return words


def fold(text: str) -> str:
    """Lower case and straight apostrophes, as the word tables spell them."""
    return text.lower().replace("’", "'")


def check(rules: Rules) -> list[str]:
    """Every problem of the date word classes, as `veille rules check` would list them."""
    return DateWords.read(rules)[1]
