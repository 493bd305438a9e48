"""Direct speech: each quotation attributed by the first rule of RULES that applies.

1. subject   — a speech verb before the quote in its sentence, with its subject
               ("X a déclaré : « … »", "X a dénoncé une « … »", "…, qui estime que … « … »");
               the second half of a quote cut by an incise takes the first half's speaker
               ("« … », a-t-il ajouté, « … »": rule `incise`);
2. inversion — a speech verb right after the quote, its subject after it
               ("« … », a déclaré X", "« … » explique une dépêche de…", "estime-t-il",
               "« … », a, pour sa part, affirmé X", "« P », ni « Q », a dit X"); a passive
               speech verb before the quote is skipped by `subject` (its subject is what is
               said: "des contenus sont signalés");
3. colon     — an introduction without a verb ("Pour la présidente de la CNIL : « … »",
               cue ":"; "Pour X, « … »", cue "pour"); a topic phrase names the speaker
               ("Côté Apple, la réponse est sèche : « … »", "À Pékin, le ton est ferme : « … »");
4. selon     — "selon X" / "d'après X" next to the quote, or the quote inside the proposition
               of a reported-speech row (the row's cue and speaker);
5. next      — a quote standing as a sentence, followed by a sentence whose speech verb has
               a subject ("« Non. » Interrogé…, X a reconnu que…"); a verb inside the next
               quotation is that quote's words, not an attribution;
6. prior     — a quote standing as a sentence after a sentence whose speech verb, without a
               que-clause, has a subject ("X l'a répété mercredi. « … »");
7. previous  — the speaker of the previous quote of the same paragraph;
8. paragraph — a paragraph that is one quotation and nothing else, or that opens one it never
               closes, continues the one speaker of the paragraph before ("La Cnil a rappelé
               que P.\n\n« … »"); with two speakers there, or none, it stays empty; a quote
               in the first person singular ("« J'ai reçu … »") continues only a person there,
               in `previous` too (an organisation never says je); before it,
               a quote later in a sentence that opens with "Pour X," (no speech verb between)
               is X's (rule `colon`, cue "pour").

Otherwise the speaker stays empty. `keep` then drops titles, named terms ("le groupe «Play»")
and scare quotes.
Each rule reads the article (`QuoteContext`), the quotation's marks, what reported speech found
(`Report`) and the attributions kept so far for earlier quotations (`kept`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Token

from pipeline.fr.marks import CLOSERS, Quotation
from pipeline.fr.syntax import opens_selon, quotation_before
from pipeline.quotes.context import (REFLEXIVE, SENTENCE_END, SHORT_QUOTE, TOPIC_WORDS, Attribution, QuoteContext,
                                     conjugated, describes_noun, is_aux)
from pipeline.quotes.reported import Report, Row
from pipeline.quotes.phrase import PERSON_TYPES, inverted_subject, subject_of

Kept = dict[int, Attribution]  # opening offset of an earlier quotation -> the attribution it kept


@dataclass(frozen=True)
class Marks:
    """A quotation and the tokens of its marks (the closing one None when it is never closed)."""

    quotation: Quotation
    open_token: Token
    close_token: Token | None


def _inner_incise(ctx: QuoteContext, quotation: Quotation, open_token: Token) -> tuple[int, int, Attribution] | None:
    """An attribution set between commas inside the marks, French style: « P1, a déclaré X, et P2 »."""
    if quotation.first != quotation.last:
        return None
    doc = open_token.doc
    for comma in doc[open_token.i + 1:]:
        if ctx.view.offset(comma) >= quotation.end:
            return None
        if comma.text != ",":
            continue
        j = comma.i + 1
        while j < len(doc) and (is_aux(doc[j]) or doc[j].pos_ == "ADV" or doc[j].lower_ in REFLEXIVE):
            j += 1
        if j >= len(doc) or not ctx.view.is_speech(doc[j], strong=True) or not conjugated(doc[j]) \
                or j == comma.i + 1 and "Part" in doc[j].morph.get("VerbForm"):
            continue  # ", accusé de …": a participle describes, it does not attribute
        head = inverted_subject(doc[j], ctx.lexicon)
        if head is None or head.i < j:
            continue
        closing = next((t for t in doc[head.i + 1:] if t.text == "," or ctx.view.offset(t) >= quotation.end), None)
        if closing is None or closing.text != "," or ctx.view.offset(closing) >= quotation.end:
            continue
        following = next((t for t in doc[closing.i + 1:] if t.text == ","), None)
        if following is not None and ctx.view.offset(following) < quotation.end and \
                ctx.apposed_person(doc, closing.i + 1, following.i) is not None:
            closing = following  # "a déclaré le premier ministre, Anthony Albanese, et …"
        incise = ctx.speaker(Attribution("incise", ctx.view.cue(doc[j]), doc[j], head))
        return ctx.view.offset(comma), ctx.view.end(closing), incise
    return None


def _before(ctx: QuoteContext, marks: Marks, report: Report, kept: Kept) -> Attribution | None:
    """subject: a speech verb earlier in the quote's sentence, with a subject; or an incise."""
    open_token = marks.open_token
    doc = open_token.doc
    for token in reversed(doc[open_token.sent.start: open_token.i]):
        if token.text in SENTENCE_END or _ends_sentence(token, open_token):
            return None
        if token.text in CLOSERS or (token.text == '"' and ctx.inside_quote(ctx.view.offset(token))):
            prior = _attribution_of_quote_ending_at(ctx, token, kept)
            if prior is not None and prior.verb is not None and prior.verb.doc is doc and \
                    token.i < prior.verb.i < open_token.i:
                return Attribution("incise", prior.cue, prior.verb, prior.head, prior.speaker)
            if prior is not None or token.text == '"':
                return None
            continue  # a dropped term before ("une décision « injuste » qui « nuit … »"): read on
        if ctx.inside_quote(ctx.view.offset(token)):
            continue
        if ctx.view.is_speech(token, strong=True) and _passive(token):
            continue  # "des contenus sont signalés", "aucune attaque n'a été annoncée": what is said, no speaker
        if ctx.view.is_speech(token, strong=True) and not describes_noun(token):
            incise = _incise(ctx, token, kept)
            reported = _scope_of(marks.quotation, report)
            if incise is not None and reported is not None and reported.verb is not None and \
                    reported.verb.doc is doc and token.i < reported.verb.i < open_token.i:
                return None  # "« A », a expliqué X, tout en disant qu'il ne veut « B »": B is in what
                # the later verb reports (its cue), not the incise's continuation
            if incise is not None:
                return incise
            if "Inf" in token.morph.get("VerbForm") and _scope_of(marks.quotation, report):
                return None  # "X a déclaré que la mesure visait à répondre aux « … »": X's words
            if any(child.dep_ == "obj" and child.pos_ in ("NOUN", "PROPN") and child.i < open_token.i
                   for child in token.children) and _after(ctx, marks, report, kept) is not None:
                return None  # "Le Sénat lance une commission : « … », assure X": the verb has its own object
            head = ctx.impersonal(subject_of(token) or ctx.preceding_noun(token), token)
            if head is not None:
                return Attribution("subject", ctx.view.cue(token), token, head)
    return None


