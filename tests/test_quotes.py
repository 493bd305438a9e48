"""Quotes: direct and reported speech, each attributed to a canonical speaker.

French sentences as data; speakers are clear named people or well-known organisations, so the
tests hold with whatever the actor stage makes of other words.
"""

from __future__ import annotations

import pytest


def only(quotes, kind="direct"):
    found = [quote for quote in quotes if quote.kind == kind]
    assert len(found) == 1, [(q.kind, q.text) for q in quotes]
    return found[0]


def test_speech_verb_list_has_at_least_150_lemmas(rules):
    verbs = rules.wordlist("speech_verbs")
    assert len(verbs) >= 150
    assert {"se défendre", "mettre en garde", "faire valoir", "contextualiser"} <= verbs


def test_inverted_attribution_after_quote_names_speaker(quotes_of):
    quote = only(quotes_of("« Les plateformes doivent respecter la loi européenne », "
                           "a déclaré mardi Thierry Breton."))
    assert quote.text == "Les plateformes doivent respecter la loi européenne"
    assert (quote.speaker_name, quote.cue, quote.rule) == ("Thierry Breton", "déclarer", "inversion")


def test_speech_verb_before_colon_names_its_subject(quotes_of):
    quote = only(quotes_of("Thierry Breton a déclaré : « Nous allons sanctionner les plateformes "
                           "qui trichent. »"))
    assert (quote.speaker_name, quote.cue, quote.rule) == ("Thierry Breton", "déclarer", "subject")


def test_unlemmatised_inverted_verb_is_still_a_cue(quotes_of):
    quote = only(quotes_of("Thierry Breton a présenté le texte à Bruxelles. « Le consentement n'est "
                           "pas une simple formalité administrative », estime-t-il."))
    assert quote.cue == "estimer"  # fr_core_news_md leaves "estime" as its own lemma


def test_pronoun_speaker_resolves_to_last_named_person(quotes_of):
    quote = only(quotes_of("Marie-Laure Denis a présenté mardi le bilan annuel de l'autorité. "
                           "« Les règles s'appliquent à tous les acteurs, quelle que soit leur "
                           "taille », a-t-elle ajouté."))
    assert quote.speaker == "elle"
    assert quote.speaker_name == "Marie-Laure Denis"
    assert quote.rule == "inversion/pronoun"


def test_reflexive_cue_keeps_its_reflexive_lemma(quotes_of):
    quote = only(quotes_of("« Nous respectons toutes les lois en vigueur en Europe », s'est défendu "
                           "Thierry Breton auprès de l'AFP."))
    assert (quote.cue, quote.speaker_name) == ("se défendre", "Thierry Breton")


def test_quote_over_two_paragraphs_is_one_quote(quotes_of):
    quotes = quotes_of("Thierry Breton a déclaré : « L'Europe fixe enfin des règles claires pour "
                       "l'intelligence artificielle.\n\n« Cet accord est une rampe de lancement pour "
                       "nos entreprises. »\n\nLe texte doit encore être adopté.")
    quote = only(quotes)
    assert quote.text.startswith("L'Europe fixe enfin")
    assert quote.text.endswith("nos entreprises.")
    assert "\n\n« Cet accord" in quote.text
    assert quote.speaker_name == "Thierry Breton"


def test_unclosed_quote_ends_at_paragraph_end(quotes_of):
    quotes = quotes_of("Thierry Breton a déclaré : « Nous irons jusqu'au bout de cette procédure "
                       "contre la plateforme\n\nLa Commission n'a pas commenté cette déclaration.")
    quote = only(quotes)
    assert quote.text.endswith("contre la plateforme")
    assert quote.speaker_name == "Thierry Breton"


def test_incise_splits_quote_with_same_speaker(quotes_of):
    quotes = quotes_of("« La Chine représente un marché immense pour nos puces », a ajouté Thierry "
                       "Breton lors d'un déplacement, « et il serait regrettable d'en être exclu ».")
    first, second = [quote for quote in quotes if quote.kind == "direct"]
    assert first.text == "La Chine représente un marché immense pour nos puces"
    assert second.text == "et il serait regrettable d'en être exclu"
    assert first.speaker_name == second.speaker_name == "Thierry Breton"
    assert second.rule == "incise"


def test_nested_quotes_stay_inside_outer_quote(quotes_of):
    quote = only(quotes_of("« Nous parlons d'une “décision historique” pour toute l'Europe », a "
                           "déclaré Thierry Breton."))
    assert quote.text == "Nous parlons d'une “décision historique” pour toute l'Europe"


@pytest.mark.parametrize("text", [
    '"Nous réduisons nos dépendances stratégiques", a déclaré Thierry Breton.',
    "“Nous réduisons nos dépendances stratégiques”, a déclaré Thierry Breton.",
    "«\u202fNous réduisons nos dépendances stratégiques\u202f», a déclaré Thierry Breton.",
    "«Nous réduisons nos dépendances stratégiques», a déclaré Thierry Breton.",
])
def test_every_kind_of_quotation_mark_makes_a_quote(quotes_of, text):
    quote = only(quotes_of(text))
    assert quote.text == "Nous réduisons nos dépendances stratégiques"
    assert quote.speaker_name == "Thierry Breton"


def test_scare_quotes_are_not_quotes(quotes_of):
    quotes = quotes_of("La Commission enquête sur le « design addictif » de l'application. La loi, "
                       "dite « loi SREN », est entrée en vigueur. Le texte vise les « dark patterns ».")
    assert quotes == []


def test_colon_introduction_without_verb_names_speaker(quotes_of):
    quote = only(quotes_of("Pour Marie-Laure Denis : « Le consentement n'est pas une formalité pour "
                           "les services en ligne. »"))
    assert (quote.speaker_name, quote.cue, quote.rule) == ("Marie-Laure Denis", ":", "colon")


def test_pour_introduction_with_comma_has_cue_pour(quotes_of):
    quote = only(quotes_of("Pour Thierry Breton, « la Commission ne reculera pas devant les géants "
                           "du numérique »."))
    assert (quote.speaker_name, quote.cue) == ("Thierry Breton", "pour")


def test_previous_quote_speaker_in_same_paragraph(quotes_of):
    quotes = quotes_of("« Nous ne céderons rien aux grandes plateformes », a déclaré Thierry Breton. "
                       "« Les règles européennes s'appliquent à tous les acteurs du marché. »")
    second = [quote for quote in quotes if quote.kind == "direct"][1]
    assert (second.speaker_name, second.rule) == ("Thierry Breton", "previous")


