"""`alscriteria evaluate`: exit codes, JSON output, and messages without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from alscriteria import evaluate_all
from alscriteria.cli.app import main

ROOT = Path(__file__).resolve().parents[1]
#: The example cases (examples/history-*.json are patient histories: tests/test_history.py)
EXAMPLES = sorted(
    p for p in (ROOT / "examples").glob("*.json") if not p.stem.startswith("history-")
)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alscriteria", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_json_output_equals_evaluate_all(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "examples" / "definite.json"
    assert main(["evaluate", str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = {
        k: v.model_dump(mode="json")
        for k, v in evaluate_all(json.loads(path.read_text()), plan=True).items()
    }
    assert printed == expected
    assert list(printed) == ["revised-el-escorial", "awaji", "gold-coast"]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_render_and_match_their_name(path: Path) -> None:
    out = StringIO()
    assert main(["evaluate", str(path)], console=Console(file=out, width=80, no_color=True)) == 0
    text = out.getvalue()
    assert "Evidence by region" in text and "Gold Coast (2020)" in text
    results = evaluate_all(json.loads(path.read_text()))
    if path.stem.startswith("registry-"):
        # a registry record (docs/criteria.md A.1): summaries that leave a category open
        assert any(a.undecided is not None for a in results.values())
        assert "cannot be decided" in text.lower() or "undecided" in text.lower()
        return
    headline = path.stem.split("__")[0]
    assert headline in {a.category.value for a in results.values()}


def test_invalid_case_exits_2_with_the_field_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"regions": {"cervical": {"umn_signs": ["hofman"]}}}))
    done = run_cli("evaluate", str(bad), "--json")
    assert done.returncode == 2
    assert "regions.cervical.umn_signs[0]" in done.stderr and "hoffmann" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{not json", "not valid JSON (line 1"), (None, "cannot read the file")],
)
def test_unreadable_input_exits_2(tmp_path: Path, content: str | None, expected: str) -> None:
    path = tmp_path / "case.json"
    if content is not None:
        path.write_text(content)
    done = run_cli("evaluate", str(path))
    assert done.returncode == 2 and expected in done.stderr and "Traceback" not in done.stderr


def test_reading_option(tmp_path: Path) -> None:
    path = tmp_path / "gap.json"
    path.write_text(
        json.dumps(
            {
                "progression": True,
                "other_causes_excluded": True,
                "regions": {
                    "bulbar": {"umn_signs": ["jaw_jerk"]},
                    "lumbosacral": {"lmn_signs": ["weakness"]},
                },
            }
        )
    )
    done = run_cli("evaluate", str(path), "--json", "--reading", "gap=unclassified")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["awaji"]["category"] == "not-met"
    done = run_cli("evaluate", str(path), "--reading", "gap=maybe")
    assert done.returncode == 2 and "allowed: residual-possible, unclassified" in done.stderr


def test_an_alternative_reading_is_said_in_the_clinics_words_beside_its_option_name() -> None:
    """A reading that would change the category is named by what it means (A.3.4), with
    the value the user types for --reading beside it."""
    path = ROOT / "examples" / "probable-laboratory-supported.json"
    results = evaluate_all(json.loads(path.read_text()))
    assert any(
        alt.option == "lab_supported_emg" for alt in results["revised-el-escorial"].alternatives
    )
    out = StringIO()
    assert main(["evaluate", str(path)], console=Console(file=out, width=80, no_color=True)) == 0
    flat = " ".join(out.getvalue().replace("\u2502", " ").split())
    assert "set to \u201cEMG-positive in two limbs\u201d (limbs), the category would be" in flat
