"""Strategies for patient histories: dated visits drawn from the case strategies.

Shared by the history, advice, review, staging and batch-visit tests, so that "any history"
means the same thing wherever a property is checked of it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from alscriteria import InvalidCaseError, parse_case
from alscriteria.case.dates import add_months
from alscriteria.function.record import ITEMS
from strategies import cases


def _without_id(case: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in case.items() if k != "id"}


@st.composite
def visit_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Two to four visits, 1 to 400 days apart, findings drawn freely (cases() mixes sparse
    and rich findings; repeated muscles make carried and re-studied EMG frequent)."""
    count = draw(st.integers(2, 4))
    day = date(2023, 1, 1)
    out = []
    for _ in range(count):
        case = draw(cases(max_studies=5))
        out.append({"date": day.isoformat(), **_without_id(case)})
        day += timedelta(days=draw(st.integers(1, 400)))
    return out


@st.composite
def rewritten_limb_findings(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """One limb region's findings, and the same findings written in another form: moved
    between the whole region and one limb, or a named sign given as its yes flag."""
    umn = draw(
        st.lists(
            st.sampled_from(["hoffmann", "hyperreflexia", "spasticity"]), max_size=2, unique=True
        )
    )
    lmn = draw(
        st.lists(
            st.sampled_from(["weakness", "wasting", "fasciculations"]), max_size=3, unique=True
        )
    )
    side = draw(st.sampled_from(["left", "right"]))
    named = {"umn_signs": umn, "lmn_signs": lmn}
    forms: list[dict[str, Any]] = [named, {side: named}]
    weak = [s for s in lmn if s != "fasciculations"]
    if umn or weak:
        flagged: dict[str, Any] = {"lmn_signs": [s for s in lmn if s == "fasciculations"]}
        if umn:
            flagged["umn"] = "yes"
        if weak:
            flagged["lmn"] = "yes"
        forms.append(flagged)
    first = draw(st.sampled_from(forms))
    second = draw(st.sampled_from(forms))
    return first, second


@st.composite
def progression_histories(draw: st.DrawFn) -> dict[str, Any]:
    day = date(2024, 1, 15)
    visits = []
    for _ in range(draw(st.integers(2, 4))):
        case = draw(cases(max_studies=3))
        for key in ("progression", "alternative_diagnosis", "id"):
            case.pop(key, None)
        given = draw(st.sampled_from([None, None, None, False, True]))
        if given is not None:
            case["progression"] = given
        visits.append({"date": day.isoformat(), **case})
        day = add_months(day, draw(st.integers(1, 8)))
    return {"visits": visits}


@st.composite
def umn_only_histories(draw: st.DrawFn) -> tuple[date, list[tuple[date, bool]]]:
    """An onset and UMN-only visits over 6 years, each needled (normally) or not."""
    onset = date(2018, 1, 1) + timedelta(days=draw(st.integers(0, 365)))
    offsets = sorted(set(draw(st.lists(st.integers(0, 6 * 365), min_size=1, max_size=6))))
    return onset, [(onset + timedelta(days=d), draw(st.booleans())) for d in offsets]


alsfrs_r_scores = st.fixed_dictionaries({i: st.integers(0, 4) for i in ITEMS})

#: A form as a clinic fills it in: every item, or some left out (a partial form).
alsfrs_r_forms = st.one_of(
    alsfrs_r_scores,
    st.fixed_dictionaries({}, optional={i: st.integers(0, 4) for i in ITEMS}),
)


@st.composite
def visit_function(draw: st.DrawFn, day: str) -> dict[str, Any]:
    """What a visit on `day` records of function (docs/staging.md): a form, milestones
    reached that day, the regions functionally involved; any of them, or none."""
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["alsfrs_r"] = draw(alsfrs_r_forms)
    if draw(st.integers(0, 3)) == 0:
        out["functional_involvement"] = draw(
            st.lists(st.sampled_from(["bulbar", "upper_limb", "lower_limb"]), unique=True)
        )
    if draw(st.integers(0, 4)) == 0:
        out["gastrostomy"] = {"status": draw(st.sampled_from(["provided", "refused"])), "date": day}
    if draw(st.integers(0, 4)) == 0:
        status = draw(st.sampled_from(["provided", "trialled", "refused"]))
        out["niv"] = {"status": status, "date": day}
    if draw(st.integers(0, 4)) == 0:
        out["diagnosis_date"] = day
    return out


@st.composite
def patient_histories(draw: st.DrawFn, number: int, function: bool = False) -> dict[str, Any]:
    """One to three visits over 900 days, an onset or not. `function`: visits may also
    record function (the ALSFRS-R, staging milestones), as staging and the voice's sentences
    need; left out by default, so what other properties draw is unchanged."""
    days = draw(st.lists(st.integers(0, 900), min_size=1, max_size=3, unique=True))
    visits = []
    for day in sorted(days):
        case = draw(cases(max_studies=3))
        case.pop("id", None)
        try:
            parse_case(case)
        except InvalidCaseError:
            assume(False)
        when = f"{2022 + day // 300}-{day % 12 + 1:02d}-{day % 28 + 1:02d}"
        visits.append({"date": when, **case, **(draw(visit_function(when)) if function else {})})
    visits.sort(key=lambda v: v["date"])
    assume(len({v["date"] for v in visits}) == len(visits))
    history: dict[str, Any] = {"id": f"P-{number}", "visits": visits}
    if draw(st.booleans()):
        history["onset"] = "2021-06-01"
    return history


__all__ = [
    "alsfrs_r_forms",
    "alsfrs_r_scores",
    "patient_histories",
    "progression_histories",
    "rewritten_limb_findings",
    "umn_only_histories",
    "visit_function",
    "visit_lists",
]