def _passive(verb: Token) -> bool:
    """A speech verb in the passive: its subject is what is said, not who says it."""
    return any(child.dep_ == "aux:pass" for child in verb.children) and any(
        child.dep_ == "nsubj:pass" and child.i < verb.i for child in verb.children)


def _ends_sentence(token: Token, open_token: Token) -> bool:
    """"… sur X. « Nous … »": the tokenizer kept the stop on the word before the quote."""
    return token.i == open_token.i - 1 and len(token.text) > 1 and token.text.endswith(".") \
        and token.text[-2].isalnum() and token.text[:-1].lower() not in ("m", "mm", "mme", "dr", "pr", "me")


def _incise(ctx: QuoteContext, verb: Token, kept: Kept) -> Attribution | None:
    """"« … », a-t-il ajouté, « … »": the verb between two quotes gives both one speaker."""
    closing = quotation_before(verb)
    if closing is None:
        return None
    prior = _attribution_of_quote_ending_at(ctx, closing, kept)
    if prior is not None:
        return Attribution("incise", prior.cue, prior.verb, prior.head, prior.speaker)
    head = inverted_subject(verb, ctx.lexicon)
    return Attribution("incise", ctx.view.cue(verb), verb, head) if head is not None else None


def _attribution_of_quote_ending_at(ctx: QuoteContext, token: Token, kept: Kept) -> Attribution | None:
    offset = ctx.view.offset(token)
    for quotation in ctx.quotations:
        if quotation.closed and quotation.close_at == offset:
            return kept.get(quotation.open_at)
    return None


