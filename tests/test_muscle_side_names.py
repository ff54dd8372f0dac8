"""A side written into a muscle's name is refused at the door (criteria.md A.1; docs/case.md).

Before, a record of the muscle's own anatomy named "deltoid (left)" with side "left" was
accepted and worded "Deltoid (left) (left)" on every front end, and "deltoid (left)" with no
anatomy was refused with advice to add a region, roots and nerve, which would have led to
the same double label. The side has a field of its own, the one the plan, the body map and a
history's comparison of visits read; so the name is refused with a message naming the field
path, the `side` field and its allowed values, and the name to write instead (the catalogue
key where the rest of the name is a catalogue muscle). The same message at every door: the
library, the terminal (exit 2), the web API (422) and a batch (the bad line reported, the
rest processed).
"""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria import InvalidCaseError, parse_case
from alscriteria.anatomy.catalogue import catalogue, muscle_aliases
from alscriteria.case.studies import side_in_name
from cli_helpers import COMMAND, run_in_process
from strategies import examples

ANATOMY = {"region": "cervical", "roots": ["C5", "C6"], "nerve": "axillary"}
FIB = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}

#: Every name the catalogue accepts for a muscle, with the key it means.
NAMES = sorted(
    {(key, key) for key in catalogue()}
    | {(m.name, key) for key, m in catalogue().items()}
    | {(alias, key) for key, aliases in muscle_aliases().items() for alias in aliases}
)
#: The ways a report writes a side into a name.
SIDED = (
    "{} (left)",
    "{} (Right)",
    "{} [L]",
    "{} (R)",
    "left {}",
    "Rt {}",
    "{}, lt",
    "{}_right",
    "{} L",
    "{} (bilateral)",
)


def _problem(study: dict[str, Any]) -> str:
    with pytest.raises(InvalidCaseError) as caught:
        parse_case({"emg": [study]})
    [problem] = caught.value.problems
    return problem


@settings(max_examples=examples(300))
@given(st.sampled_from(NAMES), st.sampled_from(SIDED), st.booleans(), st.booleans())
def test_a_catalogue_name_with_a_side_is_refused_naming_the_side_field_and_the_key(
    named: tuple[str, str], form: str, anatomy: bool, side: bool
) -> None:
    name, key = named
    study = {"muscle": form.format(name), **FIB}
    study |= ANATOMY if anatomy else {}
    study |= {"side": "left"} if side else {}
    problem = _problem(study)
    assert problem.startswith(f"emg[0]: muscle {study['muscle']!r} ")
    assert "`side` (allowed: left, right)" in problem
    assert f"name the muscle {key!r}" in problem
    # with its own anatomy given, the message says the catalogue gives it
    assert ("without region, roots and nerve" in problem) is anatomy


@pytest.mark.parametrize(("name", "key"), NAMES)
def test_no_name_the_catalogue_accepts_holds_a_side(name: str, key: str) -> None:
    """The rule refuses no true name: every key, catalogue name and alias reads as before."""
    assert side_in_name(name) is None
    assert parse_case({"emg": [{"muscle": name, "side": "left"}]}).emg[0].muscle == key


@pytest.mark.parametrize(
    ("name", "instead"),
    [
        ("posterior deltoid (R)", "name the muscle 'posterior deltoid'"),
        ("T10 paraspinal, right", "name the muscle 'T10 paraspinal'"),
        ("left", "name the muscle itself"),
    ],
)
def test_a_name_of_its_own_with_a_side_is_refused_with_the_name_to_write(
    name: str, instead: str
) -> None:
    problem = _problem({"muscle": name, "side": "right", **ANATOMY})
    assert "`side` (allowed: left, right)" in problem and problem.endswith(instead)


@pytest.mark.parametrize("name", ["L5 paraspinal", "levator scapulae (own)", "rhomboid major"])
def test_a_name_of_its_own_without_a_side_word_is_kept(name: str) -> None:
    """A root or a word that begins with l or r is not a side."""
    roots = ["L5"] if name.startswith("L5") else ["C5"]
    region = "lumbosacral" if name.startswith("L5") else "cervical"
    study = {"muscle": name, "region": region, "roots": roots, "nerve": "dorsal rami"}
    assert parse_case({"emg": [study]}).emg[0].muscle == name


