"""Reported speech: "X a déclaré que P", "selon X, P" / "P, selon X", "P, a indiqué X", "Pour
la ministre, P" (a person's opinion a sentence opens with), "P. C'est ce qu'a expliqué X".

`find_reported` reads the article once, left to right, and returns every indirect quote with
what the direct quotes read next: the propositions they fall in (`scope`) and the quotations a
selon next to them attributes (`selon_for`). Speech inside a proposition already reported
belongs to that row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from pipeline.fr.marks import CLOSERS
from pipeline.fr.syntax import opens_selon
from pipeline.quotes.context import (CLAUSE_END, REFLEXIVE, Attribution, QuoteContext, conjugated, is_aux,
                                     subject_before)
from pipeline.quotes.phrase import PERSON_TYPES, inverted_subject, phrase_tokens
from pipeline.records import Quote

Row = tuple[Quote, tuple[int, int]]
TIME_WORDS = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "er"}  # a quote and the bounds of its sentence


@dataclass
class Report:
    """What reported speech found: rows, the propositions they span, selon-attributed quotations."""

    rows: list[Row] = field(default_factory=list)
    scope: list[tuple[int, int, Attribution]] = field(default_factory=list)
    selon_for: dict[int, Attribution] = field(default_factory=dict)  # opening offset -> attribution

    def __bool__(self) -> bool:
        return bool(self.rows or self.scope or self.selon_for)

    def add(self, other: "Report") -> None:
        self.rows += other.rows
        self.scope += other.scope
        for offset, attribution in other.selon_for.items():
            self.selon_for.setdefault(offset, attribution)

    def covers(self, offset: int) -> bool:
        return any(start <= offset < end for start, end, _ in self.scope)


def find_reported(ctx: QuoteContext) -> Report:
    """Indirect quotes: que-clauses of speech verbs, selon / d'après, inverted verbs."""
    found = Report()
    for token in ctx.view.tokens:
        if ctx.lexicon.has(token, "SELON") and opens_selon(token):
            found.add(_selon(ctx, token))
        elif token.lower_ == "pour" and not found.covers(ctx.view.offset(token)):
            found.add(_pour(ctx, token))
        elif ctx.view.is_speech(token) and not found.covers(ctx.view.offset(token)):
            found.add(_que(ctx, token) or _inverted(ctx, token) or _cleft(ctx, token))
    return found


def _selon(ctx: QuoteContext, token: Token) -> Report:
    """"selon X, P", "P, selon X": P; or, when P is a quotation, the quotation's attribution."""
    noun = ctx.selon_noun(token)
    if noun is None:
        return Report()
    doc = token.doc
    cue = "selon" if token.lower_ == "selon" else "d'après"
    phrase_end = max(phrase_tokens(noun)[1] - 1, noun.i)  # "selon certaines sources | de confier…"
    named = ctx.resolver.index.covering(ctx.view.offset(doc[phrase_end]), ctx.view.end(doc[phrase_end]))
    while named is not None and phrase_end + 1 < len(doc) and ctx.view.offset(doc[phrase_end + 1]) < named.end:
        phrase_end += 1  # the whole name: "le quotidien Het Financieele Dagblad"
    if phrase_end + 1 < len(doc) and doc[phrase_end + 1].text == ")":
        phrase_end += 1  # "selon le Centre national de cybersécurité (NCSC), P"
    attribution = ctx.speaker(Attribution("selon", cue, None, noun))
    left, right = ctx.clause_bounds(token)
    before = (left.i, token.i - 1) if token.i > left.i else None
    after = (phrase_end + 1, right.i) if phrase_end < right.i else None
    comma_before = token.i > 0 and doc[token.i - 1].text == ","
    has_verb = before and any(t.pos_ in ("VERB", "AUX") for t in doc[before[0]: before[1] + 1])
    side = before if (comma_before and has_verb) or after is None else after
    if side is None or (side == before and phrase_end + 2 < len(doc) and doc[phrase_end + 1].text == ","
                        and doc[phrase_end + 2].lower_ in ("que", "qu'", "qu’")):
        return Report()  # "X estime, selon son entourage, que P": an incise of X's own report
    start, end = ctx.view.offset(doc[side[0]]), ctx.view.end(doc[side[1]])
    quotation = ctx.only_quotation(start, end)
    if quotation is not None:  # "Selon lui, « … »": the selon attributes a direct quote
        return Report(selon_for={quotation.open_at: attribution})
    indirect = Attribution("indirect-selon", cue, None, noun, attribution.speaker)
    row = ctx.row("indirect", start, end, indirect, ctx.sentence_of(token), ctx.view.segment_index(token))
    return Report(rows=[row], scope=[(start, end, attribution)])


