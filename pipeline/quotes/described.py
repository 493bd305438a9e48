"""A spokesperson, a document or a description as speaker: whom it speaks for, or no actor.

"un porte-parole de TikTok", "une dépêche de l'agence", "un communiqué publié par l'autorité"
speak for whoever their `de` complement or their agent names; "le groupe", "l'association"
name the actor last introduced with that noun, else the actor stage's reading. Nothing nearby
is guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from pipeline.quotes.phrase import (ORGANISATION_TYPES, PERSON_TYPES, agents, case_allowed, possessive,
                                    window)
from pipeline.quotes.roles import stage_reading
from pipeline.quotes.salience import AsMention
from pipeline.records import Mention

if TYPE_CHECKING:
    from pipeline.quotes.speakers import SpeakerResolver


def spokesperson_step(r: SpeakerResolver, head: Token, start: int, end: int):
    """An unnamed spokesperson or a document speaks for whoever its complement names; without
    one, "son entourage" / "ses proches" are the person the possessive refers to (the latest
    person subject or speaker), "un porte-parole" the organisation last the topic (the latest
    ORG / GOV subject or speaker of this or the previous paragraph). A definite one ("la
    porte-parole") with no spokesperson who spoke before names no one: the article introduced
    that person otherwise, and the topic is no guess for them."""
    close = r.lexicon.has(head, "ANONYMOUS") and head.lemma_.lower() == "proche"
    if not (r.lexicon.has(head, "SPOKESPERSON") or (close and possessive(head))):
        return None
    for child in head.children:
        if child.dep_ == "nmod" and child.i > head.i:
            inner = r.resolve(child)
            if inner.actor_id and recipient(r, child, inner.actor_id):
                continue  # "a indiqué un porte-parole à l'AFP": the agency it spoke to, not its employer
            if inner.actor_id:
                return AsMention(inner), "spokesperson"
            return None
    for agent in agents(head):  # "un communiqué publié jeudi par le gendarme du numérique"
        inner = r.resolve(agent)
        if inner.actor_id:
            return AsMention(inner), "spokesperson"
        return None
    issuer = _issuer(r, head)
    if issuer is not None:  # "X a publié un communiqué rappelant que P": X
        return AsMention(issuer), "spokesperson"
    if head.lemma_.lower() in ("entourage", "proche") and possessive(head):
        found = r.salience.before(start, PERSON_TYPES)
    elif possessive(head):
        found = r.salience.before(start)
    else:
        issuer = earlier_speaker(r, head, start)
        if issuer is not None:  # "a déclaré la FCCPC dans un communiqué. … précise le communiqué"
            return AsMention(issuer.speaker), "spokesperson"
        if r.lexicon.has(head, "DOCUMENT"):
            return None  # "P, selon le rapport": what the sentence is about did not write it
        if definite(head):
            return None, "spokesperson"  # "La porte-parole explique que P" with no spokesperson who
            # spoke before: someone the article introduced otherwise (a name, a role), whom the
            # organisation last the topic is no guess for
        topic = sentence_topic(r, head, start)
        if topic is not None:  # "Le groupe, qui emploie …, compte …, selon un porte-parole"
            return topic, "spokesperson"
        found = r.salience.before(start, ORGANISATION_TYPES)
        if found is not None and found.position < r.view.offset(head.sent[0]) and \
                other_organisation_at_hand(r, start, found.speaker.actor_id):
            return None, "spokesperson"  # "Orange a annoncé … SFR a répondu … selon un porte-parole":
            # either's spokesperson, the latest no more than the other
    return (AsMention(found.speaker), "spokesperson") if found is not None else None


def other_organisation_at_hand(r: SpeakerResolver, start: int, actor_id: str) -> bool:
    """Whether another organisation than `actor_id` was a subject or speaker before `start` in
    this or the previous paragraph (checked only when the latest is not of the spokesperson's
    own sentence: "De son côté, l'Office … confirme …: « … », précise une porte-parole")."""
    here = r.layout.paragraph_at(start)
    return any(entry.speaker.actor_id != actor_id for entry in r.salience.entries
               if entry.position < start and here - entry.paragraph <= 1 and entry.type in ORGANISATION_TYPES)


def _issuer(r: SpeakerResolver, head: Token):
    """The subject of the verb a document is the object of, when that verb issues it ("X a
    publié un communiqué", "a adressé une lettre"; ISSUING of cues.jsonl) and names an actor."""
    if not r.lexicon.has(head, "DOCUMENT") or head.dep_ != "obj" or not r.lexicon.has(head.head, "ISSUING"):
        return None
    subject = next((c for c in head.head.children if c.dep_ == "nsubj" and c.i < head.head.i), None)
    if subject is None:
        return None
    found = r.resolve(subject)
    return found if found.actor_id else None


def recipient(r: SpeakerResolver, node: Token, actor_id: str) -> bool:
    """A complement in "à" / "au" naming a news medium: whom a spokesperson spoke to."""
    cases = [child.lower_ for child in node.children if child.dep_ == "case"]
    return bool(cases) and cases[0] in ("à", "au", "aux", "auprès") and r.types.get(actor_id) == "MEDIA"


def definite(head: Token) -> bool:
    """Whether the head has a definite article ("la porte-parole", "le communiqué")."""
    return any(child.dep_ == "det" and child.lower_ in ("le", "la", "l'", "l’", "les") for child in head.children)


def earlier_speaker(r: SpeakerResolver, head: Token, start: int):
    """For "le communiqué", "la porte-parole" (a definite article, no complement): the speaker of
    the sentence that used the same noun before (for a document, any document noun: "une
    étude … le même rapport"), when one spoke there."""
    if not any(child.dep_ == "det" and child.lower_ in ("le", "la", "l'", "l’") for child in head.children):
        return None
    lemma = head.lemma_.lower()
    document = r.lexicon.has(head, "DOCUMENT")
    for token in reversed(r.view.tokens):
        position = r.view.offset(token)
        same = token.lemma_.lower() == lemma or (document and r.lexicon.has(token, "DOCUMENT"))
        if position >= start or not same or r.layout.inside_quote(position):
            continue  # "selon une étude de la Commission … selon le même rapport": documents refer back
        sentence = token.sent
        found = r.salience.speaker_within(r.view.offset(sentence[0]), r.view.end(sentence[-1]))
        if found is not None:
            return found
    return None


def sentence_topic(r: SpeakerResolver, head: Token, start: int) -> Mention | None:
    """The organisation a sentence opens with, before an unnamed spokesperson later in it."""
    first = head.sent[0]
    while first.i < head.i and (first.is_punct or first.pos_ == "DET"):
        first = head.doc[first.i + 1]
    if first.i >= head.i:
        return None
    mention = r.index.covering(r.view.offset(first), r.view.end(first))
    if mention is None or not mention.actor_id or mention.end > start or \
            (mention.type or mention.label) not in ORGANISATION_TYPES:
        return None
    return mention


def description_step(r: SpeakerResolver, head: Token, start: int, end: int):
    """"le groupe" → the actor last introduced as a groupe; else the actor stage's reading,
    which checks type, kind and nationality, prefers a subject to a name in a complement
    ("Meta, maison mère de Facebook et d'Instagram … le groupe" → Meta) and takes no actor
    when the article last used the noun for something else ("une commission d'enquête …
    la commission"); else for "le groupe de X" the company a person X is affiliated to.
    Otherwise no actor: the nearest subject of a compatible type is no guess."""
    types = r.lexicon.types_of(head)
    if not r.lexicon.has(head, "DESCRIPTION") or ("Plur" in head.morph.get("Number") and "GOV" not in types):
        return None  # "les champions chinois" names no one actor; "les juges" speak for a court
    lemma = head.lemma_.lower()
    for mention in reversed(r.index.mentions):
        if mention.end > start or not mention.actor_id:
            continue
        token = r.view.token_at(mention.start)
        if token is None:
            continue
        nearby = window(token, -3, 0)
        if any(t.lemma_.lower() == lemma for t in nearby) and (mention.type or "ORG") in types:
            return mention, "description"
    anaphor = stage_reading(r, head)
    if anaphor is None:  # "le groupe de Mark Zuckerberg": the person's gazetteer affiliation
        anaphor = owned_by(r, head, types)
    return anaphor, "description"


def owned_by(r: SpeakerResolver, head: Token, types: set[str]) -> Mention | None:
    """The actor of the description's types that a person named in its "de" complement is
    affiliated to in the gazetteer, when the article names it ("le groupe de Mark
    Zuckerberg" → Meta)."""
    for child in head.children:
        if child.dep_ != "nmod" or child.i < head.i or not case_allowed(child):
            continue
        person = r.index.covering(r.view.offset(child), r.view.end(child))
        if person is None or (person.type or person.label) not in PERSON_TYPES:
            continue
        profile = r.actors.get(person.name)
        if profile is None or not profile.affiliation:
            continue
        for mention in r.index.mentions:
            if mention.name == profile.affiliation and (mention.type or mention.label) in types:
                return mention
    return None
