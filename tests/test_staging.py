"""Function and stage (issue 25; docs/staging.md): the papers' own definitions at every
boundary, and what must hold for every form."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria.errors import InvalidCaseError
from alscriteria.function.record import ALSFRSR, DOMAINS, ITEMS, Milestone
from alscriteria.function.staging import (
    DELTA_FS_CUTOFFS,
    delta_fs,
    delta_fs_band,
    kings_from_form,
    kings_from_milestones,
    kings_rank,
    mitos,
)
from strategies import examples
from strategies.histories import alsfrs_r_scores

ROOT = Path(__file__).resolve().parents[1]
NORMAL = dict.fromkeys(ITEMS, 4)


def form(**scores: Any) -> ALSFRSR:
    return ALSFRSR(**{**NORMAL, **scores})


# --- MiToS (Chiò 2015, Table 1) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "lost"),
    [
        ({}, ()),
        ({"walking": 2}, ()),
        ({"walking": 1}, ("movement",)),  # walking <= 1 ...
        ({"dressing_hygiene": 1}, ("movement",)),  # ... or dressing <= 1
        ({"dressing_hygiene": 2, "walking": 2}, ()),
        ({"swallowing": 2}, ()),
        ({"swallowing": 1}, ("swallowing",)),
        ({"speech": 1}, ()),  # communicating needs speech <= 1 AND handwriting <= 1
        ({"handwriting": 0}, ()),
        ({"speech": 1, "handwriting": 1}, ("communicating",)),
        ({"speech": 2, "handwriting": 0}, ()),
        ({"dyspnea": 2}, ()),
        ({"dyspnea": 1}, ("breathing",)),  # dyspnoea <= 1 ...
        ({"respiratory_insufficiency": 3}, ()),
        ({"respiratory_insufficiency": 2}, ("breathing",)),  # ... or respiratory insufficiency <= 2
        (
            {"walking": 0, "swallowing": 0, "speech": 0, "handwriting": 0, "dyspnea": 0},
            ("movement", "swallowing", "communicating", "breathing"),
        ),
    ],
)
def test_mitos_domains_at_their_boundaries(scores: dict[str, int], lost: tuple[str, ...]) -> None:
    result = mitos(form(**scores))
    assert result.lost == lost and result.stage == len(lost) and result.undecided == ()


def test_a_partial_form_decides_what_it_can_and_says_what_it_cannot() -> None:
    # walking <= 1 decides movement whatever dressing is; speech > 1 decides communicating
    partial = ALSFRSR(walking=1, speech=3, swallowing=4, dyspnea=4)
    result = mitos(partial)
    assert result.lost == ("movement",)
    assert result.undecided == ("breathing",) and result.stage is None
    assert partial.total is None and partial.domain("bulbar") is None
    assert "respiratory_insufficiency" in partial.missing


# --- King's (Roche 2012 milestones; Balendra 2014 from the form) ---------------------------


@pytest.mark.parametrize(
    ("scores", "stage"),
    [
        ({}, "1"),
        ({"salivation": 3}, "1"),
        ({"salivation": 3, "handwriting": 3}, "2B"),
        ({"speech": 3, "cutting_food": 2, "walking": 3}, "3"),
        ({"climbing_stairs": 1, "turning_in_bed": 1}, "1"),  # not King's region items
        ({"orthopnea": 0, "dyspnea": 1}, "1"),  # breathing is not a region
        ({"gastrostomy": True, "cutting_food": 2}, "4A"),
        ({"respiratory_insufficiency": 3}, "4B"),
        ({"dyspnea": 0}, "4B"),
        ({"gastrostomy": True, "respiratory_insufficiency": 2}, "4B"),
    ],
)
def test_kings_from_the_form(scores: dict[str, Any], stage: str) -> None:
    assert kings_from_form(form(**scores)).stage == stage


def test_item_5b_is_not_read_as_arm_function() -> None:
    """With a gastrostomy, item 5 scores the task through the tube: not an arm sign."""
    tube = kings_from_form(form(gastrostomy=True, cutting_food=1))
    assert "upper_limb" not in tube.regions


def test_kings_from_milestones() -> None:
    on = date(2025, 1, 1)
    early = date(2024, 6, 1)
    assert kings_from_milestones(on, ("bulbar",), None, None, None).stage == "1"  # type: ignore[union-attr]
    assert kings_from_milestones(on, ("bulbar",), early, None, None).stage == "2A"  # type: ignore[union-attr]
    two = kings_from_milestones(on, ("bulbar", "lower_limb"), early, None, None)
    assert two is not None and two.stage == "2B"
    three = kings_from_milestones(on, ("bulbar", "upper_limb", "lower_limb"), None, None, None)
    assert three is not None and three.stage == "3"
    tube = Milestone(status="refused", date=early)  # the need counts, refused or provided
    assert kings_from_milestones(on, ("bulbar",), None, tube, None).stage == "4A"  # type: ignore[union-attr]
    niv = Milestone(status="trialled", date=early)
    assert kings_from_milestones(on, ("bulbar",), None, tube, niv).stage == "4B"  # type: ignore[union-attr]
    later = Milestone(status="provided", date=date(2025, 6, 1))
    assert kings_from_milestones(on, ("bulbar",), None, later, None).stage == "1"  # type: ignore[union-attr]
    assert kings_from_milestones(on, None, None, None, None) is None


# --- ΔFS (Kimura 2006) and its cut-off sets ------------------------------------------------


@pytest.mark.parametrize(
    ("cutoffs", "value", "band"),
    [
        ("labra_2016", 0.46, "slow"),
        ("labra_2016", 0.47, "intermediate"),
        ("labra_2016", 1.10, "intermediate"),
        ("labra_2016", 1.11, "fast"),
        ("kimura_2006", 0.66, "slower"),
        ("kimura_2006", 0.67, "faster"),
        ("gordon_2006", 0.49, "slower"),
        ("gordon_2006", 0.5, "faster"),
        ("elamin_2015", 0.24, "very_slow"),
        ("elamin_2015", 0.25, "slow"),
        ("elamin_2015", 0.5, "intermediate"),
        ("elamin_2015", 1.0, "fast"),
    ],
)
def test_delta_fs_bands(cutoffs: str, value: float, band: str) -> None:
    assert delta_fs_band(value, cutoffs) == band


def test_delta_fs_is_points_lost_per_month_from_onset() -> None:
    assert delta_fs(36, round(12 * 365.25 / 12)) == pytest.approx(1.0, abs=0.002)
    assert delta_fs(48, 100) == 0
    assert delta_fs(40, 0) is None
    assert set(DELTA_FS_CUTOFFS) == {"labra_2016", "kimura_2006", "gordon_2006", "elamin_2015"}


# --- properties ----------------------------------------------------------------------------


@settings(max_examples=examples(300))
@given(alsfrs_r_scores, st.data(), st.booleans())
def test_stages_never_fall_when_items_only_fall(
    before: dict[str, int], data: st.DataObject, tube: bool
) -> None:
    after = {i: data.draw(st.integers(0, s), label=i) for i, s in before.items()}
    first, second = ALSFRSR(**before, gastrostomy=tube), ALSFRSR(**after, gastrostomy=tube)
    assert first.total == sum(before.values()) and second.total == sum(after.values())
    assert sum(first.domain(d) or 0 for d in DOMAINS) == first.total
    m1, m2 = mitos(first).stage, mitos(second).stage
    assert m1 is not None and m2 is not None and m2 >= m1
    k1, k2 = kings_from_form(first).stage, kings_from_form(second).stage
    assert k1 is not None and k2 is not None and kings_rank(k2) >= kings_rank(k1)


# --- in a history --------------------------------------------------------------------------


def _history() -> dict[str, Any]:
    return json.loads((ROOT / "examples" / "history-limb-onset.json").read_text())


def test_a_history_carries_function_and_never_changes_a_category() -> None:
    plain = _history()
    for visit in plain["visits"]:
        for key in ("alsfrs_r", "gastrostomy", "niv", "diagnosis_date", "functional_involvement"):
            visit.pop(key, None)
    measured = _history()
    measured["visits"][-1]["alsfrs_r"] = {**NORMAL, "walking": 1, "speech": 1, "handwriting": 1}
    measured["visits"][-1]["niv"] = {"status": "provided", "date": measured["visits"][-1]["date"]}
    without, with_function = (alscriteria.evaluate_history(h) for h in (plain, measured))
    for a, b in zip(without.visits, with_function.visits, strict=True):
        assert {c: r.category for c, r in a.results.items()} == {
            c: r.category for c, r in b.results.items()
        }
    last = with_function.visits[-1]
    assert last.mitos_stage == 2 and last.kings_stage == "4B"
    assert last.staging is not None and last.staging.kings_source == "milestones"
    assert without.visits[-1].staging is None and without.visits[-1].alsfrs_r_total is None


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        (
            "alsfrs_r",
            {"speech": 5},
            "visits[0].alsfrs_r.speech: 5 is not allowed here; allowed: a whole number 0 to 4",
        ),
        (
            "alsfrs_r",
            {"speach": 3},
            "visits[0].alsfrs_r: unknown key 'speach' (did you mean 'speech'?)",
        ),
        (
            "gastrostomy",
            {"status": "trialled", "date": "2024-01-01"},
            "visits[0].gastrostomy.status: 'trialled' is not a staging milestone",
        ),
        (
            "niv",
            {"status": "provided", "date": "2030-01-01"},
            "visits[0].niv.date: 2030-01-01 is after the visit",
        ),
        ("diagnosis_date", 20240101, "visits[0].diagnosis_date: not a date; write it YYYY-MM-DD"),
        (  # review C6: a milestone before the first symptom once gave King's 2A from onset
            "diagnosis_date",
            "2020-01-01",
            "visits[0].diagnosis_date: 2020-01-01 is before the onset (2023-10-02)",
        ),
        (
            "gastrostomy",
            {"status": "provided", "date": "2023-01-01"},
            "visits[0].gastrostomy.date: 2023-01-01 is before the onset (2023-10-02)",
        ),
        (
            "functional_involvement",
            ["respiratory"],
            "visits[0].functional_involvement[0]: 'respiratory' is not allowed",
        ),
    ],
)
def test_bad_function_fields_are_refused_naming_the_field(
    field: str, value: Any, said: str
) -> None:
    history = _history()
    history["visits"][0][field] = value
    with pytest.raises(InvalidCaseError) as caught:
        alscriteria.evaluate_history(history)
    assert any(p.startswith(said) for p in caught.value.problems), caught.value.problems


def test_the_history_page_draws_the_trajectory_with_the_stages() -> None:
    from alscriteria.report import history_report
    from alscriteria.report.trajectory import draw_trajectory

    history = _history()
    result = alscriteria.evaluate_history(history)
    chart = draw_trajectory(result)
    assert chart is not None
    xs = [m.x for m in chart.marks]
    ys = [m.y for m in chart.marks]
    totals = [m.total for m in chart.marks]
    assert xs == sorted(xs) and totals == [46, 41, 34]
    assert ys == sorted(ys), "a lower total is drawn lower (larger y)"
    assert all(chart.top <= y <= chart.bottom for y in ys)
    assert [m.stages for m in chart.marks] == ["K 1 · M 0", "K 2B · M 0", "K 3 · M 0"]
    page = history_report(history, result)
    assert 'class="trajectory"' in page and 'id="function-heading"' in page
    assert page.count('class="function-row"') == 3
    plain = {k: v for k, v in history.items()}
    plain["visits"] = [
        {
            k: v
            for k, v in visit.items()
            if k not in ("alsfrs_r", "functional_involvement", "diagnosis_date")
        }
        for visit in history["visits"]
    ]
    bare = history_report(plain, alscriteria.evaluate_history(plain))
    assert 'id="function-heading"' not in bare and 'class="trajectory"' not in bare


def test_the_cohort_summary_and_page_count_stages_and_times_to_kings(tmp_path: Path) -> None:
    from alscriteria.cli.app import main

    summary, page = tmp_path / "s.json", tmp_path / "c.html"
    code = main(
        [
            "batch",
            str(ROOT / "examples" / "visits.csv"),
            "-o",
            str(tmp_path / "r.jsonl"),
            "--summary",
            str(summary),
            "--report",
            str(page),
            "--jobs",
            "1",
        ]
    )
    assert code == 0
    function = json.loads(summary.read_text())["histories"]["function"]
    assert function["patients"] == 1  # only the limb-onset patient records function
    assert function["at_first_measured_visit"]["kings_stage"] == {"1": 1}
    assert function["at_last_measured_visit"]["kings_stage"] == {"3": 1}
    assert function["at_last_measured_visit"]["delta_fs_band"] == {"fast": 1}
    to_three = function["kings_stage_from_onset"]["3"]
    assert (to_three["patients"], to_three["median_days_onset_to_stage"]) == (1, 378)
    assert function["kings_stage_from_onset"]["4B"]["patients"] == 0
    html = page.read_text()
    assert 'class="stages-table"' in html and "not reached" in html


def test_the_timeline_option_offers_exactly_the_published_cut_off_sets() -> None:
    """The parser names them without importing the staging code (start-up stays quick)."""
    from alscriteria.cli.app import build_parser

    parser = build_parser()
    timeline = parser._subparsers._group_actions[0].choices["timeline"]  # type: ignore[union-attr]
    [option] = [a for a in timeline._actions if "--delta-fs-cutoffs" in a.option_strings]
    assert list(option.choices) == list(DELTA_FS_CUTOFFS)


# --- review C5: a partial form is a lower bound; 4A beside 4B is stage 4 both ----------------


def test_a_partial_form_gives_only_a_lower_bound_on_kings() -> None:
    two = kings_from_form(ALSFRSR(speech=4, salivation=4))
    assert two.stage == "1" and two.at_least
    assert not kings_from_form(form()).at_least  # a full form decides
    # what is left out cannot raise it: 4B from the breathing items, or three regions and
    # the breathing items scored
    assert not kings_from_form(ALSFRSR(dyspnea=0)).at_least
    three = ALSFRSR(speech=3, handwriting=3, walking=3, dyspnea=4, respiratory_insufficiency=4)
    assert kings_from_form(three).stage == "3" and not kings_from_form(three).at_least


def _last_visit_text(change: dict[str, Any], drop: tuple[str, ...] = ()) -> Any:
    history = _history()
    last = history["visits"][-1]
    for key in drop:
        last.pop(key, None)
    last.update(change)
    return alscriteria.evaluate_history(history).visits[-1]


def test_a_partial_form_is_not_reported_as_a_stage_nor_as_disagreeing() -> None:
    """Two items scored: once "King's stage 1 from the ALSFRS-R items", or beside the
    milestones' 3 "the ALSFRS-R estimate is 1: the two derivations disagree"."""
    beside = _last_visit_text({"alsfrs_r": {"speech": 4, "salivation": 4}})
    assert beside.kings_stage == "3" and beside.staging is not None
    assert "disagree" not in beside.staging.text
    assert beside.staging.kings_alsfrs_r_at_least == "1"