def _after(ctx: QuoteContext, marks: Marks, report: Report, kept: Kept) -> Attribution | None:
    """inversion: "« … », a déclaré X" / "« … » explique X" / "« … », selon X" right after the quote."""
    close_token = marks.close_token
    if close_token is None:
        return None
    doc = close_token.doc
    index = close_token.i + 1
    if index < len(doc) and doc[index].text == ",":
        index += 1
    if index >= len(doc):
        return None
    first = doc[index]
    if ctx.lexicon.has(first, "SELON") and opens_selon(first):
        noun = ctx.selon_noun(first)
        return Attribution("selon", "selon" if first.lower_ == "selon" else "d'après", None, noun) if noun else None
    j, limit = index, index + 6
    while j < min(limit, len(doc)):
        token = doc[j]
        j += 1
        if token.text == "," and token.i > index and is_aux(doc[token.i - 1]):
            # "», a, pour sa part, affirmé X": an incise between the auxiliary and the verb
            closing = next((t.i for t in doc[token.i + 1: token.i + 6] if t.text == ","), None)
            if closing is not None and not any(t.pos_ in ("VERB", "AUX") or t.text in CLOSERS
                                               for t in doc[token.i + 1: closing]):
                limit += closing + 1 - j
                j = closing + 1
                continue
            return None
        if token.pos_ == "CCONJ" and j < len(doc) and ctx.inside_quote(ctx.view.offset(doc[j])) \
                and not ctx.inside_quote(ctx.view.offset(token)):
            # "« P », ni « Q », a dit X": the quotation coordinated after it shares its verb
            other = ctx.inside_quote(ctx.view.offset(doc[j]))
            after = next((t.i for t in doc[j:] if ctx.view.offset(t) >= other.close_end), None)
            if after is None or not other.closed:
                return None
            if doc[after].text == ",":
                after += 1
            limit += after - j
            j = after
            continue
        if ctx.view.is_speech(token):
            head = inverted_subject(token, ctx.lexicon)
            form = token.morph.get("VerbForm")
            bare = token.i == index and token.pos_ == "VERB" and (
                ("Part" in form and "Pres" in token.morph.get("Tense")) or "Inf" in form)
            if head is None or bare:
                return None  # "un « pacte » invitant les entreprises": a participle, no speech
            head = ctx.impersonal(head, token)  # "déplore-t-on chez X"
            return ctx.speaker(Attribution("inversion", ctx.view.cue(token), token, head))
        if token.pos_ == "ADV" or is_aux(token) or token.lower_ in REFLEXIVE or token.text.startswith("-") \
                or (id(doc), token.i) in ctx.view.parts or (token.pos_ == "ADP" and token.head.pos_ == "ADV"):
            continue  # "», a par ailleurs ajouté X": an adverb, even one opened by a preposition
        return None
    return None


def _prior_sentence(ctx: QuoteContext, marks: Marks, report: Report, kept: Kept) -> Attribution | None:
    """prior: A quote standing as its own sentence after a sentence whose speech verb, without a
    que-clause, has a subject ("X l'a répété mercredi. « … »"); "X a été clair." is no speech."""
    quotation, open_token, close_token = marks.quotation, marks.open_token, marks.close_token
    if close_token is None:
        return None
    doc = open_token.doc
    if not ctx.stands_alone(quotation, open_token, close_token) or open_token.i < 2:
        return None
    end = open_token.i - 1
    start = end
    while start > 0 and doc[start - 1].text not in SENTENCE_END:
        start -= 1
    sentence = doc[start: end]
    if any(t.lower_ in ("que", "qu'", "qu’") for t in sentence) or any(
            ctx.inside_quote(ctx.view.offset(t)) for t in sentence):
        return None
    for token in reversed(sentence):
        if ctx.view.is_speech(token, strong=True) and not describes_noun(token):
            head = ctx.impersonal(subject_of(token) or ctx.preceding_noun(token), token)
            return Attribution("prior", ctx.view.cue(token), token, head) if head is not None else None
    return None


