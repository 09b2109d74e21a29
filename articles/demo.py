"""The demo content: the seed story as structured data, for ``manage.py loaddemo``.

The text is copied from the seed article exactly (curly apostrophes, « » with their
no-break spaces, en dashes) and kept here so the command needs nothing outside the
repository. Only facts the story states are entered: no invented dates, websites or
destinations. Objects refer to each other by slug, the natural key the command loads by.
"""

import datetime
from zoneinfo import ZoneInfo

from articles.models import Article, Block
from people.dates import Precision
from people.models import Organisation

# French typography puts a no-break space inside « »; spelled out so it stays visible here.
NBSP = "\N{NO-BREAK SPACE}"

# The hero is an abstract illustration drawn by articles/demo_images.py, and says so.
HERO_CAPTION = "Illustration de démonstration, sans lien avec les personnes citées."

SECTION = {"slug": "intelligence-artificielle", "name": "Intelligence artificielle"}

ORGANISATIONS = [
    # The story calls OpenAI « l’entreprise » and Anthropic one of its competitors.
    {"slug": "openai", "name": "OpenAI", "kind": Organisation.Kind.COMPANY},
    {"slug": "anthropic", "name": "Anthropic", "kind": Organisation.Kind.COMPANY},
    {"slug": "the-new-york-times", "name": "The New York Times", "kind": Organisation.Kind.NEWSROOM},
    {"slug": "x", "name": "X", "kind": Organisation.Kind.COMPANY},
]

# Who the story is about, plus its byline: an invented journalist, plainly marked as such,
# so the demo never attributes the text to a real reporter.
PEOPLE = [
    {
        "slug": "camille-exemple",
        "name": "Camille Exemple",
        "short_description": "Journaliste (personnage fictif de la démonstration)",
        "tags": [],
    },
    {
        "slug": "lilian-weng",
        "name": "Lilian Weng",
        "short_description": "figure majeure de la recherche en sécurité de l’IA",
        "tags": ["sécurité de l’IA", "OpenAI"],
    },
    {"slug": "ilya-sutskever", "name": "Ilya Sutskever", "short_description": "", "tags": ["OpenAI"]},
    {"slug": "jan-leike", "name": "Jan Leike", "short_description": "", "tags": ["OpenAI"]},
    {"slug": "mira-murati", "name": "Mira Murati", "short_description": "", "tags": ["OpenAI"]},
    {"slug": "bob-mcgrew", "name": "Bob McGrew", "short_description": "", "tags": ["OpenAI"]},
    {"slug": "andrej-karpathy", "name": "Andrej Karpathy", "short_description": "", "tags": ["OpenAI"]},
    {"slug": "suchir-balaji", "name": "Suchir Balaji", "short_description": "", "tags": []},
]


def _career(organisation, *, role_title="", team="", summary="", start=None, end=None, ended=False):
    """One career entry; ``start``/``end`` are ``(date, precision)`` or ``None``."""
    start_date, start_precision = start or (None, Precision.YEAR)
    end_date, end_precision = end or (None, Precision.YEAR)
    return {
        "organisation": organisation,
        "role_title": role_title,
        "team": team,
        "summary": summary,
        "start_date": start_date,
        "start_precision": start_precision,
        "end_date": end_date,
        "end_precision": end_precision,
        "ended": ended or end_date is not None,
        "announced_on": None,
        "destination": None,
        "note": "",
    }


def _year(year):
    return (datetime.date(year, 1, 1), Precision.YEAR)


