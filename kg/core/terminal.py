"""Text bound for a terminal, made inert: control characters shown, never obeyed.

File names, labels and article text reach the terminal in messages and tables. An ESC
in them starts a sequence the terminal obeys: colours, a changed window title, a
hidden hyperlink (OSC 8), even a rewritten clipboard (OSC 52). Click strips only the
colour sequences and only when the output is no terminal; Rich passes OSC sequences.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

# C0 controls but tab and newline, DEL, the C1 controls (0x9b is a one-byte CSI), the
# line and paragraph separators, and the bidirectional overrides and isolates that
# reorder what a reader sees (Unicode TR #9; "Trojan Source", CVE-2021-42574).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, json: bool = False) -> str:
    """``text`` with each control character replaced by its escape.

    Args:
        text: anything about to be printed.
        json: escape as ``\\u001b`` (valid inside a JSON string) instead of ``\\x1b``.

    >>> printable("Kech\\x1b]0;owned\\x07 raid\\n")
    'Kech\\\\x1b]0;owned\\\\x07 raid\\n'
    >>> printable("a\\u202eb")
    'a\\\\u202eb'
    """
    return _UNSAFE.sub(lambda m: _escape(m.group(), json), text)


def _escape(char: str, json: bool) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 and not json else f"\\u{code:04x}"
