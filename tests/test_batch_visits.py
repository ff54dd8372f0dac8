"""`alscriteria batch` with visit rows (a long CSV: one row per visit, a `date` column):
the rows of one id are one patient's history, in date order, and give the same rows as
the history in JSON Lines; a bad row makes its patient an error row that names the line;
nothing is lost (records in = out + errors, and the visit rows likewise); CSV output of
histories matches its published schema."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria.cohort.csv_layout import COLUMNS, case_to_row
from alscriteria.cohort.function_columns import FUNCTION_COLUMNS, function_cells
from alscriteria.cohort.histories import CSV_REFUSED
from alscriteria.cohort.history_csv import history_csv_columns
from alscriteria.cohort.schema import error_row_schema, row_schema
from alscriteria.function.record import FUNCTION_KEYS
from cli_helpers import run_in_process
from strategies import examples
from strategies.histories import patient_histories

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CRITERIA_IDS = ("revised-el-escorial", "awaji", "gold-coast")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run_in_process(capsys, *argv, width=100)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def errors_of(out: Path) -> list[dict[str, Any]]:
    """The errors file's rows: the file is there only when there is a bad record."""
    path = Path(f"{out}.errors.jsonl")
    if not path.exists():
        return []
    rows = read_jsonl(path)
    assert rows, "an empty errors file was left behind"
    return rows


def histories() -> list[dict[str, Any]]:
    return read_jsonl(EXAMPLES / "histories.jsonl")


def visit_rows(history: dict[str, Any], onset_on: str = "first") -> list[dict[str, str]]:
    """A history as visit rows (every case column), the onset on the first row or on all."""
    rows = []
    for i, visit in enumerate(history["visits"]):
        case = {k: v for k, v in visit.items() if k != "date" and k not in FUNCTION_KEYS}
        row = case_to_row({**case, "id": history.get("id")})
        row.update(function_cells(visit))
        row["date"] = visit["date"]
        given = onset_on == "all" or i == 0
        row["onset"] = (history.get("onset") or "") if given else ""
        rows.append(row)
    return rows


def write_visits(path: Path, rows: list[dict[str, str]], extra: tuple[str, ...] = ()) -> None:
    columns = ["id", "date", "onset", *extra, *(c for c in COLUMNS if c != "id")]
    columns += FUNCTION_COLUMNS
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def without_line(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "line"} for row in rows]


def summary_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


# --- the example: the same three patients as examples/histories.jsonl ---------------------


