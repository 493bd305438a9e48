"""Repairs of a bad parse: what fr_core_news_md gets wrong, mended positionally.

- a verb form read as a noun, adjective or adverb ("juge", "conteste", "dément"), or a verb hung
  inside a noun phrase ("Uber | compte contester"), whose infinitive is in a word list, before
  an infinitive, a determiner or que (`misread`): its subject is the noun phrase before it, over
  comma-delimited incises — relative (", qui …,"), participial (", présidée par …,"), adverbial
  or prepositional (", de son côté,") — and after et the subject of the verb before; before
  que, the claim is the reported proposition, held by its doer or the reporter;
- a present the tagger called a participle ("Le régulateur reproche"), a name read as an
  expletive subject ("Google | compte"), a hyphen inside a word ("start-up") taken for a phrase
  boundary;
- a main verb hung on the relative incise before it (`after_relative_incise`, `incise_antecedent`),
  a reflexive s' taken for si ("s'est dit"), the focus of a cleft "c'est X qui V" (`cleft_focus`);
- a present read as a noun between its subject and object (`noun_predicate`), an apposition read
  as a verb (`misread_apposition`), a finite verb coordinated with an infinitive or with a
  que-clause it disagrees with in number (`infinitive_conjunct`), an infinitive complement made
  the root (`stranded_complement`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.claims.context import Context, mention_on
from pipeline.claims.lexicon import HUNG_DEPS, INCISE_OPENERS, MISREAD_POS
from pipeline.fr.syntax import (
    STOPS, TONIC, breaks, child, finite, group_start, incise_position, is_main, plain_que, que_clause, relative,
    subjects, verb_group,
)


def clause_end(ctx: Context, token: Token) -> int:
    """The last word before the next full stop, colon or semicolon, or the end of the sentence."""
    end = token.sent.end - 1
    stop = next((t.i for t in ctx.doc[token.i + 1: token.sent.end] if t.text in STOPS), end + 1)
    last = stop - 1
    while last > token.i and ctx.doc[last].is_punct:
        last -= 1
    return last


def incise(ctx: Context, head: Token) -> bool:
    """ "…, a indiqué l'autorité", "« … » explique une dépêche": the verb follows what it reports."""
    if any(s.i < head.i for s in subjects(head)):
        return False  # "Le PDG, Jensen Huang, a minimisé": the comma closes an apposition
    if orphan_subject(ctx, head) is not None or apposition_subject(ctx, head) is not None:
        return False  # "ZTE, de son côté, dénonce": the comma closes an incise after the subject
    return incise_position(head)


def orphan_subject(ctx: Context, head: Token) -> Span | None:
    """The subject the parser hung elsewhere: the words right before the verb, back to punctuation.

    When a bad sentence split cut the clause there ("…, le constructeur chinois Huawei | espère"),
    the words come from the end of the previous "sentence", which has no final punctuation.
    """
    if (head.pos_ not in ("VERB", "AUX") or head.dep_ == "conj" or not finite(head) or subjects(head)
            or any(c.dep_ in ("expl:subj", "expl") and c.pos_ == "PRON" for c in head.children)):
        return None
    return words_before(ctx, group_start(head))


def words_before(ctx: Context, end: int) -> Span | None:
    """The noun phrase that ends right before token `end`, back to punctuation or a conjunction."""
    doc = ctx.doc
    for _ in range(5):  # "Le groupe, qui emploie …, dont …, compte": step over relative incises
        first = end
        while (first > 0 and not breaks(doc[first - 1]) and not doc[first].is_sent_start
               and doc[first - 1].pos_ != "SCONJ" and not relative(doc[first - 1])):
            first -= 1
        if first == end and doc[end].is_sent_start and end > 0 and not doc[end - 1].is_punct:
            first = end - 1  # a sentence split without punctuation: take the end of the previous one
            while first > 0 and not doc[first - 1].is_punct:
                first -= 1
        if first > 0 and relative(doc[first - 1]):
            commas = [t.i for t in doc[max(0, first - 30): first - 1] if t.text == ","]
            if not commas:
                return None
            end = commas[-1]  # inside a relative incise: go on before the comma that opens it
            continue
        if first < end and not (first > 1 and doc[first - 1].text == "," and incidental(doc[first:end])):
            break
        if first == 0 or doc[first - 1].text != ",":
            return None
        end = first - 1
    else:
        return None
    words = ctx.doc[first:end]
    if not len(words) or any(finite(t) and t.pos_ in ("VERB", "AUX") and not mention_on(ctx, t) for t in words):
        return None  # a name the tagger read as a verb ("Le fabricant Xiaomi | dément") is no verb
    return words if any(t.pos_ in ("NOUN", "PROPN") or mention_on(ctx, t) for t in words) else None


def incidental(words: Span) -> bool:
    """A comma-delimited incise between a subject and its verb: ", de son côté,", ", présidée par
    X,", ", lui,". An apposition (", Jensen Huang,", ", le patron de X,") is not one."""
    first = words[0]
    return (first.pos_ in INCISE_OPENERS or first.lower_ in TONIC and len(words) <= 2
            or first.pos_ in ("VERB", "AUX") and "Part" in first.morph.get("VerbForm"))


