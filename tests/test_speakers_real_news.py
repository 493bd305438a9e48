"""Speakers on constructions of real news pages, one class of error per test.

Each sentence is modelled on a page of the real tuning set (tests/data/real/tune) where the
speaker was wrong or missing; the expected actor, or an expected empty one, is the annotators'.
"""

from __future__ import annotations

import pytest


def quote_with(quotes, words: str):
    """The quote holding these words; its direct and reported readings must agree on the speaker."""
    found = [quote for quote in quotes if words in quote.text]
    assert found and len({(q.speaker_actor_id, q.speaker_name) for q in found}) == 1, \
        [(q.kind, q.text, q.speaker_name) for q in quotes]
    return found[0]


@pytest.mark.parametrize("text, words, speaker", [
    ("« Qui le fera ? » a réagi le ministre du Patrimoine Pablo Rodriguez.", "Qui le fera", "Pablo Rodriguez"),
    ("« Nous restons ouverts », a déclaré la ministre déléguée au Numérique Clara Chappaz.",
     "Nous restons ouverts", "Clara Chappaz"),
])
def test_role_followed_by_its_field_and_a_name_is_that_person(quotes_of, text, words, speaker):
    assert quote_with(quotes_of(text), words).speaker_name == speaker


def test_incise_pronoun_with_no_speaker_before_stays_empty_rather_than_the_reported_subject(quotes_of):
    quote = quote_with(quotes_of("Facebook n’avait « aucune obligation de couper cet accès aux nouvelles », "
                                 "a-t-il ajouté."), "aucune obligation")
    assert quote.speaker_actor_id == ""


@pytest.mark.parametrize("text, words, speaker", [
    ("Les restrictions ont été imposées sous la pression de Joe Biden. Ce dernier avait déjà annoncé en "
     "octobre qu’il limiterait les exportations de technologies américaines vers la Chine.",
     "limiterait les exportations", "Joe Biden"),
    ("La décision revient à Margrethe Vestager, après un avis de Thierry Breton. Cette dernière a "
     "assuré que la Commission irait « jusqu’au bout de la procédure engagée ».",
     "jusqu’au bout", "Margrethe Vestager"),
])
def test_ce_dernier_is_the_last_named_actor_that_agrees(quotes_of, text, words, speaker):
    assert quote_with(quotes_of(text), words).speaker_name == speaker


def test_selon_a_titled_name_attributes_the_quotations_of_its_sentence(quotes_of):
    text = ("Selon M. Poilievre, les libéraux de Justin Trudeau ont fait adopter «des lois pour censurer "
            "l’internet» puisqu’ils «ne veulent pas que les Canadiens sachent la vérité».")
    assert quote_with(quotes_of(text), "censurer").speaker_name == "Poilievre"
    assert quote_with(quotes_of(text), "sachent la vérité").speaker_name == "Poilievre"


def test_speech_verb_reports_its_que_clause_past_a_press_release_noun(quotes_of):
    text = ("Le ministre de l’Industrie, François-Philippe Champagne, a déclaré mercredi dans un communiqué de "
            "presse que cette mesure visait à répondre aux «risques pour la sécurité nationale» liés à TikTok.")
    quotes = quotes_of(text)
    assert {q.kind for q in quotes} == {"direct", "indirect"}
    assert quote_with(quotes, "risques pour").speaker_name == "François-Philippe Champagne"
    assert {q.cue for q in quotes} == {"déclarer"}  # not "répondre", inside the reported words


def test_inversion_after_the_quote_beats_a_verb_with_its_own_object_before_it(quotes_of):
    text = ("Le Sénat lance une commission d’enquête sur TikTok : « Nous avons la possibilité de mettre un "
            "pied dans la porte », assure Claude Malhuret")
    quote = quote_with(quotes_of(text), "mettre un pied")
    assert (quote.speaker_name, quote.cue) == ("Claude Malhuret", "assurer")


def test_a_scare_quoted_word_does_not_cut_the_quote_after_it_from_its_verb(quotes_of):
    text = ("Apple a annoncé son intention de faire appel, dénonçant une décision « injuste » qui « nuit à la "
            "protection de la vie privée et à la sécurité des utilisateurs ».")
    quote = quote_with(quotes_of(text), "nuit à la protection")
    assert (quote.speaker_name, quote.cue) == ("Apple", "dénoncer")


