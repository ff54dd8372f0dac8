"""Session 12: histories, function and stage over time (brief12-hist).

- one reading of "a milestone reached by a date", for the stage and the milestones shown;
- a King's stage shown lower than one shown at an earlier visit (only an ALSFRS-R estimate
  can fall: the recorded milestones accumulate) is said, cited, in the JSON, the timeline
  and the page;
- an interval beside the six months of A.5 is never shown on the wrong side of it;
- a flail limb named at an early visit that a later visit's record excludes says so.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria.case.dates import at_least_months_apart, calendar_months_between
from alscriteria.function.record import ALSFRSR, ITEMS, Milestone
from alscriteria.function.staging import (
    DELTA_FS_CUTOFFS,
    KingsStage,
    delta_fs_band,
    kings_from_form,
    kings_from_milestones,
    kings_rank,
    reached_by,
)
from alscriteria.history import evaluate_history
from alscriteria.report import history_report
from alscriteria.wording.progression import interval_words
from alscriteria.wording.staging import delta_fs_figure
from cli_helpers import run_in_process
from strategies import examples
from strategies.histories import alsfrs_r_scores, visit_function

DAY = date(2024, 3, 1)
ROOT = Path(__file__).resolve().parents[1]


def test_a_milestone_dated_the_day_of_the_visit_is_reached_by_it_and_not_before() -> None:
    tube = Milestone(status="provided", date=DAY)
    niv = Milestone(status="trialled", date=DAY)
    on_the_day = reached_by(DAY, DAY, tube, niv)
    assert (on_the_day.diagnosis, on_the_day.gastrostomy, on_the_day.niv) == (True, True, True)
    before = reached_by(DAY - timedelta(days=1), DAY, tube, niv)
    assert (before.diagnosis, before.gastrostomy, before.niv) == (False, False, False)
    # the stage reads the same answer: NIV reached gives 4B, the day before only the regions
    staged: Any = kings_from_milestones(DAY, ("upper_limb",), DAY, tube, niv)
    assert staged.stage == "4B"
    earlier: Any = kings_from_milestones(DAY - timedelta(days=1), ("upper_limb",), DAY, tube, niv)
    assert earlier.stage == "1"


# --- a King's stage below one shown before (Roche 2012; Balendra 2014) ---------------------

NORMAL_FORM = dict.fromkeys(ITEMS, 4)
ARM = {"cervical": {"lmn_signs": ["weakness", "wasting"]}, "bulbar": {}, "lumbosacral": {}}


def _form(**scores: int) -> dict[str, int]:
    return {**NORMAL_FORM, **scores}


def _falling(second: dict[str, Any]) -> dict[str, Any]:
    """Visit 1's form shows three regions (stage 3, estimated); visit 2 records `second`."""
    return {
        "id": "H-fall",
        "onset": "2024-01-10",
        "visits": [
            {
                "date": "2024-04-02",
                "regions": ARM,
                "alsfrs_r": _form(speech=3, handwriting=3, walking=3),
            },
            {"date": "2024-07-09", "regions": ARM, **second},
        ],
    }


def test_an_estimated_stage_that_falls_is_said_cited_and_coded() -> None:
    history = _falling({"alsfrs_r": _form(handwriting=3, walking=3)})
    first, second = evaluate_history(history, plan=False).visits
    assert (first.kings_stage, second.kings_stage) == ("3", "2B")
    assert first.staging is not None and first.staging.kings_fell is None
    assert second.staging is not None
    fell = second.staging.kings_fell
    assert fell is not None
    assert (fell.from_stage, fell.from_visit, fell.from_date, fell.stage, fell.kings_source) == (
        "3",
        1,
        date(2024, 4, 2),
        "2B",
        "alsfrs_r",
    )
    said = (
        "The estimated stage fell from 3 at visit 1 (2024-04-02) to 2B: King's stages do not "
        "reverse (Roche 2012; Balendra 2015), but an estimate read from the items can, as items "
        "improve or are scored differently; check the form's items"
    )
    assert fell.text == said + "."
    assert said in second.staging.text
    assert "fell" not in first.staging.text