def incise_antecedent(ctx: Context, verb: Token) -> Token | None:
    """ "Le Premier ministre, qui a appelé au calme dans les plus brefs délais, | n'a pas justifié …":
    the main verb, finite and without a subject, that the parser hung inside the relative incise
    its comma closes (an adjunct of the incise taken for its own keeps `after_relative_incise` of
    pipeline.fr.syntax from seeing it). Its subject is the antecedent of the relative; else None."""
    relative_verb = verb.head
    if (verb.pos_ not in ("VERB", "AUX") or not finite(verb) or subjects(verb) or relative_verb.i >= verb.i
            or verb.dep_ not in ("ccomp", "acl", "dep", "advcl", "xcomp", "obj", "conj")
            or any(c.dep_ in ("cc", "mark") or relative(c) for c in verb.children if c.i < verb.i)):
        return None
    if not any(relative(s) for s in subjects(relative_verb)) or relative_verb.dep_ != "acl:relcl":
        return None
    if verb.dep_ == "conj" and any(child(c, "cc") is not None for c in relative_verb.children if c.dep_ == "conj"):
        return None  # "qui a négocié, a signé et a ratifié": a list of the relative's own verbs
    antecedent = relative_verb.head
    first = group_start(verb)
    if antecedent.i >= relative_verb.i or first == 0 or ctx.doc[first - 1].text != ",":
        return None
    if any(t.text in STOPS for t in ctx.doc[antecedent.i: first]):
        return None
    return antecedent


def noun_predicate(token: Token) -> bool:
    """ "TikTok, détenu par ByteDance | risque une amende": a present in -e / -ent the tagger read
    as a noun, with a subject before it and an object after it and no copula: a noun takes
    neither, so it is the verb of its clause."""
    if token.pos_ != "NOUN" or not token.lower_.endswith(("e", "ent")) or not token.lower_.isalpha():
        return False
    if any(c.dep_ in ("cop", "det", "case") or c.dep_.startswith("aux") for c in token.children):
        return False
    subject = any(c.dep_ == "nsubj" and c.i < token.i and c.pos_ in ("NOUN", "PROPN") for c in token.children)
    obj = any(c.dep_ == "obj" and c.i > token.i and any(g.dep_ == "det" for g in c.children)
              for c in token.children)
    return subject and obj


def misread_apposition(ctx: Context, verb: Token) -> Token | None:
    """ "Marco Rubio, figure clé de la diplomatie américaine, a qualifié …": a lone finite verb
    parted from its subject by one comma is an apposition the tagger read as a verb ("figure",
    "membre", "porte-parole"); French puts no single comma between a subject and its verb. The
    verb after the apposition's closing comma, finite and without a subject, is the clause; else None."""
    if verb.pos_ != "VERB" or len(verb_group(verb)) > 1 or verb.i < 2 or ctx.doc[verb.i - 1].text != ",":
        return None
    subject = next((s for s in subjects(verb) if s.dep_ == "nsubj" and s.i < verb.i), None)
    if subject is None or subject.pos_ == "PRON" or not any(t.i == verb.i - 2 for t in subject.subtree):
        return None
    for c in verb.children:
        if (c.i > verb.i and c.dep_ in ("parataxis", "conj", "advcl", "ccomp", "dep") and c.pos_ in ("VERB", "AUX")
                and finite(c) and not subjects(c) and not any(g.dep_ == "cc" for g in c.children)):
            first = group_start(c)
            if ctx.doc[first - 1].text == "," and not any(t.text in STOPS for t in ctx.doc[verb.i: first]):
                return c
    return None


def apposition_subject(ctx: Context, verb: Token) -> Token | None:
    """The subject of the clause whose apposition was read as a verb (`misread_apposition`)."""
    head = verb.head
    if head.i == verb.i or getattr(misread_apposition(ctx, head), "i", None) != verb.i:
        return None
    return next(s for s in subjects(head) if s.dep_ == "nsubj" and s.i < head.i)