# Each person's whole career at the organisations listed, in chronological order: the
# command makes the stored entries match this list.
CAREERS = {
    "lilian-weng": [
        _career(
            "openai",
            team="Robotique",
            summary="Arrivée dans l’équipe robotique",
            start=_year(2018),
            end=_year(2021),
        ),
        _career(
            "openai",
            team="Recherche en IA appliquée",
            summary="Transition vers la recherche en IA appliquée",
            start=_year(2021),
            end=_year(2023),
        ),
        _career(
            "openai",
            role_title="Responsable de l’équipe systèmes de sécurité",
            team="Systèmes de sécurité",
            summary="Direction de l’équipe systèmes de sécurité",
            start=_year(2023),
            end=_year(2024),
        ),
        # « depuis août dernier » and « son dernier jour serait le 15 novembre ».
        _career(
            "openai",
            role_title="VP recherche et sécurité",
            summary="Nomination comme VP recherche et sécurité",
            start=(datetime.date(2024, 8, 1), Precision.MONTH),
            end=(datetime.date(2024, 11, 15), Precision.DAY),
        ),
    ],
    # The story dates none of these departures: they are ended, with no dates.
    "ilya-sutskever": [
        _career(
            "openai",
            role_title="Co-fondateur et directeur scientifique",
            summary="Co-fondateur et ancien directeur scientifique",
            ended=True,
        )
    ],
    "jan-leike": [
        _career(
            "openai",
            role_title="Responsable de l’équipe Superalignment",
            summary="Ex-responsable de l’équipe Superalignment",
            ended=True,
        )
    ],
    "mira-murati": [_career("openai", role_title="CTO", summary="Ancienne CTO", ended=True)],
    "bob-mcgrew": [
        _career(
            "openai",
            role_title="Directeur de la recherche",
            summary="Ex-directeur de la recherche",
            ended=True,
        )
    ],
    "andrej-karpathy": [_career("openai", role_title="Chercheur", summary="Chercheur de renom", ended=True)],
    "suchir-balaji": [_career("openai", role_title="Chercheur", summary="Ancien chercheur", ended=True)],
}

NOTABLE_DEPARTURES = {
    "title": "Départs notables",
    "organisation": "openai",
    "members": ["ilya-sutskever", "jan-leike", "mira-murati", "bob-mcgrew", "andrej-karpathy"],
}

ARTICLE = {
    "slug": "openai-vp-securite-lilian-weng-depart",
    "headline": ("OpenAI en pleine hémorragie : la VP sécurité claque la porte, l’avenir de l’IA en question"),
    # The seed's SEO title differs from the headline only by its straight apostrophes.
    "seo_title": ("OpenAI en pleine hémorragie : la VP sécurité claque la porte, l'avenir de l'IA en question"),
    "social_title": ("OpenAI perd sa VP de recherche en sécurité : Que se passe-t-il dans les coulisses de l’IA ?"),
    "standfirst": (
        "Nouveau rebondissement dans la saga OpenAI : Lilian Weng, figure majeure de la "
        "recherche en sécurité de l’IA, annonce son départ après 7 ans au sein de l’entreprise. "
        "Une démission qui s’ajoute à une longue liste d’experts quittant le navire. Décryptage "
        "de ce qui ressemble de plus en plus à un exode des cerveaux dans le monde de l’IA."
    ),
    "section": SECTION["slug"],
    "language": Article.Language.FRENCH,
    "status": Article.Status.PUBLISHED,
    # A fixed date so the byline always reads « 15 novembre 2024 ».
    "published_at": datetime.datetime(2024, 11, 15, 9, 0, tzinfo=ZoneInfo("Europe/Paris")),
    "authors": ["camille-exemple"],
    "people": [
        "lilian-weng",
        "ilya-sutskever",
        "jan-leike",
        "mira-murati",
        "bob-mcgrew",
        "andrej-karpathy",
        "suchir-balaji",
    ],
    "organisations": ["openai", "anthropic", "the-new-york-times", "x"],
    "tags": ["OpenAI", "intelligence artificielle", "sécurité de l’IA", "départs"],
}


def _heading(text):
    return {"kind": Block.Kind.HEADING, "text": text}


def _paragraph(text):
    return {"kind": Block.Kind.PARAGRAPH, "text": text}


