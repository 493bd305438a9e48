"""The words of a claim: from its fronted adjuncts and subject to its end, less detached clauses on
the right but with a trailing participle that reports nothing; and the sentence it sits in.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.claims.context import Context, closes_inside, region_of
from pipeline.claims.frames import propositions, purpose, reporting_participle, speech, trailing_participle
from pipeline.claims.lexicon import DASHES, Draft, FRONTED_DEPS
from pipeline.claims.repairs import (
    apposition_subject, incise_antecedent, infinitive_conjunct, misread_lemma, orphan_subject, resumes, separate,
    stranded_complement,
)
from pipeline.fr.marks import CLOSING, OPENING
from pipeline.fr.syntax import (
    DETACHED_AFTER, STOPS, child, cleft_focus, finite, group_start, relative, subjects, verb_group,
)


def extent(ctx: Context, head: Token) -> tuple[int, int]:
    """The clause from its subject to its end, without detached clauses, trailing punctuation or cue."""
    words = kept(ctx, head)
    last = max(words)
    region = region_of(ctx, head.i)
    for i in range(head.i + 1, last + 1):
        token = ctx.doc[i]
        if token.text in STOPS or token.is_sent_start or (region and i == region[1]):
            last = i - 1
            break
    for i in range(head.i + 1, last + 1):
        if ctx.doc[i].dep_ == "conj" and ctx.doc[i].head.i != head.i and misread_lemma(ctx, ctx.doc[i]):
            last = i - 2 if ctx.doc[i - 1].pos_ == "CCONJ" else i - 1  # "… un barème | et compte …"
            break
    first = start_of(ctx, head, words)
    for i in range(head.i - 1, first - 1, -1):
        if ctx.doc[i].text in STOPS:
            first = i + 1
            break
    for cue in ctx.cues:
        if head.i < cue.start <= last and ctx.doc[cue.start - 1].text == ",":
            last = cue.start - 2
    while last > first and ctx.doc[last].is_punct and not closes_inside(ctx, last, first):
        last -= 1
    if last + 1 < len(ctx.doc) and ctx.doc[last + 1].text in CLOSING and closes_inside(ctx, last + 1, first):
        last += 1  # "dénonçant une décision « injuste »": the mark that closes a quotation the claim opens
    while first < last and (ctx.doc[first].is_punct and ctx.doc[first].text not in OPENING
                            or ctx.doc[first].dep_ == "cc"):
        first += 1
    return first, last


def kept(ctx: Context, head: Token) -> set[int]:
    """The head and its dependents, less punctuation, coordinated clauses and detached clauses on the right."""
    kept = {head.i}
    stack = [head]
    stranded = stranded_complement(head)
    if stranded is not None:
        kept.add(stranded.i)
        stack.append(stranded)
    while stack:
        token = stack.pop()
        for c in token.children:
            if c.dep_ in ("punct", "parataxis") or (token.i == head.i and c.dep_ == "cc"):
                continue
            if c.i > head.i and c.pos_ == "VERB" and reporting_participle(ctx, c):
                continue  # "… en estimant que P": P is a claim of its own (`participle_frames`)
            if c.i > head.i and c.pos_ == "VERB" and propositions(ctx, c) and purpose(c, head):
                continue  # "a dû intervenir | pour assurer que P": P is a claim of its own
            if c.i == head.head.i and token.i != head.i:
                continue  # the subject the stranded complement shares with the head
            if token.i == head.i and c.i > head.i and c.dep_ in ("advcl", "conj") and speech_incise(ctx, c):
                continue  # "P, a déclaré le ministère": the incise that reports P
            if c.dep_ == "conj" and (token.i == head.i and separate(ctx, c) or misread_lemma(ctx, c)
                                     or infinitive_conjunct(c) is not None):
                continue  # also "un barème et compte renforcer …": a misread verb hung on a noun
            if c.i > head.i and c.left_edge.i > 0 and ctx.doc[c.left_edge.i - 1].text in DETACHED_AFTER \
                    and (c.dep_ in ("advcl", "acl", "acl:relcl", "appos", "conj", "dep") or c.lower_ == "ce") \
                    and not trailing_participle(c):
                continue
            kept.add(c.i)
            stack.append(c)
    return kept


def speech_incise(ctx: Context, verb: Token) -> bool:
    """A speech verb after a comma with its subject after it, which the parser hung on the clause
    it reports."""
    return (speech(ctx, verb) and ctx.doc[group_start(verb) - 1].text == ","
            and any(s.i > verb.i for s in subjects(verb)) and not any(s.i < verb.i for s in subjects(verb)))


def start_of(ctx: Context, head: Token, kept: set[int]) -> int:
    """The subject's first word; the clause taken up by "ce que"; the split-off subject."""
    if resumes(ctx, head):
        ce = head.head
        before = [t.i for t in ctx.doc[head.sent.start: ce.i - 1] if t.text in (",",) or t.text in STOPS]
        start = before[-1] + 1 if before else head.sent.start
        # the clause taken up, from its verb on ("interdisent à ASML …, ce que La Haye a refusé"):
        # the nearest finite verb before ce, read positionally (the parser hangs ce anywhere)
        verb = next((t for t in reversed(ctx.doc[start: ce.i - 1])
                     if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "aux:tense", "aux:pass", "cop")
                     and finite(t) and not relative(t)), None)
        return group_start(verb) if verb is not None else start
    focus = cleft_focus(head)
    if focus is not None:  # "C'est Eutelsat, qui …, qui apparaît": from the focus on
        return min([focus.i] + [c.left_edge.i for c in focus.children if c.i < focus.i
                                and c.dep_ not in ("cop", "expl:subj", "nsubj", "advmod", "punct", "cc")])
    before = [s.left_edge.i for s in subjects(head) if s.i < head.i]
    if before:
        return fronted(ctx, head, min(before))
    antecedent = incise_antecedent(ctx, head)
    if antecedent is not None:
        return antecedent.left_edge.i
    words = orphan_subject(ctx, head)
    if words is not None and child(head, "obl:agent") is None:
        return fronted(ctx, head, words.start)
    apposed = apposition_subject(ctx, head)
    if apposed is not None:
        return fronted(ctx, head.head, apposed.left_edge.i)
    return min(i for i in kept if i >= head.sent.start)


