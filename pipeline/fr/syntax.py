"""French syntax over a spaCy parse, defined once for every stage.

What fr_core_news_md's dependencies say about a clause: its verb group, whether it is finite,
main, relative, subordinate or a que-clause, its subjects, its mood, and the tokens that bound
it. Each test reads only its token (and the parse around it), so any stage can ask.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.fr.marks import CLOSERS

STOPS = frozenset({".", "!", "?", ";", ":", "…"})
INCISE_BEFORE = frozenset({",", "»", "”", '"', "—", "–"})
DETACHED_AFTER = frozenset({",", "(", "—", "–"})
THIRD_PERSON = {"il": ("Masc", "Sing"), "elle": ("Fem", "Sing"), "ils": ("Masc", "Plur"),
                "elles": ("Fem", "Plur"), "lui": ("Masc", "Sing"), "eux": ("Masc", "Plur")}
FIRST_PERSON = frozenset({"je", "j'", "j’", "nous", "moi", "on"})
RELATIVE_WORDS = frozenset({"qui", "dont", "où", "lequel", "laquelle", "lesquels", "lesquelles", "lorsque",
                            "lorsqu'", "lorsqu’"})  # que is also a conjunction: only its PronType=Rel counts
SUBORDINATORS = frozenset({"si", "s'", "s’", "quand", "lorsque", "lorsqu'", "lorsqu’", "comme", "puisque",
                           "parce", "avant", "pour", "alors", "bien", "dès", "sans", "afin", "tandis",
                           "pendant", "après", "depuis", "jusqu'à", "à", "de", "moins", "ce", "sorte",
                           "ainsi", "tel", "telle", "plutôt", "outre", "quel", "quelle", "quels",
                           "quelles", "quoi"})  # the word before que in "à ce que", "quelle que soit"
CLAUSE_OPENERS = frozenset({"si", "s'", "s’", "quand", "lorsque", "lorsqu'", "lorsqu’", "comme", "puisque",
                            "parce", "afin", "tandis", "quoique"})
QUE = frozenset({"que", "qu'", "qu’"})
CONDITIONAL_ENDINGS = ("aient", "ait", "ais", "ions", "iez")
INFINITIVE_ENDINGS = ("er", "ir", "re")
TONIC = frozenset({"lui", "elle", "eux", "elles"})  # ", lui," before the verb
NE = frozenset({"ne", "n'", "n’"})


def chain(token: Token) -> list[Token]:
    """The predicate and the infinitives it governs: "va devoir poursuivre", "a fait savoir"."""
    tokens = [token]
    for c in token.children:
        if c.dep_ == "xcomp" and infinitive(c):
            tokens += chain(c)
    return tokens


def infinitive(token: Token) -> bool:
    """A verb, or an infinitive the tagger took for a noun ("va licencier")."""
    return token.pos_ in ("VERB", "AUX") or token.pos_ == "NOUN" and token.lower_.endswith(INFINITIVE_ENDINGS)


def verb_group(token: Token) -> list[Token]:
    """The predicate, its auxiliaries and copula, and a verb the parser hung before it ("a fait | savoir")."""
    group = [token]
    for c in token.children:
        if c.dep_.startswith("aux") or c.dep_ == "cop":
            group.append(c)
        elif c.dep_ == "dep" and c.i < token.i and c.pos_ in ("VERB", "AUX"):
            group += verb_group(c)
    return group


def group_start(verb: Token) -> int:
    """Where the verb group begins: its auxiliaries, and the ne and clitic pronouns before it ("n'a pas
    répondu", "s'est dit", "l'a-t-il répété"; the inverted subject "-t-il" is inside, not before)."""
    group = verb_group(verb)
    return min([t.i for t in group] + [c.i for v in group for c in v.children if c.i < verb.i and (
        c.lower_ in NE or c.pos_ == "PRON" and c.dep_ != "nsubj" and not relative(c))])


def incise_position(verb: Token) -> bool:
    """ "…, a indiqué l'autorité", "« … » explique une dépêche": the verb group opens its sentence's
    incise, after a comma, a closing mark or a dash (what it reports comes before it)."""
    first = group_start(verb)
    return first > verb.sent.start and verb.doc[first - 1].text in INCISE_BEFORE


def quotation_before(verb: Token) -> Token | None:
    """ "« … », a-t-il ajouté", "« … » explique une dépêche": the closing mark of the quotation the verb
    group follows, right before it or before its comma; None when it follows none."""
    first, doc = group_start(verb), verb.doc
    at = first - 2 if first >= 2 and doc[first - 1].text == "," else first - 1
    return doc[at] if at >= 0 and doc[at].text in CLOSERS else None


def auxiliaries(token: Token) -> list[Token]:
    return verb_group(token)[1:]


def finite(token: Token) -> bool:
    """A conjugated predicate: the verb or its auxiliary or copula is finite.

    A verb the tagger left without any VerbForm ("reproche", also a noun) counts as finite.
    """
    group = verb_group(token)
    return (any("Fin" in t.morph.get("VerbForm") for t in group)
            or token.pos_ == "VERB" and len(group) == 1 and (not token.morph.get("VerbForm") or present_form(token)))


def present_form(token: Token) -> bool:
    """A present of a verb in -er the tagger called a participle ("Le régulateur reproche à …")."""
    lemma = token._.lemma
    return lemma.endswith("er") and token.lower_ in (lemma[:-2] + "e", lemma[:-2] + "ent")


def passive(token: Token) -> bool:
    """A passive has its être auxiliary (Voice=Pass alone is unreliable: "n'a pas répondu")."""
    return any(t.dep_ == "aux:pass" for t in auxiliaries(token))


def subjects(token: Token) -> list[Token]:
    """The subjects of a predicate, also those the parser hung on its auxiliary."""
    return [c for verb in verb_group(token) for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")
            or c.dep_ == "expl:subj" and c.pos_ in ("NOUN", "PROPN")]  # "Google | compte": a name read as expletive


def relative(token: Token) -> bool:
    """A relative pronoun or adverb: qui, que, dont, où, lorsqu'…"""
    return "Rel" in token.morph.get("PronType") or token.lower_ in RELATIVE_WORDS


def subordinated(token: Token) -> bool:
    """Introduced by a conjunction ("si", "comme", "lorsqu'", "que") or a preposition ("pour", "après")."""
    return any(c.dep_ == "mark" or c.pos_ == "SCONJ" or relative(c) and c.dep_ == "advmod"
               for c in token.children if c.i < token.i) or opened_by_conjunction(token)


def opened_by_conjunction(token: Token) -> bool:
    """ "si Bruxelles tardait": a subordinating word, first in the clause, that the parser hung on the subject."""
    first = next((t for t in token.subtree if t.dep_ not in ("cc", "punct")), token)
    reflexive = first.pos_ == "PRON" and "Yes" in first.morph.get("Reflex")  # "s'est dit", not "s'il"
    return first.i < token.i and first.lower_ in CLAUSE_OPENERS and not reflexive


def introduced_by_relative(token: Token) -> bool:
    """The clause opens with a relative word ("qui a signé", "qu'il contrôle")."""
    return any(relative(t) for t in token.subtree if t.i < token.i)


def is_main(token: Token) -> bool:
    """A main clause, also where the parser hung one on a neighbour (see the module docstring)."""
    dep = token.dep_
    if dep in ("ROOT", "parataxis"):
        return True
    if dep == "conj":
        if token.head.i != token.i and is_main(token.head):
            return not plain_que(token)  # "… et que Pékin disposait": reported by the verb before
        own = [s for s in subjects(token) if not relative(s)]
        comma = any(c.dep_ == "cc" and c.i > 0 and token.doc[c.i - 1].text == "," for c in token.children)
        return token.head.dep_ == "acl:relcl" and bool(own) and comma and not introduced_by_relative(token)
    if not finite(token) or subordinated(token):
        return False
    if dep == "advcl":
        return not plain_que(token)
    if dep == "acl:relcl":
        return not introduced_by_relative(token)  # "selon Washington, Pékin pourrait …" read as a relative
    if dep == "dep" and token.i < token.head.i and token.head.pos_ in ("VERB", "AUX"):
        return False  # "a fait | savoir": part of the next verb's group
    if dep in ("dep", "acl", "ccomp") and not que_clause(token):
        # a sentence after a quotation or a colon hung on the one before; a finite verb hung on
        # its own subject ("Bruxelles | prévoit …")
        return (bool(subjects(token)) or dep == "acl" and token.head.i < token.i and token.head.pos_ in ("NOUN", "PROPN")
                or after_relative_incise(token))
    return False


def after_relative_incise(token: Token) -> bool:
    """ "Amazon, qui a payé …, s'est dit prêt": the main verb, subjectless, hung on the relative
    incise that its comma closes (its subject is before the incise: `pipeline.claims.repairs.words_before`)."""
    head = token.head
    first = min([token.i] + [c.left_edge.i for c in token.children if c.i < token.i and c.dep_ != "punct"])
    return (head.i < token.i and not subjects(token) and any(relative(s) for s in subjects(head))
            and first > 0 and token.doc[first - 1].text == ","
            and not any(c.dep_ == "cc" for c in token.children))


def relative_verb(token: Token) -> bool:
    """A clause whose subject is a relative pronoun ("qui a fusionné …")."""
    return token.dep_ in ("acl:relcl", "acl", "dep") and any(relative(s) for s in subjects(token))


def cleft_focus(token: Token) -> Token | None:
    """ "C'est pourtant Eutelsat, qui a fusionné …, qui apparaît comme …": the focus X of a cleft
    "c'est X qui V" for the relative V that the cleft opens (the first relative right after X without
    a comma, else the last relative hung on X or on a relative incise after it)."""
    if not relative_verb(token):
        return None
    focus = token.head
    for _ in range(4):
        if not relative_verb(focus) or focus.head.i == focus.i:
            break
        focus = focus.head
    if not (any(c.dep_ == "cop" and c.lemma_ == "être" for c in focus.children)
            and any(c.dep_ in ("expl:subj", "nsubj") and c.lower_ in ("c'", "c’", "ce") for c in focus.children)):
        return None
    relatives = sorted((t for t in focus.subtree if relative_verb(t) and t.i > focus.i), key=lambda t: t.i)
    opener = lambda verb: min(s.i for s in subjects(verb) if relative(s))
    plain = [t for t in relatives if token.doc[opener(t) - 1].text != ","]
    chosen = plain[0] if plain else relatives[-1] if relatives else None
    return focus if chosen is not None and chosen.i == token.i else None


def predicative(token: Token) -> bool:
    """A verb, or an adjective or noun with its copula or auxiliary: something a clause can assert."""
    return token.pos_ in ("VERB", "AUX") or len(verb_group(token)) > 1


def child(token: Token, dep: str) -> Token | None:
    return next((c for c in token.children if c.dep_ == dep), None)


def que_clause(token: Token) -> bool:
    """A complement clause opened by que (the parser sometimes tags that que as a pronoun)."""
    return token.dep_ == "ccomp" and plain_que(token)


def plain_que(token: Token) -> bool:
    """Opened by que alone, not "avant que", "à moins que", "à ce que".

    The que may precede a subject the parser hung elsewhere ("nié que | Pékin | ait eu").
    """
    doc = token.doc
    ques = [c.i for c in token.children if c.lower_ in QUE and c.i < token.i]
    if token.left_edge.lower_ in QUE and token.left_edge.i < token.i:
        i = token.left_edge.i  # "que la mesure n'était qu'un début": que hung on the copula
    elif ques:
        i = ques[0]
    else:
        i = token.left_edge.i - 1
        while i > 0 and doc[i].pos_ in ("NOUN", "PROPN", "DET", "ADJ", "NUM") and token.left_edge.i - i < 6:
            i -= 1
        if i < 0 or doc[i].lower_ not in QUE:
            return False
    return i == 0 or doc[i - 1].lower_ not in SUBORDINATORS


def subjunctive(token: Token) -> bool:
    return any("Sub" in t.morph.get("Mood") for t in verb_group(token))


def conditional(token: Token) -> bool:
    """Mood=Cnd, or a regular conditional the tagger read as indicative ("représenteraient")."""
    return any("Cnd" in verb.morph.get("Mood") or on_infinitive(verb, CONDITIONAL_ENDINGS)
               for verb in verb_group(token))


def on_infinitive(verb: Token, endings: tuple[str, ...]) -> bool:
    """The verb's infinitive (without its final e) and one of `endings`: the stem of the future
    and the conditional ("représenter" + "aient", "prendr" + "ont")."""
    lower, lemma = verb.lower_, verb._.lemma
    return any(lower.endswith("r" + ending) and lemma in (lower[: -len(ending)], lower[: -len(ending)] + "e")
               for ending in endings)


def infinitive_form(token: Token, not_infinitives: frozenset[str]) -> bool:
    """An infinitive, also one the tagger read as a noun or preposition ("compte | intensifier");
    `not_infinitives` lists the words that only look like one (models/not_infinitives.txt: "contre")."""
    return (token.lower_.endswith(INFINITIVE_ENDINGS) and token.lower_ not in not_infinitives
            and (infinitive(token) or token.pos_ in ("ADJ", "ADP")))


def breaks(token: Token) -> bool:
    """Punctuation that ends a phrase; not the hyphen inside a word ("start-up")."""
    doc = token.doc
    inside = token.text in ("-", "‑") and token.i > 0 and not doc[token.i - 1].whitespace_ and not token.whitespace_
    return token.is_punct and not inside


def quoted_words(doc: Doc, region: tuple[int, int]) -> int:
    return sum(1 for t in doc[region[0] + 1: region[1]] if not t.is_space and not t.is_punct)


def definite_article(token: Token) -> bool:
    """A noun with a singular definite article: "le groupe", "l'opérateur" (not "les", "un", "ce")."""
    return any(c.dep_ == "det" and c.lower_ in ("le", "la", "l'", "l’") for c in token.children)


def case_of(token: Token) -> str:
    """The preposition of a nominal ("de" for du / des), empty if none."""
    for c in token.children:
        if c.dep_ == "case" and c.i < token.i:
            return "de" if c.lemma_ in ("de", "du", "des", "d'", "d’") else c.lemma_.lower()
    return ""


def opens_selon(token: Token) -> bool:
    """The first word of a source cue: "selon", "d'après", the "d'" of "d' après"."""
    return token.lower_ in ("selon", "d'après", "d’après") or (
        token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "après")
