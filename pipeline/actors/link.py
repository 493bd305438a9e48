"""From spaCy's entities and the gazetteer to canonical, typed actors.

One article at a time: the NER's entities and the gazetteer's matches become candidate names; what
is not a name is dropped (`pipeline/names.py`); each name gets a canonical form (the gazetteer's id,
an acronym's expansion, a person's full name, a misspelling's correct form, else its own normalised
text); definite descriptions are resolved (`pipeline/anaphora.py`); a place that acts or speaks is
typed GOV. Across the corpus, names that fold alike are one actor whose id is `slug(name)`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Iterable

from spacy.tokens import Token

from pipeline.actors.anaphora import ArticleMemory, Descriptions, Resolver
from pipeline.actors.names import (ACRONYM, ARTICLES, NAME_LABELS, TITLES, Gazetteer, NameRules, Profile, clean_name, fold, initials_fit,
                            looks_like_junk, may_be_misspelt, slug, strip_articles, strip_titles, surface,
                            token_words)
from pipeline.records import Actor, ActorObservation, Article, Mention, Segment
from pipeline.rules import Rules

__all__ = ["ActorLinker", "ActorRegistry", "MentionIndex", "fold", "slug"]

SOURCE_CUES = frozenset({"selon"})


@dataclass
class Candidate:
    """A span that may name an actor, before and after canonicalisation."""

    segment: Segment
    tokens: list[Token]
    label: str  # the NER's (or the gazetteer's) label
    known: str = ""  # gazetteer id
    gender: str = ""  # told by a civil title ("Mme")
    name: str = ""  # canonical name
    method: str = "ner"

    @property
    def start(self) -> int:
        return self.segment.start + self.tokens[0].idx

    @property
    def end(self) -> int:
        return self.segment.start + self.tokens[-1].idx + len(self.tokens[-1].text)

    @property
    def text(self) -> str:
        return surface(self.tokens)

    @property
    def key(self) -> tuple[int, int]:
        return id(self.segment), self.tokens[0].i


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
        self.institution_nouns = frozenset(rules.wordlist("institution_nouns"))
        self.law_words = frozenset(w for cue in self.names.cues if cue.label == "MISC" and cue.at == "start"
                                   for w in cue.words)
        self.portfolio = frozenset(w for rule in rules.pattern_rules("descriptions")
                                   if rule.data.get("scope") == "portfolio" for w in token_words(rule.data["pattern"])[0])

    def link(self, article: Article) -> tuple[list[Mention], list[ActorObservation]]:
        """The article's mentions, and what each tells `actors.csv` (reduced over the corpus later)."""
        memory = ArticleMemory()
        segments = [segment for segment in article.segments if segment.doc is not None]
        candidates = [c for segment in segments for c in self.candidates(segment)]
        named = self.canonicalise(candidates, segments, memory)
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

    def candidates(self, segment: Segment) -> list[Candidate]:
        """Entities of the NER and the gazetteer, and persons named inside a gazetteer name."""
        doc = segment.doc
        found = [Candidate(segment, list(ent), ent.label_, ent.ent_id_) for ent in doc.ents
                 if ent.label_ in NAME_LABELS]
        for span in doc.spans.get("actors", []):
            if span.label_ == "PER" and any(ent.ent_id_ and ent.label_ != "PER" and ent.start <= span.start
                                            and span.end <= ent.end for ent in doc.ents):
                found.append(Candidate(segment, list(span), "PER", span.id_))  # "administration Biden"
        found += titled(segment, found)
        bodies = [body for body in self.institutions(segment)  # the gazetteer's own name wins
                  if not any(c.known and _overlap(c, body) for c in found)]
        found = [c for c in found if c.known or not any(_overlap(c, body) for body in bodies)] + bodies
        return self.joined([self.holder_of_field(self.trimmed(c)) for c in found])

    def institutions(self, segment: Segment) -> list[Candidate]:
        """"le ministère chinois du Commerce", "le ministère taïwanais de l'Economie": a government
        body named by its noun (institution_nouns), its adjectives and a capitalised complement;
        the NER reads at most its complement ("Commerce")."""
        doc, found = segment.doc, []
        for token in doc:
            if token.lower_ not in self.institution_nouns:
                continue
            j = token.i + 1
            while j < len(doc) and doc[j].pos_ == "ADJ" and doc[j].text.islower():
                j += 1  # "chinois", "taïwanais"
            if j >= len(doc) or doc[j].lower_ not in ("de", "du", "des", "d'", "d’"):
                continue
            j += 1
            if j < len(doc) and doc[j].lower_ in ("la", "l'", "l’"):
                j += 1
            lower = j > token.i + 3 and doc[token.i + 1].pos_ == "ADJ"  # "le ministère chinois du commerce"
            if j >= len(doc) or not (doc[j].text[:1].isupper() or lower) or doc[j].pos_ not in ("NOUN", "PROPN"):
                continue
            while j + 1 < len(doc) and doc[j + 1].pos_ == "ADJ" and doc[j + 1].text.islower():
                j += 1  # "des Affaires étrangères"
            found.append(Candidate(segment, list(doc[token.i: j + 1]), "GOV", method="institution"))
        return found

    def holder_of_field(self, candidate: Candidate) -> Candidate:
        """A role's field and its holder read as one entity ("le ministre du Patrimoine Pablo
        Rodriguez" → "Patrimoine Pablo Rodriguez"): the person alone, from the first name on."""
        if candidate.known or not self.is_portfolio(candidate):
            return candidate
        for k, token in enumerate(candidate.tokens[1:-1], start=1):
            if token.lower_ in self.names.first_names and token.text[:1].isupper() \
                    and candidate.tokens[k + 1].text[:1].isupper():
                return replace(candidate, tokens=candidate.tokens[k:], label="PER")
        return candidate

    def joined(self, found: list[Candidate]) -> list[Candidate]:
        """A person's name the NER cut in two ("Bastien" PER + "Le Querrec" MISC) is one name: a
        first name of the first-name lists, then a capitalised name right after it, neither in
        the gazetteer."""
        found = sorted(found, key=lambda c: (id(c.segment), c.tokens[0].i))
        kept: list[Candidate] = []
        for candidate in found:
            before = kept[-1] if kept else None
            if (before is not None and before.segment is candidate.segment and not before.known
                    and not candidate.known and before.label == "PER" and candidate.label in ("PER", "MISC", "ORG")
                    and candidate.tokens[0].i == before.tokens[-1].i + 1
                    and before.tokens[-1].lower_ in self.names.first_names
                    and candidate.tokens[0].text[:1].isupper()
                    and before.tokens[-1].doc.text[before.tokens[-1].idx + len(before.tokens[-1]):
                                                  candidate.tokens[0].idx] == " "):
                kept[-1] = replace(before, tokens=before.tokens + candidate.tokens)
                continue
            kept.append(candidate)
        return kept

    def trimmed(self, candidate: Candidate) -> Candidate:
        """Articles and titles off a name the NER found; a law keeps its noun ("loi anti-Huawei")."""
        if candidate.known:
            return candidate
        tokens, gender = strip_titles(strip_articles(candidate.tokens))
        before = tokens[0].nbor(-1) if tokens[0].i > 0 else None
        if before is not None and before.lower_ in self.law_words and not before.is_sent_start:
            tokens = [before] + tokens
        label = "PER" if gender else candidate.label  # "M. Champagne" is a person, whatever the NER said
        return replace(candidate, tokens=tokens, gender=gender, label=label)

    # Canonical names -----------------------------------------------------------------------------

    def canonicalise(self, candidates: list[Candidate], segments: list[Segment],
                     memory: ArticleMemory) -> list[Candidate]:
        """Each name's canonical form: gazetteer, acronym, full name, fuzzy spelling, or its own text."""
        kept = [c for c in (self.known_or_own(c) for c in candidates) if c is not None]
        aliases = self.acronyms(kept, segments)
        persons = [c.name.split() for c in kept if self.type_of(c) == "PER" and len(c.name.split()) > 1]
        surnames = {fold(words[-1]): " ".join(words) for words in persons}
        forenames = {fold(words[0]): " ".join(words) for words in persons}
        seen: dict[str, str] = {}
        bodies: dict[str, str] = {}  # an institution without its adjectives -> its first name
        for candidate in kept:
            if not candidate.known:
                self.relink(candidate, aliases, surnames, forenames, seen)
            if candidate.tokens[0].lower_ in self.institution_nouns:
                bare = fold(" ".join(t.text for t in candidate.tokens if t.pos_ != "ADJ"))
                first = bodies.setdefault(bare, candidate.name)  # "le ministère du Commerce" after
                if not candidate.known and first != candidate.name:  # "le ministère chinois du Commerce"
                    candidate.known = first if first in self.gazetteer.profiles else ""
                    candidate.name = first
            seen.setdefault(fold(candidate.name), candidate.name)
        kept += self.alias_mentions(aliases, kept, segments)
        self.governments_to_countries(kept)
        for candidate in kept:
            self.profile(candidate, memory)
            if not candidate.known and candidate.method != "alias":
                memory.labels[candidate.name][candidate.label] += 1
        return kept

    def known_or_own(self, candidate: Candidate) -> Candidate | None:
        """The gazetteer's name for it, its own normalised text, or None when it is not a name."""
        if self.is_portfolio(candidate):
            return None
        if candidate.known:
            return replace(candidate, name=candidate.known, method="rule")
        known = self.gazetteer.lookup(candidate.text, named=True)
        if known:
            return replace(candidate, known=known, name=known, method="rule")
        if candidate.method == "institution":
            return replace(candidate, name=candidate.text)  # its common nouns are its name
        if self.names.is_demonym(candidate.tokens):
            return None  # "Américains", "les Européens": people, not an actor
        cue = self.names.cue([t.text for t in candidate.tokens])
        institution = cue is not None and cue.at == "start" and candidate.tokens[0].is_title  # "Parlement"
        if not institution and looks_like_junk(candidate.tokens, self.descriptions.role_words):
            return None
        return replace(candidate, name=candidate.text)

    def is_portfolio(self, candidate: Candidate) -> bool:
        """"secrétaire au Trésor", "chargée du Numérique": the field of a role, not an actor."""
        first = token = candidate.tokens[0]
        while token.i > 0 and (token.nbor(-1).lower_ in ARTICLES or token.nbor(-1).lower_ == "à"):
            token = token.nbor(-1)
        return (token.i < first.i and token.i > 0 and token.nbor(-1).lower_ in self.portfolio
                and candidate.label != "PER")

    def relink(self, candidate: Candidate, aliases: dict[str, str], surnames: dict[str, str],
               forenames: dict[str, str], seen: dict[str, str]) -> None:
        """A name outside the gazetteer may be an acronym, a surname, a misspelling or a known form."""
        key, single = fold(candidate.name), len(candidate.name.split()) == 1
        personal = candidate.label == "PER" or bool(candidate.gender)
        if key in aliases and aliases[key] != candidate.name:
            candidate.name, candidate.method = aliases[key], "alias"
        elif single and key in surnames:
            candidate.name, candidate.method = surnames[key], "alias"  # "Breton" after "Thierry Breton"
        elif single and personal and key in forenames:
            candidate.name, candidate.method = forenames[key], "alias"  # "M. Ren" after "Ren Zhengfei"
        elif single and personal and self.gazetteer.surname(candidate.name):
            candidate.known = candidate.name = self.gazetteer.surname(candidate.name)
            candidate.method = "alias"
        elif may_be_misspelt(candidate.tokens):
            others = {k: v for k, v in seen.items() if v != candidate.name}
            guess = self.gazetteer.fuzzy(candidate.name, others)
            if guess:
                candidate.known = guess if guess in self.gazetteer.profiles else ""
                candidate.name, candidate.method = guess, "fuzzy"
        if candidate.name in self.gazetteer.profiles:
            candidate.known = candidate.name  # "Trump" after "Donald Trump", both from the gazetteer
        else:  # "Tik Tok" then "TikTok": the article's first spelling (actors.csv picks the corpus majority)
            candidate.name = seen.get(fold(candidate.name), candidate.name)

    def acronyms(self, kept: list[Candidate], segments: list[Segment]) -> dict[str, str]:
        """"Long Name (ACR)" or "ACR (Long Name)": folded acronym and long name -> the actor's name."""
        aliases: dict[str, str] = {}
        by_end = {(id(c.segment), c.tokens[-1].i): c for c in kept}
        by_start = {c.key: c for c in kept}
        for segment in segments:
            doc = segment.doc
            for token in doc[1:-2]:
                if token.text != "(":
                    continue
                before, inner = by_end.get((id(segment), token.i - 1)), doc[token.i + 1]
                if before and doc[token.i + 2].text == ")" and initials_fit(inner.text, before.text):
                    aliases.update(self.pair(before, inner.text, by_start.get((id(segment), inner.i))))
                inside = by_start.get((id(segment), token.i + 1))
                closing = inside.tokens[-1].i + 1 if inside else len(doc)
                if (before and inside and len(before.tokens) == 1 and closing < len(doc)
                        and doc[closing].text == ")" and initials_fit(before.text, inside.text)):
                    aliases.update(self.pair(inside, before.text, before))
        return aliases

    def pair(self, long: Candidate, short: str, short_candidate: Candidate | None) -> dict[str, str]:
        """The acronym names the long name's actor; a long name outside the gazetteer takes a known acronym's."""
        if not long.known and short_candidate is not None and short_candidate.known:
            long.known = long.name = short_candidate.known
            long.method = "alias"
        return {fold(short): long.name, fold(long.text): long.name}

    def alias_mentions(self, aliases: dict[str, str], kept: list[Candidate],
                       segments: list[Segment]) -> list[Candidate]:
        """Bare acronyms the NER missed ("l'Apig prépare") are mentions of the actor they abbreviate."""
        covered = {(id(c.segment), t.i) for c in kept for t in c.tokens}
        extra = []
        for segment in segments:
            for token in segment.doc:
                name = aliases.get(fold(token.text)) if ACRONYM.fullmatch(token.text) else None
                if name and (id(segment), token.i) not in covered:
                    known = name if name in self.gazetteer.profiles else ""
                    extra.append(Candidate(segment, [token], "ORG", known, "", name, "alias"))
        return extra

    def governments_to_countries(self, kept: list[Candidate]) -> None:
        """"le gouvernement français" is France acting, when the article names France; "le
        gouvernement américain", "les autorités chinoises" (which the gazetteer files under the
        capital) are the country acting, unless the article names the capital itself
        ("Washington a riposté"): annotators name the country, or the capital the text uses."""
        countries = {profile.country: name for name, profile in self.gazetteer.profiles.items()
                     if profile.kind == "country" and profile.country}
        named = {candidate.known for candidate in kept if candidate.text[:1].isupper()}
        in_article = {}
        for candidate in kept:
            profile = self.gazetteer.profiles.get(candidate.known)
            if profile and profile.kind == "country":
                in_article.setdefault(profile.country, candidate.known)
        for candidate in kept:
            profile = self.gazetteer.profiles.get(candidate.known)
            if not profile or not candidate.text[:1].islower():
                continue
            if profile.kind == "government" and profile.country in in_article:
                country = in_article[profile.country]
            elif profile.kind == "city" and profile.country in countries and candidate.known not in named:
                country = countries[profile.country]
            else:
                continue
            candidate.known = candidate.name = country
            candidate.method = "alias"

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

    def type_of(self, candidate: Candidate) -> str:
        """Gazetteer type, else the type a name cue gives ("ministère …" GOV), else the NER's label."""
        known = self.gazetteer.profiles.get(candidate.known)
        if known:
            return known.type
        cue = self.names.cue(candidate.name.split())
        return cue.label if cue else candidate.label

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
        return not {verb.lemma_, infinitive(verb)} & self.still_verbs


def infinitive(verb: Token) -> str:
    """A first-group infinitive for forms the lemmatizer leaves as they are ("compte", "représente")."""
    return re.sub(r"(e|es|ent)$", "er", verb.lower_) if verb.lemma_ == verb.lower_ else verb.lemma_


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


def _overlap(one: Candidate, other: Candidate) -> bool:
    return one.segment is other.segment and one.tokens[0].i <= other.tokens[-1].i and other.tokens[0].i <= one.tokens[-1].i


def titled(segment: Segment, found: list[Candidate]) -> list[Candidate]:
    """"M. Champagne", "Mme Likeng": a civil title before capitalised words the NER left out is a
    person (the title comes off later, with the gender it tells)."""
    doc, covered = segment.doc, {t.i for c in found for t in c.tokens}
    people = []
    for token in doc[:-1]:
        name = doc[token.i + 1]
        if token.lower_ not in TITLES or name.i in covered or not (name.is_title and name.is_alpha):
            continue
        end = name.i + 1
        while end < len(doc) and doc[end].is_title and doc[end].is_alpha and end not in covered:
            end += 1
        people.append(Candidate(segment, list(doc[token.i: end]), "PER"))
    return people