def fronted(ctx: Context, head: Token, first: int) -> int:
    """Where the clause starts once the adjuncts fronted before its subject are in: "Dans son
    enquête, | la Cnil a constaté", "Après avoir écopé d'une amende, | Musk a réagi" (the gold
    convention quotes the whole main clause). Not a subordinate clause with a subject of its
    own ("Si la Commission reproche …,"), a selon phrase (the source, not the claim), a dateline
    ("BRUXELLES (Reuters) -") nor anything across a full stop."""
    cues = {t.i for cue in ctx.cues for t in cue}
    candidates = [c for verb in verb_group(head) for c in verb.children
                  if c.i < first and c.dep_ in FRONTED_DEPS]
    while True:
        j = first - 1
        while j >= head.sent.start and ctx.doc[j].text == ",":
            j -= 1
        adjunct = next((c for c in candidates if c.right_edge.i == j), None)
        if adjunct is None:
            return first
        words = ctx.doc[adjunct.left_edge.i: adjunct.right_edge.i + 1]
        if (any(t.i in cues or t.text in STOPS or t.text in DASHES for t in words)
                or any(subjects(t) and finite(t) for t in words if t.pos_ in ("VERB", "AUX", "ADJ", "NOUN"))
                or adjunct.left_edge.i < head.sent.start):
            return first
        first = adjunct.left_edge.i


def sentence_of(ctx: Context, draft: Draft) -> tuple[int, int]:
    """Document offsets of the sentence the claim sits in, cut at full stops inside quotations."""
    sentence = ctx.doc[draft.first].sent
    start, end = sentence.start, sentence.end
    for i in range(draft.first - 1, sentence.start - 1, -1):
        if ctx.doc[i].text in STOPS:
            start = i + 1
            break
    for i in range(draft.last + 1, sentence.end):
        if ctx.doc[i].text in STOPS:
            end = i + 1
            break
    span = ctx.doc[start:end]
    return ctx.offset + span.start_char, ctx.offset + span.end_char
