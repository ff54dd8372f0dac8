"""The fast reading of a case (case/fast.py) is validation, only cheaper: for every input,
valid or not, it either declines or builds the very Case `Case.model_validate` builds (equal,
the same JSON, the same field types and "given" sets, the same marks), and whatever it
declines `parse_case` refuses or reads exactly as before. The odd inputs are valid cases
with one part (or a few) written oddly, so that each of its checks is what decides."""

from __future__ import annotations

from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from alscriteria.anatomy.regions import Region
from alscriteria.case import fast
from alscriteria.case.messages import describe_errors
from alscriteria.case.model import Case, ReadOnlyRegions, parse_case, read_ordinary
from alscriteria.errors import InvalidCaseError
from strategies import (
    ALTERNATIVE_DIAGNOSES,
    EMG_FINDINGS,
    LMN_SIGNS,
    REGIONS,
    UMN_SIGNS,
    any_cases,
    examples,
    muscle_studies,
    region_findings,
)


class Text(str):
    """A str subclass: pydantic reads it as text; the fast reading declines it."""


def shape(value: object) -> object:
    """Everything a value is made of, types included: models by their fields in order, the
    keys the input gave (and their types), extra keys and private state (the Case's mark by
    what it says, not by the id it holds)."""
    if isinstance(value, BaseModel):
        private = dict(value.__pydantic_private__ or {})
        checked = private.pop("_checked", None) == id(value.__dict__)
        return (
            type(value),
            tuple((name, shape(v)) for name, v in value.__dict__.items()),
            sorted((name, type(name)) for name in value.__pydantic_fields_set__),
            value.__pydantic_extra__,
            private,
            checked,
        )
    if isinstance(value, dict):
        return (type(value), tuple((shape(k), shape(v)) for k, v in value.items()))
    if isinstance(value, (tuple, list)):
        return (type(value), tuple(shape(v) for v in value))
    return (type(value), value)


def validated(data: Any) -> Case | None:
    try:
        return Case.model_validate(data)
    except ValidationError:
        return None


def assert_same_case(read: Case, made: Case) -> None:
    assert read == made
    assert shape(read) == shape(made)
    assert read.model_dump_json() == made.model_dump_json()
    assert read.model_dump(exclude_unset=True) == made.model_dump(exclude_unset=True)
    assert read.checked and made.checked
    assert read.registry_input == made.registry_input
    assert type(read.regions) is ReadOnlyRegions


def assert_fast_is_validation(data: Any) -> Case | None:
    """The property: the fast reading declines, or equals validation in every respect."""
    made = validated(data)
    read = read_ordinary(data) if type(data) is dict else None
    if read is not None:
        assert made is not None, f"the fast reading accepted what validation refuses: {data!r}"
        assert_same_case(read, made)
    return read


# --- odd input: every way a case can depart from the ordinary shape ----------------------

ODD_ANSWERS = (
    True,
    False,
    None,
    "yes",
    "no",
    "unknown",
    " Yes ",
    "FALSE",
    "maybe",
    "",
    1,
    0,
    1.0,
    [],
    Text("yes"),
)
ODD_TEXTS = ("x", "", " ", "a" * 200, "a" * 201, "\ud800", "é", Text("x"), 7, None, ["x"])
ODD_DIAGNOSES = (
    *ALTERNATIVE_DIAGNOSES,
    "  L5 radiculopathy  ",
    "none",
    "n/a",
    "",
    "   ",
    "ALS",
    "awaiting MRI",
    "a" * 201,
    "\ud800 myopathy",
    Text("cervical myelopathy"),
    3,
)
ODD_REGION_KEYS: tuple[Any, ...] = (
    *REGIONS,
    "Bulbar",
    "arm",
    "",
    1,
    Region.CERVICAL,
    Text("bulbar"),
)
ODD_MUSCLES = (
    "FDI",
    "tib ant",
    "Deltoid",
    " deltoid",
    "lumbricals",
    "weakness",
    "",
    Text("deltoid"),
    3,
)
ODD_SIDES = ("left", "right", None, "both", "Left", "", Text("left"), 0)
ODD_FINDINGS = (True, False, None, 1, 0, "yes", "true", 1.0)
ODD_SIGNS = (*UMN_SIGNS, *LMN_SIGNS, "hofman", "", "Babinski", Text("babinski"), 1, None)
ODD_KEYS = ("foo", "umn_sign", "UMN", Text("umn_signs"), 3)

