"""Notes beside a result: what a rule lacks, and what the muscles studied add or take away."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alscriteria.anatomy.catalogue import muscle_label
from alscriteria.anatomy.independence import RootRule
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.assess.models.base import WordValue, unvalidated
from alscriteria.assess.models.explanations import Note, Shortfall
from alscriteria.criteria import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import CaseEvidence, MuscleDefinition, StudiedMuscle
from alscriteria.rules.rule import FactValue, GateFact, Rule, RuleFact, RulesetSpec


def region_name(index: FactValue | None) -> str | None:
    """A fact's region index as the region's name; None for an empty set's sentinel."""
    if isinstance(index, int) and 0 <= index < len(REGION_ORDER):
        return REGION_ORDER[index].value
    return None


def unmet(rule: Rule, fact: Any) -> list[Shortfall]:
    """Unmet requirements; a comparison of two regions reports their names, not indices."""
    out = []
    for req in rule.requirements:
        if req.holds(fact):
            continue
        have: FactValue | None = req.have(fact)
        need: FactValue | None = req.need(fact)
        if req.other is not None:
            have, need = region_name(have), region_name(need)
        values: dict[str, object] = {
            "rule": rule.id,
            "category": Category(rule.category) if rule.category else None,
            "code": req.code,
            "have": have,
            "need": need,
        }
        # a count, a code or nothing is what validation keeps as it is; anything else (a
        # bool would become an int) is validated
        plain = type(have) in _AS_IS and type(need) in _AS_IS
        out.append(unvalidated(Shortfall, values) if plain else Shortfall.model_validate(values))
    return out


_AS_IS = (int, str, type(None))


def make_note(
    code: str,
    regions: list[Region] | None = None,
    muscles: list[str] | None = None,
    **values: WordValue,
) -> Note:
    """A note: its code, the regions and muscles (keys) it names, and any other value its
    words name (`values`, codes: e.g. the reading that picks its wording)."""
    regions = regions or []
    muscles = sorted(set(muscles or []))  # findings are sets: any order gives the same note
    return Note.said(code=code, regions=regions, muscles=muscles, values=values)


def named_note(
    code: str, regions: list[Region], muscles: list[StudiedMuscle], **values: WordValue
) -> Note:
    """A note whose words name the muscles as the clinic does ("Trapezius (upper) (right)",
    wording/notes.py: NOTES_NAMING_MUSCLES); its `muscles` keep the keys, as every note's do."""
    keys = sorted({muscle_label(m.key, m.side) for m in muscles})
    return Note.said(code=code, regions=regions, muscles=keys, values=values)


def notes_on_muscles(
    cset: CriteriaSet,
    evidence: CaseEvidence,
    root_rule: RootRule,
    note: Callable[..., Note] = make_note,
) -> list[Note]:
    """What the muscle definition (A.2) made of the muscles studied, where it matters
    (`note` words a note: the context's words each once a case)."""
    notes = []
    definition = cset.muscle_definition
    unpaired_fps: list[str] = []
    fps_not_counted: list[str] = []
    for facts in evidence.regions:
        emg = facts.emg[definition]
        for m in facts.studied:
            s = m.study
            if s.fasciculation_potentials and not s.chronic_neurogenic_change:
                unpaired_fps.append(muscle_label(m.key, m.side))
            elif (
                definition is MuscleDefinition.EL_ESCORIAL
                and s.fasciculation_potentials
                and s.chronic_neurogenic_change
                and not (s.fibrillation_potentials or s.positive_sharp_waves)
            ):
                fps_not_counted.append(muscle_label(m.key, m.side))
        if facts.region.is_limb and len(emg.qualifying) >= 2 and not emg.positive:
            keys = {m.key for m in emg.qualifying}
            labels = [muscle_label(m.key, m.side) for m in emg.qualifying]
            if len(keys) == 1:
                notes.append(note("left_and_right_are_one_muscle", [facts.region], labels))
            else:
                notes.append(
                    note(
                        "limb_muscles_share_root_or_nerve",
                        [facts.region],
                        labels,
                        root_independence=root_rule,
                    )
                )
    if unpaired_fps and definition is MuscleDefinition.AWAJI:
        notes.append(note("fasciculation_potentials_need_chronic_change", muscles=unpaired_fps))
    if fps_not_counted:
        notes.append(note("fasciculation_potentials_not_in_el_escorial", muscles=fps_not_counted))
    return notes


def missing_evidence(
    cset: CriteriaSet,
    spec: RulesetSpec,
    fact: RuleFact,
    pattern: Category,
    closed_gate: GateFact | None,
) -> tuple[Shortfall, ...]:
    """What the prerequisites and the next category up lack: a function of the facts alone
    (so the explainer keeps it in the engine's memo)."""
    missing: list[Shortfall] = []
    if closed_gate is not None:
        missing.extend(unmet(cset.gate, closed_gate))
    upper = cset.above(pattern)
    if upper is not None:
        missing.extend(short_of(spec, fact, upper))
    return tuple(missing)


def short_of(spec: RulesetSpec, fact: RuleFact, category: Category) -> list[Shortfall]:
    """What each rule granting `category` lacks (the rules are alternatives)."""
    return [s for rule in spec.rules if rule.category == category for s in unmet(rule, fact)]