def _que(ctx: QuoteContext, verb: Token) -> Report:
    """"X a déclaré / estime / dément que P": P, from after `que` to the clause's end."""
    if ctx.inside_quote(ctx.view.offset(verb)) or not ctx.view.is_speech(verb, strong=True):
        return Report()  # speech reported inside a quote belongs to the quote
    doc = verb.doc
    que = None
    skip_to = _incise_before_que(ctx, verb)
    for token in doc[verb.i + 1: min(max(verb.i + 10, (skip_to or 0) + 1), verb.sent.end)]:
        if skip_to is not None and token.i < skip_to:
            continue  # "X a affirmé, dans un communiqué, que P": the incise is no clause of its own
        if token.lower_ in ("que", "qu'", "qu’") and ctx.lexicon.has(token, "CONJUNCTION_QUE"):
            return Report()  # "a proposé des règles afin que P", "de sorte que P": no report of speech
        if token.lower_ in ("que", "qu'", "qu’") and (token.pos_ == "SCONJ" or token.dep_ == "mark" or (
                token.head.dep_ == "ccomp" and token.head.head.i == verb.i) or _after_time(token, verb)
                or _after_recipient(token, verb)):
            que = token
            break
        if token.text in CLAUSE_END or token.text == ":" or _other_speech(ctx, token, verb) or (
                token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "aux:tense", "aux:pass")
                and token.head.i != verb.i and token.i > verb.i + 1):
            return Report()  # another speech verb first ("…, a reconnu X, qui a assuré que"): its own clause
    if que is None or que.i + 1 >= verb.sent.end:
        return Report()
    _, right = ctx.clause_bounds(que)
    right = _before_next_report(ctx, que, right)
    start, end = ctx.view.offset(doc[que.i + 1]), ctx.view.end(right)
    if skip_to is not None and ctx.only_quotation(start, end) is not None:
        return Report()  # "a annoncé, mardi, que « P »": the direct quote, attributed as before
    if any(child.dep_ == "aux:pass" for child in verb.children) and any(
            child.dep_ == "nsubj:pass" and child.pos_ in ("NOUN", "PROPN") and child.i < verb.i for child in verb.children):
        return Report()  # "aucune attaque n'a été annoncée …": a passive's subject is what is said
    head = subject_before(verb) or _past_locution(verb) or ctx.preceding_noun(verb)
    if head is not None and head.i < verb.i and ctx.lexicon.has(head, "NOT_SPEECH_SUBJECT"):
        return Report()  # "Rien n'indique que P", "Tout montre que P": no one speaks
    if head is None or ctx.inside_quote(ctx.view.offset(head)):
        head = _gerund_governor(ctx, verb) or head
    head = ctx.impersonal(head, verb)
    attribution = ctx.speaker(Attribution("indirect-que", ctx.view.cue(verb), verb, head))
    scope = (start, end, Attribution("subject", attribution.cue, verb, head, attribution.speaker))
    rows = []
    for first, last, cue_verb in _coordinated(ctx, verb, que, right):
        part = attribution if cue_verb is verb else Attribution(
            "indirect-que", ctx.view.cue(cue_verb), cue_verb, attribution.head, attribution.speaker)
        rows.append(ctx.row("indirect", ctx.view.offset(first), ctx.view.end(last), part,
                            ctx.sentence_of(verb), ctx.view.segment_index(verb)))
    return Report(rows=rows, scope=[scope])


def _incise_before_que(ctx: QuoteContext, verb: Token) -> int | None:
    """"X a affirmé, dans un communiqué, que P", "X estime, selon son entourage, que P": a
    comma-delimited incise with no verb of its own between the speech verb and its que. The index
    of the que after it, or None."""
    doc = verb.doc
    comma = verb.i + 1
    while comma < verb.sent.end and comma - verb.i <= 3 and doc[comma].text != ",":
        if doc[comma].pos_ in ("VERB", "NOUN", "PROPN") or doc[comma].text in CLAUSE_END:
            return None
        comma += 1
    if comma >= verb.sent.end or doc[comma].text != ",":
        return None
    for token in doc[comma + 1: min(comma + 14, len(doc) - 1)]:
        if token.text in CLAUSE_END or token.text in (":", "«", "»", '"') or token.pos_ in ("VERB", "AUX") \
                or token.lower_ in ("que", "qu'", "qu’", "qui"):
            return None
        if token.text == ",":
            after = doc[token.i + 1]
            return after.i if after.lower_ in ("que", "qu'", "qu’") else None
    return None


