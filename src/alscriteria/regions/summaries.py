"""EMG LMN from a region summary (criteria.md A.2), in three values: yes, no or open.

A registry's summary ("active and chronic denervation in the cervical region") says less
than the muscle records it was written from. Each criteria set's muscle definition is
applied to what it does say; where the answer depends on what it leaves out (which kind of
active denervation, whether the muscles were independent), the answer is None, "open", and
the evaluation reports every category the missing detail would allow instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from alscriteria.anatomy.independence import RootRule
from alscriteria.case.findings import EMGSummary

#: A three-valued answer: True, False, or None (the summary does not say).
Answer = bool | None

#: Which abnormalities make "active denervation" under each muscle definition (A.2).
_ACTIVE = {
    "el-escorial": ("fibrillation_potentials", "positive_sharp_waves"),
    "awaji": (
        "fibrillation_potentials",
        "positive_sharp_waves",
        "fasciculation_potentials",
        "active_denervation",
        "lmn_evidence",
        "independent_muscles",
    ),
}


def any_of(answers: Iterable[Answer]) -> Answer:
    """Kleene OR: yes if any is yes; no if all are no; otherwise open."""
    seen_open = False
    for a in answers:
        if a is True:
            return True
        if a is None:
            seen_open = True
    return None if seen_open else False


def all_of(answers: Iterable[Answer]) -> Answer:
    """Kleene AND: no if any is no; yes if all are yes; otherwise open."""
    seen_open = False
    for a in answers:
        if a is False:
            return False
        if a is None:
            seen_open = True
    return None if seen_open else True


def active(summary: EMGSummary, definition: str) -> Answer:
    """Active denervation as `definition` counts it, in the muscles with chronic change.

    "Active denervation: no" rules out every kind. Some active denervation reported without
    its kind (`active_denervation`, `lmn_evidence` or `independent_muscles` yes: the pair is
    of muscles that each show it) satisfies the definitions that count every kind, and El
    Escorial's too once fasciculation potentials are ruled out."""
    if summary.active_denervation is False:
        return False
    found = any_of(getattr(summary, name) for name in _ACTIVE[definition])
    fasciculations_ruled_out = summary.fasciculation_potentials is False
    if found is None and definition == "el-escorial" and fasciculations_ruled_out:
        return True if _some_active(summary) else None
    return found


def _some_active(summary: EMGSummary) -> bool:
    return bool(summary.active_denervation or summary.lmn_evidence or summary.independent_muscles)


def qualifies(summary: EMGSummary, definition: str) -> Answer:
    """Denervation with reinnervation in the summarised muscles (A.2's qualifying muscle).

    A registry's "EMG evidence of LMN" (`lmn_evidence`): yes is the Awaji definition met,
    which brings chronic change and active denervation of some kind (as does a reported
    independent pair, each of whose muscles shows both); no means no muscle
    there showed chronic change with active denervation (under either definition). A limb
    with one such muscle, short of a pair, is neither: its answer is left unknown."""
    if summary.lmn_evidence is False:
        return False
    reported_pair = summary.lmn_evidence or summary.independent_muscles
    chronic = True if reported_pair else summary.chronic_neurogenic_change
    return all_of((chronic, active(summary, definition)))


def positive(summary: EMGSummary, definition: str, limb: bool, rule: RootRule) -> Answer:
    """The region (or limb) EMG-positive by this summary alone."""
    if summary.lmn_evidence is False:
        return False
    found = qualifies(summary, definition)
    if not limb:
        return found
    return all_of((found, independent(summary, rule), pair_qualifies(summary, definition)))


def pair_qualifies(summary: EMGSummary, definition: str) -> Answer:
    """Whether the independent pair a limb summary reports counts under `definition`.

    Under Awaji every kind of active denervation counts, so it does. Revised El Escorial
    counts only fibrillation potentials and positive sharp waves: when fasciculation
    potentials were also found, the two independent muscles may be the ones that had only
    those, so the summary cannot say (the muscle records could)."""
    if definition == "awaji" or summary.fasciculation_potentials is False:
        return True
    return None


def independent(summary: EMGSummary, rule: RootRule) -> Answer:
    """Whether the changes lie in two independent muscles. The summary answers for the
    default reading (no root in common); under the looser `not-identical` reading a "no"
    could still be a yes, so it is open."""
    if summary.lmn_evidence:
        return True
    if summary.independent_muscles is False and rule != "disjoint":
        return None
    return summary.independent_muscles


