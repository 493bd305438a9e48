"""Candidate names of one article: the NER's entities, the gazetteer's matches, persons after a
civil title and government bodies named by their complement, trimmed of articles and titles."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from pipeline.actors.names import ARTICLES, NAME_LABELS, TITLES, NameRules, strip_articles, strip_titles, surface
from pipeline.records import Segment
from pipeline.rules import Rules


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


class CandidateFinder:
    """The candidate names of a parsed segment, before any canonical form."""

    def __init__(self, rules: Rules, names: NameRules, portfolio: frozenset[str]):
        self.names = names
        self.portfolio = portfolio
        self.institution_nouns = frozenset(rules.wordlist("institution_nouns"))
        self.law_words = frozenset(w for cue in names.cues if cue.label == "MISC" and cue.at == "start"
                                   for w in cue.words)

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
        return self.joined([self.first_name_before(self.holder_of_field(self.trimmed(c)), found)
                            for c in found])

    def first_name_before(self, candidate: Candidate, found: list[Candidate]) -> Candidate:
        """A first name the NER left out of a person's name ("Minette | Libom Li Likeng"): a
        capitalised word of the first-name lists right before it, one space apart, in no other
        candidate, joins it."""
        first = candidate.tokens[0]
        if candidate.known or candidate.label != "PER" or first.i == 0:
            return candidate
        before = first.nbor(-1)
        if (before.lower_ not in self.names.first_names or not before.is_title or not before.is_alpha
                or first.doc.text[before.idx + len(before): first.idx] != " "
                or any(before in c.tokens for c in found if c.segment is candidate.segment)):
            return candidate
        return replace(candidate, tokens=[before] + candidate.tokens)

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
            described = j > token.i + 1  # an adjective names it enough: "le ministère chinois du commerce"
            if j >= len(doc) or doc[j].lower_ not in ("de", "du", "des", "d'", "d’"):
                continue
            j += 1
            if j < len(doc) and doc[j].lower_ in ("la", "l'", "l’"):
                j += 1
            if j >= len(doc) or not (doc[j].text[:1].isupper() or described) or doc[j].pos_ not in ("NOUN", "PROPN"):
                continue
            while j + 1 < len(doc) and doc[j + 1].pos_ == "ADJ" and doc[j + 1].text.islower():
                j += 1  # "des Affaires étrangères"
            found.append(Candidate(segment, list(doc[token.i: j + 1]), "GOV", method="institution"))
        return found

    def holder_of_field(self, candidate: Candidate) -> Candidate:
        """A role's field and its holder read as one entity ("le ministre du Patrimoine Pablo
        Rodriguez" → "Patrimoine Pablo Rodriguez"): the person alone, from the first name on."""
        if candidate.known or not is_portfolio(candidate, self.portfolio):
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


def is_portfolio(candidate: Candidate, portfolio: frozenset[str]) -> bool:
    """"secrétaire au Trésor", "chargée du Numérique": the field of a role, not an actor."""
    first = token = candidate.tokens[0]
    while token.i > 0 and (token.nbor(-1).lower_ in ARTICLES or token.nbor(-1).lower_ == "à"):
        token = token.nbor(-1)
    return (token.i < first.i and token.i > 0 and token.nbor(-1).lower_ in portfolio
            and candidate.label != "PER")


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
