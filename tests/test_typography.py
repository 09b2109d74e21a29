"""French typography on save: ``french``, ``french_html`` and ``FrenchTypographyFormMixin``.

In the expected values, ``_`` stands for the narrow no-break space (U+202F) and ``~`` for the
no-break space (U+00A0), so that both stay visible.
"""

from io import StringIO

import pytest
from django import forms
from django.core.management import call_command

from articles import demo
from articles.models import Article, Block, FaqEntry
from newsroom.richtext import sanitize_html
from newsroom.typography import FrenchTypographyFormMixin, french, french_html
from people.models import Person
from tests import factories


def spaced(text: str) -> str:
    """``_`` as U+202F and ``~`` as U+00A0."""
    return text.replace("_", "\N{NARROW NO-BREAK SPACE}").replace("~", "\N{NO-BREAK SPACE}")


PLAIN = [
    # Apostrophes in elisions and between letters.
    ("l'IA", "l’IA"),
    ("aujourd'hui", "aujourd’hui"),
    ("Qu'il parte, jusqu'à demain", "Qu’il parte, jusqu’à demain"),
    ("plus d'1,5 million", "plus d’1,5 million"),
    ("l'été, d'homme, s'il, c'est, m'a, n'y, t'en, j'ai", "l’été, d’homme, s’il, c’est, m’a, n’y, t’en, j’ai"),
    ("'entre apostrophes' et 5'30", "'entre apostrophes' et 5'30"),
    # Straight double quotes.
    ('Il a dit "oui" hier', "Il a dit «_oui_» hier"),
    ('Il a dit " oui " hier', "Il a dit «_oui_» hier"),
    ('"Oui", dit-il, "et non."', "«_Oui_», dit-il, «_et non._»"),
    ('un écran 27" et "super"', 'un écran 27" et "super"'),
    ('ligne "une\ndeux" fin', 'ligne "une\ndeux" fin'),
    # Existing guillemets: a plain space or none becomes U+202F, U+00A0 stays.
    ("«oui»", "«_oui_»"),
    ("« oui »", "«_oui_»"),
    ("«  oui  »", "«_oui_»"),
    ("«~oui~»", "«~oui~»"),
    ("« oui~»", "«_oui~»"),
    ("«Vraiment?»", "«_Vraiment_?_»"),
    # Before ; ! ? and :
    ("Quoi ?", "Quoi_?"),
    ("Quoi?", "Quoi_?"),
    ("Quoi  ?", "Quoi_?"),
    ("Vraiment !", "Vraiment_!"),
    ("Vraiment!", "Vraiment_!"),
    ("un ; deux", "un_; deux"),
    ("un; deux", "un_; deux"),
    ("Attention : danger", "Attention_: danger"),
    ("Attention~: danger", "Attention~: danger"),
    ("Attention_: danger", "Attention_: danger"),
    ("Quoi~?", "Quoi~?"),
    ("«~oui~» ?", "«~oui~»_?"),
    ("(voir plus bas)?", "(voir plus bas)_?"),
    ("à 50%!", "à 50%_!"),
    # The colon glued to what precedes it: a time, a ratio, a scheme, a label.
    ("à 10:30, en 16:9", "à 10:30, en 16:9"),
    ("Attention: danger", "Attention: danger"),
    # Sequences, parentheses, the start of the text, smileys.
    ("Quoi?!", "Quoi_?!"),
    ("Quoi ?!", "Quoi_?!"),
    ("Quoi!!!", "Quoi_!!!"),
    ("Il a gagné (!) et perdu (?)", "Il a gagné (!) et perdu (?)"),
    ("( ? )", "( ? )"),
    ("? au début", "? au début"),
    ("! au début", "! au début"),
    ("Super ;) et :-) et :D", "Super ;) et :-) et :D"),
    ("Super;)", "Super;)"),
    # Addresses are left as typed; the sentence around them is not.
    ("https://exemple.fr/a?b=l'IA;c", "https://exemple.fr/a?b=l'IA;c"),
    ("Voir https://exemple.fr/page?x=1 !", "Voir https://exemple.fr/page?x=1_!"),
    ("Voir www.exemple.fr!", "Voir www.exemple.fr_!"),
    ("Voir www.exemple.fr:8080/a?b", "Voir www.exemple.fr:8080/a?b"),
    ("Écrire à jean.o'neil@exemple.fr ?", "Écrire à jean.o'neil@exemple.fr_?"),
    ("mailto:jean@exemple.fr?subject=Bonjour", "mailto:jean@exemple.fr?subject=Bonjour"),
    # Whatever needs nothing.
    ("", ""),
    ("Rien à changer.", "Rien à changer."),
    (
        "OpenAI en pleine hémorragie : la VP sécurité claque la porte, l'avenir de l'IA en question",
        "OpenAI en pleine hémorragie_: la VP sécurité claque la porte, l’avenir de l’IA en question",
    ),
]