def _colon(ctx: QuoteContext, marks: Marks, report: Report, kept: Kept) -> Attribution | None:
    """colon: "Pour X : « … »", "Pour X, « … »", "X : « … »": an introduction without a verb."""
    open_token = marks.open_token
    doc = open_token.doc
    if open_token.i == 0:
        return None
    mark = doc[open_token.i - 1]
    if mark.text not in (":", ","):
        return None
    left, _ = ctx.clause_bounds(mark)
    words = doc[left.i: mark.i]
    if not len(words):
        return None
    topic = ctx.topic(words) if mark.text == ":" and words[0].lower_ in TOPIC_WORDS | {"à", "au", "du"} else None
    if topic is not None:  # "Côté Apple, la réponse est sèche : « … »"
        head = topic
        cue = next((ctx.view.cue(t) for t in words if ctx.view.is_speech(t, strong=True)), ":")
    elif words[0].lower_ == "pour":
        head = max((t for t in words[1:] if t.pos_ in ("NOUN", "PROPN", "PRON")),
                   key=lambda t: len(list(t.subtree)), default=None)
        cue = ":" if mark.text == ":" else "pour"
    elif mark.text == ":":
        verbs = [t for t in words if t.pos_ in ("VERB", "AUX")]
        head = subject_of(verbs[0]) if verbs else None
        if head is None:
            head = next((t for t in words if t.dep_ in ("nsubj", "ROOT") and t.pos_ in ("NOUN", "PROPN")), None)
        cue = ":"
    else:
        return None
    if head is None:
        return None
    attribution = ctx.speaker(Attribution("colon", cue, None, head))
    return attribution if attribution.speaker and (attribution.speaker.actor_id or
                                                   attribution.speaker.how == "anonymous") else None


def _pour_opening(ctx: QuoteContext, marks: Marks, report: Report, kept: Kept) -> Attribution | None:
    """colon: "Pour Pékin, Washington a commis « un abus … »": the opinion a sentence opens with,
    when no speech verb comes between its comma and the quote."""
    open_token = marks.open_token
    doc, sentence = open_token.doc, open_token.sent
    first = next((t for t in sentence if not t.is_punct), None)
    if first is None or first.lower_ != "pour" or first.i >= open_token.i:
        return None
    comma = next((t for t in doc[first.i + 1: min(first.i + 8, open_token.i)] if t.text == ","), None)
    if comma is None or any(ctx.view.is_speech(t, strong=True) for t in doc[comma.i + 1: open_token.i]):
        return None
    head = max((t for t in doc[first.i + 1: comma.i] if t.pos_ in ("NOUN", "PROPN", "PRON")),
               key=lambda t: len(list(t.subtree)), default=None)
    if head is None:
        return None
    attribution = ctx.speaker(Attribution("colon", "pour", None, head))
    return attribution if attribution.speaker and attribution.speaker.actor_id else None


def _selon_next_to(ctx: QuoteContext, marks: Marks, report: Report, kept: Kept) -> Attribution | None:
    """selon: "Selon lui, « … »", found with reported speech."""
    return report.selon_for.get(marks.quotation.open_at)


def _in_scope(ctx: QuoteContext, marks: Marks, report: Report, kept: Kept) -> Attribution | None:
    """selon / subject: a quote inside the proposition of reported speech shares its speaker and cue."""
    return _scope_of(marks.quotation, report)


def _scope_of(quotation: Quotation, report: Report) -> Attribution | None:
    for start, end, attribution in report.scope:
        if start <= quotation.open_at and quotation.close_end <= end + 1:
            return Attribution(attribution.rule, attribution.cue, attribution.verb,
                               attribution.head, attribution.speaker)
    return None


