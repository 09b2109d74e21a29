"""JSON-LD for every page: the serialiser and the absolute URLs it names.

Used by the articles' and people's templates and feeds alike, so it lives in the floor of the
project, which imports no app.
"""

import json

from django.conf import settings

# What must never appear raw inside a <script> element: "</script>" and "<!--" need "<",
# entities need "&", and U+2028/2029 end a line in older JavaScript parsers.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def to_json_ld(data: dict) -> str:
    """Serialise ``data`` for a ``<script type="application/ld+json">`` element.

    Same escaping as ``django.utils.html.json_script``, plus the two line separators,
    so a headline containing ``</script>`` stays text. Accents are kept readable.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def absolute_url(path: str) -> str:
    """``path`` on the publication's configured origin (canonical links, JSON-LD, sitemaps)."""
    return settings.NEWSROOM_SITE_URL + path