def test_a_stage_from_the_milestones_below_an_earlier_estimate_is_said_too() -> None:
    """No region recorded: visit 1's form (3) outranks its diagnosis (2A); visit 2's form
    shows no region, so the milestones give 2A, below the 3 shown before."""
    history = _falling({"alsfrs_r": _form()})
    history["visits"][0]["diagnosis_date"] = "2024-04-02"
    _, second = evaluate_history(history, plan=False).visits
    assert second.staging is not None and second.staging.kings_source == "milestones"
    fell = second.staging.kings_fell
    assert fell is not None and (fell.from_stage, fell.stage) == ("3", "2A")
    assert "check that form's items against the milestones recorded since" in fell.text


@pytest.mark.parametrize(
    ("second", "stage"),
    [
        ({"alsfrs_r": _form(speech=3, handwriting=3, walking=3)}, "3"),  # the same stage
        ({"alsfrs_r": _form(speech=3, handwriting=3, walking=3, dyspnea=0)}, "4B"),  # higher
    ],
)
def test_a_stage_kept_or_risen_is_not_a_fall(second: dict[str, Any], stage: str) -> None:
    _, later = evaluate_history(_falling(second), plan=False).visits
    assert later.kings_stage == stage
    assert later.staging is not None and later.staging.kings_fell is None


def test_4a_after_4b_is_stage_4_both_times_not_a_fall() -> None:
    history = _falling({"alsfrs_r": {**_form(handwriting=3, walking=3), "gastrostomy": True}})
    history["visits"][0]["alsfrs_r"] = _form(respiratory_insufficiency=3)
    first, second = evaluate_history(history, plan=False).visits
    assert (first.kings_stage, second.kings_stage) == ("4B", "4A")
    assert second.staging is not None and second.staging.kings_fell is None


def test_the_timeline_marks_the_fall_and_says_it(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).parent / "_s12_fall.json"
    history = _falling({"alsfrs_r": _form(handwriting=3, walking=3)})
    try:
        path.write_text(json.dumps(history), encoding="utf-8")
        code, out, _ = run_in_process(capsys, "timeline", str(path), "--no-plan", width=80)
    finally:
        path.unlink()
    assert code == 0
    assert "▼ 2B (est.)" in out and "│ 3 (est.)" not in out
    assert "The estimated stage fell from 3 at visit 1" in " ".join(out.replace("│", " ").split())


def test_the_page_marks_the_fall_and_says_it() -> None:
    history = _falling({"alsfrs_r": _form(handwriting=3, walking=3)})
    page = history_report(history, evaluate_history(history))
    assert 'class="kings-fell"' in page
    assert "Visit 2 (2024-07-09), King's stage &#x25BC;:</strong> The estimated stage fell" in page


@st.composite
def _staged_histories(draw: st.DrawFn) -> dict[str, Any]:
    """Two to five visits that record function only (forms and milestones at random)."""
    days = sorted(draw(st.lists(st.integers(0, 1500), min_size=2, max_size=5, unique=True)))
    visits = []
    for day in days:
        when = (date(2022, 1, 1) + timedelta(days=day)).isoformat()
        visits.append({"date": when, "regions": {"cervical": {}}, **draw(visit_function(when))})
    return {"onset": "2021-06-01", "visits": visits}


