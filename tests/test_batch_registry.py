"""`alscriteria batch` with a registry's data as it is: its own columns kept (`--keep-columns`),
rows to standard output (`-o -`), files that are not UTF-8, and the schema of a row.

Each test is one thing a registry does with `batch`; most run in-process, and the ones about
pipes and standard output run the real command, because that is what a shell gives it.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from alscriteria.assess.evaluate import evaluate_all
from alscriteria.cli.app import main
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.lines import utf16_problem
from alscriteria.cohort.rows import csv_header, result_row
from alscriteria.cohort.schema import error_row_schema, row_schema
from alscriteria.errors import InvalidCaseError
from cli_helpers import run_in_process
from strategies import any_cases, examples

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in (EXAMPLES / "cohort.jsonl").read_text().splitlines()
]
CSV_LINES = (EXAMPLES / "cohort.csv").read_text().splitlines()
HEADER = next(csv.reader([CSV_LINES[0]]))
ROWS = [next(csv.reader([line])) for line in CSV_LINES[1:]]
COMMAND = [sys.executable, "-m", "alscriteria"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run_in_process(capsys, *argv, width=100)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


#: Registry cells chosen to be easy to damage: a negative number, a formula, spaces, a
#: comma, quotes, a non-Latin name, an empty cell.
AWKWARD = ["-0.5", "=1+1", "  spaced  ", "a,b", 'say "hi"', "Łódź 北京", "", "+44", "@x", "007"]


def registry_csv(path: Path) -> list[tuple[str, str, str]]:
    """The example cohort with three columns of a registry's own around the case columns."""
    header = ["Age at onset", *HEADER[:2], "site", *HEADER[2:], "Visit Date"]
    rows, kept = [], []
    for i, row in enumerate(ROWS):
        values = (str(50 + i), AWKWARD[i % len(AWKWARD)], f"2024-01-{i + 1:02d}")
        rows.append([values[0], *row[:2], values[1], *row[2:], values[2]])
        kept.append(values)
    path.write_text(csv_text(header, rows), encoding="utf-8")
    return kept


RESULT_KEYS = ["line", "id", "revised-el-escorial", "awaji", "gold-coast", "warnings", "readings"]


def without(row: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}


# --- unknown columns are still refused by default ----------------------------------------


def test_an_unknown_column_refuses_the_file_naming_it_and_the_way_to_keep_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    registry_csv(path)
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "batch", str(path), "-o", str(out))
    assert code == 2
    assert "unknown column 'age_at_onset'" in err and "unknown column 'site'" in err
    assert "allowed columns: id, progression" in err
    assert "--keep-columns age_at_onset,site,visit_date" in err
    assert not out.exists() and not Path(f"{out}.errors.jsonl").exists()


def test_the_header_message_is_bounded_however_many_columns_are_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(",".join(["id", *(f"extra{n}" for n in range(500))]) + "\nA" + "," * 500)
    code, _, err = run(capsys, "batch", str(path), "-o", str(tmp_path / "o.jsonl"))
    assert code == 2
    assert "'extra9'" in err and "'extra10'" not in err
    assert "and 490 more unknown columns" in err
    assert len(err) < 2500


# --- --keep-columns with CSV input -------------------------------------------------------


@pytest.mark.parametrize(
    "keep",
    [
        ["--keep-columns", "site,age at onset,VISIT_DATE"],  # any order, case, spaces
        ["--keep-columns", "visit date", "--keep-columns", "site, Age at onset"],  # repeated
        ["--keep-columns", "all"],
    ],
)
def test_kept_csv_columns_are_copied_unchanged_first_and_in_input_order(
    keep: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    kept = registry_csv(path)
    out = tmp_path / "out.csv"
    assert run(capsys, "batch", str(path), "-o", str(out), *keep)[0] == 0
    header = next(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert header[:4] == ["Age at onset", "site", "Visit Date", "line"]
    rows = read_csv(out)
    assert [(r["Age at onset"], r["site"], r["Visit Date"]) for r in rows] == kept
    # the results are those of the same patients without the extra columns
    plain = tmp_path / "plain.csv"
    assert run(capsys, "batch", str(EXAMPLES / "cohort.csv"), "-o", str(plain))[0] == 0
    assert [without(r, ["Age at onset", "site", "Visit Date"]) for r in rows] == read_csv(plain)


def test_kept_csv_columns_go_into_json_lines_rows_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    kept = registry_csv(path)
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out), "--keep-columns", "all")[0] == 0
    rows = read_jsonl(out)
    assert [list(r)[:4] for r in rows] == [["Age at onset", "site", "Visit Date", "line"]] * 10
    assert [(r["Age at onset"], r["site"], r["Visit Date"]) for r in rows] == kept


