"""From a case to Assessments: the public `evaluate` and `evaluate_all`.

One evidence pass serves every criteria set: each turns the shared region masks into one
rule fact, the engine says which rules fire (and, apart, whether the prerequisites gate
opens), and the ladder gives the category. That much is done at once. The explanations,
and the same question asked under every other reading of A.3.4 (so the result can say where
the literature's disagreements would change the answer), are built when first read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES, root_sort_key
from alscriteria.anatomy.independence import ROOT_RULES, RootRule, spanning_paraspinal
from alscriteria.anatomy.regions import REGION_ORDER, Region, regions_in
from alscriteria.assess.assessment import (
    AlternativeReading,
    Assessment,
    EngineInfo,
    MuscleEvidence,
    Note,
    OpenRegion,
    Phenotype,
    Plan,
    PlanItem,
    Prerequisites,
    RegionEvidence,
    RuleFiring,
    Shortfall,
    SideEvidence,
    Undecided,
    Upgrade,
)
from alscriteria.assess.explain.trace import build_trace, muscle_label
from alscriteria.assess.phenotype import motor_phenotype
from alscriteria.assess.plan.planning import make_plan, second_look_words, upgrade_paths
from alscriteria.assess.red_flags import red_flags
from alscriteria.case.model import Case, parse_case
from alscriteria.case.readings import DEFAULT_READINGS, Readings, readings_from
from alscriteria.criteria import CRITERIA, CriteriaSet, criteria_set
from alscriteria.criteria.base import RULES_VERSION
from alscriteria.criteria.category import Category
from alscriteria.regions.evidence import (
    DEFINITION_INDEX,
    CaseEvidence,
    EvidenceMasks,
    MuscleDefinition,
    RegionFacts,
    SideSigns,
    StudiedMuscle,
    accessory_only_emg,
    gather_evidence,
)
from alscriteria.regions.evidence import (
    NO_EMG_BY_DEFINITION as _NO_EMG_BY_DEFINITION,
)
from alscriteria.regions.summaries import open_questions, qualifies
from alscriteria.rules.engine import RuleEngine, shared_engine
from alscriteria.rules.facts import gate_fact
from alscriteria.rules.rule import FactValue, GateFact, Rule, RuleFact, RulesetSpec
from alscriteria.version import __version__
from alscriteria.wording import assessment as wording

_FINDINGS = (
    "fibrillation_potentials",
    "positive_sharp_waves",
    "fasciculation_potentials",
    "chronic_neurogenic_change",
)


class _CaseContext:
    """One case's evidence, computed once per reading that can change it, and its engine."""

    def __init__(self, case: Case, engine: RuleEngine) -> None:
        self.case = case
        self.engine = engine
        self.gate = gate_fact(case.progression, _excluded(case))
        self._evidence: dict[tuple[str, str], CaseEvidence] = {}
        # Built once per case and shared by the criteria sets. Keyed by id: every evidence,
        # region and muscle keyed here is held by `_evidence` for the context's whole life,
        # so no id can be reused while its entry exists.
        self._muscles: dict[int, MuscleEvidence] = {}
        self._regions: dict[tuple[object, ...], RegionEvidence] = {}
        self._warnings: dict[int, list[PlanItem]] = {}
        self._phenotypes: dict[int, Phenotype] = {}
        self._muscle_notes: dict[tuple[int, MuscleDefinition], list[Note]] = {}
        self._varies: bool | None = None
        # The accessory reading needs an accessory muscle to matter (the root reading, two
        # qualifying muscles in one limb region: see CaseEvidence.root_rule_matters).
        # ... or a bulbar EMG summary, which may rest on those muscles alone
        bulbar = case.regions.get(Region.BULBAR)
        self._accessory_matters = any(s.muscle in ACCESSORY_MUSCLES for s in case.emg) or (
            bulbar is not None and bulbar.emg is not None
        )
        self.prerequisites = _prerequisites(case)
        self.engine_info = _engine_info(engine.info.name, engine.info.version)

    def warnings(self, evidence: CaseEvidence) -> list[PlanItem]:
        """The case's red flags (the same for every criteria set that reads this evidence)."""
        found = self._warnings.get(id(evidence))
        if found is None:
            found = self._warnings[id(evidence)] = red_flags(self.case, evidence)
        return list(found)

    def phenotype(self, evidence: CaseEvidence) -> Phenotype:
        """The motor phenotype (A.6): the same for every criteria set, never a category."""
        found = self._phenotypes.get(id(evidence))
        if found is None:
            found = self._phenotypes[id(evidence)] = motor_phenotype(
                evidence, alternative=self.case.alternative_diagnosis is not None
            )
        return found

    def muscle_notes(
        self, cset: CriteriaSet, evidence: CaseEvidence, root_rule: RootRule
    ) -> list[Note]:
        """What the muscle definition made of the muscles (shared by Awaji and Gold Coast).

        Evidence gathered under one root reading is shared with the other only when no limb
        region has two qualifying muscles, and then no note depends on the root reading.
        """
        key = (id(evidence), cset.muscle_definition)
        found = self._muscle_notes.get(key)
        if found is None:
            found = self._muscle_notes[key] = _muscle_notes(cset, evidence, root_rule)
        return list(found)

    def region_evidence(self, cset: CriteriaSet, facts: RegionFacts) -> RegionEvidence:
        """One region as a criteria set sees it; criteria sets that see it alike share it."""
        key = (
            id(facts),
            cset.muscle_definition,
            cset.clinical_lmn(facts),
            cset.counts_as_lmn(facts),
        )
        found = self._regions.get(key)
        if found is None:
            found = self._regions[key] = _region_evidence(cset, facts, self.muscle_evidence)
        return found

    @property
    def evidence_varies_with_readings(self) -> bool:
        """Whether some reading of A.3.4 gives this case other evidence (not other rules)."""
        if self._varies is None:
            self._varies = (
                self._accessory_matters or self.evidence(DEFAULT_READINGS).root_rule_matters
            )
        return self._varies

    def muscle_evidence(self, muscle: StudiedMuscle) -> MuscleEvidence:
        """One muscle as results show it, built once for every criteria set that shows it."""
        found = self._muscles.get(id(muscle))
        if found is None:
            found = self._muscles[id(muscle)] = _muscle(muscle)
        return found

    def evidence(self, readings: Readings) -> CaseEvidence:
        accessory = readings.accessory_muscles if self._accessory_matters else ""
        key = (readings.root_independence, accessory)
        found = self._evidence.get(key)
        if found is None:
            found = self._evidence[key] = gather_evidence(self.case, readings)
            if not found.root_rule_matters:
                for rule in ROOT_RULES:
                    self._evidence[(rule, accessory)] = found
        return found

    def gate_open(self, cset: CriteriaSet) -> bool:
        return bool(self.engine.fire(cset.gate_ruleset(), self.gate))