def test_next_sentence_attributes_a_standalone_quote(quotes_of):
    quotes = quotes_of("« Non, je ne peux pas le garantir. » Interrogé par le Sénat, Thierry Breton a "
                       "reconnu que les données pouvaient être transmises.")
    quote = only(quotes)
    assert (quote.speaker_name, quote.rule, quote.cue) == ("Thierry Breton", "next", "reconnaître")


def test_unnamed_spokesperson_is_the_organisation(quotes_of):
    quote = only(quotes_of("« Nous allons examiner la décision avec attention », a fait savoir un "
                           "porte-parole de Google."))
    assert quote.speaker == "un porte-parole de Google"
    assert quote.speaker_name == "Google"
    assert quote.cue == "faire savoir"


def test_que_clause_is_an_indirect_quote(quotes_of):
    quote = only(quotes_of("Thierry Breton a affirmé mardi que la Commission sanctionnerait les "
                           "plateformes récalcitrantes."), "indirect")
    assert quote.text == "la Commission sanctionnerait les plateformes récalcitrantes"
    assert (quote.speaker_name, quote.cue, quote.rule) == ("Thierry Breton", "affirmer", "indirect-que")


def test_selon_before_clause_names_speaker_of_reported_speech(quotes_of):
    quote = only(quotes_of("Selon Thierry Breton, la Commission va ouvrir une enquête sur la "
                           "plateforme."), "indirect")
    assert quote.text == "la Commission va ouvrir une enquête sur la plateforme"
    assert (quote.speaker_name, quote.cue, quote.rule) == ("Thierry Breton", "selon", "indirect-selon")


def test_selon_after_clause_reports_the_clause(quotes_of):
    quote = only(quotes_of("L'impact financier de la mesure sera limité, d'après Thierry Breton."),
                 "indirect")
    assert quote.text == "L'impact financier de la mesure sera limité"
    assert (quote.speaker_name, quote.cue) == ("Thierry Breton", "d'après")


def test_selon_without_speaker_is_not_a_quote(quotes_of):
    quotes = quotes_of("Selon le calendrier prévu, le texte sera adopté en 2024. Selon les termes du "
                       "règlement, l'amende peut atteindre 6 % du chiffre d'affaires.")
    assert quotes == []


def test_anonymous_source_has_no_actor(quotes_of):
    quote = only(quotes_of("Selon certaines sources, la plateforme va quitter le marché européen."),
                 "indirect")
    assert quote.speaker == "certaines sources"
    assert quote.speaker_actor_id == quote.speaker_name == ""


def test_inverted_verb_after_clause_is_reported_speech(quotes_of):
    quote = only(quotes_of("Mais les décrets d'application se font attendre, déplorent plusieurs "
                           "experts du secteur."), "indirect")
    assert quote.text == "Mais les décrets d'application se font attendre"
    assert (quote.cue, quote.rule, quote.speaker_name) == ("déplorer", "indirect-inversion/anonymous", "")


def test_quote_inside_reported_speech_shares_its_speaker(quotes_of):
    quotes = quotes_of("Selon Thierry Breton, l'État doit « cesser de confier ses données sensibles "
                       "à des acteurs étrangers ».")
    direct = only(quotes)
    assert (direct.speaker_name, direct.cue) == ("Thierry Breton", "selon")
    assert only(quotes, "indirect").text.startswith("l'État doit")


def test_quote_ids_follow_document_order(quotes_of):
    quotes = quotes_of("Thierry Breton a affirmé que la Commission agirait vite. « Nous ne céderons "
                       "rien aux plateformes », a-t-il ajouté.")
    assert [quote.quote_id for quote in quotes] == ["test/article:q1", "test/article:q2"]
    assert [quote.start for quote in quotes] == sorted(quote.start for quote in quotes)


def test_spokesperson_after_a_prepositional_phrase_is_the_speaker(quotes_of):
    quote = only(quotes_of('"Il n\'existe aucune preuve contre nos équipements", a réagi auprès de '
                           "l'AFP un porte-parole de Google."))
    assert (quote.speaker, quote.speaker_name, quote.cue) == ("un porte-parole de Google", "Google", "réagir")


# --- generalisation: sentences written for the failure classes of a held-out evaluation -----
# Each row of tests/data/quotes_generalisation.jsonl is a short article (new stories, none from
# the tuning corpus) with the quotes it must give: [kind, words the quote contains, canonical
# speaker ("" = none), cue (null = not checked)].

def _generalisation_rows():
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "quotes_generalisation.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("row", _generalisation_rows(), ids=lambda row: row["id"])
def test_speaker_attribution_generalises(quotes_of, row):
    quotes = quotes_of(row["text"])
    for kind, words, speaker, cue in row["quotes"]:
        found = [quote for quote in quotes if quote.kind == kind and words in quote.text]
        assert found, (kind, words, [(q.kind, q.text) for q in quotes])
        quote = found[0]
        assert quote.speaker_name == speaker, (words, quote.speaker, quote.speaker_name, quote.rule)
        if cue is not None:
            assert quote.cue == cue, (words, quote.cue, quote.rule)


def test_person_apposed_between_commas_is_the_speaker_not_the_company_before_it(quotes_of):
    quotes = quotes_of("Dans un billet de blog, le directeur juridique de Google, Kent Walker, fait valoir "
                       "que les changements exigés par Bruxelles dégraderaient la qualité des résultats.")
    quote = only(quotes, "indirect")
    assert (quote.speaker_name, quote.cue) == ("Kent Walker", "faire valoir")


def test_pronoun_after_a_reported_statement_picks_up_its_speaker(quotes_of):
    quotes = quotes_of("Bruxelles a ouvert une procédure contre Alphabet.\n\n"
                       "Le directeur juridique de Google, Kent Walker, fait valoir que les changements "
                       "exigés par Bruxelles dégraderaient la qualité des résultats. « Les Européens veulent "
                       "des réponses rapides et pertinentes », a-t-il ajouté.")
    quote = only(quotes, "direct")
    assert (quote.speaker, quote.speaker_name) == ("il", "Kent Walker")


@pytest.mark.parametrize("text, first", [
    ("Le groupe californien dément que ses règles aient freiné la concurrence et fait remarquer "
     "que Spotify détient 56 % du marché.", "ses règles aient freiné la concurrence"),
    ("La ministre a toutefois concédé que ces mesures ne suffiront pas à elles seules, tout en estimant "
     "que la Chine avait pris plusieurs années de retard.", "ces mesures ne suffiront pas à elles seules"),
])
def test_que_clause_ends_where_the_next_report_begins(quotes_of, text, first):
    reported = [quote.text for quote in quotes_of(text) if quote.kind == "indirect"]
    assert reported[0] == first
    assert len(reported) == 2


