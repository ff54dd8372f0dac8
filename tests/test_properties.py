"""Hypothesis properties of evaluate/evaluate_all (DESIGN.md "Tests").

(a) differential against the independent reference evaluator (tests/reference.py),
(b) determinism, (c) order of findings does not matter, (d) more evidence never lowers a
category, (e) lossless JSON round trips, (f) the engine fires a rule iff the rule's Python
reading holds, (g) every shortfall belongs to the next category up or to the prerequisites.
"""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria import Assessment, Case, Readings
from alscriteria.criteria import CRITERIA
from alscriteria.regions.evidence import gather_evidence
from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.facts import gate_fact
from alscriteria.rules.rule import Fact, RulesetSpec
from reference import LADDERS, expected_gap_notes, reference
from strategies import (
    any_cases,
    cases,
    examples,
    readings,
)
from strategies.variants import with_more_evidence

#: No verdict memo, so every example really goes through durable_rules.
ENGINE = RuleEngine(memo_size=0)

CRITERIA_IDS = ("revised-el-escorial", "awaji", "gold-coast")


def _describe(case: dict[str, Any], rd: Readings | None) -> str:
    return f"case={case!r} readings={rd.model_dump() if rd else 'default'}"


# --- (a) differential ------------------------------------------------------------------


def _assert_agrees(case: dict[str, Any], rd: Readings | None) -> dict[str, Assessment]:
    got = alscriteria.evaluate_all(case, readings=rd, engine=ENGINE)
    want = reference(case, rd.model_dump() if rd else None)
    assert tuple(got) == CRITERIA_IDS
    for cid, assessment in got.items():
        have = (assessment.category.value, assessment.pattern_category.value)
        assert have == want[cid], f"{cid}: package {have} != reference {want[cid]}; " + _describe(
            case, rd
        )
        assert assessment.met == (assessment.category.value != "not-met")
    return got


@settings(max_examples=examples(2000))
@given(any_cases)
def test_agrees_with_reference_default_readings(case: dict[str, Any]) -> None:
    _assert_agrees(case, None)


_FIB = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}
#: The gap: UMN in one region, LMN only caudal to it (A.3.4 "residual-possible").
GAP = {
    "progression": True,
    "other_causes_excluded": True,
    "regions": {"bulbar": {"umn_signs": ["jaw_jerk"]}, "lumbosacral": {"lmn_signs": ["wasting"]}},
}
#: Myelopathy-like: LMN at the top, UMN below (A.3.4 "top-down" keeps it at Possible).
MYELOPATHY = {
    "progression": True,
    "other_causes_excluded": True,
    "regions": {
        "cervical": {"lmn_signs": ["weakness", "wasting"]},
        "thoracic": {"umn_signs": ["absent_abdominal_reflexes"]},
        "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness"]},
    },
}
#: EMG in two limbs on one side each (A.3.4 laboratory-supported "limbs").
LIMBS = {
    "progression": True,
    "other_causes_excluded": True,
    "regions": {"bulbar": {"umn_signs": ["jaw_jerk"]}},
    "emg": [
        {"muscle": "first_dorsal_interosseous", "side": "left", **_FIB},
        {"muscle": "biceps_brachii", "side": "right", **_FIB},
        {"muscle": "tibialis_anterior", "side": "left", **_FIB},
        {"muscle": "medial_gastrocnemius", "side": "left", **_FIB},
        {"muscle": "sternocleidomastoid", "side": "left", **_FIB},
    ],
}


@example(GAP, Readings())
@example(GAP, Readings(gap="unclassified"))
@example(MYELOPATHY, Readings(rostral="top-down"))
@example(LIMBS, Readings(lab_supported_emg="limbs"))
@example(LIMBS, Readings(accessory_muscles="cervical", root_independence="not-identical"))
@settings(max_examples=examples(1000))
@given(any_cases, readings)
def test_agrees_with_reference_any_readings(case: dict[str, Any], rd: Readings) -> None:
    got = _assert_agrees(case, rd)
    base = reference(case, rd.model_dump())
    for cid, assessment in got.items():
        # A.3.4: "Where another reading would change the category, the result says so."
        expected = {}
        for option, value, other in rd.alternatives():
            alt = reference(case, other.model_dump())[cid]
            if alt != base[cid]:
                expected[(option, value)] = alt
        listed = {
            (a.option, a.value): (a.category.value, a.pattern_category.value)
            for a in assessment.alternatives
        }
        assert listed == expected, f"{cid} alternatives; " + _describe(case, rd)
    # A.3.1.4: the trace must say when the residual reading was used (and A.3.4: when the
    # "unclassified" reading leaves the pattern uncovered)
    for cid, uncovered in expected_gap_notes(case, rd.model_dump()).items():
        note = "residual_possible_used" if rd.gap == "residual-possible" else "pattern_not_covered"
        assert (note in [n.code for n in got[cid].notes]) == uncovered, (
            f"{cid} notes; " + _describe(case, rd)
        )