@cache
def _engine_info(name: str, version: str) -> EngineInfo:
    return EngineInfo(name=name, version=version)


def _excluded(case: Case) -> bool | None:
    """Other causes excluded, as the gate asks it (A.3): another cause recorded means they
    are not (a case cannot say both: parse_case refuses it)."""
    return False if case.alternative_diagnosis is not None else case.other_causes_excluded


def _prerequisites(case: Case) -> Prerequisites:
    """What the prerequisites lack; another cause recorded is named as such, not as an
    exclusion still pending ("alternative_diagnosis" in place of "other_causes_excluded")."""
    missing = [
        name
        for name, value in (
            ("progression", case.progression),
            ("other_causes_excluded", _excluded(case)),
        )
        if value is not True
    ]
    if case.alternative_diagnosis is not None:
        missing[missing.index("other_causes_excluded")] = "alternative_diagnosis"
    return Prerequisites(
        progression=case.progression,
        other_causes_excluded=case.other_causes_excluded,
        alternative_diagnosis=case.alternative_diagnosis,
        met=not missing,
        missing=missing,
    )


@dataclass(frozen=True, slots=True)
class _Verdict:
    evidence: CaseEvidence
    fact: RuleFact
    spec: RulesetSpec
    fired: tuple[Rule, ...]
    """The category rules that fired."""
    gate_open: bool
    pattern: Category
    category: Category


@cache
def _decision(
    cset: CriteriaSet, spec: RulesetSpec, fired_ids: frozenset[str]
) -> tuple[tuple[Rule, ...], Category]:
    """The fired rules in ruleset order and the pattern they give (memoised: few exist)."""
    fired = tuple(rule for rule in spec.rules if rule.id in fired_ids)
    return fired, cset.decide(fired, gate_open=True)[0]


