"""The explanations of one verdict, built only when read: regions, notes, alternatives, upgrades."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES
from alscriteria.anatomy.independence import spanning_paraspinal
from alscriteria.anatomy.regions import Region, regions_in
from alscriteria.assess.explain.alternatives import (
    EVIDENCE_READINGS,
    alternative_readings,
    alternatives_for_masks,
    upgrades_of,
)
from alscriteria.assess.explain.notes import make_note, missing_evidence, named_note, short_of
from alscriteria.assess.explain.regions import unexamined_region
from alscriteria.assess.explain.trace import build_trace, firing_evidence
from alscriteria.assess.models.advice import Phenotype, Plan, PlanItem, Upgrade
from alscriteria.assess.models.explanations import (
    AlternativeReading,
    FiringEvidence,
    Note,
    RegionEvidence,
    RuleFiring,
    Shortfall,
)
from alscriteria.assess.plan.muscles import second_look_keys
from alscriteria.assess.plan.planning import make_plan
from alscriteria.assess.verdict import Verdict, decision, pattern_for
from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA, CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import (
    DEFINITION_INDEX,
    EvidenceMasks,
    RegionEMG,
    RegionFacts,
    StudiedMuscle,
    accessory_only_emg,
)

if TYPE_CHECKING:
    # the context builds explanations (context -> explain): a type only, no import back
    from alscriteria.assess.context import CaseContext


class Explainer:
    """Builds one Assessment's explanations from the verdict it was decided with."""

    def __init__(
        self,
        ctx: CaseContext,
        cset: CriteriaSet,
        readings: Readings,
        verdict: Verdict,
        with_plan: bool,
    ) -> None:
        self.ctx = ctx
        self.cset = cset
        self.readings = readings
        self.verdict = verdict
        self.with_plan = with_plan

    def inputs(self) -> tuple[object, ...]:
        return (self.ctx.case, self.cset.id, self.readings, self.with_plan)

    def warnings(self) -> list[PlanItem]:
        return self.ctx.warnings(self.verdict.evidence)

    def phenotype(self) -> Phenotype:
        return self.ctx.phenotype(self.verdict.evidence)

    def regions(self) -> list[RegionEvidence]:
        ctx, cset = self.ctx, self.cset
        return [
            ctx.region_evidence(cset, facts)
            if facts.examined
            else unexamined_region(cset, facts.region)
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
            self._firing_evidence,
        )

    def _firing_evidence(self, facts: RegionFacts, emg: RegionEMG, counted: bool) -> FiringEvidence:
        """A region's findings under a fired rule, built once a case: the same for every
        criteria set that counts the same EMG (its RegionEMG, held by the case's evidence)."""
        key = ("firing", id(facts), id(emg) if counted else None)
        return self.ctx.shared(key, lambda: firing_evidence(facts, emg, counted))

    def missing(self) -> list[Shortfall]:
        verdict = self.verdict
        gate = None if verdict.gate_open else self.ctx.gate
        cset, spec, fact, pattern = self.cset, verdict.spec, verdict.fact, verdict.pattern
        found = list(
            self.ctx.engine.remember(
                "missing",
                (cset, spec.name, fact, pattern, gate),
                lambda: missing_evidence(cset, spec, fact, pattern, gate),
            )
        )
        if self.ctx.case.alternative_diagnosis is None:
            return found
        # other causes are not "no" pending a work-up: another cause is recorded
        return [
            s.model_copy(update={"have": "alternative_diagnosis"})
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
        return short_of(verdict.spec, verdict.fact, Category.PROBABLE)

    def notes(self) -> list[Note]:
        """Why this criteria set read the findings as it did, where another set differs."""
        cset, verdict, readings = self.cset, self.verdict, self.readings
        evidence = verdict.evidence
        notes: list[Note] = []
        granting = [r for r in verdict.fired if r.category not in (None, Category.NOT_MET)]
        residual = [r for r in verdict.fired if r.id.endswith(".possible_residual")]
        involved = regions_in(cset.umn_mask(evidence.masks) | cset.lmn_mask(evidence.masks))
        if residual:
            umn = [r.value for r in cset.umn_regions(evidence)]
            lmn = [r.value for r in cset.lmn_regions(evidence)]
            if readings.gap == "residual-possible" and all(r in residual for r in granting):
                notes.append(
                    make_note("residual_possible_used", involved, umn_regions=umn, lmn_regions=lmn)
                )
            if readings.gap == "unclassified" and not granting:
                notes.append(
                    make_note("pattern_not_covered", involved, umn_regions=umn, lmn_regions=lmn)
                )
        regions = evidence.regions
        definition = cset.muscle_definition
        if not cset.emg_counts_as_lmn:
            only_emg = [
                r.region for r in regions if r.emg[definition].positive and not cset.clinical_lmn(r)
            ]
            if only_emg:
                notes.append(make_note("emg_counts_only_for_laboratory_support", only_emg))
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
                notes.append(make_note("gold_coast_needs_weakness_and_wasting", one_of_two))
        notes.extend(self.ctx.muscle_notes(cset, evidence, readings.root_independence))
        if any(m.key in ACCESSORY_MUSCLES for r in regions for m in r.studied):
            notes.append(make_note(f"accessory_muscles_counted_as_{readings.accessory_muscles}"))
        notes.extend(self._anatomy_notes())
        reported = [r.region for r in regions if r.emg[definition].summaries]
        if reported:
            notes.append(make_note("emg_taken_as_reported", reported))
        flagged = [r.region for r in regions if r.reported_flags]
        if flagged:
            notes.append(make_note("signs_taken_from_flags", flagged))
        split = [r.region for r in regions if r.split_weakness_and_wasting]
        if split and cset.clinical_lmn_needs == "weakness_and_wasting":
            notes.append(make_note("gold_coast_weakness_and_wasting_on_different_limbs", split))
        if self._below_laboratory_support():
            notes.append(make_note("no_laboratory_supported_category", probable=readings.probable))
        twitching = [r for r in regions if r.lmn_signs == ("fasciculations",)]
        unstudied = [r.region for r in twitching if not (r.studied or r.summaries)]
        studied = [r.region for r in twitching if r.studied or r.summaries]
        if unstudied:
            notes.append(
                make_note("fasciculations_alone_are_not_clinical_lmn", unstudied, studied=False)
            )
        if studied:
            notes.append(
                make_note("fasciculations_alone_are_not_clinical_lmn", studied, studied=True)
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
            notes.append(named_note("paraspinals_never_independent", where, muscles))
        accessory = self._bulbar_by_accessory_only
        if accessory:
            case = self.ctx.case
            notes.append(
                named_note(
                    "bulbar_emg_by_accessory_muscle_only",
                    [Region.BULBAR],
                    accessory,
                    # the second look, as the plan words it: the cranial muscles left, in order
                    second_look=second_look_keys(case),
                    anticoagulated=case.contraindications.anticoagulated,
                )
            )
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
        pattern = decision(cset, verdict.spec, self.ctx.engine.fire(verdict.spec, fact))[1]
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
        # A change of a rule reading changes no evidence: its answer depends on the masks
        # alone, and is shared between cases. Most cases read the same evidence under every
        # reading, and that is all; the others also ask the readings that change evidence
        # (which come after the rule readings, as Readings orders its options).
        shared = list(
            alternatives_for_masks(
                cset, self.readings, verdict.evidence.masks, verdict.gate_open, ctx.engine
            )
        )
        if not ctx.evidence_varies_with_readings:
            return shared
        return shared + alternative_readings(
            cset,
            self.readings,
            verdict,
            lambda r: ctx.evidence(r).masks,
            ctx.engine,
            EVIDENCE_READINGS,
        )

    def plan(self) -> Plan | None:
        if not self.with_plan:
            return None
        cset, readings, verdict = self.cset, self.readings, self.verdict
        engine = self.ctx.engine

        def upgrades() -> tuple[Upgrade, ...]:
            return upgrades_of(cset, readings, verdict.evidence.masks, verdict.pattern, engine)

        return make_plan(
            self.ctx.case,
            cset,
            readings,
            verdict.evidence,
            verdict.pattern,
            upgrades,
            bulbar_rests_on=[m.key for m in self._bulbar_by_accessory_only],
        )
