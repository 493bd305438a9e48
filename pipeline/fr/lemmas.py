"""One repaired lemma per token, computed once per Doc and read by every stage as `token._.lemma`.

fr_core_news_md leaves some conjugated forms as their own lemma, most often a verb it read as a
noun, an adjective or an adverb ("conteste", "juge", "dément"). Rules keyed on lemmas (speech
verbs, denial verbs, claims patterns) would miss them, so the form is mapped back to an infinitive
of the project's verb lists by its ending. Where no list has it, a verb form in -e gets -er
("représente" → "représenter"), the one guess that is nearly always right.
"""

from __future__ import annotations

from typing import Iterable

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc, Token

# Conjugated ending -> infinitive ending, tried in order; a stem may drop a grave accent ("lève").
ENDINGS = (("èrent", "er"), ("aient", "er"), ("ait", "er"), ("ées", "er"), ("és", "er"),
           ("ée", "er"), ("é", "er"), ("ent", "er"), ("es", "er"), ("e", "er"), ("a", "er"),
           ("ant", "er"), ("ient", "enir"), ("it", "ir"), ("it", "ire"), ("is", "ir"),
           ("ie", "ir"), ("ue", "re"), ("u", "re"), ("aît", "aître"), ("ut", "ure"),
           ("et", "ettre"), ("is", "ettre"), ("t", "tir"), ("d", "dre"))
REFLEXIVE_ENTRY = ("s'", "s’", "se ")
SHAPE = [LEMMA, ORTH, POS, MORPH]  # everything `repaired_lemma` reads of a token
MAX_SEEN = 200_000


def verb_of_entry(entry: str) -> str:
    """The verb a word-list entry is keyed on: "s'inquiéter de" → "inquiéter", "compter faire" → "compter"."""
    words = entry.replace("s'", "se ").replace("s’", "se ").split()
    return words[1] if words[0] == "se" and len(words) > 1 else words[0]


def repaired_lemma(token: Token, verbs: frozenset[str] = frozenset()) -> str:
    """The token's lemma; where the model left the form itself, the infinitive it conjugates."""
    lemma = token.lemma_.lower().replace("’", "'")
    form = token.lower_.replace("’", "'")
    if lemma in verbs or token.text.startswith("-") or lemma != form:
        return lemma  # only a form left as it is was missed ("sommes" → être is right)
    for suffix, ending in ENDINGS:
        if form.endswith(suffix) and len(form) > len(suffix):
            stem = form[: -len(suffix)]
            for variant in (stem, stem.replace("è", "e"), stem.replace("è", "é")):
                if variant + ending in verbs:
                    return variant + ending
    if token.pos_ in ("VERB", "AUX") and form.endswith("e") and "Inf" not in token.morph.get("VerbForm"):
        return form + "r"
    return lemma


# Where spaCy keeps `doc._.lemmas` (`Underscore._get_key`): read directly, the getter below costs
# half as much, and it is asked for nearly a hundred thousand times a run (a test pins the key).
LEMMAS_KEY = ("._.", "lemmas", None, None)


def _lemma(token: Token) -> str:
    """The repaired lemma `fr_lemmas` stored; on a Doc it did not see, repaired without the lists."""
    stored = token.doc.user_data.get(LEMMAS_KEY)
    return stored[token.i] if stored is not None else repaired_lemma(token)


if not Doc.has_extension("lemmas"):
    Doc.set_extension("lemmas", default=None)
if not Token.has_extension("lemma"):
    Token.set_extension("lemma", getter=_lemma)


@Language.factory("fr_lemmas", default_config={"verbs": []})
def make_lemma_repair(nlp: Language, name: str, verbs: list[str]):
    known = frozenset(verbs)
    seen: dict[tuple, str] = {}  # (lemma, form, POS, morphology) -> repaired lemma: all it reads

    def repair(doc: Doc) -> Doc:
        """Read as arrays, each distinct token shape repaired once per process, not every token."""
        if len(seen) > MAX_SEEN:
            seen.clear()
        lemmas = []
        for i, key in enumerate(map(tuple, doc.to_array(SHAPE).tolist())):
            lemma = seen.get(key)
            if lemma is None:
                lemma = seen[key] = repaired_lemma(doc[i], known)
            lemmas.append(lemma)
        doc._.lemmas = lemmas
        return doc

    return repair


def known_verbs(entries: Iterable[str]) -> list[str]:
    """The verbs of word-list entries, sorted: the `verbs` of the `fr_lemmas` component."""
    return sorted({verb_of_entry(entry) for entry in entries if entry.strip()})
