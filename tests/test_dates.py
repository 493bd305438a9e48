"""Dates: every temporal expression found and normalised against the publication date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from spacy.tokens import Doc

from pipeline.dates.extract import (
    DateExtractor,
    Publication,
    read_parts,
    resolve_calendar,
)
from pipeline.evaluate.score import dice, words
from pipeline.records import DateMention

DATA = Path(__file__).resolve().parent / "data"
FRIDAY = "2025-09-26"  # a day-level publication date: a Friday, ISO week 39
FEBRUARY = "2021-02"  # a month-level publication date


@pytest.fixture(scope="module")
def extractor(nlp, rules):
    return DateExtractor(nlp, rules)


@pytest.fixture(scope="module")
def dates_of(article_of, extractor):
    """(text, value) of every date found in `text` published on `published`."""

    def find(text: str, published: str | None = None) -> list[tuple[str, str]]:
        return [(m.text, m.value) for m in extractor.extract(article_of(text, published=published))]

    return find


@pytest.mark.parametrize("text, published, expected", [
    ("En février, la Commission a ouvert une procédure contre Meta.", None, [("En février", "XXXX-02")]),
    ("Le texte a été adopté le 12 mars par les eurodéputés.", None, [("le 12 mars", "XXXX-03-12")]),
    ("Cet été, le groupe a lancé son offre de fibre en Espagne.", None, [("Cet été", "XXXX-22")]),
    ("Le géant chinois avait été sanctionné en novembre dernier.", None, [("en novembre dernier", "XXXX-11")]),
    ("Au deuxième trimestre, Samsung a repris la tête du marché.", None, [("Au deuxième trimestre", "XXXX-34")]),
])
def test_month_without_publication_date_keeps_unknown_year(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("En février, la Commission a ouvert une procédure contre Meta.", FEBRUARY, [("En février", "2021-02")]),
    ("En février, la Commission a ouvert une procédure contre Meta.", FRIDAY, [("En février", "2025-02")]),
    ("Comme en février dernier, les opérateurs ont contesté.", FEBRUARY, [("en février dernier", "2020-02")]),
    ("Le règlement s'appliquera en août prochain.", FRIDAY, [("en août prochain", "2026-08")]),
    ("Le 30 septembre dernier, Google a été condamné.", FRIDAY, [("Le 30 septembre dernier", "2024-09-30")]),
    ("Le 11 septembre dernier, Apple a présenté ses iPhone.", FRIDAY, [("Le 11 septembre dernier", "2025-09-11")]),
    ("Le décret a été publié le 3 février.", FEBRUARY, [("le 3 février", "2021-02-03")]),
])
def test_unsaid_year_comes_from_publication(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, expected", [
    ("Jeudi, la Commission a infligé une amende à Apple.", [("Jeudi", "2025-09-25")]),
    ("Vendredi, l'Arcep a publié son observatoire.", [("Vendredi", "2025-09-26")]),
    ("Samedi, des milliers de manifestants ont défilé.", [("Samedi", "2025-09-20")]),
    ("Jeudi dernier, OpenAI a ouvert un bureau à Paris.", [("Jeudi dernier", "2025-09-25")]),
    ("Vendredi dernier, le site a été piraté.", [("Vendredi dernier", "2025-09-19")]),
    ("Le ministre présentera jeudi prochain sa feuille de route.", [("jeudi prochain", "2025-10-02")]),
    ("Mardi soir, le site de la SNCF a été attaqué.", [("Mardi soir", "2025-09-23")]),
])
def test_weekday_resolves_against_day_level_publication(dates_of, text, expected):
    assert dates_of(text, FRIDAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("Jeudi, la Commission a infligé une amende à Apple.", [("Jeudi", "")]),
    ("Hier, la CNIL a mis en demeure vingt mairies.", [("Hier", "")]),
    ("Cette semaine, le gouvernement a présenté sa stratégie.", [("Cette semaine", "")]),
    ("La semaine dernière, le Conseil d'État a validé le décret.", [("La semaine dernière", "")]),
])
def test_weekday_has_no_value_with_month_level_publication(dates_of, extractor, article_of, text, expected):
    assert dates_of(text, FEBRUARY) == expected
    assert {m.anchor for m in extractor.extract(article_of(text, published=FEBRUARY))} == {"publication"}


@pytest.mark.parametrize("text, published, expected", [
    ("Hier, la CNIL a mis en demeure vingt mairies.", FRIDAY, [("Hier", "2025-09-25")]),
    ("Avant-hier, le cours de Nvidia a chuté.", FRIDAY, [("Avant-hier", "2025-09-24")]),
    ("Le jugement sera rendu demain.", FRIDAY, [("demain", "2025-09-27")]),
    ("L'an dernier, la CNIL a prononcé 14 sanctions.", FEBRUARY, [("L'an dernier", "2020")]),
    ("L'an passé, Orange a investi dans la fibre.", FRIDAY, [("L'an passé", "2024")]),
    ("Le groupe embauchera l'année prochaine.", FRIDAY, [("l'année prochaine", "2026")]),
    ("Le mois dernier, Huawei a vu ses ventes reculer.", FEBRUARY, [("Le mois dernier", "2021-01")]),
    ("Ce mois-ci, TikTok a supprimé des vidéos.", FRIDAY, [("Ce mois-ci", "2025-09")]),
    ("La semaine dernière, le Conseil d'État a validé le décret.", FRIDAY, [("La semaine dernière", "2025-W38")]),
    ("La semaine prochaine, les ministres discuteront.", FRIDAY, [("La semaine prochaine", "2025-W40")]),
    ("Il y a deux ans, TikTok a été désigné.", FRIDAY, [("Il y a deux ans", "2023")]),
    ("Il y a trois mois, Xiaomi a été sanctionné.", FEBRUARY, [("Il y a trois mois", "2020-11")]),
    ("Il y a quinze jours, le Sénat a voté le texte.", FRIDAY, [("Il y a quinze jours", "2025-09-11")]),
    ("Le groupe entrera en Bourse dans deux ans.", FRIDAY, [("dans deux ans", "2027")]),
    ("L'hiver dernier, les prix ont pesé sur les centres de données.", FRIDAY, [("L'hiver dernier", "2024-24")]),
    ("Cet hiver, les opérateurs ont déployé des antennes.", FEBRUARY, [("Cet hiver", "2020-24")]),
])
def test_relative_expressions_resolve_at_the_granularity_publication_allows(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Depuis décembre, la Commission examine le dossier.", "2025-03-20", [("Depuis décembre", "2024-12")]),
    ("Depuis mars, la Commission examine le dossier.", "2025-03-20", [("Depuis mars", "2025-03")]),
    ("Depuis janvier, les ventes reculent.", "2025-03", [("Depuis janvier", "2025-01")]),
    ("Le texte doit être adopté d'ici l'été.", "2024-11-29", [("d'ici l'été", "2025-22")]),
    ("Le texte doit être adopté d'ici février.", "2024-11", [("d'ici février", "2025-02")]),
    ("Le texte doit être adopté d'ici décembre.", "2024-11", [("d'ici décembre", "2024-12")]),
])
def test_depuis_looks_back_and_d_ici_ahead_of_publication(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text", [
    "Hier, la CNIL a mis en demeure vingt mairies.",
    "L'an dernier, la CNIL a prononcé 21 sanctions.",
    "Il y a deux ans, TikTok a été désigné très grande plateforme.",
    "Jeudi dernier, OpenAI a ouvert un bureau à Paris.",
])
def test_relative_expressions_have_no_value_without_publication_date(dates_of, extractor, article_of, text):
    (found,) = extractor.extract(article_of(text))
    assert (found.value, found.anchor) == ("", "none")


@pytest.mark.parametrize("text, expected", [
    ("La CNIL a infligé le 15 mai 2025 une amende à Criteo.", [("le 15 mai 2025", "2025-05-15")]),
    ("Depuis le 1er juin 2024, les pannes doivent être signalées.", [("Depuis le 1er juin 2024", "2024-06-01")]),
    ("Mardi 14 octobre 2025, le Sénat examinera le texte.", [("Mardi 14 octobre 2025", "2025-10-14")]),
    ("Le 15 sept. 2024, Bruxelles a ouvert une enquête.", [("Le 15 sept. 2024", "2024-09-15")]),
    ("Selon l'arrêté du 12/03/2024, les antennes seront déclarées.", [("du 12/03/2024", "2024-03-12")]),
    ("La décision, datée du 12.03.2024, est publique.", [("du 12.03.2024", "2024-03-12")]),
    ("Le fichier porte la date 2024-03-12.", [("2024-03-12", "2024-03-12")]),
    ("En février 2021, la CNIL a mis en demeure des sites.", [("En février 2021", "2021-02")]),
    ("En 2019, Google a écopé d'une amende.", [("En 2019", "2019")]),
    ("L'Union veut produire 20 % des puces d'ici 2030.", [("d'ici 2030", "2030")]),
    ("Le déploiement sera achevé fin 2024.", [("fin 2024", "2024")]),
    ("Le lancement est prévu courant 2025.", [("courant 2025", "2025")]),
    ("Au printemps 2023, l'Italie a bloqué ChatGPT.", [("Au printemps 2023", "2023-21")]),
    ("Au premier trimestre 2024, les ventes ont progressé.", [("Au premier trimestre 2024", "2024-33")]),
    ("Depuis les années 2010, les géants ont racheté des rivaux.", [("Depuis les années 2010", "201X")]),
    ("Le Minitel a connu son apogée dans les années 80.", [("dans les années 80", "198X")]),
    ("Les enchères auront lieu du 3 au 5 mars 2025.", [("du 3 au 5 mars 2025", "2025-03-03/2025-03-05")]),
    ("Entre 2020 et 2022, les signalements ont doublé.", [("Entre 2020 et 2022", "2020/2022")]),
    ("De 2019 à 2021, Huawei a perdu des parts de marché.", [("De 2019 à 2021", "2019/2021")]),
])
def test_absolute_dates_keep_the_granularity_written(dates_of, extractor, article_of, text, expected):
    assert dates_of(text, FRIDAY) == expected
    assert dates_of(text) == expected  # a written year needs no publication date
    assert {m.anchor for m in extractor.extract(article_of(text))} == {"absolute"}


@pytest.mark.parametrize("text", [
    "Le taux atteint 6 % dans le secteur des télécoms.",
    "L'entreprise emploie 2 000 salariés en France.",
    "Le groupe compte 2025 salariés dans ses centres de données.",
    "Free a couvert 90 % de la population en 5G.",
    "Le groupe a levé 1,4 milliard de dollars.",
    "L'amende peut atteindre 4 % du chiffre d'affaires mondial.",
    "Les contenus terroristes doivent être retirés en 48 heures.",
    "L'inscription sera interdite avant 15 ans.",
    "Le PDG de 58 ans quittera ses fonctions.",
    "Microsoft abandonne le support de Windows 11.",
    "L'article 17 de la directive impose un filtrage.",
    "Les dirigeants du G7 ont adopté un code de conduite.",
    "La pandémie de COVID-19 a accéléré la numérisation.",
    "Pour signaler un contenu, composez le 01 53 73 22 22.",
    "Le forfait est facturé 2000 euros par an.",
    "Sept pays de l'Union ont signé la déclaration.",
    "La Nvidia RTX 4090 est interdite à l'export.",
    "Le rover a atterri sur Mars avec 23 caméras.",
    "Il y a 2 000 antennes 5G à Paris.",
    "Le service a été suspendu pendant trois mois.",
    "Chaque lundi, l'agence publie la liste des sites bloqués.",
    "Les usines de demain seront pilotées par l'IA.",
])
def test_percentages_and_counts_are_not_dates(dates_of, text):
    assert dates_of(text, FRIDAY) == []


@pytest.mark.parametrize("text, expected", [
    ("Le groupe a été sanctionné en 2019 pour 2000 euros par salarié.", [("en 2019", "2019")]),
    ("En 2023, 2 000 salariés de Google ont été licenciés.", [("En 2023", "2023")]),
    ("La part est passée de 12 % en 2019 à 18 % en 2023.", [("en 2019", "2019"), ("en 2023", "2023")]),
])
def test_counts_beside_a_real_date_leave_only_the_date(dates_of, text, expected):
    assert dates_of(text, FRIDAY) == expected


@pytest.mark.parametrize("text", [
    "En février, la Commission a ouvert une procédure.",
    "Le texte a été adopté le 12 mars par les eurodéputés.",
    "Lundi 3 mars, Thierry Breton a rencontré TikTok.",
    "Au troisième trimestre, les ventes ont reculé.",
    "Le festival a lieu du 12 au 15 juin.",
])
def test_dateparser_never_borrows_todays_year(dates_of, text):
    values = [value for _, value in dates_of(text)]
    assert values and all(value.startswith("XXXX") for value in values)
    assert not any(str(date.today().year) in value for value in values)


def test_offsets_are_document_offsets_after_the_header(article_of, extractor):
    text = "date 2021-02 Le décret a été publié le 3 février.\n\nL'an dernier, rien n'avait bougé."
    article = article_of(text)
    found = extractor.extract(article)
    assert [(m.text, m.value, m.paragraph) for m in found] == [
        ("le 3 février", "2021-02-03", 0), ("L'an dernier", "2020", 1)]
    assert all(article.text[m.start:m.end] == m.text for m in found)


def test_repeated_paragraphs_yield_no_dates(article_of, extractor, pipeline_extractor, rules):
    from pipeline.ingest.dedup import Deduplicator

    paragraph = "En février, la Commission européenne a ouvert une procédure contre Meta pour abus."
    article = article_of(paragraph + "\n\n" + paragraph)
    article = pipeline_extractor.parse(Deduplicator.from_rules(rules).mark(article))
    assert [m.paragraph for m in extractor.extract(article)] == [0]


def test_patterns_match_on_hand_built_docs(nlp, extractor):
    words = ["Le", "sommet", "du", "3", "au", "5", "mars", "2025", "a", "coûté", "2000", "euros",
             "en", "2024", "et", "préparé", "les", "usines", "de", "demain", "."]
    pos = ["DET", "NOUN", "ADP", "NUM", "ADP", "NUM", "NOUN", "NUM", "AUX", "VERB", "NUM", "NOUN",
           "ADP", "NUM", "CCONJ", "VERB", "DET", "NOUN", "ADP", "ADV", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, pos=pos)
    found = [(span.text, rule.data["label"]) for span, rule in extractor.spans(doc)]
    assert found == [("du 3 au 5 mars 2025", "RANGE"), ("en 2024", "YEAR")]


class WholeDocMatcher:
    """spaCy's Matcher tried at every token, as `TokenPatterns` gives its matches."""

    def __init__(self, vocab):
        from spacy.matcher import Matcher

        self.matcher = Matcher(vocab)

    def add(self, key, pattern):
        self.matcher.add(key, [pattern])

    def __call__(self, doc):
        return sorted({(doc.vocab.strings[m], s, e) for m, s, e in self.matcher(doc)}, key=lambda m: (m[1], m[2], m[0]))


