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
   "Ce dernier", "cette dernière", "celui-ci", "celle-ci" → the actor named last in this or the
   previous sentence, agreeing in gender (for celui-ci / celle-ci a person whose gender is known
   first: "l'avocate X, présidente de l'association Y. « … », a déclaré celle-ci" → X);
2. an anonymous source ("certaines sources", "plusieurs analystes", "nos informations") →
   the words only, no actor;
3. a mention covering the head ("l'AFP", "Thierry Breton", the actor stage's "le groupe");
4. a mention attached to the head without a preposition ("son président, Martin Ajdari",
   "l'agence Bloomberg", "Mme De Bleeker"), a person first; of coordinated speakers ("Mme X
   et M. Y") the first; an affiliation in parentheses after a name ("X (Arcom)") is not it;
5. a spokesperson or document of someone ("un porte-parole de TikTok", "une dépêche de
   l'agence", "un communiqué publié par l'autorité") → whoever its `de` complement or its
   agent names (an unnamed spokesperson is the organisation);
   a complement in "à" naming a medium is whom it spoke to ("un porte-parole à Keystone");
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
   the role keeps its words and no actor: a nearby person never given the role is no guess.
   A role with a field in a lead ("Le commissaire européen à la démocratie affirme que") names
   the one person the article introduces later with that role and field, or the one person
   named with another role word and the whole field ("la patronne des Postes et
   Télécommunications" after "X, ministre des Postes et Télécommunications"); a plural role
   ("deux ministres") names no one;
7. a description ("le groupe", "l'association") → the actor last introduced with that noun
   ("le groupe chinois ByteDance"); the actor stage's reading (type, kind, nationality, the
   subject of its clause before a name in a complement, nothing when the article last used
   the noun for a thing that is no actor); for "le groupe de X", the company the person X is
   affiliated to; otherwise the words and no actor;
8. any other mention inside the phrase.
Salience (`Salient`): main-clause subjects and the subjects of speech verbs outside quotes,
in order, each resolved once (`salience`). "Nous" and "je" (a quote's own voice) name no actor.

Otherwise the speaker keeps its words and no actor: nothing is guessed.
"""

from __future__ import annotations


from __future__ import annotations

from spacy.tokens import Token

from pipeline.actors.link import MentionIndex
from pipeline.actors.names import TITLES
from pipeline.actors.names import Profile
from pipeline.quotes.described import description_step, spokesperson_step
from pipeline.quotes.genders import PersonGenders, agreement
from pipeline.quotes.phrase import (INDEFINITE_PLURAL, ORGANISATION_TYPES, PERSON_TYPES, PHRASE_CASES, PRONOUNS, RELATIVES, SUBJECTS,
                                    Lexicon, in_prepositional_phrase_below, inverted_subject, is_pronoun, latter,
                                    phrase_tokens, possessive, pronoun_key, que_between)
from pipeline.quotes.roles import role_step
from pipeline.quotes.salience import Layout, Salience, Speaker
from pipeline.records import Mention


def salient_subjects(view, lexicon: Lexicon):
    """(token, spoke) for each main-clause subject and each inverted subject of a speech verb,
    in text order: what pronouns and descriptions may pick up."""
    for token in view.tokens:
        if view.is_speech(token) and not any(c.dep_ in SUBJECTS and c.i < token.i for c in token.children):
            subject = inverted_subject(token, lexicon)  # "…, a déclaré sa porte-parole, X"
            if subject is not None and (subject.text.startswith("-") or (
                    subject.head.i == token.i and not que_between(token, subject))):
                yield subject, True
        if token.dep_ not in SUBJECTS or token.lower_ in RELATIVES:
            continue
        if any(child.dep_ == "mark" for child in token.head.children):
            continue  # the subject of a subordinate clause is not what a pronoun picks up
        if token.dep_ == "expl:subj" and not is_pronoun(token):
            continue
        verb = token.head
        if not (verb.dep_ in ("ROOT", "conj", "parataxis") or view.is_speech(verb)):
            continue
        yield token, view.is_speech(verb)


class SpeakerResolver:
    """Resolves speaker phrases of one article against its mentions and its salient subjects."""

    def __init__(self, view, mentions: list[Mention], lexicon: Lexicon, quoted: list[tuple[int, int]],
                 actors: dict[str, Profile] | None = None):
        self.view = view
        self.index = MentionIndex(mentions)
        self.lexicon = lexicon
        self.actors = actors or {}  # canonical name → gazetteer Profile (gender, role, affiliation)
        self.types = {m.actor_id: (m.type or m.label) for m in mentions if m.actor_id}
        self.layout = Layout(view.text, quoted)
        self.genders = PersonGenders(view, self.index.mentions, lexicon, self.actors, self.types)
        self.salience = Salience(self.layout)
        for token, spoke in salient_subjects(view, lexicon):
            self._add_salient(token, spoke)

    def _add_salient(self, token: Token, spoke: bool) -> None:
        """A subject resolved once, in text order, so that a pronoun subject reads the ones before it."""
        position = self.view.offset(token)
        if self.salience.known(position):
            return
        speaker = self.resolve(token)
        if speaker.actor_id:
            gender, number = agreement(token)
            gender = gender or self.genders.gender_of(speaker.actor_id, speaker.name)
            self.salience.add(position, speaker, gender, number, self.types.get(speaker.actor_id, ""), spoke)

    def note_speaker(self, position: int, speaker: Speaker) -> None:
        """A resolved speaker of a speech verb at `position`, salient for the pronouns after it."""
        kind = self.types.get(speaker.actor_id, "")
        self.salience.add(position, speaker, self.genders.gender_of(speaker.actor_id, speaker.name),
                          "Sing" if kind in PERSON_TYPES else None, kind, True)

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
        if latter(head):
            return self._latter(head, speaker)
        if self._anonymous(head, start, end):
            speaker.how = "anonymous"
            return speaker
        for step in STEPS:
            found = step(self, head, start, end)
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
        # an incise pronoun ("a-t-il ajouté") speaks the words before it: their subjects are not it
        reported = self.view.offset(head.sent[0]) if head.text.startswith("-") else None
        if number == "Sing":
            found = (self.salience.before(position, None, 1, gender, spoke=True, number=number)
                     or self.salience.before(position, PERSON_TYPES, 1, gender, number=number,
                                             reported_from=reported))
            local = self.salience.before(position, None, 0, gender, number=number, reported_from=reported)
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
        entry = self.salience.agreeing_before(position, gender, number, reported)
        if entry is not None:
            speaker.actor_id, speaker.name, speaker.how = entry.speaker.actor_id, entry.speaker.name, "pronoun"
        return speaker

    def _latter(self, head: Token, speaker: Speaker) -> Speaker:
        """"Ce dernier", "cette dernière": the actor named last before it, in this or the
        sentence before, agreeing in gender when the article tells it ("sous la pression du
        gouvernement américain. Ce dernier avait annoncé" → the United States)."""
        gender = "Fem" if head.lower_ in ("dernière", "celle-ci") else "Masc"
        sentences = {head.sent.start, head.doc[head.sent.start - 1].sent.start if head.sent.start else 0}
        candidates = []
        for mention in reversed(self.index.mentions):
            token = self.view.token_at(mention.start)
            if mention.end > speaker.start or token is None:
                continue
            if token.doc is not head.doc or token.sent.start not in sentences:
                break  # an earlier paragraph or sentence: nothing nearer is left
            if not mention.actor_id or self.layout.inside_quote(mention.start) or \
                    (mention.type or mention.label) not in PERSON_TYPES | ORGANISATION_TYPES:
                continue
            told = self.genders.gender_of(mention.actor_id, mention.name or mention.text)
            if told in (None, gender):
                candidates.append((mention, told))
        if head.lower_ in ("celui-ci", "celle-ci"):  # "l'avocate Zoé Vilain, présidente de l'association
            # X. « … », a déclaré celle-ci": a person of that gender before an actor of unknown gender
            candidates.sort(key=lambda pair: not (pair[1] == gender and (pair[0].type or pair[0].label) in PERSON_TYPES))
        if candidates:
            mention = candidates[0][0]
            speaker.actor_id, speaker.name, speaker.how = mention.actor_id, mention.name or mention.text, "pronoun"
        return speaker

    def _person_named_here(self, position: int) -> bool:
        """Whether a person is named in the paragraph of `position`, before it, outside quotes."""
        here = self.layout.paragraph_at(position)
        return any((m.type or m.label) in PERSON_TYPES and m.actor_id and m.end <= position
                   and self.layout.paragraph_at(m.start) == here and not self.layout.inside_quote(m.start)
                   for m in self.index.mentions)

    def _latest_person(self, position: int, gender: str | None) -> Mention | None:
        """The person named last before `position` (outside quotes) that agrees in gender,
        within the last two paragraphs; in the sentence that names it, a subject or an agent
        beats a name in a complement ("préparée par Joel Kaplan, … en remplacement du Britannique
        Nick Clegg. Il a fait valoir" → Joel Kaplan)."""
        here = self.layout.paragraph_at(position)
        found: list[Mention] = []
        for mention in reversed(self.index.mentions):
            if mention.end > position or not mention.actor_id or self.layout.inside_quote(mention.start):
                continue
            if here - self.layout.paragraph_at(mention.start) > 1:
                break
            if (mention.type or mention.label) in PERSON_TYPES and \
                    self.genders.gender_of(mention.actor_id, mention.name or mention.text) in (None, gender):
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
        if head.pos_ == "PROPN" or attached(self, head, start, end) is not None:
            return False
        if self.index.covering(self.view.offset(head), self.view.offset(head) + len(head)):
            return False
        if possessive(head):
            return False  # "ses proches", "son entourage": someone's
        if self.lexicon.has(head, "ANONYMOUS"):
            return True
        plural = "Plur" in head.morph.get("Number")
        determiners = [child.lower_ for child in head.children if child.dep_ == "det"]
        described = any(self.lexicon.has(head, label) for label in ("DESCRIPTION", "ROLE", "SPOKESPERSON"))
        return head.pos_ == "NOUN" and plural and not described and any(
            d in INDEFINITE_PLURAL for d in determiners)


def covering(r: SpeakerResolver, head: Token, start: int, end: int):
    if r.lexicon.has(head, "SPOKESPERSON"):
        return None  # "le porte-parole" names whom it speaks for, below
    offset = r.view.offset(head)
    mention = r.index.covering(offset, offset + len(head))
    if mention is not None and mention.method == "anaphora" and any(
            r.lexicon.has(head, label) for label in ("ROLE", "DESCRIPTION")):
        return None  # "le groupe", "le milliardaire": the salience of the role and description steps
    if mention is None or not mention.actor_id:
        return None
    return short_name_after(r, head, mention), "mention"


def short_name_after(r: SpeakerResolver, head: Token, mention: Mention) -> Mention:
    """The organisation's short name in parentheses closing the phrase ("l'Autorité de régulation
    des télécommunications de la Côte d'Ivoire (ARTCI)") when the mention on the head stops before
    the word ahead of the parenthesis: the actor stage cut the long name short ("… de")."""
    doc = head.doc
    opening = max((t.i for t in doc[head.i: head.right_edge.i + 1] if t.text == "("), default=None)
    if opening is None or opening + 2 >= len(doc) or doc[opening + 2].text != ")" or \
            mention.end >= r.view.end(doc[opening - 1]):
        return mention
    short = r.index.covering(r.view.offset(doc[opening + 1]), r.view.end(doc[opening + 1]))
    if short is None or not short.actor_id or (short.type or short.label) not in ORGANISATION_TYPES:
        return mention
    return short


def attached(r: SpeakerResolver, head: Token, start: int, end: int):
    """A name in apposition to the head: "son président, Martin Ajdari", "l'agence Bloomberg"."""
    best = None
    for mention in r.index.within(start, end):
        if not mention.actor_id:
            continue
        token = r.view.token_at(mention.start)
        if token is None or token.doc is not head.doc or token.i == head.i:
            continue
        if coordinated_below(token, head):
            continue  # "Mme De Bleeker et M. Michel": the first of coordinated speakers speaks
        if token.i > 0 and token.doc[token.i - 1].text == "(" and token.head.i != head.i and token.head.pos_ == "PROPN":
            continue  # "les vœux de Roch-Olivier Maistre (Arcom)": the name's affiliation, not the speaker
        titled = head.lower_ in TITLES and mention.start == r.view.end(head) + 1  # "Mme De Bleeker"
        comma = token.i > 0 and token.doc[token.i - 1].text == ","
        # a role's holder named after its field: "le ministre du Patrimoine Pablo Rodriguez"
        holder = r.lexicon.has(head, "ROLE") and not any(c.dep_ == "case" for c in token.children)
        if in_prepositional_phrase_below(token, head) and not ((comma or holder or titled) and mention.type == "PER"):
            continue  # "le groupe de Mark Zuckerberg"; but "le PDG de Huawei, Ren Zhengfei"
        if best is None or (mention.type == "PER" and best.type != "PER"):
            best = mention
    return (best, "mention") if best is not None else None


def coordinated_below(token: Token, head: Token) -> bool:
    """Whether a token hangs under the head through a coordination ("X et Y": Y), not an
    apposition the parser read as one ("Son président, le médecin X")."""
    node = token
    for _ in range(8):
        if node.i == head.i or node.head.i == node.i:
            return False
        if node.dep_ == "conj" and any(child.dep_ == "cc" for child in node.children):
            return True
        node = node.head
    return False


def any_within(r: SpeakerResolver, head: Token, start: int, end: int):
    for mention in r.index.within(start, end):
        if mention.actor_id and mention.type != "LOC":
            return mention, "mention"
    return None



# The rule order of the module docstring, steps 3 to 8: the first that applies wins.
STEPS = (covering, attached, spokesperson_step, role_step, description_step, any_within)
