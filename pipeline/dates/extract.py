"""Temporal expressions, found by Matcher patterns and normalised against the publication date.

The patterns are data (`models/dates*.jsonl`), and so are the words they are read with (the
word classes of `pipeline/dates/words.py`). A pattern's label says what kind of expression it
finds; its optional id says how to resolve it, in words separated by spaces:

- `last` / `next`: the occurrence before / after publication ("février dernier", "jeudi
  prochain"). Without it, "depuis" looks back and "d'ici" ahead, then the tense of the verb
  that governs the expression decides (`pipeline/dates/tense.py`: "fera la fête dimanche" is the
  next Sunday); present tense or no verb: the publication's own year, or the latest such weekday.
- `day-1`, `week+0`, `month-1`, `year+1`: a shift of the publication date by whole units
  ("hier", "cette semaine", "le mois dernier", "l'année prochaine").
- `context:N`: the first N tokens are context the pattern needs, not part of the expression
  ("la présidentielle de 2002": the noun makes "de 2002" a date; the row is "de 2002").
- `present` on a `NOT_DATE` veto: it applies only when the verb that governs it is in the present
  tense, or when there is none ("la salle est ouverte le mercredi": a habit, not a date).
- label `ANAPHORIC_DAY`: a day counted by its `day±N` id ("la veille" day-1, "le lendemain"
  day+1, "le même jour" day+0) from the last day its paragraph named before it, else from the
  publication date (the news' own day).
- label `ANAPHORIC_PERIOD`: a year or a month counted by its `year±N` / `month±N` id from the last
  date its paragraph named before it, else from publication ("l'année suivante", "le mois
  précédent"); `SAME_PERIOD`: "à la même époque", the publication's month in the year the sentence
  named just before it ("par rapport à l'année dernière à la même époque"), no row without one;
  `NEW_YEAR`: "la nouvelle année", the year of the 1 January nearest to publication.
- label `AGO` / `AHEAD`: a counted shift ("il y a deux ans", "dans trois mois");
  `RANGE`: two points ("du 3 au 5 mars"); `WEEKEND`: its Saturday and Sunday ("ce week-end"); `LIST`: several dates sharing their last word, one row
  each ("mai et juin derniers"); `NOT_DATE`: a veto ("2000 euros", "l'accord du Vendredi saint").

The values and their arithmetic are in `pipeline/dates/calendar.py`.
"""

from __future__ import annotations

import re
from datetime import datetime

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span

from pipeline.dates import tense
from pipeline.dates.calendar import (
    Parts,
    bounds,
    Publication,
    Reading,
    count_of,
    formatted,
    from_previous,
    new_year,
    period_from_previous,
    read_parts,
    resolve_calendar,
    resolve_range,
    same_period,
    shifted,
    unit_of,
    weekend,
)
from pipeline.dates.words import DateWords, fold, is_word_class
from pipeline.matching import TokenPatterns
from pipeline.records import Article, DateMention
from pipeline.rules import Rule, Rules

DIRECTIONS = {"last", "next"}
SHIFT = re.compile(r"^(day|week|month|year)([+-]\d+)$")
CONTEXT = re.compile(r"^context:(\d+)$")
# A past tense looks back from publication, a future one ahead, publication included.
BY_TENSE = {tense.PAST: "since", tense.FUTURE: "until"}
LIST_SEPARATORS = {"et", ",", "ou"}
# dateparser's settings are fixed when the parser is built, once, so its RELATIVE_BASE cannot be
# each article's publication date: it reads "il y a deux ans" from this fixed stand-in for "now",
# and the shift it measures is carried to the publication date at the granularity that allows.
REFERENCE = datetime(2000, 6, 15)


