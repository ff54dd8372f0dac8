"""The history's sentences: one table, so the codes stay data and the words stay together."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from alscriteria.anatomy.vocabulary import label
from alscriteria.case.dates import in_months
from alscriteria.function.staging import KingsStage, kings_rank
from alscriteria.wording.common import listed, muscle_words

if TYPE_CHECKING:
    from alscriteria.history.result import ChangeTooSoon, Documentation, Staging

#: A change between visits: what is new is named, never a before -> after list (the lists
#: stay in the data: Change.before and Change.after).
CHANGE = {
    "umn_new_region": "{region}: UMN signs where there were none ({after})",
    "lmn_new_region": "{region}: LMN involvement where there was none ({after})",
    "lmn_worse": "{region}: LMN findings worse: {new}",
}

#: The parts of a worsening, joined by "and": signs that appeared, and muscles.
WORSE_PARTS = {
    "signs": "new {signs}",
    "muscles": "newly denervated with reinnervation: {muscles}",
}

#: Muscles newly denervated beside a region's first LMN involvement.
NEW_MUSCLES = "; newly denervated with reinnervation: {muscles}"

PROGRESSION_SOURCE = (
    "criteria.md A.5; B.4.4 (El Escorial: examinations at least 6 months apart, S6)"
)

NEXT_VISIT_SOURCE = (
    "criteria.md A.4 (heuristic); B.4.4 (serial 3-monthly EMG, S14; 6 months to show "
    "progression, S6)"
)


def _finding(item: str) -> str:
    """A finding as the clinic says it: a sign's label, or a muscle by its name."""
    if item in ("weakness", "wasting", "fasciculations"):
        return label("lmn_signs", item).lower()
    return muscle_words(item)


def _findings(items: list[str]) -> str:
    return ", ".join(_finding(i) for i in items) or "none"


def change_text(
    kind: str, region: str, after: list[str], muscles: list[str], new: list[str] | None = None
) -> str:
    """A change in words. A worsening names what is new (`new`: the signs or summary that
    appeared; `muscles`: the muscles newly denervated), not what was already there."""
    named = ", ".join(muscle_words(m) for m in muscles)
    if kind == "lmn_worse":
        parts = [WORSE_PARTS["signs"].format(signs=_findings(new))] if new else []
        if muscles:
            parts.append(WORSE_PARTS["muscles"].format(muscles=named))
        return CHANGE[kind].format(region=region, new=" and ".join(parts))
    umn = ", ".join(label("umn_signs", s) for s in after) if kind == "umn_new_region" else ""
    text = CHANGE[kind].format(region=region, after=umn or _findings(after))
    return text + (NEW_MUSCLES.format(muscles=named) if muscles else "")


#: Another cause restated beside new findings (criteria.md A.3 prerequisites; A.5 changes).
REVISIT = {
    "visit": (
        "The other cause is restated, but there are new findings since {when} recorded it "
        "({changes}): revisit it. While it stands no criteria set can be met (A.3); "
        "involvement beyond its territory is what makes a clinician look again (A.5)."
    ),
    "next_visit": (
        "Another cause is recorded at the last visit ({diagnosis}), but there are new "
        "findings since {when} recorded it ({changes}): revisit it at the next visit. "
        "No EMG is planned to look for ALS evidence while it stands; once it is set aside, "
        "the criteria sets' plans apply."
    ),
}

REVISIT_SOURCE = "criteria.md A.3 (prerequisites), A.5 (changes between visits)"


def revisit_text(
    diagnosis: str, visit: int, day: date, changes: list[str], where: str = "visit"
) -> str:
    """The prompt to revisit another cause: at the visit that restates it, or as the next
    visit's plan (`where="next_visit"`)."""
    return REVISIT[where].format(
        when=_when(visit, day), diagnosis=diagnosis, changes="; ".join(changes)
    )


def _when(number: int, day: date) -> str:
    return f"visit {number} ({day.isoformat()})"


def documentation_text(doc: Documentation) -> str:
    return (
        f"{_when(doc.earlier_visit, doc.earlier_date)} to {_when(doc.later_visit, doc.later_date)}"
        f", {in_months(doc.days_apart)} months apart: " + "; ".join(c.text for c in doc.changes)
    )


def too_soon_text(change: ChangeTooSoon, months: int) -> str:
    """A change between visits closer than A.5 asks: what changed, that it is too soon, and
    from when a repeat examination (or the history) documents it."""
    return (
        f"Progression not yet documented by the findings: {documentation_text(change)}. "
        f"The visits are under the {months} months apart that A.5 asks (El Escorial, S6): "
        f"an examination from {change.documentable_from.isoformat()} ({months} months after "
        f"visit {change.earlier_visit}) that still shows this documents it; so does "
        "progression reported by the patient and recorded by the clinician (give progression: "
        "yes at the visit)."
    )


