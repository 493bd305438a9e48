"""Dates on real news (issue 13): each failure class of the French TimeBank as its own sentences,
with the publication date and the value expected (or no date at all)."""

from __future__ import annotations

import pytest

from pipeline.dates.extract import DateExtractor

TUESDAY = "2002-05-07"  # a Tuesday
JANUARY = "2002-01-15"  # a Tuesday in January
FEBRUARY = "2002-02-09"  # a Saturday


@pytest.fixture(scope="module")
def extractor(nlp, rules):
    return DateExtractor(nlp, rules)


@pytest.fixture(scope="module")
def dates_of(article_of, extractor):
    """(text, value) of every date found in `text` published on `published`."""

    def find(text: str, published: str | None = None) -> list[tuple[str, str]]:
        return [(m.text, m.value) for m in extractor.extract(article_of(text, published=published))]

    return find


@pytest.mark.parametrize("text, expected", [
    ("Le village fera la fête dimanche.", [("dimanche", "2002-05-12")]),
    ("Le conseil municipal se réunira lundi pour voter le budget.", [("lundi", "2002-05-13")]),
    ("La déchetterie sera fermée samedi.", [("samedi", "2002-05-11")]),
    ("Le ministre va annoncer jeudi son plan pour l'emploi.", [("jeudi", "2002-05-09")]),
    ("Le préfet devrait se rendre vendredi sur le chantier.", [("vendredi", "2002-05-10")]),
    ("La mairie doit publier mercredi la liste des lauréats.", [("mercredi", "2002-05-08")]),
    ("Il a annoncé qu'il viendrait dimanche à Besançon.", [("dimanche", "2002-05-12")]),
    # A past or present verb keeps the latest such day up to publication.
    ("Le village a fait la fête dimanche.", [("dimanche", "2002-05-05")]),
    ("Les pompiers étaient sur place lundi soir.", [("lundi soir", "2002-05-06")]),
    ("Le maire vient de signer lundi la convention.", [("lundi", "2002-05-06")]),
    ("Mardi, le conseil a voté le budget.", [("Mardi", "2002-05-07")]),
])
def test_a_future_verb_sends_a_weekday_forward(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


def test_a_title_without_a_verb_takes_the_tense_of_the_next_sentence(dates_of):
    text = "Maceo Parker à Besançon mardi\n\nLe saxophoniste jouera au Kursaal avec son groupe."
    assert dates_of(text, "2002-05-09") == [("mardi", "2002-05-14")]
    text = "Maceo Parker à Besançon mardi\n\nLe saxophoniste a joué au Kursaal avec son groupe."
    assert dates_of(text, "2002-05-09") == [("mardi", "2002-05-07")]


@pytest.mark.parametrize("text, published, expected", [
    ("Le festival aura lieu en mars.", "2002-09-20", [("en mars", "2003-03")]),
    ("La ville lancera le chantier au printemps.", "2002-10-20", [("au printemps", "2003-21")]),
    ("Le jugement sera rendu le 3 janvier.", "2002-12-20", [("le 3 janvier", "2003-01-03")]),
    ("La Chine a annoncé qu'elle soumettrait à licence, à partir du 1er août, les exportations.",
     "2023-07", [("à partir du 1er août", "2023-08-01")]),
    # The tense agrees with the publication's own year: nothing moves.
    ("Le festival aura lieu en octobre.", "2002-09-20", [("en octobre", "2002-10")]),
    ("En février, la commune a voté son budget.", "2002-09-20", [("En février", "2002-02")]),
])
def test_the_tense_decides_the_year_of_a_month(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Trois élus ont été mis en examen le 21 décembre.", JANUARY, [("le 21 décembre", "2001-12-21")]),
    ("Le tribunal avait rendu sa décision le 30 novembre.", JANUARY, [("le 30 novembre", "2001-11-30")]),
    ("En décembre, la commune a voté son budget.", JANUARY, [("En décembre", "2001-12")]),
    ("Les attentats du 11 septembre ont mis un coup de frein au tourisme.", FEBRUARY,
     [("du 11 septembre", "2001-09-11")]),
    # A date on a noun is the occurrence nearest to publication, whatever the verb.
    ("Il estime que l'arrivée de Donald Trump, le 20 janvier, offrait une opportunité.", "2025-01-08",
     [("le 20 janvier", "2025-01-20")]),
    ("L'AI Act, entré en vigueur le 1er août, imposera de nouvelles obligations.", "2024-12-21",
     [("le 1er août", "2024-08-01")]),
])
def test_a_day_later_in_the_calendar_than_publication_in_a_past_sentence_is_last_year(
        dates_of, text, published, expected):
    assert dates_of(text, published) == expected