def _coordinated(ctx: QuoteContext, verb: Token, que: Token, right: Token) -> list[tuple[Token, Token, Token]]:
    """The propositions of one que-clause: "a indiqué que P, affirmant que Q" reports P
    (indiquer) and Q (affirmer), both with the same speaker. Each (first token, last token, the
    verb that cues it). A coordinated "et que Q" stays in P, as the annotation keeps it."""
    doc = que.doc
    parts, first, cue = [], doc[que.i + 1], verb
    token = que.i + 1
    while token < right.i:
        word, nxt = doc[token], doc[token + 1]
        if not ctx.inside_quote(ctx.view.offset(word)) and word.text == "," and token + 2 < right.i \
                and ctx.view.is_speech(nxt, strong=True) and "Part" in nxt.morph.get("VerbForm") \
                and "Pres" in nxt.morph.get("Tense") and doc[token + 2].lower_ in ("que", "qu'", "qu’") \
                and token - 1 >= first.i:
            parts.append((first, doc[token - 1], cue))  # "…, affirmant que Q"
            first, cue, token = doc[token + 3], nxt, token + 3
            continue
        token += 1
    parts.append((first, right, cue))
    return parts


def _past_locution(verb: Token) -> Token | None:
    """"La Commission vient en effet de confirmer que P": an infinitive the parser hung on the noun
    of an adverbial locution ("en effet", "par ailleurs") speaks with the subject of the verb
    that locution modifies."""
    locution = verb.head
    if "Inf" not in verb.morph.get("VerbForm") or locution.pos_ != "NOUN" or locution.dep_ != "obl:mod" \
            or locution.i > verb.i or not any(c.dep_ == "case" and c.i < locution.i for c in locution.children) \
            or any(c.dep_ == "det" for c in locution.children):
        return None
    governor = locution.head
    if governor.pos_ not in ("VERB", "AUX") or governor.i > locution.i:
        return None
    return subject_before(governor)


def _gerund_governor(ctx: QuoteContext, verb: Token) -> Token | None:
    """"« … », a dit le ministre, précisant que P", "…, a analysé X, en indiquant que P": a present
    participle or a gerund after a comma speaks with the speech verb it follows, whose subject
    may stand after it; a finite verb with a subject of its own between them decides nothing."""
    doc = verb.doc
    if not ("Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense")):
        return None
    comma = verb.i - 1
    if comma > 0 and doc[comma].lower_ == "en":
        comma -= 1
        if comma > 0 and doc[comma].lower_ == "tout":
            comma -= 1  # "…, a expliqué le ministre, tout en disant que P"
    if comma <= verb.sent.start or doc[comma].text != ",":
        return None
    for token in reversed(doc[verb.sent.start: comma]):
        if ctx.inside_quote(ctx.view.offset(token)):
            return None
        if ctx.view.is_speech(token, strong=True):
            subject = subject_before(token)
            if subject is not None and not ctx.inside_quote(ctx.view.offset(subject)):
                return subject
            subject = inverted_subject(token, ctx.lexicon)
            return subject if subject is not None and subject.i > token.i else None
        if token.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubj:pass") for c in token.children):
            return None
    return None


def _ends_with_fragment(ctx: QuoteContext, doc, last: int) -> Token | None:
    """"P … «en Corée du Nord», affirme X": a clause that only ends with a quotation, its subject
    and verb outside the marks, is reported speech holding a quoted fragment, not a direct
    quote. The first token of that clause, or None."""
    quotation = ctx.inside_quote(ctx.view.offset(doc[last]))
    opening = ctx.view.token_at(quotation.open_at) if quotation is not None else None
    if opening is None or opening.doc is not doc or opening.i == 0 or doc[opening.i - 1].text[-1:] in ".!?;:,…":
        return None  # a quotation opening its clause is a direct quote
    inside = [t for t in doc[opening.i + 1: last] if not t.is_punct]
    if any(t.text[-1:] in ".!?;…" for t in doc[opening.i + 1: last]):
        return None  # a fragment is no sentence of its own
    left, _ = ctx.clause_bounds(doc[opening.i - 1])
    before = [t for t in doc[left.i: opening.i] if not ctx.inside_quote(ctx.view.offset(t))]
    if len([t for t in before if not t.is_punct]) <= len(inside):
        return None  # "La décision devrait « affecter … », a déclaré X": mostly quoted, a direct quote
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "acl") for t in before) and \
            any(t.pos_ in ("NOUN", "PROPN", "PRON") and t.dep_ in ("nsubj", "nsubj:pass") for t in before):
        return left
    return None


