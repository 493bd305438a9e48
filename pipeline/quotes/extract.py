"""Direct and reported speech, each attributed to a canonical speaker.

`QuoteExtractor` marks the speech verbs and cue words of an article (`models/speech_verbs.txt`,
`models/cues.jsonl`), then runs two phases, each returning what the next reads:
`reported.find_reported` (indirect quotes, and the propositions and selon cues direct quotes
read) and `direct.find_direct` (quotations, attributed by an explicit tuple of rules). Speakers
are resolved by `pipeline.quotes.speakers`; when the actor comes from a pronoun or a description,
the rule says how ("inversion/pronoun", "subject/role").

Finding the subject of a speech verb does not trust the parse alone:
- the parse's subject (also when the parser hung it on the auxiliary: "Il a par ailleurs
  indiqué que"; past a dateline: "MONTRÉAL — Le commissaire … affirme"), a relative's antecedent
  by position ("X, qui a assuré que" → X), or the governing verb's subject for a participle or an
  infinitive ("…, assurant que", "…, avant de préciser que", "pour expliquer que"); a present
  participle or gerund after a comma speaks with the speech verb it follows, whose subject may
  come after it ("« … », a dit le ministre, précisant que", "a analysé X, en indiquant que");
- else by position (`QuoteContext.preceding_noun`): leftwards from the verb, skipping adverbs,
  auxiliaries, clitics, the first words of a multiword cue and comma-delimited incises
  (", présidée par Y,", ", qui a porté le projet,", ", de son côté,"), the word ending the noun
  phrase before them — fr_core_news_md tags "juge", "conteste", "estime"… as nouns; after "et",
  the subject of the speech verb coordinated before ("X dénonce … et conteste que P" → X);
- an impersonal "on" speaks for the topic of its clause ("Chez X, on déplore", "déplore-t-on
  chez X" → X).
A speech verb whose subject is rien / tout / cela ("Rien n'indique que P", "C'est peu dire
que P") reports no one's words (NOT_SPEECH_SUBJECT of cues), nor one that a reflexive clitic
makes another verb ("pour s'assurer que P": CUE_NOT_REFLEXIVE). A que-clause belongs to the nearest speech verb: the search for `que` stops at another speech
verb ("P, a reconnu X, qui a assuré que Q": P is reconnaître's, Q assurer's), past a verbless
incise or a date ("a affirmé, dans un communiqué, que P", "a déclaré le 3 novembre que P"); a
present participle of speech after it reports a second proposition of the same speaker ("a
indiqué que P, affirmant que Q"), while "que P et que Q" stays one."""

from __future__ import annotations

from spacy.matcher import Matcher

from pipeline.actors.names import Gazetteer
from pipeline.dates.statement import quote_date
from pipeline.fr.marks import find_quotations
from pipeline.matching import TokenPatterns
from pipeline.quotes.context import REFLEXIVE, ArticleView, QuoteContext, cue_anchor, verb_like
from pipeline.quotes.direct import find_direct
from pipeline.quotes.reported import find_reported
from pipeline.quotes.phrase import Lexicon
from pipeline.quotes.speakers import SpeakerResolver
from pipeline.records import Article, DateMention, Mention, Quote


NOT_A_VERB = ["DET", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "NUM"]
WINDOW = 10  # tokens either side of a cue's verb that a reflexive or multiword match may span
BETWEEN = [{"TEXT": {"REGEX": "^-"}, "OP": "*"}, {"POS": "ADV", "OP": "*"}]  # "a-t-il", "a aussitôt dit"