# --- (b) determinism -------------------------------------------------------------------


@settings(max_examples=examples(150))
@given(cases(), readings)
def test_deterministic(case: dict[str, Any], rd: Readings) -> None:
    first = {k: a.model_dump() for k, a in alscriteria.evaluate_all(case, readings=rd).items()}
    second = {k: a.model_dump() for k, a in alscriteria.evaluate_all(case, readings=rd).items()}
    unmemoised = {
        k: a.model_dump()
        for k, a in alscriteria.evaluate_all(case, readings=rd, engine=ENGINE).items()
    }
    assert first == second == unmemoised


# --- (c) order of findings -------------------------------------------------------------


def _summary(assessment: Assessment) -> tuple[Any, ...]:
    return (
        assessment.category,
        assessment.pattern_category,
        [firing.rule for firing in assessment.trace],
        assessment.next_category,
        [s.model_dump() for s in assessment.missing],
        sorted(n.model_dump_json() for n in assessment.notes),
        [a.model_dump() for a in assessment.alternatives],
    )


@settings(max_examples=examples(300))
@given(cases(max_studies=10), readings, st.randoms(use_true_random=False))
def test_order_of_findings_does_not_matter(case: dict[str, Any], rd: Readings, rnd: Any) -> None:
    shuffled: dict[str, Any] = dict(case)
    regions = list(case["regions"].items())
    rnd.shuffle(regions)
    shuffled["regions"] = {}
    for region, findings in regions:
        moved = {}
        items = list(findings.items())
        rnd.shuffle(items)
        for key, values in items:
            values = list(values)
            rnd.shuffle(values)
            moved[key] = values
        shuffled["regions"][region] = moved
    emg = list(case["emg"])
    rnd.shuffle(emg)
    shuffled["emg"] = emg
    before = alscriteria.evaluate_all(case, readings=rd, engine=ENGINE)
    after = alscriteria.evaluate_all(shuffled, readings=rd, engine=ENGINE)
    for cid in CRITERIA_IDS:
        assert _summary(before[cid]) == _summary(after[cid]), cid


# --- (d) monotonicity ------------------------------------------------------------------


def _assert_not_lower(case: dict[str, Any], more: dict[str, Any], rd: Readings | None) -> None:
    before = alscriteria.evaluate_all(case, readings=rd, engine=ENGINE)
    after = alscriteria.evaluate_all(more, readings=rd, engine=ENGINE)
    for cid, ladder in LADDERS.items():
        for field in ("category", "pattern_category"):
            low = ladder.index(getattr(before[cid], field).value)
            high = ladder.index(getattr(after[cid], field).value)
            assert high >= low, f"{cid} {field} fell: {_describe(case, rd)} more={more!r}"


@settings(max_examples=examples(500))
@given(with_more_evidence())
def test_more_evidence_never_lowers_the_category(pair: tuple[dict, dict]) -> None:
    _assert_not_lower(*pair, None)


#: Every reading but "top-down" is monotone (A.3.4 says top-down is not, on purpose).
monotone_readings = readings.map(lambda r: r.model_copy(update={"rostral": "some-pair"}))


@settings(max_examples=examples(200))
@given(with_more_evidence(), monotone_readings)
def test_more_evidence_never_lowers_the_category_monotone_readings(
    pair: tuple[dict, dict], rd: Readings
) -> None:
    _assert_not_lower(*pair, rd)


# --- (e) JSON round trips --------------------------------------------------------------


@settings(max_examples=examples(150))
@given(cases(), readings)
def test_json_round_trip(case: dict[str, Any], rd: Readings) -> None:
    model = Case.model_validate(case)
    assert Case.model_validate_json(model.model_dump_json()) == model
    assert Case.model_validate(model.model_dump(mode="json")) == model
    for assessment in alscriteria.evaluate_all(model, readings=rd, engine=ENGINE).values():
        again = Assessment.model_validate_json(assessment.model_dump_json())
        assert again == assessment
        assert again.model_dump() == assessment.model_dump()


