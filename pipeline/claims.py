"""Claims: who asserts or does what, with its source, polarity and modality.

A claim is a clause of a new body paragraph whose doer is an actor (headings are left out: the
gold convention leaves title claims optional and the lead repeats them). The rules, in the
order `ClauseReader` applies them:

Clauses. A clause is a finite predicate with a subject (`nsubj`) or a passive agent
(`obl:agent`, "par X"); the agent is the doer, and a passive subject only where an infinitive
follows ("Amazon est contraint de vendre"): an agentless passive is optional in the gold
convention. Claims come from main clauses (root, parataxis, coordination) and from what the
parser mistook for something else: an unmarked finite `advcl` or `acl` (the sentences of a
long quotation, a clause after a colon), a relative with no relative word, a finite verb with
a shared subject ("… et a annoncé son intention de faire appel", its own claim), "ce que X a
nié" (a relative on ce: the claim is the clause it takes up plus the relative), a subject the
parser hung elsewhere or left at the end of a bad sentence split (`words_before`), and a verb
the tagger read as a noun before its infinitive ("Le dirigeant compte rencontrer"). Other
subordinate and relative clauses are no claims.

Doer. A subject phrase names an actor when a mention covers its head word, names it in
apposition, coordination or as a bare modifier ("l'administration Biden" → Joe Biden), is a
person's name after a comma deeper in the phrase ("le ministre chargé du numérique, Jean-Noël
Barrot"), or follows de after an agent noun (claims.jsonl AGENT_HEAD: "le gouvernement de
Trump", not "la requête de la Maison Blanche"); named mentions win over descriptions. A place
(LOC: the actor stage found no acting verb) does not act. "il/elle/ils/elles" is the latest
compatible actor before it (`antecedent`); an impersonal "il" is no one; "je/nous" give no
claim: the statement is the quotation itself, already a quote with its speaker.

Reported propositions. "X a déclaré que P" (a speech or denial verb, or its infinitive: "a fait
savoir que"; volitive verbs excepted: what X wants is X's claim) gives one claim, P: its actor
is P's doer, else X who holds it; its source is X. A speech verb with nothing of its own to
report (an incise "…, a indiqué l'autorité", the verb framing a direct quotation) is no claim.

Source, first that applies: a selon / d'après cue attached to the clause in its sentence; the
speaker of the innermost quote holding the clause (the quote stage knows speakers best, and
gives quote_id); the reporter of a que-clause; an anonymous quote; an incise later in the
sentence. An anonymous source ("selon certaines sources") leaves source empty, modality reported.

Polarity deny: ne with a NEGATION word on the verb group ("n'est plus obligé", not "ne … que"),
a denial verb (denial_verbs.txt), or a proposition reported by a denial verb ("TikTok nie que …").

Modality, first that applies (MODALITY_PRECEDENCE): reported > conditional > obligation >
intended > asserted. Who vouches for a proposition comes first, since nothing else in the row
says so for an anonymous source; the journalistic conditional is the next hedge; the
obligation or intention verb stays visible in `predicate` (décider for "a décidé
d'abandonner"; after aller / venir de, the infinitive: "va devoir poursuivre" → devoir).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from pipeline import dates as dates_stage
from pipeline.actors import MentionIndex
from pipeline.records import Article, Claim, DateMention, Mention, Quote, Segment

MODALITY_PRECEDENCE = ("reported", "conditional", "obligation", "intended")
INACTIVE_TYPES = frozenset({"LOC"})  # a place that acts is typed GOV by the actor stage
ANTECEDENT_TYPES = frozenset({"PER", "ORG", "GOV", "MEDIA"})
DESCRIPTIVE_METHODS = frozenset({"anaphora", "apposition", "description", "coreference", "pronoun"})
CORE_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl:agent", "obl:arg", "ROOT"})
NAMING_DEPS = frozenset({"appos", "flat:name", "flat", "amod", "nmod", "conj", "compound", "dep", "acl"})
NAMING_CASES = frozenset({"", "comme", "dont"})  # "les champions chinois comme Huawei"
COMPLEMENT_DEPS = frozenset({"obj", "xcomp", "ccomp", "obl:arg"})
STOPS = frozenset({".", "!", "?", ";", ":", "…"})
OPENING = frozenset({"«", "“", "‹"})
CLOSING = frozenset({"»", "”", "›"})
INCISE_BEFORE = frozenset({",", "»", "”", '"', "—", "–"})
DETACHED_AFTER = frozenset({",", "(", "—", "–"})
THIRD_PERSON = {"il": ("Masc", "Sing"), "elle": ("Fem", "Sing"), "ils": ("Masc", "Plur"),
                "elles": ("Fem", "Plur"), "lui": ("Masc", "Sing"), "eux": ("Masc", "Plur")}
FIRST_PERSON = frozenset({"je", "j'", "j’", "nous", "moi", "on"})
RELATIVE_WORDS = frozenset({"qui", "dont", "où", "lequel", "laquelle", "lesquels", "lesquelles", "lorsque",
                            "lorsqu'", "lorsqu’"})  # que is also a conjunction: only its PronType=Rel counts
SUBORDINATORS = frozenset({"si", "s'", "s’", "quand", "lorsque", "lorsqu'", "lorsqu’", "comme", "puisque",
                           "parce", "avant", "pour", "alors", "bien", "dès", "sans", "afin", "tandis",
                           "pendant", "après", "depuis", "jusqu'à", "à", "de", "moins", "ce", "sorte",
                           "ainsi", "tel", "telle", "plutôt", "outre", "quel", "quelle", "quels",
                           "quelles", "quoi"})  # the word before que in "à ce que", "quelle que soit"
CLAUSE_OPENERS = frozenset({"si", "s'", "s’", "quand", "lorsque", "lorsqu'", "lorsqu’", "comme", "puisque",
                            "parce", "afin", "tandis", "quoique"})
QUE = frozenset({"que", "qu'", "qu’"})
PASSIVE_SUBJECT_ACTS = False  # an agentless passive ("TikTok a été sanctionné") is optional in the gold convention
CONDITIONAL_ENDINGS = ("aient", "ait", "ais", "ions", "iez")
INFINITIVE_ENDINGS = ("er", "ir", "re")
ENTRY_DROPPED = frozenset({"l", "le", "la", "les", "un", "une", "des", "du", "se", "s", "son", "sa",
                           "ses", "leur"})


def verb_lemma(token: Token) -> str:
    """The lemma, mended where the lemmatiser returns a verb form that is also a noun ("conteste")."""
    lemma = token.lemma_.lower()
    if (token.pos_ in ("VERB", "AUX") and lemma == token.lower_ and lemma.endswith("e")
            and "Inf" not in token.morph.get("VerbForm")):
        return lemma + "r"
    return lemma


def register_extensions() -> None:
    """`token._.claim_lemma` lets claims.jsonl patterns see the mended lemma; registered once."""
    if not Token.has_extension("claim_lemma"):
        Token.set_extension("claim_lemma", getter=verb_lemma)


def entry_key(entry: str) -> str:
    """A word-list entry as `signatures` spells it: "s'apprêter à" → "apprêter à"."""
    words = [w for w in re.split(r"[\s'’]+", entry.lower()) if w]
    words = ["de" if w == "d" else "que" if w == "qu" else w for w in words]
    return " ".join(w for w in words if w not in ENTRY_DROPPED)


def signatures(token: Token) -> set[str]:
    """Every way a word-list entry can name this predicate: "prévoir", "prévoir de", "être obligé de"."""
    lemma = verb_lemma(token)
    heads = {lemma}
    if any(c.dep_ in ("cop", "aux:pass") and c.lemma_ == "être" for c in token.children):
        heads |= {f"être {token.lower_}", f"être {lemma}"}
    tails = {""}
    for child in token.children:
        if child.dep_ in COMPLEMENT_DEPS:
            tails |= complement_words(child)
    return {f"{head} {tail}".strip() for head in heads for tail in tails}


def complement_words(child: Token) -> set[str]:
    """How a complement shows in an entry: its preposition, "que", its noun, or "faire" for a bare infinitive."""
    marks = {entry_key(g.text) for g in child.children if g.dep_ in ("mark", "case") and g.i < child.i}
    words = {m for m in marks if m}
    if child.dep_ == "obj":
        words.add("que" if child.lower_ in ("que", "qu'", "qu’") else verb_lemma(child))
    if "Inf" in child.morph.get("VerbForm") and not words:
        words.add("faire")
    return words


def chain(token: Token) -> list[Token]:
    """The predicate and the infinitives it governs: "va devoir poursuivre", "a fait savoir"."""
    tokens = [token]
    for c in token.children:
        if c.dep_ == "xcomp" and infinitive(c):
            tokens += chain(c)
    return tokens


def infinitive(token: Token) -> bool:
    """A verb, or an infinitive the tagger took for a noun ("va licencier")."""
    return token.pos_ in ("VERB", "AUX") or token.pos_ == "NOUN" and token.lower_.endswith(INFINITIVE_ENDINGS)


def verb_group(token: Token) -> list[Token]:
    """The predicate, its auxiliaries and copula, and a verb the parser hung before it ("a fait | savoir")."""
    group = [token]
    for c in token.children:
        if c.dep_.startswith("aux") or c.dep_ == "cop":
            group.append(c)
        elif c.dep_ == "dep" and c.i < token.i and c.pos_ in ("VERB", "AUX"):
            group += verb_group(c)
    return group


def auxiliaries(token: Token) -> list[Token]:
    return verb_group(token)[1:]


def finite(token: Token) -> bool:
    """A conjugated predicate: the verb or its auxiliary or copula is finite.

    A verb the tagger left without any VerbForm ("reproche", also a noun) counts as finite.
    """
    group = verb_group(token)
    return (any("Fin" in t.morph.get("VerbForm") for t in group)
            or token.pos_ == "VERB" and len(group) == 1 and not token.morph.get("VerbForm"))


def passive(token: Token) -> bool:
    """A passive has its être auxiliary (Voice=Pass alone is unreliable: "n'a pas répondu")."""
    return any(t.dep_ == "aux:pass" for t in auxiliaries(token))


def subjects(token: Token) -> list[Token]:
    """The subjects of a predicate, also those the parser hung on its auxiliary."""
    return [c for verb in verb_group(token) for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]


def relative(token: Token) -> bool:
    """A relative pronoun or adverb: qui, que, dont, où, lorsqu'…"""
    return "Rel" in token.morph.get("PronType") or token.lower_ in RELATIVE_WORDS


