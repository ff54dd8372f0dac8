"""Notes beside a result: what a rule lacks, and what the muscles studied add or take away."""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import lru_cache
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
    code: str,
    regions: list[Region],
    muscles: list[StudiedMuscle],
    *,
    said: Callable[..., Note] = make_note,
    **values: WordValue,
) -> Note:
    """A note whose words name the muscles as the clinic does ("Trapezius (upper) (right)",
    wording/notes.py: NOTES_NAMING_MUSCLES); its `muscles` keep the keys, as every note's do,
    each site as `muscle_label` writes it (`said`: `make_note`, or the context's, which
    words each note once)."""
    return said(code, regions, [muscle_label(m.key, m.side) for m in muscles], **values)


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
    """What the prerequisites and the next category up lack: a function of the facts alone.
    The definition: the explainer keeps its two parts apart in the engine's memo (the closed
    gate's, and `short_of` the next category under `short_of_reader`) and joins them, which
    tests hold equal to this (tests/test_session11_serialised.py)."""
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


@lru_cache(maxsize=512)
def short_of_reader(spec: RulesetSpec, category: Category) -> Callable[[RuleFact], object]:
    """All `short_of(spec, fact, category)` reads of the fact: the fields of the rules that
    grant `category` (each requirement's field and the one it is compared with; `unmet`
    reads no other, and reports the values of these alone). Facts equal here lack the same,
    so what a rule lacks is kept under this, not under every field the ruleset reads: the
    rules of one category read a few fields (a test holds the answer equal for every fact
    of the rule-fact space that reads alike). A table over the rulesets (built once each,
    compared by identity) and their categories: bounded, and a few dozen in use."""
    named = {
        name
        for rule in spec.rules
        if rule.category == category
        for requirement in rule.requirements
        for name in requirement.fields
    }
    if not named:
        return _nothing
    return operator.attrgetter(*sorted(named))


def _nothing(fact: RuleFact) -> object:
    return ()