def test_attribution_between_commas_inside_the_marks_splits_the_quote(quotes_of):
    quotes = quotes_of("« Nous voulons que nos enfants aient une enfance, a déclaré le premier ministre, "
                       "Anthony Albanese, et que les parents sachent que nous sommes à leurs côtés. »")
    direct = [quote for quote in quotes if quote.kind == "direct"]
    assert [quote.text for quote in direct] == [
        "Nous voulons que nos enfants aient une enfance",
        "et que les parents sachent que nous sommes à leurs côtés."]
    assert {quote.speaker_name for quote in direct} == {"Anthony Albanese"}
    assert {quote.cue for quote in direct} == {"déclarer"}


def test_participle_between_commas_inside_a_quote_does_not_split_it(quotes_of):
    quote = only(quotes_of("« Le service est accusé par le Congrès, accusé de donner accès à Pékin à des données, "
                           "ce qu'il a toujours nié », contextualise l'AFP."))
    assert quote.speaker_name == "AFP"


def test_second_coordinated_report_keeps_the_speaker_not_the_first_clause_subject(quotes_of):
    reported = [quote for quote in quotes_of(
        "Apple a été condamné.\n\nLe groupe californien, qui a annoncé faire appel, dément que ses règles "
        "aient freiné la concurrence et fait remarquer que Spotify détient 56 % du marché.") if quote.kind == "indirect"]
    assert [quote.speaker_name for quote in reported] == ["Apple", "Apple"]


# --- real news (issue 12): the right speaker or none ----------------------------------------------
# Sentences written for the error classes found on real French pages; names outside the gazetteer
# are invented where the rule must not depend on a list ("Oyelaran Bekele").

def direct_of(quotes, words):
    found = [quote for quote in quotes if quote.kind == "direct" and words in quote.text]
    assert len(found) == 1, [(q.kind, q.text) for q in quotes]
    return found[0]


def reported_of(quotes, words):
    found = [quote for quote in quotes if quote.kind == "indirect" and words in quote.text]
    assert len(found) == 1, [(q.kind, q.text) for q in quotes]
    return found[0]


def test_feminine_pronoun_takes_a_woman_whose_first_name_is_in_the_name_list(quotes_of):
    quotes = quotes_of("Megan Clarken, qui dirige Criteo, a défendu le modèle publicitaire du groupe. "
                       "L'association noyb a porté plainte à Vienne. « Nous respectons le règlement "
                       "européen », a-t-elle affirmé.")
    assert direct_of(quotes, "Nous respectons").speaker_name == "Megan Clarken"


def test_feminine_pronoun_does_not_go_to_a_place_named_after_the_woman(quotes_of):
    quotes = quotes_of("Marlène Masure dirige la filiale française de Deezer. Paris veut encadrer les "
                       "algorithmes de recommandation. Elle a affirmé que la plateforme respectait déjà "
                       "le droit européen.")
    assert reported_of(quotes, "la plateforme respectait").speaker_name == "Marlène Masure"


@pytest.mark.parametrize("introduction", [
    "Oyelaran Bekele, directrice générale de Criteo, a défendu le modèle du groupe.",
    "Oyelaran Bekele, la présidente de Criteo, a défendu le modèle du groupe.",
    "La présidente de Criteo, Oyelaran Bekele, a défendu le modèle du groupe.",
    "La sénatrice Oyelaran Bekele a défendu le modèle de Criteo.",
])
def test_a_feminine_title_next_to_an_unlisted_name_makes_her_the_antecedent_of_elle(quotes_of, introduction):
    quotes = quotes_of(introduction + " L'association noyb a porté plainte à Vienne. « Nous respectons "
                       "le règlement européen », a-t-elle affirmé.")
    assert direct_of(quotes, "Nous respectons").speaker_name == "Oyelaran Bekele"


def test_masculine_title_after_a_name_keeps_elle_from_him(quotes_of):
    quotes = quotes_of("Oyelaran Bekele, directeur général de Criteo, a défendu le modèle du groupe. "
                       "« Nous respectons le règlement européen », a-t-elle affirmé.")
    assert direct_of(quotes, "Nous respectons").speaker_name != "Oyelaran Bekele"


def test_plural_subject_of_a_speech_verb_is_no_antecedent_of_elle(quotes_of):
    quotes = quotes_of("Les services de la Commission européenne reprochent à Alphabet ses pratiques.\n\n"
                       "L'eurodéputée Stéphanie Yon-Courtin salue une étape attendue. « Chaque mois de "
                       "procédure coûte des parts de marché », a-t-elle déclaré.")
    assert direct_of(quotes, "Chaque mois").speaker_name == "Stéphanie Yon-Courtin"


@pytest.mark.parametrize("before", [
    "Emmanuel Macron veut une taxe sur les plateformes.",
    "Le ministre de l'Intérieur, Bruno Retailleau, a présenté le texte.",
    "",
])
def test_an_office_names_no_one_the_article_did_not_give_it(quotes_of, before):
    quotes = quotes_of(before + " Le ministre de l'Économie a rappelé que les plateformes doivent payer "
                       "leurs impôts en France.")
    quote = reported_of(quotes, "les plateformes doivent payer")
    assert (quote.speaker, quote.speaker_name) == ("Le ministre de l'Économie", "")
    assert quote.rule.endswith("/role")


def test_an_office_names_the_person_introduced_with_it(quotes_of):
    quotes = quotes_of("Roland Lescure, ministre de l'Économie, a présenté le budget. Emmanuel Macron veut "
                       "une taxe. Le ministre de l'Économie a rappelé que les plateformes doivent payer.")
    assert reported_of(quotes, "les plateformes doivent payer").speaker_name == "Roland Lescure"


def test_a_secretary_is_a_minister_in_french_copy(quotes_of):
    quotes = quotes_of("« Nous protégeons notre sécurité nationale », a déclaré la secrétaire au Commerce, "
                       "Gina Raimondo. La ministre a toutefois concédé que ces mesures ne suffiront pas.")
    assert reported_of(quotes, "ces mesures ne suffiront pas").speaker_name == "Gina Raimondo"


def test_an_epithet_is_the_person_who_last_spoke(quotes_of):
    quotes = quotes_of("« Nous revenons à nos racines », a affirmé Mark Zuckerberg, qui cite X, le réseau "
                       "social d'Elon Musk. Le milliardaire a reconnu que ce changement conduirait à "
                       "moins de modération.")
    assert reported_of(quotes, "ce changement conduirait").speaker_name == "Mark Zuckerberg"


def test_plural_role_words_name_no_one(quotes_of):
    quotes = quotes_of("Le ministre ukrainien Mykhaïlo Fedorov a salué le service. Selon des responsables "
                       "de l'industrie, aucun opérateur européen ne dispose d'une offre comparable.")
    assert reported_of(quotes, "aucun opérateur européen").speaker_name == ""


