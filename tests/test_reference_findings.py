"""The reference evaluator's one-pass reading of a case (`findings`, what the benchmark's
yardstick runs) gives the same region sets as its clause-by-clause helpers, for every case
and every reading: the speed of the yardstick costs none of its plainness."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria.case.readings import Readings
from reference import (
    DEFAULT_READINGS,
    clinical_lmn_el_escorial,
    clinical_lmn_gold_coast,
    emg_regions,
    findings,
    umn_regions,
)
from strategies import any_cases, examples, readings


@settings(max_examples=examples(300))
@given(case=any_cases, rd=st.one_of(st.none(), readings))
def test_one_pass_findings_equal_the_clause_helpers(
    case: dict[str, Any], rd: Readings | None
) -> None:
    chosen = {**DEFAULT_READINGS, **(rd.model_dump() if rd else {})}
    f = findings(case, chosen)
    assert f.umn == umn_regions(case)
    assert f.lmn_el_escorial == clinical_lmn_el_escorial(case)
    assert f.lmn_gold_coast == clinical_lmn_gold_coast(case)
    assert f.emg_el_escorial == emg_regions(case, "el-escorial", chosen)
    assert f.emg_awaji == emg_regions(case, "awaji", chosen)