@pytest.mark.parametrize(("typed", "expected"), PLAIN)
def test_plain_text_gets_french_typography(typed, expected):
    """Each rule, and each case where the text is left as typed."""
    assert french(spaced(typed)) == spaced(expected)


HTML = [
    # Attributes are never read as text.
    (
        '<p><a href="https://x.fr/?a=1&amp;b=2" title="l\'IA : oui ?">l\'IA</a> : oui</p>',
        '<p><a href="https://x.fr/?a=1&amp;b=2" title="l\'IA : oui ?">l’IA</a>_: oui</p>',
    ),
    ("<abbr title='Quoi ?'>IA</abbr> ?", "<abbr title='Quoi ?'>IA</abbr>_?"),
    # <code> is verbatim, the text around it is not.
    ('<p>Tapez <code>a ? "b" : l\'c</code> ?</p>', '<p>Tapez <code>a ? "b" : l\'c</code>_?</p>'),
    ("<p><code>x</code>!</p>", "<p><code>x</code>_!</p>"),
    # URL-looking text.
    (
        "<p>Voir https://exemple.fr/?q=l'IA, www.exemple.fr:8080 et jean@exemple.fr !</p>",
        "<p>Voir https://exemple.fr/?q=l'IA, www.exemple.fr:8080 et jean@exemple.fr_!</p>",
    ),
    ('<a href="mailto:a@b.fr">mailto:a@b.fr?subject=x</a>', '<a href="mailto:a@b.fr">mailto:a@b.fr?subject=x</a>'),
    # Rules across inline tags.
    ("<p><strong>Attention</strong> : danger</p>", "<p><strong>Attention</strong>_: danger</p>"),
    ("<p><em>Quoi</em>?</p>", "<p><em>Quoi</em>_?</p>"),
    ("<p>«<em>oui</em>»</p>", "<p>«_<em>oui</em>_»</p>"),
    ("<p><em>l</em>'IA</p>", "<p><em>l</em>’IA</p>"),
    ('<p>Il a dit <q>"oui"</q></p>', "<p>Il a dit <q>«_oui_»</q></p>"),
    # Block tags end the text: nothing is glued across them, no quote pairs across them.
    ("<p>Quoi</p><p>? suite</p>", "<p>Quoi</p><p>? suite</p>"),
    ('<ul><li>"un</li><li>deux"</li></ul>', '<ul><li>"un</li><li>deux"</li></ul>'),
    ("<p>Oui<br>? Non</p>", "<p>Oui<br>? Non</p>"),
    # Entities stay as written unless their character is corrected.
    ("<p>AT&amp;T ?</p>", "<p>AT&amp;T_?</p>"),
    ("<p>«&nbsp;oui&nbsp;» et «&#160;non&#xa0;»</p>", "<p>«&nbsp;oui&nbsp;» et «&#160;non&#xa0;»</p>"),
    ("<p>Quoi&nbsp;?</p>", "<p>Quoi&nbsp;?</p>"),
    ("<p>&quot;oui&quot; et l&#39;IA</p>", "<p>«_oui_» et l’IA</p>"),
    ("<p>1 &lt; 2 ?</p>", "<p>1 &lt; 2_?</p>"),
    # Plain text in a rich-text field, and malformed input.
    ("Quoi ? «oui»", "Quoi_? «_oui_»"),
    ("a < b ?", "a < b_?"),
    ("<p>pas fermé ?", "<p>pas fermé_?"),
    ("fin &", "fin &"),
    ("", ""),
]


@pytest.mark.parametrize(("typed", "expected"), HTML)
def test_rich_text_gets_french_typography_in_its_text_only(typed, expected):
    """Text nodes follow the plain rules; tags, attributes, code, URLs and entities stay."""
    assert french_html(spaced(typed)) == spaced(expected)


