"""The walkthrough's steps and the words for what they hold, apart from any terminal.

Every step in clinical order (who, the prerequisites, each region from rostral to caudal,
safety, the nerve conduction findings that point to a mimic), the model of one question,
and how a region, a muscle or a sign is said. The other modules read these; nothing here
reads a case or an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from alscriteria.anatomy.catalogue import (
    catalogue,
    root_span,
)
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.anatomy.vocabulary import label, words

#: The prerequisites in the order asked; `alternative_diagnosis` only after "other causes
#: excluded?" is answered no (another cause found, or the work-up still in progress).
PREREQUISITES = ("progression", "other_causes_excluded", "alternative_diagnosis")

ALTERNATIVE = "alternative_diagnosis"

PARTS = ("umn", "lmn", "emg")

#: What limits needling, asked after the examination: the EMG questions record a study
#: already done, and these answers shape the next one, which the plan suggests (A.4).
SAFETY = (
    "anticoagulated",
    "lymphedema",
    "skin_infection",
    "cardiac_device_side",
    "chest_wall_concerns",
)

#: Nerve conduction findings that point to a mimic (B.4.1); they add warnings.
CONDUCTION = ("conduction_block", "demyelinating_slowing", "abnormal_sensory")

#: Every step in clinical order: who, the prerequisites, motor symptoms, each region from
#: rostral to caudal, then safety and mimics.
STEPS: tuple[str, ...] = (
    "id",
    *PREREQUISITES,
    "motor_symptoms",
    *(f"{region.value}.{part}" for region in REGION_ORDER for part in PARTS),
    *SAFETY,
    *CONDUCTION,
)

_TRISTATE = {"yes": True, "no": False, "unknown": None}

#: The answer at a muscle question that starts entering a muscle outside the catalogue.
OTHER_MUSCLE = "__other__"

_YESNO = {"yes": True, "no": False}

_LIMBS = {
    "cervical:left": "Left arm",
    "cervical:right": "Right arm",
    "lumbosacral:left": "Left leg",
    "lumbosacral:right": "Right leg",
}


class Kind(StrEnum):
    TRISTATE = "tristate"
    YESNO = "yesno"
    SIGNS = "signs"
    MUSCLE = "muscle"
    SIDE = "side"
    FINDINGS = "findings"
    CHOICE = "choice"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    roots: str = ""
    nerve: str = ""
    aliases: tuple[str, ...] = ()  # e.g. FDI for first dorsal interosseous


@dataclass(frozen=True, slots=True)
class Question:
    """What to ask next; `step` is the case step it belongs to (EMG sub-questions share one)."""

    step: str
    kind: Kind
    region: Region | None
    text: str
    prompt: str
    choices: tuple[Choice, ...]
    multiple: bool
    recorded: tuple[str, ...] = ()  # what this step already holds, said in words

    @property
    def key(self) -> tuple[str, str, str]:
        """Identifies one screen: a new key means the choices are worth showing again."""
        return (self.step, self.kind.value, self.prompt)


#: What one side of a limb region is called when a sign is placed on it.
LIMB_WORD = {Region.CERVICAL: "arm", Region.LUMBOSACRAL: "leg"}


def region_name(region: Region) -> str:
    return label("regions", region.value).split(" (")[0]


def step_region(step: str) -> Region | None:
    name, dot, _ = step.partition(".")
    return Region(name) if dot else None


def _step(region: Region, part: str) -> str:
    return f"{region.value}.{part}"


def compact_roots(roots: frozenset[str] | tuple[str, ...]) -> str:
    """C5, C6, C7, C8, T1 reads as C5-T1: long root lists would not fit 80 columns."""
    return root_span(frozenset(roots))


def muscle_region(entry: dict[str, Any]) -> Region:
    known = catalogue().get(str(entry["muscle"]))
    return known.region if known is not None else Region(entry["region"])


def muscle_name(key: str) -> str:
    known = catalogue().get(key)
    return known.name if known is not None else key.replace("_", " ")


def describe_muscle(entry: dict[str, Any]) -> str:
    side = entry.get("side")
    where = f" ({side})" if side else ""
    found = [label("emg_findings", f).lower() for f in words("emg_findings") if entry.get(f)]
    return f"{muscle_name(str(entry['muscle']))}{where}: " + (
        ", ".join(found) if found else "normal"
    )


def _stem(text: str) -> str:
    return text.split(" (")[0]


def _signs_text(kind: str, values: tuple[str, ...], region: Region | None = None) -> str:
    """Signs in words; a sign on one side of a limb says which ("Weakness (left arm)")."""
    if not values:
        return "none"
    said = []
    for value in values:
        sign, _, side = value.partition(":")
        if side and region in LIMB_WORD:
            said.append(f"{_stem(label(kind, sign))} ({side} {LIMB_WORD[region]})")
        else:
            said.append(label(kind, sign))
    return ", ".join(said)


def _limb_hint(chosen: tuple[str, ...], region: Region | None) -> str:
    """Weakness and wasting put on different limbs: said at once, since Gold Coast then
    counts no clinical LMN in the region (A.2, per limb; Shefner 2020, S21)."""
    if region not in LIMB_WORD or not split_weakness_and_wasting(chosen):
        return ""
    limb = LIMB_WORD[region]
    return (
        f" Weakness and wasting are on different {limb}s: no {limb} is both weak and wasted, "
        "so Gold Coast counts no clinical LMN here (A.2, per limb); revised El Escorial and "
        "Awaji count either."
    )


def split_weakness_and_wasting(chosen: tuple[str, ...]) -> bool:
    """Weakness and wasting both recorded, never on one limb (signs without a side are on
    both): the case the criteria read as no weak, wasted limb for Gold Coast (A.2)."""
    both = {"weakness", "wasting"}
    whole = {v for v in chosen if ":" not in v}
    limbs = [
        whole | {v.partition(":")[0] for v in chosen if v.endswith(f":{s}")}
        for s in ("left", "right")
    ]
    present = {v.partition(":")[0] for v in chosen}
    return both <= present and not any(both <= signs for signs in (whole, *limbs))


_SIDE_ORDER = {"": 0, "left": 1, "right": 2}


def _ordered_signs(kind: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Signs once each in the vocabulary's order, a side after both sides. A sign said for
    both sides (or for the left and the right) is recorded for the whole limb region, where
    the criteria count it on either limb."""
    chosen = set(values)
    for value in values:
        sign, _, side = value.partition(":")
        if side and (sign in chosen or {f"{sign}:left", f"{sign}:right"} <= chosen):
            chosen -= {f"{sign}:left", f"{sign}:right"}
            chosen.add(sign)

    return _sign_order(kind, tuple(chosen))


