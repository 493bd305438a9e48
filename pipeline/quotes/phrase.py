"""The words of a speaker phrase: its extent, its subject, pronouns and the cue labels of its tokens.

The syntax of speaker phrases that the quote rules (`direct`, `reported`, `context`) and the
speaker resolution (`speakers`, `roles`, `described`) share: each helper reads parsed tokens and
returns tokens, never actors.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.fr.syntax import THIRD_PERSON

PRONOUNS = THIRD_PERSON  # il, elle, ils, elles, lui, eux → (gender, number)
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


class Lexicon:
    """Labels of cues.jsonl per token (SPOKESPERSON, ROLE, DESCRIPTION…), filled by the matcher."""

    def __init__(self):
        self.labels: dict[tuple[int, int], set[str]] = {}
        self.types: dict[tuple[int, int], set[str]] = {}
        self.roles: dict[tuple[int, int], set[str]] = {}  # ROLE_ALSO: the role words a phrase also says

    def add(self, token: Token, label: str, types: list[str] | None, roles: list[str] | None = None) -> None:
        key = (id(token.doc), token.i)
        self.labels.setdefault(key, set()).add(label)
        if types:
            self.types.setdefault(key, set()).update(types)
        if roles:
            self.roles.setdefault(key, set()).update(roles)

    def roles_of(self, token: Token) -> set[str]:
        """The role words a phrase of ROLE_ALSO gives its tokens ("chef de l'État": président)."""
        return self.roles.get((id(token.doc), token.i), set())

    def has(self, token: Token, label: str) -> bool:
        return label in self.labels.get((id(token.doc), token.i), ())

    def types_of(self, token: Token) -> set[str]:
        return self.types.get((id(token.doc), token.i), set())


def is_pronoun(token: Token) -> bool:
    return pronoun_key(token) in PRONOUNS


def latter(token: Token) -> bool:
    """"ce dernier", "cette dernière", "celui-ci", "celle-ci": a singular demonstrative that names
    the last-named actor."""
    if token.lower_ in ("celui-ci", "celle-ci"):
        return True
    return token.lower_ in ("dernier", "dernière") and any(
        child.dep_ == "det" and child.lower_ in ("ce", "cet", "cette") for child in token.children)


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
            return past_dateline(child)
    for aux in verb.children:  # "Il a par ailleurs indiqué": the parser hung the subject on the auxiliary
        if aux.dep_.startswith("aux") and aux.i < verb.i:
            subject = next((c for c in aux.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i < aux.i), None)
            if subject is not None and subject.lower_ not in RELATIVES:
                return subject
    if _present_participle(verb) and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        # "X a minimisé l'impact, assurant que…": X assures; the verb it hangs on first ("« nous … »,
        # a indiqué Meta, soulignant …": Meta, not the quote's "nous" at the root)
        governor = verb.head if verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i else None
        found = subject_of(governor, depth + 1) if governor is not None and depth < 3 else None
        if found is not None:
            return found
        root = verb.sent.root
        return subject_of(root, depth + 1) if root.i != verb.i and depth < 3 else None
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "parataxis") and verb.head.i != verb.i:
        if verb.dep_ == "advcl" and not ({"Part", "Inf"} & set(verb.morph.get("VerbForm"))):
            return None  # only a participle or an infinitive ("…, avant de préciser que", "pour
            # expliquer que") shares its governor's subject
        return subject_of(verb.head, depth + 1)
    return None


def past_dateline(subject: Token) -> Token:
    """"MONTRÉAL — Le commissaire européen affirme": the dateline (a capitalised place opening the
    paragraph, then a dash) is no subject; the noun phrase after the dash is."""
    doc = subject.doc
    if subject.i != subject.sent.start or not subject.text.isupper() or len(subject.text) < 3 or \
            subject.i + 2 >= len(doc) or doc[subject.i + 1].text not in ("—", "–", "-"):
        return subject
    return next((c for c in subject.children if c.i > subject.i + 1 and c.dep_ in ("appos", "conj", "nmod")
                 and c.pos_ in ("NOUN", "PROPN")), subject)


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
    for token in window(verb, -3, 2):
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


def que_between(verb: Token, other: Token) -> bool:
    """"fait valoir que les changements…": a noun after que is the reported clause's, not the speaker."""
    return any(t.lower_ in ("que", "qu'", "qu’") for t in verb.doc[verb.i + 1: other.i])


def window(token: Token, before: int, after: int):
    doc = token.doc
    return doc[max(0, token.i + before): min(len(doc), token.i + after + 1)]


def _in_prepositional_phrase(token: Token, stop: Token) -> bool:
    """Whether a token sits in a phrase opened by a preposition, below `stop`."""
    node = token
    if node.pos_ == "PROPN" and node.head.i == stop.i and node.i == stop.i + 1 and \
            not any(child.dep_ == "case" for child in node.children):
        return False  # "», a tancé LQDN vendredi": a bare name right after the verb, whatever its label
    if node.dep_ == "nmod" and not any(child.dep_ == "case" for child in node.children) and any(
            child.dep_ == "det" for child in node.children):
        return False  # "a expliqué dans un communiqué l'opérateur public": a subject hung on the noun before
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
            elif child.dep_ in ("nmod", "conj") and not participle and not case_allowed(child):
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
    dash = max((i for i in range(start, head.i) if doc[i].text in ("—", "–")), default=None)
    if dash is not None:
        start = dash + 1  # "MONTRÉAL — Le commissaire européen …": a dateline is no part of the name
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


def case_allowed(node: Token) -> bool:
    cases = [child.lower_ for child in node.children if child.dep_ == "case"]
    return not cases or cases[0] in PHRASE_CASES


def in_prepositional_phrase_below(token: Token, head: Token) -> bool:
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



def agents(head: Token) -> list[Token]:
    """The agent of a participle describing a document ("un communiqué publié par X") → [X]."""
    return [agent for participle in head.children if participle.dep_ == "acl" and participle.i > head.i
            and "Part" in participle.morph.get("VerbForm")
            for agent in participle.children if agent.dep_ == "obl:agent"]


def possessive(head: Token) -> bool:
    """"son entourage", "ses proches", "sa porte-parole": a possessive determiner."""
    return any(child.dep_ == "det" and "Yes" in child.morph.get("Poss") for child in head.children)


def demonym(head: Token) -> bool:
    """"la Danoise", "le Français": a capitalised common noun after an article names a person."""
    return head.pos_ == "NOUN" and head.text[:1].isupper() and head.i > 0 and \
        head.doc[head.i - 1].pos_ == "DET" and head.doc[head.i - 1].i != head.sent.start - 1
