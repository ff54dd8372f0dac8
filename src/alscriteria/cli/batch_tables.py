"""The batch summary on the terminal: the record balance, patients per category, the
cross-table and who moved, and the histories; read from the typed summary (`BatchSummary`)
that --summary writes and the cohort page draws, so the three never disagree.

Everything from the input (ids, paths) is escaped before it reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from alscriteria import wording
from alscriteria.cli.text import printable
from alscriteria.cohort.summary import SHARED_ORDER
from alscriteria.cohort.summary_model import BatchSummary
from alscriteria.criteria import CRITERIA
from alscriteria.files.atomic import named_descriptor

_CATEGORY_ORDER = [c.value for c in reversed(SHARED_ORDER)] + ["als"]


#: Column headings narrow enough for an 80-column terminal; the JSON summary uses the ids.
_SHORT_TITLE = {"revised-el-escorial": "rEEC", "awaji": "Awaji", "gold-coast": "Gold Coast"}


def _title(criteria_id: str) -> str:
    return _SHORT_TITLE.get(criteria_id, CRITERIA[criteria_id].title)


def errors_named(path: str) -> str:
    """Where the bad records are, for the terminal: standard error is where it is read."""
    return "above (standard error)" if named_descriptor(path) == 2 else printable(path)


def _records_line(data: BatchSummary) -> Text:
    records = data.records
    text = Text()
    bad = records.errors
    text.append(
        f"Records: {records.in_:,} in = {records.out:,} out + {bad:,} "
        + ("error" if bad == 1 else "errors")
    )
    text.append("  (balanced)" if records.balanced else "  (NOT balanced)")
    if data.rows is not None:
        rows = data.rows
        text.append(
            f"\nVisit rows: {rows.in_:,} in = {rows.out:,} in patients assessed + "
            f"{rows.errors:,} in error records (a record is a patient)"
        )
    if records.errors:
        where = errors_named(str(data.errors_file))
        text.append(f"\nBad records, with line numbers and reasons: {where}")
    if data.blank_lines_skipped:
        text.append(f"\nBlank lines skipped (not records): {data.blank_lines_skipped:,}")
    repeated = data.repeated_ids or []
    if repeated:
        text.append(
            "\nCheck: one id on several records, each assessed as a patient of its own (one "
            "patient's visits? give a 'date' column, or write a history):"
        )
        for line in repeated[:10]:
            text.append(f"\n  {printable(line)}")
        if len(repeated) > 10:
            text.append(f"\n  ... {len(repeated) - 10:,} more in the summary file")
    lookalikes = data.id_lookalikes or []
    for lookalike in lookalikes[:10]:
        text.append(f"\nCheck: {printable(lookalike)}: kept apart as written")
    if len(lookalikes) > 10:
        text.append(f"\n... and {len(lookalikes) - 10:,} more such ids (summary file)")
    return text


def _categories_table(data: BatchSummary) -> Table:
    criteria = data.criteria
    table = Table(
        title="Patients per category",
        title_justify="left",
        caption=wording.MET_COUNT_MEANING,
        caption_justify="left",
    )
    table.add_column("Category")
    for cid in criteria:
        table.add_column(_title(cid), justify="right")
    for category in _CATEGORY_ORDER:
        if not any(category in data.categories[cid] for cid in criteria):
            continue
        cells = [
            f"{data.categories[cid][category]:,}" if category in data.categories[cid] else "-"
            for cid in criteria
        ]
        table.add_row(wording.category(category), *cells)
    table.add_row(Text(wording.MET_COUNT, style="bold"), *(f"{data.met[c]:,}" for c in criteria))
    return table


def _cross_table(data: BatchSummary) -> Table:
    criteria = data.criteria
    total = max(1, data.records.out)
    table = Table(
        title="Cross-table: the same patients under each criteria set", title_justify="left"
    )
    for cid in criteria:
        table.add_column(_title(cid))
    table.add_column("Patients", justify="right")
    table.add_column("%", justify="right")
    for row in data.cross_table:
        table.add_row(
            *(wording.category(row.categories[cid]) for cid in criteria),
            f"{row.count:,}",
            f"{100 * row.count / total:.1f}",
        )
    return table


def _moves_table(data: BatchSummary) -> Table:
    table = Table(
        title=(
            "Who moved: same, up or down the ladder; criteria met in both, in the 1st only, "
            "in the 2nd only, in none"
        ),
        title_justify="left",
    )
    table.add_column("From -> to", no_wrap=True)
    for column in ("Same", "Up", "Down", "Both", "1st", "2nd", "None"):
        table.add_column(column, justify="right")
    for move in data.moves:
        met = move.met
        table.add_row(
            f"{_title(move.from_)} -> {_title(move.to)}",
            *(
                (f"{move.same:,}", f"{move.higher or 0:,}", f"{move.lower or 0:,}")
                if move.same is not None
                else ("-", "-", "-")
            ),
            *(f"{n:,}" for n in (met.both, met.first_only, met.second_only, met.neither)),
        )
    return table


def summary_report(summary: BatchSummary | Mapping[str, Any]) -> RenderableType:
    """The summary (as written with --summary, or the typed `BatchSummary`) as tables."""
    data = BatchSummary.of(summary)
    parts: list[RenderableType] = [_records_line(data)]
    if data.records.out:
        parts.append(_categories_table(data))
        if len(data.criteria) > 1:
            parts += [_cross_table(data), _moves_table(data)]
    if data.histories:
        from alscriteria.cli.timeline import histories_table

        parts.append(histories_table(data.histories))
    return Group(*parts)


__all__ = ["errors_named", "summary_report"]
