"""Per-region evidence (criteria.md A.2): what each region shows before any criteria set counts it.

The criteria sets disagree on what counts (which EMG findings, which clinical LMN signs), so
this module computes every variant once and lets each criteria set pick its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.independence import RootRule, independent_pair
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.anatomy.vocabulary import in_vocabulary_order
from alscriteria.case.findings import EMGSummary, RegionFindings
from alscriteria.case.model import Case
from alscriteria.case.readings import Readings
from alscriteria.case.studies import MuscleStudy
from alscriteria.regions.masks import (
    DEFINITION_INDEX,
    CaseEvidence,
    EvidenceMasks,
    MuscleDefinition,
    RegionEMG,
    RegionFacts,
    SideSigns,
    StudiedMuscle,
)
from alscriteria.regions.summaries import summarised_emg

# RegionEMG, RegionFacts and CaseEvidence are never changed after they are built, but are
# not frozen: a frozen dataclass sets each field through object.__setattr__, which made the
# evidence pass (built for every case, several per region) measurably slower.


@cache
def _catalogue_anatomy(key: str, accessory_region: str) -> tuple[str, Region, frozenset[str], str]:
    known = catalogue()[key]
    return known.name, known.counted_in(accessory_region), known.roots, known.nerve


def studied_muscle(study: MuscleStudy, accessory_region: str) -> StudiedMuscle:
    if study.region is None:  # a catalogue muscle (the case model has checked it)
        name, region, roots, nerve = _catalogue_anatomy(study.muscle, accessory_region)
        return StudiedMuscle(study.muscle, name, study.side, region, roots, nerve, study)
    assert study.region is not None and study.roots is not None and study.nerve is not None
    return StudiedMuscle(
        study.muscle,
        study.muscle.replace("_", " "),
        study.side,
        study.region,
        frozenset(study.roots),
        study.nerve,
        study,
    )


_NO_EMG = RegionEMG((), (), ())
NO_EMG_BY_DEFINITION: Mapping[MuscleDefinition, RegionEMG] = MappingProxyType(
    {d: _NO_EMG for d in MuscleDefinition}
)


def _emg_of(region: Region, qualifying: tuple[StudiedMuscle, ...], rule: RootRule) -> RegionEMG:
    """A region's EMG from its qualifying muscles: one muscle outside the limbs, an
    independent pair in a limb region, and in a limb each side with a pair of its own."""
    if not qualifying:
        return _NO_EMG
    if not region.is_limb:
        return RegionEMG(qualifying, qualifying[:1], ())
    if len(qualifying) < 2:  # no pair, on either side
        return RegionEMG(qualifying, (), ())
    pair = independent_pair(qualifying, rule)
    sides = tuple(
        side
        for side in ("left", "right")
        if independent_pair([m for m in qualifying if m.side == side], rule) is not None
    )
    return RegionEMG(qualifying, pair or (), sides)


def _emg_by_definition(
    region: Region,
    el_escorial: tuple[StudiedMuscle, ...],
    awaji: tuple[StudiedMuscle, ...],
    rule: RootRule,
) -> dict[MuscleDefinition, RegionEMG]:
    """Both definitions' answers from each one's qualifying muscles (`StudiedMuscle.qualifies`,
    in the order studied); where Awaji's are El Escorial's (no muscle qualifies by
    fasciculation potentials alone), both read one answer."""
    first = _emg_of(region, el_escorial, rule)
    same = len(awaji) == len(el_escorial)  # Awaji's muscles include El Escorial's
    return {
        MuscleDefinition.EL_ESCORIAL: first,
        MuscleDefinition.AWAJI: first if same else _emg_of(region, awaji, rule),
    }


def _qualifying(
    by_region: dict[Region, list[StudiedMuscle]], region: Region
) -> tuple[StudiedMuscle, ...]:
    found = by_region.get(region)
    return tuple(found) if found else ()


def _with_summaries(
    region: Region,
    emg: RegionEMG,
    summaries: tuple[tuple[str, EMGSummary], ...],
    definition: MuscleDefinition,
    rule: RootRule,
    accessory: str,
    elsewhere: tuple[EMGSummary, ...] = (),
) -> RegionEMG:
    """The muscle records' answer joined with the summaries' (A.2, three-valued).

    A bulbar summary may rest on sternocleidomastoid or trapezius alone; where the reading
    counts those as cervical (A.3.4), its yes is open, and the cervical region gets it as a
    possible source of one more muscle (`elsewhere`)."""
    by_side: dict[str, int] = {}
    for m in emg.qualifying:
        by_side[m.side or ""] = by_side.get(m.side or "", 0) + 1
    found = summarised_emg(
        region.is_limb,
        summaries,
        definition.value,
        rule,
        by_side,
        bool(emg.witness),
        emg.positive_sides,
        elsewhere,
    )
    whole = found.positive
    accessory_apart = region is Region.BULBAR and accessory != "bulbar" and not emg.witness
    if whole is True and accessory_apart:
        whole = None
    because = (
        *(("accessory_muscles_only",) if accessory_apart and whole is None else ()),
        *(("accessory_muscle_from_bulbar",) if found.from_elsewhere else ()),
    )
    return RegionEMG(
        emg.qualifying,
        emg.witness,
        tuple(side for side, answer in found.sides if answer is True),
        found.used,
        whole is True and not emg.witness,
        whole is None,
        tuple(side for side, answer in found.sides if answer is None),
        because,
    )


def _side_signs(findings: RegionFindings) -> tuple[SideSigns, ...]:
    return tuple(
        SideSigns(
            side,
            in_vocabulary_order("umn_signs", given.umn_signs),
            in_vocabulary_order("lmn_signs", given.lmn_signs),
            _flags_given(given.umn, given.lmn),
        )
        for side, given in findings.sides
    )


def _flags_given(umn: bool | None, lmn: bool | None) -> tuple[str, ...]:
    return (*(("umn",) if umn else ()), *(("lmn",) if lmn else ()))


def _reported_flags(findings: RegionFindings) -> tuple[str, ...]:
    umn = any(u for _, u, _ in findings.flags)
    lmn = any(m for _, _, m in findings.flags)
    return _flags_given(umn, lmn)


def gather_evidence(case: Case, readings: Readings) -> CaseEvidence:
    """Every region's evidence under every muscle definition, in one pass over the case."""
    rule: RootRule = readings.root_independence
    accessory = readings.accessory_muscles
    by_region: dict[Region, list[StudiedMuscle]] = {}
    # each definition's qualifying muscles (StudiedMuscle.qualifies), sorted as they are read
    el_escorial: dict[Region, list[StudiedMuscle]] = {}
    awaji: dict[Region, list[StudiedMuscle]] = {}
    for study in case.emg:
        muscle = studied_muscle(study, accessory)
        by_region.setdefault(muscle.region, []).append(muscle)
        if study.chronic_neurogenic_change:
            if study.fibrillation_potentials or study.positive_sharp_waves:
                el_escorial.setdefault(muscle.region, []).append(muscle)
                awaji.setdefault(muscle.region, []).append(muscle)
            elif study.fasciculation_potentials:
                awaji.setdefault(muscle.region, []).append(muscle)
    facts = []
    umn = weak_or = weak_and = 0
    emg = [0, 0]
    limbs = [0, 0]
    open_emg = [0, 0]
    open_limbs = [0, 0]
    open_weak_and = 0
    recorded = case.regions
    any_registry = case.registry_input
    bulbar = recorded.get(Region.BULBAR) if any_registry else None
    # where sternocleidomastoid and trapezius count as cervical, a bulbar summary may rest on
    # one of them: a possible cervical muscle that the summary does not name
    spilled: tuple[EMGSummary, ...] = (
        tuple(summary for _, summary in bulbar.emg_summaries)
        if bulbar is not None and accessory != Region.BULBAR.value
        else ()
    )
    for order, region in enumerate(REGION_ORDER):
        bit = 1 << order
        listed = by_region.get(region)
        here = tuple(listed) if listed else ()
        findings = recorded.get(region)
        # registry input (sides, flags, EMG summaries) is rare: one check keeps it off the
        # path of ordinary cases
        registry = (
            any_registry
            and findings is not None
            and not (
                findings.emg is None
                and findings.left is None
                and findings.right is None
                and findings.umn is None
                and findings.lmn is None
            )
        )
        summaries = findings.emg_summaries if registry else ()  # type: ignore[union-attr]
        elsewhere = spilled if region is Region.CERVICAL else ()
        if here or summaries:
            by_definition: Mapping[MuscleDefinition, RegionEMG] = _emg_by_definition(
                region, _qualifying(el_escorial, region), _qualifying(awaji, region), rule
            )
            if summaries or (elsewhere and here):
                by_definition = {
                    d: _with_summaries(region, e, summaries, d, rule, accessory, elsewhere)
                    for d, e in by_definition.items()
                }
            for d, i in DEFINITION_INDEX.items():
                found = by_definition[d]
                if found.witness or found.by_summary:
                    emg[i] |= bit
                elif found.open:
                    open_emg[i] |= bit
                limbs[i] += len(found.positive_sides)
                open_limbs[i] += len(found.open_sides)
        else:
            by_definition = NO_EMG_BY_DEFINITION
        if findings is None:
            region_facts = RegionFacts(region, bool(here), (), (), here, by_definition)
        elif not registry:
            umn_signs = in_vocabulary_order("umn_signs", findings.umn_signs)
            lmn_signs = in_vocabulary_order("lmn_signs", findings.lmn_signs)
            region_facts = RegionFacts(region, True, umn_signs, lmn_signs, here, by_definition)
            if umn_signs:
                umn |= bit
            if lmn_signs:
                weak = "weakness" in lmn_signs
                wasting = "wasting" in lmn_signs
                if weak or wasting:
                    weak_or |= bit
                if weak and wasting:
                    weak_and |= bit
        else:
            region_facts = RegionFacts(
                region,
                True,
                in_vocabulary_order("umn_signs", findings.all_umn_signs),
                in_vocabulary_order("lmn_signs", findings.all_lmn_signs),
                here,
                by_definition,
                _side_signs(findings),
                summaries,
                _reported_flags(findings),
                in_vocabulary_order("lmn_signs", findings.lmn_signs),
            )
            if region_facts.umn:
                umn |= bit
            if region_facts.weakness_or_wasting:
                weak_or |= bit
            if region_facts.weakness_and_wasting:
                weak_and |= bit
            elif region_facts.clinical_lmn_open:
                open_weak_and |= bit
        facts.append(region_facts)
    masks = EvidenceMasks(umn, weak_or, weak_and, (emg[0], emg[1]), (limbs[0], limbs[1]))
    if not any_registry:
        return CaseEvidence(tuple(facts), masks)
    return CaseEvidence(
        tuple(facts),
        masks,
        (open_emg[0], open_emg[1]),
        (open_limbs[0], open_limbs[1]),
        open_weak_and,
        bool(open_emg[0] or open_emg[1] or open_limbs[0] or open_limbs[1] or open_weak_and),
    )
