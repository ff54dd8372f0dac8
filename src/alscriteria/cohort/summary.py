"""What a cohort run found: categories per criteria set, and who moved between criteria sets.

Reclassification studies report two things: how many patients each criteria set calls
definite, probable, ... and how many change category from one set to the next (revised
El Escorial to Awaji, either to Gold Coast). One counter of category combinations answers
both, in memory bounded by the number of combinations, not the number of patients.

The record balance (in = out + errors) is part of the summary so that nothing can be lost
without the numbers saying so. In a file of visit rows a record is a patient (or a row no
patient id ties to a patient); the rows are counted too, with the same balance: a row is
out when its patient has a result row, an error when its patient (or the row alone) is one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from alscriteria.case.readings import Readings
from alscriteria.cohort.histories import HistorySummary
from alscriteria.cohort.summary_model import BatchSummary
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.category import Category

#: One clinical order for comparing categories across the revised El Escorial and Awaji
#: ladders (Awaji dropped laboratory-supported; EMG evidence now counts as LMN instead).
SHARED_ORDER: tuple[Category, ...] = (
    Category.NOT_MET,
    Category.POSSIBLE,
    Category.PROBABLE_LABORATORY_SUPPORTED,
    Category.PROBABLE,
    Category.DEFINITE,
)
_RANK = {c: i for i, c in enumerate(SHARED_ORDER)}

BALANCE = "in = out + errors"


def _ladder_top_first(criteria_id: str) -> list[str]:
    return [c.value for c in reversed(CRITERIA[criteria_id].ladder)]


def _comparable(first: str, second: str) -> bool:
    """Higher/lower only means something when both ladders are steps of one order."""
    return all(c in _RANK for cid in (first, second) for c in CRITERIA[cid].ladder)


class CohortSummary:
    """Counts that grow with the number of category combinations, never with the cohort."""

    def __init__(
        self, criteria: Sequence[str], readings: Readings, visit_rows: bool = False
    ) -> None:
        self.criteria = tuple(criteria)
        self.readings = readings
        self.visit_rows = visit_rows
        """The input is visit rows: the summary adds their counts (`rows`)."""
        self.records_in = 0
        self.records_out = 0
        self.records_failed = 0
        self.rows_out = 0
        self.rows_failed = 0
        self.last_line = 0
        self._combinations: Counter[tuple[str, ...]] = Counter()
        self._patterns: list[Counter[str]] = [Counter() for _ in self.criteria]
        self._met: list[int] = [0 for _ in self.criteria]
        self.histories = HistorySummary(self.criteria)
        """Patient histories: met at the first visit, time to met (cohort/histories.py)."""

    def add_result(
        self,
        line: int,
        categories: Sequence[str],
        met: Sequence[bool],
        patterns: Sequence[str],
        rows: int = 1,
    ) -> None:
        self.records_in += 1
        self.records_out += 1
        self.rows_out += rows
        self.last_line = max(self.last_line, line)
        self._combinations[tuple(categories)] += 1
        for i, (is_met, pattern) in enumerate(zip(met, patterns, strict=True)):
            self._met[i] += is_met
            self._patterns[i][pattern] += 1

    def add_failure(self, line: int, rows: int = 1) -> None:
        self.records_in += 1
        self.records_failed += 1
        self.rows_failed += rows
        self.last_line = max(self.last_line, line)

    @property
    def balanced(self) -> bool:
        return self.records_in == self.records_out + self.records_failed

    def _rows(self) -> dict[str, Any]:
        """The visit rows: in = out (rows of patients with a result) + errors."""
        return {
            "in": self.rows_out + self.rows_failed,
            "out": self.rows_out,
            "errors": self.rows_failed,
            "balance": BALANCE,
        }

    def categories(self, criteria_id: str) -> dict[str, int]:
        """Patients per category under one criteria set, every rung of its ladder listed."""
        i = self.criteria.index(criteria_id)
        counts = dict.fromkeys(_ladder_top_first(criteria_id), 0)
        for combo, n in self._combinations.items():
            counts[combo[i]] += n
        return counts

    def pattern_categories(self, criteria_id: str) -> dict[str, int]:
        i = self.criteria.index(criteria_id)
        counts = dict.fromkeys(_ladder_top_first(criteria_id), 0)
        counts.update(self._patterns[i])
        return counts

    def cross_table(self) -> list[dict[str, Any]]:
        """Each combination of categories across the criteria sets, most patients first."""
        rows = sorted(self._combinations.items(), key=lambda item: (-item[1], item[0]))
        return [{**dict(zip(self.criteria, combo, strict=True)), "count": n} for combo, n in rows]

    def moves(self) -> list[dict[str, Any]]:
        """For each pair of criteria sets: where patients went, and how many changed."""
        out: list[dict[str, Any]] = []
        for (i, first), (j, second) in combinations(enumerate(self.criteria), 2):
            table: dict[str, dict[str, int]] = {
                c: dict.fromkeys(_ladder_top_first(second), 0) for c in _ladder_top_first(first)
            }
            met = {"both": 0, "first_only": 0, "second_only": 0, "neither": 0}
            higher = lower = same = 0
            comparable = _comparable(first, second)
            for combo, n in self._combinations.items():
                a, b = combo[i], combo[j]
                table[a][b] += n
                met_a, met_b = a != Category.NOT_MET, b != Category.NOT_MET
                key = (
                    "both"
                    if met_a and met_b
                    else "first_only"
                    if met_a
                    else "second_only"
                    if met_b
                    else "neither"
                )
                met[key] += n
                if comparable:
                    step = _RANK[Category(b)] - _RANK[Category(a)]
                    if step > 0:
                        higher += n
                    elif step < 0:
                        lower += n
                    else:
                        same += n
            move: dict[str, Any] = {"from": first, "to": second, "table": table, "met": met}
            if comparable:
                move.update(higher=higher, lower=lower, same=same)
            else:
                move.update(changed_met=met["first_only"] + met["second_only"])
            out.append(move)
        return out

    def document(self, **context: Any) -> BatchSummary:
        """The typed summary (cohort/summary_model.py); `context` adds the run's files and
        flags at the top (`BatchSummary.alscriteria_version` to `repeated_ids`)."""
        return BatchSummary.model_validate(self._fields(context))

    def as_dict(self, **context: Any) -> dict[str, Any]:
        """The JSON summary, as `batch --summary` writes it."""
        return self.document(**context).as_json()

    def _fields(self, context: dict[str, Any]) -> dict[str, Any]:
        return {
            **context,
            "records": {
                "in": self.records_in,
                "out": self.records_out,
                "errors": self.records_failed,
                "balance": BALANCE,
                "balanced": self.balanced,
            },
            **({"rows": self._rows()} if self.visit_rows else {}),
            "criteria": list(self.criteria),
            "readings": self.readings.model_dump(mode="json"),
            "categories": {cid: self.categories(cid) for cid in self.criteria},
            "met": dict(zip(self.criteria, self._met, strict=True)),
            "pattern_categories": {cid: self.pattern_categories(cid) for cid in self.criteria},
            "cross_table": self.cross_table(),
            "moves": self.moves(),
            **({"histories": self.histories.as_dict()} if self.histories.count else {}),
        }


__all__ = ["BALANCE", "SHARED_ORDER", "BatchSummary", "CohortSummary"]
