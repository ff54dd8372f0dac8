"""An independent neuromuscular review of the history advice (issue 19, review points 5, 10,
12 and 15): PLS is graded by the needle study that showed no active LMN degeneration, not by
the visit; a change between visits names what is new; the first visit says there is nothing
to compare yet; an alternative diagnosis restated beside new findings is questioned; the
next-visit rows read as English."""

from __future__ import annotations

from datetime import date
from typing import Any

from alscriteria import evaluate, evaluate_history

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
