"""What the quote rules read of one article: its tokens with document offsets, its speech verbs,
its quotations, and the clause, subject and selon tests they share.

`QuoteContext` is built once per article and only read by the rules of `reported` and `direct`
(the speaker resolver it holds notes the speakers found, for the pronouns after them).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.fr.marks import CLOSERS, Quotation
from pipeline.quotes.phrase import Lexicon, is_pronoun, subject_of
from pipeline.quotes.salience import Speaker
from pipeline.quotes.speakers import SpeakerResolver
from pipeline.records import Article, Quote

SENTENCE_END = {".", "!", "?", "…", "...", "?!", "!?"}
CLAUSE_END = SENTENCE_END | {";"}
REFLEXIVE = {"se", "s'", "s’"}
TOPIC_WORDS = {"côté", "chez", "sein"}  # "Côté Apple, …", "Chez Orange, on …", "au sein de X": who speaks
SKIPPED_CLITICS = REFLEXIVE | {"ne", "n'", "n’", "l'", "l’", "le", "la", "les", "lui", "leur", "y", "en"}
SHORT_QUOTE = 4  # words: a shorter fragment is a scare quote unless a cue introduces it directly


@dataclass
class Attribution:
    rule: str
    cue: str
    verb: Token | None = None
    head: Token | None = None  # head of the speaker phrase
    speaker: Speaker | None = None


class ArticleView:
    """An article's tokens in document order, across segments, with document offsets."""

    def __init__(self, article: Article):
        self.text = article.text
        self.tokens: list[Token] = []
        self.offsets: list[int] = []
        self._start: dict[int, int] = {}
        self._segment: dict[int, int] = {}
        self.speech: dict[tuple[int, int], str] = {}  # (doc, i) of a speech verb → its cue
        self.strong: set[tuple[int, int]] = set()  # those tagged as verbs
        self.parts: set[tuple[int, int]] = set()  # every word of a cue ("fait" of "a fait savoir")
        for index, segment in enumerate(article.segments):
            if segment.doc is None:
                continue
            self._start[id(segment.doc)] = segment.start
            self._segment[id(segment.doc)] = index
            for token in segment.doc:
                self.tokens.append(token)
                self.offsets.append(segment.start + token.idx)

    def offset(self, token: Token) -> int:
        return self._start[id(token.doc)] + token.idx

    def end(self, token: Token) -> int:
        return self.offset(token) + len(token)

    def segment_index(self, token: Token) -> int:
        return self._segment[id(token.doc)]

    def token_at(self, offset: int) -> Token | None:
        index = bisect_right(self.offsets, offset) - 1
        if index >= 0 and offset < self.offsets[index] + len(self.tokens[index]):
            return self.tokens[index]
        return None

    def is_speech(self, token: Token, strong: bool = False) -> bool:
        key = (id(token.doc), token.i)
        return key in (self.strong if strong else self.speech)

    def cue(self, token: Token) -> str:
        return self.speech.get((id(token.doc), token.i), "")


def subject_before(verb: Token) -> Token | None:
    """The parsed subject of a verb reporting a que-clause, unless the parser took it from a
    reported clause: after the verb, or the subject of a verb introduced by que."""
    subject = subject_of(verb)
    if subject is None or subject.text.startswith("-"):
        return subject
    marked = any(child.dep_ == "mark" and child.lower_ in ("que", "qu'", "qu’") for child in subject.head.children)
    if subject.i > verb.i or (marked and subject.head.i != verb.i):
        return None  # "X dément que ses règles … et fait remarquer que": not "ses règles"
    return subject


def is_aux(token: Token) -> bool:
    """An auxiliary, also when an unknown verb after it threw the tagger ("a" as X in "a tempêté")."""
    return token.pos_ == "AUX" or (token.lemma_ in ("avoir", "être") and token.pos_ == "X")


def conjugated(verb: Token) -> bool:
    """A conjugated verb or one with its auxiliary ("déplorent", "a indiqué"), not a participle."""
    return "Fin" in verb.morph.get("VerbForm") or any(
        child.dep_.startswith("aux") for child in verb.children) or (
        verb.i > 0 and verb.doc[verb.i - 1].pos_ == "AUX") or not verb.morph.get("VerbForm")


