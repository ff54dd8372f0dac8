"""The plan's shortcuts equal their first ways (criteria.md A.4), for every case.

The muscles a region offers are pooled once for each pair of the contraindications they
read (anticoagulation, chest wall) and the case's studied muscles dropped after; the paths
of a case with no limb region barred on both sides are kept in the order they come; the
muscles over the lung are read from the cautions table once. Each is held here to the way
it was first written (tests/plan_helpers.py), on generated cases with every kind of
needling limit.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.regions import REGION_ORDER
from alscriteria.assess.context import CaseContext
from alscriteria.assess.explain import alternatives
from alscriteria.assess.plan.muscles import (
    cranial_second_look,
    region_of,
    unstudied_open_muscles,
)
from alscriteria.assess.plan.needling import chest_wall
from alscriteria.assess.plan.planning import _mark_barred
from alscriteria.assess.verdict import pattern_for
from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA
from alscriteria.regions.evidence import studied_muscle
from alscriteria.rules.engine import shared_engine
from plan_helpers import (
    chest_wall_by_definition,
    cranial_second_look_by_definition,
    mark_barred_by_definition,
    open_pool_by_definition,
)
from strategies import any_cases, examples, readings
from strategies.planning import planned_cases

_CASES = st.one_of(planned_cases(), any_cases)


@settings(max_examples=examples(300))
@given(case=_CASES, accessory=st.sampled_from(["bulbar", "cervical"]))
def test_the_open_muscles_are_those_allowed_and_sorted_by_demotion(
    case: dict[str, Any], accessory: str
) -> None:
    parsed = alscriteria.parse_case(case)
    studied = {s.muscle for s in parsed.emg}
    for region in REGION_ORDER:
        expected = open_pool_by_definition(region, accessory, parsed, studied)
        assert unstudied_open_muscles(region, accessory, parsed, studied) == expected
    assert cranial_second_look(parsed) == cranial_second_look_by_definition(parsed)


@settings(max_examples=examples(200))
@given(case=_CASES, rd=readings)
def test_paths_kept_in_order_where_nothing_is_barred_equal_marking_every_one(
    case: dict[str, Any], rd: Readings
) -> None:
    parsed = alscriteria.parse_case(case)
    engine = shared_engine()
    masks = CaseContext(parsed, engine).evidence(rd).masks
    for cset in CRITERIA.values():
        pattern = pattern_for(cset, rd, masks, engine)
        paths = alternatives.upgrades_of(cset, rd, masks, pattern, engine)
        got = _mark_barred(parsed, paths)
        assert got == mark_barred_by_definition(parsed, paths)
        assert [u.model_dump_json() for u in got] == [
            u.model_dump_json() for u in mark_barred_by_definition(parsed, paths)
        ]


@given(key=st.one_of(st.sampled_from(sorted(catalogue())), st.text(max_size=12)))
def test_the_muscles_over_the_lung_are_those_the_table_cautions(key: str) -> None:
    assert chest_wall(key) is chest_wall_by_definition(key)


@settings(max_examples=examples(300))
@given(case=_CASES, rd=readings)
def test_a_studys_region_is_that_of_the_evidence_pass_muscle(
    case: dict[str, Any], rd: Readings
) -> None:
    """The plan reads the region of each normal study (which limbs a spared muscle is in)
    without building the evidence pass's muscle: the same region, under every accessory
    reading, for catalogue muscles and those the case places itself."""
    parsed = alscriteria.parse_case(case)
    for study in parsed.emg:
        for accessory in ("bulbar", "cervical"):
            other = rd.model_copy(update={"accessory_muscles": accessory})
            assert region_of(study, other) is studied_muscle(study, accessory).region