@settings(max_examples=examples(120), deadline=None)
@given(_staged_histories())
def test_only_an_estimate_falls_and_every_fall_is_said(history: dict[str, Any]) -> None:
    """King's stages do not reverse: the recorded milestones accumulate, so the stage they
    give never falls; a stage shown below an earlier one is said, from the latest visit
    that showed the highest stage before it, and that stage was an ALSFRS-R estimate."""
    visits = evaluate_history(history, plan=False).visits
    best: tuple[int, int] | None = None  # (rank, visit number)
    milestones: list[int] = []
    for v in visits:
        staging = v.staging
        if staging is not None and staging.kings_from_milestones is not None:
            milestones.append(kings_rank(cast("KingsStage", staging.kings_from_milestones)))
        if staging is None or v.kings_stage is None:
            continue
        rank = kings_rank(cast("KingsStage", v.kings_stage))
        fell = staging.kings_fell
        if best is not None and rank < best[0]:
            assert fell is not None and fell.from_visit == best[1]
            assert visits[best[1] - 1].staging.kings_source == "alsfrs_r"  # type: ignore[union-attr]
        else:
            assert fell is None
        if best is None or rank >= best[0]:
            best = (rank, v.number)
    assert milestones == sorted(milestones)


# --- a flail limb named early that a later visit excludes (S71) ----------------------------

ARMS = {"cervical": {"lmn_signs": ["weakness", "wasting"]}}
LEGS = {"lumbosacral": {"lmn_signs": ["weakness", "wasting"]}}


def _flail(later: dict[str, Any], at: str = "2020-12-01", early: dict[str, Any] = ARMS) -> Any:
    visits = [{"date": "2020-09-01", "regions": early}, {"date": at, "regions": early, **later}]
    return evaluate_history({"onset": "2020-03-15", "visits": visits}, plan=False).visits


def test_a_flail_arm_excluded_by_function_recorded_later_says_so_at_the_early_visit() -> None:
    first, second = _flail({"functional_involvement": ["upper_limb", "lower_limb"]})
    assert (first.phenotype.code, second.phenotype.code) == (
        "flail_arm",
        "progressive_muscular_atrophy",
    )
    gone = first.phenotype_excluded
    assert gone is not None and second.phenotype_excluded is None
    assert (gone.phenotype, gone.by_visit, gone.by_date, gone.by, gone.regions) == (
        "flail_arm",
        2,
        date(2020, 12, 1),
        "function",
        ["lower_limb"],
    )
    assert gone.text == (
        "Flail arm later excluded: visit 2 (2020-12-01), within 12 months of onset, recorded "
        "the legs functionally involved, and a flail arm spares the other regions for 12 "
        "months from onset: neither the name nor its survival figure applies; read the "
        "phenotype from visit 2 on."
    )
    assert gone.source == "docs/criteria.md A.6 (Wijesekera 2009, S71)"


def test_a_flail_leg_excluded_by_arm_function_names_the_arms() -> None:
    first, _ = _flail({"functional_involvement": ["upper_limb"]}, early=LEGS)
    gone = first.phenotype_excluded
    assert first.phenotype.code == "flail_leg" and gone is not None
    assert gone.regions == ["upper_limb"] and "recorded the arms functionally involved" in gone.text


def test_a_flail_arm_excluded_by_leg_weakness_found_later_says_so() -> None:
    first, second = _flail({"regions": {**ARMS, "lumbosacral": {"lmn_signs": ["weakness"]}}})
    assert second.phenotype.code == "progressive_muscular_atrophy"
    gone = first.phenotype_excluded
    assert gone is not None and (gone.by, gone.regions) == ("signs", ["lumbosacral"])
    assert "found weakness or wasting in the lumbosacral region" in gone.text


def test_what_a_visit_after_the_first_12_months_records_excludes_nothing_earlier() -> None:
    for later in (
        {"functional_involvement": ["upper_limb", "lower_limb"]},
        {"regions": {**ARMS, "lumbosacral": {"lmn_signs": ["weakness"]}}},
    ):
        first, _ = _flail(later, at="2021-03-16")  # 366 days from onset
        assert first.phenotype.code == "flail_arm" and first.phenotype_excluded is None


def test_a_pattern_beside_another_cause_names_no_flail_arm_to_exclude() -> None:
    early = {**ARMS}
    visits = [
        {
            "date": "2020-09-01",
            "regions": early,
            "alternative_diagnosis": "multifocal motor neuropathy",
        },
        {"date": "2020-12-01", "regions": early, "functional_involvement": ["lower_limb"]},
    ]
    first, _ = evaluate_history({"onset": "2020-03-15", "visits": visits}, plan=False).visits
    assert first.phenotype.pattern_only and first.phenotype_excluded is None