def describes_noun(verb: Token) -> bool:
    """A past participle describing a noun ("une accusation rejetée par Bruxelles") reports nothing."""
    return verb.dep_ in ("acl", "amod") and "Pres" not in verb.morph.get("Tense") and not any(
        child.dep_.startswith("aux") for child in verb.children)


def verb_like(token: Token) -> bool:
    """Tagged a verb, or a verb form the tagger missed in a verb's place ("TikTok dément que")."""
    if token.pos_ in ("VERB", "AUX") or any(child.dep_.startswith("aux") for child in token.children):
        return True
    previous = token.doc[token.i - 1] if token.i else None
    return token.lemma_.lower() == token.lower_ and previous is not None and previous.pos_ not in ("DET", "ADP")


def is_on(token: Token) -> bool:
    """The impersonal "on", also inverted ("déplore-t-on": "-t" may stand for it)."""
    doc = token.doc
    return token.lower_ in ("on", "-on") or (token.lower_ == "-t" and token.i + 1 < len(doc)
                                              and doc[token.i + 1].lower_ == "-on")


def cue_anchor(span) -> Token:
    """The token of a cue match that carries its subject: its verb, else its syntactic head."""
    verbs = [token for token in span if token.pos_ == "VERB"]
    if len(verbs) == 1:
        return verbs[0]
    for token in span:
        if not (span.start <= token.head.i < span.end) or token.head.i == token.i:
            return token
    return span[-1]


