"""An independent neuromuscular review of the history advice (issue 19, review points 5, 10,
12 and 15): PLS is graded by the needle study that showed no active LMN degeneration, not by
the visit; a change between visits names what is new; the first visit says there is nothing
to compare yet; an alternative diagnosis restated beside new findings is questioned; the
next-visit rows read as English."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings

from alscriteria import evaluate, evaluate_history
from alscriteria.assess.phenotype import completed_years
from strategies import examples
from strategies.histories import umn_only_histories, visit_lists

NORMAL: dict[str, Any] = {"bulbar": {}, "cervical": {}, "thoracic": {}, "lumbosacral": {}}
UMN_LIMBS: dict[str, Any] = {
    **NORMAL,
    "cervical": {"umn_signs": ["hoffmann", "hyperreflexia"]},
    "lumbosacral": {"umn_signs": ["babinski", "spasticity"]},
}
UMN_ALL = {**UMN_LIMBS, "bulbar": {"umn_signs": ["jaw_jerk"]}}
#: A normal six-muscle study: no active LMN degeneration anywhere (S70).
SIX_NORMAL = [
    {"muscle": "first_dorsal_interosseous", "side": "right"},
    {"muscle": "biceps_brachii", "side": "right"},
    {"muscle": "tibialis_anterior", "side": "right"},
    {"muscle": "vastus_medialis", "side": "right"},
    {"muscle": "thoracic_paraspinals"},
    {"muscle": "genioglossus"},
]


def visit(day: str, regions: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"date": day, "other_causes_excluded": True, "regions": regions, **fields}


# --- 5: PLS graded by the needle study ----------------------------------------------------


def _pls(emg_day: str, last_day: str) -> Any:
    return evaluate_history(
        {
            "onset": "2019-02-01",
            "visits": [
                visit(emg_day, UMN_LIMBS, emg=SIX_NORMAL),
                visit(last_day, UMN_ALL),
            ],
        },
        plan=False,
    )


def test_definite_pls_needs_a_needle_study_from_4_years() -> None:
    """Turner 2020 (S70): definite PLS is the absence of active LMN degeneration 4 years
    from onset; a normal EMG at 40 months, carried to a visit at 52 months, shows absence at
    3 years, not at 4: probable, with the date a new study can make it definite."""
    result = _pls("2022-06-01", "2023-06-15")
    first, last = (v.phenotype for v in result.visits)
    assert first.code == "pls_probable" and first.needle_study_due is None
    assert last.code == "pls_probable"
    assert last.needle_study_date == date(2022, 6, 1)
    assert last.needle_study_due == date(2023, 2, 1)
    assert "definite needs a needle EMG from 2023-02-01 on (4 years from onset)" in last.text
    assert "4 years from onset" in last.text and "2 to 4 years" not in last.text
    # a study from 4 years on makes it definite
    again = evaluate_history(
        {
            "onset": "2019-02-01",
            "visits": [
                visit("2022-06-01", UMN_LIMBS, emg=SIX_NORMAL),
                visit("2023-06-15", UMN_ALL, emg=SIX_NORMAL[:1]),
            ],
        },
        plan=False,
    )
    assert again.visits[-1].phenotype.code == "pls_definite"
    assert again.visits[-1].phenotype.needle_study_due is None


def test_a_needle_study_under_2_years_from_onset_does_not_make_pls_probable() -> None:
    result = _pls("2020-08-01", "2021-06-01")  # EMG at 1 year, visit at 2 years
    last = result.visits[-1].phenotype
    assert last.code == "umn_predominant_emg_too_early"
    assert last.needle_study_due == date(2021, 2, 1)
    assert "needs a needle EMG from 2021-02-01 on (2 years from onset)" in last.text
    assert "Primary lateral sclerosis, " not in last.text


def test_a_single_case_keeps_its_undated_pls_wording() -> None:
    """A case has no dates: the phenotype still needs the onset, as before."""
    found = evaluate({"other_causes_excluded": True, "regions": UMN_ALL, "emg": SIX_NORMAL})
    assert found.phenotype.code == "pls_duration_unknown"
    assert found.phenotype.needle_study_date is None and found.phenotype.needle_study_due is None


# --- 12: another cause restated beside findings that go beyond it --------------------------

RADICULOPATHY = "L5 radiculopathy on MRI"
LEG_LMN: dict[str, Any] = {**NORMAL, "lumbosacral": {"lmn_signs": ["weakness"]}}
LEG_LMN_UMN: dict[str, Any] = {
    **NORMAL,
    "lumbosacral": {"lmn_signs": ["weakness"], "umn_signs": ["hyperreflexia"]},
}
LEG_WORSE: dict[str, Any] = {**NORMAL, "lumbosacral": {"lmn_signs": ["weakness", "wasting"]}}


def other_cause(
    day: str, regions: dict[str, Any], diagnosis: str = RADICULOPATHY
) -> dict[str, Any]:
    return {
        "date": day,
        "other_causes_excluded": False,
        "alternative_diagnosis": diagnosis,
        "regions": regions,
    }


def _timeline(result: Any) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    from alscriteria.cli.timeline import timeline_report

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, no_color=True, color_system=None)
    for part in timeline_report(result).renderables:
        if not isinstance(part, Table):
            console.print(part)
    return " ".join(buffer.getvalue().replace("│", " ").replace("├──", " ").split())


def test_a_restated_other_cause_beside_new_umn_signs_is_to_be_revisited() -> None:
    from alscriteria.report import history_report

    history = {
        "visits": [other_cause("2023-06-01", LEG_LMN), other_cause("2023-09-01", LEG_LMN_UMN)]
    }
    result = evaluate_history(history)
    first, second = result.visits
    assert first.alternative_revisit is None  # nothing recorded before it
    revisit = second.alternative_revisit
    assert revisit is not None
    assert (revisit.recorded_visit, revisit.diagnosis) == (1, RADICULOPATHY)
    assert [(c.region.value, c.kind) for c in revisit.changes] == [
        ("lumbosacral", "umn_new_region")
    ]
    assert (
        "new findings since visit 1 (2023-06-01) recorded it (lumbosacral: UMN signs"
        in revisit.text
    )
    assert "revisit it" in revisit.text
    # the category is untouched: the prerequisites still fail
    assert all(not a.met for a in second.results.values())
    plan = result.next_visit
    assert plan is not None and plan.reason == "revisit_alternative_diagnosis"
    assert RADICULOPATHY in plan.text and "revisit it at the next visit" in plan.text
    assert "new findings since visit 1 (2023-06-01) recorded it" in _timeline(result)
    page = history_report(history, result)
    assert 'class="revisit">The other cause is restated, but there are new findings' in page
    # JSON carries it
    dumped = result.model_dump(mode="json")
    assert dumped["visits"][1]["alternative_revisit"]["changes"][0]["kind"] == "umn_new_region"


def test_a_new_region_involved_is_beyond_the_recorded_cause_too() -> None:
    arms = {**LEG_LMN, "cervical": {"lmn_signs": ["wasting"]}}
    result = evaluate_history(
        {
            "visits": [
                other_cause("2023-06-01", LEG_LMN),
                visit("2023-08-01", LEG_LMN),
                other_cause("2023-10-01", arms),
            ]
        },
        plan=False,
    )
    revisit = result.visits[2].alternative_revisit
    assert revisit is not None and revisit.recorded_visit == 1  # a gap does not erase it
    assert [(c.region.value, c.kind) for c in revisit.changes] == [("cervical", "lmn_new_region")]


def test_findings_the_recorded_cause_explains_are_not_questioned() -> None:
    """Worse weakness in the region already involved, another diagnosis recorded in its
    place, or a last visit that no longer records it: nothing to revisit."""
    worse = evaluate_history(
        {"visits": [other_cause("2023-06-01", LEG_LMN), other_cause("2024-01-01", LEG_WORSE)]}
    )
    assert worse.visits[1].alternative_revisit is None
    assert (
        worse.next_visit is not None and worse.next_visit.reason != "revisit_alternative_diagnosis"
    )
    replaced = evaluate_history(
        {
            "visits": [
                other_cause("2023-06-01", LEG_LMN),
                other_cause("2023-09-01", LEG_LMN_UMN, "Cervical myelopathy on MRI"),
            ]
        }
    )
    assert replaced.visits[1].alternative_revisit is None
    set_aside = evaluate_history(
        {"visits": [other_cause("2023-06-01", LEG_LMN), visit("2023-09-01", LEG_LMN_UMN)]}
    )
    assert set_aside.visits[1].alternative_revisit is None
    assert set_aside.next_visit is not None
    assert set_aside.next_visit.reason != "revisit_alternative_diagnosis"


# --- 10: a change names what is new; the first visit has nothing to compare -----------------

DENERVATED = {
    "fibrillation_potentials": True,
    "positive_sharp_waves": True,
    "chronic_neurogenic_change": True,
}


def test_a_worsening_names_what_is_new_not_before_and_after_lists() -> None:
    legs = {"lmn_signs": ["weakness", "wasting"]}
    history = {
        "visits": [
            visit(
                "2023-06-01",
                {
                    **NORMAL,
                    "cervical": {"lmn_signs": ["weakness"], "umn_signs": ["hoffmann"]},
                    "lumbosacral": legs,
                },
                emg=[
                    {"muscle": "tibialis_anterior", "side": "left", **DENERVATED},
                    {"muscle": "extensor_hallucis_longus", "side": "left", **DENERVATED},
                    {"muscle": "medial_gastrocnemius", "side": "left"},
                ],
            ),
            visit(
                "2024-01-15",
                {
                    **NORMAL,
                    "cervical": {"lmn_signs": ["weakness", "wasting"], "umn_signs": ["hoffmann"]},
                    "lumbosacral": legs,
                },
                emg=[{"muscle": "medial_gastrocnemius", "side": "left", **DENERVATED}],
            ),
        ]
    }
    basis = evaluate_history(history, plan=False).visits[1].progression
    assert basis.documented_by is not None
    cervical, lumbosacral = basis.documented_by.changes
    assert cervical.text == "cervical: LMN findings worse: new wasting (atrophy)"
    assert lumbosacral.text == (
        "lumbosacral: LMN findings worse: newly denervated with reinnervation: "
        "Gastrocnemius (medial head) (left)"
    )
    # the data keep the findings before and after
    assert cervical.before == ["weakness"] and cervical.after == ["wasting", "weakness"]
    assert "->" not in basis.text


def test_the_first_visit_has_nothing_to_compare_and_a_close_visit_says_so() -> None:
    same = {**NORMAL, "cervical": {"umn_signs": ["hoffmann"]}}
    result = evaluate_history(
        {
            "visits": [
                visit("2024-01-10", same),
                visit("2024-03-20", same),
                visit("2024-08-01", same),
            ]
        },
        plan=False,
    )
    first, close, far = (v.progression.text for v in result.visits)
    assert "first visit, nothing to compare yet" in first
    assert "no region gained" not in first
    assert "no earlier visit is at least 6 months before this one" in close
    assert "no region gained UMN or LMN involvement" in far


# --- 15: the next visit's rows read as English ----------------------------------------------


def test_the_next_visit_rows_say_sample_first_normal_then() -> None:
    result = evaluate_history(
        {
            "onset": "2019-02-01",
            "visits": [
                visit("2022-06-01", UMN_LIMBS, emg=SIX_NORMAL),
                visit("2023-06-15", UMN_ALL),
            ],
        }
    )
    text = _timeline(result)
    assert "sample first (normal then): Genioglossus (tongue)" in text
    assert "spared then" not in text


# --- 5, for every history: the grade is that of the latest needle study -----------------


@settings(max_examples=examples(60))
@given(umn_only_histories())
def test_pls_is_never_graded_above_its_latest_needle_study(
    drawn: tuple[date, list[tuple[date, bool]]],
) -> None:
    onset, dated = drawn
    visits = [
        visit(day.isoformat(), UMN_ALL, **({"emg": SIX_NORMAL[:2]} if needled else {}))
        for day, needled in dated
    ]
    result = evaluate_history({"onset": onset.isoformat(), "visits": visits}, plan=False)
    latest: date | None = None
    for (day, needled), v in zip(dated, result.visits, strict=True):
        latest = day if needled else latest
        years = completed_years(onset, day)
        code = v.phenotype.code
        if years < 2:
            assert code == "umn_predominant_too_early"
            continue
        if latest is None:
            assert code == "umn_predominant_no_emg"
            continue
        shown = completed_years(onset, latest)
        want = (
            "pls_definite"
            if shown >= 4
            else "pls_probable"
            if shown >= 2
            else ("umn_predominant_emg_too_early")
        )
        assert code == want
        held = want != "pls_definite" and (years >= 4 or shown < 2)
        assert (v.phenotype.needle_study_due is not None) == held
        if held:
            assert v.phenotype.needle_study_date == latest


@settings(
    max_examples=examples(60),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(visit_lists())
def test_a_revisit_is_asked_only_of_a_restated_cause_beside_new_involvement(
    visits: list[dict[str, Any]],
) -> None:
    result = evaluate_history({"visits": visits})
    for given_visit, v in zip(visits, result.visits, strict=True):
        revisit = v.alternative_revisit
        if revisit is None:
            continue
        assert given_visit.get("alternative_diagnosis") == revisit.diagnosis
        recorded = visits[revisit.recorded_visit - 1].get("alternative_diagnosis")
        assert recorded is not None and recorded.casefold() == revisit.diagnosis.casefold()
        assert revisit.recorded_visit < v.number and revisit.changes
        assert {c.kind for c in revisit.changes} <= {"umn_new_region", "lmn_new_region"}
        assert not any(a.met for a in v.results.values())  # the category never moves
    last = result.visits[-1]
    assert result.next_visit is not None
    if result.next_visit.reason == "revisit_alternative_diagnosis":
        assert last.alternative_revisit is not None