def test_a_tense_never_invents_a_year_without_publication_date(dates_of):
    assert dates_of("Le festival aura lieu en mars.") == [("en mars", "XXXX-03")]
    assert dates_of("Trois élus ont été mis en examen le 21 décembre.") == [("le 21 décembre", "XXXX-12-21")]
    assert dates_of("Le village fera la fête dimanche.") == [("dimanche", "")]


@pytest.mark.parametrize("text, published, expected", [
    ("À LA RENTRÉE\n\nLes élèves découvriront leur nouveau collège.", "2002-06-20", [("À LA RENTRÉE", "2002-09")]),
    ("À la rentrée, le collège accueillera 300 élèves.", "2002-10-03", [("À la rentrée", "2003-09")]),
    ("À la rentrée, le collège a accueilli 300 élèves.", "2002-10-03", [("À la rentrée", "2002-09")]),
    ("Le moral des Français à la rentrée de septembre est meilleur.", "2002-09-01",
     [("de septembre", "2002-09")]),
    ("LUNDI 3 MARS\n\nLe conseil a voté le budget.", "2003-03-05", [("LUNDI 3 MARS", "2003-03-03")]),
    ("EN FÉVRIER DERNIER, LA COMMUNE A VOTÉ.", "2003-03-05", [("EN FÉVRIER DERNIER", "2003-02")]),
    ("La rentrée d'argent a soulagé la commune.", "2002-10-03", []),
])
def test_the_school_year_start_and_headings_in_capitals_are_dates(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("La mairie a fermé en mai et juin derniers.", "2002-03-10", [("en mai", "2001-05"), ("juin derniers", "2001-06")]),
    ("Les ventes ont chuté en avril, mai et juin derniers.", "2002-09-10",
     [("en avril", "2002-04"), ("mai", "2002-05"), ("juin derniers", "2002-06")]),
    ("Les travaux auront lieu en juillet et août prochains.", "2002-09-10",
     [("en juillet", "2003-07"), ("août prochains", "2003-08")]),
    ("Le festival a eu lieu en mai et juin 2001.", "2002-09-10", [("en mai", "2001-05"), ("juin 2001", "2001-06")]),
    ("Le site était fermé lundi et mardi derniers.", TUESDAY, [("lundi", "2002-05-06"), ("mardi derniers", "2002-04-30")]),
])
def test_a_shared_plural_dates_each_month_it_follows(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Il a été condamné le 10 novembre 93 à Besançon.", "2002-05-07", [("le 10 novembre 93", "1993-11-10")]),
    ("Il y a eu deux ruptures en 97 et rien en 98.", "2002-05-07", [("en 97", "1997"), ("en 98", "1998")]),
    ("L'école a aménagé ses rythmes dès octobre 98.", "1999-05-23", [("dès octobre 98", "1998-10")]),
    ("Le chantier sera achevé en 05.", "1999-05-23", [("en 05", "2005")]),
    ("Il a été condamné le 10 novembre 93 à Besançon.", None, [("le 10 novembre 93", "XX93-11-10")]),
    # Two digits before a noun, an hour or another number count something.
    ("Il a couru en 48 heures.", "2002-05-07", []),
    ("Le chantier a été bouclé en 12 mois.", "2002-05-07", []),
    ("Le chantier durera en 10 à 15 jours.", "2002-05-07", []),
    ("Il a couru en 48 h 30.", "2002-05-07", []),
])
def test_two_digit_years_take_the_century_of_publication(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Ils seront adversaires à la présidentielle de 2002.", "2002-01-02", [("de 2002", "2002")]),
    ("Le bilan 2001 de la commune est bon.", "2002-01-02", [("2001", "2001")]),
    ("Les européennes de 2004 approchent.", "2003-05-02", [("de 2004", "2004")]),
    ("Le recensement de 1990 a montré une baisse.", "1999-05-02", [("de 1990", "1990")]),
    ("Les élections de mars ont été annulées.", "2002-05-02", [("de mars", "2002-03")]),
    ("Le rapport de septembre sera publié bientôt.", "2002-02-02", [("de septembre", "2001-09")]),
    ("Il en sera question à la fin de 2003.", "2002-02-02", [("à la fin de 2003", "2003")]),
    # A count or an amount after a noun is no year.
    ("Il a payé une amende de 2000 euros.", "2002-05-02", []),
    ("Il a payé une amende de 2000.", "2002-05-02", []),
    ("Le groupe compte 2025 salariés.", "2002-05-02", []),
    ("Le village compte une population de 1990 habitants.", "2002-05-02", []),
])
def test_a_year_or_a_month_after_a_noun_is_a_date(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, expected", [
    ("Le site est hors ligne depuis au moins 2019.", [("depuis au moins 2019", "2019")]),
    ("Le site est hors ligne depuis au moins mars 2019.", [("depuis au moins mars 2019", "2019-03")]),
    ("Les travaux ont été achevés à la fin de l'année dernière.", [("à la fin de l'année dernière", "2001")]),
    ("Les travaux seront achevés à la fin de l'année prochaine.", [("à la fin de l'année prochaine", "2003")]),
])
def test_depuis_au_moins_and_the_end_of_last_year(dates_of, text, expected):
    assert dates_of(text, "2002-05-07") == expected


