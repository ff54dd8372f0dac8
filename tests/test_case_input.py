"""Bad input is refused with a message that names the field, the value and the allowed values."""

from __future__ import annotations

from typing import Any

import pytest

from alscriteria import InvalidCaseError, evaluate, parse_case
from alscriteria.errors import AlsCriteriaError, InvalidReadingsError, UnknownCriteriaError


def problems(data: Any) -> list[str]:
    with pytest.raises(InvalidCaseError) as caught:
        parse_case(data)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, AlsCriteriaError)
    return caught.value.problems


def test_unknown_umn_sign_offers_nearest_spelling() -> None:
    [msg] = problems({"regions": {"cervical": {"umn_signs": ["hofman"]}}})
    assert msg.startswith("regions.cervical.umn_signs[0]: 'hofman' is not a UMN sign")
    assert "did you mean 'hoffmann'" in msg and "babinski" in msg


def test_unknown_region_key() -> None:
    [msg] = problems({"regions": {"cervicle": {}}})
    assert "regions.cervicle" in msg and "did you mean 'cervical'" in msg
    assert "bulbar, cervical, thoracic, lumbosacral" in msg


def test_unknown_muscle_offers_nearest_and_explains_custom_muscles() -> None:
    [msg] = problems({"emg": [{"muscle": "first_dorsal_interoseous"}]})
    assert msg.startswith("emg[0]: muscle 'first_dorsal_interoseous' is not in the catalogue")
    assert "did you mean 'first_dorsal_interosseous'" in msg
    assert "region, roots and nerve" in msg


def test_custom_muscle_with_anatomy_is_accepted() -> None:
    case = parse_case(
        {
            "emg": [
                {
                    "muscle": "lumbricals",
                    "region": "cervical",
                    "roots": ["c8", "T1"],
                    "nerve": "median",
                }
            ]
        }
    )
    assert case.emg[0].roots == ("C8", "T1")


def test_catalogue_muscle_may_not_override_anatomy() -> None:
    [msg] = problems({"emg": [{"muscle": "deltoid", "roots": ["C5"]}]})
    assert "in the catalogue" in msg and "remove roots" in msg


def test_bad_root_name() -> None:
    [msg] = problems(
        {"emg": [{"muscle": "x", "region": "cervical", "roots": ["C9"], "nerve": "n"}]}
    )
    assert "emg[0].roots" in msg and "C9" in msg


def test_extra_keys_are_rejected_with_nearest_key() -> None:
    [msg] = problems({"progresion": True})
    assert "unknown key 'progresion'" in msg and "did you mean 'progression'" in msg
    [msg] = problems({"emg": [{"muscle": "deltoid", "fibs": True}]})
    assert msg.startswith("emg[0]: unknown key 'fibs'") and "fibrillation_potentials" in msg
    [msg] = problems({"regions": {"bulbar": {"umn": ["snout"]}}})
    # `umn` is the registry's yes/no flag: a list of signs is pointed to umn_signs
    assert (
        msg.startswith("regions.bulbar.umn: ['snout'] is not allowed here")
        and "use umn_signs" in msg
    )
    [msg] = problems({"regions": {"bulbar": {"umn_sign": ["snout"]}}})
    assert "regions.bulbar: unknown key 'umn_sign'" in msg and "umn_signs" in msg


def test_wrong_types_are_refused_not_coerced_and_the_message_lists_what_is_allowed() -> None:
    [msg] = problems({"progression": "maybe"})
    assert msg.startswith("progression:") and "'maybe'" in msg
    assert "true, false, null" in msg and "yes, no, unknown" in msg
    [msg] = problems({"progression": 1})
    assert "allowed: true, false, null" in msg
    [msg] = problems({"emg": [{"muscle": "deltoid", "fibrillation_potentials": 1}]})
    assert "emg[0].fibrillation_potentials" in msg and "allowed: true, false" in msg
    [msg] = problems({"regions": []})
    assert "bulbar, cervical, thoracic, lumbosacral" in msg
    [msg] = problems({"regions": {"cervical": {"umn_signs": "hoffmann"}}})
    assert "a list of:" in msg and "babinski" in msg
    assert problems([1, 2])[0].startswith("case: expected a JSON object")


