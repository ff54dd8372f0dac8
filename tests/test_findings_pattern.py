"""The pattern of the findings (assess/pattern.py): read from an ordinary case alone it is the
pattern read from the full evidence, and the red flags and phenotype worded once for every
case with a pattern are those made afresh from the case's own evidence.

A cohort row reads the red flags and the phenotype without gathering the evidence
(`quick_pattern`); if the quick pattern ever differed from the evidence's, a row would
carry other flags than the full result of the same case.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

import alscriteria
from alscriteria import Case, Readings
from alscriteria.assess.context import CaseContext
from alscriteria.assess.models.advice import Phenotype, PlanItem
from alscriteria.assess.pattern import pattern_of, quick_pattern
from alscriteria.assess.phenotype import motor_phenotype, phenotype_key, unexamined_regions
from alscriteria.assess.red_flags import (
    any_conduction_finding,
    bulbar_examined,
    conduction_flags,
    flags_key,
    red_flags,
    treatable_mimic_findings,
)
from alscriteria.assess.red_flags import flags_of_pattern as red_flags_of
from alscriteria.errors import InvalidCaseError
from alscriteria.regions.evidence import gather_evidence
from alscriteria.regions.quick import quick_masks
from alscriteria.rules.engine import RuleEngine, shared_engine
from strategies import any_cases, examples, readings
from strategies.variants import reported_cases
from test_explain_shared import registry_cases
from test_quick_masks import with_own_anatomy

FLAGS = TypeAdapter(list[PlanItem])
PHENOTYPE = TypeAdapter(Phenotype)

#: Bulbar regions resting on the accessory-nerve muscles (or not) under both readings.
ACCESSORY = ("trapezius", "sternocleidomastoid", "tongue", "masseter")


@st.composite
def accessory_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A case whose needle studies include the trapezius or sternocleidomastoid."""
    case = draw(any_cases)
    extra = []
    for _ in range(draw(st.integers(1, 4))):
        extra.append(
            {
                "muscle": draw(st.sampled_from(ACCESSORY)),
                "side": draw(st.sampled_from(["left", "right"])),
                "chronic_neurogenic_change": draw(st.booleans()),
                "fibrillation_potentials": draw(st.booleans()),
                "fasciculation_potentials": draw(st.booleans()),
            }
        )
    case["emg"] = [*case["emg"], *extra]
    return case