def pattern_for(
    cset: CriteriaSet, readings: Readings, masks: EvidenceMasks, engine: RuleEngine
) -> Category:
    """The pattern category the engine gives these region masks (the planner asks this)."""
    spec = cset.ruleset(readings)
    return _decision(cset, spec, engine.fire(spec, cset.fact(masks, readings)))[1]


def _verdict(ctx: _CaseContext, cset: CriteriaSet, readings: Readings) -> _Verdict:
    """The engine's answer: the category rules that fire, and whether the gate opens."""
    evidence = ctx.evidence(readings)
    fact = cset.fact(evidence.masks, readings)
    spec = cset.ruleset(readings)
    fired, pattern = _decision(cset, spec, ctx.engine.fire(spec, fact))
    gate_open = ctx.gate_open(cset)
    category = pattern if gate_open else Category.NOT_MET
    return _Verdict(evidence, fact, spec, fired, gate_open, pattern, category)


# --- explanations, built when first read --------------------------------------------------


@lru_cache(maxsize=1024)
def ordered_roots(roots: frozenset[str]) -> list[str]:
    return sorted(roots, key=root_sort_key)


def _muscle(m: StudiedMuscle) -> MuscleEvidence:
    return MuscleEvidence(
        muscle=m.key,
        name=m.name,
        side=m.side,
        region=m.region,
        roots=ordered_roots(m.roots),
        nerve=m.nerve,
        findings=[f for f in _FINDINGS if getattr(m.study, f)],
    )


@cache
def _unexamined_region(cset: CriteriaSet, region: Region) -> RegionEvidence:
    """A region with nothing recorded reads the same in every case: built once (immutable)."""
    empty = RegionFacts(region, False, (), (), (), _NO_EMG_BY_DEFINITION)
    return _region_evidence(cset, empty, _muscle)


def _region_evidence(
    cset: CriteriaSet, facts: RegionFacts, muscle: Callable[[StudiedMuscle], MuscleEvidence]
) -> RegionEvidence:
    return RegionEvidence.model_validate(_region_fields(cset, facts, muscle))


def _region_fields(
    cset: CriteriaSet, facts: RegionFacts, muscle: Callable[[StudiedMuscle], MuscleEvidence]
) -> dict[str, Any]:
    emg = facts.emg[cset.muscle_definition]
    return {
        "region": facts.region,
        "examined": facts.examined,
        "umn": facts.umn,
        "umn_signs": facts.umn_signs,
        "clinical_lmn": cset.clinical_lmn(facts),
        "lmn_signs": facts.lmn_signs,
        "emg_lmn": emg.positive,
        "emg_lmn_sides": emg.positive_sides,
        "emg_muscles": [muscle(m) for m in emg.witness],
        "qualifying_muscles": [muscle(m) for m in emg.qualifying],
        "muscles_studied": len(facts.studied),
        "lmn": cset.counts_as_lmn(facts),
        "emg_summaries": emg.summaries,
        "clinical_lmn_open": (
            cset.clinical_lmn_needs == "weakness_and_wasting" and facts.clinical_lmn_open
        ),
        "reported_flags": facts.reported_flags,
        "emg_lmn_open": emg.open,
        "sides": [side_evidence(s) for s in facts.sides],
    }


def side_evidence(side: SideSigns) -> SideEvidence:
    return SideEvidence(
        side=side.side,
        umn_signs=list(side.umn_signs),
        lmn_signs=list(side.lmn_signs),
        reported_flags=list(side.reported_flags),
    )


def _region_name(index: FactValue | None) -> str | None:
    """A fact's region index as the region's name; None for an empty set's sentinel."""
    if isinstance(index, int) and 0 <= index < len(REGION_ORDER):
        return REGION_ORDER[index].value
    return None


def _unmet(rule: Rule, fact: Any) -> list[Shortfall]:
    """Unmet requirements; a comparison of two regions reports their names, not indices."""
    out = []
    for req in rule.requirements:
        if req.holds(fact):
            continue
        have: FactValue | None = req.have(fact)
        need: FactValue | None = req.need(fact)
        if req.other is not None:
            have, need = _region_name(have), _region_name(need)
        out.append(
            Shortfall(
                rule=rule.id,
                category=Category(rule.category) if rule.category else None,
                code=req.code,
                have=have,
                need=need,
            )
        )
    return out