def test_yes_no_unknown_words_are_read_as_registries_write_them() -> None:
    case = parse_case(
        {"progression": "Yes", "other_causes_excluded": "no", "motor_symptoms": "UNKNOWN"}
    )
    assert case.progression is True and case.other_causes_excluded is False
    assert case.motor_symptoms is None


def test_unknown_is_a_valid_tristate_value() -> None:
    case = parse_case({"progression": "unknown", "other_causes_excluded": None})
    assert case.progression is None and case.other_causes_excluded is None


def test_side_vocabulary() -> None:
    [msg] = problems({"emg": [{"muscle": "deltoid", "side": "rigth"}]})
    assert "emg[0].side" in msg and "did you mean 'right'" in msg


def test_several_problems_are_all_reported() -> None:
    assert len(problems({"progression": 3, "regions": {"bulbar": {"lmn_signs": ["wastin"]}}})) == 2


def test_findings_are_sets() -> None:
    a = parse_case(
        {"regions": {"cervical": {"umn_signs": ["hoffmann", "hyperreflexia", "hoffmann"]}}}
    )
    b = parse_case({"regions": {"cervical": {"umn_signs": ["hyperreflexia", "hoffmann"]}}})
    assert a == b


def test_unknown_criteria_and_reading() -> None:
    with pytest.raises(UnknownCriteriaError, match="did you mean 'awaji'"):
        evaluate({}, "awagi")
    with pytest.raises(InvalidReadingsError, match="allowed: separate, aggregate"):
        evaluate({}, "awaji", {"probable": "loose"})


# --- alternative_diagnosis (issue 19 section 3) ------------------------------------------


def test_alternative_diagnosis_is_kept_stripped() -> None:
    case = parse_case({"alternative_diagnosis": "  L5 radiculopathy on MRI "})
    assert case.alternative_diagnosis == "L5 radiculopathy on MRI"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "alternative_diagnosis: an empty text"),
        ("   ", "alternative_diagnosis: an empty text"),
        (5, "alternative_diagnosis: 5 is not allowed here; allowed: text"),
        ("x" * 201, "alternative_diagnosis: at most 200 characters"),
    ],
)
def test_a_bad_alternative_diagnosis_is_refused_naming_the_field(
    value: object, expected: str
) -> None:
    with pytest.raises(InvalidCaseError) as caught:
        parse_case({"alternative_diagnosis": value})
    assert any(p.startswith(expected) for p in caught.value.problems), caught.value.problems


@pytest.mark.parametrize(
    "filler",
    [
        "None found",
        "n/a.",
        "N/A",
        "\u2014",
        "-",
        "none.",
        "Nothing identified",
        "T.B.D.",
        "None so far",
        "none known",
        "nil found",
        "NAD",
        "awaiting MRI",
        "not yet known",
    ],
)
def test_a_form_filler_is_not_taken_for_a_diagnosis(filler: str) -> None:
    """A filler read as a diagnosis would fail the prerequisites of a patient with none."""
    with pytest.raises(InvalidCaseError) as caught:
        parse_case({"alternative_diagnosis": filler})
    [message] = caught.value.problems
    assert message.startswith("alternative_diagnosis: ")
    assert "not a diagnosis" in message or "an empty text" in message


@pytest.mark.parametrize("name", ["ALS", "MND", "motor neurone disease", "Probable ALS", "PLS"])
def test_als_itself_is_not_another_cause(name: str) -> None:
    """Recorded as "another cause", ALS would switch its own criteria off."""
    with pytest.raises(InvalidCaseError) as caught:
        parse_case({"alternative_diagnosis": name})
    [message] = caught.value.problems
    assert "is the disease the criteria test, not another cause" in message