class DateExtractor:
    """Finds temporal expressions with the `dates` patterns, resolves each against publication."""

    def __init__(self, nlp, rules: Rules):
        self.words = DateWords.from_rules(rules)  # raises RulesError on a wrong word class
        # Each pattern runs only near the token it cannot do without (a month, a year, "hier"):
        # `TokenPatterns`, which finds what spaCy's Matcher finds at a fifth of the cost here.
        self.matcher = TokenPatterns(nlp.vocab)
        self.by_key: dict[str, Rule] = {}  # match key -> the rule file line it came from
        for rule in rules.pattern_rules("dates"):
            if is_word_class(rule):
                continue
            pattern = rule.data["pattern"]
            if isinstance(pattern, str):  # a phrase: its words, case-insensitive
                pattern = [{"LOWER": token.lower_} for token in nlp.make_doc(pattern)]
            pattern = self.words.expand(pattern)
            self.by_key[rule.where] = rule
            self.matcher.add(rule.where, pattern)
        # Irregular conditionals ("viendrait", "devrait"): the claims rules list them once.
        self.irregular = [re.compile(spec["LOWER"]["REGEX"]) for rule in rules.pattern_rules("claims")
                          if rule.data["label"] == "CONDITIONAL" for spec in rule.data["pattern"]
                          if isinstance(spec.get("LOWER"), dict) and "REGEX" in spec["LOWER"]]
        # One parser for the run, strict: it never fills a missing day, month or year from today.
        self.parser = DateDataParser(languages=["fr"], settings={
            "RELATIVE_BASE": REFERENCE, "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True, "STRICT_PARSING": True, "DATE_ORDER": "DMY"})

    def extract(self, article: Article) -> list[DateMention]:
        """Every expression in the new paragraphs, with document offsets, resolved once."""
        publication = Publication.parse(article.document.published)
        mentions = []
        segments = [segment for segment in article.segments if segment.doc is not None]
        for number, segment in enumerate(segments):
            for span, rule in self.spans(segment.doc):
                for piece, reading in self.readings(span, rule, publication, segments[number:], mentions):
                    start = segment.start + piece.start_char
                    mentions.append(DateMention(
                        article.document.doc_id, segment.paragraph.paragraph, start,
                        start + len(piece.text), piece.text, reading.value, reading.granularity,
                        reading.anchor, *bounds(reading.value)))
        return mentions

    def spans(self, doc: Doc) -> list[tuple[Span, Rule]]:
        """The longest matches, left to right, none overlapping another or a NOT_DATE veto.

        A match's context tokens (`context:N`) count in its length and keep other matches off,
        but are left out of the span it gives ("la rentrée de septembre" gives "de septembre")."""
        found = [(doc[start:end], self.by_key[key]) for key, start, end in self.matcher(doc)]
        vetoes = [span for span, rule in found if rule.data["label"] == "NOT_DATE" and self.vetoes(span, rule)]
        taken: set[int] = set()
        chosen = []
        longest_first = sorted(found, key=lambda item: (-len(item[0]), item[0].start,
                                                        item[1].file, item[1].line))
        for whole, rule in longest_first:
            tokens = set(range(whole.start, whole.end))
            span = doc[whole.start + context_of(rule):whole.end]
            if rule.data["label"] == "NOT_DATE" or tokens & taken or not len(span):
                continue
            if any(veto.start < span.end and span.start < veto.end for veto in vetoes):
                continue
            taken |= tokens
            chosen.append((span, rule))
        return sorted(chosen, key=lambda item: item[0].start)

    def vetoes(self, span: Span, rule: Rule) -> bool:
        """A NOT_DATE veto applies; one with id `present` only to a verb in the present or to no
        verb ("la salle est ouverte le mercredi" is a habit, "le mercredi, il a signé" a date)."""
        if "present" not in instructions(rule):
            return True
        return tense.direction(span, self.conditional) is None

    def readings(self, span: Span, rule: Rule, publication: Publication,
                 segments: list, before: list[DateMention] = ()) -> list[tuple[Span, Reading]]:
        """The expression's value; a `LIST` gives one row per date it names; an `ANAPHORIC_DAY` or
        `ANAPHORIC_PERIOD` counts from the last date its paragraph named `before` it, else from
        publication; a `SAME_PERIOD` gives no row without a year named before it in its sentence."""
        if rule.data["label"] in ("ANAPHORIC_DAY", "ANAPHORIC_PERIOD"):
            shift = next(filter(None, map(SHIFT.match, instructions(rule))), None)
            paragraph = segments[0].paragraph.paragraph if segments else None
            named = [mention.value for mention in before if mention.paragraph == paragraph]
            if rule.data["label"] == "ANAPHORIC_PERIOD":
                return [(span, period_from_previous(named, shift.group(1), int(shift.group(2)), publication))]
            days = int(shift.group(2)) if shift and shift.group(1) == "day" else 0
            return [(span, from_previous(named, days, publication))]
        if rule.data["label"] == "SAME_PERIOD":
            sentence_start = (segments[0].start if segments else 0) + span.sent.start_char
            named = [mention.value for mention in before if mention.start >= sentence_start]
            reading = same_period(named, publication)
            return [(span, reading)] if reading.value else []
        if rule.data["label"] != "LIST":
            return [(span, self.resolve(span, rule, publication, segments))]
        pieces, start = [], span.start
        for token in span:
            if fold(token.text) in LIST_SEPARATORS:
                if token.i > start:
                    pieces.append(span.doc[start:token.i])
                start = token.i + 1
        pieces.append(span.doc[start:span.end])
        shared = read_parts([fold(token.text) for token in pieces[-1]], self.words)
        # the first piece hangs where the whole list does ("les élections de mars et juin")
        direction = self.direction(pieces[0], rule, segments)
        readings = []
        for piece in pieces:
            parts = read_parts([fold(token.text) for token in piece], self.words)
            if parts.month is None and parts.day is not None:  # "samedi 4 et dimanche 5 mai"
                parts = Parts(**{**vars(parts), "month": shared.month})
            if parts.year is None and parts.short_year is None:
                parts = Parts(**{**vars(parts), "year": shared.year, "short_year": shared.short_year})
            readings.append((piece, resolve_calendar(parts, direction, publication)))
        return readings

    def resolve(self, span: Span, rule: Rule, publication: Publication, segments: list = ()) -> Reading:
        """Route an expression to the arithmetic its pattern calls for."""
        label = rule.data["label"]
        words = [fold(token.text) for token in span]
        shift = next(filter(None, map(SHIFT.match, instructions(rule))), None)
        if shift and shift.group(1) == "year" and label not in ("RELATIVE_DAY", "RELATIVE_PERIOD"):
            parts = read_parts(words, self.words)  # "en mars de l'année dernière": March, a year back
            if parts.granularity and parts.year is None and publication.known:
                year = publication.year + int(shift.group(2))
                return Reading(formatted(parts, year), parts.granularity, "publication")
        if shift:
            return shifted(shift.group(1), int(shift.group(2)), publication)
        if label == "NEW_YEAR":
            return new_year(publication)
        if label in ("AGO", "AHEAD"):
            return self.counted(words, label == "AGO", publication)
        if label == "DATE_NUMERIC":
            return self.numeric(span.text)
        if label == "WEEKEND":
            return weekend(self.direction(span, rule, segments, True), publication)
        if label == "RANGE":
            return resolve_range(words, self.direction(span, rule, segments), publication, self.words)
        parts = read_parts(words, self.words)
        weekday = parts.weekday is not None and parts.month is None  # "samedi", "samedi 11"
        return resolve_calendar(parts, self.direction(span, rule, segments, weekday), publication)

    def direction(self, span: Span, rule: Rule, segments: list = (), weekday: bool = False) -> str:
        """The pattern's `last` / `next`, else "depuis" / "d'ici", else the governing verb: its
        tense, or the nearest occurrence when the expression hangs on a noun (not for a weekday)."""
        said = [word for word in instructions(rule) if word in DIRECTIONS]
        if said:
            return said[0]
        words = [fold(token.text) for token in span]
        if words and words[0] == "depuis":
            return "since"
        if words[:2] == ["d'", "ici"] or (words and words[0] == "d'ici"):
            return "until"
        governor = tense.governor(span)
        if governor.verb is not None and governor.through_noun and not weekday:
            return "near"
        found = tense.tense(governor.verb, self.conditional) if governor.verb is not None else None
        if found is None and not tense.has_verb(span.sent):
            found = tense.of_next_sentence(span.sent, [segment.doc for segment in segments],
                                           self.conditional)
        return BY_TENSE.get(found, "this")

    def conditional(self, token) -> bool:
        """An irregular conditional the tagger reads as indicative (CONDITIONAL of claims rules)."""
        return bool(self.irregular and any(regex.match(token.lower_) for regex in self.irregular))

    def numeric(self, text: str) -> Reading:
        """12/03/2024, 12.03.2024, 2024-03-12: dateparser knows these orders and checks the day."""
        digits = re.search(r"\d.*\d", text)
        parsed = self.parser.get_date_data(digits.group(0)).date_obj if digits else None
        return Reading(parsed.date().isoformat() if parsed else "", "day", "absolute")

    def counted(self, words: list[str], ago: bool, publication: Publication) -> Reading:
        """"il y a deux ans": dateparser reads the count, the shift applies to the publication."""
        count, unit = count_of(words[-2], self.words), words[-1]
        grain = unit_of(unit, self.words)
        data = self.parser.get_date_data(f"{'il y a' if ago else 'dans'} {count} {unit}")
        if not grain or data.date_obj is None:
            return Reading("", grain, publication.anchor())
        return shifted(grain, offset(data.date_obj, grain), publication)


def instructions(rule: Rule) -> list[str]:
    """The words of a rule's id: `last`, `month-1`, `context:1`…"""
    return str(rule.data.get("id", "")).split()


def context_of(rule: Rule) -> int:
    """How many leading tokens of the rule's matches are context, not date."""
    found = next(filter(None, map(CONTEXT.match, instructions(rule))), None)
    return int(found.group(1)) if found else 0


def offset(parsed: datetime, unit: str) -> int:
    """How many units dateparser moved from its reference date."""
    if unit == "year":
        return parsed.year - REFERENCE.year
    if unit == "month":
        return (parsed.year - REFERENCE.year) * 12 + parsed.month - REFERENCE.month
    days = (parsed - REFERENCE).days
    return days // 7 if unit == "week" else days