def _note(
    code: str,
    regions: list[Region] | None = None,
    muscles: list[str] | None = None,
    wording_of: str | None = None,
    values: Mapping[str, str] | None = None,
) -> Note:
    """A note; `wording_of` picks another wording of the same code for the findings;
    `values` fills a template's other placeholders."""
    regions = regions or []
    muscles = sorted(set(muscles or []))  # findings are sets: any order gives the same note
    named = [wording.muscle_words(m) for m in muscles]  # the JSON keeps the catalogue keys
    text = wording.note(wording_of or code, [r.value for r in regions], named, **(values or {}))
    return Note(code=code, text=text, regions=regions, muscles=muscles)


_SHARED_NOT_IDENTICAL = "limb_muscles_share_nerve_or_roots"


def _named_note(
    code: str, regions: list[Region], muscles: list[StudiedMuscle], **values: str
) -> Note:
    """A note whose text names the muscles as the clinic does ("Trapezius (upper) (right)");
    the note's `muscles` keep the keys, as every note's do."""
    named = sorted({f"{m.name} ({m.side})" if m.side else m.name for m in muscles})
    text = wording.note(code, [r.value for r in regions], named, **values)
    keys = sorted({muscle_label(m.key, m.side) for m in muscles})
    return Note(code=code, text=text, regions=regions, muscles=keys)


def _muscle_notes(cset: CriteriaSet, evidence: CaseEvidence, root_rule: RootRule) -> list[Note]:
    """What the muscle definition (A.2) made of the muscles studied, where it matters."""
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
                notes.append(_note("left_and_right_are_one_muscle", [facts.region], labels))
            else:
                notes.append(
                    _note(
                        "limb_muscles_share_root_or_nerve",
                        [facts.region],
                        labels,
                        wording_of=None if root_rule == "disjoint" else _SHARED_NOT_IDENTICAL,
                    )
                )
    if unpaired_fps and definition is MuscleDefinition.AWAJI:
        notes.append(_note("fasciculation_potentials_need_chronic_change", muscles=unpaired_fps))
    if fps_not_counted:
        notes.append(_note("fasciculation_potentials_not_in_el_escorial", muscles=fps_not_counted))
    return notes


@lru_cache(maxsize=16384)
def _missing(
    cset: CriteriaSet,
    spec: RulesetSpec,
    fact: RuleFact,
    pattern: Category,
    closed_gate: GateFact | None,
) -> tuple[Shortfall, ...]:
    """What the prerequisites and the next category up lack: a function of the facts alone."""
    missing: list[Shortfall] = []
    if closed_gate is not None:
        missing.extend(_unmet(cset.gate, closed_gate))
    upper = cset.above(pattern)
    if upper is not None:
        missing.extend(_short_of(spec, fact, upper))
    return tuple(missing)


def _short_of(spec: RulesetSpec, fact: RuleFact, category: Category) -> list[Shortfall]:
    """What each rule granting `category` lacks (the rules are alternatives)."""
    return [s for rule in spec.rules if rule.category == category for s in _unmet(rule, fact)]


