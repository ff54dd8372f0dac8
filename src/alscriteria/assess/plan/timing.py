"""When to look again (criteria.md A.4): the first study, the repeat interval, the
prerequisites' steps and the mimic work-up.
"""

from __future__ import annotations

from collections.abc import Sequence

from alscriteria.anatomy.regions import Region
from alscriteria.assess.models.advice import PlanItem, PlanReason, Upgrade
from alscriteria.assess.models.base import WordValue
from alscriteria.assess.plan.needling import blocked_sides
from alscriteria.assess.plan.situations import (
    Standing,
    first_study_due,
    involved_regions,
    mimic_workup_pending,
    needle_study_recorded,
    umn_only,
)
from alscriteria.assess.plan.upgrades import CLINICAL_ORDER
from alscriteria.assess.plan.words import WORDED, PlanWords
from alscriteria.assess.red_flags import mimic_conflicts_with_exclusion, treatable_mimic_findings
from alscriteria.case.model import Case
from alscriteria.case.studies import NerveConduction
from alscriteria.criteria.base import CriteriaSet
from alscriteria.criteria.category import Category

#: The timings that advise a repeat needle study: only beside one of them does the plan
#: list the muscles that were spared (A.4; B.4.4).
REPEAT_TIMINGS = frozenset(
    {
        "repeat_in_3_months",
        "repeat_in_3_months_if_suspected",
        "repeat_at_progression_review",
        "umn_only_yearly_emg",
    }
)

#: The timings that say EMG cannot raise the category: every path needs new clinical
#: findings, which only the examination shows (`_looking_again`); the second where some
#: paths' EMG is barred by the needling contraindications. Defined once: the history's next
#: visit reads them to say what the re-examination looks for (history/next_visit.py).
EMG_CANNOT_RAISE = "emg_cannot_raise"
EMG_CANNOT_RAISE_NEEDLE_BARRED = "emg_cannot_raise_needle_barred"
CLINICAL_ONLY_TIMINGS = frozenset({EMG_CANNOT_RAISE, EMG_CANNOT_RAISE_NEEDLE_BARRED})


def _benign_twitching(words: PlanWords) -> list[PlanItem]:
    """Twitching already studied: no repeat unless an objective sign appears (S68, S69)."""
    return [
        words.item("fasciculations_alone"),
        words.item("watch_for_red_flags"),
        words.item("repeat_only_if_red_flags"),
    ]


def _clinical_findings(
    upgrades: Sequence[Upgrade],
) -> tuple[list[str], list[Region], dict[str, WordValue]]:
    """The kinds of clinical finding the paths ask for ("umn" alone when every path needs
    UMN signs), their regions in clinical order (limbs, bulbar, thoracic), and what the words
    must not misstate: `together` where every path needs each kind named (UMN AND clinical
    LMN signs, as revised El Escorial's do: "or" would say one is enough), and `then_emg`,
    the regions where a path needs EMG evidence beside its clinical finding (Awaji: a UMN
    sign, then needle EMG supplies the LMN evidence, A.3.2), in the order of the regions
    (its caller drops it where EMG never counts as LMN signs: revised El Escorial, A.3.1.3)."""
    needs = [{e.evidence for e in u.add if e.evidence != "emg_lmn"} for u in upgrades]
    common = set.intersection(*needs) if needs else set()
    kinds: list[str] = [k for k in ("umn", "clinical_lmn") if k in (common or set().union(*needs))]
    items = [e for u in upgrades for e in u.add if e.evidence != "emg_lmn"]
    regions = sorted({e.region for e in items}, key=lambda r: CLINICAL_ORDER[r])
    said: dict[str, WordValue] = {}
    if len(kinds) > 1 and common >= set(kinds):
        said["together"] = True
    beside = {e.region for u in upgrades for e in u.add if e.evidence == "emg_lmn"}
    if beside:
        said["then_emg"] = [r.value for r in sorted(beside, key=lambda r: CLINICAL_ORDER[r])]
    return kinds, regions, said