def test_the_example_visits_file_gives_the_rows_of_the_json_lines_histories(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for fmt in ("jsonl", "csv"):
        from_csv, from_json = tmp_path / f"v.{fmt}", tmp_path / f"h.{fmt}"
        assert run(capsys, "batch", str(EXAMPLES / "visits.csv"), "-o", str(from_csv))[0] == 0
        assert run(capsys, "batch", str(EXAMPLES / "histories.jsonl"), "-o", str(from_json))[0] == 0
        reader = read_jsonl if fmt == "jsonl" else read_csv
        got, expected = reader(from_csv), reader(from_json)
        assert without_line(got) == without_line(expected)
        assert [r["line"] for r in got] in ([2, 5, 8], ["2", "5", "8"])  # each first row
    rows = read_csv(tmp_path / "v.csv")
    limb = rows[0]
    assert (limb["id"], limb["kind"], limb["visits"]) == ("H-limb-onset", "history", "3")
    assert (limb["gold-coast.first_met_visit"], limb["gold-coast.days_from_first_visit"]) == (
        "2",
        "182",
    )
    assert limb["revised-el-escorial.days_from_onset"] == "378"
    benign = rows[1]
    assert benign["gold-coast.first_met_visit"] == "" and benign["gold-coast.met"] == "false"


def test_the_example_visits_file_holds_the_example_histories() -> None:
    rows = read_csv(EXAMPLES / "visits.csv")
    assert [r["id"] for r in rows] == [h["id"] for h in histories() for _ in h["visits"]]
    assert [r["date"] for r in rows] == [v["date"] for h in histories() for v in h["visits"]]


# --- equality with JSON Lines histories, for any histories -------------------------------


@settings(max_examples=examples(12))
@given(data=st.data(), count=st.integers(1, 4), seed=st.integers(0, 1000))
def test_visit_rows_give_the_rows_of_the_same_histories_in_json_lines(
    data: st.DataObject, count: int, seed: int, tmp_path_factory: Any
) -> None:
    tmp_path = tmp_path_factory.mktemp("v")
    people = [data.draw(patient_histories(n)) for n in range(count)]
    rng = random.Random(seed)
    rows = [row for h in people for row in visit_rows(h, rng.choice(["first", "all"]))]
    rng.shuffle(rows)  # neither by patient nor by date
    source = tmp_path / "v.csv"
    write_visits(source, rows)
    jsonl = tmp_path / "h.jsonl"
    jsonl.write_text("".join(json.dumps(h) + "\n" for h in people), encoding="utf-8")
    from alscriteria.cli.app import main

    for fmt in ("jsonl", "csv"):
        main(["batch", str(source), "-o", str(tmp_path / f"a.{fmt}")])
        main(["batch", str(jsonl), "-o", str(tmp_path / f"b.{fmt}")])
        reader = read_jsonl if fmt == "jsonl" else read_csv
        got = {r["id"]: r for r in without_line(reader(tmp_path / f"a.{fmt}"))}
        expected = {r["id"]: r for r in without_line(reader(tmp_path / f"b.{fmt}"))}
        assert got == expected
        assert len(got) == count
        # the output order is that of each patient's first row
        first_rows = list(dict.fromkeys(r["id"] for r in rows))
        assert [r["id"] for r in reader(tmp_path / f"a.{fmt}")] == first_rows


# --- bad rows, named by line; nothing lost ------------------------------------------------


def limb_onset_rows() -> list[dict[str, str]]:
    return visit_rows(histories()[0])


def test_a_bad_visit_row_makes_its_patient_an_error_naming_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = visit_rows(histories()[2])  # lines 2-4
    unknown_sign = limb_onset_rows()  # lines 5-7: the second visit has a misspelt sign
    unknown_sign[1]["cervical_umn"] = "hofman"
    bad_date = [{**r, "id": "D"} for r in limb_onset_rows()]  # lines 8-10
    bad_date[2]["date"] = "14/10/2024"
    twice = [{**r, "id": "T"} for r in limb_onset_rows()]  # lines 11-13
    twice[2]["date"] = twice[0]["date"]
    onsets = [
        {**r, "id": "O", "onset": d}
        for r, d in zip(limb_onset_rows(), ["2023-10-02", "", "2023-09-01"], strict=True)
    ]  # 14-16
    no_id = [{**limb_onset_rows()[0], "id": ""}]  # line 17
    no_date = [{**r, "id": "N"} for r in limb_onset_rows()[:1]]  # line 18
    no_date[0]["date"] = ""
    source = tmp_path / "v.csv"
    write_visits(source, good + unknown_sign + bad_date + twice + onsets + no_id + no_date)
    out, summary = tmp_path / "o.csv", tmp_path / "s.json"
    code, _, err = run(capsys, "batch", str(source), "-o", str(out), "--summary", str(summary))
    assert code == 1
    assert [r["id"] for r in read_csv(out)] == ["H-pure-lmn"]
    errors = {e["line"]: e for e in errors_of(out)}
    assert list(errors) == [5, 8, 11, 14, 17, 18]
    assert errors[5]["id"] == "H-limb-onset"
    assert errors[5]["errors"][0].startswith("line 6: column cervical_umn: ")
    assert "'14/10/2024' is not a date; write it YYYY-MM-DD" in errors[8]["errors"][0]
    assert errors[8]["errors"][0].startswith("line 10: column date")
    assert errors[11]["errors"] == [
        "lines 11, 13: patient 'T' has 2 rows dated 2024-01-15; one examination is one visit "
        "(merge their findings into one row)"
    ]
    assert "2023-10-02 (line 14); 2023-09-01 (line 16)" in errors[14]["errors"][0]
    assert errors[17]["id"] is None and "column id is empty" in errors[17]["errors"][0]
    assert errors[18]["errors"][0].startswith("line 18: column date is empty")
    assert "line 6: column cervical_umn" in err
    data = summary_of(summary)
    assert data["records"]["in"] == data["records"]["out"] + data["records"]["errors"] == 7
    assert data["rows"] == {"in": 17, "out": 3, "errors": 14, "balance": "in = out + errors"}


def test_a_visit_found_by_the_findings_of_another_row_is_named_by_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = limb_onset_rows()
    rows[0]["onset"] = "2024-03-01"  # after the first visit
    source = tmp_path / "v.csv"
    write_visits(source, list(reversed(rows)))  # lines 2-4, the first visit on line 4
    out = tmp_path / "o.jsonl"
    assert run(capsys, "batch", str(source), "-o", str(out))[0] == 2
    (error,) = errors_of(out)
    assert error["line"] == 2
    assert "is after the first visit (line 4, 2024-01-15)" in error["errors"][0]


def test_a_row_that_is_not_text_is_tied_to_its_patient_when_its_id_can_be_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "v.csv"
    write_visits(source, limb_onset_rows() + visit_rows(histories()[2]))
    lines = source.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"hoffmann", b"hoffm\xe4nn")  # limb onset, second visit
    lines[5] = b"\xff" + lines[5]  # pure LMN, second visit: its id is unreadable
    source.write_bytes(b"\n".join(lines))
    out, summary = tmp_path / "o.jsonl", tmp_path / "s.json"
    assert run(capsys, "batch", str(source), "-o", str(out), "--summary", str(summary))[0] == 1
    errors = errors_of(out)
    assert [(e["line"], e["id"]) for e in errors] == [(2, "H-limb-onset"), (6, None)]
    assert errors[0]["errors"][0].startswith("line 3: ")
    assert "not part of any patient's history" in errors[1]["errors"][-1]
    # the pure LMN patient is evaluated with two visits: its third row could not be tied
    assert [(r["id"], r["visits"]) for r in read_jsonl(out)] == [("H-pure-lmn", 2)]
    data = summary_of(summary)
    assert data["records"] == {**data["records"], "in": 3, "out": 1, "errors": 2}
    assert data["rows"]["in"] == 6