@pytest.mark.parametrize(
    "named", ["MMN", "L5 radiculopathy on MRI", "No. 5 nerve root lesion", "CIDP", "B12 deficiency"]
)
def test_a_short_or_punctuated_diagnosis_is_kept(named: str) -> None:
    assert parse_case({"alternative_diagnosis": named}).alternative_diagnosis == named


@pytest.mark.parametrize("excluded", [True, "yes"])
def test_another_cause_recorded_beside_causes_excluded_is_a_contradiction(excluded: object) -> None:
    """Which one holds is the clinician's call: refused, naming both fields."""
    with pytest.raises(InvalidCaseError) as caught:
        parse_case({"other_causes_excluded": excluded, "alternative_diagnosis": "MMN"})
    [message] = caught.value.problems
    assert "alternative_diagnosis and other_causes_excluded contradict" in message
    assert "'MMN'" in message


@pytest.mark.parametrize("excluded", [False, None])
def test_another_cause_recorded_with_exclusion_false_or_unknown_is_accepted(
    excluded: object,
) -> None:
    assert parse_case({"other_causes_excluded": excluded, "alternative_diagnosis": "MMN"})


def test_a_muscle_s_own_findings_take_only_true_or_false_and_the_message_says_so() -> None:
    """A summary's finding may be unknown (null, yes, no, unknown); a needle study's own
    finding was seen or not. The message names what this field takes, and shows null as
    the user wrote it, not as Python's None."""
    study = {"muscle": "first_dorsal_interosseous", "side": "right"}
    with pytest.raises(InvalidCaseError) as raised:
        parse_case({"emg": [{**study, "fibrillation_potentials": None}]})
    assert "emg[0].fibrillation_potentials: null is not allowed here; allowed: true, false" in str(
        raised.value
    )
    with pytest.raises(InvalidCaseError) as raised:
        parse_case({"emg": [{**study, "chronic_neurogenic_change": "yes"}]})
    assert "allowed: true, false" in str(raised.value)
    assert "unknown" not in str(raised.value)
    summary = {"regions": {"cervical": {"emg": {"fibrillation_potentials": 3}}}}
    with pytest.raises(InvalidCaseError) as raised:
        parse_case(summary)
    assert "yes, no, unknown" in str(raised.value)


@pytest.mark.parametrize(
    ("data", "kind"),
    [(None, "null"), ([1], "an array"), ("hi", "a string"), (42, "a number"), (True, "true")],
)
def test_a_document_that_is_not_an_object_is_named_in_jsons_words(data: Any, kind: str) -> None:
    """A JSON user wrote null or an array, not Python's NoneType or list (session 13)."""
    [msg] = problems(data)
    assert msg == f"case: expected a JSON object (the case's fields in braces), got {kind}"


def test_a_range_of_roots_is_refused_with_the_roots_written_one_by_one() -> None:
    """The allowed roots are said in words, not as ranges right after a range was refused."""
    study = {"muscle": "rhomboid minor", "region": "cervical", "nerve": "dorsal scapular"}
    [msg] = problems({"emg": [study | {"roots": ["C5-C6"]}]})
    assert msg == (
        "emg[0].roots: 'C5-C6' is not a root name: each root is one of CN1 to CN12, C1 to C8, "
        "T1 to T12, L1 to L5 or S1 to S5; write a range such as 'C5-C6' as its roots one by "
        "one (for example C5, C6)"
    )
    [msg] = problems({"emg": [study | {"roots": ["C9", "X"]}]})
    assert "'C9', 'X' are not root names: each root is one of" in msg and "range" not in msg


def test_a_muscle_outside_the_catalogue_is_told_what_it_lacks_in_one_sentence() -> None:
    [msg] = problems({"emg": [{"muscle": "rhomboid minor", "nerve": "dorsal scapular"}]})
    assert msg == (
        "emg[0]: muscle 'rhomboid minor' is not in the catalogue: a muscle outside the "
        "catalogue needs its region, roots and nerve (missing: region, roots); "
        "`alscriteria muscles` lists the catalogue"
    )
