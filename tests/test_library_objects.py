"""Library objects that validation did not make (issue 20, items 1 to 4): a `Readings`,
`History` or `Case` built with `model_construct`, changed with `model_copy(update=...)` or
changed in place must give the category of the input it stands for, or the project's own
error; never another reading, a history read backwards, or a finding that skipped the checks.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria import InvalidCaseError, evaluate_all, parse_case
from alscriteria.anatomy.catalogue import Muscle, catalogue, root_span
from alscriteria.anatomy.regions import Region
from alscriteria.case.findings import RegionFindings
from alscriteria.case.readings import Readings
from alscriteria.errors import InvalidReadingsError
from alscriteria.history.evaluate import evaluate_history
from alscriteria.history.model import History, InvalidHistoryError, parse_history
from strategies import any_cases, examples, readings

ROOT = Path(__file__).resolve().parents[1]
FAST = settings(max_examples=examples(60))


def categories(case: Any, chosen: Any = None) -> dict[str, tuple[str, str]]:
    return {
        cid: (a.category.value, a.pattern_category.value)
        for cid, a in evaluate_all(case, chosen).items()
    }


# --- 1. Readings --------------------------------------------------------------------------

#: Two limb muscles sharing C8 (disjoint: not independent; not-identical: independent).
SHARED_ROOT = {
    "progression": True,
    "other_causes_excluded": True,
    "regions": {"lumbosacral": {"umn_signs": ["babinski"]}},
    "emg": [
        {
            "muscle": m,
            "side": "right",
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        }
        for m in (
            "first_dorsal_interosseous",
            "abductor_pollicis_brevis",
            "tibialis_anterior",
            "medial_gastrocnemius",
        )
    ],
}


@pytest.mark.parametrize(
    "built",
    [
        lambda: Readings.model_construct(root_independence="Disjoint"),
        lambda: Readings().model_copy(update={"root_independence": "disjoint "}),
        lambda: Readings.model_construct(probable="Aggregate"),
        lambda: Readings.model_construct(gap=None),
        lambda: Readings.model_construct(rostral=["some-pair"]),
    ],
)
def test_readings_not_made_by_validation_are_checked(built: Any) -> None:
    with pytest.raises(InvalidReadingsError, match=r"readings\.\w+: .* allowed: "):
        evaluate_all(SHARED_ROOT, built())


def test_readings_found_valid_are_trusted_by_identity_and_bad_ones_never() -> None:
    """A cohort passes one Readings object for every case: it is checked once (it is
    frozen), while an object found invalid is refused each time it is passed."""
    from alscriteria.case.readings import _TRUSTED, readings_from

    chosen = Readings.model_construct(probable="aggregate")
    assert readings_from(chosen) is chosen and _TRUSTED[id(chosen)] is chosen
    assert readings_from(chosen) is chosen
    bad = Readings.model_construct(probable="Aggregate")
    for _ in range(2):
        with pytest.raises(InvalidReadingsError, match=r"readings\.probable"):
            readings_from(bad)
    assert id(bad) not in _TRUSTED


@given(readings)
@FAST
def test_readings_built_any_way_give_the_validated_result(chosen: Readings) -> None:
    values = dict(chosen.__dict__)
    built = Readings.model_construct(**values)
    copied = Readings().model_copy(update=values)
    want = categories(SHARED_ROOT, chosen)
    assert categories(SHARED_ROOT, built) == want == categories(SHARED_ROOT, copied)
    assert all(a.readings == chosen for a in evaluate_all(SHARED_ROOT, built).values())


@given(
    st.sampled_from(list(Readings.options())),
    st.text(max_size=12),
)
@FAST
def test_a_value_outside_an_option_is_never_applied(option: str, value: str) -> None:
    if value in Readings.options()[option]:
        return
    for built in (
        Readings.model_construct(**{option: value}),
        Readings().model_copy(update={option: value}),
    ):
        with pytest.raises(InvalidReadingsError, match=f"readings.{option}"):
            evaluate_all(SHARED_ROOT, built)


# --- 2. History ---------------------------------------------------------------------------


def _history() -> History:
    return parse_history(json.loads((ROOT / "examples" / "history-limb-onset.json").read_text()))


def test_a_reordered_history_copy_is_refused_not_read_backwards() -> None:
    history = _history()
    assert history.checked and parse_history(history) is history
    backwards = history.model_copy(update={"visits": tuple(reversed(history.visits))})
    with pytest.raises(InvalidHistoryError, match="is dated before"):
        evaluate_history(backwards)
    twice = history.model_copy(update={"visits": (*history.visits, history.visits[-1])})
    with pytest.raises(InvalidHistoryError, match="both dated"):
        evaluate_history(twice)
    late_onset = history.model_copy(update={"onset": history.visits[-1].date})
    with pytest.raises(InvalidHistoryError, match="onset"):
        evaluate_history(late_onset)


def test_a_history_copy_that_is_valid_gives_the_same_result() -> None:
    history = _history()
    renamed = history.model_copy(update={"id": "P-renamed"})
    before, after = evaluate_history(history), evaluate_history(renamed)
    assert after.id == "P-renamed"
    assert [v.case.id for v in parse_history(renamed).visits] == ["P-renamed"] * len(history.visits)
    dumped = before.model_dump(mode="json")
    again = after.model_dump(mode="json")
    dumped.pop("id"), again.pop("id")
    assert json.dumps(dumped).replace(str(history.id), "P-renamed") == json.dumps(again)


def test_a_constructed_history_with_unusable_values_is_the_projects_error() -> None:
    with pytest.raises(InvalidHistoryError, match="without validation"):
        evaluate_history(History.model_construct(visits=(1,)))


@given(st.randoms(use_true_random=False))
@settings(max_examples=examples(20))
def test_any_shuffle_of_a_history_is_refused_or_unchanged(rnd: random.Random) -> None:
    history = _history()
    visits = list(history.visits)
    rnd.shuffle(visits)
    shuffled = history.model_copy(update={"visits": tuple(visits)})
    if visits == list(history.visits):
        assert evaluate_history(shuffled) == evaluate_history(history)
    else:
        with pytest.raises(InvalidHistoryError):
            evaluate_history(shuffled)


# --- 3. a validated Case cannot be changed in place ----------------------------------------


def test_a_validated_case_refuses_changes_in_place() -> None:
    case = parse_case({"regions": {"cervical": {"umn_signs": ["hoffmann"]}}})
    for change in (
        lambda r: r.__setitem__("bulbar", {"umn": "yes"}),
        lambda r: r.update({"bulbar": {}}),
        lambda r: r.setdefault("bulbar", {}),
        lambda r: r.pop("cervical"),
        lambda r: r.popitem(),
        lambda r: r.clear(),
        lambda r: r.__delitem__("cervical"),
        lambda r: r.__ior__({"bulbar": {}}),
    ):
        with pytest.raises(TypeError, match="cannot be changed in place"):
            change(case.regions)
    assert list(case.regions) == ["cervical"]


def test_copies_of_a_case_are_plain_and_validated_again() -> None:
    case = parse_case({"regions": {"cervical": {"umn_signs": ["hoffmann"]}}})
    for other in (copy.deepcopy(case), pickle.loads(pickle.dumps(case))):
        assert other == case and type(other.regions) is dict
        # a Hoffmann sign in the leg is refused, never used
        other.regions[Region.LUMBOSACRAL] = RegionFindings.model_construct(umn_signs=("hoffmann",))
        with pytest.raises(InvalidCaseError, match="hoffmann"):
            evaluate_all(other)
    regions = case.regions.copy()
    regions.pop("cervical")
    assert "cervical" in case.regions


@given(any_cases)
@FAST
def test_every_validated_case_is_read_only_and_its_copies_agree(data: dict[str, Any]) -> None:
    try:
        case = parse_case(data)
    except InvalidCaseError:
        return
    with pytest.raises(TypeError):
        case.regions["thoracic"] = case.regions.get("thoracic")  # type: ignore[assignment]
    want = categories(case)
    assert categories(case.model_copy(update={"regions": dict(case.regions)})) == want
    assert categories(copy.deepcopy(case)) == want
    assert categories(pickle.loads(pickle.dumps(case))) == want
    assert json.loads(case.model_dump_json())["regions"].keys() == {r.value for r in case.regions}


# --- 4. one custom muscle name, one anatomy -------------------------------------------------


def _custom(name: str, roots: list[str], nerve: str, side: str) -> dict[str, Any]:
    return {
        "muscle": name,
        "side": side,
        "region": "cervical",
        "roots": roots,
        "nerve": nerve,
        "fibrillation_potentials": True,
        "chronic_neurogenic_change": True,
    }


def test_one_custom_name_with_two_anatomies_is_refused_naming_both_records() -> None:
    case = {
        "emg": [
            _custom("Rhomboid major", ["C5"], "dorsal scapular", "left"),
            _custom("rhomboid_major", ["C4", "C5"], "dorsal scapular", "right"),
        ]
    }
    with pytest.raises(InvalidCaseError) as caught:
        parse_case(case)
    message = str(caught.value)
    assert "emg[1]" in message and "emg[0]" in message and "'Rhomboid major'" in message


def test_two_anatomies_are_said_with_the_catalogues_root_spans() -> None:
    """One writer of root lists (anatomy/catalogue.py root_span): neighbours as a span, the
    rest listed, so "C5, C7" is never written "C5-C7" (which claims C6 between them)."""
    case = {
        "emg": [
            _custom("Rhomboid major", ["C5"], "dorsal scapular", "left"),
            _custom("rhomboid_major", ["C7", "C5"], "dorsal scapular", "right"),
            _custom("rhomboid major", ["C6", "C4", "C5"], "dorsal scapular", "left"),
        ]
    }
    with pytest.raises(InvalidCaseError) as caught:
        parse_case(case)
    message = str(caught.value)
    assert (
        "('Rhomboid major': cervical, dorsal scapular nerve, roots C5; here: cervical, "
        "dorsal scapular nerve, roots C5, C7)" in message
    )
    assert "here: cervical, dorsal scapular nerve, roots C4-C6)" in message


def _spanned(text: str) -> set[str]:
    """The roots a written span names, every root between a span's ends included."""
    order = [f"CN{n}" for n in range(1, 13)] + [f"C{n}" for n in range(1, 9)]
    order += [f"T{n}" for n in range(1, 13)] + [f"L{n}" for n in range(1, 6)]
    order += [f"S{n}" for n in range(1, 6)]
    roots: set[str] = set()
    for part in text.split(", "):
        first, _, last = part.partition("-")
        roots.update(order[order.index(first) : order.index(last or first) + 1])
    return roots


