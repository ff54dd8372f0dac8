"""The history's progression sentences (criteria.md A.5): a change between two visits, the
pair of visits that documents progression, a change too soon to count, and how each visit's
progression was decided. One job: saying what changed between visits and what it proves.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from alscriteria.anatomy.vocabulary import label
from alscriteria.case.dates import at_least_months_apart, calendar_months_between, in_months
from alscriteria.wording.common import field, iso, muscle_words
from alscriteria.wording.sayings import Saying

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


#: What a change names beside signs and muscles: a registry's flag given without its signs,
#: and an EMG summary (codes in Change.before, after and new).
FLAG_FINDING = {
    "umn_flag": "UMN signs (flag; signs not named)",
    "lmn_flag": "weakness or wasting (flag; signs not named)",
    "emg_summary": "denervation with reinnervation (EMG summary)",
}


def _finding(item: str) -> str:
    """A finding as the clinic says it: a flag or summary, a sign's label, or a muscle by
    its name."""
    if item in FLAG_FINDING:
        return FLAG_FINDING[item]
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
    umn = (
        ", ".join(FLAG_FINDING.get(s) or label("umn_signs", s) for s in after)
        if kind == "umn_new_region"
        else ""
    )
    text = CHANGE[kind].format(region=region, after=umn or _findings(after))
    return text + (NEW_MUSCLES.format(muscles=named) if muscles else "")


def say_change(fields: Mapping[str, Any]) -> dict[str, str]:
    """A `Change`'s sentence from its codes: region, kind, the findings after, the muscles
    newly denervated and what is new (catalogue keys and sign codes, never names)."""
    return {
        "text": change_text(
            str(fields["kind"]),
            str(fields["region"]),
            list(fields["after"]),
            list(fields["muscles"]),
            list(fields["new"]),
        )
    }


def change_words(change: Any) -> str:
    """A change nested in a documentation or a revisit: from JSON, worded from its own codes;
    from the core, a `Change` this voice has just worded from those codes (its `text`: the
    history compares many pairs of visits, and a change is not worded twice)."""
    if not isinstance(change, dict):
        text: str = change.text
        return text
    return say_change(change)["text"]


def visit_when(number: int, day: date | str) -> str:
    """A visit as the history names it: "visit 2 (2024-07-15)"."""
    return f"visit {number} ({iso(day)})"


def _day(day: date | str) -> date:
    return day if isinstance(day, date) else date.fromisoformat(day)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def interval_words(doc: Any, months: int) -> str:
    """How far apart two visits are, beside the `months` A.5 asks: in months to one decimal
    (days / 30.44), except where that figure would fall on the other side of the threshold
    than the calendar count that decides (181 days from 31 August to 28 February is six
    calendar months, not "5.9"; 183 days from 1 March to 31 August is under six, not
    "6.0"): then in calendar months and days, as the decision counts them."""
    earlier, later = _day(field(doc, "earlier_date")), _day(field(doc, "later_date"))
    if not decimal_misleads(earlier, later, months):
        return f"{in_months(field(doc, 'days_apart'))} months"
    whole, days = calendar_months_between(earlier, later)
    return _count(whole, "calendar month") + (f" and {_count(days, 'day')}" if days else "")


#: A table's short form of calendar months and days (`interval_figure`), and the legend
#: that says why a table shows it (A.5: visits at least six calendar months apart, S6).
CALENDAR_FIGURE = "{whole} cal mo"
CALENDAR_LEGEND = (
    "cal mo: calendar months (and days), as A.5 counts its {months} months between visits, "
    "where months of 30.44 days would fall on the other side of them"
)


def decimal_misleads(earlier: date, later: date, months: int) -> bool:
    """Whether months of 30.44 days to one decimal would put the time from `earlier` to
    `later` on the other side of `months` than the calendar count that decides (A.5)."""
    shown = in_months((later - earlier).days)
    return (shown >= months) != at_least_months_apart(earlier, later, months)


def interval_figure(earlier: date, later: date, months: int) -> str:
    """A table's figure for the time from `earlier` to `later` beside the `months` A.5 asks:
    months to one decimal ("5.9"), except where that figure would fall on the other side of
    the threshold than the calendar count that decides (as `interval_words`): then calendar
    months and days ("6 cal mo", "5 cal mo 30 d")."""
    if not decimal_misleads(earlier, later, months):
        return f"{in_months((later - earlier).days):.1f}"
    whole, days = calendar_months_between(earlier, later)
    return CALENDAR_FIGURE.format(whole=whole) + (f" {days} d" if days else "")


def documentation_text(doc: Any, months: int) -> str:
    """Two visits and what changed between them (a `Documentation`, or its JSON); their
    interval is said as it stands beside the `months` A.5 asks (`interval_words`)."""
    return (
        f"{visit_when(field(doc, 'earlier_visit'), field(doc, 'earlier_date'))} to "
        f"{visit_when(field(doc, 'later_visit'), field(doc, 'later_date'))}, "
        f"{interval_words(doc, months)} apart: "
        + "; ".join(change_words(c) for c in field(doc, "changes"))
    )


def too_soon_text(change: Any, months: int) -> str:
    """A change between visits closer than A.5 asks: what changed, that it is too soon, and
    from when a repeat examination (or the history) documents it (a `ChangeTooSoon`, or its
    JSON)."""
    return (
        f"Progression not yet documented by the findings: {documentation_text(change, months)}. "
        f"The visits are under the {months} months apart that A.5 asks (El Escorial, S6): "
        f"an examination from {iso(field(change, 'documentable_from'))} ({months} months "
        f"after visit {field(change, 'earlier_visit')}) that still shows this documents it; "
        "so does "
        "progression reported by the patient and recorded by the clinician (give progression: "
        "yes at the visit)."
    )


def say_progression(fields: Mapping[str, Any]) -> dict[str, str]:
    """A `ProgressionBasis`'s sentence from its codes: the source, the value the file gives,
    the visits that document it (or a change too soon, or not counted) and `values`."""
    values = fields["values"]
    return {
        "text": progression_text(
            str(fields["source"]),
            fields["in_file"],
            fields["documented_by"],
            fields["from_visit"],
            fields["minimum_months"],
            fields["too_soon"],
            values["judged_at_visit"],
            fields["not_counted"],
            str(values["compared"]),
        )
    }


def progression_text(
    source: str,
    given: bool | None,
    doc: Any,
    from_visit: int | None,
    months: int,
    too_soon: Any = None,
    judged: int | None = None,
    judged_out: Any = None,
    compared: str = "compared",
) -> str:
    """The visit's progression in a sentence. `compared` says, when nothing documents it and
    nothing changed, whether there was anything to compare: "first_visit", "none_far_enough"
    (no earlier visit `months` before) or "compared"."""
    if source == "file":
        said = "yes" if given else "no"
        if doc is not None and given:
            also = f"the findings document it too ({documentation_text(doc, months)})"
        elif doc is not None:  # the findings contradict the "no": the file wins, said so
            also = (
                f"the findings would document it ({documentation_text(doc, months)}): the file's "
                "'no' stands; review it"
            )
        else:
            also = "the findings alone do not document it"
        return f"Progression given in the file: {said} (the file wins); {also}."
    if source == "findings":
        assert doc is not None
        return f"Progression documented by the findings: {documentation_text(doc, months)}."
    if source == "earlier_visit":
        return f"Progression given as yes at visit {from_visit}; it stays documented."
    if too_soon is not None:
        return too_soon_text(too_soon, months)
    if judged is not None and judged_out is not None:
        return (
            f"Progression not documented: {documentation_text(judged_out, months)}; not counted, "
            f"since visit {field(judged_out, 'later_visit')} shows no change from visit {judged} "
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


__all__ = [
    "CALENDAR_FIGURE",
    "CALENDAR_LEGEND",
    "CHANGE",
    "NEW_MUSCLES",
    "NOT_DOCUMENTED",
    "PROGRESSION_SOURCE",
    "WORSE_PARTS",
    "change_text",
    "change_words",
    "decimal_misleads",
    "documentation_text",
    "field",
    "interval_figure",
    "interval_words",
    "iso",
    "progression_text",
    "say_change",
    "say_progression",
    "too_soon_text",
    "visit_when",
]


#: The models this room words, by kind (see `wording/voice.py`). A change is worded by its
#: own kind (`Change.kind`), so each kind of change is a kind of sentence.
SAYINGS: dict[str, Saying] = {
    "umn_new_region": say_change,
    "lmn_new_region": say_change,
    "lmn_worse": say_change,
    "progression_basis": say_progression,
}
