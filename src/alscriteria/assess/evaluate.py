"""From a case to Assessments: the public `evaluate` and `evaluate_all`.

One evidence pass serves every criteria set: each turns the shared region masks into one
rule fact, the engine says which rules fire (and, apart, whether the prerequisites gate
opens), and the ladder gives the category. That much is done at once. The explanations,
and the same question asked under every other reading of A.3.4 (so the result can say where
the literature's disagreements would change the answer), are built when first read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from alscriteria.assess.assessment import Assessment, EngineInfo, Prerequisites
from alscriteria.assess.context import CaseContext
from alscriteria.assess.explain.explainer import Explainer
from alscriteria.assess.explain.undecided import undecided_of
from alscriteria.assess.verdict import decided_of, pattern_for
from alscriteria.built import new_model, set_extra, set_fields, set_given, set_private
from alscriteria.case.model import Case, parse_noted
from alscriteria.case.readings import DEFAULT_READINGS, Readings, readings_from
from alscriteria.criteria import CRITERIA, CriteriaSet, criteria_set
from alscriteria.criteria.category import Category
from alscriteria.rules.engine import RuleEngine, shared_engine
from alscriteria.version import RULES_VERSION, __version__
from alscriteria.voice import voice


def _assessments(
    ctx: CaseContext, sets: tuple[CriteriaSet, ...], readings: Readings, plan: bool
) -> dict[str, Assessment]:
    """Each set's Assessment, keyed by id in the order given: its category decided now and
    its explanations when first read. What is the same for every set of the case (the
    verdicts' masks, the laid-out fields of these readings and engine, the case's id,
    whether its summaries leave an answer open) is read once."""
    verdicts, tables = decided_of(ctx, sets, readings)
    case_id = ctx.case.id
    anything_open = ctx.anything_open(readings)
    # CaseContext.prerequisites' layout: each result takes a model, list and names of its own
    own_fields, missing, own_given = ctx.prerequisites_laid()
    found = {}
    for cset, verdict, table in zip(sets, verdicts, tables, strict=True):
        # the fields the set, readings, categories and engine give, laid out once beside the
        # set's verdicts (kept for these readings in this engine's memo), by the pattern
        pattern = verdict.pattern
        laid = table.laid_open if verdict.gate_open else table.laid_closed
        template: _Template | None = laid.get(pattern)
        if template is None:
            template = laid[pattern] = _decided_fields(
                cset, readings, pattern, verdict.category, ctx.engine_info
            )
        fields, given = template
        values = fields.copy()
        # built(Prerequisites, ...) and Assessment.decided, written out: they run for every
        # set of every case, and a call a model was a tenth of the categories' time
        prerequisites_fields = own_fields.copy()
        prerequisites_fields["missing"] = list(missing)
        prerequisites = new_model(Prerequisites)
        set_fields(prerequisites, prerequisites_fields)
        set_given(prerequisites, own_given.copy())
        set_extra(prerequisites, None)
        set_private(prerequisites, None)
        values["prerequisites"] = prerequisites
        private: dict[str, Any] = {"_explanations": Explainer(ctx, cset, readings, verdict, plan)}
        if anything_open:
            values["undecided"] = undecided_of(ctx, cset, readings, verdict)
            if values["undecided"] is not None:  # worded now: by which voice (Assessment.decided)
                private["_undecided_by"] = voice()
        values["case_id"] = case_id
        assessment = new_model(Assessment)
        set_fields(assessment, values)
        set_given(assessment, given.copy())
        set_extra(assessment, None)
        set_private(assessment, private)
        found[cset.id] = assessment
    return found


#: The fields an Assessment takes from its criteria set, readings, categories and engine
#: alone, in the order the model declares them (the rest are set per case): the same few
#: for every case of a cohort, so they are laid out once, beside the set's verdicts for
#: these readings in the engine's memo (verdict.py `SetVerdicts`). Beside the fields, the
#: set of their names that every Assessment is given (each takes a copy of its own).
_Template = tuple[dict[str, Any], set[str]]


def _decided_fields(
    cset: CriteriaSet, readings: Readings, pattern: Category, category: Category, engine: EngineInfo
) -> _Template:
    fields = {
        "criteria": cset.id,
        "title": cset.title,
        "citation": cset.citation,
        "category": category,
        "met": category is not Category.NOT_MET,
        "pattern_category": pattern,
        "prerequisites": None,
        "next_category": cset.above(pattern),
        "readings": readings,
        "engine": engine,
        "rules_version": RULES_VERSION,
        "package_version": __version__,
        "undecided": None,
        "case_id": None,
    }
    return fields, set(fields)


def evaluate(
    case: Case | Mapping[str, Any],
    criteria: str = "awaji",
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    plan: bool = False,
    engine: RuleEngine | None = None,
) -> Assessment:
    """Assess one case under one criteria set (ids: revised-el-escorial, awaji, gold-coast).

    Without `criteria` the set is Awaji-shima (the one most EMG laboratories report); name
    it to be explicit. `a.plan` is None unless `plan=True` (the plan costs about as much
    again as everything else, so it is left out unless asked for; the CLI's `evaluate`,
    `timeline` and `report` ask for it, `batch` only with `--plan`, and `evaluate_history`
    by default). Explanations and the plan are built when first read, so a caller that
    reads only the category pays only for the category. `engine` chooses who decides
    (`RuleEngine(backend="durable")` insists on durable_rules); by default the process's
    shared engine, `engine_in_use()`.
    """
    cset = criteria_set(criteria)
    chosen = readings_from(dict(readings) if isinstance(readings, Mapping) else readings)
    parsed, noted = parse_noted(case)
    ctx = CaseContext(parsed, engine or shared_engine(), noted)
    return _assessments(ctx, (cset,), chosen, plan)[cset.id]


def evaluate_all(
    case: Case | Mapping[str, Any],
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    criteria: tuple[str, ...] | None = None,
    plan: bool = False,
    engine: RuleEngine | None = None,
) -> dict[str, Assessment]:
    """Assess one case under every criteria set (or those named in `criteria`), keyed by id
    in the registry's order. `plan` and `engine` as for `evaluate`: no plan unless asked."""
    if readings is None:  # what readings_from gives, without asking what kind of thing it is
        chosen = DEFAULT_READINGS
    else:
        chosen = readings_from(dict(readings) if isinstance(readings, Mapping) else readings)
    if isinstance(criteria, str):  # one id, not a sequence of its letters
        criteria = (criteria,)
    sets = tuple([criteria_set(c) for c in criteria]) if criteria else _EVERY_SET
    parsed, noted = parse_noted(case)
    ctx = CaseContext(parsed, engine or shared_engine(), noted)
    return _assessments(ctx, sets, chosen, plan)


#: Every criteria set, in the registry's order (the registry is a read-only mapping).
_EVERY_SET = tuple(CRITERIA.values())


__all__ = ["evaluate", "evaluate_all", "pattern_for"]