def test_a_company_noun_speaks_for_the_company_not_the_association_subject_before_it(quotes_of):
    quotes = quotes_of("Megan Clarken dirige Criteo. L'association noyb a déposé une plainte à Vienne. "
                       "« Nous allons faire appel », a déclaré l'entreprise.")
    assert direct_of(quotes, "faire appel").speaker_name == "Criteo"


def test_a_commission_after_an_inquiry_commission_is_not_the_regulator(quotes_of):
    quotes = quotes_of("Le Sénat a créé une commission d'enquête sur TikTok. L'Arcom a publié un rapport sur "
                       "les réseaux sociaux. La commission a estimé que la plateforme mettait en danger les mineurs.")
    assert reported_of(quotes, "mettait en danger").speaker_name != "Arcom"


def test_the_group_is_the_subject_not_a_name_in_its_complement(quotes_of):
    quotes = quotes_of("Meta, maison mère de Facebook et d'Instagram, a été condamnée. Le groupe a annoncé "
                       "qu'il ferait appel.")
    assert reported_of(quotes, "ferait appel").speaker_name == "Meta"


def test_judges_speak_for_their_court(quotes_of):
    quotes = quotes_of("La Cour suprême des États-Unis a confirmé la loi. Les neuf juges ont estimé à "
                       "l'unanimité que le texte ne violait pas la Constitution.")
    assert reported_of(quotes, "ne violait pas").speaker_name == "Cour suprême"


def test_the_group_of_a_person_is_the_company_he_is_affiliated_to(quotes_of):
    quotes = quotes_of("Meta a été condamnée à Dublin, et Instagram devra changer ses réglages. Le groupe "
                       "de Mark Zuckerberg a indiqué qu'il ferait appel de cette décision.")
    assert reported_of(quotes, "ferait appel").speaker_name == "Meta"


def test_a_description_with_no_compatible_antecedent_names_no_one(quotes_of):
    quotes = quotes_of("Bpifrance a investi dans plusieurs start-up du cloud. Microsoft domine pourtant le "
                       "secteur. Selon la banque publique, le marché français du cloud représenterait 16 "
                       "milliards d'euros.")
    assert reported_of(quotes, "le marché français").speaker_name != "Microsoft"


@pytest.mark.parametrize("verb, lemma", [("sourit", "sourire"), ("soupire", "soupirer"), ("a soupiré", "soupirer")])
def test_a_verb_of_manner_in_the_incise_attributes_the_quote(quotes_of, verb, lemma):
    quotes = quotes_of(f"« C'est une surveillance de masse qui ne dit pas son nom », {verb} Bastien Le Querrec, "
                       "juriste à La Quadrature du Net.")
    quote = direct_of(quotes, "surveillance de masse")
    assert quote.speaker.startswith("Bastien Le Querrec")
    assert (quote.speaker_name, quote.cue) == ("Bastien Le Querrec", lemma)


def test_a_document_speaks_for_the_agent_that_published_it(quotes_of):
    quotes = quotes_of("Cinq sites avaient reçu une mise en demeure de l'Arcom en août. Ils ont mis en place "
                       "des mesures de vérification de l'âge, selon un communiqué publié jeudi par le "
                       "gendarme français du numérique.")
    assert reported_of(quotes, "mesures de vérification").speaker_name == "Arcom"


@pytest.mark.parametrize("text, words, speaker", [
    ("Après quatre mois de travail, 178 personnes auditionnées, pour un total de 90 heures d'auditions, "
     "le président de la commission, Arthur Delaporte, souligne que le constat est accablant.",
     "le constat est accablant", "Arthur Delaporte"),
    ("Prenant en compte les risques des réseaux sociaux, notamment ceux liés à la santé mentale, le député "
     "Laurent Marcangeli considère que le législateur doit intervenir.", "le législateur doit intervenir",
     "Laurent Marcangeli"),
    ("Le secrétaire d'État chargé du numérique, Cédric O, avait lui-même reconnu qu'aucun acteur français ne "
     "répondait au cahier des charges.", "aucun acteur français", "Cédric O"),
])
def test_of_two_subjects_the_parser_gives_a_speech_verb_the_one_that_agrees_nearest_it_speaks(
        quotes_of, text, words, speaker):
    assert reported_of(quotes_of(text), words).speaker_name == speaker


def test_il_is_the_topic_of_its_paragraph_rather_than_the_speaker_of_the_one_before(quotes_of):
    quotes = quotes_of("« La Chine oblige les entreprises à livrer leurs données », a rappelé Kleanthi "
                       "Sardeli, juriste au sein de l'association noyb.\n\nTikTok, propriété du groupe chinois "
                       "ByteDance, dispose de six mois pour se conformer. Le groupe compte faire appel. Il y a "
                       "trois ans, il assurait encore qu'il n'avait jamais transféré de données vers la Chine.")
    assert reported_of(quotes, "jamais transféré").speaker_name == "TikTok"


def test_il_prefers_the_agent_of_a_sentence_to_a_person_in_its_complement(quotes_of):
    quotes = quotes_of("L'annonce a été préparée par Joel Kaplan, promu la semaine dernière directeur des "
                       "affaires publiques du groupe en remplacement du Britannique Nick Clegg. Sur Fox News, "
                       "il a fait valoir que Meta voulait revenir à ses racines.")
    assert reported_of(quotes, "revenir à ses racines").speaker_name == "Joel Kaplan"


def test_an_unnamed_spokesperson_speaks_for_the_organisation_its_sentence_opens_with(quotes_of):
    quotes = quotes_of("Le gouvernement néerlandais a pris le contrôle de Nexperia, détenu par le groupe "
                       "chinois Wingtech.\n\nLes juges ont suspendu le directeur général.\n\nNexperia fournit "
                       "des puces aux constructeurs. L'Association des constructeurs européens d'automobiles "
                       "(ACEA) a averti que des usines pourraient s'arrêter. Le groupe, qui emploie 12 500 "
                       "personnes, compte maintenir l'activité de ses sites européens, selon un porte-parole.")
    assert reported_of(quotes, "12 500 personnes").speaker_name == "Nexperia"


@pytest.mark.parametrize("incise", ["a soupiré LQDN vendredi", "a déclaré LQDN vendredi"])
def test_a_bare_name_right_after_an_inverted_verb_is_its_subject_whatever_its_parse_label(quotes_of, incise):
    quotes = quotes_of(f"« Ce texte installe une surveillance de masse », {incise}.")
    assert direct_of(quotes, "surveillance de masse").speaker_name == "La Quadrature du Net"


# --- speaker attribution on real news (issue 12) ---------------------------------------------