def test_keep_all_still_refuses_a_misspelt_case_column_unless_it_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,progresion,site\nA,yes,limb\n")
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "batch", str(path), "-o", str(out), "--keep-columns", "all")
    assert code == 2
    assert "unknown column 'progresion'; did you mean 'progression'?" in err
    assert "--keep-columns all,progresion" in err
    code, _, err = run(
        capsys, "batch", str(path), "-o", str(out), "--keep-columns", "all,progresion"
    )
    assert code == 0, err
    row = read_jsonl(out)[0]
    assert (row["progresion"], row["site"]) == ("yes", "limb")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--keep-columns", "agee"], "'agee' is not in the CSV header (did you mean 'Age'?)"),
        (["--keep-columns", "Age,"], "an empty column name"),
        (["--keep-columns", "Age,emg"], "'emg' is a case column"),
        (["--keep-columns", "Age,warnings"], "'warnings' is also the name of a result column"),
        (["--keep-columns", "all"], "'warnings' is also the name of a result column"),
    ],
)
def test_keep_columns_that_cannot_be_honoured_refuse_the_run(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Age,id,warnings\n50,A,x\n")
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "batch", str(path), "-o", str(out), *argv)
    assert code == 2
    assert message in err
    assert not out.exists()


def test_a_kept_name_is_checked_against_the_result_columns_of_the_output_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,awaji.category,line\nA,x,1\n")
    args = ["batch", str(path), "--keep-columns", "awaji.category,line"]
    code, _, err = run(capsys, *args, "-o", str(tmp_path / "o.csv"))
    assert code == 2 and "'awaji.category', 'line' are also the name" in err
    # in JSON Lines rows the results are objects: awaji.category is free, line is not
    code, _, err = run(capsys, *args, "-o", str(tmp_path / "o.jsonl"))
    assert code == 2 and "'line' is also the name" in err
    path.write_text("id,awaji.category\nA,x\n")
    assert run(capsys, *args[:-1], "awaji.category", "-o", str(tmp_path / "o.jsonl"))[0] == 0
    assert read_jsonl(tmp_path / "o.jsonl")[0]["awaji.category"] == "x"


def test_error_rows_carry_the_kept_cells_when_the_row_could_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("site,id,progression\nlimb,A,maybe\nbulbar,B\nspinal,C,yes\n")
    out = tmp_path / "out.csv"
    assert run(capsys, "batch", str(path), "-o", str(out), "--keep-columns", "site")[0] == 1
    errors = read_jsonl(Path(f"{out}.errors.jsonl"))
    assert list(errors[0]) == ["site", "line", "id", "errors"]
    assert (errors[0]["site"], errors[0]["line"], errors[0]["id"]) == ("limb", 2, "A")
    assert "site" not in errors[1]  # two cells for three columns: which one is the site?
    assert [(r["site"], r["id"]) for r in read_csv(out)] == [("spinal", "C")]


def test_kept_columns_do_not_change_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    registry_csv(path)
    args = ["batch", str(path), "--keep-columns", "all", "-o"]
    run(capsys, *args, str(tmp_path / "a.jsonl"), "--summary", str(tmp_path / "a.json"))
    run(
        capsys,
        "batch",
        str(EXAMPLES / "cohort.csv"),
        "-o",
        str(tmp_path / "b.jsonl"),
        "--summary",
        str(tmp_path / "b.json"),
    )
    files = ["input", "output", "errors_file"]
    first = without(json.loads((tmp_path / "a.json").read_text()), files)
    second = without(json.loads((tmp_path / "b.json").read_text()), files)
    assert first == second