PARAGRAPH_BEFORE = ("À de multiples reprises, la Cnil a rappelé que refuser les cookies doit être aussi simple que "
                    "de les accepter. Des règles sont entrées en vigueur le 1er avril 2021.\n\n"
                    "« Les personnes doivent consentir au dépôt de traceurs par un acte positif clair. Si elles ne "
                    "le font pas, aucun traceur ne pourra être déposé. »")


def test_a_paragraph_that_is_one_quotation_continues_the_one_speaker_before(quotes_of):
    quote = quote_with(quotes_of(PARAGRAPH_BEFORE), "consentir au dépôt")
    assert (quote.speaker_name, quote.rule) == ("CNIL", "paragraph")


def test_a_paragraph_that_is_one_quotation_after_two_speakers_stays_empty(quotes_of):
    text = PARAGRAPH_BEFORE.replace("Des règles sont entrées", "Google a estimé que ces règles étaient entrées")
    assert quote_with(quotes_of(text), "consentir au dépôt").speaker_actor_id == ""


@pytest.mark.parametrize("text, words, speaker", [
    ("« Les mesures prises par la partie néerlandaise sont inacceptables », a déclaré le ministère chinois du "
     "Commerce. « La Chine exhorte la partie néerlandaise à agir », a ajouté le ministère du Commerce.",
     "exhorte", "ministère chinois du Commerce"),
    ("Le ministère taïwanais de l'Economie a estimé que cela n'affectera pas la compétitivité de TSMC.",
     "compétitivité", "ministère taïwanais de l'Economie"),
])
def test_a_ministry_named_by_its_complement_is_an_actor_and_keeps_its_name(quotes_of, text, words, speaker):
    assert quote_with(quotes_of(text), words).speaker_name == speaker


def test_a_sentence_opening_with_pour_attributes_its_quote(quotes_of):
    text = ("Pour Pékin, Washington a commis envers Huawei et d’autres entreprises chinoises « un abus de son "
            "pouvoir national d’imposer toutes sortes de restrictions ».")
    quote = quote_with(quotes_of(text), "un abus")
    assert (quote.speaker_name, quote.cue) == ("Pékin", "pour")


def test_a_dateline_is_no_part_of_the_speaker_words(quotes_of):
    text = ("MONTRÉAL — Le commissaire européen à la démocratie, Michael McGrath, a déclaré que l'Union "
            "européenne ne fera pas de leçons aux autres pays.")
    quote = quote_with(quotes_of(text), "leçons")
    assert not quote.speaker.startswith("MONTRÉAL")


def test_a_paragraph_that_is_one_quotation_continues_who_spoke_before_without_a_quote(quotes_of):
    text = ("Mme Maria Cantwell s'était montrée tiède à l'égard du projet de loi initial, mais elle a exprimé "
            "son soutien sans réserve à la version proposée.\n\n\"Je suis très heureuse que le président Johnson "
            "et les leaders de la Chambre aient intégré ma recommandation.\"")
    quote = quote_with(quotes_of(text), "très heureuse")
    assert (quote.speaker_name, quote.rule) == ("Maria Cantwell", "paragraph")