def test_a_gerund_after_an_inverted_incise_speaks_with_the_incise_subject(quotes_of):
    quotes = quotes_of("« Nous ne céderons pas au chantage des pirates », a déclaré Thierry Breton, "
                       "en précisant que la Commission porterait plainte.")
    reported = only(quotes, "indirect")
    assert reported.text.startswith("la Commission porterait plainte")
    assert reported.speaker_name == "Thierry Breton"


def test_an_adverbial_incise_inside_the_inverted_verb_keeps_the_attribution(quotes_of):
    quote = only(quotes_of("« Les règles valent pour tous », a, pour sa part, affirmé Thierry Breton "
                           "dans un communiqué."))
    assert (quote.speaker_name, quote.cue, quote.rule) == ("Thierry Breton", "affirmer", "inversion")


def test_celle_ci_names_the_woman_just_introduced_not_her_organisation(quotes_of):
    quote = only(quotes_of("La plainte vient de l'avocate Zoé Vilain, présidente de l'association "
                           "Janus International. « Nous voulons une technologie éthique », a déclaré "
                           "celle-ci à l'AFP."))
    assert (quote.speaker, quote.speaker_name) == ("celle-ci", "Zoé Vilain")


def test_rien_n_indique_que_is_no_speech_the_inverted_verb_after_it_is(quotes_of):
    quote = only(quotes_of("Rien n'indique que d'autres données de l'administration soient menacées, "
                           "a encore précisé Thierry Breton."), "indirect")
    assert quote.text.startswith("Rien n'indique que")
    assert (quote.speaker_name, quote.cue) == ("Thierry Breton", "préciser")


def test_a_plural_role_names_no_one_person(quotes_of):
    quotes = quotes_of("Le ministre de l'Économie, Bruno Le Maire, a reçu les banques. Deux ministres "
                       "ont ensuite assuré que le secteur restait solide.")
    reported = only(quotes, "indirect")
    assert reported.speaker_actor_id == ""


def test_a_spokesperson_speaking_to_a_news_agency_speaks_for_the_organisation_not_the_agency(quotes_of):
    quotes = quotes_of("La CNIL a ouvert une enquête. « Les données des clients ne sont pas "
                       "concernées », indique un porte-parole à l'AFP.")
    assert only(quotes).speaker_name != "AFP"


def test_a_dateline_is_not_the_subject_and_the_office_of_the_lead_names_the_person_introduced_later(quotes_of):
    quotes = quotes_of("BRUXELLES — Le commissaire européen au marché intérieur affirme que l'Union ne "
                       "reculera pas.\n\nThierry Breton, commissaire européen au marché intérieur, a "
                       "rencontré les patrons des plateformes mardi.")
    reported = only(quotes, "indirect")
    assert reported.speaker.startswith("Le commissaire")
    assert reported.speaker_name == "Thierry Breton"


def test_an_office_two_people_hold_later_in_the_article_names_no_one(quotes_of):
    quotes = quotes_of("Le ministre de l'Économie affirme que la taxe sera maintenue.\n\nBruno Le Maire, "
                       "ministre de l'Économie, et Roland Lescure, ministre de l'Économie à son tour, "
                       "se sont succédé.")
    assert only(quotes, "indirect").speaker_actor_id == ""


def test_a_reported_clause_ending_with_a_quoted_fragment_is_an_indirect_quote_of_the_inverted_speaker(quotes_of):
    quotes = quotes_of("Le blocage des contenus journalistiques par Meta fait en sorte qu'on se croirait "
                       "« en Corée du Nord », affirme Thierry Breton.")
    reported = only(quotes, "indirect")
    assert reported.text.startswith("Le blocage des contenus")
    assert reported.speaker_name == "Thierry Breton"
    assert only(quotes, "direct").text == "en Corée du Nord"


def test_a_mostly_quoted_clause_before_an_inverted_verb_stays_a_direct_quote(quotes_of):
    quotes = quotes_of("La décision devrait « affecter la prévisibilité des futures opérations de "
                       "l'usine », a déclaré mercredi Thierry Breton.")
    assert [q.kind for q in quotes] == ["direct"]


def test_an_inverted_clitic_before_the_participle_still_reports_the_clause_before(quotes_of):
    quotes = quotes_of("Thierry Breton a salué les mesures prises. La Commission ne tirera pas de "
                       "conclusions hâtives sur la suite, a-t-il dit.")
    reported = only(quotes, "indirect")
    assert reported.text.startswith("La Commission ne tirera")
    assert reported.speaker_name == "Thierry Breton"


def test_laisser_savoir_is_a_speech_cue(quotes_of):
    quote = only(quotes_of("« Nous travaillons à rassurer les clients », a laissé savoir Thierry Breton."))
    assert (quote.speaker_name, quote.cue) == ("Thierry Breton", "laisser savoir")


def test_le_prepose_names_the_commissioner_introduced_with_that_title(quotes_of):
    quotes = quotes_of("Selon Adrian Lobsiger, préposé fédéral à la protection des données, l'opérateur a "
                       "réagi vite.\n\nLe préposé fédéral a ajouté que d'autres clients pourraient être "
                       "touchés.")
    reported = [q for q in quotes if q.kind == "indirect" and q.text.startswith("d'autres")]
    assert reported and reported[0].speaker_name == "Adrian Lobsiger"


def test_a_name_in_marks_inside_a_noun_phrase_is_no_quote(quotes_of):
    quotes = quotes_of("Une attaque ciblée contre la Suisse serait surprenante de la part du groupe "
                       "«Play», poursuit Thierry Breton.")
    assert [q.kind for q in quotes] == ["indirect"]
    assert quotes[0].speaker_name == "Thierry Breton"


def test_selon_l_etat_de_nos_connaissances_names_no_source(quotes_of):
    quotes = quotes_of("Selon l'état actuel de nos connaissances, les projets de la police ne sont pas "
                       "concernés.")
    assert [q for q in quotes if q.kind == "indirect"] == []


