"""The cohort summary as a page: counts per category, heat-mapped cross-tables, the flow.

Built from the typed summary `alscriteria batch` computes and writes with `--summary`
(`BatchSummary`, cohort/summary_model.py), so the page and the JSON always say the same
numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alscriteria import __version__, wording
from alscriteria.cohort.summary_model import (
    BatchSummary,
    FunctionSummary,
    HistoriesSummary,
    Move,
    VisitMet,
)
from alscriteria.criteria import CRITERIA
from alscriteria.report.flow import Flow, layout_flow
from alscriteria.report.names import short_name
from alscriteria.report.palette import category_fill, category_ink, heat
from alscriteria.report.visitchart import VisitChart, draw_visit_chart
from alscriteria.version import RULES_VERSION

#: The order categories are listed in, top of the ladders first (as the terminal summary).
CATEGORY_ORDER = (
    "definite",
    "probable",
    "probable-laboratory-supported",
    "possible",
    "als",
    "not-met",
)


@dataclass(frozen=True)
class Cell:
    count: int
    share: str
    """Percentage of the patients assessed, as printed."""
    background: str
    ink: str
    diagonal: bool = False


@dataclass(frozen=True)
class CountRow:
    category: str
    words: str
    fill: str
    ink: str
    cells: tuple[Cell | None, ...]
    """One per criteria set; None where the category is not on that set's ladder."""


@dataclass(frozen=True)
class CrossTable:
    first: str
    second: str
    rows: tuple[tuple[str, tuple[Cell, ...], int], ...]
    """(category words, cells per column category, row total)."""
    columns: tuple[str, ...]
    column_totals: tuple[int, ...]
    summary: tuple[str, ...]


@dataclass(frozen=True)
class HistoryRow:
    """One criteria set over the cohort's histories (docs/history.md, the summary's fields)."""

    criteria: str
    title: str
    first_visit: str
    """ "2 of 3 (66.7%)" met at the first visit."""
    last_visit: str
    any_visit: str
    months_first_visit_to_met: str
    months_onset_to_met: str
    by_visit: tuple[str, ...]
    """Per visit number: "2 of 3 (66.7%)"."""


@dataclass(frozen=True)
class StageRow:
    """One measure (MiToS, King's, ΔFS band) at the first and last measured visits."""

    measure: str
    first: str
    last: str


@dataclass(frozen=True)
class HistoriesView:
    count: int
    with_onset: int
    visits: tuple[int, ...]
    rows: tuple[HistoryRow, ...]
    chart: VisitChart | None
    stages: tuple[StageRow, ...] = ()
    """Function and stage over the patients who recorded it (docs/staging.md)."""
    to_kings: tuple[tuple[str, str], ...] = ()
    """(King's stage, median time from onset to the first visit showing it)."""
    measured: int = 0


_MEASURES = (
    ("mitos_stage", "MiToS stage"),
    ("kings_stage", "King's stage"),
    ("delta_fs_band", "ΔFS band"),
)


def _tally(counter: Mapping[str, int]) -> str:
    return "; ".join(f"{k.replace('_', ' ')}: {n:,}" for k, n in counter.items()) or "-"


def _function(
    function: FunctionSummary | None,
) -> tuple[tuple[StageRow, ...], tuple[tuple[str, str], ...], int]:
    if not function:
        return (), (), 0
    first, last = function.at_first_measured_visit, function.at_last_measured_visit
    stages = tuple(StageRow(name, _tally(first[key]), _tally(last[key])) for key, name in _MEASURES)
    to_kings = tuple(
        (
            stage,
            _median(v.median_months_onset_to_stage, v.patients) if v.patients else "not reached",
        )
        for stage, v in function.kings_stage_from_onset.items()
    )
    return stages, to_kings, function.patients


def _of(n: int, total: int) -> str:
    return f"{n:,} of {total:,} ({_share(n, total)})"


def _median(months: Any, n: int) -> str:
    if months is None:
        return "never met" if n == 0 else "-"
    return f"{months} {'month' if months == 1 else 'months'} (n={n:,})"


def _histories(found: HistoriesSummary | None, criteria: Sequence[str]) -> HistoriesView | None:
    """The histories section of the summary (cohort/histories.py), where there is one."""
    if not found:
        return None
    count = found.count
    per = found.criteria
    visits = sorted({v.visit for cid in criteria for v in per[cid].met_by_visit})
    rows = []
    for cid in criteria:
        c = per[cid]
        by_visit: dict[int, VisitMet] = {v.visit: v for v in c.met_by_visit}
        rows.append(
            HistoryRow(
                criteria=cid,
                title=CRITERIA[cid].title if cid in CRITERIA else cid,
                first_visit=_of(c.met_at_first_visit, count),
                last_visit=_of(c.met_at_last_visit, count),
                any_visit=_of(c.met_at_any_visit, count),
                months_first_visit_to_met=_median(
                    c.median_months_first_visit_to_met, c.met_at_any_visit
                ),
                months_onset_to_met=_median(c.median_months_onset_to_met, c.met_with_onset),
                by_visit=tuple(
                    _of(by_visit[k].met, by_visit[k].patients) if k in by_visit else "-"
                    for k in visits
                ),
            )
        )
    chart = draw_visit_chart(
        {cid: [v.model_dump() for v in per[cid].met_by_visit] for cid in criteria},
        {cid: short_name(cid) for cid in criteria},
    )
    stages, to_kings, measured = _function(found.function)
    return HistoriesView(
        count,
        found.with_onset,
        tuple(visits),
        tuple(rows),
        chart,
        stages,
        to_kings,
        measured,
    )


