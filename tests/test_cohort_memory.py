"""A cohort in memory (issue 21 section 5): `assess_cohort` gives the rows `batch` writes,
for cases, histories and a registry's flat rows, without a file."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

import alscriteria
from alscriteria.cli.app import main
from alscriteria.errors import AlsCriteriaError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _batch(tmp_path: Path, name: str, *options: str) -> list[dict[str, Any]]:
    out = tmp_path / f"{name}.rows.jsonl"
    code = main(["batch", str(EXAMPLES / name), "-o", str(out), "--jobs", "1", *options])
    assert code in (0, 1)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    errors = tmp_path / f"{name}.rows.errors.jsonl"
    if errors.exists():
        rows += [json.loads(line) for line in errors.read_text().splitlines()]
    return sorted(rows, key=lambda r: r["line"])


@pytest.mark.parametrize("name", ["cohort.jsonl", "histories.jsonl"])
def test_records_in_memory_give_the_rows_batch_writes(tmp_path: Path, name: str) -> None:
    records = [json.loads(line) for line in (EXAMPLES / name).read_text().splitlines()]
    rows = list(alscriteria.assess_cohort(records))
    written = _batch(tmp_path, name)
    assert [r["line"] for r in written] == [r["line"] for r in rows]
    assert rows == written


def test_flat_registry_rows_give_the_rows_batch_writes(tmp_path: Path) -> None:
    with (EXAMPLES / "registry.csv").open(newline="") as handle:
        flat = list(csv.DictReader(handle))
    keep = ["subject_id", "site", "age_at_visit"]
    rows = list(alscriteria.assess_cohort(flat, flat=True, keep=keep))
    written = _batch(tmp_path, "registry.csv", "--keep-columns", ",".join(keep))
    # a CSV's first record is on line 2 (the header is line 1); in memory it is record 1
    assert [{**r, "line": r["line"] - 1} for r in written] == rows
    assert rows[0]["subject_id"] == flat[0]["subject_id"]


def test_a_bad_record_gives_its_error_row_and_the_rest_are_assessed() -> None:
    records = [
        json.loads((EXAMPLES / "definite.json").read_text()),
        {"id": "X", "regions": {"cervical": {"umn_signs": ["babinsky"]}}},
        "not a case",
        json.loads((EXAMPLES / "possible.json").read_text()),
    ]
    rows = list(alscriteria.assess_cohort(records, criteria="gold-coast"))
    assert [r["line"] for r in rows] == [1, 2, 3, 4]
    assert rows[0]["gold-coast"]["category"] == "als" and "awaji" not in rows[0]
    assert rows[1]["id"] == "X" and "did you mean 'babinski'" in rows[1]["errors"][0]
    assert rows[2]["errors"]
    assert rows[3]["gold-coast"]["category"] == "not-met"


def test_flat_rows_with_columns_of_ones_own_say_how_to_keep_them() -> None:
    [row] = alscriteria.assess_cohort(
        [{"id": "A", "site": "Leeds", "bulbar_umn": "jaw_jerk"}], flat=True
    )
    assert "unknown column 'site'" in row["errors"][0]
    assert any("keep=['site']" in e for e in row["errors"])
    assert not any("--keep" in e for e in row["errors"])
    with pytest.raises(AlsCriteriaError, match="names a row has for itself"):
        list(alscriteria.assess_cohort([], keep=["line"]))


def test_odd_records_give_error_rows_or_a_clear_refusal() -> None:
    definite = alscriteria.parse_case(json.loads((EXAMPLES / "definite.json").read_text()))
    rows = list(alscriteria.assess_cohort([definite, None, 5, {"id": 10**5000}]))
    assert rows[0]["id"] == "example-definite" and rows[0]["awaji"]["category"] == "definite"
    assert rows[1]["errors"] and rows[2]["errors"]
    assert rows[3]["id"] is None and "an integer of about 5,001 digits" in rows[3]["errors"][0]
    with pytest.raises(AlsCriteriaError, match="one case was given"):
        list(alscriteria.assess_cohort({"id": "x"}))  # type: ignore[arg-type]
    with pytest.raises(AlsCriteriaError, match="not one string"):
        list(alscriteria.assess_cohort([], keep="site"))
    [hint] = [e for e in rows_of({"id": "x", "site": "L"})["errors"] if "keep" in e]
    assert "keep=['site']" in hint and "--keep" not in hint


def rows_of(record: dict[str, Any]) -> dict[str, Any]:
    [row] = alscriteria.assess_cohort([record])
    return row


def test_pandas_blanks_in_flat_rows_are_blank_cells() -> None:
    nan = float("nan")
    [row] = alscriteria.assess_cohort(
        [{"id": "x", "bulbar_emg": nan, "cervical_lmn": "weakness", "thoracic_umn": None}],
        flat=True,
    )
    assert "errors" not in row and row["id"] == "x"


def test_a_huge_integer_is_refused_as_a_case_error_not_a_python_one() -> None:
    for case in ({"id": 10**5000}, {"progression": 10**5000}):
        with pytest.raises(alscriteria.InvalidCaseError):
            alscriteria.evaluate(case)


def test_an_engine_that_does_not_exist_is_refused() -> None:
    with pytest.raises(AlsCriteriaError, match="allowed: durable, python, durable-host"):
        alscriteria.RuleEngine(backend="pyhton")  # type: ignore[arg-type]


def test_a_visit_table_in_memory_gives_the_rows_batch_writes(tmp_path: Path) -> None:
    with (EXAMPLES / "visits.csv").open(newline="") as handle:
        table = list(csv.DictReader(handle))
    rows = list(alscriteria.assess_cohort(table, visits=True))
    written = _batch(tmp_path, "visits.csv")
    assert [r["id"] for r in rows] == [r["id"] for r in written]
    for mine, theirs in zip(rows, written, strict=True):
        assert {k: v for k, v in mine.items() if k != "line"} == {
            k: v for k, v in theirs.items() if k != "line"
        }
    assert rows[0]["function"]["last"]["kings_stage"] == "3"


def test_the_researchers_path_in_docs_staging_runs_with_pandas() -> None:
    """The documented pandas example, run as written: a visit table in, a DataFrame out."""
    pd = pytest.importorskip("pandas")
    text = (ROOT / "docs" / "staging.md").read_text()
    start = text.index("## A researcher's path")
    [code] = [b for b in text[start:].split("```python\n")[1:2]]
    code = code.split("```")[0].replace("examples/", str(EXAMPLES) + "/")
    namespace: dict[str, Any] = {}
    exec(compile(code, "docs/staging.md", "exec"), namespace)
    frame = namespace["rows"]
    assert isinstance(frame, pd.DataFrame) and list(frame["id"])[:1] == ["H-limb-onset"]
    assert frame.loc[0, "function.last.alsfrs_r_total"] == 34
