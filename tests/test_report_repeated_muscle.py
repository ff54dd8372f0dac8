"""A muscle recorded more than once names each criteria set once (the session 13 hostile
test: three records of one FDI read "rEEC, rEEC, rEEC, Awaji, ..."; 500 records made a 19 MB
chart page and a 35 MB body map on every keystroke of the web page)."""

from __future__ import annotations

from typing import Any

import alscriteria
from alscriteria.report.case_regions import sampled_muscles

FDI = {
    "muscle": "first_dorsal_interosseous",
    "side": "left",
    "fibrillation_potentials": True,
    "chronic_neurogenic_change": True,
}
BICEPS = {**FDI, "muscle": "biceps_brachii"}


def _case(repeats: int) -> dict[str, Any]:
    return {
        "id": "rep",
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"cervical": {"lmn_signs": ["weakness"]}},
        "emg": [BICEPS, *[FDI] * repeats],
    }


def test_each_set_named_once_per_muscle() -> None:
    case = _case(3)
    results = alscriteria.evaluate_all(case)
    sampled = sampled_muscles(alscriteria.parse_case(case), results)
    assert len(sampled) == 4
    for muscle in sampled:
        assert len(muscle.counts_for) == len(set(muscle.counts_for)) == 3
        assert muscle.result.endswith("counts as LMN evidence for rEEC, Awaji, Gold Coast")


def test_the_words_grow_linearly_with_the_records() -> None:
    def words(repeats: int) -> int:
        case = _case(repeats)
        results = alscriteria.evaluate_all(case)
        return sum(len(m.result) for m in sampled_muscles(alscriteria.parse_case(case), results))

    assert words(200) < 2.2 * words(100)