def _next_sentence(ctx: QuoteContext, marks: Marks, report: Report, kept: Kept) -> Attribution | None:
    """next: A quote standing as its own sentence, attributed by the speech verb of the next one."""
    quotation, open_token, close_token = marks.quotation, marks.open_token, marks.close_token
    if close_token is None:
        return None
    doc = close_token.doc
    if not ctx.stands_alone(quotation, open_token, close_token):
        return None
    for token in doc[close_token.i + 1: len(doc)]:
        if token.text in SENTENCE_END and token.i > close_token.i + 1:
            return None
        if ctx.inside_quote(ctx.view.offset(token)):
            return None  # "« … » Et d'ajouter : « Je peux dire … »": the next quote's own words attribute nothing
        if ctx.view.is_speech(token, strong=True):
            head = subject_of(token)
            if head is not None:
                return Attribution("next", ctx.view.cue(token), token, head)
    return None


def keep(ctx: QuoteContext, marks: Marks, attribution: Attribution | None, report: Report) -> bool:
    """Titles, named terms and scare quotes are not quotes."""
    quotation, open_token = marks.quotation, marks.open_token
    doc = open_token.doc
    before = doc[open_token.i - 1] if open_token.i > 0 else None
    words = len(ctx.view.text[quotation.start:quotation.end].split())
    if before is not None and ctx.lexicon.has(before, "NAMING"):
        return False  # la loi « SREN », dite « loi SREN », sous le titre « … »
    inner = [t for t in doc[open_token.i + 1:] if ctx.view.offset(t) < quotation.end]
    if words <= SHORT_QUOTE and before is not None and before.pos_ in ("DET", "ADP", "NOUN", "PROPN", "ADJ") and \
            inner and all(t.is_punct or t.pos_ == "PROPN" or t.text[:1].isupper() for t in inner) and \
            inner[0].text[:1].isupper():
        return False  # a name in marks inside a noun phrase: "le groupe «Play»", "de la part de «Play»",
        # "le « Wall Street Journal »" (capitalised words the tagger read as nouns)
    if attribution is None:
        # an unattributed quotation after a determiner is a name ("le « design addictif »")
        return words > SHORT_QUOTE and (before is None or before.pos_ != "DET")
    if words > SHORT_QUOTE:
        return True
    if attribution.rule in ("inversion", "colon", "incise") or (
            attribution.rule == "selon" and attribution.verb is None and not _scope_of(quotation, report)):
        return True  # « Non », a-t-il répondu.
    # a short fragment stays only when the verb introduces it ("était « attendue »",
    # "comptait « accélérer »"), not when it names a thing ("les « dark patterns »")
    return before is not None and before.pos_ in ("VERB", "AUX", "ADV", "SCONJ", "PRON")


Rule = Callable[[QuoteContext, Marks, Report, Kept], "Attribution | None"]
RULES: tuple[Rule, ...] = (_before, _after, _colon, _selon_next_to, _in_scope, _next_sentence, _prior_sentence)


def attribute(ctx: QuoteContext, marks: Marks, report: Report, kept: Kept,
              previous: tuple[int, Attribution] | None) -> Attribution | None:
    """The first rule of RULES that applies; else the previous quote's speaker in the paragraph;
    else a sentence opening with "Pour X," or the one speaker of the paragraph before."""
    for rule in RULES:
        found = rule(ctx, marks, report, kept)
        if found:
            return found
    if previous is not None and previous[0] == ctx.paragraph(marks.quotation.first):
        prior = ctx.speaker(previous[1])
        if not (_first_person(ctx, marks) and _not_person(ctx, prior.speaker)):
            return Attribution("previous", prior.cue, prior.verb, prior.head, prior.speaker)
    return _pour_opening(ctx, marks, report, kept) or _paragraph_before(ctx, marks, report, kept)


def _first_person(ctx: QuoteContext, marks: Marks) -> bool:
    """Whether the quotation speaks in the first person singular ("J'ai reçu", "mon ministère";
    FIRST_PERSON_SINGULAR of cues.jsonl): a person's words, never an organisation's."""
    quotation, open_token = marks.quotation, marks.open_token
    nested = False  # "cliquer sur ' j'accepte '": the words of someone the quote quotes in turn
    for token in open_token.doc[open_token.i + 1:]:
        if ctx.view.offset(token) >= quotation.end:
            break
        if token.text in INNER_MARKS:
            nested = not nested
        elif not nested and ctx.lexicon.has(token, "FIRST_PERSON_SINGULAR"):
            return True
    return False


