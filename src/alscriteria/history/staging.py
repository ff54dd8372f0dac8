"""Function and stage at each visit of a history (docs/staging.md).

Milestones accumulate: a gastrostomy recorded at visit 3 is still there at visit 5, and a
region once functionally involved stays involved (Roche 2012 counts regions reached). The
ALSFRS-R is read visit by visit; its slope compares a visit with the last earlier visit that
has a total. Nothing here reads or changes a diagnostic category.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from alscriteria.case.dates import at_least_months_apart
from alscriteria.errors import InvalidInputError
from alscriteria.function.record import ALSFRSR, FunctionalRegion, Milestone, VisitFunction
from alscriteria.function.staging import (
    DEFAULT_CUTOFFS,
    DELTA_FS_CUTOFFS,
    SLOPE_MINIMUM_MONTHS,
    Kings,
    KingsStage,
    delta_fs,
    delta_fs_band,
    kings_from_form,
    kings_from_milestones,
    kings_rank,
    milestones_shown,
    mitos,
    niv_from_form,
    reached_by,
    slope,
)
from alscriteria.history.model import Visit
from alscriteria.history.result import KingsFall, Staging


class _Recorded:
    """The milestones recorded by a visit, from this one and every earlier visit."""

    def __init__(self) -> None:
        self.regions: tuple[FunctionalRegion, ...] | None = None
        self.diagnosis: date | None = None
        self.gastrostomy: Milestone | None = None
        self.niv: Milestone | None = None

    def add(self, function: VisitFunction) -> None:
        if function.functional_involvement is not None:
            self.regions = tuple(
                dict.fromkeys((*(self.regions or ()), *function.functional_involvement))
            )
        self.diagnosis = self.diagnosis or function.diagnosis_date
        self.gastrostomy = self.gastrostomy or function.gastrostomy
        self.niv = self.niv or function.niv


def _shown(
    chosen: Kings | None,
    milestones: Kings | None,
    recorded: _Recorded,
    on: date,
    form: ALSFRSR | None,
) -> tuple[str, ...]:
    """The milestones the chosen derivation shows reached by this visit (`milestones_shown`):
    the recorded ones for the milestones, the form's items for its estimate."""
    if chosen is None:
        return ()
    reached = reached_by(on, recorded.diagnosis, recorded.gastrostomy, recorded.niv)
    if chosen is milestones:
        return milestones_shown(chosen, reached.diagnosis, reached.gastrostomy, reached.niv)
    assert form is not None  # the estimate is the form's
    # the form cannot show a diagnosis; one recorded is a milestone all the same
    return milestones_shown(
        chosen,
        diagnosed=reached.diagnosis,
        gastrostomy=bool(form.gastrostomy),
        niv=niv_from_form(form),
    )


#: The highest King's stage a visit showed so far: the stage, its visit number and date.
_Shown = tuple[KingsStage, int, date]


def _fall(
    highest: _Shown | None, chosen: Kings | None, source: str | None, estimate: Kings | None
) -> KingsFall | None:
    """This visit's stage below the highest an earlier visit showed: King's stages do not
    reverse (Roche 2012), so the fall is said. Only an estimate falls: the recorded
    milestones accumulate, and a form's stage is chosen over them only when it is higher.
    Where this visit's stage is the milestones' and its own form (`estimate`) agrees with
    the earlier estimate, the recorded regions the milestones read are what to check."""
    if highest is None or chosen is None or chosen.stage is None:
        return None
    if kings_rank(chosen.stage) >= kings_rank(highest[0]):
        return None
    form = estimate.stage if source == "milestones" and estimate is not None else None
    agrees = form is not None and kings_rank(form) >= kings_rank(highest[0])
    return KingsFall.said(
        from_stage=highest[0],
        from_visit=highest[1],
        from_date=highest[2],
        stage=chosen.stage,
        kings_source=source,
        form_stage=form,
        cause="recorded_regions" if agrees else "estimate",
    )


def _highest(highest: _Shown | None, chosen: Kings | None, number: int, on: date) -> _Shown | None:
    """The highest stage shown by this visit; of equal stages, the latest visit's."""
    if chosen is None or chosen.stage is None:
        return highest
    if highest is None or kings_rank(chosen.stage) >= kings_rank(highest[0]):
        return (chosen.stage, number, on)
    return highest


def _above(estimate: Kings, milestones: Kings) -> bool:
    return (
        estimate.stage is not None
        and milestones.stage is not None
        and kings_rank(estimate.stage) > kings_rank(milestones.stage)
    )


