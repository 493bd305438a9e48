"""Which way a date without a year or a week points: the tense of the verb that governs it.

"Le village fera la fête dimanche" (published on a Tuesday) is the next Sunday; "trois élus ont
été mis en examen le 21 décembre" (published in January) is the previous December. The verb is
found by walking up the dependency tree from the expression to the first verb (or predicate
with a copula); its tense and mood, and its auxiliaries', say:

| the verb                                              | direction |
| ----------------------------------------------------- | --------- |
| future, futur antérieur ("fera", "aura été fermée"; a participle with a future copula, "sera fermée"; a regular future the tagger read as a passé simple, "se réunira mardi 14 mai") | future |
| conditional ("viendrait", "devrait avoir lieu"; also a regular or irregular conditional the tagger read as an imparfait, `pipeline.fr.syntax.conditional` and the CONDITIONAL forms of `models/claims.jsonl`) | future |
| aller + infinitive ("va annoncer")                    | future    |
| an infinitive governed by a present or future verb, or by no verb the tagger saw ("doit publier", "prévoit de lancer", "compte présenter") | future |
| passé composé, imparfait, passé simple, plus-que-parfait, past conditional ("ont mis", "était", "aurait eu"; "est tombée", a verb conjugated with être the parser read as a present passive) | past |
| venir de + infinitive ("vient de signer")             | past      |
| a past participle on its own ("les élus mis en examen le 21 décembre") | past |
| present, subjunctive, an imparfait in a reported clause ("a estimé qu'elle offrait", the imparfait of reported speech), no verb | none |

`none` keeps the rule of an expression without a verb: the latest weekday up to publication,
the publication's own year for a month. A sentence without any verb (a title such as "Maceo
Parker à Besançon mardi") takes the tense of the next sentence that has one.

A date that hangs on a noun ("les attentats du 11 septembre", "l'arrivée de Donald Trump, le 20
janvier") dates that noun's event, not the verb's: a month or a day of a month is then the
occurrence nearest to publication ("near"); a weekday still follows the verb.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.fr.syntax import conditional, on_infinitive

PAST, FUTURE = "past", "future"
# Verbs whose passé composé takes être (closed class of French grammar): "est tombée" is past,
# not a present passive, whatever the parser says.
ETRE_VERBS = frozenset({
    "aller", "arriver", "venir", "revenir", "devenir", "redevenir", "parvenir", "survenir",
    "intervenir", "partir", "repartir", "mourir", "décéder", "naître", "rester", "tomber",
    "retomber", "entrer", "rentrer", "sortir", "ressortir", "monter", "remonter", "descendre",
    "redescendre", "passer", "repasser", "retourner", "apparaître", "disparaître"})
# Nouns of temporal locutions ("au cours de l'été", "à la fin de l'été"): they frame the date
# and hang on the verb themselves, so the verb still decides; any other noun dates its own event.
FUTURE_ENDINGS = ("ai", "as", "a", "ons", "ez", "ont")
FRAME_NOUNS = frozenset({"cours", "courant", "fin", "début", "milieu", "lors"})
DEPTH = 12  # how many heads up the walk may go; a parse is rarely deeper


@dataclass(frozen=True)
class Governor:
    """The verb above an expression, and whether the way up passed through a noun."""

    verb: Token | None
    through_noun: bool


def governor(span: Span) -> Governor:
    """The first verb above the expression, or the first predicate with a copula ("était")."""
    token, through_noun = span.root, False
    for _ in range(DEPTH):
        inside = span.start <= token.i < span.end
        if not inside and (token.pos_ in ("VERB", "AUX") or _copula(token, span) is not None):
            return Governor(token, through_noun)
        if not inside and token.pos_ in ("NOUN", "PROPN", "PRON") and token.lower_ not in FRAME_NOUNS:
            through_noun = True
        if token.head.i == token.i:
            return Governor(None, through_noun)
        token = token.head
    return Governor(None, through_noun)


def direction(span: Span, is_conditional=None) -> str | None:
    """"past", "future" or None for the verb that governs the expression."""
    verb = governor(span).verb
    return tense(verb, is_conditional) if verb is not None else None


def tense(verb: Token, is_conditional=None, depth: int = 0) -> str | None:
    """The direction the verb's tense gives, through its auxiliaries and periphrases.

    `is_conditional(token)`: forms the tagger misreads that are conditionals all the same."""
    auxiliaries = [child for child in verb.children if child.dep_.startswith("aux")]
    perfect = [aux for aux in auxiliaries if aux.dep_ == "aux:tense"]
    passive = [aux for aux in auxiliaries if aux.dep_ == "aux:pass"]
    if perfect:  # a compound tense: its auxiliary's tense, one step back in time
        return FUTURE if _is(perfect[0], "Tense", "Fut") else PAST
    if passive:
        if verb.lemma_.lower() in ETRE_VERBS and _is(passive[0], "Tense", "Pres"):
            return PAST  # "la neige est tombée": a passé composé the parser read as a passive
        return _simple(passive[0], verb, is_conditional)
    copula = _copula(verb)
    if verb.pos_ not in ("VERB", "AUX") or copula is not None:
        # "il était à Paris mardi"; "la piscine sera fermée": a participle read with a copula
        return _simple(copula, verb, is_conditional) if copula is not None else None
    form = verb.morph.get("VerbForm")
    if "Inf" in form:
        return _infinitive(verb, is_conditional, depth)
    if "Part" in form:
        return PAST if _is(verb, "Tense", "Past") else None
    return _simple(verb, verb, is_conditional)


def _simple(verb: Token, clause: Token, is_conditional) -> str | None:
    """A simple tense; `clause` is the head of the clause the verb belongs to."""
    if _is(verb, "Mood", "Cnd") or conditional(verb) or (is_conditional and is_conditional(verb)):
        return FUTURE
    if _is(verb, "Tense", "Fut") or future_form(verb):
        return FUTURE
    if _is(verb, "Tense", "Imp"):
        return None if clause.dep_ == "ccomp" else PAST
    if _is(verb, "Tense", "Past"):
        return PAST
    return None


def future_form(verb: Token) -> bool:
    """A regular future the tagger read as a passé simple ("se réunira mardi 14 mai"): the
    infinitive and a future ending ("réunir" + "a", "prendr" + "ont"); a passé simple drops the r
    of the infinitive ("déclara", "entra")."""
    return on_infinitive(verb, FUTURE_ENDINGS)


def _infinitive(verb: Token, is_conditional, depth: int) -> str | None:
    """"va annoncer" ahead, "vient de signer" back; ahead of a present or future head, or of none."""
    head = verb.head
    if head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
        return FUTURE  # "compte présenter dès janvier": the tagger read "compte" as a noun
    if depth > 3:
        return None
    lemma = head.lemma_.lower()
    present = not (_is(head, "Tense", "Imp") or _is(head, "Tense", "Past")
                   or any(child.dep_ == "aux:tense" for child in head.children))
    if lemma == "venir" and present and any(child.dep_ == "mark" and child.lower_ in ("de", "d'", "d’")
                                            for child in verb.children):
        return PAST
    if present:
        return FUTURE  # "va annoncer", "doit publier", "prévoit de lancer"
    return FUTURE if tense(head, is_conditional, depth + 1) == FUTURE else None


def _copula(token: Token, span: Span | None = None) -> Token | None:
    """The copula of a predicate ("était" in "il était à Paris mardi"), not one inside the date
    ("cet été" read as "been")."""
    for child in token.children:
        if child.dep_ == "cop" and not (span is not None and span.start <= child.i < span.end):
            return child
    return None


def _is(token: Token, feature: str, value: str) -> bool:
    return value in token.morph.get(feature)


def has_verb(sentence: Span) -> bool:
    return any(token.pos_ in ("VERB", "AUX") for token in sentence)


def of_next_sentence(sentence: Span, docs: list, is_conditional=None) -> str | None:
    """A title without a verb ("Maceo Parker à Besançon mardi") announces what the next sentence
    with a verb tells: its main verb's tense, looked for in this paragraph and the next one."""
    following = [later for later in sentence.doc.sents if later.start >= sentence.end]
    if len(docs) > 1:
        following += list(docs[1].sents)
    for later in following:
        if has_verb(later):
            root = later.root
            verb = root if root.pos_ in ("VERB", "AUX") or _copula(root) is not None else next(
                (token for token in later if token.pos_ == "VERB"), None)
            return tense(verb, is_conditional) if verb is not None else None
    return None
