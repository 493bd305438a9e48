"""Doer. A subject phrase names an actor when a mention covers its head word, names it in
apposition, coordination or as a bare modifier ("l'administration Biden" → Joe Biden), is a
person's name after a comma deeper in the phrase ("le ministre chargé du numérique, Jean-Noël
Barrot"), or follows de after an agent noun (claims.jsonl AGENT_HEAD: "le gouvernement de
Trump", "le collège de l'Arcom", not "la requête de la Maison Blanche" nor a single person's
office, "le patron de Free"); named mentions win over descriptions. Of two subjects the parser
gives one verb, the named one nearest it, never one inside a quotation the verb is outside of.
A place (LOC: the actor stage found no acting verb) does not act. "il/elle/ils/elles" is the
latest compatible actor before it (`antecedent`; the organisation a spokesperson speaks for
counts as a subject); an impersonal "il" is no one; "je/nous" give no claim: the statement is
the quotation itself, already a quote with its speaker. A definite singular description the
actor stage left unresolved is, first that applies: the organisation the gazetteer gives the
person of its de-complement ("le groupe de Mark Zuckerberg", when the article names it:
`affiliated`); the one person the article gave the same role words right before the name ("le
Premier ministre, Gabriel Attal": `named_role`); the one actor the article gave the same agent
noun as de-complement ("le collège de l'Arcom": `named_agent`); the latest actor of a type it fits
(descriptions.jsonl), from the previous sentence or the paragraph on, a subject before one named
in a complement (`salient`; not "le gouvernement", an institution of its own); the only actor of
its kind the article named ("l'opérateur" → the one telecom operator: `only_of_kind`). Where none
applies, the claim is kept with an empty actor (`UNDECIDED`): someone acts, the rules cannot say
who, and a wrong actor would be counted silently.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.claims.antecedents import antecedent
from pipeline.claims.context import Context, mention_on, region_of
from pipeline.claims.descriptions import described, undecided
from pipeline.claims.lexicon import (
    ACTING_OR_PLACE,
    ANONYMOUS, DESCRIPTIVE_METHODS, Doer, INACTIVE_TYPES, NAMING_CASES, NAMING_DEPS, PASSIVE_SUBJECT_ACTS,
    ROLE_NOUN, UNDECIDED,
)
from pipeline.claims.repairs import (
    apposition_subject, incise_antecedent, infinitive_conjunct, inverted_subject, orphan_subject, resumes,
    words_before,
)
from pipeline.fr.syntax import (
    FIRST_PERSON, THIRD_PERSON, case_of, chain, child, cleft_focus, finite, infinitive, passive, subjects,
)
from pipeline.records import Mention


def doer(ctx: Context, head: Token) -> Doer | None:
    """The actor the clause's agent, subject, shared subject or orphan subject names."""
    agent = child(head, "obl:agent")
    if agent is not None:
        return phrase_doer(ctx, agent, head)
    focus = cleft_focus(head)
    if focus is not None:
        return phrase_doer(ctx, focus, head)  # "c'est X qui V": X does V
    found = subjects(head)
    # "Amazon est contraint de vendre": a passive with an infinitive is about what its subject does
    acts = not passive(head) or PASSIVE_SUBJECT_ACTS or any(
        c.dep_ == "xcomp" and infinitive(c) for c in head.children)
    acting = [s for s in found if (s.dep_ == "nsubj" or acts) and not quoted_apart(ctx, s, head)]
    # two subjects is a bad parse: the named one nearest the verb ("Après quatre mois, 178
    # personnes auditionnées, le président …, Arthur Delaporte, souligne"), an anonymous one last
    doers = [phrase_doer(ctx, s, head) for s in sorted(acting, key=lambda s: abs(s.i - head.i))]
    who = next((d for d in doers if d is not None and not d.anonymous), None)
    if who is None and any(undecided(ctx, s) for s in acting):
        return UNDECIDED  # "le gouvernement comptait …", no actor fits: the claim, with no actor
    if who is not None or found:
        return who or next((d for d in doers if d is not None), None)
    apposed = apposition_subject(ctx, head) or incise_antecedent(ctx, head) or inverted_subject(ctx, head)
    if apposed is not None:
        return phrase_doer(ctx, apposed, head) or (UNDECIDED if undecided(ctx, apposed) else None)
    if head.dep_ == "conj" and head.head.i != head.i:
        return doer(ctx, infinitive_conjunct(head) or head.head)
    words = orphan_subject(ctx, head)
    return span_doer(ctx, words, head) if words is not None else None


