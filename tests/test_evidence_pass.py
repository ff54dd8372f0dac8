"""The evidence pass sorts each muscle into its definitions' qualifying muscles as it reads
the case (regions/evidence.py: gather_evidence); every region's EMG must be the one its
definition's qualifying muscles give (`StudiedMuscle.qualifies`, the definition)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria import Case, Readings
from alscriteria.regions.evidence import _emg_by_definition, gather_evidence
from alscriteria.regions.masks import MuscleDefinition
from strategies import any_cases, emg_heavy_cases, examples, readings
from test_quick_masks import with_own_anatomy


@settings(max_examples=examples(400), deadline=None)
@given(st.one_of(any_cases, emg_heavy_cases(), with_own_anatomy()), readings)
def test_each_region_emg_is_its_qualifying_muscles_emg(case: dict[str, Any], rd: Readings) -> None:
    model = Case.model_validate(case)
    if model.registry_input:
        return  # summaries join the muscles' answer: tests/test_registry_input.py
    for facts in gather_evidence(model, rd).regions:
        by = {d: tuple(m for m in facts.studied if m.qualifies(d)) for d in MuscleDefinition}
        want = _emg_by_definition(
            facts.region,
            by[MuscleDefinition.EL_ESCORIAL],
            by[MuscleDefinition.AWAJI],
            rd.root_independence,
        )
        assert dict(facts.emg) == want
        for d in MuscleDefinition:
            assert facts.emg[d].qualifying == by[d]
