"""From spaCy's entities and the gazetteer to canonical, typed actors."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from pipeline.records import Actor, Article, Mention
from pipeline.rules import Rules

NER_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC",
             "GOV": "GOV", "MEDIA": "MEDIA"}


def fold(text: str) -> str:
    """Case, accents, spaces, hyphens and apostrophes folded: "Tik Tok" and "Tiktok" meet."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\s\-‐‑–—'’.]+", "", text)


def slug(name: str) -> str:
    """A stable actor id from the canonical name: "États-Unis" → "etats-unis"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "actor"


class ActorRegistry:
    """Canonical actors of the whole run, with their surface forms and counts."""

    def __init__(self):
        self.actors: dict[str, Actor] = {}
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.documents: dict[str, set[str]] = defaultdict(set)

    def add(self, mention: Mention) -> None:
        actor = self.actors.get(mention.actor_id)
        if actor is None:
            actor = self.actors[mention.actor_id] = Actor(mention.actor_id, mention.name, mention.type)
        elif actor.type == "LOC" and mention.type == "GOV":
            actor.type = "GOV"  # a place that acts somewhere in the corpus is a government actor
        actor.n_mentions += 1
        self.aliases[mention.actor_id].add(mention.text)
        self.documents[mention.actor_id].add(mention.doc_id)

    def table(self) -> list[Actor]:
        rows = []
        for actor_id in sorted(self.actors):
            actor = self.actors[actor_id]
            actor.aliases = " | ".join(sorted(self.aliases[actor_id]))
            actor.n_documents = len(self.documents[actor_id])
            rows.append(actor)
        return rows


class ActorLinker:
    """Turns the entities of an article into mentions of canonical actors."""

    def __init__(self, rules: Rules):
        self.gazetteer: dict[str, tuple[str, str]] = {}
        for rule in rules.pattern_rules("actors"):
            pattern = rule.data["pattern"]
            if isinstance(pattern, str):
                self.gazetteer.setdefault(fold(pattern), (rule.data["id"], rule.data["label"]))
        self.registry = ActorRegistry()

    def link(self, article: Article) -> list[Mention]:
        mentions = []
        for segment in article.segments:
            for ent in segment.doc.ents:
                if ent.label_ not in NER_TYPES:
                    continue
                name, label = self.canonical(ent.text, ent.ent_id_, ent.label_)
                start = segment.start + ent.start_char
                mention = Mention(article.document.doc_id, segment.paragraph.paragraph, start,
                                  start + len(ent.text), ent.text, ent.label_, slug(name),
                                  "rule" if ent.ent_id_ else "ner", name, label)
                mentions.append(mention)
        for mention in mentions:
            self.registry.add(mention)
        return mentions

    def canonical(self, text: str, ent_id: str, label: str) -> tuple[str, str]:
        if ent_id:
            return ent_id, label
        known = self.gazetteer.get(fold(text))
        if known:
            return known
        return text, NER_TYPES[label]

    def actors(self) -> list[Actor]:
        return self.registry.table()


class MentionIndex:
    """Mentions of one article by position: what names this span, who was named last."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))

    def covering(self, start: int, end: int) -> Mention | None:
        """The longest mention overlapping [start, end), or None."""
        best = None
        for mention in self.mentions:
            if mention.start >= end:
                break
            if mention.end > start and (best is None or mention.end - mention.start > best.end - best.start):
                best = mention
        return best

    def within(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def latest_before(self, position: int, types: set[str] | None = None) -> Mention | None:
        """The last mention ending before `position` whose type is in `types` (any if None)."""
        for mention in reversed(self.mentions):
            if mention.end <= position and (types is None or mention.type in types):
                return mention
        return None