def test_a_partial_form_alone_says_its_stage_is_not_estimated() -> None:
    history = {
        "onset": "2024-01-01",
        "visits": [{"date": "2024-06-01", "alsfrs_r": {"speech": 3, "salivation": 4}}],
    }
    visit = alscriteria.evaluate_history(history).visits[0]
    assert visit.kings_stage is None and visit.staging is not None
    assert (
        "King's stage not estimated from a partial ALSFRS-R form: the items scored show at "
        "least 1 (Balendra 2014), and the items left out could raise it"
    ) in visit.staging.text


def test_4a_from_the_form_beside_4b_from_the_milestones_is_stage_4_not_a_disagreement() -> None:
    visit = _last_visit_text(
        {
            "alsfrs_r": {**NORMAL, "gastrostomy": True, "cutting_food": 2},
            "niv": {"status": "provided", "date": "2024-10-01"},
        }
    )
    assert visit.kings_stage == "4B" and visit.staging is not None
    assert visit.staging.kings_from_alsfrs_r == "4A"
    assert "the ALSFRS-R estimate is 4A, stage 4 as well" in visit.staging.text
    assert "disagree" not in visit.staging.text


def test_a_kings_milestone_is_dated_by_its_own_evidence_not_by_a_later_stage() -> None:
    """Roche 2012's stages are milestones: NIV needed with the legs alone involved is 4B
    without stages 2A, 2B or 3; an ALSFRS-R estimate never shows 2A (the diagnosis). The
    batch row's `days_from_onset_to_kings` counted every stage below the one reached (the
    session 11 clinical review)."""
    from alscriteria.history.function_course import function_course

    def course(visits: list[dict[str, Any]]) -> dict[str, int | None]:
        result = alscriteria.evaluate_history({"onset": "2024-01-01", "visits": visits})
        found = function_course(result.visits, result.onset)
        assert found is not None
        days: dict[str, int | None] = found["days_from_onset_to_kings"]
        return days

    legs_and_niv = course(
        [
            {
                "date": "2024-06-01",
                "functional_involvement": ["lower_limb"],
                "niv": {"status": "provided", "date": "2024-05-20"},
            }
        ]
    )
    assert legs_and_niv == {"1": 152, "2A": None, "2B": None, "3": None, "4A": None, "4B": 152}
    # the form's estimate: three regions by the form, then 4B by its breathing items
    weak = {**NORMAL, "speech": 3, "handwriting": 3, "walking": 3}
    estimated = course(
        [
            {"date": "2024-03-01", "alsfrs_r": weak},
            {"date": "2024-09-01", "alsfrs_r": {**weak, "dyspnea": 0}},
        ]
    )
    assert estimated == {"1": 60, "2A": None, "2B": 60, "3": 60, "4A": None, "4B": 244}
    # recorded milestones in order: each dated where it is first shown
    recorded = course(
        [
            {"date": "2024-02-01", "functional_involvement": ["upper_limb"]},
            {"date": "2024-04-01", "diagnosis_date": "2024-03-15"},
            {"date": "2024-07-01", "functional_involvement": ["lower_limb"]},
            {"date": "2024-10-01", "functional_involvement": ["bulbar"]},
            {"date": "2025-01-01", "gastrostomy": {"status": "provided", "date": "2024-12-01"}},
        ]
    )
    assert recorded == {"1": 31, "2A": 91, "2B": 182, "3": 274, "4A": 366, "4B": None}
    # the diagnosis recorded beside two regions still dates 2A (not only a visit staged 2A)
    together = course(
        [
            {
                "date": "2024-04-01",
                "functional_involvement": ["upper_limb", "lower_limb"],
                "diagnosis_date": "2024-03-15",
            }
        ]
    )
    assert together == {"1": 91, "2A": 91, "2B": 91, "3": None, "4A": None, "4B": None}


