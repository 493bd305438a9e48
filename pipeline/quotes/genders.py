"""The gender of the people of one article: what lets "elle" pick up the right person.

The gazetteer's `gender` first; for a person it does not know, a title or role word agreeing
with the name ("Mme X", "la sénatrice X", "X, directrice générale de …") beats the first name
(FEMININE_FIRST_NAME / MASCULINE_FIRST_NAME of cues: a list of first names, not a guess from the
spelling); evidence of both genders, or none, leaves it unknown, which agrees with il and elle.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.actors.names import Profile
from pipeline.quotes.phrase import PERSON_TYPES, PRONOUNS, Lexicon, is_pronoun, pronoun_key


class PersonGenders:
    """Masc / Fem / None per actor of one article, read once from its mentions."""

    def __init__(self, view, mentions, lexicon: Lexicon, actors: dict[str, Profile],
                 types: dict[str, str]):
        self.view = view
        self.lexicon = lexicon
        self.actors = actors
        self.types = types
        self.genders = self._person_genders(mentions)

    def gender_of(self, actor_id: str, name: str) -> str | None:
        """Masc / Fem of an actor: the gazetteer's gender, else for a person what the article
        says of it; None when unknown, which agrees with il and elle."""
        profile = self.actors.get(name)
        known = profile.gender if profile else None
        if known in ("m", "f"):
            return "Masc" if known == "m" else "Fem"
        if self.types.get(actor_id) != "PER":
            return None
        return self.genders.get(actor_id)

    def _person_genders(self, mentions) -> dict[str, str | None]:
        """The gender each person outside the gazetteer is given by its mentions."""
        titles: dict[str, set[str]] = {}
        names: dict[str, set[str]] = {}
        for mention in mentions:
            if (mention.type or mention.label) not in PERSON_TYPES or not mention.actor_id:
                continue
            first = self.view.token_at(mention.start)
            last = self.view.token_at(max(mention.start, mention.end - 1))
            if first is None or last is None or first.doc is not last.doc:
                continue
            title = self._title_gender(first, last)
            if title:
                titles.setdefault(mention.actor_id, set()).add(title)
            if last.i > first.i:  # "Megan Clarken": a first name before a surname
                name = self._first_name_gender(first)
                if name:
                    names.setdefault(mention.actor_id, set()).add(name)
        genders: dict[str, str | None] = {}
        for actor_id in set(titles) | set(names):
            found = titles.get(actor_id) or names.get(actor_id)
            genders[actor_id] = next(iter(found)) if len(found) == 1 else None
        return genders

    def _first_name_gender(self, token: Token) -> str | None:
        feminine = self.lexicon.has(token, "FEMININE_FIRST_NAME")
        masculine = self.lexicon.has(token, "MASCULINE_FIRST_NAME")
        if feminine != masculine:
            return "Fem" if feminine else "Masc"
        return None

    def _title_gender(self, first: Token, last: Token) -> str | None:
        """The gender a title or role word next to a name tells: before it ("Mme X", "la
        commissaire européenne X", "la présidente de la CNIL, X") or apposed after it ("X,
        directrice générale de …", "X, la ministre de …")."""
        doc = first.doc
        i = first.i - 1
        while i >= 0 and doc[i].pos_ == "ADJ" and first.i - i <= 2:
            i -= 1  # "la commissaire européenne Henna Virkkunen"
        if i >= 0 and doc[i].text == ",":
            role = next((t for t in (first.head, *first.children) if t.i < first.i and
                         self.lexicon.has(t, "ROLE")), None)  # "la rapporteure, Laure Miller"
            found = self._role_gender(role) if role is not None else None
            if found:
                return found
        elif i >= 0:
            found = self._role_gender(doc[i])
            if found:
                return found
        j = last.i + 1
        if j + 1 < len(doc) and doc[j].text == ",":
            return self._role_gender(doc[j + 1], after=True)
        return None

    def _role_gender(self, token: Token, after: bool = False) -> str | None:
        """"Mme", "la ministre", "sénatrice", "l'ancienne …": the gender of a title, of a role
        word, or of the determiner of a role word."""
        doc = token.doc
        if self.lexicon.has(token, "FEMININE_TITLE"):
            return "Fem"
        if self.lexicon.has(token, "MASCULINE_TITLE"):
            return "Masc"
        if after and token.lower_ in ("la", "le") and token.i + 1 < len(doc):
            noun = doc[token.i + 1]
            if self.lexicon.has(noun, "ROLE") or self.lexicon.has(noun, "FEMININE_TITLE") or \
                    self.lexicon.has(noun, "MASCULINE_TITLE"):
                return "Fem" if token.lower_ == "la" else "Masc"
            return None
        if not self.lexicon.has(token, "ROLE"):
            return None
        determiner = doc[token.i - 1] if token.i > 0 else None
        if determiner is not None and determiner.lower_ in ("la", "le", "sa", "son"):
            return "Fem" if determiner.lower_ in ("la", "sa") else "Masc"
        return None


def agreement(token: Token) -> tuple[str | None, str | None]:
    """The gender and number a subject shows: a pronoun's own; a noun's determiner ("sa
    porte-parole") and number; a name is singular."""
    if is_pronoun(token):
        return PRONOUNS[pronoun_key(token)]
    if token.pos_ == "NOUN":
        # the article tells the gender ("sa porte-parole"); without one ("leur propriétaire",
        # "l'association") the tagger's guess for the noun is not worth a refusal
        determiners = [c for c in token.children if c.dep_ == "det" and c.morph.get("Gender")]
        gender = determiners[0].morph.get("Gender") if determiners else []
        number = token.morph.get("Number")
        return (gender[0] if gender else None), (number[0] if number else None)
    return None, "Sing"