@pytest.mark.parametrize("text", [
    "L'accord du Vendredi Saint a été signé en Irlande du Nord.",
    "Le défilé du Mardi gras a attiré la foule.",
    "Le lundi de Pentecôte reste travaillé dans la commune.",
    "La commune participe au printemps de l'environnement.",
    "Le Printemps de Bourges accueille cinquante groupes.",
    "Le printemps arabe a surpris les diplomates.",
    "La bibliothèque est ouverte uniquement le mercredi.",
    "La bibliothèque est ouverte le mercredi de 14 h à 18 h.",
    "La permanence se tient le mardi et le jeudi.",
    "Le marché aura lieu seulement le samedi matin.",
])
def test_event_names_and_habits_are_not_calendar_dates(dates_of, text):
    assert dates_of(text, TUESDAY) == []


@pytest.mark.parametrize("text, expected", [
    ("Le mercredi, les enquêteurs ont découvert une cache.", [("mercredi", "2002-05-01")]),
    ("La permanence aura lieu le mercredi 8 mai.", [("le mercredi 8 mai", "2002-05-08")]),
    ("Au printemps de l'année dernière, les ventes ont chuté.", [("Au printemps de l'année dernière", "2001-21")]),
    ("Le décret sera publié en mars de l'année prochaine.", [("en mars de l'année prochaine", "2003-03")]),
])
def test_a_weekday_or_a_season_that_is_a_date_stays_one(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("Huawei pourra fournir des antennes au-delà de 2028.", [("au-delà de 2028", "2028")]),
    ("La loi s'appliquera à compter du 1er janvier 2025.", [("à compter du 1er janvier 2025", "2025-01-01")]),
    ("La loi s'appliquera à compter de 2026.", [("à compter de 2026", "2026")]),
])
def test_au_dela_de_and_a_compter_de_open_a_date(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Les coureurs se sont rendus ce week-end à Saint-Gervais.", "2003-02-04", "2003-02-01/2003-02-02"),
    ("Les coureurs se rendront ce week-end à Saint-Gervais.", "2003-02-04", "2003-02-08/2003-02-09"),
    ("La fête a lieu ce week-end.", "2003-02-08", "2003-02-08/2003-02-09"),
    ("Le site a été piraté le week-end dernier.", "2003-02-09", "2003-02-01/2003-02-02"),
    ("Le marché se tiendra le week-end prochain.", "2003-02-04", "2003-02-08/2003-02-09"),
    ("Elon Musk a vivement réagi ce week-end.", "2025-12", ""),
])
def test_a_week_end_is_its_saturday_and_sunday(dates_of, text, published, expected):
    ((_, value),) = dates_of(text, published)
    assert value == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Un incendie a détruit la grange dans la nuit de samedi à dimanche.", "2002-05-07",
     [("dans la nuit de samedi à dimanche", "2002-05-04")]),
    ("La fête aura lieu samedi 11 et dimanche 12 mai.", "2002-05-07",
     [("samedi 11", "2002-05-11"), ("dimanche 12 mai", "2002-05-12")]),
    ("Le salon s'est tenu samedi 30 et dimanche 31 mars 2002.", None,
     [("samedi 30", "2002-03-30"), ("dimanche 31 mars 2002", "2002-03-31")]),
])
def test_a_night_is_dated_by_its_evening_and_days_named_apart_are_dated_apart(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    # a participle read with a future copula: "sera fermée" looks ahead
    ("Au mois d'août, la piscine sera fermée.", TUESDAY, [("Au mois d'août", "2002-08")]),
    # a passé composé with être that the parser reads as a present passive looks back
    ("Cet hiver, la neige est tombée en abondance.", TUESDAY, [("Cet hiver", "2001-24")]),
    ("La neige est tombée le 30 décembre.", JANUARY, [("le 30 décembre", "2001-12-30")]),
    # a present passive keeps the publication's own year
    ("Le décret est publié en août.", TUESDAY, [("en août", "2002-08")]),
])
def test_the_tense_of_a_participle_is_read_through_its_copula_or_its_auxiliary(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Le tribunal a jugé l'affaire en 1998 et 1999.", TUESDAY, [("en 1998", "1998"), ("1999", "1999")]),
    ("En 2002, 2003 et 2004, les ventes ont progressé.", TUESDAY,
     [("En 2002", "2002"), ("2003", "2003"), ("2004", "2004")]),
    ("Entre 1990 et 1999, la ville a changé.", TUESDAY, [("Entre 1990 et 1999", "1990/1999")]),
    # an amount next to a year is no year
    ("Il a payé en 2001 et 2000 euros en 2002.", TUESDAY, [("en 2001", "2001"), ("en 2002", "2002")]),
])
def test_years_that_share_their_preposition_are_each_a_date(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, expected", [
    ("Le mois de mai dernier a été pluvieux.", [("Le mois de mai dernier", "2001-05")]),
    ("Au mois de juin prochain, la piscine ouvrira.", [("Au mois de juin prochain", "2002-06")]),
    ("En ce début d'année, les ventes sont bonnes.", [("En ce début d'année", "2002")]),
    ("En cette fin de mois, la trésorerie est tendue.", [("En cette fin de mois", "2002-05")]),
    ("À la fin de la semaine, le préfet viendra.", [("À la fin de la semaine", "2002-W19")]),
    ("À la fin de la semaine prochaine, le préfet viendra.", [("À la fin de la semaine prochaine", "2002-W20")]),
    ("À partir de demain, la route sera fermée.", [("À partir de demain", "2002-05-08")]),
    ("À partir d'aujourd'hui, la route est fermée.", [("À partir d'aujourd'hui", "2002-05-07")]),
])
def test_the_month_of_a_named_month_and_the_parts_of_this_week_month_and_year(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("Le concert aura lieu le samedi 11 à 20 h 30.", [("le samedi 11", "2002-05-11")]),
    ("Le concert a eu lieu samedi 27.", [("samedi 27", "2002-04-27")]),
    ("Le conseil s'est réuni le lundi 6.", [("le lundi 6", "2002-05-06")]),
    ("Le conseil se réunira le mercredi 5.", [("le mercredi 5", "2002-06-05")]),
    # no Friday 9 near publication: the weekday alone decides
    ("La réunion a eu lieu vendredi 9.", [("vendredi 9", "2002-05-03")]),
])
def test_a_weekday_with_its_day_and_no_month_is_that_day_near_publication(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


def test_a_weekday_with_its_day_needs_a_day_level_publication_date(dates_of):
    assert dates_of("Le concert aura lieu le samedi 11.", "2002-05") == [("le samedi 11", "")]


@pytest.mark.parametrize("text, expected", [
    ("Le Parlement a adopté hier soir la loi, la Chambre ayant approuvé le texte la veille.",
     [("hier soir", "2002-05-06"), ("la veille", "2002-05-05")]),
    ("Le 3 mai, il est arrivé. Le lendemain matin, il est reparti.",
     [("Le 3 mai", "2002-05-03"), ("Le lendemain matin", "2002-05-04")]),
    ("Le 2 mai, le maire a signé. Ce jour-là, il pleuvait.", [("Le 2 mai", "2002-05-02"), ("Ce jour-là", "2002-05-02")]),
    ("Il a été élu le 30 avril 2002. L'avant-veille, il hésitait.",
     [("le 30 avril 2002", "2002-04-30"), ("L'avant-veille", "2002-04-28")]),
    # no day named before in its paragraph: the news' own day, publication
    ("La veille, le Sénat avait voté la loi.", [("La veille", "2002-05-06")]),
    ("Les mesures prises la veille par les États-Unis ont surpris.", [("la veille", "2002-05-06")]),
    ("L'Arcom assure la veille.", []),
    ("L'agence mène une veille technologique sur les réseaux.", []),
    # the eve of an event the article does not date, and the monitoring sense of "veille"
    ("La veille de Noël, il a neigé.", []),
    ("Le 2 mai, il a voté. Le lendemain de l'élection, il a démissionné.", [("Le 2 mai", "2002-05-02")]),
    ("L'Arcom assure la veille des réseaux sociaux.", []),
    ("Une cellule de veille a été créée.", []),
])
def test_the_eve_and_the_day_after_count_from_the_last_day_their_paragraph_named(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("Le village s'illuminera à Noël.", [("à Noël", "2002-12-25")]),
    ("À la Toussaint, les cimetières ont été fleuris.", [("À la Toussaint", "2001-11-01")]),
    ("Le chantier sera achevé avant la Toussaint.", [("avant la Toussaint", "2002-11-01")]),
    ("À Pâques, la neige est tombée.", [("À Pâques", "2002-03-31")]),
    ("À la Pentecôte, la fête aura lieu.", [("À la Pentecôte", "2002-05-19")]),
    ("Depuis Noël 2001, le magasin est fermé.", [("Depuis Noël 2001", "2001-12-25")]),
    # a holiday that names a thing, not a day
    ("Le marché de Noël attire la foule.", []),
    ("Le père Noël est passé.", []),
    ("L'île de Pâques attire les touristes.", []),
])
def test_a_holiday_after_a_preposition_of_time_is_its_day(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


def test_a_movable_holiday_needs_a_publication_year(dates_of):
    assert dates_of("À Pâques, la neige est tombée.") == [("À Pâques", "")]
    assert dates_of("Le village s'illuminera à Noël.") == [("à Noël", "XXXX-12-25")]


@pytest.mark.parametrize("text, expected", [
    ("La maison date du XVIIIe siècle.", [("du XVIIIe siècle", "17")]),
    ("Au XXe siècle, la ville a grandi.", [("Au XXe siècle", "19")]),
    ("Au début du XXIe siècle, la ville a changé.", [("Au début du XXIe siècle", "20")]),
    ("Le 21e siècle sera numérique.", [("Le 21e siècle", "20")]),
    ("Il travaille ici depuis un quart de siècle.", []),  # a duration
])
def test_a_century_is_its_iso_two_digits(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("L'été 98 a été chaud.", [("L'été 98", "1998-22")]),
    ("À l'automne 97, il a été élu.", [("À l'automne 97", "1997-23")]),
    ("Il a été élu au printemps 97.", [("au printemps 97", "1997-21")]),
    ("Fin 98, la dette atteignait 2 millions.", [("Fin 98", "1998")]),
    ("Début 99, les travaux ont commencé.", [("Début 99", "1999")]),
    ("Le 10/11/93, il a été condamné.", [("Le 10/11/93", "1993-11-10")]),
    # two digits that count something
    ("L'été 98 personnes sont venues.", []),
    ("Le chantier a été bouclé fin 12 mois plus tard.", []),
])
def test_two_digit_years_after_a_season_a_part_of_the_year_or_in_figures(dates_of, text, expected):
    assert dates_of(text, "1999-05-07") == expected