def _slope(earlier: tuple[date, int], later: tuple[date, int]) -> dict[str, Any]:
    """The slope between two forms (date, total), with what it is made of: the points and
    days between them, and whether they are under `SLOPE_MINIMUM_MONTHS` calendar months
    apart, where the words give those and not the monthly rate (A.5)."""
    days = (later[0] - earlier[0]).days
    rate = slope(earlier[1], later[1], days)
    if rate is None:
        return {"alsfrs_r_slope": None}
    return {
        "alsfrs_r_slope": rate,
        "alsfrs_r_slope_points": later[1] - earlier[1],
        "alsfrs_r_slope_days": days,
        "alsfrs_r_slope_short": not at_least_months_apart(
            earlier[0], later[0], SLOPE_MINIMUM_MONTHS
        ),
    }


#: The visit's measures the staging sentence names (`Staging.values`).
_MEASURES = (
    "alsfrs_r_total",
    "alsfrs_r_bulbar",
    "alsfrs_r_fine_motor",
    "alsfrs_r_gross_motor",
    "alsfrs_r_respiratory",
    "delta_fs",
    "delta_fs_band",
    "alsfrs_r_slope",
    "alsfrs_r_slope_points",
    "alsfrs_r_slope_days",
    "alsfrs_r_slope_short",
    "mitos_stage",
)


def check_cutoffs(cutoffs: str) -> str:
    if cutoffs not in DELTA_FS_CUTOFFS:
        raise InvalidInputError(
            f"delta_fs_cutoffs: {cutoffs!r} is not a cut-off set; allowed: "
            + ", ".join(DELTA_FS_CUTOFFS)
        )
    return cutoffs


def visit_staging(
    visits: Sequence[Visit], onset: date | None, cutoffs: str = DEFAULT_CUTOFFS
) -> list[dict[str, Any]]:
    """Each visit's function fields of `VisitResult` (empty for a visit with none so far)."""
    check_cutoffs(cutoffs)
    recorded = _Recorded()
    last_total: tuple[date, int] | None = None
    highest: _Shown | None = None
    out: list[dict[str, Any]] = []
    for number, visit in enumerate(visits, start=1):
        function = visit.function
        if function is not None:
            recorded.add(function)
        form = function.alsfrs_r if function is not None else None
        milestones = kings_from_milestones(
            visit.date, recorded.regions, recorded.diagnosis, recorded.gastrostomy, recorded.niv
        )
        if form is None and milestones is None:
            out.append({})
            continue
        fields: dict[str, Any] = {}
        from_form: Kings | None = kings_from_form(form) if form is not None else None
        mitos_result = mitos(form) if form is not None else None
        total = form.total if form is not None else None
        if form is not None:
            fields.update(
                alsfrs_r_total=total,
                alsfrs_r_bulbar=form.domain("bulbar"),
                alsfrs_r_fine_motor=form.domain("fine_motor"),
                alsfrs_r_gross_motor=form.domain("gross_motor"),
                alsfrs_r_respiratory=form.domain("respiratory"),
                mitos_stage=mitos_result.stage if mitos_result else None,
            )
        if total is not None:
            if onset is not None:
                rate = delta_fs(total, (visit.date - onset).days)
                fields["delta_fs"] = rate
                fields["delta_fs_band"] = delta_fs_band(rate, cutoffs) if rate is not None else None
            if last_total is not None:
                fields.update(_slope(last_total, (visit.date, total)))
            last_total = (visit.date, total)
        # a partial form that could show a higher stage gives a lower bound, not a stage
        estimate = from_form if from_form is not None and not from_form.at_least else None
        chosen = milestones if milestones is not None and milestones.stage is not None else estimate
        if (
            chosen is milestones
            and milestones is not None
            and estimate is not None
            and "functional_involvement" in milestones.undecided
            and _above(estimate, milestones)
        ):
            # no visit recorded the regions: the milestones place the patient by a
            # diagnosis alone, and the form's regions place them higher (Roche 2012)
            chosen = estimate
        source = None if chosen is None else "milestones" if chosen is milestones else "alsfrs_r"
        fields["kings_stage"] = chosen.stage if chosen is not None else None
        fields["staging"] = Staging.said(
            alsfrs_r_missing=list(form.missing) if form is not None else [],
            delta_fs_cutoffs=cutoffs,
            mitos_domains_lost=list(mitos_result.lost) if mitos_result else [],
            mitos_undecided=list(mitos_result.undecided) if mitos_result else [],
            kings_source=source,
            kings_from_milestones=milestones.stage if milestones is not None else None,
            kings_from_alsfrs_r=estimate.stage if estimate is not None else None,
            kings_alsfrs_r_at_least=(
                from_form.stage if from_form is not None and from_form.at_least else None
            ),
            kings_regions=list(chosen.regions) if chosen is not None else [],
            kings_milestones=list(_shown(chosen, milestones, recorded, visit.date, form)),
            kings_undecided=list(chosen.undecided) if chosen is not None else [],
            kings_fell=_fall(highest, chosen, source, estimate),
            values={**{m: fields.get(m) for m in _MEASURES}, "onset_known": onset is not None},
        )
        highest = _highest(highest, chosen, number, visit.date)
        out.append(fields)
    return out


__all__ = ["check_cutoffs", "visit_staging"]