def subordinated(token: Token) -> bool:
    """Introduced by a conjunction ("si", "comme", "lorsqu'", "que") or a preposition ("pour", "après")."""
    return any(c.dep_ == "mark" or c.pos_ == "SCONJ" or relative(c) and c.dep_ == "advmod"
               for c in token.children if c.i < token.i) or opened_by_conjunction(token)


def opened_by_conjunction(token: Token) -> bool:
    """ "si Bruxelles tardait": a subordinating word, first in the clause, that the parser hung on the subject."""
    first = next((t for t in token.subtree if t.dep_ not in ("cc", "punct")), token)
    return first.i < token.i and first.lower_ in CLAUSE_OPENERS


def introduced_by_relative(token: Token) -> bool:
    """The clause opens with a relative word ("qui a signé", "qu'il contrôle")."""
    return any(relative(t) for t in token.subtree if t.i < token.i)


def is_main(token: Token) -> bool:
    """A main clause, also where the parser hung one on a neighbour (see the module docstring)."""
    dep = token.dep_
    if dep in ("ROOT", "parataxis"):
        return True
    if dep == "conj":
        if token.head.i != token.i and is_main(token.head):
            return not plain_que(token)  # "… et que Pékin disposait": reported by the verb before
        own = [s for s in subjects(token) if not relative(s)]
        comma = any(c.dep_ == "cc" and c.i > 0 and token.doc[c.i - 1].text == "," for c in token.children)
        return token.head.dep_ == "acl:relcl" and bool(own) and comma and not introduced_by_relative(token)
    if not finite(token) or subordinated(token):
        return False
    if dep == "advcl":
        return not plain_que(token)
    if dep == "acl:relcl":
        return not introduced_by_relative(token)  # "selon Washington, Pékin pourrait …" read as a relative
    if dep == "dep" and token.i < token.head.i and token.head.pos_ in ("VERB", "AUX"):
        return False  # "a fait | savoir": part of the next verb's group
    if dep in ("dep", "acl", "ccomp") and not que_clause(token):
        # a sentence after a quotation or a colon hung on the one before; a finite verb hung on
        # its own subject ("Bruxelles | prévoit …")
        return bool(subjects(token)) or dep == "acl" and token.head.i < token.i and token.head.pos_ in ("NOUN", "PROPN")
    return False