odd_answers = st.sampled_from(ODD_ANSWERS)


@st.composite
def odd_region(draw: st.DrawFn) -> tuple[str, Any]:
    """One region's findings, valid, then (mostly) with one part written oddly: a sign its
    region cannot show or no sign at all, a flag (which may deny the signs), a side, an EMG
    summary, an unknown key, another container."""
    region = draw(st.sampled_from(REGIONS))
    findings: dict[Any, Any] = dict(draw(region_findings(region)))
    odd = draw(st.integers(0, 9))
    if odd == 1:
        name = draw(st.sampled_from(["umn_signs", "lmn_signs"]))
        signs = list(findings.get(name, []))
        signs.insert(draw(st.integers(0, len(signs))), draw(st.sampled_from(ODD_SIGNS)))
        findings[name] = signs
    elif odd == 2:
        findings[draw(st.sampled_from(["umn", "lmn"]))] = draw(odd_answers)
        if draw(st.booleans()):
            findings[draw(st.sampled_from(["umn", "lmn"]))] = draw(odd_answers)
    elif odd == 3:
        side = {"umn_signs": draw(st.lists(st.sampled_from(UMN_SIGNS), max_size=2))}
        findings[draw(st.sampled_from(["left", "right"]))] = side
    elif odd == 4:
        findings["emg"] = {"chronic_neurogenic_change": draw(odd_answers)}
    elif odd == 5:
        findings[draw(st.sampled_from(ODD_KEYS))] = draw(odd_answers)
    elif odd == 6:
        name = draw(st.sampled_from(["umn_signs", "lmn_signs"]))
        signs = findings.get(name, [])
        findings[name] = draw(st.sampled_from([tuple(signs), "babinski", None, {"x": 1}]))
    elif odd == 7:
        return region, draw(st.sampled_from([[], "x", None, OrderedDict(findings)]))
    return region, findings


@st.composite
def odd_study(draw: st.DrawFn) -> Any:
    """One muscle's record, valid, then (mostly) with one part written oddly: an alias or
    another name, a side or finding of the wrong kind, its own anatomy, an unknown key."""
    study: dict[Any, Any] = dict(draw(muscle_studies()))
    odd = draw(st.integers(0, 8))
    if odd == 1:
        study["muscle"] = draw(st.sampled_from(ODD_MUSCLES))
    elif odd == 2:
        study["side"] = draw(st.sampled_from(ODD_SIDES))
    elif odd == 3:
        study[draw(st.sampled_from(EMG_FINDINGS))] = draw(st.sampled_from(ODD_FINDINGS))
    elif odd == 4:  # its own anatomy, right or wrong
        study["region"] = draw(st.sampled_from(["cervical", "bulbar", "arm"]))
        study["roots"] = draw(st.sampled_from([["C8", "T1"], ["c8"], [], ["X9"]]))
        study["nerve"] = draw(st.sampled_from(["median", "Ulnar Nerve", "nerve", ""]))
        if draw(st.booleans()):
            study["muscle"] = draw(st.sampled_from(ODD_MUSCLES))
    elif odd == 5:
        study[draw(st.sampled_from(["muscles", "Side", Text("side"), 1, "region"]))] = None
    elif odd == 6:
        del study["muscle"]
    elif odd == 7:
        return draw(st.sampled_from(["deltoid", None, [], OrderedDict(study)]))
    return study