class _Explainer:
    """Builds one Assessment's explanations from the verdict it was decided with."""

    def __init__(
        self,
        ctx: _CaseContext,
        cset: CriteriaSet,
        readings: Readings,
        verdict: _Verdict,
        with_plan: bool,
    ) -> None:
        self.ctx = ctx
        self.cset = cset
        self.readings = readings
        self.verdict = verdict
        self.with_plan = with_plan

    def inputs(self) -> tuple[object, ...]:
        return (self.ctx.case, self.cset.id, self.readings, self.with_plan)

    def regions(self) -> list[RegionEvidence]:
        ctx, cset = self.ctx, self.cset
        return [
            ctx.region_evidence(cset, facts)
            if facts.examined
            else _unexamined_region(cset, facts.region)
            for facts in self.verdict.evidence.regions
        ]

    def trace(self) -> list[RuleFiring]:
        cset, verdict = self.cset, self.verdict
        evidence = verdict.evidence
        emg = {r.region: r.emg[cset.muscle_definition] for r in evidence.regions}
        fired = (cset.gate, *verdict.fired) if verdict.gate_open else verdict.fired
        return build_trace(
            fired,
            evidence,
            cset.umn_regions(evidence),
            cset.lmn_regions(evidence),
            emg,
            cset.emg_counts_as_lmn,
        )

    def missing(self) -> list[Shortfall]:
        verdict = self.verdict
        gate = None if verdict.gate_open else self.ctx.gate
        found = list(_missing(self.cset, verdict.spec, verdict.fact, verdict.pattern, gate))
        if self.ctx.case.alternative_diagnosis is None:
            return found
        # other causes are not "no" pending a work-up: another cause is recorded
        return [
            s.model_copy(update={"have": "another cause recorded"})
            if s.code == "other_causes_excluded"
            else s
            for s in found
        ]

    def why_not_probable(self) -> list[Shortfall]:
        """Below laboratory-supported, what clinical Probable lacks (A.3.1.2): a neurologist
        asks first why the findings are not Probable, before what EMG would add."""
        verdict = self.verdict
        if self.cset.above(verdict.pattern) is not Category.PROBABLE_LABORATORY_SUPPORTED:
            return []
        return _short_of(verdict.spec, verdict.fact, Category.PROBABLE)

    def notes(self) -> list[Note]:
        """Why this criteria set read the findings as it did, where another set differs."""
        cset, verdict, readings = self.cset, self.verdict, self.readings
        evidence = verdict.evidence
        notes: list[Note] = []
        granting = [r for r in verdict.fired if r.category not in (None, Category.NOT_MET)]
        residual = [r for r in verdict.fired if r.id.endswith(".possible_residual")]
        involved = regions_in(cset.umn_mask(evidence.masks) | cset.lmn_mask(evidence.masks))
        if residual:
            gap = {
                "umn_regions": wording.the_regions([r.value for r in cset.umn_regions(evidence)]),
                "lmn_regions": wording.the_regions([r.value for r in cset.lmn_regions(evidence)]),
            }
            if readings.gap == "residual-possible" and all(r in residual for r in granting):
                notes.append(_note("residual_possible_used", involved, values=gap))
            if readings.gap == "unclassified" and not granting:
                notes.append(_note("pattern_not_covered", involved, values=gap))
        regions = evidence.regions
        definition = cset.muscle_definition
        if not cset.emg_counts_as_lmn:
            only_emg = [
                r.region for r in regions if r.emg[definition].positive and not cset.clinical_lmn(r)
            ]
            if only_emg:
                notes.append(_note("emg_counts_only_for_laboratory_support", only_emg))
        if cset.clinical_lmn_needs == "weakness_and_wasting":
            one_of_two = [
                r.region
                for r in regions
                if r.weakness_or_wasting
                and not r.weakness_and_wasting
                and not r.split_weakness_and_wasting
                and not r.clinical_lmn_open
                and not r.emg[definition].positive
            ]
            if one_of_two:
                notes.append(_note("gold_coast_needs_weakness_and_wasting", one_of_two))
        notes.extend(self.ctx.muscle_notes(cset, evidence, readings.root_independence))
        if any(m.key in ACCESSORY_MUSCLES for r in regions for m in r.studied):
            notes.append(_note(f"accessory_muscles_counted_as_{readings.accessory_muscles}"))
        notes.extend(self._anatomy_notes())
        reported = [r.region for r in regions if r.emg[definition].summaries]
        if reported:
            notes.append(_note("emg_taken_as_reported", reported))
        flagged = [r.region for r in regions if r.reported_flags]
        if flagged:
            notes.append(_note("signs_taken_from_flags", flagged))
        split = [r.region for r in regions if r.split_weakness_and_wasting]
        if split and cset.clinical_lmn_needs == "weakness_and_wasting":
            notes.append(_note("gold_coast_weakness_and_wasting_on_different_limbs", split))
        if self._below_laboratory_support():
            notes.append(
                _note(
                    "no_laboratory_supported_category",
                    wording_of=None
                    if readings.probable == "separate"
                    else "no_laboratory_supported_category_aggregate",
                )
            )
        twitching = [r for r in regions if r.lmn_signs == ("fasciculations",)]
        unstudied = [r.region for r in twitching if not (r.studied or r.summaries)]
        studied = [r.region for r in twitching if r.studied or r.summaries]
        if unstudied:
            notes.append(_note("fasciculations_alone_are_not_clinical_lmn", unstudied))
        if studied:
            notes.append(
                _note(
                    "fasciculations_alone_are_not_clinical_lmn",
                    studied,
                    wording_of="fasciculations_alone_are_not_clinical_lmn_studied",
                )
            )
        return notes

    def _anatomy_notes(self) -> list[Note]:
        """Where the catalogue's anatomy, not the findings, decides what a muscle can do
        (criteria.md B.0, A.3.4): a paraspinal that can never pair, and a bulbar region made
        EMG-positive by an accessory-nerve muscle alone when that decides the category."""
        regions = self.verdict.evidence.regions
        rule = self.readings.root_independence
        unpairable = [
            (r.region, m)
            for r in regions
            if r.region.is_limb
            for m in r.studied
            if spanning_paraspinal(m.key, rule)
        ]
        notes = []
        if unpairable:
            where = sorted({region for region, _ in unpairable}, key=lambda r: r.order)
            muscles = [m for _, m in unpairable]
            notes.append(_named_note("paraspinals_never_independent", where, muscles))
        accessory = self._bulbar_by_accessory_only
        if accessory:
            code = "bulbar_emg_by_accessory_muscle_only"
            look = second_look_words(self.ctx.case)
            notes.append(_named_note(code, [Region.BULBAR], accessory, second_look=look))
        return notes

    @cached_property
    def _bulbar_by_accessory_only(self) -> list[StudiedMuscle]:
        """The accessory-nerve muscles (trapezius, sternocleidomastoid) that alone make the
        bulbar region EMG-positive (the default reading, A.3.4), when the category would be
        another without that bulbar EMG evidence; [] otherwise."""
        cset, readings, verdict = self.cset, self.readings, self.verdict
        if readings.accessory_muscles != "bulbar":
            return []
        muscles = accessory_only_emg(verdict.evidence[Region.BULBAR], cset.muscle_definition)
        if not muscles:
            return []
        masks = verdict.evidence.masks
        i = DEFINITION_INDEX[cset.muscle_definition]
        without = list(masks.emg)
        without[i] &= ~(1 << Region.BULBAR.order)
        changed = EvidenceMasks(
            masks.umn,
            masks.weakness_or_wasting,
            masks.weakness_and_wasting,
            (without[0], without[1]),
            masks.emg_limbs,
        )
        fact = cset.fact(changed, readings)
        pattern = _decision(cset, verdict.spec, self.ctx.engine.fire(verdict.spec, fact))[1]
        return list(muscles) if pattern != verdict.pattern else []

    def _below_laboratory_support(self) -> bool:
        """Whether a criteria set without a laboratory-supported category (Awaji) stays below
        Probable where one with it (revised El Escorial) gives laboratory-supported Probable
        on the same findings: asked of the engine, with that set's own rules (A.3.1.3)."""
        cset, verdict = self.cset, self.verdict
        lab = Category.PROBABLE_LABORATORY_SUPPORTED
        if lab in cset.ladder or Category.PROBABLE not in cset.ladder:
            return False
        if cset.rank(verdict.pattern) >= cset.rank(Category.PROBABLE):
            return False
        masks = verdict.evidence.masks
        return any(
            pattern_for(other, self.readings, masks, self.ctx.engine) is lab
            for other in CRITERIA.values()
            if lab in other.ladder
        )

    def alternatives(self) -> list[AlternativeReading]:
        """Each single change of reading (A.3.4) that gives another category or pattern."""
        ctx, cset, verdict = self.ctx, self.cset, self.verdict
        if ctx.evidence_varies_with_readings:
            return _alternatives(
                cset, self.readings, verdict, lambda r: ctx.evidence(r).masks, ctx.engine
            )
        # Most cases read the same evidence under every reading: then the answer depends on
        # the masks alone, and is shared between cases.
        return list(
            _alternatives_for_masks(
                cset, self.readings, verdict.evidence.masks, verdict.gate_open, ctx.engine
            )
        )

    def plan(self) -> Plan | None:
        if not self.with_plan:
            return None
        cset, readings, verdict = self.cset, self.readings, self.verdict
        engine = self.ctx.engine

        def upgrades() -> tuple[Upgrade, ...]:
            return _upgrades(cset, readings, verdict.evidence.masks, verdict.pattern, engine)

        return make_plan(
            self.ctx.case,
            cset,
            readings,
            verdict.evidence,
            verdict.pattern,
            upgrades,
            bulbar_rests_on=[m.key for m in self._bulbar_by_accessory_only],
        )


