"""Helpers for the workflow tests: role accounts, the real admin form as a browser posts it,
and a fingerprint of the database to prove that a refused operation changed nothing."""

import lxml.html
import reversion
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from articles.models import Article, Block, FaqEntry, ShareLink
from tests import factories


def staff_in(group_name: str, username: str, password: str | None = None) -> User:
    """A staff account in one of the two roles (no password unless asked: hashing is slow,
    and the tests log in with force_login)."""
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def client_for(user: User) -> Client:
    """A browser signed in as ``user``, beside the test's own client."""
    client = Client()
    client.force_login(user)
    return client


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def form_payload(client: Client, article: Article | None = None, form_id="article_form") -> dict:
    """Every field of the article's change (or add) form as the browser would post it:
    the inline formsets' management forms and rows included, "Enregistrer" pressed."""
    url = change_url(article) if article else reverse("admin:articles_article_add")
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return payload_from(response, form_id)


def payload_from(response, form_id="article_form") -> dict:
    """The form of a rendered admin page (e.g. one sent back with errors), as posted again."""
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id(form_id)
    # A browser drops the newline that opens a <textarea>'s content; lxml keeps it.
    textareas = {element.name for element in form.xpath(".//textarea")}
    data: dict = {}
    for name, value in form.form_values():
        if "__prefix__" in name:
            continue
        if name in textareas and value.startswith("\n"):
            value = value[1:]
        if name in data:
            data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
        else:
            data[name] = value
    data["_save"] = "Enregistrer"
    return data


def article_by(user: User, *, status=Article.Status.DRAFT, **kwargs) -> Article:
    """An article created by ``user`` (its owner), with one paragraph and one FAQ entry, and
    a first revision, as the admin would have stored it."""
    article = factories.article(status=status, created_by=user, **kwargs)
    factories.block(article, text="Premier paragraphe.")
    factories.faq_entry(article, question="Une question ?", answer="Une réponse.")
    with reversion.create_revision():
        article.save()
        reversion.set_user(user)
    return article


def db_state() -> dict:
    """What a refused operation must leave exactly as it was."""
    return {
        "articles": sorted(
            Article.objects.values_list(
                "pk", "headline", "slug", "status", "published_at", "embargo_until", "version", "created_by"
            )
        ),
        "blocks": sorted(Block.objects.values_list("pk", "article", "text")),
        "faq": sorted(FaqEntry.objects.values_list("pk", "article", "question")),
        "share_links": sorted(ShareLink.objects.values_list("pk", "revoked_at")),
    }
