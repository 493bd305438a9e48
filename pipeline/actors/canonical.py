"""The canonical name of each candidate of one article: the gazetteer's id, an acronym's
expansion, a person's full name, a misspelling's correct form, a government body's first
spelling, the country a government description stands for, else its own normalised text."""

from __future__ import annotations

from dataclasses import replace

from pipeline.actors.anaphora import Descriptions
from pipeline.actors.candidates import Candidate, is_portfolio
from pipeline.actors.names import ACRONYM, Gazetteer, NameRules, fold, initials_fit, looks_like_junk, may_be_misspelt
from pipeline.records import Segment


class Canonicaliser:
    """Gives every candidate of an article its canonical name (and gazetteer id when known)."""

    def __init__(self, gazetteer: Gazetteer, names: NameRules, descriptions: Descriptions,
                 portfolio: frozenset[str], institution_nouns: frozenset[str]):
        self.gazetteer = gazetteer
        self.names = names
        self.descriptions = descriptions
        self.portfolio = portfolio
        self.institution_nouns = institution_nouns


    def canonicalise(self, candidates: list[Candidate], segments: list[Segment]) -> list[Candidate]:
        """Each name's canonical form: gazetteer, acronym, full name, fuzzy spelling, or its own text."""
        kept = [c for c in (self.known_or_own(c) for c in candidates) if c is not None]
        aliases = self.acronyms(kept, segments)
        persons = [c.name.split() for c in kept if self.type_of(c) == "PER" and len(c.name.split()) > 1]
        surnames = {fold(words[-1]): " ".join(words) for words in persons}
        tails: dict[str, set[str]] = {}  # a surname of several words: "Mme Libom Li Likeng", "Minette Libom Li Likeng"
        for words in persons:
            for k in range(1, len(words) - 1):
                tails.setdefault(fold(" ".join(words[k:])), set()).add(" ".join(words))
        surnames.update({tail: next(iter(full)) for tail, full in tails.items() if len(full) == 1})
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
        return kept

    def known_or_own(self, candidate: Candidate) -> Candidate | None:
        """The gazetteer's name for it, its own normalised text, or None when it is not a name."""
        if is_portfolio(candidate, self.portfolio):
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


    def relink(self, candidate: Candidate, aliases: dict[str, str], surnames: dict[str, str],
               forenames: dict[str, str], seen: dict[str, str]) -> None:
        """A name outside the gazetteer may be an acronym, a surname, a misspelling or a known form."""
        key, single = fold(candidate.name), len(candidate.name.split()) == 1
        personal = candidate.label == "PER" or bool(candidate.gender)
        if key in aliases and aliases[key] != candidate.name:
            candidate.name, candidate.method = aliases[key], "alias"
        elif (single or personal) and key in surnames and surnames[key] != candidate.name:
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

    def type_of(self, candidate: Candidate) -> str:
        """Gazetteer type, else the type a name cue gives ("ministère …" GOV), else the NER's label."""
        known = self.gazetteer.profiles.get(candidate.known)
        if known:
            return known.type
        cue = self.names.cue(candidate.name.split())
        return cue.label if cue else candidate.label
