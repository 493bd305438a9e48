"""Descriptions the actor stage left unresolved ("le groupe de Mark Zuckerberg", "le Premier ministre",
"le collège", "l'opérateur"): who they are, by the rules of DESCRIPTION_RULES, first that
applies (see `pipeline.claims.subjects`).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from pipeline.claims.antecedents import agrees, mention_head, window_start
from pipeline.claims.context import Context, described_types, mention_on
from pipeline.claims.lexicon import (
    ANTECEDENT_TYPES, DESCRIBES_KIND, DESCRIPTIVE_METHODS, Doer, ROLE_GAP, ROLE_GAP_BREAKS,
    ROLE_NOUN,
)
from pipeline.fr.syntax import THIRD_PERSON, case_of, child, definite_article, relative


def stands_for(ctx: Context, subject: Token, actor: Doer) -> bool:
    """A subject pronoun, or an unnamed description of a type the actor has, that can be the actor."""
    types = {m.type for m in ctx.index.mentions if m.actor_id == actor.actor_id}
    if subject.lower_ in ("il", "elle"):
        gender = ctx.lexicon.gender(actor.name)
        if gender is None:  # the actor's own nouns: "la Commission" is no il
            named = [m for m in ctx.index.mentions if m.actor_id == actor.actor_id and m.end <= ctx.offset
                     + subject.idx and m.start >= ctx.offset + subject.sent.start_char]
            if named and not any(agrees(ctx, m, THIRD_PERSON[subject.lower_][0], "Sing") for m in named):
                return False
        return bool(types & ANTECEDENT_TYPES) and gender in (None, THIRD_PERSON[subject.lower_][0])
    mention = mention_on(ctx, subject)
    if subject.pos_ != "NOUN" or mention is not None and mention.method not in DESCRIPTIVE_METHODS:
        return False
    return bool(described_types(ctx, subject) & types)


def affiliated(ctx: Context, token: Token) -> Doer | None:
    """ "le groupe de Mark Zuckerberg": a description of an organisation whose de-complement is a
    person; the organisation the gazetteer gives that person (`affiliation`), when the article
    names it too."""
    types = described_types(ctx, token) & ANTECEDENT_TYPES - {"PER"}
    if not types:
        return None
    for c in token.children:
        mention = mention_on(ctx, c) if c.dep_ == "nmod" and case_of(c) == "de" else None
        if mention is None or mention.type != "PER":
            continue
        organisation = ctx.lexicon.affiliations.get(mention.name)
        named = [m for m in ctx.index.mentions if m.name == organisation and m.type in types]
        if organisation and named:
            return Doer(named[0].actor_id, named[0].name, how="description")
    return None


def named_role(ctx: Context, token: Token) -> Doer | None:
    """ "Le Premier ministre, qui …, n'a pas justifié": a role the article gave a person earlier in
    the same words, right before the name ("le Premier ministre Gabriel Attal", "Le Premier
    ministre, Gabriel Attal,") or apposed right after it ("Adrian Lobsiger, préposé fédéral à …"),
    is that person, if the article gave those words to one person only."""
    if token.i not in ctx.marks.get(ROLE_NOUN, ()) or not ctx.text:
        return None
    words = []
    for t in ctx.doc[token.left_edge.i: token.right_edge.i + 1]:
        if t.is_punct or relative(t) or t.i > token.i and t.pos_ in ("VERB", "AUX"):
            break
        words.append(t)
    if words and words[0].pos_ == "DET":
        words = words[1:]
    if not words or words[-1].i < token.i:
        return None
    role = re.sub(r"\s+", " ", ctx.doc.text[words[0].idx: words[-1].idx + len(words[-1])]).casefold().replace("’", "'")
    return person_with_role(ctx, role, ctx.offset + token.idx)


def named_spokesperson(ctx: Context, token: Token) -> Doer | None:
    """ "le porte-parole a nié" after "Zhao Lijian, porte-parole du ministère": an agent noun with no
    complement (AGENT_HEAD) stands for its organisation (`named_agent`) unless the article gave it
    to a person by name; a spokesperson named is that person (the gold convention)."""
    if token.i not in ctx.marks.get("AGENT_HEAD", ()) or not definite_article(token) or not ctx.text \
            or any(c.dep_ in ("nmod", "amod", "appos") for c in token.children):
        return None
    return person_with_role(ctx, token.text.casefold(), ctx.offset + token.idx)


def person_with_role(ctx: Context, role: str, position: int) -> Doer | None:
    """The one person the article gave these role words before or after the name, before `position`."""
    named = set()
    for mention in ctx.index.mentions:
        if mention.type != "PER" or mention.start >= position - len(role):
            continue
        before = re.sub(r"\s+", " ", ctx.text[max(0, mention.start - len(role) - ROLE_GAP): mention.start])
        before = before.casefold().replace("’", "'")
        if before.rstrip(" ,").endswith(role):
            named.add((mention.actor_id, mention.name))
            continue
        # "la secrétaire d'État chargée du numérique, Clara Chappaz": a complement, then the name
        at = before.rfind(role)
        gap = before[at + len(role):] if at >= 0 else ""
        if at >= 0 and gap.rstrip().endswith(",") and not ROLE_GAP_BREAKS.search(gap.rstrip()[:-1]):
            named.add((mention.actor_id, mention.name))
            continue
        # "Adrian Lobsiger, préposé fédéral à la protection des données,": the role apposed after the name
        after = ctx.text[mention.end: mention.end + len(role) + 8].casefold().replace("’", "'")
        if re.match(rf",\s+(?:(?:le|la|l') ?)?{re.escape(role)}(?!\w)", re.sub(r"\s+", " ", after)):
            named.add((mention.actor_id, mention.name))
    return Doer(*named.pop(), how="role") if len(named) == 1 else None


def named_agent(ctx: Context, token: Token) -> Doer | None:
    """ "Le collège a également décidé" after "le collège de l'Arcom": an agent noun (AGENT_HEAD)
    without a complement is the actor the article last gave it as de-complement, if only one."""
    definite = definite_article(token)
    if (token.i not in ctx.marks.get("AGENT_HEAD", ()) or not definite or not ctx.text
            or any(c.dep_ in ("nmod", "amod", "appos") for c in token.children)):
        return None
    position = ctx.offset + token.idx
    noun = re.escape(token.text.casefold())
    named = set()
    for mention in ctx.index.mentions:
        if mention.end > position or mention.type not in ANTECEDENT_TYPES:
            continue
        before = ctx.text[max(0, mention.start - len(token.text) - 12): mention.start].casefold()
        if re.search(rf"(?<!\w){noun}\s+(de la|de l['’]|du|des|de|d['’])\s*$", before):
            named.add((mention.actor_id, mention.name))
    return Doer(*named.pop(), how="description") if len(named) == 1 else None


def salient(ctx: Context, token: Token) -> Doer | None:
    """ "L'opérateur prévoit …" that the actor stage left unresolved: the latest compatible actor
    from the previous sentence on, a subject before one named inside a complement.

    Only a singular definite description without a de-complement ("le groupe", not "le groupe
    de travail" nor "les groupes").
    """
    types = described_types(ctx, token) & ANTECEDENT_TYPES
    definite = definite_article(token)
    if (not types or not definite or "Plur" in token.morph.get("Number") or child(token, "nmod")
            or token.lower_ in ctx.lexicon.own_institutions):
        return None
    window, position = min(window_start(ctx, token), ctx.offset), ctx.offset + token.idx
    ranked = []
    for mention in ctx.index.mentions:
        if window <= mention.start and mention.end <= position and mention.type in types:
            head = mention_head(ctx, mention)
            ranked.append((head is not None and head.dep_ in ("nsubj", "nsubj:pass"), mention.start, mention))
    if not ranked:
        return only_of_kind(ctx, token, types, position)
    mention = max(ranked, key=lambda r: r[:2])[2]
    return Doer(mention.actor_id, mention.name, how="description")


def undecided(ctx: Context, token: Token) -> bool:
    """A definite singular description of an acting type ("le gouvernement", "l'opérateur") that
    names no actor the rules can find: someone acts, but the rules cannot say who."""
    definite = definite_article(token)
    names = bool(described_types(ctx, token) & ANTECEDENT_TYPES) or token.i in ctx.marks.get(ROLE_NOUN, ())
    return (token.pos_ == "NOUN" and definite and "Plur" not in token.morph.get("Number") and names
            and mention_on(ctx, token) is None and salient(ctx, token) is None)


def only_of_kind(ctx: Context, token: Token, types: set[str], position: int) -> Doer | None:
    """ "l'opérateur" paragraphs after the article named Free: the one actor of the kind the
    description names (descriptions.jsonl `kinds`, gazetteer `kind`) named before it in the
    article, if there is exactly one."""
    kinds = {label[len(DESCRIBES_KIND):] for label, where in ctx.marks.items()
             if label.startswith(DESCRIBES_KIND) and token.i in where}
    if not kinds:
        return None
    found = {(m.actor_id, m.name) for m in ctx.index.mentions
             if m.end <= position and m.type in types and ctx.lexicon.kinds.get(m.name) in kinds}
    if len(found) != 1:
        return None
    return Doer(*found.pop(), how="description")


# The order the rules are tried in, first that finds an actor wins (see `pipeline.claims.subjects`).
DESCRIPTION_RULES = (affiliated, named_role, named_spokesperson, named_agent, salient)


def described(ctx: Context, token: Token) -> Doer | None:
    """The actor an unresolved description names, by the first rule of DESCRIPTION_RULES that finds one."""
    return next((found for found in (rule(ctx, token) for rule in DESCRIPTION_RULES) if found is not None), None)