SPEAKER_CONSTRUCTIONS = [  # (behaviour, text, kind, speaker)
    ("another_role_word_with_the_whole_field_names_its_one_holder",
     "Margrethe Vestager, ministre des Postes et Télécommunications, a présenté le plan. « Il s'agit "
     "d'une manipulation grossière », dément la patronne des Postes et Télécommunications.",
     "direct", "Margrethe Vestager"),
    ("selon_a_body_the_ner_missed_speaks_through_its_acronym_in_parentheses",
     "Le vol ne fait pas partie d'une attaque ciblée, selon le Centre fédéral de défense informatique "
     "(CFDI).",
     "indirect", "CFDI"),
    ("tout_en_disant_que_speaks_with_the_incise_subject",
     "Thierry Breton a présenté le plan. « Nous protégerons le réseau électrique », a expliqué Thierry "
     "Breton, tout en disant que la Commission ne voulait pas donner d'idées aux pirates.",
     "indirect", "Thierry Breton"),
    ("a_speech_noun_of_a_person_before_a_colon_is_the_person_not_the_affiliation_in_parentheses",
     "Les adieux de Roch-Olivier Maistre (Arcom) : « Nous n'avons jamais reculé devant les géants »",
     "direct", "Roch-Olivier Maistre"),
    ("an_apposition_the_parser_reads_as_a_coordination_still_names_the_speaker",
     "L'association entend poursuivre le combat. Son président, le médecin Paul Durand, juge le "
     "jugement «décevant» et fait valoir que «chaque mois qui passe expose davantage les patients».",
     "indirect", "Paul Durand"),
    ("coordinated_speakers_the_first_one_speaks_and_a_civil_title_keeps_its_particle_name",
     "Eva De Bleeker et Charles Michel ont interrogé TikTok.\n\nLes plaintes ont montré que la protection "
     "des enfants laisse à désirer, expliquent Mme De Bleeker (Open Vld) et M. Michel (MR).",
     "indirect", "Eva De Bleeker"),
    ("l_operateur_public_is_the_public_agency_not_a_company",
     "France Travail a porté plainte après le vol de données chez Orange. « Les données de 43 millions "
     "de personnes ont pu être extraites », a expliqué l'opérateur public.",
     "direct", "France Travail"),
    ("elle_after_selon_x_is_the_source_of_the_selon",
     "Le groupe de pirates aurait visé la Belgique en représailles, selon Margrethe Vestager. "
     "« Il est très difficile de prouver l'origine d'une attaque », précise-t-elle.",
     "direct", "Margrethe Vestager"),
    ("a_subject_the_parser_hung_on_the_auxiliary_still_speaks",
     "Thierry Breton a rencontré les dirigeants d'Apple. Il a par ailleurs indiqué que le groupe "
     "n'avait pris aucun engagement.",
     "indirect", "Thierry Breton"),
    ("a_role_introduced_before_a_list_of_fields_names_its_holder_later",
     "Le ministre de la Communication, des Télécommunications et du Numérique, Moussa Diallo, a "
     "ouvert le salon jeudi. Selon le ministre, le pays doit devenir souverain numériquement.",
     "indirect", "Moussa Diallo"),
    ("the_subject_of_a_passive_speech_verb_is_what_is_said_not_the_speaker",
     "Aucune nouvelle attaque n'a été annoncée pour l'instant, mais « d'autres pays seront "
     "probablement visés », avance Thierry Breton.",
     "direct", "Thierry Breton"),
]


@pytest.mark.parametrize("text, kind, speaker", [case[1:] for case in SPEAKER_CONSTRUCTIONS],
                         ids=[case[0] for case in SPEAKER_CONSTRUCTIONS])
def test_speaker_of_a_construction_of_real_news(quotes_of, text, kind, speaker):
    assert only(quotes_of(text), kind).speaker_name == speaker


def test_a_passive_speech_verb_with_a_nominal_subject_reports_nothing(quotes_of):
    quotes = quotes_of("Aucune autre attaque n'a été annoncée pour l'instant, mais il est probable que "
                       "d'autres pays seront visés.")
    assert [q for q in quotes if q.kind == "indirect"] == []


def test_a_name_in_marks_after_an_adjective_is_no_quote(quotes_of):
    quotes = quotes_of("Le groupe de pirates prorusse « Noname » aurait revendiqué une attaque de ce type.")
    assert [q for q in quotes if q.kind == "direct"] == []


def test_a_speech_verb_inside_the_next_quote_attributes_nothing_before_it(quotes_of):
    quotes = quotes_of("« Nous avons des problèmes sérieux avec Apple », a déclaré Margrethe Vestager. "
                       "« J'ai été très surprise par ces soupçons. » Et d'enfoncer le clou : « Je peux dire "
                       "que ce n'est pas ce qu'on attendait. »")
    assert [q.speaker_name for q in quotes if q.kind == "direct"] == ["Margrethe Vestager"] * 3


def test_a_quotation_coordinated_before_the_inverted_verb_shares_its_speaker(quotes_of):
    quotes = quotes_of("« Aucune carte bancaire n'est touchée », ni « aucun compte en ligne », a dit le "
                       "commissaire Thierry Breton.")
    assert [q.speaker_name for q in quotes if q.kind == "direct"] == ["Thierry Breton", "Thierry Breton"]


@pytest.mark.parametrize("text", [
    "Les sites doivent vérifier l'âge des visiteurs pour s'assurer que l'utilisateur est bien majeur.",
    "C'est peu dire que la Commission européenne a fait le service minimum.",
    "La Commission a ouvert une enquête contre Meta, selon le Digital Markets Act.",
    "Thierry Breton a proposé de nouvelles règles afin que les plateformes protègent mieux les mineurs.",
    "Thierry Breton a annoncé des sanctions de sorte que les plateformes ne puissent plus tricher.",
], ids=["s_assurer_que_is_making_sure", "c_est_peu_dire_que_is_an_idiom", "a_law_after_selon_says_nothing",
        "afin_que_is_a_purpose_not_a_report", "de_sorte_que_is_a_consequence_not_a_report"])
def test_constructions_that_look_like_reported_speech_but_report_no_one(quotes_of, text):
    assert [q for q in quotes_of(text) if q.kind == "indirect"] == []


def test_a_present_participle_after_a_que_clause_reports_a_second_proposition_of_the_same_speaker(quotes_of):
    quotes = [q for q in quotes_of("Thierry Breton a indiqué que la Commission avait reçu la réponse d'Apple, "
                                   "ajoutant que l'enquête resterait ouverte jusqu'à l'été.") if q.kind == "indirect"]
    assert [(q.text, q.cue, q.speaker_name) for q in quotes] == [
        ("la Commission avait reçu la réponse d'Apple", "indiquer", "Thierry Breton"),
        ("l'enquête resterait ouverte jusqu'à l'été", "ajouter", "Thierry Breton")]


def test_a_coordinated_que_clause_stays_in_one_proposition(quotes_of):
    quotes = [q for q in quotes_of("Thierry Breton a expliqué que les plateformes étaient prévenues et que "
                                   "les sanctions tomberaient vite.") if q.kind == "indirect"]
    assert [q.text for q in quotes] == ["les plateformes étaient prévenues et que les sanctions tomberaient vite"]


