"""Needling safety (criteria.md A.4): where a needle must not go, or goes last, for this
patient, from the cautions table (data/needle_cautions.csv).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Literal

from alscriteria.anatomy.catalogue import Muscle
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.assess.models.advice import Plan, PlanItem
from alscriteria.assess.plan.words import WORDED, PlanWords
from alscriteria.case.model import Case
from alscriteria.case.studies import LimbSite

#: Why a needle site is not to be sampled now (the case's contraindications, A.4).
NeedleBarrier = Literal["anticoagulation", "chest_wall", "lymphedema", "skin_infection"]

#: What each caution code of data/needle_cautions.csv does; which muscles carry it is data.
#: A barred muscle is never suggested while its contraindication is recorded (A.4); a
#: demoted one comes after the region's other muscles then, and is named in a caution
#: wherever it is still suggested.
BARRED_UNDER: dict[str, NeedleBarrier] = {
    "deep_non_compressible": "anticoagulation",
    "chest_wall": "chest_wall",
}

DEMOTED_UNDER: dict[str, NeedleBarrier] = {
    "airway_haematoma": "anticoagulation",
    "pneumothorax_risk": "chest_wall",
}

#: A muscle suggested under its contraindication, neither barred nor put last, whose risk a
#: caution names: rectus abdominis, the thoracic alternative under anticoagulation, where a
#: rectus sheath haematoma is a known complication of anticoagulation (B.4.2, S152).
NAMED_UNDER: dict[str, NeedleBarrier] = {"sheath_haematoma": "anticoagulation"}

#: The caution codes of a needle near the lung (B.4.2, S66, S67): named whenever suggested.
PNEUMOTHORAX = frozenset({"chest_wall", "pneumothorax_risk"})


@cache
def needle_cautions() -> dict[str, dict[str, str]]:
    """Muscle key -> {caution code: source}, from data/needle_cautions.csv. A muscle may
    carry several cautions (thoracic paraspinals: deep, and over the lung)."""
    text = resources.files("alscriteria").joinpath("data/needle_cautions.csv").read_text("utf-8")
    out: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["caution"]
        if code not in BARRED_UNDER and code not in DEMOTED_UNDER and code not in NAMED_UNDER:
            raise ValueError(f"data/needle_cautions.csv: unknown caution {code!r} ({row['key']})")
        out.setdefault(row["key"], {})[code] = row["source"]
    return out


def demotion(key: str, case: Case) -> NeedleBarrier | None:
    """The recorded contraindication under which this muscle comes last, or None."""
    limits = case.contraindications
    return demotion_under(key, limits.anticoagulated, limits.chest_wall_concerns)


def demotion_under(key: str, anticoagulated: bool, chest_wall: bool) -> NeedleBarrier | None:
    """`demotion` given the two contraindications it reads (anticoagulation, chest wall)."""
    for code in needle_cautions().get(key, {}):
        limit = DEMOTED_UNDER.get(code)
        if limit is not None and (anticoagulated if limit == "anticoagulation" else chest_wall):
            return limit
    return None


def demoting_caution(key: str, case: Case) -> str | None:
    """The caution code (data/needle_cautions.csv) that puts this muscle after the others of
    its region under the case's recorded contraindications (the tongue under anticoagulation:
    airway_haematoma; a muscle over the lung with chest wall concerns: pneumothorax_risk), or
    None: a history's next visit must not list such a muscle to sample first (A.4)."""
    limits = case.contraindications
    for code in needle_cautions().get(key, {}):
        limit = DEMOTED_UNDER.get(code)
        if limit is not None and (
            limits.anticoagulated if limit == "anticoagulation" else limits.chest_wall_concerns
        ):
            return code
    return None


def is_deep(key: str) -> bool:
    return "deep_non_compressible" in needle_cautions().get(key, {})


def blocked_sides(case: Case, region: Region) -> set[str]:
    """The limbs of a region that lymphedema or skin infection keep the needle from."""
    limits = case.contraindications
    return {
        site.side for site in (*limits.lymphedema, *limits.skin_infection) if site.region is region
    }


def caution_barrier(key: str, case: Case) -> NeedleBarrier | None:
    limits = case.contraindications
    return barrier_under(key, limits.anticoagulated, limits.chest_wall_concerns)


def barrier_under(key: str, anticoagulated: bool, chest_wall: bool) -> NeedleBarrier | None:
    """`caution_barrier` given the two contraindications it reads (anticoagulation, chest
    wall): a table over the catalogue can be built for each of their four pairs."""
    for code in needle_cautions().get(key, {}):
        limit = BARRED_UNDER.get(code)
        if limit is not None and (anticoagulated if limit == "anticoagulation" else chest_wall):
            return limit
    return None


