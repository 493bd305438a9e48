"""Definite descriptions ("le groupe chinois", "la ministre", "l'Autorité") resolved to a named actor.

Rules are `models/descriptions.jsonl` (scope `anaphora` or `short_name`): a spaCy token pattern that
starts with a definite determiner, and what an antecedent must be (`types`, `kinds`, `country`,
`roles`). A nationality adjective after the noun adds a country ("le géant américain"). The antecedent
is the actor this noun last named in the article if still compatible, else the latest compatible
actor of this paragraph or the one before. A description in apposition to a name ("le groupe chinois
ByteDance", "la ministre de l'Intérieur, Nancy Faeser") is not an anaphor: it teaches the article what
that actor is. Indefinite descriptions ("une agence gouvernementale") never match: every pattern
starts with le/la/l'/les/ce/cette (or son/sa for a person's role).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.actors.names import NameRules, Profile, fold, words_of
from pipeline.matching import TokenPatterns
from pipeline.records import Article, Mention, Segment
from pipeline.rules import Rule, Rules

PLACE_KINDS = frozenset({"country", "city", "region"})
FEMININE = frozenset({"la", "cette", "sa"})
MASCULINE = frozenset({"le", "ce", "cet", "son", "du", "au"})
COMPLEMENT_CASES = frozenset({"de", "d'", "d’", "du", "des"})


@dataclass(frozen=True)
class DescriptionRule:
    """One line of `descriptions.jsonl`: what a description can point back to."""

    id: str
    label: str
    scope: str
    types: frozenset[str]
    kinds: frozenset[str]
    country: str
    roles: frozenset[str]
    person: bool

    @classmethod
    def from_rule(cls, rule: Rule) -> DescriptionRule:
        data = rule.data
        return cls(data.get("id", rule.where), data["label"], data.get("scope", "anaphora"),
                   frozenset(data.get("types", [data["label"]])), frozenset(data.get("kinds", [])),
                   data.get("country", ""), frozenset(fold(r) for r in data.get("roles", [])),
                   data["label"] == "PER")


@dataclass
class Found:
    """A description in a parsed segment: its tokens without the determiner, and what it says."""

    rules: list[DescriptionRule]
    det: Token
    head: Token
    tokens: Span  # head noun and what follows it, without the determiner
    country: str = ""
    gender: str = ""


@dataclass
class ArticleMemory:
    """What the article has taught so far: profiles of its actors, and what each noun last named."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    noun: dict[str, str] = field(default_factory=dict)  # head lemma -> actor name
    labels: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # NER labels by name


class Descriptions:
    """Finds definite descriptions in a Doc and resolves them against the article's mentions."""

    def __init__(self, rules: Rules, names: NameRules):
        self.names = names
        self.rules: dict[str, DescriptionRule] = {}
        self.patterns: dict[str, list] = {}
        for rule in rules.pattern_rules("descriptions"):
            described = DescriptionRule.from_rule(rule)
            if described.scope in ("anaphora", "short_name"):
                self.rules[described.id] = described
                self.patterns[described.id] = rule.data["pattern"]
        self.role_words = frozenset(r for rule in self.rules.values() for r in rule.roles)
        self._matcher: TokenPatterns | None = None

    def matcher(self, doc: Doc) -> TokenPatterns:
        """Built on first use with the Docs' own vocab, so the linker needs no nlp object (and
        pickles without one: `pipeline.cache`). Anchored on the head noun (`pipeline.matching`)."""
        if self._matcher is None or self._matcher.vocab is not doc.vocab:
            self._matcher = TokenPatterns(doc.vocab)
            for rule_id, pattern in self.patterns.items():
                self._matcher.add(rule_id, pattern)
        return self._matcher

    def find(self, doc: Doc) -> list[Found]:
        """Longest descriptions first; one span may carry several rules (short name, then noun)."""
        by_span: dict[tuple[int, int], list[DescriptionRule]] = {}
        for rule_id, start, end in self.matcher(doc)(doc):
            rule = self.rules[rule_id]
            rules = by_span.setdefault((start, end), [])
            rules.insert(0, rule) if rule.scope == "short_name" else rules.append(rule)
        for token in doc[:-1]:  # "Le Français a quitté la Commission": a person of that country
            country = self.names.country_of(doc[token.i + 1])
            if token.lower_ in ("le", "la") and country and doc[token.i + 1].is_title:
                by_span.setdefault((token.i, token.i + 2), []).append(DescriptionRule(
                    "demonym", "PER", "anaphora", frozenset({"PER"}), frozenset(), country, frozenset(), True))
        kept = filter_spans([doc[start:end] for start, end in by_span])
        return [self._found(span, by_span[(span.start, span.end)]) for span in sorted(kept, key=lambda s: s.start)]

    def _found(self, span: Span, rules: list[DescriptionRule]) -> Found:
        """The description with a following nationality adjective ("le groupe chinois") and its gender."""
        det, doc, end = span[0], span.doc, span.end
        country = next((rule.country for rule in rules if rule.country), "")
        head = doc[span.start + 1: span.end].root
        if not country and end < len(doc) and self.names.country_of(doc[end]) and span.start <= doc[end].head.i < end:
            country = self.names.country_of(doc[end])
            end += 1
        gender = "f" if det.lower_ in FEMININE else "m" if det.lower_ in MASCULINE else ""
        return Found(rules, det, head, doc[span.start + 1: end], country, gender)


