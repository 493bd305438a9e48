"""Who a speaker phrase names: the words of the article, then the canonical actor behind them.

`speaker_head` finds the phrase naming who speaks for a speech verb; `SpeakerResolver.resolve`
turns its head token into a `Speaker`, in this fixed order (first that applies wins):

1. a personal pronoun (il, elle, -t-il, lui) → the most recent compatible candidate, in
   this order of salience: the latest speaker (subject of a speech verb) of the same or the
   previous paragraph that agrees in gender; else the latest person subject or speaker there —
   unless the pronoun's own paragraph names no person and has an agreeing subject of its own
   (its topic: "TikTok dispose … Le groupe compte … il assurait"); else the person named last
   in the last two paragraphs that agrees (in that sentence a subject or agent before a name
   in a complement: "préparée par X, … en remplacement de Y. Il" → X); an organisation or a
   government (any salient subject agreeing in gender and number) only when no person is at
   hand, or for ils / elles; a plural subject is no antecedent of il / elle. Gender: the
   gazetteer's `gender`; for a person it does not know, a title or role word agreeing with the
   name (FEMININE_TITLE / MASCULINE_TITLE: "Mme X", "la sénatrice X", "X, directrice générale
   de …"), else its first name in the first-name lists of cues (FEMININE_FIRST_NAME /
   MASCULINE_FIRST_NAME); otherwise unknown, which agrees with both;
2. an anonymous source ("certaines sources", "plusieurs analystes", "nos informations") →
   the words only, no actor;
3. a mention covering the head ("l'AFP", "Thierry Breton", the actor stage's "le groupe");
4. a mention attached to the head without a preposition ("son président, Martin Ajdari",
   "l'agence Bloomberg"), a person first;
5. a spokesperson or document of someone ("un porte-parole de TikTok", "une dépêche de
   l'agence", "un communiqué publié par l'autorité") → whoever its `de` complement or its
   agent names (an unnamed spokesperson is the organisation);
   without a complement, "son entourage" / "ses proches" → the latest person subject or
   speaker, "un porte-parole" → the organisation its sentence opens with ("Le groupe … compte
   …, selon un porte-parole"), else the latest ORG / GOV / MEDIA subject or speaker of this or
   the previous paragraph;
6. a role ("le ministre", "le patron de Meta") → a person named after it in apposition; for
   "le patron / PDG / fondateur de X", the person named before whose gazetteer `affiliation`
   is X (else the actor stage's reading, else none); the actor stage's reading when that actor
   was a subject or speaker in the last two paragraphs, holds the role in the gazetteer or was
   introduced with the role word; the latest person with that gazetteer role or introduced
   with the role word. A field after the role ("le ministre de l'Économie") must be said of
   that person too. Only a word that describes rather than names an office (EPITHET: "le
   milliardaire", "la responsable") may be the latest person subject or speaker. Otherwise
   the role keeps its words and no actor: a nearby person never given the role is no guess;
7. a description ("le groupe", "l'association") → the actor last introduced with that noun
   ("le groupe chinois ByteDance"); the actor stage's reading (type, kind, nationality, the
   subject of its clause before a name in a complement, nothing when the article last used
   the noun for a thing that is no actor); for "le groupe de X", the company the person X is
   affiliated to; otherwise the words and no actor;
8. any other mention inside the phrase.
Salience (`Salient`): main-clause subjects and the subjects of speech verbs outside quotes,
in order, each resolved once. "Nous" and "je" (a quote's own voice) name no actor.

Otherwise the speaker keeps its words and no actor: nothing is guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.actors.link import MentionIndex
from pipeline.actors.names import Profile, fold, words_of
from pipeline.ingest.paragraphs import BREAK
from pipeline.records import Mention

LINE_BREAKS = re.compile(f"(?:{BREAK})+")  # the project's line breaks, a run of them as one

PRONOUNS = {"il": ("Masc", "Sing"), "elle": ("Fem", "Sing"), "ils": ("Masc", "Plur"),
            "elles": ("Fem", "Plur"), "lui": ("Masc", "Sing"), "eux": ("Masc", "Plur")}
RELATIVES = {"qui", "que", "qu'", "qu’", "lequel", "laquelle", "lesquels", "lesquelles", "dont"}
INDEFINITE_PLURAL = {"des", "plusieurs", "certains", "certaines", "quelques", "nombreux",
                     "nombreuses", "divers", "diverses", "d'", "d’", "de"}
# Dependents that belong to a speaker phrase; prepositional ones only with these prepositions
# ("le porte-parole du groupe", "le commissaire au marché intérieur"), so that
# "s'est défendu le groupe auprès de l'agence" keeps "le groupe" alone.
PHRASE_DEPS = {"det", "amod", "nummod", "nmod", "appos", "flat", "flat:name", "flat:foreign",
               "case", "fixed", "compound", "acl", "punct", "cc", "conj", "advmod"}
PHRASE_CASES = {"de", "d'", "d’", "du", "des", "à", "au", "aux", "chez"}
SUBJECTS = {"nsubj", "nsubj:pass", "expl:subj"}
SENTENCE_END = {".", "!", "?", "…", ";"}
PERSON_TYPES = {"PER"}
ORGANISATION_TYPES = {"ORG", "GOV", "MEDIA"}


@dataclass
class Salient:
    """A main-clause subject or a speaker outside quotes, resolved once: what pronouns and
    descriptions pick up."""
    position: int
    speaker: "Speaker"
    gender: str | None
    number: str | None
    type: str
    spoke: bool  # the subject of a speech verb (or its inverted subject)
    paragraph: int


@dataclass
class Speaker:
    text: str
    start: int
    end: int
    actor_id: str = ""
    name: str = ""
    how: str = "none"  # pronoun, anonymous, mention, spokesperson, role, description, none


class Lexicon:
    """Labels of cues.jsonl per token (SPOKESPERSON, ROLE, DESCRIPTION…), filled by the matcher."""

    def __init__(self):
        self.labels: dict[tuple[int, int], set[str]] = {}
        self.types: dict[tuple[int, int], set[str]] = {}

    def add(self, token: Token, label: str, types: list[str] | None) -> None:
        key = (id(token.doc), token.i)
        self.labels.setdefault(key, set()).add(label)
        if types:
            self.types.setdefault(key, set()).update(types)

    def has(self, token: Token, label: str) -> bool:
        return label in self.labels.get((id(token.doc), token.i), ())

    def types_of(self, token: Token) -> set[str]:
        return self.types.get((id(token.doc), token.i), set())


def is_pronoun(token: Token) -> bool:
    return pronoun_key(token) in PRONOUNS


def pronoun_key(token: Token) -> str:
    """"-t-il" and "-elle" (inversion clitics) read as il / elle."""
    return token.lower_.replace("-t-", "").lstrip("-")


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of a verb: its own, a relative's antecedent, or its governing verb's. Of two
    subjects the parser gives one verb ("…, 178 personnes auditionnées, …, le président de
    l'instance souligne que"), the one agreeing in number with the verb, nearest before it."""
    for child in _subjects_first(verb):
        if child.lower_ == "-t":  # "a-t-il": the parser may hang "-il" under "-t"
            child = next((c for c in child.children if is_pronoun(c)), None) or (
                verb.doc[child.i + 1] if child.i + 1 < len(verb.doc) and is_pronoun(verb.doc[child.i + 1]) else child)
            if child.lower_ == "-t":
                continue
            return child
        if child.dep_ in SUBJECTS:
            if child.lower_ in RELATIVES:
                antecedent = _antecedent(child)  # "X, qui a assuré que…": X, whatever the parse
                if antecedent is not None:
                    return antecedent
            if child.lower_ in RELATIVES and verb.dep_.startswith("acl"):
                return verb.head  # "un porte-parole du groupe, qui estime que…"
            if child.dep_ == "expl:subj" and not is_pronoun(child):
                continue  # impersonal "il faut"
            return child
    if _present_participle(verb) and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        root = verb.sent.root  # "X a minimisé l'impact, assurant que…": X assures
        return subject_of(root, depth + 1) if root.i != verb.i and depth < 3 else None
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "parataxis") and verb.head.i != verb.i:
        if verb.dep_ == "advcl" and not ({"Part", "Inf"} & set(verb.morph.get("VerbForm"))):
            return None  # only a participle or an infinitive ("…, avant de préciser que", "pour
            # expliquer que") shares its governor's subject
        return subject_of(verb.head, depth + 1)
    return None