def test_the_timeline_and_the_page_say_the_exclusion_at_the_early_visit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = ROOT / "examples" / "history-flail-arm-function.json"
    code, out, _ = run_in_process(capsys, "timeline", str(path), "--no-plan", width=80)
    assert code == 0
    flat = " ".join(out.replace("│", " ").split())
    early = flat[
        flat.index("├── Visit 1: Flail arm") : flat.index(
            "├── Visit 2:", flat.index("Motor phenotype")
        )
    ]
    assert "Flail arm later excluded: visit 3 (2024-10-14), within 12 months of onset" in early
    history = json.loads(path.read_text(encoding="utf-8"))
    page = history_report(history, evaluate_history(history))
    assert '<strong class="phenotype-excluded">Flail arm later excluded: visit 3' in page


# --- an interval beside the six months of A.5 is shown on the side it is decided -----------

WEAK = {"cervical": {"lmn_signs": ["weakness"]}, "bulbar": {}, "lumbosacral": {}}
WORSE = {"cervical": {"lmn_signs": ["weakness", "wasting"]}, "bulbar": {}, "lumbosacral": {}}


def _pair(earlier: str, later: str) -> Any:
    visits = [{"date": earlier, "regions": WEAK}, {"date": later, "regions": WORSE}]
    return evaluate_history({"visits": visits}, plan=False).visits[1].progression


def test_six_calendar_months_in_181_days_is_not_shown_as_5_9_months() -> None:
    basis = _pair("2022-08-31", "2023-02-28")  # 181 days: 5.95 months of 30.44 days
    assert basis.source == "findings"
    assert "visit 2 (2023-02-28), 6 calendar months apart: cervical" in basis.text
    assert "5.9 months" not in basis.text


def test_under_six_calendar_months_in_183_days_is_not_shown_as_6_0_months() -> None:
    basis = _pair("2024-03-01", "2024-08-31")  # 183 days: 6.01 months of 30.44 days
    assert basis.source == "not_documented" and basis.too_soon is not None
    assert "5 calendar months and 30 days apart" in basis.text
    assert "6.0 months" not in basis.text and "under the 6 months apart" in basis.text


def test_an_interval_away_from_the_threshold_is_still_shown_in_months() -> None:
    assert "visit 2 (2024-07-15), 6.0 months apart" in _pair("2024-01-15", "2024-07-15").text
    assert "7.0 months apart" in _pair("2024-01-15", "2024-08-15").text


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("2022-08-31", "2023-02-28", (6, 0)),
        ("2024-03-01", "2024-08-31", (5, 30)),
        ("2024-01-31", "2024-02-29", (1, 0)),
        ("2024-01-15", "2024-01-15", (0, 0)),
        ("2023-12-31", "2024-06-30", (6, 0)),
    ],
)
def test_calendar_months_between(earlier: str, later: str, expected: tuple[int, int]) -> None:
    assert (
        calendar_months_between(date.fromisoformat(earlier), date.fromisoformat(later)) == expected
    )


@settings(max_examples=examples(400))
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)),
    st.integers(150, 220),
)
def test_the_interval_shown_is_on_the_side_of_six_months_the_calendar_decides(
    earlier: date, days: int
) -> None:
    later = earlier + timedelta(days=days)
    doc = {"earlier_date": earlier.isoformat(), "later_date": later.isoformat(), "days_apart": days}
    shown = interval_words(doc, 6)
    number = float(shown.split()[0])
    assert (number >= 6) == at_least_months_apart(earlier, later, 6), shown


# --- a ΔFS beside its band is shown on the side of the bound it is decided -----------------


