"""Start-up: `alscriteria --help`, `--version` and `import alscriteria` import no model
(pydantic, the case, the criteria, the explanations); a name of the package is imported
when first used, and is then the very object its module holds."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import alscriteria
from alscriteria.case.readings import Readings
from alscriteria.cli.common import CRITERIA_IDS, READING_OPTIONS
from alscriteria.criteria import CRITERIA

#: Modules that building a model or a criteria set would import.
HEAVY = ("pydantic", "alscriteria.case.model", "alscriteria.criteria", "alscriteria.assess")

PROBE = """
import contextlib, io, json, sys
{setup}
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'alscriteria'))))
"""

RUN_CLI = """
from alscriteria.cli.app import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main([{argv!r}])
    except SystemExit:
        pass
"""


def _modules_after(setup: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(setup=setup)],
        check=True,
        capture_output=True,
        text=True,
    )
    modules: list[str] = json.loads(out.stdout.splitlines()[-1])
    return modules


@pytest.mark.parametrize(
    "setup",
    ["import alscriteria", RUN_CLI.format(argv="--help"), RUN_CLI.format(argv="--version")],
    ids=["import", "--help", "--version"],
)
def test_start_up_imports_no_model(setup: str) -> None:
    modules = _modules_after(setup)
    heavy = [m for m in modules if m.startswith(HEAVY)]
    assert heavy == [], heavy


def test_the_parser_names_what_the_models_name() -> None:
    assert tuple(CRITERIA) == CRITERIA_IDS
    assert Readings.options() == READING_OPTIONS


def test_every_public_name_is_its_module_object() -> None:
    from alscriteria.assess.evaluate import evaluate_all
    from alscriteria.history import evaluate_history

    for name in alscriteria.__all__:
        assert getattr(alscriteria, name) is not None, name
    assert alscriteria.evaluate_all is evaluate_all
    assert alscriteria.evaluate_history is evaluate_history
    assert set(alscriteria.__all__) <= set(dir(alscriteria))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = alscriteria.nothing  # type: ignore[attr-defined]