@st.composite
def own_anatomy(draw: st.DrawFn) -> dict[str, Any]:
    """A muscle outside the catalogue with its anatomy: the same few names, written two ways,
    with one of two anatomies, so that one name with two anatomies comes up often."""
    return {
        "muscle": draw(st.sampled_from(["lumbricals", "Lumbricals", "pronator quadratus"])),
        "region": "cervical",
        "roots": draw(st.sampled_from([["C8", "T1"], ["C8"], ["t1", "c8"]])),
        "nerve": draw(st.sampled_from(["median", "Median nerve", "ulnar"])),
        "chronic_neurogenic_change": draw(st.booleans()),
    }


@st.composite
def odd_cases(draw: st.DrawFn) -> Any:
    """A valid case with one part (now and then a few) written oddly: wrong types, words for
    the tri-states, unknown keys, aliases, custom anatomy, sides, flags, summaries, bad text;
    one oddity at a time, so that the fast reading's every check is what decides."""
    case: dict[Any, Any] = dict(draw(any_cases))
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        odd = draw(st.integers(0, 10))
        if odd == 0:
            name = draw(st.sampled_from(["progression", "other_causes_excluded", "motor_symptoms"]))
            case[name] = draw(odd_answers)
        elif odd == 1:
            case["id"] = draw(st.sampled_from(ODD_TEXTS))
        elif odd == 2:
            case["alternative_diagnosis"] = draw(st.sampled_from(ODD_DIAGNOSES))
            case["other_causes_excluded"] = draw(st.sampled_from([None, False, False, True]))
        elif odd in (3, 4):
            region, findings = draw(odd_region())
            case["regions"] = {**_dict(case.get("regions")), region: findings}
        elif odd == 5:
            regions = _dict(case.pop("regions", None))
            key = draw(st.sampled_from(ODD_REGION_KEYS))
            case["regions"] = {key: regions.popitem()[1] if regions else {}, **regions}
        elif odd == 9:
            studies = list(case["emg"]) if isinstance(case.get("emg"), (list, tuple)) else []
            studies.extend(draw(st.lists(own_anatomy(), min_size=2, max_size=3)))
            case["emg"] = studies
        elif odd in (6, 7):
            studies = list(case["emg"]) if isinstance(case.get("emg"), (list, tuple)) else []
            studies.insert(draw(st.integers(0, len(studies))), draw(odd_study()))
            case["emg"] = studies
        elif odd == 8:
            name = draw(st.sampled_from(["regions", "emg"]))
            value = case.get(name) if isinstance(case.get(name), (list, tuple, dict)) else []
            case[name] = draw(st.sampled_from([tuple(value), list(value), None, "x", 3]))
        else:
            extra = draw(st.sampled_from(ODD_EXTRAS))
            case[extra[0]] = extra[1]
    return case if draw(st.integers(0, 30)) else OrderedDict(case)


def _dict(value: Any) -> dict[Any, Any]:
    return dict(value) if isinstance(value, dict) else {}


ODD_EXTRAS: tuple[tuple[Any, Any], ...] = (
    ("contraindications", {"anticoagulated": True}),
    ("contraindications", {}),
    ("nerve_conduction", {"demyelinating_slowing": True}),
    ("foo", 1),
    ("Progression", True),
    (Text("progression"), True),
    (3, True),
)


# --- the properties ----------------------------------------------------------------------


@settings(max_examples=examples(300))
@given(any_cases)
def test_every_generated_valid_case_is_read_fast_and_as_validation_reads_it(
    case: dict[str, Any],
) -> None:
    """The generated cases are all ordinary: the fast reading must take every one (else it
    would be a fast path nobody takes), and give validation's Case."""
    read = assert_fast_is_validation(case)
    assert read is not None


@settings(max_examples=examples(1500))
@given(odd_cases())
def test_odd_input_is_declined_or_read_as_validation_reads_it(case: Any) -> None:
    assert_fast_is_validation(case)