INNER_MARKS = frozenset({"'", '"', "‘", "’", "“", "”", "«", "»", "‹", "›"})


def _not_person(ctx: QuoteContext, speaker) -> bool:
    """A speaker resolved to an actor that is no person (an organisation, a government, a medium)."""
    return speaker is not None and bool(speaker.actor_id) and \
        ctx.resolver.types.get(speaker.actor_id, "") not in PERSON_TYPES


def _paragraph_before(ctx: QuoteContext, marks: Marks, report: Report, kept: Kept) -> Attribution | None:
    """paragraph: a quotation that is its whole paragraph (after one word at most: "Or, « … »")
    takes the one speaker of the paragraph before."""
    quotation, text = marks.quotation, ctx.view.text
    paragraph = ctx.segments[quotation.first].paragraph
    if len(text[paragraph.start:quotation.open_at].split()) > 1 or (
            quotation.closed and text[quotation.close_end:paragraph.end].strip(" .…!?\u00a0\u202f")):
        return None
    before = [segment.paragraph for segment in ctx.segments if segment.paragraph.paragraph == paragraph.paragraph - 1]
    if not before:
        return None
    start, end = before[0].start, before[0].end
    found = [attribution for offset, attribution in sorted(kept.items()) if start <= offset < end]
    found += [attribution for first, _, attribution in sorted(report.scope, key=lambda s: s[0]) if start <= first < end]
    if _first_person(ctx, marks):  # "« J'ai déjà reçu … »" continues a person, never an organisation
        found = [attribution for attribution in found if not _not_person(ctx, attribution.speaker)]
    speakers = {attribution.speaker.actor_id if attribution.speaker else "" for attribution in found}
    # who spoke there without a quote of their own ("X a demandé à SpaceX de bloquer …")
    spoke = [entry for entry in ctx.resolver.salience.entries if entry.spoke and start <= entry.position < end]
    if _first_person(ctx, marks):
        spoke = [entry for entry in spoke if entry.type in PERSON_TYPES]
    speakers |= {entry.speaker.actor_id for entry in spoke}
    if len(speakers) != 1 or "" in speakers:
        return None
    if found:
        last = found[-1]
        return Attribution("paragraph", last.cue, last.verb, last.head, last.speaker)
    return Attribution("paragraph", "", None, None, spoke[-1].speaker)


def find_direct(ctx: QuoteContext, report: Report) -> list[Row]:
    """Every quotation kept as a quote, attributed; one cut by an inner incise gives two rows."""
    rows: list[Row] = []
    kept: Kept = {}
    previous: tuple[int, Attribution] | None = None
    for quotation in ctx.quotations:
        open_token = ctx.view.token_at(quotation.open_at)
        if open_token is None:
            continue
        close_token = ctx.view.token_at(quotation.close_at) if quotation.closed else None
        marks = Marks(quotation, open_token, close_token)
        attribution = attribute(ctx, marks, report, kept, previous)
        if attribution is not None and attribution.speaker is None:
            ctx.speaker(attribution)
        if not keep(ctx, marks, attribution, report):
            continue
        paragraph = ctx.paragraph(quotation.first)
        if attribution is not None:
            kept[quotation.open_at] = attribution
            if attribution.rule != "previous":
                previous = (paragraph, attribution)
        sentence = ctx.sentence_of(attribution.verb if attribution and attribution.verb else open_token)
        inner = _inner_incise(ctx, quotation, open_token)
        if inner is None:
            rows.append(ctx.row("direct", quotation.start, quotation.end, attribution, sentence,
                                   quotation.first))
            continue
        before, after, incise = inner  # « P1, a déclaré X, et P2 »: two rows, one speaker
        rows.append(ctx.row("direct", quotation.start, before, incise, sentence, quotation.first))
        rows.append(ctx.row("direct", after, quotation.end, incise, sentence, quotation.first))
        kept[quotation.open_at] = incise
    return rows
