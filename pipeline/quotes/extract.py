"""Direct and reported speech, each attributed to a canonical speaker.

Direct quotes are the quotations of `pipeline.fr.marks` (found over the article's segments in
order, so a quote may run over paragraphs). Each is attributed by the first rule that applies:

1. subject   — a speech verb before the quote in its sentence, with its subject
               ("X a déclaré : « … »", "X a dénoncé une « … »", "…, qui estime que … « … »");
               the second half of a quote cut by an incise takes the first half's speaker
               ("« … », a-t-il ajouté, « … »": rule `incise`);
2. inversion — a speech verb right after the quote, its subject after it
               ("« … », a déclaré X", "« … » explique une dépêche de…", "estime-t-il");
3. colon     — an introduction without a verb ("Pour la présidente de la CNIL : « … »",
               cue ":"; "Pour X, « … »", cue "pour"); a topic phrase names the speaker
               ("Côté Apple, la réponse est sèche : « … »", "À Pékin, le ton est ferme : « … »",
               cue ":", or the lemma of a speech verb of the introduction);
4. selon     — "selon X" / "d'après X" next to the quote, or the quote inside the proposition
               of a reported-speech row (the row's cue and speaker);
5. next      — a quote standing as a sentence, followed by a sentence whose speech verb has
               a subject ("« Non. » Interrogé…, X a reconnu que…");
6. prior     — a quote standing as a sentence after a sentence whose speech verb, without a
               que-clause, has a subject ("X l'a répété mercredi. « … »"; "X a été clair. « … »"
               has no speech verb and stays unattributed);
7. previous  — the speaker of the previous quote of the same paragraph.

Otherwise the speaker stays empty. Filters then drop titles, named terms and scare quotes.
Reported speech (kind `indirect`): `indirect-que` ("X a déclaré que P"), `indirect-selon`
("selon X, P", "P, selon X", "d'après X, P") and `indirect-inversion` ("P, a indiqué X").
Speakers are resolved by `pipeline.quotes.speakers`; when the actor comes from a pronoun or a
description, the rule says how ("inversion/pronoun", "subject/role").

Finding the subject of a speech verb does not trust the parse alone:
- the parse's subject, a relative's antecedent by position ("X, qui a assuré que" → X), or the
  governing verb's subject for a participle or an infinitive ("…, assurant que",
  "…, avant de préciser que", "pour expliquer que");
- else by position (`_preceding_noun`): leftwards from the verb, skipping adverbs, auxiliaries,
  clitics, the first words of a multiword cue and comma-delimited incises (", présidée par Y,",
  ", qui a porté le projet,", ", de son côté,"), the word ending the noun phrase before them —
  fr_core_news_md tags "juge", "conteste", "estime"… as nouns; after "et", the subject of the
  speech verb coordinated before ("X dénonce … et conteste que P" → X);
- an impersonal "on" speaks for the topic of its clause ("Chez X, on déplore", "déplore-t-on
  chez X" → X).
A que-clause belongs to the nearest speech verb: the search for `que` stops at another speech
verb ("P, a reconnu X, qui a assuré que Q": P is reconnaître's, Q assurer's).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Token

from pipeline.dates.extract import date_in
from pipeline.fr.marks import CLOSERS, Quotation, find_quotations
from pipeline.actors.names import Gazetteer
from pipeline.records import Article, DateMention, Mention, Quote
from pipeline.quotes.speakers import (Lexicon, Speaker, SpeakerResolver, inverted_subject, is_pronoun,
                               phrase_tokens, subject_of)



SENTENCE_END = {".", "!", "?", "…", "...", "?!", "!?"}
CLAUSE_END = SENTENCE_END | {";"}
REFLEXIVE = {"se", "s'", "s’"}
TOPIC_WORDS = {"côté", "chez"}  # "Côté Apple, …", "Chez Orange, on …": who speaks
SKIPPED_CLITICS = REFLEXIVE | {"ne", "n'", "n’", "l'", "l’", "le", "la", "les", "lui", "leur", "y", "en"}
SHORT_QUOTE = 4  # words: a shorter fragment is a scare quote unless a cue introduces it directly
# Inflection endings → infinitive endings, to repair lemmas fr_core_news_md leaves as they are
# ("estime" → estimer, "contextualise" → contextualiser, "dément" → démentir); a guess is kept
# only when it is a listed speech verb.
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


class QuoteExtractor:
    """Finds direct and reported speech in an article and attributes each to a speaker."""

    def __init__(self, nlp, rules):
        self.rules = rules
        self.verbs = rules.wordlist("speech_verbs")
        self.speech_matcher = Matcher(nlp.vocab)
        for entry in sorted(self.verbs):
            self.speech_matcher.add(entry, [self._verb_pattern(entry)])
        self.actors = Gazetteer(rules).profiles  # gender, role, affiliation of gazetteer actors
        self.cue_matcher = Matcher(nlp.vocab)
        self.cue_rules: dict[str, dict] = {}
        for number, rule in enumerate(rules.pattern_rules("cues")):
            pattern = rule.data["pattern"]
            if isinstance(pattern, str):
                pattern = [{"LOWER": word} for word in pattern.lower().split()]
            key = f"cue{number}"
            self.cue_rules[key] = rule.data
            self.cue_matcher.add(key, [pattern])

    # --- setup --------------------------------------------------------------------------
    @staticmethod
    def _verb_pattern(entry: str) -> list[dict]:
        """Matcher pattern of a speech-verb entry: reflexive clitic, words, inverted clitics."""
        words = entry.replace("s'", "se ").replace("s’", "se ").split()  # as lemmas.verb_of_entry reads it
        between = [{"TEXT": {"REGEX": "^-"}, "OP": "*"}, {"POS": "ADV", "OP": "*"}]
        if words[0] == "se":
            return [{"LOWER": {"IN": sorted(REFLEXIVE)}}, {"LOWER": {"IN": ["en", "y"]}, "OP": "?"},
                    {"POS": "AUX", "OP": "*"}, *between, {"_": {"lemma": words[1]}}]
        pattern = [{"_": {"lemma": words[0]},
                    "POS": {"NOT_IN": ["DET", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "NUM"]}}]
        for word in words[1:]:
            pattern += [*between, {"LOWER": word}]
        return pattern

    def _mark_cues(self, view: ArticleView, lexicon: Lexicon) -> None:
        """Speech verbs (with their cue lemma) and cue-file labels of every token."""
        docs = {id(token.doc): token.doc for token in view.tokens}
        blocked = set()
        for doc in docs.values():
            for match_id, start, end in self.cue_matcher(doc):
                data = self.cue_rules[doc.vocab.strings[match_id]]
                for token in doc[start:end]:
                    lexicon.add(token, data["label"], data.get("types"))
                    if data["label"] == "CUE_NOT_WITH_INFINITIVE":
                        blocked.add((id(doc), token.i))
            found: dict[int, str] = {}
            for match_id, start, end in self.speech_matcher(doc):
                entry = doc.vocab.strings[match_id]
                anchor = _anchor(doc[start:end])
                view.parts.update((id(doc), i) for i in range(start, end))
                if len(entry) > len(found.get(anchor.i, "")):
                    found[anchor.i] = entry
            for i, entry in found.items():
                token = doc[i]
                if (id(doc), i) in blocked and any(
                        "Inf" in child.morph.get("VerbForm") and child.i > i and (child.dep_ == "xcomp" or any(
                            m.lower_ in ("à", "de", "d'", "d’") for m in child.children if m.dep_ == "mark"))
                        for child in token.children):
                    continue  # "continuerait à servir", "propose de": no speech
                view.speech[(id(doc), i)] = entry
                if _verb_like(token):
                    view.strong.add((id(doc), i))

    # --- extraction ---------------------------------------------------------------------
    def extract(self, article: Article, mentions: list[Mention],
                dates: list[DateMention]) -> list[Quote]:
        if not article.segments or all(segment.doc is None for segment in article.segments):
            return []
        view, lexicon = ArticleView(article), Lexicon()
        self._mark_cues(view, lexicon)
        quotations = find_quotations(article.text, article.segments)
        resolver = SpeakerResolver(view, mentions, lexicon,
                                   [(q.open_at, q.close_end) for q in quotations], self.actors)
        finder = _Finder(view, lexicon, resolver, quotations, article.segments)
        indirect = finder.reported()
        direct = finder.direct(indirect)
        rows = sorted(direct + indirect, key=lambda item: (item[0].start, item[0].kind))
        quotes = []
        for number, (quote, sentence) in enumerate(rows, 1):
            quote.quote_id = f"{article.document.doc_id}:q{number}"
            quote.doc_id = article.document.doc_id
            quote.date = date_in(dates, *sentence)
            quotes.append(quote)
        return quotes


def _subject_before(verb: Token) -> Token | None:
    """The parsed subject of a verb reporting a que-clause, unless the parser took it from a
    reported clause: after the verb, or the subject of a verb introduced by que."""
    subject = subject_of(verb)
    if subject is None or subject.text.startswith("-"):
        return subject
    marked = any(child.dep_ == "mark" and child.lower_ in ("que", "qu'", "qu’") for child in subject.head.children)
    if subject.i > verb.i or (marked and subject.head.i != verb.i):
        return None  # "X dément que ses règles … et fait remarquer que": not "ses règles"
    return subject


def _is_aux(token: Token) -> bool:
    """An auxiliary, also when an unknown verb after it threw the tagger ("a" as X in "a tempêté")."""
    return token.pos_ == "AUX" or (token.lemma_ in ("avoir", "être") and token.pos_ == "X")


def _finite(verb: Token) -> bool:
    """A conjugated verb or one with its auxiliary ("déplorent", "a indiqué"), not a participle."""
    return "Fin" in verb.morph.get("VerbForm") or any(
        child.dep_.startswith("aux") for child in verb.children) or (
        verb.i > 0 and verb.doc[verb.i - 1].pos_ == "AUX") or not verb.morph.get("VerbForm")


def _describes_noun(verb: Token) -> bool:
    """A past participle describing a noun ("une accusation rejetée par Bruxelles") reports nothing."""
    return verb.dep_ in ("acl", "amod") and "Pres" not in verb.morph.get("Tense") and not any(
        child.dep_.startswith("aux") for child in verb.children)


def _verb_like(token: Token) -> bool:
    """Tagged a verb, or a verb form the tagger missed in a verb's place ("TikTok dément que")."""
    if token.pos_ in ("VERB", "AUX") or any(child.dep_.startswith("aux") for child in token.children):
        return True
    previous = token.doc[token.i - 1] if token.i else None
    return token.lemma_.lower() == token.lower_ and previous is not None and previous.pos_ not in ("DET", "ADP")