def has_doer_slot(ctx: Context, head: Token) -> bool:
    """A subject, a passive agent, a subject shared with a coordinated verb, or one the parser hung elsewhere."""
    if subjects(head) or child(head, "obl:agent") is not None:
        return True
    if head.dep_ == "conj" and head.pos_ in ("VERB", "AUX", "ADJ") and finite(head):
        return has_doer_slot(ctx, infinitive_conjunct(head) or head.head)
    return (orphan_subject(ctx, head) is not None or apposition_subject(ctx, head) is not None
            or incise_antecedent(ctx, head) is not None or resumes(ctx, head))


def impersonal(ctx: Context, head: Token) -> bool:
    """ "il faut", "il s'agit", "il y a", "il est possible de": the subject il is no one."""
    if any(c.dep_ in ("expl:subj", "expl") and c.pos_ == "PRON" for c in head.children):
        return True
    if any(t.i in ctx.marks.get("IMPERSONAL", ()) for t in chain(head)):
        return True
    if any(c.lower_ == "y" for c in head.children):
        return True
    return head.pos_ in ("ADJ", "NOUN") and any(c.dep_ in ("csubj", "ccomp", "xcomp") for c in head.children)


def quoted_apart(ctx: Context, subject: Token, head: Token) -> bool:
    """A subject inside a quotation that its verb is outside of ("« Je suis sur Twitter … »,
    sourit le sénateur"): a bad parse, not the verb's subject."""
    region = region_of(ctx, subject.i)
    return region is not None and region != region_of(ctx, head.i)


def span_doer(ctx: Context, words: Span, head: Token) -> Doer | None:
    """The actor an orphan subject names, read from its roots; else the apposition before it.

    "Elon Musk, proche conseiller de M. Trump, | figurerait": the phrase next to the verb is
    an apposition, the subject is before its comma.
    """
    for _ in range(2):
        roots = [t for t in words if not words.start <= t.head.i < words.end or t.head.i == t.i]
        for doer in (phrase_doer(ctx, t, head, places=True) for t in roots):
            if doer is not None and not doer.anonymous:
                return doer
        if words.start == 0 or ctx.doc[words.start - 1].text != ",":
            return None
        words = words_before(ctx, words.start - 1)
        if words is None:
            return None
    return None


def phrase_doer(ctx: Context, token: Token, head: Token, places: bool = False) -> Doer | None:
    """The actor a noun phrase names, a pronoun resolved, or an anonymous source.

    "je" and "nous" name no actor: the statement is the quotation itself, already a quote
    with its speaker (and the gold convention does not ask for it).
    """
    lower = token.lower_
    if lower in THIRD_PERSON:
        return None if impersonal(ctx, head) else antecedent(ctx, token, head)
    if lower in FIRST_PERSON:
        return None
    mention = naming_mention(ctx, token, places) or named_elsewhere(ctx, token)  # "TikTok" is tagged PRON
    if mention is not None:
        return Doer(mention.actor_id, mention.name,
                    how="description" if mention.method in DESCRIPTIVE_METHODS else "name")
    if token.pos_ == "PRON":
        return None
    if token.i in ctx.marks.get("ANONYMOUS_SOURCE", ()) and token.pos_ == "NOUN":
        return ANONYMOUS
    if token.pos_ != "NOUN":
        return None
    return described(ctx, token)


def acronym_mention(ctx: Context, token: Token) -> Mention | None:
    """ "le Centre national de cybersécurité (NCSC)": the name in parentheses that closes a phrase
    is the phrase's own short name, wherever the parser hung it; not after a person's office ("le
    président de l'Autorité (Arcom)" is a person), nor a person's name."""
    end = token.right_edge.i
    if ctx.doc[end].text != ")" and end + 1 < len(ctx.doc) and ctx.doc[end + 1].text == ")":
        end += 1  # the parser hung the closing parenthesis on the verb
    if token.i in ctx.marks.get(ROLE_NOUN, ()) or ctx.doc[end].text != ")" or end - token.i < 3:
        return None
    if any(t.text == "," or t.pos_ == "CCONJ" for t in ctx.doc[token.i: end]):
        return None  # "les pays occidentaux, notamment les États-Unis mais aussi l'Union européenne (UE)"
    inner = ctx.doc[end - 1]
    if ctx.doc[end - 2].text != "(" or inner.pos_ not in ("PROPN", "NOUN", "X"):
        return None
    mention = mention_on(ctx, inner)
    return mention if mention is not None and mention.type not in INACTIVE_TYPES | {"PER"} else None