def needle_can_go(case: Case, region: Region) -> bool:
    """Whether some limb of the region (or the region, if not a limb) may be needled."""
    return not (region.is_limb and blocked_sides(case, region) >= {"left", "right"})


def _first_study(case: Case, clean: Region | None, words: PlanWords) -> PlanItem:
    """The first electrodiagnostic study: where the signs are (a limb region both of whose
    limbs are barred is left to its caution), and one region without them."""
    involved = [r for r in involved_regions(case) if needle_can_go(case, r)]
    return words.item(
        "first_electrodiagnostic_study",
        ncs_recorded=case.nerve_conduction != NerveConduction(),
        involved=[r.value for r in involved],
        clean=clean.value if clean else None,
        examined=clean is None or clean in case.regions,
    )


def _looking_again(
    case: Case,
    cset: CriteriaSet,
    pattern: Category,
    regions: list[Region],
    upgrades: Sequence[Upgrade],
    words: PlanWords,
    stands: Standing,
) -> list[PlanItem]:
    """When to look again, and with what: only where a finding could raise the category."""
    if pattern is cset.top:
        # only the prerequisites can change it: no repeat study
        return []
    clinical = [u for u in upgrades if not u.needle_barred]
    if clinical and not any(u.emg_obtainable for u in upgrades):
        findings, where, said = _clinical_findings(clinical)
        if not cset.emg_counts_as_lmn:  # revised El Escorial: EMG is laboratory support only
            said.pop("then_emg", None)
        barred = sorted({r for u in upgrades for r in u.needle_barred}, key=lambda r: r.order)
        values: dict[str, WordValue] = {"barred": [r.value for r in barred]} if barred else {}
        values.update(said)
        return [
            words.item(
                EMG_CANNOT_RAISE_NEEDLE_BARRED if barred else EMG_CANNOT_RAISE,
                findings=findings,
                regions=[r.value for r in where],
                static=case.progression is False,
                **values,
            )
        ]
    if stands.umn_only:
        first = not stands.needle_study_recorded
        return [words.item("umn_only_first_emg" if first else "umn_only_yearly_emg")]
    named = [r.value for r in regions]
    if case.progression is False:
        # a static course: nothing is met until progression is shown over at least six
        # months (A.5, B.4.4, S6), so the EMG goes with that re-examination, not sooner
        return [words.item("repeat_at_progression_review", regions=named)] if regions else []
    if regions:
        return [words.item("repeat_in_3_months", regions=named)]
    return [words.item("repeat_in_3_months_if_suspected")]


def _prerequisite_steps(case: Case, words: PlanWords) -> list[PlanItem]:
    """What the missing prerequisites ask for. Progression may be documented by history
    (Brooks 2000: "as determined by history or examination"; Gold Coast: "by history or
    repeated clinical assessment"), so the history is named before re-examination. The
    exclusion of other causes comes first: a mimic is treatable, and a re-examination for
    progression takes months."""
    out = []
    if case.other_causes_excluded is not True:
        out.append(words.item("complete_exclusion"))
    if case.progression is None:
        out += [words.item("progression_by_history"), words.item("document_progression")]
    elif case.progression is False:
        out.append(words.item("progression_not_shown"))
    return out