@pytest.mark.parametrize("typed", [typed for typed, _expected in PLAIN])
def test_plain_text_is_corrected_once(typed):
    """Correcting corrected text changes nothing."""
    once = french(spaced(typed))
    assert french(once) == once


@pytest.mark.parametrize("typed", [typed for typed, _expected in HTML])
def test_rich_text_is_corrected_once(typed):
    once = french_html(spaced(typed))
    assert french_html(once) == once


@pytest.mark.parametrize("typed", [typed for typed, _expected in PLAIN if "<" not in typed and "&" not in typed])
def test_text_without_markup_reads_the_same_either_way(typed):
    assert french_html(spaced(typed)) == french(spaced(typed))


UNTOUCHED = spaced(
    "<H3 class=x>L’enjeu_: «~sécurité~»</H3>\n"
    "<p>Ce vendredi, <a href='https://x.fr/?a=1&amp;b=2' title=\"l'IA : oui ?\" rel=noopener>l’annonce</a>"
    " &amp; «&nbsp;Après 7 ans&nbsp;», a-t-elle déclaré_; est-ce la fin_?!<br/>"
    '<code>if a: b = "c" ; d ?</code> à 10:30, en 16:9, https://exemple.fr/?q=1 ;)<!-- note --></p>\r\n'
    '<blockquote cite="https://x.fr"><p>Une   citation, 27" d’écran.</p></blockquote>'
)


def test_rich_text_with_nothing_to_change_comes_back_byte_for_byte():
    """Quoting, case, spacing, entities and comments of the source all survive the round trip."""
    assert french_html(UNTOUCHED).encode() == UNTOUCHED.encode()


def test_corrected_rich_text_survives_the_sanitiser():
    """What the model's sanitiser stores is what the typography produced."""
    corrected = french_html(sanitize_html('<p>Il a dit "oui" : <em>l\'IA</em>?</p>'))
    assert corrected == spaced("<p>Il a dit «_oui_»_: <em>l’IA</em>_?</p>")
    assert sanitize_html(corrected) == corrected


class FaqForm(FrenchTypographyFormMixin, forms.ModelForm):
    typography_fields = ["question"]
    typography_html_fields = ["answer"]

    class Meta:
        model = FaqEntry
        fields = ["question", "answer", "position"]


class PersonForm(FrenchTypographyFormMixin, forms.ModelForm):
    typography_fields = ["short_description"]
    typography_html_fields = ["biography"]

    class Meta:
        model = Person
        fields = ["name", "slug", "short_description", "biography"]


@pytest.mark.django_db
def test_mixin_corrects_the_fields_a_save_changed_only():
    """The edited question is corrected; the answer, sent back as it was, stays byte for byte."""
    answer = "<p>Réponse : «&nbsp;oui&nbsp;», l'IA ?</p>"
    entry = factories.faq_entry(factories.article(), question="Pourquoi ?", answer=answer)
    form = FaqForm(data={"question": "Et maintenant?", "answer": answer, "position": entry.position}, instance=entry)

    assert form.is_valid(), form.errors
    assert form.changed_data == ["question"]
    form.save()
    entry.refresh_from_db()
    assert entry.question == spaced("Et maintenant_?")
    assert entry.answer == answer


