"""Who a speaker phrase names: the words of the article, then the canonical actor behind them.

`speaker_head` finds the phrase naming who speaks for a speech verb; `SpeakerResolver.resolve`
turns its head token into a `Speaker`, in this fixed order (first that applies wins):

1. a personal pronoun (il, elle, -t-il, lui) → the latest salient subject before it that
   agrees in gender and number (main-clause subjects and speakers outside quotes), else the
   last person named before it;
2. an anonymous source ("certaines sources", "plusieurs analystes", "nos informations") →
   the words only, no actor;
3. a mention covering the head ("l'AFP", "Thierry Breton", the actor stage's "le groupe");
4. a mention attached to the head without a preposition ("son président, Martin Ajdari",
   "l'agence Bloomberg"), a person first;
5. a spokesperson or document of someone ("un porte-parole de TikTok", "une dépêche de
   l'agence") → whoever its `de` complement names (an unnamed spokesperson is the organisation);
6. a role ("le ministre", "la présidente de la CNIL") → the person last introduced with that
   role, else the last person named before;
7. a description ("le groupe", "l'association", "la banque publique") → the actor last
   introduced with that noun ("le groupe chinois ByteDance"), else the last actor of the
   description's types;
8. any other mention inside the phrase.

Otherwise the speaker keeps its words and no actor: nothing is guessed.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.actors import MentionIndex
from pipeline.records import Mention

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
    """The subject of a verb: its own, a relative's antecedent, or its governing verb's."""
    for child in verb.children:
        if child.lower_ == "-t":  # "a-t-il": the parser may hang "-il" under "-t"
            child = next((c for c in child.children if is_pronoun(c)), None) or (
                verb.doc[child.i + 1] if child.i + 1 < len(verb.doc) and is_pronoun(verb.doc[child.i + 1]) else child)
            if child.lower_ == "-t":
                continue
            return child
        if child.dep_ in SUBJECTS:
            if child.lower_ in RELATIVES and verb.dep_.startswith("acl"):
                return verb.head  # "un porte-parole du groupe, qui estime que…"
            if child.dep_ == "expl:subj" and not is_pronoun(child):
                continue  # impersonal "il faut"
            return child
    if _present_participle(verb) and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        root = verb.sent.root  # "X a minimisé l'impact, assurant que…": X assures
        return subject_of(root, depth + 1) if root.i != verb.i and depth < 3 else None
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "parataxis") and verb.head.i != verb.i:
        if verb.dep_ == "advcl" and "Part" not in verb.morph.get("VerbForm"):
            return None  # only a participle ("…, assurant que") shares its governor's subject
        return subject_of(verb.head, depth + 1)
    return None


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


def _window(token: Token, before: int, after: int):
    doc = token.doc
    return doc[max(0, token.i + before): min(len(doc), token.i + after + 1)]


def _in_prepositional_phrase(token: Token, stop: Token) -> bool:
    """Whether a token sits in a phrase opened by a preposition, below `stop`."""
    node = token
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

    def __init__(self, view, mentions: list[Mention], lexicon: Lexicon, quoted: list[tuple[int, int]]):
        self.view = view
        self.index = MentionIndex(mentions)
        self.lexicon = lexicon
        self.quoted = sorted(quoted)  # [start, end) of direct quotes, mark to mark
        self.salient: list[tuple[int, Speaker, str | None, str | None]] = []
        self._salient_positions: list[int] = []
        self._build_salience()

    # --- salience ---------------------------------------------------------------------
    def _build_salience(self) -> None:
        """Main-clause subjects outside quotes, in order, each resolved once (pronouns too)."""
        for token in self.view.tokens:
            if self.view.is_speech(token) and not any(
                    c.dep_ in SUBJECTS and c.i < token.i for c in token.children):
                subject = inverted_subject(token, self.lexicon)  # "…, a déclaré sa porte-parole, X"
                if subject is not None and (subject.text.startswith("-") or subject.head.i == token.i):
                    self._add_salient(subject)
            if token.dep_ not in SUBJECTS or token.lower_ in RELATIVES:
                continue
            if any(child.dep_ == "mark" for child in token.head.children):
                continue  # the subject of a subordinate clause is not what a pronoun picks up
            if token.dep_ == "expl:subj" and not is_pronoun(token):
                continue
            verb = token.head
            if not (verb.dep_ in ("ROOT", "conj", "parataxis") or self.view.is_speech(verb)):
                continue
            self._add_salient(token)

    def _add_salient(self, token: Token) -> None:
        position = self.view.offset(token)
        if self.inside_quote(position) or position in self._salient_positions:
            return
        speaker = self.resolve(token)
        if speaker.actor_id:
            gender, number = self._agreement(token)
            index = bisect_right(self._salient_positions, position)
            self.salient.insert(index, (position, speaker, gender, number))
            self._salient_positions.insert(index, position)

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
                speaker.actor_id, speaker.name, speaker.how = mention.actor_id, mention.name or mention.text, how
                return speaker
        return speaker

    def _pronoun(self, head: Token, speaker: Speaker) -> Speaker:
        gender, number = PRONOUNS[pronoun_key(head)]
        position = speaker.start
        for index in range(bisect_right(self._salient_positions, position) - 1, -1, -1):
            found_at, candidate, c_gender, c_number = self.salient[index]
            if found_at >= position or (found_at >= speaker.start and found_at < speaker.end):
                continue
            if c_gender not in (None, gender) or c_number not in (None, number):
                continue
            speaker.actor_id, speaker.name, speaker.how = candidate.actor_id, candidate.name, "pronoun"
            return speaker
        if number == "Sing":
            person = self._latest(position, PERSON_TYPES)
            if person is not None:
                speaker.actor_id, speaker.name, speaker.how = person.actor_id, person.name or person.text, "pronoun"
        return speaker

    def _anonymous(self, head: Token, start: int, end: int) -> bool:
        """Unnamed sources: "certaines sources", "plusieurs analystes", "nos informations"."""
        if head.pos_ == "PROPN" or self._attached(head, start, end) is not None:
            return False
        if self.index.covering(self.view.offset(head), self.view.offset(head) + len(head)):
            return False
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
        """An unnamed spokesperson or a document speaks for whoever its complement names."""
        if not self.lexicon.has(head, "SPOKESPERSON"):
            return None
        for child in head.children:
            if child.dep_ == "nmod" and child.i > head.i:
                inner = self.resolve(child)
                if inner.actor_id:
                    return _AsMention(inner), "spokesperson"
        return None

    def _role(self, head: Token, start: int, end: int):
        """A role ("le ministre") names the person last introduced with it, else the last person."""
        if not (self.lexicon.has(head, "ROLE") or (_demonym(head) and not self.lexicon.labels.get(
                (id(head.doc), head.i)))):
            return None
        lemma = head.lemma_.lower()
        for mention in reversed(self.index.mentions):
            if mention.end > start or mention.type not in PERSON_TYPES or not mention.actor_id:
                continue
            token = self.view.token_at(mention.start)
            if token is not None and any(t.lemma_.lower() == lemma for t in _window(token, -8, 4)):
                return mention, "role"
        person = self._latest(start, PERSON_TYPES)
        return (person, "role") if person is not None else None

    def _description(self, head: Token, start: int, end: int):
        """"le groupe" → the actor last introduced as a groupe, else the last actor of its types."""
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
        found = self._latest(start, types)
        return (found, "description") if found is not None else None

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


def _demonym(head: Token) -> bool:
    """"la Danoise", "le Français": a capitalised common noun after an article names a person."""
    return head.pos_ == "NOUN" and head.text[:1].isupper() and head.i > 0 and \
        head.doc[head.i - 1].pos_ == "DET" and head.doc[head.i - 1].i != head.sent.start - 1
