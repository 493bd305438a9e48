"""What a name looks like: the gazetteer's profiles, name normalisation, junk and type cues.

The rules are data in `models/`: the gazetteer (`actors*.jsonl`), nationality adjectives and the
words that type a name (`descriptions_nationalities.jsonl`, `descriptions_names.jsonl`). Only closed
French word classes (articles, civil titles) are spelled here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA
from spacy.tokens import Token

from pipeline.rules import Rules

# Closed classes of French grammar, not domain rules.
ARTICLES = frozenset({"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "de", "d'", "d’", "au", "aux"})
TITLES = frozenset({"m.", "m", "mme", "mme.", "mlle", "mm.", "me", "dr", "dr.", "pr", "pr.", "monsieur", "madame",
                    "mademoiselle", "maître"})
FEMININE_TITLES = frozenset({"mme", "mme.", "mlle", "madame", "mademoiselle"})
NAME_LABELS = frozenset({"PER", "ORG", "LOC", "MISC", "GOV", "MEDIA"})
ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&]{1,11}")
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case, accents, spaces, hyphens and apostrophes folded: "Tik Tok" and "Tiktok" meet.
    Cached: the same few thousand words and names are folded tens of thousands of times a run."""
    return re.sub(r"[\s\-‐‑–—'’.]+", "", unaccented(text))


def slug(name: str) -> str:
    """A stable actor id from the canonical name: "États-Unis" → "etats-unis", "Cœuré" → "coeure"."""
    return re.sub(r"[^a-z0-9]+", "-", unaccented(name)).strip("-") or "actor"


def words_of(text: str) -> set[str]:
    """Folded words of a role or a name, to compare "ancienne commissaire" with "commissaire"."""
    return {fold(word) for word in re.split(r"[\s'’]+", text) if word}


@dataclass
class Profile:
    """What is known of an actor: from the gazetteer, or learned from the article."""

    name: str
    type: str
    kind: str = ""
    country: str = ""
    gender: str = ""
    role: str = ""
    affiliation: str = ""
    known: bool = False  # True for a gazetteer actor
    roles: set[str] = field(default_factory=set)  # folded role words

    def learn(self, **values) -> None:
        """Fill what is still unknown; a gazetteer's own values are never overwritten."""
        for key, value in values.items():
            if value and not getattr(self, key):
                setattr(self, key, value)


def pattern_text(pattern) -> tuple[str, bool] | None:
    """The surface form of a phrase or of a plain token pattern, and whether its case matters."""
    if isinstance(pattern, str):
        return pattern, False
    parts, exact = [], False
    for token in pattern:
        keys = set(token) - {"OP"}
        if len(keys) != 1 or "OP" in token:
            return None
        key = keys.pop()
        if key not in ("ORTH", "TEXT", "LOWER") or not isinstance(token[key], str):
            return None
        exact = exact or key != "LOWER"
        parts.append(token[key])
    return " ".join(parts), exact


