"""The yardstick issue 23's targets were written in: tests/reference.py as it stood when
the issue was filed (commit c33b670), kept here unchanged but for this paragraph.

Issue 23 measured every configuration as a multiple of this evaluator, set its targets
(4x, 18x, 40x) beside those multiples, and then asked for a faster, honest yardstick,
since this one "flatters the project". tests/reference.py is that faster yardstick and
benchmarks/evaluate.py reports against it; it also reports against this one, so that
the targets can be read in the unit they were written in. Both give the same answers
(the benchmark checks it on its own cases before timing). Not used by the tests.

What follows is the original docstring.

An independent reference evaluator of criteria.md Part A, written plainly from the text.

It shares nothing with the package's criteria, rules or regions code: it reads the muscle
catalogue CSV itself and works on a plain case dict (the Case JSON of DESIGN.md). It is
meant to be read next to the spec, clause by clause, and to be obviously right rather than
fast. It is the oracle of the differential property in test_properties.py.

`reference(case, readings)` returns {criteria id: (category, pattern_category)}.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from itertools import combinations
from typing import Any

# A.1: the four regions, rostral (index 0) to caudal (index 3).
REGIONS = ("bulbar", "cervical", "thoracic", "lumbosacral")
INDEX = {name: i for i, name in enumerate(REGIONS)}
LIMB_REGIONS = ("cervical", "lumbosacral")
SIDES = ("left", "right")
ACCESSORY_MUSCLES = ("sternocleidomastoid", "trapezius")

# A.3.4: every disputed reading, default first.
DEFAULT_READINGS = {
    "probable": "separate",
    "rostral": "some-pair",
    "rostral_same_region": "strict",
    "gap": "residual-possible",
    "lab_supported_emg": "regions",
    "root_independence": "disjoint",
    "accessory_muscles": "bulbar",
}

# Category ladders, lowest first (used by the monotonicity property as well).
LADDERS = {
    "revised-el-escorial": (
        "not-met",
        "possible",
        "probable-laboratory-supported",
        "probable",
        "definite",
    ),
    "awaji": ("not-met", "possible", "probable", "definite"),
    "gold-coast": ("not-met", "als"),
}


@dataclass(frozen=True)
class Muscle:
    key: str
    region: str
    roots: frozenset[str]
    nerve: str


def load_catalogue() -> dict[str, Muscle]:
    text = files("alscriteria").joinpath("data/muscles.csv").read_text(encoding="utf-8")
    catalogue = {}
    for row in csv.DictReader(text.splitlines()):
        roots = frozenset(r.strip().upper() for r in row["roots"].split(";") if r.strip())
        catalogue[row["key"]] = Muscle(row["key"], row["region"], roots, row["nerve"].strip())
    return catalogue


CATALOGUE = load_catalogue()


# --- A.2 derived evidence ----------------------------------------------------------------


def muscle_of(study: Mapping[str, Any], readings: Mapping[str, str]) -> Muscle:
    """The anatomy of one EMG record: from the catalogue, or given with the record."""
    key = study["muscle"]
    if key in CATALOGUE:
        muscle = CATALOGUE[key]
        if key in ACCESSORY_MUSCLES:
            # A.3.4: sternocleidomastoid and trapezius count as bulbar (default) or cervical.
            return Muscle(key, readings["accessory_muscles"], muscle.roots, muscle.nerve)
        return muscle
    roots = frozenset(r.strip().upper() for r in study["roots"])
    return Muscle(key, study["region"], roots, study["nerve"])


def qualifies(study: Mapping[str, Any], definition: str) -> bool:
    """Denervation with reinnervation: chronic change AND active denervation (A.2)."""
    fib = bool(study.get("fibrillation_potentials", False))
    psw = bool(study.get("positive_sharp_waves", False))
    fasc = bool(study.get("fasciculation_potentials", False))
    chronic = bool(study.get("chronic_neurogenic_change", False))
    active = fib or psw
    if definition == "awaji":  # fasciculation potentials count too (with chronic change)
        active = active or fasc
    return chronic and active


def independent(a: Muscle, b: Muscle, readings: Mapping[str, str]) -> bool:
    """Two limb muscles innervated by different roots AND different peripheral nerves."""
    if a.key == b.key:  # left and right copies of one muscle are not two muscles
        return False
    if a.nerve == b.nerve:
        return False
    if readings["root_independence"] == "disjoint":
        return not (a.roots & b.roots)
    return a.roots != b.roots  # "not-identical"


def emg_positive(region: str, muscles: Iterable[Muscle], readings: Mapping[str, str]) -> bool:
    """EMG LMN(r), given the qualifying muscles of region r."""
    muscles = list(muscles)
    if region not in LIMB_REGIONS:  # bulbar or thoracic: one qualifying muscle
        return len(muscles) >= 1
    return any(independent(a, b, readings) for a, b in combinations(muscles, 2))


def qualifying_muscles(
    case: Mapping[str, Any],
    region: str,
    definition: str,
    readings: Mapping[str, str],
    side: str | None = None,
) -> list[Muscle]:
    """Qualifying muscles of a region (and, when side is given, studied on that side)."""
    found = []
    for study in case.get("emg", []):
        muscle = muscle_of(study, readings)
        if muscle.region != region or not qualifies(study, definition):
            continue
        if side is not None and study.get("side") != side:
            continue
        found.append(muscle)
    return found


def emg_regions(case: Mapping[str, Any], definition: str, readings: Mapping[str, str]) -> set[int]:
    return {
        INDEX[r]
        for r in REGIONS
        if emg_positive(r, qualifying_muscles(case, r, definition, readings), readings)
    }


def emg_limbs(case: Mapping[str, Any], definition: str, readings: Mapping[str, str]) -> int:
    """EMG-positive limbs: one side of a limb region, by the two-muscle rule on that side."""
    count = 0
    for region in LIMB_REGIONS:
        for side in SIDES:
            muscles = qualifying_muscles(case, region, definition, readings, side)
            if emg_positive(region, muscles, readings):
                count += 1
    return count


def signs(case: Mapping[str, Any], region: str, kind: str) -> set[str]:
    findings = case.get("regions", {}).get(region) or {}
    return set(findings.get(kind, ()))


def umn_regions(case: Mapping[str, Any]) -> set[int]:
    return {INDEX[r] for r in REGIONS if signs(case, r, "umn_signs")}


def clinical_lmn_el_escorial(case: Mapping[str, Any]) -> set[int]:
    """Weakness OR wasting (fasciculations alone are not an LMN sign)."""
    return {INDEX[r] for r in REGIONS if signs(case, r, "lmn_signs") & {"weakness", "wasting"}}


def clinical_lmn_gold_coast(case: Mapping[str, Any]) -> set[int]:
    """Weakness AND wasting."""
    return {INDEX[r] for r in REGIONS if {"weakness", "wasting"} <= signs(case, r, "lmn_signs")}


# --- A.3 the rules -----------------------------------------------------------------------


def rostral(upper: set[int], lower: set[int], readings: Mapping[str, str]) -> bool:
    """Some region of `upper` rostral to some region of `lower`, under the A.3.4 readings."""
    if readings["rostral_same_region"] == "counts":
        some_pair = any(u <= v for u in upper for v in lower)
    else:
        some_pair = any(u < v for u in upper for v in lower)
    if readings["rostral"] == "top-down":
        # the most rostral finding is a UMN sign: highest UMN at or above highest LMN
        return some_pair and min(upper) <= min(lower)
    return some_pair


def definite(u: set[int], lo: set[int]) -> bool:
    return len(u & lo) >= 3


def probable(u: set[int], lo: set[int], readings: Mapping[str, str]) -> bool:
    if not u or not lo:
        return False
    if readings["probable"] == "separate":
        return len(u) >= 2 and len(lo) >= 2 and rostral(u, lo, readings)
    return len(u | lo) >= 2 and rostral(u, lo, readings)  # "aggregate"


def possible_by_clause(u: set[int], lo: set[int]) -> bool:
    """A.3.1.4 as written: together in one region, UMN alone in 2+, or LMN rostral to UMN."""
    together_in_one = bool(u & lo)
    umn_alone_in_two = len(u) >= 2
    lmn_rostral_to_umn = any(v < w for v in lo for w in u)
    return together_in_one or umn_alone_in_two or lmn_rostral_to_umn


def residual(u: set[int], lo: set[int]) -> bool:
    """The residual reading's condition: U and L both non-empty, or |U| >= 2."""
    return (bool(u) and bool(lo)) or len(u) >= 2


