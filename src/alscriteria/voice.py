"""The one door through which the core gets its words (codes in the core, words at the edge).

The core decides *what* to say: a kind of sentence, a code and the values it names (region
codes, catalogue keys of muscles, finding codes, counts, dates). The words come from a voice,
which the package face installs (`alscriteria/__init__.py`: the English tables of
`alscriteria.wording`), so nothing in `assess/` or `history/` imports a sentence, and a second
front end, or another language, rewords any result from its JSON alone: every worded model
carries the code and values its words were made from (`tests/test_voice.py` holds that
rewording them gives the same words, for generated cases and histories).

The voice is loaded on first use, not when the package is imported: `--help` and a cohort that
reads only categories never load a sentence. It belongs to the process: a batch's worker
processes import the package afresh and speak English whatever voice the parent installed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol


class Voice(Protocol):
    """Words for one kind of sentence (`kind`, e.g. "plan_item"), from the fields of the
    model that will carry them: returns the model's worded fields (e.g. `text`, `source`)."""

    def say(self, kind: str, fields: Mapping[str, Any]) -> dict[str, Any]: ...


_loader: Callable[[], Voice] | None = None
_voice: Voice | None = None


def install(loader: Callable[[], Voice]) -> None:
    """Sets where the words come from; the package face calls it once with the English
    tables. Loading is deferred to the first sentence."""
    global _loader, _voice
    _loader, _voice = loader, None


def voice() -> Voice:
    """The installed voice, loaded the first time a sentence is needed. Two threads racing
    here load the same tables twice, harmlessly: the voice is immutable."""
    global _voice
    found = _voice
    if found is None:
        loader = _loader
        if loader is None:
            raise RuntimeError(
                "no voice installed: import the package `alscriteria` (its __init__ installs "
                "the English wording) before evaluating"
            )
        found = loader()
        if _loader is loader:  # an install() during the load wins: its voice is loaded next
            _voice = found
    return found