@settings(max_examples=examples(600))
@given(odd_cases())
def test_parse_case_refuses_as_before(case: Any) -> None:
    """Whatever the fast reading declines goes to pydantic unchanged: parse_case gives the
    validated Case or the very problems validation's errors describe."""
    try:
        expected: Case | list[str] = Case.model_validate(case)
    except ValidationError as exc:
        expected = describe_errors(exc, Case)
    try:
        got: Case | list[str] = parse_case(case)
    except InvalidCaseError as exc:
        got = exc.problems
    if isinstance(expected, Case):
        assert isinstance(got, Case)
        assert_same_case(got, expected)
    else:
        assert got == expected


@settings(max_examples=examples(200))
@given(any_cases)
def test_a_case_read_twice_is_read_the_same(case: dict[str, Any]) -> None:
    """The memos give the second reading from the first: the same Case, a new Case object
    with its own mark and its own regions."""
    first, second = read_ordinary(case), read_ordinary(case)
    assert first is not None and second is not None
    assert first is not second and first.regions is not second.regions
    assert_same_case(first, second)


# --- the odd cases that matter most, each by name ------------------------------------------

DECLINED = [
    {"progression": 1},
    {"progression": "maybe"},
    {"progression": Text("yes")},
    {"id": "\ud800"},
    {"id": "a" * 201},
    {"id": Text("p1")},
    {"alternative_diagnosis": "n/a"},
    {"alternative_diagnosis": "MRI lesion", "other_causes_excluded": True},
    {"regions": {"bulbar": {"umn_signs": ["babinski"]}}},
    {"regions": {"cervical": {"umn_signs": ["hoffmann"], "umn": False}}},
    {"regions": {"cervical": {"lmn_signs": ["weakness"], "lmn": "no"}}},
    {"regions": {Region.CERVICAL: {}}},
    {"regions": {"cervical": {"umn_signs": [Text("hoffmann")]}}},
    {"emg": [{"muscle": "deltoid", "fibrillation_potentials": 1}]},
    {"emg": [{"muscle": "deltoid", "side": "both"}]},
    {"emg": [{"muscle": "deltoid", Text("side"): "left"}]},
    {"emg": [{"muscle": "deltoid"}] * 501},
    {Text("progression"): True},
    {"regions": {"bulbar": {"left": {"lmn_signs": ["weakness"]}}}},
    {"regions": {"cervical": {"umn": False, "left": {"umn_signs": ["hoffmann"]}}}},
    {
        "regions": {
            "cervical": {"emg": {"active_denervation": False, "fibrillation_potentials": True}}
        }
    },
    {"regions": {"bulbar": {"emg": {"independent_muscles": True}}}},
    {"emg": [{"muscle": "FDI", "roots": ["C8"]}]},
    {"emg": [{"muscle": "deltoid", "region": "cervical", "roots": ["C5"], "nerve": "axillary"}]},
    {"emg": [{"muscle": "lumbricals", "region": "cervical", "roots": ["C8"]}]},
    {"emg": [{"muscle": "weakness", "region": "cervical", "roots": ["C8"], "nerve": "median"}]},
    {
        "emg": [
            {"muscle": "lumbricals", "region": "cervical", "roots": ["C8"], "nerve": "median"},
            {"muscle": "Lumbricals", "region": "cervical", "roots": ["T1"], "nerve": "median"},
        ]
    },
    {"contraindications": {"lymphedema": [{"region": "thoracic", "side": "left"}]}},
    {"nerve_conduction": {"abnormal_sensory": "severe"}},
]


@pytest.mark.parametrize("data", DECLINED, ids=range(len(DECLINED)))
def test_what_the_fast_reading_leaves_to_validation(data: dict[Any, Any]) -> None:
    assert read_ordinary(data) is None
    assert_fast_is_validation(data)


