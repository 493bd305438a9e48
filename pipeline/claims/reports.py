"""Drafts: a clause's claim built whole (`draft`), the propositions a reporter holds (`proposition`,
`holder`), and the reports of a verb the tagger misread (`misread`, `unread_report`); see
`pipeline.claims.frames` for the rules.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from pipeline.claims.antecedents import antecedent
from pipeline.claims.context import Context, mention_on, quote_around, speaks
from pipeline.claims.descriptions import stands_for
from pipeline.claims.extent import extent
from pipeline.claims.frames import propositions, speech, volitive
from pipeline.claims.lexicon import ANONYMOUS, DESCRIPTIVE_METHODS, Doer, Draft, MODALITY_PRECEDENCE, signatures
from pipeline.claims.polarity import denial, denies, hedged, lexical_modality, negated
from pipeline.claims.repairs import clause_end, misread_lemma, words_before
from pipeline.claims.sources import source
from pipeline.claims.subjects import doer, impersonal, span_doer
from pipeline.fr.syntax import (FIRST_PERSON, NE, QUE, THIRD_PERSON, chain, finite, group_start, infinitive_form,
                                passive, subjects)


def draft(ctx: Context, head: Token, actor: Doer, reporter: Doer | None = None, denied: bool = False,
          inherited: str = "", firm: bool = False) -> Draft:
    """The claim of a clause, whole: its words, source, polarity and modality, given its actor."""
    first, last = extent(ctx, head)
    origin, quote_id = source(ctx, head, first, last, reporter, firm)
    if origin is None and actor.actor_id and self_incise(ctx, head):
        origin = actor  # "X convoque …, a-t-elle annoncé": X reports it
    polarity = "deny" if denied or negated(ctx, head) or denial(ctx, head) else "affirm"
    applies = {"reported": origin is not None, "conditional": hedged(ctx, head),
               lexical_modality(ctx, head) or inherited: True}
    modality = next((m for m in MODALITY_PRECEDENCE if applies.get(m)), "asserted")
    return Draft(first=first, last=last, head=head, actor=actor, source=origin, polarity=polarity,
                 modality=modality, quote_id=quote_id)


def self_incise(ctx: Context, head: Token) -> bool:
    """ "La ministre convoque l'ambassadeur, a-t-elle annoncé": a speech incise after a comma, hung
    on the clause, whose only subject is an inverted il / elle takes up the clause's subject."""
    for token in head.children:
        if token.i <= head.i or not speech(ctx, token) or ctx.doc[group_start(token) - 1].text != ",":
            continue
        own = [s for s in subjects(token) if s.lower_.lstrip("-") not in ("t", "")]
        if own and all(s.lower_.startswith("-") and s.lower_.lstrip("-") in THIRD_PERSON for s in own):
            return True
    return False


def proposition(ctx: Context, head: Token, frame: Token, reporter: Doer | None) -> Iterator[Draft]:
    """P of "X a déclaré que P": P's doer, else X who holds it; source X."""
    if any(s.lower_ in FIRST_PERSON for s in subjects(head)):
        return  # "Nous avons constaté …": the quotation itself
    who = doer(ctx, head)
    nested = propositions(ctx, head)
    if nested:
        for clause_head, inner in nested:
            yield from proposition(ctx, clause_head, inner, who)
        return
    first, last = extent(ctx, head)
    quote = quote_around(ctx, ctx.offset + ctx.doc[first].idx, ctx.offset + ctx.doc[last].idx + len(ctx.doc[last]))
    firm = named_reporter(ctx, frame, reporter)
    if quote is not None and speaks(ctx, quote.speaker_actor_id) and not firm:
        reporter = Doer(quote.speaker_actor_id, quote.speaker_name, how="quote")
    actor = holder(ctx, head, reporter)
    if actor is None or actor.anonymous:
        return
    denied = bool(signatures(frame) & ctx.lexicon.denial)
    yield draft(ctx, head, actor, reporter=reporter or ANONYMOUS, denied=denied, firm=firm)


