"""French typography for what journalists type: curly apostrophes, « » and narrow no-break spaces.

``french`` corrects plain text (titles, standfirst, names), ``french_html`` the text of rich
text, leaving tags, attributes, entities, ``<code>`` and URLs as they were. Both are
idempotent. ``FrenchTypographyFormMixin`` applies them in a ModelForm to the fields a save
changed, so text nobody touched keeps its own typography.
"""

import html
import itertools
import re
from collections.abc import Sequence
from html.parser import HTMLParser

NNBSP = "\N{NARROW NO-BREAK SPACE}"

# Words that elide before a vowel: « d'1,5 million » takes ’ even though a digit follows.
_ELIDING = {"c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"}
# What a « ! ? ; » may be glued to and still get its space: a word, a number, a closing sign.
_GLUED_AFTER = "…»)]%"
# A straight quote opens after a space or one of these, and closes before a space or one of those.
_OPENS_AFTER = "([{«—–'’"
_CLOSES_BEFORE = ".,;:!?)]}…»—–"
# A URL or an e-mail address is an address, not prose: « https: », « ?q= » stay as typed.
_ADDRESS = re.compile(r"(?:https?://|www\.|mailto:)\S+|[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# What usually ends a sentence rather than the address it follows (« voir www.exemple.fr ! »).
_ADDRESS_TRAIL = ".,;:!?»’'\""
# « ;) », « :-D »: a smiley is not punctuation.
_SMILEY_TAIL = re.compile(r"[-']?[()\[\]DPpOo|/\\*3](?!\w)")


def french(text: str) -> str:
    """``text`` with French typography: ’ in elisions, « » around quotations, and a narrow
    no-break space (U+202F) inside « » and before ; : ! ? (an existing U+00A0 is kept)."""
    if not text:
        return text
    out = _corrected(text, [True] * len(text))
    return "".join(out)


def _corrected(text: str, editable: list[bool]) -> list[str]:
    """What each character of ``text`` becomes ("" when it goes), leaving alone the characters
    ``editable`` marks False (code, tag boundaries) and the addresses found in ``text``."""
    editable = list(editable)
    for match in _ADDRESS.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _ADDRESS_TRAIL:
            end -= 1
        if text[end - 1 : end] == ")" and text.count("(", match.start(), end) < text.count(")", match.start(), end):
            end -= 1
        editable[match.start() : end] = [False] * (end - match.start())
    chars = list(text)
    _curl_apostrophes(chars, editable)
    _guillemets_for_quotes(chars, editable)
    # The spacing rules read the text with its new « » and change only spaces, or add one
    # next to the sign they space: the same text read twice gives the same result.
    spaced = "".join(chars)
    out = list(chars)
    for i, char in enumerate(spaced):
        if not editable[i]:
            continue
        if char == "«":
            _space_after_opening(spaced, editable, out, i)
        elif char == "»":
            _space_before(spaced, editable, out, i, glued=lambda before: before != "«")
        elif char in ";:!?":
            _space_before_sign(spaced, editable, out, i)
    return out


def _curl_apostrophes(chars: list[str], editable: list[bool]) -> None:
    for i in range(1, len(chars) - 1):
        if chars[i] != "'" or not editable[i] or not chars[i - 1].isalpha():
            continue
        following = chars[i + 1]
        if following.isalpha() or (following.isdigit() and _word_before(chars, i).lower() in _ELIDING):
            chars[i] = "’"


def _word_before(chars: list[str], i: int) -> str:
    start = i
    while start > 0 and chars[start - 1].isalpha():
        start -= 1
    return "".join(chars[start:i])


def _guillemets_for_quotes(chars: list[str], editable: list[bool]) -> None:
    """Straight double quotes become « », line by line, only where they pair up cleanly: an
    odd one out (27" for inches) leaves the whole line as typed rather than guess."""
    line = []
    for i in range(len(chars) + 1):
        if i == len(chars) or chars[i] == "\n":
            if line and len(line) % 2 == 0:
                pairs = list(zip(line[::2], line[1::2], strict=True))
                if all(_can_open(chars, start) and _can_close(chars, end) for start, end in pairs):
                    for start, end in pairs:
                        chars[start], chars[end] = "«", "»"
            line = []
        elif chars[i] == '"' and editable[i]:
            line.append(i)


def _can_open(chars: list[str], i: int) -> bool:
    return i == 0 or chars[i - 1].isspace() or chars[i - 1] in _OPENS_AFTER


def _can_close(chars: list[str], i: int) -> bool:
    return i > 0 and (i + 1 == len(chars) or chars[i + 1].isspace() or chars[i + 1] in _CLOSES_BEFORE)


def _spaces(text: str, start: int, step: int) -> range:
    """The run of plain spaces from ``start`` going forwards (step 1) or backwards (step -1)."""
    end = start
    while 0 <= end < len(text) and text[end] == " ":
        end += step
    return range(start, end, step)


def _narrow(run: range, editable: list[bool], out: list[str]) -> None:
    """Replace a run of plain spaces by one narrow no-break space."""
    if all(editable[i] for i in run):
        for i in run:
            out[i] = ""
        out[min(run)] = NNBSP


def _space_after_opening(text: str, editable: list[bool], out: list[str], i: int) -> None:
    run = _spaces(text, i + 1, 1)
    following = run.stop
    if following >= len(text) or text[following].isspace() or text[following] == "»":
        return  # the end of a line, a no-break space already there, or an empty « »
    if run:
        _narrow(run, editable, out)
    else:
        out[i] += NNBSP


def _space_before(text: str, editable: list[bool], out: list[str], i: int, *, glued) -> None:
    """Space the sign at ``i`` from what precedes it, when ``glued(that character)`` says so
    for a sign typed without a space."""
    run = _spaces(text, i - 1, -1)
    before = run.stop
    if before < 0 or text[before].isspace() or text[before] in "([":
        return  # the start of a line, a no-break space already there, or « (? »
    if run:
        _narrow(run, editable, out)
    elif glued(text[before]):
        out[i] = NNBSP + out[i]


def _space_before_sign(text: str, editable: list[bool], out: list[str], i: int) -> None:
    char = text[i]
    if char in ";:" and _SMILEY_TAIL.match(text, i + 1):
        return
    run = _spaces(text, i - 1, -1)
    if char in "!?" and run.stop >= 0 and text[run.stop] in "!?":
        return  # « ?! »: the space goes before the first sign only
    # A colon glued to what precedes it is a time, a ratio or a scheme (10:30, 16:9, https:).
    _space_before(text, editable, out, i, glued=lambda before: char != ":" and _is_word_end(before))


def _is_word_end(char: str) -> bool:
    return char.isalnum() or char in _GLUED_AFTER


class _Tokens(HTMLParser):
    """Splits HTML into its exact source pieces: tags, text and entities, in order.

    Each handler is called while the parser's position is still at the start of the piece,
    so the source between two starts is one piece, byte for byte.
    """

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.found = []  # (start, kind, tag)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _add(self, kind: str, value: str) -> None:
        line, column = self.getpos()
        self.found.append((self._line_starts[line - 1] + column, kind, value))

    def handle_starttag(self, tag, attrs):
        self._add("start", tag)

    def handle_startendtag(self, tag, attrs):
        self._add("empty", tag)

    def handle_endtag(self, tag):
        self._add("end", tag)

    def handle_data(self, data):
        self._add("text", "")

    def handle_entityref(self, name):
        self._add("entity", "")

    def handle_charref(self, name):
        self._add("entity", "")

    def handle_comment(self, data):
        self._add("other", "")

    def handle_decl(self, decl):
        self._add("other", "")

    def handle_pi(self, data):
        self._add("other", "")

    def unknown_decl(self, data):
        self._add("other", "")

    def pieces(self) -> list[tuple[str, str, str]] | None:
        """(kind, tag, source) for each piece, or None if the parser lost its place."""
        self.feed(self.source)
        self.close()
        # The parser drops the « & » of an unfinished entity at the very end: what lies
        # between two starts is kept as it is, and counted as text.
        found = [(0, "text", ""), *self.found] if not self.found or self.found[0][0] else self.found
        starts = [start for start, _kind, _tag in found] + [len(self.source)]
        if any(later < earlier for earlier, later in itertools.pairwise(starts)):
            return None
        return [(kind, tag, self.source[start:end]) for (start, kind, tag), end in zip(found, starts[1:], strict=True)]


# Inline elements continue the text around them (« <strong>Attention</strong> : »); any other
# tag ends a line of text. What is inside a verbatim element is never changed.
_INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "kbd", "q", "s", "samp", "small", "span", "strong"}
_INLINE |= {"sub", "sup", "u", "mark", "time"}
_VERBATIM = {"code", "kbd", "pre", "samp", "script", "style", "textarea"}