def _subjects_first(verb: Token) -> list[Token]:
    """The verb's children, its subjects reordered when the parser gave it several: the ones
    agreeing in number with the verb (or its auxiliary) first, the nearest before it first."""
    children = list(verb.children)
    # "Cédric O, avait lui-même reconnu": the emphatic pronoun is no subject of its own
    emphatic = [c for c in children if c.dep_ in SUBJECTS and c.lower_.endswith(("-même", "-mêmes"))]
    subjects = [c for c in children if c.dep_ in ("nsubj", "nsubj:pass") and c.i < verb.i
                and c.lower_ not in RELATIVES and c not in emphatic]
    if len(subjects) < 2:
        return [c for c in children if c not in emphatic] if subjects and emphatic else children
    finite = next((t for t in [*(c for c in children if c.dep_.startswith("aux")), verb]
                   if "Fin" in t.morph.get("VerbForm")), None)
    number = finite.morph.get("Number") if finite is not None else []

    def rank(subject: Token) -> tuple[int, int]:
        agrees = not number or not subject.morph.get("Number") or subject.morph.get("Number") == number
        return (0 if agrees else 1, verb.i - subject.i)

    best = min(subjects, key=rank)
    return [best] + [c for c in children if c.i != best.i and c not in subjects]


def _antecedent(relative: Token) -> Token | None:
    """The name or noun right before a relative pronoun (past one comma), by position."""
    i = relative.i - 1
    if i >= 0 and relative.doc[i].text == ",":
        i -= 1
    if i < 0 or relative.doc[i].pos_ not in ("PROPN", "NOUN"):
        return None
    token = relative.doc[i]
    while token.dep_ in ("flat:name", "flat") and token.head.i < token.i:
        token = token.head  # "Arthur Mensch": the name's first word heads it
    return token


def _present_participle(verb: Token) -> bool:
    return "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense")


