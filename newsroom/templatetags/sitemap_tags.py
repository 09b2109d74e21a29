"""The sitemaps' <url> entries, written in Python.

A sitemap page lists up to 2,000 addresses, and the template language's loop pays for its
variable lookups, the date filter and localisation on every one of them. Here each
entry is one escaped string: the address and the day of its lastmod in the site's time zone,
as Django's own sitemap template gives them.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def url_entries(urlset) -> SafeString:
    zone = timezone.get_current_timezone()
    entries = []
    for url in urlset:
        lastmod = url["lastmod"]
        if isinstance(lastmod, datetime.datetime):
            lastmod = (lastmod.astimezone(zone) if timezone.is_aware(lastmod) else lastmod).date()
        day = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        entries.append(f"<url><loc>{escape(url['location'])}</loc>{day}</url>")
    return mark_safe("\n".join(entries))