def named_reporter(ctx: Context, frame: Token, reporter: Doer | None) -> bool:
    """The reporter is an actor this stage read off a name, or off a noun the actor stage left
    alone ("Le groupe de Mark Zuckerberg conteste que P"): it stands against the quote stage's
    speaker, which is preferred for a pronoun ("Il a précisé que P") or a description the actor
    stage resolved ("Le milliardaire a reconnu que P"), whose antecedent it judges better."""
    if reporter is None or not reporter.actor_id:
        return False
    verb = frame
    while not subjects(verb) and verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head
    found = subjects(verb)
    described = [mention_on(ctx, s) for s in found]
    return bool(found) and all(s.pos_ in ("NOUN", "PROPN") and s.lower_ not in THIRD_PERSON for s in found) \
        and not any(m is not None and m.method in DESCRIPTIVE_METHODS for m in described)


def holder(ctx: Context, head: Token, reporter: Doer | None) -> Doer | None:
    """Whose proposition P is: its doer, else its reporter.

    "SFR a assuré que l'opérateur sera prêt", "Breton a répété qu'il ne briguerait pas": a
    pronoun or a description in the que-clause that fits the reporter is the reporter, even where
    the actor stage resolved the description to another actor.
    """
    if reporter is not None and reporter.actor_id and any(
            stands_for(ctx, s, reporter) for s in subjects(head) if s.dep_ == "nsubj"):
        return reporter
    if reporter is not None and reporter.actor_id and evaluation(ctx, head):
        return reporter  # "Trudeau a dit que l'entreprise était irresponsable": his judgement
    who = doer(ctx, head)
    if who is None and reporter is not None and not impersonal(ctx, head):
        pronoun = next((s for s in subjects(head) if s.dep_ == "nsubj" and s.lower_ in THIRD_PERSON), None)
        loose = antecedent(ctx, pronoun, head, loose=True) if pronoun is not None else None
        if loose is not None and loose.actor_id != reporter.actor_id:
            return loose  # "… contre Meta en estimant qu'il ne respectait pas": il is not the UE
    return who if who is not None and not who.anonymous else reporter


def evaluation(ctx: Context, head: Token) -> bool:
    """A copula and an adjective or noun that judges the subject ("était « irresponsable »", "n'est
    plus un simple gendarme"), not a state of its own (claims.jsonl STANCE: "est conscient", "est
    prêt à", "est victime"; "était en discussion avec"), nor a passive ("n'est pas autorisé")."""
    return head.pos_ in ("ADJ", "NOUN") and any(c.dep_ == "cop" for c in head.children) \
        and not any(c.dep_ == "case" for c in head.children) \
        and head.i not in ctx.marks.get("STANCE", ()) and not passive(head)


def misread(ctx: Context, token: Token) -> Draft | None:
    """ "Le dirigeant compte rencontrer", "La CNIL, présidée par …, juge que P": a verb the tagger misread.

    A form whose infinitive is a verb of our lists (`misread_lemma`), after its subject and before
    an infinitive, a determiner (its object) or que. The subject is the noun phrase before it,
    over comma-delimited incises (`words_before`); after et, the subject of the verb before.
    Before que, the claim is the reported proposition (`misread_report`).
    """
    lemma = misread_lemma(ctx, token)
    if not lemma:
        return None
    after = next((t for t in ctx.doc[token.i + 1: token.i + 4] if t.pos_ != "ADV"), None)
    if after is None or not (infinitive_form(after, ctx.lexicon.not_infinitives) or after.pos_ == "DET"
                             or after.lower_ in QUE):
        return None
    if after.dep_ == "xcomp" and finite(after.head) and after.head.i != token.i:
        return None  # the parser found the finite verb after all
    first, who = misread_subject(ctx, token)
    if who is None or who.anonymous:
        return None
    if after.lower_ in QUE:
        return misread_report(ctx, token, after, lemma, who)
    head = after if after.pos_ != "DET" else token
    base = draft(ctx, head, who)
    last = base.last if after.pos_ != "DET" else clause_end(ctx, token)
    words_of = {lemma, f"{lemma} faire"}
    lexical = ("obligation" if words_of & ctx.lexicon.obligation else
               "intended" if words_of & ctx.lexicon.intention else "")
    applies = {base.modality: True, lexical: True}
    modality = next((m for m in MODALITY_PRECEDENCE if applies.get(m)), "asserted")
    obj = after.head if after.pos_ == "DET" else after
    denied = ctx.doc[token.i - 1].lower_ in NE or denies(ctx, lemma, obj, token)
    return Draft(first=first, last=last, head=head, actor=who, source=base.source,
                 polarity="deny" if denied else "affirm", modality=modality, quote_id=base.quote_id, predicate=lemma)