# The body in the seed's order. Paragraphs stay verbatim even where a pull quote repeats
# a sentence of them; the site's own back-to-top control replaces the seed's "Scroll to Top".
BLOCKS = [
    _heading("Un départ qui fait des vagues dans la Silicon Valley"),
    _paragraph(
        "Ce vendredi, Lilian Weng a officiellement annoncé sur X (ex-Twitter) son départ "
        "d’OpenAI, où elle occupait le poste de VP recherche et sécurité depuis août dernier. "
        f"«{NBSP}Après 7 ans chez OpenAI, je me sens prête à repartir de zéro et explorer de "
        f"nouveaux horizons{NBSP}», a-t-elle déclaré, précisant que son dernier jour serait le "
        "15 novembre."
    ),
    {
        "kind": Block.Kind.QUOTE,
        "text": ("Après 7 ans chez OpenAI, je me sens prête à repartir de zéro et explorer de nouveaux horizons"),
        "speaker": "lilian-weng",
        "source": "X (ex-Twitter)",
        "source_organisation": "x",
    },
    _heading("Un parcours impressionnant chez OpenAI"),
    {
        "kind": Block.Kind.TIMELINE,
        "timeline_person": "lilian-weng",
        "timeline_organisation": "openai",
        "date_display": Block.DateDisplay.YEAR,
    },
    _heading("Une vague de départs qui interroge"),
    _paragraph(
        "Le départ de Weng s’inscrit dans un contexte plus large d’hémorragie des talents chez "
        "OpenAI. Parmi les départs notables :"
    ),
    {"kind": Block.Kind.PEOPLE_LIST, "people_list": NOTABLE_DEPARTURES["title"]},
    _heading("Les raisons derrière l’exode"),
    _paragraph(
        "Plusieurs experts ayant quitté OpenAI ont exprimé leurs inquiétudes concernant "
        "l’orientation commerciale de l’entreprise, potentiellement au détriment de la "
        "sécurité. Suchir Balaji, ancien chercheur, a notamment déclaré au New York Times que "
        f"la technologie développée pourrait «{NBSP}faire plus de mal que de bien à la "
        f"société{NBSP}»."
    ),
    {
        "kind": Block.Kind.QUOTE,
        "text": "faire plus de mal que de bien à la société",
        "speaker": "suchir-balaji",
        "source": "",
        "source_organisation": "the-new-york-times",
    },
    _heading("L’impact sur la recherche en sécurité"),
    _paragraph(
        "Avec plus de 80 scientifiques et experts dans son équipe de sécurité, OpenAI dispose "
        "encore de ressources considérables. Cependant, la perte successive de leaders clés "
        "soulève des questions sur la continuité des travaux en cours."
    ),
    {"kind": Block.Kind.FAQ},
    _heading("Perspectives d’avenir"),
    _paragraph(
        "OpenAI assure travailler sur une transition pour remplacer Weng, mais ces départs en "
        "cascade soulèvent des questions fondamentales sur l’équilibre entre innovation et "
        "sécurité dans le développement de l’IA."
    ),
    _heading("Conclusion"),
    _paragraph(
        "Le départ de Lilian Weng marque un nouveau chapitre dans l’histoire mouvementée "
        "d’OpenAI. Entre ambitions commerciales et impératifs de sécurité, l’entreprise devra "
        "trouver un nouvel équilibre pour maintenir sa position de leader dans l’IA, tout en "
        "rassurant ses équipes et le public sur ses priorités en matière de sécurité."
    ),
    _paragraph(
        "Ces bouleversements dans le paysage de l’IA pourraient bien redessiner les contours de "
        "l’industrie dans les mois à venir, alors que la course à l’innovation s’intensifie et "
        "que les préoccupations éthiques prennent une importance croissante."
    ),
]

FAQ = [
    (
        "Pourquoi tant de départs chez OpenAI ?",
        "Les raisons sont multiples : divergences sur la vision de l’entreprise, préoccupations "
        "éthiques, et opportunités attractives chez les concurrents comme Anthropic.",
    ),
    (
        "Quel impact sur le développement de ChatGPT ?",
        "Pour l’instant, OpenAI maintient le cap sur le développement de ses produits, mais ces "
        "départs pourraient ralentir certaines innovations en matière de sécurité.",
    ),
    (
        "Où vont ces experts ?",
        "Beaucoup rejoignent des concurrents comme Anthropic, tandis que d’autres lancent leurs "
        "propres projets entrepreneuriaux.",
    ),
]

# (username, group, superuser). Groups and their permissions come from the roles migration.
USERS = [
    ("journalist", "Journalists", False),
    ("editor", "Editors", False),
    ("admin", None, True),
]
