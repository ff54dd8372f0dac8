"""What EMG could still decide: the regions left open and whether their findings could change
the category.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alscriteria.anatomy.independence import RootRule
from alscriteria.assess.models.explanations import OpenRegion, Undecided
from alscriteria.assess.verdict import Verdict, decision
from alscriteria.case.readings import Readings
from alscriteria.criteria import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import DEFINITION_INDEX, CaseEvidence, EvidenceMasks
from alscriteria.regions.summaries import open_questions, qualifies

if TYPE_CHECKING:
    # the context builds explanations (context -> explain): a type only, no import back
    from alscriteria.assess.context import CaseContext


def submasks(mask: int) -> list[int]:
    """Every subset of the bits of `mask` (at most 16: there are four regions)."""
    out = [0]
    bit = 1
    while bit <= mask:
        if mask & bit:
            out += [m | bit for m in out]
        bit <<= 1
    return out


def counts_limbs(cset: CriteriaSet, readings: Readings) -> bool:
    """Whether limbs, not regions, are counted (the two-limb reading of A.3.4)."""
    return "lab_supported_emg" in cset.readings_used and readings.lab_supported_emg == "limbs"


def open_regions(
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
            qualifies(summary, definition.value) is not False for _, summary in facts.summaries
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
            OpenRegion.said(region=facts.region, missing=missing, own_summary=bool(facts.summaries))
        )
    return out


def undecided_of(
    ctx: CaseContext, cset: CriteriaSet, readings: Readings, verdict: Verdict
) -> Undecided | None:
    """Every category the EMG summaries allow, when they allow more than one (A.2 applied
    to what they say; the rest is left open, not guessed)."""
    evidence = verdict.evidence
    if not evidence.anything_open:
        return None  # every ordinary case
    i = DEFINITION_INDEX[cset.muscle_definition]
    limbs_counted = counts_limbs(cset, readings)
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
    for bits in submasks(open_bits):
        for clinical in submasks(open_clinical):
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
                patterns.add(decision(cset, spec, ctx.engine.fire(spec, fact))[1])
    if len(patterns) == 1:
        return None
    rank = {c: n for n, c in enumerate(cset.ladder)}
    ordered = sorted(patterns, key=rank.__getitem__)
    categories = ordered if verdict.gate_open else [Category.NOT_MET]
    regions = open_regions(cset, evidence, readings.root_independence, limbs_counted)
    return Undecided.said(categories=categories, pattern_categories=ordered, regions=regions)
