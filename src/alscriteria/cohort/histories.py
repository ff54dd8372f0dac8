"""Patient histories in a cohort: one row per patient with each criteria set's first visit
met and the delay, and the cohort figures the published comparisons report.

A JSON Lines record with a `visits` key is a history (docs/history.md); any other record is
a case. Comparisons of the criteria report the share of patients meeting each set at the
first visit and at the last (criteria.md B.4.4, S24) and the time to meeting them (B.5,
S14); `HistorySummary` counts exactly those, in memory that grows with the number of
distinct delays, not with the cohort. In CSV output a history row has columns of its own
(cohort/history_csv.py), a superset of a case row's; a CSV output whose header has only the
case columns (JSON Lines input whose first record is a case) cannot take one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alscriteria.case.dates import in_months
from alscriteria.case.readings import Readings
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.history_csv import history_csv_row
from alscriteria.cohort.rows import json_line
from alscriteria.errors import InvalidInputError
from alscriteria.history import evaluate_history
from alscriteria.history.function_course import KINGS_STAGES, function_course
from alscriteria.history.result import HistoryResult

CSV_REFUSED = (
    "a patient history (a record with 'visits') cannot go into this CSV output: its header "
    "has the case columns, chosen because the file's first record is a case; put a history "
    "first (the header then has the history columns, which case rows fit too), or write "
    "JSON Lines output (-o results.jsonl)"
)


def is_history(data: object) -> bool:
    """Whether a record is a history rather than a case."""
    return isinstance(data, Mapping) and "visits" in data


@dataclass(frozen=True, slots=True)
class HistoryCounts:
    """What the cohort summary counts of one history, one entry per criteria set."""

    met_at_first_visit: tuple[bool, ...]
    met_at_last_visit: tuple[bool, ...]
    days_from_first_visit: tuple[int | None, ...]
    """First visit to first met; None when never met."""
    days_from_onset: tuple[int | None, ...]
    """Onset to first met; None when never met or the history gives no onset."""
    has_onset: bool
    met_by_visit: tuple[tuple[bool, ...], ...] = ()
    """Per criteria set, whether it was met at visit 1, 2, ... (the per-visit shares)."""
    function: dict[str, Any] | None = None
    """Function and stage at the first and last measured visits (docs/staging.md)."""


@dataclass(frozen=True, slots=True)
class AssessedHistory:
    row: bytes
    categories: tuple[str, ...]
    """At the last visit, as the case rows give them (the cohort's category counts)."""
    met: tuple[bool, ...]
    patterns: tuple[str, ...]
    counts: HistoryCounts


def history_row(
    line: int,
    result: HistoryResult,
    full: bool = False,
    kept: Sequence[tuple[str, Any]] = (),
    function: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One patient's row: the last visit's categories (as a case row has them) and, per
    criteria set, the first visit met and the delays; kept columns come first."""
    last = result.visits[-1]
    row: dict[str, Any] = dict(kept)
    row |= {
        "line": line,
        "id": result.id,
        "kind": "history",
        "visits": len(result.visits),
        "onset": result.onset.isoformat() if result.onset else None,
        "first_visit": result.visits[0].date.isoformat(),
        "last_visit": last.date.isoformat(),
    }
    for cid, course in result.course.items():
        a = last.results[cid]
        entry: dict[str, Any] = {
            "category": a.category.value,
            "met": a.met,
            "pattern_category": a.pattern_category.value,
            "first_met_visit": course.first_met_visit,
            "first_met_date": course.first_met_date.isoformat() if course.first_met_date else None,
            "days_from_first_visit": course.days_from_first_visit,
            "days_from_onset": course.days_from_onset,
            "category_at_first_visit": course.category_at_first_visit.value,
        }
        if a.plan is not None:
            entry["plan"] = a.plan.model_dump(mode="json")
        row[cid] = entry
    row["progression"] = last.progression.source
    first = next(iter(last.results.values()))
    row["warnings"] = [w.code for w in first.warnings]
    # the last visit's motor phenotype, dated from the onset (A.6)
    row["phenotype"] = last.phenotype.code
    row["readings"] = first.readings.model_dump(mode="json")
    row["package_version"] = first.package_version
    row["rules_version"] = first.rules_version
    if function is not None:  # `function_course`, computed once by the caller
        row["function"] = function
    if result.next_visit is not None:
        row["next_visit"] = result.next_visit.model_dump(mode="json")
    if full:
        row["history"] = result.model_dump(mode="json")
    return row


def assess_history(
    data: Mapping[str, Any],
    line: int,
    criteria: Sequence[str],
    readings: Readings,
    output_format: CohortFormat,
    full: bool = False,
    plan: bool = False,
    kept: Sequence[tuple[str, Any]] = (),
    history_csv: bool = False,
) -> AssessedHistory:
    """Evaluate one history record into its row. InvalidCaseError (a bad history),
    InvalidInputError (CSV output with the case columns: `history_csv` false) and
    UnicodeEncodeError (unwritable text) are the caller's to turn into an error row."""
    csv_output = output_format is CohortFormat.CSV
    if csv_output and not history_csv:
        raise InvalidInputError(CSV_REFUSED)
    result = evaluate_history(data, readings, criteria=tuple(criteria), plan=plan)
    function = function_course(result.visits, result.onset)
    if csv_output:
        encoded = history_csv_row(line, result, kept, function)
    else:
        encoded = json_line(history_row(line, result, full, kept, function)).encode("utf-8")
    last = result.visits[-1].results
    courses = list(result.course.values())
    return AssessedHistory(
        row=encoded,
        categories=tuple(a.category.value for a in last.values()),
        met=tuple(a.met for a in last.values()),
        patterns=tuple(a.pattern_category.value for a in last.values()),
        counts=HistoryCounts(
            met_at_first_visit=tuple(c.met_at_first_visit for c in courses),
            met_at_last_visit=tuple(c.met_at_last_visit for c in courses),
            days_from_first_visit=tuple(c.days_from_first_visit for c in courses),
            days_from_onset=tuple(c.days_from_onset for c in courses),
            has_onset=result.onset is not None,
            met_by_visit=tuple(
                tuple(v.results[cid].met for v in result.visits) for cid in result.course
            ),
            function=function,
        ),
    )


def median(counts: Counter[int]) -> float | None:
    """The median of values held as value -> how many (the mean of the middle two)."""
    total = sum(counts.values())
    if not total:
        return None
    wanted = (total - 1) // 2, total // 2
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while len(found) < 2 and seen > wanted[len(found)]:
            found.append(value)
    return (found[0] + found[1]) / 2


class HistorySummary:
    """The cohort's histories: met at the first and the last visit, and the time to met."""

    def __init__(self, criteria: Sequence[str]) -> None:
        self.criteria = tuple(criteria)
        self.count = 0
        self.with_onset = 0
        n = len(self.criteria)
        self._first = [0] * n
        self._last = [0] * n
        self._from_first: list[Counter[int]] = [Counter() for _ in range(n)]
        self._from_onset: list[Counter[int]] = [Counter() for _ in range(n)]
        self._seen_at: Counter[int] = Counter()
        """Patients with a visit k (k from 1): the denominator of the share met at visit k."""
        self._met_at: list[Counter[int]] = [Counter() for _ in range(n)]
        self._function = _FunctionSummary()

    def add(self, counts: HistoryCounts) -> None:
        self.count += 1
        if counts.function is not None:
            self._function.add(counts.function)
        self.with_onset += counts.has_onset
        if counts.met_by_visit:
            for k in range(1, len(counts.met_by_visit[0]) + 1):
                self._seen_at[k] += 1
        for i, met in enumerate(counts.met_by_visit):
            for k, yes in enumerate(met, start=1):
                self._met_at[i][k] += yes
        for i in range(len(self.criteria)):
            self._first[i] += counts.met_at_first_visit[i]
            self._last[i] += counts.met_at_last_visit[i]
            if (days := counts.days_from_first_visit[i]) is not None:
                self._from_first[i][days] += 1
            if (days := counts.days_from_onset[i]) is not None:
                self._from_onset[i][days] += 1

    def _share(self, n: int) -> float | None:
        return round(n / self.count, 4) if self.count else None

    def as_dict(self) -> dict[str, Any]:
        per: dict[str, Any] = {}
        for i, cid in enumerate(self.criteria):
            from_first = median(self._from_first[i])
            from_onset = median(self._from_onset[i])
            per[cid] = {
                "met_at_first_visit": self._first[i],
                "share_met_at_first_visit": self._share(self._first[i]),
                "met_at_last_visit": self._last[i],
                "share_met_at_last_visit": self._share(self._last[i]),
                "met_at_any_visit": sum(self._from_first[i].values()),
                "median_days_first_visit_to_met": from_first,
                "median_months_first_visit_to_met": (
                    None if from_first is None else in_months(round(from_first))
                ),
                "met_with_onset": sum(self._from_onset[i].values()),
                "median_days_onset_to_met": from_onset,
                "median_months_onset_to_met": (
                    None if from_onset is None else in_months(round(from_onset))
                ),
                "met_by_visit": [
                    {
                        "visit": k,
                        "patients": seen,
                        "met": self._met_at[i][k],
                        "share": round(self._met_at[i][k] / seen, 4),
                    }
                    for k, seen in sorted(self._seen_at.items())
                ],
            }
        summary: dict[str, Any] = {
            "count": self.count,
            "with_onset": self.with_onset,
            "criteria": per,
        }
        if self._function.count:
            summary["function"] = self._function.as_dict()
        return summary


class _FunctionSummary:
    """The cohort's function and stage (docs/staging.md): how many patients are at each
    stage and ΔFS band at their first and last measured visits, and the median time from
    onset to each King's stage (to the first visit that shows it: an upper bound)."""

    def __init__(self) -> None:
        self.count = 0
        self._at: dict[str, dict[str, Counter[str]]] = {
            when: {m: Counter() for m in ("mitos_stage", "kings_stage", "delta_fs_band")}
            for when in ("first", "last")
        }
        self._to_kings: dict[str, Counter[int]] = {s: Counter() for s in KINGS_STAGES}

    def add(self, function: Mapping[str, Any]) -> None:
        self.count += 1
        for when, counters in self._at.items():
            for measure, counter in counters.items():
                value = function[when][measure]
                counter["not measured" if value is None else str(value)] += 1
        for stage, days in function["days_from_onset_to_kings"].items():
            if days is not None:
                self._to_kings[stage][days] += 1

    def as_dict(self) -> dict[str, Any]:
        to_kings = {}
        for stage, counter in self._to_kings.items():
            middle = median(counter)
            to_kings[stage] = {
                "patients": sum(counter.values()),
                "median_days_onset_to_stage": middle,
                "median_months_onset_to_stage": (
                    None if middle is None else in_months(round(middle))
                ),
            }
        return {
            "patients": self.count,
            **{
                f"at_{when}_measured_visit": {
                    m: dict(sorted(c.items())) for m, c in counters.items()
                }
                for when, counters in self._at.items()
            },
            "kings_stage_from_onset": to_kings,
        }


__all__ = [
    "CSV_REFUSED",
    "AssessedHistory",
    "HistoryCounts",
    "HistorySummary",
    "assess_history",
    "history_row",
    "is_history",
    "median",
]
