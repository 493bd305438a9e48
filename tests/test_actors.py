"""Actors: from spaCy's entities to canonical, typed actors (pipeline/actors.py, anaphora.py, names.py).

French sentences as data; rule logic that depends on the parse is also pinned on hand-built Docs.
Names outside the gazetteer are invented ("Jeanne Martinot", "ONUN") so the tests do not move when
models/actors.jsonl grows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from pipeline.actors.link import ActorLinker, ActorRegistry, MentionIndex, fold, slug
from pipeline.actors.names import Gazetteer, NameRules, may_be_misspelt
from pipeline.rules import Rule, Rules, RulesError, load_rules

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"


@pytest.fixture(scope="session")
def link(rules, article_of):
    """Mentions of a French text; `registry` collects what actors.csv is reduced from.

    One linker serves every test: it keeps nothing from one article to the next.
    """
    linker = ActorLinker(rules)

    def run(text: str, registry: ActorRegistry | None = None, doc_id: str = "test/article"):
        mentions, observations = linker.link(article_of(text, doc_id=doc_id))
        if registry is not None:
            registry.add(observations)
        return mentions

    return run


def tiny_gazetteer(*lines: dict) -> Gazetteer:
    """A gazetteer from a few JSONL lines, independent of models/actors.jsonl."""
    rules = Rules(folders=[], patterns={"actors": [Rule("actors_test.jsonl", n, line)
                                                   for n, line in enumerate(lines, 1)]})
    return Gazetteer(rules, fuzzy_min_score=80.0, fuzzy_min_length=5)


def names_of(mentions) -> list[tuple[str, str]]:
    return [(m.text, m.name) for m in mentions]


# Canonical names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("variant", ["Tik Tok", "Tiktok", "TikTok", "tik-tok", "TIK TOK"])
def test_fold_makes_case_space_and_hyphen_variants_meet(variant):
    assert fold(variant) == fold("TikTok")


def test_tiktok_spellings_are_one_actor(link):
    mentions = link("Tik Tok et Tiktok sont visés par Washington. TikTok conteste.")
    assert {m.actor_id for m in mentions if "ik" in m.text} == {"tiktok"}


def test_names_outside_gazetteer_that_fold_alike_are_one_actor(rules, link):
    registry = ActorRegistry()
    link("Le projet de Jeanne Martinot avance.", registry, "a/1")
    link("Le projet de JEANNE MARTINOT avance.", registry, "a/2")
    assert len([a for a in registry.table() if a.type == "PER"]) == 1


def test_misspelt_name_fuzzy_matches_the_gazetteer(link):
    mentions = link("Le groupe chinois Huawai conteste la décision.")
    assert ("Huawai", "Huawei") in names_of(mentions)
    assert next(m for m in mentions if m.text == "Huawai").method == "fuzzy"


def test_fuzzy_match_needs_length_and_same_initial():
    gazetteer = tiny_gazetteer({"label": "ORG", "pattern": "Meta", "id": "Meta"},
                               {"label": "ORG", "pattern": "Huawei", "id": "Huawei"})
    assert gazetteer.fuzzy("Huwaei") == "Huawei"
    assert gazetteer.fuzzy("et") is None  # "Meta" is not "et"
    assert gazetteer.fuzzy("Metz") is None  # shorter than fuzzy_min_length
    assert gazetteer.fuzzy("Xuawei") is None  # a typo keeps the first letter


def test_common_words_never_fuzzy_match(nlp):
    assert not may_be_misspelt(list(nlp("Orage")))  # a word the model knows is not a typo of "Orange"
    assert may_be_misspelt(list(nlp("Huwaei")))


def test_orth_pattern_keeps_orange_the_colour_apart(link):
    gazetteer = tiny_gazetteer({"label": "ORG", "pattern": [{"ORTH": "Orange"}], "id": "Orange"})
    assert gazetteer.lookup("orange") is None
    assert gazetteer.lookup("Orange") == "Orange"
    assert link("Il porte un pull orange depuis des années.") == []


def test_acronym_in_parentheses_is_an_alias_of_the_long_name(link):
    mentions = link("L'Observatoire national des usages numériques (ONUN) a publié un rapport. "
                    "L'ONUN recommande une pause.")
    assert {m.actor_id for m in mentions} == {"observatoire-national-des-usages-numeriques"}
    assert [m.text for m in mentions].count("ONUN") == 2


def test_surname_alone_after_full_name_is_the_same_person(link):
    mentions = link("Jeanne Martinot a présenté le plan mardi. Martinot a ajouté que rien ne changerait.")
    assert [m.name for m in mentions if m.type == "PER"] == ["Jeanne Martinot", "Jeanne Martinot"]


def test_civil_title_and_surname_is_the_same_person(link):
    mentions = link("Marc Delorme, directeur de la société, a parlé. M. Delorme a ensuite quitté la salle.")
    assert [m.name for m in mentions if m.type == "PER"] == ["Marc Delorme", "Marc Delorme"]


def test_leading_article_is_stripped(link):
    mentions = link("Les États-Unis veulent une croissance économique et la Chine veut aussi une croissance.")
    assert ("Chine", "Chine") in names_of(mentions)


# Descriptions ------------------------------------------------------------------------------------

def test_le_groupe_chinois_resolves_to_the_chinese_company(link):
    mentions = link("La Maison Blanche a posé un ultimatum à ByteDance. Le groupe chinois a refusé.")
    anaphora = [m for m in mentions if m.method == "anaphora"]
    assert [(m.text, m.name, m.type) for m in anaphora] == [("groupe chinois", "ByteDance", "ORG")]


def test_l_agence_de_presse_resolves_to_the_news_agency(link):
    mentions = link("L'information a été confirmée par TikTok à l'AFP. Selon l'agence de presse, la vente est proche.")
    assert ("agence de presse", "AFP") in names_of(mentions)


def test_indefinite_description_does_not_resolve(link):
    mentions = link("La requête vient du CFIUS, une agence gouvernementale chargée des risques.")
    assert [m.method for m in mentions] == ["rule"]


def test_description_without_compatible_actor_gives_no_mention(link):
    assert link("Le régulateur a tranché hier. Le groupe chinois n'a pas réagi.") == []


def test_apposition_teaches_what_an_actor_is(link):
    mentions = link("Le groupe chinois Sinotek a été sanctionné. Le groupe chinois fera appel.")
    assert [m.text for m in mentions if m.method == "anaphora"] == ["groupe chinois"]
    assert len({m.actor_id for m in mentions}) == 1


def test_role_description_resolves_to_the_person_with_that_role(link):
    mentions = link("La ministre de l'Industrie, Jeanne Martinot, a annoncé un plan. "
                    "La ministre a ajouté que le calendrier serait tenu.")
    assert ("ministre", "Jeanne Martinot") in names_of(mentions)


def test_short_name_points_to_the_longer_name(link):
    mentions = link("L'Autorité de la concurrence a sanctionné Google. L'Autorité reproche au géant américain ses pratiques.")
    assert [(m.text, m.name) for m in mentions if m.method == "anaphora"] == [
        ("Autorité", "Autorité de la concurrence"), ("géant américain", "Google")]


def test_definite_demonym_refers_to_a_person_of_that_country(link):
    mentions = link("Thierry Breton a lancé l'enquête. Le Français a quitté la Commission l'an dernier.")
    assert ("Français", "Thierry Breton") in names_of(mentions)


def anaphora_of(mentions) -> list[tuple[str, str]]:
    return [(m.text, m.name) for m in mentions if m.method == "anaphora"]


def test_a_description_after_a_thing_of_that_noun_that_is_no_actor_resolves_to_nothing(link):
    mentions = link("Le Sénat a créé une commission d'enquête sur TikTok. L'Arcom a publié un rapport sur "
                    "les réseaux sociaux. La commission a estimé que la plateforme mettait en danger les mineurs.")
    assert ("commission", "Arcom") not in anaphora_of(mentions)


def test_a_noun_in_apposition_to_a_name_is_no_other_thing(link):
    mentions = link("Criteo, une entreprise française, a été sanctionnée. L'entreprise fera appel.")
    assert anaphora_of(mentions) == [("entreprise", "Criteo")]


def test_a_company_noun_never_names_an_association(link):
    mentions = link("Megan Clarken dirige Criteo. L'association noyb a déposé une plainte à Vienne. "
                    "L'entreprise a annoncé qu'elle ferait appel.")
    assert anaphora_of(mentions) == [("entreprise", "Criteo")]


@pytest.mark.parametrize("text, name", [
    ("Meta, maison mère de Facebook et d'Instagram, a été condamnée. Le groupe fera appel.", "Meta"),
    ("Washington vise TikTok avec la stratégie qui visait Huawei. La compagnie est jugée dangereuse.",
     "TikTok"),
    ("Apple a été condamné au profit de Spotify. Le groupe conteste la décision.", "Apple"),
])
def test_a_description_prefers_the_subject_to_a_name_in_a_complement(link, text, name):
    assert [antecedent for _, antecedent in anaphora_of(link(text))] == [name]


def test_a_description_names_an_actor_whose_gazetteer_name_holds_its_noun(link):
    mentions = link("La Cnil a constaté des manquements chez Free. La Commission considère que l'opérateur "
                    "n'a pas protégé ses abonnés.")
    assert ("Commission", "CNIL") in anaphora_of(mentions)


def test_a_person_name_the_model_cuts_in_two_stays_one_actor(link):
    mentions = link("Bastien Le Querrec, juriste à La Quadrature du Net, dénonce un texte dangereux.")
    persons = [(m.text, m.type) for m in mentions if m.type == "PER"]
    assert persons == [("Bastien Le Querrec", "PER")]
    assert not any(m.text in ("Bastien", "Le Querrec") for m in mentions)


@pytest.mark.parametrize("text, alias", [
    ("Après les sanctions aux États-Unis, Bruxelles brandit le DSA\n\nLa Commission européenne enquête.",
     "États-Unis"),
    ("Huawei a été exclu des réseaux pour la 5G. Bruxelles a salué la décision des États membres.", "5G."),
])
def test_no_surface_across_a_comma_or_a_sentence_break_becomes_an_alias_of_another_actor(link, text, alias):
    registry = ActorRegistry()
    link(text, registry)
    actors = {actor.actor_id: actor for actor in registry.table()}
    assert alias not in actors["bruxelles"].aliases.split(" | ")


def test_a_noun_remembered_paragraphs_ago_gives_way_to_a_compatible_actor_nearby(link):
    mentions = link("La Haye a pris le contrôle de Nexperia, détenu par le groupe chinois Wingtech.\n\n"
                    "Les juges ont suspendu son directeur.\n\nNexperia fournit des puces aux constructeurs "
                    "européens. Le groupe emploie 12 500 personnes.")
    assert anaphora_of(mentions)[-1] == ("groupe", "Nexperia")


def test_description_rules_are_checked_by_the_one_loader(tmp_path):
    (tmp_path / "descriptions_mine.jsonl").write_text(
        '{"label": "ORG", "pattern": [{"LOWER": "groupe"}]}\n'
        '{"label": "ORG", "pattern": [{"LOWER": "firme"}], "scope": "cataphora"}\n', encoding="utf-8")
    with pytest.raises(RulesError, match=r'descriptions_mine.jsonl:2: unknown scope "cataphora"'):
        load_rules(tmp_path)


# Types -------------------------------------------------------------------------------------------

def hand_doc(nlp, words, heads, deps, pos, lemmas) -> Doc:
    """A parsed Doc built by hand, so metonymy rules hold whatever the model's parse."""
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