def reaches_parenthesis(ctx: Context, token: Token) -> bool:
    """The mention on the phrase's head runs to the word before the parenthesis of its short name:
    it is the whole name, not a piece of it the actor stage cut short."""
    mention = mention_on(ctx, token)
    opening = max((t.i for t in ctx.doc[token.i: token.right_edge.i + 1] if t.text == "("), default=None)
    if mention is None or opening is None:
        return True
    before = ctx.doc[opening - 1]
    return mention.end >= ctx.offset + before.idx + len(before)


def named_elsewhere(ctx: Context, token: Token) -> Mention | None:
    """ "Desjardins compte sept millions de membres": a subject name the actor stage left unmarked
    here but linked elsewhere in the article, word for word, is that actor (not a description, nor a
    place the gazetteer knows as one)."""
    if token.dep_ != "nsubj" or not token.text[:1].isupper() or mention_on(ctx, token) is not None:
        return None
    words = ctx.doc[token.i: max([token.i] + [c.i for c in token.children if c.dep_ == "flat:name"]) + 1].text
    same = [m for m in ctx.index.mentions if m.text == words and m.method not in DESCRIPTIVE_METHODS
            and (m.type not in INACTIVE_TYPES or m.method == "ner")]
    return same[0] if same and len({m.actor_id for m in same}) == 1 else None


LISTING = {"dont", "notamment", "comme"}  # "Plusieurs médias, dont la BBC et …"


def first_listed(ctx: Context, token: Token) -> Mention | None:
    """ "Plusieurs médias, dont la BBC et The Africa Report, ont cité …", "Les pays occidentaux,
    notamment les États-Unis mais aussi l'UE, considèrent …": a group named by the actors a comma
    and dont / notamment / comme list after it acts through the first of them (the annotation
    convention for a coordination), a country included (it acts as the group does); the name right
    after the listing word or its article."""
    end = token.right_edge.i
    for t in ctx.doc[token.i + 1: end + 1]:
        if t.lower_ not in LISTING or ctx.doc[t.i - 1].text != ",":
            continue
        for u in ctx.doc[t.i + 1: end + 1]:
            mention = mention_on(ctx, u)
            if mention is not None:
                return mention if mention.type in ACTING_OR_PLACE else None
            if u.pos_ != "DET":
                return None  # "dont 2 000 salariés à Hambourg", "dont le siège est à Dublin": a part, a relative
        return None
    return None


def naming_mention(ctx: Context, token: Token, places: bool = False) -> Mention | None:
    """The mention that names a phrase: on its head, beside it, or after de of an agent noun.

    Ranked: named before descriptions, then on the head; in apposition, coordination or as a
    bare modifier; a person's name after a comma deeper in the phrase ("le ministre chargé du
    numérique, Jean-Noël Barrot"); after de of an agent noun ("le gouvernement de Trump").
    A place acts only where the actor stage typed it GOV, or as a subject the parser lost
    (`places`): the actor stage could not see that verb.
    """
    candidates = []
    mention = mention_on(ctx, token)
    if mention is not None and (places or mention.type not in INACTIVE_TYPES):
        candidates.append((0, mention))
    for c in token.children:
        case = case_of(c)
        if c.dep_ in NAMING_DEPS and case in NAMING_CASES:
            tier = 1
        elif c.dep_ == "nmod" and case == "de" and token.i in ctx.marks.get("AGENT_HEAD", ()):
            tier = 3
        else:
            continue
        mention = mention_on(ctx, c)
        if mention is not None and mention.start < ctx.offset + c.left_edge.idx:
            continue  # "des experts à Keystone-ATS", ATS hung on experts: a piece of a name with its own case
        if mention is not None and (tier == 3 or mention.type not in INACTIVE_TYPES):
            candidates.append((tier, mention))
    listed = first_listed(ctx, token)
    if listed is not None:
        candidates.append((1, listed))
    acronym = acronym_mention(ctx, token)
    if acronym is not None and acronym.actor_id != getattr(mention_on(ctx, token), "actor_id", None):
        if mention_on(ctx, token) is not None and not reaches_parenthesis(ctx, token):
            return acronym  # "l'Autorité de régulation des télécommunications de (la Côte d'Ivoire) (ARTCI)"
        candidates.append((1, acronym))
    for t in token.subtree:
        if t.i > token.i and ctx.doc[t.i - 1].text == ",":
            mention = mention_on(ctx, t)
            if mention is not None and mention.type == "PER":
                candidates.append((2, mention))
    if not candidates:
        return None
    return min(candidates, key=lambda tm: (tm[1].method in DESCRIPTIVE_METHODS, tm[0], tm[1].start))[1]
