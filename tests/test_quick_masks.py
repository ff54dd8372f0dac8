"""The verdicts' masks (regions/quick.py) are the masks of the full evidence pass.

Categories are decided from `quick_masks` and explained from `gather_evidence`; if the two
ever differed, a result would explain another category than the one it gives.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria import Case, Readings
from alscriteria.regions.evidence import gather_evidence
from alscriteria.regions.quick import quick_masks
from strategies import any_cases, cases, examples, muscle_keys, readings
from strategies.variants import reported_cases

#: Muscles outside the catalogue, each with one anatomy (a name has one: parse_case refuses
#: two), some sharing a nerve or roots with catalogue muscles of their region.
OWN_ANATOMY = (
    {"muscle": "custom_upper_a", "region": "cervical", "roots": ["C5", "C6"], "nerve": "axillary"},
    {"muscle": "custom_upper_b", "region": "cervical", "roots": ["C8"], "nerve": "Ulnar Nerve"},
    {"muscle": "custom_upper_c", "region": "cervical", "roots": ["C7"], "nerve": "radial"},
    {"muscle": "custom_lower_a", "region": "lumbosacral", "roots": ["L4"], "nerve": "femoral"},
    {"muscle": "custom_lower_b", "region": "lumbosacral", "roots": ["S1"], "nerve": "tibial"},
    {"muscle": "custom_trunk", "region": "thoracic", "roots": ["T8"], "nerve": "intercostal"},
    {"muscle": "custom_cranial", "region": "bulbar", "roots": ["CN12"], "nerve": "hypoglossal"},
)


@st.composite
def with_own_anatomy(draw: st.DrawFn) -> dict[str, Any]:
    """A case some of whose studies are of muscles outside the catalogue."""
    case = draw(cases(max_studies=10, muscles=muscle_keys))
    extra = []
    for _ in range(draw(st.integers(1, 6))):
        study = dict(draw(st.sampled_from(OWN_ANATOMY)))
        study["side"] = draw(st.sampled_from(["left", "right", None]))
        study["chronic_neurogenic_change"] = draw(st.booleans())
        study["fibrillation_potentials"] = draw(st.booleans())
        study["fasciculation_potentials"] = draw(st.booleans())
        extra.append(study)
    case["emg"] = [*case["emg"], *extra]
    return case


def _assert_same_masks(case: dict[str, Any], rd: Readings) -> None:
    model = Case.model_validate(case)
    quick = quick_masks(model, rd.root_independence, rd.accessory_muscles)
    if model.registry_input:
        assert quick is None  # registry input takes the full pass (its answers can be open)
        return
    assert quick == gather_evidence(model, rd).masks


@settings(max_examples=examples(600))
@given(any_cases, readings)
def test_the_quick_masks_are_the_evidence_masks(case: dict[str, Any], rd: Readings) -> None:
    _assert_same_masks(case, rd)


@settings(max_examples=examples(300))
@given(with_own_anatomy(), readings)
def test_muscles_outside_the_catalogue_count_alike(case: dict[str, Any], rd: Readings) -> None:
    _assert_same_masks(case, rd)


@settings(max_examples=examples(100))
@given(reported_cases(), readings)
def test_registry_input_takes_the_full_pass(case: dict[str, Any], rd: Readings) -> None:
    _assert_same_masks(case, rd)


def test_a_limb_side_counts_alone_and_the_accessory_reading_moves_a_muscle() -> None:
    """Worked by hand: two independent right-arm muscles make the cervical region and one
    limb positive; the trapezius is bulbar or cervical as the reading says (A.3.4)."""
    abnormal = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}
    case = Case.model_validate(
        {
            "emg": [
                {"muscle": "first_dorsal_interosseous", "side": "right", **abnormal},
                {"muscle": "biceps_brachii", "side": "right", **abnormal},
                {"muscle": "trapezius", "side": "left", **abnormal},
            ]
        }
    )
    bulbar = quick_masks(case, "disjoint", "bulbar")
    assert bulbar is not None
    assert bulbar.emg == (0b0011, 0b0011) and bulbar.emg_limbs == (1, 1)
    cervical = quick_masks(case, "disjoint", "cervical")
    assert cervical is not None
    assert cervical.emg == (0b0010, 0b0010) and cervical.emg_limbs == (1, 1)
