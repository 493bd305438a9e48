"""Source, first that applies (SOURCE_RULES): a selon / d'après cue attached to the clause in its
sentence, or "Pour X, P" opening it (X an actor who can speak: `pour_cues`); a selon phrase closing
the sentence after a comma, where the quote stage read the same cue; the speaker of the innermost
quote holding the clause (the quote stage knows speakers best, and gives quote_id), unless the
reporter of the que-clause was read off a name or a noun the actor stage left alone
(`named_reporter`); the reporter of a que-clause; an anonymous quote; an incise later in the
sentence. A law or a place is no source (`speaks`). An anonymous source ("selon certaines
sources") leaves source empty, modality reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.claims.context import Context, cue_quote, quote_around, speaks
from pipeline.claims.frames import speech
from pipeline.claims.lexicon import ANONYMOUS, Doer
from pipeline.claims.repairs import incise, resumes
from pipeline.claims.subjects import phrase_doer
from pipeline.fr.syntax import STOPS, case_of, chain, is_main, que_clause, subjects
from pipeline.records import Quote


@dataclass(frozen=True)
class Clause:
    """What the source rules read of one clause: its head, its words, the reporter of its que-clause
    (`firm` when read off a name: `named_reporter`) and the innermost quote holding it."""

    head: Token
    first: int
    last: int
    start: int  # document offsets of its words
    end: int
    reporter: Doer | None
    firm: bool
    quote: Quote | None


Found = tuple[Doer | None, str]  # the source and the quote_id the claim takes from a quote


def by_cue(ctx: Context, clause: Clause) -> Found | None:
    """A selon / d'après phrase attached to the clause, or "Pour X," opening its sentence."""
    cue = cue_source(ctx, clause.head, clause.first, clause.last)
    return (cue, own_quote_id(ctx, clause, cue)) if cue is not None else None


def by_closing_cue(ctx: Context, clause: Clause) -> Found | None:
    """A selon phrase closing the sentence, where no reporter holds the clause and the quote stage read
    the same cue: the clause's own reading wins."""
    quote = clause.quote
    if clause.reporter is not None or quote is not None and not quote.rule.startswith("indirect-selon"):
        return None
    cue = closing_cue(ctx, clause.head, clause.last)
    return (cue, own_quote_id(ctx, clause, cue)) if cue is not None else None


def by_quote(ctx: Context, clause: Clause) -> Found | None:
    """The speaker of the quote holding the clause: the quote stage is the better judge of a speaker ("Il
    a précisé que …"), unless the reporter is `firm`."""
    quote = clause.quote
    if quote is None or not speaks(ctx, quote.speaker_actor_id) or clause.firm and clause.reporter is not None:
        return None
    return Doer(quote.speaker_actor_id, quote.speaker_name), quote.quote_id


def by_reporter(ctx: Context, clause: Clause) -> Found | None:
    """The reporter of the que-clause ("X a déclaré que P")."""
    return (clause.reporter, quote_id_of(clause)) if clause.reporter is not None else None


def by_anonymous_quote(ctx: Context, clause: Clause) -> Found | None:
    """A quote without a speaker the clause is part of."""
    return (ANONYMOUS, clause.quote.quote_id) if clause.quote is not None else None


def by_incise(ctx: Context, clause: Clause) -> Found | None:
    """A speech incise later in the sentence ("P, a indiqué l'autorité"); else no source at all."""
    return incise_source(ctx, clause.head, clause.last), ""


# The order the source rules are tried in, first that applies wins (see the module notes).
SOURCE_RULES = (by_cue, by_closing_cue, by_quote, by_reporter, by_anonymous_quote, by_incise)


def source(ctx: Context, head: Token, first: int, last: int, reporter: Doer | None,
           firm: bool = False) -> Found:
    """Who reports the clause, and the quote it takes its quote_id from: the first of SOURCE_RULES."""
    start = ctx.offset + ctx.doc[first].idx
    end = ctx.offset + ctx.doc[last].idx + len(ctx.doc[last])
    quote = quote_around(ctx, start, end) or quote_on_head(ctx, head, start)
    if quote is not None and quote.speaker_actor_id and not speaks(ctx, quote.speaker_actor_id):
        quote = None  # "selon le Digital Markets Act" gave the quote stage a law for a speaker
    if quote is not None and resumes(ctx, head) and quote.kind != "direct":
        quote = None  # "…, ce que conteste Meta": Meta's own act, not part of what the quote reports
    clause = Clause(head=head, first=first, last=last, start=start, end=end, reporter=reporter, firm=firm,
                    quote=quote)
    return next(found for found in (rule(ctx, clause) for rule in SOURCE_RULES) if found is not None)