@pytest.mark.parametrize("muscle", list(catalogue().values()), ids=lambda m: m.key)
def test_every_catalogue_anatomy_reads_right_in_the_two_anatomies_message(muscle: Muscle) -> None:
    """Any catalogue muscle's anatomy, given to a muscle outside the catalogue, is said with
    exactly its roots: no root lost in a span, none claimed between two."""
    record = {
        "muscle": "my muscle",
        "side": "left",
        "region": muscle.region.value,
        "roots": sorted(muscle.roots),
        "nerve": muscle.nerve,
    }
    other = {**record, "side": "right", "nerve": "another"}
    with pytest.raises(InvalidCaseError) as caught:
        parse_case({"emg": [record, other]})
    [said] = re.findall(r"nerve, roots ([^;)]*)[;)]", str(caught.value))[:1]
    assert said == root_span(muscle.roots)
    assert _spanned(said) == set(muscle.roots)


def test_one_custom_name_with_one_anatomy_is_accepted_however_written() -> None:
    for second in ("Rhomboid major", "RHOMBOID-MAJOR", "rhomboid_major"):
        case = parse_case(
            {
                "emg": [
                    _custom("rhomboid major", ["C5"], "dorsal scapular nerve", "left"),
                    _custom(second, ["C5"], "Dorsal Scapular", "right"),
                ]
            }
        )
        assert len(case.emg) == 2