def progression_text(
    source: str,
    given: bool | None,
    doc: Documentation | None,
    from_visit: int | None,
    months: int,
    too_soon: ChangeTooSoon | None = None,
    judged: int | None = None,
    judged_out: Documentation | None = None,
    compared: str = "compared",
) -> str:
    """The visit's progression in a sentence. `compared` says, when nothing documents it and
    nothing changed, whether there was anything to compare: "first_visit", "none_far_enough"
    (no earlier visit `months` before) or "compared"."""
    if source == "file":
        said = "yes" if given else "no"
        if doc is not None:
            also = f"the findings document it too ({documentation_text(doc)})"
        else:
            also = "the findings alone do not document it"
        return f"Progression given in the file: {said} (the file wins); {also}."
    if source == "findings":
        assert doc is not None
        return f"Progression documented by the findings: {documentation_text(doc)}."
    if source == "earlier_visit":
        return f"Progression given as yes at visit {from_visit}; it stays documented."
    if too_soon is not None:
        return too_soon_text(too_soon, months)
    if judged is not None and judged_out is not None:
        return (
            f"Progression not documented: {documentation_text(judged_out)}; not counted, "
            f"since visit {judged_out.later_visit} shows no change from visit {judged} "
            "(progression given as no there) in a region both examined (A.5); unknown unless "
            "the visit gives it (by history)."
        )
    if judged is not None:  # what came before was judged there: said only since then
        return (
            f"Progression not documented: no region gained UMN or LMN involvement or worsened "
            f"after visit {judged} (progression given as no there); unknown unless the visit "
            "gives it (by history)."
        )
    return NOT_DOCUMENTED[compared].format(months=months)


#: Progression not documented and no change to name, by what there was to compare (A.5).
NOT_DOCUMENTED = {
    "first_visit": (
        "Progression not documented: first visit, nothing to compare yet; unknown unless the "
        "visit gives it (by history)."
    ),
    "none_far_enough": (
        "Progression not documented: no earlier visit is at least {months} months before this "
        "one, so the findings cannot document it yet (A.5); unknown unless the visit gives it "
        "(by history)."
    ),
    "compared": (
        "Progression not documented: no region gained UMN or LMN involvement and none "
        "worsened between visits at least {months} months apart; unknown unless the visit "
        "gives it (by history)."
    ),
}


def next_visit_text(
    planned: bool,
    never_sampled: list[str],
    fasciculations_only: bool,
    study_first: list[str] | None = None,
    studied_before: bool = False,
    barred: list[str] | None = None,
    yearly: bool = False,
    first_study: bool = False,
    another_cause: bool = False,
    confirm_bulbar: bool = False,
) -> str:
    """The next visit in a sentence or two; `confirm_bulbar` adds the confirmation a bulbar
    region resting on the trapezius or sternocleidomastoid alone asks for (A.4, B.0)."""
    text = _next_visit_text(
        planned, never_sampled, fasciculations_only, study_first, studied_before, barred,
        yearly, first_study, another_cause,
    )
    return f"{text} {CONFIRM_BULBAR}" if confirm_bulbar and not another_cause else text


#: The muscles of a region due for repeat EMG, as the next-visit rows list them (A.4:
#: "concentrating on the muscles that were spared before").
SAMPLING_ROW = {
    "spared": "sample first (normal then): {muscles}",
    "withheld": "normal then, not to be needled now: {muscles}",
    "other_side": "instead, on the other side: {muscles}",
}


#: The next visit's line for a category that rests on an accessory-nerve muscle as bulbar.
CONFIRM_BULBAR = (
    "Confirm the bulbar region at the next visit: the category rests on the trapezius or "
    "sternocleidomastoid alone as bulbar EMG evidence; needle a muscle a cranial nerve "
    "supplies (the plans name it)."
)


def _next_visit_text(
    planned: bool,
    never_sampled: list[str],
    fasciculations_only: bool,
    study_first: list[str] | None,
    studied_before: bool,
    barred: list[str] | None,
    yearly: bool,
    first_study: bool,
    another_cause: bool,
) -> str:
    if another_cause:
        return (
            "Another cause is recorded at the last visit: no EMG is planned to look for ALS "
            "evidence; re-examine, and revisit that diagnosis if the course departs from it "
            "(for example, weakness, wasting or UMN signs beyond its territory)."
        )
    if first_study:
        return (
            "No needle study yet: a first electrodiagnostic study (nerve conduction and needle "
            "EMG) at the next visit, above all to exclude mimics (B.4.1: conduction block, "
            "demyelination, sensory abnormality), and to look for LMN involvement where the "
            "findings or symptoms point."
        )
    cannot = ""
    if barred:
        noun = "region" if len(barred) == 1 else "regions"
        cannot = (
            f"; the twitching {listed(barred)} {noun} cannot be needled now (lymphedema or "
            "skin infection of both limbs): re-examine there"
        )
    if study_first:
        where = listed(study_first)
        noun = "region" if len(study_first) == 1 else "regions"
        text = (
            f"Fasciculations alone are not evidence of ALS: needle EMG of the twitching {where} "
            f"{noun}, not yet studied"
        )
        if studied_before:
            text += "; no repeat of the regions already studied"
        return text + cannot + "."
    if barred:
        return "Fasciculations alone are not evidence of ALS" + cannot + "."
    if not planned:
        if fasciculations_only:
            return (
                "No repeat EMG planned: fasciculations alone, already studied; re-examine "
                "only if weakness, wasting or UMN signs appear."
            )
        return "No repeat EMG planned by the criteria sets' plans at the last visit."
    text = (
        "Repeat EMG about a year after each region's last EMG (UMN signs only), or sooner if "
        "weakness, wasting or fasciculations appear, previously spared muscles first"
        if yearly
        else "Repeat EMG 3 to 6 months after each region's last EMG, previously spared "
        "muscles first"
    )
    if never_sampled:
        text += f"; never sampled: {listed(never_sampled)}"
    return text + "."