@settings(max_examples=examples(40))
@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"),
            max_size=20,
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["csv", "jsonl"]),
)
def test_any_cell_text_is_kept_exactly(cells: list[str], output: str) -> None:
    """Whatever a registry's cell holds (formulas, quotes, commas, any script), it comes
    back exactly, in CSV and in JSON Lines output."""
    names = [f"own{i}" for i in range(len(cells))]
    header = [*names, *HEADER]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "in.csv"
        path.write_text(csv_text(header, [[*cells, *ROWS[1]]]), encoding="utf-8")
        out = folder / f"out.{output}"
        code = main(
            ["batch", str(path), "-o", str(out), "--keep-columns", "all"],
            console=Console(file=io.StringIO()),
        )
        assert code == 0
        row: dict[str, Any] = read_csv(out)[0] if output == "csv" else read_jsonl(out)[0]
        assert [row[n] for n in names] == cells
        assert list(row)[: len(names) + 1] == [*names, "line"]


# --- --keep-columns with JSON Lines input ------------------------------------------------


def registry_jsonl(path: Path) -> None:
    """The example cases with keys of a registry's own, in varied places and kinds."""
    lines = []
    for i, case in enumerate(CASES):
        record: dict[str, Any] = {"age": 50 + i, **case, "site": {"code": "B", "n": [1, 2.5]}}
        if i == 1:
            record["site"] = None
        if i == 2:
            del record["site"]
        if i == 3:
            record["progression"] = "maybe"
        lines.append(json.dumps(record))
    lines.append('{"age": 99, "id": "broken",')  # not JSON: nothing can be kept
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_kept_json_keys_are_taken_out_of_the_case_and_copied_as_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    registry_jsonl(path)
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "batch", str(path), "-o", str(out), "--keep-columns", "site,age")
    assert code == 1, err
    rows = read_jsonl(out)
    assert [r["line"] for r in rows] == [1, 2, 3, 5, 6, 7, 8, 9, 10]
    assert list(rows[0])[:3] == ["site", "age", "line"]  # the order named
    assert rows[0]["site"] == {"code": "B", "n": [1, 2.5]}
    assert rows[1]["site"] is None
    assert list(rows[2])[:3] == ["site", "age", "line"] and rows[2]["site"] is None  # absent
    assert [r["age"] for r in rows] == [50, 51, 52, 54, 55, 56, 57, 58, 59]
    plain = tmp_path / "plain.jsonl"
    run(capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(plain))
    expected = [r for r in read_jsonl(plain) if r["line"] != 4]
    assert [without(r, ["age", "site"]) for r in rows] == expected
    errors = read_jsonl(Path(f"{out}.errors.jsonl"))
    assert [e["line"] for e in errors] == [4, 11]
    assert (errors[0]["age"], errors[0]["site"]) == (53, {"code": "B", "n": [1, 2.5]})
    assert "progression" in errors[0]["errors"][0]
    assert "age" not in errors[1]  # not JSON: nothing could be read


def test_kept_json_values_become_csv_cells_as_json_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    registry_jsonl(path)
    out = tmp_path / "out.csv"
    run(
        capsys,
        "batch",
        str(path),
        "-o",
        str(out),
        "--keep-columns",
        "site",
        "--keep-columns",
        "age",
    )
    rows = read_csv(out)
    assert list(rows[0])[:3] == ["site", "age", "line"]  # named order: a header comes first
    assert [(r["site"], r["age"]) for r in rows[:3]] == [
        ('{"code": "B", "n": [1, 2.5]}', "50"),
        ("", "51"),
        ("", "52"),
    ]


def test_keep_all_keeps_json_keys_the_case_does_not_read_but_not_look_alikes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({**CASES[0], "age": 61, "onset": "bulbar"})
        + "\n"
        + json.dumps({**CASES[1], "progresion": True, "age": 62})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out), "--keep-columns", "all")[0] == 1
    row = read_jsonl(out)[0]
    assert (row["age"], row["onset"]) == (61, "bulbar")
    error = read_jsonl(Path(f"{out}.errors.jsonl"))[0]
    assert error["age"] == 62
    assert "unknown key 'progresion' (did you mean 'progression'?)" in error["errors"][0]
    code, _, err = run(
        capsys, "batch", str(path), "-o", str(tmp_path / "o.csv"), "--keep-columns", "all"
    )
    assert code == 2 and "needs JSON Lines output" in err


def test_without_keep_columns_a_json_key_of_ones_own_says_how_to_keep_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({**CASES[0], "age": 61, "site": "x"}) + "\n")
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out))[0] == 2
    problems = read_jsonl(Path(f"{out}.errors.jsonl"))[0]["errors"]
    assert "give --keep-columns age,site" in problems[-1]
    code, _, err = run(capsys, "batch", str(path), "-o", str(out), "--keep-columns", "regions")
    assert code == 2 and "'regions' is a case column" in err


