"""Temporal expressions, found by Matcher patterns and normalised against the publication date.

The patterns are data (`models/dates*.jsonl`). A pattern's label says what kind of expression it
finds; its optional id says how to resolve it:

- `last` / `next`: the occurrence before / after publication ("février dernier", "jeudi
  prochain"); without it, the publication's own year, or the latest such weekday.
- `day-1`, `week+0`, `month-1`, `year+1`: a shift of the publication date by whole units
  ("hier", "cette semaine", "le mois dernier", "l'année prochaine").
- label `AGO` / `AHEAD`: a counted shift ("il y a deux ans", "dans trois mois");
  `RANGE`: two points ("du 3 au 5 mars"); `NOT_DATE`: a veto ("2000 euros").

Values are ISO 8601 at the granularity written: `2025-05-15`, `2021-02`, `2021`, `2025-W38`,
ISO 8601-2 sub-year groupings: `2023-22` for a season (21 spring to 24 winter; a winter carries
the year of its December), `2024-33` for a quarter (33 to 36), `2024-40` for a half (40, 41),
`201X` for a decade, `2025-03-03/2025-03-05` for a range. An unsaid year stays `XXXX` when
there is no publication date; what cannot be known (a weekday against a month-level date) is "".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from dateparser.date import DateDataParser
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from pipeline.records import Article, DateMention
from pipeline.rules import Rule, Rules

MONTHS = {
    "janvier": 1, "janv.": 1, "février": 2, "fevrier": 2, "févr.": 2, "fevr.": 2, "fév.": 2,
    "mars": 3, "avril": 4, "avr.": 4, "mai": 5, "juin": 6, "juillet": 7, "juil.": 7, "août": 8,
    "aout": 8, "septembre": 9, "sept.": 9, "octobre": 10, "oct.": 10, "novembre": 11, "nov.": 11,
    "décembre": 12, "decembre": 12, "déc.": 12, "dec.": 12,
}
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
            "dimanche": 6}
# ISO 8601-2 season codes (21 spring … 24 winter), in the order they come within a year.
SEASONS = ("21", "22", "23", "24")
SEASON_WORDS = {"printemps": "21", "été": "22", "automne": "23", "hiver": "24"}
ORDINALS = {"premier": 1, "1er": 1, "deuxième": 2, "second": 2, "2e": 2, "2ème": 2,
            "troisième": 3, "3e": 3, "3ème": 3, "quatrième": 4, "4e": 4, "4ème": 4}
UNITS = {"an": "year", "ans": "year", "année": "year", "années": "year", "mois": "month",
         "semaine": "week", "semaines": "week", "jour": "day", "jours": "day"}
# Counts dateparser's French data does not read (it knows un … douze); sent to it as digits.
COUNT_WORDS = {"treize": "13", "quatorze": "14", "quinze": "15", "seize": "16", "vingt": "20",
               "trente": "30", "quarante": "40", "cinquante": "50", "cent": "100"}
DIRECTIONS = {"last", "next"}
SHIFT = re.compile(r"^(day|week|month|year)([+-]\d+)$")
YEAR = re.compile(r"^(19|20)\d\d$")
DAY = re.compile(r"^(0?[1-9]|[12]\d|3[01]|1er)$")
DECADE = re.compile(r"^((19|20)\d0|[1-9]0)$")
QUARTER_CODE = re.compile(r"^t([1-4])$")
CONNECTORS = {"au", "et", "à", "a", "-"}
# dateparser's settings are fixed when the parser is built, once, so its RELATIVE_BASE cannot be
# each article's publication date: it reads "il y a deux ans" from this fixed stand-in for "now",
# and the shift it measures is carried to the publication date at the granularity that allows.
REFERENCE = datetime(2000, 6, 15)


@dataclass(frozen=True)
class Publication:
    """The publication date at its granularity: what relative expressions are resolved against."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, published: str) -> Publication:
        """From the documents table's `published`: "", "2021", "2021-02" or "2021-02-03"."""
        parts = [int(part) for part in (published or "").split("-") if part.isdigit()]
        return cls(*parts[:3])

    @property
    def known(self) -> bool:
        return self.year is not None

    @property
    def date(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def knows(self, unit: str) -> bool:
        """Whether the date is precise enough to count in `unit` from it."""
        needed = {"year": self.year, "month": self.month, "week": self.day, "day": self.day}
        return needed[unit] is not None

    def anchor(self) -> str:
        """What a relative expression is resolved against: this date, or nothing."""
        return "publication" if self.known else "none"


@dataclass(frozen=True)
class Parts:
    """The calendar parts an expression writes out; None for what it leaves unsaid."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    season: str | None = None
    quarter: int | None = None
    half: int | None = None
    decade: int | None = None

    @property
    def granularity(self) -> str:
        for name, value in (("day", self.day), ("month", self.month), ("season", self.season),
                            ("quarter", self.quarter), ("half", self.half), ("year", self.year),
                            ("decade", self.decade), ("day", self.weekday)):
            if value is not None:
                return name
        return ""


@dataclass(frozen=True)
class Gate:
    """Tokens a date cannot do without, so that the Matcher only runs in windows around them.

    Built from the patterns themselves: for each one, a token every match of it holds (a word
    that is not a stop word, a REGEX, a number). A user's pattern is thus always covered.
    Vetoes open no window: they only matter where a date is, and the reach covers them there.
    """

    words: frozenset[int]  # lower-case forms, as hashes
    regex: re.Pattern | None
    numbers: bool
    reach: int  # the longest pattern: how far a match can lie from its anchor token

    @classmethod
    def of(cls, dates: list[list[dict]], vetoes: list[list[dict]], vocab) -> Gate | None:
        """None when a pattern has no such token, or no bounded length: then run everywhere."""
        anchors = [anchor_of(pattern, vocab) for pattern in dates]
        every = dates + vetoes
        if not dates or None in anchors or any(
                spec.get("OP") in ("*", "+") for pattern in every for spec in pattern):
            return None
        words = {vocab.strings.add(word) for kind, value in anchors if kind == "words"
                 for word in value}
        regexes = dict.fromkeys(f"(?:{value})" for kind, value in anchors if kind == "regex")
        reach = max(map(len, dates)) + max(map(len, vetoes), default=0)
        return cls(frozenset(words), re.compile("|".join(regexes), re.I) if regexes else None,
                   any(kind == "number" for kind, _ in anchors), reach)

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Merged token ranges within reach of an anchor token."""
        ranges: list[tuple[int, int]] = []
        for token in doc:
            if not (token.lower in self.words or (self.numbers and token.like_num)
                    or (self.regex and self.regex.search(token.text))):
                continue
            start, end = max(0, token.i - self.reach + 1), min(len(doc), token.i + self.reach)
            if ranges and start <= ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
        return ranges


def anchor_of(pattern: list[dict], vocab) -> tuple[str, object] | None:
    """A token test every match of the pattern passes, the rarest kind first."""
    required = [spec for spec in pattern if spec.get("OP", "1") in ("1", "+")]
    for spec in required:
        words = [value for key in ("LOWER", "ORTH", "TEXT") for value in _literals(spec.get(key))]
        if words and all(re.search(r"[^\W\d_]", word) and not vocab[word.lower()].is_stop
                         for word in words):  # letters: "-" or "%" would be everywhere
            return "words", {word.lower() for word in words}
    for spec in required:
        for key in ("LOWER", "ORTH", "TEXT"):
            if isinstance(spec.get(key), dict) and "REGEX" in spec[key]:
                return "regex", spec[key]["REGEX"]
    if any(spec.get("LIKE_NUM") is True or spec.get("IS_DIGIT") is True for spec in required):
        return "number", None
    return None


def _literals(value) -> list[str]:
    """The words a LOWER / ORTH / TEXT test accepts, when it is a word or an IN list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return list(value["IN"])
    return []


@dataclass(frozen=True)
class Reading:
    """What an expression means, and what it was resolved against."""

    value: str
    granularity: str
    anchor: str


class DateExtractor:
    """Finds temporal expressions with the `dates` patterns, resolves each against publication."""

    def __init__(self, nlp, rules: Rules):
        self.matcher = Matcher(nlp.vocab)
        self.by_key: dict[int, Rule] = {}  # match key -> the rule file line it came from
        patterns: dict[bool, list[list[dict]]] = {True: [], False: []}  # is a veto -> patterns
        for rule in rules.pattern_rules("dates"):
            pattern = rule.data["pattern"]
            if isinstance(pattern, str):  # a phrase: its words, case-insensitive
                pattern = [{"LOWER": token.lower_} for token in nlp.make_doc(pattern)]
            self.by_key[nlp.vocab.strings.add(rule.where)] = rule
            self.matcher.add(rule.where, [pattern])
            patterns[rule.data["label"] == "NOT_DATE"].append(pattern)
        self.gate = Gate.of(patterns[False], patterns[True], nlp.vocab)
        # One parser for the run, strict: it never fills a missing day, month or year from today.
        self.parser = DateDataParser(languages=["fr"], settings={
            "RELATIVE_BASE": REFERENCE, "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True, "STRICT_PARSING": True, "DATE_ORDER": "DMY"})

    def extract(self, article: Article) -> list[DateMention]:
        """Every expression in the new paragraphs, with document offsets, resolved once."""
        publication = Publication.parse(article.document.published)
        mentions = []
        for segment in article.segments:
            if segment.doc is None:
                continue
            for span, rule in self.spans(segment.doc):
                reading = self.resolve(span, rule, publication)
                start = segment.start + span.start_char
                mentions.append(DateMention(
                    article.document.doc_id, segment.paragraph.paragraph, start,
                    start + len(span.text), span.text, reading.value, reading.granularity,
                    reading.anchor))
        return mentions

    def spans(self, doc: Doc) -> list[tuple[Span, Rule]]:
        """The longest matches, left to right, none overlapping another or a NOT_DATE veto."""
        windows = self.gate.windows(doc) if self.gate else [(0, len(doc))]
        found = [(doc[first + start:first + end], self.by_key[key])
                 for first, last in windows for key, start, end in self.matcher(doc[first:last])]
        vetoes = [span for span, rule in found if rule.data["label"] == "NOT_DATE"]
        taken: set[int] = set()
        chosen = []
        longest_first = sorted(found, key=lambda item: (-len(item[0]), item[0].start,
                                                        item[1].file, item[1].line))
        for span, rule in longest_first:
            tokens = set(range(span.start, span.end))
            if rule.data["label"] == "NOT_DATE" or tokens & taken:
                continue
            if any(veto.start < span.end and span.start < veto.end for veto in vetoes):
                continue
            taken |= tokens
            chosen.append((span, rule))
        return sorted(chosen, key=lambda item: item[0].start)

    def resolve(self, span: Span, rule: Rule, publication: Publication) -> Reading:
        """Route an expression to the arithmetic its pattern calls for."""
        label, tag = rule.data["label"], str(rule.data.get("id", ""))
        words = [fold(token.text) for token in span]
        shift = SHIFT.match(tag)
        if shift:
            return shifted(shift.group(1), int(shift.group(2)), publication)
        if label in ("AGO", "AHEAD"):
            return self.counted(words, label == "AGO", publication)
        if label == "DATE_NUMERIC":
            return self.numeric(span.text)
        direction = tag if tag in DIRECTIONS else implied_direction(words)
        if label == "RANGE":
            return resolve_range(words, direction, publication)
        return resolve_calendar(read_parts(words), direction, publication)

    def numeric(self, text: str) -> Reading:
        """12/03/2024, 12.03.2024, 2024-03-12: dateparser knows these orders and checks the day."""
        digits = re.search(r"\d.*\d", text)
        parsed = self.parser.get_date_data(digits.group(0)).date_obj if digits else None
        return Reading(parsed.date().isoformat() if parsed else "", "day", "absolute")

    def counted(self, words: list[str], ago: bool, publication: Publication) -> Reading:
        """"il y a deux ans": dateparser reads the count, the shift applies to the publication."""
        count, unit = COUNT_WORDS.get(words[-2], words[-2]), words[-1]
        grain = UNITS.get(unit, "")
        data = self.parser.get_date_data(f"{'il y a' if ago else 'dans'} {count} {unit}")
        if not grain or data.date_obj is None:
            return Reading("", grain, publication.anchor())
        return shifted(grain, offset(data.date_obj, grain), publication)


def date_in(dates: list[DateMention], start: int, end: int) -> str:
    """The value of the first dated expression inside [start, end), an absolute one preferred."""
    inside = [mention for mention in dates
              if start <= mention.start and mention.end <= end and mention.value]
    absolute = [mention for mention in inside if mention.anchor == "absolute"]
    chosen = absolute or inside
    return chosen[0].value if chosen else ""


def fold(text: str) -> str:
    """Lower case and straight apostrophes, as the word tables spell them."""
    return text.lower().replace("’", "'")


def read_parts(words: list[str]) -> Parts:
    """The year, month, day, weekday, season, quarter, half or decade the words write out."""
    found: dict[str, int | str] = {}
    for i, word in enumerate(words):
        word = word.removeprefix("mi-")
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if before == "années" and DECADE.match(word):
            found["decade"] = int(word) if len(word) == 4 else 1900 + int(word)
        elif after in ("trimestre", "semestre") and (word in ORDINALS or word == "dernier"):
            key = "quarter" if after == "trimestre" else "half"
            found[key] = ORDINALS.get(word, 4 if key == "quarter" else 2)
        elif word in MONTHS:
            found["month"] = MONTHS[word]
        elif word in WEEKDAYS:
            found["weekday"] = WEEKDAYS[word]
        elif word in SEASON_WORDS:
            found["season"] = SEASON_WORDS[word]
        elif YEAR.match(word):
            found["year"] = int(word)
        elif DAY.match(word):
            found["day"] = int(word.removesuffix("er"))
        elif QUARTER_CODE.match(word):
            found["quarter"] = int(word[1])
    return Parts(**found)


def resolve_calendar(parts: Parts, direction: str, publication: Publication) -> Reading:
    """Written parts kept as written; an unsaid year taken from publication, or XXXX."""
    grain = parts.granularity
    if not grain:
        return Reading("", "", publication.anchor())
    if parts.decade is not None:
        return Reading(f"{parts.decade // 10}X", "decade", "absolute")
    if parts.year is not None:
        return Reading(formatted(parts, parts.year), grain, "absolute")
    if parts.weekday is not None and parts.day is None:
        return weekday(parts.weekday, direction, publication)
    if not publication.known:
        return Reading(formatted(parts, None), grain, "none")
    if parts.season is not None:
        year = season_year(parts.season, direction, publication)
    else:
        year = year_of(parts, direction, publication)
    return Reading(formatted(parts, year) if year is not None else "", grain, "publication")


def implied_direction(words: list[str]) -> str:
    """"depuis décembre" looks back and "d'ici l'été" ahead of the publication, up to it included."""
    if words and words[0] == "depuis":
        return "since"
    if words[:2] == ["d'", "ici"] or (words and words[0] == "d'ici"):
        return "until"
    return "this"


def year_of(parts: Parts, direction: str, publication: Publication) -> int | None:
    """The publication year, or the one before / after for "dernier" / "prochain"."""
    if direction == "this" or parts.month is None:
        return publication.year
    if publication.month is None:
        return None
    if direction in ("since", "until"):
        said = (parts.month, parts.day or 0)
        now = (publication.month, publication.day or 0)
        if direction == "since":
            return publication.year if said <= now or parts.day is None and parts.month == now[0] else publication.year - 1
        return publication.year if said >= now or parts.day is None and parts.month == now[0] else publication.year + 1
    if parts.day is not None and publication.day is not None:
        said, now = (parts.month, parts.day), (publication.month, publication.day)
    elif parts.day is not None:  # "le 3 février dernier" published in February: that February
        said, now = parts.month, publication.month + (0.5 if direction == "last" else -0.5)
    else:  # "février dernier" published in February: the February before
        said, now = parts.month, publication.month
    if direction == "last":
        return publication.year - 1 if said >= now else publication.year
    return publication.year + 1 if said <= now else publication.year


def season_year(season: str, direction: str, publication: Publication) -> int | None:
    """The year of "cet été", "l'hiver dernier": seasons counted from the publication's own."""
    if publication.month is None:
        return publication.year if direction == "this" else None
    month = publication.month
    current = SEASONS[(month - 3) % 12 // 3]  # March opens spring; December to February is winter
    current_year = publication.year - 1 if month < 3 else publication.year
    wanted, now = SEASONS.index(season), SEASONS.index(current)
    if direction == "last":
        return current_year if wanted < now else current_year - 1
    if direction == "next":
        return current_year if wanted > now else current_year + 1
    if direction == "since":
        return current_year if wanted <= now else current_year - 1
    if direction == "until":
        return current_year if wanted >= now else current_year + 1
    if wanted == now:
        return current_year
    return publication.year


def weekday(day: int, direction: str, publication: Publication) -> Reading:
    """"jeudi": the latest Thursday up to publication; "jeudi prochain" the next one after."""
    if publication.day is None:
        return Reading("", "day", publication.anchor())
    today = publication.date
    back = (today.weekday() - day) % 7
    if direction == "last":
        back = back or 7
    elif direction == "next":
        back = -((day - today.weekday()) % 7 or 7)
    return Reading((today - timedelta(days=back)).isoformat(), "day", "publication")


def shifted(unit: str, amount: int, publication: Publication) -> Reading:
    """The publication date moved by `amount` units, or "" when its precision does not allow it."""
    if not publication.known or not publication.knows(unit):
        return Reading("", unit, publication.anchor())
    if unit == "year":
        value = f"{publication.year + amount:04d}"
    elif unit == "month":
        year, month = divmod(publication.year * 12 + publication.month - 1 + amount, 12)
        value = f"{year:04d}-{month + 1:02d}"
    elif unit == "week":
        week = (publication.date + timedelta(weeks=amount)).isocalendar()
        value = f"{week.year:04d}-W{week.week:02d}"
    else:
        value = (publication.date + timedelta(days=amount)).isoformat()
    return Reading(value, unit, "publication")


def offset(parsed: datetime, unit: str) -> int:
    """How many units dateparser moved from its reference date."""
    if unit == "year":
        return parsed.year - REFERENCE.year
    if unit == "month":
        return (parsed.year - REFERENCE.year) * 12 + parsed.month - REFERENCE.month
    days = (parsed - REFERENCE).days
    return days // 7 if unit == "week" else days


def resolve_range(words: list[str], direction: str, publication: Publication) -> Reading:
    """"du 3 au 5 mars 2025": each side resolved, the left one borrowing what it leaves unsaid."""
    cut = next((i for i, word in enumerate(words) if i and word in CONNECTORS), None)
    if cut is None:
        return resolve_calendar(read_parts(words), direction, publication)
    left, right = read_parts(words[:cut]), read_parts(words[cut + 1:])
    if left.month is None and left.day is not None:
        left = replace(left, month=right.month)
    if left.year is None and right.year is not None:
        year = right.year
        if (left.month or 0, left.day or 0) > (right.month or 0, right.day or 0):
            year -= 1  # "du 28 décembre au 3 janvier 2025" starts in 2024
        left = replace(left, year=year)
    start = resolve_calendar(left, direction, publication)
    end = resolve_calendar(right, direction, publication)
    value = f"{start.value}/{end.value}" if start.value and end.value else ""
    anchor = "absolute" if start.anchor == end.anchor == "absolute" else end.anchor
    return Reading(value, "range", anchor)


def formatted(parts: Parts, year: int | None) -> str:
    """ISO 8601 down to the finest part written; XXXX for an unknown year, "" for a false date."""
    value = f"{year:04d}" if year is not None else "XXXX"
    if parts.month is not None:
        value += f"-{parts.month:02d}"
        if parts.day is not None:
            try:
                date(year or 2000, parts.month, parts.day)  # 2000: a leap year allows 29 February
            except ValueError:
                return ""
            value += f"-{parts.day:02d}"
    elif parts.season is not None:
        value += f"-{parts.season}"
    elif parts.quarter is not None:
        value += f"-{32 + parts.quarter}"  # ISO 8601-2: 33 to 36
    elif parts.half is not None:
        value += f"-{39 + parts.half}"  # ISO 8601-2: 40 and 41
    return value
