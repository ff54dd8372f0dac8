"""Installing and finding one's way (issue 21 sections 1 and 2): the base install needs no
compiler, which engine decides is visible and can be insisted on, and what the results and
the help cite (the specification, the examples, the case format) ships with the package."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

import alscriteria
from alscriteria import wording
from alscriteria.case.readings import Readings
from alscriteria.cli import app
from alscriteria.cli.bundled import DOCUMENTS, EXAMPLES, clause_text
from alscriteria.criteria import CRITERIA
from alscriteria.errors import AlsCriteriaError, EngineError
from alscriteria.rules import engine as engine_module

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alscriteria", *args],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
    )


# --- section 1: installation -------------------------------------------------------------


def test_durable_rules_is_an_extra_and_python_has_no_upper_cap() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(d.startswith("durable") for d in project["dependencies"])
    assert project["optional-dependencies"]["durable"] == ["durable-rules==2.0.28"]
    assert "<" not in project["requires-python"]


def test_the_readme_quick_start_installs_the_extra_without_a_stale_wheel() -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Quick start")
    commands = re.findall(r"```sh\n(.*?)\n```", readme[start:], re.S)[:2]
    for command in commands:
        assert "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject" in command
        assert "--no-cache-dir" in command and "durable" in command
    assert commands[1].endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci, "CI must run exactly the README's test command"


def test_the_engine_in_use_is_known_before_anything_is_evaluated() -> None:
    said = alscriteria.engine_in_use()
    assert said == engine_module.shared_engine().info
    assert alscriteria.evaluate_all({})["awaji"].engine.name == said.name


def test_version_names_the_engine_in_one_line() -> None:
    done = _cli("--version")
    assert done.returncode == 0
    [line] = done.stdout.splitlines()
    name = alscriteria.engine_in_use().name
    assert line.startswith(f"alscriteria {alscriteria.__version__} (rules ")
    assert f"engine {name}" in line


@pytest.mark.parametrize("installed", [True, False])
def test_insisting_on_durable_where_it_cannot_load_names_the_repair(
    monkeypatch: pytest.MonkeyPatch, installed: bool
) -> None:
    monkeypatch.setattr(engine_module, "_dre", None)
    monkeypatch.setattr(engine_module, "_DURABLE_PROBLEM", "ImportError: undefined symbol")
    monkeypatch.setattr(engine_module, "durable_installed", lambda: installed)
    with pytest.raises(EngineError) as caught:
        alscriteria.RuleEngine(backend="durable")
    assert isinstance(caught.value, AlsCriteriaError)
    message = str(caught.value)
    if installed:
        assert "installed but cannot load (ImportError: undefined symbol)" in message
        assert "--no-cache-dir --force-reinstall" in message
    else:
        assert "not installed" in message and "'alscriteria[durable]'" in message
    assert alscriteria.engine_in_use().name == "alscriteria-evaluator"
    # the default engine still decides, and says which it is
    python = alscriteria.RuleEngine(backend="python")
    assert alscriteria.evaluate_all({}, engine=python)["awaji"].engine.name == (
        "alscriteria-evaluator"
    )


@pytest.mark.parametrize("installed", [True, False])
def test_the_cli_warns_only_of_a_durable_that_is_installed_but_broken(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], installed: bool
) -> None:
    monkeypatch.setattr(engine_module, "_DURABLE_PROBLEM", "ImportError: undefined symbol")
    monkeypatch.setattr(engine_module, "durable_installed", lambda: installed)
    assert app.main(["example"]) == 0
    err = capsys.readouterr().err
    if installed:
        assert "installed but cannot load" in err and "To repair durable_rules" in err
    else:
        assert err == "", "a base install without durable_rules is a choice, not a fault"


# --- section 2: what the results and the help point to ships with the package ----------


def test_every_clause_a_rule_or_a_piece_of_advice_cites_can_be_shown() -> None:
    cited: set[str] = set()
    for criteria in CRITERIA.values():
        for rule in criteria.rules(Readings()):
            cited.update(re.findall(r"[AB](?:\.\d+)+", rule.clause))
    for name in dir(wording):
        table = getattr(wording, name)
        if isinstance(table, dict):
            for value in table.values():
                if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
                    cited.update(re.findall(r"\b[AB](?:\.\d+)+\b|\bS\d+\b", value[1]))
    assert len(cited) > 20
    missing = sorted(c for c in cited if clause_text(c) is None)
    assert not missing, missing


def test_spec_prints_a_clause_an_item_and_a_source() -> None:
    whole = _cli("spec", "A.3.2")
    assert whole.returncode == 0 and whole.stdout.startswith("#### A.3.2 Awaji-shima")
    assert "#### A.3.3" not in whole.stdout
    item = _cli("spec", "a.3.1.2").stdout
    assert "2. **Probable**" in item and "3. **Probable, laboratory-supported**" not in item
    assert _cli("spec", "S58").stdout.startswith("S58. ")
    listing = _cli("spec").stdout
    assert "A.4 Repeat-testing plan" in listing and "B.4.1" in listing
    for bad, said in (("A.99", "has no clause A.99"), ("hello", "is not a clause")):
        done = _cli("spec", bad)
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr


def test_every_bundled_example_is_listed_shipped_and_valid() -> None:
    shipped = {p.name for p in (ROOT / "examples").iterdir()}
    listed = {n if "." in n else f"{n}.json" for n in EXAMPLES}
    assert listed == shipped
    case = _cli("example", "definite")
    assert json.loads(case.stdout)["id"] == "example-definite"
    piped = _cli("evaluate", "-", "--json", stdin=case.stdout)
    assert json.loads(piped.stdout)["awaji"]["category"] == "definite"
    wrong = _cli("example", "definit")
    assert wrong.returncode == 2 and "did you mean 'definite'" in wrong.stderr


def test_the_case_format_is_documented_field_by_field() -> None:
    text = (ROOT / "docs" / "case.md").read_text()
    schema = alscriteria.case_schema()
    fields = set(schema["properties"])
    for definition in schema["$defs"].values():
        fields.update(definition.get("properties", {}))
    undocumented = sorted(f for f in fields if f"`{f}`" not in text)
    assert not undocumented, undocumented
    vocabulary: dict[str, Any] = json.loads(
        (ROOT / "src" / "alscriteria" / "data" / "vocabularies.json").read_text()
    )
    for kind in ("umn_signs", "lmn_signs"):
        for sign in vocabulary[kind]:
            assert f"`{sign}`" in text, sign
    example = json.loads(re.search(r"```json\n(.*?)```", text, re.S)[1])  # type: ignore[index]
    assert alscriteria.evaluate_all(example)["awaji"].category.value == "definite"
    assert set(DOCUMENTS) == {p.stem for p in (ROOT / "docs").glob("*.md")}
    assert _cli("docs", "case").stdout == text


def test_muscles_lists_the_aliases_reports_use() -> None:
    rows = json.loads(_cli("muscles", "--json").stdout)
    fdi = next(r for r in rows if r["key"] == "first_dorsal_interosseous")
    assert "FDI" in fdi["aliases"]
    listing = _cli("muscles").stdout
    assert "also read as: " in listing
    assert " nerve nerve" not in listing and "nerves nerve" not in listing
    assert not re.search(r"rami \([a-z]+\) nerve", listing)
