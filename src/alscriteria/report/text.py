"""Text from the input made inert for a page: every string a template prints passes here.

Autoescaping keeps ids and muscle names from becoming markup; this keeps them from being
characters a page cannot hold or should not show: C0/C1 controls (not allowed in XML, so an
inline SVG holding one would not parse), the bidirectional overrides that reorder what a
reader sees, noncharacters and lone surrogates. Each is shown as its escape (\\x08, \\u202e),
so the chart says what the file held.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

_UNSAFE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ufffe\uffff\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    return _UNSAFE.sub(_escape, text)


def finalize(value: Any) -> Any:
    """Jinja's last step for every printed expression (before autoescaping)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return inert(value)


__all__ = ["finalize", "inert"]
