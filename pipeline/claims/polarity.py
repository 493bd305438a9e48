"""Polarity deny: ne with a NEGATION word on the main verb group ("n'est plus obligé", "n'exclut pas
de", not "ne … que"); a denial verb of the clause's own predicate that denies a proposition; or a
proposition reported by a denial verb ("TikTok nie que …"). denial_verbs.txt lists the verbs that
only ever deny bare (nier, démentir), and those that also name acts (contester, rejeter) with the
complements that make them denials: que, or a noun of accusation, finding or claim ("conteste les
accusations", "la sanction"). "contester la décision", "rejeter l'offre" are acts: affirm; so is
a denial brought before a court ("devant le Conseil d'État", "en justice": `appeal`), and a denial
verb under an intention verb ("compte contester la décision": the intention verb decides).

Modality, first that applies (MODALITY_PRECEDENCE): reported > conditional > obligation >
intended > asserted. Who vouches for a proposition comes first, since nothing else in the row
says so for an anonymous source; the journalistic conditional is the next hedge; the
obligation or intention verb stays visible in `predicate` (décider for "a décidé
d'abandonner"; after aller / venir de, the infinitive: "va devoir poursuivre" → devoir).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.claims.context import Context, mention_on
from pipeline.claims.lexicon import signatures
from pipeline.claims.repairs import clause_end, noun_predicate
from pipeline.fr.syntax import (
    INFINITIVE_ENDINGS, NE, QUE, chain, child, conditional, infinitive, passive, subjects, verb_group,
)


def negated(ctx: Context, head: Token) -> bool:
    """ne with pas / plus / jamais / aucun … on the predicate ("ne … que" is no negation)."""
    group = verb_group(head)
    if not any(c.lower_ in NE for verb in group for c in verb.children):
        return False
    negations = ctx.marks.get("NEGATION", set())
    return any(t.i in negations and (t.head in group or t.head.head in group) for t in head.subtree)


def denial(ctx: Context, head: Token) -> bool:
    """A denial verb of its proposition (see models/denial_verbs.txt and `denies`).

    "une accusation rejetée par Bruxelles": what a participle or passive rejects is the noun it
    qualifies or its subject.
    """
    words = signatures(head)
    target = head.head if head.dep_ == "acl" else next(iter(subjects(head)), None) if passive(head) else None
    if target is not None:
        words.add(f"{head._.lemma} {target._.lemma}")
    return bool(words & ctx.lexicon.denial) and not appeal(ctx, head)


def denies(ctx: Context, lemma: str, complement: Token | None, verb: Token) -> bool:
    """The same for a verb the tagger misread: its lemma with its object's noun, que or infinitive."""
    words = {lemma}
    if complement is not None:
        words.add(f"{lemma} que" if complement.lower_ in QUE else f"{lemma} {complement._.lemma}")
        if infinitive(complement) and complement.lower_.endswith(INFINITIVE_ENDINGS):
            words.add(f"{lemma} faire")
    return bool(words & ctx.lexicon.denial) and not appeal(ctx, verb)


def appeal(ctx: Context, verb: Token) -> bool:
    """ "contester la sanction devant le Conseil d'État", "… en justice": an act of appeal, no denial.

    Read positionally to the end of the clause or the next et: devant a court (a GOV mention or a
    court noun), or en justice / en appel / en cassation.
    """
    words = ctx.doc[verb.i: clause_end(ctx, verb) + 1]
    for t in words:
        if t.pos_ == "CCONJ" and t.i > verb.i:
            return False  # "rejette les conclusions et conteste la décision devant …": the next verb's
        if t.lower_ in ctx.lexicon.appeal_nouns and t.i > 0 and ctx.doc[t.i - 1].lower_ == "en":
            return True
        if t.lower_ == "devant":
            court = next((n for n in ctx.doc[t.i + 1: t.i + 4] if n.pos_ in ("NOUN", "PROPN")), None)
            mention = mention_on(ctx, court) if court is not None else None
            if court is not None and (court.lemma_.lower() in ctx.lexicon.court_nouns
                                      or mention is not None and mention.type == "GOV"):
                return True
    return False


def hedged(ctx: Context, head: Token) -> bool:
    """The conditional: Mood=Cnd, a regular ending, or an irregular form of claims.jsonl."""
    return conditional(head) or any(t.i in ctx.marks.get("CONDITIONAL", ()) for t in verb_group(head))


def lexical_modality(ctx: Context, head: Token) -> str:
    words = set().union(*(signatures(verb) for verb in chain(head)))
    if words & ctx.lexicon.obligation:
        return "obligation"
    if words & ctx.lexicon.intention:
        return "intended"
    return ""


def predicate(ctx: Context, head: Token) -> str:
    """The main verb's lemma; after aller / venir de, the infinitive; être for an adjective."""
    if head.i in ctx.marks.get("PERIPHRASTIC", ()):
        verb = child(head, "xcomp")
        if verb is not None and infinitive(verb):
            return predicate(ctx, verb) if verb.pos_ != "NOUN" else verb.lower_
    if head.pos_ in ("VERB", "AUX"):
        return head._.lemma
    if noun_predicate(head):
        lower = head.lower_
        return (lower[:-3] if lower.endswith("ent") else lower[:-1]) + "er"  # "risque" → risquer
    copula = next((c for c in head.children if c.dep_ == "cop"), None)
    if copula is not None:
        return copula._.lemma
    verb = next((c for c in head.children if c.dep_ == "xcomp" and infinitive(c)), None)
    return predicate(ctx, verb) if verb is not None else head._.lemma  # "avait | d' | abord proposé"
