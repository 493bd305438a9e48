"""Claims: who asserts or does what, with its source, polarity and modality.

A claim is a clause of a new body paragraph whose doer is an actor (headings are left out: the
gold convention leaves title claims optional and the lead repeats them). A clause quoted whole
(« … ») is no claim: the quotation is already a quote with its speaker, and the convention leaves
such clauses optional; a news agency's dispatch quoted whole, with no first person, still is
(`quoted`). The rules, in the order `ClauseReader` applies them:

Clauses. A clause is a finite predicate with a subject (`nsubj`) or a passive agent
(`obl:agent`, "par X"); the agent is the doer, and a passive subject only where an infinitive
follows ("Amazon est contraint de vendre"): an agentless passive is optional in the gold
convention. Claims come from main clauses (root, parataxis, coordination) and from what the
parser mistook for something else: an unmarked finite `advcl` or `acl` (the sentences of a
long quotation, a clause after a colon), a relative with no relative word, a finite verb with
a shared subject ("… et a annoncé son intention de faire appel", its own claim; also hung on the
main verb's infinitive, "assure prendre acte … et rappelle avoir …", or on the que-clause it
disagrees with in number: `infinitive_conjunct`), "ce que X a nié", "ce que conteste Meta" (a
relative on ce: the claim is the clause it takes up, from its verb, plus the relative), a subject
the parser hung elsewhere or left at the end of a bad sentence split (`words_before`), a verb
the tagger read as a noun before its infinitive ("Le dirigeant compte rencontrer") or between its
subject and object ("TikTok, détenu par ByteDance risque une amende": `noun_predicate`), an
apposition read as a verb ("Marco Rubio, figure clé de …, a qualifié": `misread_apposition`), a
main verb hung on the relative incise before it ("Amazon, qui a payé …, s'est dit prêt", also
through an adjunct of the incise: `incise_antecedent`), and the relative of a cleft ("C'est
Eutelsat, qui …, qui apparaît comme …": the focus is the doer, the claim runs from it). Other
subordinate and relative clauses are no claims. A verb right after a quotation's closing mark
with its subject after it frames the quotation, whatever the verb ("« … », sourit le sénateur").
The words of a claim run from the adjuncts fronted before its subject ("Dans son enquête, la Cnil
a constaté", not a subordinate clause, a selon phrase or a dateline) to a trailing present
participle that reports nothing (", dénonçant une décision « injuste »").

Doer. A subject phrase names an actor when a mention covers its head word, names it in
apposition, coordination or as a bare modifier ("l'administration Biden" → Joe Biden), is a
person's name after a comma deeper in the phrase ("le ministre chargé du numérique, Jean-Noël
Barrot"), or follows de after an agent noun (claims.jsonl AGENT_HEAD: "le gouvernement de
Trump", "le collège de l'Arcom", not "la requête de la Maison Blanche" nor a single person's
office, "le patron de Free"); named mentions win over descriptions. Of two subjects the parser
gives one verb, the named one nearest it, never one inside a quotation the verb is outside of.
A place (LOC: the actor stage found no acting verb) does not act. "il/elle/ils/elles" is the
latest compatible actor before it (`antecedent`; the organisation a spokesperson speaks for
counts as a subject); an impersonal "il" is no one; "je/nous" give no claim: the statement is
the quotation itself, already a quote with its speaker. A definite singular description the
actor stage left unresolved is, first that applies: the organisation the gazetteer gives the
person of its de-complement ("le groupe de Mark Zuckerberg", when the article names it:
`affiliated`); the one person the article gave the same role words right before the name ("le
Premier ministre, Gabriel Attal": `named_role`); the one actor the article gave the same agent
noun as de-complement ("le collège de l'Arcom": `named_agent`); the latest actor of a type it fits
(descriptions.jsonl), from the previous sentence or the paragraph on, a subject before one named
in a complement (`salient`; not "le gouvernement", an institution of its own); the only actor of
its kind the article named ("l'opérateur" → the one telecom operator: `only_of_kind`). Where none
applies, the claim is kept with an empty actor (`UNDECIDED`): someone acts, the rules cannot say
who, and a wrong actor would be counted silently.

Reported propositions. "X a déclaré que P" (a speech or denial verb, or its infinitive: "a fait
savoir que"; volitive verbs excepted: what X wants is X's claim; a speech verb used with se,
"l'enquête se poursuit", unless listed so) gives one claim, P: its actor is P's doer, else X who
holds it; its source is X. So do a present participle after a comma and a gerund ("en estimant
que P"), the clause before them a claim without them; a speech verb in a purpose clause ("a dû
intervenir pour assurer que P") leaves the main clause a claim too. A speech verb with nothing of
its own to report (an incise "…, a indiqué l'autorité", the verb framing a direct quotation) is no
claim. In P, a pronoun or a description that fits X ("SFR a assuré que l'opérateur sera prêt") is X
(`holder`). A que-clause the parser lost ("a rappelé que refuser les cookies doit …") is read
from que to the end of the clause (`unread_report`). "X reproche à Y d'avoir fait P", "X accuse Y
de P" is X's act of accusing: actor X, no source (the annotators of every set read it so, seven
times out of ten).

Source, first that applies: a selon / d'après cue attached to the clause in its sentence, or "Pour
X, P" opening it (X an actor who can speak: `pour_cues`); a selon phrase closing the sentence
after a comma, where the quote stage read the same cue; the speaker of the innermost quote
holding the clause (the quote stage knows speakers best, and gives quote_id), unless the reporter
of the que-clause was read off a name or a noun the actor stage left alone (`named_reporter`);
the reporter of a que-clause; an anonymous quote; an incise later in the sentence. A law or a
place is no source (`speaks`). An anonymous source ("selon certaines sources") leaves source
empty, modality reported.

Polarity deny: ne with a NEGATION word on the main verb group ("n'est plus obligé", "n'exclut pas
de", not "ne … que"); a denial verb of the clause's own predicate that denies a proposition; or a
proposition reported by a denial verb ("TikTok nie que …"). denial_verbs.txt lists the verbs that
only ever deny bare (nier, démentir), and those that also name acts (contester, rejeter) with the
complements that make them denials: que, or a noun of accusation, finding or claim ("conteste les
accusations", "la sanction"). "contester la décision", "rejeter l'offre" are acts: affirm; so is
a denial brought before a court ("devant le Conseil d'État", "en justice": `appeal`), and a denial
verb under an intention verb ("compte contester la décision": the intention verb decides).

Modality, first that applies (MODALITY_PRECEDENCE): reported > conditional > obligation >
intended > asserted. Who vouches for a proposition comes first, since nothing else in the row
says so for an anonymous source; the journalistic conditional is the next hedge; the
obligation or intention verb stays visible in `predicate` (décider for "a décidé
d'abandonner"; after aller / venir de, the infinitive: "va devoir poursuivre" → devoir).
"""