@lru_cache(maxsize=16384)
def _upgrades(
    cset: CriteriaSet,
    readings: Readings,
    masks: EvidenceMasks,
    pattern: Category,
    engine: RuleEngine,
) -> tuple[Upgrade, ...]:
    """Upgrade paths depend on the masks alone, so cases with the same masks share them."""

    def pattern_of(changed: EvidenceMasks) -> Category:
        return pattern_for(cset, readings, changed, engine)

    strict = readings.model_copy(update={"gap": "unclassified"})

    def without_gap(changed: EvidenceMasks) -> Category:
        return pattern_for(cset, strict, changed, engine)

    gap_read = without_gap if readings.gap == "residual-possible" else None
    return tuple(upgrade_paths(cset, masks, pattern, pattern_of, without_gap=gap_read))


def _alternatives(
    cset: CriteriaSet,
    readings: Readings,
    verdict: _Verdict,
    masks_for: Callable[[Readings], EvidenceMasks],
    engine: RuleEngine,
) -> list[AlternativeReading]:
    """Each single change of reading that gives another category; `masks_for` gives the
    region masks under a reading."""
    out = []
    for option, value, other in readings.alternatives():
        if option not in cset.readings_used:
            continue
        fact = cset.fact(masks_for(other), other)
        spec = cset.ruleset(other)
        if fact == verdict.fact and spec is verdict.spec:
            continue
        # the gate does not depend on the readings, so only the pattern is asked again
        pattern = _decision(cset, spec, engine.fire(spec, fact))[1]
        category = pattern if verdict.gate_open else Category.NOT_MET
        if (category, pattern) != (verdict.category, verdict.pattern):
            out.append(
                AlternativeReading(
                    option=option, value=value, category=category, pattern_category=pattern
                )
            )
    return out