def misread_subject(ctx: Context, token: Token) -> tuple[int, Doer | None]:
    """Where the subject of a misread verb starts, and whom it names.

    "… dénonce une mesure et conteste que P": after a coordinating word, the verb before shares
    its subject with this one (the claim then starts at the misread verb).
    """
    before = next((t for t in reversed(ctx.doc[token.sent.start: token.i]) if t.pos_ != "ADV"), None)
    if before is not None and before.pos_ == "CCONJ" and before.lower_ in ("et", "puis", "mais"):
        verbal = token.dep_ == "conj" and token.head.i < token.i and token.head.pos_ in ("VERB", "AUX")
        shared = token.head if verbal else next(
            (t for t in reversed(ctx.doc[token.sent.start: before.i]) if t.pos_ in ("VERB", "AUX")
             and finite(t)), None)
        return token.i, (doer(ctx, shared) if shared is not None else None)
    words = words_before(ctx, token.i)
    if words is None:
        return token.i, None
    return words.start, span_doer(ctx, words, token)


def misread_report(ctx: Context, token: Token, que: Token, lemma: str, reporter: Doer,
                   reach: int = 0) -> Draft | None:
    """ "X juge que P" with juge misread: P is the claim, its doer else X; source X. The claim runs at
    least to token `reach` (the end of a clause the parser lost: `unread_report`)."""
    last = clause_end(ctx, token)
    words = ctx.doc[que.i + 1: last + 1]
    verbs = [t for t in words if t.pos_ in ("VERB", "AUX")]
    head = next((t for t in verbs if not (que.i < t.head.i <= last and t.head.pos_ in ("VERB", "AUX"))),
                verbs[0] if verbs else None)
    if head is None:
        return None
    if head.dep_ == "cop" or head.dep_.startswith("aux"):  # "que ses produits | soient moins sûrs"
        head = head.head
    if not finite(head):  # "que refuser les cookies | doit être …": the finite verb is the predicate
        head = next((t for t in verbs if finite(t) and head.i < t.i and t in head.subtree), head)
    wished = {lemma, f"{lemma} que"} & ctx.lexicon.volition
    if wished or not (lemma in ctx.lexicon.speech or ctx.lexicon.denier(lemma)):
        return None  # "souhaite que P": the wish is the holder's own claim (see `clause`)
    actor = holder(ctx, head, reporter)
    base = draft(ctx, head, actor, reporter=reporter, denied=bool({lemma, f"{lemma} que"} & ctx.lexicon.denial))
    return Draft(first=que.i + 1, last=max(base.last, head.i, reach), head=head, actor=actor, source=base.source,
                 polarity=base.polarity, modality=base.modality, quote_id=base.quote_id)


def unread_report(ctx: Context, head: Token, reporter: Doer) -> Draft | None:
    """ "La Cnil a rappelé que | refuser les cookies doit être aussi simple …": the parser hung que
    on an infinitive subject and lost the clause; read it positionally from que to the end of the
    clause, as for a misread verb (`misread_report`): its doer, else the reporter who holds it."""
    for verb in chain(head):
        if not speech(ctx, verb) or volitive(ctx, verb):
            continue
        for c in verb.children:
            que = next((m for m in c.children if m.lower_ in QUE and m.dep_ == "mark"), None)
            if c.i > verb.i and que is not None and que.i > verb.i:
                return misread_report(ctx, verb, que, verb._.lemma, reporter, reach=clause_end(ctx, verb))
    return None
