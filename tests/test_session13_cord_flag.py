"""The cervical cord flag (B.4.1, S58) says what the record holds above the neck: "nothing
on examination" only where the bulbar region was examined; a case that leaves the region
out did not examine it (docs/case.md), and the flag then says so and asks for the
examination, since a bulbar sign would argue against a cervical cause."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings

import alscriteria
from alscriteria.assess.red_flags import CERVICAL_MYELOPATHY
from strategies import any_cases, examples

LIMBS = {
    "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
    "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness"]},
}


def _cord_flag(case: dict[str, Any]) -> dict[str, Any] | None:
    for assessment in alscriteria.evaluate_all(case).values():
        document = json.loads(assessment.model_dump_json())
        found = [w for w in document["warnings"] if w["code"] == CERVICAL_MYELOPATHY]
        read = [w for w in assessment.warnings if w.code == CERVICAL_MYELOPATHY]
        assert [w["text"] for w in found] == [w.text for w in read]  # stitched = read
        return found[0] if found else None
    return None


def test_bulbar_region_left_out_is_not_examined() -> None:
    flag = _cord_flag({"regions": dict(LIMBS)})
    assert flag is not None
    assert flag["values"] == {"bulbar": "not_examined"}
    assert "on examination" not in flag["text"]
    assert "the bulbar region was not examined clinically: examine it" in flag["text"]
    assert flag["text"].endswith("MRI of the cervical spine to exclude a compressive myelopathy.")


def test_bulbar_region_examined_and_clear() -> None:
    flag = _cord_flag({"regions": {"bulbar": {}, **LIMBS}})
    assert flag is not None
    assert flag["values"] == {}
    assert "with nothing above the neck on examination: MRI" in flag["text"]


def test_the_same_pattern_keeps_each_cases_own_words() -> None:
    """The flags are kept for every case alike in their pattern: the examined and the
    unexamined case share the pattern but not the words, in either order."""
    examined = {"regions": {"bulbar": {}, **LIMBS}}
    left_out = {"regions": dict(LIMBS)}
    first = [_cord_flag(examined), _cord_flag(left_out)]
    second = [_cord_flag(left_out), _cord_flag(examined)]
    assert first == second[::-1]
    assert first[0] != first[1]


@settings(max_examples=examples(80), deadline=None)
@given(any_cases)
def test_the_flag_says_not_examined_exactly_when_the_case_leaves_bulbar_out(
    case: dict[str, Any],
) -> None:
    flag = _cord_flag(case)
    if flag is None:
        return
    left_out = not _examined(case)
    assert (flag["values"].get("bulbar") == "not_examined") == left_out
    assert ("on examination" in flag["text"]) == (not left_out)


def _examined(case: dict[str, Any]) -> bool:
    """The bulbar region examined clinically, read from the case as written: given at all
    (an empty record is an examination that found nothing)."""
    return (case.get("regions") or {}).get("bulbar") is not None


def test_a_copy_of_a_case_reads_as_the_case() -> None:
    """A registry record of unknown flags equals an empty one once dumped and read back:
    the flag must not tell them apart, or a copy of a case would read differently (the
    history copy test, tests/test_library_objects.py, caught a first version that did)."""
    unknown = {"regions": {"bulbar": {"umn": None, "lmn": None}, **LIMBS}}
    empty = {"regions": {"bulbar": {}, **LIMBS}}
    assert _cord_flag(unknown) == _cord_flag(empty)
    model = alscriteria.parse_case(unknown)
    again = alscriteria.parse_case(model.model_dump(mode="json"))
    assert alscriteria.evaluate_all(again) == alscriteria.evaluate_all(model)
