"""A record handed to a worker and its outcome handed back (cohort/pool.py pickles both) come
back whole: every field, in its place, whatever it holds, and a new field cannot be left out
of the pickle."""

from __future__ import annotations

import pickle
from dataclasses import fields
from typing import Any

import pytest

from alscriteria.cohort.assess_record import RecordOutcome
from alscriteria.cohort.raw_record import RawRecord


@pytest.mark.parametrize("cls", [RawRecord, RecordOutcome])
def test_every_field_comes_back_in_its_place(cls: Any) -> None:
    # a distinct value for every field, none of them its default
    values = {f.name: (f"value of {f.name}", index) for index, f in enumerate(fields(cls))}
    original = cls(**values)
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(original, protocol=protocol))
        assert type(back) is cls
        assert {f.name: getattr(back, f.name) for f in fields(cls)} == values
    assert len(original.__reduce__()[1]) == len(fields(cls))


def test_a_chunk_of_real_records_and_outcomes_comes_back_equal() -> None:
    inner = RawRecord(3, text="x,y", cells=("x", "y"))
    records = [
        RawRecord(1, text='{"id": "A"}'),
        RawRecord(2, problem="not UTF-8", undecoded=True),
        RawRecord(4, rows=(inner,), data={"id": "B"}),
    ]
    outcomes = [
        RecordOutcome(1, row=b"{}\n", categories=("possible",), met=(True,), patterns=("x",)),
        RecordOutcome(2, error=b"{}\n", problems=("bad",), rows=3, record_id="A"),
    ]
    assert pickle.loads(pickle.dumps(records)) == records
    assert pickle.loads(pickle.dumps(outcomes)) == outcomes