def quote_on_head(ctx: Context, head: Token, start: int) -> Quote | None:
    """ "La Maison-Blanche a appelé les États à resserrer leurs mesures, a ajouté M. Kelley, se
    demandant si …": a clause whose words ran past the indirect quote the quote stage read (an incise
    and what follows it) is still reported by it, when the quote starts with the clause, holds its verb
    and a speech incise follows it right away (not a quote cut short before ", en vertu du DSA, …")."""
    at = ctx.offset + head.idx
    for q in ctx.quotes:
        if q.kind == "direct" or q.start != start or not q.start <= at < q.end:
            continue
        after = [t for t in ctx.doc if ctx.offset + t.idx >= q.end and not (t.is_punct or t.pos_ == "AUX")]
        if after and speech(ctx, after[0]):
            return q  # the incise right after the quote is its cue, not a cut of the quote stage
    return None


def quote_id_of(clause: Clause) -> str:
    return clause.quote.quote_id if clause.quote is not None else ""


def own_quote_id(ctx: Context, clause: Clause, cue: Doer) -> str:
    """The quote holding the clause, else the indirect quote the cue gave the quote stage."""
    return quote_id_of(clause) or cue_quote(ctx, clause.start, clause.end, cue)


def cue_source(ctx: Context, head: Token, first: int, last: int) -> Doer | None:
    """A selon / d'après phrase attached to the clause, or right before or after it."""
    verbs = chain(head)
    sentence = head.sent
    for cue in ctx.cues:
        if not sentence.start <= cue.start < sentence.end:
            continue
        phrase = cue_phrase(cue)
        attached = (phrase.head in verbs and not any(t.text in STOPS for t in ctx.doc[last + 1: cue.start])
                    or first <= cue.start <= last)
        before = sentence.start <= phrase.right_edge.i < first and all(
            t.is_punct for t in ctx.doc[phrase.right_edge.i + 1: first])
        after = cue.start > last and all(t.text == "," for t in ctx.doc[last + 1: cue.start])
        if not (attached or before or after):
            continue
        doer = phrase_doer(ctx, phrase, head)
        if speaking(ctx, doer):
            return doer
    return None


def closing_cue(ctx: Context, head: Token, last: int) -> Doer | None:
    """ "La Commission a ouvert une procédure …, pour évaluer …, selon un document consulté par
    Reuters.": a selon phrase that closes the sentence after a comma vouches for its main clause,
    however far the clause ends from it."""
    sentence = head.sent
    for cue in ctx.cues:
        if not last < cue.start < sentence.end or ctx.doc[cue.start - 1].text != ",":
            continue
        if any(t.text in STOPS for t in ctx.doc[last + 1: cue.start]):
            continue
        phrase = cue_phrase(cue)
        rest = ctx.doc[max(phrase.right_edge.i, cue.end - 1) + 1: sentence.end]
        if any(not t.is_punct and not t.is_space for t in rest) or any(t.text == "," for t in rest):
            continue
        doer = phrase_doer(ctx, phrase, head)
        if speaking(ctx, doer):
            return doer
    return None


def cue_phrase(cue: Span) -> Token:
    """The noun phrase a selon / d'après cue introduces ("selon | un document", "d' | après | X")."""
    phrase = cue[0].head if cue[0].dep_ in ("case", "fixed", "mark") else cue[-1]
    return phrase.head.head if phrase.dep_ == "fixed" else phrase


def speaking(ctx: Context, doer: Doer | None) -> bool:
    """A doer a cue can give as source: anonymous, or an actor who can speak (`speaks`)."""
    return doer is not None and (doer.anonymous or speaks(ctx, doer.actor_id))


def incise_source(ctx: Context, head: Token, last: int) -> Doer | None:
    """ "P, a indiqué l'autorité": a speech incise later in the sentence reports P."""
    for token in head.sent:
        if token.i <= last or not is_main(token) or not speech(ctx, token):
            continue
        if incise(ctx, token) and not any(que_clause(c) for c in token.children):
            # the subject, or the inverted subject the parser read as object or complement
            after = [c for c in token.children if c.i > token.i and c.pos_ in ("NOUN", "PROPN")
                     and case_of(c) == ""]  # not "à Keystone-ATS": who was told
            ranked = subjects(token) + sorted(after, key=lambda c: c.dep_ != "obj")
            for doer in (phrase_doer(ctx, c, token) for c in ranked):
                if doer is not None:
                    return doer
    return None