@lru_cache(maxsize=16384)
def _alternatives_for_masks(
    cset: CriteriaSet,
    readings: Readings,
    masks: EvidenceMasks,
    gate_open: bool,
    engine: RuleEngine,
) -> tuple[AlternativeReading, ...]:
    """Alternatives for a case whose evidence does not change with the readings."""
    evidence = CaseEvidence((), masks)
    fact = cset.fact(masks, readings)
    spec = cset.ruleset(readings)
    fired, pattern = _decision(cset, spec, engine.fire(spec, fact))
    category = pattern if gate_open else Category.NOT_MET
    verdict = _Verdict(evidence, fact, spec, fired, gate_open, pattern, category)
    return tuple(_alternatives(cset, readings, verdict, lambda _: masks, engine))


def _submasks(mask: int) -> list[int]:
    """Every subset of the bits of `mask` (at most 16: there are four regions)."""
    out = [0]
    bit = 1
    while bit <= mask:
        if mask & bit:
            out += [m | bit for m in out]
        bit <<= 1
    return out


def _limbs_counted(cset: CriteriaSet, readings: Readings) -> bool:
    """Whether limbs, not regions, are counted (the two-limb reading of A.3.4)."""
    return "lab_supported_emg" in cset.readings_used and readings.lab_supported_emg == "limbs"


def _open_regions(
    cset: CriteriaSet,
    evidence: CaseEvidence,
    rule: RootRule,
    limbs_counted: bool,
) -> list[OpenRegion]:
    """What each open region's summaries leave out, under this criteria set's definition."""
    definition = cset.muscle_definition
    gold_coast_clinical = cset.clinical_lmn_needs == "weakness_and_wasting"
    out = []
    for facts in evidence.regions:
        emg = facts.emg[definition]
        clinical_open = gold_coast_clinical and facts.clinical_lmn_open
        if not (emg.open or (limbs_counted and emg.open_sides) or clinical_open):
            continue
        limb = facts.region.is_limb
        missing: list[str] = []
        for _, summary in facts.summaries:
            for code in open_questions(summary, definition.value, limb, rule):
                if code not in missing:
                    missing.append(code)
        qualifying_sources = sum(
            qualifies(summary, definition.value) is not False
            for _, summary in facts.summaries
        ) + bool(emg.qualifying)
        if limb and qualifying_sources >= 2 and "independent_muscles" not in missing:
            missing.append("independent_across_sources")
        # the accessory muscles, where they count as cervical (A.3.4): regions/evidence.py
        missing.extend(emg.open_because)
        if limbs_counted and emg.open_sides and not emg.open:
            missing.append("side_of_changes")
        if clinical_open:
            missing.append("weakness_and_wasting")
        out.append(
            OpenRegion(
                region=facts.region,
                missing=missing,
                text=wording.open_emg(facts.region.value, missing, bool(facts.summaries)),
            )
        )
    return out