def test_an_id_holding_the_replacement_character_is_a_patient(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """U+FFFD written as UTF-8 is a character a registry export may hold: only bytes that
    are not UTF-8 make an id unreadable (issue 20, item 12)."""
    source = tmp_path / "v.csv"
    history = histories()[0]
    rows = [{**r, "id": "P\ufffd-7"} for r in visit_rows(history)]
    write_visits(source, rows)
    out = tmp_path / "o.jsonl"
    assert run(capsys, "batch", str(source), "-o", str(out))[0] == 0
    [row] = read_jsonl(out)
    assert row["id"] == "P\ufffd-7" and row["visits"] == len(history["visits"])


# --- order, workers, kept columns -------------------------------------------------------


def test_jobs_2_gives_the_rows_of_jobs_1_in_the_order_of_first_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rng = random.Random(3)
    rows = []
    for n in range(40):
        history = histories()[n % 3]
        rows += [{**r, "id": f"{history['id']}-{n}"} for r in visit_rows(history)]
    rng.shuffle(rows)
    source = tmp_path / "v.csv"
    write_visits(source, rows)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert run(capsys, "batch", str(source), "-o", str(one))[0] == 0
    assert run(capsys, "batch", str(source), "-o", str(two), "--jobs", "2")[0] == 0
    assert one.read_bytes() == two.read_bytes()
    assert [r["id"] for r in read_csv(one)] == list(dict.fromkeys(r["id"] for r in rows))


def test_kept_columns_come_from_the_latest_visit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = [
        {**r, "visit_no": str(i + 1), "site": "Site A"} for i, r in enumerate(limb_onset_rows())
    ]
    rows.insert(0, rows.pop())  # the latest visit first in the file
    rows[1]["cervical_umn"] = "hofman"
    bad = [{**r, "id": "B"} for r in rows]
    source = tmp_path / "v.csv"
    write_visits(
        source, [{**r, "cervical_umn": "hoffmann"} for r in rows] + bad, extra=("visit_no", "site")
    )
    out = tmp_path / "o.csv"
    assert (
        run(capsys, "batch", str(source), "-o", str(out), "--keep-columns", "visit_no,site")[0] == 1
    )
    (row,) = read_csv(out)
    assert list(row)[:3] == ["visit_no", "site", "line"]
    assert (row["visit_no"], row["site"], row["line"]) == ("3", "Site A", "2")
    (error,) = errors_of(out)
    assert (error["visit_no"], error["site"], error["line"]) == ("3", "Site A", 5)


def test_keep_columns_all_keeps_what_no_one_reads_and_onset_cannot_be_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "v.csv"
    write_visits(source, [{**r, "site": "S"} for r in limb_onset_rows()], extra=("site",))
    out = tmp_path / "o.jsonl"
    assert run(capsys, "batch", str(source), "-o", str(out), "--keep-columns", "all")[0] == 0
    (row,) = read_jsonl(out)
    assert row["site"] == "S" and row["visits"] == 3 and "date" not in row
    code, _, err = run(capsys, "batch", str(source), "-o", str(out), "--keep-columns", "onset")
    assert code == 2 and "read as the onset" in err


def test_a_date_column_named_in_keep_columns_stays_one_row_per_patient(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "v.csv"
    rows = [
        {k: v for k, v in r.items() if k != "onset" and k not in FUNCTION_COLUMNS}
        for r in limb_onset_rows()
    ]
    columns = ["id", "date", *(c for c in COLUMNS if c != "id")]
    with source.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "o.csv"
    assert run(capsys, "batch", str(source), "-o", str(out), "--keep-columns", "date")[0] == 0
    got = read_csv(out)
    assert len(got) == 3 and "kind" not in got[0] and got[0]["date"] == "2024-01-15"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("date,cervical_umn", "add an 'id' column"),
        ("id,onset,cervical_umn", "add a 'date' column"),
    ],
)
def test_a_header_of_visit_rows_needs_an_id_and_onset_needs_a_date(
    header: str, message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "v.csv"
    source.write_text(header + "\n2024-01-01,none\n", encoding="utf-8")
    code, _, err = run(capsys, "batch", str(source), "-o", str(tmp_path / "o.csv"))
    assert code == 2 and message in err


# --- CSV output of histories: its schema, and cases beside histories ----------------------


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_csv_rows_of_histories_and_of_cases_beside_them_match_the_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cases_ = (EXAMPLES / "cohort.jsonl").read_text("utf-8").splitlines()
    lines = (
        [json.dumps(h) for h in histories()]
        + cases_
        + [json.dumps({**histories()[0], "id": "=cmd"})]
    )
    source = tmp_path / "mixed.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert run(capsys, "batch", str(source), "-o", str(out), "--keep-columns", "age")[0] == 0
    header = next(csv.reader(io.StringIO(out.read_text("utf-8"))))
    assert header == ["age", *history_csv_columns(CRITERIA_IDS)]
    schema = row_schema("csv", histories=True)
    assert list(schema["properties"]) == header[1:]
    rows = validator(schema)
    got = read_csv(out)
    for row in got:
        rows.validate(row)
    assert [r["kind"] for r in got] == ["history"] * 3 + ["case"] * len(cases_) + ["history"]
    assert got[-1]["id"] == "'=cmd"  # formula-safe, as in case rows
    case_row = got[3]
    assert case_row["visits"] == case_row["awaji.first_met_visit"] == ""
    assert case_row["awaji.category"] == read_jsonl(EXAMPLES / "cohort.jsonl")[0].get(
        "awaji", case_row["awaji.category"]
    )
    # a history row may not leave its history cells empty, nor a case fill them
    assert not rows.is_valid({**got[0], "visits": ""})
    assert not rows.is_valid({**case_row, "first_visit": "2024-01-01"})
    assert not rows.is_valid({**got[0], "gold-coast.days_from_onset": "-3"})
    for error in errors_of(out):
        validator(error_row_schema()).validate(error)


def test_the_visit_rows_csv_output_matches_the_published_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from alscriteria.cohort.published import SCHEMAS

    out = tmp_path / "o.csv"
    assert run(capsys, "batch", str(EXAMPLES / "visits.csv"), "-o", str(out))[0] == 0
    schema = SCHEMAS["history-row-csv"]()
    for row in read_csv(out):
        jsonschema.validate(row, schema)


def test_a_case_first_json_lines_file_keeps_the_case_columns_and_refuses_histories(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first_case = (EXAMPLES / "cohort.jsonl").read_text("utf-8").splitlines()[0]
    source = tmp_path / "m.jsonl"
    source.write_text(f"\n{first_case}\n{json.dumps(histories()[0])}\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert run(capsys, "batch", str(source), "-o", str(out))[0] == 1
    (row,) = read_csv(out)
    assert "kind" not in row and row["line"] == "2"
    assert errors_of(out) == [{"line": 3, "id": "H-limb-onset", "errors": [CSV_REFUSED]}]


# --- rows that cannot be read whole still belong to their patient --------------------------


SMALL_HEADER = "id,date,cervical_umn,cervical_lmn,progression,other_causes_excluded\n"
date_base = dt.date(2020, 1, 1)


def small_visits(path: Path, *rows: str) -> Path:
    """A file of visit rows in the SMALL_HEADER columns, one line each."""
    path.write_text(SMALL_HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("third_row", "said"),
    [
        # the deciding third visit of P padded past 1 MiB
        (
            f"P,2024-07-10,{'hoffmann;' * 120_000}hoffmann,weakness;wasting,,yes",
            "line 4: the line is",
        ),
        # a quote opened at the id: a lenient reader takes the whole line for the id
        ('"P,2024-07-10,hoffmann,weakness;wasting,,yes', "quoted cell is not closed on line 4"),
    ],
    ids=["too-long", "quote-at-id"],
)
def test_a_visit_row_that_cannot_be_read_whole_makes_its_patient_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, third_row: str, said: str
) -> None:
    """P must not be assessed on two visits as if that were its history, nor its third row
    filed under a patient the line makes up."""
    source = small_visits(
        tmp_path / "rows.csv",
        "P,2024-01-10,hoffmann,weakness,yes,yes",
        "Q,2024-01-10,hoffmann,weakness,yes,yes",
        third_row,
    )
    out = tmp_path / "o.jsonl"
    code, _, _ = run(capsys, "batch", str(source), "-o", str(out))
    assert code == 1
    assert [r["id"] for r in read_jsonl(out)] == ["Q"]
    [error] = errors_of(out)
    assert (error["line"], error["id"]) == (2, "P")
    assert said in error["errors"][0]


def test_ids_that_differ_only_in_case_are_kept_apart_and_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = small_visits(
        tmp_path / "case.csv",
        "S-1,2024-01-10,hoffmann,weakness,yes,yes",
        "s-1,2024-07-10,hoffmann,weakness,,yes",
    )
    out, summary = tmp_path / "o.jsonl", tmp_path / "s.json"
    code, screen, _ = run(capsys, "batch", str(source), "-o", str(out), "--summary", str(summary))
    assert code == 0
    assert [r["id"] for r in read_jsonl(out)] == ["S-1", "s-1"]
    assert "'S-1' (line 2), 's-1' (line 3)" in screen
    assert json.loads(summary.read_text("utf-8"))["id_lookalikes"] == [
        "ids that differ only in case or spacing: 'S-1' (line 2), 's-1' (line 3); one patient?"
    ]


def test_a_visit_date_column_by_another_name_is_told_to_be_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "vd.csv"
    source.write_text("id,Visit Date,cervical_umn\nA,2024-01-10,hoffmann\n", encoding="utf-8")
    code, _, err = run(capsys, "batch", str(source), "-o", str(tmp_path / "o.jsonl"))
    assert code == 2
    assert "if it is the date of each row's visit" in err and "name the column 'date'" in err


def test_more_visit_rows_than_a_history_holds_are_named_by_their_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = small_visits(
        tmp_path / "many.csv",
        *(
            f"M,{(date_base + dt.timedelta(days=i)).isoformat()},hoffmann,weakness,,yes"
            for i in range(241)
        ),
    )
    out = tmp_path / "o.jsonl"
    code, _, _ = run(capsys, "batch", str(source), "-o", str(out))
    assert code == 2
    [error] = errors_of(out)
    assert error["errors"] == [
        "lines 2 to 242: patient 'M' has 241 visit rows; a history holds at most 240 visits"
    ]


def test_one_id_on_several_rows_of_one_row_per_patient_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Visits kept under a column of one's own are assessed each as a patient: said, so the
    user can give a date column instead."""
    source = tmp_path / "rows.csv"
    source.write_text(
        "id,visit_date,cervical_umn,cervical_lmn\n"
        "A,2024-01-10,hoffmann,weakness\nB,2024-01-10,none,none\nA,2024-07-10,hoffmann,wasting\n",
        encoding="utf-8",
    )
    out, summary = tmp_path / "o.jsonl", tmp_path / "s.json"
    code, screen, _ = run(
        capsys,
        "batch",
        str(source),
        "-o",
        str(out),
        "--keep-columns",
        "visit_date",
        "--summary",
        str(summary),
    )
    assert code == 0 and len(read_jsonl(out)) == 3
    assert "one id on several records" in screen and "id 'A' is on lines 2, 4" in screen
    assert json.loads(summary.read_text("utf-8"))["repeated_ids"] == ["id 'A' is on lines 2, 4"]


def test_every_problem_of_a_patient_is_named_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = small_visits(
        tmp_path / "both.csv",
        "C,2024-01-01,hofman,weakness,yes,yes",
        "C,2024-01-01,hoffmann,weakness,yes,yes",
        "C,2024-13-01,babinski,,,",
    )
    out = tmp_path / "o.jsonl"
    code, _, _ = run(capsys, "batch", str(source), "-o", str(out))
    assert code == 2
    [error] = errors_of(out)
    joined = " | ".join(error["errors"])
    assert "line 4: column date: '2024-13-01'" in joined
    assert "lines 2, 3: patient 'C' has 2 rows dated 2024-01-01" in joined
    assert "line 2: column cervical_umn: 'hofman' is not a UMN sign" in joined


def test_a_patient_of_thousands_of_bad_rows_gets_a_bounded_error_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = small_visits(
        tmp_path / "huge.csv",
        *(f"Z,2024-01-{1 + i % 28:02d},hoffmann,weakness,,yes" for i in range(3000)),
    )
    out = tmp_path / "o.jsonl"
    code, _, _ = run(capsys, "batch", str(source), "-o", str(out))
    assert code == 2
    [error] = errors_of(out)
    assert len(error["errors"]) == 21 and error["errors"][-1].endswith(
        "more problems in this patient's rows"
    )
    assert all(len(e) < 400 for e in error["errors"])
