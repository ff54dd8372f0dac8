"""A cohort row's codes (assess/row_codes.py): the red flags' codes and the phenotype's code,
read without the worded models, are those of the Assessment's own fields for every case and
reading, with the engine memo warm or without one, and whatever was read before.

If the codes' keys read less than the flags or the phenotype do, two cases alike under the
key would share a row's codes they do not share; the memo is shared across examples here
(the process's engine), so such a pair makes this test fail.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria import Readings
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.row_codes import row_codes
from alscriteria.errors import InvalidCaseError
from alscriteria.rules.engine import RuleEngine, shared_engine
from strategies import examples, readings
from test_findings_pattern import everything, ordinary

#: What a row read before its codes: nothing, the red flags, the phenotype, or both.
READ_FIRST = st.sampled_from([(), ("warnings",), ("phenotype",), ("warnings", "phenotype")])


def _codes_of_fields(a: Assessment) -> tuple[list[str], str]:
    return [w.code for w in a.warnings], a.phenotype.code


def _results(case: dict[str, Any], rd: Readings, engine: RuleEngine) -> dict[str, Assessment]:
    try:
        return alscriteria.evaluate_all(case, rd, engine=engine)
    except InvalidCaseError:  # a generated registry case written against the rules
        return {}


@settings(max_examples=examples(500), deadline=None)
@given(everything, readings, READ_FIRST, st.booleans())
def test_a_rows_codes_are_those_of_the_assessment(
    case: dict[str, Any], rd: Readings, read_first: tuple[str, ...], memo: bool
) -> None:
    engine = shared_engine() if memo else RuleEngine(memo_size=0)
    results = _results(case, rd, engine)
    if not results:
        return
    want = _codes_of_fields(next(iter(_results(case, rd, engine).values())))
    for a in results.values():
        for name in read_first:
            getattr(a, name)
        assert row_codes(a) == want
        assert _codes_of_fields(a) == want  # reading the codes changed no field


def test_a_loaded_assessment_gives_its_own_codes() -> None:
    """An Assessment loaded from JSON has no context: its stored fields give the codes."""
    case = {
        "regions": {"cervical": {"lmn_signs": ["weakness"]}},
        "nerve_conduction": {"abnormal_sensory": "mild"},
    }
    a = alscriteria.evaluate(case)
    loaded = Assessment.model_validate_json(a.model_dump_json())
    assert row_codes(loaded) == row_codes(a) == _codes_of_fields(a)
    assert row_codes(a)[0] == ["sensory_abnormality_mild", "consider_flail_arm_mimics"]


def test_the_codes_are_the_callers_own() -> None:
    """Changing one row's list of codes changes no other row's (the memo keeps a tuple)."""
    case = {"regions": {"lumbosacral": {"lmn_signs": ["weakness", "wasting"]}}}
    first = row_codes(alscriteria.evaluate(case))[0]
    first.append("changed")
    assert row_codes(alscriteria.evaluate(case))[0] == ["consider_lumbosacral_imaging"]


@st.composite
def siblings(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A case and variants of it that differ in one finding each (a region's UMN or LMN
    signs gone, a needle study gone or a finding of it turned): patterns alike in all but a
    field or two, which a key that left out what the codes read would make share codes."""
    base = draw(ordinary)
    family = [base]
    for _ in range(draw(st.integers(1, 5))):
        variant = copy.deepcopy(base)
        regions = sorted(variant.get("regions", {}))
        studies = variant.get("emg", [])
        change = draw(st.sampled_from(["umn", "lmn", "drop study", "turn finding"]))
        if change in ("umn", "lmn") and regions:
            region = variant["regions"][draw(st.sampled_from(regions))]
            region[f"{change}_signs"] = []
        elif change == "drop study" and studies:
            studies.pop(draw(st.integers(0, len(studies) - 1)))
        elif studies:
            study = studies[draw(st.integers(0, len(studies) - 1))]
            finding = draw(
                st.sampled_from(
                    [
                        "fibrillation_potentials",
                        "positive_sharp_waves",
                        "fasciculation_potentials",
                        "chronic_neurogenic_change",
                    ]
                )
            )
            study[finding] = not study.get(finding, False)
        family.append(variant)
    return family


@settings(max_examples=examples(300), deadline=None)
@given(siblings(), readings)
def test_cases_alike_but_for_a_finding_share_no_codes_they_do_not_have(
    family: list[dict[str, Any]], rd: Readings
) -> None:
    """One engine, its memo kept across the family: each case's codes are its own."""
    engine = RuleEngine()
    for case in family:
        results = _results(case, rd, engine)
        if not results:
            continue
        want = _codes_of_fields(next(iter(_results(case, rd, RuleEngine(memo_size=0)).values())))
        assert row_codes(next(iter(results.values()))) == want