READ = [
    {},
    {"progression": "yes", "other_causes_excluded": " Unknown ", "motor_symptoms": "FALSE"},
    {"id": "é-7", "alternative_diagnosis": "  L5 radiculopathy on MRI "},
    {"regions": {"cervical": {"umn_signs": ("hoffmann", "hoffmann"), "lmn_signs": []}}},
    {"regions": {"cervical": {"umn": "yes", "lmn": False}, "bulbar": {"umn": None}}},
    {"emg": ({"muscle": "deltoid", "side": None, "chronic_neurogenic_change": False},)},
    {"regions": {"cervical": {"left": {"umn_signs": ["hoffmann"]}}}},
    {"regions": {"cervical": {"emg": {"lmn_evidence": True}}}},
    {"emg": [{"muscle": "FDI"}, {"muscle": "tib ant", "side": "left"}]},
    {
        "emg": [
            {"muscle": "lumbricals", "region": "cervical", "roots": ["c8"], "nerve": "Median"},
            {"muscle": "Lumbricals", "region": "cervical", "roots": ["C8"], "nerve": "median"},
        ]
    },
    {"contraindications": {"anticoagulated": True}, "nerve_conduction": {}},
]


@pytest.mark.parametrize("data", READ, ids=range(len(READ)))
def test_what_the_fast_reading_takes(data: dict[str, Any]) -> None:
    assert read_ordinary(data) is not None
    assert_fast_is_validation(data)


def test_registry_flags_mark_the_case_as_registry_input() -> None:
    """A region's yes/no flag is registry input (the evidence pass reads such a case in
    full); an explicit null is not."""
    flagged = read_ordinary({"regions": {"cervical": {"umn": True}}})
    unflagged = read_ordinary({"regions": {"cervical": {"umn": None, "umn_signs": []}}})
    assert flagged is not None and flagged.registry_input
    assert unflagged is not None and not unflagged.registry_input


def test_a_case_read_fast_is_frozen_and_its_regions_read_only() -> None:
    case = parse_case({"regions": {"cervical": {"umn_signs": ["hoffmann"]}}})
    with pytest.raises(ValidationError):
        case.progression = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        case.regions[Region.BULBAR] = case.regions[Region.CERVICAL]  # type: ignore[index]
    copied = case.model_copy(update={"progression": True})
    assert not copied.checked  # a copy is validated again, as before


def test_the_memos_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-running server reads any number of distinct records: each memo holds at most
    MEMO_SIZE of them, and a record read after the memo started again is read the same."""
    monkeypatch.setattr(fast, "MEMO_SIZE", 8)
    monkeypatch.setattr(fast, "_STUDY_MEMO", {})
    monkeypatch.setattr(fast, "_REGION_MEMO", {})
    muscles = ("deltoid", "triceps", "biceps_brachii", "tibialis_anterior")
    records = [
        {"muscle": muscle, "side": side, "fibrillation_potentials": found}
        for muscle in muscles
        for side in ("left", "right")
        for found in (True, False)
    ]
    for i, record in enumerate(records + records):
        signs = ["weakness"] * (i % 11)  # eleven distinct region entries
        read = assert_fast_is_validation(
            {"regions": {"cervical": {"lmn_signs": signs}}, "emg": [record]}
        )
        assert read is not None
        assert len(fast._STUDY_MEMO) <= 8 and len(fast._REGION_MEMO) <= 8


def test_threads_reading_at_once_read_as_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library is read from many threads: the memos are shared, and one emptied while
    another thread reads (a tiny MEMO_SIZE empties them all the time) only costs a reading."""
    monkeypatch.setattr(fast, "MEMO_SIZE", 4)
    muscles = ("deltoid", "triceps", "FDI", "tibialis_anterior", "iliopsoas")
    data = [
        {
            "regions": {"cervical": {"lmn_signs": ["weakness"] * (i % 4), "umn": i % 3 == 0}},
            "emg": [
                {"muscle": muscles[i % 5], "side": "left", "fibrillation_potentials": i % 2 == 0}
            ],
        }
        for i in range(40)
    ]
    expected = [Case.model_validate(d).model_dump_json() for d in data]

    def read_all(offset: int) -> list[str]:
        rotated = data[offset:] + data[:offset]
        return [parse_case(d).model_dump_json() for d in rotated * 5]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(read_all, range(0, 40, 5)))
    for offset, result in zip(range(0, 40, 5), results, strict=True):
        assert result == (expected[offset:] + expected[:offset]) * 5
