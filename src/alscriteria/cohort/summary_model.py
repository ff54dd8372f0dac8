"""The summary of a cohort run as a typed document: what `batch --summary` writes, what the
terminal tables and the cohort page read, and what `alscriteria schema batch-summary` publishes.

One model read by every presentation keeps the three from drifting apart: a key renamed here
is renamed for the JSON, the terminal and the page at once, and mypy finds every reader.

A key is in the JSON exactly when it was given: the run's context (files, flags) only when a
run wrote the summary, `rows` only for visit rows, `histories` only when there were histories,
`higher`/`lower`/`same` only for two ladders of one order (else `changed_met`). So documents
are dumped with `exclude_unset` (`as_json`), and a summary read back from its JSON dumps to the
same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)

from alscriteria.case.readings import Readings


class _Document(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, use_attribute_docstrings=True
    )


class RecordBalance(_Document):
    """Records in = records out (a result row) + errors (an error row)."""

    in_: int = Field(alias="in")
    out: int
    errors: int
    balance: str
    """The balance in words: "in = out + errors"."""
    balanced: bool


class RowBalance(_Document):
    """Visit rows: in = out (rows of patients with a result row) + errors."""

    in_: int = Field(alias="in")
    out: int
    errors: int
    balance: str


#: A cross-table row as it is written: the criteria ids, each with its category, then `count`.
FlatCrossTableRow = Annotated[
    dict[str, str | int],
    WithJsonSchema(
        {
            "type": "object",
            "description": (
                "One combination of categories: each criteria id of the summary with its "
                "category under that set, then count (the patients with that combination)"
            ),
            "properties": {"count": {"type": "integer", "minimum": 1}},
            "required": ["count"],
            "additionalProperties": {"type": "string"},
        }
    ),
]


class CrossTableRow(_Document):
    """One combination of categories across the criteria sets, and how many patients have it.

    Written flat, as `{"revised-el-escorial": "definite", "awaji": ..., "count": 12}`: a
    registry's analyst reads it as one row of a table keyed by the criteria ids.
    """

    categories: dict[str, str]
    """The category under each criteria set, in the summary's criteria order."""
    count: int

    @model_validator(mode="before")
    @classmethod
    def _from_flat(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and "categories" not in data:
            return {
                "categories": {k: v for k, v in data.items() if k != "count"},
                "count": data.get("count"),
            }
        return data

    @model_serializer(mode="plain")
    def _flat(self) -> FlatCrossTableRow:
        return {**self.categories, "count": self.count}


class MetSplit(_Document):
    """For two criteria sets: patients meeting (any category but not-met) under both, the
    first only, the second only, or neither."""

    both: int
    first_only: int
    second_only: int
    neither: int


class Move(_Document):
    """Where the patients of one criteria set went under another (`from` -> `to`)."""

    from_: str = Field(alias="from")
    to: str
    table: dict[str, dict[str, int]]
    """Category under `from` -> category under `to` -> patients, every rung listed."""
    met: MetSplit
    higher: int | None = None
    """Given when both ladders are steps of one order (then with `lower` and `same`)."""
    lower: int | None = None
    same: int | None = None
    changed_met: int | None = None
    """Given when the ladders differ: patients meeting one set but not the other."""


class VisitMet(_Document):
    """Among the patients with a visit number `visit`: how many met the criteria by then."""

    visit: int
    patients: int
    met: int
    share: float


class HistoryCriteria(_Document):
    """One criteria set over the cohort's histories (docs/history.md)."""

    met_at_first_visit: int
    share_met_at_first_visit: float | None
    met_at_last_visit: int
    share_met_at_last_visit: float | None
    met_at_any_visit: int
    median_days_first_visit_to_met: float | None
    median_months_first_visit_to_met: float | None
    met_with_onset: int
    median_days_onset_to_met: float | None
    median_months_onset_to_met: float | None
    met_by_visit: list[VisitMet]


class KingsStageTime(_Document):
    """The time from onset to the first visit showing a King's stage (an upper bound)."""

    patients: int
    median_days_onset_to_stage: float | None
    median_months_onset_to_stage: float | None


class FunctionSummary(_Document):
    """Function and stage over the patients who recorded it (docs/staging.md)."""

    patients: int
    at_first_measured_visit: dict[str, dict[str, int]]
    """Measure (mitos_stage, kings_stage, delta_fs_band) -> value -> patients."""
    at_last_measured_visit: dict[str, dict[str, int]]
    kings_stage_from_onset: dict[str, KingsStageTime]


class HistoriesSummary(_Document):
    """The cohort's patient histories: met at the first and last visit, time to met."""

    count: int
    with_onset: int
    criteria: dict[str, HistoryCriteria]
    function: FunctionSummary | None = None
    """Given when some patient recorded function (ALSFRS-R, King's, MiToS)."""


class BatchSummary(_Document):
    """What a cohort run found: the record balance, categories per criteria set, who moved
    between criteria sets, and (for histories) when the criteria were met."""

    alscriteria_version: str | None = None
    """The run's context, from here to `repeated_ids`: given when a run wrote the summary."""
    input: str | None = None
    output: str | None = None
    errors_file: str | None = None
    interrupted: bool | None = None
    failure: str | None = None
    """Why the run stopped early (a write error, a worker that died), or null."""
    last_line: int | None = None
    blank_lines_skipped: int | None = None
    id_lookalikes: list[str] | None = None
    """Visit rows: patient ids that differ only in case or spacing (given when some do)."""
    repeated_ids: list[str] | None = None
    """Ids given to more than one assessed record (given when some are)."""
    records: RecordBalance
    rows: RowBalance | None = None
    """Given for visit rows, where a record is a patient."""
    criteria: list[str]
    readings: Readings
    categories: dict[str, dict[str, int]]
    """Criteria id -> category -> patients, every rung of the ladder listed, top first."""
    met: dict[str, int]
    """Criteria id -> patients meeting the criteria (any category but not-met)."""
    pattern_categories: dict[str, dict[str, int]]
    cross_table: list[CrossTableRow]
    """Each combination of categories across the criteria sets, most patients first."""
    moves: list[Move]
    """One per pair of criteria sets, in the order they were asked for."""
    histories: HistoriesSummary | None = None
    """Given when the cohort held patient histories."""

    @field_validator("readings", mode="after")
    @classmethod
    def _every_reading(cls, readings: Readings) -> Readings:
        """Every option counted as given, so that `as_json` (exclude_unset) writes each one,
        also for a `Readings()` built with its defaults."""
        return Readings.model_validate(readings.model_dump())

    @classmethod
    def of(cls, data: BatchSummary | Mapping[str, Any]) -> BatchSummary:
        """The summary itself, or one read from its JSON (a `--summary` file)."""
        if isinstance(data, BatchSummary):
            return data
        return cls.model_validate(dict(data))

    def as_json(self) -> dict[str, Any]:
        """The JSON document, each key present exactly when it was given."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def readings_given(self) -> dict[str, str]:
        """The readings the run used, by option name, as the summary writes them."""
        return {k: str(v) for k, v in self.readings.model_dump(mode="json").items()}


def batch_summary_json_schema() -> dict[str, Any]:
    """The summary's JSON Schema, as it is written (aliases, flat cross-table rows)."""
    return BatchSummary.model_json_schema(mode="serialization", by_alias=True)


__all__ = [
    "BatchSummary",
    "CrossTableRow",
    "FunctionSummary",
    "HistoriesSummary",
    "HistoryCriteria",
    "KingsStageTime",
    "MetSplit",
    "Move",
    "RecordBalance",
    "RowBalance",
    "VisitMet",
    "batch_summary_json_schema",
]
