"""What the explanations share between criteria sets and cases equals what each would
build alone: every fast path against the definitional one, for generated cases and readings."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from pydantic import TypeAdapter

import alscriteria
from alscriteria.assess.context import CaseContext
from alscriteria.assess.explain.alternatives import EVIDENCE_READINGS, alternative_readings
from alscriteria.assess.explain.explainer import Explainer
from alscriteria.assess.explain.trace import build_trace
from alscriteria.assess.models.explanations import RuleFiring
from alscriteria.assess.verdict import verdict_of
from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.base import RULE_READINGS
from alscriteria.rules.engine import RuleEngine, shared_engine
from strategies import any_cases, emg_heavy_cases, examples, readings

TRACE = TypeAdapter(list[RuleFiring])


def test_the_evidence_readings_follow_the_rule_readings() -> None:
    """The alternatives join the rule readings' answer and the evidence readings' in this
    order, which is Readings' own."""
    assert tuple(Readings.model_fields) == RULE_READINGS + EVIDENCE_READINGS


def _explainers(case: dict[str, Any], rd: Readings, engine: RuleEngine) -> list[Explainer]:
    ctx = CaseContext(alscriteria.parse_case(case), engine)
    return [Explainer(ctx, c, rd, verdict_of(ctx, c, rd), False) for c in CRITERIA.values()]


def _every_reading_asked(explainer: Explainer) -> Any:
    """The definition: each single change of reading asked of this case's own evidence."""
    ctx = explainer.ctx
    return alternative_readings(
        explainer.cset,
        explainer.readings,
        explainer.verdict,
        lambda r: ctx.evidence(r).masks,
        ctx.engine,
    )


@settings(max_examples=examples(300), deadline=None)
@given(case=any_cases, rd=readings)
def test_alternatives_equal_every_reading_asked_of_the_case(
    case: dict[str, Any], rd: Readings
) -> None:
    for engine in (shared_engine(), RuleEngine(memo_size=0)):
        for explainer in _explainers(case, rd, engine):
            assert explainer.alternatives() == _every_reading_asked(explainer)


@settings(max_examples=examples(300), deadline=None)
@given(case=emg_heavy_cases(), rd=readings)
def test_alternatives_equal_where_the_evidence_varies(case: dict[str, Any], rd: Readings) -> None:
    """Cases whose evidence changes with a reading (two qualifying muscles in a limb, or an
    accessory muscle): the rule readings' answer is shared, the evidence readings' asked."""
    for explainer in _explainers(case, rd, shared_engine()):
        assert explainer.alternatives() == _every_reading_asked(explainer)


def _trace_alone(explainer: Explainer) -> Any:
    """The definition: the trace with every region's findings built for this set alone."""
    cset, verdict = explainer.cset, explainer.verdict
    evidence = verdict.evidence
    fired = (cset.gate, *verdict.fired) if verdict.gate_open else verdict.fired
    return build_trace(
        fired,
        evidence,
        cset.umn_regions(evidence),
        cset.lmn_regions(evidence),
        {r.region: r.emg[cset.muscle_definition] for r in evidence.regions},
        cset.emg_counts_as_lmn,
    )


@settings(max_examples=examples(300), deadline=None)
@given(case=any_cases, rd=readings)
def test_shared_trace_equals_each_sets_own(case: dict[str, Any], rd: Readings) -> None:
    """A region's findings under a fired rule are built once a case and shared by the
    criteria sets that count the same EMG; each trace equals the one built alone."""
    for explainer in _explainers(case, rd, shared_engine()):
        shared, alone = explainer.trace(), _trace_alone(explainer)
        assert shared == alone
        assert TRACE.dump_json(shared) == TRACE.dump_json(alone)