class Resolver:
    """Adds the anaphoric descriptions of an article to its name mentions."""

    def __init__(self, descriptions: Descriptions, acts, forms: dict[str, set[str]] | None = None):
        self.descriptions = descriptions
        self.acts = acts  # metonymy test: does this place token act?
        self.forms = forms or {}  # gazetteer id -> folded words of its names ("commission" for CNIL)
        self.rank: dict[int, int] = {}  # mention start -> grammatical rank (0 subject, 1 other, 2 complement)

    def describe(self, article: Article, segments: list[Segment], mentions: list[Mention],
                 memory: ArticleMemory) -> list[Mention]:
        """Each description, in order, resolved against the mentions before it."""
        mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.rank = {start: rank for segment in segments
                     for start, rank in grammatical_ranks(segment, mentions).items()}
        sightings: dict[str, list[tuple[int, int]]] = defaultdict(list)  # lemma -> (offset, paragraph)
        for segment in segments:
            by_token = tokens_to_mentions(segment, mentions)
            for found in self.descriptions.find(segment.doc):
                start = segment.start + found.tokens[0].idx
                end = segment.start + found.tokens[-1].idx + len(found.tokens[-1].text)
                overlapping = [m for m in mentions if m.start < end and start < m.end]
                earlier = [m for m in mentions if m.end <= start]
                thing = latest_sighting(sightings, found.head.lemma_, start, segment.paragraph.paragraph)
                if thing is not None:  # "une commission d'enquête … La commission": not an earlier actor
                    earlier = [m for m in earlier if m.start > thing]
                resolved = self.resolve(found, by_token, earlier, memory,
                                        overlapping, segment.paragraph.paragraph)
                if resolved is None:
                    continue
                antecedent, end, method = resolved[0], max(end, resolved[1]), resolved[2]
                replaced = [m for m in overlapping if m.method != "rule" or single_word(found, overlapping)]
                mentions = [m for m in mentions if m not in replaced]
                kind = "GOV" if antecedent.type == "LOC" and self.acts(found.head) else antecedent.type
                mentions.append(Mention(article.document.doc_id, segment.paragraph.paragraph, start, end,
                                        article.text[start:end], kind, antecedent.actor_id, method,
                                        antecedent.name, kind))
                mentions.sort(key=lambda m: (m.start, -m.end))
            add_sightings(sightings, segment, tokens_to_mentions(segment, mentions))
        return mentions

    def resolve(self, found: Found, by_token: dict[int, Mention], earlier: list[Mention], memory: ArticleMemory,
                overlapping: list[Mention], paragraph: int) -> tuple[Mention, int, str] | None:
        """The actor described, where the mention ends (after "de Huawei") and how; None if nothing."""
        if any(m.method in ("rule", "institution") for m in overlapping) and not single_word(found, overlapping):
            return None  # the gazetteer already names it ("groupe Alibaba", "gouvernement allemand"), or
            # its own words do ("le ministère chinois du Commerce")
        affiliation = complement(found, by_token)
        beside = apposed(found, by_token) if found.rules[0].scope != "short_name" else None
        # ("aux États-Unis, Bruxelles brandit …": a short name is a name, no apposition to another)
        for rule in found.rules:
            if beside is not None and (beside.type in rule.types or beside.type == "LOC" and "GOV" in rule.types):
                learn(found, rule, memory.profiles[beside.name], affiliation)
                memory.noun[found.head.lemma_] = beside.name
                # a mention too, for speakers named by their role: "a déclaré la ministre, Nancy Faeser"
                return beside, affiliation.end if affiliation else 0, "apposition"
            if affiliation is not None and not rule.person:
                return None  # "le gouvernement de Trump" is related to Trump, not an earlier actor
            antecedent = self.antecedent(found, rule, earlier, memory, affiliation, paragraph)
            if antecedent is not None:
                memory.noun[found.head.lemma_] = antecedent.name
                return antecedent, affiliation.end if affiliation else 0, "anaphora"
        return None

    def antecedent(self, found: Found, rule: DescriptionRule, earlier: list[Mention], memory: ArticleMemory,
                   affiliation: Mention | None, paragraph: int) -> Mention | None:
        """The actor this noun last named if still compatible, else the latest compatible one nearby."""
        if rule.scope == "short_name":
            return short_name_match(found, earlier)
        remembered = memory.noun.get(found.head.lemma_)
        specific = bool(rule.roles or rule.country or found.country)  # "la ministre", "le groupe chinois"
        if remembered and not rule.person and any(
                m.paragraph < paragraph - 1 for m in earlier if m.name == remembered) and not any(
                m.paragraph >= paragraph - 1 for m in earlier if m.name == remembered):
            remembered = None  # "le groupe chinois Wingtech" paragraphs ago: the nearby actors come first,
            # the remembered one still at any distance when none of them fits
        # an organisation: the subject of its clause beats a name in a complement ("Meta, maison mère
        # de Facebook … Le groupe"); a person: the latest named (the speaker stage weighs salience)
        order = lambda m: (m.name != remembered, paragraph - m.paragraph,
                           0 if rule.person else self.rank.get(m.start, 1), -m.start)
        for mention in sorted(earlier, key=order):
            if mention.name != remembered and (mention.method == "anaphora" or (
                    not specific and mention.paragraph < paragraph - 1)):
                continue  # a bare noun ("le groupe") looks back to this paragraph and the one before
            if compatible(rule, found, mention, memory.profiles[mention.name], affiliation,
                          self.forms.get(mention.name, set())):
                return mention
        return None