def _undecided(
    ctx: _CaseContext, cset: CriteriaSet, readings: Readings, verdict: _Verdict
) -> Undecided | None:
    """Every category the EMG summaries allow, when they allow more than one (A.2 applied
    to what they say; the rest is left open, not guessed)."""
    evidence = verdict.evidence
    if not evidence.anything_open:
        return None  # every ordinary case
    i = DEFINITION_INDEX[cset.muscle_definition]
    limbs_counted = _limbs_counted(cset, readings)
    open_bits = evidence.open_emg[i]
    open_limbs = evidence.open_limbs[i] if limbs_counted else 0
    open_clinical = (
        evidence.open_weakness_and_wasting
        if cset.clinical_lmn_needs == "weakness_and_wasting"
        else 0
    )
    if not open_bits and not open_limbs and not open_clinical:
        return None
    masks, spec = evidence.masks, verdict.spec
    patterns = {verdict.pattern}
    for bits in _submasks(open_bits):
        for clinical in _submasks(open_clinical):
            for extra in range(open_limbs + 1):
                emg = list(masks.emg)
                limbs = list(masks.emg_limbs)
                emg[i] |= bits
                limbs[i] += extra
                changed = EvidenceMasks(
                    masks.umn,
                    masks.weakness_or_wasting,
                    masks.weakness_and_wasting | clinical,
                    (emg[0], emg[1]),
                    (limbs[0], limbs[1]),
                )
                fact = cset.fact(changed, readings)
                patterns.add(_decision(cset, spec, ctx.engine.fire(spec, fact))[1])
    if len(patterns) == 1:
        return None
    rank = {c: n for n, c in enumerate(cset.ladder)}
    ordered = sorted(patterns, key=rank.__getitem__)
    categories = ordered if verdict.gate_open else [Category.NOT_MET]
    regions = _open_regions(cset, evidence, readings.root_independence, limbs_counted)
    return Undecided(
        categories=categories,
        pattern_categories=ordered,
        regions=regions,
        text=wording.undecided(
            [c.value for c in ordered],
            verdict.gate_open,
            wording.open_sources([o.missing for o in regions]),
        ),
    )


def _assess(
    ctx: _CaseContext,
    cset: CriteriaSet,
    readings: Readings,
    plan: bool = False,
    eager: bool = False,
) -> Assessment:
    verdict = _verdict(ctx, cset, readings)
    assessment = Assessment.decided(
        _Explainer(ctx, cset, readings, verdict, plan),
        criteria=cset.id,
        title=cset.title,
        citation=cset.citation,
        category=verdict.category,
        met=verdict.category is not Category.NOT_MET,
        pattern_category=verdict.pattern,
        prerequisites=ctx.prerequisites,
        next_category=cset.above(verdict.pattern),
        readings=readings,
        engine=ctx.engine_info,
        rules_version=RULES_VERSION,
        package_version=__version__,
        undecided=_undecided(ctx, cset, readings, verdict)
        if verdict.evidence.anything_open
        else None,
        case_id=ctx.case.id,
        warnings=ctx.warnings(verdict.evidence),
        phenotype=ctx.phenotype(verdict.evidence),
    )
    return assessment.explain() if eager else assessment


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
    ctx = _CaseContext(parse_case(case), engine or shared_engine())
    return _assess(ctx, cset, chosen, plan)


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
    return _evaluate_all(case, readings, criteria=criteria, plan=plan, engine=engine)


def _evaluate_all(
    case: Case | Mapping[str, Any],
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    criteria: tuple[str, ...] | None = None,
    plan: bool = False,
    engine: RuleEngine | None = None,
    eager: bool = False,
) -> dict[str, Assessment]:
    chosen = readings_from(dict(readings) if isinstance(readings, Mapping) else readings)
    if isinstance(criteria, str):  # one id, not a sequence of its letters
        criteria = (criteria,)
    sets = [criteria_set(c) for c in criteria] if criteria else list(CRITERIA.values())
    ctx = _CaseContext(parse_case(case), engine or shared_engine())
    return {cset.id: _assess(ctx, cset, chosen, plan, eager) for cset in sets}


__all__ = ["evaluate", "evaluate_all", "pattern_for"]
