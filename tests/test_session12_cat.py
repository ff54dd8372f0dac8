"""Session 12, the categories path (issue 23): each criteria set's verdict kept by what its
rule fact reads of the masks, packed in one int (assess/verdict.py `SetVerdicts.key`).

The key is the fast path; `CriteriaSet.fact` is the definition. Masks with the same key
must have the same fact (else one case would take another's verdict), and the verdict kept
under it must be the one the set decides alone (test_session11_cat.py holds `verdicts_of`
against each set decided alone, case by case, with and without the engine memo).
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.context import CaseContext, prerequisites_of
from alscriteria.assess.verdict import SetVerdicts, verdicts_of
from alscriteria.case.model import parse_case, parse_noted, read_noted
from alscriteria.case.readings import DEFAULT_READINGS, Readings
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.base import unpacked
from alscriteria.errors import InvalidCaseError
from alscriteria.regions.evidence import gather_evidence
from alscriteria.regions.masks import EvidenceMasks
from alscriteria.regions.quick import noted_masks, ordinary_masks
from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.facts import rule_fact
from strategies import any_cases, examples, readings
from test_quick_masks import with_own_anatomy

SETS = tuple(CRITERIA.values())
_mask = st.integers(0, 15)
_limbs = st.integers(0, 2)
masks = st.builds(
    EvidenceMasks,
    _mask,
    _mask,
    _mask,
    st.tuples(_mask, _mask),
    st.tuples(_limbs, _limbs),
)


@settings(max_examples=examples(400), deadline=None)
@given(st.sampled_from(SETS), readings, masks, masks)
def test_the_packed_key_is_the_sets_fact(
    cset: Any, chosen: Readings, first: EvidenceMasks, second: EvidenceMasks
) -> None:
    """The key unpacks to the very masks and count the set's fact is made of, so two masks
    that share a key have the same fact (masks with the same fact may have keys of their own:
    a verdict is then kept twice, never given to another fact)."""
    table = SetVerdicts(cset, chosen)
    for found in (first, second):
        assert rule_fact(*unpacked(table.key(found))) == cset.fact(found, chosen)
    if table.key(first) == table.key(second):
        assert cset.fact(first, chosen) == cset.fact(second, chosen)


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(any_cases, min_size=2, max_size=6), readings)
def test_a_kept_verdict_is_each_cases_own(cases: list[dict[str, Any]], chosen: Readings) -> None:
    """Cases read one after another through one engine's tables get the verdicts a fresh
    engine without a memo gives each alone (a kept entry never answers for a case whose
    fact differs), and their results' categories are those."""
    engine = RuleEngine()
    for case in cases:
        parsed = parse_case(case)
        kept = verdicts_of(CaseContext(parsed, engine), SETS, chosen)
        alone = verdicts_of(CaseContext(parsed, RuleEngine(memo_size=0)), SETS, chosen)
        for mine, own in zip(kept, alone, strict=True):
            assert (mine.fact, mine.spec, mine.fired) == (own.fact, own.spec, own.fired)
            assert (mine.gate_open, mine.pattern, mine.category) == (
                own.gate_open,
                own.pattern,
                own.category,
            )
        results = alscriteria.evaluate_all(case, chosen, engine=engine)
        assert [a.category for a in results.values()] == [v.category for v in alone]


def test_the_tables_are_kept_per_choice_of_sets_and_readings() -> None:
    """One engine-memo entry a choice of sets and readings: another order of the sets, or
    other readings, has its own tables (each set's spec is its readings')."""
    engine = RuleEngine()
    case = parse_case({"regions": {"cervical": {"umn_signs": ["hoffmann"]}}})
    ctx = CaseContext(case, engine)
    forward = verdicts_of(ctx, SETS, DEFAULT_READINGS)
    backward = verdicts_of(CaseContext(case, engine), SETS[::-1], DEFAULT_READINGS)
    assert [v.spec for v in forward] == [v.spec for v in backward][::-1]
    other = Readings(lab_supported_emg="limbs")
    assert [v.spec for v in verdicts_of(CaseContext(case, engine), SETS, other)] == [
        cset.ruleset(other) for cset in SETS
    ]


@settings(max_examples=examples(120), deadline=None)
@given(any_cases, st.sampled_from([None, "L5 radiculopathy on MRI"]))
def test_each_results_models_are_built_as_the_definitions(
    case: dict[str, Any], diagnosis: str | None
) -> None:
    """The Assessments and their prerequisites, built in the evaluator's loop, are the models
    `Assessment.decided` and `prerequisites_of` build: the same fields in the same order and
    types, names given, no extra keys, the explanations in the private slot; and each
    result's prerequisites, their list and every set of names are its own."""
    if diagnosis is not None and case.get("other_causes_excluded") is not True:
        case = {**case, "alternative_diagnosis": diagnosis}
    parsed = parse_case(case)
    expected = prerequisites_of(parsed)
    results = list(alscriteria.evaluate_all(parsed).values())
    for result in results:
        found = result.prerequisites
        assert list(found.__dict__.items()) == list(expected.__dict__.items())
        for name, value in found.__dict__.items():
            assert type(value) is type(expected.__dict__[name]), name
        assert found.model_fields_set == expected.model_fields_set
        assert (found.__pydantic_extra__, found.__pydantic_private__) == (None, None)
        assert found.model_dump_json() == expected.model_dump_json()
        decided = Assessment.decided(
            result.__pydantic_private__["_explanations"], dict(result.__dict__)
        )
        assert list(result.__dict__) == list(decided.__dict__) == list(Assessment.model_fields)
        assert result.model_fields_set == decided.model_fields_set
        assert result.__pydantic_extra__ is None
        assert list(result.__pydantic_private__) == ["_explanations"]
    for one, other in combinations(results, 2):
        assert one.prerequisites is not other.prerequisites
        assert one.prerequisites.missing is not other.prerequisites.missing
        assert one.prerequisites.model_fields_set is not other.prerequisites.model_fields_set
        assert one.model_fields_set is not other.model_fields_set
        assert one.__dict__ is not other.__dict__


