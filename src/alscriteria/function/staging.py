"""The stages and rates, from the papers' own definitions (docs/staging.md cites each).

- MiToS (Chiò et al., JNNP 2015;86:38, Table 1): the number of functional domains lost.
  Movement is lost when walking <= 1 or dressing and hygiene <= 1; swallowing when
  swallowing <= 1; communicating when speech <= 1 and handwriting <= 1; breathing when
  dyspnoea <= 1 or respiratory insufficiency <= 2. Stage 5 is death, which a visit does
  not record.
- King's from milestones (Roche et al., Brain 2012;135:847): stage 1 symptom onset (one
  region functionally involved), 2A diagnosis, 2B a second region, 3 a third region, 4A the
  need for gastrostomy (provided or refused), 4B the need for NIV (provided, trialled or
  refused). The regions are bulbar, upper limb and lower limb.
- King's from the ALSFRS-R (Balendra et al., ALS-FTD 2014;15:279): a region is involved
  when any of its items scores below 4 (bulbar: speech, salivation, swallowing; upper limb:
  handwriting, cutting food 5a; lower limb: walking); 4A when item 5 was scored as 5b
  (gastrostomy); 4B when dyspnoea is 0 or respiratory insufficiency is below 4 (NIV). The
  form cannot tell 2A (diagnosis) from 1, so it gives 1, 2B, 3, 4A or 4B. A partial form
  that leaves open an item that could raise the stage gives only a lower bound (`at_least`):
  the history does not report it as the stage.
- ΔFS (Kimura et al., Neurology 2006;66:265): (48 - total) / months from onset, months of
  365.25 / 12 days; its band under a named cut-off set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from alscriteria.function.record import ALSFRSR, FunctionalRegion, Milestone

KingsStage = Literal["1", "2A", "2B", "3", "4A", "4B"]
_KINGS_ORDER: tuple[KingsStage, ...] = ("1", "2A", "2B", "3", "4A", "4B")

#: MiToS domains, in the paper's order.
MITOS_DOMAINS = ("movement", "swallowing", "communicating", "breathing")


@dataclass(frozen=True, slots=True)
class Mitos:
    stage: int | None
    """0 to 4: domains lost; None when a domain cannot be decided from a partial form."""
    lost: tuple[str, ...]
    undecided: tuple[str, ...]


def _le(score: int | None, limit: int) -> bool | None:
    return None if score is None else score <= limit


def _or(*values: bool | None) -> bool | None:
    """Three-valued "or": one true item decides, whatever the items left blank."""
    if True in values:
        return True
    return None if None in values else False


def _and(*values: bool | None) -> bool | None:
    """Three-valued "and": one false item decides, whatever the items left blank."""
    if False in values:
        return False
    return None if None in values else True


def mitos(form: ALSFRSR) -> Mitos:
    domains = {
        "movement": _or(_le(form.walking, 1), _le(form.dressing_hygiene, 1)),
        "swallowing": _le(form.swallowing, 1),
        "communicating": _and(_le(form.speech, 1), _le(form.handwriting, 1)),
        "breathing": _or(_le(form.dyspnea, 1), _le(form.respiratory_insufficiency, 2)),
    }
    lost = tuple(d for d in MITOS_DOMAINS if domains[d] is True)
    undecided = tuple(d for d in MITOS_DOMAINS if domains[d] is None)
    return Mitos(None if undecided else len(lost), lost, undecided)


@dataclass(frozen=True, slots=True)
class Kings:
    stage: KingsStage | None
    regions: tuple[FunctionalRegion, ...]
    """The regions counted as functionally involved."""
    undecided: tuple[str, ...] = ()
    """What a partial form leaves open (the stage is then the lowest the form shows)."""
    at_least: bool = False
    """The form leaves open an item that could raise the stage: `stage` is a lower bound."""


def _region_involved(scores: list[int | None]) -> bool | None:
    """A region is involved when any of its items is below 4 (Balendra 2014)."""
    return _or(*(None if s is None else s < 4 for s in scores))


def kings_from_form(form: ALSFRSR) -> Kings:
    """Balendra 2014's estimate of King's stage from one ALSFRS-R form."""
    # item 5 counts for the arm only as 5a: 5b scores the task with a gastrostomy
    arm = [form.handwriting] if form.gastrostomy else [form.handwriting, form.cutting_food]
    regions: dict[FunctionalRegion, bool | None] = {
        "bulbar": _region_involved([form.speech, form.salivation, form.swallowing]),
        "upper_limb": _region_involved(arm),
        "lower_limb": _region_involved([form.walking]),
    }
    involved = tuple(r for r, v in regions.items() if v)
    undecided = [f"{r}_region" for r, v in regions.items() if v is None]
    niv = _niv_from_form(form)
    if niv is None:
        undecided.append("niv")
    if niv:
        stage: KingsStage = "4B"
    elif form.gastrostomy:
        stage = "4A"
    else:
        stage = _by_regions(len(involved), diagnosed=False)
    # a region left open could raise 1 or 2B (a second or third region); breathing items
    # left open could raise anything below 4B (the need for NIV)
    open_region = any(v is None for v in regions.values())
    raised = (open_region and stage in ("1", "2B")) or (niv is None and stage != "4B")
    return Kings(stage, involved, tuple(undecided), at_least=raised)


def _niv_from_form(form: ALSFRSR) -> bool | None:
    dyspnea, insufficiency = form.dyspnea, form.respiratory_insufficiency
    return _or(
        None if dyspnea is None else dyspnea == 0,
        None if insufficiency is None else insufficiency < 4,
    )


def _by_regions(count: int, diagnosed: bool) -> KingsStage:
    if count >= 3:
        return "3"
    if count == 2:
        return "2B"
    return "2A" if diagnosed else "1"


@dataclass(frozen=True, slots=True)
class Reached:
    """The dated milestones a clinic recorded that were reached by a day: the one reading
    of "reached by then" that the stage and the milestones shown both use."""

    diagnosis: bool
    gastrostomy: bool
    niv: bool


def reached_by(
    on: date, diagnosis: date | None, gastrostomy: Milestone | None, niv: Milestone | None
) -> Reached:
    """Which recorded milestones were reached on or before `on` (a milestone dated the day
    of the visit was reached by it)."""
    return Reached(
        diagnosis=diagnosis is not None and diagnosis <= on,
        gastrostomy=gastrostomy is not None and gastrostomy.date <= on,
        niv=niv is not None and niv.date <= on,
    )


def kings_from_milestones(
    on: date,
    regions: tuple[FunctionalRegion, ...] | None,
    diagnosis: date | None,
    gastrostomy: Milestone | None,
    niv: Milestone | None,
) -> Kings | None:
    """Roche 2012's stage at a visit from what the clinic recorded by then; None when the
    visits record no milestone at all (nothing to stage from)."""
    if regions is None and diagnosis is None and gastrostomy is None and niv is None:
        return None
    reached = reached_by(on, diagnosis, gastrostomy, niv)
    involved = tuple(dict.fromkeys(regions or ()))
    undecided = () if regions is not None else ("functional_involvement",)
    if reached.niv:
        return Kings("4B", involved, undecided)
    if reached.gastrostomy:
        return Kings("4A", involved, undecided)
    if regions is None:
        # without the regions, only a diagnosis places the patient (at 2A or later)
        return Kings("2A" if reached.diagnosis else None, involved, undecided)
    return Kings(_by_regions(len(involved), reached.diagnosis), involved, undecided)


def milestones_shown(
    kings: Kings, diagnosed: bool, gastrostomy: bool, niv: bool
) -> tuple[KingsStage, ...]:
    """The King's milestones a derivation shows reached, each by its own evidence (Roche
    2012's stages are milestones, not a scale: NIV needed with one region involved is 4B
    without 2B or 3). 1, symptom onset, whenever there is a stage; 2A, a diagnosis; 2B and
    3, two and three regions functionally involved; 4A, the need for a gastrostomy; 4B, the
    need for NIV. An ALSFRS-R estimate shows no diagnosis (Balendra 2014)."""
    if kings.stage is None:
        return ()
    shown: list[KingsStage] = ["1"]
    if diagnosed:
        shown.append("2A")
    if len(kings.regions) >= 2:
        shown.append("2B")
    if len(kings.regions) >= 3:
        shown.append("3")
    if gastrostomy:
        shown.append("4A")
    if niv:
        shown.append("4B")
    return tuple(shown)


def niv_from_form(form: ALSFRSR) -> bool:
    """Whether the form's breathing items show the need for NIV (Balendra 2014)."""
    return _niv_from_form(form) is True


