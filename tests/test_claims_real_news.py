"""Claims: the constructions of real news pages that the written test articles lacked.

Each test is a failure class met on the real tuning pages (tests/data/real/tune), written again
with sentences of its own. Mentions and quotes are built by hand, as in tests/test_claims.py, so
the tests pin the claims rules whatever the actor and quote stages decide.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.records import Mention
from test_claims import claims_of, extractor, hand_article, mentions_in, only  # noqa: F401  (fixtures)


# --- which subject -------------------------------------------------------------------

def test_claims_two_subjects_take_the_named_one_nearest_the_verb(claims_of):
    # the parser makes both "personnes" (an anonymous source noun) and "le président" subjects of "souligne"
    claims = claims_of("Après trois mois d'enquête, 95 personnes auditionnées, pour un total de 40 heures "
                       "d'entretiens, le président de la mission, Paul Durand, souligne que le bilan est « alarmant ».",
                       {"président": ("Paul Durand", "PER"), "Paul Durand": ("Paul Durand", "PER")},
                       described={"président"})
    claim = only(claims)
    assert (claim.actor_name, claim.source_name) == ("Paul Durand", "Paul Durand")
    assert claim.text.startswith("le bilan est")


def test_claims_a_subject_inside_a_quotation_is_not_the_incise_verb_s(nlp, extractor):
    # "« Je suis sur Twitter », sourit le sénateur Paul Durand.": the parser made Twitter a subject of sourit
    words = ["«", "Je", "suis", "sur", "Twitter", "»", ",", "sourit", "le", "sénateur", "Paul", "Durand", "."]
    article = hand_article(
        nlp, words, heads=[4, 4, 4, 4, 7, 4, 7, 7, 9, 7, 9, 10, 7],
        deps=["punct", "nsubj", "cop", "case", "nsubj", "punct", "punct", "ROOT", "det", "nsubj", "appos",
              "flat:name", "punct"],
        pos=["PUNCT", "PRON", "AUX", "ADP", "PROPN", "PUNCT", "PUNCT", "VERB", "DET", "NOUN", "PROPN", "PROPN",
             "PUNCT"],
        lemmas=["«", "je", "être", "sur", "Twitter", "»", ",", "sourire", "le", "sénateur", "Paul", "Durand", "."],
        morphs=["", "", "Mood=Ind|VerbForm=Fin", "", "", "", "", "Mood=Ind|VerbForm=Fin", "", "", "", "", ""])
    mentions = mentions_in(article, {"Twitter": ("X", "ORG"), "Paul Durand": ("Paul Durand", "PER")})
    claims = extractor.extract(article, mentions, [], [])
    assert not any(c.actor_name == "X" for c in claims), [c.text for c in claims]


def test_claims_any_verb_right_after_a_closing_quotation_mark_frames_it(claims_of):
    # "sourire" is in no word list: in the incise after « … », it still only frames the quotation
    claims = claims_of("« Je suis sur Facebook, sur LinkedIn… mais je suis un peu jeune pour être sur Snapchat », "
                       "sourit le député Paul Durand.",
                       {"Facebook": ("Meta", "ORG"), "Snapchat": ("Snapchat", "ORG"), "Paul Durand": ("Paul Durand", "PER")})
    assert not any("sourit" in c.text for c in claims), [c.text for c in claims]


# --- the words of a clause -----------------------------------------------------------

def test_claims_adjuncts_fronted_before_the_subject_belong_to_the_clause(claims_of):
    claim = only(claims_of("Après avoir reçu une amende de 40 millions d'euros, Criteo a aussitôt annoncé un recours.",
                           {"Criteo": ("Criteo", "ORG")}))
    assert claim.text == "Après avoir reçu une amende de 40 millions d'euros, Criteo a aussitôt annoncé un recours"
    claim = only(claims_of("Dans sa décision, la CNIL a relevé plusieurs manquements.", {"CNIL": ("CNIL", "GOV")}))
    assert claim.text.startswith("Dans sa décision, la CNIL a relevé")


def test_claims_a_fronted_subordinate_clause_or_source_stays_out(claims_of):
    actors = {"CNIL": ("CNIL", "GOV"), "Criteo": ("Criteo", "ORG"), "Le Monde": ("Le Monde", "MEDIA")}
    claims = claims_of("Si la CNIL reproche à Criteo son opacité, l'entreprise a choisi de coopérer.", actors)
    assert not any(c.text.startswith("Si la CNIL") and "coopérer" in c.text for c in claims), [c.text for c in claims]
    claim = only(claims_of("Selon Le Monde, Criteo a licencié 200 salariés.", actors))
    assert claim.text == "Criteo a licencié 200 salariés" and claim.source_name == "Le Monde"


def test_claims_a_trailing_present_participle_goes_on_with_the_clause(claims_of):
    claim = only(claims_of("Orange a annoncé un recours, dénonçant une décision « disproportionnée ».",
                           {"Orange": ("Orange", "ORG")}))
    assert claim.text.endswith("dénonçant une décision « disproportionnée »")


# --- coordination ------------------------------------------------------------------------

def test_claims_a_finite_verb_coordinated_with_an_infinitive_is_a_clause_of_its_own(claims_of):
    # the parser hangs "rappelle" on "prendre": it shares the subject of "assure" and is a claim of its own
    claims = claims_of("Amazon assure prendre acte de la sanction et rappelle avoir récemment renforcé ses contrôles.",
                       {"Amazon": ("Amazon", "ORG")})
    assert sorted((c.text, c.actor_name) for c in claims) == [
        ("Amazon assure prendre acte de la sanction", "Amazon"),
        ("rappelle avoir récemment renforcé ses contrôles", "Amazon")]


# --- who vouches for it ----------------------------------------------------------------

def test_claims_a_selon_phrase_closing_the_sentence_vouches_for_its_main_clause(claims_of):
    # the parser hangs "selon" on the purpose clause, far from "a ouvert"
    claim = only(claims_of("La Commission européenne a ouvert une enquête contre Temu, en vertu du DSA, pour "
                           "évaluer les mesures prises contre les produits illégaux, selon un document consulté par l'AFP.",
                           {"Commission européenne": ("Commission européenne", "GOV"), "Temu": ("Temu", "ORG"),
                            "AFP": ("AFP", "MEDIA"), "DSA": ("DSA", "MISC")},
                           quotes=[("La Commission européenne a ouvert une enquête contre Temu", "Commission européenne",
                                    "indirect")]))
    assert claim.actor_name == "Commission européenne"
    assert claim.source_name == "" and claim.modality == "reported"  # an anonymous document, not the quote's speaker


def test_claims_a_law_is_no_source(claims_of):
    # "selon le DSA" says what the law requires: no one reports the clause
    claim = only(claims_of("Meta doit, selon le Digital Services Act, publier un rapport de transparence.",
                           {"Meta": ("Meta", "ORG"), "Digital Services Act": ("DSA", "MISC")}))
    assert (claim.actor_name, claim.source_name) == ("Meta", "")


def test_claims_a_gerund_reports_its_que_clause_for_the_doer(claims_of):
    claims = claims_of("Bruxelles a infligé une amende à Apple en estimant que le groupe ne respectait pas le DMA.",
                       {"Bruxelles": ("Commission européenne", "GOV"), "Apple": ("Apple", "ORG"),
                        "groupe": ("Apple", "ORG"), "DMA": ("DMA", "MISC")}, described={"groupe"})
    act = next(c for c in claims if "infligé" in c.text)
    assert act.text == "Bruxelles a infligé une amende à Apple" and act.actor_name == "Commission européenne"
    reported = next(c for c in claims if "respectait" in c.text)
    assert (reported.actor_name, reported.source_name, reported.polarity) == ("Apple", "Commission européenne", "deny")


# --- a word the tagger misread ----------------------------------------------------------

def test_claims_an_apposition_read_as_a_verb_is_no_clause(claims_of):
    # "figure" is tagged as the verb figurer; one comma never parts a subject from its verb
    claim = only(claims_of("Anne Le Hénanff, figure montante du parti, a critiqué le projet de loi sur la cybersécurité.",
                           {"Anne Le Hénanff": ("Anne Le Hénanff", "PER")}))
    assert (claim.actor_name, claim.predicate) == ("Anne Le Hénanff", "critiquer")
    assert claim.text.startswith("Anne Le Hénanff, figure montante du parti, a critiqué")


def test_claims_a_verb_read_as_a_noun_between_its_subject_and_object_is_the_verb(nlp, extractor):
    # "Temu, détenu par PDD risque une amende.": the tagger reads "risque" as a noun, root of the sentence
    words = ["Temu", ",", "détenu", "par", "PDD", "risque", "une", "amende", "."]
    article = hand_article(
        nlp, words, heads=[5, 0, 0, 4, 2, 5, 7, 5, 5],
        deps=["nsubj", "punct", "acl", "case", "obl:agent", "ROOT", "det", "obj", "punct"],
        pos=["PROPN", "PUNCT", "VERB", "ADP", "PROPN", "NOUN", "DET", "NOUN", "PUNCT"],
        lemmas=["Temu", ",", "détenir", "par", "PDD", "risque", "un", "amende", "."],
        morphs=["", "", "VerbForm=Part", "", "", "Gender=Masc|Number=Sing", "", "", ""])
    mentions = mentions_in(article, {"Temu": ("Temu", "ORG"), "PDD": ("PDD", "ORG")})
    claim = only(extractor.extract(article, mentions, [], []))
    assert (claim.actor_name, claim.predicate) == ("Temu", "risquer")
    assert claim.text == "Temu , détenu par PDD risque une amende"  # a hand-built Doc spaces every word


def test_claims_a_main_verb_hung_inside_the_relative_incise_before_it_takes_its_antecedent(claims_of):
    # the parser hangs "n'a pas contesté" on "demandé", through the adjunct "dans les plus brefs délais"
    claim = only(claims_of("Xavier Niel, qui a demandé un « geste » dans les plus brefs délais, n'a pas contesté l'amende.",
                           {"Xavier Niel": ("Xavier Niel", "PER")}))
    assert (claim.actor_name, claim.predicate, claim.polarity) == ("Xavier Niel", "contester", "deny")
    assert claim.text.startswith("Xavier Niel, qui a demandé")


def test_claims_a_list_of_the_relative_s_own_verbs_is_no_main_clause(claims_of):
    claims = claims_of("Le texte, que la CNIL a relu, amendé et validé, sera publié lundi.", {"CNIL": ("CNIL", "GOV")})
    assert not any(c.actor_name == "CNIL" and "validé" in c.text and "relu" not in c.text for c in claims)


# --- who a phrase names -----------------------------------------------------------------

def test_claims_the_board_of_a_regulator_acts_for_it(claims_of):
    claim = only(claims_of("Le collège de l'Arcep a décidé de ne pas sanctionner l'opérateur.",
                           {"Arcep": ("Arcep", "GOV")}))
    assert (claim.actor_name, claim.polarity) == ("Arcep", "affirm")


def test_claims_a_person_s_office_is_not_the_organisation_after_de(claims_of):
    # "le patron de Free" is a person; unnamed here, so no actor rather than the company
    claims = claims_of("Le patron de Free a dénoncé une décision injuste.", {"Free": ("Free", "ORG")})
    assert not any(c.actor_name == "Free" for c in claims), [(c.text, c.actor_name) for c in claims]
    claim = only(claims_of("Le patron de Free, Xavier Niel, a dénoncé une décision injuste.",
                           {"Free": ("Free", "ORG"), "Xavier Niel": ("Xavier Niel", "PER")}))
    assert claim.actor_name == "Xavier Niel"


# --- a que-clause the parser lost -------------------------------------------------------

def test_claims_a_que_clause_with_an_infinitive_subject_is_read_from_que_on(claims_of):
    # the parser hangs que on "bloquer" and the finite verb under it: the clause is read positionally
    claim = only(claims_of("L'Arcom a rappelé que bloquer un site doit rester une mesure exceptionnelle.",
                           {"Arcom": ("Arcom", "GOV")}))
    assert claim.text == "bloquer un site doit rester une mesure exceptionnelle"
    assert (claim.actor_name, claim.source_name, claim.predicate) == ("Arcom", "Arcom", "devoir")


# --- descriptions ------------------------------------------------------------------------

def test_claims_an_unresolved_description_gives_the_claim_with_no_actor(claims_of):
    # "le gouvernement" names no actor of the article: the claim is found, its actor left empty
    # rather than the minister who reports it
    claims = claims_of("La ministre Clara Chappaz a affirmé que le gouvernement comptait accélérer la migration.",
                       {"Clara Chappaz": ("Clara Chappaz", "PER")})
    claim = only(claims)
    assert claim.text == "le gouvernement comptait accélérer la migration"
    assert (claim.actor_id, claim.actor_name, claim.source_name) == ("", "", "Clara Chappaz")


def test_claims_a_description_of_a_kind_the_article_named_once_is_that_actor(claims_of):
    # two paragraphs after Bouygues Telecom, "l'opérateur" is the only telecom operator the article named
    text = ("L'Arcep a sanctionné Bouygues Telecom.\n\nUn contrôle défaillant\n\n"
            "Le régulateur a relevé plusieurs manquements. L'Arcep estime que l'opérateur n'a pas protégé son réseau.")
    claims = claims_of(text, {"Arcep": ("Arcep", "GOV"), "Bouygues Telecom": ("Bouygues Telecom", "ORG"),
                              "régulateur": ("Arcep", "GOV")}, described={"régulateur"})
    claim = next(c for c in claims if "protégé" in c.text)
    assert (claim.actor_name, claim.source_name, claim.polarity) == ("Bouygues Telecom", "Arcep", "deny")


def test_claims_the_group_of_a_person_is_the_organisation_the_gazetteer_gives_them(claims_of):
    claims = claims_of("Meta a présenté ses comptes. Le groupe de Mark Zuckerberg a annoncé un plan d'économies.",
                       {"Meta": ("Meta", "ORG"), "Mark Zuckerberg": ("Mark Zuckerberg", "PER")})
    claim = next(c for c in claims if "plan" in c.text)
    assert claim.actor_name == "Meta"


def test_claims_a_conjunct_that_disagrees_with_the_reported_clause_belongs_to_the_main_verb(claims_of):
    # "rappelle" (singular) is hung on "nocives", whose subject "ses vidéos" is plural: it is TikTok's own clause
    claims = claims_of("TikTok conteste toutefois que ses vidéos soient nocives pour les adolescents et rappelle "
                       "avoir lancé en septembre des comptes protégés.", {"TikTok": ("TikTok", "ORG")})
    claim = next(c for c in claims if "rappelle" in c.text)
    assert (claim.actor_name, claim.polarity, claim.source_name) == ("TikTok", "affirm", "")
    assert claim.text.startswith("rappelle avoir lancé")
    denied = next(c for c in claims if "nocives" in c.text)
    assert "rappelle" not in denied.text and denied.polarity == "deny"


def test_claims_a_reporter_read_off_a_noun_stands_against_the_quote_stage_s_speaker(claims_of):
    # the quote stage gave the que-clause to GeForce; the subject of "conteste" names Nvidia
    claims = claims_of("Nvidia a publié ses résultats. Le groupe de Jensen Huang conteste que ses puces soient "
                       "détournées par GeForce.",
                       {"Nvidia": ("Nvidia", "ORG"), "Jensen Huang": ("Jensen Huang", "PER"),
                        "GeForce": ("GeForce", "ORG")},
                       quotes=[("ses puces soient détournées par GeForce", "GeForce", "indirect")])
    claim = next(c for c in claims if "puces" in c.text)
    assert claim.source_name == "Nvidia" and claim.polarity == "deny"


def test_claims_pour_x_opening_a_sentence_is_its_source(claims_of):
    actors = {"Benoît Cœuré": ("Benoît Cœuré", "PER"), "Google": ("Google", "ORG"), "Italie": ("Italie", "LOC")}
    claim = only(claims_of("Pour Benoît Cœuré, président de l'autorité, Google a abusé de sa position.", actors))
    assert (claim.actor_name, claim.source_name) == ("Google", "Benoît Cœuré")
    assert claim.text == "Google a abusé de sa position"
    claim = only(claims_of("Pour l'Italie, Google a investi deux milliards d'euros.", actors))
    assert claim.source_name == ""  # a place is no one speaking


def test_claims_a_verb_that_reports_in_a_purpose_clause_leaves_the_main_clause_a_claim(claims_of):
    claims = claims_of("Le ministre, Jean-Noël Barrot, a dû intervenir pour assurer que personne n'avait menacé "
                       "les opérateurs.", {"Jean-Noël Barrot": ("Jean-Noël Barrot", "PER")})
    main = next(c for c in claims if "intervenir" in c.text)
    assert main.text == "Le ministre, Jean-Noël Barrot, a dû intervenir" and main.actor_name == "Jean-Noël Barrot"
    reported = next(c for c in claims if "menacé" in c.text)
    assert (reported.source_name, reported.polarity) == ("Jean-Noël Barrot", "deny")


# --- roles ------------------------------------------------------------------------------

def test_claims_a_role_is_the_person_the_article_gave_it_in_the_same_words(claims_of):
    actors = {"Michel Barnier": ("Michel Barnier", "PER"), "Clara Chappaz": ("Clara Chappaz", "PER")}
    claims = claims_of("Le Premier ministre, Michel Barnier, a reçu les opérateurs. Le Premier ministre, qui a appelé "
                       "au « calme » dans les meilleurs délais, n'a pas commenté la décision.", actors)
    claim = next(c for c in claims if "commenté" in c.text)
    assert (claim.actor_name, claim.polarity) == ("Michel Barnier", "deny")
    claims = claims_of("La secrétaire d’État chargée du numérique et de l'intelligence artificielle, Clara Chappaz, "
                       "a salué la loi. La secrétaire d'État souhaite une majorité numérique européenne.", actors)
    claim = next(c for c in claims if "souhaite" in c.text)
    assert claim.actor_name == "Clara Chappaz"


def test_claims_a_role_the_article_gave_no_one_gives_the_claim_with_no_actor(claims_of):
    # "le ministre de l'Économie" was given to no one here: the claim is found, its actor left empty
    claims = claims_of("Michel Barnier a reçu les opérateurs. Le ministre de l'Économie a annoncé une taxe sur les "
                       "petits colis.", {"Michel Barnier": ("Michel Barnier", "PER")})
    claim = next(c for c in claims if "taxe" in c.text)
    assert (claim.actor_id, claim.actor_name) == ("", "")


def test_claims_the_spokesperson_s_organisation_is_a_pronoun_s_antecedent(claims_of):
    # "un porte-parole du groupe" speaks for the group: "il" in the next sentence can be the group
    text = ("« Nous poursuivrons le dialogue », a déclaré un porte-parole du groupe. "
            "La Commission a estimé qu'il ne respecte pas le règlement.")
    claims = claims_of(text, {"groupe": ("Meta", "ORG"), "Commission": ("Commission européenne", "GOV")},
                       described={"groupe"})
    claim = next(c for c in claims if "respecte" in c.text)
    assert (claim.actor_name, claim.source_name, claim.polarity) == ("Meta", "Commission européenne", "deny")


# --- quotations -------------------------------------------------------------------------

def test_claims_a_clause_quoted_whole_is_the_quote_not_a_claim(claims_of):
    actors = {"Thierry Breton": ("Thierry Breton", "PER"), "X": ("X", "ORG"), "AFP": ("AFP", "MEDIA")}
    text = "« X doit se conformer pleinement au DSA et protéger les mineurs », a déclaré Thierry Breton."
    assert claims_of(text, actors, quotes=[("X doit se conformer pleinement au DSA et protéger les mineurs",
                                            "Thierry Breton")]) == []
    # a partial quotation inside the clause does not make it a quote
    claim = only(claims_of("Thierry Breton a affirmé que X « doit se conformer » au DSA.", actors))
    assert (claim.actor_name, claim.source_name) == ("X", "Thierry Breton")


def test_claims_a_news_agency_s_dispatch_quoted_whole_is_still_reporting(claims_of):
    text = "« La Commission a ouvert une enquête contre X », explique une dépêche de l'AFP."
    actors = {"Commission": ("Commission européenne", "GOV"), "X": ("X", "ORG"), "AFP": ("AFP", "MEDIA")}
    claim = only(claims_of(text, actors, quotes=[("La Commission a ouvert une enquête contre X", "AFP")]))
    assert (claim.actor_name, claim.source_name) == ("Commission européenne", "AFP")
    text = "« Meta va durement toucher notre profession », a réagi l'AFP."  # the agency speaking: first person
    actors["Meta"] = ("Meta", "ORG")
    assert claims_of(text, actors, quotes=[("Meta va durement toucher notre profession", "AFP")]) == []


def test_claims_a_speech_verb_used_reflexively_reports_nothing(article_of, extractor):
    # "poursuivre" reports speech ("poursuit-il"); "l'enquête se poursuit" does not
    from pipeline.actors.link import MentionIndex
    from pipeline.claims.context import read_segment
    from pipeline.claims.frames import speech as reports_speech

    def speech(text, word):
        segment = next(s for s in article_of(text).segments if s.doc is not None)
        ctx = read_segment(segment, MentionIndex([]), [], extractor.lexicon, extractor.matcher(segment.doc), None)
        return reports_speech(ctx, next(t for t in segment.doc if t.text == word))

    assert speech("« Nous irons jusqu'au bout », poursuit le ministre.", "poursuit")
    assert not speech("L'enquête visant Shein se poursuit depuis avril.", "poursuit")


def test_claims_a_reported_copula_is_read_whole_after_a_misread_denial(claims_of):
    # "dément" is tagged as an adverb: the clause after que is read positionally, to its adjective
    claim = only(claims_of("Dans un communiqué, la plateforme chinoise Temu dément que ses produits soient moins "
                           "sûrs que ceux de ses concurrents.", {"Temu": ("Temu", "ORG")}))
    assert claim.text == "ses produits soient moins sûrs que ceux de ses concurrents"
    assert (claim.actor_name, claim.polarity) == ("Temu", "deny")


def test_claims_ce_que_with_the_subject_after_the_verb_denies_the_clause_it_takes_up(claims_of):
    # "conteste" may be tagged as a noun and "Meta" as its complement: the subject comes after the verb
    claims = claims_of("Le CEPD estime au contraire que les clauses types utilisées par le groupe ne protègent pas "
                       "les Européens contre la surveillance américaine, ce que conteste Meta.",
                       {"CEPD": ("CEPD", "GOV"), "Meta": ("Meta", "ORG")})
    claim = next(c for c in claims if c.actor_name == "Meta")
    assert claim.polarity == "deny" and claim.text.endswith("ce que conteste Meta")
    assert "ne protègent pas" in claim.text and "Le CEPD" not in claim.text


def test_claims_an_agent_noun_alone_is_the_actor_the_article_gave_it_before(claims_of):
    actors = {"Arcep": ("Arcep", "GOV"), "Free": ("Free", "ORG")}
    claims = claims_of("Le collège de l'Arcep a sanctionné Free. Le collège a également décidé de ne pas publier "
                       "sa décision.", actors)
    claim = next(c for c in claims if "publier" in c.text)
    assert claim.actor_name == "Arcep"
    # never given a de-complement in the article: no actor found that way
    claims = claims_of("L'Arcep a sanctionné Free. Le collège a également décidé de ne pas publier sa décision.",
                       actors)
    assert not any("publier" in c.text and c.actor_name == "Arcep" for c in claims)


def test_claims_a_pronoun_the_reporter_cannot_be_is_the_actor_named_in_its_sentence(claims_of):
    # "il" cannot be "la Commission": it is Google, named in the same sentence but not a core argument
    # (the tagger's feminine for the bare name "Google" is a guess, not the name's gender)
    claims = claims_of("La Commission a ouvert une enquête contre Google en estimant qu'il ne respectait pas le DMA.",
                       {"Commission": ("Commission européenne", "GOV"), "Google": ("Google", "ORG")})
    claim = next(c for c in claims if "respectait" in c.text)
    assert (claim.actor_name, claim.source_name) == ("Google", "Commission européenne")


def test_claims_avant_de_with_a_speech_verb_reports_its_que_clause(claims_of):
    # the incise frames the quotation; "avant de préciser que P" reports P for the one who wrote it
    claims = claims_of("« Toute la flotte tomberait en panne si je la coupais », a écrit Elon Musk, avant de préciser, "
                       "quelques heures plus tard, qu'il ne le ferait « jamais ».", {"Elon Musk": ("Elon Musk", "PER")})
    claim = only(claims)
    assert claim.text == "il ne le ferait « jamais »"
    assert (claim.actor_name, claim.source_name, claim.polarity) == ("Elon Musk", "Elon Musk", "deny")


# --- an assessment whose subject is no actor ---------------------------------------------

def test_claims_an_assessment_before_a_speech_incise_is_held_by_the_speaker(claims_of):
    # the subject ("une panne") names no actor: the one who says it holds it, actor and source
    claim = only(claims_of("Une coupure totale du réseau serait surprenante à ce stade, poursuit Paul Durand.",
                           {"Paul Durand": ("Paul Durand", "PER")}))
    assert (claim.actor_name, claim.source_name) == ("Paul Durand", "Paul Durand")
    assert claim.text == "Une coupure totale du réseau serait surprenante à ce stade"
    claim = only(claims_of("Le piratage ne vise pas les données des clients, a précisé la Banque Nordique.",
                           {"Banque Nordique": ("Banque Nordique", "ORG")}))
    assert (claim.actor_name, claim.polarity) == ("Banque Nordique", "deny")


def test_claims_pour_and_selon_do_not_make_a_clause_their_actor_s(claims_of):
    # "selon X" vouches for a fact nobody does; "Pour X," is as often the topic as the view: no claim
    assert claims_of("Selon la CNIL, près de deux millions de comptes ont été touchés en France.",
                     {"CNIL": ("CNIL", "GOV")}) == []
    assert claims_of("Pour Orange, la facture reste nettement plus lourde.", {"Orange": ("Orange", "ORG")}) == []


def test_claims_an_assessment_with_a_pronoun_or_anaphoric_subject_is_not_guessed(claims_of):
    # "Ces dernières" points back to something the rules do not resolve; "à l'agence" is who was told
    claims = claims_of("Ces dernières étaient encore en ligne mardi, ont indiqué des chercheurs à l'agence Reuters.",
                       {"Reuters": ("Reuters", "MEDIA")})
    assert not any(c.actor_name == "Reuters" for c in claims), [(c.actor_name, c.text) for c in claims]


def test_claims_a_short_name_in_parentheses_names_the_phrase(claims_of):
    # the actor stage found only the acronym; the parser hung it on the last noun of the phrase
    claim = only(claims_of("Le Centre national de cybersécurité (NCSC) a publié un rapport sur l'attaque.",
                           {"NCSC": ("NCSC", "GOV")}))
    assert claim.actor_name == "NCSC"
    claims = claims_of("Les pays occidentaux, notamment les États-Unis mais aussi l'Union européenne (UE), "
                       "ont durci leurs contrôles.",
                       {"États-Unis": ("États-Unis", "GOV"), "UE": ("Union européenne", "GOV"),
                        "Union européenne": ("Union européenne", "GOV")})
    assert not any(c.actor_name == "Union européenne" for c in claims), [(c.actor_name, c.text) for c in claims]


def test_claims_an_inverted_pronoun_incise_after_the_clause_reports_its_subject(claims_of):
    claim = only(claims_of("La ministre de la Culture, Anne Leroy, convoque les dirigeants de la plateforme, "
                           "a-t-elle annoncé lundi.", {"Anne Leroy": ("Anne Leroy", "PER")}))
    assert (claim.actor_name, claim.source_name) == ("Anne Leroy", "Anne Leroy")


def test_claims_il_with_no_actor_in_reach_takes_up_the_latest_quote_s_speaker(claims_of):
    # the quote stage made Paul Durand the speaker of « … », explique-t-il; the next il is him
    text = ("Paul Durand a écrit lundi au réseau social. « Les règles sont claires », explique-t-il. "
            "Il ordonne à la plateforme de répondre sous huit jours.")
    claims = claims_of(text, {"Paul Durand": ("Paul Durand", "PER")},
                       quotes=[("Les règles sont claires", "Paul Durand")])
    claim = next(c for c in claims if c.text.startswith("Il ordonne"))
    assert claim.actor_name == "Paul Durand"


# --- reported clauses ----------------------------------------------------------------------

def test_claims_a_que_clause_wholly_in_quotation_marks_after_the_reporter_s_que_is_a_claim(claims_of):
    text = "Le ministre Paul Durand a annoncé mardi que « Spotify a accepté d'ouvrir un bureau à Rabat »."
    claim = only(claims_of(text, {"Paul Durand": ("Paul Durand", "PER"), "Spotify": ("Spotify", "ORG")},
                           quotes=[("Spotify a accepté d'ouvrir un bureau à Rabat", "Paul Durand")]))
    assert (claim.actor_name, claim.source_name) == ("Spotify", "Paul Durand")
    # a quoted clause whose subject names no actor stays the quotation's alone
    text = "Le tribunal reconnaît que « la fuite ne peut être entièrement écartée »."
    assert claims_of(text, {"tribunal": ("tribunal de Paris", "GOV")},
                     quotes=[("la fuite ne peut être entièrement écartée", "tribunal de Paris")]) == []
    # a quotation with no que of the reporter before it stays the quote's alone
    text = "« Spotify a accepté d'ouvrir un bureau à Rabat », a annoncé mardi le ministre Paul Durand."
    assert claims_of(text, {"Paul Durand": ("Paul Durand", "PER"), "Spotify": ("Spotify", "ORG")},
                     quotes=[("Spotify a accepté d'ouvrir un bureau à Rabat", "Paul Durand")]) == []


def test_claims_a_copula_judging_the_subject_of_a_que_clause_is_the_reporter_s_claim(claims_of):
    actors = {"Paul Durand": ("Paul Durand", "PER"), "Spotify": ("Spotify", "ORG")}
    claim = only(claims_of("Paul Durand a déclaré que Spotify était « profondément irresponsable ».", actors))
    assert (claim.actor_name, claim.source_name) == ("Paul Durand", "Paul Durand")
    # a state of the subject's own (STANCE in claims.jsonl) stays the subject's
    claim = only(claims_of("Paul Durand a déclaré que Spotify était prêt à négocier.", actors))
    assert (claim.actor_name, claim.source_name) == ("Spotify", "Paul Durand")
    claim = only(claims_of("Paul Durand a déclaré que Spotify allait quitter le marché.", actors))
    assert claim.actor_name == "Spotify"


def test_claims_the_short_name_wins_over_a_name_the_actor_stage_cut_short(claims_of):
    text = "L'Autorité de régulation des postes de la Guinée (ARPG) a publié un communiqué."
    claim = only(claims_of(text, {"Autorité de régulation des postes de": ("Autorité de régulation des postes de", "GOV"),
                                  "ARPG": ("ARPG", "GOV")}))
    assert claim.actor_name == "ARPG"
    # the whole name before its parenthesis stays the name
    text = "L'Autorité de régulation des postes (ARPG) a publié un communiqué."
    claim = only(claims_of(text, {"Autorité de régulation des postes": ("Autorité de régulation des postes", "GOV"),
                                  "ARPG": ("ARPG", "GOV")}))
    assert claim.actor_name == "Autorité de régulation des postes"


def test_claims_a_speech_incise_hung_on_the_clause_holds_it_and_stays_out_of_its_words(claims_of):
    # the parser hangs "a déclaré" on "devrait" (advcl) instead of making it a clause of its own
    claim = only(claims_of("La décision américaine devrait affecter la production de l'usine, a déclaré mercredi "
                           "le ministère néerlandais de l'Economie.",
                           {"ministère néerlandais de l'Economie": ("ministère néerlandais de l'Economie", "GOV")}))
    assert (claim.actor_name, claim.source_name) == ("ministère néerlandais de l'Economie",
                                                     "ministère néerlandais de l'Economie")
    assert claim.text == "La décision américaine devrait affecter la production de l'usine"


# --- names the actor stage missed or misread -------------------------------------------------

def test_claims_a_subject_name_linked_elsewhere_in_the_article_is_that_actor(article_of, extractor):
    text = "Alpine a fermé ses agences lundi. Alpine emploie encore quelque deux mille personnes."
    article = article_of(text)
    second = text.index("Alpine emploie")
    mentions = [m for m in mentions_in(article, {"Alpine": ("Coopérative Alpine", "ORG")}) if m.start < second]
    claims = extractor.extract(article, mentions, [], [])  # the actor stage missed the second "Alpine"
    assert any(c.text.startswith("Alpine emploie") and c.actor_name == "Coopérative Alpine" for c in claims), \
        [(c.actor_name, c.text) for c in claims]


def test_claims_a_place_the_actor_stage_left_a_place_does_not_act(claims_of, article_of, extractor):
    # whether a place acts is the actor stage's call (metonymy.txt: it types an acting place GOV);
    # a name its NER typed as a place stays one, also as the subject of a finite verb
    text = "Montréal accueille le sommet du G7 cette année."
    article = article_of(text)
    mentions = [replace(m, method="ner") for m in mentions_in(article, {"Montréal": ("Montréal", "LOC")})]
    assert extractor.extract(article, mentions, [], []) == []
    acting = "Québec resserre ses mesures de sécurité informatique."
    claim = only(claims_of(acting, {"Québec": ("Québec", "GOV")}))
    assert claim.actor_name == "Québec"


def test_claims_il_right_after_the_que_of_a_speech_verb_is_its_subject(nlp, extractor):
    # the parse of the real page: "va" the main clause, "a indiqué" hung on it (advcl), so la Chine sits
    # inside the pronoun's own clause, where antecedents are not looked for
    words = ["La", "Chine", "a", "indiqué", "qu'", "elle", "va", "stopper", "les", "exportations", "."]
    article = hand_article(
        nlp, words, heads=[1, 3, 3, 6, 6, 6, 6, 6, 9, 7, 6],
        deps=["det", "nsubj", "aux:tense", "advcl", "mark", "nsubj", "ROOT", "xcomp", "det", "obj", "punct"],
        pos=["DET", "PROPN", "AUX", "VERB", "SCONJ", "PRON", "VERB", "VERB", "DET", "NOUN", "PUNCT"],
        lemmas=["le", "Chine", "avoir", "indiquer", "que", "elle", "aller", "stopper", "le", "exportation", "."],
        morphs=["", "", "Mood=Ind|VerbForm=Fin", "VerbForm=Part", "", "", "Mood=Ind|VerbForm=Fin", "VerbForm=Inf",
                "", "", ""])
    claims = extractor.extract(article, mentions_in(article, {"Chine": ("Chine", "GOV")}), [], [])
    claim = next(c for c in claims if c.text.startswith("elle va"))
    assert claim.actor_name == "Chine"


def test_claims_a_role_apposed_after_the_name_is_that_person_later(claims_of):
    text = ("Selon Paul Durand, préposé cantonal à la protection des données, la fuite est grave. "
            "Le préposé a exigé des informations de l'opérateur.")
    claims = claims_of(text, {"Paul Durand": ("Paul Durand", "PER")})
    claim = next(c for c in claims if c.text.startswith("Le préposé"))
    assert claim.actor_name == "Paul Durand"


def test_claims_the_spokesperson_named_earlier_is_that_person_not_the_ministry(claims_of):
    actors = {"Li Wei": ("Li Wei", "PER"), "ministère du Commerce": ("ministère du Commerce", "GOV")}
    claims = claims_of("« Ces sanctions sont injustes », a déclaré Li Wei, porte-parole du ministère du Commerce. "
                       "Le porte-parole a aussi annoncé des mesures de rétorsion.", actors)
    claim = next(c for c in claims if c.text.startswith("Le porte-parole"))
    assert claim.actor_name == "Li Wei"
    # never named: the spokesperson stands for the ministry
    claims = claims_of("Le porte-parole du ministère du Commerce a réagi lundi. Le porte-parole a aussi annoncé "
                       "des mesures de rétorsion.", actors)
    claim = next(c for c in claims if c.text.startswith("Le porte-parole a aussi"))
    assert claim.actor_name == "ministère du Commerce"