class SpeechVerbs:
    """The speech verbs of the word lists, found in a Doc as (entry, start, end).

    Plain verbs ("déclarer") are a lookup of the repaired lemma; reflexive ones ("se défendre")
    and multiword cues ("faire savoir", "mettre en garde") are Matcher patterns, one per shape
    reading the lemma through an IN set, run only on a Doc that holds one of their verbs. (A
    pattern per verb made the Matcher evaluate two hundred predicates on every token.)
    """

    def __init__(self, vocab, entries: set[str]):
        self.plain: dict[str, str] = {}
        self.reflexive: dict[str, str] = {}
        self.tails: dict[tuple[str, ...], dict[str, str]] = {}
        for entry in sorted(entries):
            words = entry.replace("s'", "se ").replace("s’", "se ").split()  # as lemmas.verb_of_entry reads it
            if words[0] == "se":
                self.reflexive[words[1]] = entry
            elif len(words) == 1:
                self.plain[words[0]] = entry
            else:
                self.tails.setdefault(tuple(words[1:]), {})[words[0]] = entry
        self.verbs = set(self.reflexive) | {first for firsts in self.tails.values() for first in firsts}
        self.matcher = Matcher(vocab)
        if self.reflexive:
            self.matcher.add("SE", [[{"LOWER": {"IN": sorted(REFLEXIVE)}}, {"LOWER": {"IN": ["en", "y"]}, "OP": "?"},
                                     {"POS": "AUX", "OP": "*"}, *BETWEEN, {"_": {"lemma": {"IN": sorted(self.reflexive)}}}]])
        for tail, firsts in self.tails.items():
            pattern = [{"_": {"lemma": {"IN": sorted(firsts)}}, "POS": {"NOT_IN": NOT_A_VERB}}]
            for word in tail:
                pattern += [*BETWEEN, {"LOWER": word}]
            self.matcher.add(" ".join(tail), [pattern])

    def __call__(self, doc) -> list[tuple[str, int, int]]:
        lemmas = doc._.lemmas or [token._.lemma for token in doc]
        found = {(self.plain[lemma], i, i + 1) for i, lemma in enumerate(lemmas)  # a Token only where needed
                 if lemma in self.plain and doc[i].pos_ not in NOT_A_VERB}
        for first, last in self._windows(lemmas):
            for match, start, end in self.matcher(doc[first:last]):
                key, start, end = doc.vocab.strings[match], first + start, first + end
                if key == "SE":
                    found.add((self.reflexive[lemmas[end - 1]], start, end))
                else:
                    found.add((self.tails[tuple(key.split())][lemmas[start]], start, end))
        return sorted(found, key=lambda match: (match[1], match[2], match[0]))

    def _windows(self, lemmas: list[str]) -> list[tuple[int, int]]:
        """Stretches of the Doc around the verbs of reflexive and multiword cues, merged: the
        Matcher only reads those (a clitic comes at most a few words before its verb)."""
        windows: list[list[int]] = []
        for i, lemma in enumerate(lemmas):
            if lemma not in self.verbs:
                continue
            first, last = max(0, i - WINDOW), min(len(lemmas), i + WINDOW + 1)
            if windows and first <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], last)
            else:
                windows.append([first, last])
        return [(first, last) for first, last in windows]


def _after_reflexive(token) -> bool:
    """Whether a reflexive clitic stands before the verb, auxiliaries and adverbs aside ("s'est
    assuré", "pour s'assurer", "se demande")."""
    i = token.i - 1
    while i >= 0 and (token.doc[i].pos_ in ("AUX", "ADV") and token.doc[i].lower_ not in REFLEXIVE):
        i -= 1
    return i >= 0 and token.doc[i].lower_ in REFLEXIVE


class QuoteExtractor:
    """Finds direct and reported speech in an article and attributes each to a speaker."""

    def __init__(self, nlp, rules, profiles: dict | None = None):
        """`profiles`: the gazetteer's actor profiles, when the caller has built them already."""
        self.rules = rules
        self.verbs = rules.wordlist("speech_verbs")
        self.speech_verbs = SpeechVerbs(nlp.vocab, self.verbs)
        self.actors = profiles if profiles is not None else Gazetteer(rules).profiles  # gender, role, affiliation of gazetteer actors
        self.cue_matcher = TokenPatterns(nlp.vocab)
        self.cue_rules: dict[str, dict] = {}
        for number, rule in enumerate(rules.pattern_rules("cues")):
            pattern = rule.data["pattern"]
            if isinstance(pattern, str):
                pattern = [{"LOWER": word} for word in pattern.lower().split()]
            key = f"cue{number}"
            self.cue_rules[key] = rule.data
            self.cue_matcher.add(key, pattern)

    def _mark_cues(self, view: ArticleView, lexicon: Lexicon) -> None:
        """Speech verbs (with their cue lemma) and cue-file labels of every token."""
        docs = {id(token.doc): token.doc for token in view.tokens}
        blocked, refused = set(), set()
        for doc in docs.values():
            for key, start, end in self.cue_matcher(doc):
                data = self.cue_rules[key]
                for token in doc[start:end]:
                    if data["label"] == "ROLE_ALSO":  # its types are the role words it also says
                        lexicon.add(token, data["label"], None, data.get("types"))
                    else:
                        lexicon.add(token, data["label"], data.get("types"))
                    if data["label"] == "CUE_NOT_WITH_INFINITIVE":
                        blocked.add((id(doc), token.i))
                    elif data["label"] == "CUE_NOT_REFLEXIVE" and _after_reflexive(token):
                        refused.add((id(doc), token.i))
            found: dict[int, str] = {}
            for entry, start, end in self.speech_verbs(doc):
                anchor = cue_anchor(doc[start:end])
                view.parts.update((id(doc), i) for i in range(start, end))
                if len(entry) > len(found.get(anchor.i, "")):
                    found[anchor.i] = entry
            for i, entry in found.items():
                token = doc[i]
                if (id(doc), i) in refused and not entry.startswith(("se ", "s'", "s’")):
                    continue  # "pour s'assurer que P": making sure, no speech
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
            quote.date = quote_date(dates, article, quote, sentence,
                                    [(q.open_at, q.close_end) for q in quotations], view.is_speech)
            quotes.append(quote)
        return quotes