from __future__ import annotations

import re
from typing import Iterator

from spacy.matcher import Matcher
from spacy.tokens import Span, Token

from pipeline.dates.statement import claim_date
from pipeline.claims.clauses import (
    ANONYMOUS, ANTECEDENT_TYPES, APPEAL_NOUNS, COURT_NOUNS, DESCRIBES, DESCRIBES_KIND, DESCRIPTIVE_METHODS, Doer,
    Draft, INACTIVE_TYPES, OWN_INSTITUTIONS, Lexicon, MODALITY_PRECEDENCE, NAMING_CASES, NAMING_DEPS,
    PASSIVE_SUBJECT_ACTS, UNDECIDED, Repairs, signatures,  # re-exported: the tests and word-list docs name it pipeline.claims.entry_key
)
from pipeline.fr.marks import CLOSING, OPENING, quoted_tokens
from pipeline.fr.syntax import (
    FIRST_PERSON, INFINITIVE_ENDINGS, QUE, STOPS, THIRD_PERSON, case_of, chain, child, cleft_focus, conditional,
    finite, infinitive, infinitive_form, is_main, opened_by_conjunction, passive, plain_que, predicative,
    que_clause, quoted_words, relative, subjects, subjunctive, subordinated, verb_group,
)
from pipeline.actors.link import MentionIndex
from pipeline.records import Article, Claim, DateMention, Mention, Quote, Segment


FIRST_PERSON_WORDS = frozenset({"je", "j", "nous", "notre", "nos", "mon", "ma", "mes", "moi"})
ROLE_GAP = 80  # characters of complement between a role and the name it is given ("chargée du numérique, ")
ROLE_GAP_BREAKS = re.compile(r"[.;:!?«»()\"“”,]| qui | que | qu'| dont ")
ROLE_NOUN = "ROLE_NOUN"  # matcher label: a role noun of cues.jsonl ("le Premier ministre", "la secrétaire d'État")


class ClaimExtractor:
    def __init__(self, nlp, rules):
        self.lexicon = Lexicon.from_rules(rules)
        self.matcher = Matcher(nlp.vocab)
        for rule in rules.pattern_rules("claims"):
            self.matcher.add(rule.data["label"], [rule.data["pattern"]])
        for rule in rules.pattern_rules("cues"):  # selon / d'après: one list for quotes and claims
            if rule.data["label"] == "SELON":
                self.matcher.add("SOURCE_CUE", [rule.data["pattern"]])
            elif rule.data["label"] == "ROLE":  # a person's office: "le Premier ministre", "la rapporteure"
                self.matcher.add(ROLE_NOUN, [rule.data["pattern"]])
        for rule in rules.pattern_rules("descriptions"):  # "le groupe", "l'opérateur": which types they fit
            if rule.data.get("scope", "anaphora") == "anaphora":
                for kind in rule.data.get("types") or [rule.data["label"]]:
                    self.matcher.add(f"{DESCRIBES}{kind}", [rule.data["pattern"]])
                for kind in rule.data.get("kinds") or ():
                    self.matcher.add(f"{DESCRIBES_KIND}{kind}", [rule.data["pattern"]])

    def extract(self, article: Article, mentions: list[Mention], quotes: list[Quote],
                dates: list[DateMention]) -> list[Claim]:
        index = MentionIndex(mentions)
        claims, previous = [], None
        for segment in article.segments:
            if segment.doc is None:
                continue
            if segment.paragraph.kind != "heading":
                reader = ClauseReader(segment, index, quotes, self.lexicon, self.matcher, previous, article.text)
                claims += [(reader.claim(draft), reader.sentence_of(draft)) for draft in reader.drafts()]
            previous = segment
        claims.sort(key=lambda pair: (pair[0].start, pair[0].end))
        for number, (claim, sentence) in enumerate(claims, 1):
            claim.claim_id = f"{article.document.doc_id}:c{number}"
            claim.date = claim_date(dates, article, claim, sentence, quotes)
        return [claim for claim, _ in claims]


