"""Third-person pronouns: the latest compatible actor before them (`antecedent`), and what that reads
of a mention (its head token, gender and number, whether it is a core argument).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.claims.context import Context
from pipeline.claims.lexicon import (
    ANTECEDENT_TYPES, CORE_DEPS, DESCRIPTIVE_METHODS, Doer, NAMING_CASES, NAMING_DEPS,
)
from pipeline.fr.syntax import QUE, THIRD_PERSON, case_of
from pipeline.records import Mention


def antecedent(ctx: Context, pronoun: Token, head: Token, loose: bool = False) -> Doer | None:
    """The latest actor before the pronoun, from the previous sentence on, that can be it.

    It must act (PER, ORG, GOV, MEDIA), lie outside the pronoun's own clause, agree in
    gender and number where known, and be a core argument (subject, object, agent) of
    its clause: a noun deep in another phrase ("accès à Pékin") is rarely taken up by il.
    `loose`: the second chance of a que-clause whose reporter the pronoun cannot be ("l'UE a
    ouvert la voie à des sanctions contre Meta en estimant qu'il ne respectait pas …"): any
    such actor of the pronoun's own sentence, core or not.
    """
    gender, number = THIRD_PERSON[pronoun.lower_]
    reporter = reporting_subject(ctx, pronoun)
    if reporter is not None and agrees(ctx, reporter, gender, number):
        return Doer(reporter.actor_id, reporter.name, how="pronoun")
    own = (ctx.offset + head.left_edge.idx, ctx.offset + head.right_edge.idx + len(head.right_edge))
    if pronoun.dep_ not in ("nsubj", "nsubj:pass"):
        own = (0, 0)  # "selon lui" may be the clause's own subject
    window = ctx.offset + pronoun.sent.start_char if loose else window_start(ctx, pronoun)
    position = ctx.offset + pronoun.idx
    for mention in reversed(ctx.index.mentions):
        if mention.end > position or mention.start < window:
            continue
        if mention.type not in ANTECEDENT_TYPES or own[0] <= mention.start < own[1]:
            continue
        if agrees(ctx, mention, gender, number) and (loose or core(ctx, mention)):
            if number == "Plur":
                mention = first_conjunct(ctx, mention)
            return Doer(mention.actor_id, mention.name, how="pronoun")
    return None if loose or number != "Sing" else last_speaker(ctx, gender, window, position)


def first_conjunct(ctx: Context, mention: Mention) -> Mention:
    """ "Eva De Bleeker et Mathieu Michel ont réclamé … Ils ont annoncé …", "tant Swisscom que
    Sunrise ont indiqué … Ils entendent …": ils / elles that take up a coordination of actors are
    held by its first (the annotation convention for a coordinated subject), not by the latest."""
    head = mention_head(ctx, mention)
    if head is None:
        return mention
    first = head
    while first.head.i != first.i and (first.dep_ == "conj" or first.dep_ in ("nmod", "dep") and any(
            c.dep_ == "mark" and c.lower_ == "que" for c in first.children)
            and any(c.lower_ == "tant" for c in first.head.children)):
        first = first.head  # "tant X que Y": Y hung on X
    if first.i != head.i:
        segment = ctx.segment if first.doc is ctx.segment.doc else ctx.previous
        start = segment.start + first.idx
        found = ctx.index.covering(start, start + len(first.text))
        if found is not None and found.type in ANTECEDENT_TYPES:
            return found
    return mention


def last_speaker(ctx: Context, gender: str, window: int, position: int) -> Doer | None:
    """ "« … », explique-t-il. Il ajoute que P. Il ordonne …": where no actor is named in reach, il
    / elle takes up the person the quote stage made the speaker of the latest quote in reach
    (whose own cue may be a pronoun it resolved), if the gazetteer's gender does not disagree."""
    said = [q for q in ctx.quotes if q.speaker_actor_id and window <= q.end <= position]
    if not said:
        return None
    quote = max(said, key=lambda q: q.end)
    known = ctx.lexicon.gender(quote.speaker_name)
    person = any(m.type == "PER" for m in ctx.index.mentions if m.actor_id == quote.speaker_actor_id)
    if not person or known and known != gender:
        return None
    return Doer(quote.speaker_actor_id, quote.speaker_name, how="pronoun")


def reporting_subject(ctx: Context, pronoun: Token) -> Mention | None:
    """ "La Chine a indiqué jeudi qu'elle va stopper …", parsed with "elle va" as the main clause and
    "a indiqué" hung on it: il / elle right after the que of a speech verb is that verb's subject,
    as in a well-parsed que-clause (`pipeline.claims.reports.holder`)."""
    if pronoun.i == 0 or ctx.doc[pronoun.i - 1].lower_ not in QUE:
        return None
    verb = next((t for t in reversed(ctx.doc[pronoun.sent.start: pronoun.i - 1]) if t.pos_ == "VERB"), None)
    if verb is None or verb._.lemma not in ctx.lexicon.speech:
        return None
    for s in verb.children:
        if s.dep_ == "nsubj" and s.i < verb.i:
            mention = ctx.index.covering(ctx.offset + s.idx, ctx.offset + s.idx + len(s.text))
            if mention is not None and mention.type in ANTECEDENT_TYPES and mention.method not in DESCRIPTIVE_METHODS:
                return mention
    return None


def window_start(ctx: Context, pronoun: Token) -> int:
    """Where antecedents may start: the previous sentence, in this paragraph or the one before."""
    sentences = [s for s in ctx.doc.sents if s.start <= pronoun.i]
    if len(sentences) >= 2:
        return ctx.offset + sentences[-2].start_char
    if ctx.previous is not None and ctx.previous.doc is not None:
        last = list(ctx.previous.doc.sents)[-1]
        return ctx.previous.start + last.start_char
    return ctx.offset


def agrees(ctx: Context, mention: Mention, gender: str, number: str) -> bool:
    """Gender and number of the mention's head noun, or the gazetteer's gender for a name."""
    head = mention_head(ctx, mention)
    known_gender = ctx.lexicon.gender(mention.name)
    if head is not None and head.pos_ == "NOUN" and determined(head, mention):
        known_gender = next(iter(head.morph.get("Gender")), known_gender)
    if known_gender and known_gender != gender:
        return False
    plural = head is not None and "Plur" in head.morph.get("Number") and determined(head, mention)
    return not (plural and number == "Sing")


def determined(head: Token, mention: Mention) -> bool:
    """The tagger's gender and number of a noun hold for a description or a name with its article
    ("la Commission"); for a bare name it tagged as a noun ("Google", "Bruxelles") they are guesses."""
    return (mention.method in DESCRIPTIVE_METHODS or head.lower_ == head.text
            or any(c.dep_ == "det" and c.lower_ in ("le", "la", "les", "un", "une", "ce", "cet", "cette", "ces")
                   for c in head.children))


def core(ctx: Context, mention: Mention) -> bool:
    """The mention heads, or names the head of, a subject, object or agent."""
    head = mention_head(ctx, mention)
    if head is None:
        return True  # a mention we cannot place is given the benefit of the doubt
    while head.head.i != head.i and (head.dep_ in NAMING_DEPS and case_of(head) in NAMING_CASES
                                     or agent_complement(ctx, head)):
        head = head.head  # also "un porte-parole du groupe a déclaré": the group speaks through it
    return head.dep_ in CORE_DEPS


def agent_complement(ctx: Context, token: Token) -> bool:
    """The de-complement of an agent noun (claims.jsonl AGENT_HEAD: "le porte-parole du groupe")."""
    if token.dep_ != "nmod" or case_of(token) != "de":
        return False
    start = ctx.segment.start if token.doc is ctx.doc else ctx.previous.start if ctx.previous else 0
    return start + token.head.idx in ctx.agent_heads


def mention_head(ctx: Context, mention: Mention) -> Token | None:
    for segment in (ctx.segment, ctx.previous):
        if segment is None or segment.doc is None:
            continue
        span = segment.doc.char_span(mention.start - segment.start, mention.end - segment.start,
                                     alignment_mode="expand")
        if span is not None and len(span):
            return span.root
    return None
