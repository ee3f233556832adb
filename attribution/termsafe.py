"""Text from inputs and claims files, made safe to print on a terminal.

A claims file or an input name may hold escape sequences (``\\x1b]0;title\\x07`` retitles the
window, ``\\x1b[2J`` clears the screen) or a carriage return that rewrites the line it is on.
:func:`printable` renders such characters the way ``repr`` does (``\\x1b``, ``\\u202e``) and
leaves every other character as it is, so Arabic text, its letters, marks and the plain
direction marks (U+200E/U+200F, U+061C), reads as before.

Escaped: C0 controls (tab kept; newline kept only with ``newlines=True``, a carriage return then
only before a newline), DEL, C1 controls (``\\x9b`` is CSI on some terminals), lone surrogates
(which cannot be written as UTF-8 at all), the line and paragraph separators U+2028/U+2029, and
the bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069: one of those left
open reorders the rest of the terminal line, so a message or a table row could show other text
than it holds.

Only what goes to a terminal passes through here; files written (JSON, JSONL, CSV, the HTML page,
which escapes for HTML itself) keep the data as it is.
"""
from __future__ import annotations

import re
import reprlib

_OTHERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_ONE_LINE = re.compile(f"[\n\r{_OTHERS}]")
_MULTILINE = re.compile(f"\r(?!\n)|[{_OTHERS}]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str, newlines: bool = False) -> str:
    """``text`` with the characters above escaped; ``newlines=True`` keeps line breaks (for a
    block of lines such as CSV on a terminal), otherwise the result is one line."""
    pattern = _MULTILINE if newlines else _ONE_LINE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def clip(text: str, width: int = 80) -> str:
    """``text`` in at most ``width`` characters: its start, "…" and its end."""
    if len(text) <= width:
        return text
    head = (width - 1) * 2 // 3
    return text[:head] + "…" + text[len(text) - (width - 1 - head):]


_EXCERPT = reprlib.Repr()
_EXCERPT.maxlevel, _EXCERPT.maxdict, _EXCERPT.maxlist = 2, 4, 4
_EXCERPT.maxstring, _EXCERPT.maxlong, _EXCERPT.maxother = 80, 40, 80
_EXCERPT.fillvalue = "…"


def excerpt(value: object, width: int = 100) -> str:
    """A short ``repr`` of a value for a message: a string cut to 80 characters with "…" (a 50 MB
    string stays 80 characters), a container to its first items and ``width`` characters in all;
    controls escaped as ``repr`` does."""
    return clip(printable(_EXCERPT.repr(value)), width)
