"""`alscriteria batch` with patient histories: one row per patient, each criteria set's
first visit met and delay, the cohort's share met at the first visit and median time to
met, and no record lost (in = out + errors)."""

from __future__ import annotations

import csv
import json
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria import evaluate_history
from alscriteria.cohort.histories import median
from cli_helpers import run_in_process
from strategies import examples

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CRITERIA_IDS = ("revised-el-escorial", "awaji", "gold-coast")


def histories() -> list[dict[str, Any]]:
    lines = (EXAMPLES / "histories.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run_in_process(capsys, *argv, width=100)


def test_the_example_histories_file_holds_the_three_examples() -> None:
    names = ("limb-onset", "benign-fasciculations", "pure-lmn")
    files = [json.loads((EXAMPLES / f"history-{n}.json").read_text("utf-8")) for n in names]
    assert histories() == files


def test_histories_and_cases_together(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = (EXAMPLES / "cohort.jsonl").read_text("utf-8").splitlines()[:2]
    bad = {"id": "bad", "visits": [{"date": "2024-05-01"}, {"date": "2024-01-01"}]}
    lines = [json.dumps(h) for h in histories()] + cases + [json.dumps(bad)]
    source = tmp_path / "mixed.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = tmp_path / "summary.json"
    code, _, err = run(capsys, "batch", str(source), "-o", str(out), "--summary", str(summary))
    assert code == 1
    rows = read_jsonl(out)
    errors = read_jsonl(Path(str(out) + ".errors.jsonl"))
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5]
    assert [e["line"] for e in errors] == [6]
    assert "visits[1] (2024-01-01) is dated before visits[0] (2024-05-01)" in errors[0]["errors"][0]
    assert "line 6: visits[1]" in err
    for row, data in zip(rows[:3], histories(), strict=True):
        result = evaluate_history(data, plan=False)
        assert row["kind"] == "history" and row["id"] == data["id"]
        for cid in CRITERIA_IDS:
            course = result.course[cid]
            assert row[cid]["first_met_visit"] == course.first_met_visit
            assert row[cid]["days_from_onset"] == course.days_from_onset
            assert row[cid]["days_from_first_visit"] == course.days_from_first_visit
            assert row[cid]["category"] == result.visits[-1].results[cid].category.value
    assert "kind" not in rows[3]  # a case row is unchanged
    data = json.loads(summary.read_text("utf-8"))
    assert data["records"] == {
        "in": 6,
        "out": 5,
        "errors": 1,
        "balance": "in = out + errors",
        "balanced": True,
    }
    found = data["histories"]
    assert (found["count"], found["with_onset"]) == (3, 3)
    gold = found["criteria"]["gold-coast"]
    # limb onset met at 182 days, pure LMN at 189 days; benign never
    assert (gold["met_at_first_visit"], gold["met_at_any_visit"]) == (0, 2)
    assert gold["median_days_first_visit_to_met"] == (182 + 189) / 2
    assert gold["share_met_at_last_visit"] == round(2 / 3, 4)
    eec = found["criteria"]["revised-el-escorial"]
    assert (eec["median_days_first_visit_to_met"], eec["median_days_onset_to_met"]) == (273, 378)


def test_a_cohort_of_cases_has_no_histories_section(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    summary = tmp_path / "s.json"
    out = tmp_path / "o.jsonl"
    code, screen, _ = run(
        capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(out), "--summary", str(summary)
    )
    assert code == 0
    assert "histories" not in json.loads(summary.read_text("utf-8"))
    assert "Patient histories" not in screen


def test_the_summary_table_reports_histories(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "o.jsonl"
    code, screen, _ = run(capsys, "batch", str(EXAMPLES / "histories.jsonl"), "-o", str(out))
    assert code == 0
    assert "Patient histories: 3 (3 with onset)" in screen
    gold = next(line for line in screen.splitlines() if "Gold Coast" in line and "n=" in line)
    assert "0 (0.0%)" in gold and "2 (66.7%)" in gold and "(n=2)" in gold


def test_csv_output_of_histories_has_the_history_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "o.csv"
    code, _, _ = run(capsys, "batch", str(EXAMPLES / "histories.jsonl"), "-o", str(out))
    assert code == 0
    rows = list(csv.DictReader(out.read_text("utf-8").splitlines()))
    assert [(r["line"], r["kind"], r["visits"]) for r in rows] == [
        ("1", "history", "3"),
        ("2", "history", "3"),
        ("3", "history", "3"),
    ]
    assert not Path(str(out) + ".errors.jsonl").exists()  # no bad record, no errors file


def test_full_and_plan_keep_the_whole_history(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "o.jsonl"
    code, _, _ = run(
        capsys, "batch", str(EXAMPLES / "histories.jsonl"), "-o", str(out), "--full", "--plan"
    )
    assert code == 0
    first = read_jsonl(out)[0]
    expected = evaluate_history(histories()[0], plan=True)
    assert first["history"] == expected.model_dump(mode="json")
    assert first["next_visit"]["reason"] == "repeat_emg"


def test_workers_give_the_same_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    source = str(EXAMPLES / "histories.jsonl")
    assert run(capsys, "batch", source, "-o", str(one))[0] == 0
    assert run(capsys, "batch", source, "-o", str(two), "--jobs", "2")[0] == 0
    assert one.read_bytes() == two.read_bytes()


#: Ways a history record goes wrong, each a bad record of its own.
BROKEN = (
    lambda h: {**h, "visits": list(reversed(h["visits"]))},
    lambda h: {**h, "visits": []},
    lambda h: {**h, "onset": "2030-01-01"},
    lambda h: {**h, "visits": [{**h["visits"][0], "date": "yesterday"}]},
    lambda h: {**h, "visits": [{**h["visits"][0], "regions": {"neck": {}}}]},
    lambda h: {**h, "visit": h["visits"]},
)


@settings(max_examples=examples(15))
@given(
    picks=st.lists(
        st.tuples(st.integers(0, 2), st.one_of(st.none(), st.integers(0, len(BROKEN) - 1))),
        min_size=1,
        max_size=12,
    ),
    not_json=st.lists(st.booleans(), max_size=12),
)
def test_every_history_record_is_a_row_or_an_error(
    picks: list[tuple[int, int | None]], not_json: list[bool], tmp_path_factory: Any
) -> None:
    tmp_path = tmp_path_factory.mktemp("h")
    known = histories()
    lines = []
    for i, (which, broken) in enumerate(picks):
        record = known[which] if broken is None else BROKEN[broken](known[which])
        text = json.dumps(record)
        if i < len(not_json) and not_json[i]:
            text = text[:-1]  # cut off: not JSON
        lines.append(text)
    source = tmp_path / "h.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    summary = tmp_path / "s.json"
    from alscriteria.cli.app import main

    main(["batch", str(source), "-o", str(out), "--summary", str(summary)])
    rows = read_jsonl(out)
    path = Path(str(out) + ".errors.jsonl")
    errors = read_jsonl(path) if path.exists() else []
    assert path.exists() == bool(errors)  # no empty errors file
    assert sorted([r["line"] for r in rows] + [e["line"] for e in errors]) == list(
        range(1, len(lines) + 1)
    )
    counts = json.loads(summary.read_text("utf-8"))["records"]
    assert counts["in"] == counts["out"] + counts["errors"] == len(lines)
    assert counts["out"] == len(rows)
    if rows:
        assert json.loads(summary.read_text("utf-8"))["histories"]["count"] == len(rows)


@given(st.lists(st.integers(0, 2000), max_size=40))
def test_median_of_counted_values_is_the_median(values: list[int]) -> None:
    expected = statistics.median(values) if values else None
    assert median(Counter(values)) == expected