class ClauseReader(Repairs):
    """The rules applied to one parsed segment; positions are token indices of its Doc."""

    def __init__(self, segment: Segment, index: MentionIndex, quotes: list[Quote],
                 lexicon: Lexicon, matcher: Matcher, previous: Segment | None, text: str = ""):
        self.segment, self.doc, self.offset = segment, segment.doc, segment.start
        self.text = text  # the article's text, where a role was given a name before
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
        self.regions = quoted_tokens(self.doc)
        self.cues += self.pour_cues()
        self.agent_heads = {self.offset + self.doc[i].idx for i in self.marks.get("AGENT_HEAD", ())}
        if previous is not None and previous.doc is not None:  # antecedents reach into the paragraph before
            self.agent_heads |= {previous.start + previous.doc[start].idx for match_id, start, _ in matcher(previous.doc)
                                 if previous.doc.vocab.strings[match_id] == "AGENT_HEAD"}

    def pour_cues(self) -> list[Span]:
        """ "Pour Joel Kaplan, directeur …, « la Commission tente … »": pour opening a sentence before an
        actor who can speak and a comma is a source cue, as selon is (the quote stage reads the same
        layout); "Pour l'Italie, …" (a place) or "Pour 2025, …" are not."""
        found = []
        for sentence in self.doc.sents:
            first = next((t for t in sentence if not t.is_punct and not t.is_space), None)
            if first is None or first.lower_ != "pour" or first.dep_ != "case":
                continue
            phrase = first.head
            mention = self.mention_on(phrase)
            end = max(t.i for t in phrase.subtree if not t.is_punct)  # the parser may hang « on the name
            after = self.doc[end + 1] if end + 1 < len(self.doc) else None
            if (mention is not None and mention.type in ANTECEDENT_TYPES and phrase.i > first.i
                    and after is not None and after.text == ","):
                found.append(self.doc[first.i: first.i + 1])
        return found

    # --- which clauses ---------------------------------------------------------------

    def drafts(self) -> Iterator[Draft]:
        """Every claim of the segment, one per clause (a clause is read once)."""
        seen: set[int] = set()
        for token in self.doc:
            if token.i in seen:
                continue
            if (is_main(token) or self.resumes(token) or self.infinitive_conjunct(token) is not None
                    or self.incise_antecedent(token) is not None):
                found = self.clause(token)
            elif cleft_focus(token) is not None:
                found = self.clause(token)  # "C'est Eutelsat, qui …, qui apparaît comme …"
            elif token.dep_ == "acl:relcl" and self.propositions(token):
                found = self.relative_report(token)  # "un porte-parole de Google, qui a fait valoir que P"
            else:
                continue
            for draft in found:
                if draft.head.i not in seen:
                    seen.add(draft.head.i)
                    if not self.quoted(draft):
                        yield draft
        for token in self.doc:
            draft = self.misread(token)
            if draft is not None and draft.head.i not in seen:
                seen.add(draft.head.i)
                if not self.quoted(draft):
                    yield draft

    def quoted(self, draft: Draft) -> bool:
        """A clause wholly inside a direct quotation is no claim: the quotation is already a row of
        quotes.csv with its speaker, and the gold convention leaves such clauses optional (of the 22
        the rules gave in the annotated sets, 13 were not annotated, 8 optional, 1 matched by chance).
        Not a news agency's dispatch quoted whole ("« La Maison Blanche a posé un ultimatum … »,
        explique une dépêche de l'AFP"): that is reporting, annotated clause by clause."""
        start = self.offset + self.doc[draft.first].idx
        end = self.offset + self.doc[draft.last].idx + len(self.doc[draft.last])
        region = self.region_of(draft.first)
        inside = region is not None and region[0] < draft.last < region[1]
        if region is not None:  # the quote stage's record of that quotation, if it has one
            opened, closed = self.offset + self.doc[region[0]].idx, self.offset + self.doc[region[1]].idx
            records = [q for q in self.quotes if q.kind == "direct" and opened <= q.start and q.end <= closed + 1]
        else:
            records = []
        records += [q for q in self.quotes if q.kind == "direct" and q.start <= start and end <= q.end]
        if not inside and not any(q.start <= start and end <= q.end for q in records):
            return False
        return not any(self.dispatch(q) for q in records)

    def dispatch(self, quote: Quote) -> bool:
        """A news medium's text quoted (MEDIA speaker, no first person): reporting, not a speaker's
        words. "« Nous apprenons cette décision avec regret », a réagi l'agence" is the agency speaking."""
        if not quote.speaker_actor_id or not any(m.type == "MEDIA" for m in self.index.mentions
                                                 if m.actor_id == quote.speaker_actor_id):
            return False
        return not FIRST_PERSON_WORDS & set(re.findall(r"\w+", quote.text.casefold()))

    def clause(self, head: Token, inherited: str = "") -> Iterator[Draft]:
        """The claims one main clause gives: its reported propositions, or itself."""
        if not finite(head) and not self.noun_predicate(head) and not self.resumes(head):
            return  # "Sanctionné par l'administration Trump, …": an adjunct, not a statement
        if self.misread_apposition(head) is not None:
            return  # "Marco Rubio, figure clé de …, | a qualifié": "figure" is no verb; the clause is the next one
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
            if doer is not None and not doer.anonymous and all(self.purpose(f, head) for _, f in propositions):
                yield self.draft(head, doer, inherited=inherited)  # "X a dû intervenir | pour assurer que P"
            return
        if self.reports_unread(head):
            if doer is not None and not doer.anonymous:
                report = self.unread_report(head, doer)
                if report is not None:
                    yield report
            return
        for participle in self.participle_frames(head):
            owner = participle.head  # the doer of the clause the participle belongs to reports
            while owner.i != head.i and not (owner.pos_ in ("VERB", "AUX") and finite(owner)) and owner.head.i != owner.i:
                owner = owner.head
            reporter = doer if owner.i == head.i else self.doer(owner)
            for proposition, frame in self.propositions(participle):
                yield from self.proposition(proposition, frame, reporter)
        if self.frames_speech(head) or self.quote_incise(head):
            return
        if doer is not None and not doer.anonymous:
            yield self.draft(head, doer, inherited=inherited)

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
        firm = self.named_reporter(frame, reporter)
        if quote is not None and self.speaks(quote.speaker_actor_id) and not firm:
            reporter = Doer(quote.speaker_actor_id, quote.speaker_name)
        actor = self.holder(head, reporter)
        if actor is None or actor.anonymous:
            return
        denied = bool(signatures(frame) & self.lexicon.denial)
        yield self.draft(head, actor, reporter=reporter or ANONYMOUS, denied=denied, firm=firm)

    def named_reporter(self, frame: Token, reporter: Doer | None) -> bool:
        """The reporter is an actor this stage read off a name, or off a noun the actor stage left
        alone ("Le groupe de Mark Zuckerberg conteste que P"): it stands against the quote stage's
        speaker, which is preferred for a pronoun ("Il a précisé que P") or a description the actor
        stage resolved ("Le milliardaire a reconnu que P"), whose antecedent it judges better."""
        if reporter is None or not reporter.actor_id:
            return False
        verb = frame
        while not subjects(verb) and verb.dep_ == "xcomp" and verb.head.i != verb.i:
            verb = verb.head
        found = subjects(verb)
        described = [self.mention_on(s) for s in found]
        return bool(found) and all(s.pos_ in ("NOUN", "PROPN") and s.lower_ not in THIRD_PERSON for s in found) \
            and not any(m is not None and m.method in DESCRIPTIVE_METHODS for m in described)

    def holder(self, head: Token, reporter: Doer | None) -> Doer | None:
        """Whose proposition P is: its doer, else its reporter.

        "SFR a assuré que l'opérateur sera prêt", "Breton a répété qu'il ne briguerait pas": a
        pronoun or a description in the que-clause that fits the reporter is the reporter, even where
        the actor stage resolved the description to another actor.
        """
        if reporter is not None and reporter.actor_id and any(
                self.stands_for(s, reporter) for s in subjects(head) if s.dep_ == "nsubj"):
            return reporter
        doer = self.doer(head)
        if doer is None and reporter is not None and not self.impersonal(head):
            pronoun = next((s for s in subjects(head) if s.dep_ == "nsubj" and s.lower_ in THIRD_PERSON), None)
            loose = self.antecedent(pronoun, head, loose=True) if pronoun is not None else None
            if loose is not None and loose.actor_id != reporter.actor_id:
                return loose  # "… contre Meta en estimant qu'il ne respectait pas": il is not the UE
        return doer if doer is not None and not doer.anonymous else reporter

    def stands_for(self, subject: Token, actor: Doer) -> bool:
        """A subject pronoun, or an unnamed description of a type the actor has, that can be the actor."""
        types = {m.type for m in self.index.mentions if m.actor_id == actor.actor_id}
        if subject.lower_ in ("il", "elle"):
            gender = {"m": "Masc", "f": "Fem"}.get(self.lexicon.genders.get(actor.name, ""))
            if gender is None:  # the actor's own nouns: "la Commission" is no il
                named = [m for m in self.index.mentions if m.actor_id == actor.actor_id and m.end <= self.offset
                         + subject.idx and m.start >= self.offset + subject.sent.start_char]
                if named and not any(self.agrees(m, THIRD_PERSON[subject.lower_][0], "Sing") for m in named):
                    return False
            return bool(types & ANTECEDENT_TYPES) and gender in (None, THIRD_PERSON[subject.lower_][0])
        mention = self.mention_on(subject)
        if subject.pos_ != "NOUN" or mention is not None and mention.method not in DESCRIPTIVE_METHODS:
            return False
        return bool(self.described_types(subject) & types)

    def described_types(self, token: Token) -> set[str]:
        """The actor types a description ending on this noun fits (models/descriptions.jsonl)."""
        return {label[len(DESCRIBES):] for label, where in self.marks.items()
                if label.startswith(DESCRIBES) and token.i in where}

    def salient(self, token: Token) -> Doer | None:
        """ "L'opérateur prévoit …" that the actor stage left unresolved: the latest compatible actor
        from the previous sentence on, a subject before one named inside a complement.

        Only a singular definite description without a de-complement ("le groupe", not "le groupe
        de travail" nor "les groupes").
        """
        types = self.described_types(token) & ANTECEDENT_TYPES
        definite = any(c.dep_ == "det" and c.lower_ in ("le", "la", "l'", "l’") for c in token.children)
        if (not types or not definite or "Plur" in token.morph.get("Number") or child(token, "nmod")
                or token.lower_ in OWN_INSTITUTIONS):
            return None
        window, position = min(self.window_start(token), self.offset), self.offset + token.idx
        ranked = []
        for mention in self.index.mentions:
            if window <= mention.start and mention.end <= position and mention.type in types:
                head = self.mention_head(mention)
                ranked.append((head is not None and head.dep_ in ("nsubj", "nsubj:pass"), mention.start, mention))
        if not ranked:
            return self.only_of_kind(token, types, position)
        mention = max(ranked, key=lambda r: r[:2])[2]
        return Doer(mention.actor_id, mention.name)

    def undecided(self, token: Token) -> bool:
        """A definite singular description of an acting type ("le gouvernement", "l'opérateur") that
        names no actor the rules can find: someone acts, but the rules cannot say who."""
        definite = any(c.dep_ == "det" and c.lower_ in ("le", "la", "l'", "l’") for c in token.children)
        names = bool(self.described_types(token) & ANTECEDENT_TYPES) or token.i in self.marks.get(ROLE_NOUN, ())
        return (token.pos_ == "NOUN" and definite and "Plur" not in token.morph.get("Number") and names
                and self.mention_on(token) is None and self.salient(token) is None)

    def only_of_kind(self, token: Token, types: set[str], position: int) -> Doer | None:
        """ "l'opérateur" paragraphs after the article named Free: the one actor of the kind the
        description names (descriptions.jsonl `kinds`, gazetteer `kind`) named before it in the
        article, if there is exactly one."""
        kinds = {label[len(DESCRIBES_KIND):] for label, where in self.marks.items()
                 if label.startswith(DESCRIBES_KIND) and token.i in where}
        if not kinds:
            return None
        found = {(m.actor_id, m.name) for m in self.index.mentions
                 if m.end <= position and m.type in types and self.lexicon.kinds.get(m.name) in kinds}
        if len(found) != 1:
            return None
        return Doer(*found.pop())

    def has_doer_slot(self, head: Token) -> bool:
        """A subject, a passive agent, a subject shared with a coordinated verb, or one the parser hung elsewhere."""
        if subjects(head) or child(head, "obl:agent") is not None:
            return True
        if head.dep_ == "conj" and head.pos_ in ("VERB", "AUX", "ADJ") and finite(head):
            return self.has_doer_slot(self.infinitive_conjunct(head) or head.head)
        return (self.orphan_subject(head) is not None or self.apposition_subject(head) is not None
                or self.incise_antecedent(head) is not None or self.resumes(head))

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
                              and not opened_by_conjunction(conj) and self.misplaced_conjunct(conj) is None]
        return found

    def purpose(self, frame: Token, head: Token) -> bool:
        """ "Marco Rubio a dû intervenir pour assurer que P": the verb that reports P sits in a purpose
        clause of the head (pour, afin de), so the head is a claim of its own beside P."""
        token = frame
        while token.i != head.i and token.head.i != token.i:
            if any(c.dep_ == "mark" and c.lower_ in ("pour", "afin") for c in token.children):
                return True
            token = token.head
        return False

    def participle_frames(self, head: Token) -> list[Token]:
        """ "…, assurant que P", "… en estimant que P": a present participle or a gerund in the clause
        reports for its doer."""
        return [t for t in head.subtree if t.i != head.i and self.reporting_participle(t)]

    def reporting_participle(self, token: Token) -> bool:
        """A present participle after a comma, a gerund (en + participle), or an infinitive after
        "avant de" / "après" ("…, a écrit Elon Musk, avant de préciser qu'il ne le ferait jamais"),
        that reports a que-clause."""
        if token.pos_ == "VERB" and "Inf" in token.morph.get("VerbForm"):
            marks = [c.lower_ for c in token.children if c.dep_ == "mark" and c.i < token.i]
            return bool(marks) and marks[0] in ("avant", "après") and bool(self.propositions(token))
        if not ("Part" in token.morph.get("VerbForm") and "Pres" in token.morph.get("Tense")):
            return False
        gerund = any(c.lower_ == "en" and c.i == token.i - 1 for c in token.children)
        return (self.doc[token.i - 1].text == "," or gerund) and bool(self.propositions(token))

    def volitive(self, verb: Token) -> bool:
        return (verb.i in self.marks.get("VOLITIVE", ())
                or bool(signatures(verb) & (self.lexicon.intention | self.lexicon.obligation)))

    def resumes(self, token: Token) -> bool:
        """ "ce qu'il a toujours nié", "ce que conteste Meta": a relative on ce that takes up the clause
        before it, its subject before the verb or after it (the verb may be tagged as a noun)."""
        if token.dep_ != "acl:relcl" or token.head.lower_ not in ("ce", "c'"):
            return False
        if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token._.lemma in self.lexicon.verbs):
            return False
        return any(not relative(s) for s in subjects(token)) or self.inverted_subject(token) is not None

    def inverted_subject(self, verb: Token) -> Token | None:
        """ "ce que conteste Meta": the subject after the verb of a relative on ce, read as its object or complement."""
        if subjects(verb) or not any(relative(c) for c in verb.children if c.i < verb.i):
            return None
        after = [c for c in verb.children if c.i > verb.i and c.dep_ in ("obj", "obl:arg", "nsubj", "obl", "nmod")]
        return next((c for c in after if self.mention_on(c) is not None), None)

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

    def quote_incise(self, head: Token) -> bool:
        """ "« … », sourit le sénateur", "« … », a tancé LQDN": a verb with its subject after it, right
        after the closing mark of a quotation, frames that quotation whatever the verb (the quote
        stage gives it an empty cue); it is no claim of its own."""
        own = [s for s in subjects(head) if not self.quoted_apart(s, head)]
        if not own or any(s.i < head.i for s in own):
            return False
        first = min([head.i] + [c.i for c in head.children if c.i < head.i and (  # "a-t-il écrit", "s'amuse"
            c.dep_.startswith("aux") or c.dep_ == "cop" or c.lower_ in ("ne", "n'", "n’")
            or c.pos_ == "PRON" and c.dep_ != "nsubj")])
        before = [t for t in self.doc[max(head.sent.start, first - 2): first]]
        return (len(before) == 2 and before[1].text == "," and (before[0].text in CLOSING or before[0].text == '"')
                or len(before) >= 1 and before[-1].text in CLOSING)

    def reports_unread(self, head: Token) -> bool:
        """A speech verb whose que-clause the parser mangled: the report is no claim of the speaker."""
        return any(self.speech(verb) and not self.volitive(verb) and any(
            c.i > verb.i and any(m.lower_ in QUE and m.dep_ == "mark" for m in c.children) for c in verb.children)
            for verb in chain(head))

    def unread_report(self, head: Token, reporter: Doer) -> Draft | None:
        """ "La Cnil a rappelé que | refuser les cookies doit être aussi simple …": the parser hung que
        on an infinitive subject and lost the clause; read it positionally from que to the end of the
        clause, as for a misread verb (`misread_report`): its doer, else the reporter who holds it."""
        for verb in chain(head):
            if not self.speech(verb) or self.volitive(verb):
                continue
            for c in verb.children:
                que = next((m for m in c.children if m.lower_ in QUE and m.dep_ == "mark"), None)
                if c.i > verb.i and que is not None and que.i > verb.i:
                    draft = self.misread_report(verb, que, verb._.lemma, reporter)
                    if draft is not None:
                        draft.last = max(draft.last, self.clause_end(verb))
                    return draft
        return None

    def has_complement(self, head: Token) -> bool:
        """Something said or done: a clause, an infinitive, or an object that is no inverted subject."""
        inverted = not subjects(head) and head.dep_ != "conj"
        return any(c.dep_ in ("ccomp", "xcomp", "obl:arg") or c.dep_ == "obj" and not (inverted and c.i > head.i)
                   for c in head.children)

    def speech(self, token: Token) -> bool:
        """A speech verb (speech_verbs.txt, or a cue of this paragraph's quotes); denials say something."""
        lemma = token._.lemma
        if self.lexicon.denier(lemma):
            return False
        if any(t.lemma_ == "faire" for t in verb_group(token)[1:]) or (
                token.dep_ == "xcomp" and token.head.lemma_ == "faire"):
            lemma = f"faire {lemma}"  # "a fait savoir", "fait valoir"
        reflexive = any(c.lower_ in ("se", "s'", "s’") and c.i < token.i for verb in verb_group(token)
                        for c in verb.children)
        if reflexive and lemma not in self.lexicon.reflexive_speech:
            return False  # "l'enquête se poursuivait" is no "poursuit-il"
        return lemma in self.lexicon.speech or any(lemma == q.cue for q in self.quotes)

    # --- who does it ---------------------------------------------------------------

    def doer(self, head: Token) -> Doer | None:
        """The actor the clause's agent, subject, shared subject or orphan subject names."""
        agent = child(head, "obl:agent")
        if agent is not None:
            return self.phrase_doer(agent, head)
        focus = cleft_focus(head)
        if focus is not None:
            return self.phrase_doer(focus, head)  # "c'est X qui V": X does V
        found = subjects(head)
        # "Amazon est contraint de vendre": a passive with an infinitive is about what its subject does
        acts = not passive(head) or PASSIVE_SUBJECT_ACTS or any(
            c.dep_ == "xcomp" and infinitive(c) for c in head.children)
        acting = [s for s in found if (s.dep_ == "nsubj" or acts) and not self.quoted_apart(s, head)]
        # two subjects is a bad parse: the named one nearest the verb ("Après quatre mois, 178
        # personnes auditionnées, le président …, Arthur Delaporte, souligne"), an anonymous one last
        doers = [self.phrase_doer(s, head) for s in sorted(acting, key=lambda s: abs(s.i - head.i))]
        doer = next((d for d in doers if d is not None and not d.anonymous), None)
        if doer is None and any(self.undecided(s) for s in acting):
            return UNDECIDED  # "le gouvernement comptait …", no actor fits: the claim, with no actor
        if doer is not None or found:
            return doer or next((d for d in doers if d is not None), None)
        apposed = self.apposition_subject(head) or self.incise_antecedent(head) or self.inverted_subject(head)
        if apposed is not None:
            return self.phrase_doer(apposed, head) or (UNDECIDED if self.undecided(apposed) else None)
        if head.dep_ == "conj" and head.head.i != head.i:
            return self.doer(self.infinitive_conjunct(head) or head.head)
        words = self.orphan_subject(head)
        return self.span_doer(words, head) if words is not None else None

    def quoted_apart(self, subject: Token, head: Token) -> bool:
        """A subject inside a quotation that its verb is outside of ("« Je suis sur Twitter … »,
        sourit le sénateur"): a bad parse, not the verb's subject."""
        region = self.region_of(subject.i)
        return region is not None and region != self.region_of(head.i)

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
        if token.pos_ != "NOUN":
            return None
        return self.affiliated(token) or self.named_role(token) or self.named_agent(token) or self.salient(token)

    def named_agent(self, token: Token) -> Doer | None:
        """ "Le collège a également décidé" after "le collège de l'Arcom": an agent noun (AGENT_HEAD)
        without a complement is the actor the article last gave it as de-complement, if only one."""
        definite = any(c.dep_ == "det" and c.lower_ in ("le", "la", "l'", "l’") for c in token.children)
        if (token.i not in self.marks.get("AGENT_HEAD", ()) or not definite or not self.text
                or any(c.dep_ in ("nmod", "amod", "appos") for c in token.children)):
            return None
        position = self.offset + token.idx
        noun = re.escape(token.text.casefold())
        named = set()
        for mention in self.index.mentions:
            if mention.end > position or mention.type not in ANTECEDENT_TYPES:
                continue
            before = self.text[max(0, mention.start - len(token.text) - 12): mention.start].casefold()
            if re.search(rf"(?<!\w){noun}\s+(de la|de l['’]|du|des|de|d['’])\s*$", before):
                named.add((mention.actor_id, mention.name))
        return Doer(*named.pop()) if len(named) == 1 else None

    def named_role(self, token: Token) -> Doer | None:
        """ "Le Premier ministre, qui …, n'a pas justifié": a role the article gave a person earlier in
        the same words, right before the name ("le Premier ministre Gabriel Attal", "Le Premier
        ministre, Gabriel Attal,"), is that person, if the article gave those words to one person only."""
        if token.i not in self.marks.get(ROLE_NOUN, ()) or not self.text:
            return None
        words = []
        for t in self.doc[token.left_edge.i: token.right_edge.i + 1]:
            if t.is_punct or relative(t) or t.i > token.i and t.pos_ in ("VERB", "AUX"):
                break
            words.append(t)
        if words and words[0].pos_ == "DET":
            words = words[1:]
        if not words or words[-1].i < token.i:
            return None
        role = re.sub(r"\s+", " ", self.doc.text[words[0].idx: words[-1].idx + len(words[-1])]).casefold().replace("’", "'")
        position = self.offset + token.idx
        named = set()
        for mention in self.index.mentions:
            if mention.type != "PER" or mention.start >= position - len(role):
                continue
            before = re.sub(r"\s+", " ", self.text[max(0, mention.start - len(role) - ROLE_GAP): mention.start])
            before = before.casefold().replace("’", "'")
            if before.rstrip(" ,").endswith(role):
                named.add((mention.actor_id, mention.name))
                continue
            # "la secrétaire d'État chargée du numérique, Clara Chappaz": a complement, then the name
            at = before.rfind(role)
            gap = before[at + len(role):] if at >= 0 else ""
            if at >= 0 and gap.rstrip().endswith(",") and not ROLE_GAP_BREAKS.search(gap.rstrip()[:-1]):
                named.add((mention.actor_id, mention.name))
        return Doer(*named.pop()) if len(named) == 1 else None

    def affiliated(self, token: Token) -> Doer | None:
        """ "le groupe de Mark Zuckerberg": a description of an organisation whose de-complement is a
        person; the organisation the gazetteer gives that person (`affiliation`), when the article
        names it too."""
        types = self.described_types(token) & ANTECEDENT_TYPES - {"PER"}
        if not types:
            return None
        for c in token.children:
            mention = self.mention_on(c) if c.dep_ == "nmod" and case_of(c) == "de" else None
            if mention is None or mention.type != "PER":
                continue
            organisation = self.lexicon.affiliations.get(mention.name)
            named = [m for m in self.index.mentions if m.name == organisation and m.type in types]
            if organisation and named:
                return Doer(named[0].actor_id, named[0].name)
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
        if any(c.dep_ in ("expl:subj", "expl") and c.pos_ == "PRON" for c in head.children):
            return True
        if any(t.i in self.marks.get("IMPERSONAL", ()) for t in chain(head)):
            return True
        if any(c.lower_ == "y" for c in head.children):
            return True
        return head.pos_ in ("ADJ", "NOUN") and any(c.dep_ in ("csubj", "ccomp", "xcomp") for c in head.children)

    # --- what it says ------------------------------------------------------------

    def draft(self, head: Token, actor: Doer, reporter: Doer | None = None, denied: bool = False,
              inherited: str = "", firm: bool = False) -> Draft:
        first, last = self.extent(head)
        source, quote_id = self.source(head, first, last, reporter, firm)
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
        """A denial verb of its proposition (see models/denial_verbs.txt and `denies`).

        "une accusation rejetée par Bruxelles": what a participle or passive rejects is the noun it
        qualifies or its subject.
        """
        words = signatures(head)
        target = head.head if head.dep_ == "acl" else next(iter(subjects(head)), None) if passive(head) else None
        if target is not None:
            words.add(f"{head._.lemma} {target._.lemma}")
        return bool(words & self.lexicon.denial) and not self.appeal(head)

    def denies(self, lemma: str, complement: Token | None, verb: Token) -> bool:
        """The same for a verb the tagger misread: its lemma with its object's noun, que or infinitive."""
        words = {lemma}
        if complement is not None:
            words.add(f"{lemma} que" if complement.lower_ in QUE else f"{lemma} {complement._.lemma}")
            if infinitive(complement) and complement.lower_.endswith(INFINITIVE_ENDINGS):
                words.add(f"{lemma} faire")
        return bool(words & self.lexicon.denial) and not self.appeal(verb)

    def appeal(self, verb: Token) -> bool:
        """ "contester la sanction devant le Conseil d'État", "… en justice": an act of appeal, no denial.

        Read positionally to the end of the clause or the next et: devant a court (a GOV mention or a
        court noun), or en justice / en appel / en cassation.
        """
        words = self.doc[verb.i: self.clause_end(verb) + 1]
        for t in words:
            if t.pos_ == "CCONJ" and t.i > verb.i:
                return False  # "rejette les conclusions et conteste la décision devant …": the next verb's
            if t.lower_ in APPEAL_NOUNS and t.i > 0 and self.doc[t.i - 1].lower_ == "en":
                return True
            if t.lower_ == "devant":
                court = next((n for n in self.doc[t.i + 1: t.i + 4] if n.pos_ in ("NOUN", "PROPN")), None)
                mention = self.mention_on(court) if court is not None else None
                if court is not None and (court.lemma_.lower() in COURT_NOUNS
                                          or mention is not None and mention.type == "GOV"):
                    return True
        return False

    def predicate(self, head: Token) -> str:
        """The main verb's lemma; after aller / venir de, the infinitive; être for an adjective."""
        if head.i in self.marks.get("PERIPHRASTIC", ()):
            verb = child(head, "xcomp")
            if verb is not None and infinitive(verb):
                return self.predicate(verb) if verb.pos_ != "NOUN" else verb.lower_
        if head.pos_ in ("VERB", "AUX"):
            return head._.lemma
        if self.noun_predicate(head):
            lower = head.lower_
            return (lower[:-3] if lower.endswith("ent") else lower[:-1]) + "er"  # "risque" → risquer
        copula = next((c for c in head.children if c.dep_ == "cop"), None)
        if copula is not None:
            return copula._.lemma
        verb = next((c for c in head.children if c.dep_ == "xcomp" and infinitive(c)), None)
        return self.predicate(verb) if verb is not None else head._.lemma  # "avait | d' | abord proposé"

    def source(self, head: Token, first: int, last: int, reporter: Doer | None,
               firm: bool = False) -> tuple[Doer | None, str]:
        """Who reports the clause, first that applies: cue, quote, reporter, anonymous quote, incise.

        The quote stage is the better judge of a speaker ("Il a précisé que …"), so a quote with a
        speaker comes before the reporter this stage resolved itself, unless that reporter is `firm`
        (read off a name or a noun the actor stage left alone: `named_reporter`).
        """
        start = self.offset + self.doc[first].idx
        end = self.offset + self.doc[last].idx + len(self.doc[last])
        quote = self.quote_around(start, end)
        if quote is not None and quote.speaker_actor_id and not self.speaks(quote.speaker_actor_id):
            quote = None  # "selon le Digital Markets Act" gave the quote stage a law for a speaker
        if quote is not None and self.resumes(head) and quote.kind != "direct":
            quote = None  # "…, ce que conteste Meta": Meta's own act, not part of what the quote reports
        quote_id = quote.quote_id if quote is not None else ""
        cue = self.cue_source(head, first, last)
        if cue is None and reporter is None and (quote is None or quote.rule.startswith("indirect-selon")):
            cue = self.closing_cue(head, last)  # the quote stage read the same cue: the clause's own reading wins
        if cue is not None:
            return cue, quote_id or self.cue_quote(start, end, cue)
        if quote is not None and self.speaks(quote.speaker_actor_id) and not (firm and reporter is not None):
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
            if doer is not None and (doer.anonymous or self.speaks(doer.actor_id)):
                return doer
        return None

    def closing_cue(self, head: Token, last: int) -> Doer | None:
        """ "La Commission a ouvert une procédure …, pour évaluer …, selon un document consulté par
        Reuters.": a selon phrase that closes the sentence after a comma vouches for its main clause,
        however far the clause ends from it."""
        sentence = head.sent
        for cue in self.cues:
            if not last < cue.start < sentence.end or self.doc[cue.start - 1].text != ",":
                continue
            if any(t.text in STOPS for t in self.doc[last + 1: cue.start]):
                continue
            phrase = cue[0].head if cue[0].dep_ in ("case", "fixed", "mark") else cue[-1]
            if phrase.dep_ == "fixed":
                phrase = phrase.head.head
            rest = self.doc[max(phrase.right_edge.i, cue.end - 1) + 1: sentence.end]
            if any(not t.is_punct and not t.is_space for t in rest) or any(t.text == "," for t in rest):
                continue
            doer = self.phrase_doer(phrase, head)
            if doer is not None and (doer.anonymous or self.speaks(doer.actor_id)):
                return doer
        return None

    def speaks(self, actor_id: str) -> bool:
        """An actor that can report something: a person, organisation, government or medium, not a
        law or a place ("selon le Digital Markets Act" says what the law requires, nobody said it)."""
        return bool(actor_id) and any(m.type in ANTECEDENT_TYPES for m in self.index.mentions
                                      if m.actor_id == actor_id)

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
