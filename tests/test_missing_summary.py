"""The chart page's one-line "Missing for ..." keeps the prerequisites (each required) apart
from the alternative rules (any one suffices): listed after "any one of:" they read as if a
prerequisite were one alternative (the session 13 hostile test)."""

from __future__ import annotations

import alscriteria
from alscriteria import wording


def _summary(case: dict[str, object], criteria: str = "revised-el-escorial") -> str:
    a = alscriteria.evaluate(case, criteria)
    return wording.missing_summary(wording.missing_words(a.missing, a.next_category))


def test_prerequisites_said_apart_from_the_alternatives() -> None:
    said = _summary({"regions": {"cervical": {"lmn_signs": ["weakness"]}}})
    head, rules = said.split(", and any one of: ")
    assert head.startswith("Missing for Possible ALS: the prerequisites, each required (")
    assert "progression" in head and "other causes" in head
    assert "Prerequisite" not in said and "progression" not in rules
    assert said.endswith("; and 2 more.")


def test_without_a_missing_prerequisite_the_rules_alone() -> None:
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"cervical": {"lmn_signs": ["weakness"]}},
    }
    said = _summary(case, "gold-coast")
    assert said.startswith("Missing for ALS by the Gold Coast criteria: any one of: ")
    assert "prerequisites" not in said
