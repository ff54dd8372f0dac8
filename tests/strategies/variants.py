"""Strategies built on the case strategies for one property each: a case with one more
finding, a fasciculations-only case, a case with every reported form, a case with its signs
dealt to sides."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from strategies import (
    EMG_FINDINGS,
    LMN_SIGNS,
    REGION_UMN_SIGNS,
    REGIONS,
    any_cases,
    cases,
    muscle_studies,
)

LIMB_REGIONS = ("cervical", "lumbosacral")


@st.composite
def with_more_evidence(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A case and the same case with one more finding: a sign, an EMG abnormality, a muscle."""
    case = draw(cases())
    more: dict[str, Any] = {
        **case,
        "regions": {r: {k: list(v) for k, v in f.items()} for r, f in case["regions"].items()},
        "emg": [dict(s) for s in case["emg"]],
    }
    kinds = ["umn", "lmn", "muscle"]
    if case["emg"]:
        kinds.append("emg_finding")
    kind = draw(st.sampled_from(kinds))
    if kind in ("umn", "lmn"):
        region = draw(st.sampled_from(REGIONS))
        key, vocabulary = (
            ("umn_signs", REGION_UMN_SIGNS[region]) if kind == "umn" else ("lmn_signs", LMN_SIGNS)
        )
        sign = draw(st.sampled_from(vocabulary))
        findings = more["regions"].setdefault(region, {})
        findings[key] = sorted({*findings.get(key, ()), sign})
    elif kind == "muscle":
        more["emg"].insert(draw(st.integers(0, len(more["emg"]))), draw(muscle_studies()))
    else:
        study = more["emg"][draw(st.integers(0, len(more["emg"]) - 1))]
        study[draw(st.sampled_from(EMG_FINDINGS))] = True
    return case, more


@st.composite
def fasciculations_only_cases(draw: st.DrawFn) -> dict[str, Any]:
    regions = draw(
        st.lists(
            st.sampled_from(["bulbar", "cervical", "thoracic", "lumbosacral"]),
            unique=True,
            max_size=4,
        )
    )
    muscles = draw(
        st.lists(
            st.sampled_from(
                [
                    "deltoid",
                    "genioglossus",
                    "tibialis_anterior",
                    "thoracic_paraspinals",
                    "first_dorsal_interosseous",
                ]
            ),
            max_size=5,
        )
    )
    emg = [
        {
            "muscle": m,
            "side": draw(st.sampled_from(["left", "right"])),
            "fasciculation_potentials": draw(st.booleans()),
        }
        for m in muscles
    ]
    if not regions and not any(s["fasciculation_potentials"] for s in emg):
        regions = ["cervical"]
    return {
        "progression": draw(st.sampled_from([True, False, None])),
        "other_causes_excluded": draw(st.sampled_from([True, False, None])),
        "motor_symptoms": draw(st.sampled_from([True, False, None])),
        "regions": {r: {"lmn_signs": ["fasciculations"]} for r in regions},
        "emg": emg,
    }


@st.composite
def reported_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A generated case with what makes the other wording appear: registry flags and EMG
    summaries, needling limits (cautions), nerve conduction (red flags) and symptoms."""
    case: dict[str, Any] = draw(any_cases)
    case["id"] = "P-1"  # the input's own words are not the wording under test
    yes_no = st.sampled_from(["yes", "no", "unknown"])
    for region in draw(st.lists(st.sampled_from(REGIONS), unique=True, max_size=2)):
        findings = case["regions"].setdefault(region, {})
        for flag in ("umn", "lmn"):  # a flag may not deny the signs the region lists
            listed = findings.get(f"{flag}_signs")
            findings[flag] = draw(st.sampled_from(["yes", "unknown"]) if listed else yes_no)
        if draw(st.booleans()):
            keys = ("chronic_neurogenic_change", "active_denervation")
            emg = {k: draw(yes_no) for k in keys}
            if region in ("cervical", "lumbosacral"):  # one muscle is enough elsewhere
                both = all(v == "yes" for v in emg.values())
                emg["independent_muscles"] = draw(yes_no if both else st.just("unknown"))
            findings["emg"] = emg
    if draw(st.booleans()):
        case["contraindications"] = {
            "anticoagulated": draw(st.booleans()),
            "chest_wall_concerns": draw(st.booleans()),
            "cardiac_device_side": draw(st.sampled_from([None, "left", "right"])),
            "lymphedema": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "region": st.sampled_from(["cervical", "lumbosacral"]),
                            "side": st.sampled_from(["left", "right"]),
                        }
                    ),
                    max_size=2,
                    unique_by=lambda s: (s["region"], s["side"]),
                )
            ),
        }
    if draw(st.booleans()):
        case["nerve_conduction"] = {
            "conduction_block": [
                {"nerve": "ulnar", "segment": "forearm", "at_entrapment_site": draw(st.booleans())}
            ]
            if draw(st.booleans())
            else [],
            "demyelinating_slowing": draw(st.booleans()),
            "abnormal_sensory": draw(st.sampled_from(["none", "mild", "marked"])),
        }
    case["motor_symptoms"] = draw(st.sampled_from([True, False, None]))
    return case


@st.composite
def split_sides(draw: st.DrawFn, case: dict[str, Any]) -> dict[str, Any]:
    """The case with each limb region's signs dealt to left, right or the whole region."""
    out = json.loads(json.dumps(case))
    for region in LIMB_REGIONS:
        findings = out.get("regions", {}).get(region)
        if not findings:
            continue
        for kind in ("umn_signs", "lmn_signs"):
            signs = findings.pop(kind, [])
            kept = []
            for sign in signs:
                where = draw(st.sampled_from(["left", "right", "region"]))
                if where == "region":
                    kept.append(sign)
                else:
                    findings.setdefault(where, {}).setdefault(kind, []).append(sign)
            if kept:
                findings[kind] = kept
    return out


__all__ = ["fasciculations_only_cases", "reported_cases", "split_sides", "with_more_evidence"]