def _sign_order(kind: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Once each, in the vocabulary's order, a sign on both sides before one side."""
    order = words(kind)

    def key(value: str) -> tuple[int, int]:
        sign, _, side = value.partition(":")
        return (order.index(sign), _SIDE_ORDER[side])

    return tuple(sorted(set(values), key=key))


def _said(value: Any) -> str:
    """A whole-case answer in words, as the resume summary shows it."""
    if value is True or value is False or value is None:
        return {True: "yes", False: "no", None: "unknown / none"}[value]
    if isinstance(value, tuple):
        return ", ".join(_LIMBS.get(str(v), str(v)).lower() for v in value) or "none"
    return str(value)


def _describe_block(block: dict[str, Any]) -> str:
    where = "at an entrapment site" if block.get("at_entrapment_site") else "not at entrapment"
    return f"conduction block: {block['nerve']} ({block['segment']}), {where}"


BLOCK_NERVE = "Conduction block nerve"


__all__ = [
    "ALTERNATIVE",
    "BLOCK_NERVE",
    "CONDUCTION",
    "LIMB_WORD",
    "OTHER_MUSCLE",
    "PARTS",
    "PREREQUISITES",
    "SAFETY",
    "STEPS",
    "Choice",
    "Kind",
    "Question",
    "compact_roots",
    "describe_muscle",
    "muscle_name",
    "muscle_region",
    "region_name",
    "split_weakness_and_wasting",
    "step_region",
]
