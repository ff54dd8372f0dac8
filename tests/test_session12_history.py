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

from alscriteria.anatomy.regions import Region
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
from test_voice import assert_rewords

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
    path = ROOT / "examples" / "history-pure-lmn.json"
    code, out, _ = run_in_process(capsys, "timeline", str(path), "--no-plan", width=80)
    assert code == 0
    flat = " ".join(out.replace("│", " ").split())
    early = flat[
        flat.index("├── Visit 1: Flail arm") : flat.index(
            "├── Visit 2:", flat.index("Motor phenotype")
        )
    ]
    assert "Flail arm later excluded: visit 2 (2024-05-13), within 12 months of onset" in early
    history = json.loads(path.read_text(encoding="utf-8"))
    page = history_report(history, evaluate_history(history))
    assert '<strong class="phenotype-excluded">Flail arm later excluded: visit 2' in page


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


# --- the phenotype over a history (review 12: findings 1, 2, 9, 6) -------------------------

EXAMINED = {"bulbar": {}, "thoracic": {}, "lumbosacral": {}}
ARMS_ONLY = {**EXAMINED, "cervical": {"lmn_signs": ["weakness", "wasting"]}}
#: f9's form: speech 3, swallowing 3, walking 2 (King's stage 3 by the estimate).
F9_FORM = {
    **dict.fromkeys(ITEMS, 4),
    "speech": 3,
    "swallowing": 3,
    "handwriting": 3,
    "cutting_food": 3,
    "dressing_hygiene": 3,
    "walking": 2,
    "climbing_stairs": 2,
}


def _history(onset: str, *visits: tuple[str, dict[str, Any], dict[str, Any]]) -> Any:
    """Visits as (date, regions, other visit fields), evaluated without plans."""
    given_visits = [{"date": d, "regions": r, **more} for d, r, more in visits]
    return evaluate_history({"onset": onset, "visits": given_visits}, plan=False).visits


def test_an_alsfrs_r_item_elsewhere_within_12_months_names_no_flail_arm_at_that_visit() -> None:
    # review finding 1, /tmp/review12/f9.json: "King's stage 3 from the ALSFRS-R items;
    # regions: bulbar, upper limb, lower limb" beside "Flail arm ... 61 months"
    first, second = _history(
        "2024-01-01",
        ("2024-05-01", ARMS_ONLY, {"alsfrs_r": F9_FORM}),
        ("2024-09-01", ARMS_ONLY, {"alsfrs_r": F9_FORM}),
    )
    for visit in (first, second):
        assert visit.staging.kings_regions == ["bulbar", "upper_limb", "lower_limb"]
        assert visit.phenotype.code == "progressive_muscular_atrophy"
        assert "Flail" not in visit.phenotype.text and "61 months" not in visit.phenotype.text
        assert visit.phenotype.text.endswith(
            "Not flail arm, though the LMN involvement is confined to the arms: another "
            "region was functionally involved within 12 months of onset (recorded, or an "
            "ALSFRS-R item below 4), which its definition excludes (Wijesekera 2009)."
        )
        assert visit.phenotype_excluded is None


def test_a_form_item_at_a_later_visit_excludes_the_flail_arm_named_earlier() -> None:
    walking = {**dict.fromkeys(ITEMS, 4), "handwriting": 3, "walking": 3}
    first, second, third = _history(
        "2024-01-01",
        ("2024-03-01", ARMS_ONLY, {"alsfrs_r": {**walking, "walking": 4}}),
        ("2024-06-01", ARMS_ONLY, {"alsfrs_r": walking}),
        ("2024-09-01", ARMS_ONLY, {"functional_involvement": ["upper_limb", "lower_limb"]}),
    )
    assert first.phenotype.code == "flail_arm"
    assert second.phenotype.code == third.phenotype.code == "progressive_muscular_atrophy"
    gone = first.phenotype_excluded
    assert gone is not None  # the first visit whose record shows it: the form at visit 2
    assert (gone.by_visit, gone.by, gone.regions) == (2, "alsfrs_r", ["lower_limb"])
    assert gone.text == (
        "Flail arm later excluded: visit 2 (2024-06-01), within 12 months of onset, scored "
        "ALSFRS-R items for the legs below 4, which the King's estimate reads as functional "
        "involvement there, and a flail arm spares the other regions for 12 months from "
        "onset: neither the name nor its survival figure applies; read the phenotype from "
        "visit 2 on."
    )