def _after_time(que: Token, verb: Token) -> bool:
    """"a indiqué jeudi 21 décembre qu'elle va …": a que the parser read as a pronoun, right after
    a time modifier of the speech verb, is the conjunction of its que-clause."""
    doc = que.doc
    if que.i - verb.i <= 5 and any(t.pos_ == "NUM" for t in doc[verb.i + 1: que.i]) and all(
            t.pos_ in ("DET", "NUM") or t.lower_ in TIME_WORDS for t in doc[verb.i + 1: que.i]):
        return True  # "a déclaré le 3 novembre qu'elle …"
    before = que.doc[que.i - 1]
    while before.head.i != verb.i and before.head.i != before.i and before.dep_ in ("nmod", "nummod", "flat"):
        before = before.head
    return before.head.i == verb.i and before.dep_ == "obl:mod" and before.i < que.i


def _after_recipient(que: Token, verb: Token) -> bool:
    """"rappelant aux usagers du pays que P", "a assuré aux journalistes que P": a que the parser
    read as a relative of the addressee, right after the speech verb's à-complement, opens the
    reported clause."""
    doc = que.doc
    between = doc[verb.i + 1: que.i]
    return bool(between) and between[0].lower_ in ("à", "aux", "au") and que.head.i > que.i and not any(
        t.pos_ in ("VERB", "AUX", "PUNCT", "PRON", "SCONJ") for t in between)


def _before_next_report(ctx: QuoteContext, que: Token, right: Token) -> Token:
    """A que-clause ends where the next report begins: "dément que P et fait remarquer que Q",
    "a concédé que P, tout en estimant que Q", "estiment que P, alors que X insiste sur le fait
    que Q" — P stops before "et" / ", tout en" / ", alors que"."""
    doc = que.doc
    for token in doc[que.i + 1: right.i]:
        if ctx.inside_quote(ctx.view.offset(token)):
            continue
        opens = token.lower_ in ("et", "mais", "puis") or (
            token.text == "," and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("tout", "en", "alors", "tandis"))
        if opens and any(ctx.view.is_speech(t) for t in doc[token.i + 1: min(token.i + 5, right.i + 1)]):
            last = token.i - 1
            while last > que.i and (doc[last].is_punct and doc[last].text not in CLOSERS):
                last -= 1
            return doc[last] if last > que.i else right
    return right


def _other_speech(ctx: QuoteContext, token: Token, verb: Token) -> bool:
    """A speech verb that is not part of `verb`'s own cue ("fait savoir"), nor a noun ("dans un
    communiqué de presse que …": "communiqué", "presse" repair to speech verbs)."""
    noun = any(child.dep_ in ("det", "case") for child in token.children)
    return ctx.view.is_speech(token) and not noun and not (token.head.i == verb.i and token.dep_ == "xcomp")