def predicative(token: Token) -> bool:
    """A verb, or an adjective or noun with its copula or auxiliary: something a clause can assert."""
    return token.pos_ in ("VERB", "AUX") or len(verb_group(token)) > 1


def child(token: Token, dep: str) -> Token | None:
    return next((c for c in token.children if c.dep_ == dep), None)


def que_clause(token: Token) -> bool:
    """A complement clause opened by que (the parser sometimes tags that que as a pronoun)."""
    return token.dep_ == "ccomp" and plain_que(token)


def plain_que(token: Token) -> bool:
    """Opened by que alone, not "avant que", "à moins que", "à ce que".

    The que may precede a subject the parser hung elsewhere ("nié que | Pékin | ait eu").
    """
    doc = token.doc
    ques = [c.i for c in token.children if c.lower_ in QUE and c.i < token.i]
    if token.left_edge.lower_ in QUE and token.left_edge.i < token.i:
        i = token.left_edge.i  # "que la mesure n'était qu'un début": que hung on the copula
    elif ques:
        i = ques[0]
    else:
        i = token.left_edge.i - 1
        while i > 0 and doc[i].pos_ in ("NOUN", "PROPN", "DET", "ADJ", "NUM") and token.left_edge.i - i < 6:
            i -= 1
        if i < 0 or doc[i].lower_ not in QUE:
            return False
    return i == 0 or doc[i - 1].lower_ not in SUBORDINATORS


def subjunctive(token: Token) -> bool:
    return any("Sub" in t.morph.get("Mood") for t in verb_group(token))


def conditional(token: Token) -> bool:
    """Mood=Cnd, or a regular conditional the tagger read as indicative ("représenteraient")."""
    for verb in verb_group(token):
        if "Cnd" in verb.morph.get("Mood"):
            return True
        lower, lemma = verb.lower_, verb_lemma(verb)
        for ending in CONDITIONAL_ENDINGS:
            stem = lower[: -len(ending)]
            if lower.endswith("r" + ending) and lemma in (stem, stem + "e"):
                return True
    return False


@dataclass(frozen=True)
class Doer:
    """Who a phrase names: an actor, or an anonymous source when actor_id is empty."""

    actor_id: str = ""
    name: str = ""

    @property
    def anonymous(self) -> bool:
        return not self.actor_id


ANONYMOUS = Doer()


@dataclass(frozen=True)
class Lexicon:
    """The word lists of models/: denial, intention, obligation and speech verbs, gazetteer genders."""

    denial: frozenset[str]
    intention: frozenset[str]
    obligation: frozenset[str]
    speech: frozenset[str]
    genders: dict[str, str] = field(default_factory=dict)
    verbs: frozenset[str] = frozenset()  # first word of each list entry: "compter" of "compter faire"

    @classmethod
    def from_rules(cls, rules) -> Lexicon:
        def keys(family):
            return frozenset(entry_key(entry) for entry in rules.wordlist(family))

        genders = {rule.data["id"]: rule.data["gender"] for rule in rules.pattern_rules("actors")
                   if "gender" in rule.data and "id" in rule.data}
        denial, intention, obligation = keys("denial_verbs"), keys("intention_verbs"), keys("obligation_verbs")
        speech = keys("speech_verbs")
        verbs = frozenset(entry.split()[0] for entry in denial | intention | obligation | speech) - {"être", "avoir"}
        return cls(denial, intention, obligation, speech, genders, verbs)


@dataclass
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


class ClaimExtractor:
    def __init__(self, nlp, rules):
        register_extensions()
        self.lexicon = Lexicon.from_rules(rules)
        self.matcher = Matcher(nlp.vocab)
        for rule in rules.pattern_rules("claims"):
            self.matcher.add(rule.data["label"], [rule.data["pattern"]])

    def extract(self, article: Article, mentions: list[Mention], quotes: list[Quote],
                dates: list[DateMention]) -> list[Claim]:
        index = MentionIndex(mentions)
        date_in = getattr(dates_stage, "date_in", None)  # written in parallel: guard until it lands
        claims, previous = [], None
        for segment in article.segments:
            if segment.doc is None:
                continue
            if segment.paragraph.kind != "heading":
                reader = ClauseReader(segment, index, quotes, self.lexicon, self.matcher, previous)
                claims += [(reader.claim(draft), reader.sentence_of(draft)) for draft in reader.drafts()]
            previous = segment
        claims.sort(key=lambda pair: (pair[0].start, pair[0].end))
        for number, (claim, sentence) in enumerate(claims, 1):
            claim.claim_id = f"{article.document.doc_id}:c{number}"
            if date_in is not None:
                claim.date = date_in(dates, *sentence) or ""
        return [claim for claim, _ in claims]