def allowed_here(muscle: Muscle, case: Case, studied: set[str]) -> bool:
    if muscle.key in studied:
        return False
    return caution_barrier(muscle.key, case) is None


def needle_barrier(key: str, side: str | None, region: Region, case: Case) -> NeedleBarrier | None:
    """Why a needle site is not to be sampled under the case's contraindications (A.4: never
    suggest against them), or None. A limb muscle without a side is barred when either limb
    of its region is: the side it would go on is not known."""
    barrier = caution_barrier(key, case)
    if barrier is not None or not region.is_limb:
        return barrier
    limits = case.contraindications
    limbs: tuple[tuple[NeedleBarrier, tuple[LimbSite, ...]], ...] = (
        ("lymphedema", limits.lymphedema),
        ("skin_infection", limits.skin_infection),
    )
    for code, sites in limbs:
        for site in sites:
            if site.region is region and (side is None or site.side == side):
                return code
    return None


def chest_wall(key: str) -> bool:
    """Whether needling this muscle carries the pneumothorax caution (B.4.2, S66, S67)."""
    return key in _over_the_lung()


@cache
def _over_the_lung() -> frozenset[str]:
    """The muscles (catalogue keys) with a pneumothorax caution, read once from the table."""
    return frozenset(key for key, codes in needle_cautions().items() if PNEUMOTHORAX & set(codes))


def airway_risk(key: str) -> bool:
    """Whether a haematoma after needling this muscle can threaten the airway (B.4.2)."""
    return "airway_haematoma" in needle_cautions().get(key, {})


def sheath_risk(key: str) -> bool:
    """Whether needling this muscle under anticoagulation risks a rectus sheath haematoma."""
    return "sheath_haematoma" in needle_cautions().get(key, {})


def cautions(case: Case, suggested: Sequence[str], words: PlanWords = WORDED) -> list[PlanItem]:
    """The needling cautions of the case, and a caution naming each suggested muscle
    (catalogue key) that lies over the lung, or, under anticoagulation, the tongue or rectus
    abdominis (B.4.2); `words` words them (plan/words.py)."""
    limits = case.contraindications
    out = []
    if limits.anticoagulated:
        out.append(words.item("anticoagulation"))
        tongue = _each_once(key for key in suggested if airway_risk(key))
        if tongue:
            out.append(words.item("airway_haematoma", muscles=tongue))
        sheath = _each_once(key for key in suggested if sheath_risk(key))
        if sheath:
            out.append(words.item("sheath_haematoma", muscles=sheath))
    if limits.lymphedema or limits.skin_infection:
        out.extend(_limb_cautions(case, words))
    if limits.cardiac_device_side:
        out.append(words.item("cardiac_device", side=limits.cardiac_device_side))
    if limits.chest_wall_concerns:
        out.append(
            words.item(
                "chest_wall_avoided",
                barred=[k for k, c in needle_cautions().items() if "chest_wall" in c],
                demoted=[k for k, c in needle_cautions().items() if "pneumothorax_risk" in c],
            )
        )
    lung = _each_once(key for key in suggested if chest_wall(key))
    if lung:
        out.append(words.item("pneumothorax", muscles=lung))
    return out


def _limb_cautions(case: Case, words: PlanWords) -> list[PlanItem]:
    """Each limb site lymphedema or skin infection keeps the needle from, and each limb
    region barred on both sides (a case without such a site has none)."""
    limits = case.contraindications
    out = []
    both = {r for r in REGION_ORDER if r.is_limb and blocked_sides(case, r) >= {"left", "right"}}
    limbs: tuple[tuple[NeedleBarrier, tuple[LimbSite, ...]], ...] = (
        ("lymphedema", limits.lymphedema),
        ("skin_infection", limits.skin_infection),
    )
    for why, sites in limbs:
        for site in sites:
            if site.region not in both:  # "the other side" only where it can be needled
                out.append(
                    words.item("avoid_limb", side=site.side, region=site.region.value, why=why)
                )
    for region in sorted(both, key=lambda r: r.order):
        out.append(words.item("avoid_both_limbs", region=region.value))
    return out


def _each_once(keys: Iterable[str]) -> list[str]:
    """Catalogue keys each once, in the order given (a muscle suggested on both sides, or
    suggested and spared, is named once)."""
    return list(dict.fromkeys(keys))


def merged_cautions(plans: Iterable[Plan]) -> list[PlanItem]:
    """The cautions of several criteria sets' plans, each once, in order: the patient's
    limits are the same in every plan, but the muscle-named cautions follow each plan's own
    suggestions, so one set may name a muscle another does not suggest."""
    out: list[PlanItem] = []
    for plan in plans:
        out.extend(item for item in plan.cautions if item not in out)
    return out