def _inverted(ctx: QuoteContext, verb: Token) -> Report:
    """"P, a indiqué mardi l'autorité.": P is the clause before the inverted speech verb, also
    when it only ends with a quoted fragment ("P … «en Corée du Nord», affirme X"), after an
    adverb ("a encore précisé") or an inverted clitic ("a-t-il dit")."""
    doc, view = verb.doc, ctx.view
    if ctx.inside_quote(view.offset(verb)):
        return Report()
    first = verb.i
    while first > verb.sent.start and (is_aux(doc[first - 1]) or doc[first - 1].lower_ in REFLEXIVE
                                       or doc[first - 1].text.startswith("-")
                                       or (doc[first - 1].pos_ == "ADV" and first - 1 > verb.sent.start
                                           and is_aux(doc[first - 2]))):  # "P, a encore précisé X"
        first -= 1
    if first == 0 or doc[first - 1].text != "," or first - 2 < 0:
        return Report()
    left, _ = ctx.clause_bounds(doc[first - 2])
    if doc[first - 2].text in CLOSERS or ctx.inside_quote(view.offset(doc[first - 2])):
        left = _ends_with_fragment(ctx, doc, first - 2)
        if left is None:
            return Report()  # "« … », a-t-il dit": a direct quote's attribution
    subjects = [child for child in verb.children if child.dep_ in ("nsubj", "nsubj:pass")
                and not child.text.startswith("-")]  # "a-t-il dit": the clitic stands before the participle
    named = any(s.i == verb.i + 1 and s.pos_ == "PROPN" for s in subjects)  # "…, poursuit Florian Schütz"
    # (the tagger reads "poursuit", "écrit" as participles; a name right after makes it finite)
    clitic = any(child.dep_ in ("nsubj", "nsubj:pass") and child.text.startswith("-") for child in verb.children)
    object_name = _name_read_as_object(verb)  # "P, a précisé France Travail à l'AFP": the parser
    # made P's subject the verb's and the name after it an object
    if not (conjugated(verb) or named) or (any(s.i < verb.i for s in subjects) and not clitic
                                           and not object_name and not any(s.i > verb.i for s in subjects)):
        return Report()  # "…, lancé l'an dernier" (a participle), "X, qui…, salue Y" (subject before);
        # but "P …, a précisé X": the parser gave the verb a subject in P and X after it; and
        # "Son opposition, a-t-il déclaré, est …": an inverted clitic makes an incise
    head = inverted_subject(verb, ctx.lexicon)
    if head is None or head.i < verb.i and not head.text.startswith("-"):
        return Report()
    last = doc[first - 2]
    if not any(t.pos_ in ("VERB", "AUX") for t in doc[left.i: first - 1]):
        last = _clause_after_incise(ctx, verb, head)
        if last is None:
            return Report()  # "Son opposition, a-t-il déclaré, est erronée": P around the incise
    attribution = ctx.speaker(Attribution("indirect-inversion", view.cue(verb), verb, head))
    if not (attribution.speaker.actor_id or any(ctx.lexicon.has(head, label) for label in (
            "ANONYMOUS", "ROLE", "DESCRIPTION", "SPOKESPERSON", "EPITHET"))):
        return Report()  # without quotation marks, only a speaker or a word for a speaker makes it speech
        # ("P, déclare le directeur du centre", "P, évalue le gouvernement": a role or description,
        # its actor left to the resolver)
    start, end = view.offset(left), view.end(last)
    # a quotation inside P is the same speaker's words ("n'est « a priori pas du tout en lien », a précisé X")
    scope = (start, end, Attribution("inversion", attribution.cue, verb, head, attribution.speaker))
    return Report(rows=[ctx.row("indirect", start, end, attribution, ctx.sentence_of(verb),
                                view.segment_index(verb))], scope=[scope])


def _name_read_as_object(verb: Token) -> bool:
    """A proper name right after an inverted speech verb, parsed as its object, with no que-clause
    after it in the sentence: the verb's subject ("…, a précisé France Travail à l'AFP")."""
    doc = verb.doc
    after = doc[verb.i + 1] if verb.i + 1 < verb.sent.end else None
    return after is not None and after.pos_ == "PROPN" and after.dep_ == "obj" and after.head.i == verb.i and \
        not any(t.lower_ in ("que", "qu'", "qu’") for t in doc[verb.i + 1: verb.sent.end])


def _clause_after_incise(ctx: QuoteContext, verb: Token, head: Token) -> Token | None:
    """"Son opposition au projet, a-t-il déclaré, est erronée": an inverted speech verb between
    commas inside a clause whose subject stands before it and whose verb comes after. The last
    token of that clause, or None when the words after the incise hold no verb of their own."""
    doc = verb.doc
    after = max(verb.i, head.i, *(t.i for t in head.subtree if t.i > verb.i)) + 1
    if after >= len(doc) or doc[after].text != "," or ctx.inside_quote(ctx.view.offset(doc[after])):
        return None
    _, right = ctx.clause_bounds(doc[after])
    rest = doc[after + 1: right.i + 1]
    if not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "acl") for t in rest) or any(
            t.text == "," and i == 0 for i, t in enumerate(rest)):
        return None
    if any(ctx.view.is_speech(t) for t in rest if not ctx.inside_quote(ctx.view.offset(t))):
        return None  # another report follows: its own
    last = right
    while last.i > after and last.is_punct and last.text not in CLOSERS:
        last = doc[last.i - 1]
    return last if last.i > after else None