class ClauseReader:
    """The rules applied to one parsed segment; positions are token indices of its Doc."""

    def __init__(self, segment: Segment, index: MentionIndex, quotes: list[Quote],
                 lexicon: Lexicon, matcher: Matcher, previous: Segment | None):
        self.segment, self.doc, self.offset = segment, segment.doc, segment.start
        self.index, self.lexicon, self.previous = index, lexicon, previous
        end = segment.start + len(segment.text)
        self.quotes = [q for q in quotes if q.start < end and q.end > segment.start]
        self.marks: dict[str, set[int]] = {}
        self.cues: list[Span] = []
        for match_id, start, stop in matcher(self.doc):
            label = self.doc.vocab.strings[match_id]
            self.marks.setdefault(label, set()).update(range(start, stop))
            if label == "SOURCE_CUE":
                self.cues.append(self.doc[start:stop])
        self.regions = quotation_regions(self.doc)

    # --- which clauses ---------------------------------------------------------------

    def drafts(self) -> Iterator[Draft]:
        """Every claim of the segment, one per clause (a clause is read once)."""
        seen: set[int] = set()
        for token in self.doc:
            if token.i in seen:
                continue
            if is_main(token) or self.resumes(token):
                found = self.clause(token)
            elif token.dep_ == "acl:relcl" and self.propositions(token):
                found = self.relative_report(token)  # "un porte-parole de Google, qui a fait valoir que P"
            else:
                continue
            for draft in found:
                if draft.head.i not in seen:
                    seen.add(draft.head.i)
                    yield draft
        for token in self.doc:
            draft = self.misread(token)
            if draft is not None and draft.head.i not in seen:
                seen.add(draft.head.i)
                yield draft

    def clause(self, head: Token, inherited: str = "") -> Iterator[Draft]:
        """The claims one main clause gives: its reported propositions, or itself."""
        if not finite(head):
            return  # "Sanctionné par l'administration Trump, …": an adjunct, not a statement
        if self.impersonal(head) and not subjects(head):
            modality = self.lexical_modality(head)  # "il faut que TikTok vende": obligation
            for c in head.children:
                if que_clause(c):
                    yield from self.clause(c, inherited=modality)
            return
        if not self.has_doer_slot(head):
            return
        doer = self.doer(head)
        propositions = self.propositions(head)
        if propositions:
            for proposition, frame in propositions:
                yield from self.proposition(proposition, frame, doer)
            return
        if self.frames_speech(head) or self.reports_unread(head):
            return
        for participle in self.participle_frames(head):
            for proposition, frame in self.propositions(participle):
                yield from self.proposition(proposition, frame, doer)
        if doer is not None and not doer.anonymous:
            yield self.draft(head, doer, inherited=inherited)

    def misread(self, token: Token) -> Draft | None:
        """ "Le dirigeant compte rencontrer …": a verb the tagger read as a noun after its subject.

        Repaired only for a form ending in -e/-ent whose infinitive is a verb of our lists
        (compte, tente, juge, presse…), right after a noun phrase that names an actor and before
        an infinitive or a determiner; the words before are the subject.
        """
        lower = token.lower_
        if token.pos_ not in ("NOUN", "ADJ", "PROPN") or not lower.endswith(("e", "ent")) or token.i == 0:
            return None
        lemma = (lower[:-2] if lower.endswith("ent") else lower) + "r"
        if lemma not in self.lexicon.verbs or self.doc[token.i - 1].pos_ in ("DET", "ADP"):
            return None
        after = next((t for t in self.doc[token.i + 1: token.i + 4] if t.pos_ != "ADV"), None)
        if after is None or not (infinitive(after) and after.lower_.endswith(INFINITIVE_ENDINGS)
                                 or after.pos_ == "DET"):
            return None
        if after.dep_ == "xcomp" and finite(after.head):
            return None  # the parser found the finite verb after all
        words = self.words_before(token.i)
        doer = self.span_doer(words, token) if words is not None else None
        if doer is None or doer.anonymous:
            return None
        head = after if after.pos_ != "DET" else token
        draft = self.draft(head, doer)
        last = draft.last if after.pos_ != "DET" else self.clause_end(token)
        words_of = {lemma, f"{lemma} faire"}
        lexical = ("obligation" if words_of & self.lexicon.obligation else
                   "intended" if words_of & self.lexicon.intention else "")
        applies = {draft.modality: True, lexical: True}
        modality = next((m for m in MODALITY_PRECEDENCE if applies.get(m)), "asserted")
        denied = self.doc[token.i - 1].lower_ in ("ne", "n'", "n’") or lemma in self.lexicon.denial
        return Draft(words.start, last, head, doer, draft.source, "deny" if denied else draft.polarity,
                     modality, draft.quote_id, lemma)

    def clause_end(self, token: Token) -> int:
        """The last word before the next full stop, colon or semicolon, or the end of the sentence."""
        end = token.sent.end - 1
        stop = next((t.i for t in self.doc[token.i + 1: token.sent.end] if t.text in STOPS), end + 1)
        last = stop - 1
        while last > token.i and self.doc[last].is_punct:
            last -= 1
        return last

    def relative_report(self, verb: Token) -> Iterator[Draft]:
        """The propositions a relative clause reports for its antecedent."""
        reporter = self.phrase_doer(verb.head, verb)
        for proposition, frame in self.propositions(verb):
            yield from self.proposition(proposition, frame, reporter)

    def proposition(self, head: Token, frame: Token, reporter: Doer | None) -> Iterator[Draft]:
        """P of "X a déclaré que P": P's doer, else X who holds it; source X."""
        if any(s.lower_ in FIRST_PERSON for s in subjects(head)):
            return  # "Nous avons constaté …": the quotation itself
        doer = self.doer(head)
        nested = self.propositions(head)
        if nested:
            for proposition, inner in nested:
                yield from self.proposition(proposition, inner, doer)
            return
        first, last = self.extent(head)
        quote = self.quote_around(self.offset + self.doc[first].idx,
                                  self.offset + self.doc[last].idx + len(self.doc[last]))
        if quote is not None and quote.speaker_actor_id:
            reporter = Doer(quote.speaker_actor_id, quote.speaker_name)
        actor = doer if doer is not None and not doer.anonymous else reporter
        if actor is None or actor.anonymous:
            return
        denied = bool(signatures(frame) & self.lexicon.denial)
        yield self.draft(head, actor, reporter=reporter or ANONYMOUS, denied=denied)

    def has_doer_slot(self, head: Token) -> bool:
        """A subject, a passive agent, a subject shared with a coordinated verb, or one the parser hung elsewhere."""
        if subjects(head) or child(head, "obl:agent") is not None:
            return True
        if head.dep_ == "conj" and head.pos_ in ("VERB", "AUX", "ADJ") and finite(head):
            return self.has_doer_slot(head.head)
        return self.orphan_subject(head) is not None

    def propositions(self, head: Token) -> list[tuple[Token, Token]]:
        """Que-clauses reported by the predicate or its infinitive, with the verb that reports each.

        Also "X a déclaré : P", a clause after a colon hung on a speech verb.
        """
        found = []
        for verb in chain(head):
            if self.volitive(verb) or not (self.speech(verb) or self.denial(verb)):
                continue  # "prouver que", "craindre que": no report, the clause is the claim
            # the que-clause, also where the parser hung it as object, adverbial or conjunct
            candidates = list(verb.children) + [g for c in verb.children for g in c.children
                                                if g.dep_ == "conj" and c.dep_ in ("obj", "ccomp")]
            for c in candidates:
                opened = que_clause(c) or c.dep_ in ("advcl", "conj", "obj") and plain_que(c)
                reported = opened and (not subjunctive(c) or signatures(verb) & self.lexicon.denial)
                stated = (c.dep_ in ("ccomp", "advcl", "parataxis") and not plain_que(c) and c.i > verb.i
                          and self.speech(verb) and not subordinated(c) and subjects(c)
                          and self.doc[c.left_edge.i - 1].text in OPENING | {":"})  # "a expliqué : « P »"
                if (reported or stated) and predicative(c) and (c.dep_ != "obj" or c.pos_ in ("VERB", "AUX")
                                                                or child(c, "cop") is not None):
                    found.append((c, verb))
                    found += [(conj, verb) for conj in c.children if conj.dep_ == "conj"
                              and conj.pos_ in ("VERB", "AUX", "ADJ") and finite(conj)
                              and not opened_by_conjunction(conj)]
        return found

    def participle_frames(self, head: Token) -> list[Token]:
        """ "…, assurant que P": a present participle in the clause reports for its doer."""
        return [t for t in head.subtree if t.i != head.i and "Part" in t.morph.get("VerbForm")
                and "Pres" in t.morph.get("Tense") and self.doc[t.i - 1].text == ","]

    def volitive(self, verb: Token) -> bool:
        return (verb.i in self.marks.get("VOLITIVE", ())
                or bool(signatures(verb) & (self.lexicon.intention | self.lexicon.obligation)))

    def resumes(self, token: Token) -> bool:
        """ "ce qu'il a toujours nié": a relative on ce that takes up the clause before it."""
        if token.dep_ != "acl:relcl" or token.head.lower_ not in ("ce", "c'"):
            return False
        return any(not relative(s) for s in subjects(token))

    def frames_speech(self, head: Token) -> bool:
        """A speech verb with nothing to report of its own: an incise, or the verb framing a quotation."""
        if not self.speech(head) or any(que_clause(c) for c in head.children):
            return False
        if self.incise(head):
            return True
        after = [t for t in self.doc[self.extent(head)[1] + 1:][:3] if not t.is_space]
        if after and after[0].text in OPENING or len(after) > 1 and after[0].text == ":" and after[1].text in OPENING:
            return True  # "a expliqué lors d'une conférence de presse : « … »"
        if self.has_complement(head):
            return False
        if after and after[0].text == ":":
            return True
        sentence = head.sent
        return self.region_of(head.i) is None and any(
            sentence.start <= r[0] < sentence.end and quoted_words(self.doc, r) >= 5 for r in self.regions)

    def reports_unread(self, head: Token) -> bool:
        """A speech verb whose que-clause the parser mangled: the report is no claim of the speaker."""
        return any(self.speech(verb) and not self.volitive(verb) and any(
            c.i > verb.i and any(m.lower_ in QUE and m.dep_ == "mark" for m in c.children) for c in verb.children)
            for verb in chain(head))

    def has_complement(self, head: Token) -> bool:
        """Something said or done: a clause, an infinitive, or an object that is no inverted subject."""
        inverted = not subjects(head) and head.dep_ != "conj"
        return any(c.dep_ in ("ccomp", "xcomp", "obl:arg") or c.dep_ == "obj" and not (inverted and c.i > head.i)
                   for c in head.children)

    def speech(self, token: Token) -> bool:
        """A speech verb (speech_verbs.txt, or a cue of this paragraph's quotes); denials say something."""
        lemma = verb_lemma(token)
        if lemma in self.lexicon.denial:
            return False
        if any(t.lemma_ == "faire" for t in verb_group(token)[1:]) or (
                token.dep_ == "xcomp" and token.head.lemma_ == "faire"):
            lemma = f"faire {lemma}"  # "a fait savoir", "fait valoir"
        return lemma in self.lexicon.speech or any(lemma == q.cue for q in self.quotes)

    def incise(self, head: Token) -> bool:
        """ "…, a indiqué l'autorité", "« … » explique une dépêche": the verb follows what it reports."""
        if any(s.i < head.i for s in subjects(head)):
            return False  # "Le PDG, Jensen Huang, a minimisé": the comma closes an apposition
        first = min(t.i for t in self.group_start(head))
        return first > head.sent.start and self.doc[first - 1].text in INCISE_BEFORE

    def group_start(self, head: Token) -> list[Token]:
        """The verb group with the clitics and ne before it ("n'a pas", "s'est")."""
        group = verb_group(head)
        group += [c for verb in list(group) for c in verb.children if c.i < head.i and (
            c.lower_ in ("ne", "n'", "n’") or c.pos_ == "PRON" and c.dep_ != "nsubj" and not relative(c))]
        return group

    def orphan_subject(self, head: Token) -> Span | None:
        """The subject the parser hung elsewhere: the words right before the verb, back to punctuation.

        When a bad sentence split cut the clause there ("…, le constructeur chinois Huawei | espère"),
        the words come from the end of the previous "sentence", which has no final punctuation.
        """
        if (head.pos_ not in ("VERB", "AUX") or head.dep_ == "conj" or not finite(head) or subjects(head)
                or any(c.dep_ in ("expl:subj", "expl") for c in head.children)):
            return None
        return self.words_before(min(t.i for t in self.group_start(head)))

    def words_before(self, end: int) -> Span | None:
        """The noun phrase that ends right before token `end`, back to punctuation or a conjunction."""
        doc = self.doc
        for _ in range(5):  # "Le groupe, qui emploie …, dont …, compte": step over relative incises
            first = end
            while (first > 0 and not doc[first - 1].is_punct and not doc[first].is_sent_start
                   and doc[first - 1].pos_ != "SCONJ" and not relative(doc[first - 1])):
                first -= 1
            if first == end and doc[end].is_sent_start and end > 0 and not doc[end - 1].is_punct:
                first = end - 1  # a sentence split without punctuation: take the end of the previous one
                while first > 0 and not doc[first - 1].is_punct:
                    first -= 1
            if first > 0 and relative(doc[first - 1]):
                commas = [t.i for t in doc[max(0, first - 30): first - 1] if t.text == ","]
                if not commas:
                    return None
                end = commas[-1]  # inside a relative incise: go on before the comma that opens it
                continue
            if first < end:
                break
            if first == 0 or doc[first - 1].text != ",":
                return None
            end = first - 1
        else:
            return None
        words = self.doc[first:end]
        if not len(words) or any(finite(t) and t.pos_ in ("VERB", "AUX") for t in words):
            return None
        return words if any(t.pos_ in ("NOUN", "PROPN") or self.mention_on(t) for t in words) else None

    # --- who does it ---------------------------------------------------------------

    def doer(self, head: Token) -> Doer | None:
        """The actor the clause's agent, subject, shared subject or orphan subject names."""
        agent = child(head, "obl:agent")
        if agent is not None:
            return self.phrase_doer(agent, head)
        found = subjects(head)
        # "Amazon est contraint de vendre": a passive with an infinitive is about what its subject does
        acts = not passive(head) or PASSIVE_SUBJECT_ACTS or any(
            c.dep_ == "xcomp" and infinitive(c) for c in head.children)
        acting = [s for s in found if s.dep_ == "nsubj" or acts]
        for subject in acting:
            doer = self.phrase_doer(subject, head)
            if doer is not None:
                return doer
        if found:
            return None
        if head.dep_ == "conj" and head.head.i != head.i:
            return self.doer(head.head)
        words = self.orphan_subject(head)
        return self.span_doer(words, head) if words is not None else None

    def span_doer(self, words: Span, head: Token) -> Doer | None:
        """The actor an orphan subject names, read from its roots; else the apposition before it.

        "Elon Musk, proche conseiller de M. Trump, | figurerait": the phrase next to the verb is
        an apposition, the subject is before its comma.
        """
        for _ in range(2):
            roots = [t for t in words if not words.start <= t.head.i < words.end or t.head.i == t.i]
            for doer in (self.phrase_doer(t, head, places=True) for t in roots):
                if doer is not None and not doer.anonymous:
                    return doer
            if words.start == 0 or self.doc[words.start - 1].text != ",":
                return None
            words = self.words_before(words.start - 1)
            if words is None:
                return None
        return None

    def phrase_doer(self, token: Token, head: Token, places: bool = False) -> Doer | None:
        """The actor a noun phrase names, a pronoun resolved, or an anonymous source.

        "je" and "nous" name no actor: the statement is the quotation itself, already a quote
        with its speaker (and the gold convention does not ask for it).
        """
        lower = token.lower_
        if lower in THIRD_PERSON:
            return None if self.impersonal(head) else self.antecedent(token, head)
        if lower in FIRST_PERSON:
            return None
        mention = self.naming_mention(token, places)  # before the part of speech: "TikTok" is tagged PRON
        if mention is not None:
            return Doer(mention.actor_id, mention.name)
        if token.pos_ == "PRON":
            return None
        if token.i in self.marks.get("ANONYMOUS_SOURCE", ()) and token.pos_ == "NOUN":
            return ANONYMOUS
        return None

    def naming_mention(self, token: Token, places: bool = False) -> Mention | None:
        """The mention that names a phrase: on its head, beside it, or after de of an agent noun.

        Ranked: named before descriptions, then on the head; in apposition, coordination or as a
        bare modifier; a person's name after a comma deeper in the phrase ("le ministre chargé du
        numérique, Jean-Noël Barrot"); after de of an agent noun ("le gouvernement de Trump").
        A place acts only where the actor stage typed it GOV, or as a subject the parser lost
        (`places`): the actor stage could not see that verb.
        """
        candidates = []
        mention = self.mention_on(token)
        if mention is not None and (places or mention.type not in INACTIVE_TYPES):
            candidates.append((0, mention))
        for c in token.children:
            case = case_of(c)
            if c.dep_ in NAMING_DEPS and case in NAMING_CASES:
                tier = 1
            elif c.dep_ == "nmod" and case == "de" and token.i in self.marks.get("AGENT_HEAD", ()):
                tier = 3
            else:
                continue
            mention = self.mention_on(c)
            if mention is not None and (tier == 3 or mention.type not in INACTIVE_TYPES):
                candidates.append((tier, mention))
        for t in token.subtree:
            if t.i > token.i and self.doc[t.i - 1].text == ",":
                mention = self.mention_on(t)
                if mention is not None and mention.type == "PER":
                    candidates.append((2, mention))
        if not candidates:
            return None
        return min(candidates, key=lambda tm: (tm[1].method in DESCRIPTIVE_METHODS, tm[0], tm[1].start))[1]

    def mention_on(self, token: Token) -> Mention | None:
        start = self.offset + token.idx
        return self.index.covering(start, start + len(token.text))

    def impersonal(self, head: Token) -> bool:
        """ "il faut", "il s'agit", "il y a", "il est possible de": the subject il is no one."""
        if any(c.dep_ in ("expl:subj", "expl") for c in head.children):
            return True
        if any(t.i in self.marks.get("IMPERSONAL", ()) for t in chain(head)):
            return True
        if any(c.lower_ == "y" for c in head.children):
            return True
        return head.pos_ in ("ADJ", "NOUN") and any(c.dep_ in ("csubj", "ccomp", "xcomp") for c in head.children)

    def antecedent(self, pronoun: Token, head: Token) -> Doer | None:
        """The latest actor before the pronoun, from the previous sentence on, that can be it.

        It must act (PER, ORG, GOV, MEDIA), lie outside the pronoun's own clause, agree in
        gender and number where known, and be a core argument (subject, object, agent) of
        its clause: a noun deep in another phrase ("accès à Pékin") is rarely taken up by il.
        """
        gender, number = THIRD_PERSON[pronoun.lower_]
        own = (self.offset + head.left_edge.idx, self.offset + head.right_edge.idx + len(head.right_edge))
        if pronoun.dep_ not in ("nsubj", "nsubj:pass"):
            own = (0, 0)  # "selon lui" may be the clause's own subject
        window = self.window_start(pronoun)
        position = self.offset + pronoun.idx
        for mention in reversed(self.index.mentions):
            if mention.end > position or mention.start < window:
                continue
            if mention.type not in ANTECEDENT_TYPES or own[0] <= mention.start < own[1]:
                continue
            if self.agrees(mention, gender, number) and self.core(mention):
                return Doer(mention.actor_id, mention.name)
        return None

    def window_start(self, pronoun: Token) -> int:
        """Where antecedents may start: the previous sentence, in this paragraph or the one before."""
        sentences = [s for s in self.doc.sents if s.start <= pronoun.i]
        if len(sentences) >= 2:
            return self.offset + sentences[-2].start_char
        if self.previous is not None and self.previous.doc is not None:
            last = list(self.previous.doc.sents)[-1]
            return self.previous.start + last.start_char
        return self.offset

    def agrees(self, mention: Mention, gender: str, number: str) -> bool:
        """Gender and number of the mention's head noun, or the gazetteer's gender for a name."""
        head = self.mention_head(mention)
        known_gender = {"m": "Masc", "f": "Fem"}.get(self.lexicon.genders.get(mention.name, ""))
        if head is not None and head.pos_ == "NOUN":
            known_gender = next(iter(head.morph.get("Gender")), known_gender)
        if known_gender and known_gender != gender:
            return False
        plural = head is not None and "Plur" in head.morph.get("Number")
        return not (plural and number == "Sing")

    def core(self, mention: Mention) -> bool:
        """The mention heads, or names the head of, a subject, object or agent."""
        head = self.mention_head(mention)
        if head is None:
            return True  # a mention we cannot place is given the benefit of the doubt
        while head.dep_ in NAMING_DEPS and case_of(head) in NAMING_CASES and head.head.i != head.i:
            head = head.head
        return head.dep_ in CORE_DEPS

    def mention_head(self, mention: Mention) -> Token | None:
        for segment in (self.segment, self.previous):
            if segment is None or segment.doc is None:
                continue
            span = segment.doc.char_span(mention.start - segment.start, mention.end - segment.start,
                                         alignment_mode="expand")
            if span is not None and len(span):
                return span.root
        return None

    # --- what it says ------------------------------------------------------------

    def draft(self, head: Token, actor: Doer, reporter: Doer | None = None, denied: bool = False,
              inherited: str = "") -> Draft:
        first, last = self.extent(head)
        source, quote_id = self.source(head, first, last, reporter)
        polarity = "deny" if denied or self.negated(head) or self.denial(head) else "affirm"
        applies = {"reported": source is not None, "conditional": self.hedged(head),
                   self.lexical_modality(head) or inherited: True}
        modality = next((m for m in MODALITY_PRECEDENCE if applies.get(m)), "asserted")
        return Draft(first, last, head, actor, source, polarity, modality, quote_id)

    def hedged(self, head: Token) -> bool:
        """The conditional: Mood=Cnd, a regular ending, or an irregular form of claims.jsonl."""
        return conditional(head) or any(t.i in self.marks.get("CONDITIONAL", ()) for t in verb_group(head))

    def lexical_modality(self, head: Token) -> str:
        words = set().union(*(signatures(verb) for verb in chain(head)))
        if words & self.lexicon.obligation:
            return "obligation"
        if words & self.lexicon.intention:
            return "intended"
        return ""

    def negated(self, head: Token) -> bool:
        """ne with pas / plus / jamais / aucun … on the predicate ("ne … que" is no negation)."""
        group = verb_group(head)
        if not any(c.lower_ in ("ne", "n'", "n’") for verb in group for c in verb.children):
            return False
        negations = self.marks.get("NEGATION", set())
        return any(t.i in negations and (t.head in group or t.head.head in group) for t in head.subtree)

    def denial(self, head: Token) -> bool:
        return bool(signatures(head) & self.lexicon.denial)

    def predicate(self, head: Token) -> str:
        """The main verb's lemma; after aller / venir de, the infinitive; être for an adjective."""
        if head.i in self.marks.get("PERIPHRASTIC", ()):
            verb = child(head, "xcomp")
            if verb is not None and infinitive(verb):
                return self.predicate(verb) if verb.pos_ != "NOUN" else verb.lower_
        if head.pos_ in ("VERB", "AUX"):
            return verb_lemma(head)
        copula = next((c for c in head.children if c.dep_ == "cop"), None)
        if copula is not None:
            return verb_lemma(copula)
        verb = next((c for c in head.children if c.dep_ == "xcomp" and infinitive(c)), None)
        return self.predicate(verb) if verb is not None else verb_lemma(head)  # "avait | d' | abord proposé"

    def source(self, head: Token, first: int, last: int,
               reporter: Doer | None) -> tuple[Doer | None, str]:
        """Who reports the clause, first that applies: cue, quote, reporter, anonymous quote, incise.

        The quote stage is the better judge of a speaker ("Il a précisé que …"), so a quote with a
        speaker comes before the reporter this stage resolved itself.
        """
        start = self.offset + self.doc[first].idx
        end = self.offset + self.doc[last].idx + len(self.doc[last])
        quote = self.quote_around(start, end)
        quote_id = quote.quote_id if quote is not None else ""
        cue = self.cue_source(head, first, last)
        if cue is not None:
            return cue, quote_id or self.cue_quote(start, end, cue)
        if quote is not None and quote.speaker_actor_id:
            return Doer(quote.speaker_actor_id, quote.speaker_name), quote_id
        if reporter is not None:
            return reporter, quote_id
        if quote is not None:
            return ANONYMOUS, quote_id
        return self.incise_source(head, last), ""

    def cue_source(self, head: Token, first: int, last: int) -> Doer | None:
        """A selon / d'après phrase attached to the clause, or right before or after it."""
        verbs = chain(head)
        sentence = head.sent
        for cue in self.cues:
            if not sentence.start <= cue.start < sentence.end:
                continue
            phrase = cue[0].head if cue[0].dep_ in ("case", "fixed", "mark") else cue[-1]
            if phrase.dep_ == "fixed":
                phrase = phrase.head.head
            attached = (phrase.head in verbs and not any(t.text in STOPS for t in self.doc[last + 1: cue.start])
                        or first <= cue.start <= last)
            before = sentence.start <= phrase.right_edge.i < first and all(
                t.is_punct for t in self.doc[phrase.right_edge.i + 1: first])
            after = cue.start > last and all(t.text == "," for t in self.doc[last + 1: cue.start])
            if not (attached or before or after):
                continue
            doer = self.phrase_doer(phrase, head)
            if doer is not None:
                return doer
        return None

    def cue_quote(self, start: int, end: int, source: Doer) -> str:
        """The indirect quote a cue gave the quotes stage, when it overlaps the claim."""
        for quote in self.quotes:
            if (quote.kind == "indirect" and quote.start < end and quote.end > start
                    and quote.speaker_actor_id == source.actor_id):
                return quote.quote_id
        return ""

    def quote_around(self, start: int, end: int) -> Quote | None:
        """The innermost quote whose span holds [start, end)."""
        around = [q for q in self.quotes if q.start <= start and end <= q.end]
        return min(around, key=lambda q: q.end - q.start, default=None)

    def incise_source(self, head: Token, last: int) -> Doer | None:
        """ "P, a indiqué l'autorité": a speech incise later in the sentence reports P."""
        for token in head.sent:
            if token.i <= last or not is_main(token) or not self.speech(token):
                continue
            if self.incise(token) and not any(que_clause(c) for c in token.children):
                # the subject, or the inverted subject the parser read as object or complement
                after = [c for c in token.children if c.i > token.i and c.pos_ in ("NOUN", "PROPN")]
                ranked = subjects(token) + sorted(after, key=lambda c: c.dep_ != "obj")
                for doer in (self.phrase_doer(c, token) for c in ranked):
                    if doer is not None:
                        return doer
        return None

    # --- where it is -------------------------------------------------------------

    def extent(self, head: Token) -> tuple[int, int]:
        """The clause from its subject to its end, without detached clauses, trailing punctuation or cue."""
        kept = self.kept(head)
        last = max(kept)
        region = self.region_of(head.i)
        for i in range(head.i + 1, last + 1):
            token = self.doc[i]
            if token.text in STOPS or token.is_sent_start or (region and i == region[1]):
                last = i - 1
                break
        first = self.start_of(head, kept)
        for i in range(head.i - 1, first - 1, -1):
            if self.doc[i].text in STOPS:
                first = i + 1
                break
        for cue in self.cues:
            if head.i < cue.start <= last and self.doc[cue.start - 1].text == ",":
                last = cue.start - 2
        while last > first and self.doc[last].is_punct and not self.closes_inside(last, first):
            last -= 1
        while first < last and (self.doc[first].is_punct and self.doc[first].text not in OPENING
                                or self.doc[first].dep_ == "cc"):
            first += 1
        return first, last

    def start_of(self, head: Token, kept: set[int]) -> int:
        """The subject's first word; the clause taken up by "ce que"; the split-off subject."""
        if self.resumes(head):
            ce = head.head
            before = [t.i for t in self.doc[head.sent.start: ce.i - 1] if t.text in (",",) or t.text in STOPS]
            return before[-1] + 1 if before else head.sent.start
        before = [s.left_edge.i for s in subjects(head) if s.i < head.i]
        if before:
            return min(before)
        words = self.orphan_subject(head)
        if words is not None and child(head, "obl:agent") is None:
            return words.start
        return min(i for i in kept if i >= head.sent.start)

    def kept(self, head: Token) -> set[int]:
        """The head and its dependents, less punctuation, coordinated clauses and detached clauses on the right."""
        kept = {head.i}
        stack = [head]
        while stack:
            token = stack.pop()
            for c in token.children:
                if c.dep_ in ("punct", "parataxis") or (token.i == head.i and c.dep_ == "cc"):
                    continue
                if c.dep_ == "conj" and token.i == head.i and self.separate(c):
                    continue
                if c.i > head.i and c.left_edge.i > 0 and self.doc[c.left_edge.i - 1].text in DETACHED_AFTER \
                        and (c.dep_ in ("advcl", "acl", "acl:relcl", "appos", "conj", "dep") or c.lower_ == "ce"):
                    continue
                kept.add(c.i)
                stack.append(c)
        return kept

    def separate(self, conj: Token) -> bool:
        """A coordinated verb that is a claim of its own (own subject, or finite with a shared one)."""
        return conj.pos_ in ("VERB", "AUX") and (finite(conj) or child(conj, "nsubj") is not None)

    def closes_inside(self, i: int, first: int) -> bool:
        """A closing quotation mark whose opening one is in the claim: keep it."""
        if self.doc[i].text not in CLOSING and self.doc[i].text != '"':
            return False
        return any(self.doc[j].text in OPENING or self.doc[j].text == '"' for j in range(first, i))

    def region_of(self, i: int) -> tuple[int, int] | None:
        return next((r for r in self.regions if r[0] < i < r[1]), None)

    # --- the record ----------------------------------------------------------------

    def claim(self, draft: Draft) -> Claim:
        first, last = self.doc[draft.first], self.doc[draft.last]
        start, end = self.offset + first.idx, self.offset + last.idx + len(last)
        source = draft.source or ANONYMOUS
        return Claim("", self.segment.paragraph.doc_id, self.segment.paragraph.paragraph,
                     self.doc.text[first.idx: last.idx + len(last)], start, end,
                     draft.actor.actor_id, draft.actor.name, draft.predicate or self.predicate(draft.head),
                     source.actor_id, source.name, draft.polarity, draft.modality, draft.quote_id)

    def sentence_of(self, draft: Draft) -> tuple[int, int]:
        """Document offsets of the sentence the claim sits in, cut at full stops inside quotations."""
        sentence = self.doc[draft.first].sent
        start, end = sentence.start, sentence.end
        for i in range(draft.first - 1, sentence.start - 1, -1):
            if self.doc[i].text in STOPS:
                start = i + 1
                break
        for i in range(draft.last + 1, sentence.end):
            if self.doc[i].text in STOPS:
                end = i + 1
                break
        span = self.doc[start:end]
        return self.offset + span.start_char, self.offset + span.end_char


def quoted_words(doc: Doc, region: tuple[int, int]) -> int:
    return sum(1 for t in doc[region[0] + 1: region[1]] if not t.is_space and not t.is_punct)


def case_of(token: Token) -> str:
    """The preposition of a nominal ("de" for du / des), empty if none."""
    for c in token.children:
        if c.dep_ == "case" and c.i < token.i:
            return "de" if c.lemma_ in ("de", "du", "des", "d'", "d’") else c.lemma_.lower()
    return ""


def quotation_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token index pairs (opening mark, closing mark) of the quotations of a Doc."""
    regions, opened, straight = [], None, None
    for token in doc:
        if token.text in OPENING and opened is None:
            opened = token.i
        elif token.text in CLOSING and opened is not None:
            regions.append((opened, token.i))
            opened = None
        elif token.text == '"':
            if straight is None:
                straight = token.i
            else:
                regions.append((straight, token.i))
                straight = None
    return regions
