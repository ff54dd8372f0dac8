"""A CSV row read with the reader's fast paths (cohort/csv_layout.py: row_to_case, empty
cells passed over, column names made once, messages named only when written) gives the case
the reader gave before (tests/reference_csv_rows.py), or the same problems word for word,
for any cells a registry writes: signs, flags, needle studies, EMG summaries, sides, plan
columns, garbage and whitespace, in any columns in any order."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import reference_csv_rows
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.cohort.csv_layout import COLUMNS, row_to_case
from alscriteria.cohort.csv_registry import emg_columns, side_columns
from alscriteria.errors import InvalidCaseError
from strategies import LMN_SIGNS, UMN_SIGNS, examples

_ALL = (*COLUMNS, *emg_columns(), *side_columns())
_SPACE = st.sampled_from(["", " ", "  "])


def _joined(words: st.SearchStrategy[str], sep: str) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(_SPACE, words, _SPACE).map("".join), max_size=4).map(sep.join)


_SIGN_WORDS = st.sampled_from(
    [*UMN_SIGNS, *LMN_SIGNS, "none", "yes", "no", "unknown", "Weakness", "bogus", ""]
)
_FINDINGS = _joined(st.sampled_from(["fib", "psw", "fasc", "cnc", "normal", "fob", ""]), "+")
_STUDY = st.one_of(
    st.tuples(
        st.sampled_from([*list(catalogue())[:12], "made up", ""]),
        st.sampled_from(["left", "right", "l", "", "middle"]),
        _FINDINGS,
    ).map(":".join),
    st.tuples(
        st.just("own muscle"),
        st.sampled_from(["left", ""]),
        _FINDINGS,
        st.sampled_from(["cervical", "bulbar", "nowhere"]),
        st.sampled_from(["C5+C6", "", "C7"]),
        st.sampled_from(["radial", ""]),
    ).map(":".join),
    st.sampled_from(["a:b", "x:left:fib:y", ""]),
)
_SUMMARY = _joined(
    st.sampled_from(["normal", "fib", "cnc", "no-fib", "yes", "no", "unknown", "bad", "fasc"]),
    "+",
)
_CELLS: dict[str, st.SearchStrategy[str]] = {
    "id": st.sampled_from(["", "A-1", " B "]),
    "emg": _joined(_STUDY, ";"),
    "lymphedema": _joined(st.sampled_from(["cervical:left", "lumbosacral:r", "x", "a:b"]), ";"),
    "skin_infection": _joined(st.sampled_from(["cervical:right", "cervical"]), ";"),
    "conduction_block": _joined(
        st.sampled_from(["ulnar:forearm", "median:wrist:entrapment", "x", "a:b:c"]), ";"
    ),
    "abnormal_sensory": st.sampled_from(["", "none", "mild", "Marked", "odd"]),
    "alternative_diagnosis": st.sampled_from(["", "none", "MMN", " NONE "]),
    "cardiac_device_side": st.sampled_from(["", "left", "R", "middle"]),
}
_TRISTATE = st.sampled_from(["", "yes", "no", "unknown", "maybe", " Y ", "n/a", "0"])


def _cell(column: str) -> st.SearchStrategy[str]:
    if column in _CELLS:
        return _CELLS[column]
    if column.endswith("_emg"):
        return _SUMMARY
    if column.endswith(("_umn", "_lmn")):
        return _joined(_SIGN_WORDS, ";")
    return _TRISTATE


#: Each column's cells, empty two times in three as a registry's sparse rows are: made once,
#: not per draw (a strategy made afresh for every cell was most of this test's time).
_CELL_OR_EMPTY = {c: st.one_of(_cell(c), st.just(""), st.just("")) for c in _ALL}


@st.composite
def csv_rows(draw: st.DrawFn) -> tuple[tuple[str, ...], list[str]]:
    """A header of some of the columns, in any order, and one row of cells for it."""
    header = tuple(draw(st.permutations(_ALL))[: draw(st.integers(1, len(_ALL)))])
    cells = [draw(_CELL_OR_EMPTY[c]) for c in header]
    if draw(st.integers(0, 20)) == 0:
        cells = cells[:-1]  # a row short of a cell
    return header, cells


def _read(reader: Any, header: tuple[str, ...], cells: list[str]) -> tuple[str, Any]:
    try:
        return "case", reader(header, cells)
    except InvalidCaseError as exc:
        return "problems", exc.problems


@settings(max_examples=examples(1500), deadline=None)
@given(csv_rows())
def test_a_row_reads_as_it_did(row: tuple[tuple[str, ...], list[str]]) -> None:
    header, cells = row
    assert _read(row_to_case, header, cells) == _read(reference_csv_rows.row_to_case, *row)
