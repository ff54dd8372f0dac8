"""Explicit hypothesis strategies for valid case dicts (the Case JSON) and for Readings, and
`examples(n)`, which sizes every property test's run for the profile loaded in conftest.py.

Cases are plain dicts, as a caller would send them; `Case.model_validate` accepts every one.
The muscle pool mixes the whole catalogue with a small set of limb muscles that share roots
or nerves, so that the root-and-nerve rule, left/right copies and the two root readings are
exercised often rather than by luck.
"""

from __future__ import annotations

import csv
import functools
import json
import os
from importlib.resources import files
from typing import Any

from hypothesis import strategies as st

from alscriteria.case.readings import Readings

#: How many times more examples the `thorough` profile runs (HYPOTHESIS_PROFILE=thorough).
THOROUGH_FACTOR = 2


def examples(n: int) -> int:
    """A property test's examples: its own `n` by default (the `fast` profile), THOROUGH_FACTOR
    times more under the `thorough` profile that CI runs (tests/conftest.py)."""
    thorough = os.environ.get("HYPOTHESIS_PROFILE", "fast") == "thorough"
    return n * THOROUGH_FACTOR if thorough else n


REGIONS = ("bulbar", "cervical", "thoracic", "lumbosacral")
UMN_SIGNS = (
    "hyperreflexia",
    "retained_reflexes_in_wasted_muscle",
    "reflex_spread",
    "hoffmann",
    "babinski",
    "crossed_adductor",
    "jaw_jerk",
    "snout",
    "clonus",
    "spasticity",
    "slowed_incoordinated_movement",
    "pseudobulbar_affect",
    "absent_abdominal_reflexes",
    "loss_of_dexterity",
)
LMN_SIGNS = ("weakness", "wasting", "fasciculations")


def _sign_regions() -> dict[str, tuple[str, ...]]:
    """Where each UMN sign can be elicited, read from the package data as a user would."""
    text = files("alscriteria").joinpath("data/sign_regions.json").read_text(encoding="utf-8")
    return {k: tuple(v) for k, v in json.loads(text)["umn_sign_regions"].items()}


#: The UMN signs each region can show (a sign outside its regions is invalid input).
REGION_UMN_SIGNS = {
    region: tuple(s for s in UMN_SIGNS if region in _sign_regions()[s]) for region in REGIONS
}
EMG_FINDINGS = (
    "fibrillation_potentials",
    "positive_sharp_waves",
    "fasciculation_potentials",
    "chronic_neurogenic_change",
)


def _catalogue_keys() -> tuple[str, ...]:
    text = files("alscriteria").joinpath("data/muscles.csv").read_text(encoding="utf-8")
    return tuple(row["key"] for row in csv.DictReader(text.splitlines()))


MUSCLES = _catalogue_keys()

#: Limb and accessory muscles whose roots or nerves overlap: the interesting pairs.
#: FDI/ADM share the ulnar nerve, FDI/APB share C8;T1, triceps (C6-8) and FDI (C8;T1)
#: overlap but are not identical, deltoid/biceps share C5;C6, SCM/trapezius share a nerve,
#: brachioradialis (C5;C6) and extensor digitorum (C7;C8) share the radial nerve only.
CLOSE_MUSCLES = (
    "first_dorsal_interosseous",
    "abductor_digiti_minimi",
    "abductor_pollicis_brevis",
    "triceps",
    "brachioradialis",
    "extensor_digitorum_communis",
    "deltoid",
    "biceps_brachii",
    "sternocleidomastoid",
    "trapezius",
    "tibialis_anterior",
    "vastus_lateralis",
    "medial_gastrocnemius",
    "iliopsoas",
    "gluteus_medius",
    "thoracic_paraspinals",
    "genioglossus",
)

#: Mostly true, so that the category (not only the pattern category) is often met.
tristates = st.sampled_from([True, True, True, False, None])
sides = st.sampled_from(["left", "right", None])
muscle_keys = st.one_of(st.sampled_from(MUSCLES), st.sampled_from(CLOSE_MUSCLES))