@st.composite
def conduction_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A case with nerve conduction findings, each alone or together (B.4.1)."""
    case = draw(any_cases)
    blocks = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "nerve": st.sampled_from(["ulnar", "median"]),
                    "segment": st.sampled_from(["forearm", "elbow"]),
                    "at_entrapment_site": st.booleans(),
                }
            ),
            max_size=2,
        )
    )
    case["nerve_conduction"] = {
        "conduction_block": blocks,
        "demyelinating_slowing": draw(st.booleans()),
        "abnormal_sensory": draw(st.sampled_from(["none", "mild", "marked"])),
    }
    return case


ordinary = st.one_of(
    any_cases, with_own_anatomy(), accessory_cases(), conduction_cases(), reported_cases()
)
everything = st.one_of(ordinary, registry_cases())


def _parsed(case: dict[str, Any]) -> Case:
    try:
        return alscriteria.parse_case(case)
    except InvalidCaseError:
        assume(False)  # a generated registry case written against the rules
        raise


@settings(max_examples=examples(600), deadline=None)
@given(everything, readings)
def test_the_quick_pattern_is_the_evidence_pattern(case: dict[str, Any], rd: Readings) -> None:
    model = _parsed(case)
    masks = quick_masks(model, rd.root_independence, rd.accessory_muscles)
    if model.registry_input:
        assert masks is None
        assert quick_pattern(model, rd.accessory_muscles, gather_evidence(model, rd).masks) is None
        return
    assert masks is not None
    assert quick_pattern(model, rd.accessory_muscles, masks) == pattern_of(
        gather_evidence(model, rd)
    )


@settings(max_examples=examples(400), deadline=None)
@given(everything, readings)
def test_kept_flags_and_phenotype_are_those_made_afresh(case: dict[str, Any], rd: Readings) -> None:
    """Read through a context (the quick pattern, the engine memo's words) or read from the
    case's gathered evidence without either, the red flags and the phenotype are the same,
    with a memo or without, the evidence gathered first or not."""
    model = _parsed(case)
    evidence = gather_evidence(model, rd)
    want_flags = FLAGS.dump_json(red_flags(model, evidence))
    alternative = model.alternative_diagnosis is not None
    want_phenotype = PHENOTYPE.dump_json(
        motor_phenotype(
            evidence,
            alternative=alternative,
            excluded=model.other_causes_excluded is True,
            unexamined=unexamined_regions(model),
            mimic=bool(treatable_mimic_findings(model)),
        )
    )
    for engine in (shared_engine(), RuleEngine(memo_size=0)):
        for gathered_first in (False, True):
            ctx = CaseContext(model, engine)
            if gathered_first:
                ctx.evidence(rd)
            pattern = ctx.pattern(rd)
            assert FLAGS.dump_json(ctx.warnings(pattern)) == want_flags
            assert PHENOTYPE.dump_json(ctx.phenotype(pattern)) == want_phenotype
            assert FLAGS.dump_json(ctx.warnings(evidence)) == want_flags
            assert PHENOTYPE.dump_json(ctx.phenotype(evidence)) == want_phenotype


def test_a_row_reads_the_red_flags_and_the_phenotype_without_the_evidence_pass() -> None:
    """An ordinary case's batch row (categories, red flags, phenotype) gathers no evidence;
    a registry case's needs it (its answers can be open)."""
    ordinary_case = {
        "regions": {"cervical": {"lmn_signs": ["weakness", "wasting"]}},
        "emg": [
            {"muscle": "first_dorsal_interosseous", "side": "left", "fibrillation_potentials": True}
        ],
    }
    registry_case = {"regions": {"cervical": {"lmn": True}}}
    for case, gathered in ((ordinary_case, False), (registry_case, True)):
        results = alscriteria.evaluate_all(case)
        first = next(iter(results.values()))
        assert first.warnings and first.phenotype.code
        ctx = first._explained().ctx  # type: ignore[attr-defined]
        assert bool(ctx._evidence) is gathered


@settings(max_examples=examples(300), deadline=None)
@given(everything, readings)
def test_a_case_without_conduction_findings_raises_no_conduction_flag(
    case: dict[str, Any], rd: Readings
) -> None:
    """red_flags skips the conduction flags where `any_conduction_finding` says there is
    nothing for them to read: they would raise none."""
    model = _parsed(case)
    pattern = pattern_of(gather_evidence(model, rd))
    if not any_conduction_finding(model):
        assert conduction_flags(model, pattern) == []
    if model.alternative_diagnosis is None:
        assert red_flags(model, pattern) == [
            *conduction_flags(model, pattern),
            *red_flags_of(pattern, bulbar_examined=bulbar_examined(model)),
        ]


def test_a_conduction_block_alone_is_a_conduction_finding() -> None:
    """Each finding alone raises its flag (the skip must not miss one)."""
    for ncs in (
        {"conduction_block": [{"nerve": "ulnar", "segment": "forearm"}]},
        {"demyelinating_slowing": True},
        {"abnormal_sensory": "mild"},
    ):
        model = alscriteria.parse_case({"nerve_conduction": ncs})
        assert any_conduction_finding(model)
        assert red_flags(model, gather_evidence(model, Readings()))


@settings(max_examples=examples(400), deadline=None)
@given(everything, readings)
def test_the_keys_read_what_the_flags_and_the_phenotype_read(
    case: dict[str, Any], rd: Readings
) -> None:
    """The red flags and the phenotype are kept under a key that empties what they do not
    read (`flags_key`, `phenotype_key`): each made from its key is the one made from the
    whole pattern, with and without another cause recorded."""
    model = _parsed(case)
    pattern = pattern_of(gather_evidence(model, rd))
    flags = FLAGS.dump_json(red_flags_of(pattern))
    assert FLAGS.dump_json(red_flags_of(flags_key(pattern))) == flags
    unexamined = unexamined_regions(model)
    for alternative, excluded in itertools.product((False, True), repeat=2):
        asked = {
            "alternative": alternative,
            "excluded": excluded,
            "unexamined": unexamined,
            "mimic": bool(treatable_mimic_findings(model)),
        }
        want = PHENOTYPE.dump_json(motor_phenotype(pattern, **asked))
        got = motor_phenotype(phenotype_key(pattern), **asked)
        assert PHENOTYPE.dump_json(got) == want