def kings_rank(stage: KingsStage) -> int:
    """Order of the stages; 4A and 4B are both stage 4 (reached in either order)."""
    return min(_KINGS_ORDER.index(stage), 4)


#: Published ΔFS cut-off sets (as tabulated by Kjældgaard et al., BMC Neurol 2021;21:164,
#: Table 4): (upper bound, band) pairs in order; the last band has no bound.
DELTA_FS_CUTOFFS: dict[str, tuple[tuple[float | None, str], ...]] = {
    "labra_2016": ((0.47, "slow"), (1.11, "intermediate"), (None, "fast")),
    "kimura_2006": ((0.67, "slower"), (None, "faster")),
    "gordon_2006": ((0.5, "slower"), (None, "faster")),
    "elamin_2015": ((0.25, "very_slow"), (0.5, "slow"), (1.0, "intermediate"), (None, "fast")),
}
DEFAULT_CUTOFFS = "labra_2016"


def delta_fs(total: int, days_from_onset: int) -> float | None:
    """Points lost per month from onset; None on the day of onset (no interval)."""
    if days_from_onset <= 0:
        return None
    return round((48 - total) / (days_from_onset / (365.25 / 12)), 3)


def delta_fs_band(value: float, cutoffs: str = DEFAULT_CUTOFFS) -> str:
    """The band a ΔFS falls in: each bound is the start of the next band (>= is above)."""
    for bound, band in DELTA_FS_CUTOFFS[cutoffs]:
        if bound is None or value < bound:
            return band
    raise AssertionError("the last band has no bound")