def _pour(ctx: QuoteContext, token: Token) -> Report:
    """"Pour la ministre, P", "Pour lui, P", "Pour X (a person), P": the opinion a sentence
    opens with. Only a person speaks this way: "Pour les utilisateurs, …", "Pour TikTok, l'enjeu
    est …" are the article's own words."""
    doc = token.doc
    first = next((t for t in token.sent if not t.is_punct), None)
    if first is None or first.i != token.i or ctx.inside_quote(ctx.view.offset(token)):
        return Report()
    comma = next((t for t in doc[token.i + 1: min(token.i + 8, token.sent.end)] if t.text == ","), None)
    if comma is None or comma.i == token.i + 1:
        return Report()
    phrase = [t for t in doc[token.i + 1: comma.i] if t.pos_ in ("NOUN", "PROPN", "PRON")]
    if not phrase or any(t.pos_ in ("VERB", "AUX") for t in doc[token.i + 1: comma.i]):
        return Report()  # "Pour protéger les mineurs, …": a purpose
    head = phrase[0] if phrase[0].pos_ == "PRON" else max(phrase, key=lambda t: len(list(t.subtree)))
    _, right = ctx.clause_bounds(comma)
    rest = [t for t in doc[comma.i + 1: right.i + 1] if not ctx.inside_quote(ctx.view.offset(t))]
    if not any(t.pos_ in ("VERB", "AUX") for t in rest) or any(ctx.view.is_speech(t, strong=True) for t in rest):
        return Report()  # a clause of its own, reported by no verb
    attribution = ctx.speaker(Attribution("indirect-pour", "pour", None, head))
    speaker = attribution.speaker
    person = (ctx.lexicon.has(head, "ROLE") and head.pos_ == "NOUN") or (
        speaker is not None and speaker.actor_id and ctx.resolver.types.get(speaker.actor_id) in PERSON_TYPES)
    # ("Pour lui, l'institution va …" of a website names no one: a pronoun only for a person it resolves to)
    if speaker is None or not person:
        return Report()
    start, end = ctx.view.offset(doc[comma.i + 1]), ctx.view.end(right)
    if ctx.only_quotation(start, end) is not None:
        return Report()  # "Pour X, « … »": the direct quote's own rule
    scope = (start, end, attribution)
    return Report(rows=[ctx.row("indirect", start, end, attribution, ctx.sentence_of(token),
                                ctx.view.segment_index(token))], scope=[scope])


CLEFT_OPENINGS = {("c'", "est"), ("c’", "est"), ("c'", "était"), ("c’", "était"), ("voilà",), ("voici",)}


def _cleft(ctx: QuoteContext, verb: Token) -> Report:
    """"P. C'est ce qu'a expliqué X", "Voilà ce qu'affirme X": the sentence before, in the same
    paragraph, is what X said."""
    doc, view = verb.doc, ctx.view
    if ctx.inside_quote(view.offset(verb)):
        return Report()
    first = verb.i
    while first > verb.sent.start and (is_aux(doc[first - 1]) or doc[first - 1].lower_ in REFLEXIVE):
        first -= 1
    que, ce = first - 1, first - 2
    if ce < verb.sent.start or doc[que].lower_ not in ("que", "qu'", "qu’") or doc[ce].lower_ != "ce":
        return Report()
    opening = tuple(t.lower_ for t in doc[verb.sent.start: ce] if not t.is_punct)
    if opening not in CLEFT_OPENINGS or verb.sent.start == 0:
        return Report()
    previous = doc[verb.sent.start - 1].sent
    if any(ctx.inside_quote(view.offset(t)) for t in previous) or len(previous) < 4:
        return Report()
    head = inverted_subject(verb, ctx.lexicon)
    if head is None or head.i < verb.i:
        head = subject_before(verb)
        if head is None or head.i <= ce:
            return Report()
    attribution = ctx.speaker(Attribution("indirect-inversion", view.cue(verb), verb, head))
    if not (attribution.speaker.actor_id or any(ctx.lexicon.has(head, label) for label in (
            "ROLE", "DESCRIPTION", "SPOKESPERSON", "EPITHET"))):
        return Report()
    last = previous[-1]
    while last.i > previous.start and last.is_punct and last.text not in CLOSERS:
        last = doc[last.i - 1]
    start, end = view.offset(previous[0]), view.end(last)
    scope = (start, end, Attribution("inversion", attribution.cue, verb, head, attribution.speaker))
    return Report(rows=[ctx.row("indirect", start, end, attribution, ctx.sentence_of(verb),
                                view.segment_index(verb))], scope=[scope])
