"""Session 13: history advice leftovers (brief13-hist).

- the cervical cord flag reads the examination alone: a visit that raises it while its
  record shows bulbar function affected (an ALSFRS-R bulbar item below 4, or bulbar
  functional involvement recorded) says so right after the flag, and the flag stands;
- an ALSFRS-R slope from forms under 3 calendar months apart is not given as a monthly
  rate in words or tables: the points and the days are (A.5);
- the clinical-only plan timings are defined once, in the plan, and read by the history.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria import assess_cohort
from alscriteria.case.dates import at_least_months_apart
from alscriteria.function.staging import SLOPE_MINIMUM_MONTHS
from alscriteria.history import evaluate_history
from alscriteria.history.flags import raised_flags
from alscriteria.report import history_report
from alscriteria.wording.common import plural
from cli_helpers import run_in_process
from strategies import examples

ROOT = Path(__file__).resolve().parents[1]
NORMAL = {
    "speech": 4,
    "salivation": 4,
    "swallowing": 4,
    "handwriting": 3,
    "cutting_food": 3,
    "dressing_hygiene": 3,
    "turning_in_bed": 4,
    "walking": 3,
    "climbing_stairs": 4,
    "dyspnea": 4,
    "orthopnea": 4,
    "respiratory_insufficiency": 4,
}
#: UMN and LMN signs in the limbs, nothing above the neck: the cord flag's picture (S58).
CORD = {
    "bulbar": {},
    "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
    "lumbosacral": {"umn_signs": ["babinski"]},
}


def _visit(day: str, regions: dict[str, Any] = CORD, **function: Any) -> dict[str, Any]:
    return {"date": day, "other_causes_excluded": True, "regions": regions, **function}


def _history(*visits: dict[str, Any]) -> dict[str, Any]:
    return {"id": "H-s13", "onset": "2023-06-01", "visits": list(visits)}


def _codes(visit: Any) -> list[str]:
    return [w.code for w in next(iter(visit.results.values())).warnings]


# --- bulbar symptoms beside the cervical cord flag (A.5, B.4.1) ----------------------------


def test_the_bundled_limb_onset_visit_with_speech_3_says_so_beside_the_flag() -> None:
    """The reviewer's case: visit 3 of the limb-onset example scores speech 3 and records
    bulbar functional involvement; the flag stands and the pointer names both."""
    data = json.loads((ROOT / "examples" / "history-limb-onset.json").read_text())
    visits = evaluate_history(data, plan=False).visits
    assert [v.bulbar_symptoms is not None for v in visits] == [False, False, True]
    beside = visits[2].bulbar_symptoms
    assert beside is not None and "consider_cervical_myelopathy" in _codes(visits[2])
    assert beside.values == {
        "items": ["speech:3"],
        "examined": True,
        "recorded": True,
        "recorded_from": None,
    }
    assert beside.text.startswith(
        "Nothing above the neck on examination, but this visit records bulbar symptoms "
        "(ALSFRS-R speech 3; bulbar functional involvement recorded): re-examine the bulbar "
        "region."
    )
    assert "the cervical MRI stands" in beside.text and "S58" in beside.source


def test_the_flag_says_it_reads_the_examination() -> None:
    visit = evaluate_history(_history(_visit("2024-01-10")), plan=False).visits[0]
    flag = next(iter(visit.results.values())).warnings[0]
    assert flag.code == "consider_cervical_myelopathy"
    assert flag.text.startswith("UMN and LMN signs in the limbs with nothing above the neck on ")
    assert visit.bulbar_symptoms is None  # a normal form: nothing to say beside it


def test_each_bulbar_item_below_4_is_named_with_its_score() -> None:
    form = {**NORMAL, "speech": 3, "swallowing": 2}
    visit = evaluate_history(_history(_visit("2024-01-10", alsfrs_r=form)), plan=False).visits[0]
    assert visit.bulbar_symptoms is not None
    assert visit.bulbar_symptoms.values["items"] == ["speech:3", "swallowing:2"]
    assert "(ALSFRS-R speech 3, swallowing 2)" in visit.bulbar_symptoms.text


def test_bulbar_involvement_recorded_earlier_is_dated_to_that_visit() -> None:
    """The recorded regions accumulate, as the stage counts them: a later visit with a
    normal bulbar form still has bulbar functional involvement on record."""
    history = _history(
        _visit("2024-01-10", functional_involvement=["upper_limb", "bulbar"]),
        _visit("2024-04-10", alsfrs_r=NORMAL),
    )
    first, second = evaluate_history(history, plan=False).visits
    assert first.bulbar_symptoms is not None and second.bulbar_symptoms is not None
    assert second.bulbar_symptoms.values["recorded_from"] == 1
    said = second.bulbar_symptoms.text
    assert "(bulbar functional involvement recorded since visit 1)" in said


def test_a_bulbar_region_not_examined_is_to_be_examined_not_re_examined() -> None:
    regions = {k: v for k, v in CORD.items() if k != "bulbar"}
    form = {**NORMAL, "salivation": 3}
    history = _history(_visit("2024-01-10", regions, alsfrs_r=form))
    visit = evaluate_history(history, plan=False).visits[0]
    assert "consider_cervical_myelopathy" in _codes(visit)
    assert visit.bulbar_symptoms is not None
    text = visit.bulbar_symptoms.text
    assert text.startswith("The bulbar region was not examined at this visit, but this visit")
    assert "salivation 3): examine the bulbar region" in text


def test_no_pointer_without_the_cord_flag() -> None:
    """Bulbar symptoms beside LMN signs in the arms alone (no cord flag): nothing to qualify."""
    arms = {"bulbar": {}, "cervical": {"lmn_signs": ["weakness", "wasting"]}}
    history = _history(_visit("2024-01-10", arms, alsfrs_r={**NORMAL, "speech": 3}))
    visit = evaluate_history(history, plan=False).visits[0]
    assert "consider_cervical_myelopathy" not in _codes(visit)
    assert visit.bulbar_symptoms is None


def test_the_pointer_follows_the_flag_it_qualifies_in_the_terminal_and_on_the_page(
    capsys: pytest.CaptureFixture[str],
) -> None:
    history = _history(
        _visit("2024-01-10", alsfrs_r=NORMAL), _visit("2024-04-10", alsfrs_r=NORMAL | {"speech": 3})
    )
    result = evaluate_history(history)
    flags = raised_flags(result.visits)
    codes = [f.item.code for f in flags]
    at = codes.index("consider_cervical_myelopathy")
    assert codes[at + 1] == "bulbar_symptoms_beside_cord_flag" and flags[at + 1].visits == (2,)
    page = history_report(history, result)
    assert "(visit 2). Nothing above the neck on examination, but this visit records" in page
    path = ROOT / "tests" / "_s13_bulbar.json"
    try:
        path.write_text(json.dumps(history), encoding="utf-8")
        code, out, _ = run_in_process(capsys, "timeline", str(path), "--no-plan", width=80)
    finally:
        path.unlink()
    said = " ".join(out.replace("│", " ").replace("└──", " ").replace("├──", " ").split())
    assert code == 0
    assert "visit 2: Nothing above the neck on examination, but this visit records bulbar " in said
    assert said.index("nothing above the neck on examination: MRI") < said.index("visit 2: Noth")


# --- one definition of the clinical-only plan timings ---------------------------------------


def test_the_next_visit_reads_the_plans_own_clinical_only_timings() -> None:
    """The history reads the plan's definition (history may import assess, A.4), and no
    module of the history spells the codes again."""
    from alscriteria.assess.plan import timing
    from alscriteria.history import next_visit
    from alscriteria.wording.plan_items import PLAN_ITEM

    assert next_visit.CLINICAL_ONLY_TIMINGS is timing.CLINICAL_ONLY_TIMINGS
    assert set(PLAN_ITEM) >= timing.CLINICAL_ONLY_TIMINGS  # each a worded plan item
    history = ROOT / "src" / "alscriteria" / "history"
    assert not [p.name for p in history.glob("*.py") if '"emg_cannot_raise' in p.read_text()]


# --- an ALSFRS-R slope from forms close together (A.5) -------------------------------------

ARMS = {"cervical": {"lmn_signs": ["weakness"]}}


def _forms(first: str, second: str, before: dict[str, int], after: dict[str, int]) -> Any:
    """Two visits, each with a complete form (no flag beside them: arm weakness alone)."""
    return _history(
        _visit(first, ARMS, alsfrs_r={**NORMAL, **before}),
        _visit(second, ARMS, alsfrs_r={**NORMAL, **after}),
    )


#: The reviewer's pair (/tmp/review12/dfs.json): 8 points lost in 15 days, "16.23 a month".
SHORT = _forms(
    "2023-09-18",
    "2023-10-03",
    {},
    {"speech": 3, "swallowing": 3, "handwriting": 1, "cutting_food": 1, "walking": 1},
)


def test_forms_15_days_apart_give_the_points_and_days_not_a_monthly_rate() -> None:
    second = evaluate_history(SHORT, plan=False).visits[1]
    assert second.alsfrs_r_slope == -16.233  # the arithmetic is kept in the JSON
    assert (second.alsfrs_r_slope_points, second.alsfrs_r_slope_days) == (-8, 15)
    assert second.alsfrs_r_slope_short is True
    assert second.staging is not None
    text = second.staging.text
    assert (
        "8 points lost in 15 days since the last form (under 2 calendar months apart: no "
        "monthly slope, since over 15 days one point alone reads as 2.03 points a month)"
    ) in text
    assert "16.2" not in text and "(slope)" not in text
    assert second.staging.values["alsfrs_r_slope_short"] is True


@pytest.mark.parametrize(
    ("second", "short"),
    [("2024-03-10", False), ("2024-03-09", True), ("2024-01-11", True)],
)
def test_the_rate_is_given_from_two_calendar_months_apart(second: str, short: bool) -> None:
    visit = evaluate_history(_forms("2024-01-10", second, {}, {"walking": 2}), plan=False).visits[1]
    assert visit.alsfrs_r_slope_short is short
    assert visit.staging is not None
    assert ("points a month lost since the last form (slope)" in visit.staging.text) is not short
    assert ("1 point lost in " in visit.staging.text) is short


def test_no_change_and_a_gain_over_a_short_interval_are_said_as_points() -> None:
    same = evaluate_history(_forms("2024-01-10", "2024-01-30", {}, {}), plan=False).visits[1]
    assert same.staging is not None and same.alsfrs_r_slope == 0
    assert "No change in 20 days since the last form (under 2 calendar months" in (
        same.staging.text
    )
    gain = _forms("2024-01-10", "2024-01-11", {"walking": 2}, {"walking": 3})
    up = evaluate_history(gain, plan=False).visits[1]
    assert up.staging is not None
    assert "1 point gained in 1 day since the last form" in up.staging.text
    assert "over 1 day one point alone reads as 30.44 points a month" in up.staging.text


def test_the_timeline_and_the_page_show_the_points_and_days(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = ROOT / "tests" / "_s13_slope.json"
    try:
        path.write_text(json.dumps(SHORT), encoding="utf-8")
        code, out, _ = run_in_process(capsys, "timeline", str(path), "--no-plan", width=80)
    finally:
        path.unlink()
    assert code == 0 and "-8 in 15 d" in out and "-16.2" not in out
    assert "from forms under 2 calendar months apart, the points and days" in " ".join(out.split())
    page = history_report(SHORT, evaluate_history(SHORT))
    assert "<td>-8 in 15 d</td>" in page and "-16.2" not in page


def test_a_batch_row_gives_the_slope_with_its_days_and_whether_they_are_too_few() -> None:
    row = next(iter(assess_cohort([SHORT])))
    last = row["function"]["last"]
    assert (last["alsfrs_r_slope"], last["alsfrs_r_slope_days"]) == (-16.233, 15)
    assert last["alsfrs_r_slope_short"] is True


@settings(max_examples=examples(40), deadline=None)
@given(
    st.integers(1, 400),
    st.integers(0, 12),
    st.integers(0, 12),
)
def test_a_rate_is_said_exactly_when_the_forms_are_two_calendar_months_apart(
    days: int, before: int, after: int
) -> None:
    """Whatever the interval and the scores, the sentence gives a monthly rate only from
    forms at least two calendar months apart, and otherwise the points and days it read."""
    first = date(2024, 1, 31)
    later = first + timedelta(days=days)
    drop = {"walking": min(before, 4), "handwriting": min(after, 4)}
    history = _forms(first.isoformat(), later.isoformat(), {}, drop)
    visit = evaluate_history(history, plan=False).visits[1]
    assert visit.staging is not None and visit.alsfrs_r_slope_points is not None
    rate = "points a month lost since" in visit.staging.text or "(slope" in visit.staging.text
    assert rate is at_least_months_apart(first, later, SLOPE_MINIMUM_MONTHS)
    if not rate:
        assert f" {plural(days, 'day')} since the last form" in visit.staging.text