def test_a_form_after_the_first_12_months_excludes_nothing() -> None:
    legs = {**dict.fromkeys(ITEMS, 4), "walking": 2}
    first, second = _history(
        "2024-01-01",
        ("2024-03-01", ARMS_ONLY, {}),
        ("2025-01-02", ARMS_ONLY, {"alsfrs_r": legs}),  # 367 days from onset
    )
    assert (first.phenotype.code, second.phenotype.code) == ("flail_arm", "flail_arm")
    assert first.phenotype_excluded is None


def test_the_bundled_example_names_no_flail_arm_its_first_form_rules_out() -> None:
    # review finding 1: visit 1 (walking 3, "2B (est.) ... regions: upper limb, lower limb")
    # was named flail arm, and the exclusion note credited visit 3
    history = json.loads(
        (ROOT / "examples" / "history-flail-arm-function.json").read_text(encoding="utf-8")
    )
    visits = evaluate_history(history, plan=False).visits
    assert visits[0].staging.kings_regions == ["upper_limb", "lower_limb"]
    assert [v.phenotype.code for v in visits] == ["progressive_muscular_atrophy"] * 3
    assert all(v.phenotype_excluded is None for v in visits)


LEG_WEAKNESS = {**ARMS_ONLY, "lumbosacral": {"lmn_signs": ["weakness"]}}


def test_a_flail_arm_established_keeps_its_name_after_later_spread() -> None:
    # review finding 2, /tmp/review12/f7.json: arms alone at 4 and 14 months (legs examined
    # and normal), leg weakness at 24 months: visit 3 read "Progressive muscular atrophy"
    first, second, third = _history(
        "2023-01-01",
        ("2023-05-01", ARMS_ONLY, {}),
        ("2024-03-01", ARMS_ONLY, {}),
        ("2025-01-15", LEG_WEAKNESS, {}),
    )
    assert (first.phenotype.code, second.phenotype.code) == ("flail_arm", "flail_arm")
    kept = third.phenotype
    assert kept.code == "flail_arm_spread"
    assert kept.lmn_regions == [Region.CERVICAL, Region.LUMBOSACRAL]
    assert kept.text == (
        "Flail arm (brachial amyotrophic diplegia): LMN involvement was confined to the arms "
        "for the first 12 months from onset, which defines it, and the spread since, which "
        "the definition allows, does not change the name (now LMN involvement in the "
        "cervical and lumbosacral regions; no UMN sign). Median survival was 61 months, "
        "against 35 for limb-onset ALS (London cohort)."
    )
    assert kept.source == "docs/criteria.md A.6 (Wijesekera 2009, S71)"
    assert kept.needs == second.phenotype.needs  # what the definition asks, unchecked still
    assert all(v.phenotype_excluded is None for v in (first, second, third))


def test_a_flail_leg_established_keeps_its_name_after_arm_weakness_and_umn_signs() -> None:
    legs = {**EXAMINED, "cervical": {}, "lumbosacral": {"lmn_signs": ["weakness", "wasting"]}}
    later = {
        **legs,
        "cervical": {"lmn_signs": ["weakness"], "umn_signs": ["spasticity"]},
    }
    *_, third = _history(
        "2023-01-01", ("2023-05-01", legs, {}), ("2024-02-01", legs, {}), ("2025-01-15", later, {})
    )
    assert third.phenotype.code == "flail_leg_spread"
    assert third.phenotype.text.startswith("Flail leg (pseudopolyneuritic form): LMN ")
    assert (
        "now LMN involvement in the cervical and lumbosacral regions; UMN signs in the "
        "cervical region). Median survival was 69 months"
    ) in third.phenotype.text


def test_spread_without_a_visit_after_the_first_12_months_is_not_an_established_flail() -> None:
    # arms alone at 4 months, legs weak at 24: the record does not show the first 12 months
    first, second = _history(
        "2023-01-01", ("2023-05-01", ARMS_ONLY, {}), ("2025-01-15", LEG_WEAKNESS, {})
    )
    assert (first.phenotype.code, second.phenotype.code) == (
        "flail_arm",
        "progressive_muscular_atrophy",
    )


