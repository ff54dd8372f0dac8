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
from pathlib import Path
from typing import Any

import pytest

from alscriteria.history import evaluate_history
from alscriteria.history.flags import raised_flags
from alscriteria.report import history_report
from cli_helpers import run_in_process

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