def test_an_unchanged_total_is_said_as_no_change() -> None:
    """A slope of 0 reads "no change since the last form", not "0.00 points a month
    changed" (the session 11 clinical review)."""
    visits = [
        {"date": "2024-03-01", "alsfrs_r": dict(NORMAL, speech=3)},
        {"date": "2024-06-01", "alsfrs_r": dict(NORMAL, speech=3)},
    ]
    result = alscriteria.evaluate_history({"onset": "2024-01-01", "visits": visits}, plan=False)
    staging = result.visits[1].staging
    assert staging is not None and result.visits[1].alsfrs_r_slope == 0
    assert "No change since the last form (slope 0)" in staging.text
    assert "points a month changed" not in staging.text


def test_a_diagnosis_alone_does_not_outrank_the_regions_a_form_shows() -> None:
    """No visit records the regions, so the milestones place the patient by a diagnosis
    alone (2A); a form showing three regions places them at 3 (Roche 2012: stage 3 is the
    third region). And 2A beside a form's 1 is no disagreement: a form cannot show the
    diagnosis (the session 11 clinical review)."""
    weak = {**NORMAL, "speech": 3, "handwriting": 3, "walking": 3}
    diagnosed = {"date": "2023-03-01", "diagnosis_date": "2023-03-01", "alsfrs_r": weak}
    result = alscriteria.evaluate_history({"onset": "2022-06-01", "visits": [diagnosed]})
    visit = result.visits[0]
    assert visit.kings_stage == "3" and visit.staging is not None
    assert visit.staging.kings_source == "alsfrs_r"
    assert visit.staging.kings_milestones == ["1", "2A", "2B", "3"]
    one_region = {
        "date": "2023-03-01",
        "diagnosis_date": "2023-03-01",
        "functional_involvement": ["upper_limb"],
        "alsfrs_r": dict(NORMAL),
    }
    result = alscriteria.evaluate_history({"onset": "2022-06-01", "visits": [one_region]})
    staging = result.visits[0].staging
    assert result.visits[0].kings_stage == "2A" and staging is not None
    assert "a form cannot show the diagnosis" in staging.text
    assert "disagree" not in staging.text
