"""The batch summary on the terminal: the record balance, patients per category, the
cross-table and who moved, and the histories; read from the typed summary (`BatchSummary`)
that --summary writes and the cohort page draws, so the three never disagree.

Everything from the input (ids, paths) is escaped before it reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
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


class _Fitted:
    """A table whose columns are sized here, at the width it is drawn in: a count is never
    wrapped or shortened ("28,2…" of 28,277 patients is a wrong number), and a text column
    wraps at spaces but never narrower than its longest word ("laboratory-suppor…"
    misreads). rich's own sizing narrows the widest text columns first, whatever their
    words, and then shortens every column alike."""

    def __init__(self, title: str, text: list[str], counts: list[str]) -> None:
        self.title, self.text, self.counts = title, text, counts
        self.rows: list[tuple[list[str | Text], list[str]]] = []

    def add_row(self, text: list[str | Text], counts: list[str]) -> None:
        self.rows.append((text, counts))

    def _widths(self, available: int) -> list[int]:
        words = [[self.text[i], *(str(r[0][i]) for r in self.rows)] for i in range(len(self.text))]
        longest = [max(len(w) for cell in col for w in cell.split()) for col in words]
        natural = [max(len(cell) for cell in col) for col in words]
        counts = [
            max(len(self.counts[i]), *(len(r[1][i]) for r in self.rows))
            for i in range(len(self.counts))
        ]
        # each column's padding (2) and rule (1), and the table's closing rule
        room = available - 3 * (len(self.text) + len(self.counts)) - 1 - sum(counts)
        widths = list(natural)
        while sum(widths) > room:
            shrinkable = [i for i, w in enumerate(widths) if w > longest[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
        return widths + counts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self._widths(options.max_width)
        table = Table(title=self.title, title_justify="left")
        for heading, width in zip(self.text, widths, strict=False):
            table.add_column(heading, width=width)
        for heading, width in zip(self.counts, widths[len(self.text) :], strict=True):
            table.add_column(heading, justify="right", no_wrap=True, width=width)
        for text, counts in self.rows:
            table.add_row(*text, *counts)
        yield table


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
        table.add_column(_title(cid), justify="right", no_wrap=True)
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


def _cross_table(data: BatchSummary) -> _Fitted:
    criteria = data.criteria
    total = max(1, data.records.out)
    table = _Fitted(
        "Cross-table: the same patients under each criteria set",
        [_title(cid) for cid in criteria],
        ["Patients", "%"],
    )
    for row in data.cross_table:
        table.add_row(
            [wording.category(row.categories[cid]) for cid in criteria],
            [f"{row.count:,}", f"{100 * row.count / total:.1f}"],
        )
    return table


def _move_name(move: Any) -> str:
    return f"{_title(move.from_)} -> {_title(move.to)}"


def _moves_tables(data: BatchSummary) -> list[_Fitted]:
    """Who moved, in two tables narrow enough for 80 columns whatever the counts: up or down
    the ladder (only between sets whose categories are steps of one order), then met under
    both, the first only, the second only, or neither (every pair of sets)."""
    tables = []
    ladder = [m for m in data.moves if m.same is not None]
    if ladder:
        rows = [
            (_move_name(m), [f"{m.same:,}", f"{m.higher or 0:,}", f"{m.lower or 0:,}"])
            for m in ladder
        ]
        tables.append(
            _move_table(
                "Who moved up or down the ladder (sets whose categories are steps of one order)",
                ("Same", "Up", "Down"),
                rows,
            )
        )
    rows = [
        (
            _move_name(m),
            [f"{n:,}" for n in (m.met.both, m.met.first_only, m.met.second_only, m.met.neither)],
        )
        for m in data.moves
    ]
    tables.append(
        _move_table(
            "Criteria met under both sets, the first only, the second only, or neither",
            ("Both", "1st only", "2nd only", "Neither"),
            rows,
        )
    )
    return tables


def _move_table(
    title: str, headings: tuple[str, ...], rows: list[tuple[str, list[str]]]
) -> _Fitted:
    table = _Fitted(title, ["From -> to"], list(headings))
    for name, cells in rows:
        table.add_row([name], cells)
    return table


def summary_report(summary: BatchSummary | Mapping[str, Any]) -> RenderableType:
    """The summary (as written with --summary, or the typed `BatchSummary`) as tables."""
    data = BatchSummary.of(summary)
    parts: list[RenderableType] = [_records_line(data)]
    if data.records.out:
        parts.append(_categories_table(data))
        if len(data.criteria) > 1:
            parts += [_cross_table(data), *_moves_tables(data)]
    if data.histories:
        from alscriteria.cli.timeline import histories_table

        parts.append(histories_table(data.histories))
    return Group(*parts)


__all__ = ["errors_named", "summary_report"]