def french_html(value: str) -> str:
    """``french`` applied to the text of rich text: tags, attributes, entities that stay
    what they were, ``<code>`` and URLs come back byte for byte."""
    if not value or not (pieces := _Tokens(value).pieces()):
        return value
    text, editable, origin = _reading(pieces)
    out = _corrected("".join(text), editable)
    rewritten = {}
    for position, where in enumerate(origin):
        if where is not None and out[position] != text[position]:
            rewritten.setdefault(where[0], {})[where[1]] = out[position]
    result = []
    for index, (kind, _tag, source) in enumerate(pieces):
        changes = rewritten.get(index)
        if not changes:
            result.append(source)
        elif kind == "entity":
            result.append(changes[None])
        else:
            result.append("".join(changes.get(offset, char) for offset, char in enumerate(source)))
    return "".join(result)


def _reading(pieces: list[tuple[str, str, str]]) -> tuple[list[str], list[bool], list]:
    """The text as a reader reads it, one character per entry; whether each may change; and
    where it comes from: (piece, offset in the piece), (entity piece, None), or None."""
    text, editable, origin = [], [], []
    verbatim = 0
    for index, (kind, tag, source) in enumerate(pieces):
        if kind in ("start", "end", "empty") and tag not in _INLINE:
            text.append("\n")
            editable.append(False)
            origin.append(None)
        if kind == "start" and tag in _VERBATIM:
            verbatim += 1
        elif kind == "end" and tag in _VERBATIM:
            verbatim = max(verbatim - 1, 0)
        elif kind == "text":
            text += source
            editable += [not verbatim] * len(source)
            origin += [(index, offset) for offset in range(len(source))]
        elif kind == "entity":
            char = html.unescape(source)
            # An entity stands for one character, and is rewritten only if that character is.
            text += char
            editable += [not verbatim and len(char) == 1] * len(char)
            origin += [(index, None)] * len(char)
    return text, editable, origin


