"""Clauses: what the claims rules read beyond `pipeline.fr.syntax`, and the repairs of a bad parse.

Signatures of a predicate for the word lists, the doer and draft records, the lexicon. `Repairs`
(mixed into `ClauseReader`) mends what fr_core_news_md gets wrong, positionally:

- a verb form read as a noun, adjective or adverb ("juge", "conteste", "dément"), or a verb hung
  inside a noun phrase ("Uber | compte contester"), whose infinitive is in a word list, before
  an infinitive, a determiner or que (`misread`): its subject is the noun phrase before it, over
  comma-delimited incises — relative (", qui …,"), participial (", présidée par …,"), adverbial
  or prepositional (", de son côté,") — and after et the subject of the verb before; before
  que, the claim is the reported proposition, held by its doer or the reporter;
- a present the tagger called a participle ("Le régulateur reproche"), a name read as an
  expletive subject ("Google | compte"), a hyphen inside a word ("start-up") taken for a phrase
  boundary;
- a main verb hung on the relative incise before it (`after_relative_incise`, `incise_antecedent`),
  a reflexive s' taken for si ("s'est dit"), the focus of a cleft "c'est X qui V" (`cleft_focus`);
- a present read as a noun between its subject and object (`noun_predicate`), an apposition read
  as a verb (`misread_apposition`), a finite verb coordinated with an infinitive or with a
  que-clause it disagrees with in number (`infinitive_conjunct`), an infinitive complement made
  the root (`stranded_complement`);
- the extent of a clause (from its fronted adjuncts and subject to its end, less detached clauses
  on the right but with a trailing participle that reports nothing), and the antecedent of a
  third-person pronoun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from pipeline.actors.names import Gazetteer
from pipeline.fr.marks import CLOSING, OPENING
from pipeline.fr.syntax import (
    DETACHED_AFTER, INCISE_BEFORE, QUE, STOPS, THIRD_PERSON, TONIC, breaks, case_of, child, cleft_focus,
    finite, infinitive_form, is_main, plain_que, que_clause, relative, subjects, verb_group,
)
from pipeline.records import Mention


MODALITY_PRECEDENCE = ("reported", "conditional", "obligation", "intended")
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
APPEAL_NOUNS = frozenset({"justice", "appel", "cassation"})  # "contester en justice": an act, not a denial
COURT_NOUNS = frozenset({"tribunal", "cour", "juge", "justice", "juridiction", "conseil", "cjue"})
OWN_INSTITUTIONS = frozenset({"gouvernement", "état", "exécutif", "parlement", "justice"})
# ^ "le gouvernement veut …": a description that names an institution of its own, never a recent actor
FRONTED_DEPS = frozenset({"obl:mod", "obl", "obl:arg", "advmod", "advcl", "nmod", "acl"})  # before the subject
DASHES = frozenset({"-", "—", "–"})
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
    if any(c.dep_ in ("cop", "aux:pass") and c.lemma_ == "être" for c in token.children):
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

    @property
    def anonymous(self) -> bool:
        return not self.actor_id and not self.undecided


ANONYMOUS = Doer()
UNDECIDED = Doer(undecided=True)  # a description the rules cannot resolve: the claim, with no actor


@dataclass(frozen=True)
class Lexicon:
    """The word lists of models/: denial, intention, obligation and speech verbs, gazetteer genders."""

    denial: frozenset[str]
    intention: frozenset[str]
    obligation: frozenset[str]
    speech: frozenset[str]
    genders: dict[str, str] = field(default_factory=dict)
    verbs: frozenset[str] = frozenset()  # first word of each list entry: "compter" of "compter faire"
    kinds: dict[str, str] = field(default_factory=dict)  # gazetteer kind of an actor: Free → telecom
    affiliations: dict[str, str] = field(default_factory=dict)  # a person's organisation: Mark Zuckerberg → Meta
    reflexive_speech: frozenset[str] = frozenset()  # speech verbs listed with se: "se défendre", "s'inquiéter"

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
        return cls(denial, intention, obligation, speech, genders, verbs, kinds, affiliations, reflexive)

    def denier(self, lemma: str) -> bool:
        """A verb of denial_verbs.txt, bare ("nier") or only with its complements ("contester que")."""
        return any(entry.split()[0] == lemma for entry in self.denial)


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


class Repairs:
    """Parse repairs and clause extents, mixed into `pipeline.claims.ClauseReader` (which provides
    doc, lexicon, marks, regions, cues and the doer / draft methods)."""

    def misread(self, token: Token) -> Draft | None:
        """ "Le dirigeant compte rencontrer", "La CNIL, présidée par …, juge que P": a verb the tagger misread.

        A form whose infinitive is a verb of our lists (`misread_lemma`), after its subject and before
        an infinitive, a determiner (its object) or que. The subject is the noun phrase before it,
        over comma-delimited incises (`words_before`); after et, the subject of the verb before.
        Before que, the claim is the reported proposition (`misread_report`).
        """
        lemma = self.misread_lemma(token)
        if not lemma:
            return None
        after = next((t for t in self.doc[token.i + 1: token.i + 4] if t.pos_ != "ADV"), None)
        if after is None or not (infinitive_form(after) or after.pos_ == "DET" or after.lower_ in QUE):
            return None
        if after.dep_ == "xcomp" and finite(after.head) and after.head.i != token.i:
            return None  # the parser found the finite verb after all
        first, doer = self.misread_subject(token)
        if doer is None or doer.anonymous:
            return None
        if after.lower_ in QUE:
            return self.misread_report(token, after, lemma, doer)
        head = after if after.pos_ != "DET" else token
        draft = self.draft(head, doer)
        last = draft.last if after.pos_ != "DET" else self.clause_end(token)
        words_of = {lemma, f"{lemma} faire"}
        lexical = ("obligation" if words_of & self.lexicon.obligation else
                   "intended" if words_of & self.lexicon.intention else "")
        applies = {draft.modality: True, lexical: True}
        modality = next((m for m in MODALITY_PRECEDENCE if applies.get(m)), "asserted")
        obj = after.head if after.pos_ == "DET" else after
        denied = self.doc[token.i - 1].lower_ in ("ne", "n'", "n’") or self.denies(lemma, obj, token)
        return Draft(first, last, head, doer, draft.source, "deny" if denied else "affirm",
                     modality, draft.quote_id, lemma)

    def misread_lemma(self, token: Token) -> str:
        """The infinitive of a verb form read as a noun, adjective or adverb ("juge", "conteste",
        "dément"), or of a verb the parser hung inside a noun phrase ("Uber | compte contester"),
        when a word list has it; else ""."""
        lower = token.lower_
        if token.i == 0 or self.doc[token.i - 1].pos_ in ("DET", "ADP"):
            return ""
        hung = token.pos_ == "VERB" and token.dep_ in HUNG_DEPS and token.head.i < token.i
        if not hung and not (token.pos_ in MISREAD_POS and lower.endswith(("e", "ent", "t"))):
            return ""
        return token._.lemma if token._.lemma in self.lexicon.verbs else ""

    def misread_subject(self, token: Token) -> tuple[int, Doer | None]:
        """Where the subject of a misread verb starts, and whom it names.

        "… dénonce une mesure et conteste que P": after a coordinating word, the verb before shares
        its subject with this one (the claim then starts at the misread verb).
        """
        before = next((t for t in reversed(self.doc[token.sent.start: token.i]) if t.pos_ != "ADV"), None)
        if before is not None and before.pos_ == "CCONJ" and before.lower_ in ("et", "puis", "mais"):
            verbal = token.dep_ == "conj" and token.head.i < token.i and token.head.pos_ in ("VERB", "AUX")
            shared = token.head if verbal else next(
                (t for t in reversed(self.doc[token.sent.start: before.i]) if t.pos_ in ("VERB", "AUX")
                 and finite(t)), None)
            return token.i, (self.doer(shared) if shared is not None else None)
        words = self.words_before(token.i)
        if words is None:
            return token.i, None
        return words.start, self.span_doer(words, token)

    def misread_report(self, token: Token, que: Token, lemma: str, reporter: Doer) -> Draft | None:
        """ "X juge que P" with juge misread: P is the claim, its doer else X; source X."""
        last = self.clause_end(token)
        words = self.doc[que.i + 1: last + 1]
        verbs = [t for t in words if t.pos_ in ("VERB", "AUX")]
        head = next((t for t in verbs if not (que.i < t.head.i <= last and t.head.pos_ in ("VERB", "AUX"))),
                    verbs[0] if verbs else None)
        if head is None:
            return None
        if head.dep_ == "cop" or head.dep_.startswith("aux"):  # "que ses produits | soient moins sûrs"
            head = head.head
        if not finite(head):  # "que refuser les cookies | doit être …": the finite verb is the predicate
            head = next((t for t in verbs if finite(t) and head.i < t.i and t in head.subtree), head)
        volitive = {lemma, f"{lemma} que"} & (self.lexicon.intention | self.lexicon.obligation)
        if volitive or not (lemma in self.lexicon.speech or self.lexicon.denier(lemma)):
            return None  # "souhaite que P": the wish is the holder's own claim (see `clause`)
        actor = self.holder(head, reporter)
        draft = self.draft(head, actor, reporter=reporter,
                           denied=bool({lemma, f"{lemma} que"} & self.lexicon.denial))
        return Draft(que.i + 1, max(draft.last, head.i), head, actor, draft.source, draft.polarity,
                     draft.modality, draft.quote_id)

    def clause_end(self, token: Token) -> int:
        """The last word before the next full stop, colon or semicolon, or the end of the sentence."""
        end = token.sent.end - 1
        stop = next((t.i for t in self.doc[token.i + 1: token.sent.end] if t.text in STOPS), end + 1)
        last = stop - 1
        while last > token.i and self.doc[last].is_punct:
            last -= 1
        return last

    def incise(self, head: Token) -> bool:
        """ "…, a indiqué l'autorité", "« … » explique une dépêche": the verb follows what it reports."""
        if any(s.i < head.i for s in subjects(head)):
            return False  # "Le PDG, Jensen Huang, a minimisé": the comma closes an apposition
        if self.orphan_subject(head) is not None or self.apposition_subject(head) is not None:
            return False  # "ZTE, de son côté, dénonce": the comma closes an incise after the subject
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
                or any(c.dep_ in ("expl:subj", "expl") and c.pos_ == "PRON" for c in head.children)):
            return None
        return self.words_before(min(t.i for t in self.group_start(head)))

    def words_before(self, end: int) -> Span | None:
        """The noun phrase that ends right before token `end`, back to punctuation or a conjunction."""
        doc = self.doc
        for _ in range(5):  # "Le groupe, qui emploie …, dont …, compte": step over relative incises
            first = end
            while (first > 0 and not breaks(doc[first - 1]) and not doc[first].is_sent_start
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
            if first < end and not (first > 1 and doc[first - 1].text == "," and self.incidental(doc[first:end])):
                break
            if first == 0 or doc[first - 1].text != ",":
                return None
            end = first - 1
        else:
            return None
        words = self.doc[first:end]
        if not len(words) or any(finite(t) and t.pos_ in ("VERB", "AUX") and not self.mention_on(t) for t in words):
            return None  # a name the tagger read as a verb ("Le fabricant Xiaomi | dément") is no verb
        return words if any(t.pos_ in ("NOUN", "PROPN") or self.mention_on(t) for t in words) else None

    @staticmethod
    def incidental(words: Span) -> bool:
        """A comma-delimited incise between a subject and its verb: ", de son côté,", ", présidée par
        X,", ", lui,". An apposition (", Jensen Huang,", ", le patron de X,") is not one."""
        first = words[0]
        return (first.pos_ in INCISE_OPENERS or first.lower_ in TONIC and len(words) <= 2
                or first.pos_ in ("VERB", "AUX") and "Part" in first.morph.get("VerbForm"))

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
        for i in range(head.i + 1, last + 1):
            if self.doc[i].dep_ == "conj" and self.doc[i].head.i != head.i and self.misread_lemma(self.doc[i]):
                last = i - 2 if self.doc[i - 1].pos_ == "CCONJ" else i - 1  # "… un barème | et compte …"
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
        if last + 1 < len(self.doc) and self.doc[last + 1].text in CLOSING and self.closes_inside(last + 1, first):
            last += 1  # "dénonçant une décision « injuste »": the mark that closes a quotation the claim opens
        while first < last and (self.doc[first].is_punct and self.doc[first].text not in OPENING
                                or self.doc[first].dep_ == "cc"):
            first += 1
        return first, last

    def start_of(self, head: Token, kept: set[int]) -> int:
        """The subject's first word; the clause taken up by "ce que"; the split-off subject."""
        if self.resumes(head):
            ce = head.head
            before = [t.i for t in self.doc[head.sent.start: ce.i - 1] if t.text in (",",) or t.text in STOPS]
            start = before[-1] + 1 if before else head.sent.start
            # the clause taken up, from its verb on ("interdisent à ASML …, ce que La Haye a refusé"):
            # the nearest finite verb before ce, read positionally (the parser hangs ce anywhere)
            verb = next((t for t in reversed(self.doc[start: ce.i - 1])
                         if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "aux:tense", "aux:pass", "cop")
                         and finite(t) and not relative(t)), None)
            return min(t.i for t in self.group_start(verb)) if verb is not None else start
        focus = cleft_focus(head)
        if focus is not None:  # "C'est Eutelsat, qui …, qui apparaît": from the focus on
            return min([focus.i] + [c.left_edge.i for c in focus.children if c.i < focus.i
                                    and c.dep_ not in ("cop", "expl:subj", "nsubj", "advmod", "punct", "cc")])
        before = [s.left_edge.i for s in subjects(head) if s.i < head.i]
        if before:
            return self.fronted(head, min(before))
        antecedent = self.incise_antecedent(head)
        if antecedent is not None:
            return antecedent.left_edge.i
        words = self.orphan_subject(head)
        if words is not None and child(head, "obl:agent") is None:
            return self.fronted(head, words.start)
        apposed = self.apposition_subject(head)
        if apposed is not None:
            return self.fronted(head.head, apposed.left_edge.i)
        return min(i for i in kept if i >= head.sent.start)

    def incise_antecedent(self, verb: Token) -> Token | None:
        """ "Le Premier ministre, qui a appelé au calme dans les plus brefs délais, | n'a pas justifié …":
        the main verb, finite and without a subject, that the parser hung inside the relative incise
        its comma closes (an adjunct of the incise taken for its own keeps `after_relative_incise` of
        pipeline.fr.syntax from seeing it). Its subject is the antecedent of the relative; else None."""
        relative_verb = verb.head
        if (verb.pos_ not in ("VERB", "AUX") or not finite(verb) or subjects(verb) or relative_verb.i >= verb.i
                or verb.dep_ not in ("ccomp", "acl", "dep", "advcl", "xcomp", "obj", "conj")
                or any(c.dep_ in ("cc", "mark") or relative(c) for c in verb.children if c.i < verb.i)):
            return None
        if not any(relative(s) for s in subjects(relative_verb)) or relative_verb.dep_ != "acl:relcl":
            return None
        if verb.dep_ == "conj" and any(child(c, "cc") is not None for c in relative_verb.children if c.dep_ == "conj"):
            return None  # "qui a négocié, a signé et a ratifié": a list of the relative's own verbs
        antecedent = relative_verb.head
        first = min(t.i for t in self.group_start(verb))
        if antecedent.i >= relative_verb.i or first == 0 or self.doc[first - 1].text != ",":
            return None
        if any(t.text in STOPS for t in self.doc[antecedent.i: first]):
            return None
        return antecedent

    def noun_predicate(self, token: Token) -> bool:
        """ "TikTok, détenu par ByteDance | risque une amende": a present in -e / -ent the tagger read
        as a noun, with a subject before it and an object after it and no copula: a noun takes
        neither, so it is the verb of its clause."""
        if token.pos_ != "NOUN" or not token.lower_.endswith(("e", "ent")) or not token.lower_.isalpha():
            return False
        if any(c.dep_ in ("cop", "det", "case") or c.dep_.startswith("aux") for c in token.children):
            return False
        subject = any(c.dep_ == "nsubj" and c.i < token.i and c.pos_ in ("NOUN", "PROPN") for c in token.children)
        obj = any(c.dep_ == "obj" and c.i > token.i and any(g.dep_ == "det" for g in c.children)
                  for c in token.children)
        return subject and obj

    def misread_apposition(self, verb: Token) -> Token | None:
        """ "Marco Rubio, figure clé de la diplomatie américaine, a qualifié …": a lone finite verb
        parted from its subject by one comma is an apposition the tagger read as a verb ("figure",
        "membre", "porte-parole"); French puts no single comma between a subject and its verb. The
        verb after the apposition's closing comma, finite and without a subject, is the clause; else None."""
        if verb.pos_ != "VERB" or len(verb_group(verb)) > 1 or verb.i < 2 or self.doc[verb.i - 1].text != ",":
            return None
        subject = next((s for s in subjects(verb) if s.dep_ == "nsubj" and s.i < verb.i), None)
        if subject is None or subject.pos_ == "PRON" or not any(t.i == verb.i - 2 for t in subject.subtree):
            return None
        for c in verb.children:
            if (c.i > verb.i and c.dep_ in ("parataxis", "conj", "advcl", "ccomp", "dep") and c.pos_ in ("VERB", "AUX")
                    and finite(c) and not subjects(c) and not any(g.dep_ == "cc" for g in c.children)):
                first = min(t.i for t in self.group_start(c))
                if self.doc[first - 1].text == "," and not any(t.text in STOPS for t in self.doc[verb.i: first]):
                    return c
        return None

    def apposition_subject(self, verb: Token) -> Token | None:
        """The subject of the clause whose apposition was read as a verb (`misread_apposition`)."""
        head = verb.head
        if head.i == verb.i or getattr(self.misread_apposition(head), "i", None) != verb.i:
            return None
        return next(s for s in subjects(head) if s.dep_ == "nsubj" and s.i < head.i)

    def fronted(self, head: Token, first: int) -> int:
        """Where the clause starts once the adjuncts fronted before its subject are in: "Dans son
        enquête, | la Cnil a constaté", "Après avoir écopé d'une amende, | Musk a réagi" (the gold
        convention quotes the whole main clause). Not a subordinate clause with a subject of its
        own ("Si la Commission reproche …,"), a selon phrase (the source, not the claim), a dateline
        ("BRUXELLES (Reuters) -") nor anything across a full stop."""
        cues = {t.i for cue in self.cues for t in cue}
        candidates = [c for verb in verb_group(head) for c in verb.children
                      if c.i < first and c.dep_ in FRONTED_DEPS]
        while True:
            j = first - 1
            while j >= head.sent.start and self.doc[j].text == ",":
                j -= 1
            adjunct = next((c for c in candidates if c.right_edge.i == j), None)
            if adjunct is None:
                return first
            words = self.doc[adjunct.left_edge.i: adjunct.right_edge.i + 1]
            if (any(t.i in cues or t.text in STOPS or t.text in DASHES for t in words)
                    or any(subjects(t) and finite(t) for t in words if t.pos_ in ("VERB", "AUX", "ADJ", "NOUN"))
                    or adjunct.left_edge.i < head.sent.start):
                return first
            first = adjunct.left_edge.i

    def kept(self, head: Token) -> set[int]:
        """The head and its dependents, less punctuation, coordinated clauses and detached clauses on the right."""
        kept = {head.i}
        stack = [head]
        stranded = self.stranded_complement(head)
        if stranded is not None:
            kept.add(stranded.i)
            stack.append(stranded)
        while stack:
            token = stack.pop()
            for c in token.children:
                if c.dep_ in ("punct", "parataxis") or (token.i == head.i and c.dep_ == "cc"):
                    continue
                if c.i > head.i and c.pos_ == "VERB" and self.reporting_participle(c):
                    continue  # "… en estimant que P": P is a claim of its own (`participle_frames`)
                if c.i > head.i and c.pos_ == "VERB" and self.propositions(c) and self.purpose(c, head):
                    continue  # "a dû intervenir | pour assurer que P": P is a claim of its own
                if c.i == head.head.i and token.i != head.i:
                    continue  # the subject the stranded complement shares with the head
                if c.dep_ == "conj" and (token.i == head.i and self.separate(c) or self.misread_lemma(c)
                                         or self.infinitive_conjunct(c) is not None):
                    continue  # also "un barème et compte renforcer …": a misread verb hung on a noun
                if c.i > head.i and c.left_edge.i > 0 and self.doc[c.left_edge.i - 1].text in DETACHED_AFTER \
                        and (c.dep_ in ("advcl", "acl", "acl:relcl", "appos", "conj", "dep") or c.lower_ == "ce") \
                        and not self.trailing_participle(c):
                    continue
                kept.add(c.i)
                stack.append(c)
        return kept

    def trailing_participle(self, verb: Token) -> bool:
        """ ", dénonçant une décision « injuste »", ", ciblant les institutions": a present participle
        after a comma goes on with the clause (the gold convention quotes it with the clause), unless
        it reports a proposition of its own (", estimant que P": P is a claim, see `participle_frames`)."""
        return (verb.pos_ == "VERB" and "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense")
                and verb.lower_.endswith("ant") and not any(que_clause(c) or plain_que(c) for c in verb.children))

    def stranded_complement(self, head: Token) -> Token | None:
        """ "Bruxelles reproche à Apple | d'avoir empêché …": the parser hung the finite verb on its
        subject and made the infinitive after it, introduced by de or à, the root of the sentence;
        that infinitive is the verb's complement."""
        subject = head.head
        verb = subject.head
        if (head.dep_ != "acl" or subject.i > head.i or subject.dep_ not in ("nsubj", "nsubj:pass")
                or verb.i <= head.i or verb.pos_ not in ("VERB", "AUX") or finite(verb)):
            return None
        marks = [c for c in verb.children if c.dep_ == "mark" and c.i < verb.i]
        if not marks or marks[0].lower_ not in ("de", "d'", "d’", "à") or marks[0].i != head.right_edge.i + 1:
            return None
        return verb

    def infinitive_conjunct(self, verb: Token) -> Token | None:
        """ "Google assure prendre acte de la décision | et rappelle avoir …": a finite verb the parser
        coordinated with the infinitive of a main verb shares that verb's subject and is a main clause
        of its own (an infinitive cannot be coordinated with a finite verb). The main verb, else None."""
        if verb.dep_ != "conj" or verb.pos_ not in ("VERB", "AUX") or not finite(verb) or subjects(verb) or plain_que(verb):
            return None
        if "Inf" not in verb.head.morph.get("VerbForm"):
            return self.misplaced_conjunct(verb)
        owner = verb.head
        while owner.dep_ == "xcomp" and owner.head.i != owner.i and not finite(owner):
            owner = owner.head
        return owner if owner.i != verb.head.i and finite(owner) and is_main(owner) else None

    def misplaced_conjunct(self, verb: Token) -> Token | None:
        """ "Meta conteste que ses réseaux soient nocifs | et rappelle avoir lancé …": a finite verb
        without a subject, coordinated with a reported clause whose subject it disagrees with in
        number, but agreeing with the subject of the verb that reports the clause, is that verb's
        conjunct: a main clause of its own. The reporting verb, else None."""
        clause = verb.head
        if not (que_clause(clause) or plain_que(clause)) or clause.head.i == clause.i:
            return None
        owner = clause.head
        number = [n for t in verb_group(verb) for n in t.morph.get("Number")]
        inner = [n for s in subjects(clause) for n in s.morph.get("Number")]
        outer = [n for s in subjects(owner) for n in s.morph.get("Number")]
        if not number or not inner or not outer or number[0] in inner or number[0] not in outer:
            return None
        return owner if finite(owner) and is_main(owner) else None

    def separate(self, conj: Token) -> bool:
        """A coordinated verb that is a claim of its own (own subject, or finite with a shared one)."""
        return (conj.pos_ in ("VERB", "AUX") and (finite(conj) or child(conj, "nsubj") is not None)
                or bool(self.misread_lemma(conj)))  # "… et conteste que P", conteste read as a noun

    def closes_inside(self, i: int, first: int) -> bool:
        """A closing quotation mark whose opening one is in the claim: keep it."""
        if self.doc[i].text not in CLOSING and self.doc[i].text != '"':
            return False
        return any(self.doc[j].text in OPENING or self.doc[j].text == '"' for j in range(first, i))

    def region_of(self, i: int) -> tuple[int, int] | None:
        return next((r for r in self.regions if r[0] < i < r[1]), None)

    # --- pronouns and their antecedents --------------------------------------------

    def antecedent(self, pronoun: Token, head: Token, loose: bool = False) -> Doer | None:
        """The latest actor before the pronoun, from the previous sentence on, that can be it.

        It must act (PER, ORG, GOV, MEDIA), lie outside the pronoun's own clause, agree in
        gender and number where known, and be a core argument (subject, object, agent) of
        its clause: a noun deep in another phrase ("accès à Pékin") is rarely taken up by il.
        `loose`: the second chance of a que-clause whose reporter the pronoun cannot be ("l'UE a
        ouvert la voie à des sanctions contre Meta en estimant qu'il ne respectait pas …"): any
        such actor of the pronoun's own sentence, core or not.
        """
        gender, number = THIRD_PERSON[pronoun.lower_]
        own = (self.offset + head.left_edge.idx, self.offset + head.right_edge.idx + len(head.right_edge))
        if pronoun.dep_ not in ("nsubj", "nsubj:pass"):
            own = (0, 0)  # "selon lui" may be the clause's own subject
        window = self.offset + pronoun.sent.start_char if loose else self.window_start(pronoun)
        position = self.offset + pronoun.idx
        for mention in reversed(self.index.mentions):
            if mention.end > position or mention.start < window:
                continue
            if mention.type not in ANTECEDENT_TYPES or own[0] <= mention.start < own[1]:
                continue
            if self.agrees(mention, gender, number) and (loose or self.core(mention)):
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
        if head is not None and head.pos_ == "NOUN" and self.determined(head, mention):
            known_gender = next(iter(head.morph.get("Gender")), known_gender)
        if known_gender and known_gender != gender:
            return False
        plural = head is not None and "Plur" in head.morph.get("Number") and self.determined(head, mention)
        return not (plural and number == "Sing")

    @staticmethod
    def determined(head: Token, mention: Mention) -> bool:
        """The tagger's gender and number of a noun hold for a description or a name with its article
        ("la Commission"); for a bare name it tagged as a noun ("Google", "Bruxelles") they are guesses."""
        return (mention.method in DESCRIPTIVE_METHODS or head.lower_ == head.text
                or any(c.dep_ == "det" and c.lower_ in ("le", "la", "les", "un", "une", "ce", "cet", "cette", "ces")
                       for c in head.children))

    def core(self, mention: Mention) -> bool:
        """The mention heads, or names the head of, a subject, object or agent."""
        head = self.mention_head(mention)
        if head is None:
            return True  # a mention we cannot place is given the benefit of the doubt
        while head.head.i != head.i and (head.dep_ in NAMING_DEPS and case_of(head) in NAMING_CASES
                                         or self.agent_complement(head)):
            head = head.head  # also "un porte-parole du groupe a déclaré": the group speaks through it
        return head.dep_ in CORE_DEPS

    def agent_complement(self, token: Token) -> bool:
        """The de-complement of an agent noun (claims.jsonl AGENT_HEAD: "le porte-parole du groupe")."""
        if token.dep_ != "nmod" or case_of(token) != "de":
            return False
        start = self.segment.start if token.doc is self.doc else self.previous.start if self.previous else 0
        return start + token.head.idx in self.agent_heads

    def mention_head(self, mention: Mention) -> Token | None:
        for segment in (self.segment, self.previous):
            if segment is None or segment.doc is None:
                continue
            span = segment.doc.char_span(mention.start - segment.start, mention.end - segment.start,
                                         alignment_mode="expand")
            if span is not None and len(span):
                return span.root
        return None
