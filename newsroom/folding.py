"""Accent- and case-folding shared by the search of every app."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, character for character (« Sécurité » -> « securite »)."""
    # str.translate runs in C; each character's folding is computed once and remembered,
    # which keeps the SQLite search function fast over every article's text.
    return text.translate(_FOLD_TABLE)


class _FoldTable(dict):
    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


# Typed apostrophes are straight, stored ones curly (French typography on save): one letter.
_APOSTROPHES = {"\N{RIGHT SINGLE QUOTATION MARK}", "\N{MODIFIER LETTER APOSTROPHE}"}


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    base = unicodedata.normalize("NFD", char)[0].lower()
    # Keep one character per character, so positions in the folded text match the original.
    return base if len(base) == 1 else char
