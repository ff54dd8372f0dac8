"""The batch summary's tables at 80 columns: a count is never shortened ("28,2…" of 28,277
patients is a wrong number) and a category name never loses letters, however large the
cohort (found on a 100,000-patient run, whose "who moved" counts were cut)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from rich.console import Console

from alscriteria.cli.batch_tables import summary_report
from alscriteria.cohort.summary_model import BatchSummary

LADDER = ("definite", "probable", "probable-laboratory-supported", "possible", "not-met")


def _summary(scale: int) -> dict[str, Any]:
    """A three-set summary whose counts run to `scale` (every category, the cross-table's
    longest names, every move)."""
    per = {cid: {c: scale - i for i, c in enumerate(LADDER)} for cid in ("revised-el-escorial",)}
    per["awaji"] = {
        c: scale - i for i, c in enumerate(LADDER) if c != "probable-laboratory-supported"
    }
    per["gold-coast"] = {"als": scale - 7, "not-met": scale - 8}
    met = {cid: scale - 9 for cid in per}
    cross = [
        {"revised-el-escorial": a, "awaji": b, "gold-coast": c, "count": scale - 11 - i}
        for i, (a, b, c) in enumerate(
            [
                ("probable-laboratory-supported", "not-met", "als"),
                ("not-met", "not-met", "not-met"),
                ("possible", "probable", "als"),
            ]
        )
    ]
    split = {
        "both": scale - 1,
        "first_only": scale - 2,
        "second_only": scale - 3,
        "neither": scale - 4,
    }
    moves = [
        {
            "from": "revised-el-escorial",
            "to": "awaji",
            "table": {},
            "met": split,
            "higher": scale - 5,
            "lower": scale - 6,
            "same": scale - 7,
        },
        {
            "from": "revised-el-escorial",
            "to": "gold-coast",
            "table": {},
            "met": split,
            "changed_met": 3,
        },
        {"from": "awaji", "to": "gold-coast", "table": {}, "met": split, "changed_met": 3},
    ]
    return {
        "records": {"in": scale, "out": scale, "errors": 0, "balance": "", "balanced": True},
        "criteria": list(per),
        "readings": {},
        "categories": per,
        "met": met,
        "pattern_categories": per,
        "cross_table": cross,
        "moves": moves,
    }


def _drawn(summary: dict[str, Any], width: int = 80) -> str:
    out = io.StringIO()
    Console(file=out, width=width, no_color=True, force_terminal=False).print(
        summary_report(BatchSummary.of(summary))
    )
    return out.getvalue()


@pytest.mark.parametrize("scale", [900, 100_000, 10_000_000])
def test_every_count_and_name_whole_at_80_columns(scale: int) -> None:
    summary = _summary(scale)
    text = _drawn(summary)
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    cells = set(re.findall(r"[\d,]{2,}", text))
    split = summary["moves"][0]["met"]
    for count in [*split.values(), summary["moves"][0]["same"], summary["cross_table"][0]["count"]]:
        assert f"{count:,}" in cells
    # the longest category word stays whole (a column may wrap at the comma)
    assert "laboratory-supported" in text


def test_the_ladder_table_lists_only_sets_of_one_order() -> None:
    """Gold Coast's ladder is not a step of the others': its rows are in the met table only."""
    text = _drawn(_summary(1_000))
    ladder = text.split("Criteria met under both")[0].split("Who moved up or down")[1]
    assert "rEEC -> Awaji" in ladder
    assert "Gold Coast" not in ladder.split("order)")[1]