def _is_on(token: Token) -> bool:
    """The impersonal "on", also inverted ("déplore-t-on": "-t" may stand for it)."""
    doc = token.doc
    return token.lower_ in ("on", "-on") or (token.lower_ == "-t" and token.i + 1 < len(doc)
                                              and doc[token.i + 1].lower_ == "-on")


def _anchor(span) -> Token:
    """The token of a cue match that carries its subject: its verb, else its syntactic head."""
    verbs = [token for token in span if token.pos_ == "VERB"]
    if len(verbs) == 1:
        return verbs[0]
    for token in span:
        if not (span.start <= token.head.i < span.end) or token.head.i == token.i:
            return token
    return span[-1]


class _Finder:
    """The attribution rules over one article (see the module docstring)."""

    def __init__(self, view: ArticleView, lexicon: Lexicon, resolver: SpeakerResolver,
                 quotations: list[Quotation], segments):
        self.view, self.lexicon, self.resolver = view, lexicon, resolver
        self.quotations, self._segments = quotations, segments
        self.selon_for: dict[int, Attribution] = {}  # opening offset → adjacent selon
        self.after_for: dict[int, Attribution] = {}  # opening offset → inversion after it
        self.final: dict[int, Attribution] = {}  # opening offset → the attribution kept
        self.scope: list[tuple[int, int, Attribution]] = []  # propositions of reported speech

    # --- helpers ------------------------------------------------------------------------
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

    def quote(self, kind: str, start: int, end: int, attribution: Attribution | None,
              sentence: tuple[int, int], segment: int) -> tuple[Quote, tuple[int, int]]:
        text = self.view.text
        while start < end and text[start] in " ,;:\u00a0\u202f":
            start += 1
        trailing = " ,;:.\u00a0\u202f" if kind == "indirect" else " ,;:\u00a0\u202f"
        while end > start and text[end - 1] in trailing:
            end -= 1  # a direct quote keeps its own final stop
        row = Quote("", "", self._paragraph(segment), kind, text[start:end], start, end)
        if attribution is not None:
            speaker = attribution.speaker
            row.cue, row.rule = attribution.cue, attribution.rule
            if speaker is not None:
                row.speaker, row.speaker_actor_id, row.speaker_name = speaker.text, speaker.actor_id, speaker.name
                if attribution.verb is not None and speaker.how != "pronoun":
                    # a speaker the parse did not give as a subject is still what "il" picks up next
                    self.resolver.note_speaker(self.view.offset(attribution.verb), speaker)
                if speaker.how in ("pronoun", "role", "description") and "/" not in row.rule:
                    row.rule = f"{row.rule}/{speaker.how}"
        return row, sentence

    def _paragraph(self, segment: int) -> int:
        return self._segments[segment].paragraph.paragraph

    # --- reported speech ----------------------------------------------------------------
    def reported(self) -> list[tuple[Quote, tuple[int, int]]]:
        """Indirect quotes: que-clauses of speech verbs, selon / d'après, inverted verbs."""
        rows = []
        for token in self.view.tokens:
            if self.lexicon.has(token, "SELON") and self._selon_word(token):
                rows += self._selon(token)
            elif self.view.is_speech(token) and not self._in_reported(token):
                rows += self._que(token) or self._inverted(token)
        return rows

    def _in_reported(self, token: Token) -> bool:
        """Speech reported inside reported speech belongs to the outer row (no nested rows)."""
        offset = self.view.offset(token)
        return any(start <= offset < end for start, end, _ in self.scope)

    def _selon_word(self, token: Token) -> bool:
        """The first word of a selon cue ("selon", "d'" of "d'après")."""
        return token.lower_ in ("selon", "d'après", "d’après") or (
            token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "après")

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
        offset = self.view.offset(noun)
        if self.resolver.index.covering(offset, offset + len(noun)) or is_pronoun(noun) or noun.pos_ == "PROPN":
            return noun
        if any(self.lexicon.has(noun, label) for label in
               ("ANONYMOUS", "SPOKESPERSON", "ROLE", "DESCRIPTION")):
            return noun
        return None

    def _selon(self, token: Token) -> list:
        noun = self.selon_noun(token)
        if noun is None:
            return []
        doc = token.doc
        cue = "selon" if token.lower_ == "selon" else "d'après"
        phrase_end = max(phrase_tokens(noun)[1] - 1, noun.i)  # "selon certaines sources | de confier…"
        named = self.resolver.index.covering(self.view.offset(doc[phrase_end]), self.view.end(doc[phrase_end]))
        while named is not None and phrase_end + 1 < len(doc) and self.view.offset(doc[phrase_end + 1]) < named.end:
            phrase_end += 1  # the whole name: "le quotidien Het Financieele Dagblad"
        attribution = self.speaker(Attribution("selon", cue, None, noun))
        left, right = self.clause_bounds(token)
        before = (left.i, token.i - 1) if token.i > left.i else None
        after = (phrase_end + 1, right.i) if phrase_end < right.i else None
        comma_before = token.i > 0 and doc[token.i - 1].text == ","
        has_verb = before and any(t.pos_ in ("VERB", "AUX") for t in doc[before[0]: before[1] + 1])
        side = before if (comma_before and has_verb) or after is None else after
        if side is None:
            return []
        start, end = self.view.offset(doc[side[0]]), self.view.end(doc[side[1]])
        quotation = self._only_quotation(start, end)
        if quotation is not None:  # "Selon lui, « … »": the selon attributes a direct quote
            self.selon_for.setdefault(quotation.open_at, attribution)
            return []
        self.scope.append((start, end, attribution))
        indirect = Attribution("indirect-selon", cue, None, noun, attribution.speaker)
        return [self.quote("indirect", start, end, indirect, self.sentence_of(token),
                           self.view.segment_index(token))]

    def _only_quotation(self, start: int, end: int) -> Quotation | None:
        """The quotation that fills [start, end) but for punctuation, if any."""
        text = self.view.text
        for quotation in self.quotations:
            if quotation.open_at >= start - 1 and quotation.close_end <= end + 1 and \
                    not text[start:quotation.open_at].strip(" ,:") and not text[quotation.close_end:end].strip(" ,.;:"):
                return quotation
        return None

    def _que(self, verb: Token) -> list:
        """"X a déclaré / estime / dément que P": P, from after `que` to the clause's end."""
        if self.inside_quote(self.view.offset(verb)) or not self.view.is_speech(verb, strong=True):
            return []  # speech reported inside a quote belongs to the quote
        doc = verb.doc
        que = None
        for token in doc[verb.i + 1: min(verb.i + 10, verb.sent.end)]:
            if token.lower_ in ("que", "qu'", "qu’") and (token.pos_ == "SCONJ" or token.dep_ == "mark" or (
                    token.head.dep_ == "ccomp" and token.head.head.i == verb.i)):
                que = token
                break
            if token.text in CLAUSE_END or token.text == ":" or self._other_speech(token, verb) or (
                    token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "aux:tense", "aux:pass")
                    and token.head.i != verb.i and token.i > verb.i + 1):
                return []  # another speech verb first ("…, a reconnu X, qui a assuré que"): its own clause
        if que is None or que.i + 1 >= verb.sent.end:
            return []
        _, right = self.clause_bounds(que)
        right = self._before_next_report(que, right)
        start, end = self.view.offset(doc[que.i + 1]), self.view.end(right)
        head = self._impersonal(_subject_before(verb) or self._preceding_noun(verb), verb)
        attribution = self.speaker(Attribution("indirect-que", self.view.cue(verb), verb, head))
        self.scope.append((start, end, Attribution("subject", attribution.cue, verb, head, attribution.speaker)))
        return [self.quote("indirect", start, end, attribution, self.sentence_of(verb),
                           self.view.segment_index(verb))]

    def _before_next_report(self, que: Token, right: Token) -> Token:
        """A que-clause ends where the next report begins: "dément que P et fait remarquer que Q",
        "a concédé que P, tout en estimant que Q" — P stops before "et" / ", tout en"."""
        doc = que.doc
        for token in doc[que.i + 1: right.i]:
            if self.inside_quote(self.view.offset(token)):
                continue
            opens = token.lower_ in ("et", "mais", "puis") or (
                token.text == "," and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("tout", "en"))
            if opens and any(self.view.is_speech(t) for t in doc[token.i + 1: min(token.i + 5, right.i + 1)]):
                last = token.i - 1
                while last > que.i and (doc[last].is_punct and doc[last].text not in CLOSERS):
                    last -= 1
                return doc[last] if last > que.i else right
        return right

    def _other_speech(self, token: Token, verb: Token) -> bool:
        """A speech verb that is not part of `verb`'s own cue ("fait savoir")."""
        return self.view.is_speech(token) and not (token.head.i == verb.i and token.dep_ == "xcomp")

    def _preceding_noun(self, verb: Token, depth: int = 0) -> Token | None:
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
                opening = self._incise_start(doc, left.i, i)
                name = self._apposed_person(doc, opening + 1, i)
                if name is not None:
                    return name  # "le président de X, Kent Walker, fait valoir": the name is the speaker
                i = opening - 1
                if i < left.i:
                    return None
            elif token.lower_ in ("et", "puis", "mais") and depth < 2:
                return self._coordinated_subject(doc, left.i, i, depth)
            elif token.pos_ in ("NOUN", "PROPN", "PRON") or self.resolver.index.covering(
                    self.view.offset(token), self.view.end(token)):
                return token
            else:
                return None
        return None

    def _apposed_person(self, doc, start: int, end: int) -> Token | None:
        """The first word of a person's name filling a comma-delimited incise, if it is one."""
        if start >= end or doc[start].pos_ != "PROPN":
            return None
        mention = self.resolver.index.covering(self.view.offset(doc[start]), self.view.end(doc[end - 1]))
        if mention is None or mention.type != "PER":
            return None
        if mention.start > self.view.offset(doc[start]) or mention.end < self.view.end(doc[end - 1]):
            return None
        return doc[start]

    def _incise_start(self, doc, first: int, comma: int) -> int:
        """The comma opening the incise that `comma` closes (or `first` when there is none)."""
        for i in range(comma - 1, first - 1, -1):
            if doc[i].text == ",":
                return i
            if self.inside_quote(self.view.offset(doc[i])) and doc[i].text not in CLOSERS:
                return first - 1
        return first - 1

    def _coordinated_subject(self, doc, first: int, conjunction: int, depth: int) -> Token | None:
        """The subject of the speech verb before a coordination, in the same clause."""
        for i in range(conjunction - 1, first - 1, -1):
            if self.view.is_speech(doc[i], strong=True):
                return _subject_before(doc[i]) or self._preceding_noun(doc[i], depth + 1)
        return None

    def _inverted(self, verb: Token) -> list:
        """"P, a indiqué mardi l'autorité.": P is the clause before the inverted speech verb."""
        doc, view = verb.doc, self.view
        if self.inside_quote(view.offset(verb)):
            return []
        first = verb.i
        while first > verb.sent.start and (_is_aux(doc[first - 1]) or doc[first - 1].lower_ in REFLEXIVE
                                           or doc[first - 1].text.startswith("-")):
            first -= 1
        if first == 0 or doc[first - 1].text != "," or first - 2 < 0:
            return []
        if doc[first - 2].text in CLOSERS or self.inside_quote(view.offset(doc[first - 2])):
            return []  # "« … », a-t-il dit": a direct quote's attribution
        if not _finite(verb) or any(child.dep_ in ("nsubj", "nsubj:pass") and child.i < verb.i
                                    for child in verb.children):
            return []  # "…, lancé l'an dernier" (a participle), "X, qui…, salue Y" (subject before)
        head = inverted_subject(verb, self.lexicon)
        if head is None or head.i < verb.i and not head.text.startswith("-"):
            return []
        left, _ = self.clause_bounds(doc[first - 2])
        if not any(t.pos_ in ("VERB", "AUX") for t in doc[left.i: first - 1]):
            return []
        attribution = self.speaker(Attribution("indirect-inversion", view.cue(verb), verb, head))
        if not (attribution.speaker.actor_id or self.lexicon.has(head, "ANONYMOUS")):
            return []  # without quotation marks, only a speaker or a source word makes it speech
        start, end = view.offset(left), view.end(doc[first - 2])
        return [self.quote("indirect", start, end, attribution, self.sentence_of(verb),
                           view.segment_index(verb))]

    # --- direct speech ------------------------------------------------------------------
    def direct(self, indirect: list) -> list[tuple[Quote, tuple[int, int]]]:
        rows = []
        previous: tuple[int, Attribution] | None = None
        for quotation in self.quotations:
            open_token = self.view.token_at(quotation.open_at)
            if open_token is None:
                continue
            attribution = self.attribute(quotation, open_token, previous)
            if attribution is not None and attribution.speaker is None:
                self.speaker(attribution)
            if not self.keep(quotation, open_token, attribution):
                continue
            paragraph = self._paragraph(quotation.first)
            if attribution is not None:
                self.final[quotation.open_at] = attribution
                if attribution.rule != "previous":
                    previous = (paragraph, attribution)
            sentence = self.sentence_of(attribution.verb if attribution and attribution.verb else open_token)
            inner = self._inner_incise(quotation, open_token)
            if inner is None:
                rows.append(self.quote("direct", quotation.start, quotation.end, attribution, sentence,
                                       quotation.first))
                continue
            before, after, incise = inner  # « P1, a déclaré X, et P2 »: two rows, one speaker
            rows.append(self.quote("direct", quotation.start, before, incise, sentence, quotation.first))
            rows.append(self.quote("direct", after, quotation.end, incise, sentence, quotation.first))
            self.final[quotation.open_at] = incise
        return rows

    def _inner_incise(self, quotation: Quotation, open_token: Token) -> tuple[int, int, Attribution] | None:
        """An attribution set between commas inside the marks, French style: « P1, a déclaré X, et P2 »."""
        if quotation.first != quotation.last:
            return None
        doc = open_token.doc
        for comma in doc[open_token.i + 1:]:
            if self.view.offset(comma) >= quotation.end:
                return None
            if comma.text != ",":
                continue
            j = comma.i + 1
            while j < len(doc) and (_is_aux(doc[j]) or doc[j].pos_ == "ADV" or doc[j].lower_ in REFLEXIVE):
                j += 1
            if j >= len(doc) or not self.view.is_speech(doc[j], strong=True) or not _finite(doc[j]) \
                    or j == comma.i + 1 and "Part" in doc[j].morph.get("VerbForm"):
                continue  # ", accusé de …": a participle describes, it does not attribute
            head = inverted_subject(doc[j], self.lexicon)
            if head is None or head.i < j:
                continue
            closing = next((t for t in doc[head.i + 1:] if t.text == "," or self.view.offset(t) >= quotation.end), None)
            if closing is None or closing.text != "," or self.view.offset(closing) >= quotation.end:
                continue
            following = next((t for t in doc[closing.i + 1:] if t.text == ","), None)
            if following is not None and self.view.offset(following) < quotation.end and \
                    self._apposed_person(doc, closing.i + 1, following.i) is not None:
                closing = following  # "a déclaré le premier ministre, Anthony Albanese, et …"
            incise = self.speaker(Attribution("incise", self.view.cue(doc[j]), doc[j], head))
            return self.view.offset(comma), self.view.end(closing), incise
        return None

    def attribute(self, quotation: Quotation, open_token: Token,
                  previous: tuple[int, Attribution] | None) -> Attribution | None:
        """The first attribution rule that applies (order in the module docstring)."""
        close_token = self.view.token_at(quotation.close_at) if quotation.closed else None
        found = (self._before(quotation, open_token)
                 or (close_token is not None and self._after(close_token))
                 or self._colon(open_token)
                 or self.selon_for.get(quotation.open_at)
                 or self._in_scope(quotation)
                 or (close_token is not None and self._next_sentence(quotation, open_token, close_token))
                 or (close_token is not None and self._prior_sentence(quotation, open_token, close_token)))
        if found:
            return found
        paragraph = self._paragraph(quotation.first)
        if previous is not None and previous[0] == paragraph:
            prior = previous[1]
            return Attribution("previous", prior.cue, prior.verb, prior.head, prior.speaker)
        return None

    def _before(self, quotation: Quotation, open_token: Token) -> Attribution | None:
        """A speech verb earlier in the quote's sentence, with a subject; or an incise."""
        doc = open_token.doc
        for token in reversed(doc[open_token.sent.start: open_token.i]):
            if token.text in SENTENCE_END:
                return None
            if token.text in CLOSERS or (token.text == '"' and self.inside_quote(self.view.offset(token))):
                prior = self._attribution_of_quote_ending_at(token)
                if prior is not None and prior.verb is not None and prior.verb.doc is doc and \
                        token.i < prior.verb.i < open_token.i:
                    return Attribution("incise", prior.cue, prior.verb, prior.head, prior.speaker)
                return None
            if self.inside_quote(self.view.offset(token)):
                continue
            if self.view.is_speech(token, strong=True) and not _describes_noun(token):
                incise = self._incise(token, doc)
                if incise is not None:
                    return incise
                head = self._impersonal(subject_of(token) or self._preceding_noun(token), token)
                if head is not None:
                    return Attribution("subject", self.view.cue(token), token, head)
        return None

    def _incise(self, verb: Token, doc) -> Attribution | None:
        """"« … », a-t-il ajouté, « … »": the verb between two quotes gives both one speaker."""
        first = verb.i
        while first > 0 and (_is_aux(doc[first - 1]) or doc[first - 1].lower_ in REFLEXIVE
                             or doc[first - 1].text.startswith("-")):
            first -= 1
        if first < 2 or doc[first - 1].text != "," or doc[first - 2].text not in CLOSERS:
            return None
        prior = self._attribution_of_quote_ending_at(doc[first - 2])
        if prior is not None:
            return Attribution("incise", prior.cue, prior.verb, prior.head, prior.speaker)
        head = inverted_subject(verb, self.lexicon)
        return Attribution("incise", self.view.cue(verb), verb, head) if head is not None else None

    def _attribution_of_quote_ending_at(self, token: Token) -> Attribution | None:
        offset = self.view.offset(token)
        for quotation in self.quotations:
            if quotation.closed and quotation.close_at == offset:
                return self.final.get(quotation.open_at)
        return None

    def _after(self, close_token: Token) -> Attribution | None:
        """"« … », a déclaré X" / "« … » explique X" / "« … », selon X" right after the quote."""
        doc = close_token.doc
        index = close_token.i + 1
        if index < len(doc) and doc[index].text == ",":
            index += 1
        if index >= len(doc):
            return None
        first = doc[index]
        if self.lexicon.has(first, "SELON") and self._selon_word(first):
            noun = self.selon_noun(first)
            return Attribution("selon", "selon" if first.lower_ == "selon" else "d'après", None, noun) if noun else None
        for token in doc[index: index + 6]:
            if self.view.is_speech(token):
                head = inverted_subject(token, self.lexicon)
                form = token.morph.get("VerbForm")
                bare = token.i == index and token.pos_ == "VERB" and (
                    ("Part" in form and "Pres" in token.morph.get("Tense")) or "Inf" in form)
                if head is None or bare:
                    return None  # "un « pacte » invitant les entreprises": a participle, no speech
                head = self._impersonal(head, token)  # "déplore-t-on chez X"
                return self.speaker(Attribution("inversion", self.view.cue(token), token, head))
            if token.pos_ == "ADV" or _is_aux(token) or token.lower_ in REFLEXIVE or token.text.startswith("-") \
                    or (id(doc), token.i) in self.view.parts:
                continue
            return None
        return None

    def _topic(self, tokens) -> Token | None:
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

    def _impersonal(self, head: Token | None, verb: Token) -> Token | None:
        """"on" as a subject ("Chez X, on déplore", "déplore-t-on chez X") speaks for the topic
        of its clause; any other head stays."""
        if head is None or not _is_on(head):
            return head
        left, right = self.clause_bounds(verb)
        return self._topic(verb.doc[left.i: right.i + 1]) or head

    def _prior_sentence(self, quotation: Quotation, open_token: Token, close_token: Token) -> Attribution | None:
        """A quote standing as its own sentence after a sentence whose speech verb, without a
        que-clause, has a subject ("X l'a répété mercredi. « … »"); "X a été clair." is no speech."""
        doc = open_token.doc
        if not self._stands_alone(quotation, open_token, close_token) or open_token.i < 2:
            return None
        end = open_token.i - 1
        start = end
        while start > 0 and doc[start - 1].text not in SENTENCE_END:
            start -= 1
        sentence = doc[start: end]
        if any(t.lower_ in ("que", "qu'", "qu’") for t in sentence) or any(
                self.inside_quote(self.view.offset(t)) for t in sentence):
            return None
        for token in reversed(sentence):
            if self.view.is_speech(token, strong=True) and not _describes_noun(token):
                head = self._impersonal(subject_of(token) or self._preceding_noun(token), token)
                return Attribution("prior", self.view.cue(token), token, head) if head is not None else None
        return None

    def _stands_alone(self, quotation: Quotation, open_token: Token, close_token: Token) -> bool:
        """Whether a quote is a sentence of its own (opened after a final stop, closed on one).

        The marks may sit in two paragraphs, so two Docs: each token is read in its own.
        """
        opened, closed = open_token.doc, close_token.doc
        starts_sentence = open_token.i == 0 or opened[open_token.i - 1].text in SENTENCE_END
        last_inside = self.view.text[:quotation.close_at].rstrip()[-1:]
        return starts_sentence and (last_inside in ".!?…" or (
            close_token.i + 1 < len(closed) and closed[close_token.i + 1].text in SENTENCE_END))

    def _colon(self, open_token: Token) -> Attribution | None:
        """"Pour X : « … »", "Pour X, « … »", "X : « … »": an introduction without a verb."""
        doc = open_token.doc
        if open_token.i == 0:
            return None
        mark = doc[open_token.i - 1]
        if mark.text not in (":", ","):
            return None
        left, _ = self.clause_bounds(mark)
        words = doc[left.i: mark.i]
        if not len(words):
            return None
        topic = self._topic(words) if mark.text == ":" and words[0].lower_ in TOPIC_WORDS | {"à", "au", "du"} else None
        if topic is not None:  # "Côté Apple, la réponse est sèche : « … »"
            head = topic
            cue = next((self.view.cue(t) for t in words if self.view.is_speech(t, strong=True)), ":")
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
        attribution = self.speaker(Attribution("colon", cue, None, head))
        return attribution if attribution.speaker and (attribution.speaker.actor_id or
                                                       attribution.speaker.how == "anonymous") else None

    def _in_scope(self, quotation: Quotation) -> Attribution | None:
        """A quote inside the proposition of reported speech shares its speaker and cue."""
        for start, end, attribution in self.scope:
            if start <= quotation.open_at and quotation.close_end <= end + 1:
                return Attribution(attribution.rule, attribution.cue, attribution.verb,
                                   attribution.head, attribution.speaker)
        return None

    def _next_sentence(self, quotation: Quotation, open_token: Token, close_token: Token) -> Attribution | None:
        """A quote standing as its own sentence, attributed by the speech verb of the next one."""
        doc = close_token.doc
        if not self._stands_alone(quotation, open_token, close_token):
            return None
        for token in doc[close_token.i + 1: len(doc)]:
            if token.text in SENTENCE_END and token.i > close_token.i + 1:
                return None
            if self.view.is_speech(token, strong=True):
                head = subject_of(token)
                if head is not None:
                    return Attribution("next", self.view.cue(token), token, head)
        return None

    # --- filters ------------------------------------------------------------------------
    def keep(self, quotation: Quotation, open_token: Token, attribution: Attribution | None) -> bool:
        """Titles, named terms and scare quotes are not quotes."""
        doc = open_token.doc
        before = doc[open_token.i - 1] if open_token.i > 0 else None
        words = len(self.view.text[quotation.start:quotation.end].split())
        if before is not None and self.lexicon.has(before, "NAMING"):
            return False  # la loi « SREN », dite « loi SREN », sous le titre « … »
        if attribution is None:
            # an unattributed quotation after a determiner is a name ("le « design addictif »")
            return words > SHORT_QUOTE and (before is None or before.pos_ != "DET")
        if words > SHORT_QUOTE:
            return True
        if attribution.rule in ("inversion", "colon", "incise") or (
                attribution.rule == "selon" and attribution.verb is None and not self._in_scope(quotation)):
            return True  # « Non », a-t-il répondu.
        # a short fragment stays only when the verb introduces it ("était « attendue »",
        # "comptait « accélérer »"), not when it names a thing ("les « dark patterns »")
        return before is not None and before.pos_ in ("VERB", "AUX", "ADV", "SCONJ", "PRON")