# One class of construction a row: the sentence, words of the quote, and its speaker.
SPEAKER_CLASSES = [
    pytest.param(
        "« Qui le fera ? » a réagi le ministre du Patrimoine Pablo Rodriguez. Facebook n’avait "
        "« aucune obligation » à couper cet accès, la loi n’étant pas encore en vigueur, a-t-il ajouté.",
        "aucune obligation", "Pablo Rodriguez",
        id="incise-pronoun-is-never-the-subject-of-the-words-it-reports"),
    pytest.param(
        "« Qui le fera ? » a réagi le ministre du Patrimoine Pablo Rodriguez. Le bureau du ministre a "
        "également souligné qu’il avait « rencontré Facebook et Google cette semaine ».",
        "rencontré Facebook", "Pablo Rodriguez",
        id="office-of-a-role-speaks-for-the-person-who-holds-it"),
    pytest.param(
        "« Meta n’a jamais eu recours au chantage dans ces pays », a déclaré la FCCPC dans un communiqué. "
        "« Menacer de quitter le Nigeria n’exonère pas Meta de sa responsabilité », précise le communiqué.",
        "Menacer de quitter", "FCCPC",
        id="definite-document-is-who-issued-it-earlier-in-the-article"),
    pytest.param(
        "Thierry Breton a lancé un appel aux plateformes : « Respectez la loi européenne sans attendre ».",
        "Respectez", "Thierry Breton",
        id="a-verb-with-its-object-still-introduces-a-quote-with-no-cue-after-it"),
    pytest.param(
        "TSMC a reçu une licence. « Nous allons faire le point sur la situation », a par ailleurs ajouté "
        "le groupe dans un communiqué.",
        "faire le point", "TSMC",
        id="an-adverb-opened-by-a-preposition-does-not-hide-the-inverted-verb"),
    pytest.param(
        "Richard Delepierre, coprésident de la commission médicale, a décrit la situation. Selon son "
        "coprésident, la maternité est « réduite au tiers de sa capacité » depuis samedi soir.",
        "réduite au tiers", "Richard Delepierre",
        id="selon-a-role-reads-the-role-of-the-person-named-before"),
    pytest.param(
        PARAGRAPH_BEFORE.replace("« Les personnes", "Or, « les personnes"),
        "consentir au dépôt", "CNIL",
        id="a-paragraph-opening-with-a-connective-and-a-quotation-continues-the-speaker-before"),
    pytest.param(
        "Le ministre de l’Industrie, François-Philippe Champagne, a parlé mercredi. M. Champagne a précisé "
        "que cette mesure ne bloquerait pas l’accès des Canadiens à TikTok.",
        "ne bloquerait pas", "François-Philippe Champagne",
        id="a-title-and-a-surname-are-the-person-named-before"),
    pytest.param(
        "Cette possibilité a été évoquée par le sous-secrétaire au Commerce pour l’industrie et la sécurité, "
        "Alan Estevez, lors d’un forum. Le sous-secrétaire a déclaré que Washington a de fortes chances de "
        "fixer une limite.",
        "fortes chances", "Alan Estevez",
        id="a-role-is-the-person-named-after-its-long-noun-phrase"),
    pytest.param(
        "« Les Pays-Bas restent indifférents et s’obstinent à suivre leur propre voie », déclare-t-on au sein "
        "du ministère chinois du commerce.",
        "restent indifférents", "ministère chinois du Commerce",
        id="on-au-sein-de-an-institution-is-that-institution"),
    pytest.param(
        "«Aujourd’hui, nous confirmons que le contenu d’actualité ne sera plus disponible au Canada», a indiqué "
        "Meta dans un communiqué, soulignant avoir prévenu que cette mesure serait prise.",
        "cette mesure serait prise", "Meta",
        id="a-participle-after-an-inverted-verb-shares-its-subject-not-the-quote-voice"),
    pytest.param(
        "Le piratage n'est « a priori pas du tout en lien » avec celui des ministères, a précisé "
        "Thierry Breton à l'AFP.",
        "a priori pas", "Thierry Breton",
        id="a-quotation-inside-words-reported-by-an-inverted-verb-is-that-speaker-s"),
]


@pytest.mark.parametrize("text, words, speaker", SPEAKER_CLASSES)
def test_each_class_of_construction_gets_its_speaker(quotes_of, text, words, speaker):
    assert quote_with(quotes_of(text), words).speaker_name == speaker


def test_a_que_clause_ends_where_alors_que_brings_another_speaker(quotes_of):
    text = ("Les législateurs estiment que TikTok pose des risques pour la sécurité nationale, alors que "
            "TikTok insiste sur le fait qu'elle n'a jamais partagé de données américaines.")
    quotes = quotes_of(text)
    assert quote_with(quotes, "jamais partagé").speaker_name == "TikTok"
    assert all("insiste" not in quote.text for quote in quotes)


def test_a_que_after_a_date_on_the_speech_verb_opens_its_clause_however_tagged(quotes_of):
    text = ("Disposant déjà des trois quarts de la production mondiale, la Chine a indiqué jeudi 21 décembre "
            "qu'elle va stopper l'exportation d'une série de technologies.")
    quote = quote_with(quotes_of(text), "stopper l'exportation")
    assert (quote.kind, quote.speaker_name, quote.cue) == ("indirect", "Chine", "indiquer")


def test_a_relative_que_after_an_object_opens_no_reported_speech(quotes_of):
    assert quotes_of("La Chine a présenté jeudi le texte qu'elle va défendre.") == []