def possible(u: set[int], lo: set[int], readings: Mapping[str, str]) -> bool:
    if possible_by_clause(u, lo):
        return True
    if readings["gap"] == "residual-possible":
        # any case with both UMN and LMN signs reaching no higher category (what is left
        # is the gap: UMN in one region, LMN only caudal to it)
        return residual(u, lo)
    return False  # "unclassified": the literal text gives no category


def el_escorial_ladder(
    u: set[int], lo: set[int], emg_count: int | None, readings: Mapping[str, str]
) -> str:
    """A.3.1 items 1-5; emg_count None means there is no laboratory-supported category."""
    if definite(u, lo):
        return "definite"
    if probable(u, lo, readings):
        return "probable"
    if emg_count is not None and len(u) >= 1 and emg_count >= 2:
        return "probable-laboratory-supported"
    if possible(u, lo, readings):
        return "possible"
    return "not-met"


def pattern_categories(
    case: Mapping[str, Any], readings: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The category each criteria set's regional findings give, ignoring prerequisites."""
    rd = {**DEFAULT_READINGS, **(readings or {})}
    u = umn_regions(case)

    # A.3.1 revised El Escorial: L = clinical LMN only; E by the El Escorial muscle rule.
    if rd["lab_supported_emg"] == "regions":
        e_count = len(emg_regions(case, "el-escorial", rd))
    else:
        e_count = emg_limbs(case, "el-escorial", rd)
    reec = el_escorial_ladder(u, clinical_lmn_el_escorial(case), e_count, rd)

    # A.3.2 Awaji: L = clinical LMN | EMG LMN (Awaji muscle rule); no lab-supported.
    awaji_l = clinical_lmn_el_escorial(case) | emg_regions(case, "awaji", rd)
    awaji = el_escorial_ladder(u, awaji_l, None, rd)

    # A.3.3 Gold Coast: L = weakness-and-wasting | EMG LMN (Awaji muscle rule).
    gc_l = clinical_lmn_gold_coast(case) | emg_regions(case, "awaji", rd)
    gold_coast = "als" if (u & gc_l) or len(gc_l) >= 2 else "not-met"

    return {"revised-el-escorial": reec, "awaji": awaji, "gold-coast": gold_coast}


def _tristate(value: Any) -> bool | None:
    """True, False, or None for unknown ("unknown" is how clinicians write it)."""
    if value is True or value is False:
        return value
    if isinstance(value, str):  # the words registries write (DESIGN.md Case JSON)
        return {"yes": True, "true": True, "no": False, "false": False}.get(value.strip().lower())
    return None


def prerequisites_met(case: Mapping[str, Any]) -> bool:
    """Progression true AND other causes excluded true; false or unknown (None) is not met."""
    progression = _tristate(case.get("progression"))
    excluded = _tristate(case.get("other_causes_excluded"))
    return progression is True and excluded is True


def reference(
    case: Mapping[str, Any], readings: Mapping[str, str] | None = None
) -> dict[str, tuple[str, str]]:
    """{criteria id: (category, pattern_category)} for a plain case dict."""
    patterns = pattern_categories(case, readings)
    met = prerequisites_met(case)
    return {cid: (p if met else "not-met", p) for cid, p in patterns.items()}


def expected_gap_notes(
    case: Mapping[str, Any], readings: Mapping[str, str] | None = None
) -> dict[str, bool]:
    """Per criteria set with a Possible category: whether the result must say that the
    residual reading was used (A.3.1.4), or, under "unclassified", that the pattern is not
    covered (A.3.4). Both happen only when the explicit clauses give nothing."""
    rd = {**DEFAULT_READINGS, **(readings or {})}
    patterns = pattern_categories(case, rd)
    u = umn_regions(case)
    sets = {
        "revised-el-escorial": clinical_lmn_el_escorial(case),
        "awaji": clinical_lmn_el_escorial(case) | emg_regions(case, "awaji", rd),
    }
    notes = {}
    for cid, lo in sets.items():
        if rd["gap"] == "residual-possible":
            uncovered = patterns[cid] == "possible" and not possible_by_clause(u, lo)
        else:
            uncovered = patterns[cid] == "not-met" and residual(u, lo)
        notes[cid] = uncovered
    return notes
