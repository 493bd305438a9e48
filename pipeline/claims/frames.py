"""Reporting frames: the speech and denial verbs that report a que-clause (`propositions`), the
participles and gerunds that report for their clause's doer, purpose clauses.

Reported propositions. "X a déclaré que P" (a speech or denial verb, or its infinitive: "a fait
savoir que"; volitive verbs excepted: what X wants is X's claim; a speech verb used with se,
"l'enquête se poursuit", unless listed so) gives one claim, P: its actor is P's doer, else X who
holds it; its source is X. So do a present participle after a comma and a gerund ("en estimant
que P"), the clause before them a claim without them; a speech verb in a purpose clause ("a dû
intervenir pour assurer que P") leaves the main clause a claim too. A speech verb with nothing of
its own to report (an incise "…, a indiqué l'autorité", the verb framing a direct quotation) is no
claim. In P, a pronoun or a description that fits X ("SFR a assuré que l'opérateur sera prêt") is X
(`holder`). A que-clause the parser lost ("a rappelé que refuser les cookies doit …") is read
from que to the end of the clause (`unread_report`). "X reproche à Y d'avoir fait P", "X accuse Y
de P" is X's act of accusing: actor X, no source (the annotators of every set read it so, seven
times out of ten).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.claims.context import Context
from pipeline.claims.lexicon import signatures
from pipeline.claims.polarity import denial
from pipeline.claims.repairs import misplaced_conjunct
from pipeline.fr.marks import OPENING
from pipeline.fr.syntax import (
    QUE, chain, child, finite, opened_by_conjunction, plain_que, predicative, que_clause, subjects,
    subjunctive, subordinated, verb_group,
)


def speech(ctx: Context, token: Token) -> bool:
    """A speech verb (speech_verbs.txt, or a cue of this paragraph's quotes); denials say something."""
    lemma = token._.lemma
    if ctx.lexicon.denier(lemma):
        return False
    group = verb_group(token)
    if any(t._.lemma == "faire" for t in group[1:]) or (
            token.dep_ == "xcomp" and token.head._.lemma == "faire"):
        lemma = f"faire {lemma}"  # "a fait savoir", "fait valoir"
    reflexive = any(c.lower_ in ("se", "s'", "s’") and c.i < token.i for verb in group for c in verb.children)
    if reflexive and lemma not in ctx.lexicon.reflexive_speech:
        return False  # "l'enquête se poursuivait" is no "poursuit-il"
    return lemma in ctx.lexicon.speech or any(lemma == q.cue for q in ctx.quotes)


def volitive(ctx: Context, verb: Token) -> bool:
    return (verb.i in ctx.marks.get("VOLITIVE", ())
            or bool(signatures(verb) & ctx.lexicon.volition))


def propositions(ctx: Context, head: Token) -> list[tuple[Token, Token]]:
    """Que-clauses reported by the predicate or its infinitive, with the verb that reports each.

    Also "X a déclaré : P", a clause after a colon hung on a speech verb.
    """
    found = []
    for verb in chain(head):
        if volitive(ctx, verb) or not (speech(ctx, verb) or denial(ctx, verb)):
            continue  # "prouver que", "craindre que": no report, the clause is the claim
        # the que-clause, also where the parser hung it as object, adverbial or conjunct
        candidates = list(verb.children) + [g for c in verb.children for g in c.children
                                            if g.dep_ == "conj" and c.dep_ in ("obj", "ccomp")]
        for c in candidates:
            opened = que_clause(c) or c.dep_ in ("advcl", "conj", "obj") and plain_que(c)
            reported = opened and (not subjunctive(c) or signatures(verb) & ctx.lexicon.denial)
            stated = (c.dep_ in ("ccomp", "advcl", "parataxis") and not plain_que(c) and c.i > verb.i
                      and speech(ctx, verb) and not subordinated(c) and subjects(c)
                      and ctx.doc[c.left_edge.i - 1].text in OPENING | {":"})  # "a expliqué : « P »"
            if (reported or stated) and predicative(c) and (c.dep_ != "obj" or c.pos_ in ("VERB", "AUX")
                                                            or child(c, "cop") is not None):
                found.append((c, verb))
                found += [(conj, verb) for conj in c.children if conj.dep_ == "conj"
                          and conj.pos_ in ("VERB", "AUX", "ADJ") and finite(conj)
                          and not opened_by_conjunction(conj) and misplaced_conjunct(conj) is None]
    return found


def purpose(frame: Token, head: Token) -> bool:
    """ "Marco Rubio a dû intervenir pour assurer que P": the verb that reports P sits in a purpose
    clause of the head (pour, afin de), so the head is a claim of its own beside P."""
    token = frame
    while token.i != head.i and token.head.i != token.i:
        if any(c.dep_ == "mark" and c.lower_ in ("pour", "afin") for c in token.children):
            return True
        token = token.head
    return False


def participle_frames(ctx: Context, head: Token) -> list[Token]:
    """ "…, assurant que P", "… en estimant que P": a present participle or a gerund in the clause
    reports for its doer."""
    return [t for t in head.subtree if t.i != head.i and reporting_participle(ctx, t)]


def reporting_participle(ctx: Context, token: Token) -> bool:
    """A present participle after a comma, a gerund (en + participle), or an infinitive after
    "avant de" / "après" ("…, a écrit Elon Musk, avant de préciser qu'il ne le ferait jamais"),
    that reports a que-clause."""
    if token.pos_ == "VERB" and "Inf" in token.morph.get("VerbForm"):
        marks = [c.lower_ for c in token.children if c.dep_ == "mark" and c.i < token.i]
        return bool(marks) and marks[0] in ("avant", "après") and bool(propositions(ctx, token))
    if not ("Part" in token.morph.get("VerbForm") and "Pres" in token.morph.get("Tense")):
        return False
    gerund = any(c.lower_ == "en" and c.i == token.i - 1 for c in token.children)
    return (ctx.doc[token.i - 1].text == "," or gerund) and bool(propositions(ctx, token))


def trailing_participle(verb: Token) -> bool:
    """ ", dénonçant une décision « injuste »", ", ciblant les institutions": a present participle
    after a comma goes on with the clause (the gold convention quotes it with the clause), unless
    it reports a proposition of its own (", estimant que P": P is a claim, see `participle_frames`)."""
    return (verb.pos_ == "VERB" and "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense")
            and verb.lower_.endswith("ant") and not any(que_clause(c) or plain_que(c) for c in verb.children))


def reports_unread(ctx: Context, head: Token) -> bool:
    """A speech verb whose que-clause the parser mangled: the report is no claim of the speaker."""
    return any(speech(ctx, verb) and not volitive(ctx, verb) and any(
        c.i > verb.i and any(m.lower_ in QUE and m.dep_ == "mark" for m in c.children) for c in verb.children)
        for verb in chain(head))


def has_complement(head: Token) -> bool:
    """Something said or done: a clause, an infinitive, or an object that is no inverted subject."""
    inverted = not subjects(head) and head.dep_ != "conj"
    return any(c.dep_ in ("ccomp", "xcomp", "obl:arg") or c.dep_ == "obj" and not (inverted and c.i > head.i)
               for c in head.children)
