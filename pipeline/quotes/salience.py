"""What pronouns and descriptions pick up: the article's subjects and speakers, in order.

Salience (`Salient`): main-clause subjects and the subjects of speech verbs outside quotes,
in order, each resolved once; the latest one that agrees is the antecedent of a pronoun.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.ingest.paragraphs import BREAK

LINE_BREAKS = re.compile(f"(?:{BREAK})+")  # the project's line breaks, a run of them as one


@dataclass
class Speaker:
    text: str
    start: int
    end: int
    actor_id: str = ""
    name: str = ""
    how: str = "none"  # pronoun, anonymous, mention, spokesperson, role, description, none


@dataclass
class Salient:
    """A main-clause subject or a speaker outside quotes, resolved once: what pronouns and
    descriptions pick up."""
    position: int
    speaker: Speaker
    gender: str | None
    number: str | None
    type: str
    spoke: bool  # the subject of a speech verb (or its inverted subject)
    paragraph: int


class Layout:
    """Where the paragraphs of one article break and where its direct quotes lie."""

    def __init__(self, text: str, quoted: list[tuple[int, int]]):
        self.quoted = sorted(quoted)  # [start, end) of direct quotes, mark to mark
        self.breaks = [match.end() for match in LINE_BREAKS.finditer(text)]

    def paragraph_at(self, offset: int) -> int:
        """The paragraph number of a text offset (paragraphs are separated by line breaks)."""
        return bisect_right(self.breaks, offset)

    def inside_quote(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.quoted)


class Salience:
    """The salient subjects and speakers of one article, kept in text order."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.entries: list[Salient] = []
        self.positions: list[int] = []

    def add(self, position: int, speaker: Speaker, gender: str | None, number: str | None,
            type_: str, spoke: bool) -> None:
        """A resolved subject or speaker at `position` (once per position, never inside a quote)."""
        if not speaker.actor_id or position in self.positions or self.layout.inside_quote(position):
            return
        entry = Salient(position, speaker, gender, number, type_, spoke, self.layout.paragraph_at(position))
        index = bisect_right(self.positions, position)
        self.entries.insert(index, entry)
        self.positions.insert(index, position)

    def known(self, position: int) -> bool:
        return position in self.positions or self.layout.inside_quote(position)

    def before(self, position: int, types: set[str] | None = None, paragraphs: int = 1,
               gender: str | None = None, spoke: bool = False, number: str | None = None,
               reported_from: int | None = None) -> Salient | None:
        """The latest salient subject or speaker before `position`, of these types, at most
        `paragraphs` paragraphs back, agreeing in gender and number when they are asked.
        From `reported_from` on, only speakers count: a subject there is one of the words an
        incise reports ("Facebook n'avait « aucune obligation », a-t-il ajouté": not Facebook)."""
        here = self.layout.paragraph_at(position)
        for index in range(bisect_right(self.positions, position - 1) - 1, -1, -1):
            entry = self.entries[index]
            if here - entry.paragraph > paragraphs:
                return None
            if entry.position >= position or (types is not None and entry.type not in types):
                continue
            if reported_from is not None and entry.position >= reported_from and not entry.spoke:
                continue
            if (gender is not None and entry.gender not in (None, gender)) or (spoke and not entry.spoke):
                continue
            if number is not None and entry.number not in (None, number):
                continue  # "Les services de la Commission reprochent …" is no antecedent of "elle"
            return entry
        return None

    def agreeing_before(self, position: int, gender: str | None, number: str | None,
                        reported_from: int | None = None) -> Salient | None:
        """The latest entry before `position` agreeing in gender and number, however far back."""
        for entry in reversed(self.entries[:bisect_right(self.positions, position - 1)]):
            if reported_from is not None and entry.position >= reported_from and not entry.spoke:
                continue
            if entry.gender in (None, gender) and entry.number in (None, number):
                return entry
        return None

    def speaker_within(self, start: int, end: int) -> Salient | None:
        """The last speaker (of a speech verb) between two offsets."""
        found = [entry for entry in self.entries if start <= entry.position < end and entry.spoke]
        return found[-1] if found else None

    def is_salient(self, actor_id: str, position: int) -> bool:
        """Whether the actor was a subject or a speaker in this or the previous paragraph."""
        here = self.layout.paragraph_at(position)
        return any(entry.speaker.actor_id == actor_id and here - entry.paragraph <= 1 and entry.position < position
                   for entry in self.entries)


class AsMention:
    """A resolved speaker seen as a mention (whom a spokesperson or an epithet speaks for)."""

    def __init__(self, speaker: Speaker):
        self.actor_id, self.name, self.text, self.type = speaker.actor_id, speaker.name, speaker.text, ""