def test_date_patterns_run_near_their_anchors_find_what_the_whole_paragraph_finds(nlp, rules, article_of, extractor,
                                                                                   monkeypatch):
    import pipeline.dates.extract as dates

    monkeypatch.setattr(dates, "TokenPatterns", WholeDocMatcher)
    everywhere = DateExtractor(nlp, rules)
    lines = (DATA / "dates_gold.jsonl").read_text(encoding="utf-8").splitlines()
    for example in map(json.loads, filter(str.strip, lines)):
        article = article_of(example["text"], published=example["published"])
        assert extractor.extract(article) == everywhere.extract(article), example["text"]


def test_user_patterns_extend_the_dates_family(nlp, tmp_path, article_of):
    from pipeline.rules import load_rules

    (tmp_path / "dates_mine.jsonl").write_text(json.dumps(
        {"label": "RELATIVE_DAY", "pattern": "avant-hier au soir", "id": "day-2"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    shipped = DateExtractor(nlp, load_rules())
    extractor = DateExtractor(nlp, load_rules(tmp_path))
    article = article_of("Avant-hier au soir, le site était tombé.", published=FRIDAY)
    assert [(m.text, m.value) for m in shipped.extract(article)] == [("Avant-hier", "2025-09-24")]
    assert [(m.text, m.value) for m in extractor.extract(article)] == [("Avant-hier au soir", "2025-09-24")]


@pytest.mark.parametrize("words, published, expected", [
    (["en", "février"], "", ("XXXX-02", "month", "none")),
    (["en", "février"], "2021", ("2021-02", "month", "publication")),
    (["au", "printemps", "2023"], "", ("2023-21", "season", "absolute")),
    (["le", "31", "février", "2024"], "", ("", "day", "absolute")),
    (["les", "années", "1990"], "", ("199X", "decade", "absolute")),
])
def test_calendar_parts_keep_what_was_written(extractor, words, published, expected):
    reading = resolve_calendar(read_parts(words, extractor.words), "this", Publication.parse(published))
    assert (reading.value, reading.granularity, reading.anchor) == expected


def _dice(a: str, b: str) -> float:
    """The evaluation's own text match (folded word multisets)."""
    return dice(words(a), words(b))


def _score(gold: list[dict], predicted: list[DateMention]) -> tuple[int, int, int, int]:
    """(matched, predicted, expected, right values) with greedy one-to-one Dice ≥ 0.5 matching."""
    pairs = sorted(((_dice(p.text, g["text"]), i, j) for i, p in enumerate(predicted)
                    for j, g in enumerate(gold)), reverse=True)
    used_p, used_g, right = set(), set(), 0
    for score, i, j in pairs:
        if score >= 0.5 and i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            right += predicted[i].value == (gold[j]["value"] or "")
    return len(used_p), len(predicted), len(gold), right


def test_dates_gold_precision_recall_and_values(article_of, extractor):
    lines = (DATA / "dates_gold.jsonl").read_text(encoding="utf-8").splitlines()
    examples = [json.loads(line) for line in lines if line.strip()]
    assert len(examples) >= 130
    totals = [0, 0, 0, 0]
    for example in examples:
        found = extractor.extract(article_of(example["text"], published=example["published"]))
        totals = [a + b for a, b in zip(totals, _score(example["dates"], found))]
    matched, predicted, expected, right = totals
    precision, recall, values = matched / predicted, matched / expected, right / matched
    print(f"dates_gold: precision {precision:.3f} recall {recall:.3f} value accuracy {values:.3f} "
          f"({matched} matched, {predicted} predicted, {expected} expected)")
    assert precision >= 0.95 and recall >= 0.95 and values >= 0.95