@dataclass(frozen=True)
class CohortPage:
    source: str
    records_in: int
    records_out: int
    records_failed: int
    balanced: bool
    errors_file: str | None
    interrupted: bool
    criteria: tuple[tuple[str, str, str], ...]
    """(id, title, short name)."""
    readings: tuple[tuple[str, str, str], ...]
    counts: tuple[CountRow, ...]
    met: tuple[int, ...]
    met_label: str
    """What the met row counts, in its heading and in a sentence under the table."""
    met_meaning: str
    cross_tables: tuple[CrossTable, ...]
    combinations: tuple[tuple[tuple[str, ...], int, str], ...]
    flow: Flow | None
    package_version: str
    rules_version: str
    histories: HistoriesView | None = None


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "-"


def _counts(data: BatchSummary, criteria: Sequence[str], total: int) -> list[CountRow]:
    rows = []
    for category in CATEGORY_ORDER:
        if not any(category in data.categories[cid] for cid in criteria):
            continue
        cells: list[Cell | None] = []
        for cid in criteria:
            if category not in data.categories[cid]:
                cells.append(None)
                continue
            n = data.categories[cid][category]
            bg, ink = heat(n / total if total else 0.0)
            cells.append(Cell(n, _share(n, total), bg, ink))
        rows.append(
            CountRow(
                category,
                wording.category(category),
                category_fill(category),
                category_ink(category),
                tuple(cells),
            )
        )
    return rows


def _cross_table(move: Move, total: int) -> CrossTable:
    table: Mapping[str, Mapping[str, int]] = move.table
    first_categories = list(table)
    second_categories = list(next(iter(table.values()))) if table else []
    largest = max((n for row in table.values() for n in row.values()), default=0)
    rows = []
    for a in first_categories:
        cells = []
        for b in second_categories:
            n = int(table[a][b])
            bg, ink = heat(n / largest if largest else 0.0)
            cells.append(Cell(n, _share(n, total), bg, ink, diagonal=a == b))
        rows.append((wording.category(a), tuple(cells), sum(table[a].values())))
    first, second = short_name(move.from_), short_name(move.to)
    met = move.met
    summary = []
    if move.same is not None:
        summary.append(
            f"Same category: {move.same:,}; higher under {second}: {move.higher:,}; "
            f"lower under {second}: {move.lower:,}."
        )
    else:
        summary.append(
            f"The ladders differ, so higher and lower are not compared; criteria met under one "
            f"but not the other: {move.changed_met:,}."
        )
    summary.append(
        f"Criteria met under both: {met.both:,}; under {first} only: {met.first_only:,}; "
        f"under {second} only: {met.second_only:,}; under neither: {met.neither:,}."
    )
    return CrossTable(
        move.from_,
        move.to,
        tuple(rows),
        tuple(wording.category(b) for b in second_categories),
        tuple(sum(int(table[a][b]) for a in first_categories) for b in second_categories),
        tuple(summary),
    )


def build_cohort_page(summary: BatchSummary | Mapping[str, Any]) -> CohortPage:
    """The page's content from a batch summary (`BatchSummary`, or its JSON)."""
    data = BatchSummary.of(summary)
    criteria = list(data.criteria)
    records = data.records
    total = records.out
    combos = [
        (tuple(row.categories[cid] for cid in criteria), row.count) for row in data.cross_table
    ]
    flow = layout_flow(
        [short_name(cid) for cid in criteria],
        [list(data.categories[cid]) for cid in criteria],
        combos,
    )
    return CohortPage(
        source=data.input or "",
        records_in=records.in_,
        records_out=total,
        records_failed=records.errors,
        balanced=records.balanced,
        errors_file=data.errors_file if records.errors and data.errors_file else None,
        interrupted=bool(data.interrupted),
        criteria=tuple(
            (cid, CRITERIA[cid].title if cid in CRITERIA else cid, short_name(cid))
            for cid in criteria
        ),
        readings=tuple(
            (name, wording.READING[name], value) for name, value in data.readings_given().items()
        ),
        counts=tuple(_counts(data, criteria, total)),
        met=tuple(data.met[cid] for cid in criteria),
        met_label=wording.MET_COUNT,
        met_meaning=wording.MET_COUNT_MEANING,
        cross_tables=tuple(_cross_table(m, total) for m in data.moves),
        combinations=tuple(
            (tuple(wording.category(c) for c in combo), n, _share(n, total)) for combo, n in combos
        ),
        flow=flow,
        package_version=data.alscriteria_version or __version__,
        rules_version=RULES_VERSION,
        histories=_histories(data.histories, criteria),
    )


__all__ = ["CATEGORY_ORDER", "CohortPage", "build_cohort_page"]