@pytest.mark.parametrize("words, heads, deps, pos, lemmas, acts", [
    (["Pékin", "dénonce", "les", "sanctions"], [1, 1, 3, 1], ["nsubj", "ROOT", "det", "obj"],
     ["PROPN", "VERB", "DET", "NOUN"], ["Pékin", "dénoncer", "le", "sanction"], True),
    (["La", "Chine", "compte", "un", "milliard"], [1, 2, 2, 4, 2], ["det", "nsubj", "ROOT", "det", "obj"],
     ["DET", "PROPN", "VERB", "DET", "NOUN"], ["le", "Chine", "compter", "un", "milliard"], False),
    (["Il", "vit", "à", "Pékin"], [1, 1, 3, 1], ["nsubj", "ROOT", "case", "obl:mod"],
     ["PRON", "VERB", "ADP", "PROPN"], ["il", "vivre", "à", "Pékin"], False),
    (["décision", "prise", "par", "Washington"], [1, 1, 3, 1], ["nsubj", "ROOT", "case", "obl:agent"],
     ["NOUN", "VERB", "ADP", "PROPN"], ["décision", "prendre", "par", "Washington"], True),
    (["selon", "Pékin", "rien", "ne", "change"], [1, 4, 4, 4, 4], ["case", "obl:mod", "nsubj", "advmod", "ROOT"],
     ["ADP", "PROPN", "PRON", "ADV", "VERB"], ["selon", "Pékin", "rien", "ne", "changer"], True),
    (["Washington", "voudrait", "interdire", "TikTok"], [1, 1, 1, 2], ["nsubj", "ROOT", "xcomp", "obj"],
     ["PROPN", "VERB", "VERB", "PROPN"], ["Washington", "vouloir", "interdire", "TikTok"], True),
    (["Les", "États-Unis", "veulent", "une", "croissance"], [1, 2, 2, 4, 2], ["det", "nsubj", "ROOT", "det", "obj"],
     ["DET", "PROPN", "VERB", "DET", "NOUN"], ["le", "États-Unis", "vouloir", "un", "croissance"], False),
])
def test_place_that_acts_or_speaks_is_a_government(rules, nlp, words, heads, deps, pos, lemmas, acts):
    doc = hand_doc(nlp, words, heads, deps, pos, lemmas)
    place = next(t for t in doc if t.pos_ == "PROPN")
    assert ActorLinker(rules).acts(place) is acts