def grammatical_ranks(segment: Segment, mentions: list[Mention]) -> dict[int, int]:
    """How salient each mention of a segment is by its place in the clause, by mention start: 0
    for a subject (or a name in apposition to one: "Meta, maison mère de Facebook"), 2 for a
    name inside a prepositional complement or a relative clause ("… pour Huawei", "de
    Facebook"), 1 otherwise."""
    ranks: dict[int, int] = {}
    for index, mention in tokens_to_mentions(segment, mentions).items():
        if mention.start in ranks:
            continue
        node = segment.doc[index]
        while node.dep_ in ("flat:name", "flat", "fixed", "compound") and node.head.i != node.i:
            node = node.head
        rank = 1
        for _ in range(8):
            if any(child.dep_ == "case" for child in node.children) or node.dep_ == "acl:relcl":
                rank = 2
                break
            if node.dep_ in ("nsubj", "nsubj:pass"):
                rank = 0
                break
            if node.dep_ not in ("appos", "conj") or node.head.i == node.i:
                break
            node = node.head
        if rank == 1 and any(ancestor.dep_ == "acl:relcl" for ancestor in node.ancestors):
            rank = 2  # "la stratégie qui visait Huawei"
        ranks[mention.start] = rank
    return ranks


def add_sightings(sightings: dict[str, list[tuple[int, int]]], segment: Segment,
                  by_token: dict[int, Mention]) -> None:
    """Common nouns of a segment that name no actor and stand beside none ("une commission
    d'enquête", not "Criteo, une entreprise française" nor "une entreprise comme Criteo")."""
    for token in segment.doc:
        if token.pos_ != "NOUN" or token.i in by_token:
            continue
        if token.head.i in by_token or any(child.i in by_token for child in token.children):
            continue
        sightings[token.lemma_].append((segment.start + token.idx, segment.paragraph.paragraph))


def latest_sighting(sightings: dict[str, list[tuple[int, int]]], lemma: str, start: int,
                    paragraph: int) -> int | None:
    """Where this paragraph or the one before last used the noun for something that is no actor."""
    for offset, seen in reversed(sightings.get(lemma, [])):
        if offset < start:
            return offset if seen >= paragraph - 1 else None
    return None


def tokens_to_mentions(segment: Segment, mentions: list[Mention]) -> dict[int, Mention]:
    """The mention each token of a segment belongs to, keyed by the token's index."""
    table, doc = {}, segment.doc
    for mention in mentions:
        span = doc.char_span(mention.start - segment.start, mention.end - segment.start, alignment_mode="expand")
        if span is not None:
            for token in span:
                table.setdefault(token.i, mention)
    return table


def single_word(found: Found, overlapping: list[Mention]) -> bool:
    """A one-word gazetteer alias ("Commission") may be the short name of a longer name in the article."""
    word = found.tokens[0]
    return (found.rules[0].scope == "short_name" and len(overlapping) == 1
            and overlapping[0].text == word.text and len(found.tokens) == 1)


