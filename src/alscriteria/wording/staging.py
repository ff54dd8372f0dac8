"""A visit's function and stage in words (docs/staging.md): the ALSFRS-R and its domains,
ΔFS and its band, the slope, MiToS and King's stages, and where two derivations of King's
stage disagree. Never a diagnostic category. One job: the staging paragraph and its cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from alscriteria.function.staging import (
    SLOPE_MINIMUM_MONTHS,
    KingsStage,
    delta_fs_band,
    kings_rank,
)
from alscriteria.wording.common import field, iso, plural
from alscriteria.wording.sayings import Saying

_CUTOFF_NAMES = {
    "labra_2016": "Labra 2016",
    "kimura_2006": "Kimura 2006",
    "gordon_2006": "Gordon 2006",
    "elamin_2015": "Elamin 2015",
}
_BAND_WORDS = {"very_slow": "very slow", "slower": "slower", "faster": "faster"}
_REGION_WORDS = {"bulbar": "bulbar", "upper_limb": "upper limb", "lower_limb": "lower limb"}
STAGING_SOURCE = (
    "docs/staging.md (ALSFRS-R, Cedarbaum 1999; ΔFS, Kimura 2006; MiToS, Chiò 2015; King's, "
    "Roche 2012 and Balendra 2014; stages do not reverse, Balendra 2015)"
)


def measure(value: float | int | None) -> str:
    """A function measure as a table cell: a score as it is, a rate to two decimals, "-"
    where it cannot be computed."""
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.2f}"


def delta_fs_figure(value: float | None, cutoffs: str) -> str:
    """A ΔFS as a cell or a sentence writes it: to two decimals, or to the three it is kept
    to where two would put it on the other side of a band's bound than its band (0.468 is
    slow under Labra 2016, whose intermediate band starts at 0.47: "0.468", not "0.47")."""
    if value is None:
        return "-"
    shown = f"{value:.2f}"
    return (
        shown
        if delta_fs_band(float(shown), cutoffs) == delta_fs_band(value, cutoffs)
        else f"{value:.3f}"
    )


def _per_month(value: float, figure: str | None = None) -> str:
    return f"{figure or f'{value:.2f}'} points a month"


#: Beside the points and days of two forms under the slope's minimum interval: why no
#: monthly rate is given (A.5), with what one point alone would read as over those days.
SLOPE_WITHHELD = (
    "under {months} calendar months apart: no monthly slope, since over {days} one point "
    "alone reads as {one} points a month"
)
#: A table's slope cell for two forms under the minimum interval, and its legend.
SLOPE_FIGURE = "{points} in {days} d"
SLOPE_LEGEND = "slope since the last form (points a month{short})"
SLOPE_LEGEND_SHORT = (
    "; from forms under {months} calendar months apart, the points and days: a rate would "
    "magnify each point"
)


def slope_words(fields: Mapping[str, Any]) -> str:
    """The slope as the staging sentence says it (`fields`: a `Staging`'s values): a monthly
    rate, or, from forms under the minimum interval apart (`alsfrs_r_slope_short`), the
    points and the days, with why no rate is given (A.5)."""
    step = fields["alsfrs_r_slope"]
    if fields.get("alsfrs_r_slope_short"):
        points, days = int(fields["alsfrs_r_slope_points"]), int(fields["alsfrs_r_slope_days"])
        change = (
            f"{plural(abs(points), 'point')} {'lost' if points < 0 else 'gained'}"
            if points
            else "No change"
        )
        why = SLOPE_WITHHELD.format(
            months=SLOPE_MINIMUM_MONTHS,
            days=plural(days, "day"),
            one=f"{1 / (days / (365.25 / 12)):.2f}",
        )
        return f"{change} in {plural(days, 'day')} since the last form ({why})"
    if step:
        change = "lost" if step < 0 else "gained"
        return f"{_per_month(abs(step))} {change} since the last form (slope)"
    return "No change since the last form (slope 0)"


def slope_figure(visit: Any) -> str:
    """A visit's slope as a table cell: the monthly rate ("-0.84"), or from forms under the
    minimum interval apart the points and days ("-5 in 15 d"); "-" without a slope."""
    if visit.alsfrs_r_slope is not None and visit.alsfrs_r_slope_short:
        return SLOPE_FIGURE.format(
            points=visit.alsfrs_r_slope_points, days=visit.alsfrs_r_slope_days
        )
    return measure(visit.alsfrs_r_slope)


def slope_legend(visits: Iterable[Any]) -> str:
    """The slope column's legend; what a points-and-days cell means only where one shows."""
    short = any(v.alsfrs_r_slope is not None and v.alsfrs_r_slope_short for v in visits)
    return SLOPE_LEGEND.format(
        short=SLOPE_LEGEND_SHORT.format(months=SLOPE_MINIMUM_MONTHS) if short else ""
    )


#: A King's stage below one an earlier visit showed, by what this visit's stage comes from
#: and, for the milestones, what to check (KingsFall.cause). The stage above it was always an
#: ALSFRS-R estimate (the recorded milestones accumulate). That an estimate can fall is a
#: property of reading a stage from items, not a finding credited to Balendra 2014 (S145,
#: unread: [U]); that stages do not reverse is Roche 2012 and Balendra 2015 (S146).
KINGS_FELL = {
    ("alsfrs_r", "estimate"): (
        "The estimated stage fell from {from_stage} at visit {from_visit} ({from_date}) to "
        "{stage}: King's stages do not reverse (Roche 2012; Balendra 2015), but an estimate "
        "read from the items can, as items improve or are scored differently; check the "
        "form's items"
    ),
    ("milestones", "estimate"): (
        "The stage is below the {from_stage} estimated from the ALSFRS-R items at visit "
        "{from_visit} ({from_date}): King's stages do not reverse (Roche 2012; Balendra "
        "2015), but an estimate read from the items can, as items improve or are scored "
        "differently; check that form's items against the milestones recorded since"
    ),
    ("milestones", "recorded_regions"): (
        "The stage is below the {from_stage} estimated from the ALSFRS-R items at visit "
        "{from_visit} ({from_date}), but this visit's form agrees with visit {from_visit}'s "
        "({form_stage}): the recorded regions (functional involvement), which the stage from "
        "the milestones reads and which win over the form, may be out of date; King's stages "
        "do not reverse (Roche 2012; Balendra 2015): check the regions recorded"
    ),
}


def kings_fell_text(fall: Any) -> str:
    """A `KingsFall` (or its JSON) as a clause of the staging paragraph, without its stop."""
    # JSON written before `cause` and `form_stage` were kept reads as an estimate's fall
    later = fall if isinstance(fall, Mapping) else fall.model_dump(include={"cause", "form_stage"})
    cause = str(later.get("cause") or "estimate")
    return KINGS_FELL[(str(field(fall, "kings_source")), cause)].format(
        from_stage=field(fall, "from_stage"),
        from_visit=field(fall, "from_visit"),
        from_date=iso(field(fall, "from_date")),
        stage=field(fall, "stage"),
        form_stage=later.get("form_stage"),
    )


def say_kings_fall(fields: Mapping[str, Any]) -> dict[str, str]:
    """A `KingsFall`'s sentence from its stages, visit and source."""
    return {"text": kings_fell_text(fields) + "."}


def say_staging(fields: Mapping[str, Any]) -> dict[str, str]:
    """A `Staging`'s sentence from its derivations and `values` (the visit's measures)."""
    return {"text": staging_text(fields)}


def _kings_stage(staging: Mapping[str, Any]) -> str | None:
    """The visit's King's stage: the derivation `kings_source` names."""
    source = staging["kings_source"]
    if source is None:
        return None
    stage: str | None = staging[f"kings_from_{source}"]
    return stage


def staging_text(staging: Mapping[str, Any]) -> str:
    """The visit's function and stage in one paragraph; what cannot be computed is said.
    `staging`: a `Staging`'s fields, its measures in `values`."""
    fields = staging["values"]
    said: list[str] = []
    total = fields.get("alsfrs_r_total")
    if total is not None:
        domains = ", ".join(
            f"{name} {fields[key]}"
            for name, key in (
                ("bulbar", "alsfrs_r_bulbar"),
                ("fine motor", "alsfrs_r_fine_motor"),
                ("gross motor", "alsfrs_r_gross_motor"),
                ("respiratory", "alsfrs_r_respiratory"),
            )
        )
        said.append(f"ALSFRS-R {total}/48 ({domains})")
        rate = fields.get("delta_fs")
        if rate is not None:
            band = str(fields["delta_fs_band"])
            figure = delta_fs_figure(rate, staging["delta_fs_cutoffs"])
            said.append(
                f"ΔFS {_per_month(rate, figure)} from onset ({_BAND_WORDS.get(band, band)}, "
                f"{_CUTOFF_NAMES[staging['delta_fs_cutoffs']]} cut-offs)"
            )
        elif not fields.get("onset_known"):
            said.append("ΔFS needs the date of onset")
        if fields.get("alsfrs_r_slope") is not None:
            said.append(slope_words(fields))
    elif staging["alsfrs_r_missing"] and len(staging["alsfrs_r_missing"]) < 12:
        said.append(
            "ALSFRS-R incomplete (not scored: "
            + ", ".join(m.replace("_", " ") for m in staging["alsfrs_r_missing"])
            + "): no total, ΔFS or slope"
        )
    mitos = fields.get("mitos_stage")
    if mitos is not None:
        lost = staging["mitos_domains_lost"]
        said.append(f"MiToS stage {mitos}" + (f" ({', '.join(lost)} lost)" if lost else ""))
    elif staging["mitos_undecided"]:  # only a form leaves domains undecided
        said.append(
            "MiToS stage not decided: the form leaves "
            + ", ".join(staging["mitos_undecided"])
            + " open"
        )
    kings = _kings_stage(staging)
    if kings is not None:
        source = {
            "milestones": "the recorded milestones (Roche 2012)",
            "alsfrs_r": "the ALSFRS-R items (Balendra 2014)",
        }[str(staging["kings_source"])]
        regions = ", ".join(_REGION_WORDS[r] for r in staging["kings_regions"])
        line = f"King's stage {kings} from {source}" + (f"; regions: {regions}" if regions else "")
        if staging["kings_source"] == "milestones":
            line += _form_beside_milestones(kings, staging)
        said.append(line)
        if staging.get("kings_fell") is not None:
            said.append(kings_fell_text(staging["kings_fell"]))
    elif staging["kings_alsfrs_r_at_least"] is not None:
        said.append(
            "King's stage not estimated from a partial ALSFRS-R form: the items scored show "
            f"at least {staging['kings_alsfrs_r_at_least']} (Balendra 2014), and the items left "
            "out could raise it"
        )
    return (". ".join(said) + ".") if said else ""


def _form_beside_milestones(kings: str, staging: Mapping[str, Any]) -> str:
    """The ALSFRS-R estimate beside the milestones' stage, when it says something else.
    4A and 4B are both stage 4 (Roche 2012: the letter names the milestone, a gastrostomy or
    NIV), so they do not disagree on the stage; a partial form is only a lower bound, which
    disagrees only when it is above the milestones' stage."""
    other = staging["kings_from_alsfrs_r"]
    if other == "1" and kings == "2A":  # the form cannot show the diagnosis, 2A's milestone
        return "; the ALSFRS-R estimate is 1 (a form cannot show the diagnosis, which makes 2A)"
    if other is not None and other != kings:
        if _rank(other) == _rank(kings):
            return (
                f"; the ALSFRS-R estimate is {other}, stage 4 as well (the letter names the "
                "milestone each shows: 4A a gastrostomy, 4B NIV)"
            )
        return f"; the ALSFRS-R estimate is {other}: the two derivations disagree"
    bound = staging["kings_alsfrs_r_at_least"]
    if bound is not None and _rank(bound) > _rank(kings):
        return (
            f"; the partial ALSFRS-R form already shows at least {bound}: the two derivations "
            "disagree"
        )
    return ""


def _rank(stage: str) -> int:
    """King's stages in order; 4A and 4B are both stage 4 (reached in either order)."""
    return kings_rank(cast("KingsStage", stage))


__all__ = [
    "KINGS_FELL",
    "STAGING_SOURCE",
    "delta_fs_figure",
    "kings_fell_text",
    "measure",
    "say_kings_fall",
    "say_staging",
    "staging_text",
]


#: The models this room words, by kind (see `wording/voice.py`).
SAYINGS: dict[str, Saying] = {"staging": say_staging, "kings_fall": say_kings_fall}