def test_a_delta_fs_just_under_a_bound_is_not_shown_as_the_bound() -> None:
    """One point lost 65 days from onset: 0.468 a month, slow under Labra 2016 (slow below
    0.47). To two decimals it read "0.47 ... (slow", the intermediate band's first value."""
    history = {
        "onset": "2024-01-01",
        "visits": [
            {
                "date": "2024-03-06",
                "regions": {"cervical": {"lmn_signs": ["weakness"]}},
                "alsfrs_r": _form(handwriting=3),
            }
        ],
    }
    visit = evaluate_history(history, plan=False).visits[0]
    assert (visit.delta_fs, visit.delta_fs_band) == (0.468, "slow")
    assert visit.staging is not None
    assert "ΔFS 0.468 points a month from onset (slow, Labra 2016 cut-offs)" in visit.staging.text
    page = history_report(history, evaluate_history(history))
    assert "<td>0.468 (slow)</td>" in page


@pytest.mark.parametrize(
    ("value", "cutoffs", "shown"),
    [
        (0.468, "labra_2016", "0.468"),
        (0.47, "labra_2016", "0.47"),
        (0.474, "labra_2016", "0.47"),
        (1.106, "labra_2016", "1.106"),
        (0.666, "kimura_2006", "0.666"),
        (0.996, "elamin_2015", "0.996"),
        (0.58, "labra_2016", "0.58"),
        (None, "labra_2016", "-"),
    ],
)
def test_delta_fs_figure(value: float | None, cutoffs: str, shown: str) -> None:
    assert delta_fs_figure(value, cutoffs) == shown


@settings(max_examples=examples(400))
@given(st.integers(0, 4000), st.sampled_from(sorted(DELTA_FS_CUTOFFS)))
def test_a_delta_fs_is_shown_in_the_band_it_is_in(thousandths: int, cutoffs: str) -> None:
    value = thousandths / 1000
    assert delta_fs_band(float(delta_fs_figure(value, cutoffs)), cutoffs) == delta_fs_band(
        value, cutoffs
    )


# --- King's from the ALSFRS-R, against the two public re-implementations (S145, [U]) -------


def _reimplemented(scores: dict[str, int], tube: bool) -> tuple[str, int]:
    """The stage and the count of regions as the two R scripts docs/staging.md names give
    them: 4B from the breathing items first, 4A from 5b, else the regions counted (bulbar
    items 1-3, upper limb items 4 and 5a, lower limb item 8, any below 4), 0 read as 1."""
    bulbar = any(scores[i] < 4 for i in ("speech", "salivation", "swallowing"))
    arm = [scores["handwriting"]] + ([] if tube else [scores["cutting_food"]])
    count = bulbar + any(s < 4 for s in arm) + (scores["walking"] < 4)
    if scores["dyspnea"] == 0 or scores["respiratory_insufficiency"] < 4:
        return "4B", count
    if tube:
        return "4A", count
    return {0: "1", 1: "1", 2: "2B", 3: "3"}[count], count


@settings(max_examples=examples(500))
@given(alsfrs_r_scores, st.booleans())
def test_the_estimate_is_the_public_re_implementations_for_every_complete_form(
    scores: dict[str, int], tube: bool
) -> None:
    estimate = kings_from_form(ALSFRSR(**scores, gastrostomy=tube))
    stage, count = _reimplemented(scores, tube)
    assert (estimate.stage, len(estimate.regions), estimate.at_least) == (stage, count, False)


def test_the_page_gives_the_time_from_visit_1_on_the_side_of_six_months_decided() -> None:
    """Beside "at least 6 months apart" in the visits table's caption, 183 days from 1 March
    to 31 August (too soon for A.5) read "6.0 months (183 days) from visit 1"."""
    visits = [{"date": "2024-03-01", "regions": WEAK}, {"date": "2024-08-31", "regions": WORSE}]
    history = {"id": "H-183", "visits": visits}
    page = history_report(history, evaluate_history(history))
    assert "5 calendar months and 30 days (183 days) from visit 1" in page
    assert "6.0 months (183 days)" not in page