# --- the reader's notes: the masks made on the reader's one pass ---------------------------


def _assert_noted_masks_are_the_cases(case: dict[str, Any], chosen: Readings) -> None:
    """What the reader noted of a case it read gives the masks the Case gives
    (`ordinary_masks`) and the full evidence pass gives; the case is the one `parse_case`
    reads; the accessory muscle it noted is the one the case's records name."""
    read = read_noted(case)
    if read is None:  # declined: validation reads it, and the masks come from the Case
        if _valid(case):
            assert parse_noted(case)[1] is None
        return
    parsed, noted = read
    assert parsed == parse_case(case)
    assert noted.accessory == any(s.muscle in ACCESSORY_MUSCLES for s in parsed.emg)
    rule, muscles = chosen.root_independence, chosen.accessory_muscles
    if parsed.registry_input:
        return  # the full pass reads it (its answers can be open)
    found = noted_masks(noted, rule, muscles)
    assert found == ordinary_masks(parsed, rule, muscles)
    assert found == gather_evidence(parsed, chosen).masks
    ctx = CaseContext(parsed, RuleEngine(), noted)
    assert ctx.masks(chosen) == found
    assert (
        ctx.evidence_varies_with_readings
        == CaseContext(parsed, RuleEngine()).evidence_varies_with_readings
    )


def _valid(case: dict[str, Any]) -> bool:
    try:
        parse_case(case)
    except InvalidCaseError:
        return False
    return True


@settings(max_examples=examples(600), deadline=None)
@given(any_cases, readings)
def test_the_noted_masks_are_the_cases(case: dict[str, Any], chosen: Readings) -> None:
    _assert_noted_masks_are_the_cases(case, chosen)


@settings(max_examples=examples(300), deadline=None)
@given(with_own_anatomy(), readings)
def test_the_noted_masks_of_muscles_with_their_own_anatomy(
    case: dict[str, Any], chosen: Readings
) -> None:
    _assert_noted_masks_are_the_cases(case, chosen)


@settings(max_examples=examples(200), deadline=None)
@given(any_cases, readings, st.booleans())
def test_a_result_read_from_notes_is_the_result_of_the_case(
    case: dict[str, Any], chosen: Readings, memo: bool
) -> None:
    """Evaluated from the dict (read with notes) and from the Case (masks from the Case),
    the results are the same in category and in every byte of JSON."""
    try:
        parsed = parse_case(case)
    except InvalidCaseError:
        return
    engine = RuleEngine() if memo else RuleEngine(memo_size=0)
    from_dict = alscriteria.evaluate_all(case, chosen, engine=engine)
    from_case = alscriteria.evaluate_all(parsed, chosen, engine=RuleEngine(memo_size=0))
    assert [a.category for a in from_dict.values()] == [a.category for a in from_case.values()]
    assert [a.model_dump_json() for a in from_dict.values()] == [
        a.model_dump_json() for a in from_case.values()
    ]


def test_no_two_patients_share_the_names_their_results_were_given() -> None:
    """The names of the fields given (`model_fields_set`, a set a caller can change) are each
    result's own across patients too, not the set laid out once beside the verdicts: the
    same case twice, through one engine, gives results with sets of their own, and a caller
    that changes one changes neither the next patient's nor the layout kept."""
    case = {"progression": True, "regions": {"cervical": {"umn_signs": ["hoffmann"]}}}
    engine = RuleEngine()
    first = alscriteria.evaluate_all(case, engine=engine)
    second = alscriteria.evaluate_all(case, engine=engine)
    for name in first:
        one, other = first[name], second[name]
        assert one.model_fields_set is not other.model_fields_set
        assert one.prerequisites.model_fields_set is not other.prerequisites.model_fields_set
        assert one.prerequisites.missing is not other.prerequisites.missing
        one.model_fields_set.add("changed")
        one.prerequisites.model_fields_set.add("changed")
        one.prerequisites.missing.append("changed")
    third = alscriteria.evaluate_all(case, engine=engine)
    for result in third.values():
        assert "changed" not in result.model_fields_set
        assert "changed" not in result.prerequisites.model_fields_set
        assert "changed" not in result.prerequisites.missing