def test_letter_case_no_longer_decides_a_pair() -> None:
    """The issue's patient: the same custom name, two anatomies, one of them pairing."""
    records = [
        _custom("Custom a", ["C5"], "n1", "right"),
        _custom("custom A", ["C8"], "n2", "right"),
    ]
    with pytest.raises(InvalidCaseError, match="another anatomy"):
        evaluate_all({"regions": {"bulbar": {"umn_signs": ["jaw_jerk"]}}, "emg": records})


# --- 9. dates the calendar arithmetic can carry ---------------------------------------------


@pytest.mark.parametrize("when", ["9999-11-20", "2200-01-01", "1899-12-31", "0001-01-01"])
def test_a_visit_date_outside_the_bounds_is_refused_naming_the_field(when: str) -> None:
    history = {"id": "p", "visits": [{"date": when, "progression": True}]}
    with pytest.raises(InvalidHistoryError, match=r"visits\[0\]\.date: .* outside the dates"):
        evaluate_history(history)
    with pytest.raises(InvalidHistoryError, match=r"onset: .* outside the dates"):
        evaluate_history({"onset": when, "visits": [{"date": "2199-12-31"}]})


def test_the_last_allowed_dates_are_evaluated_and_reported(tmp_path: Path) -> None:
    from alscriteria.cli.app import main

    history = {
        "id": "p",
        "onset": "1900-01-01",
        "visits": [
            {"date": "2199-01-02", "regions": {"cervical": {"lmn_signs": ["weakness"]}}},
            {"date": "2199-12-31", "regions": {"cervical": {"lmn_signs": ["weakness", "wasting"]}}},
        ],
    }
    path = tmp_path / "late.json"
    path.write_text(json.dumps(history))
    assert evaluate_history(history).visits[-1].date.isoformat() == "2199-12-31"
    assert main(["timeline", str(path)]) == 0
    assert main(["report", str(path), "-o", str(tmp_path / "late.html")]) == 0
    path.write_text(json.dumps({**history, "visits": [{"date": "9999-12-01"}]}))
    assert main(["timeline", str(path)]) == 2


