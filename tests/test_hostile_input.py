"""Hostile and broken input through the library and `alscriteria evaluate` (issue 14): no
wrong category, no code run, no traceback, and messages that are bounded and inert.

The batch command's side of the same issue is in test_batch_hostile.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria import Case, InvalidCaseError, evaluate, evaluate_all, parse_case
from alscriteria.cli.app import main
from alscriteria.errors import AlsCriteriaError, UnknownCriteriaError
from reference import reference
from strategies import examples

ROOT = Path(__file__).resolve().parents[1]
DEFINITE = json.loads((ROOT / "examples" / "definite.json").read_text())


def categories(results: dict[str, alscriteria.Assessment]) -> dict[str, str]:
    return {cid: a.category.value for cid, a in results.items()}


# --- 1. a Case is valid wherever it enters the engine ----------------------------------


def test_a_case_changed_without_validation_is_validated_again() -> None:
    case = parse_case(DEFINITE)
    assert categories(evaluate_all(case)) == {
        "revised-el-escorial": "definite",
        "awaji": "definite",
        "gold-coast": "als",
    }
    # the words mean what they say: "no" and "false" are not true (never truthiness)
    changed = case.model_copy(update={"progression": "no", "other_causes_excluded": "false"})
    for assessment in evaluate_all(changed).values():
        assert assessment.category.value == "not-met" and not assessment.met
        assert assessment.prerequisites.missing == ["progression", "other_causes_excluded"]
    unknown = case.model_copy(update={"progression": "unknown"})
    assert all(not a.met for a in evaluate_all(unknown).values())
    nonsense = case.model_copy(update={"progression": "perhaps"})
    with pytest.raises(InvalidCaseError, match="progression"):
        evaluate_all(nonsense)
    built = Case.model_construct(progression=1, other_causes_excluded=True, regions={}, emg=())
    with pytest.raises(InvalidCaseError, match="progression"):
        evaluate(built)


def test_a_validated_case_is_not_validated_twice() -> None:
    case = parse_case(DEFINITE)
    assert case.checked and parse_case(case) is case
    assert not case.model_copy().checked


# --- 2. duplicate keys -------------------------------------------------------------------


def _evaluate_file(tmp_path: Path, content: bytes | str, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "case.json"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    done = subprocess.run(
        [sys.executable, "-m", "alscriteria", "evaluate", str(path), "--json", *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr


def test_duplicate_keys_are_refused_not_resolved_to_the_last(tmp_path: Path) -> None:
    text = json.dumps(DEFINITE)[:-1] + ', "regions": {"cervical": {}}}'
    code, out, err = _evaluate_file(tmp_path, text)
    assert code == 2 and out == "" and "Traceback" not in err
    assert "'regions' appears twice" in err


# --- 3. custom-muscle anatomy --------------------------------------------------------------


@pytest.mark.parametrize(
    ("study", "needle"),
    [
        (
            {"muscle": "odd_muscle", "region": "cervical", "roots": ["S1"], "nerve": "x"},
            "not roots of the cervical region",
        ),
        (
            {"muscle": "genioglossus ", "region": "bulbar", "roots": ["CN12"], "nerve": "h"},
            "is the catalogue muscle 'genioglossus'",
        ),
        (
            {"muscle": "Deltoid", "region": "cervical", "roots": ["C5"], "nerve": "axillary"},
            "is the catalogue muscle 'deltoid'",
        ),
        (
            {"muscle": "Tibialis-Anterior", "region": "lumbosacral", "roots": ["L4"], "nerve": "p"},
            "is the catalogue muscle 'tibialis_anterior'",
        ),
    ],
)
def test_custom_muscle_anatomy_must_be_consistent(study: dict[str, Any], needle: str) -> None:
    with pytest.raises(InvalidCaseError) as caught:
        parse_case({"emg": [study]})
    assert needle in caught.value.problems[0]


def test_free_text_nerves_mean_the_same_nerve_however_written() -> None:
    """Two custom limb muscles on "ulnar" and "Ulnar Nerve" are one nerve: not independent."""
    fib = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"cervical": {"umn_signs": ["hoffmann"]}},
        "emg": [
            {
                "muscle": "a_hand_muscle",
                "region": "cervical",
                "roots": ["C8"],
                "nerve": "ulnar",
                **fib,
            },
            {
                "muscle": "an_arm_muscle",
                "region": "cervical",
                "roots": ["C5"],
                "nerve": "Ulnar  Nerve",
                **fib,
            },
        ],
    }
    assert parse_case(case).emg[1].nerve == "ulnar"
    assessment = evaluate(case, "awaji")
    assert not assessment.regions[1].emg_lmn
    assert assessment.category.value == "not-met"  # UMN in one region, no LMN anywhere
    case["emg"][1]["nerve"] = "musculocutaneous"  # type: ignore[index]
    assessment = evaluate(case, "awaji")
    assert assessment.regions[1].emg_lmn and assessment.category.value == "possible"


# --- 12. unreadable files, huge numbers, deep nesting, bounded messages -----------------


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{}".encode("utf-16"), "UTF-16"),
        ('{"id": "caf\xe9"}'.encode("latin-1"), "not UTF-8"),
        (bytes(range(256)), "not UTF-8"),
        ('{"id": ' + "1" * 5000 + "}", "not usable JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"progression": NaN}', "NaN is not a JSON value"),
    ],
)
def test_unusable_files_exit_2_with_a_message(
    tmp_path: Path, content: bytes | str, needle: str
) -> None:
    code, out, err = _evaluate_file(tmp_path, content)
    assert code == 2 and out == "" and "Traceback" not in err
    assert needle in err


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    code, out, _ = _evaluate_file(tmp_path, b"\xef\xbb\xbf" + json.dumps(DEFINITE).encode())
    assert code == 0 and json.loads(out)["awaji"]["category"] == "definite"


def test_a_huge_bad_value_gives_a_short_message(tmp_path: Path) -> None:
    code, _, err = _evaluate_file(tmp_path, json.dumps({"progression": "x" * 5_000_000}))
    assert code == 2 and len(err) < 2000 and "progression" in err


def test_library_raises_only_its_documented_errors() -> None:
    with pytest.raises(UnknownCriteriaError, match="allowed"):
        evaluate({}, criteria=None)  # type: ignore[arg-type]
    only = evaluate_all(DEFINITE, criteria="awaji")  # type: ignore[arg-type]
    assert list(only) == ["awaji"]
    for bad in (42, "x", None, [1], {"emg": "deltoid"}, {"regions": {"cervical": 5}}):
        with pytest.raises(AlsCriteriaError):
            evaluate_all(bad)  # type: ignore[arg-type]


# --- 13. nothing from the input instructs the terminal ---------------------------------


def test_escape_sequences_in_keys_and_names_are_printed_inert(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    evil_key = "\x1b]0;pwned\x07\x1b[2J\x1b[32mAll findings normal"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps({"regions": {evil_key: {}}}))
    assert main(["evaluate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b" in err


# --- 8. rich markup in valid names -------------------------------------------------------


def test_markup_in_a_custom_muscle_name_is_shown_as_written(tmp_path: Path) -> None:
    fib = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"bulbar": {"umn_signs": ["jaw_jerk"]}},
        "emg": [
            {
                "muscle": "x[/bold]",
                "region": "bulbar",
                "roots": ["CN12"],
                "nerve": "hypoglossal",
                **fib,
            },
            {
                "muscle": "[link=http://evil.example]y",
                "region": "thoracic",
                "roots": ["T8"],
                "nerve": "t",
                **fib,
            },
        ],
    }
    path = tmp_path / "markup.json"
    path.write_text(json.dumps(case))
    done = subprocess.run(
        [sys.executable, "-m", "alscriteria", "evaluate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"NO_COLOR": "1", "COLUMNS": "200", "PATH": "/usr/bin:/bin", "TERM": "xterm"},
    )
    assert done.returncode == 0, done.stderr
    assert "x[/bold]" in done.stdout and "[link=http://evil.example]y" in done.stdout
    assert "\x1b]8;" not in done.stdout  # no hyperlink escape


# --- 15. bounded work -------------------------------------------------------------------


def test_case_size_limits_are_checked_with_a_clear_message() -> None:
    study = {
        "muscle": "deltoid",
        "fibrillation_potentials": True,
        "chronic_neurogenic_change": True,
    }
    with pytest.raises(InvalidCaseError, match="at most 500 items"):
        parse_case({"emg": [study] * 501})
    with pytest.raises(InvalidCaseError, match="at most 200 characters"):
        parse_case({"id": "x" * 201})


def test_the_plan_stays_linear_at_the_size_limit() -> None:
    """500 studies (the limit), planned: the planner works on region masks, so this is
    about as quick as a few studies (no timing asserted: the count of engine questions)."""
    from alscriteria.rules.engine import RuleEngine

    studies = [
        {"muscle": m, "side": s, "fasciculation_potentials": True}
        for m in ("deltoid", "biceps_brachii", "triceps", "first_dorsal_interosseous")
        for s in ("left", "right")
    ] * 62
    case = {"progression": True, "other_causes_excluded": True, "emg": studies[:500]}
    small = {"progression": True, "other_causes_excluded": True, "emg": studies[:8]}
    counts = []
    for c in (small, case):
        engine = RuleEngine(memo_size=0)
        results = evaluate_all(c, plan=True, engine=engine)
        [a.model_dump_json() for a in results.values()]
        counts.append(engine.engine_calls)
    assert counts[0] == counts[1]


# --- property: any bytes as a case file ---------------------------------------------------


@settings(max_examples=examples(60))
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(
                        ["regions", "emg", "id", "progression", "cervical", "muscle", "umn_signs"]
                    )
                    | st.text(max_size=8),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=20,
        ).map(lambda v: json.dumps(v).encode()),
    )
)
def test_any_bytes_as_a_case_file_exit_0_or_2_without_traceback(data: bytes) -> None:
    import contextlib
    import io
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json") as handle:
        handle.write(data)
        handle.flush()
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(["evaluate", handle.name, "--json"])
    assert code in (0, 2)
    assert "Traceback" not in err.getvalue()
    if code == 0:
        results = json.loads(out.getvalue())
        case = json.loads(data.decode("utf-8-sig"))
        want = reference(case)
        assert {cid: (r["category"], r["pattern_category"]) for cid, r in results.items()} == want
