"""What one case shares across its criteria sets: evidence, engine, prerequisites and the
explanations every set reads, computed once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from operator import attrgetter
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES, catalogue, muscle_label
from alscriteria.anatomy.independence import ROOT_RULES, RootRule
from alscriteria.anatomy.regions import Region
from alscriteria.assess.assessment import EngineInfo, Prerequisites
from alscriteria.assess.explain.notes import make_note, notes_on_muscles
from alscriteria.assess.explain.regions import (
    evidence_of_region,
    muscle_evidence_of,
    region_frame,
    region_like,
)
from alscriteria.assess.held import Held
from alscriteria.assess.models.advice import Phenotype, PlanItem, item_for
from alscriteria.assess.models.base import WordValue, own_lists
from alscriteria.assess.models.explanations import MuscleEvidence, Note, RegionEvidence
from alscriteria.assess.models.pieces import model_json, models_json
from alscriteria.assess.pattern import pattern_of, quick_pattern
from alscriteria.assess.phenotype import motor_phenotype, phenotype_key, unexamined_regions
from alscriteria.assess.red_flags import (
    any_conduction_finding,
    bulbar_examined,
    flags_key,
    flags_of_pattern,
    red_flags,
    treatable_mimic_findings,
)
from alscriteria.case.fast import Noted
from alscriteria.case.model import Case
from alscriteria.case.readings import DEFAULT_READINGS, Readings
from alscriteria.criteria import CriteriaSet
from alscriteria.regions.evidence import NO_EMG_BY_DEFINITION, gather_evidence
from alscriteria.regions.masks import (
    CaseEvidence,
    EvidenceMasks,
    FindingsPattern,
    MuscleDefinition,
    RegionEMG,
    RegionFacts,
    StudiedMuscle,
)
from alscriteria.regions.quick import noted_masks, ordinary_masks
from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.facts import gate_fact
from alscriteria.rules.rule import GateFact
from alscriteria.voice import voice

T = TypeVar("T")
_muscle_of = attrgetter("muscle")
#: The EMG of a region without muscles or summaries, under either muscle definition.
_NO_EMG = next(iter(NO_EMG_BY_DEFINITION.values()))
_UNBUILT = object()


def catalogue_sites(labels: list[str]) -> bool:
    """Whether every muscle a note names is a catalogue muscle ("deltoid (right)", as
    `muscle_label` writes a site): a closed domain (the catalogue, two sides), so the note is
    worded once for every case that names the same (a muscle the case named itself stays
    the case's own, as what a case makes up is never kept for others)."""
    known = _catalogue_labels()
    return all(label in known for label in labels)


@cache
def _catalogue_labels() -> frozenset[str]:
    """Every site a catalogue muscle can be listed as (`muscle_label`: the key, alone or with
    a side), whole: a muscle the case named itself "deltoid (posterior)" begins like one,
    and a label cut at its first bracket took it for the catalogue's (session 11 review R1)."""
    return frozenset(
        muscle_label(key, side) for key in catalogue() for side in (None, "left", "right")
    )


def _frozen(value: object) -> object:
    """A worded model's field as a memo key: a list as a tuple, the type kept (True is not 1)."""
    return (type(value), tuple(value) if isinstance(value, list) else value)


class CaseContext:
    """One case's evidence, computed once per reading that can change it, and its engine."""

    # one context a case, every attribute set in __init__: slots build it without a dict
    __slots__ = (
        "_accessory_matters",
        "_evidence",
        "_last_masks",
        "_masks",
        "_muscle_notes",
        "_muscles",
        "_noted",
        "_patterns",
        "_prerequisites",
        "_regions",
        "_shared",
        "_varies",
        "case",
        "engine",
        "gate",
        "registry_input",
    )

    def __init__(self, case: Case, engine: RuleEngine, noted: Noted | None = None) -> None:
        """`noted`: what the case reader noted of an ordinary case on its one pass (case/
        fast.py `Noted`), where it read the case: the masks are then made from it."""
        self.case = case
        self._noted = noted
        self.engine = engine
        # what the prerequisites lack and the gate's fact, laid out once for every case alike
        alternative = case.alternative_diagnosis
        fields, missing, given, self.gate = _prerequisites_of(
            case.progression, case.other_causes_excluded, alternative is not None
        )
        if alternative is not None:  # the case's own words
            fields = fields.copy()
            fields["alternative_diagnosis"] = alternative
        self._prerequisites = (fields, missing, given)
        self._evidence: dict[tuple[str, str], CaseEvidence] = {}
        self._masks: dict[tuple[str, str], EvidenceMasks] = {}
        self._last_masks: tuple[Readings, EvidenceMasks] | None = None
        # Built once per case and shared by the criteria sets. Keyed by id: every evidence,
        # region and muscle keyed here is held by `_evidence` for the context's whole life,
        # so no id can be reused while its entry exists.
        self._muscles: dict[int, MuscleEvidence] = {}
        self._regions: dict[tuple[object, ...], RegionEvidence] = {}
        self._patterns: dict[tuple[str, str], FindingsPattern] = {}
        self._muscle_notes: dict[tuple[int, MuscleDefinition], list[Note]] = {}
        self._shared: dict[tuple[object, ...], Any] = {}  # see shared()
        self._varies: bool | None = None
        # The accessory reading needs an accessory muscle to matter (the root reading, two
        # qualifying muscles in one limb region: see CaseEvidence.root_rule_matters).
        # ... or a bulbar EMG summary, which may rest on those muscles alone
        emg = case.emg
        if noted is not None:
            studied = noted.accessory
        else:
            studied = bool(emg) and not ACCESSORY_MUSCLES.isdisjoint(map(_muscle_of, emg))
        if studied:
            self._accessory_matters = True
        else:
            bulbar = case.regions.get(Region.BULBAR)
            self._accessory_matters = bulbar is not None and bulbar.emg is not None
        self.registry_input = case.registry_input

    @property
    def engine_info(self) -> EngineInfo:
        """The engine a result names (read where a result's fields are first laid out)."""
        info = self.engine.info
        return engine_info_of(info.name, info.version)

    def pattern(self, readings: Readings) -> FindingsPattern:
        """The pattern of the findings under these readings: all the red flags and the
        phenotype read (assess/pattern.py). Read from the full evidence where it was
        gathered; otherwise, for an ordinary case, from the case and the verdicts' masks, so
        a cohort row that reads the red flags and the phenotype (and no other explanation)
        never gathers the record of each region."""
        accessory = readings.accessory_muscles if self._accessory_matters else ""
        key = (readings.root_independence, accessory)
        found = self._patterns.get(key)
        if found is None:
            gathered = self._evidence.get(key)
            quick = None
            if gathered is None:
                quick = quick_pattern(self.case, readings.accessory_muscles, self.masks(readings))
            found = pattern_of(self.evidence(readings)) if quick is None else quick
            self._patterns[key] = found
        return found

    def warnings(self, found: CaseEvidence | FindingsPattern) -> list[PlanItem]:
        """The case's red flags (the same for every criteria set that reads this evidence,
        or this pattern of it), handed to each result with lists of its own (`own_lists`):
        changing one result must not change another, of this patient or the next, nor the
        flags kept (whose JSON the stitched dump writes: `warnings_json`)."""
        return [own_lists(f) for f in self._red_flags(found)]

    def warnings_json(self, found: CaseEvidence | FindingsPattern) -> bytes:
        """The red flags' JSON, written once a case from the flags as kept (never handed out):
        where they are the pattern's alone (no conduction finding, no other cause recorded),
        once for every case with the pattern, beside its flags in the engine memo."""
        return self.shared(("warnings_json", id(found)), lambda: self._written_flags(found))

    def _written_flags(self, found: CaseEvidence | FindingsPattern) -> bytes:
        case = self.case
        if case.alternative_diagnosis is not None or any_conduction_finding(case):
            return models_json(self._red_flags(found))
        pattern = found if isinstance(found, FindingsPattern) else pattern_of(found)
        return self.engine.remember(
            "red_flags_json",
            (Held(voice()), flags_key(pattern), bulbar_examined(case)),
            lambda: models_json(self._pattern_flags(pattern)),
        )

    def _red_flags(self, found: CaseEvidence | FindingsPattern) -> list[PlanItem]:
        """The red flags as kept: the pattern's from the engine memo, the case's own."""
        return self.shared(
            ("red_flags", id(found)), lambda: red_flags(self.case, found, self._pattern_flags)
        )

    def _pattern_flags(self, pattern: FindingsPattern) -> list[PlanItem]:
        """The red flags of the pattern alone, kept in the engine memo for every case alike
        in what they read (red_flags.flags_key: region masks, flags, accessory-nerve muscle
        keys, a closed domain) and whether the bulbar region was examined (the cord flag
        says it), by the voice installed now; on a miss each flag is worded
        once for every case too (`_item_said`): the same few flags recur under many keys."""
        key = flags_key(pattern)
        examined = bulbar_examined(self.case)
        return self.engine.remember(
            "red_flags",
            (Held(voice()), key, examined),
            lambda: flags_of_pattern(key, self._item_said, examined),
        )

    def _item_said(self, code: str, **values: WordValue) -> PlanItem:
        """A red flag worded once for every case with the same code and values (codes,
        region codes, catalogue keys, flags: a closed domain), by the voice installed now."""
        key = (Held(voice()), code, *[(k, _frozen(v)) for k, v in values.items()])
        return self.engine.remember("red_flag", key, lambda: item_for(code, **values))

    def phenotype(self, found: CaseEvidence | FindingsPattern) -> Phenotype:
        """The motor phenotype (A.6): the same for every criteria set, never a category.
        Without dates it is a function of the pattern of the findings alone: built once for
        every case alike in what it reads (phenotype.phenotype_key), and on a miss worded
        once for every case with the same fields (`_phenotype_said`); both in the engine
        memo, by the voice installed now; handed to each result with lists of its own."""
        return own_lists(self._kept_phenotype(found))

    def phenotype_json(self, found: CaseEvidence | FindingsPattern) -> bytes:
        """The phenotype's JSON, made once for every case that shows the same kept one
        (and looked up there once a case)."""
        return self.shared(
            ("phenotype_json", id(found)), lambda: self.kept_json(self._kept_phenotype(found))
        )

    def _kept_phenotype(self, found: CaseEvidence | FindingsPattern) -> Phenotype:
        return self.shared(("kept_phenotype", id(found)), lambda: self._phenotype_of(found))

    def _phenotype_of(self, found: CaseEvidence | FindingsPattern) -> Phenotype:
        pattern = found if isinstance(found, FindingsPattern) else pattern_of(found)
        case = self.case
        alternative = case.alternative_diagnosis is not None
        excluded = case.other_causes_excluded is True
        unexamined = unexamined_regions(case)
        mimic = bool(treatable_mimic_findings(case))
        key = phenotype_key(pattern)
        return self.engine.remember(
            "phenotype_of",
            (Held(voice()), key, alternative, excluded, unexamined, mimic),
            lambda: motor_phenotype(
                key,
                alternative=alternative,
                excluded=excluded,
                unexamined=unexamined,
                mimic=mimic,
                said=self._phenotype_said,
            ),
        )

    def _phenotype_said(self, **fields: Any) -> Phenotype:
        """A phenotype worded once for every case with the same codes, regions and values (a
        closed domain: codes, region lists, flags; no date outside a history), by the voice
        installed now: kept in the engine memo, as what a rule lacks is."""
        key = (Held(voice()), *[(k, _frozen(v)) for k, v in fields.items()])
        return self.engine.remember("phenotype", key, lambda: Phenotype.said(**fields))

    def muscle_notes(
        self, cset: CriteriaSet, evidence: CaseEvidence, root_rule: RootRule
    ) -> list[Note]:
        """What the muscle definition made of the muscles (shared by Awaji and Gold Coast),
        as kept: never handed out (a result reads them through `own_lists`).

        Evidence gathered under one root reading is shared with the other only when no limb
        region has two qualifying muscles, and then no note depends on the root reading.
        """
        key = (id(evidence), cset.muscle_definition)
        found = self._muscle_notes.get(key)
        if found is None:
            found = self._muscle_notes[key] = notes_on_muscles(
                cset, evidence, root_rule, self.kept_note
            )
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
            # another set built this region already from the same EMG (its muscle definition
            # gave the same muscles, or none were studied): only what the set's own LMN
            # definition decides differs (regions.py: region_like)
            emg = facts.emg[cset.muscle_definition]
            like = ("region", id(facts))
            built: tuple[RegionEMG, RegionEvidence] | None = self._shared.get(like)
            if built is not None and (built[0] is emg or built[0] == emg):
                found = region_like(built[1], cset, facts)
            else:
                found = evidence_of_region(cset, facts, self.muscle_evidence)
                if built is None:
                    self._shared[like] = (emg, found)
            self._regions[key] = found
        return found

    def region_json(self, cset: CriteriaSet, facts: RegionFacts) -> bytes:
        """The JSON of `region_evidence`, made once a case for every criteria set that reads
        the region alike: the same EMG (both muscle definitions read one answer where no
        muscle qualifies by fasciculation potentials alone, and a region without muscles
        reads none) and the same answers of the set's own LMN definition, which is all of
        the criteria set that `region_fields` and `region_like` read."""
        open_flag = cset.clinical_lmn_needs == "weakness_and_wasting" and facts.clinical_lmn_open
        return self.region_json_as(
            cset, facts, cset.clinical_lmn(facts), cset.counts_as_lmn(facts), open_flag
        )

    def region_json_as(
        self,
        cset: CriteriaSet,
        facts: RegionFacts,
        clinical_lmn: bool,
        lmn: bool,
        open_flag: bool = False,
    ) -> bytes:
        """`region_json` with the set's answers for the region given (clinical LMN, counted
        as LMN, and a Gold Coast flag left open), as the set's masks give them for a case
        without registry input (explainer.py `_regions_json`), where no flag is open."""
        emg = facts.emg[cset.muscle_definition]
        key = ("region_json", id(facts), id(emg), clinical_lmn, lmn, open_flag)
        found: bytes | None = self._shared.get(key)
        if found is None:
            if facts.studied and not self.registry_input:
                found = self._studied_region_json(cset, facts, emg, clinical_lmn, lmn)
            elif facts.studied or facts.sides or facts.summaries or emg is not _NO_EMG:
                found = model_json(self.region_evidence(cset, facts))
            else:  # no muscle, summary or side: the same JSON for every case with its signs
                plain = (facts.region, facts.examined, facts.umn_signs, facts.lmn_signs)
                found = self.engine.remember(
                    "region_json",
                    (*plain, facts.reported_flags, *key[3:]),
                    lambda: model_json(self.region_evidence(cset, facts)),
                )
            self._shared[key] = found
        return found

    def _studied_region_json(
        self,
        cset: CriteriaSet,
        facts: RegionFacts,
        emg: RegionEMG,
        clinical_lmn: bool,
        lmn: bool,
    ) -> bytes:
        """A region with muscle records, in a case without registry input (no sides,
        summaries or flags anywhere), written from pieces: its frame, everything but the two
        lists of muscles, kept for every case alike in what the frame shows (explain/
        regions.py `region_frame`), and each muscle's JSON (`muscle_json`) in the lists."""
        key = (
            facts.region,
            facts.umn_signs,
            facts.lmn_signs,
            clinical_lmn,
            lmn,
            emg.positive,
            emg.positive_sides,
            len(facts.studied),
            emg.open,
        )
        head, tail = self.engine.remember("region_frame", key, lambda: region_frame(cset, facts))
        muscle = self.muscle_json
        witness = b",".join([muscle(m) for m in emg.witness])
        qualifying = b",".join([muscle(m) for m in emg.qualifying])
        return head + witness + b'],"qualifying_muscles":[' + qualifying + tail

    def muscle_json(self, muscle: StudiedMuscle) -> bytes:
        """A muscle's JSON as results show it: a catalogue muscle's once for every case
        that studied it alike (its key, side, region under the accessory reading and
        findings: a closed domain; its name, roots and nerve are the catalogue's), in the
        engine memo; a muscle with the case's own anatomy once a case."""
        study = muscle.study
        if study.region is not None:  # its own anatomy: the case's own
            return self.case_json(self.muscle_evidence(muscle))
        key = (
            muscle.key,
            muscle.side,
            muscle.region,
            study.fibrillation_potentials,
            study.positive_sharp_waves,
            study.fasciculation_potentials,
            study.chronic_neurogenic_change,
        )
        return self.engine.remember(
            "muscle_json", key, lambda: model_json(muscle_evidence_of(muscle))
        )

    def shared(self, key: tuple[object, ...], build: Callable[[], T]) -> T:
        """A part of the explanations the criteria sets of this case share, built once. The
        key names the part first; an object in it is keyed by id only if this context keeps
        it (its evidence and what that holds: regions, muscles), so no id is reused."""
        found = self._shared.get(key, _UNBUILT)
        if found is _UNBUILT:
            found = self._shared[key] = build()
        return cast(T, found)

    def note(
        self,
        code: str,
        regions: list[Region] | None = None,
        muscles: list[str] | None = None,
        **values: WordValue,
    ) -> Note:
        """A note (explain/notes.py: make_note) worded once for every case, or once a case
        where it names a muscle outside the catalogue (`kept_note`), handed to each result
        with lists of its own."""
        return own_lists(self.kept_note(code, regions, muscles, **values))

    def kept_note(
        self,
        code: str,
        regions: list[Region] | None = None,
        muscles: list[str] | None = None,
        **values: WordValue,
    ) -> Note:
        """The note as kept (`note` without the copy), for the note's JSON alone."""
        key = (
            "note",
            code,
            tuple(regions or ()),
            tuple(muscles or ()),
            *[(k, _frozen(v)) for k, v in values.items()],
        )
        if muscles and not catalogue_sites(muscles):  # a muscle the case named: its own
            return self.shared(key, lambda: make_note(code, regions, muscles, **values))
        # codes, regions, readings and catalogue muscles with their sides alone (a closed
        # domain): kept for every case, in the engine memo, worded by the voice installed now
        return self.engine.remember(
            "note", (Held(voice()), *key), lambda: make_note(code, regions, muscles, **values)
        )

    def notes_json(
        self, key: tuple[object, ...], build: Callable[[], tuple[bytes, bytes, bytes]]
    ) -> tuple[bytes, bytes, bytes]:
        """The JSON of the notes an ordinary case's findings give a criteria set (all but
        those naming its muscles: explainer.py `_ordinary_notes_json`), kept for every set
        and case with the same key (codes, region masks and readings: a closed domain) in
        one entry of the engine memo, by the voice installed now."""
        return self.engine.remember("notes_json", (Held(voice()), *key), build)

    def trace_plan(
        self, fired: tuple[object, ...], key: tuple[object, ...], build: Callable[[], T]
    ) -> T:
        """A criteria set's plan of its trace (explain/trace.py: trace_plan), kept for every
        case whose set fires the same rules (`fired`: the very tuple the verdict's decision
        keeps for them, held by the key so its id is not reused) on the same masks (`key`)."""
        return self.engine.remember("trace_plan", (Held(fired), *key), build)

    def note_json(self, kept: Note) -> bytes:
        """The JSON of a note as kept (`kept_note`): beside it in the engine memo where the
        note is kept for every case, once a case where it names a muscle of the case's own."""
        if kept.muscles and not catalogue_sites(kept.muscles):
            return self.case_json(kept)
        return self.kept_json(kept)

    def case_json(self, model: BaseModel) -> bytes:
        """A model's JSON made once a case (a region, a rule's findings, a note naming the
        case's muscles: shown by several criteria sets). Keyed by id with the model held in
        the entry, so the id cannot be reused while the entry lives."""
        key = ("json", id(model))
        found: tuple[BaseModel, bytes] | None = self._shared.get(key)
        if found is None:
            found = self._shared[key] = (model, model_json(model))
        return found[1]

    def kept_json(self, kept: BaseModel) -> bytes:
        """The JSON of a model kept in the engine memo for every case alike, made once beside
        it: in the memo too, keyed by the very object (held by its key, so its id is not
        reused), under the memo's bound."""
        return self.engine.remember("json", Held(kept), lambda: model_json(kept))

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
            found = self._muscles[id(muscle)] = muscle_evidence_of(muscle)
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

    def masks(self, readings: Readings) -> EvidenceMasks:
        """The evidence masks under these readings: all a verdict reads. Taken from the full
        evidence where it was gathered; otherwise made without it (regions/quick.py), so a
        caller that reads only categories never gathers the record the explanations read."""
        last = self._last_masks
        if last is not None and last[0] is readings:  # every criteria set asks in turn
            return last[1]
        accessory = readings.accessory_muscles if self._accessory_matters else ""
        key = (readings.root_independence, accessory)
        gathered = self._evidence.get(key)
        found = gathered.masks if gathered is not None else self._masks.get(key)
        if found is None:
            if self.registry_input:  # the full pass, which can leave answers open
                found = self.evidence(readings).masks
            else:  # quick_masks, whose question whether the case holds registry input is ours
                rule, muscles = readings.root_independence, readings.accessory_muscles
                noted = self._noted
                if noted is None:
                    found = ordinary_masks(self.case, rule, muscles)
                else:
                    found = noted_masks(noted, rule, muscles)
                self._masks[key] = found
        self._last_masks = (readings, found)
        return found

    def prerequisites_laid(self) -> tuple[dict[str, Any], tuple[str, ...], set[str]]:
        """What the prerequisites lack (`prerequisites_of`) laid out, never handed out: the
        fields but `missing` (the case's diagnosis in place), the codes missing and the names
        given, each copied into a model of its own for each result (assess/evaluate.py): one
        result's `missing`, changed by its caller, is no other result's."""
        return self._prerequisites

    def anything_open(self, readings: Readings) -> bool:
        """Whether EMG summaries or flags leave some answer open (only registry input can)."""
        return self.registry_input and self.evidence(readings).anything_open

    def gate_open(self, cset: CriteriaSet) -> bool:
        return bool(self.engine.fire(cset.gate_ruleset(), self.gate))


@cache
def engine_info_of(name: str, version: str) -> EngineInfo:
    """The engine a result names, from the engine's own strings: built as validation builds
    it, without building EngineInfo's validator on a process's first evaluation."""
    return EngineInfo.built(name=name, version=version)


def excluded_status(case: Case) -> bool | None:
    """Other causes excluded, as the gate asks it (A.3): another cause recorded means they
    are not (a case cannot say both: parse_case refuses it)."""
    return False if case.alternative_diagnosis is not None else case.other_causes_excluded


def prerequisites_of(case: Case) -> Prerequisites:
    """What the prerequisites lack; another cause recorded is named as such, not as an
    exclusion still pending ("alternative_diagnosis" in place of "other_causes_excluded").
    The definition `CaseContext.prerequisites` lays out once (tests hold the two equal)."""
    missing = [] if case.progression is True else ["progression"]
    if case.alternative_diagnosis is not None:
        missing.append("alternative_diagnosis")
    elif case.other_causes_excluded is not True:
        missing.append("other_causes_excluded")
    return Prerequisites.built(
        progression=case.progression,
        other_causes_excluded=case.other_causes_excluded,
        alternative_diagnosis=case.alternative_diagnosis,
        met=not missing,
        missing=missing,
    )


_Prerequisites = tuple[dict[str, Any], tuple[str, ...], set[str], GateFact]


@cache
def _prerequisites_of(
    progression: bool | None, excluded: bool | None, alternative: bool
) -> _Prerequisites:
    """`prerequisites_of` laid out for every case alike in its two answers and whether
    another cause is recorded (a closed domain: 18): the fields in the model's order but the
    diagnosis, the codes missing and the names given (each result takes copies of its own);
    and the fact the gate is asked about (`excluded_status`: another cause recorded means
    other causes are not excluded)."""
    missing: tuple[str, ...] = () if progression is True else ("progression",)
    if alternative:
        missing += ("alternative_diagnosis",)
    elif excluded is not True:
        missing += ("other_causes_excluded",)
    fields = {
        "progression": progression,
        "other_causes_excluded": excluded,
        "alternative_diagnosis": None,
        "met": not missing,
        "missing": None,
    }
    return fields, missing, set(fields), gate_fact(progression, False if alternative else excluded)
