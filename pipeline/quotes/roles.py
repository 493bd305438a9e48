"""A role as speaker ("le ministre", "la présidente", "le patron de Meta"): the person the
article or the gazetteer gives that role, or no actor.

A role names only someone the article (or the gazetteer) gives that role, first that applies:
a person named right after it ("la vice-présidente …, Henna Virkkunen"); for "le patron de X",
the person named before whose gazetteer affiliation is X (else the actor stage's reading, else
none); the actor stage's reading when that actor was a subject or speaker in the last two
paragraphs, holds the role in the gazetteer or was introduced with the role word; the latest
person with that gazetteer role or introduced with the role word. A field after the role ("le
ministre de l'Économie") must be said of that person too; with a field, when no one before
holds it, the one person introduced later with the role and field ("Le commissaire européen à la
démocratie affirme …" then "Michael McGrath, commissaire européen à la démocratie"), else the
one person named before with another role word and the whole field of two words or more ("la
patronne des Postes et Télécommunications" after "X, ministre des Postes et Télécommunications").
A plural role ("deux ministres") names no one. Only a word that describes rather
than names an office (EPITHET: "le milliardaire", "la responsable") may be the latest person
subject or speaker. Otherwise the role keeps its words and no actor: a nearby person never
given the role is no guess.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from pipeline.actors.link import MentionIndex
from pipeline.actors.names import fold, words_of
from pipeline.quotes.phrase import PERSON_TYPES, RELATIVES, case_allowed, demonym, window
from pipeline.quotes.salience import AsMention
from pipeline.records import Mention

FIELD_LINKS = {"de", "du", "des", "d'", "d’", "à", "au", "aux", "et"}  # words opening a role's next field

if TYPE_CHECKING:
    from pipeline.quotes.speakers import SpeakerResolver


def role_step(r: SpeakerResolver, head: Token, start: int, end: int):
    """A role names only someone the article (or the gazetteer) gives that role, first that
    applies: a person named right after it ("la vice-présidente …, Henna Virkkunen"); for
    "le patron de X", the person named before whose gazetteer affiliation is X (else the
    actor stage's reading, else none); the actor stage's reading (it checks the role, the
    nationality, the gender); the latest person named with that gazetteer role or introduced
    with the role word. A complement ("le ministre de l'Économie") must be said of that
    person too. Otherwise the phrase keeps its words and no actor: a nearby person who was
    never given the role is not guessed."""
    if not (r.lexicon.has(head, "ROLE") or (demonym(head) and not r.lexicon.labels.get(
            (id(head.doc), head.i)))):
        return None
    anaphor = stage_reading(r, head)
    if anaphor is not None and (anaphor.type or anaphor.label) not in PERSON_TYPES:
        return None  # "le juge des référés" read as the court: a description, below
    named = named_after(head, r.index, r.view)
    if named is not None:  # "la vice-présidente de la Commission chargée de …, Henna Virkkunen"
        return named, "role"
    if "Plur" in head.morph.get("Number"):
        return None, "role"  # "deux ministres ont insisté": no one person
    employer = employer_of(r, head)
    if employer:
        return affiliated_to(r, employer, start) or anaphor, "role"
    role = {fold(head.lemma_), fold(head.text)}  # "présidente": the lemma may be "président"
    portfolio = field_of(r, head)
    if anaphor is not None and said_of(r, anaphor, portfolio, start) and (
            holds(r, anaphor, role) or introduced_as(r, anaphor, role, start)
            or (r.salience.is_salient(anaphor.actor_id, start) and not rival_at_hand(r, head, start, anaphor))):
        return anaphor, "role"
    found = introduced(r, role, start, portfolio)
    if found is None and portfolio:
        found = introduced_later(r, role, start, portfolio)
    if found is None and len(portfolio) > 1:
        found = holder_of_field(r, start, portfolio)
    if found is None and r.lexicon.has(head, "EPITHET") and "Plur" not in head.morph.get("Number"):
        found = epithet(r, head, start, anaphor)  # "le milliardaire", "la responsable espagnole"
    return found, "role"


def epithet(r: SpeakerResolver, head: Token, start: int, anaphor: Mention | None):
    """A word that describes rather than names an office (EPITHET of cues: "le milliardaire",
    "la responsable") is the person who last spoke or acted in this or the previous
    paragraph, agreeing in gender, when no other person agreeing did there; with an adjective ("la responsable espagnole") only when
    the actor stage, which checks nationality, read the same person."""
    determiners = [c.lower_ for c in head.children if c.dep_ == "det"]
    gender = "Fem" if "la" in determiners else "Masc" if "le" in determiners else None
    salient = r.salience.before(start, PERSON_TYPES, gender=gender)
    if salient is not None and rival_at_hand(r, head, start, salient.speaker):
        return None  # "X a déclaré … Y a ajouté … Le milliardaire estime que P": two persons at hand,
        # the latest is no more the milliardaire than the other
    if any(child.dep_ == "amod" for child in head.children):
        if anaphor is None or (salient is not None and anaphor.actor_id != salient.speaker.actor_id):
            return None
        return anaphor
    return AsMention(salient.speaker) if salient is not None else anaphor


def rival_at_hand(r: SpeakerResolver, head: Token, start: int, chosen) -> bool:
    """Whether another person than `chosen` was a subject or speaker before `start` in this or
    the previous paragraph, agreeing with the role's article in gender (an unknown gender
    agrees): a role never given to either then names neither by proximity."""
    determiners = [c.lower_ for c in head.children if c.dep_ == "det"]
    gender = "Fem" if "la" in determiners else "Masc" if "le" in determiners else None
    here = r.layout.paragraph_at(start)
    return any(entry.speaker.actor_id != chosen.actor_id for entry in r.salience.entries
               if entry.position < start and here - entry.paragraph <= 1 and entry.type in PERSON_TYPES
               and (gender is None or entry.gender in (None, gender)))


def field_of(r: SpeakerResolver, head: Token) -> set[str]:
    """The field a role names after it, folded ("le ministre de l'Économie" → économie;
    "la commissaire au Numérique" → numérique): nouns of its complement that name no actor."""
    words = set()
    for token in head.doc[head.i + 1: head.sent.end]:
        if token.is_punct or token.pos_ in ("VERB", "AUX") or token.lower_ in RELATIVES:
            break
        if not any(a.i == head.i for a in token.ancestors):
            break
        if token.pos_ in ("NOUN", "PROPN") and not r.lexicon.has(token, "ROLE"):
            if r.index.covering(r.view.offset(token), r.view.end(token)) is None:
                words.add(fold(token.text))
    return words


def said_of(r: SpeakerResolver, mention, portfolio: set[str], start: int) -> bool:
    """Whether a person's role field is said in its gazetteer role or next to one of its
    mentions before `start` that names it (not a description resolved to it)."""
    if not portfolio:
        return True
    profile = r.actors.get(mention.name)
    if profile is not None and portfolio & words_of(profile.role or ""):
        return True
    for other in r.index.mentions:
        if other.actor_id != mention.actor_id or other.method == "anaphora" or other.start >= start:
            continue
        token = r.view.token_at(other.start)
        if token is not None and portfolio & {fold(t.text) for t in window(token, -8, 10)
                                              if t.sent.start == token.sent.start}:
            return True
    return False


def introduced(r: SpeakerResolver, role: set[str], start: int, portfolio: set[str] = frozenset()) -> Mention | None:
    """The latest person before `start` with that role: in the gazetteer, or in the words
    right around the name ("son PDG, Shou Zi Chew", "Henna Virkkunen, la commissaire"),
    with the role's field when it names one."""
    for mention in reversed(r.index.mentions):
        if mention.end > start or mention.type not in PERSON_TYPES or not mention.actor_id:
            continue
        if (holds(r, mention, role) or introduced_as(r, mention, role, start)) and \
                said_of(r, mention, portfolio, start):
            return mention
    return None


