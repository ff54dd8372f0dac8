"""A region's evidence in one line of the grid: flags, sides, the EMG as reported, muscles
withheld.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from alscriteria.anatomy.vocabulary import label

if TYPE_CHECKING:
    from alscriteria.assess.models.explanations import FiringEvidence, SideEvidence
from alscriteria.wording.common import LIMB, muscle_words, where

#: A flag given yes, in words: the sign is reported, not named.
FLAG_WORDS = {
    "umn": "UMN signs: yes (flag; signs not named)",
    "lmn": "LMN signs: yes (flag; weakness or wasting, not named)",
}

#: Short forms, where a limb's tag or a trace line has a few words of room.
FLAG_SHORT = {"umn": "UMN (flag)", "lmn": "LMN (flag)"}


def emg_as_reported(region: str, summaries: list[str]) -> str:
    """ "EMG as reported (summary): whole region, right leg", or "" without one."""
    if not summaries:
        return ""
    return "EMG as reported (summary): " + ", ".join(where(region, s) for s in summaries)


def flags_short(reported: list[str]) -> str:
    """ "flags: UMN yes, LMN yes (signs not named)", for a rule's evidence."""
    return "flags: " + ", ".join(f"{f.upper()} yes" for f in reported) + " (signs not named)"


def _short(kind: str, sign: str) -> str:
    return label(kind, sign).split(" (")[0]


def side_words(region: str, side: SideEvidence, short: bool = False) -> tuple[str, list[str]]:
    """(the limb, what it showed), in full or, `short`, in the few words a tag has room for."""
    shown = [_short("umn_signs", s) if short else label("umn_signs", s) for s in side.umn_signs]
    shown += [_short("lmn_signs", s) if short else label("lmn_signs", s) for s in side.lmn_signs]
    shown += [
        FLAG_SHORT[f] if short and f in FLAG_SHORT else FLAG_WORDS.get(f, f)
        for f in side.reported_flags
    ]
    return LIMB.get((region, side.side), f"{side.side} side"), shown


def withheld_words(entry: str) -> str:
    """ "biceps_brachii (right): lymphedema of that limb" with the muscle in words."""
    muscle, _, why = entry.rpartition(": ")  # a custom muscle's name may hold ": " too
    return f"{muscle_words(muscle)}: {why}"


def evidence_line(ev: FiringEvidence, muscle: Callable[[str], str] = muscle_words) -> str:
    """One region's evidence for a rule that fired: "cervical: UMN: Hoffmann sign; LMN:
    Weakness; EMG: ...; left arm: ...". `muscle` words a traced muscle."""
    region = ev.region.value
    parts = []
    if ev.umn_signs:
        parts.append("UMN: " + ", ".join(label("umn_signs", s) for s in ev.umn_signs))
    if ev.lmn_signs:
        parts.append("LMN: " + ", ".join(label("lmn_signs", s) for s in ev.lmn_signs))
    if ev.emg_muscles:
        parts.append("EMG: " + ", ".join(muscle(m) for m in ev.emg_muscles))
    if ev.emg_summaries:
        parts.append(emg_as_reported(region, ev.emg_summaries))
    if ev.reported_flags:
        parts.append(flags_short(ev.reported_flags))
    for side in ev.sides:
        limb, shown = side_words(region, side, short=True)
        if shown:
            parts.append(f"{limb}: " + ", ".join(shown))
    return f"{region}: " + ("; ".join(parts) or "no findings")