SIDED_CASE = {
    "id": "sided-name",
    "progression": True,
    "other_causes_excluded": True,
    "regions": {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}},
    "emg": [{"muscle": "deltoid (left)", "side": "left", **ANATOMY, **FIB}],
}
MESSAGE = (
    "emg[0]: muscle 'deltoid (left)' has a side in its name ('left'); give the side in "
    "`side` (allowed: left, right) and name the muscle 'deltoid' without region, roots and "
    "nerve (the catalogue gives them)"
)


def test_the_terminal_refuses_it_with_exit_2_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(SIDED_CASE))
    for extra in ([], ["--json"]):
        done = subprocess.run(
            [*COMMAND, "evaluate", str(path), *extra], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 2 and done.stdout == ""
        assert MESSAGE in done.stderr and "Traceback" not in done.stderr


def test_a_batch_reports_the_line_and_processes_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = {**SIDED_CASE, "id": "good", "emg": [{"muscle": "deltoid", "side": "left", **FIB}]}
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(json.dumps(c) for c in (good, SIDED_CASE, good)) + "\n")
    out = tmp_path / "out.jsonl"
    code, _, err = run_in_process(capsys, "batch", str(source), "-o", str(out))
    assert code == 1
    assert [json.loads(line)["line"] for line in out.read_text().splitlines()] == [1, 3]
    [error] = [json.loads(line) for line in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert error["line"] == 2 and error["id"] == "sided-name"
    assert any(MESSAGE in e for e in error["errors"]) and "line 2:" in err


def test_the_web_api_answers_422_with_the_message() -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from alscriteria.web.app import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as client:
        answer = client.post(
            "/api/evaluate",
            content=json.dumps(SIDED_CASE),
            headers={"content-type": "application/json"},
        )
    assert answer.status_code == 422
    assert any(MESSAGE in p for p in answer.json()["problems"])


# --- side words in the other languages EMG reports are written in (session 13) -----------

#: The ways a report in another language writes a side into a name.
SIDED_ELSEWHERE = (
    "{} dx",
    "{} (sx)",
    "{} sin",
    "{} dex.",
    "{} sn",
    "{} izq",
    "{} der.",
    "{} dcho",
    "{} izda",
    "{} derecha",
    "{} esq",
    "{} direito",
    "{} gauche",
    "{} droite",
    "{} links",
    "{} rechts",
    "{} re.",
    "{} li",
    "{} bilaterale",
    "{} beidseits",
)


@settings(max_examples=examples(200))
@given(st.sampled_from(NAMES), st.sampled_from(SIDED_ELSEWHERE), st.booleans())
def test_a_side_word_of_another_language_is_refused_too(
    named: tuple[str, str], form: str, anatomy: bool
) -> None:
    name, key = named
    study = {"muscle": form.format(name), **FIB, **(ANATOMY if anatomy else {})}
    problem = _problem(study)
    word = form.format("").strip(" ().")
    assert problem.startswith(f"emg[0]: muscle {study['muscle']!r} ")
    assert f"({word!r})" in problem or "names both sides" in problem
    assert "`side` (allowed: left, right)" in problem and f"name the muscle {key!r}" in problem


@pytest.mark.parametrize(
    "name",
    [
        "droit fémoral",  # French for rectus femoris: "droit" is not taken as a side
        "droit de l'abdomen",
        "lumbrical I",  # a Roman numeral, not a side
        "dexterity test muscle",
        "sinus muscle",
        "derotator",
        "serratus anterior",
    ],
)
def test_a_name_with_a_word_like_a_side_is_kept(name: str) -> None:
    study = {"muscle": name, **ANATOMY}
    assert parse_case({"emg": [study]}).emg[0].muscle == name


def test_the_suggested_name_is_one_the_case_accepts() -> None:
    """ "ADM" (hand or foot) is no catalogue name: without anatomy of its own the message
    names no muscle to write, only the catalogue's way; "ADM hand" is the catalogue's key;
    with anatomy of its own the rest of the name is accepted as the muscle's own."""
    bare = _problem({"muscle": "ADM R", **FIB})
    assert "name the muscle 'ADM'" not in bare
    assert "'ADM' is not a catalogue name" in bare and "`alscriteria muscles`" in bare
    hinted = _problem({"muscle": "deltoideus links", **FIB})
    assert "(did you mean 'deltoid'?)" in hinted and "name the muscle 'deltoideus'" not in hinted
    assert "name the muscle 'abductor_digiti_minimi'" in _problem({"muscle": "ADM hand R"})
    quoted = _problem({"muscle": "deltoid 'L'", **FIB})  # no stray quotes in the name offered
    assert quoted.endswith("name the muscle 'deltoid'")
    own = _problem({"muscle": "ADM R", **ANATOMY})
    assert own.endswith("name the muscle 'ADM'")
    assert parse_case({"emg": [{"muscle": "ADM", **ANATOMY}]}).emg[0].muscle == "ADM"


FOREIGN_CASE = {
    **SIDED_CASE,
    "id": "sided-dx",
    "emg": [{"muscle": "FDI dx", "side": "right", **ANATOMY, **FIB}],
}
FOREIGN_MESSAGE = (
    "emg[0]: muscle 'FDI dx' has a side in its name ('dx'); give the side in `side` "
    "(allowed: left, right) and name the muscle 'first_dorsal_interosseous' without region, "
    "roots and nerve (the catalogue gives them)"
)


def test_another_language_s_side_word_exits_2_at_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(FOREIGN_CASE))
    done = subprocess.run(
        [*COMMAND, "evaluate", str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2 and done.stdout == ""
    assert FOREIGN_MESSAGE in done.stderr and "Traceback" not in done.stderr


def test_another_language_s_side_word_is_a_batch_line_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = {**FOREIGN_CASE, "id": "good", "emg": [{"muscle": "deltoid", "side": "left", **FIB}]}
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(json.dumps(c) for c in (good, FOREIGN_CASE)) + "\n")
    out = tmp_path / "out.jsonl"
    code, _, err = run_in_process(capsys, "batch", str(source), "-o", str(out))
    assert code == 1 and [json.loads(x)["line"] for x in out.read_text().splitlines()] == [1]
    [error] = [json.loads(line) for line in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert error["line"] == 2 and any(FOREIGN_MESSAGE in e for e in error["errors"])
    assert "line 2:" in err


def test_another_language_s_side_word_is_a_422_from_the_web_api() -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from alscriteria.web.app import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as client:
        answer = client.post(
            "/api/evaluate",
            content=json.dumps(FOREIGN_CASE),
            headers={"content-type": "application/json"},
        )
    assert answer.status_code == 422
    assert any(FOREIGN_MESSAGE in p for p in answer.json()["problems"])


def test_a_suggestion_never_swaps_the_muscle_for_another() -> None:
    """The session 13 review: "serratus anterior dcho" was offered tibialis_anterior and
    "extensor carpi radialis izq" flexor_carpi_radialis; a user who takes the suggestion
    records the wrong muscle. Misspellings and shortenings are still offered."""
    from alscriteria.anatomy.catalogue import nearest_muscle
    from alscriteria.case.studies import side_problem

    for other in ("serratus anterior", "extensor carpi radialis", "tibialis posterior sx"):
        assert nearest_muscle(other) is None, other
    for typo, key in (
        ("deltiod", "deltoid"),
        ("tibialis anteror", "tibialis_anterior"),
        ("first dorsal interosseus", "first_dorsal_interosseous"),
        ("biceps brachi", "biceps_brachii"),
    ):
        assert nearest_muscle(typo) == key
    message = side_problem("serratus anterior dcho", has_anatomy=False)
    assert message is not None and "did you mean" not in message