# --- -o -: rows to standard output --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_standard_output_carries_the_rows_and_nothing_else(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    errors = tmp_path / "errors.jsonl"
    summary = tmp_path / "s.json"
    source = str(EXAMPLES / "cohort.jsonl")
    code, out, err = run(
        capsys,
        "batch",
        source,
        "-o",
        "-",
        "--output-format",
        fmt,
        "--errors",
        str(errors),
        "--summary",
        str(summary),
    )
    assert code == 0
    file = tmp_path / f"file.{fmt}"
    run(capsys, "batch", source, "-o", str(file))
    assert out == file.read_text(encoding="utf-8")  # the rows, byte for byte, nothing else
    assert "Records: 10 in = 10 out + 0 errors" in err  # the summary went to standard error
    assert not errors.exists()  # no bad record: no errors file
    assert json.loads(summary.read_text())["output"] == "-"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--errors", "-"], "--errors -: standard output is only"),
        (["--errors", "e.jsonl", "--summary", "-"], "--summary -"),
        (["--errors", "/dev/stdout"], "--errors /dev/stdout: standard output carries the"),
        (["--summary", "/dev/stdout"], "--summary /dev/stdout: standard output carries the"),
        (["--output-format", "csv", "--errors", "e.jsonl", "--full"], "--full needs JSON Lines"),
    ],
)
def test_standard_output_carries_only_the_rows(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", "-", *argv)
    assert code == 2
    assert message in err
    assert out == ""
    assert not Path("-.errors.jsonl").exists()


def test_output_format_overrides_the_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.txt"
    code, _, _ = run(
        capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(out), "--output-format", "csv"
    )
    assert code == 0
    assert out.read_text().startswith("line,id,revised-el-escorial.category")


def test_a_reader_that_stops_early_ends_the_run_quietly_with_141(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(json.dumps({**CASES[n % 10], "id": f"P-{n}"}) for n in range(3000)))
    errors, summary = tmp_path / "e.jsonl", tmp_path / "s.json"
    process = subprocess.Popen(
        [
            *COMMAND,
            "batch",
            str(path),
            "-o",
            "-",
            "--output-format",
            "jsonl",
            "--errors",
            str(errors),
            "--summary",
            str(summary),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = json.loads(process.stdout.readline())
    process.stdout.close()  # what `| head -1` does
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert first["id"] == "P-0"
    assert stderr == ""  # quiet: no traceback, no "Exception ignored"
    written = json.loads(summary.read_text())
    assert written["failure"] == "standard output was closed by the program reading it"
    assert written["records"]["balanced"] and written["records"]["in"] < 3000
    assert not errors.exists()  # no bad record among those done


def test_standard_output_appended_to_the_input_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text((EXAMPLES / "cohort.jsonl").read_text())
    before = path.read_bytes()
    with path.open("ab") as stdout:
        done = subprocess.run(
            [
                *COMMAND,
                "batch",
                str(path),
                "-o",
                "-",
                "--output-format",
                "jsonl",
                "--errors",
                str(tmp_path / "e.jsonl"),
            ],
            stdout=stdout,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert done.returncode == 2
    assert b"this is the input file" in done.stderr
    assert path.read_bytes() == before


# --- files that are not UTF-8 ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_latin1_line_is_one_bad_record_naming_the_byte(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"in.{fmt}"
    if fmt == "jsonl":
        lines = [json.dumps(c).encode() for c in CASES[:3]]
        lines[1] = lines[1].replace(b'"P-002"', b'"Jos\xe9"')
        first = 1
    else:
        lines = [line.encode() for line in CSV_LINES[:4]]
        lines[2] = lines[2].replace(b"P-002", b"Jos\xe9")
        first = 2
    path.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "batch", str(path), "-o", str(out))
    assert code == 1
    assert [r["line"] for r in read_jsonl(out)] == [first, first + 2]
    error = read_jsonl(Path(f"{out}.errors.jsonl"))
    assert [e["line"] for e in error] == [first + 1]
    assert "not UTF-8" in error[0]["errors"][0] and "0xe9" in error[0]["errors"][0]
    assert f"line {first + 1}: " in err


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_file_is_refused_as_a_whole(
    fmt: str, codec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = (EXAMPLES / f"cohort.{fmt}").read_text(encoding="utf-8")
    path = tmp_path / f"in.{fmt}"
    path.write_bytes(source.encode(codec))
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "batch", str(path), "-o", str(out))
    assert code == 2
    assert "is not UTF-8 text" in err and "save it as UTF-8" in err
    assert not out.exists() and not Path(f"{out}.errors.jsonl").exists()


@given(st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))))
def test_utf8_text_is_never_taken_for_utf16(text: str) -> None:
    assert utf16_problem(text.encode("utf-8")) is None or text.startswith("\ufeff")


