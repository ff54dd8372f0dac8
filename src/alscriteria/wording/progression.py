"""The history's progression sentences (criteria.md A.5): a change between two visits, the
pair of visits that documents progression, a change too soon to count, and how each visit's
progression was decided. One job: saying what changed between visits and what it proves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alscriteria.anatomy.vocabulary import label
from alscriteria.case.dates import in_months
from alscriteria.wording.common import muscle_words
from alscriteria.wording.sayings import Saying

if TYPE_CHECKING:
    from datetime import date

    from alscriteria.history.result import ChangeTooSoon, Documentation

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


def visit_when(number: int, day: date) -> str:
    """A visit as the history names it: "visit 2 (2024-07-15)"."""
    return f"visit {number} ({day.isoformat()})"


def documentation_text(doc: Documentation) -> str:
    return (
        f"{visit_when(doc.earlier_visit, doc.earlier_date)} to "
        f"{visit_when(doc.later_visit, doc.later_date)}, {in_months(doc.days_apart)} months "
        "apart: " + "; ".join(c.text for c in doc.changes)
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


__all__ = [
    "CHANGE",
    "NEW_MUSCLES",
    "NOT_DOCUMENTED",
    "PROGRESSION_SOURCE",
    "WORSE_PARTS",
    "change_text",
    "documentation_text",
    "progression_text",
    "too_soon_text",
    "visit_when",
]


#: The models this room words, by kind (see `wording/voice.py`).
SAYINGS: dict[str, Saying] = {}
