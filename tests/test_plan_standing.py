"""What the plan reads of the case alone (plan/situations.py `standing`: the situation where
the case decides it, whether a first study is due, a UMN-only picture, a needle study, a
mimic conflicting with a completed exclusion) is read once a case and shared by the three
criteria sets' plans. Each plan must be the one built with the case read again for it alone,
for every case, reading and set of needling limits.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria import Readings
from alscriteria.assess.models.pieces import model_json
from alscriteria.assess.plan.planning import make_plan
from alscriteria.assess.plan.situations import reason_of, situation, standing
from strategies import any_cases, examples, readings
from strategies.planning import planned_cases


@settings(max_examples=examples(150), deadline=None)
@given(st.one_of(any_cases, planned_cases()), readings)
def test_each_plan_equals_the_plan_built_alone(case: dict[str, Any], chosen: Readings) -> None:
    results = alscriteria.evaluate_all(case, chosen, plan=True)
    for result in results.values():
        explainer = result._explained()
        inputs = explainer._plan_inputs()
        shared = inputs[-1]
        assert shared is not None
        alone = make_plan(*inputs[:-1])  # the case read again, for this set alone
        plan = result.plan
        assert plan is not None
        assert model_json(alone) == model_json(plan)
        # the shared standing is this set's own reading of the case
        case_model, cset, _, evidence, pattern = inputs[:5]
        assert shared == standing(case_model, evidence)
        assert reason_of(shared.reason, cset, pattern) == situation(
            case_model, cset, pattern, evidence
        )