def test_metonymy_types_each_mention_in_context(link):
    mentions = link("Pékin dénonce les sanctions. Il vit à Pékin depuis dix ans.")
    assert [(m.text, m.label) for m in mentions] == [("Pékin", "GOV"), ("Pékin", "LOC")]


def test_name_cues_type_names_outside_the_gazetteer(rules):
    names = NameRules(rules)
    assert names.cue(["ministère", "de", "la", "Mer"]).label == "GOV"
    assert names.cue(["Autorité", "de", "sûreté", "nucléaire"]).label == "GOV"
    assert names.cue(["Wuxi", "Nanotek", "Technologies"]).label == "ORG"
    assert names.cue(["China", "Daily"]).label == "MEDIA"
    assert names.cue(["Sénat"]).label == "GOV"
    assert names.cue(["Technologies"]) is None  # an end cue needs a name before it


# What is not an actor ----------------------------------------------------------------------------

def test_demonyms_are_not_actors(link):
    assert link("Les Américains et les Européens s'inquiètent de la situation.") == []


def test_ner_clause_is_not_an_actor(link):
    mentions = link("Aux États-Unis, La destruction en février d'un ballon chinois supposé espion "
                    "a suscité un regain d'efforts au Congrès.")
    assert [m.name for m in mentions] == ["États-Unis", "Congrès"]


