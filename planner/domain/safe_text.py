"""Text from files people send: references made comparable, and values made safe to show.

A reference pasted from a web page or an email can carry invisible characters (a zero-width
space, a byte-order mark) or full-width forms; `FZ-0001` and `FZ\\u200b-0001` must not be two
contracts. Control characters and direction overrides can make a reference look like
another one, or drive the terminal when printed, so they are refused in references and
shown escaped everywhere else (docs/rules.md, "Data rules").
"""

from __future__ import annotations

import re
import unicodedata

from planner.errors import ValidationError

# Invisible characters that only ever get into a reference by copy and paste: zero-width
# space, non-joiner and joiner, word joiner, byte-order mark, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Direction overrides and isolates (the "Trojan Source" characters), and line/paragraph
# separators.
_DIRECTION = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def clean_reference(text: str) -> str:
    """A reference in one comparable form: NFKC, invisible characters removed, trimmed.

    Raises ValidationError for control characters and direction overrides, which would
    make one reference look like another.
    """
    if text.isascii() and text.isprintable():
        # Nearly every reference: NFKC leaves printable ASCII as it is, and it holds no
        # invisible, control or direction character (50,000 of them in a national import).
        return text.strip()
    cleaned = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).strip()
    for char in cleaned:
        if char in _DIRECTION or unicodedata.category(char) in ("Cc", "Cs", "Co"):
            raise ValidationError(
                f"'{visible(cleaned)}' has the hidden character {_escape(char)}; "
                "a reference must be plain text (retype it)"
            )
    return cleaned


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


def visible(text: str) -> str:
    """Text safe to print: control characters (ESC among them), direction overrides and
    invisible characters written as escapes (`\\x1b`), so no value can drive the
    terminal or hide itself. Newlines and tabs are kept."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)
