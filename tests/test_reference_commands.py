"""`alscriteria schema`, `muscles` and `rules`: what they print matches the library's own data."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import alscriteria
from alscriteria import assessment_schema, case_schema, evaluate_all, results_schema
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.case.readings import Readings
from alscriteria.cli.app import main
from alscriteria.criteria import CRITERIA
from cli_helpers import COMMAND, run_in_process

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run_in_process(capsys, *argv, width=200)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    return json.loads(out)


def test_schema_prints_every_published_schema_by_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from alscriteria.cohort.published import SCHEMAS

    printed = run_json(capsys, "schema")
    assert list(printed) == list(SCHEMAS)
    assert printed["case"] == case_schema()
    assert printed["assessment"] == assessment_schema()
    assert printed["results"] == results_schema()
    for name, schema in printed.items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:alscriteria:{alscriteria.__version__}:{name}"


def test_published_schemas_validate_real_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The results schema is the serialised form: every computed explanation is in it."""
    jsonschema = pytest.importorskip("jsonschema")
    case = json.loads((EXAMPLES / "definite.json").read_text(encoding="utf-8"))
    results = {k: v.model_dump(mode="json") for k, v in evaluate_all(case, plan=True).items()}
    jsonschema.validate(results, results_schema())
    jsonschema.validate(results["awaji"], assessment_schema())
    jsonschema.validate(case, case_schema())
    assert "plan" in assessment_schema()["properties"]
    code, _, _ = run(capsys, "schema", "--out-dir", str(tmp_path / "s"))
    assert code == 0
    from alscriteria.cohort.published import SCHEMAS

    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(
        f"{name}.schema.json" for name in SCHEMAS
    )


def test_schema_case_and_result(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "schema", "--case") == case_schema()
    assert run_json(capsys, "schema", "--result") == assessment_schema()


def test_muscles_json_is_the_catalogue_with_roots_and_nerves(
    capsys: pytest.CaptureFixture[str],
) -> None:
    muscles = run_json(capsys, "muscles", "--json")
    assert [m["key"] for m in muscles] == list(catalogue())
    fdi = next(m for m in muscles if m["key"] == "first_dorsal_interosseous")
    assert fdi["roots"] == ["C8", "T1"]
    assert fdi["nerve"] == "ulnar"
    assert fdi["region"] == "cervical"


def test_muscles_of_one_region(capsys: pytest.CaptureFixture[str]) -> None:
    bulbar = run_json(capsys, "muscles", "--region", "bulbar", "--json")
    assert bulbar and {m["region"] for m in bulbar} == {"bulbar"}
    code, out, _ = run(capsys, "muscles", "--region", "thoracic")
    assert code == 0
    assert "rectus_abdominis" in out and "thoracoabdominal" in out
    assert "genioglossus" not in out


def test_rules_json_lists_every_rule_with_its_clause_and_citation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = run_json(capsys, "rules", "--json")
    assert list(data["criteria"]) == list(CRITERIA)
    assert data["readings"] == Readings().model_dump(mode="json")
    for cid, cset in CRITERIA.items():
        rules = data["criteria"][cid]["rules"]
        assert [r["id"] for r in rules] == [r.id for r in cset.rules(Readings())]
        for rule in rules:
            assert rule["clause"] and rule["citation"] and rule["statement"]
            assert {"id", "clause", "citation", "statement", "category"} <= set(rule)


def test_rules_for_one_criteria_set_under_another_reading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = run_json(
        capsys, "rules", "--criteria", "awaji", "--reading", "probable=aggregate", "--json"
    )
    assert list(data["criteria"]) == ["awaji"]
    assert data["readings"]["probable"] == "aggregate"
    expected = [r.id for r in CRITERIA["awaji"].rules(Readings(probable="aggregate"))]
    assert [r["id"] for r in data["criteria"]["awaji"]["rules"]] == expected


def test_rules_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--criteria", "gold-coast")
    assert code == 0
    assert "gold-coast.als_same_region" in out and "A.3.3" in out and "Shefner" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["schema", "--case", "--result"],
        ["muscles", "--region", "cervix"],
        ["rules", "--criteria", "el-escorial"],
        ["rules", "--bogus"],
    ],
)
def test_bad_options_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_bad_reading_exits_2_with_the_allowed_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "rules", "--reading", "probable=sometimes")
    assert code == 2
    assert "aggregate" in err


def test_the_installed_command_gives_no_traceback() -> None:
    result = subprocess.run(
        [*COMMAND, "rules", "--reading", "gap"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "OPTION=VALUE" in result.stderr


@pytest.mark.parametrize("options", [[], ["--plan"], ["--full"], ["--full", "--plan"]])
def test_published_batch_and_history_schemas_validate_real_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, options: list[str]
) -> None:
    """Rows of cases and of histories, with each option, against the published schemas."""
    jsonschema = pytest.importorskip("jsonschema")
    from alscriteria.cohort.published import SCHEMAS
    from alscriteria.cohort.schema import row_schema
    from alscriteria.history import evaluate_history

    cohort = tmp_path / "mixed.jsonl"
    cohort.write_text(
        (EXAMPLES / "cohort.jsonl").read_text(encoding="utf-8")
        + (EXAMPLES / "histories.jsonl").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    out = tmp_path / "rows.jsonl"
    code, _, _ = run(capsys, "batch", str(cohort), "-o", str(out), *options)
    assert code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any(r.get("kind") == "history" for r in rows) and any("kind" not in r for r in rows)
    schema = row_schema("jsonl", full="--full" in options, plan="--plan" in options)
    if not options:
        schema = SCHEMAS["batch-row"]()
    for row in rows:
        jsonschema.validate(row, schema)
    history = json.loads((EXAMPLES / "history-limb-onset.json").read_text(encoding="utf-8"))
    jsonschema.validate(history, SCHEMAS["history"]())
    result = evaluate_history(history).model_dump(mode="json")
    jsonschema.validate(result, SCHEMAS["history-result"]())


def test_published_csv_row_schema_validates_real_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import csv

    from alscriteria.cohort.published import SCHEMAS

    out = tmp_path / "rows.csv"
    code, _, _ = run(capsys, "batch", str(EXAMPLES / "cohort.csv"), "-o", str(out))
    assert code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        jsonschema.validate(row, SCHEMAS["batch-row-csv"]())