def test_field_of_a_role_is_not_an_actor(link):
    mentions = link("La ministre déléguée chargée du Numérique, Clara Chappaz, a salué la décision.")
    assert [m.type for m in mentions] == ["PER"]


# Identifiers and the actors table ----------------------------------------------------------------

def test_actor_id_is_a_slug_of_the_canonical_name():
    assert slug("États-Unis") == "etats-unis"
    assert slug("Conseil d'État") == slug("Conseil d’Etat") == "conseil-d-etat"
    assert slug("Benoît Cœuré") == "benoit-coeure"


def test_actor_ids_are_stable_across_runs(rules, article_of):
    text = "Tik Tok, propriété du groupe chinois Bytedance, a répondu à Jeanne Martinot."
    first = [(m.start, m.actor_id) for m in ActorLinker(rules).link(article_of(text))[0]]
    second = [(m.start, m.actor_id) for m in ActorLinker(rules).link(article_of(text))[0]]
    assert first == second and ("tiktok" in dict(first).values())


def test_the_linker_keeps_nothing_from_one_article_to_the_next(rules, article_of):
    """Articles may run in any order, in any process: the same article gives the same mentions."""
    linker = ActorLinker(rules)
    text = "Le projet de Jeanne Martinot avance. Martinot a répondu à Tik Tok."
    alone = linker.link(article_of(text))
    linker.link(article_of("JEANNE MARTINOT et TIKTOK ont signé.", doc_id="test/other"))
    assert linker.link(article_of(text)) == alone


def test_actors_table_counts_mentions_documents_and_aliases(rules, link):
    registry = ActorRegistry()
    link("Pékin dénonce les sanctions. Le groupe chinois Huawei fera appel.", registry, "a/1")
    link("Huwaei a répondu à Pékin.", registry, "a/2")
    table = {actor.actor_id: actor for actor in registry.table()}
    assert (table["huawei"].n_mentions, table["huawei"].n_documents) == (3, 2)
    assert table["huawei"].aliases == "Huawei | Huwaei | groupe chinois"  # the apposition is a mention too
    assert (table["pekin"].type, table["pekin"].n_documents) == ("LOC", 2)  # gazetteer type in actors.csv