def test_a_flail_arm_excluded_early_is_not_kept_after_12_months() -> None:
    *_, last = _history(
        "2023-01-01",
        ("2023-05-01", ARMS_ONLY, {}),
        ("2023-09-01", LEG_WEAKNESS, {}),
        ("2024-03-01", ARMS_ONLY, {}),
        ("2025-01-15", LEG_WEAKNESS, {}),
    )
    assert last.phenotype.code == "progressive_muscular_atrophy"


def test_leg_tone_and_clonus_within_12_months_exclude_the_flail_arm_named_earlier() -> None:
    # review finding 9, /tmp/review12/f4.json: leg spasticity and clonus at 8 months
    tone = {**ARMS_ONLY, "lumbosacral": {"umn_signs": ["spasticity", "clonus"]}}
    first, second = _history("2024-01-01", ("2024-04-01", ARMS_ONLY, {}), ("2024-09-01", tone, {}))
    assert (first.phenotype.code, second.phenotype.code) == ("flail_arm", "classic")
    gone = first.phenotype_excluded
    assert gone is not None and (gone.by_visit, gone.by, gone.regions) == (
        2,
        "umn",
        ["lumbosacral"],
    )
    assert gone.text == (
        "Flail arm later excluded: visit 2 (2024-09-01), within 12 months of onset, found UMN "
        "signs the definition does not allow (increased tone or clonus, or any UMN sign above "
        "the neck) in the lumbosacral region, and a flail arm allows no UMN sign but "
        "pathological reflexes in the limbs: neither the name nor its survival figure "
        "applies; read the phenotype from visit 2 on."
    )


def test_a_babinski_sign_later_excludes_no_flail_arm() -> None:
    reflex = {**ARMS_ONLY, "lumbosacral": {"umn_signs": ["babinski"]}}
    first, second = _history(
        "2024-01-01", ("2024-04-01", ARMS_ONLY, {}), ("2024-09-01", reflex, {})
    )
    assert (first.phenotype.code, second.phenotype.code) == ("flail_arm", "flail_arm")
    assert first.phenotype_excluded is None


def test_lmn_signs_only_after_umn_signs_recorded_earlier_are_not_called_pma() -> None:
    # review finding 6, /tmp/review12/r1.json: jaw jerk, Hoffmann, Babinski at visit 1, none
    # at visit 2, which read "Progressive muscular atrophy ... UMN signs appear later"
    earlier = {
        "bulbar": {"umn_signs": ["jaw_jerk"], "lmn_signs": ["wasting"]},
        "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
        "thoracic": {},
        "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness"]},
    }
    now = {
        **EXAMINED,
        "cervical": {"lmn_signs": ["weakness"]},
        "lumbosacral": {"lmn_signs": ["weakness"]},
    }
    first, second = _history("2024-01-01", ("2024-03-01", earlier, {}), ("2024-09-15", now, {}))
    assert first.phenotype.code == "classic"
    assert second.phenotype.code == "lmn_only_umn_earlier"
    assert second.phenotype.text == (
        "LMN involvement only at this visit, in the cervical and lumbosacral regions, but UMN "
        "signs recorded at an earlier visit are not found now (see the red flags): not "
        "progressive muscular atrophy, which has no UMN sign over its course."
    )
    assert "Progressive muscular atrophy" not in second.phenotype.text
    assert second.signs_resolved is not None  # the red flag the sentence points to


def test_pma_with_no_umn_sign_recorded_at_any_visit_is_still_pma() -> None:
    first, second = _history(
        "2024-01-01", ("2024-03-01", LEG_WEAKNESS, {}), ("2024-09-15", LEG_WEAKNESS, {})
    )
    assert (first.phenotype.code, second.phenotype.code) == ("progressive_muscular_atrophy",) * 2


def test_a_flail_arm_read_after_a_jaw_jerk_recorded_earlier_is_not_named() -> None:
    jaw = {**ARMS_ONLY, "bulbar": {"umn_signs": ["jaw_jerk"]}}
    first, second = _history("2024-01-01", ("2024-03-01", jaw, {}), ("2024-06-01", ARMS_ONLY, {}))
    assert first.phenotype.code == "classic"
    assert second.phenotype.code == "lmn_only_umn_earlier"
    assert "61 months" not in second.phenotype.text