@pytest.mark.parametrize("text, expected", [
    # the noun of a temporal locution frames the date: the verb still decides
    ("Au cours de l'été, la mairie a embauché.", [("de l'été", "2001-22")]),
    ("À la fin de l'été, la mairie a embauché.", [("de l'été", "2001-22")]),
    ("Au printemps prochain, la mairie embauchera.", [("Au printemps prochain", "2003-21")]),
    ("En automne dernier, la mairie a embauché.", [("En automne dernier", "2001-23")]),
    ("En fin de semaine dernière, le maire a signé.", [("En fin de semaine dernière", "2002-W18")]),
    ("Au début de la semaine prochaine, le maire signera.", [("Au début de la semaine prochaine", "2002-W20")]),
])
def test_a_season_or_a_week_framed_by_a_locution_or_said_last_or_next(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("En juillet et août, la piscine sera ouverte.", TUESDAY, [("En juillet", "2002-07"), ("août", "2002-08")]),
    ("En juillet, août et septembre, la piscine sera ouverte.", TUESDAY,
     [("En juillet", "2002-07"), ("août", "2002-08"), ("septembre", "2002-09")]),
    # the tense decides both months: a past sentence in January looks back
    ("En novembre et décembre, les ventes ont baissé.", JANUARY, [("En novembre", "2001-11"), ("décembre", "2001-12")]),
    # two months after "entre" are one range
    ("Entre juillet et août, la piscine sera ouverte.", TUESDAY, [("Entre juillet et août", "2002-07/2002-08")]),
])
def test_months_that_share_their_preposition_are_each_a_date(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, expected", [
    ("Les 12, 13 et 14 juin, la ville sera en fête.",
     [("Les 12", "2002-06-12"), ("13", "2002-06-13"), ("14 juin", "2002-06-14")]),
    ("Il sera jugé le 12 ou le 13 juin.", [("le 12", "2002-06-12"), ("le 13 juin", "2002-06-13")]),
])
def test_days_that_share_their_month_are_each_a_date(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Le feu d'artifice sera tiré le 14-Juillet.", "2002-07-10", [("le 14-Juillet", "2002-07-14")]),
    ("Les anciens combattants ont défilé pour le 8-Mai.", "2002-05-10", [("le 8-Mai", "2002-05-08")]),
    ("Le défilé aura lieu pour la Saint-Nicolas.", "2002-12-02", [("pour la Saint-Nicolas", "2002-12-06")]),
    ("Les fleuristes ont été dévalisés à la Saint-Valentin.", "2002-02-16", [("à la Saint-Valentin", "2002-02-14")]),
    # a holiday that names a thing, not a day
    ("Les enfants attendent la Saint-Nicolas avec impatience.", "2002-12-02", []),
])
def test_holidays_named_by_their_day_or_their_saint_are_their_day(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Ils sont entrés dans la nouvelle année sous le signe de l'euro.", "2002-01-02", [("la nouvelle année", "2002")]),
    ("La nouvelle année commencera sous le signe de l'euro.", "2002-12-28", [("La nouvelle année", "2003")]),
])
def test_the_new_year_is_the_year_of_the_nearest_first_of_january(dates_of, text, published, expected):
    assert dates_of(text, published) == expected