class Gazetteer:
    """The actors of `models/actors*.jsonl` by folded surface form, with their profiles."""

    def __init__(self, rules: Rules, fuzzy_min_score: float = 80.0, fuzzy_min_length: int = 5):
        self.profiles: dict[str, Profile] = {}
        self.folded: dict[str, str] = {}  # fold(surface) -> id, for case-insensitive patterns
        self.exact: dict[str, str] = {}  # surface without spaces -> id, for ORTH patterns
        self.exact_folded: dict[str, str] = {}  # the same, folded, for capitalised names the NER found
        self.surnames: dict[str, set[str]] = {}
        self.forms: dict[str, set[str]] = {}  # id -> folded words of its surface forms
        self.fuzzy_min_score, self.fuzzy_min_length = fuzzy_min_score, fuzzy_min_length
        for rule in rules.pattern_rules("actors"):
            self._add(rule.data)
        for actor_id, profile in self.profiles.items():
            if profile.type == "PER" and len(actor_id.split()) > 1:
                self.surnames.setdefault(fold(actor_id.split()[-1]), set()).add(actor_id)

    def _add(self, data: dict) -> None:
        actor_id = data["id"]
        profile = self.profiles.setdefault(actor_id, Profile(actor_id, data["label"], known=True))
        profile.learn(**{key: data.get(key, "") for key in ("kind", "country", "gender", "role", "affiliation")})
        if data.get("role"):
            profile.roles |= words_of(data["role"])
        surface = pattern_text(data["pattern"])
        if surface is None:
            return
        text, exact = surface
        self.forms.setdefault(actor_id, set()).update(words_of(text))
        if exact:
            self.exact.setdefault(re.sub(r"\s+", "", text), actor_id)
            if text[:1].isupper():
                self.exact_folded.setdefault(fold(text), actor_id)
        else:
            self.folded.setdefault(fold(text), actor_id)

    def lookup(self, text: str, named: bool = False) -> str | None:
        """The actor a surface form names (case-insensitive unless the gazetteer says ORTH).

        `named`: the NER found this capitalised span, so an ORTH entry may match it in any case
        ("Maison blanche"); a lower-case word ("orange") never matches an ORTH entry ("Orange").
        """
        found = self.folded.get(fold(text)) or self.exact.get(re.sub(r"\s+", "", text))
        if found is None and named and text[:1].isupper():
            found = self.exact_folded.get(fold(text))
        return found

    def surname(self, text: str) -> str | None:
        """The one gazetteer person with this surname ("Breton" → Thierry Breton), if unambiguous."""
        found = self.surnames.get(fold(text), set())
        return next(iter(found)) if len(found) == 1 else None

    def fuzzy(self, text: str, extra: dict[str, str] | None = None) -> str | None:
        """A misspelt name ("Huwaei" → Huawei): one typo in five letters, same initial, one best."""
        key = fold(text)
        if len(key) < self.fuzzy_min_length:
            return None  # "Meta" is not "et": short names never fuzzy-match
        scored = {}
        for candidates in (self.folded, extra or {}):
            for other, actor_id in candidates.items():
                if other[:1] != key[:1] or abs(len(other) - len(key)) > 2 or len(other) < self.fuzzy_min_length:
                    continue
                score = OSA.normalized_similarity(key, other) * 100
                if score >= self.fuzzy_min_score and score > scored.get(actor_id, 0):
                    scored[actor_id] = score
        ranked = sorted(scored.items(), key=lambda item: -item[1])
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None  # two equally close names: no guess
        return ranked[0][0]


@dataclass
class NameCue:
    """Words that type a name: "ministère …" is GOV, "… Technologies" is ORG, "… Times" is MEDIA."""

    label: str
    kind: str
    at: str
    words: frozenset[str]
    case: bool


def token_words(pattern: list) -> tuple[frozenset[str], bool]:
    """The words of a one-token `{"LOWER": {"IN": [...]}}` pattern, and whether case matters."""
    token = pattern[0]
    key = "ORTH" if "ORTH" in token else "LOWER"
    value = token[key]
    words = value.get("IN", []) if isinstance(value, dict) else [value]
    return frozenset(words), key == "ORTH"


class NameRules:
    """Name cues and nationality adjectives from `models/descriptions_*.jsonl`."""

    def __init__(self, rules: Rules):
        self.cues: list[NameCue] = []
        self.nationality: dict[str, str] = {}  # folded adjective form -> country code
        self.first_names: set[str] = set()  # lower-case first names of cues (FEMININE_ / MASCULINE_FIRST_NAME)
        for rule in rules.pattern_rules("cues"):
            pattern = rule.data.get("pattern")
            if rule.data.get("label") in ("FEMININE_FIRST_NAME", "MASCULINE_FIRST_NAME") and _one_token(pattern):
                self.first_names |= {word.lower() for word in token_words(pattern)[0]}
        for rule in rules.pattern_rules("descriptions"):
            data = rule.data
            if data.get("scope") == "name":
                words, case = token_words(data["pattern"])
                kinds = data.get("kinds") or [""]
                self.cues.append(NameCue(data["label"], kinds[0], data.get("at", "any"), words, case))
            elif data.get("scope") == "nationality":
                words, _ = token_words(data["pattern"])
                for word in words:
                    self.nationality[fold(word)] = data.get("country", "")

    def cue(self, words: list[str]) -> NameCue | None:
        """The first cue the name's words satisfy; end cues need a word before them."""
        parts = words + [part for word in words if "-" in word for part in word.split("-")]  # "France-Presse"
        for cue in self.cues:
            seen = words if cue.case else [word.lower() for word in words]
            if cue.at == "start" and seen[:1] and seen[0] in cue.words:
                return cue
            if cue.at == "end" and len(seen) > 1 and seen[-1] in cue.words:
                return cue
            if cue.at == "any" and any((p if cue.case else p.lower()) in cue.words for p in parts):
                return cue
        return None

    def country_of(self, token: Token) -> str:
        """The country a nationality adjective names ("chinois" → CN), or ""."""
        return self.nationality.get(fold(token.text), "")

    def is_demonym(self, tokens: list[Token]) -> bool:
        """"Américains", "les Européens", "Le Français": people of a country, not an actor."""
        content = [t for t in tokens if t.lower_ not in ARTICLES]
        return len(content) == 1 and content[0].text[:1].isupper() and self.country_of(content[0]) != ""