def introduced_later(r: SpeakerResolver, role: set[str], start: int, portfolio: set[str]) -> Mention | None:
    """A lead that names the office before the person ("Le commissaire européen à la démocratie
    affirme que P" … "Michael McGrath, commissaire européen à la démocratie, …"): the one person
    the article introduces later with that role and its field; two such persons, or none, no one."""
    end = len(r.view.text) + 1
    holders: dict[str, Mention] = {}
    for mention in r.index.mentions:
        if mention.start <= start or mention.type not in PERSON_TYPES or not mention.actor_id \
                or mention.actor_id in holders or mention.method == "anaphora":
            continue
        if introduced_as(r, mention, role, end) and said_of(r, mention, portfolio, end):
            holders[mention.actor_id] = mention
    return next(iter(holders.values())) if len(holders) == 1 else None


def holder_of_field(r: SpeakerResolver, start: int, portfolio: set[str]) -> Mention | None:
    """"la patronne des Postes et Télécommunications" after "X, ministre des Postes et
    Télécommunications": the one person named before with a role word and that whole field
    (two words at least) around the name; two such persons, or none, no one."""
    holders: dict[str, Mention] = {}
    for mention in r.index.mentions:
        if mention.end > start or mention.type not in PERSON_TYPES or not mention.actor_id \
                or mention.method == "anaphora" or mention.actor_id in holders:
            continue
        token = r.view.token_at(mention.start)
        near = window(token, -8, 10) if token is not None else []
        if any(r.lexicon.has(t, "ROLE") for t in near) and said_of(r, mention, portfolio, start):
            holders[mention.actor_id] = mention
    return next(iter(holders.values())) if len(holders) == 1 else None