#: The least interval, in calendar months, between two forms whose difference is said as a
#: monthly rate (the slope). A monthly rate over a shorter interval magnifies each point the
#: two forms differ by (one point over 15 days is 2.03 points a month), so under it the
#: words and tables give the points and the days instead (criteria.md A.5). Two: under it
#: one point alone reads as about half a point a month or more, half the mean decline of a
#: large trial cohort (0.99 points a month, S150); three would withhold the rate from the
#: ordinary 3-monthly follow-up, which can land a few days short of three calendar months
#: (the bundled limb-onset example's visits 2 and 3 are 91 days apart), for a
#: magnification no different from the one it keeps. No published minimum interval for a
#: two-form slope was found: the tool's reading [U].
SLOPE_MINIMUM_MONTHS = 2


def slope(earlier: int, later: int, days: int) -> float | None:
    """The total's change per month between two forms (negative: function lost)."""
    if days <= 0:
        return None
    return round((later - earlier) / (days / (365.25 / 12)), 3)


__all__ = [
    "DEFAULT_CUTOFFS",
    "DELTA_FS_CUTOFFS",
    "MITOS_DOMAINS",
    "SLOPE_MINIMUM_MONTHS",
    "Kings",
    "KingsStage",
    "Mitos",
    "Reached",
    "delta_fs",
    "delta_fs_band",
    "kings_from_form",
    "kings_from_milestones",
    "kings_rank",
    "milestones_shown",
    "mitos",
    "niv_from_form",
    "reached_by",
    "slope",
]
