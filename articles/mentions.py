"""Mentions: the first time an article names one of its people, the name links to their page.

The stored text is never rewritten: ``MentionLinker`` works at render time on the sanitised
HTML, touching only text outside existing ``<a>`` elements. The candidates are the people
attached to the article (prefetched with the page, so linking costs no query); the admin
suggests attaching people the text names but the article does not list yet, which is how
a mention becomes a link. A name shared by two candidates is ambiguous and left alone;
names match as typed (accents and case included) and on word boundaries, so « Weng » is
never found inside « Wenger ».
"""

import html
import re

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# A tag, with quoted attribute values that may themselves contain ">".
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
_OPEN_A = re.compile(r"^<a[\s>]", re.IGNORECASE)
_CLOSE_A = re.compile(r"^</a\s*>", re.IGNORECASE)
# Names are capitalised word runs: « Lilian Weng », « Jan Leike », « Élodie Martin-Dupont ».
_NAME_WORD = r"[^\W\d_][\w’'-]*"
_CAPITALISED_RUN = re.compile(rf"(?<!\w){_NAME_WORD}(?:\s+{_NAME_WORD})*")
MAX_NAME_WORDS = 5


class MentionLinker:
    """Links the first mention of each unambiguous person's name, across calls for one article."""

    def __init__(self, people):
        by_name: dict[str, list] = {}
        for person in people:
            by_name.setdefault(person.name.strip(), []).append(person)
        self.people = {name: group[0] for name, group in by_name.items() if name and len(group) == 1}
        self.linked: set[str] = set()
        names = sorted(self.people, key=len, reverse=True)
        # Longest names first, so « Lilian Weng » wins over a person called « Weng ».
        self.pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(html.escape(n, quote=False)) for n in names) + r")(?!\w)")
            if names
            else None
        )
        self._escaped = {html.escape(name, quote=False): name for name in names}

    def link(self, value: str) -> str:
        """``value`` (safe HTML) with first mentions linked; the result is safe HTML too."""
        if not value or self.pattern is None or len(self.linked) == len(self.people):
            return value
        parts, depth = [], 0
        for piece in _TAG.split(str(value)):
            if piece.startswith("<") and _TAG.fullmatch(piece):
                if _OPEN_A.match(piece):
                    depth += 1
                elif _CLOSE_A.match(piece):
                    depth = max(0, depth - 1)
                parts.append(piece)
            elif depth:
                parts.append(piece)
            else:
                parts.append(self.pattern.sub(self._replace, piece))
        return mark_safe("".join(parts))

    def _replace(self, match) -> str:
        name = self._escaped[match.group(1)]
        if name in self.linked:
            return match.group(0)
        self.linked.add(name)
        return format_html('<a href="{}" class="mention">{}</a>', self.people[name].get_absolute_url(), name)


def candidate_names(texts) -> set[str]:
    """Every run of one to ``MAX_NAME_WORDS`` capitalised words in the texts' visible text."""
    names = set()
    for text in texts:
        visible = html.unescape(_TAG.sub(" ", text or ""))
        for run in _CAPITALISED_RUN.findall(visible):
            words = run.split()
            for start in range(len(words)):
                if not words[start][0].isupper():
                    continue
                for end in range(start + 1, min(len(words), start + MAX_NAME_WORDS) + 1):
                    names.add(" ".join(words[start:end]))
    return names


def body_texts(article) -> list[str]:
    from .models import Block

    return [block.text for block in article.blocks.all() if block.kind == Block.Kind.PARAGRAPH]


def people_to_attach(article) -> list:
    """People the article's paragraphs name who are not yet among its people (one query)."""
    from people.models import Person

    names = candidate_names(body_texts(article))
    if not names:
        return []
    return list(Person.objects.filter(name__in=names).exclude(pk__in=article.people.values("pk")).order_by("name"))