def _one_token(pattern) -> bool:
    return isinstance(pattern, list) and len(pattern) == 1 and isinstance(pattern[0], dict)


def strip_articles(tokens: list[Token]) -> list[Token]:
    """Leading articles off: "la Chine" → "Chine", "au Commerce" → "Commerce".

    A capital article inside a sentence belongs to the name ("La Haye", "Le Monde"); at the start
    of a sentence it is only capitalised by position ("La Chine veut…").
    """
    start = 0
    while (start < len(tokens) - 1 and tokens[start].lower_ in ARTICLES
           and (tokens[start].is_lower or tokens[start].is_sent_start)):
        start += 1
    return tokens[start:]


def strip_titles(tokens: list[Token]) -> tuple[list[Token], str]:
    """Civil titles off a person's name ("M. Breton" → "Breton"), with the gender they tell."""
    gender = ""
    while len(tokens) > 1 and tokens[0].lower_ in TITLES:
        gender = "f" if tokens[0].lower_ in FEMININE_TITLES else "m"
        tokens = tokens[1:]
    return tokens, gender


def surface(tokens: list[Token]) -> str:
    """The text of tokens with the article's own spacing, trailing punctuation off."""
    if not tokens:
        return ""
    # The span's own text: `doc.text` would join the whole Doc again for every name.
    return clean_name(tokens[0].doc[tokens[0].i: tokens[-1].i + 1].text)


def clean_name(text: str) -> str:
    """Spaces collapsed, quotes and a sentence's final full stop off ("X." → "X", "Inc." stays)."""
    text = " ".join(text.split()).strip(" ,;:«»\"“”")
    if text.endswith(".") and text.count(".") == 1 and not text.endswith(("Inc.", "Corp.", "Co.")):
        text = text[:-1]
    return text


def is_common_word(token: Token) -> bool:
    """A word the model knows as a common word, capitalised by position or shouting, not a name."""
    if token.is_stop or token.is_punct or token.like_num:
        return True
    if not token.vocab.has_vector(token.lower_):
        return False  # unknown to the model: a name, or a misspelt one
    shouted = token.is_upper and len(token.text) >= 5
    return shouted or token.is_sent_start or token.pos_ not in ("PROPN", "X")


def is_name_word(token: Token) -> bool:
    """A word that can carry a name: capitalised (or camel-cased like "iPhone") and not a common word."""
    text = token.text
    capital = text[:1].isupper() or (len(text) > 1 and any(c.isupper() for c in text[1:]) and text[:1].isalpha())
    return capital and not is_common_word(token)


def looks_like_junk(tokens: list[Token], role_words: set[str]) -> bool:
    """NER output that is not a name: clauses, common words, role descriptions, shouted headings, digits."""
    text = "".join(t.text for t in tokens)
    if len(text) < 2 or not any(c.isalpha() for c in text):
        return True
    first = tokens[0]
    if first.lower_ in role_words:
        return True  # "ministre de l'Intérieur" is a description of a person, not a name
    if all(t.is_upper or not t.is_alpha for t in tokens) and len(tokens) > 1:  # "LES MODÈLES DE FONDATION…"
        return any(t.is_stop for t in tokens) or len(tokens) > 3 or all(is_common_word(t) for t in tokens)
    if not first.text[:1].isupper() and not is_name_word(first):
        return not any(is_name_word(t) for t in tokens[1:])  # "la destruction … d'un ballon chinois"
    words = [t for t in tokens if t.is_alpha]
    return bool(words) and all(is_common_word(t) for t in words)  # "Tromper", "Marché intérieur"


def may_be_misspelt(tokens: list[Token]) -> bool:
    """Only a word the model does not know may be a typo: common words ("Orage", "Metz") never fuzzy-match."""
    return any(t.is_alpha and not t.vocab.has_vector(t.lower_) for t in tokens)


def initials_fit(short: str, long: str) -> bool:
    """"CNIL" fits "Commission nationale de l'informatique et des libertés": its letters are initials, in order."""
    if not ACRONYM.fullmatch(short) or short.islower() or len(long.split()) < 2:
        return False
    initials = "".join(word[0] for word in re.split(r"[\s'’\-]+", unaccented(long)) if word)
    letters = unaccented(short)
    if not initials or letters[0] != initials[0]:
        return False
    position = 0
    for letter in letters:
        position = initials.find(letter, position) + 1
        if position == 0:
            return False
    return True


@lru_cache(maxsize=65536)
def unaccented(text: str) -> str:
    """Lower case without accents or ligatures ("Cœuré" → "coeure"), spaces and apostrophes kept."""
    text = unicodedata.normalize("NFKD", text).translate(LIGATURES)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()