@dataclass(frozen=True, slots=True)
class SummaryEMG:
    """What the summaries of one region decide, under one muscle definition."""

    positive: Answer
    sides: tuple[tuple[str, Answer], ...]
    """Limb regions: each side's answer for the two-limb reading (A.3.4)."""
    used: tuple[str, ...]
    """The summaries that entered: "region", "left", "right"."""
    from_elsewhere: bool = False
    """A summary of another region may give this one a muscle (`elsewhere`)."""


def summarised_emg(
    limb: bool,
    summaries: tuple[tuple[str, EMGSummary], ...],
    definition: str,
    rule: RootRule,
    qualifying_muscles: dict[str, int],
    muscle_positive: bool,
    muscle_sides: tuple[str, ...],
    elsewhere: tuple[EMGSummary, ...] = (),
) -> SummaryEMG:
    """Combine a region's summaries with its muscle records (if any) under one definition.

    `qualifying_muscles` counts the recorded qualifying muscles by side ("" for no side).
    Non-limb regions need one qualifying muscle. In a limb, a summary is positive when it
    says its changes lie in independent muscles; two sources that each qualify (two sides,
    or a summary and a muscle record) could form a pair the summaries do not describe, so
    they leave the region open rather than negative. A summary's changes may lie on either
    side, so a region summary is a source on both.

    `elsewhere`: summaries written for another region that may rest on one muscle of this
    one, side unknown (a bulbar summary where the reading counts sternocleidomastoid and
    trapezius as cervical, A.3.4). Both of those muscles are supplied by the spinal
    accessory nerve, so together they are one source at most, never a pair by themselves.
    """
    used = tuple(part for part, _ in summaries)
    if not limb:
        found = any_of(
            [muscle_positive, *(positive(s, definition, False, rule) for _, s in summaries)]
        )
        return SummaryEMG(found, (), used)
    own: dict[str, Answer] = {part: positive(s, definition, True, rule) for part, s in summaries}
    may_qualify = {part: qualifies(s, definition) is not False for part, s in summaries}
    from_elsewhere = (
        bool(elsewhere) and any_of(qualifies(s, definition) for s in elsewhere) is not False
    )
    found = any_of([muscle_positive, *own.values()])
    if found is not True:
        sources = sum(may_qualify.values()) + from_elsewhere
        if sum(qualifying_muscles.values()):
            sources += 1
        if sources >= 2:
            found = None
    sides = []
    for side in ("left", "right"):
        answer: Answer = any_of([side in muscle_sides, own.get(side, False)])
        if answer is not True:
            if "region" in own and own["region"] is not False:
                answer = None  # the region's changes may lie on this side
            else:
                # what may qualify on this side: its own summary, the region's (which may
                # lie on either side), a summary from elsewhere, the muscles recorded here
                here = (
                    may_qualify.get(side, False)
                    + may_qualify.get("region", False)
                    + from_elsewhere
                    + bool(qualifying_muscles.get(side, 0))
                )
                if here >= 2:
                    answer = None  # two sources on this side may pair
        sides.append((side, answer))
    return SummaryEMG(found, tuple(sides), used, from_elsewhere)


def open_questions(
    summary: EMGSummary, definition: str, limb: bool, rule: RootRule
) -> tuple[str, ...]:
    """What a summary leaves out that the definition needs (codes, worded in wording/)."""
    out = []
    if positive(summary, definition, limb, rule) is False:
        return ()  # decided by itself; a pair with another source is asked by the caller
    if (
        summary.chronic_neurogenic_change is None
        and not summary.lmn_evidence
        and active(summary, definition) is not False
    ):
        out.append("chronic_neurogenic_change")
    if active(summary, definition) is None and summary.chronic_neurogenic_change is not False:
        out.append(f"active_denervation_{definition}")
    if limb and qualifies(summary, definition) is not False:
        if independent(summary, rule) is None:
            out.append("independent_muscles")
        elif pair_qualifies(summary, definition) is None and independent(summary, rule):
            out.append("pair_with_fibrillation_potentials")
    return tuple(out)


__all__ = [
    "Answer",
    "SummaryEMG",
    "active",
    "all_of",
    "any_of",
    "open_questions",
    "positive",
    "qualifies",
    "summarised_emg",
]