def inverted_subject(verb: Token, lexicon: Lexicon) -> Token | None:
    """The subject after an inverted speech verb: "-t-il", or the first noun phrase not in a PP."""
    for token in _window(verb, -3, 2):
        if token.text.startswith("-") and is_pronoun(token):
            return token  # "a-t-il ajouté", "estime-t-elle", "se défend-il"
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubj:pass") and child.i > verb.i and not lexicon.has(child, "NOT_SPEAKER"):
            return child
    after = verb.doc[verb.i + 1] if verb.i + 1 < verb.sent.end else None
    if after is not None and after.ent_iob_ == "B" and after.ent_type_ in ("PER", "ORG", "GOV", "MEDIA") and \
            after.pos_ not in ("NOUN", "PROPN", "PRON"):
        return after  # "», a soupiré LQDN vendredi": a name the tagger read as a verb
    tagged = verb.pos_ in ("VERB", "AUX")  # else the parse around it is unreliable: go by position
    in_phrase = False
    for token in verb.doc[verb.i + 1: verb.sent.end]:
        if token.is_punct and token.text not in ",":
            return None
        if token.pos_ == "ADP" or token.lower_ in ("auprès", "lors"):
            in_phrase = True
            continue
        if token.pos_ not in ("NOUN", "PROPN", "PRON") or lexicon.has(token, "NOT_SPEAKER"):
            continue
        if token.lower_ in RELATIVES or (_in_prepositional_phrase(token, verb) if tagged else in_phrase):
            in_phrase = False
            continue
        return token
    for token in verb.doc[verb.i + 1: verb.sent.end]:  # "a déclaré à l'agence ANSA Guido Scorza"
        if token.text in SENTENCE_END:
            break
        if token.ent_type_ == "PER" and token.ent_iob_ == "B" and verb.doc[token.i - 1].pos_ != "ADP":
            return token
    return None


def _que_between(verb: Token, other: Token) -> bool:
    """"fait valoir que les changements…": a noun after que is the reported clause's, not the speaker."""
    return any(t.lower_ in ("que", "qu'", "qu’") for t in verb.doc[verb.i + 1: other.i])


def _window(token: Token, before: int, after: int):
    doc = token.doc
    return doc[max(0, token.i + before): min(len(doc), token.i + after + 1)]


def _in_prepositional_phrase(token: Token, stop: Token) -> bool:
    """Whether a token sits in a phrase opened by a preposition, below `stop`."""
    node = token
    if node.pos_ == "PROPN" and node.head.i == stop.i and node.i == stop.i + 1 and \
            not any(child.dep_ == "case" for child in node.children):
        return False  # "», a tancé LQDN vendredi": a bare name right after the verb, whatever its label
    for _ in range(6):
        if any(child.dep_ == "case" for child in node.children) or node.dep_ in ("obl", "obl:mod", "obl:arg", "iobj"):
            return True
        if node.dep_ == "appos" and node.left_edge.i > 0 and node.doc[node.left_edge.i - 1].text != ",":
            return False  # "auprès de l'AFP un porte-parole": no comma, a new phrase, not an apposition
        if node.head.i == node.i or node.head.i == stop.i:
            return False
        node = node.head
    return False