def test_a_flail_arm_read_after_a_babinski_sign_recorded_earlier_keeps_its_name() -> None:
    reflex = {**ARMS_ONLY, "lumbosacral": {"umn_signs": ["babinski"]}}
    _, second = _history("2024-01-01", ("2024-03-01", reflex, {}), ("2024-06-01", ARMS_ONLY, {}))
    assert second.phenotype.code == "flail_arm"


def test_pma_in_the_arms_and_legs_names_no_flail_limb_it_is_not() -> None:
    first, _ = _history(
        "2024-01-01", ("2024-03-01", LEG_WEAKNESS, {}), ("2024-09-15", LEG_WEAKNESS, {})
    )
    assert "Not flail" not in first.phenotype.text


_LEG_FINDINGS = st.sampled_from(
    [{}, {"lmn_signs": ["weakness"]}, {"umn_signs": ["babinski"]}, {"umn_signs": ["clonus"]}]
)


@st.composite
def _arm_histories(draw: st.DrawFn) -> dict[str, Any]:
    """Arms weak and wasted at every visit, the legs and the bulbar region sometimes
    involved, forms sometimes scored, visits over 800 days from onset."""
    days = sorted(draw(st.lists(st.integers(30, 800), min_size=1, max_size=4, unique=True)))
    visits = []
    for day in days:
        visit: dict[str, Any] = {
            "date": (date(2022, 1, 1) + timedelta(days=day)).isoformat(),
            "regions": {
                **ARMS_ONLY,
                "lumbosacral": draw(_LEG_FINDINGS),
                "bulbar": draw(st.sampled_from([{}, {"umn_signs": ["jaw_jerk"]}])),
            },
        }
        if draw(st.booleans()):
            visit["alsfrs_r"] = draw(alsfrs_r_scores)
        visits.append(visit)
    return {"onset": "2022-01-01", "visits": visits}


def _other_function_early(visit: dict[str, Any]) -> bool:
    """Whether a visit within 12 months of onset has a form showing the legs or the bulbar
    region involved (the King's estimate, read here on its own)."""
    day = (date.fromisoformat(visit["date"]) - date(2022, 1, 1)).days
    form = visit.get("alsfrs_r")
    if day >= 365 or form is None:  # 2023-01-01, the anniversary: 12 months reached
        return False
    regions = kings_from_form(ALSFRSR.model_validate(form)).regions
    return bool(set(regions) - {"upper_limb"})


@given(history=_arm_histories())
@settings(max_examples=examples(60), deadline=None)
def test_no_flail_arm_beside_early_function_elsewhere_and_no_pma_after_umn_signs(
    history: dict[str, Any],
) -> None:
    visits = evaluate_history(history, plan=False).visits
    given_visits = history["visits"]
    for index, visit in enumerate(visits):
        so_far = given_visits[: index + 1]
        if visit.phenotype.code == "flail_arm":
            assert not any(_other_function_early(v) for v in so_far)
            assert visit.phenotype_excluded is None or visit.phenotype_excluded.by_visit > index + 1
        umn_before = any(
            found.get("umn_signs") for v in given_visits[:index] for found in v["regions"].values()
        )
        if umn_before:
            assert visit.phenotype.code != "progressive_muscular_atrophy"


def test_the_phenotypes_read_over_the_course_reword_from_their_json() -> None:
    kept = {
        "onset": "2023-01-01",
        "visits": [
            {"date": "2023-05-01", "regions": ARMS_ONLY},
            {"date": "2024-03-01", "regions": ARMS_ONLY},
            {"date": "2025-01-15", "regions": LEG_WEAKNESS},
        ],
    }
    umn_then = {
        "onset": "2024-01-01",
        "visits": [
            {"date": "2024-03-01", "regions": {**ARMS_ONLY, "bulbar": {"umn_signs": ["jaw_jerk"]}}},
            {"date": "2024-06-01", "regions": LEG_WEAKNESS},
            {
                "date": "2024-09-01",
                "regions": ARMS_ONLY,
                "alsfrs_r": {**dict.fromkeys(ITEMS, 4), "speech": 3},
            },
        ],
    }
    codes = []
    for history in (kept, umn_then):
        result = evaluate_history(history, plan=False)
        assert assert_rewords(result) > 0
        codes += [v.phenotype.code for v in result.visits]
    assert {"flail_arm_spread", "lmn_only_umn_earlier"} <= set(codes)
