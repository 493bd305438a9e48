"""The spaCy pipeline: fr_core_news_md, quotations kept whole, and the actor gazetteer."""

from __future__ import annotations

import spacy
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.fr import lemmas
from pipeline.fr.marks import quotations_in
from pipeline.matching import TokenPatterns
from pipeline.rules import Rules

MODEL = "fr_core_news_md"
# The word lists whose verbs a form left unlemmatised is repaired to (`pipeline.fr.lemmas`).
VERB_LISTS = ("speech_verbs", "denial_verbs", "intention_verbs", "obligation_verbs", "metonymy")


@Language.component("quote_sentences")
def quote_sentences(doc: Doc) -> Doc:
    """Keep a quotation inside one sentence: fr_core_news_md splits « … » at every full stop.

    Runs before the parser, which respects preset boundaries. The quotations are paired as the
    quote stage pairs them (`pipeline.fr.marks`): nested marks stay inside, the closing mark stays
    with its quotation instead of opening a sentence of its own ("… dangereux. »").
    """
    spans = [(q.open_at, q.close_at) for q in quotations_in(doc.text)]  # an unclosed one ends its paragraph
    strings = doc.vocab.strings
    starts = doc.to_array(SENT_START).astype("int64")  # read and written as arrays: no Token objects
    rows = doc.to_array([IDX, ORTH, IS_SPACE]).tolist()
    for i in range(1, len(rows)):
        inside = spans and any(opened < rows[i][0] <= closed for opened, closed in spans)
        if inside or not _may_end_sentence(strings[rows[i - 1][1]], rows[i - 1][2]):
            starts[i] = -1  # what `token.is_sent_start = False` sets
    doc.from_array([SENT_START], starts.view("uint64"))
    return doc


SENTENCE_FINAL = frozenset({".", "!", "?", "…", ":", ";", "»", "”", '"', ")", "..."})


def _may_end_sentence(text: str, is_space: bool) -> bool:
    """A sentence starts only after final punctuation or a line break, never after a word or a
    comma: the parser otherwise splits "…, a déclaré jeudi | Margrethe Vestager." and loses the
    speaker (measured: better claims and speakers on the held-out sets, one seed claim lost)."""
    return text in SENTENCE_FINAL or is_space or text.endswith(".")


class AnchoredMatcher:
    """The gazetteer's token patterns (ORTH names: "Le Chat", "Orange") for the span ruler, found by
    `TokenPatterns` and given back as spaCy's Matcher gives them: (match id, start, end). The
    ruler's own Matcher tried all of them at every token (a third of the extraction's Matcher time)."""

    def __init__(self, vocab, patterns: list[dict]):
        self.patterns = TokenPatterns(vocab)
        for entry in patterns:
            if isinstance(entry["pattern"], list):  # keyed as SpanRuler.add_patterns keys them
                self.patterns.add(repr((entry["label"], entry.get("id", ""))), entry["pattern"])

    def __len__(self) -> int:
        return len(self.patterns)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        strings = doc.vocab.strings
        return [(strings.add(key), start, end) for key, start, end in self.patterns(doc)]


def build_nlp(rules: Rules, model: str = MODEL) -> Language:
    nlp = spacy.load(model)
    nlp.add_pipe("quote_sentences", before="parser")
    nlp.add_pipe("fr_lemmas", after="lemmatizer", config={"verbs": lemmas.known_verbs(
        entry for family in VERB_LISTS for entry in rules.wordlist(family))})
    ruler = nlp.add_pipe("span_ruler", name="actor_gazetteer", after="ner", config={
        "spans_key": "actors",
        "phrase_matcher_attr": "LOWER",  # case variants free; ambiguous names use ORTH patterns
        "annotate_ents": True,
        "overwrite": False,  # keep the NER's entities…
        # …but where a gazetteer match overlaps one, the gazetteer wins ("Tik Tok" PER → ORG).
        "ents_filter": {"@misc": "spacy.prioritize_new_ents_filter.v1"},
    })
    patterns = [{key: rule.data[key] for key in ("label", "pattern", "id")} for rule in rules.pattern_rules("actors")]
    if patterns:
        # Phrase patterns are matched on LOWER: the tokenizer alone makes them. add_patterns would
        # run the tagger, parser and NER over thousands of names (half the start-up time).
        with nlp.select_pipes(enable=["actor_gazetteer"]):
            ruler.add_patterns(patterns)
        ruler.matcher = AnchoredMatcher(nlp.vocab, patterns)
    else:  # an empty ruler warns (W036) on every Doc; without a gazetteer the NER alone names actors
        nlp.remove_pipe("actor_gazetteer")
    return nlp