@pytest.mark.parametrize("text", [
    "Thierry Breton a affirmé, dans un communiqué, que la plateforme devait se conformer au règlement.",
    "Thierry Breton estime, selon son entourage, que la plateforme devait se conformer au règlement.",
    "Thierry Breton a déclaré le 3 novembre que la plateforme devait se conformer au règlement.",
], ids=["an_incise_between_the_verb_and_que", "a_selon_incise_is_no_source_of_its_own",
        "a_date_between_the_verb_and_que"])
def test_words_between_a_speech_verb_and_its_que_keep_the_report(quotes_of, text):
    quote = only(quotes_of(text), kind="indirect")
    assert (quote.text, quote.speaker_name) == ("la plateforme devait se conformer au règlement", "Thierry Breton")


def test_an_incise_before_a_que_clause_that_is_only_a_quotation_leaves_the_direct_quote(quotes_of):
    quotes = quotes_of("Thierry Breton a annoncé, mardi à Strasbourg, que « la plateforme devra payer ».")
    assert [(q.kind, q.speaker_name) for q in quotes] == [("direct", "Thierry Breton")]


def test_a_document_named_again_speaks_for_the_issuer_of_the_document_before(quotes_of):
    quotes = quotes_of("La Chine produit 80 % du gallium mondial, selon une étude publiée en 2020 par la "
                       "Commission européenne. L'Union européenne importe de Chine 27 % de ses besoins, selon "
                       "le même rapport.")
    assert [q.speaker_name for q in quotes if q.kind == "indirect"] == ["Commission européenne"] * 2


def test_a_document_with_no_issuer_does_not_speak_for_the_topic_of_its_sentence(quotes_of):
    quote = only(quotes_of("TikTok a perdu deux millions d'utilisateurs en France l'an dernier, selon le "
                           "rapport."), kind="indirect")
    assert (quote.speaker, quote.speaker_actor_id) == ("le rapport", "")


def test_a_medium_that_reveals_a_que_clause_reports_it(quotes_of):
    quote = only(quotes_of("Mercredi soir, Le Monde révélait que la justice américaine enquêtait sur le groupe "
                           "chinois."), kind="indirect")
    assert (quote.text, quote.cue, quote.speaker_name) == (
        "la justice américaine enquêtait sur le groupe chinois", "révéler", "Le Monde")


def test_a_name_in_marks_the_tagger_reads_as_nouns_is_no_quote(quotes_of):
    quotes = quotes_of("Le « Financial Times » révélait que le groupe chinois préparait son départ.")
    assert [q.kind for q in quotes] == ["indirect"]


def test_an_inverted_role_with_no_holder_still_reports_the_clause_with_an_empty_actor(quotes_of):
    quote = only(quotes_of("Le groupe de pirates attaque une entreprise à la fois, déclare le directeur du "
                           "centre de cybersécurité."), kind="indirect")
    assert (quote.text, quote.cue, quote.speaker_actor_id) == (
        "Le groupe de pirates attaque une entreprise à la fois", "déclarer", "")
    assert quote.speaker == "le directeur du centre de cybersécurité"


@pytest.mark.parametrize("text", [
    "Thierry Breton a reçu les opérateurs. La situation du secteur, a-t-il expliqué, reste très préoccupante.",
    "La situation du secteur, a expliqué Thierry Breton, reste très préoccupante.",
], ids=["an_inverted_clitic", "an_inverted_name"])
def test_an_incise_inside_a_clause_reports_the_clause_around_it(quotes_of, text):
    quote = only(quotes_of(text), kind="indirect")
    assert quote.text.startswith("La situation du secteur, a") and quote.text.endswith("reste très préoccupante")
    assert (quote.cue, quote.speaker_name) == ("expliquer", "Thierry Breton")


@pytest.mark.parametrize("text, speaker", [
    ("Pour Thierry Breton, les plateformes doivent respecter la loi européenne.", "Thierry Breton"),
    ("Thierry Breton a visité l'usine. Pour lui, la Commission doit agir vite.", "Thierry Breton"),
], ids=["a_named_person", "a_pronoun_of_a_person"])
def test_pour_a_person_comma_opens_that_persons_opinion(quotes_of, text, speaker):
    quote = only(quotes_of(text), kind="indirect")
    assert (quote.cue, quote.speaker_name) == ("pour", speaker)


@pytest.mark.parametrize("text", [
    "Pour les utilisateurs, le changement de règles est important.",
    "Pour protéger les mineurs, la Commission a ouvert une enquête.",
    "Le site Perfectgirls est rentré dans le rang. Pour lui, l'autorité va engager des discussions.",
], ids=["people_who_are_no_actor", "a_purpose", "a_pronoun_of_no_person"])
def test_pour_that_names_no_person_opens_no_opinion(quotes_of, text):
    assert [q for q in quotes_of(text) if q.kind == "indirect"] == []


def test_a_document_its_speaker_issued_speaks_for_that_speaker(quotes_of):
    quote = only(quotes_of("La Commission européenne a publié un communiqué rappelant que les plateformes "
                           "doivent protéger les mineurs."), kind="indirect")
    assert (quote.text, quote.cue, quote.speaker_name) == (
        "les plateformes doivent protéger les mineurs", "rappeler", "Commission européenne")


def test_a_que_after_the_addressee_of_a_speech_verb_opens_the_reported_clause(quotes_of):
    quote = only(quotes_of("Thierry Breton a rappelé aux usagers du pays que Starlink n'est pas autorisé "
                           "à vendre ses services."), kind="indirect")
    assert (quote.text, quote.speaker_name) == ("Starlink n'est pas autorisé à vendre ses services",
                                                "Thierry Breton")


@pytest.mark.parametrize("text", [
    "La Commission va ouvrir une enquête contre Apple. C'est ce qu'a expliqué Thierry Breton mardi à Bruxelles.",
    "La Commission va ouvrir une enquête contre Apple. Voilà ce qu'affirme Thierry Breton dans un entretien.",
], ids=["c_est_ce_qu_a_explique_x", "voila_ce_qu_affirme_x"])
def test_a_cleft_after_a_sentence_reports_that_sentence(quotes_of, text):
    quote = only(quotes_of(text), kind="indirect")
    assert (quote.text, quote.speaker_name) == ("La Commission va ouvrir une enquête contre Apple", "Thierry Breton")


def test_a_cleft_with_no_speaker_reports_nothing(quotes_of):
    quotes = quotes_of("La Commission va ouvrir une enquête contre Apple. C'est ce qu'on appelle une surprise.")
    assert [q for q in quotes if q.kind == "indirect"] == []


def test_an_infinitive_after_an_adverbial_locution_speaks_with_the_governing_subject(quotes_of):
    quote = only(quotes_of("La Commission européenne vient en effet de confirmer qu'elle enquêtait sur la façon "
                           "dont Apple gère son magasin d'applications."), kind="indirect")
    assert (quote.cue, quote.speaker_name) == ("confirmer", "Commission européenne")


