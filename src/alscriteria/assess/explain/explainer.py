"""The explanations of one verdict, built only when read: regions, notes, alternatives, upgrades.

Why one module (over 400 lines): one class, the Explainer, builds each explanation and
writes its JSON from the same kept objects (`encoded`, for Assessment.model_dump_json); a
field's builder and its writer sit side by side so that one cannot change without the
other, and the tests hold them equal (tests/test_stitched_json.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.assess.explain.alternatives import (
    EVIDENCE_READINGS,
    alternative_readings,
    alternatives_for_masks,
    alternatives_json_for_masks,
    upgrades_of,
)
from alscriteria.assess.explain.note_pieces import (
    findings_notes_json,
    paraspinal_notes,
    regions_of,
    what_the_case_shows,
)
from alscriteria.assess.explain.notes import named_note, short_of, short_of_reader, unmet
from alscriteria.assess.explain.regions import unexamined_region, unexamined_region_json
from alscriteria.assess.explain.trace import (
    Pair,
    RegionsKey,
    TracePlan,
    build_trace,
    firing_evidence,
    firing_head,
    head_key,
    planned_trace_json,
    trace_plan,
)
from alscriteria.assess.models.advice import Phenotype, Plan, PlanItem, Upgrade
from alscriteria.assess.models.base import own_lists
from alscriteria.assess.models.explanations import (
    AlternativeReading,
    FiringEvidence,
    Note,
    RegionEvidence,
    RuleFiring,
    Shortfall,
)
from alscriteria.assess.models.pieces import list_json, model_json, models_json
from alscriteria.assess.plan.muscles import second_look_keys
from alscriteria.assess.plan.planning import make_plan, plan_json
from alscriteria.assess.plan.situations import Standing, standing
from alscriteria.assess.verdict import Verdict, decision, pattern_for
from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA, CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import (
    DEFINITION_INDEX,
    CaseEvidence,
    EvidenceMasks,
    RegionEMG,
    RegionFacts,
    StudiedMuscle,
    accessory_only_emg,
)
from alscriteria.rules.rule import Rule

if TYPE_CHECKING:
    # the context builds explanations (context -> explain): a type only, no import back
    from collections.abc import Sequence

    from alscriteria.assess.context import CaseContext
    from alscriteria.case.model import Case

    #: What the plan is made from (plan/planning.py: make_plan's arguments, in order).
    _PlanInputs = tuple[
        Case,
        CriteriaSet,
        Readings,
        CaseEvidence,
        Category,
        Callable[[], Sequence[Upgrade]],
        list[str],
        Standing,
    ]


class Explainer:
    """Builds one Assessment's explanations from the verdict it was decided with."""

    __slots__ = ("cset", "ctx", "readings", "verdict", "with_plan")  # three a case: no dict

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
        return self.ctx.warnings(self.ctx.pattern(self.readings))

    def encoded(self, name: str) -> bytes | None:
        """The JSON of explanation `name` from the objects kept for it, never handed out
        (Assessment.model_dump_json)."""
        writer = _WRITERS.get(name)
        if writer is not None:
            return writer(self)
        if name == "plan":
            return self._plan_json() if self.with_plan else b"null"
        return None

    def phenotype(self) -> Phenotype:
        return self.ctx.phenotype(self.ctx.pattern(self.readings))

    def _warnings_json(self) -> bytes:
        return self.ctx.warnings_json(self.ctx.pattern(self.readings))

    def _phenotype_json(self) -> bytes:
        return self.ctx.phenotype_json(self.ctx.pattern(self.readings))

    def regions(self) -> list[RegionEvidence]:
        """Each region as this set sees it, handed out with lists of its own: the region is
        kept once a case for every set that sees it alike (and its JSON with it), a region
        with nothing recorded once for every case (`unexamined_region`)."""
        ctx, cset = self.ctx, self.cset
        return [
            own_lists(
                ctx.region_evidence(cset, facts)
                if facts.examined
                else unexamined_region(cset, facts.region)
            )
            for facts in self.verdict.evidence.regions
        ]

    def _regions_json(self) -> bytes:
        """The regions' JSON, each region's kept once a case (`CaseContext.region_json`).
        For a case without registry input the set's answers for each region are read from
        its masks (one bit each, where `region_json` asks the set of each region's facts),
        the regions being in rostro-caudal order, each once (gather_evidence)."""
        ctx, cset = self.ctx, self.cset
        if ctx.registry_input:
            return self._each_region_json()
        evidence = self.verdict.evidence
        masks = evidence.masks
        clinical, lmn = cset.clinical_mask(masks), cset.lmn_mask(masks)
        unexamined = _unexamined_json(cset)
        region_json = ctx.region_json_as
        pieces = []
        for order, facts in enumerate(evidence.regions):
            if facts.examined:
                bit = 1 << order
                pieces.append(region_json(cset, facts, bool(clinical & bit), bool(lmn & bit)))
            else:
                pieces.append(unexamined[order])
        return list_json(pieces)

    def _each_region_json(self) -> bytes:
        ctx, cset = self.ctx, self.cset
        return list_json(
            [
                ctx.region_json(cset, facts)
                if facts.examined
                else unexamined_region_json(cset, facts.region)
                for facts in self.verdict.evidence.regions
            ]
        )

    def trace(self) -> list[RuleFiring]:
        return build_trace(*self._trace_inputs(), self._firing_evidence)

    def _trace_json(self) -> bytes:
        """The trace's JSON: the set's plan of it (`trace_plan`: each fired rule's head and
        regions) kept for every case whose set fires the same rules on the same masks, and
        each run of regions' findings written once a case (`_shown_json`)."""
        ctx, cset, verdict = self.ctx, self.cset, self.verdict
        masks = verdict.evidence.masks
        umn, lmn, positive = cset.umn_mask(masks), cset.lmn_mask(masks), cset.emg_mask(masks)
        fired, gate_open = verdict.fired, verdict.gate_open

        def plan() -> TracePlan:
            rules = (cset.gate, *fired) if gate_open else fired
            counts = cset.emg_counts_as_lmn
            return trace_plan(rules, umn, lmn, positive, counts, self._firing_head)

        planned = ctx.trace_plan(fired, (cset, gate_open, umn, lmn, positive), plan)
        return planned_trace_json(planned, self._shown_json)

    def _shown_json(self, mask: int, counted: int) -> bytes:
        """The findings of the regions of `mask` as a rule shows them (rostral first, as
        `shown_for` gives a rule's regions), EMG where `counted` has the region's bit:
        written once a case for every set with the same muscle definition (the EMG it
        shows; none shown, any set)."""
        evidence = self.verdict.evidence
        definition = self.cset.muscle_definition if counted else None
        key = ("shown_json", id(evidence), definition, mask, counted)
        return self.ctx.shared(key, lambda: self._each_shown_json(regions_of(mask)[0], counted))

    def _each_shown_json(self, regions: tuple[Region, ...], counted: int) -> bytes:
        evidence, definition = self.verdict.evidence, self.cset.muscle_definition
        pieces = []
        for region in regions:
            facts = evidence[region]
            shown = bool(counted >> region.order & 1)
            pieces.append(self._firing_json(facts, facts.emg[definition], shown))
        return list_json(pieces)

    def _trace_inputs(
        self,
    ) -> tuple[tuple[Rule, ...], CaseEvidence, int, int, dict[Region, RegionEMG], bool]:
        cset, verdict = self.cset, self.verdict
        evidence = verdict.evidence
        emg = {r.region: r.emg[cset.muscle_definition] for r in evidence.regions}
        fired = (cset.gate, *verdict.fired) if verdict.gate_open else tuple(verdict.fired)
        umn, lmn = cset.umn_mask(evidence.masks), cset.lmn_mask(evidence.masks)
        return fired, evidence, umn, lmn, emg, cset.emg_counts_as_lmn

    def _firing_evidence(self, facts: RegionFacts, emg: RegionEMG, counted: bool) -> FiringEvidence:
        # each set's trace its own lists: changing one set's result leaves the others alone
        return own_lists(self._kept_firing(facts, emg, counted))

    def _firing_json(self, facts: RegionFacts, emg: RegionEMG, counted: bool) -> bytes:
        key = ("firing_json", id(facts), id(emg) if counted else None)
        return self.ctx.shared(key, lambda: self._written_firing(facts, emg, counted))

    def _written_firing(self, facts: RegionFacts, emg: RegionEMG, counted: bool) -> bytes:
        """A region's findings under a fired rule, as JSON: in a case without registry
        input, a function of the region, its signs and the muscles shown (catalogue keys
        and sides), so written once for every case alike (engine memo); a muscle with the
        case's own anatomy, or registry input, keeps it the case's."""
        ctx = self.ctx
        shown = emg.witness if counted else ()
        if ctx.registry_input or any(m.study.region is not None for m in shown):
            return model_json(self._kept_firing(facts, emg, counted))
        key = (facts.region, facts.umn_signs, facts.lmn_signs, *[(m.key, m.side) for m in shown])
        return ctx.engine.remember(
            "firing_json", key, lambda: model_json(firing_evidence(facts, emg, counted))
        )

    def _kept_firing(self, facts: RegionFacts, emg: RegionEMG, counted: bool) -> FiringEvidence:
        """A region's findings under a fired rule, built once a case: the same for every
        criteria set that counts the same EMG (its RegionEMG, held by the case's evidence)."""
        key = ("firing", id(facts), id(emg) if counted else None)
        return self.ctx.shared(key, lambda: firing_evidence(facts, emg, counted))

    def _firing_head(
        self, rule: Rule, regions: tuple[Region, ...], pair: Pair, key: RegionsKey
    ) -> bytes:
        """A fired rule's JSON before its evidence, for every case alike (engine memo)."""
        return self.ctx.engine.remember(
            "firing_head", head_key(rule, key), lambda: firing_head(rule, regions, pair)
        )

    def _kept_missing(self) -> tuple[tuple[Shortfall, ...], bytes]:
        """What the prerequisites and the next category up lack (notes.py:
        missing_evidence), as kept, with its JSON: the closed gate's part and the next
        category's, each kept for every case alike in what it reads (`_gate_lacks`,
        `_lacks`), joined in that order."""
        verdict = self.verdict
        parts = [] if verdict.gate_open else [self._gate_lacks()]
        upper = self.cset.above(verdict.pattern)
        if upper is not None:
            parts.append(self._lacks(upper))
        if len(parts) == 1:
            models, inner = parts[0]
            return models, b"[" + inner + b"]"
        models = tuple(m for part, _ in parts for m in part)
        return models, b"[" + b",".join(inner for _, inner in parts if inner) + b"]"

    def _gate_lacks(self) -> tuple[tuple[Shortfall, ...], bytes]:
        """What the closed prerequisites gate lacks: a function of the gate fact alone (nine
        a criteria set), kept for every case with it, with its items' JSON."""
        cset, gate = self.cset, self.ctx.gate
        return self.ctx.engine.remember(
            "gate_missing", (cset, gate), lambda: _with_json(tuple(unmet(cset.gate, gate)))
        )

    def _lacks(self, category: Category) -> tuple[tuple[Shortfall, ...], bytes]:
        """What the rules granting `category` lack (notes.py: short_of), with its items'
        JSON (joined, without the brackets): kept for every case whose fact the rules of
        that category read alike (`short_of_reader`: their fields alone, where the whole
        ruleset reads more), so `missing` and `why_not_probable` share one answer."""
        spec, fact = self.verdict.spec, self.verdict.fact
        return self.ctx.engine.remember(
            "short_of",
            (spec.name, category, short_of_reader(spec, category)(fact)),
            lambda: _with_json(tuple(short_of(spec, fact, category))),
        )

    def _missing_json(self) -> bytes:
        if self.ctx.case.alternative_diagnosis is None:
            return self._kept_missing()[1]
        return models_json(self.missing())

    def missing(self) -> list[Shortfall]:
        found = list(self._kept_missing()[0])
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
        if not self._asks_why_not_probable():
            return []
        return list(self._lacks(Category.PROBABLE)[0])

    def _why_not_probable_json(self) -> bytes:
        if not self._asks_why_not_probable():
            return b"[]"
        return b"[" + self._lacks(Category.PROBABLE)[1] + b"]"

    def _asks_why_not_probable(self) -> bool:
        return self.cset.above(self.verdict.pattern) is Category.PROBABLE_LABORATORY_SUPPORTED

    def notes(self) -> list[Note]:
        """Why this criteria set read the findings as it did, where another set differs.

        The regions are read in one pass; a note the criteria sets share is worded once a
        case (CaseContext.note), and what depends on the case alone is found once a case."""
        return self._notes(kept=False)

    def _notes_json(self) -> bytes:
        """The notes as kept (CaseContext.kept_note): one naming no muscle, or catalogue
        muscles alone, is kept for every case, its JSON with it; one naming a muscle the case
        named itself is the case's (CaseContext.note_json)."""
        ctx = self.ctx
        if ctx.registry_input:  # flags and summaries: each note as `_notes` finds it
            return list_json([ctx.note_json(n) for n in self._notes(kept=True)])
        return self._ordinary_notes_json()

    def _ordinary_notes_json(self) -> bytes:
        """The notes' JSON for a case without registry input (no summaries, flags or sides),
        in `_notes`' order: what the findings decide is read from the masks, its notes'
        JSON kept for every set and case alike in one entry (`CaseContext.notes_json`); the
        notes naming the case's muscles are joined in from the case's own. Equal to `_notes`'
        notes written one by one (tests/test_session11_serialised.py)."""
        ctx, cset, verdict, readings = self.ctx, self.cset, self.verdict, self.readings
        evidence = verdict.evidence
        masks = evidence.masks
        shown = ctx.shared(("case_notes", id(evidence)), lambda: what_the_case_shows(evidence))
        emg = cset.emg_mask(masks)
        only_emg = 0 if cset.emg_counts_as_lmn else emg & ~cset.clinical_mask(masks)
        one_of_two = 0
        gold_coast = cset.clinical_lmn_needs == "weakness_and_wasting"
        if gold_coast:  # Gold Coast (A.2)
            # no region is given per side without registry input, so none has weakness and
            # wasting on different limbs (RegionFacts.split_weakness_and_wasting), nor a flag
            one_of_two = masks.weakness_or_wasting & ~masks.weakness_and_wasting & ~emg
        residual = self._residual_note()
        key = (
            residual,
            only_emg,
            one_of_two,
            readings.accessory_muscles if shown.accessory_studied else None,
            readings.probable if self._below_laboratory_support() else None,
            shown.twitching_unstudied_mask,
            shown.twitching_studied_mask,
            (shown.unlisted_umn_mask, tuple(shown.unlisted_umn_signs))
            if gold_coast and shown.unlisted_umn
            else None,
        )
        first, second, third = ctx.notes_json(key, lambda: findings_notes_json(ctx, *key))
        definition, rule = cset.muscle_definition, readings.root_independence
        on_muscles, paraspinal = ctx.shared(
            ("case_notes_json", id(evidence), definition, rule),
            lambda: (
                b",".join(map(ctx.note_json, ctx.muscle_notes(cset, evidence, rule))),
                b",".join(map(ctx.note_json, self._paraspinal())),
            ),
        )
        bulbar = self._bulbar_note(ctx.kept_note)
        pieces = (first, on_muscles, second, paraspinal, bulbar and ctx.note_json(bulbar), third)
        return b"[" + b",".join([p for p in pieces if p]) + b"]"

    def _residual_note(self) -> tuple[str, int, int] | None:
        """The gap note (A.3.4) `_notes` gives, as its code and the set's UMN and LMN masks."""
        fired = self.verdict.fired
        residual = [r for r in fired if r.id.endswith(".possible_residual")]
        if not residual:
            return None
        granting = [r for r in fired if r.category not in (None, Category.NOT_MET)]
        gap = self.readings.gap
        if gap == "residual-possible" and all(r in residual for r in granting):
            code = "residual_possible_used"
        elif gap == "unclassified" and not granting:
            code = "pattern_not_covered"
        else:
            return None
        masks = self.verdict.evidence.masks
        return code, self.cset.umn_mask(masks), self.cset.lmn_mask(masks)

    def _notes(self, kept: bool) -> list[Note]:
        """The notes as kept (for their JSON), or each the result's own copy (for a read)."""
        cset, verdict, readings, ctx = self.cset, self.verdict, self.readings, self.ctx
        note = ctx.kept_note if kept else ctx.note
        evidence = verdict.evidence
        notes: list[Note] = []
        residual = [r for r in verdict.fired if r.id.endswith(".possible_residual")]
        if residual:
            granting = [r for r in verdict.fired if r.category not in (None, Category.NOT_MET)]
            umn_mask, lmn_mask = cset.umn_mask(evidence.masks), cset.lmn_mask(evidence.masks)
            involved = list(regions_of(umn_mask | lmn_mask)[0])
            umn = list(regions_of(umn_mask)[1])
            lmn = list(regions_of(lmn_mask)[1])
            if readings.gap == "residual-possible" and all(r in residual for r in granting):
                notes.append(
                    note("residual_possible_used", involved, umn_regions=umn, lmn_regions=lmn)
                )
            if readings.gap == "unclassified" and not granting:
                notes.append(
                    note("pattern_not_covered", involved, umn_regions=umn, lmn_regions=lmn)
                )
        definition = cset.muscle_definition
        lab_only = not cset.emg_counts_as_lmn
        gold_coast = cset.clinical_lmn_needs == "weakness_and_wasting"
        only_emg: list[Region] = []
        one_of_two: list[Region] = []
        reported: list[Region] = []
        for r in evidence.regions:
            emg = r.emg[definition]
            if emg.summaries:
                reported.append(r.region)
            if emg.positive:
                if lab_only and not cset.clinical_lmn(r):
                    only_emg.append(r.region)
            elif (
                gold_coast
                and r.weakness_or_wasting
                and not r.weakness_and_wasting
                and not r.split_weakness_and_wasting
                and not r.clinical_lmn_open
            ):
                one_of_two.append(r.region)
        if only_emg:
            notes.append(note("emg_counts_only_for_laboratory_support", only_emg))
        if one_of_two:
            notes.append(note("gold_coast_needs_weakness_and_wasting", one_of_two))
        on_muscles = ctx.muscle_notes(cset, evidence, readings.root_independence)
        notes.extend(on_muscles if kept else map(own_lists, on_muscles))
        shown = ctx.shared(("case_notes", id(evidence)), lambda: what_the_case_shows(evidence))
        if shown.accessory_studied:
            notes.append(note(f"accessory_muscles_counted_as_{readings.accessory_muscles}"))
        notes.extend(self._anatomy_notes(kept))
        if reported:
            notes.append(note("emg_taken_as_reported", reported))
        if shown.flagged:
            notes.append(note("signs_taken_from_flags", shown.flagged))
        if shown.split and gold_coast:
            notes.append(note("gold_coast_weakness_and_wasting_on_different_limbs", shown.split))
        if self._below_laboratory_support():
            notes.append(note("no_laboratory_supported_category", probable=readings.probable))
        if shown.twitching_unstudied:
            notes.append(
                note(
                    "fasciculations_alone_are_not_clinical_lmn",
                    shown.twitching_unstudied,
                    studied=False,
                )
            )
        if shown.twitching_studied:
            notes.append(
                note(
                    "fasciculations_alone_are_not_clinical_lmn",
                    shown.twitching_studied,
                    studied=True,
                )
            )
        if gold_coast and shown.unlisted_umn:
            notes.append(
                note(
                    "gold_coast_unlisted_umn_signs",
                    shown.unlisted_umn,
                    signs=list(shown.unlisted_umn_signs),
                )
            )
        return notes

    def _anatomy_notes(self, kept: bool) -> list[Note]:
        """Where the catalogue's anatomy, not the findings, decides what a muscle can do
        (criteria.md B.0, A.3.4): a paraspinal that can never pair, and a bulbar region made
        EMG-positive by an accessory-nerve muscle alone when that decides the category."""
        paraspinal = self._paraspinal()
        notes = list(paraspinal if kept else map(own_lists, paraspinal))
        bulbar = self._bulbar_note(self.ctx.kept_note if kept else self.ctx.note)
        if bulbar is not None:
            notes.append(bulbar)
        return notes

    def _paraspinal(self) -> tuple[Note, ...]:
        """The paraspinal note as kept, once a case for every set (note_pieces.py:
        `paraspinal_notes`)."""
        ctx = self.ctx
        evidence = self.verdict.evidence
        rule = self.readings.root_independence
        return ctx.shared(
            ("paraspinal_note", id(evidence), rule),
            lambda: paraspinal_notes(evidence, rule, ctx.kept_note),
        )

    def _bulbar_note(self, said: Callable[..., Note]) -> Note | None:
        """The note that an accessory-nerve muscle alone makes the bulbar region
        EMG-positive, where that decides the category; None otherwise."""
        accessory = self._bulbar_by_accessory_only
        if not accessory:
            return None
        case = self.ctx.case
        return named_note(
            "bulbar_emg_by_accessory_muscle_only",
            [Region.BULBAR],
            accessory,
            said=said,
            # the second look, as the plan words it: the cranial muscles left, in order
            second_look=second_look_keys(case),
            anticoagulated=case.contraindications.anticoagulated,
        )

    @property
    def _bulbar_by_accessory_only(self) -> list[StudiedMuscle]:
        """The accessory-nerve muscles (trapezius, sternocleidomastoid) that alone make the
        bulbar region EMG-positive (the default reading, A.3.4), when the category would be
        another without that bulbar EMG evidence; [] otherwise. Not kept: almost every case
        answers at the first or second test, and the one question after them is the
        engine's memo's (a `cached_property` cost more than the answer, under its lock)."""
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
        ctx = self.ctx
        # A change of a rule reading changes no evidence: its answer depends on the masks
        # alone, and is shared between cases. Most cases read the same evidence under every
        # reading, and that is all; the others also ask the readings that change evidence
        # (which come after the rule readings, as Readings orders its options).
        shared = list(self._kept_alternatives())
        if not ctx.evidence_varies_with_readings:
            return shared
        return shared + self._alternatives_of_evidence()

    def _alternatives_json(self) -> bytes:
        """The rule readings' alternatives as kept with their JSON, then (where a reading
        changes this case's evidence) those of the evidence readings, written after them in
        the same array."""
        ctx, cset, verdict = self.ctx, self.cset, self.verdict
        masks, gate_open = verdict.evidence.masks, verdict.gate_open
        kept = alternatives_json_for_masks(cset, self.readings, masks, gate_open, ctx.engine)
        if not ctx.evidence_varies_with_readings:
            return kept
        more = self._alternatives_of_evidence()
        if not more:
            return kept
        added = models_json(more)
        return added if kept == b"[]" else kept[:-1] + b"," + added[1:]

    def _kept_alternatives(self) -> tuple[AlternativeReading, ...]:
        ctx, cset, verdict = self.ctx, self.cset, self.verdict
        return alternatives_for_masks(
            cset, self.readings, verdict.evidence.masks, verdict.gate_open, ctx.engine
        )

    def _alternatives_of_evidence(self) -> list[AlternativeReading]:
        """The readings that change the evidence (after the rule readings, in order): each
        asked of the masks under the other reading alone (CaseContext.masks: for an
        ordinary case without the full evidence pass, which they equal, tests/
        test_quick_masks.py), as the verdict itself was."""
        ctx, cset, verdict = self.ctx, self.cset, self.verdict
        return alternative_readings(
            cset,
            self.readings,
            verdict,
            ctx.masks,
            ctx.engine,
            EVIDENCE_READINGS,
        )

    def plan(self) -> Plan | None:
        if not self.with_plan:
            return None
        return make_plan(*self._plan_inputs())

    def _plan_json(self) -> bytes:
        """The plan's JSON, its upgrade paths, items and suggestions written once for every
        case that shows them (plan/planning.py: plan_json), no copy of them made."""
        return plan_json(*self._plan_inputs(), self.ctx.engine.remember)

    def _plan_inputs(self) -> _PlanInputs:
        cset, readings, verdict = self.cset, self.readings, self.verdict
        engine = self.ctx.engine

        def upgrades() -> tuple[Upgrade, ...]:
            return upgrades_of(cset, readings, verdict.evidence.masks, verdict.pattern, engine)

        bulbar_rests_on = [m.key for m in self._bulbar_by_accessory_only]
        ctx, evidence, pattern = self.ctx, verdict.evidence, verdict.pattern
        # what the case alone shows, read once for every criteria set's plan
        stands = ctx.shared(("plan_standing", id(evidence)), lambda: standing(ctx.case, evidence))
        return (ctx.case, cset, readings, evidence, pattern, upgrades, bulbar_rests_on, stands)


def _with_json(models: tuple[Shortfall, ...]) -> tuple[tuple[Shortfall, ...], bytes]:
    """Kept models beside their JSON items, joined without the brackets (so that parts kept
    apart are written as one array)."""
    return models, b",".join(model_json(m) for m in models)


@cache
def _unexamined_json(cset: CriteriaSet) -> tuple[bytes, ...]:
    """Each region's JSON when nothing was recorded there, by rostro-caudal order (a table
    a criteria set: `unexamined_region_json` of each region)."""
    return tuple(unexamined_region_json(cset, region) for region in REGION_ORDER)


#: How each explanation but the plan is written from what is kept (Explainer.encoded; the
#: plan by Explainer._plan_json).
_WRITERS: dict[str, Callable[[Explainer], bytes]] = {
    "warnings": Explainer._warnings_json,
    "phenotype": Explainer._phenotype_json,
    "regions": Explainer._regions_json,
    "trace": Explainer._trace_json,
    "missing": Explainer._missing_json,
    "why_not_probable": Explainer._why_not_probable_json,
    "notes": Explainer._notes_json,
    "alternatives": Explainer._alternatives_json,
}