__all__ = [
    "NEXT_VISIT_SOURCE",
    "PROGRESSION_SOURCE",
    "change_text",
    "documentation_text",
    "next_visit_text",
    "progression_text",
    "revisit_text",
    "too_soon_text",
]


# --- function and stage (docs/staging.md) -----------------------------------------------

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
    "Roche 2012 and Balendra 2014)"
)


def measure(value: float | int | None) -> str:
    """A function measure as a table cell: a score as it is, a rate to two decimals, "-"
    where it cannot be computed."""
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.2f}"


def _per_month(value: float) -> str:
    return f"{value:.2f} points a month"


def staging_text(fields: Mapping[str, Any], staging: Staging, has_onset: bool) -> str:
    """The visit's function and stage in one paragraph; what cannot be computed is said."""
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
            said.append(
                f"ΔFS {_per_month(rate)} from onset ({_BAND_WORDS.get(band, band)}, "
                f"{_CUTOFF_NAMES[staging.delta_fs_cutoffs]} cut-offs)"
            )
        elif not has_onset:
            said.append("ΔFS needs the date of onset")
        step = fields.get("alsfrs_r_slope")
        if step is not None:
            change = "lost" if step < 0 else "gained" if step > 0 else "changed"
            said.append(f"{_per_month(abs(step))} {change} since the last form (slope)")
    elif staging.alsfrs_r_missing and len(staging.alsfrs_r_missing) < 12:
        said.append(
            "ALSFRS-R incomplete (not scored: "
            + ", ".join(m.replace("_", " ") for m in staging.alsfrs_r_missing)
            + "): no total, ΔFS or slope"
        )
    mitos = fields.get("mitos_stage")
    if mitos is not None:
        lost = staging.mitos_domains_lost
        said.append(f"MiToS stage {mitos}" + (f" ({', '.join(lost)} lost)" if lost else ""))
    elif staging.mitos_undecided and "alsfrs_r_total" in fields:
        said.append(
            "MiToS stage not decided: the form leaves "
            + ", ".join(staging.mitos_undecided)
            + " open"
        )
    kings = fields.get("kings_stage")
    if kings is not None:
        source = {
            "milestones": "the recorded milestones (Roche 2012)",
            "alsfrs_r": "the ALSFRS-R items (Balendra 2014)",
        }[str(staging.kings_source)]
        regions = ", ".join(_REGION_WORDS[r] for r in staging.kings_regions)
        line = f"King's stage {kings} from {source}" + (f"; regions: {regions}" if regions else "")
        if staging.kings_source == "milestones":
            line += _form_beside_milestones(str(kings), staging)
        said.append(line)
    elif staging.kings_alsfrs_r_at_least is not None:
        said.append(
            "King's stage not estimated from a partial ALSFRS-R form: the items scored show "
            f"at least {staging.kings_alsfrs_r_at_least} (Balendra 2014), and the items left "
            "out could raise it"
        )
    return (". ".join(said) + ".") if said else ""


def _form_beside_milestones(kings: str, staging: Staging) -> str:
    """The ALSFRS-R estimate beside the milestones' stage, when it says something else.
    4A and 4B are both stage 4 (Roche 2012: the letter names the milestone, a gastrostomy or
    NIV), so they do not disagree on the stage; a partial form is only a lower bound, which
    disagrees only when it is above the milestones' stage."""
    other = staging.kings_from_alsfrs_r
    if other is not None and other != kings:
        if _rank(other) == _rank(kings):
            return (
                f"; the ALSFRS-R estimate is {other}, stage 4 as well (the letter names the "
                "milestone each shows: 4A a gastrostomy, 4B NIV)"
            )
        return f"; the ALSFRS-R estimate is {other}: the two derivations disagree"
    bound = staging.kings_alsfrs_r_at_least
    if bound is not None and _rank(bound) > _rank(kings):
        return (
            f"; the partial ALSFRS-R form already shows at least {bound}: the two derivations "
            "disagree"
        )
    return ""


def _rank(stage: str) -> int:
    """King's stages in order; 4A and 4B are both stage 4 (reached in either order)."""
    return kings_rank(cast("KingsStage", stage))