def test_mention_index_finds_latest_actor_before_a_position(link):
    mentions = link("Pékin dénonce les sanctions de Washington.")
    index = MentionIndex(mentions)
    assert index.latest_before(len("Pékin dénonce les sanctions de")).name == "Pékin"
    assert index.covering(0, 3).name == "Pékin"


@pytest.mark.slow
def test_seed_articles_meet_the_actor_floor(rules, article_of):
    """The seeds' gold actors, scored as `veille eval` does: F1 and type accuracy at least 0.9."""
    from pipeline.evaluate.score import Tally, _score_actors, load_gold

    linker, registry, tally = ActorLinker(rules), ActorRegistry(), Tally()
    gold = {article["id"]: article for article in load_gold(SEEDS.parent.parent / "tests" / "data" / "seeds_gold.jsonl")}
    per_doc = {}
    for path in sorted(SEEDS.glob("*.txt")):
        mentions, observations = linker.link(article_of(path.read_text(encoding="utf-8"), doc_id=f"seeds/{path.stem}"))
        registry.add(observations)
        per_doc[path.stem] = [vars(m) for m in mentions]
    actors = {a.actor_id: vars(a) for a in registry.table()}
    for stem, rows in per_doc.items():
        _score_actors(gold[stem], rows, actors, tally, stem)
    scores = tally.scores()
    assert scores["f1"] >= 0.9 and scores["type_accuracy"] >= 0.9, scores


@pytest.mark.parametrize("text, surface, name", [
    ("Les restrictions ont été imposées sous la pression du gouvernement américain.",
     "gouvernement américain", "États-Unis"),
    ("Washington a riposté. Le gouvernement américain limitera les exportations.",
     "gouvernement américain", "Washington"),
    ("Les autorités chinoises ont convoqué l'ambassadeur.", "autorités chinoises", "Chine"),
])
def test_a_government_described_is_its_country_unless_the_article_names_the_capital(link, text, surface, name):
    assert (surface, name) in names_of(link(text))


def test_a_role_and_its_field_read_as_one_entity_leave_the_holder_a_person(link):
    mentions = link("« Qui le fera ? » a réagi le ministre du Patrimoine Pablo Rodriguez.")
    assert ("Pablo Rodriguez", "Pablo Rodriguez") in names_of(mentions)
    assert all(m.text != "Patrimoine Pablo Rodriguez" for m in mentions)


def test_a_ministry_named_without_its_adjective_is_the_ministry_named_before(link):
    mentions = link("Le ministère chinois du Commerce a protesté. Le ministère du Commerce a ensuite précisé sa "
                    "position, tout comme le ministère taïwanais de l'Economie.")
    assert ("ministère du Commerce", "ministère chinois du Commerce") in names_of(mentions)
    assert ("ministère taïwanais de l'Economie", "ministère taïwanais de l'Economie") in names_of(mentions)


def test_french_public_bodies_named_after_france_are_one_actor_not_the_country(link):
    mentions = link("France Travail a annoncé une cyberattaque. Selon France Stratégie, le coût reste inconnu.")
    assert ("France Travail", "France Travail") in names_of(mentions)
    assert ("France Stratégie", "France Stratégie") in names_of(mentions)
    assert all(m.name != "France" for m in mentions)


def test_a_ministry_with_an_adjective_may_have_a_lower_case_complement(link):
    mentions = link("Le ministère coréen du commerce a protesté mardi.")
    assert ("ministère coréen du commerce", "ministère coréen du commerce") in names_of(mentions)


def test_a_first_name_the_ner_left_out_joins_the_person(link):
    mentions = link("Minette Libom Li Likeng ministre des Postes dément les allégations de coupure.")
    assert "Minette Libom Li Likeng" in [m.name for m in mentions if m.type == "PER"]


def test_a_surname_of_several_words_after_the_full_name_is_the_same_person(link):
    mentions = link("Minette Libom Li Likeng a démenti la rumeur. Pour madame Libom Li Likeng, "
                    "il s'agit d'une manipulation.")
    assert {m.name for m in mentions if m.type == "PER"} == {"Minette Libom Li Likeng"}
