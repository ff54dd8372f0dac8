"""The cohort summary as one typed document (cohort/summary_model.py): what `--summary`
writes, read back, gives the same bytes; the published schema describes every summary; the
terminal and the page read the model, never a key by name."""

from __future__ import annotations

import json
from functools import cache
from itertools import combinations
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria.case.readings import Readings
from alscriteria.cohort.published import SCHEMAS
from alscriteria.cohort.summary import CohortSummary
from alscriteria.cohort.summary_model import BatchSummary
from strategies import examples
from strategies.cohorts import CRITERIA_IDS, summaries


def _context(draw_more: bool) -> dict[str, Any]:
    context: dict[str, Any] = {
        "alscriteria_version": "0",
        "input": "in.csv",
        "output": "out.jsonl",
        "errors_file": "out.jsonl.errors.jsonl",
        "interrupted": False,
        "failure": None,
        "last_line": 3,
        "blank_lines_skipped": 0,
    }
    if draw_more:
        context["repeated_ids"] = ["id 'P-1' is on lines 1, 2"]
    return context


@given(summaries(), st.booleans(), st.booleans())
def test_a_summary_read_back_from_its_json_writes_the_same_bytes(
    summary: CohortSummary, with_context: bool, more: bool
) -> None:
    context = _context(more) if with_context else {}
    written = json.dumps(summary.as_dict(**context), indent=2)
    again = BatchSummary.of(json.loads(written))
    assert json.dumps(again.as_json(), indent=2) == written
    assert again == summary.document(**context)


@cache
def _summary_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = SCHEMAS["batch-summary"]()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@settings(max_examples=examples(50))
@given(summaries())
def test_every_summary_matches_the_published_schema(summary: CohortSummary) -> None:
    _summary_validator().validate(summary.as_dict(**_context(True)))


def test_the_keys_of_a_summary_are_present_exactly_when_given() -> None:
    """Ladders of one order compare higher and lower; others count who changed met."""
    summary = CohortSummary(CRITERIA_IDS, Readings())
    summary.add_result(1, ["definite", "probable", "als"], [True] * 3, ["definite"] * 2 + ["als"])
    data = summary.as_dict()
    assert "rows" not in data and "histories" not in data and "input" not in data
    pairs = {(m["from"], m["to"]): m for m in data["moves"]}
    assert set(pairs) == set(combinations(CRITERIA_IDS, 2))
    assert {"higher", "lower", "same"} <= set(pairs["revised-el-escorial", "awaji"])
    assert "changed_met" not in pairs["revised-el-escorial", "awaji"]
    assert set(pairs["awaji", "gold-coast"]) & {"higher", "lower", "same"} == set()
    assert pairs["awaji", "gold-coast"]["changed_met"] == 0
    assert data["cross_table"] == [
        {"revised-el-escorial": "definite", "awaji": "probable", "gold-coast": "als", "count": 1}
    ]
    assert summary.document().moves[0].from_ == "revised-el-escorial"


def test_a_misspelt_key_in_a_summary_is_refused() -> None:
    data = CohortSummary(CRITERIA_IDS, Readings()).as_dict()
    data["record"] = data.pop("records")
    with pytest.raises(ValueError, match="record"):
        BatchSummary.of(data)


def test_every_reading_is_written_even_when_built_with_the_defaults() -> None:
    data = CohortSummary(CRITERIA_IDS, Readings()).as_dict()
    rebuilt = BatchSummary(**{**BatchSummary.of(data).__dict__, "readings": Readings()})
    assert rebuilt.as_json()["readings"] == Readings().model_dump(mode="json")