@functools.cache
def _some_of(signs: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    """One to three of `signs`. Each strategy is made once and drawn from many times: a
    strategy made afresh for every draw costs Hypothesis more than the draw itself (most of
    the time of the property tests was spent making them)."""
    return st.lists(st.sampled_from(signs), min_size=1, max_size=3, unique=True)


@functools.cache  # one strategy per region and mix, made once (as `_some_of`)
@st.composite
def region_findings(
    draw: st.DrawFn,
    region: str,
    lmn_signs: tuple[str, ...] = LMN_SIGNS,
    kinds: tuple[str, ...] = ("umn", "lmn", "both", "both", "neither"),
) -> dict[str, list[str]]:
    """One region's signs: UMN only, LMN only, both, or neither, so that
    sparse patterns (UMN in one region, LMN in another) are as common as rich ones."""
    kind = draw(st.sampled_from(kinds))
    umn: list[str] = []
    lmn: list[str] = []
    if kind in ("umn", "both"):
        umn = draw(_some_of(REGION_UMN_SIGNS[region]))
    if kind in ("lmn", "both"):
        lmn = draw(_some_of(lmn_signs))
    elif "fasciculations" in lmn_signs and draw(st.booleans()):
        lmn = ["fasciculations"]  # not an LMN sign on its own
    findings: dict[str, list[str]] = {}
    # an empty list and a left-out key mean the same thing; use both spellings
    if umn or draw(st.booleans()):
        findings["umn_signs"] = umn
    if lmn or draw(st.booleans()):
        findings["lmn_signs"] = lmn
    return findings


@functools.cache  # one strategy per muscle pool, made once (as `_some_of`)
@st.composite
def muscle_studies(
    draw: st.DrawFn, muscles: st.SearchStrategy[str] = muscle_keys
) -> dict[str, Any]:
    study: dict[str, Any] = {"muscle": draw(muscles)}
    side = draw(sides)
    if side is not None or draw(st.booleans()):
        study["side"] = side
    for finding in EMG_FINDINGS:
        value = draw(st.booleans())
        if value or draw(st.booleans()):
            study[finding] = value
    return study


#: Other causes a clinician records (issue 19 section 3): never beside causes excluded.
ALTERNATIVE_DIAGNOSES = (
    "L5 radiculopathy on MRI",
    "multifocal motor neuropathy (conduction block, anti-GM1)",
    "cervical spondylotic myelopathy",
    "inclusion body myositis on biopsy",
)


@functools.cache  # one strategy per set of arguments, made once (as `_some_of`)
@st.composite
def cases(
    draw: st.DrawFn,
    max_studies: int = 8,
    prerequisites: bool | None = None,
    lmn_signs: tuple[str, ...] = LMN_SIGNS,
    muscles: st.SearchStrategy[str] = muscle_keys,
    max_regions: int = len(REGIONS),
    kinds: tuple[str, ...] = ("umn", "lmn", "both", "both", "neither"),
) -> dict[str, Any]:
    """A valid case dict. prerequisites=True fixes progression and exclusion to true."""
    case: dict[str, Any] = {}
    if draw(st.booleans()):
        case["id"] = draw(st.text(max_size=8))
    for key in ("progression", "other_causes_excluded"):
        value = True if prerequisites else draw(tristates)
        if value is not None or draw(st.booleans()):
            case[key] = value
    if case.get("other_causes_excluded") is not True and draw(st.integers(0, 7)) == 0:
        case["alternative_diagnosis"] = draw(st.sampled_from(ALTERNATIVE_DIAGNOSES))
    count = draw(st.integers(0, max_regions))
    chosen = draw(st.permutations(REGIONS))[:count]
    case["regions"] = {region: draw(region_findings(region, lmn_signs, kinds)) for region in chosen}
    case["emg"] = draw(_studies(muscles, max_studies))
    return case


@functools.cache
def _studies(muscles: st.SearchStrategy[str], most: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Up to `most` needle studies of `muscles`, made once (as `_some_of`)."""
    return st.lists(muscle_studies(muscles), max_size=most)


def emg_heavy_cases() -> st.SearchStrategy[dict[str, Any]]:
    """Cases whose LMN evidence is mostly EMG: no clinical weakness or wasting, many studies
    of overlapping limb muscles. They reach El Escorial's laboratory-supported category and
    the root-and-nerve rule far more often than `cases()` does."""
    return cases(
        max_studies=12,
        lmn_signs=("fasciculations",),
        muscles=st.one_of(st.sampled_from(CLOSE_MUSCLES), st.sampled_from(MUSCLES)),
    )


def sparse_cases() -> st.SearchStrategy[dict[str, Any]]:
    """Findings in one or two regions: the gap of A.3.4 (UMN in one region, LMN only caudal
    to it) and the single-region patterns are frequent here."""
    return cases(max_studies=3, max_regions=2, kinds=("umn", "lmn"))


#: The mix the differential properties use.
any_cases = st.one_of(cases(), emg_heavy_cases(), sparse_cases())


def _readings_fields() -> dict[str, st.SearchStrategy[str]]:
    return {name: st.sampled_from(values) for name, values in Readings.options().items()}


#: Any combination of the A.3.4 readings.
readings = st.builds(Readings, **_readings_fields())
