"""Strategies for cases with needling limits, for the repeat-testing planner's tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from strategies import cases

LIMB_SITES = st.lists(
    st.fixed_dictionaries(
        {
            "region": st.sampled_from(["cervical", "lumbosacral"]),
            "side": st.sampled_from(["left", "right"]),
        }
    ),
    max_size=2,
)


CONTRAINDICATIONS = st.fixed_dictionaries(
    {
        "anticoagulated": st.booleans(),
        "lymphedema": LIMB_SITES,
        "skin_infection": LIMB_SITES,
        "cardiac_device_side": st.sampled_from([None, "left", "right"]),
        "chest_wall_concerns": st.booleans(),
    }
)


@st.composite
def planned_cases(draw: st.DrawFn) -> dict[str, Any]:
    case = draw(cases(max_studies=5))
    case["contraindications"] = draw(CONTRAINDICATIONS)
    return case


__all__ = ["CONTRAINDICATIONS", "LIMB_SITES", "planned_cases"]