# --- (f) engine and Python reading of every rule agree ---------------------------------


class RecordingEngine(RuleEngine):
    """Records every rule id the engine reports through the on_fired hook."""

    def __init__(self) -> None:
        super().__init__(memo_size=0)
        self.seen: list[str] = []

    def on_fired(self, rule_id: str) -> None:
        self.seen.append(rule_id)
        super().on_fired(rule_id)


RECORDER = RecordingEngine()


@settings(max_examples=examples(400))
@given(any_cases, readings)
def test_engine_fires_exactly_the_rules_that_hold(case: dict[str, Any], rd: Readings) -> None:
    model = Case.model_validate(case)
    evidence = gather_evidence(model, rd)
    gate = gate_fact(model.progression, model.other_causes_excluded)
    assessments = alscriteria.evaluate_all(model, readings=rd, engine=ENGINE)
    for cid, cset in CRITERIA.items():
        holding = []
        asked: list[tuple[RulesetSpec, Fact]] = [
            (cset.gate_ruleset(), gate),
            (cset.ruleset(rd), cset.fact(evidence.masks, rd)),
        ]
        for spec, fact in asked:
            RECORDER.seen.clear()
            fired = RECORDER.fire(spec, fact)
            ids = {rule.id for rule in spec.rules}
            assert fired <= ids
            if RECORDER.backend != "python":
                assert set(RECORDER.seen) - ids == {f"{spec.name}.received"}
            assert set(RECORDER.seen) & ids == fired
            for rule in spec.rules:
                assert (rule.id in fired) == rule.holds(fact), f"{rule.id} on {fact}"
            holding += [rule.id for rule in spec.rules if rule.holds(fact)]
        assert sorted(f.rule for f in assessments[cid].trace) == sorted(holding)


# --- (g) shortfalls --------------------------------------------------------------------


@settings(max_examples=examples(400))
@given(any_cases, readings)
def test_missing_names_the_next_category_or_the_prerequisites(
    case: dict[str, Any], rd: Readings
) -> None:
    for cid, assessment in alscriteria.evaluate_all(case, readings=rd, engine=ENGINE).items():
        rules = {rule.id: rule for rule in CRITERIA[cid].rules(rd)}
        ladder = LADDERS[cid]
        pattern = ladder.index(assessment.pattern_category.value)
        upper = ladder[pattern + 1] if pattern + 1 < len(ladder) else None
        assert (assessment.next_category.value if assessment.next_category else None) == upper
        gate_shortfalls = False
        for shortfall in assessment.missing:
            rule = rules[shortfall.rule]
            assert shortfall.category == rule.category
            if rule.category is None:
                gate_shortfalls = True
                assert shortfall.rule == f"{cid}.prerequisites"
            else:
                assert shortfall.category == assessment.next_category, shortfall
        assert gate_shortfalls == (not assessment.prerequisites.met)
        if upper is not None:
            assert any(s.category == assessment.next_category for s in assessment.missing)


def _first_pair_by_definition(muscles: list[Any], rule: Any) -> tuple[Any, Any] | None:
    """The root-and-nerve rule's first pair, read straight off A.2 (every pair in order)."""
    from alscriteria.anatomy.independence import independent

    for i, first in enumerate(muscles):
        for second in muscles[i + 1 :]:
            if independent(first, second, rule):
                return first, second
    return None


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d"]),
            st.frozensets(st.sampled_from(["C5", "C6", "C7", "C8", "T1"]), min_size=1),
            st.sampled_from(["ulnar", "Ulnar Nerve", "median", "radial", "axillary"]),
        ),
        max_size=12,
    ),
    st.sampled_from(["disjoint", "not-identical"]),
)
@settings(max_examples=examples(400))
def test_the_grouped_pair_search_finds_the_pair_the_definition_finds(
    specs: list[tuple[str, frozenset[str], str]], rule: Any
) -> None:
    from types import SimpleNamespace

    from alscriteria.anatomy.independence import independent_pair

    muscles = [SimpleNamespace(key=k, roots=r, nerve=n) for k, r, n in specs]
    found = independent_pair(muscles, rule)
    want = _first_pair_by_definition(muscles, rule)
    # by identity: two records alike in every field are still two records
    assert [id(m) for m in found or ()] == [id(m) for m in want or ()]
