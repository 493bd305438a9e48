"""Calendar arithmetic: the parts an expression writes out, resolved against the publication date.

Values are ISO 8601 at the granularity written: `2025-05-15`, `2021-02`, `2021`, `2025-W38`,
ISO 8601-2 sub-year groupings: `2023-22` for a season (21 spring to 24 winter; a winter carries
the year of its December), `2024-33` for a quarter (33 to 36), `2024-40` for a half (40, 41),
`201X` for a decade, `19` for a century (ISO 8601: 1900 to 1999, the XXe siècle),
`2025-03-03/2025-03-05` for a range. An unsaid year stays `XXXX` when there
is no publication date (`XX93` for a year written with two digits: its century is unsaid too);
what cannot be known (a weekday against a month-level date) is "".

Directions: `this` (no word and no tense says which way), `last` / `next` ("février dernier",
"jeudi prochain": strictly before / after publication), `since` / `until` ("depuis décembre",
"d'ici l'été", and the past / future tense of the governing verb: up to / from publication,
publication included), `near` (the occurrence nearest to publication: a date that hangs on a
noun, "les attentats du 11 septembre").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.easter import easter

from pipeline.dates.words import COUNT, HOLIDAY, MONTH, ORDINAL, SEASON, UNIT, WEEKDAY, DateWords

# ISO 8601-2 season codes (21 spring … 24 winter), in the order they come within a year.
SEASONS = ("21", "22", "23", "24")
YEAR = re.compile(r"^(19|20)\d\d$")
SHORT_YEAR = re.compile(r"^\d\d$")
DAY = re.compile(r"^(0?[1-9]|[12]\d|3[01]|1er)$")
DECADE = re.compile(r"^((19|20)\d0|[1-9]0)$")
QUARTER_CODE = re.compile(r"^t([1-4])$")
DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")
# "XXe siècle", "XIXème", "21e": the ordinal of a century, Roman or written in figures.
CENTURY = re.compile(r"^(?=[xvi])(x{0,2})(ix|iv|v?i{0,3})(e|ème)$|^([1-9]|1\d|2[01])(e|ème)$")
CONNECTORS = {"au", "et", "à", "a", "-"}
# Words after which two digits are a year ("en 97", "dès octobre 98"), not a day or a count.
BEFORE_SHORT_YEAR = {"en", "depuis", "dès", "avant", "après", "fin", "début", "courant"}
SHORT_YEAR_AHEAD = 10  # "en 05" published in 1999 is 2005, "en 97" published in 2003 is 1997


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
    weekday: int | None = None  # 0 Monday … 6 Sunday, as datetime counts
    season: str | None = None
    quarter: int | None = None
    half: int | None = None
    decade: int | None = None
    short_year: int | None = None  # "93" in "le 10 novembre 93": the century is unsaid
    easter: int | None = None  # days from Easter Sunday: "à Pâques" 0, "à la Pentecôte" 49
    century: int | None = None  # 20 for "au XXe siècle"

    @property
    def granularity(self) -> str:
        for name, value in (("day", self.day), ("day", self.easter), ("month", self.month),
                            ("season", self.season), ("quarter", self.quarter), ("half", self.half),
                            ("year", self.year), ("year", self.short_year), ("decade", self.decade),
                            ("century", self.century), ("day", self.weekday)):
            if value is not None:
                return name
        return ""


@dataclass(frozen=True)
class Reading:
    """What an expression means, and what it was resolved against."""

    value: str
    granularity: str
    anchor: str


def read_parts(words: list[str], table: DateWords) -> Parts:
    """The year, month, day, weekday, season, quarter, half or decade the words write out."""
    found: dict[str, int | str] = {}
    words = [piece for word in words for piece in _day_month(word, table)]
    for i, word in enumerate(words):
        word = word.removeprefix("mi-")
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        ordinal = table.value(ORDINAL, word)
        holiday = table.value(HOLIDAY, word)
        century = CENTURY.match(word) if after == "siècle" else None
        if holiday and holiday.startswith("easter"):
            found["easter"] = int(holiday[len("easter"):])
        elif holiday:
            found["month"], found["day"] = map(int, holiday.split("-"))
        elif century:
            found["century"] = roman(century.group(1) + century.group(2)) if century.group(4) is None else int(century.group(4))
        elif before == "années" and DECADE.match(word):
            found["decade"] = int(word) if len(word) == 4 else 1900 + int(word)
        elif after in ("trimestre", "semestre") and (ordinal or word == "dernier"):
            key = "quarter" if after == "trimestre" else "half"
            found[key] = int(ordinal) if ordinal else 4 if key == "quarter" else 2
        elif table.value(MONTH, word):
            found["month"] = int(table.value(MONTH, word))
        elif table.value(WEEKDAY, word):  # "la nuit de samedi à dimanche": Saturday
            found.setdefault("weekday", int(table.value(WEEKDAY, word)) - 1)
        elif table.value(SEASON, word):
            found["season"] = table.value(SEASON, word)
        elif YEAR.match(word):
            found["year"] = int(word)
        elif SHORT_YEAR.match(word) and (before in BEFORE_SHORT_YEAR or table.value(MONTH, before)
                                         or table.value(SEASON, before)):
            found["short_year"] = int(word)
        elif DAY.match(word):
            found.setdefault("day", int(word.removesuffix("er")))
        elif QUARTER_CODE.match(word):
            found["quarter"] = int(word[1])
    if found.get("half", 0) > 2:
        del found["half"]  # "troisième semestre": no such half
    return Parts(**found)


def _day_month(word: str, table: DateWords) -> list[str]:
    """A day and its month written as one word, the name of a holiday ("14-juillet", "8-mai"),
    as its two words; any other word as it is."""
    day, dash, month = word.partition("-")
    if dash and DAY.match(day) and table.value(MONTH, month):
        return [day, month]
    return [word]


def full_year(short: int, publication: Publication) -> int | None:
    """The century of a two-digit year: the latest year ending so, at most a few years ahead."""
    if not publication.known:
        return None
    limit = publication.year + SHORT_YEAR_AHEAD
    return max(year for year in (c * 100 + short for c in range(limit // 100 - 1, limit // 100 + 1))
               if year <= limit)


def resolve_calendar(parts: Parts, direction: str, publication: Publication) -> Reading:
    """Written parts kept as written; an unsaid year taken from publication, or XXXX."""
    grain = parts.granularity
    if not grain:
        return Reading("", "", publication.anchor())
    if parts.decade is not None:
        return Reading(f"{parts.decade // 10}X", "decade", "absolute")
    if parts.century is not None:  # ISO 8601: "19" is 1900 to 1999, the XXe siècle
        return Reading(f"{parts.century - 1:02d}", "century", "absolute")
    if parts.easter is not None:
        return easter_day(parts.easter, direction, publication)
    if parts.year is not None:
        return Reading(formatted(parts, parts.year), grain, "absolute")
    if parts.short_year is not None:
        year = full_year(parts.short_year, publication)
        text = f"XX{parts.short_year:02d}" if year is None else None
        return Reading(formatted(parts, year, text), grain, publication.anchor())
    if parts.weekday is not None and parts.day is None:
        return weekday(parts.weekday, direction, publication)
    if parts.weekday is not None and parts.month is None:
        return weekday_of_month(parts.weekday, parts.day, direction, publication)
    if not publication.known:
        return Reading(formatted(parts, None), grain, "none")
    if parts.season is not None:
        year = season_year(parts.season, direction, publication)
    else:
        year = year_of(parts, direction, publication)
    return Reading(formatted(parts, year) if year is not None else "", grain, "publication")


def year_of(parts: Parts, direction: str, publication: Publication) -> int | None:
    """The publication year, or the one before / after for "dernier" / "prochain", the past or
    the future."""
    if direction == "this" or parts.month is None:
        return publication.year
    if publication.month is None:
        return None
    if direction == "near":  # the occurrence nearest to publication, its own year on a tie
        now = publication.month * 31 + (publication.day or 15)
        said = parts.month * 31 + (parts.day or 15)
        return min((publication.year + shift for shift in (0, -1, 1)),
                   key=lambda year: abs(said + 372 * (year - publication.year) - now))
    if direction in ("since", "until"):  # compared at the granularity both dates have
        both_days = parts.day is not None and publication.day is not None
        said = (parts.month, parts.day) if both_days else (parts.month,)
        now = (publication.month, publication.day) if both_days else (publication.month,)
        if direction == "since":
            return publication.year if said <= now else publication.year - 1
        return publication.year if said >= now else publication.year + 1
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
    if direction == "near":  # the nearer of the last and the next, the last on a tie
        return current_year if wanted == now or 0 < now - wanted <= 2 or 0 < wanted - now < 2 else (
            current_year - 1 if wanted > now else current_year + 1)
    if wanted == now:
        return current_year
    return publication.year


def weekday(day: int, direction: str, publication: Publication) -> Reading:
    """"jeudi": the latest Thursday up to publication; "jeudi prochain" the next one after; a
    future "jeudi" (or "d'ici jeudi") the first one from publication on."""
    if publication.day is None:
        return Reading("", "day", publication.anchor())
    today = publication.date
    back = (today.weekday() - day) % 7
    if direction == "last":
        back = back or 7
    elif direction == "next":
        back = -((day - today.weekday()) % 7 or 7)
    elif direction == "until":
        back = -((day - today.weekday()) % 7)
    return Reading((today - timedelta(days=back)).isoformat(), "day", "publication")


def weekday_of_month(day: int, number: int, direction: str, publication: Publication) -> Reading:
    """"samedi 11" without its month: the nearest 11th that is a Saturday, a month or two either
    side of publication (before it for a past verb or "dernier", after it for a future one or
    "prochain"); the weekday alone when no such day is near ("samedi 11 h")."""
    if publication.day is None:
        return Reading("", "day", publication.anchor())
    today = publication.date
    candidates = []
    for shift in range(-2, 3):
        year, month = divmod(today.year * 12 + today.month - 1 + shift, 12)
        try:
            found = date(year, month + 1, number)
        except ValueError:
            continue
        if found.weekday() == day and {"last": found < today, "since": found <= today,
                                       "next": found > today, "until": found >= today}.get(direction, True):
            candidates.append(found)
    if not candidates:
        return weekday(day, direction, publication)
    nearest = min(candidates, key=lambda found: (abs((found - today).days), found > today))
    return Reading(nearest.isoformat(), "day", "publication")


def roman(numeral: str) -> int:
    """A Roman numeral up to XXXIX ("xix" → 19)."""
    values = {"x": 10, "v": 5, "i": 1}
    total = 0
    for i, letter in enumerate(numeral):
        value = values[letter]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total


def easter_day(days: int, direction: str, publication: Publication) -> Reading:
    """A day counted from Easter Sunday ("à Pâques", "à la Pentecôte"): the publication year's, or
    the one before or after it that the direction asks for; "" without a publication year."""
    if not publication.known:
        return Reading("", "day", "none")
    found = [easter(year) + timedelta(days=days) for year in range(publication.year - 1, publication.year + 2)]
    if publication.month is None or direction in ("this", "near"):
        chosen = found[1]
        if publication.month is not None and direction == "near":
            chosen = min(found, key=lambda day: abs((day - publication.date).days))
    else:
        today = publication.date
        keep = {"last": lambda day: day < today, "since": lambda day: day <= today,
                "next": lambda day: day > today, "until": lambda day: day >= today}[direction]
        kept = [day for day in found if keep(day)]
        chosen = (kept[-1] if direction in ("last", "since") else kept[0])
    return Reading(chosen.isoformat(), "day", "publication")


def from_previous(values: list[str], days: int, publication: Publication) -> Reading:
    """"la veille", "le lendemain": `days` from the last day (a day-level value) among `values`, the
    dates named before it in its paragraph ("adopté hier soir …, la Chambre ayant approuvé le texte
    la veille": the day before yesterday); with none, from the publication date, the day the news
    tells ("les mesures prises la veille par les États-Unis": yesterday)."""
    for value in reversed(values):
        if DAY_VALUE.match(value):
            return Reading((date.fromisoformat(value) + timedelta(days=days)).isoformat(), "day", "previous")
    return shifted("day", days, publication)


def period_from_previous(values: list[str], unit: str, amount: int, publication: Publication) -> Reading:
    """"l'année suivante", "le mois précédent": `amount` years or months from the last date among
    `values` (the dates named before it in its paragraph) that has that unit; with none, from the
    publication date."""
    for value in reversed(values):
        found = VALUE.match(value)
        month = found.group(2) if found else None
        if found and (unit == "year" or (month and month.isdigit() and int(month) <= 12)):
            year = int(found.group(1))
            if unit == "year":
                return Reading(f"{year + amount:04d}", "year", "previous")
            year, rest = divmod(year * 12 + int(month) - 1 + amount, 12)
            return Reading(f"{year:04d}-{rest + 1:02d}", "month", "previous")
    return shifted(unit, amount, publication)


def same_period(values: list[str], publication: Publication) -> Reading:
    """"à la même époque" after a year ("par rapport à l'année dernière à la même époque"): the
    publication's month in that year; "" when no year was named just before or the month is unknown."""
    if values and YEAR.match(values[-1]) and publication.month is not None:
        return Reading(f"{values[-1]}-{publication.month:02d}", "month", "previous")
    return Reading("", "month", publication.anchor())


def new_year(publication: Publication) -> Reading:
    """"la nouvelle année": the year that begins on the 1 January nearest to publication (in
    December the coming one, in January the one just begun)."""
    if not publication.known:
        return Reading("", "year", "none")
    ahead = publication.month is not None and publication.month >= 7
    return Reading(f"{publication.year + ahead:04d}", "year", "publication")


def weekend(direction: str, publication: Publication) -> Reading:
    """"ce week-end": the one publication falls in, else the coming one, or the one just past
    when the verb is past; "le week-end dernier" / "prochain": the last / next whole one."""
    if publication.day is None:
        return Reading("", "range", publication.anchor())
    today = publication.date
    saturday = today - timedelta(days=(today.weekday() - 5) % 7)  # the latest Saturday up to today
    if direction == "last":
        saturday -= timedelta(days=7 if today.weekday() >= 5 else 0)
    elif direction == "next" or (direction != "since" and today.weekday() < 5):
        saturday += timedelta(days=7)
    return Reading(f"{saturday.isoformat()}/{(saturday + timedelta(days=1)).isoformat()}", "range",
                   "publication")


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


def resolve_range(words: list[str], direction: str, publication: Publication, table: DateWords) -> Reading:
    """"du 3 au 5 mars 2025": each side resolved, the left one borrowing what it leaves unsaid."""
    cut = next((i for i, word in enumerate(words) if i and word in CONNECTORS), None)
    if cut is None:
        return resolve_calendar(read_parts(words, table), direction, publication)
    left, right = read_parts(words[:cut], table), read_parts(words[cut + 1:], table)
    if left.month is None and left.day is not None:
        left = replace(left, month=right.month)
    if left.year is None and left.short_year is None and (right.year or right.short_year) is not None:
        year = right.year if right.year is not None else right.short_year
        if (left.month or 0, left.day or 0) > (right.month or 0, right.day or 0):
            year -= 1  # "du 28 décembre au 3 janvier 2025" starts in 2024
        left = replace(left, year=year) if right.year is not None else replace(left, short_year=year % 100)
    start = resolve_calendar(left, direction, publication)
    if (right.year is None and right.short_year is None and left.month is not None
            and right.month is not None and start.value[:4].isdigit()):
        # "entre janvier et mars" in a past sentence: the end follows the start, not the tense
        year = int(start.value[:4]) + ((right.month, right.day or 0) < (left.month, left.day or 0))
        end = Reading(formatted(right, year), right.granularity, start.anchor)
    else:
        end = resolve_calendar(right, direction, publication)
    value = f"{start.value}/{end.value}" if start.value and end.value else ""
    anchor = "absolute" if start.anchor == end.anchor == "absolute" else end.anchor
    return Reading(value, "range", anchor)


def formatted(parts: Parts, year: int | None, year_text: str | None = None) -> str:
    """ISO 8601 down to the finest part written; XXXX for an unknown year, "" for a false date."""
    value = year_text or (f"{year:04d}" if year is not None else "XXXX")
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


def count_of(word: str, table: DateWords) -> str:
    """A count as dateparser reads it: digits for the words it does not know."""
    return table.value(COUNT, word) or word


def unit_of(word: str, table: DateWords) -> str:
    return table.value(UNIT, word) or ""


# First and last month of each ISO 8601-2 sub-year grouping (seasons as the code above counts
# them: December to February is winter, carrying the year of its December).
GROUPS = {"21": (3, 5), "22": (6, 8), "23": (9, 11), "24": (12, 14),
          "33": (1, 3), "34": (4, 6), "35": (7, 9), "36": (10, 12), "40": (1, 6), "41": (7, 12)}
VALUE = re.compile(r"^(\d{4})(?:-(W\d\d|\d\d)(?:-(\d\d))?)?$")


def bounds(value: str) -> tuple[str, str]:
    """The first and last day a value covers, as ISO days ("2021-02" → 2021-02-01, 2021-02-28);
    ("", "") when it has none: unresolved, or a year not known ("XXXX-02", "XX93")."""
    if "/" in value:
        start, end = value.split("/", 1)
        first, last = bounds(start)[0], bounds(end)[1]
        return (first, last) if first and last else ("", "")
    if re.fullmatch(r"\d{3}X", value):  # a decade
        return f"{value[:3]}0-01-01", f"{value[:3]}9-12-31"
    if re.fullmatch(r"\d\d", value):  # a century
        return f"{value}00-01-01", f"{value}99-12-31"
    found = VALUE.match(value)
    if not found:
        return "", ""
    year, middle, day = int(found.group(1)), found.group(2), found.group(3)
    try:
        if middle is None:
            return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
        if middle.startswith("W"):
            monday = date.fromisocalendar(year, int(middle[1:]), 1)
            return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
        if day is not None:
            return (date(year, int(middle), int(day)).isoformat(),) * 2
        if middle in GROUPS:
            first, last = GROUPS[middle]
            return date(year, first, 1).isoformat(), _last_day(year + (last - 1) // 12, (last - 1) % 12 + 1)
        month = int(middle)
        return date(year, month, 1).isoformat(), _last_day(year, month)
    except ValueError:
        return "", ""


def _last_day(year: int, month: int) -> str:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).isoformat()