def phrase_tokens(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the words naming the speaker around its head."""
    keep = {head.i}

    def walk(node: Token, depth: int, participle: bool) -> None:
        for child in node.children:
            if depth > 8 or child.dep_ == "acl:relcl" or child.lower_ in RELATIVES:
                continue  # relative clauses describe, they do not name
            inner = participle
            if child.dep_ == "acl":
                if child.morph.get("VerbForm") and "Part" not in child.morph.get("VerbForm"):
                    continue  # "à développer", but "délégué" (no verb form) and participles stay
                inner = True  # "chargée de la souveraineté technologique" comes whole
            elif child.dep_ not in PHRASE_DEPS and not (participle and child.dep_.startswith("obl")):
                continue
            elif child.dep_ in ("nmod", "conj") and not participle and not _case_allowed(child):
                continue
            elif child.dep_ == "advmod" and child.i > head.i and not participle:
                continue  # "le groupe auprès de l'agence"
            keep.add(child.i)
            walk(child, depth + 1, inner)

    walk(head, 0, False)
    doc = head.doc
    name = _comma_apposition(head, max(keep))
    if name is not None:  # "Sa présidente, Marie-Laure Denis, a estimé": the parser made two subjects
        keep.update(t.i for t in name.subtree if t.i >= name.i)
    start = end = head.i
    while start - 1 in keep or (start - 2 in keep and doc[start - 1].is_punct):
        start -= 1
    while end + 1 in keep or (end + 2 in keep and doc[end + 1].is_punct and doc[end + 1].text != "."):
        end += 1
    while end > start and (doc[end].is_punct or doc[end].pos_ in ("ADP", "CCONJ", "DET")):
        end -= 1  # no dangling comma or preposition
    while start < end and (doc[start].is_punct or doc[start].pos_ == "ADP" or doc[start].dep_ == "fixed"):
        start += 1  # "selon certaines sources", "d'après le Wall Street Journal": the cue is no name
    return start, end + 1


def _comma_apposition(head: Token, last: int) -> Token | None:
    """A proper name right after the phrase and a comma, parsed as the head's sibling."""
    doc = head.doc
    if last + 2 >= len(doc) or doc[last + 1].text != "," or head.dep_ not in SUBJECTS | {"obj", "appos"}:
        return None
    name = doc[last + 2]
    proper = name.pos_ == "PROPN" or name.ent_type_ == "PER" or any(c.dep_ == "flat:name" for c in name.children)
    if proper and name.head.i == head.head.i and name.i > head.i:
        return name  # (the parser sometimes makes the name an oblique: "…, Reinette Klever, dans une lettre")
    return None


def _case_allowed(node: Token) -> bool:
    cases = [child.lower_ for child in node.children if child.dep_ == "case"]
    return not cases or cases[0] in PHRASE_CASES


class SpeakerResolver:
    """Resolves speaker phrases of one article against its mentions and its salient subjects."""

    def __init__(self, view, mentions: list[Mention], lexicon: Lexicon, quoted: list[tuple[int, int]],
                 actors: dict[str, Profile] | None = None):
        self.view = view
        self.index = MentionIndex(mentions)
        self.lexicon = lexicon
        self.quoted = sorted(quoted)  # [start, end) of direct quotes, mark to mark
        self.actors = actors or {}  # canonical name → gazetteer Profile (gender, role, affiliation)
        self.types = {m.actor_id: (m.type or m.label) for m in mentions if m.actor_id}
        self._breaks = [match.end() for match in LINE_BREAKS.finditer(view.text)]
        self.salient: list[Salient] = []
        self._salient_positions: list[int] = []
        self._genders: dict[str, str | None] | None = None
        self._build_salience()

    def paragraph_at(self, offset: int) -> int:
        """The paragraph number of a text offset (paragraphs are separated by line breaks)."""
        return bisect_right(self._breaks, offset)

    # --- salience ---------------------------------------------------------------------
    def _build_salience(self) -> None:
        """Main-clause subjects outside quotes, in order, each resolved once (pronouns too)."""
        for token in self.view.tokens:
            if self.view.is_speech(token) and not any(
                    c.dep_ in SUBJECTS and c.i < token.i for c in token.children):
                subject = inverted_subject(token, self.lexicon)  # "…, a déclaré sa porte-parole, X"
                if subject is not None and (subject.text.startswith("-") or (
                        subject.head.i == token.i and not _que_between(token, subject))):
                    self._add_salient(subject, spoke=True)
            if token.dep_ not in SUBJECTS or token.lower_ in RELATIVES:
                continue
            if any(child.dep_ == "mark" for child in token.head.children):
                continue  # the subject of a subordinate clause is not what a pronoun picks up
            if token.dep_ == "expl:subj" and not is_pronoun(token):
                continue
            verb = token.head
            if not (verb.dep_ in ("ROOT", "conj", "parataxis") or self.view.is_speech(verb)):
                continue
            self._add_salient(token, spoke=self.view.is_speech(verb))

    def _add_salient(self, token: Token, spoke: bool = False) -> None:
        position = self.view.offset(token)
        if self.inside_quote(position) or position in self._salient_positions:
            return
        speaker = self.resolve(token)
        if speaker.actor_id:
            gender, number = self._agreement(token)
            gender = gender or self.gender_of(speaker.actor_id, speaker.name, speaker.start)
            entry = Salient(position, speaker, gender, number, self.types.get(speaker.actor_id, ""), spoke,
                            self.paragraph_at(position))
            index = bisect_right(self._salient_positions, position)
            self.salient.insert(index, entry)
            self._salient_positions.insert(index, position)

    def note_speaker(self, position: int, speaker: "Speaker") -> None:
        """A resolved speaker of a speech verb at `position`, salient for the pronouns after it."""
        if not speaker.actor_id or position in self._salient_positions or self.inside_quote(position):
            return
        kind = self.types.get(speaker.actor_id, "")
        entry = Salient(position, speaker, self.gender_of(speaker.actor_id, speaker.name, speaker.start),
                        "Sing" if kind in PERSON_TYPES else None, kind, True, self.paragraph_at(position))
        index = bisect_right(self._salient_positions, position)
        self.salient.insert(index, entry)
        self._salient_positions.insert(index, position)

    def gender_of(self, actor_id: str, name: str, start: int | None = None) -> str | None:
        """Masc / Fem of an actor: the gazetteer's gender, else for a person what the article
        says of it (`_person_genders`); None when unknown, which agrees with il and elle."""
        profile = self.actors.get(name)
        known = profile.gender if profile else None
        if known in ("m", "f"):
            return "Masc" if known == "m" else "Fem"
        if self.types.get(actor_id) != "PER":
            return None
        if self._genders is None:
            self._genders = self._person_genders()
        return self._genders.get(actor_id)

    def _person_genders(self) -> dict[str, str | None]:
        """The gender of each person of the article outside the gazetteer, from its mentions:
        a title or role word agreeing with the name ("Mme X", "la sénatrice X", "X, directrice
        générale de …", "la rapporteure, X") beats the first name (FEMININE_FIRST_NAME /
        MASCULINE_FIRST_NAME of cues: a list of first names, not a guess from the spelling);
        evidence of both genders, or none, leaves it unknown."""
        titles: dict[str, set[str]] = {}
        names: dict[str, set[str]] = {}
        for mention in self.index.mentions:
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

    def salient_before(self, position: int, types: set[str] | None = None, paragraphs: int = 1,
                       gender: str | None = None, spoke: bool = False,
                       number: str | None = None) -> Salient | None:
        """The latest salient subject or speaker before `position`, of these types, at most
        `paragraphs` paragraphs back, agreeing in gender and number when they are asked."""
        here = self.paragraph_at(position)
        for index in range(bisect_right(self._salient_positions, position - 1) - 1, -1, -1):
            entry = self.salient[index]
            if here - entry.paragraph > paragraphs:
                return None
            if entry.position >= position or (types is not None and entry.type not in types):
                continue
            if (gender is not None and entry.gender not in (None, gender)) or (spoke and not entry.spoke):
                continue
            if number is not None and entry.number not in (None, number):
                continue  # "Les services de la Commission reprochent …" is no antecedent of "elle"
            return entry
        return None

    def _agreement(self, token: Token) -> tuple[str | None, str | None]:
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

    def inside_quote(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.quoted)

    # --- resolution -------------------------------------------------------------------
    def resolve(self, head: Token, verb: Token | None = None) -> Speaker:
        """The speaker named by the phrase around `head` (see the module docstring for the order)."""
        start_i, end_i = phrase_tokens(head)
        if verb is not None and verb.doc is head.doc and start_i <= verb.i < head.i:
            start_i = verb.i + 1  # inverted subject: a mis-tagged verb is no part of the name
        if is_pronoun(head):
            start_i, end_i = head.i, head.i + 1
        doc = head.doc
        start = self.view.offset(doc[start_i])
        end = self.view.offset(doc[end_i - 1]) + len(doc[end_i - 1])
        named = self.index.covering(self.view.offset(head), self.view.end(head))
        if named is not None and start <= named.start and end < named.end and not is_pronoun(head):
            end = named.end  # "Bastien Le Querrec": the parse left part of the name out of the phrase
        text = self.view.text[start:end]
        speaker = Speaker(text.lstrip("-") if is_pronoun(head) else text,
                          start + (1 if is_pronoun(head) and text.startswith("-") else 0), end)
        if is_pronoun(head):
            return self._pronoun(head, speaker)
        if self._anonymous(head, start, end):
            speaker.how = "anonymous"
            return speaker
        for step in (self._covering, self._attached, self._spokesperson, self._role,
                     self._description, self._any_within):
            found = step(head, start, end)
            if found is not None:
                mention, how = found
                if mention is not None:  # None: the phrase names someone unknown, no guess
                    speaker.actor_id, speaker.name = mention.actor_id, mention.name or mention.text
                speaker.how = how
                return speaker
        return speaker

    def _pronoun(self, head: Token, speaker: Speaker) -> Speaker:
        """A personal pronoun speaker: the most recent compatible candidate, in this order —
        the latest speaker (of a speech verb) in this or the previous paragraph that agrees in
        gender; the latest person subject or speaker; the latest person mention; an
        organisation only when no person is at hand in the last two paragraphs, or for ils / elles."""
        gender, number = PRONOUNS[pronoun_key(head)]
        position = self.view.offset(head)  # "-t-il" starts at its hyphen: never its own antecedent
        if number == "Sing":
            found = (self.salient_before(position, None, 1, gender, spoke=True, number=number)
                     or self.salient_before(position, PERSON_TYPES, 1, gender, number=number))
            local = self.salient_before(position, None, 0, gender, number=number)
            if local is not None and local.type not in PERSON_TYPES and (
                    found is None or found.paragraph < local.paragraph) and not self._person_named_here(position):
                found = local  # "(X a rappelé …)\n\nTikTok dispose … Le groupe compte … il assurait": the
                # paragraph's own topic, when it names no person, beats the speaker of the one before
            person = self._latest_person(position, gender) if found is None else None
            if found is not None:
                speaker.actor_id, speaker.name = found.speaker.actor_id, found.speaker.name
            elif person is not None:
                speaker.actor_id, speaker.name = person.actor_id, person.name or person.text
            if speaker.actor_id:
                speaker.how = "pronoun"
                return speaker
        for entry in reversed(self.salient[:bisect_right(self._salient_positions, position - 1)]):
            if entry.gender not in (None, gender) or entry.number not in (None, number):
                continue
            speaker.actor_id, speaker.name, speaker.how = entry.speaker.actor_id, entry.speaker.name, "pronoun"
            return speaker
        return speaker

    def _person_named_here(self, position: int) -> bool:
        """Whether a person is named in the paragraph of `position`, before it, outside quotes."""
        here = self.paragraph_at(position)
        return any((m.type or m.label) in PERSON_TYPES and m.actor_id and m.end <= position
                   and self.paragraph_at(m.start) == here and not self.inside_quote(m.start)
                   for m in self.index.mentions)

    def _latest_person(self, position: int, gender: str | None) -> Mention | None:
        """The person named last before `position` (outside quotes) that agrees in gender,
        within the last two paragraphs; in the sentence that names it, a subject or an agent
        beats a name in a complement ("préparée par Joel Kaplan, … en remplacement du Britannique
        Nick Clegg. Il a fait valoir" → Joel Kaplan)."""
        here = self.paragraph_at(position)
        found: list[Mention] = []
        for mention in reversed(self.index.mentions):
            if mention.end > position or not mention.actor_id or self.inside_quote(mention.start):
                continue
            if here - self.paragraph_at(mention.start) > 1:
                break
            if (mention.type or mention.label) in PERSON_TYPES and \
                    self.gender_of(mention.actor_id, mention.name or mention.text, mention.start) in (None, gender):
                token = self.view.token_at(mention.start)
                if found and (token is None or self.view.token_at(found[0].start) is None
                              or token.sent != self.view.token_at(found[0].start).sent):
                    break
                found.append(mention)
        if not found:
            return None
        return min(found, key=lambda m: (self._complement_rank(m), -m.start))

    def _complement_rank(self, mention: Mention) -> int:
        """0 for a subject or an agent ("par X"), 1 otherwise, 2 for a name in a "de" complement."""
        token = self.view.token_at(mention.start)
        if token is None:
            return 1
        while token.dep_ in ("flat:name", "flat", "appos") and token.head.i != token.i and token.head.pos_ == "PROPN":
            token = token.head
        if token.dep_ in SUBJECTS or token.dep_ == "obl:agent":
            return 0
        if token.dep_ == "nmod" or any(c.dep_ == "case" and c.lower_ in PHRASE_CASES for c in token.children):
            return 2
        return 1

    def _anonymous(self, head: Token, start: int, end: int) -> bool:
        """Unnamed sources: "certaines sources", "plusieurs analystes", "nos informations"."""
        if head.pos_ == "PROPN" or self._attached(head, start, end) is not None:
            return False
        if self.index.covering(self.view.offset(head), self.view.offset(head) + len(head)):
            return False
        if _possessive(head):
            return False  # "ses proches", "son entourage": someone's
        if self.lexicon.has(head, "ANONYMOUS"):
            return True
        plural = "Plur" in head.morph.get("Number")
        determiners = [child.lower_ for child in head.children if child.dep_ == "det"]
        described = any(self.lexicon.has(head, label) for label in ("DESCRIPTION", "ROLE", "SPOKESPERSON"))
        return head.pos_ == "NOUN" and plural and not described and any(
            d in INDEFINITE_PLURAL for d in determiners)

    def _covering(self, head: Token, start: int, end: int):
        if self.lexicon.has(head, "SPOKESPERSON"):
            return None  # "le porte-parole" names whom it speaks for, below
        offset = self.view.offset(head)
        mention = self.index.covering(offset, offset + len(head))
        if mention is not None and mention.method == "anaphora" and any(
                self.lexicon.has(head, label) for label in ("ROLE", "DESCRIPTION")):
            return None  # "le groupe", "le milliardaire": the salience of the role and description steps
        return (mention, "mention") if mention is not None and mention.actor_id else None

    def _attached(self, head: Token, start: int, end: int):
        """A name in apposition to the head: "son président, Martin Ajdari", "l'agence Bloomberg"."""
        best = None
        for mention in self.index.within(start, end):
            if not mention.actor_id:
                continue
            token = self.view.token_at(mention.start)
            if token is None or token.doc is not head.doc or token.i == head.i:
                continue
            comma = token.i > 0 and token.doc[token.i - 1].text == ","
            if _in_prepositional_phrase_below(token, head) and not (comma and mention.type == "PER"):
                continue  # "le groupe de Mark Zuckerberg"; but "le PDG de Huawei, Ren Zhengfei"
            if best is None or (mention.type == "PER" and best.type != "PER"):
                best = mention
        return (best, "mention") if best is not None else None

    def _spokesperson(self, head: Token, start: int, end: int):
        """An unnamed spokesperson or a document speaks for whoever its complement names; without
        one, "son entourage" / "ses proches" are the person the possessive refers to (the latest
        person subject or speaker), "un porte-parole" the organisation last the topic (the latest
        ORG / GOV subject or speaker of this or the previous paragraph)."""
        close = self.lexicon.has(head, "ANONYMOUS") and head.lemma_.lower() == "proche"
        if not (self.lexicon.has(head, "SPOKESPERSON") or (close and _possessive(head))):
            return None
        for child in head.children:
            if child.dep_ == "nmod" and child.i > head.i:
                inner = self.resolve(child)
                if inner.actor_id:
                    return _AsMention(inner), "spokesperson"
                return None
        for agent in _agents(head):  # "un communiqué publié jeudi par le gendarme du numérique"
            inner = self.resolve(agent)
            if inner.actor_id:
                return _AsMention(inner), "spokesperson"
            return None
        if head.lemma_.lower() in ("entourage", "proche") and _possessive(head):
            found = self.salient_before(start, PERSON_TYPES)
        elif _possessive(head):
            found = self.salient_before(start)
        else:
            topic = self._sentence_topic(head, start)
            if topic is not None:  # "Le groupe, qui emploie …, compte …, selon un porte-parole"
                return topic, "spokesperson"
            found = self.salient_before(start, ORGANISATION_TYPES)
        return (_AsMention(found.speaker), "spokesperson") if found is not None else None

    def _sentence_topic(self, head: Token, start: int) -> Mention | None:
        """The organisation a sentence opens with, before an unnamed spokesperson later in it."""
        first = head.sent[0]
        while first.i < head.i and (first.is_punct or first.pos_ == "DET"):
            first = head.doc[first.i + 1]
        if first.i >= head.i:
            return None
        mention = self.index.covering(self.view.offset(first), self.view.end(first))
        if mention is None or not mention.actor_id or mention.end > start or \
                (mention.type or mention.label) not in ORGANISATION_TYPES:
            return None
        return mention

    def _role(self, head: Token, start: int, end: int):
        """A role names only someone the article (or the gazetteer) gives that role, first that
        applies: a person named right after it ("la vice-présidente …, Henna Virkkunen"); for
        "le patron de X", the person named before whose gazetteer affiliation is X (else the
        actor stage's reading, else none); the actor stage's reading (it checks the role, the
        nationality, the gender); the latest person named with that gazetteer role or introduced
        with the role word. A complement ("le ministre de l'Économie") must be said of that
        person too. Otherwise the phrase keeps its words and no actor: a nearby person who was
        never given the role is not guessed."""
        if not (self.lexicon.has(head, "ROLE") or (_demonym(head) and not self.lexicon.labels.get(
                (id(head.doc), head.i)))):
            return None
        anaphor = self._anaphor(head)
        if anaphor is not None and (anaphor.type or anaphor.label) not in PERSON_TYPES:
            return None  # "le juge des référés" read as the court: a description, below
        named = _named_after(head, self.index, self.view)
        if named is not None:  # "la vice-présidente de la Commission chargée de …, Henna Virkkunen"
            return named, "role"
        employer = self._employer(head)
        if employer:
            return self._affiliated(employer, start) or anaphor, "role"
        role = {fold(head.lemma_), fold(head.text)}  # "présidente": the lemma may be "président"
        portfolio = self._portfolio(head)
        if anaphor is not None and self._said_of(anaphor, portfolio, start) and (
                self._is_salient(anaphor.actor_id, start) or self._holds(anaphor, role)
                or self._introduced_as(anaphor, role, start)):
            return anaphor, "role"
        found = self._introduced(role, start, portfolio)
        if found is None and self.lexicon.has(head, "EPITHET") and "Plur" not in head.morph.get("Number"):
            found = self._epithet(head, start, anaphor)  # "le milliardaire", "la responsable espagnole"
        return found, "role"

    def _epithet(self, head: Token, start: int, anaphor: Mention | None):
        """A word that describes rather than names an office (EPITHET of cues: "le milliardaire",
        "la responsable") is the person who last spoke or acted in this or the previous
        paragraph, agreeing in gender; with an adjective ("la responsable espagnole") only when
        the actor stage, which checks nationality, read the same person."""
        determiners = [c.lower_ for c in head.children if c.dep_ == "det"]
        gender = "Fem" if "la" in determiners else "Masc" if "le" in determiners else None
        salient = self.salient_before(start, PERSON_TYPES, gender=gender)
        if any(child.dep_ == "amod" for child in head.children):
            if anaphor is None or (salient is not None and anaphor.actor_id != salient.speaker.actor_id):
                return None
            return anaphor
        return _AsMention(salient.speaker) if salient is not None else anaphor

    def _portfolio(self, head: Token) -> set[str]:
        """The field a role names after it, folded ("le ministre de l'Économie" → économie;
        "la commissaire au Numérique" → numérique): nouns of its complement that name no actor."""
        words = set()
        for token in head.doc[head.i + 1: head.sent.end]:
            if token.is_punct or token.pos_ in ("VERB", "AUX") or token.lower_ in RELATIVES:
                break
            if not any(a.i == head.i for a in token.ancestors):
                break
            if token.pos_ in ("NOUN", "PROPN") and not self.lexicon.has(token, "ROLE"):
                if self.index.covering(self.view.offset(token), self.view.end(token)) is None:
                    words.add(fold(token.text))
        return words

    def _said_of(self, mention, portfolio: set[str], start: int) -> bool:
        """Whether a person's role field is said in its gazetteer role or next to one of its
        mentions before `start` that names it (not a description resolved to it)."""
        if not portfolio:
            return True
        profile = self.actors.get(mention.name)
        if profile is not None and portfolio & words_of(profile.role or ""):
            return True
        for other in self.index.mentions:
            if other.actor_id != mention.actor_id or other.method == "anaphora" or other.start >= start:
                continue
            token = self.view.token_at(other.start)
            if token is not None and portfolio & {fold(t.text) for t in _window(token, -8, 10)
                                                  if t.sent.start == token.sent.start}:
                return True
        return False

    def _introduced(self, role: set[str], start: int, portfolio: set[str] = frozenset()) -> Mention | None:
        """The latest person before `start` with that role: in the gazetteer, or in the words
        right around the name ("son PDG, Shou Zi Chew", "Henna Virkkunen, la commissaire"),
        with the role's field when it names one."""
        for mention in reversed(self.index.mentions):
            if mention.end > start or mention.type not in PERSON_TYPES or not mention.actor_id:
                continue
            if (self._holds(mention, role) or self._introduced_as(mention, role, start)) and \
                    self._said_of(mention, portfolio, start):
                return mention
        return None

    def _introduced_as(self, mention, role: set[str], start: int) -> bool:
        """Whether the role word stands right around a mention of that actor before `start`."""
        for other in self.index.mentions:
            if other.actor_id != mention.actor_id or other.start >= start or other.method == "anaphora":
                continue
            token = self.view.token_at(other.start)
            if token is not None and any({fold(t.lemma_), fold(t.text)} & role for t in _window(token, -4, 3)):
                return True
        return False

    def _holds(self, mention, role: set[str]) -> bool:
        """Whether the gazetteer gives the actor that role word ("pdg", "commissaire")."""
        profile = self.actors.get(mention.name)
        return bool(profile is not None and role & words_of(profile.role or ""))

    def _anaphor(self, head: Token) -> Mention | None:
        """The actor the actor stage read behind a description or a role ("le groupe")."""
        offset = self.view.offset(head)
        mention = self.index.covering(offset, offset + len(head))
        return mention if mention is not None and mention.actor_id and mention.method == "anaphora" else None

    def _is_salient(self, actor_id: str, position: int) -> bool:
        """Whether the actor was a subject or a speaker in this or the previous paragraph."""
        here = self.paragraph_at(position)
        return any(entry.speaker.actor_id == actor_id and here - entry.paragraph <= 1 and entry.position < position
                   for entry in self.salient)

    def _employer(self, head: Token) -> str:
        """The organisation a role names with "de" ("le patron d'Apple", "le PDG de Meta")."""
        for child in head.children:
            if child.dep_ == "nmod" and child.i > head.i and _case_allowed(child):
                offset = self.view.offset(child)
                mention = self.index.covering(offset, offset + len(child))
                if mention is not None and mention.actor_id and (mention.type or mention.label) != "PER":
                    return mention.name or mention.text
        return ""

    def _affiliated(self, employer: str, position: int):
        """The latest person named before `position` whose gazetteer affiliation is `employer`."""
        for mention in reversed(self.index.mentions):
            if mention.end <= position and mention.actor_id and \
                    getattr(self.actors.get(mention.name), "affiliation", None) == employer:
                return mention
        return None

    def _description(self, head: Token, start: int, end: int):
        """"le groupe" → the actor last introduced as a groupe; else the actor stage's reading,
        which checks type, kind and nationality, prefers a subject to a name in a complement
        ("Meta, maison mère de Facebook et d'Instagram … le groupe" → Meta) and takes no actor
        when the article last used the noun for something else ("une commission d'enquête …
        la commission"); else for "le groupe de X" the company a person X is affiliated to.
        Otherwise no actor: the nearest subject of a compatible type is no guess."""
        types = self.lexicon.types_of(head)
        if not self.lexicon.has(head, "DESCRIPTION") or ("Plur" in head.morph.get("Number") and "GOV" not in types):
            return None  # "les champions chinois" names no one actor; "les juges" speak for a court
        types = self.lexicon.types_of(head)
        lemma = head.lemma_.lower()
        for mention in reversed(self.index.mentions):
            if mention.end > start or not mention.actor_id:
                continue
            token = self.view.token_at(mention.start)
            if token is None:
                continue
            nearby = _window(token, -3, 0)
            if any(t.lemma_.lower() == lemma for t in nearby) and (mention.type or "ORG") in types:
                return mention, "description"
        anaphor = self._anaphor(head)
        if anaphor is None:  # "le groupe de Mark Zuckerberg": the person's gazetteer affiliation
            anaphor = self._owned_by(head, types)
        return anaphor, "description"

    def _owned_by(self, head: Token, types: set[str]) -> Mention | None:
        """The actor of the description's types that a person named in its "de" complement is
        affiliated to in the gazetteer, when the article names it ("le groupe de Mark
        Zuckerberg" → Meta)."""
        for child in head.children:
            if child.dep_ != "nmod" or child.i < head.i or not _case_allowed(child):
                continue
            person = self.index.covering(self.view.offset(child), self.view.end(child))
            if person is None or (person.type or person.label) not in PERSON_TYPES:
                continue
            profile = self.actors.get(person.name)
            if profile is None or not profile.affiliation:
                continue
            for mention in self.index.mentions:
                if mention.name == profile.affiliation and (mention.type or mention.label) in types:
                    return mention
        return None

    def _any_within(self, head: Token, start: int, end: int):
        for mention in self.index.within(start, end):
            if mention.actor_id and mention.type != "LOC":
                return mention, "mention"
        return None

    def _latest(self, position: int, types: set[str]) -> Mention | None:
        """The last mention of these types before `position`, outside direct quotes."""
        for mention in reversed(self.index.mentions):
            if mention.end <= position and mention.actor_id and (mention.type or mention.label) in types \
                    and not self.inside_quote(mention.start):
                return mention
        return None


class _AsMention:
    """A resolved inner speaker seen as a mention (spokesperson of a description)."""

    def __init__(self, speaker: Speaker):
        self.actor_id, self.name, self.text, self.type = speaker.actor_id, speaker.name, speaker.text, ""


def _in_prepositional_phrase_below(token: Token, head: Token) -> bool:
    """Whether a mention hangs under the head through a preposition ("le groupe de Mark Zuckerberg")."""
    node = token
    for _ in range(8):
        if node.i == head.i:
            return False
        if any(child.dep_ == "case" for child in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return True


def _named_after(head: Token, index: MentionIndex, view) -> Mention | None:
    """A person named after a comma and hung on the role itself ("le PDG de X, Y"), which the
    phrase leaves out when a complement comes between."""
    for token in head.doc[head.i + 1: head.sent.end]:
        if token.head.i == head.i and token.dep_ in ("conj", "appos") and token.i > 0 and \
                head.doc[token.i - 1].text == ",":
            mention = index.covering(view.offset(token), view.end(token))
            if mention is not None and mention.actor_id and (mention.type or mention.label) in PERSON_TYPES:
                return mention
    return None


def _agents(head: Token) -> list[Token]:
    """The agent of a participle describing a document ("un communiqué publié par X") → [X]."""
    return [agent for participle in head.children if participle.dep_ == "acl" and participle.i > head.i
            and "Part" in participle.morph.get("VerbForm")
            for agent in participle.children if agent.dep_ == "obl:agent"]


def _possessive(head: Token) -> bool:
    """"son entourage", "ses proches", "sa porte-parole": a possessive determiner."""
    return any(child.dep_ == "det" and "Yes" in child.morph.get("Poss") for child in head.children)


def _demonym(head: Token) -> bool:
    """"la Danoise", "le Français": a capitalised common noun after an article names a person."""
    return head.pos_ == "NOUN" and head.text[:1].isupper() and head.i > 0 and \
        head.doc[head.i - 1].pos_ == "DET" and head.doc[head.i - 1].i != head.sent.start - 1