@given(
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=8),
    st.sampled_from(["utf-16-le", "utf-16-be"]),
)
def test_utf16_text_without_a_mark_is_recognised(text: str, codec: str) -> None:
    assert utf16_problem(text.encode(codec)) is not None


@given(st.binary(max_size=40))
def test_random_bytes_after_a_bad_utf8_byte_stay_bad_records(data: bytes) -> None:
    """What the balance property test feeds as one bad line is never a UTF-16 file."""
    line = b"\xff" + data.replace(b"\r", b"").replace(b"\n", b"")
    assert utf16_problem(line[:14]) is None or line.startswith(b"\xff\xfe")


# --- the schema of a row -----------------------------------------------------------------


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(
    "options",
    [[], ["--full"], ["--plan"], ["--full", "--plan"], ["--criteria", "gold-coast"]],
)
def test_real_json_lines_rows_and_error_rows_match_their_schemas(
    options: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    registry_jsonl(path)
    out = tmp_path / "out.jsonl"
    code, _, err = run(
        capsys, "batch", str(path), "-o", str(out), "--keep-columns", "age,site", *options
    )
    assert code == 1, err
    criteria = [options[1]] if "--criteria" in options else None
    rows = validator(
        row_schema("jsonl", criteria, full="--full" in options, plan="--plan" in options)
    )
    for row in read_jsonl(out):
        rows.validate(row)
    errors = validator(error_row_schema())
    for row in read_jsonl(Path(f"{out}.errors.jsonl")):
        errors.validate(row)


def test_real_csv_rows_match_the_csv_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    registry_csv(path)
    out = tmp_path / "out.csv"
    assert run(capsys, "batch", str(path), "-o", str(out), "--keep-columns", "all")[0] == 0
    schema = row_schema("csv")
    header = next(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert header[3:] == list(schema["properties"])  # the documented columns, in order
    rows = validator(schema)
    for row in read_csv(out):
        rows.validate(row)


def test_the_schema_refuses_what_a_row_must_not_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    run(capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(out))
    row = read_jsonl(out)[0]
    rows = validator(row_schema())
    rows.validate(row)
    wrong_rung = {**row, "revised-el-escorial": {**row["revised-el-escorial"], "category": "als"}}
    missing = without(row, ["warnings"])
    extra = {**row, "awaji": {**row["awaji"], "score": 3}}
    for bad in (wrong_rung, missing, extra, {**row, "line": 0}):
        assert not rows.is_valid(bad)
    with pytest.raises(ValueError, match="JSON Lines"):
        row_schema("csv", full=True)
    with pytest.raises(ValueError, match="unknown criteria set"):
        row_schema("jsonl", ["el-escorial"])


@settings(max_examples=examples(60))
@given(any_cases)
def test_every_row_of_any_case_matches_the_schema(case: dict[str, Any]) -> None:
    try:
        results = evaluate_all(case)
    except InvalidCaseError:  # the strategies may draw cases the model refuses: not rows
        return
    for fmt in CohortFormat:
        text = result_row(fmt, 7, case.get("id"), results, kept=(("age", "61"),)).decode()
        if fmt is CohortFormat.CSV:
            header = csv_header(list(results), ["age"])
            data: dict[str, Any] = next(csv.DictReader(io.StringIO(header + text)))
        else:
            data = json.loads(text)
        validator(row_schema(fmt)).validate(data)


def test_keep_all_refuses_a_json_key_that_the_output_row_has_for_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({**CASES[0], "Line": 3}) + "\n" + json.dumps({**CASES[1], "age": 7}) + "\n"
    )
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out), "--keep-columns", "all")[0] == 1
    assert [(r["line"], r["age"]) for r in read_jsonl(out)] == [(2, 7)]
    error = read_jsonl(Path(f"{out}.errors.jsonl"))[0]
    assert "key 'Line'" in error["errors"][0] and "rename it" in error["errors"][0]
