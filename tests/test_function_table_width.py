"""The timeline's function table at 80 columns keeps every cell whole: a ΔFS band cut to
"intermedia…" (the session 13 review) misreads, and the slope cells of forms close together
("-10 in 58 d") made the table wider."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from alscriteria.cli.timeline import function_table
from alscriteria.function.record import ITEMS
from alscriteria.history.evaluate import evaluate_history


def _form(**low: int) -> dict[str, int]:
    return {item: low.get(item, 4) for item in ITEMS}


def _visit(date: str, form: dict[str, int]) -> dict[str, Any]:
    regions = {"bulbar": {}, "cervical": {"lmn_signs": ["weakness"]}, "lumbosacral": {}}
    return {"date": date, "regions": regions, "emg": [], "alsfrs_r": form}


def test_the_widest_cells_stay_whole_at_80_columns() -> None:
    history = {
        "onset": "2024-06-01",
        "visits": [
            # ΔFS intermediate (0.5 to 1 a month), then ten points lost in 58 days
            _visit("2025-01-10", _form(handwriting=1, cutting_food=3, dressing_hygiene=3)),
            _visit(
                "2025-03-09",
                _form(
                    speech=3,
                    swallowing=3,
                    handwriting=0,
                    cutting_food=1,
                    dressing_hygiene=1,
                    walking=2,
                    climbing_stairs=1,
                    turning_in_bed=3,
                    dyspnea=3,
                ),
            ),
        ],
    }
    table = function_table(evaluate_history(history, plan=False))
    assert table is not None
    cells = [str(cell) for column in table.columns for cell in column.cells]
    assert "intermediate" in cells and any(" in 58 d" in c for c in cells)
    out = io.StringIO()
    Console(file=out, width=80, no_color=True).print(table)
    text = out.getvalue()
    assert "…" not in text
    for cell in cells:
        assert cell in text
