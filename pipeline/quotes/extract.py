"""Direct and reported speech, each attributed to a canonical speaker.

`QuoteExtractor` marks the speech verbs and cue words of an article (`models/speech_verbs.txt`,
`models/cues.jsonl`), then runs two phases, each returning what the next reads:
`reported.find_reported` (indirect quotes, and the propositions and selon cues direct quotes
read) and `direct.find_direct` (quotations, attributed by an explicit tuple of rules). Speakers
are resolved by `pipeline.quotes.speakers`; when the actor comes from a pronoun or a description,
the rule says how ("inversion/pronoun", "subject/role").

Finding the subject of a speech verb does not trust the parse alone:
- the parse's subject, a relative's antecedent by position ("X, qui a assuré que" → X), or the
  governing verb's subject for a participle or an infinitive ("…, assurant que",
  "…, avant de préciser que", "pour expliquer que");
- else by position (`QuoteContext.preceding_noun`): leftwards from the verb, skipping adverbs,
  auxiliaries, clitics, the first words of a multiword cue and comma-delimited incises
  (", présidée par Y,", ", qui a porté le projet,", ", de son côté,"), the word ending the noun
  phrase before them — fr_core_news_md tags "juge", "conteste", "estime"… as nouns; after "et",
  the subject of the speech verb coordinated before ("X dénonce … et conteste que P" → X);
- an impersonal "on" speaks for the topic of its clause ("Chez X, on déplore", "déplore-t-on
  chez X" → X).
A que-clause belongs to the nearest speech verb: the search for `que` stops at another speech
verb ("P, a reconnu X, qui a assuré que Q": P is reconnaître's, Q assurer's).
"""

from __future__ import annotations

from spacy.matcher import Matcher

from pipeline.actors.names import Gazetteer
from pipeline.dates.extract import date_in
from pipeline.fr.marks import find_quotations
from pipeline.quotes.context import REFLEXIVE, ArticleView, QuoteContext, cue_anchor, verb_like
from pipeline.quotes.direct import find_direct
from pipeline.quotes.reported import find_reported
from pipeline.quotes.speakers import Lexicon, SpeakerResolver
from pipeline.records import Article, DateMention, Mention, Quote


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
                anchor = cue_anchor(doc[start:end])
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
                if verb_like(token):
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
        context = QuoteContext(view, lexicon, resolver, quotations, article.segments)
        report = find_reported(context)
        rows = sorted(find_direct(context, report) + report.rows, key=lambda item: (item[0].start, item[0].kind))
        quotes = []
        for number, (quote, sentence) in enumerate(rows, 1):
            quote.quote_id = f"{article.document.doc_id}:q{number}"
            quote.doc_id = article.document.doc_id
            quote.date = date_in(dates, *sentence)
            quotes.append(quote)
        return quotes
