"""From spaCy's entities and the gazetteer to canonical, typed actors.

One article at a time: the NER's entities and the gazetteer's matches become candidate names
(`candidates.py`); what is not a name is dropped (`names.py`); each name gets a canonical form
(`canonical.py`: the gazetteer's id, an acronym's expansion, a person's full name, a misspelling's
correct form, else its own normalised text); definite descriptions are resolved (`anaphora.py`);
a place that acts or speaks is typed GOV. Across the corpus, names that fold alike are one actor
whose id is `slug(name)`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Iterable

from spacy.tokens import Token

from pipeline.actors.anaphora import ArticleMemory, Descriptions, Resolver
from pipeline.actors.candidates import Candidate, CandidateFinder
from pipeline.actors.canonical import Canonicaliser
from pipeline.actors.names import Gazetteer, NameRules, Profile, clean_name, fold, slug, token_words
from pipeline.records import Actor, ActorObservation, Article, Mention
from pipeline.rules import Rules

__all__ = ["ActorLinker", "ActorRegistry", "MentionIndex", "fold", "slug"]

SOURCE_CUES = frozenset({"selon"})


class ActorRegistry:
    """Canonical actors of the whole run, reduced from the observations of every article."""

    def __init__(self):
        self.actors: dict[str, Actor] = {}
        self.known: dict[str, str] = {}  # actor_id -> gazetteer type
        self.types: dict[str, Counter] = defaultdict(Counter)
        self.forms: dict[str, Counter] = defaultdict(Counter)
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.documents: dict[str, set[str]] = defaultdict(set)

    def add(self, observations: Iterable[ActorObservation]) -> None:
        for seen in observations:
            actor = self.actors.get(seen.actor_id)
            if actor is None:
                actor = self.actors[seen.actor_id] = Actor(seen.actor_id, seen.name, seen.type)
            if seen.known_type:
                self.known[seen.actor_id] = seen.known_type
            actor.n_mentions += 1
            self.types[seen.actor_id][seen.type] += 1
            if seen.form:
                self.forms[seen.actor_id][seen.form] += 1
            self.aliases[seen.actor_id].add(seen.alias)
            self.documents[seen.actor_id].add(seen.doc_id)

    def table(self) -> list[Actor]:
        """Gazetteer type, else the corpus majority; the majority spelling among those of the same id."""
        rows = []
        for actor_id in sorted(self.actors):
            actor = self.actors[actor_id]
            actor.type = self.known.get(actor_id) or self.types[actor_id].most_common(1)[0][0]
            forms = [form for form, _ in self.forms[actor_id].most_common() if slug(form) == actor_id]
            actor.name = forms[0] if forms else actor.name
            actor.aliases = " | ".join(sorted(self.aliases[actor_id]))
            actor.n_documents = len(self.documents[actor_id])
            rows.append(actor)
        return rows


class ActorLinker:
    """Turns the entities of an article into mentions of canonical actors."""

    def __init__(self, rules: Rules):
        self.gazetteer = Gazetteer(rules, rules.setting("actors", "fuzzy_min_score", 80.0),
                                   rules.setting("actors", "fuzzy_min_length", 5))
        self.names = NameRules(rules)
        self.descriptions = Descriptions(rules, self.names)
        self.resolver = Resolver(self.descriptions, self.acts, self.gazetteer.forms)
        self.still_verbs = frozenset(rules.wordlist("metonymy"))
        portfolio = frozenset(w for rule in rules.pattern_rules("descriptions")
                              if rule.data.get("scope") == "portfolio" for w in token_words(rule.data["pattern"])[0])
        self.finder = CandidateFinder(rules, self.names, portfolio)
        self.canonicaliser = Canonicaliser(self.gazetteer, self.names, self.descriptions, portfolio,
                                           self.finder.institution_nouns)

    def link(self, article: Article) -> tuple[list[Mention], list[ActorObservation]]:
        """The article's mentions, and what each tells `actors.csv` (reduced over the corpus later)."""
        memory = ArticleMemory()
        segments = [segment for segment in article.segments if segment.doc is not None]
        candidates = [c for segment in segments for c in self.finder.candidates(segment)]
        named = self.canonicaliser.canonicalise(candidates, segments)
        for candidate in named:
            self.profile(candidate, memory)
            if not candidate.known and candidate.method != "alias":
                memory.labels[candidate.name][candidate.label] += 1
        mentions = [self.mention(article, c, memory) for c in named]
        mentions = self.resolver.describe(article, segments, mentions, memory)
        observations = []
        for mention in mentions:
            profile = memory.profiles[mention.name]
            own = not profile.known and mention.method == "ner"
            observations.append(ActorObservation(
                actor_id=mention.actor_id, name=mention.name, type=mention.type, alias=mention.text,
                doc_id=mention.doc_id, known_type=profile.type if profile.known else "",
                form=" ".join(clean_name(mention.text).split()) if own else ""))
        return mentions, observations

    # Candidates ---------------------------------------------------------------------------------

    # Profiles and types ------------------------------------------------------------------------

    def profile(self, candidate: Candidate, memory: ArticleMemory) -> Profile:
        """The article's own copy of what is known of an actor (gazetteer, name cues, titles)."""
        profile = memory.profiles.get(candidate.name)
        if profile is None:
            known = self.gazetteer.profiles.get(candidate.known or candidate.name)
            if known is not None:
                profile = replace(known, roles=set(known.roles))
            else:
                cue = self.names.cue(candidate.name.split())
                profile = Profile(candidate.name, cue.label if cue else "", cue.kind if cue else "")
            memory.profiles[candidate.name] = profile
        if not profile.known:
            profile.learn(gender=candidate.gender)
        return profile


    def mention(self, article: Article, candidate: Candidate, memory: ArticleMemory) -> Mention:
        """A mention typed in context: a place that acts or speaks is a government."""
        profile = memory.profiles[candidate.name]
        if not profile.type:
            profile.type = self.majority_label(candidate, memory)
        kind = profile.type
        # "gouvernement allemand" → Allemagne: the gazetteer names a place by a description of its government
        described = candidate.known and candidate.text[:1].islower() and fold(candidate.text) != fold(candidate.name)
        if kind == "LOC" and (described or self.acts(root_of(candidate.tokens))):
            kind = "GOV"
        return Mention(article.document.doc_id, candidate.segment.paragraph.paragraph, candidate.start,
                       candidate.end, article.text[candidate.start:candidate.end], kind, slug(candidate.name),
                       candidate.method, candidate.name, kind)

    def majority_label(self, candidate: Candidate, memory: ArticleMemory) -> str:
        """An actor outside the gazetteer without a name cue takes its most frequent NER label here."""
        labels = memory.labels.get(candidate.name)
        return labels.most_common(1)[0][0] if labels else candidate.label

    def acts(self, root: Token) -> bool:
        """Subject of an acting verb, agent ("par Washington"), or source ("selon Pékin")."""
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head  # "Washington et Pékin ont signé"
        if root.dep_ == "obl:agent" or any(is_source_cue(child) for child in root.children):
            return True
        if root.dep_ != "nsubj" or root.head.pos_ not in ("VERB", "AUX"):
            return False
        verb = root.head
        action = verb
        while action is not None:  # "Pékin veut interdire": the infinitive decides
            verb, action = action, next((c for c in action.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        return not {verb.lemma_, verb._.lemma} & self.still_verbs



def is_source_cue(token: Token) -> bool:
    """"selon Pékin", "d'après Washington"."""
    return token.lower_ in SOURCE_CUES or (token.lower_ in ("d'", "d’")
                                          and any(child.lower_ == "après" for child in token.children))


def root_of(tokens: list[Token]) -> Token:
    """The token of a span whose head lies outside it."""
    inside = {token.i for token in tokens}
    return next((token for token in tokens if token.head.i not in inside or token.head.i == token.i), tokens[0])


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