def _words(value: str) -> str:
    """What a reader reads of rich text, whatever the markup and the spelling of entities."""
    pieces = _Tokens(value).pieces() if value else []
    text = "".join(_reading(pieces)[0]) if pieces is not None else value
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


class FrenchTypographyFormMixin:
    """Applies French typography to the listed fields a save changed.

    ``typography_fields`` hold plain text, ``typography_html_fields`` rich text. A field
    the journalist did not touch is kept byte for byte: stored text, such as the demo's,
    keeps its own typography. Put the mixin before ``forms.ModelForm``.
    """

    typography_fields: Sequence[str] = ()
    typography_html_fields: Sequence[str] = ()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data is None:
            cleaned_data = self.cleaned_data
        for names, correct in ((self.typography_fields, french), (self.typography_html_fields, french_html)):
            for name in names:
                value = cleaned_data.get(name)
                if name not in self.changed_data or name in self.errors or not isinstance(value, str):
                    continue
                # An editor that rewrites the markup (<p> around a paragraph, &nbsp; spelled
                # out) changes the field, not its words: those keep their typography.
                if correct is french_html and _words(value) == _words(self[name].initial or ""):
                    continue
                corrected = correct(value)
                # An added space must not push a full-length title past its limit and
                # refuse the save: the text is then kept as typed.
                max_length = getattr(self.fields[name], "max_length", None)
                if max_length is None or len(corrected) <= max_length:
                    cleaned_data[name] = corrected
        return cleaned_data