def stranded_complement(head: Token) -> Token | None:
    """ "Bruxelles reproche à Apple | d'avoir empêché …": the parser hung the finite verb on its
    subject and made the infinitive after it, introduced by de or à, the root of the sentence;
    that infinitive is the verb's complement."""
    subject = head.head
    verb = subject.head
    if (head.dep_ != "acl" or subject.i > head.i or subject.dep_ not in ("nsubj", "nsubj:pass")
            or verb.i <= head.i or verb.pos_ not in ("VERB", "AUX") or finite(verb)):
        return None
    marks = [c for c in verb.children if c.dep_ == "mark" and c.i < verb.i]
    if not marks or marks[0].lower_ not in ("de", "d'", "d’", "à") or marks[0].i != head.right_edge.i + 1:
        return None
    return verb


def infinitive_conjunct(verb: Token) -> Token | None:
    """ "Google assure prendre acte de la décision | et rappelle avoir …": a finite verb the parser
    coordinated with the infinitive of a main verb shares that verb's subject and is a main clause
    of its own (an infinitive cannot be coordinated with a finite verb). The main verb, else None."""
    if verb.dep_ != "conj" or verb.pos_ not in ("VERB", "AUX") or not finite(verb) or subjects(verb) or plain_que(verb):
        return None
    if "Inf" not in verb.head.morph.get("VerbForm"):
        return misplaced_conjunct(verb)
    owner = verb.head
    while owner.dep_ == "xcomp" and owner.head.i != owner.i and not finite(owner):
        owner = owner.head
    return owner if owner.i != verb.head.i and finite(owner) and is_main(owner) else None


def misplaced_conjunct(verb: Token) -> Token | None:
    """ "Meta conteste que ses réseaux soient nocifs | et rappelle avoir lancé …": a finite verb
    without a subject, coordinated with a reported clause whose subject it disagrees with in
    number, but agreeing with the subject of the verb that reports the clause, is that verb's
    conjunct: a main clause of its own. The reporting verb, else None."""
    clause = verb.head
    if not (que_clause(clause) or plain_que(clause)) or clause.head.i == clause.i:
        return None
    owner = clause.head
    number = [n for t in verb_group(verb) for n in t.morph.get("Number")]
    inner = [n for s in subjects(clause) for n in s.morph.get("Number")]
    outer = [n for s in subjects(owner) for n in s.morph.get("Number")]
    if not number or not inner or not outer or number[0] in inner or number[0] not in outer:
        return None
    return owner if finite(owner) and is_main(owner) else None


def misread_lemma(ctx: Context, token: Token) -> str:
    """The infinitive of a verb form read as a noun, adjective or adverb ("juge", "conteste",
    "dément"), or of a verb the parser hung inside a noun phrase ("Uber | compte contester"),
    when a word list has it; else ""."""
    lower = token.lower_
    if token.i == 0 or ctx.doc[token.i - 1].pos_ in ("DET", "ADP"):
        return ""
    hung = token.pos_ == "VERB" and token.dep_ in HUNG_DEPS and token.head.i < token.i
    if not hung and not (token.pos_ in MISREAD_POS and lower.endswith(("e", "ent", "t"))):
        return ""
    return token._.lemma if token._.lemma in ctx.lexicon.verbs else ""


def separate(ctx: Context, conj: Token) -> bool:
    """A coordinated verb that is a claim of its own (own subject, or finite with a shared one)."""
    return (conj.pos_ in ("VERB", "AUX") and (finite(conj) or child(conj, "nsubj") is not None)
            or bool(misread_lemma(ctx, conj)))  # "… et conteste que P", conteste read as a noun


def resumes(ctx: Context, token: Token) -> bool:
    """ "ce qu'il a toujours nié", "ce que conteste Meta": a relative on ce that takes up the clause
    before it, its subject before the verb or after it (the verb may be tagged as a noun)."""
    if token.dep_ != "acl:relcl" or token.head.lower_ not in ("ce", "c'"):
        return False
    if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token._.lemma in ctx.lexicon.verbs):
        return False
    return any(not relative(s) for s in subjects(token)) or inverted_subject(ctx, token) is not None


def inverted_subject(ctx: Context, verb: Token) -> Token | None:
    """ "ce que conteste Meta": the subject after the verb of a relative on ce, read as its object or complement."""
    if subjects(verb) or not any(relative(c) for c in verb.children if c.i < verb.i):
        return None
    after = [c for c in verb.children if c.i > verb.i and c.dep_ in ("obj", "obl:arg", "nsubj", "obl", "nmod")]
    return next((c for c in after if mention_on(ctx, c) is not None), None)
