"""Explanations as plain data (issue 23): a Note is a frozen dataclass, not a model, and is
published, written and read back exactly as the model it was: the same schema, the same
JSON, typed access (`a.notes[0].code`), immutability and refusal of unknown keys kept."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

import alscriteria
from alscriteria.anatomy.regions import Region
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.models.explanations import Note
from strategies import any_cases, examples


class NoteModel(BaseModel):
    """Why a criteria set read a finding the way it did (a code, its wording, what it names)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Note")

    code: str
    text: str
    regions: list[Region] = Field(default_factory=list)
    muscles: list[str] = Field(default_factory=list)


def test_the_schema_is_the_models() -> None:
    assert TypeAdapter(Note).json_schema() == NoteModel.model_json_schema()


@settings(max_examples=examples(100), deadline=None)
@given(case=any_cases)
def test_every_note_is_written_as_the_model_wrote_it(case: dict[str, Any]) -> None:
    for a in alscriteria.evaluate_all(case).values():
        assert all(type(n) is Note for n in a.notes)
        as_models = [NoteModel(**dataclasses.asdict(n)) for n in a.notes]
        dumped = json.loads(a.model_dump_json())["notes"]
        assert dumped == [m.model_dump(mode="json") for m in as_models]
        again = Assessment.model_validate_json(a.model_dump_json())
        assert again.notes == a.notes


def test_a_note_is_read_only_and_refuses_unknown_keys() -> None:
    note = Note(code="c", text="t")
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.code = "d"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        TypeAdapter(Note).validate_python({"code": "c", "text": "t", "bogus": 1})