def timing(
    case: Case,
    cset: CriteriaSet,
    pattern: Category,
    reason: PlanReason,
    regions: list[Region],
    upgrades: Sequence[Upgrade] = (),
    clean: Region | None = None,
    confirm: Sequence[PlanItem] = (),
    words: PlanWords = WORDED,
    stands: Standing | None = None,
) -> list[PlanItem]:
    """The timing lines, in clinical order. `clean` is the region without clinical findings
    a first study is to sample (see `first_study_due`); `confirm` the line that asks to
    confirm a bulbar region resting on an accessory-nerve muscle alone; `words` words the
    lines (plan/words.py); `stands` is what the case alone shows (`standing`), where the
    caller has it."""
    if reason == "alternative_diagnosis_recorded":
        assert case.alternative_diagnosis is not None
        diagnosis = case.alternative_diagnosis
        return [words.item("revisit_alternative_diagnosis", diagnosis=diagnosis)]
    if reason == "nothing_recorded":
        return [words.item("examine_and_consider_emg")] if case.motor_symptoms else []
    if reason == "fasciculations_not_yet_studied":
        return [
            words.item("fasciculations_alone"),
            words.item("study_fasciculating_regions", regions=[r.value for r in regions]),
        ]
    if reason == "normal_no_symptoms":
        return [words.item("no_evidence_now")]
    if reason == "normal_with_symptoms":
        return [words.item("reexamine_3_to_6_months")]
    if reason == "fasciculations_only":
        return _benign_twitching(words)
    if stands is None:
        stands = standing_without_reason(case)
    if stands.first_study_due:
        # never needled: the first study leads (it may show a mimic), no repeat is planned
        return [_first_study(case, clean, words), *_prerequisite_steps(case, words)]
    # the category waits on a missing prerequisite first: what it asks for leads; then what
    # the category rests on, then what could raise it
    looking = _looking_again(case, cset, pattern, regions, upgrades, words, stands)
    return [*_prerequisite_steps(case, words), *confirm, *looking]


def mimic_workup(
    case: Case,
    words: PlanWords = WORDED,
    conflict: bool | None = None,
    pending: bool | None = None,
) -> list[PlanItem]:
    """The mimic work-up, when a nerve conduction finding points to a treatable mimic
    (B.4.1): it leads the timing whatever the situation, and the rest follows it. Beside a
    completed exclusion the two conflict (`mimic_workup_first`); with the exclusion not yet
    recorded, the work-up is the first part of it (`mimic_workup_before_exclusion`), named,
    where the exclusion's own line says only "as the presentation requires". `conflict`
    and `pending`: whether a finding conflicts, and whether one is recorded, where the
    caller knows (`Standing.mimic_conflict`, `Standing.mimic_pending`)."""
    if conflict is None:
        conflict = mimic_conflicts_with_exclusion(case)
    if pending is None:
        pending = mimic_workup_pending(case)
    if not pending:
        return []
    code = "mimic_workup_first" if conflict else "mimic_workup_before_exclusion"
    return [words.item(code, findings=treatable_mimic_findings(case))]


#: The timing lines that send a needle back to raise the category: each waits on the
#: mimic work-up where one is pending (`after_mimic_workup`).
WAITING_TIMINGS = REPEAT_TIMINGS


def after_mimic_workup(items: Sequence[PlanItem], words: PlanWords = WORDED) -> list[PlanItem]:
    """The timing lines, each repeat EMG marked as waiting on the mimic work-up (`after`:
    worded at the edge), the rest as they are: the work-up leads the plan, and the needle
    that would raise the category comes only once it has found no treatable cause (A.4, B.4.1)."""
    return [
        words.item(i.code, **i.values, after="mimic_workup") if i.code in WAITING_TIMINGS else i
        for i in items
    ]


def missing_prerequisites(case: Case) -> list[str]:
    """The prerequisites (A.3) the case does not meet, as `Prerequisites.missing` names them."""
    given = {"progression": case.progression, "other_causes_excluded": case.other_causes_excluded}
    return [name for name, value in given.items() if value is not True]


def standing_without_reason(case: Case) -> Standing:
    """What the timing reads of the case alone (`standing`, without the situation, which
    the caller gives it)."""
    return Standing(
        None,
        first_study_due(case),
        umn_only(case),
        needle_study_recorded(case),
        mimic_conflicts_with_exclusion(case),
        mimic_workup_pending(case),
    )
