"""The claims stage's words and records: the lexicon of models/, how an entry names a predicate
(`signatures`), who a phrase names (`Doer`) and a claim before it is numbered (`Draft`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Token

from pipeline.actors.names import Gazetteer


MODALITY_PRECEDENCE = ("reported", "conditional", "obligation", "intended")
ACTING_OR_PLACE = frozenset({"PER", "ORG", "GOV", "MEDIA", "LOC"})  # every actor type but MISC (a law, a product)
INACTIVE_TYPES = frozenset({"LOC"})  # a place that acts is typed GOV by the actor stage
ANTECEDENT_TYPES = frozenset({"PER", "ORG", "GOV", "MEDIA"})
DESCRIPTIVE_METHODS = frozenset({"anaphora", "apposition", "description", "coreference", "pronoun"})
CORE_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl:agent", "obl:arg", "ROOT"})
NAMING_DEPS = frozenset({"appos", "flat:name", "flat", "amod", "nmod", "conj", "compound", "dep", "acl"})
NAMING_CASES = frozenset({"", "comme", "dont"})  # "les champions chinois comme Huawei"
COMPLEMENT_DEPS = frozenset({"obj", "xcomp", "ccomp", "obl:arg"})
PASSIVE_SUBJECT_ACTS = False  # an agentless passive ("TikTok a été sanctionné") is optional in the gold convention
HUNG_DEPS = frozenset({"flat:name", "flat", "appos", "amod", "nmod", "compound"})  # a verb inside a noun phrase
MISREAD_POS = frozenset({"NOUN", "ADJ", "PROPN", "ADV"})  # "juge", "conteste" (NOUN), "dément" (ADV)
INCISE_OPENERS = frozenset({"ADP", "ADV"})  # ", de son côté,", ", pour sa part,", ", elle aussi,"
DESCRIBES = "DESCRIBES:"  # matcher label prefix: the actor type a description fits ("DESCRIBES:ORG")
DESCRIBES_KIND = "DESCRIBES_KIND:"  # and the kind it names, when it names one ("DESCRIBES_KIND:telecom")
FRONTED_DEPS = frozenset({"obl:mod", "obl", "obl:arg", "advmod", "advcl", "nmod", "acl"})  # before the subject
DASHES = frozenset({"-", "—", "–"})
FIRST_PERSON_WORDS = frozenset({"je", "j", "nous", "notre", "nos", "mon", "ma", "mes", "moi"})
ROLE_GAP = 80  # characters of complement between a role and the name it is given ("chargée du numérique, ")
ROLE_GAP_BREAKS = re.compile(r"[.;:!?«»()\"“”,]| qui | que | qu'| dont ")
ROLE_NOUN = "ROLE_NOUN"  # matcher label: a role noun of cues.jsonl ("le Premier ministre", "la secrétaire d'État")
ENTRY_DROPPED = frozenset({"l", "le", "la", "les", "un", "une", "des", "du", "se", "s", "son", "sa",
                           "ses", "leur"})


def entry_key(entry: str) -> str:
    """A word-list entry as `signatures` spells it: "s'apprêter à" → "apprêter à"."""
    words = [w for w in re.split(r"[\s'’]+", entry.lower()) if w]
    words = ["de" if w == "d" else "que" if w == "qu" else w for w in words]
    return " ".join(w for w in words if w not in ENTRY_DROPPED)


def signatures(token: Token) -> set[str]:
    """Every way a word-list entry can name this predicate: "prévoir", "prévoir de", "être obligé de"."""
    lemma = token._.lemma
    heads = {lemma}
    if any(c.dep_ in ("cop", "aux:pass") and c._.lemma == "être" for c in token.children):
        heads |= {f"être {token.lower_}", f"être {lemma}"}
    tails = {""}
    for complement in token.children:
        if complement.dep_ in COMPLEMENT_DEPS:
            tails |= complement_words(complement)
    return {f"{head} {tail}".strip() for head in heads for tail in tails}


def complement_words(child: Token) -> set[str]:
    """How a complement shows in an entry: its preposition, "que", its noun, or "faire" for a bare infinitive."""
    marks = {entry_key(g.text) for g in child.children if g.dep_ in ("mark", "case") and g.i < child.i}
    words = {m for m in marks if m}
    if child.dep_ == "obj":
        words.add("que" if child.lower_ in ("que", "qu'", "qu’") else child._.lemma)
    if "Inf" in child.morph.get("VerbForm") and not words:
        words.add("faire")
    return words


@dataclass(frozen=True)
class Doer:
    """Who a phrase names: an actor, an anonymous source (actor_id empty), or an undecided doer."""

    actor_id: str = ""
    name: str = ""
    undecided: bool = False  # "le gouvernement comptait accélérer …" where no actor fits: a doer, no actor to name
    how: str = "name"  # how the phrase was read: name, pronoun, description, role, quote (its speaker)

    @property
    def anonymous(self) -> bool:
        return not self.actor_id and not self.undecided


ANONYMOUS = Doer()
UNDECIDED = Doer(undecided=True)  # a description the rules cannot resolve: the claim, with no actor


@dataclass(frozen=True)
class Lexicon:
    """The word lists of models/: denial, intention, obligation and speech verbs, the nouns of appeal
    and courts, institutions of their own, words that are no infinitive; gazetteer genders."""

    denial: frozenset[str]
    intention: frozenset[str]
    obligation: frozenset[str]
    speech: frozenset[str]
    genders: dict[str, str] = field(default_factory=dict)
    verbs: frozenset[str] = frozenset()  # first word of each list entry: "compter" of "compter faire"
    kinds: dict[str, str] = field(default_factory=dict)  # gazetteer kind of an actor: Free → telecom
    affiliations: dict[str, str] = field(default_factory=dict)  # a person's organisation: Mark Zuckerberg → Meta
    reflexive_speech: frozenset[str] = frozenset()  # speech verbs listed with se: "se défendre", "s'inquiéter"
    appeal_nouns: frozenset[str] = frozenset()  # appeal_nouns.txt: "contester en justice" is an act
    court_nouns: frozenset[str] = frozenset()  # court_nouns.txt: "… devant le tribunal" is an act
    own_institutions: frozenset[str] = frozenset()  # own_institutions.txt: "le gouvernement" is no recent actor
    not_infinitives: frozenset[str] = frozenset()  # not_infinitives.txt: "contre", "notre"

    @classmethod
    def from_rules(cls, rules) -> Lexicon:
        def keys(family):
            return frozenset(entry_key(entry) for entry in rules.wordlist(family))

        profiles = Gazetteer(rules).profiles
        genders = {name: profile.gender for name, profile in profiles.items() if profile.gender}
        kinds = {name: profile.kind for name, profile in profiles.items() if profile.kind}
        affiliations = {name: profile.affiliation for name, profile in profiles.items() if profile.affiliation}
        denial, intention, obligation = keys("denial_verbs"), keys("intention_verbs"), keys("obligation_verbs")
        speech = keys("speech_verbs")
        verbs = frozenset(entry.split()[0] for entry in denial | intention | obligation | speech) - {"être", "avoir"}
        reflexive = frozenset(entry_key(entry) for entry in rules.wordlist("speech_verbs")
                              if re.match(r"s(e\s+|['’])", entry.strip().lower()))
        return cls(denial=denial, intention=intention, obligation=obligation, speech=speech, genders=genders,
                   verbs=verbs, kinds=kinds, affiliations=affiliations, reflexive_speech=reflexive,
                   appeal_nouns=frozenset(rules.wordlist("appeal_nouns")),
                   court_nouns=frozenset(rules.wordlist("court_nouns")),
                   own_institutions=frozenset(rules.wordlist("own_institutions")),
                   not_infinitives=frozenset(rules.wordlist("not_infinitives")))

    def gender(self, name: str) -> str | None:
        """The gazetteer's gender of an actor as the tagger spells it ("Masc", "Fem"), None if unknown."""
        return {"m": "Masc", "f": "Fem"}.get(self.genders.get(name, ""))

    def denier(self, lemma: str) -> bool:
        """A verb of denial_verbs.txt, bare ("nier") or only with its complements ("contester que")."""
        return lemma in self.denial_verbs

    @cached_property
    def volition(self) -> frozenset[str]:
        """Intention and obligation entries together: what makes a predicate volitive."""
        return self.intention | self.obligation

    @cached_property
    def denial_verbs(self) -> frozenset[str]:
        """The first word of each denial entry (asked of nearly every token: a set, not a scan)."""
        return frozenset(entry.split()[0] for entry in self.denial)


@dataclass(frozen=True)
class Draft:
    """A claim before it is numbered: positions in the segment's Doc, the rest decided."""

    first: int
    last: int
    head: Token
    actor: Doer
    source: Doer | None
    polarity: str
    modality: str
    quote_id: str = ""
    predicate: str = ""  # set where the head is not the verb (a verb the tagger misread)


def confidence(doer: Doer) -> str:
    """The claims.csv `confidence` of an actor: `high` for a name in the clause, `medium` for a
    pronoun or the speaker of the quote the clause is in, `low` for a description or a role
    resolved to someone; empty when there is no actor."""
    if not doer.actor_id:
        return ""
    return {"name": "high", "pronoun": "medium", "quote": "medium"}.get(doer.how, "low")