def complement(found: Found, mentions: dict[int, Mention]) -> Mention | None:
    """The named actor in "le PDG de Huawei": a "de" complement of the description's head."""
    for token in found.head.children:
        mention = mentions.get(token.i)
        if mention and token.i > found.head.i and any(c.lower_ in COMPLEMENT_CASES for c in token.children):
            return mention
    return None


def apposed(found: Found, mentions: dict[int, Mention]) -> Mention | None:
    """The name a description stands beside: "le groupe chinois ByteDance", "la ministre, Nancy Faeser";
    never across the end of a sentence ("… pour la 5G. Bruxelles …")."""
    name = _apposed(found, mentions)
    if name is None:
        return None
    doc, last = found.tokens.doc, found.tokens[-1]
    first = min((i for i, m in mentions.items() if m is name), default=None)
    if first is None:
        return name
    low, high = sorted((last.i, first))
    between = doc[low: high + 1]
    if any(t.text in (".", "!", "?", ";", "…") for t in between) or (last.i < first and last.text.endswith(".")) \
            or (first > found.head.i and doc[first].sent.start != found.head.sent.start):
        return None  # "… pour la 5G. Bruxelles a salué": "5G." ends its sentence
    return name


def _apposed(found: Found, mentions: dict[int, Mention]) -> Mention | None:
    head, doc = found.head, found.tokens.doc
    name = mentions.get(head.head.i) if head.dep_ == "appos" else None
    if name is not None and found.det.i - 2 <= head.head.i < found.det.i:
        return name  # "Ren Zhengfei, le PDG de Huawei"
    after = found.tokens.end
    while after < len(doc) and after - found.tokens.end < 2 and after not in mentions and (
            doc[after].text == "," or doc[after].pos_ == "ADJ"):
        after += 1
    if after in mentions:
        return mentions[after]  # "le constructeur chinois Huawei", "le régulateur, la CNIL", whatever the parse
    after = found.tokens.end
    while (after < len(doc) and after - found.tokens.end < 6 and doc[after].text != ","
           and doc[after].pos_ not in ("VERB", "AUX") and not (after in mentions and mentions[after].type == "PER")):
        after += 1  # a person after a complement: "la secrétaire au Trésor, Janet Yellen"
    if after + 1 < len(doc) and doc[after].text == ",":
        after += 1
    person = mentions.get(after)
    return person if person is not None and person.type == "PER" else None


def learn(found: Found, rule: DescriptionRule, profile: Profile, affiliation: Mention | None) -> None:
    """An apposition tells what the named actor is: its country, kind, role and gender."""
    profile.learn(country=found.country, gender=found.gender if rule.person else "",
                  kind=min(rule.kinds) if rule.kinds and not profile.known else "",
                  affiliation=affiliation.name if affiliation else "")
    if rule.person:
        profile.roles.add(fold(found.head.text))


def compatible(rule: DescriptionRule, found: Found, mention: Mention, profile: Profile,
               affiliation: Mention | None, forms: set[str] = frozenset()) -> bool:
    """Whether the actor of an earlier mention can be what the description describes."""
    if mention.type not in rule.types:
        return False
    if rule.kinds and profile.kind not in rule.kinds and not named_with(found, mention, forms):
        if profile.kind or "company" not in rule.kinds:
            return False  # a kind must be known: gazetteer, name cue ("Association …") or an earlier
            # apposition; an organisation of unknown kind may be a company ("l'entreprise")
    if profile.kind in PLACE_KINDS and rule.label == "GOV" and mention.type != "GOV":
        return False  # "le gouvernement" is a place only where that place acts
    country = found.country or rule.country
    if country and profile.country != country:
        return False
    if rule.person and found.gender and profile.gender and profile.gender != found.gender:
        return False
    if rule.roles and not (profile.roles & (rule.roles | {fold(found.head.text)})):
        return False
    return affiliation is None or fold(profile.affiliation) == fold(affiliation.name)


def named_with(found: Found, mention: Mention, forms: set[str]) -> bool:
    """Whether one of the actor's names holds the description's noun ("la commission" → CNIL,
    "Commission nationale de l'informatique et des libertés"; "Federal Trade Commission")."""
    noun = fold(found.head.text)
    return noun in forms or any(noun in words_of(name) for name in (mention.text, mention.name))


def short_name_match(found: Found, earlier: list[Mention]) -> Mention | None:
    """"la Commission", "l'Autorité", "l'Union": the latest actor whose longer name starts with that word."""
    word = fold(found.tokens[0].text)
    for mention in reversed(earlier):
        for name in (mention.text, mention.name):
            words = name.split()
            if len(words) > 1 and fold(words[0]) == word and mention.method != "anaphora":
                return mention
    return None