@pytest.mark.django_db
def test_mixin_corrects_changed_rich_text():
    entry = factories.faq_entry(factories.article(), question="Pourquoi ?", answer="Parce que.")
    form = FaqForm(
        data={"question": "Pourquoi ?", "answer": "<p>Parce que <strong>l'IA</strong>!</p>", "position": 0},
        instance=entry,
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["answer"] == spaced("<p>Parce que <strong>l’IA</strong>_!</p>")
    assert form.cleaned_data["question"] == "Pourquoi ?"


@pytest.mark.django_db
def test_mixin_keeps_rich_text_whose_words_did_not_change():
    """An editor that only rewrites the markup (a <p> around the text, an entity spelled as its
    character) has not changed the words: they keep the typography they had."""
    person = factories.person(name="Lilian Weng", biography="Chercheuse : «&nbsp;sécurité&nbsp;» ?")
    rewritten = spaced("<p>Chercheuse : «~sécurité~» ?</p>")
    form = PersonForm(data={"name": person.name, "slug": person.slug, "biography": rewritten}, instance=person)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["biography"] == sanitize_html(rewritten)


@pytest.mark.django_db
def test_mixin_corrects_a_new_object():
    form = PersonForm(data={"name": "Jan Leike", "slug": "jan-leike", "short_description": "ex-chef d'équipe"})

    assert form.is_valid(), form.errors
    assert form.save().short_description == "ex-chef d’équipe"


@pytest.mark.django_db
def test_mixin_leaves_alone_a_field_that_failed_validation():
    form = PersonForm(data={"name": "Jan Leike", "slug": "jan-leike", "short_description": "x ?" * 101})

    assert not form.is_valid()
    assert list(form.errors) == ["short_description"]


@pytest.mark.django_db
def test_mixin_keeps_a_full_length_title_as_typed_rather_than_refuse_it():
    """A space added before the final sign would make a 300-character field 301 characters."""
    question = "x" * 299 + "?"
    form = FaqForm(data={"question": question, "answer": "Oui.", "position": 0})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["question"] == question


# The forms as the admin is to use them (see the report handed to the lead): each text field of
# the demo story is in one of them.
TYPOGRAPHY_FORMS = {
    Article: (["headline", "seo_title", "social_title", "standfirst"], []),
    Block: (["speaker_name", "source"], ["text"]),
    FaqEntry: (["question"], ["answer"]),
    Person: (["short_description"], ["biography"]),
}


def typography_form(model):
    plain, rich = TYPOGRAPHY_FORMS[model]
    meta = type("Meta", (), {"model": model, "fields": plain + rich})
    attributes = {"Meta": meta, "typography_fields": plain, "typography_html_fields": rich}
    return type(f"{model.__name__}TypographyForm", (FrenchTypographyFormMixin, forms.ModelForm), attributes)


@pytest.mark.django_db
def test_the_demo_story_sent_back_unchanged_keeps_its_own_typography():
    """Re-submitting every text field of the demo story as stored changes none of them, though
    the typography would rewrite several (plain spaces before « : » and « ? », straight
    apostrophes in the SEO title) had they been edited."""
    call_command("loaddemo", stdout=StringIO(), stderr=StringIO())
    article = Article.objects.get(slug=demo.ARTICLE["slug"])
    objects = [
        article,
        *article.blocks.all(),
        *article.faq_entries.all(),
        *Person.objects.filter(slug__in=[person["slug"] for person in demo.PEOPLE]),
    ]
    would_change = []
    for obj in objects:
        plain, rich = TYPOGRAPHY_FORMS[type(obj)]
        stored = {name: getattr(obj, name) for name in plain + rich}
        form = typography_form(type(obj))(data=stored, instance=obj)

        assert form.is_valid(), form.errors
        assert form.changed_data == []
        assert {name: form.cleaned_data[name] for name in stored} == stored
        assert {name: getattr(form.instance, name) for name in stored} == stored
        would_change += [name for name in plain if french(stored[name]) != stored[name]]
        would_change += [name for name in rich if french_html(stored[name]) != stored[name]]

    assert {"headline", "seo_title", "standfirst", "question", "text"} <= set(would_change)


@pytest.mark.django_db
def test_the_person_admin_applies_french_typography_to_what_was_typed(client):
    """The person form of the admin, as it is posted (the article, blocks and FAQ: tests/articles)."""
    from django.contrib.auth.models import User

    admin_user = User.objects.create_superuser("admin", password="x")
    client.force_login(admin_user)
    response = client.post(
        "/admin/people/person/add/",
        {
            "name": "Jan Leike",
            "slug": "jan-leike",
            "short_description": "ex-chef d'équipe",
            "biography": '<p>Il l\'a dit : "non" !</p>',
            "tags": "",
            "career_entries-TOTAL_FORMS": "0",
            "career_entries-INITIAL_FORMS": "0",
            "career_entries-MIN_NUM_FORMS": "0",
            "career_entries-MAX_NUM_FORMS": "1000",
            "is_public": "on",
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    person = Person.objects.get(slug="jan-leike")
    assert person.short_description == "ex-chef d’équipe"
    assert person.biography == "<p>Il l’a dit\u202f: «\u202fnon\u202f»\u202f!</p>"