# --- 10. one history's cost is bounded -----------------------------------------------------


def _growing(visits: int, per_visit: int) -> dict[str, Any]:
    """Each visit studies muscles never studied before: every later visit carries them."""
    out = []
    for i in range(visits):
        emg = [
            {
                "muscle": f"custom {i} {j}",
                "side": "left",
                "region": "cervical",
                "roots": ["C5"],
                "nerve": f"nerve {i} {j}",
                "fibrillation_potentials": True,
                "chronic_neurogenic_change": True,
            }
            for j in range(per_visit)
        ]
        day = dt.date(2000, 1, 1) + dt.timedelta(days=20 * i)
        out.append(
            {
                "date": day.isoformat(),
                "emg": emg,
                "regions": {"cervical": {"umn_signs": ["hoffmann"]}},
            }
        )
    return {"id": "p", "visits": out}


def test_a_history_past_its_study_bound_is_refused_with_the_visit_named() -> None:
    from alscriteria.history.findings import MAX_HISTORY_STUDIES

    with pytest.raises(
        InvalidHistoryError, match=rf"visits\[140\]: .* at most {MAX_HISTORY_STUDIES}"
    ):
        evaluate_history(_growing(240, 2))


def test_a_long_history_under_the_bound_is_evaluated_in_step_with_its_size() -> None:
    """Not a timing test: the pair search is counted, not timed. 100 muscles sharing a root
    set are passed over as one group, so the comparisons stay far below the square."""
    import alscriteria.anatomy.independence as independence

    calls = 0
    real = independence.roots_independent

    def counted(a: frozenset[str], b: frozenset[str], rule: Any) -> bool:
        nonlocal calls
        calls += 1
        return real(a, b, rule)

    history = _growing(50, 2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(independence, "roots_independent", counted)
        result = evaluate_history(history)
    assert len(result.visits) == 50
    studies = sum(range(2, 101, 2))  # the carried studies, visit by visit
    assert calls < 20 * studies  # a square per visit would be about 100 times that


def test_two_parses_of_one_history_are_equal() -> None:
    data = json.loads((ROOT / "examples" / "history-limb-onset.json").read_text())
    assert parse_history(data) == parse_history(data)
    assert parse_history(data) != parse_history({**data, "id": "other"})


def test_comparing_assessments_builds_no_explanation() -> None:
    """A cohort comparing results (a == b) must not pay for every explanation (issue 21)."""
    from alscriteria.assess.assessment import EXPLAINED

    case = json.loads((ROOT / "examples" / "probable.json").read_text())
    first, again = alscriteria.evaluate_all(case), alscriteria.evaluate_all(case)
    other = alscriteria.evaluate_all({**case, "progression": None})
    for cid in first:
        assert first[cid] == again[cid]
        assert first[cid] != other[cid]
        for a in (first[cid], again[cid], other[cid]):
            assert not set(EXPLAINED) & set(a.__dict__), "an explanation was built"
    # equal inputs but a plan asked of one only: decided by what they would serialise
    planned = alscriteria.evaluate(case, "awaji", plan=True)
    assert planned != first["awaji"]
    # a stored Assessment equals the one that wrote it
    stored = type(first["awaji"]).model_validate_json(first["awaji"].model_dump_json())
    assert stored == first["awaji"]


@settings(max_examples=examples(150))
@given(any_cases, any_cases, st.booleans())
def test_assessments_are_equal_exactly_when_their_json_is(
    one: dict[str, Any], two: dict[str, Any], plan: bool
) -> None:
    for left, right in (
        (evaluate_all(one, plan=plan), evaluate_all(one, plan=plan)),
        (evaluate_all(one, plan=plan), evaluate_all(two)),
    ):
        for cid in left:
            same = left[cid] == right[cid]
            assert same == (left[cid].model_dump() == right[cid].model_dump())