@pytest.mark.parametrize("text, expected", [
    ("L'optimisme est en hausse par rapport à l'année dernière à la même époque.",
     [("l'année dernière", "2001"), ("à la même époque", "2001-09")]),
    ("Les ventes ont baissé par rapport à la même période de l'année dernière.",
     [("à la même période de l'année dernière", "2001-09")]),
    # no year named before it in the sentence: no date
    ("À la même époque, les ventes baissaient.", []),
])
def test_the_same_period_is_the_publication_month_of_the_year_named_with_it(dates_of, text, expected):
    assert dates_of(text, "2002-09-01") == expected


@pytest.mark.parametrize("text, expected", [
    ("Il a été élu en 1995. L'année suivante, il démissionnait.", [("en 1995", "1995"), ("L'année suivante", "1996")]),
    ("Il a été élu en mars 1995. Le mois suivant, il démissionnait.",
     [("en mars 1995", "1995-03"), ("Le mois suivant", "1995-04")]),
    # nothing named before in its paragraph: counted from publication
    ("Les négociations avaient échoué l'année précédente.", [("l'année précédente", "2001")]),
    ("Voici deux ans, l'usine fermait.", [("Voici deux ans", "2000")]),
])
def test_the_year_or_month_after_or_before_counts_from_the_last_one_named(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("Le projet a été lancé en fin d'année dernière.", [("en fin d'année dernière", "2001")]),
    ("Le projet sera lancé en début d'année prochaine.", [("en début d'année prochaine", "2003")]),
    ("Le projet devrait aboutir dans le courant de l'année.", [("dans le courant de l'année", "2002")]),
    ("Le projet devrait aboutir en cours d'année.", [("en cours d'année", "2002")]),
])
def test_a_part_of_last_or_next_year_said_without_article(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


def test_that_morning_is_the_day_its_paragraph_named_not_today(dates_of):
    assert dates_of("Le 3 mai, il est arrivé. Ce matin-là, il faisait froid.", TUESDAY) == [
        ("Le 3 mai", "2002-05-03"), ("Ce matin-là", "2002-05-03")]
    assert dates_of("Ce matin, il fait froid.", TUESDAY) == [("Ce matin", "2002-05-07")]


@pytest.mark.parametrize("text, expected", [
    # the tagger reads "réunira" as a passé simple here; the infinitive and a future ending say future
    ("Le conseil se réunira mardi 14 mai.", [("mardi 14 mai", "2002-05-14")]),
    ("Il déclara mardi qu'il partait.", [("mardi", "2002-05-07")]),
])
def test_a_regular_future_read_as_a_past_tense_still_looks_ahead(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("Le conseil s'est réuni à la fin du mois dernier.", [("à la fin du mois dernier", "2002-04")]),
    ("Le conseil se réunira au début du mois prochain.", [("au début du mois prochain", "2002-06")]),
    ("Le conseil s'est réuni en début de mois dernier.", [("en début de mois dernier", "2002-04")]),
    ("Le conseil s'est réuni fin mars dernier.", [("fin mars dernier", "2002-03")]),
    ("Le conseil se réunira début juin prochain.", [("début juin prochain", "2002-06")]),
    ("Le conseil s'est réuni à la mi-mars dernière.", [("à la mi-mars dernière", "2002-03")]),
])
def test_the_part_of_last_or_next_month_keeps_its_adjective(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("Les élections de 2001 et 2002 ont été gagnées.", [("de 2001", "2001"), ("2002", "2002")]),
    # a list after a noun dates that noun's events, as one month after a noun does
    ("Les élections de mars et juin ont été gagnées.", [("de mars", "2002-03"), ("juin", "2002-06")]),
])
def test_dates_listed_after_a_noun_are_each_a_date_of_that_noun(dates_of, text, expected):
    assert dates_of(text, TUESDAY) == expected