def introduced_as(r: SpeakerResolver, mention, role: set[str], start: int) -> bool:
    """Whether the role word stands right around a mention of that actor before `start`."""
    for other in r.index.mentions:
        if other.actor_id != mention.actor_id or other.start >= start or other.method == "anaphora":
            continue
        token = r.view.token_at(other.start)
        last = r.view.token_at(other.end - 1)
        if token is not None and (any(({fold(t.lemma_), fold(t.text)} | r.lexicon.roles_of(t)) & role
                                      for t in window(token, -4, 3))  # "le chef de l'État X": le président
                                  or apposed_to_role(token, role) or (last is not None and role_after(last, role))):
            return True
    return False


def apposed_to_role(name: Token, role: set[str]) -> bool:
    """"le sous-secrétaire au Commerce pour l'industrie et la sécurité, Alan Estevez": the role
    word opens the noun phrase the name follows after a comma, with no verb between (the parser
    may hang the name on the last noun of the phrase)."""
    doc = name.doc
    if name.i == 0 or doc[name.i - 1].text != ",":
        return False
    for token in reversed(doc[max(name.sent.start, name.i - 14): name.i - 1]):
        if token.text == "," and token.i + 1 < name.i - 1 and doc[token.i + 1].lower_ in FIELD_LINKS:
            continue  # a list of fields: "le ministre de la Communication, des Télécommunications et du Numérique, X"
        if token.pos_ in ("VERB", "AUX") or token.text in (",", ";", ":"):
            return False
        if {fold(token.lemma_), fold(token.text)} & role:
            return True
    return False


def role_after(name_end: Token, role: set[str]) -> bool:
    """"Minette Libom Li Likeng, ministre des Postes", "X ministre des Postes": the role word
    right after the name, bare (no article: an apposition, not the next clause's subject)."""
    doc = name_end.doc
    i = name_end.i + 1
    if i < name_end.sent.end and doc[i].text == ",":
        i += 1
    return i < name_end.sent.end and {fold(doc[i].lemma_), fold(doc[i].text)} & role != set()


def holds(r: SpeakerResolver, mention, role: set[str]) -> bool:
    """Whether the gazetteer gives the actor that role word ("pdg", "commissaire")."""
    profile = r.actors.get(mention.name)
    return bool(profile is not None and role & words_of(profile.role or ""))


def stage_reading(r: SpeakerResolver, head: Token) -> Mention | None:
    """The actor the actor stage read behind a description or a role ("le groupe")."""
    offset = r.view.offset(head)
    mention = r.index.covering(offset, offset + len(head))
    return mention if mention is not None and mention.actor_id and mention.method == "anaphora" else None


def employer_of(r: SpeakerResolver, head: Token) -> str:
    """The organisation a role names with "de" ("le patron d'Apple", "le PDG de Meta")."""
    for child in head.children:
        if child.dep_ == "nmod" and child.i > head.i and case_allowed(child):
            offset = r.view.offset(child)
            mention = r.index.covering(offset, offset + len(child))
            if mention is not None and mention.actor_id and (mention.type or mention.label) != "PER":
                return mention.name or mention.text
    return ""


def affiliated_to(r: SpeakerResolver, employer: str, position: int):
    """The latest person named before `position` whose gazetteer affiliation is `employer`."""
    for mention in reversed(r.index.mentions):
        if mention.end <= position and mention.actor_id and \
                getattr(r.actors.get(mention.name), "affiliation", None) == employer:
            return mention
    return None


def named_after(head: Token, index: MentionIndex, view) -> Mention | None:
    """A person named after a comma and hung on the role itself ("le PDG de X, Y"), which the
    phrase leaves out when a complement comes between."""
    for token in head.doc[head.i + 1: head.sent.end]:
        if token.head.i == head.i and token.dep_ in ("conj", "appos") and token.i > 0 and \
                head.doc[token.i - 1].text == ",":
            mention = index.covering(view.offset(token), view.end(token))
            if mention is not None and mention.actor_id and (mention.type or mention.label) in PERSON_TYPES:
                return mention
    return None