@pytest.mark.parametrize("opening", [
    "La société Orange a annoncé une panne. Le ministre Jean Dupont a convoqué ses dirigeants.",
    "Le ministre Jean Dupont a convoqué les dirigeants d'Orange, a annoncé la société.",
])
def test_a_definite_spokesperson_no_spokesperson_introduced_names_no_organisation_by_proximity(quotes_of, opening):
    # "la porte-parole" with no spokesperson before: someone introduced otherwise, not the latest organisation
    quotes = quotes_of(f"{opening}\n\nLa porte-parole explique que les sites sont bien protégés.")
    quote = reported_of(quotes, "sites sont bien protégés")
    assert (quote.speaker, quote.speaker_name) == ("La porte-parole", "")


def test_an_indefinite_spokesperson_still_speaks_for_the_organisation_last_the_topic(quotes_of):
    quotes = quotes_of("La société Orange a annoncé une panne mardi.\n\nLes sites sont bien protégés, "
                       "a expliqué une porte-parole.")
    assert reported_of(quotes, "sites sont bien protégés").speaker_name == "Orange"


@pytest.mark.parametrize("subject, speaker", [("Orange", ""), ("Jean Dupont", "Jean Dupont")])
def test_a_first_person_quote_paragraph_continues_a_person_never_an_organisation(quotes_of, subject, speaker):
    quotes = quotes_of(f"{subject} a annoncé que le réseau serait rétabli jeudi.\n\n"
                       "« J'ai déjà reçu les dirigeants du groupe et je leur ai donné des conditions. »")
    assert direct_of(quotes, "déjà reçu les dirigeants").speaker_name == speaker


def test_a_quote_quoted_inside_a_quote_is_not_its_first_person(quotes_of):
    quotes = quotes_of("La Cnil a rappelé que refuser les cookies doit être simple.\n\n"
                       "« Les personnes doivent consentir par un acte clair (cliquer sur ' j'accepte ' "
                       "dans une bannière). Sinon, aucun traceur ne pourra être déposé. »")
    assert direct_of(quotes, "doivent consentir").speaker_name == "CNIL"


def test_a_first_person_quote_after_an_organisation_quote_is_not_the_organisation(quotes_of):
    quotes = quotes_of("« Le réseau sera rétabli jeudi », a annoncé Orange. « Je ne peux rien promettre "
                       "de plus aux clients. »")
    assert direct_of(quotes, "rien promettre").speaker_name == ""


@pytest.mark.parametrize("introduction", ["le chef de l'État Bola Tinubu", "le chef d'État Bola Tinubu"])
def test_the_president_is_the_person_introduced_as_head_of_state(quotes_of, introduction):
    quotes = quotes_of(f"Au Nigeria, {introduction} veut réguler les réseaux sociaux.\n\nLe président "
                       "estime que la désinformation menace la stabilité du pays.")
    assert reported_of(quotes, "désinformation menace").speaker_name == "Bola Tinubu"


def test_a_head_of_state_is_no_president_of_a_company(quotes_of):
    quotes = quotes_of("Le chef de l'État Bola Tinubu a reçu les dirigeants de Meta.\n\nLe président de "
                       "Meta estime que la désinformation recule.")
    assert reported_of(quotes, "désinformation recule").speaker_name != "Bola Tinubu"


@pytest.mark.parametrize("text", [
    "Ce piratage, qui a aussi visé Cap emploi, organisme chargé des personnes handicapées, n'est "
    "\"a priori pas du tout en lien\" avec celle qui a ciblé plusieurs ministères depuis dimanche, a "
    "précisé France Travail à l'AFP.",
])
def test_an_inverted_speech_verb_whose_name_the_parser_read_as_its_object_reports_the_clause(quotes_of, text):
    quotes = quotes_of(text)
    quote = reported_of(quotes, "ciblé plusieurs ministères")
    assert (quote.speaker_name, quote.cue) == ("France Travail", "préciser")
    assert direct_of(quotes, "a priori pas du tout").speaker_name == "France Travail"


def test_a_long_name_cut_short_by_the_actor_stage_speaks_by_its_short_name_in_parentheses(quotes_of):
    quotes = quotes_of("Le 19 mars 2024, l’Autorité de régulation des télécommunications de la Côte d’Ivoire "
                       "(ARTCI) a publié un communiqué rappelant aux usagers de télécoms du pays que Starlink "
                       "n’est pas autorisé à commercialiser ses services.")
    assert reported_of(quotes, "pas autorisé à commercialiser").speaker_name == "ARTCI"


def test_a_quote_inside_the_clause_a_later_verb_reports_takes_that_verbs_cue_not_the_incises(quotes_of):
    quotes = quotes_of("Le ministre de la Cybersécurité, Éric Caire, a présenté son plan mardi.\n\n« Si vous voulez "
                       "attaquer les Américains, on est une belle courroie de transmission », a expliqué le ministre, "
                       "tout en disant qu’il ne veut « pas donner des idées à personne ».")
    quote = direct_of(quotes, "donner des idées")
    assert (quote.speaker_name, quote.cue) == ("Éric Caire", "dire")


@pytest.mark.parametrize("before, speaker", [
    ("Elon Musk a déclaré que la plateforme resterait ouverte.", "Elon Musk"),
    ("Elon Musk a déclaré que la plateforme resterait ouverte. Thierry Breton a répondu que les "
     "règles seraient appliquées.", ""),
])
def test_an_epithet_names_the_one_person_at_hand_never_the_latest_of_two(quotes_of, before, speaker):
    quotes = quotes_of(f"{before}\n\nLe milliardaire estime que la liberté d'expression est menacée.")
    assert reported_of(quotes, "liberté d'expression est menacée").speaker_name == speaker


@pytest.mark.parametrize("before, speaker", [
    ("La société Orange a annoncé une panne mardi.", "Orange"),
    ("La société Orange a annoncé une panne mardi. Free a répondu que son réseau fonctionnait.", ""),
])
def test_an_unnamed_spokesperson_is_the_one_organisation_at_hand_never_the_latest_of_two(quotes_of, before, speaker):
    quotes = quotes_of(f"{before}\n\nLes clients seront remboursés, a expliqué un porte-parole.")
    assert reported_of(quotes, "clients seront remboursés").speaker_name == speaker


def test_an_unnamed_spokesperson_speaks_for_the_organisation_subject_of_its_own_sentence(quotes_of):
    quotes = quotes_of("Free a répondu que son réseau fonctionnait.\n\nDe son côté, la société Orange confirme "
                       "la panne : « les clients seront remboursés », précise une porte-parole.")
    assert direct_of(quotes, "clients seront remboursés").speaker_name == "Orange"