class QuoteContext:
    """One article as the quote rules read it (see the module docstring)."""

    def __init__(self, view: ArticleView, lexicon: Lexicon, resolver: SpeakerResolver,
                 quotations: list[Quotation], segments):
        self.view, self.lexicon, self.resolver = view, lexicon, resolver
        self.quotations, self.segments = quotations, segments

    def inside_quote(self, offset: int) -> Quotation | None:
        for quotation in self.quotations:
            if quotation.open_at <= offset < quotation.close_end:
                return quotation
        return None

    def speaker(self, attribution: Attribution) -> Attribution:
        if attribution.head is not None and attribution.speaker is None:
            attribution.speaker = self.resolver.resolve(attribution.head, attribution.verb)
        return attribution

    def clause_bounds(self, token: Token) -> tuple[Token, Token]:
        """First and last token of the clause around `token`: bounded by final stops and `;`
        (`:` on the left), by the quotation holding it, never by the parser's sentence splits,
        which fr_core_news_md also makes inside names ("le quotidien Het | Financieele Dagblad")."""
        doc, view = token.doc, self.view
        enclosing = self.inside_quote(view.offset(token))  # a clause never leaves its quotation

        def stops(other: Token, marks: set[str]) -> bool:
            if enclosing is not None and not (enclosing.open_at < view.offset(other) < enclosing.close_at):
                return True
            if other.text not in marks:
                return False
            return self.inside_quote(view.offset(other)) is enclosing  # a stop inside another quote is no stop

        left = token
        while left.i > 0 and not stops(doc[left.i - 1], CLAUSE_END | {":"}):
            left = doc[left.i - 1]
        right = token
        while right.i < len(doc) - 1 and not stops(doc[right.i + 1], CLAUSE_END):
            right = doc[right.i + 1]
        return left, right

    def sentence_of(self, token: Token) -> tuple[int, int]:
        return self.view.offset(token.sent[0]), self.view.end(token.sent[-1])

    def row(self, kind: str, start: int, end: int, attribution: Attribution | None,
              sentence: tuple[int, int], segment: int) -> tuple[Quote, tuple[int, int]]:
        text = self.view.text
        while start < end and text[start] in " ,;:\u00a0\u202f":
            start += 1
        trailing = " ,;:.\u00a0\u202f" if kind == "indirect" else " ,;:\u00a0\u202f"
        while end > start and text[end - 1] in trailing:
            end -= 1  # a direct quote keeps its own final stop
        speaker = attribution.speaker if attribution is not None else None
        anchor = attribution.verb if attribution is not None and attribution.verb is not None else (
            attribution.head if attribution is not None and attribution.rule.endswith("selon") else None)
        if speaker is not None and anchor is not None and speaker.how != "pronoun":
            # a speaker the parse did not give as a subject ("…, a déclaré X", "selon X") is still
            # what "il" / "elle" picks up next
            self.resolver.note_speaker(self.view.offset(anchor), speaker)
        rule = rule_of(attribution)
        row = Quote("", "", self.paragraph(segment), kind, text[start:end], start, end,
                    speaker=speaker.text if speaker else "", speaker_actor_id=speaker.actor_id if speaker else "",
                    speaker_name=speaker.name if speaker else "", cue=attribution.cue if attribution else "",
                    rule=rule, confidence=confidence_of(rule, speaker.actor_id if speaker else ""))
        return row, sentence

    def paragraph(self, segment: int) -> int:
        return self.segments[segment].paragraph.paragraph

    def selon_noun(self, token: Token) -> Token | None:
        """The noun a selon cue introduces, if it names a source (not "selon le calendrier")."""
        doc = token.doc
        last = token.i + 1 if token.lower_ in ("d'", "d’") else token.i
        noun = doc[last].head if doc[last].dep_ in ("case", "fixed") else None
        if noun is not None and doc[last].dep_ == "fixed":
            noun = noun.head
        if noun is None or noun.i <= last:
            noun = next((t for t in doc[last + 1: last + 6] if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if noun is None or self.lexicon.has(noun, "NOT_SOURCE"):
            return None
        if noun.i + 1 < len(doc) and (self.lexicon.has(noun, "MASCULINE_TITLE") or self.lexicon.has(
                noun, "FEMININE_TITLE")) and doc[noun.i + 1].pos_ == "PROPN":
            noun = doc[noun.i + 1]  # "Selon M. Poilievre": the name after the title
        offset = self.view.offset(noun)
        named = self.resolver.index.covering(offset, offset + len(noun))
        if named is not None and (named.type or named.label) == "MISC":
            return None  # "selon le Digital Markets Act": a law or a product says nothing
        if named or is_pronoun(noun) or noun.pos_ == "PROPN":
            return noun
        if any(self.lexicon.has(noun, label) for label in
               ("ANONYMOUS", "SPOKESPERSON", "ROLE", "DESCRIPTION")):
            return noun
        glossed = [t for t in noun.subtree if t.i > noun.i and t.dep_ == "appos" and t.i > 0
                   and doc[t.i - 1].text == "(" and t.pos_ == "PROPN"]
        if glossed and self.resolver.index.covering(self.view.offset(glossed[0]), self.view.end(glossed[0])):
            return glossed[0]  # "selon le Centre national de cybersécurité (NCSC)": the NER missed the name, not its acronym
        return None

    def only_quotation(self, start: int, end: int) -> Quotation | None:
        """The quotation that fills [start, end) but for punctuation, if any."""
        text = self.view.text
        for quotation in self.quotations:
            if quotation.open_at >= start - 1 and quotation.close_end <= end + 1 and \
                    not text[start:quotation.open_at].strip(" ,:") and not text[quotation.close_end:end].strip(" ,.;:"):
                return quotation
        return None

    def preceding_noun(self, verb: Token, depth: int = 0) -> Token | None:
        """The subject by position, when the parse gives none: fr_core_news_md tags speech verbs
        that are also nouns ("juge", "conteste") as nouns. Leftwards from the verb, skipping
        adverbs, auxiliaries, clitics and comma-delimited incises (", présidée par Y,", ", qui
        a porté le projet,", ", de son côté,"), the word ending the noun phrase before them; after
        "et" / "puis", the subject of the speech verb coordinated before ("X dénonce … et conteste que")."""
        doc = verb.doc
        left, _ = self.clause_bounds(verb)
        i = verb.i - 1
        while i >= left.i:
            token = doc[i]
            if token.pos_ in ("AUX", "ADV") or token.lower_ in SKIPPED_CLITICS or token.text.startswith("-") or (
                    token.pos_ == "VERB" and (id(doc), i) in self.view.parts and not self.view.is_speech(token)):
                i -= 1  # "a fait savoir": the first words of the cue
            elif token.text == ",":
                opening = self.incise_start(doc, left.i, i)
                name = self.apposed_person(doc, opening + 1, i)
                if name is not None:
                    return name  # "le président de X, Kent Walker, fait valoir": the name is the speaker
                i = opening - 1
                if i < left.i:
                    return None
            elif token.lower_ in ("et", "puis", "mais") and depth < 2:
                return self.coordinated_subject(doc, left.i, i, depth)
            elif token.pos_ in ("NOUN", "PROPN", "PRON") or self.resolver.index.covering(
                    self.view.offset(token), self.view.end(token)):
                return token
            else:
                return None
        return None

    def apposed_person(self, doc, start: int, end: int) -> Token | None:
        """The first word of a person's name filling a comma-delimited incise, if it is one."""
        if start >= end or doc[start].pos_ != "PROPN":
            return None
        mention = self.resolver.index.covering(self.view.offset(doc[start]), self.view.end(doc[end - 1]))
        if mention is None or mention.type != "PER":
            return None
        if mention.start > self.view.offset(doc[start]) or mention.end < self.view.end(doc[end - 1]):
            return None
        return doc[start]

    def incise_start(self, doc, first: int, comma: int) -> int:
        """The comma opening the incise that `comma` closes (or `first` when there is none)."""
        for i in range(comma - 1, first - 1, -1):
            if doc[i].text == ",":
                return i
            if self.inside_quote(self.view.offset(doc[i])) and doc[i].text not in CLOSERS:
                return first - 1
        return first - 1

    def coordinated_subject(self, doc, first: int, conjunction: int, depth: int) -> Token | None:
        """The subject of the speech verb before a coordination, in the same clause."""
        for i in range(conjunction - 1, first - 1, -1):
            if self.view.is_speech(doc[i], strong=True):
                return subject_before(doc[i]) or self.preceding_noun(doc[i], depth + 1)
        return None

    def topic(self, tokens) -> Token | None:
        """The actor a topic phrase names: "Côté Apple", "Chez Bouygues Telecom", "Du côté de
        Bercy", and at the start of the clause "À Pékin" (a named actor, else None)."""
        tokens = list(tokens)
        for number, token in enumerate(tokens):
            if not (token.lower_ in TOPIC_WORDS or (number == 0 and token.lower_ in ("à", "au"))):
                continue
            for name in tokens[number + 1: number + 3]:
                if name.lower_ in ("de", "du", "d'", "d’", "des"):
                    continue
                mention = self.resolver.index.covering(self.view.offset(name), self.view.end(name))
                if mention is not None and mention.actor_id:
                    return name
                break
        return None

    def impersonal(self, head: Token | None, verb: Token) -> Token | None:
        """"on" as a subject ("Chez X, on déplore", "déplore-t-on chez X") speaks for the topic
        of its clause; any other head stays."""
        if head is None or not is_on(head):
            return head
        left, right = self.clause_bounds(verb)
        return self.topic(verb.doc[left.i: right.i + 1]) or head

    def stands_alone(self, quotation: Quotation, open_token: Token, close_token: Token) -> bool:
        """Whether a quote is a sentence of its own (opened after a final stop, closed on one).

        The marks may sit in two paragraphs, so two Docs: each token is read in its own.
        """
        opened, closed = open_token.doc, close_token.doc
        starts_sentence = open_token.i == 0 or opened[open_token.i - 1].text in SENTENCE_END
        last_inside = self.view.text[:quotation.close_at].rstrip()[-1:]
        return starts_sentence and (last_inside in ".!?…" or (
            close_token.i + 1 < len(closed) and closed[close_token.i + 1].text in SENTENCE_END))


# The rules that name their speaker in the sentence itself, by a verb, a colon or selon.
SENTENCE_RULES = frozenset({"subject", "inversion", "colon", "selon", "incise", "indirect-que",
                            "indirect-selon", "indirect-inversion"})


def rule_of(attribution: Attribution | None) -> str:
    """The `rule` column: the attribution rule, then how its phrase was read; when no actor came
    of it, why ("/role": a role the article gives no one; "/unknown": words naming no actor)."""
    if attribution is None:
        return "unattributed"
    speaker, rule = attribution.speaker, attribution.rule
    if speaker is None or "/" in rule:
        return rule
    if speaker.how in ("pronoun", "role", "description", "spokesperson", "anonymous"):
        return f"{rule}/{speaker.how}"
    return rule if speaker.actor_id else f"{rule}/unknown"


def confidence_of(rule: str, actor_id: str) -> str:
    """`high`: a name the sentence gives its speech verb, colon or selon; `medium`: a pronoun, a
    spokesperson, or a speaker from a neighbouring sentence or quote; `low`: a role or a
    description resolved to someone, or the speaker of the paragraph before; empty: no actor."""
    if not actor_id:
        return ""
    base, _, how = rule.partition("/")
    if how in ("role", "description") or base == "paragraph":
        return "low"
    if how in ("pronoun", "spokesperson") or base not in SENTENCE_RULES:
        return "medium"
    return "high"
